package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/rollup"
	"kampungkb/sqldb"
)

func TestIndicatorDashboard(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := childServer(t, db, fakeScorer)
		fams := "family_id,village_code,water_source,toilet\nA1,52.03.13.2007,sumur_tak_terlindungi,sendiri_septik\nA2,52.03.13.2001,ledeng,sendiri_septik\n"
		mems := "family_id,member_no,name,sex,birth_date,marital_status,kb_method,kb_reason\n" +
			"A1,1,Siti,p,1995-01-02,kawin,suntik,\nA2,1,Rini,p,1996-01-02,kawin,,tial\n"
		if r := uploadCSV(t, srv, testAdmin, "families", false, "f.csv", fams); r.Code != http.StatusOK {
			t.Fatalf("families: %d %s", r.Code, r.Body)
		}
		if r := uploadCSV(t, srv, testAdmin, "members", false, "m.csv", mems); r.Code != http.StatusOK {
			t.Fatalf("members: %d %s", r.Code, r.Body)
		}
		page := do(t, srv, "GET", "/indikator?region=52.03.13&at=2026-11-01", nil)
		for _, want := range []string{"Indikator program: Suralaga", "Per Desa/Kelurahan", `href="/indikator?at=2026-11-01&amp;region=52.03.13.2007"`,
			"50,0 %", "1 dari 2", "Pembilang: <code>pus_kb</code>", "Sumber:", "Tren bulanan", "<svg", "Belum ada Kampung KB terdaftar"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("dashboard without %q", want)
			}
		}
		if page.Code != http.StatusOK {
			t.Fatalf("dashboard: %d", page.Code)
		}
		// a change is seen at once (the cache follows the data)
		if r := uploadCSV(t, srv, testAdmin, "members", false, "m.csv", mems+"A1,2,Ani,p,1990-01-02,kawin,pil,\n"); r.Code != http.StatusOK {
			t.Fatalf("members again: %d", r.Code)
		}
		if page := do(t, srv, "GET", "/indikator?region=52.03.13&at=2026-11-01", nil).Body; !strings.Contains(page, "2 dari 3") {
			t.Error("dashboard did not follow the new member")
		}
		csv := do(t, srv, "GET", "/indikator?region=52.03.13&at=2026-11-01&format=csv", nil)
		if csv.Code != http.StatusOK || !strings.HasPrefix(csv.Body, "code,name,families,members,pus") ||
			!strings.Contains(csv.Body, "\n52.03.13.2007,Tumbuh Mulia,1,2,2,2,2,100.0,") {
			t.Errorf("dashboard csv: %d\n%s", csv.Code, csv.Body)
		}
		// a cadre's dashboard is her desa; regions above it are named, not linked
		kader := kampungkb.Actor{Username: "kader", Role: kampungkb.RoleKader, ViewRegion: "52.03.13.2007", CaptureRegions: []string{"52.03.13.2007"}}
		req := httptest.NewRequest("GET", "/indikator", nil)
		req = req.WithContext(kampungkb.WithActor(req.Context(), kader))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "Indikator program: Tumbuh Mulia") || strings.Contains(body, "region=52.03.13\"") ||
			!strings.Contains(body, "<li>Suralaga</li>") || !strings.Contains(body, "region=52.03.13.2007") {
			t.Errorf("cadre's dashboard: %d", rec.Code)
		}
		// bad parameters are named; a region outside the scope is not found
		if r := do(t, srv, "GET", "/indikator?at=kemarin&ind=xyz", nil); r.Code != http.StatusBadRequest ||
			!strings.Contains(r.Body, "Tanggal acuan tidak valid") || !strings.Contains(r.Body, "Pilih salah satu indikator") ||
			!strings.Contains(r.Body, `value="kemarin"`) {
			t.Errorf("bad parameters: %d", r.Code)
		}
	})
}

// TestDashboardWhileTodayBuilds checks the dashboard's default date when
// only yesterday's roll-ups are built (a new day's first build runs): the
// figures of yesterday, from the roll-ups, with a note; an asked date is
// kept as asked.
func TestDashboardWhileTodayBuilds(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := childServer(t, db, fakeScorer)
		fams := "family_id,village_code,water_source,toilet\nA1,52.03.13.2007,sumur_tak_terlindungi,sendiri_septik\n"
		mems := "family_id,member_no,name,sex,birth_date,marital_status,kb_method,kb_reason\nA1,1,Siti,p,1995-01-02,kawin,suntik,\n"
		if r := uploadCSV(t, srv, testAdmin, "families", false, "f.csv", fams); r.Code != http.StatusOK {
			t.Fatalf("families: %d %s", r.Code, r.Body)
		}
		if r := uploadCSV(t, srv, testAdmin, "members", false, "m.csv", mems); r.Code != http.StatusOK {
			t.Fatalf("members: %d %s", r.Code, r.Body)
		}
		db.Location = time.UTC
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		if _, err := rollup.Rebuild(ctx, db, rollup.Dates(kampungkb.MustDate("2026-11-27"))); err != nil {
			t.Fatal(err)
		}
		page := do(t, srv, "GET", "/indikator?region=52.03.13", nil)
		for _, want := range []string{"Ringkasan untuk hari ini sedang disiapkan", "Tanggal acuan <strong>27 November 2026</strong>",
			"dibaca dari ringkasan per desa"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("dashboard while today builds: no %q", want)
			}
		}
		page = do(t, srv, "GET", "/indikator?region=52.03.13&at=2026-11-28", nil)
		if strings.Contains(page.Body, "sedang disiapkan") || !strings.Contains(page.Body, "Tanggal acuan <strong>28 November 2026</strong>") ||
			!strings.Contains(page.Body, "dihitung dari data keluarga") {
			t.Error("an asked date is not kept as asked, or not computed from the family tables")
		}
	})
}
