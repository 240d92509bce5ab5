package web_test

import (
	"net/http"
	"strings"
	"testing"

	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

func TestHomePage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, f := coverageServer(t, db) // today is 28 November 2026
		soon := mustAgreement(t, db, "pks", "PKS Posyandu remaja", "2025-01-01", "2026-12-28", f.muslimat.ID, 0)
		mustAgreement(t, db, "mou", "MoU Bank NTB Syariah", "2025-01-01", "2027-03-28", f.bank.ID, 0) // in 120 days
		r := do(t, srv, "GET", "/", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("status %d\n%s", r.Code, r.Body)
		}
		wantInBody(t, "home page", r.Body,
			"Perjanjian akan berakhir", `<a href="/perjanjian/`+itoa(soon.ID)+`">PKS Posyandu remaja</a>`, "Muslimat NW",
			"berakhir 28 Desember 2026", "30 hari lagi",
			// cards
			"<strong>3</strong> Kampung KB", "<strong>3</strong> mitra", "<strong>2</strong> perjanjian berlaku",
			"<strong>1</strong> kegiatan tahun 2026", "<strong>Rp 1.750.000</strong> kontribusi tahun 2026",
			`href="/kegiatan?from=2026-01-01&amp;to=2026-11-28"`,
			// not reached this year, latest activities
			"Kampung KB belum terjangkau mitra tahun ini", "2 dari 3 Kampung KB", "Kampung KB Tanjung Luar", "Kampung KB Tumbuh Jaya",
			`href="/cakupan"`, "Kegiatan terbaru", `<a href="/kegiatan/`+itoa(f.posyandu.ID)+`">Posyandu remaja &lt;Pancor&gt;</a>`, "10 Maret 2026")
		wantNotInBody(t, "home page", r.Body, "MoU Bank NTB Syariah", "Data wilayah belum diimpor")
	})
}

func TestHomePageWithoutRegions(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv, err := web.New(db, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := do(t, srv, "GET", "/", nil)
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "Data wilayah belum diimpor") || !strings.Contains(r.Body, "serve --demo") {
		t.Errorf("home without regions: %d\n%s", r.Code, r.Body)
	}
}
