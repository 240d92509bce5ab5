package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// reach holds the records of coverageServer.
type reach struct {
	tumbuh, pancor, tanjung          kampungkb.Kampung
	muslimat, muslimatPancor, bank   kampungkb.Partner
	posyandu                         kampungkb.Activity
	toActivity, toKampung, elsewhere kampungkb.Contribution
}

// coverageServer returns a server (clock at 2026-11-28) over three Kampung
// KB of Lombok Timur in three kecamatan, of which only Pancor (Selong) is
// reached in 2026: Muslimat NW Pancor, a unit of Muslimat NW, held an
// activity there on 10 March 2026 and gave Rp 1,000,000 to it and Rp
// 500,000 to the Kampung KB. Bank NTB Syariah's contribution to Tanjung
// Luar does not reach it: only activities do.
func coverageServer(t *testing.T, db *sqldb.DB) (http.Handler, *reach) {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	srv := newServer(t, db)
	ctx := t.Context()
	f := &reach{}
	for _, k := range []struct {
		k       *kampungkb.Kampung
		name, v string
	}{
		{&f.tumbuh, "Kampung KB Tumbuh Jaya", "52.03.13.2007"},
		{&f.pancor, "Kampung KB Pancor", "52.03.07.1001"},
		{&f.tanjung, "Kampung KB Tanjung Luar", "52.03.01.2001"},
	} {
		*k.k = kampungkb.Kampung{Name: k.name, VillageCode: k.v, Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-11-14")}
		if err := db.CreateKampung(ctx, k.k); err != nil {
			t.Fatal(err)
		}
	}
	f.muslimat = kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
	f.bank = kampungkb.Partner{Name: "Bank NTB Syariah", Category: "bumn_bumd"}
	for _, p := range []*kampungkb.Partner{&f.muslimat, &f.bank} {
		if err := db.CreatePartner(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	f.muslimatPancor = kampungkb.Partner{Name: "Muslimat NW Pancor", Category: "ormas_keagamaan", ParentID: f.muslimat.ID}
	if err := db.CreatePartner(ctx, &f.muslimatPancor); err != nil {
		t.Fatal(err)
	}
	f.posyandu = kampungkb.Activity{Title: "Posyandu remaja <Pancor>", Date: kampungkb.MustDate("2026-03-10"), Place: "Balai desa",
		KampungIDs: []int64{f.pancor.ID}, PartnerIDs: []int64{f.muslimatPancor.ID}, Category: "reproduksi", Type: "penyuluhan"}
	if err := db.CreateActivity(ctx, &f.posyandu); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		c                          *kampungkb.Contribution
		partner, kampung, activity int64
		amount                     int64
		date                       string
	}{
		{&f.toActivity, f.muslimatPancor.ID, 0, f.posyandu.ID, 1000000, "2026-03-10"},
		{&f.toKampung, f.muslimatPancor.ID, f.pancor.ID, 0, 500000, "2026-04-01"},
		{&f.elsewhere, f.bank.ID, f.tanjung.ID, 0, 250000, "2026-05-05"},
	} {
		*c.c = kampungkb.Contribution{PartnerID: c.partner, KampungID: c.kampung, ActivityID: c.activity, Kind: "uang",
			Amount: c.amount, Date: kampungkb.MustDate(c.date), Description: "Dana"}
		if err := db.CreateContribution(ctx, c.c); err != nil {
			t.Fatal(err)
		}
	}
	return srv, f
}

func wantInBody(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func wantNotInBody(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s holds %q", what, w)
		}
	}
}

func TestCoveragePage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, f := coverageServer(t, db)
		r := do(t, srv, "GET", "/cakupan?region=52.03", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("status %d\n%s", r.Code, r.Body)
		}
		wantInBody(t, "coverage page", r.Body,
			"1 dari 3", "33,3 %", "Kampung KB yang mendapat paling sedikit satu kegiatan bersama mitra dalam periode",
			"1 Januari 2026 – 28 November 2026", `value="2026-01-01"`, `value="2026-11-28"`, // the default period, in the form
			// the two not reached, with where they are and a link to record an activity
			"Kampung KB Tumbuh Jaya", "Tumbuh Mulia", "Suralaga", "/kegiatan/baru?kampung="+itoa(f.tumbuh.ID),
			"Kampung KB Tanjung Luar", "/kampung/"+itoa(f.tanjung.ID),
			// drill-down rows per kecamatan, with the same period
			`<a href="/cakupan?from=2026-01-01&amp;region=52.03.07&amp;to=2026-11-28">Selong</a>`,
			`<a href="/cakupan?from=2026-01-01&amp;region=52.03.13&amp;to=2026-11-28">Suralaga</a>`,
			"Keruak", "<svg", `role="group"`, "<title", // the chart
			// breadcrumbs up the region path, and the downloads
			`<a href="/cakupan?from=2026-01-01&amp;to=2026-11-28">Semua wilayah</a>`, `region=52&amp;`,
			`href="/cakupan?format=csv&amp;from=2026-01-01&amp;part=areas&amp;region=52.03&amp;to=2026-11-28"`,
			`href="/cakupan?format=xlsx&amp;from=2026-01-01&amp;part=not_reached&amp;region=52.03&amp;to=2026-11-28"`)
		wantNotInBody(t, "coverage page", r.Body, "Kampung KB Pancor", "/kegiatan/baru?kampung="+itoa(f.pancor.ID))
		// kecamatan without Kampung KB are named, not tabled
		wantInBody(t, "coverage page", r.Body, "18 kecamatan belum memiliki Kampung KB")

		// a kecamatan drills down to villages
		r = do(t, srv, "GET", "/cakupan?region=52.03.13&from=2026-01-01&to=2026-11-28", nil)
		wantInBody(t, "kecamatan page", r.Body, "Kecamatan Suralaga", "Desa/Kelurahan", "Tumbuh Mulia", "0 dari 1",
			`>Kabupaten Lombok Timur</a>`)

		// a period without the activity: nothing reached
		r = do(t, srv, "GET", "/cakupan?region=5203130000&from=2025-01-01&to=2025-12-31", nil)
		if r.Code != http.StatusFound {
			t.Errorf("dotless code: %d", r.Code)
		}
		r = do(t, srv, "GET", "/cakupan?region=52.03&from=2025-01-01&to=2025-12-31", nil)
		wantInBody(t, "2025 page", r.Body, "0 dari 3", "0,0 %", "Kampung KB Pancor", "Kampung KB belum terjangkau mitra (3)")

		// the whole database by default
		r = do(t, srv, "GET", "/cakupan", nil)
		wantInBody(t, "all regions", r.Body, "1 dari 3", "Nusa Tenggara Barat")
	})
}

func TestCoverageQueryErrors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, _ := coverageServer(t, db)
		for _, c := range []struct {
			target string
			code   int
			want   string
		}{
			{"/cakupan?region=tidak-ada-wilayah-ini", http.StatusBadRequest, "tidak ditemukan"},
			{"/cakupan?region=52.03&from=2026-13-01", http.StatusBadRequest, "tidak valid"},
			{"/cakupan?region=52.03&from=2026-06-01&to=2026-01-01", http.StatusBadRequest, "Tanggal akhir tidak boleh sebelum tanggal awal."},
			{"/cakupan/matriks?region=52..03", http.StatusBadRequest, "aria-invalid"},
			{"/cakupan/mitra?region=52.99", http.StatusNotFound, "Wilayah"},
		} {
			r := do(t, srv, "GET", c.target, nil)
			if r.Code != c.code || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, `<form class="filters"`) {
				t.Errorf("%s: %d, want %d with %q and the form\n%s", c.target, r.Code, c.code, c.want, r.Body)
			}
		}
		// a region typed by name goes to its code
		r := do(t, srv, "GET", "/cakupan?region=Tumbuh+Mulia&from=2026-01-01", nil)
		if loc := r.Header.Get("Location"); r.Code != http.StatusFound || loc != "/cakupan?from=2026-01-01&region=52.03.13.2007" {
			t.Errorf("name: %d %s", r.Code, loc)
		}
		if r := do(t, srv, "GET", "/cakupan?region=52.03&format=csv&part=semua", nil); r.Code != http.StatusBadRequest {
			t.Errorf("unknown part: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/cakupan?region=52.03&format=pdf", nil); r.Code != http.StatusBadRequest {
			t.Errorf("unknown format: %d", r.Code)
		}
	})
}

func parseCSVBody(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, body)
	}
	return rows
}

func TestCoverageDownloads(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, f := coverageServer(t, db)
		r := do(t, srv, "GET", "/cakupan?region=52.03&format=csv&part=areas", nil)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("headers: %v", r.Header)
		}
		rows := parseCSVBody(t, r.Body)
		if strings.Join(rows[0][:7], ",") != "kode_wilayah,wilayah,tingkat,jumlah_kampung_kb,terjangkau_mitra,belum_terjangkau,persen_terjangkau" {
			t.Errorf("header: %v", rows[0])
		}
		byName := map[string][]string{}
		for _, row := range rows[1:] {
			byName[row[1]] = row
		}
		if s := byName["Selong"]; s == nil || s[0] != "52.03.07" || s[3] != "1" || s[4] != "1" || s[6] != "100" || s[7] != "2026-01-01" {
			t.Errorf("Selong row: %v", s)
		}
		last := rows[len(rows)-1]
		if len(rows) != 1+21+1 || last[0] != "52.03" || last[3] != "3" || last[4] != "1" || last[6] != "33.3" {
			t.Errorf("%d rows, total row %v", len(rows), last)
		}

		rows = parseCSVBody(t, do(t, srv, "GET", "/cakupan?region=52.03&format=csv&part=not_reached", nil).Body)
		if len(rows) != 3 || rows[0][1] != "kampung_kb" || rows[1][1] != "Kampung KB Tanjung Luar" || rows[2][0] != itoa(f.tumbuh.ID) || rows[2][3] != "Tumbuh Mulia" {
			t.Errorf("not reached: %v", rows)
		}

		x := do(t, srv, "GET", "/cakupan?region=52.03&format=xlsx&part=not_reached", nil)
		book, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		xrows, _ := book.GetRows(book.GetSheetName(0))
		if len(xrows) != 3 || xrows[2][1] != "Kampung KB Tumbuh Jaya" {
			t.Errorf("xlsx rows: %v", xrows)
		}

		rows = parseCSVBody(t, do(t, srv, "GET", "/cakupan/matriks?region=52.03&format=csv", nil).Body)
		if len(rows) != 3 || rows[0][0] != "mitra_id" {
			t.Fatalf("matrix csv: %v", rows)
		}
		want := map[string]string{"Muslimat NW Pancor|Kampung KB Pancor": "1,2,1500000", "Bank NTB Syariah|Kampung KB Tanjung Luar": "0,1,250000"}
		for _, row := range rows[1:] {
			if got := strings.Join(row[8:11], ","); want[row[1]+"|"+row[4]] != got {
				t.Errorf("matrix row %v", row)
			}
		}

		rows = parseCSVBody(t, do(t, srv, "GET", "/cakupan/mitra?region=52.03&format=csv", nil).Body)
		if len(rows) != 4 || rows[0][1] != "mitra" {
			t.Fatalf("partner csv: %v", rows)
		}
		for _, row := range rows[1:] {
			switch row[1] {
			case "Muslimat NW": // nothing of its own; 1,500,000 through its unit
				if row[8] != "0" || row[14] != "1500000" || row[15] != "1" {
					t.Errorf("parent row %v", row)
				}
			case "Muslimat NW Pancor":
				if row[3] != itoa(f.muslimat.ID) || row[4] != "1" || row[6] != "1" || row[8] != "1500000" || row[10] != "Kampung KB Pancor" || row[14] != "" {
					t.Errorf("unit row %v", row)
				}
			}
		}
	})
}

func TestCoverageMatrixAndPartnerPages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, f := coverageServer(t, db)
		r := do(t, srv, "GET", "/cakupan/matriks?region=52.03", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("matrix: %d\n%s", r.Code, r.Body)
		}
		wantInBody(t, "matrix page", r.Body, "Muslimat NW Pancor", "unit dari Muslimat NW", `class="partner depth-1"`,
			"Bank NTB Syariah", "Kampung KB Tumbuh Jaya", // a column without figures
			`1 <abbr title="kegiatan">keg.</abbr>`, "Rp 1.500.000", "Rp 250.000", "Rp 1.750.000", `class="table-wrap matrix-wrap"`)
		r = do(t, srv, "GET", "/cakupan/matriks?region=52.03&compact=1", nil)
		wantNotInBody(t, "compact matrix", r.Body, "Kampung KB Tumbuh Jaya")
		wantInBody(t, "compact matrix", r.Body, "1 tanpa angka disembunyikan", `name="compact" value="1" checked`)

		r = do(t, srv, "GET", "/cakupan/mitra?region=52.03", nil)
		wantInBody(t, "partner page", r.Body, "Muslimat NW Pancor", "Rp 1.500.000", "termasuk unit", "Muslimat NW + 1 unit",
			`<a href="/kampung/`+itoa(f.pancor.ID)+`">Kampung KB Pancor</a>`, "Bank NTB Syariah", "Rp 250.000")
		// another year: nothing
		r = do(t, srv, "GET", "/cakupan/mitra?region=52.03&from=2025-01-01&to=2025-12-31", nil)
		wantInBody(t, "partner page 2025", r.Body, "Belum ada perjanjian, kegiatan atau kontribusi mitra")
	})
}

func TestAPICoverage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, f := coverageServer(t, db)
		r := do(t, srv, "GET", "/api/v1/coverage?region=5203130000000&from=2026-01-01", nil)
		var e struct {
			Error struct {
				Code   string
				Fields map[string]string
			}
		}
		if json.Unmarshal([]byte(r.Body), &e); r.Code != 400 || e.Error.Code != "invalid" || e.Error.Fields["region"] == "" {
			t.Errorf("bad region: %d %s", r.Code, r.Body)
		}
		r = do(t, srv, "GET", "/api/v1/coverage?region=52.03&to=2026-02-30", nil)
		if json.Unmarshal([]byte(r.Body), &e); r.Code != 400 || e.Error.Fields["to"] == "" {
			t.Errorf("bad date: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/coverage?region=52.99", nil); r.Code != 404 {
			t.Errorf("unknown region: %d %s", r.Code, r.Body)
		}

		r = do(t, srv, "GET", "/api/v1/coverage?region=5203", nil)
		var c struct {
			Region     string
			Period     struct{ From, To string }
			Total      int
			Reached    int
			Percent    float64
			Definition string
			NotReached []kampungkb.KampungPlace `json:"not_reached"`
			AreaLevel  int                      `json:"area_level"`
			Areas      []kampungkb.CoverageArea
		}
		if err := json.Unmarshal([]byte(r.Body), &c); err != nil || r.Code != 200 {
			t.Fatalf("coverage: %d %v %s", r.Code, err, r.Body)
		}
		if c.Region != "52.03" || c.Period.From != "2026-01-01" || c.Period.To != "2026-11-28" || c.Total != 3 || c.Reached != 1 ||
			c.Percent != 33.3 || c.Definition == "" || len(c.NotReached) != 2 || c.NotReached[1].ID != f.tumbuh.ID ||
			c.NotReached[1].Kecamatan != "Suralaga" || c.AreaLevel != 3 || len(c.Areas) != 21 {
			t.Errorf("coverage: %s", r.Body)
		}

		r = do(t, srv, "GET", "/api/v1/coverage/matrix?region=52.03&from=2026-01-01&to=2026-12-31", nil)
		var m kampungkb.Matrix
		if err := json.Unmarshal([]byte(r.Body), &m); err != nil || len(m.Kampung) != 3 || len(m.Rows) != 2 || m.Total.Amount != 1750000 {
			t.Errorf("matrix: %v %s", err, r.Body)
		}

		r = do(t, srv, "GET", "/api/v1/coverage/partners?region=52.03&limit=2", nil)
		var l struct {
			Items []kampungkb.PartnerSummary
			Total int
		}
		if err := json.Unmarshal([]byte(r.Body), &l); err != nil || l.Total != 3 || len(l.Items) != 2 {
			t.Fatalf("partners: %v %s", err, r.Body)
		}
		for _, s := range l.Items {
			if s.Partner.ID == f.muslimat.ID && (s.IncludingUnits == nil || s.IncludingUnits.Amount != 1500000) {
				t.Errorf("Muslimat NW: %+v", s)
			}
		}
		r = do(t, srv, "GET", "/api/v1/coverage/partners?region=52.03&offset=2", nil)
		if json.Unmarshal([]byte(r.Body), &l); l.Total != 3 || len(l.Items) != 1 {
			t.Errorf("partners page 2: %s", r.Body)
		}
		r = do(t, srv, "GET", "/api/v1/coverage/partners?from=2020-01-01&to=2020-12-31", nil)
		if !strings.Contains(r.Body, `"items":[]`) {
			t.Errorf("empty partners: %s", r.Body)
		}
	})
}
