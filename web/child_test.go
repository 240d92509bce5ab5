package web_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/growth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// fakeScorer stands in for package growth (tested on its own): it gives a
// length-for-age z of −2.5 and flags weight-for-length over 30 kg, so that
// the pages' handling of statuses and flags can be checked here.
func fakeScorer(c kampungkb.Child, m kampungkb.Measurement) kampungkb.ZScores {
	zlen := -2.5
	z := kampungkb.ZScores{Len: &zlen}
	if m.WeightKg != nil {
		w := *m.WeightKg - 10
		z.Wfl = &w
		z.FWfl = *m.WeightKg > 30
	}
	return z
}

// fakeCurves draws straight reference lines.
type fakeCurves struct{}

func (fakeCurves) Curves(indicator, sex string, zs []float64) ([]float64, [][]float64) {
	xs := []float64{0, 365, 730, 1095, 1460, 1826}
	if indicator == "wfl" {
		xs = []float64{45, 65, 85, 105, 120}
	}
	ys := make([][]float64, len(zs))
	for i, z := range zs {
		for _, x := range xs {
			ys[i] = append(ys[i], 50+x/30+z*3)
		}
	}
	return xs, ys
}

func childServer(t *testing.T, db *sqldb.DB, scorer web.Scorer) *web.Server {
	t.Helper()
	testutil.MustLoadRegions(t, db, "52.03")
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	loc, _ := time.LoadLocation("Asia/Makassar")
	opt := web.Options{Location: loc, Now: db.Now, Scorer: scorer}
	if scorer != nil {
		opt.Charts = fakeCurves{}
		opt.WHOTables = "/tabel"
	}
	srv, err := web.New(db, opt)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func TestChildPagesAndMeasurements(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := childServer(t, db, fakeScorer)
		// the form keeps typed values and explains each problem
		r := postForm(t, srv, "/anak", url.Values{"name": {""}, "sex": {"p"}, "birth_date": {"2030-01-01"}, "village": {"Tumbuh Mulia"}, "mother_name": {"Ibu Aminah"}})
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "Nama anak wajib diisi") || !strings.Contains(r.Body, "masa depan") ||
			!strings.Contains(r.Body, `value="Ibu Aminah"`) {
			t.Fatalf("bad child form: %d", r.Code)
		}
		r = postForm(t, srv, "/anak", url.Values{"name": {"Siti"}, "sex": {"p"}, "birth_date": {"2024-01-15"}, "village": {"Tumbuh Mulia"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("create child: %d\n%s", r.Code, r.Body)
		}
		page := r.Header.Get("Location")
		// impossible values are refused with field messages, nothing stored
		for _, c := range []struct {
			v    url.Values
			want string
		}{
			{url.Values{"date": {"2025-01-15"}, "lenhei_cm": {"0"}}, "Panjang/tinggi badan harus lebih dari 0"},
			{url.Values{"date": {"2025-01-15"}, "weight_kg": {"120"}}, "paling besar 100 kg"},
			{url.Values{"date": {"2023-12-01"}, "weight_kg": {"9"}}, "sebelum tanggal lahir"},
			{url.Values{"date": {"2026-12-01"}, "weight_kg": {"9"}}, "masa depan"},
			{url.Values{"date": {"2025-01-15"}, "weight_kg": {"sembilan"}}, "Isi dengan angka"},
		} {
			r := postForm(t, srv, page+"/pengukuran", c.v)
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, c.want) {
				t.Errorf("%v: %d, want a message %q", c.v, r.Code, c.want)
			}
		}
		r = postForm(t, srv, page+"/pengukuran", url.Values{"date": {"2025-01-15"}, "weight_kg": {"8,1"}, "lenhei_cm": {"69,9"}, "measure": {"l"}, "posyandu": {"Melati"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("measurement: %d\n%s", r.Code, r.Body)
		}
		// implausible but possible: accepted, flagged, with a warning
		r = postForm(t, srv, page+"/pengukuran", url.Values{"date": {"2025-02-15"}, "weight_kg": {"31"}, "lenhei_cm": {"70"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("flagged measurement: %d", r.Code)
		}
		show := do(t, srv, "GET", page, nil)
		for _, want := range []string{"Pendek (stunted)", "Nilai tidak wajar", "15 Januari 2025", "8,1", "Melati", "<svg", "Panjang/tinggi badan menurut umur"} {
			if !strings.Contains(show.Body, want) {
				t.Errorf("child page lacks %q", want)
			}
		}
		// the API gives the child with its measurements
		id := strings.TrimPrefix(page, "/anak/")
		api := do(t, srv, "GET", "/api/v1/children/"+id, nil)
		var got struct {
			Name         string
			Measurements []kampungkb.Measurement
		}
		if err := json.Unmarshal([]byte(api.Body), &got); err != nil || got.Name != "Siti" || len(got.Measurements) != 2 || got.Measurements[1].Z.FWfl != true {
			t.Errorf("api child: %s", api.Body)
		}
		bad := postJSON(t, srv, "POST", "/api/v1/children/"+id+"/measurements", `{"date":"2025-03-01","weight_kg":-1}`)
		if bad.Code != http.StatusBadRequest || !strings.Contains(bad.Body, `"weight_kg"`) {
			t.Errorf("api negative weight: %d %s", bad.Code, bad.Body)
		}
		// prevalence counts the child's latest measurement in the period
		prev := do(t, srv, "GET", "/prevalensi?region=52.03&from=2025-01-01&to=2025-12-31", nil)
		if prev.Code != 200 || !strings.Contains(prev.Body, "Suralaga") || !strings.Contains(prev.Body, "bukan survei") {
			t.Errorf("prevalence page: %d", prev.Code)
		}
		papi := do(t, srv, "GET", "/api/v1/prevalence?region=52.03&level=kecamatan&from=2025-01-01&to=2025-12-31", nil)
		if !strings.Contains(papi.Body, `"stunted":1`) || !strings.Contains(papi.Body, `"source"`) {
			t.Errorf("prevalence API: %s", papi.Body)
		}
	})
}

func TestChildPagesWithoutTables(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := childServer(t, db, nil)
	r := postForm(t, srv, "/anak", url.Values{"name": {"Siti"}, "sex": {"p"}, "birth_date": {"2024-01-15"}, "village": {"52.03.13.2007"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create child without tables: %d", r.Code)
	}
	page := r.Header.Get("Location")
	show := do(t, srv, "GET", page, nil)
	if !strings.Contains(show.Body, "kampungkb growth fetch-tables") {
		t.Error("child page does not say what to run")
	}
	m := postForm(t, srv, page+"/pengukuran", url.Values{"date": {"2025-01-15"}, "weight_kg": {"8"}})
	if m.Code != http.StatusConflict || !strings.Contains(m.Body, "fetch-tables") || !strings.Contains(m.Body, `value="8"`) {
		t.Errorf("measurement without tables: %d", m.Code)
	}
	// the rest of the product keeps working
	if r := do(t, srv, "GET", "/kampung", nil); r.Code != 200 {
		t.Errorf("kampung list without tables: %d", r.Code)
	}
}

func TestGrowthChartIsValidSVG(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := childServer(t, db, fakeScorer)
	r := postForm(t, srv, "/anak", url.Values{"name": {`Siti <b>"&`}, "sex": {"p"}, "birth_date": {"2024-01-15"}, "village": {"52.03.13.2007"}})
	page := r.Header.Get("Location")
	postForm(t, srv, page+"/pengukuran", url.Values{"date": {"2025-01-15"}, "weight_kg": {"8"}, "lenhei_cm": {"70"}})
	show := do(t, srv, "GET", page, nil).Body
	n := 0
	for {
		i := strings.Index(show, "<svg")
		if i < 0 {
			break
		}
		j := strings.Index(show[i:], "</svg>")
		svg := show[i : i+j+len("</svg>")]
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Errorf("chart %d is not valid XML: %v", n, err)
		}
		if !strings.Contains(svg, "<polyline") || !strings.Contains(svg, "<circle") {
			t.Errorf("chart %d lacks curves or the child's points", n)
		}
		n++
		show = show[i+j:]
	}
	if n != 3 {
		t.Errorf("%d charts, want 3", n)
	}
}

func TestChildWithWHOTables(t *testing.T) {
	tab, err := growth.Load(os.DirFS(filepath.Join(testutil.SharedDir(t), "who-growth")))
	if err != nil {
		t.Fatal(err)
	}
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
		srv, err := web.New(db, web.Options{Now: db.Now, Scorer: tab.Score, Charts: tab, WHOTables: "who-growth"})
		if err != nil {
			t.Fatal(err)
		}
		birth := kampungkb.MustDate("2023-01-01")
		r := postForm(t, srv, "/anak", url.Values{"name": {"Budi"}, "sex": {"l"}, "birth_date": {birth.String()}, "village": {"52.03.13.2007"}})
		page := r.Header.Get("Location")
		// the anthro README example: boy, 1000 days, 15 kg, 100 cm
		r = postForm(t, srv, page+"/pengukuran", url.Values{"date": {birth.AddDays(1000).String()}, "weight_kg": {"15"}, "lenhei_cm": {"100"}, "measure": {"h"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("measurement: %d\n%s", r.Code, r.Body)
		}
		show := do(t, srv, "GET", page, nil).Body
		for _, want := range []string{"z = 1,70", "z = 0,69", "z = −0,29", "z = −0,58", "<td data-label=\"BB (kg)\" class=\"num\">15,0", "Berat badan menurut tinggi badan (BB/TB)", "<polyline"} {
			if !strings.Contains(show, want) {
				t.Errorf("child page lacks %q", want)
			}
		}
	})
}

func TestAPIIndicators(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	ctx := kampungkb.WithActor(t.Context(), kampungkb.SystemActor)
	fam := kampungkb.Family{FamilyID: "K1", VillageCode: "52.03.13.2007", WaterSource: "sumur_tak_terlindungi"}
	if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf([]kampungkb.Family{fam}), sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	wife := kampungkb.Member{FamilyID: "K1", MemberNo: 2, Name: "Baiq", Sex: "p", BirthDate: kampungkb.MustDate("2006-01-01"),
		Relation: "istri", MaritalStatus: "kawin", KBMethod: "suntik", Pregnant: new(bool)}
	if _, err := db.ImportMembers(ctx, func(yield func(*kampungkb.Member) error) error { return yield(&wife) }, sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	r := do(t, srv, "GET", "/api/v1/indicators?region=52.03.13&at=2025-07-15", nil)
	var body struct {
		Items       []map[string]any
		Total       int
		Definitions []map[string]any
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.Code != 200 || len(body.Definitions) == 0 {
		t.Fatalf("indicators: %d %.300s", r.Code, r.Body)
	}
	found := false
	for _, it := range body.Items {
		if it["code"] == "52.03.13.2007" {
			found = true
			if it["pus"] != float64(1) || it["t_muda"] != float64(1) || it["krs"] != float64(1) {
				t.Errorf("Tumbuh Mulia row: %v", it)
			}
		}
	}
	if !found {
		t.Errorf("no row for Tumbuh Mulia: %.300s", r.Body)
	}
	if r := do(t, srv, "GET", "/api/v1/indicators?level=rt", nil); r.Code != http.StatusBadRequest {
		t.Errorf("bad level: %d", r.Code)
	}
}

func TestFamilyPages(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	ctx := kampungkb.WithActor(t.Context(), kampungkb.SystemActor)
	fam := kampungkb.Family{FamilyID: "K1", NoKK: "5203131001200001", VillageCode: "52.03.13.2007", Dusun: "Dasan Tumbu", RW: "001",
		WaterSource: "sumur_tak_terlindungi", Toilet: "sendiri_septik"}
	if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf([]kampungkb.Family{fam}), sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	no := false
	wife := kampungkb.Member{FamilyID: "K1", MemberNo: 2, NIK: "5203134101070002", Name: "Baiq Rina", Sex: "p",
		BirthDate: kampungkb.MustDate("2007-01-01"), Relation: "istri", MaritalStatus: "kawin", Pregnant: &no, KBReason: "ias"}
	if _, err := db.ImportMembers(ctx, func(yield func(*kampungkb.Member) error) error { return yield(&wife) }, sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	list := do(t, srv, "GET", "/keluarga?dusun=dasan+tumbu", nil)
	if !strings.Contains(list.Body, "/keluarga/K1") || strings.Contains(list.Body, "5203131001200001") || !strings.Contains(list.Body, "5203••••••••0001") {
		t.Errorf("family list: NIK not masked or family missing")
	}
	show := do(t, srv, "GET", "/keluarga/K1", nil).Body
	for _, want := range []string{"Berisiko stunting", "Sumber air minum tidak layak", "Terlalu muda", "5203••••••••0002", "Baiq Rina"} {
		if !strings.Contains(show, want) {
			t.Errorf("family page lacks %q", want)
		}
	}
	if strings.Contains(show, "5203134101070002") {
		t.Error("full NIK shown without asking")
	}
	full := do(t, srv, "GET", "/keluarga/K1?nik=1", nil).Body
	if !strings.Contains(full, "5203134101070002") {
		t.Error("full NIK not shown on request")
	}
	entries, _, err := db.AuditEntries(t.Context(), sqldb.AuditFilter{Action: "view_personal", Entity: "family"})
	if err != nil || len(entries) != 2 || !strings.Contains(entries[0].Summary, "NIK/No. KK lengkap") {
		t.Errorf("audit of family views: %+v %v", entries, err)
	}
	if r := do(t, srv, "GET", "/keluarga/NOPE", nil); r.Code != http.StatusNotFound {
		t.Errorf("unknown family: %d", r.Code)
	}
}
