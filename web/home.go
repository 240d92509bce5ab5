package web

import (
	"net/http"
)

type homeData struct {
	RegionCount int
	Partners    int
}

// home is the start page: what needs attention now.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var d homeData
	counts, err := s.db.RegionCounts(ctx)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	for _, n := range counts {
		d.RegionCount += n
	}
	_, d.Partners, err = s.db.Partners(ctx, defaultFilter())
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", &page{Title: "Beranda", Section: "beranda", Data: d})
}
