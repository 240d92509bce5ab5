package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
)

// Coverage reports: how many Kampung KB partners reached in a region and
// period (/cakupan), the partner × Kampung KB matrix (/cakupan/matriks)
// and the figures per partner (/cakupan/mitra). National reporting counts
// cross-sector involvement as the share of Kampung KB with partner
// activity (domain.md §7.4); every figure is shown with its numerator,
// denominator and definition (§11.8).

// coverageDefinition defines the coverage figure in one line, for pages,
// downloads and the API.
const coverageDefinition = "Kampung KB yang mendapat paling sedikit satu kegiatan bersama mitra dalam periode"

// coverageQuery is what the coverage reports read from the URL: region
// ("" = the whole database) and period.
type coverageQuery struct {
	Region kampungkb.Region
	Period kampungkb.Period
	// Scope is the actor's view scope; reports never leave its region.
	Scope kampungkb.Scope
	// Records: the actor may open records (pages link to them), Capture:
	// the actor may record activities.
	Records, Capture bool
}

// values returns the query as URL values (region, from, to).
func (q coverageQuery) values() url.Values {
	v := url.Values{}
	if q.Region.Code != "" && q.Region.Code != q.Scope.Region {
		v.Set("region", q.Region.Code)
	}
	if !q.Period.From.IsZero() {
		v.Set("from", q.Period.From.String())
	}
	if !q.Period.To.IsZero() {
		v.Set("to", q.Period.To.String())
	}
	return v
}

// url returns path with the query, and extra key/value pairs.
func (q coverageQuery) url(path string, kv ...string) string {
	v := q.values()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// thisYear returns the current year to date, the reports' default period.
func (s *Server) thisYear() kampungkb.Period {
	today := s.today()
	return kampungkb.Period{From: kampungkb.NewDate(today.Year(), 1, 1), To: today}
}

// parseCoverageQuery reads region, from and to. Without from and to the
// period is the current year to date. The region must be a code (dotted
// or 10 digits) of a region in the database, within the actor's view
// region: a region outside it is not found, and none means the view
// region itself (reports are clamped to the view scope; storage also
// applies the scope, and a partner user's organisation).
func (s *Server) parseCoverageQuery(r *http.Request) (coverageQuery, error) {
	var q coverageQuery
	f, err := parseFilter(r)
	if err != nil {
		return q, err
	}
	q.Period = f.Period
	if q.Period.From.IsZero() && q.Period.To.IsZero() {
		q.Period = s.thisYear()
	}
	q.Scope, q.Records, q.Capture = scopeOf(r), actorOf(r).Can(kampungkb.PermViewRecords), actorOf(r).Can(kampungkb.PermEditActivities)
	region := f.Region
	if region == "" {
		region = q.Scope.Region
	} else if !kampungkb.InRegion(region, q.Scope.Region) {
		return q, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Wilayah " + region + " tidak ditemukan."}
	}
	if region != "" {
		if q.Region, err = s.db.Region(r.Context(), region); err != nil {
			return q, err
		}
	}
	return q, nil
}

// canonicalRegion returns the URL to redirect a page request to when its
// region was typed as a name or a dotless code, and "" when it is fine.
// A name that matches no region, or several, is an Invalid error whose
// message lists the candidates.
func (s *Server) canonicalRegion(ctx context.Context, r *http.Request) (string, error) {
	v := r.URL.Query()
	raw := strings.TrimSpace(v.Get("region"))
	if raw == "" {
		return "", nil
	}
	code, _, ok := kampungkb.NormalizeRegionCode(raw)
	if !ok {
		codes, problem := s.resolveRegions(ctx, []string{raw}, 0)
		if problem != "" || len(codes) != 1 {
			if problem == "" {
				problem = "Kode wilayah tidak valid: " + raw + "."
			}
			return "", &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Wilayah tidak dikenali.",
				Fields: map[string]string{"region": problem}}
		}
		code = codes[0]
	}
	if code == v.Get("region") {
		return "", nil
	}
	v.Set("region", code)
	return r.URL.Path + "?" + v.Encode(), nil
}

// navLink is a link of a navigation row, marked when it is the current one.
type navLink struct {
	Label, URL string
	Current    bool
}

// coverageHead is what the three report pages share: the region, the
// period, the tabs between the reports and the quick period links.
type coverageHead struct {
	Query  coverageQuery
	Tabs   []navLink
	Quick  []navLink
	Failed bool // the query was invalid: only the form is shown
}

// PeriodText writes the period for people: "1 Januari 2026 – 28 November 2026".
func (h coverageHead) PeriodText() string { return periodText(h.Query.Period) }

// Wider reports whether the report can be widened to all regions (the
// actor's view scope is not a region).
func (h coverageHead) Wider() bool { return h.Query.Scope.Region == "" && h.Query.Region.Code != "" }

// RegionText names the region for people ("semua wilayah" for none).
func (h coverageHead) RegionText() string {
	if h.Query.Region.Code == "" {
		return "semua wilayah"
	}
	return regionTitle(h.Query.Region)
}

// URL returns path with the current region and period, and kv.
func (h coverageHead) URL(path string, kv ...string) string { return h.Query.url(path, kv...) }

func periodText(p kampungkb.Period) string {
	switch {
	case p.From.IsZero() && p.To.IsZero():
		return "sepanjang waktu"
	case p.From.IsZero():
		return "sampai " + kampungkb.FormatDate(p.To)
	case p.To.IsZero():
		return "sejak " + kampungkb.FormatDate(p.From)
	}
	return kampungkb.FormatDate(p.From) + " – " + kampungkb.FormatDate(p.To)
}

// coverageReports are the tabs of the report pages.
// Labels are short so that the three fit on one line of a phone.
var coverageReports = []struct{ Label, Path, Title string }{
	{"Cakupan", "/cakupan", "Cakupan kemitraan"},
	{"Matriks", "/cakupan/matriks", "Matriks mitra × Kampung KB"},
	{"Per mitra", "/cakupan/mitra", "Ringkasan per mitra"},
}

// head builds the shared part of a report page at path for q.
func (s *Server) coverageHead(path string, q coverageQuery) coverageHead {
	h := coverageHead{Query: q}
	for _, rep := range coverageReports {
		h.Tabs = append(h.Tabs, navLink{Label: rep.Label, URL: q.url(rep.Path), Current: rep.Path == path})
	}
	today := s.today()
	year := s.thisYear()
	last := kampungkb.Period{From: kampungkb.NewDate(today.Year()-1, 1, 1), To: kampungkb.NewDate(today.Year()-1, 12, 31)}
	twelve := kampungkb.Period{From: today.AddMonths(-12).AddDays(1), To: today}
	for _, p := range []struct {
		label  string
		period kampungkb.Period
	}{
		{"Tahun ini (" + strconv.Itoa(today.Year()) + ")", year},
		{"Tahun lalu (" + strconv.Itoa(today.Year()-1) + ")", last},
		{"12 bulan terakhir", twelve},
	} {
		h.Quick = append(h.Quick, navLink{Label: p.label, Current: p.period == q.Period,
			URL: q.url(path, "from", p.period.From.String(), "to", p.period.To.String())})
	}
	return h
}

// crumbs returns the breadcrumbs of a report at path: the whole database,
// then the region's ancestors, each at the same report and period; only
// those within the actor's view region.
func (s *Server) coverageCrumbs(ctx context.Context, path string, q coverageQuery) []crumb {
	if q.Region.Code == "" || q.Region.Code == q.Scope.Region {
		return nil
	}
	var crumbs []crumb
	if q.Scope.Region == "" {
		crumbs = append(crumbs, crumb{"Semua wilayah", q.url(path, "region", "")})
	}
	regions, err := s.db.RegionPath(ctx, q.Region.Code)
	if err != nil {
		return crumbs // breadcrumbs are a convenience; the page still works
	}
	for _, reg := range regions {
		if reg.Code != q.Region.Code && kampungkb.InRegion(reg.Code, q.Scope.Region) {
			crumbs = append(crumbs, crumb{reg.Name, q.url(path, "region", reg.Code)})
		}
	}
	return crumbs
}

// reportTitle returns the title of report path for region.
func reportTitle(path string, q coverageQuery) string {
	title := ""
	for _, rep := range coverageReports {
		if rep.Path == path {
			title = rep.Title
		}
	}
	if q.Region.Code != "" {
		title += ": " + regionTitle(q.Region)
	}
	return title
}

// coveragePage prepares a report page: it redirects names and dotless
// codes to the canonical URL, and on an invalid query renders the page's
// form with the messages (400). ok is false when the response is written.
func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request, tmpl string, data func(coverageHead) any) (coverageQuery, bool) {
	target, err := s.canonicalRegion(r.Context(), r)
	if err == nil && target != "" {
		http.Redirect(w, r, target, http.StatusFound)
		return coverageQuery{}, false
	}
	var q coverageQuery
	if err == nil {
		q, err = s.parseCoverageQuery(r)
	}
	if err != nil {
		kind := kampungkb.ErrorKind(err)
		if kind != kampungkb.Invalid && kind != kampungkb.NotFound {
			s.htmlError(w, r, err)
			return q, false
		}
		// show the form again with what was typed and what is wrong
		f := newForm(r.URL.Query())
		f.fail(err)
		if kind == kampungkb.NotFound {
			f.Errors["region"] = kampungkb.ErrorMessage(err) + " Periksa kodenya, atau cari wilayah menurut nama."
		}
		h := s.coverageHead(r.URL.Path, coverageQuery{Period: s.thisYear(), Scope: scopeOf(r), Records: actorOf(r).Can(kampungkb.PermViewRecords)})
		h.Failed = true
		s.render(w, r, statusOf(err), tmpl, &page{Title: reportTitle(r.URL.Path, coverageQuery{}), Section: "cakupan",
			Form: f, Data: data(h)})
		return q, false
	}
	return q, true
}

// renderReport renders report page tmpl for q with data; kv are more
// values of the form.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, tmpl string, q coverageQuery, data any, kv ...string) {
	v := q.values()
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	s.render(w, r, http.StatusOK, tmpl, &page{Title: reportTitle(r.URL.Path, q), Section: "cakupan",
		Crumbs: s.coverageCrumbs(r.Context(), r.URL.Path, q), Form: newForm(v), Data: data})
}

// areaView is a row of the per-area table.
type areaView struct {
	kampungkb.CoverageArea
	URL     string // drill-down, "" for the report's own region
	Percent string
	Meter   template.HTML
}

type coverageData struct {
	coverageHead
	Report     kampungkb.CoverageReport
	Percent    string
	Definition string
	// Areas are those with Kampung KB; Empty names the others.
	Areas []areaView
	Empty []kampungkb.CoverageArea
	Chart template.HTML
	// AreaLabel names the level of the areas ("Kecamatan"), AreaWord in
	// running text ("kecamatan").
	AreaLabel, AreaWord string
}

// coverage shows how many Kampung KB of a region partners reached in a
// period, per area one level down, and names the ones not reached.
func (s *Server) coverage(w http.ResponseWriter, r *http.Request) {
	q, ok := s.coveragePage(w, r, "coverage.html", func(h coverageHead) any { return coverageData{coverageHead: h} })
	if !ok {
		return
	}
	rep, err := s.db.Coverage(r.Context(), q.Region.Code, q.Period, q.Scope)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportCoverage(w, r, rep, format)
		return
	}
	d := coverageData{coverageHead: s.coverageHead(r.URL.Path, q), Report: rep,
		Percent: kampungkb.FormatPercent(int64(rep.Reached), int64(rep.Total)), Definition: coverageDefinition,
		AreaLabel: rep.AreaLevel.Label(), AreaWord: strings.ToLower(rep.AreaLevel.Label())}
	chart := barChart{
		Title:  "Kampung KB terjangkau dan belum terjangkau mitra per " + d.AreaWord + ", " + periodText(q.Period),
		Series: []string{"Terjangkau", "Belum terjangkau"},
	}
	for _, a := range rep.Areas {
		if a.Total == 0 {
			d.Empty = append(d.Empty, a)
			continue
		}
		v := areaView{CoverageArea: a, Percent: kampungkb.FormatPercent(int64(a.Reached), int64(a.Total)), Meter: meter(a.Reached, a.Total)}
		if a.Code != rep.Region && a.Name != a.Code {
			v.URL = q.url("/cakupan", "region", a.Code)
		}
		d.Areas = append(d.Areas, v)
		chart.Bars = append(chart.Bars, bar{Label: a.Name, Values: []int{a.Reached, a.Total - a.Reached}, Href: v.URL,
			Note: kampungkb.FormatInt(int64(a.Reached)) + " dari " + kampungkb.FormatInt(int64(a.Total)) + " · " + v.Percent})
	}
	if len(chart.Bars) > 0 {
		chart.Desc = "Untuk setiap " + d.AreaWord + ": jumlah Kampung KB yang terjangkau mitra (pembilang) dari semua Kampung KB (penyebut). " +
			"Seluruhnya " + kampungkb.FormatInt(int64(rep.Reached)) + " dari " + kampungkb.FormatInt(int64(rep.Total)) + " terjangkau."
		d.Chart = chart.SVG()
	}
	s.renderReport(w, r, "coverage.html", q, d)
}

// round1 rounds a percentage to one decimal for downloads and the API.
func round1(p float64) float64 { return math.Round(p*10) / 10 }

var coverageAreaColumns = []string{"kode_wilayah", "wilayah", "tingkat", "jumlah_kampung_kb", "terjangkau_mitra",
	"belum_terjangkau", "persen_terjangkau", "periode_dari", "periode_sampai", "definisi"}

var notReachedColumns = []string{"id", "kampung_kb", "kode_desa", "desa_kelurahan", "kode_kecamatan", "kecamatan",
	"periode_dari", "periode_sampai"}

// exportCoverage downloads the per-area table (part=areas, the default)
// or the Kampung KB not reached (part=not_reached).
func (s *Server) exportCoverage(w http.ResponseWriter, r *http.Request, rep kampungkb.CoverageReport, format string) {
	from, to := rep.Period.From, rep.Period.To
	switch part := r.URL.Query().Get("part"); part {
	case "", "areas":
		rows := make([][]any, 0, len(rep.Areas)+1)
		for _, a := range rep.Areas {
			rows = append(rows, []any{a.Code, a.Name, rep.AreaLevel.String(), a.Total, a.Reached, a.Total - a.Reached,
				round1(a.Percent()), from, to, coverageDefinition})
		}
		level := "semua"
		if rep.Region != "" {
			level = kampungkb.RegionLevel(rep.Region).String()
		}
		rows = append(rows, []any{rep.Region, "Jumlah " + orText(rep.RegionName, "semua wilayah"), level, rep.Total, rep.Reached,
			rep.Total - rep.Reached, round1(rep.Percent()), from, to, coverageDefinition})
		s.exportAll(w, r, format, "cakupan-wilayah", coverageAreaColumns, rows)
	case "not_reached":
		rows := make([][]any, 0, len(rep.NotReached))
		for _, k := range rep.NotReached {
			rows = append(rows, []any{k.ID, k.Name, k.VillageCode, k.Village, k.KecamatanCode, k.Kecamatan, from, to})
		}
		s.exportAll(w, r, format, "belum-terjangkau", notReachedColumns, rows)
	default:
		s.htmlError(w, r, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Bagian unduhan tidak dikenal: " + part + ".",
			Fields: map[string]string{"part": "Pilih areas atau not_reached."}})
	}
}

// orText returns s, or alt when s is empty.
func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// exportAll downloads rows already in memory (reports are not paged).
func (s *Server) exportAll(w http.ResponseWriter, r *http.Request, format, name string, header []string, rows [][]any) {
	s.export(w, r, format, name, header, func(kampungkb.Filter) ([][]any, int, error) {
		return rows, len(rows), nil
	}, kampungkb.Filter{})
}

// matrixRowView is a partner row of the matrix page.
type matrixRowView struct {
	kampungkb.MatrixRow
	Depth      int
	ParentName string
	Cells      []kampungkb.MatrixCell // the shown columns only
}

// matrixColumn is a Kampung KB column of the matrix page.
type matrixColumn struct {
	kampungkb.KampungPlace
	// Short is the name without a leading "Kampung KB", which every
	// column would repeat.
	Short string
}

type matrixData struct {
	coverageHead
	Matrix  kampungkb.Matrix
	Kampung []matrixColumn // the shown columns
	Rows    []matrixRowView
	Totals  []kampungkb.MatrixCell
	Compact bool // columns without figures hidden
	Hidden  int  // how many
}

// coverageMatrix crosses partners with the Kampung KB of a region.
func (s *Server) coverageMatrix(w http.ResponseWriter, r *http.Request) {
	q, ok := s.coveragePage(w, r, "coverage_matrix.html", func(h coverageHead) any { return matrixData{coverageHead: h} })
	if !ok {
		return
	}
	m, err := s.db.PartnerMatrix(r.Context(), q.Region.Code, q.Period, q.Scope)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportMatrix(w, r, m, format)
		return
	}
	d := matrixData{coverageHead: s.coverageHead(r.URL.Path, q), Matrix: m, Compact: r.URL.Query().Get("compact") == "1"}
	var cols []int
	for j, k := range m.Kampung {
		if d.Compact && m.Totals[j].IsZero() {
			d.Hidden++
			continue
		}
		cols = append(cols, j)
		short := k.Name
		if len(short) > len("Kampung KB ") && strings.EqualFold(short[:len("Kampung KB ")], "Kampung KB ") {
			short = short[len("Kampung KB "):]
		}
		d.Kampung = append(d.Kampung, matrixColumn{KampungPlace: k, Short: short})
	}
	pick := func(cells []kampungkb.MatrixCell) []kampungkb.MatrixCell {
		out := make([]kampungkb.MatrixCell, len(cols))
		for i, j := range cols {
			out[i] = cells[j]
		}
		return out
	}
	d.Totals = pick(m.Totals)
	depth := map[int64]int{}
	names, err := s.partnerNames(r.Context())
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	for _, row := range m.Rows {
		v := matrixRowView{MatrixRow: row, Cells: pick(row.Cells)}
		if row.ParentID != 0 {
			// rows come in tree order: the parent's row, if any, is earlier
			// and shows whose unit this is; without it, say so
			pd, ok := depth[row.ParentID]
			v.Depth = pd + 1
			if !ok {
				v.ParentName = names[row.ParentID]
			}
		}
		depth[row.Partner.ID] = v.Depth
		d.Rows = append(d.Rows, v)
	}
	compact := ""
	if d.Compact {
		compact = "1"
	}
	s.renderReport(w, r, "coverage_matrix.html", q, d, "compact", compact)
}

// partnerNames returns the names of all partners, archived ones too
// (partners are reference data: a unit's row names its parent).
func (s *Server) partnerNames(ctx context.Context) (map[int64]string, error) {
	refs, err := s.db.PartnerRefs(ctx, true, kampungkb.Scope{})
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(refs))
	for _, ref := range refs {
		m[ref.ID] = ref.Name
	}
	return m, nil
}

var matrixColumns = []string{"mitra_id", "mitra", "induk_id", "kampung_kb_id", "kampung_kb", "kode_desa", "desa_kelurahan",
	"kecamatan", "kegiatan", "kontribusi", "kontribusi_rp", "periode_dari", "periode_sampai"}

// exportMatrix downloads the matrix in long form: one row per partner and
// Kampung KB with figures, which spreadsheets pivot back into the table.
func (s *Server) exportMatrix(w http.ResponseWriter, r *http.Request, m kampungkb.Matrix, format string) {
	var rows [][]any
	for _, row := range m.Rows {
		for j, c := range row.Cells {
			if c.IsZero() {
				continue
			}
			k := m.Kampung[j]
			var parent any
			if row.ParentID != 0 {
				parent = row.ParentID
			}
			rows = append(rows, []any{row.Partner.ID, row.Partner.Name, parent, k.ID, k.Name, k.VillageCode, k.Village,
				k.Kecamatan, c.Activities, c.Contributions, c.Amount, m.Period.From, m.Period.To})
		}
	}
	s.exportAll(w, r, format, "matriks-mitra", matrixColumns, rows)
}

type partnerSummaryData struct {
	coverageHead
	Rows []kampungkb.PartnerSummary
}

// coveragePartners sums up each partner's work in a region and period.
func (s *Server) coveragePartners(w http.ResponseWriter, r *http.Request) {
	q, ok := s.coveragePage(w, r, "coverage_partners.html", func(h coverageHead) any { return partnerSummaryData{coverageHead: h} })
	if !ok {
		return
	}
	rows, err := s.db.PartnerSummaries(r.Context(), q.Region.Code, q.Period, q.Scope)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportPartnerSummaries(w, r, rows, q.Period, format)
		return
	}
	s.renderReport(w, r, "coverage_partners.html", q, partnerSummaryData{coverageHead: s.coverageHead(r.URL.Path, q), Rows: rows})
}

var partnerSummaryColumns = []string{"mitra_id", "mitra", "kategori", "induk_id", "tingkat", "perjanjian", "kegiatan",
	"kontribusi", "kontribusi_rp", "jumlah_kampung_kb", "kampung_kb",
	"termasuk_unit_perjanjian", "termasuk_unit_kegiatan", "termasuk_unit_kontribusi", "termasuk_unit_kontribusi_rp",
	"termasuk_unit_jumlah_kampung_kb", "periode_dari", "periode_sampai"}

func (s *Server) exportPartnerSummaries(w http.ResponseWriter, r *http.Request, sums []kampungkb.PartnerSummary, p kampungkb.Period, format string) {
	rows := make([][]any, 0, len(sums))
	names := func(refs []kampungkb.Ref) string {
		var s []string
		for _, ref := range refs {
			s = append(s, ref.Name)
		}
		return strings.Join(s, "; ")
	}
	for _, x := range sums {
		var parent any
		if x.ParentID != 0 {
			parent = x.ParentID
		}
		row := []any{x.Partner.ID, x.Partner.Name, kampungkb.PartnerCategories.Label(x.Category), parent, x.Depth,
			x.Own.Agreements, x.Own.Activities, x.Own.Contributions, x.Own.Amount, len(x.Own.Kampung), names(x.Own.Kampung)}
		if u := x.IncludingUnits; u != nil {
			row = append(row, u.Agreements, u.Activities, u.Contributions, u.Amount, len(u.Kampung))
		} else {
			row = append(row, nil, nil, nil, nil, nil)
		}
		rows = append(rows, append(row, p.From, p.To))
	}
	s.exportAll(w, r, format, "ringkasan-mitra", partnerSummaryColumns, rows)
}

// API

// coverageJSON is the coverage report with its percentage and definition.
type coverageJSON struct {
	kampungkb.CoverageReport
	Percent    float64 `json:"percent"`
	Definition string  `json:"definition"`
}

func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) {
	q, err := s.parseCoverageQuery(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rep, err := s.db.Coverage(r.Context(), q.Region.Code, q.Period, q.Scope)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, coverageJSON{CoverageReport: rep, Percent: round1(rep.Percent()), Definition: coverageDefinition})
}

func (s *Server) apiCoverageMatrix(w http.ResponseWriter, r *http.Request) {
	q, err := s.parseCoverageQuery(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	m, err := s.db.PartnerMatrix(r.Context(), q.Region.Code, q.Period, q.Scope)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiCoveragePartners(w http.ResponseWriter, r *http.Request) {
	q, err := s.parseCoverageQuery(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	f, _ := parseFilter(r) // already checked
	rows, err := s.db.PartnerSummaries(r.Context(), q.Region.Code, q.Period, q.Scope)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	limit, offset := f.Page()
	total := len(rows)
	rows = rows[min(offset, total):min(offset+limit, total)]
	writeJSON(w, http.StatusOK, list[kampungkb.PartnerSummary]{Items: rows, Total: total})
}
