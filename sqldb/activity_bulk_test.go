package sqldb_test

import (
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestCreateActivitiesAllOrNothing(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03.13")
		k := kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-11-14")}
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		mk := func(title string, kampung int64) *kampungkb.Activity {
			return &kampungkb.Activity{Title: title, Date: kampungkb.MustDate("2024-05-01"), KampungIDs: []int64{kampung},
				Category: "ekonomi", Type: "pelatihan"}
		}
		err := db.CreateActivities(ctx, []*kampungkb.Activity{mk("satu", k.ID), mk("dua", k.ID+999)})
		if kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Fatalf("unknown kampung in the 2nd activity: %v", err)
		}
		if _, total, _ := db.Activities(ctx, kampungkb.Filter{}); total != 0 {
			t.Errorf("%d activities stored by a failed batch", total)
		}
		if err := db.CreateActivities(ctx, []*kampungkb.Activity{mk("satu", k.ID), mk("dua", k.ID)}); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := db.Activities(ctx, kampungkb.Filter{KampungID: k.ID}); total != 2 {
			t.Errorf("stored %d, want 2", total)
		}
	})
}

func TestPartnersActiveInPeriod(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03.13")
		k := kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-11-14")}
		db.CreateKampung(ctx, &k)
		active := kampungkb.Partner{Name: "RKB", Category: "bumn_bumd"}
		idle := kampungkb.Partner{Name: "Diam", Category: "lsm"}
		db.CreatePartner(ctx, &active)
		db.CreatePartner(ctx, &idle)
		a := kampungkb.Activity{Title: "Pelatihan", Date: kampungkb.MustDate("2019-12-10"), KampungIDs: []int64{k.ID},
			Category: "ekonomi", Type: "pelatihan", PartnerIDs: []int64{active.ID}}
		if err := db.CreateActivity(ctx, &a); err != nil {
			t.Fatal(err)
		}
		rows, total, err := db.Partners(ctx, kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2019-12-01"), To: kampungkb.MustDate("2019-12-31")}})
		if err != nil || total != 1 || rows[0].ID != active.ID {
			t.Errorf("active in Dec 2019: %d %v", total, err)
		}
		if _, total, _ := db.Partners(ctx, kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2020-01-01")}}); total != 0 {
			t.Errorf("active since 2020: %d, want 0", total)
		}
	})
}
