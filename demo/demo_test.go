package demo_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/demo"
	"kampungkb/growth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestLoad(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		// A database with every region of Lombok Timur imported keeps
		// them: the demo's regions load idempotently on top.
		testutil.MustLoadRegions(t, db, "52.03")
		sum, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Kampung < 5 || sum.Partners < 5 || sum.Activities < 5 || sum.Contributions < 3 || sum.Agreements < 3 {
			t.Errorf("demo too small to show anything: %s", sum)
		}
		if _, err := demo.Load(ctx, db); !errors.Is(err, demo.ErrNotEmpty) {
			t.Errorf("second load: %v, want ErrNotEmpty", err)
		}
		ks, _, err := db.KampungList(ctx, kampungkb.Filter{Q: "Tumbuh Jaya"})
		if err != nil || len(ks) != 1 {
			t.Fatalf("Tumbuh Jaya: %v %v", ks, err)
		}
		k, _ := db.Kampung(ctx, ks[0].ID)
		if k.LaunchDate.String() != "2017-11-14" || k.Village.Name != "Tumbuh Mulia" || k.CoverageDetail != "Dasan Tumbu" {
			t.Errorf("Tumbuh Jaya = %+v", k)
		}
		if ps, _ := db.Profiles(ctx, k.ID); len(ps) != 2 || !ps[0].Current {
			t.Errorf("profiles: %d", len(ps))
		}
		acts, _, err := db.Activities(ctx, kampungkb.Filter{KampungID: k.ID, Period: kampungkb.Period{From: kampungkb.MustDate("2019-12-10"), To: kampungkb.MustDate("2019-12-10")}})
		if err != nil || len(acts) != 1 || !strings.Contains(acts[0].Title, "aksesoris") || acts[0].Partners[0].Name != "Rumah Kreatif BUMN Pertamina Pancor" {
			t.Errorf("the 10 December 2019 training: %+v %v", acts, err)
		}
		ps, _, _ := db.Partners(ctx, kampungkb.Filter{Q: "Muslimat NW Pancor"})
		if len(ps) != 1 || ps[0].ParentName != "Muslimat NW" {
			t.Errorf("Muslimat NW Pancor: %+v", ps)
		}
		ags, _, _ := db.Agreements(ctx, kampungkb.Filter{Q: "Muslimat"})
		found := false
		for _, a := range ags {
			if a.Type == "mou" && a.SignedOn.Year() == 2008 {
				found = true
			}
		}
		if !found {
			t.Error("no 2008 MoU between BKKBN Perwakilan NTB and Muslimat NW")
		}
		ending, _ := db.EndingAgreements(ctx, db.Today(), 90, 10, kampungkb.Scope{})
		if len(ending) == 0 {
			t.Error("the home page would show no agreement ending soon")
		}
		cov, err := db.Coverage(ctx, "52.03", kampungkb.Period{From: db.Today().AddDays(-365)}, kampungkb.Scope{})
		if err != nil || cov.Reached == 0 || len(cov.NotReached) == 0 {
			t.Errorf("coverage shows nothing meaningful: %+v %v", cov, err)
		}
	})
}

func TestChildren(t *testing.T) {
	tab, err := growth.Load(os.DirFS(filepath.Join(testutil.SharedDir(t), "who-growth")))
	if err != nil {
		t.Fatal(err)
	}
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		n, err := demo.Children(ctx, db, tab)
		if err != nil || n < 10 {
			t.Fatalf("children: %d %v", n, err)
		}
		if again, err := demo.Children(ctx, db, tab); err != nil || again != 0 {
			t.Errorf("second load added %d (%v)", again, err)
		}
		today := db.Today()
		rows, err := db.Prevalence(ctx, "52.03", kampungkb.Kecamatan, kampungkb.Period{From: today.AddMonths(-6), To: today}, kampungkb.Scope{})
		if err != nil || len(rows) < 2 || rows[0].LenDen < 10 || rows[0].Stunted == 0 || rows[0].Stunted == rows[0].LenDen {
			t.Errorf("demo prevalence is not meaningful: %+v %v", rows, err)
		}
	})
}
