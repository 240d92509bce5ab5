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
