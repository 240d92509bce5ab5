package web

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/report"
	"kampungkb/rollup"
)

// The indicator dashboard (issue 5 point 6): one region at a reference
// date, its total with numerator, denominator, definition and source of
// every number, a table and chart of the regions below (drill down from
// province to desa), the Kampung KB of the region, Kampung KB reached by
// partners in the period against those not reached, and a monthly trend.

// dashPercents are the percentage columns the dashboard shows, in order.
var dashPercents = []string{"cpr_pct", "mcpr_pct", "mkjp_pct", "unmet_pct", "krs_pct", "stunted_pct"}

// dashCounts are the plain counts shown beside them.
var dashCounts = []string{"families", "pus", "early_marriage_19", "t_muda", "t_tua", "t_dekat", "t_banyak", "children_0_59m"}

// dashCacheTTL bounds how long a computed dashboard is reused even when
// nothing changed through this server (another process, e.g. a
// command-line import into the same database, is not seen otherwise).
const dashCacheTTL = 10 * time.Minute

// dashCache keeps recently computed dashboards: a kabupaten takes seconds
// to compute, and officers open the same one many times a day. An entry
// is used only while the database's generation is unchanged.
type dashCache struct {
	mu      sync.Mutex
	entries map[string]dashEntry
}

type dashEntry struct {
	gen  uint64
	made time.Time
	d    *report.Dashboard
}

const dashCacheSize = 64

func (c *dashCache) get(key string, gen uint64, now time.Time) *report.Dashboard {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.gen != gen || now.Sub(e.made) > dashCacheTTL {
		return nil
	}
	return e.d
}

func (c *dashCache) put(key string, gen uint64, now time.Time, d *report.Dashboard) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]dashEntry{}
	}
	if len(c.entries) >= dashCacheSize {
		oldest := ""
		for k, e := range c.entries {
			if oldest == "" || e.made.Before(c.entries[oldest].made) {
				oldest = k
			}
		}
		delete(c.entries, oldest)
	}
	c.entries[key] = dashEntry{gen: gen, made: now, d: d}
}

// dashCell is one figure of the dashboard with what it is made of.
type dashCell struct {
	Column string
	Title  string
	Value  string // "58,1 %" or "1.234"; "—" without a denominator
	Num    int
	Den    int
	Pct    bool
}

// dashRow is a table row: a region or Kampung KB with its cells.
type dashRow struct {
	Name, Code, Href string
	Cells            []dashCell
	Note             string
}

type dashData struct {
	D    *report.Dashboard
	Path []dashCrumb // from the province down to the region
	// TopLink: the whole country is in the user's view scope.
	TopLink   bool
	Summary   []dashCell
	Defs      []indicator.Definition
	Head      []string
	Areas     []dashRow
	AreaTitle string
	Kampung   []dashRow
	Compare   []dashRow
	Chart     template.HTML
	Trend     template.HTML
	TrendRows []dashRow
	TrendAsk  string // link to compute the trend when it was not
	Indicator string
	IndTitle  string
	Options   []kampungkb.Code
	Query     string // the page's query without region, for drill-down links
	Elapsed   string
	FromCache bool
	// Building: today's roll-ups are being built; the figures are of the
	// latest day built (D.At).
	Building   bool
	HasKampung bool
	// Partner: the user is a partner organisation's, whose scope holds no
	// family data (personal data, domain.md §11): every figure is empty.
	Partner bool
}

// dashCrumb is a region above the dashboard's; Link is false when it lies
// outside the user's view (it would answer 404).
type dashCrumb struct {
	kampungkb.Region
	Link bool
}

// dashQuery reads and checks the dashboard's parameters.
type dashQuery struct {
	region    string
	at        kampungkb.Date
	period    kampungkb.Period
	indicator string
	trend     bool
}

func (s *Server) parseDashQuery(r *http.Request) (dashQuery, error) {
	q := r.URL.Query()
	var p kampungkb.Problems
	a := actorOf(r)
	d := dashQuery{region: scopeOf(r).Region, at: s.today(), indicator: "krs_pct", trend: q.Get("tren") == "1"}
	if v := strings.TrimSpace(q.Get("region")); v != "" {
		code, _, ok := kampungkb.NormalizeRegionCode(v)
		switch {
		case !ok:
			p.Add("region", "Kode wilayah tidak valid, mis. 52.03 atau 5203.")
		case !a.CanView(code) && !kampungkb.InRegion(scopeOf(r).Region, code):
			return d, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Wilayah " + code + " tidak ditemukan."}
		default:
			d.region = code
		}
	}
	if v := q.Get("at"); v != "" {
		t, err := kampungkb.ParseDate(v)
		if err != nil || t.IsZero() {
			p.Add("at", "Tanggal acuan tidak valid: TTTT-BB-HH.")
		} else {
			d.at = t
		}
	}
	d.period.From = formDate(&p, q, "from")
	d.period.To = formDate(&p, q, "to")
	if !d.period.From.IsZero() && !d.period.To.IsZero() && d.period.To.Before(d.period.From) {
		p.Add("to", "Akhir periode sebelum awalnya.")
	}
	if v := q.Get("ind"); v != "" {
		if !slices.Contains(dashPercents, v) {
			p.Add("ind", "Pilih salah satu indikator persentase.")
		} else {
			d.indicator = v
		}
	}
	return d, p.Err("indikator")
}

// dashboard computes (or reuses) the dashboard of the query.
func (s *Server) dashboard(r *http.Request, dq dashQuery) (*report.Dashboard, bool, error) {
	scope := scopeOf(r)
	trendMonths := 0
	if dq.trend || kampungkb.RegionLevel(dq.region) >= kampungkb.Kecamatan {
		trendMonths = 12
	} else if ok, err := rollup.Ready(r.Context(), s.db, report.MonthEnds(dq.at, 12)...); err != nil {
		return nil, false, err
	} else if ok {
		trendMonths = 12 // read from the roll-ups: a few rows per month
	}
	key := fmt.Sprintf("%s|%s|%s|%d|%s|%s|%d", dq.region, dq.at, scope.Region, scope.PartnerID, dq.period.From, dq.period.To, trendMonths)
	gen, now := s.db.Generation(), time.Now()
	if d := s.dashCache.get(key, gen, now); d != nil {
		return d, true, nil
	}
	d, err := report.BuildDashboard(r.Context(), s.db, dq.region, dq.at, scope,
		report.DashboardOptions{Period: dq.period, TrendMonths: trendMonths, AcceptPending: s.rollupWorker})
	if err != nil {
		return nil, false, err
	}
	s.dashCache.put(key, gen, now, d)
	return d, false, nil
}

// cellsOf returns the dashboard's cells of c.
func cellsOf(c indicator.Counts, defs map[string]indicator.Definition) []dashCell {
	var out []dashCell
	for _, col := range dashPercents {
		p, _ := c.Percent(col)
		v := p.Format()
		if v == "" {
			v = "—"
		}
		out = append(out, dashCell{Column: col, Title: defs[col].Title, Value: v, Num: p.Num, Den: p.Den, Pct: true})
	}
	for _, col := range dashCounts {
		n, _ := c.Count(col)
		out = append(out, dashCell{Column: col, Title: defs[col].Title, Value: kampungkb.FormatInt(int64(n)), Num: n})
	}
	return out
}

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) {
	dq, err := s.parseDashQuery(r)
	if kampungkb.ErrorKind(err) == kampungkb.Invalid {
		// the form again with every problem at its field
		f := newForm(r.URL.Query())
		f.fail(err)
		s.render(w, r, http.StatusBadRequest, "indicators.html", &page{Title: "Indikator program", Section: "indikator",
			Form: f, Data: dashData{Options: percentOptions()}})
		return
	}
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	start := time.Now()
	// Without a date asked for, the dashboard shows today; while a new
	// day's roll-ups are still being built (a few seconds after midnight
	// at a province's size), the latest built day instead, said so.
	today := dq.at
	if r.URL.Query().Get("at") == "" {
		if at, ok, err := rollup.LatestReady(r.Context(), s.db, today); err != nil {
			s.htmlError(w, r, err)
			return
		} else if ok {
			dq.at = at
		}
	}
	d, cached, err := s.dashboard(r, dq)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.indicatorCSV(w, r, d, format)
		return
	}
	defs := map[string]indicator.Definition{}
	data := dashData{D: d, Indicator: dq.indicator, FromCache: cached, HasKampung: len(d.Kampung) > 0, Partner: actorOf(r).PartnerID != 0,
		Elapsed: strconv.FormatFloat(time.Since(start).Seconds(), 'f', 2, 64), Building: dq.at != today}
	for _, def := range d.RuleSet.Definitions() {
		defs[def.Column] = def
		if slices.Contains(dashPercents, def.Column) || slices.Contains(dashCounts, def.Column) {
			data.Defs = append(data.Defs, def)
		}
	}
	data.IndTitle = defs[dq.indicator].Title
	data.Options = percentOptions()
	for _, col := range append(append([]string{}, dashPercents...), dashCounts...) {
		data.Head = append(data.Head, defs[col].Title)
	}
	data.Summary = cellsOf(d.Total, defs)
	// the page's query without region: drill-down links keep the date,
	// period and chart
	keep := url.Values{}
	for _, k := range []string{"at", "from", "to", "ind"} {
		if v := r.URL.Query().Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	link := func(region string) string {
		v := url.Values{}
		for k, x := range keep {
			v[k] = x
		}
		v.Set("region", region)
		return "/indikator?" + v.Encode()
	}
	data.Query = keep.Encode()
	for c := d.Region; c != ""; c = kampungkb.ParentRegionCode(c) {
		reg, err := s.db.Region(r.Context(), c)
		if err != nil {
			break
		}
		data.Path = append([]dashCrumb{{Region: reg, Link: actorOf(r).CanView(reg.Code)}}, data.Path...)
	}
	data.TopLink = actorOf(r).CanView("")
	if d.AreaLevel != 0 {
		data.AreaTitle = d.AreaLevel.Label()
	}
	var bars []bar
	for _, a := range d.Areas {
		href := ""
		if actorOf(r).CanView(a.Code) || kampungkb.InRegion(a.Code, scopeOf(r).Region) {
			href = link(a.Code)
		}
		data.Areas = append(data.Areas, dashRow{Name: a.Name, Code: a.Code, Href: href, Cells: cellsOf(a.Counts, defs)})
		p, _ := a.Counts.Percent(dq.indicator)
		bars = append(bars, chartBar(a.Name, href, p))
	}
	for _, k := range d.Kampung {
		note := "tanpa kegiatan mitra dalam periode"
		if k.Reached {
			note = "ada kegiatan mitra dalam periode"
		}
		data.Kampung = append(data.Kampung, dashRow{Name: k.Name, Code: k.VillageCode, Href: "/kampung/" + strconv.FormatInt(k.ID, 10),
			Cells: cellsOf(k.Counts, defs), Note: note})
		if d.AreaLevel == 0 {
			p, _ := k.Counts.Percent(dq.indicator)
			bars = append(bars, chartBar(k.Name, "/kampung/"+strconv.FormatInt(k.ID, 10), p))
		}
	}
	data.Compare = []dashRow{
		{Name: "Dengan kegiatan mitra", Note: kampungkb.FormatInt(int64(d.WithN)) + " Kampung KB", Cells: cellsOf(d.With, defs)},
		{Name: "Tanpa kegiatan mitra", Note: kampungkb.FormatInt(int64(d.WithoutN)) + " Kampung KB", Cells: cellsOf(d.Without, defs)},
	}
	hasValue := false
	for _, b := range bars {
		hasValue = hasValue || b.Note != "tidak ada data"
	}
	if hasValue {
		// highest first: where to work
		sort.SliceStable(bars, func(i, j int) bool { return bars[i].Values[0] > bars[j].Values[0] })
		what := "wilayah"
		if d.AreaLevel == 0 {
			what = "Kampung KB"
		}
		data.Chart = barChart{Title: data.IndTitle + " per " + what, Desc: "Diurutkan dari yang tertinggi; bilah tanpa nilai: tidak ada penyebut.",
			Series: []string{data.IndTitle}, Bars: bars, Tick: tenthsPercent}.SVG()
	}
	if len(d.Trend) > 0 {
		var pts []trendPoint
		for _, t := range d.Trend {
			p, _ := t.Counts.Percent(dq.indicator)
			pts = append(pts, trendPoint{Label: monthLabel(t.At), P: p})
			data.TrendRows = append(data.TrendRows, dashRow{Name: kampungkb.FormatDate(t.At), Cells: cellsOf(t.Counts, defs)})
		}
		data.Trend = trendChart{Title: "Tren bulanan " + data.IndTitle + ", " + d.RegionName, Points: pts}.SVG()
	} else {
		data.TrendAsk = link(d.Region) + "&tren=1"
	}
	s.render(w, r, http.StatusOK, "indicators.html", &page{Title: "Indikator program: " + d.RegionName, Section: "indikator",
		Form: newForm(r.URL.Query()), Data: data})
}

// percentOptions are the percentages the chart can show, with their
// titles (the default rule set's; titles do not change between versions).
func percentOptions() []kampungkb.Code {
	var out []kampungkb.Code
	for _, def := range indicator.Definitions() {
		if slices.Contains(dashPercents, def.Column) {
			out = append(out, kampungkb.Code{Code: def.Column, Label: def.Title})
		}
	}
	return out
}

// chartBar is one bar of the dashboard chart: the percentage in tenths.
func chartBar(name, href string, p indicator.Percent) bar {
	t, ok := p.Tenths()
	note := "tidak ada data"
	if ok {
		note = p.Format() + " (" + kampungkb.FormatInt(int64(p.Num)) + "/" + kampungkb.FormatInt(int64(p.Den)) + ")"
	}
	return bar{Label: name, Values: []int{int(t)}, Href: href, Note: note}
}

// tenthsPercent writes tenths of a percent as a percentage.
func tenthsPercent(v int) string {
	if v%10 == 0 {
		return strconv.Itoa(v/10) + " %"
	}
	return strconv.Itoa(v/10) + "," + strconv.Itoa(v%10) + " %"
}

var monthNames = []string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

func monthLabel(d kampungkb.Date) string {
	return monthNames[d.Month()-1] + " " + strconv.Itoa(d.Year()%100)
}

// indicatorCSV downloads the dashboard's rows: the region, the regions
// below, then the Kampung KB, with every column of formats.md.
func (s *Server) indicatorCSV(w http.ResponseWriter, r *http.Request, d *report.Dashboard, format string) {
	if format != "csv" {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Format unduhan %q tidak dikenal: csv.", format))
		return
	}
	rows := []indicator.Row{{Code: d.Region, Name: d.RegionName, Counts: d.Total}}
	rows = append(rows, d.Areas...)
	for _, k := range d.Kampung {
		rows = append(rows, k.Row)
	}
	if err := s.auditExport(r, "indikator", format, len(rows)); err != nil {
		s.htmlError(w, r, err)
		return
	}
	name := "indikator-" + strings.ReplaceAll(d.Region, ".", "") + "-" + d.At.String() + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	cw.Write(indicator.Header())
	for _, row := range rows {
		cw.Write(row.Record())
	}
	cw.Flush()
}
