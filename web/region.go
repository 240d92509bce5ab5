package web

import (
	"net/http"
	"strconv"

	"kampungkb"
	"kampungkb/sqldb"
)

type regionData struct {
	Region   kampungkb.Region
	Path     []kampungkb.Region
	Children []kampungkb.Region
	Hits     []sqldb.RegionHit
	Total    int
	Q        string
	Counts   map[kampungkb.Level]int
}

// regionBrowse shows the region hierarchy: provinces at /wilayah, the
// children of a region at /wilayah/{code}, and search results for ?q=
// (a name or a code).
func (s *Server) regionBrowse(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var d regionData
	d.Q = r.URL.Query().Get("q")
	title := "Wilayah"
	crumbs := []crumb{}
	if code := r.PathValue("code"); code != "" {
		reg, err := s.db.Region(ctx, code)
		if err != nil {
			s.htmlError(w, r, err)
			return
		}
		if reg.Code != code { // dotless form: redirect to the dotted URL
			http.Redirect(w, r, "/wilayah/"+reg.Code, http.StatusMovedPermanently)
			return
		}
		d.Region = reg
		if d.Path, err = s.db.RegionPath(ctx, reg.Code); err != nil {
			s.htmlError(w, r, err)
			return
		}
		crumbs = append(crumbs, crumb{"Wilayah", "/wilayah"})
		for _, p := range d.Path[:len(d.Path)-1] {
			crumbs = append(crumbs, crumb{p.Name, "/wilayah/" + p.Code})
		}
		title = regionTitle(reg)
	}
	var err error
	if d.Q != "" {
		d.Hits, d.Total, err = s.db.SearchRegions(ctx, d.Q, 0, d.Region.Code, 100)
	} else if d.Region.Level != kampungkb.Desa {
		d.Children, err = s.db.RegionChildren(ctx, d.Region.Code)
	}
	if err == nil && d.Region.Code == "" {
		d.Counts, err = s.db.RegionCounts(ctx)
	}
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "region.html", &page{Title: title, Section: "wilayah", Crumbs: crumbs, Data: d})
}

// apiRegions searches regions: q (name or code prefix), level
// (provinsi|kabupaten|kecamatan|desa), region (within), limit. Without q
// and region it lists the provinces; with only region, its children.
func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var level kampungkb.Level
	if lv := q.Get("level"); lv != "" {
		for l := kampungkb.Provinsi; l <= kampungkb.Desa; l++ {
			if l.String() == lv {
				level = l
			}
		}
		if level == 0 {
			writeError(w, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "level tidak dikenal.",
				Fields: map[string]string{"level": "provinsi, kabupaten, kecamatan atau desa"}})
			return
		}
	}
	within := ""
	if v := q.Get("region"); v != "" {
		code, _, ok := kampungkb.NormalizeRegionCode(v)
		if !ok {
			writeError(w, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Kode wilayah tidak valid.", Fields: map[string]string{"region": v}})
			return
		}
		within = code
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if q.Get("q") == "" && level == 0 {
		kids, err := s.db.RegionChildren(r.Context(), within)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if kids == nil {
			kids = []kampungkb.Region{}
		}
		writeJSON(w, http.StatusOK, list[kampungkb.Region]{Items: kids, Total: len(kids)})
		return
	}
	hits, total, err := s.db.SearchRegions(r.Context(), q.Get("q"), level, within, limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if hits == nil {
		hits = []sqldb.RegionHit{}
	}
	writeJSON(w, http.StatusOK, list[sqldb.RegionHit]{Items: hits, Total: total})
}

func (s *Server) apiRegion(w http.ResponseWriter, r *http.Request) {
	reg, err := s.db.Region(r.Context(), r.PathValue("code"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	path, err := s.db.RegionPath(r.Context(), reg.Code)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	kids, err := s.db.RegionChildren(r.Context(), reg.Code)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		kampungkb.Region
		Path     []kampungkb.Region `json:"path"`
		Children []kampungkb.Region `json:"children"`
	}{reg, path, kids})
}

func (s *Server) apiCodes(w http.ResponseWriter, r *http.Request) {
	lists := append(kampungkb.AllCodeLists(), kampungkb.AgreementStatuses)
	writeJSON(w, http.StatusOK, list[kampungkb.CodeList]{Items: lists, Total: len(lists)})
}

// regionTitle names a region for a heading: kabupaten/kota names already
// say which they are; other levels get their level word.
func regionTitle(r kampungkb.Region) string {
	switch r.Level {
	case kampungkb.Provinsi:
		return "Provinsi " + r.Name
	case kampungkb.Kabupaten:
		return r.Name
	case kampungkb.Kecamatan:
		return "Kecamatan " + r.Name
	}
	return kampungkb.VillageKind(r.Code) + " " + r.Name
}
