package sqldb_test

import (
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func ptr(x float64) *float64 { return &x }

func TestChildrenAndMeasurements(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
		testutil.MustLoadRegions(t, db, "52.03")
		k := kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-11-14")}
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		c := kampungkb.Child{Name: "Siti", Sex: "p", BirthDate: kampungkb.MustDate("2024-01-15"), MotherName: "Ibu Aminah",
			VillageCode: "5203132007", KampungID: k.ID}
		if err := db.CreateChild(ctx, &c); err != nil {
			t.Fatal(err)
		}
		if c.VillageName != "Tumbuh Mulia" || c.KampungName != "Tumbuh Jaya" || c.Version != 1 {
			t.Errorf("child = %+v", c)
		}
		// a Kampung KB of another village is refused
		other := kampungkb.Child{Name: "Budi", Sex: "l", BirthDate: kampungkb.MustDate("2024-02-01"), VillageCode: "52.03.07.1001", KampungID: k.ID}
		if err := db.CreateChild(ctx, &other); kampungkb.ErrorFields(err)["kampung_id"] == "" {
			t.Errorf("kampung of another village: %v", err)
		}
		z := -2.31
		m := kampungkb.Measurement{ChildID: c.ID, Date: kampungkb.MustDate("2025-01-15"), WeightKg: ptr(8.1), LenHeiCm: ptr(69.9),
			Measure: "l", Posyandu: "Melati", Z: kampungkb.ZScores{Len: &z, FWfl: true}}
		if err := db.AddMeasurement(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if m.AgeDays != 366 {
			t.Errorf("age = %d days, want 366", m.AgeDays)
		}
		bad := kampungkb.Measurement{ChildID: c.ID, Date: kampungkb.MustDate("2023-12-31"), WeightKg: ptr(3)}
		if err := db.AddMeasurement(ctx, &bad); kampungkb.ErrorFields(err)["date"] == "" {
			t.Errorf("measurement before birth: %v", err)
		}
		ms, err := db.Measurements(ctx, c.ID)
		if err != nil || len(ms) != 1 || *ms[0].Z.Len != -2.31 || !ms[0].Z.FWfl || ms[0].Z.Wei != nil || *ms[0].WeightKg != 8.1 {
			t.Fatalf("measurements = %+v %v", ms, err)
		}
		// a birth date that would put the measurement before birth is refused
		c.BirthDate = kampungkb.MustDate("2025-02-01")
		if err := db.UpdateChild(ctx, &c); kampungkb.ErrorFields(err)["birth_date"] == "" {
			t.Errorf("birth date after a measurement: %v", err)
		}
		rows, total, err := db.Children(ctx, kampungkb.Filter{Q: "aminah", Scope: kampungkb.Scope{Region: "52.03.13"}})
		if err != nil || total != 1 || rows[0].ID != c.ID {
			t.Errorf("search by mother's name in scope: %d %v", total, err)
		}
		if _, total, _ := db.Children(ctx, kampungkb.Filter{Scope: kampungkb.Scope{Region: "52.03.07"}}); total != 0 {
			t.Errorf("children outside the scope listed: %d", total)
		}
		if _, total, _ := db.Children(ctx, kampungkb.Filter{Scope: kampungkb.Scope{PartnerID: 5}}); total != 0 {
			t.Errorf("a partner scope sees children: %d", total)
		}
		if err := db.DeleteMeasurement(ctx, c.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMeasurement(ctx, c.ID, m.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("second delete: %v", err)
		}
	})
}
