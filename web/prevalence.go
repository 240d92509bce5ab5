package web

import (
	"net/http"
	"strings"

	"kampungkb"
	"kampungkb/report"
)

type prevalenceData struct {
	Rows   []kampungkb.Prevalence
	Region kampungkb.Region
	Level  kampungkb.Level
	Period kampungkb.Period
	Source string
}

// prevalenceQuery reads region (default: the actor's scope), level (the
// level below the region by default; "kampung" for one row per Kampung KB)
// and the period (default: this year).
func (s *Server) prevalenceQuery(r *http.Request) (region string, level kampungkb.Level, period kampungkb.Period, err error) {
	q := r.URL.Query()
	var p kampungkb.Problems
	region = scopeOf(r).Region
	if v := strings.TrimSpace(q.Get("region")); v != "" {
		code, _, ok := kampungkb.NormalizeRegionCode(v)
		if !ok {
			p.Add("region", "Kode wilayah tidak valid: "+v+".")
		} else if !actorOf(r).CanView(code) {
			return "", 0, period, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Wilayah " + code + " tidak ditemukan."}
		}
		region = code
	}
	level = kampungkb.RegionLevel(region) + 1
	if level > kampungkb.Desa {
		level = 0
	}
	switch v := q.Get("level"); v {
	case "":
	case "kampung":
		level = 0
	default:
		found := false
		for l := kampungkb.Provinsi; l <= kampungkb.Desa; l++ {
			if l.String() == v {
				level, found = l, true
			}
		}
		if !found {
			p.Add("level", "provinsi, kabupaten, kecamatan, desa atau kampung")
		}
	}
	if period.From, err = kampungkb.ParseDate(q.Get("from")); err != nil {
		p.Add("from", err.Error())
	}
	if period.To, err = kampungkb.ParseDate(q.Get("to")); err != nil {
		p.Add("to", err.Error())
	}
	if period.From.IsZero() && period.To.IsZero() {
		t := s.today()
		period = kampungkb.Period{From: kampungkb.NewDate(t.Year(), 1, 1), To: t}
	}
	return region, level, period, p.Err("prevalensi")
}

func (s *Server) prevalencePage(w http.ResponseWriter, r *http.Request) {
	region, level, period, err := s.prevalenceQuery(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	rows, err := report.Prevalence(r.Context(), s.db, region, level, period, scopeOf(r))
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := prevalenceData{Rows: rows, Level: level, Period: period, Source: kampungkb.PrevalenceSource}
	if region != "" {
		d.Region, _ = s.db.Region(r.Context(), region)
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.export(w, r, format, "prevalensi", []string{"kode", "nama", "anak_diukur", "n_tb_u", "pendek", "sangat_pendek",
			"n_bb_tb", "gizi_kurang", "gizi_buruk", "gizi_lebih", "n_bb_u", "bb_kurang", "bb_sangat_kurang"},
			func(kampungkb.Filter) ([][]any, int, error) {
				out := make([][]any, len(rows))
				for i, p := range rows {
					out[i] = []any{p.Code, p.Name, p.Children, p.LenDen, p.Stunted, p.SeverelyStunt, p.WflDen, p.Wasted,
						p.SeverelyWasted, p.Overweight, p.WeiDen, p.Underweight, p.SeverelyUnder}
				}
				return out, len(rows), nil
			}, kampungkb.Filter{})
		return
	}
	s.render(w, r, http.StatusOK, "prevalence.html", &page{Title: "Prevalensi stunting dan gizi", Section: "anak", Data: d, Form: newForm(r.URL.Query())})
}

func (s *Server) apiPrevalence(w http.ResponseWriter, r *http.Request) {
	region, level, period, err := s.prevalenceQuery(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rows, err := report.Prevalence(r.Context(), s.db, region, level, period, scopeOf(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if rows == nil {
		rows = []kampungkb.Prevalence{}
	}
	writeJSON(w, http.StatusOK, struct {
		Items  []kampungkb.Prevalence `json:"items"`
		Total  int                    `json:"total"`
		Period kampungkb.Period       `json:"period"`
		Source string                 `json:"source"`
	}{rows, len(rows), period, kampungkb.PrevalenceSource})
}
