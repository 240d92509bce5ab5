package web

import (
	"net/http"
	"strings"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/report"
)

// apiIndicators answers the programme indicators (formats.md "Programme
// indicators"): region (default: the actor's scope), level (provinsi,
// kabupaten, kecamatan, desa, kampung; default the level below region), at
// (default today). Regions outside the view scope answer 404.
func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var p kampungkb.Problems
	a := actorOf(r)
	region := scopeOf(r).Region
	if v := strings.TrimSpace(q.Get("region")); v != "" {
		code, _, ok := kampungkb.NormalizeRegionCode(v)
		switch {
		case !ok:
			p.Add("region", "Kode wilayah tidak valid.")
		case !a.CanView(code) && !kampungkb.InRegion(scopeOf(r).Region, code):
			s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Wilayah " + code + " tidak ditemukan."})
			return
		default:
			region = code
		}
	}
	var level kampungkb.Level
	if v := q.Get("level"); v != "" {
		l, err := report.ParseLevel(v)
		if err != nil {
			p.Add("level", err.Error())
		}
		level = l
	}
	at := s.today()
	if v := q.Get("at"); v != "" {
		d, err := kampungkb.ParseDate(v)
		if err != nil || d.IsZero() {
			p.Add("at", "Tanggal acuan TTTT-BB-HH.")
		}
		at = d
	}
	if err := p.Err("indikator"); err != nil {
		s.apiFail(w, r, err)
		return
	}
	rows, rs, err := report.Indicators(r.Context(), s.db, region, level, at, scopeOf(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if rows == nil {
		rows = []indicator.Row{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": rows, "total": len(rows), "at": at, "rule_set": rs.Version,
		"definitions": rs.Definitions()})
}
