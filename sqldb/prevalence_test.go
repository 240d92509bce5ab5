package sqldb_test

import (
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestPrevalence(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
		testutil.MustLoadRegions(t, db, "52.03")
		type meas struct {
			date               string
			zlen, zwfl, zwei   *float64
			flen, fwfl, oedema bool
		}
		z := func(x float64) *float64 { return &x }
		add := func(name, village string, ms ...meas) {
			c := kampungkb.Child{Name: name, Sex: "p", BirthDate: kampungkb.MustDate("2023-06-01"), VillageCode: village}
			if err := db.CreateChild(ctx, &c); err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				x := kampungkb.Measurement{ChildID: c.ID, Date: kampungkb.MustDate(m.date), WeightKg: ptr(9), Oedema: m.oedema,
					Z: kampungkb.ZScores{Len: m.zlen, Wfl: m.zwfl, Wei: m.zwei, FLen: m.flen, FWfl: m.fwfl}}
				if err := db.AddMeasurement(ctx, &x); err != nil {
					t.Fatal(err)
				}
			}
		}
		suralaga, selong := "52.03.13.2007", "52.03.07.1001"
		// stunted earlier in the year, normal at the latest measurement: not stunted
		add("A", suralaga, meas{date: "2026-02-01", zlen: z(-2.5)}, meas{date: "2026-06-01", zlen: z(-1.2), zwfl: z(0.3), zwei: z(-0.5)})
		// severely stunted and wasted
		add("B", suralaga, meas{date: "2026-05-01", zlen: z(-3.2), zwfl: z(-2.1), zwei: z(-2.9)})
		// flagged length: out of the stunting denominator, still in wasting's
		add("C", suralaga, meas{date: "2026-05-01", zlen: z(-6.4), flen: true, zwfl: z(2.5), zwei: z(1.1)})
		// oedema: no weight-based z, counted as severely wasted and underweight
		add("D", selong, meas{date: "2026-04-01", zlen: z(-2.0), oedema: true})
		// measured only before the period: not counted
		add("E", selong, meas{date: "2025-12-31", zlen: z(-4)})
		// exactly −2.00 is not stunted (z < −2)
		add("F", selong, meas{date: "2026-03-01", zlen: z(-2.0), zwfl: z(-2.0), zwei: z(-2.0)})

		year := kampungkb.Period{From: kampungkb.MustDate("2026-01-01"), To: kampungkb.MustDate("2026-12-31")}
		rows, err := db.Prevalence(ctx, "52.03", kampungkb.Kecamatan, year, kampungkb.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[1].Code != "52.03.07" || rows[2].Code != "52.03.13" || rows[2].Name != "Suralaga" {
			t.Fatalf("rows = %+v", rows)
		}
		tot, sel, sur := rows[0], rows[1], rows[2]
		check := func(name string, got, want int) {
			t.Helper()
			if got != want {
				t.Errorf("%s = %d, want %d", name, got, want)
			}
		}
		check("total children", tot.Children, 5)
		check("Suralaga length denominator", sur.LenDen, 2)
		check("Suralaga stunted", sur.Stunted, 1)
		check("Suralaga severely stunted", sur.SeverelyStunt, 1)
		check("Suralaga wasted", sur.Wasted, 1)
		check("Suralaga overweight", sur.Overweight, 1)
		check("Selong length denominator", sel.LenDen, 2)
		check("Selong stunted", sel.Stunted, 0)
		check("Selong weight-for-length denominator (oedema counts)", sel.WflDen, 2)
		check("Selong severely wasted (oedema)", sel.SeverelyWasted, 1)
		check("Selong underweight (oedema)", sel.Underweight, 1)
		check("total stunted", tot.Stunted, 1)
		// scope and Kampung KB level
		scoped, err := db.Prevalence(ctx, "", kampungkb.Desa, year, kampungkb.Scope{Region: "52.03.13"})
		if err != nil || len(scoped) != 2 || scoped[0].Children != 3 {
			t.Errorf("scoped to Suralaga: %+v %v", scoped, err)
		}
		if rows, _ := db.Prevalence(ctx, "52.03", 0, year, kampungkb.Scope{PartnerID: 3}); len(rows) != 0 {
			t.Errorf("a partner scope sees prevalence: %+v", rows)
		}
		byKampung, err := db.Prevalence(ctx, "52.03", 0, year, kampungkb.Scope{})
		if err != nil || len(byKampung) != 2 || byKampung[1].Name != "(tanpa Kampung KB)" {
			t.Errorf("by Kampung KB: %+v %v", byKampung, err)
		}
		if kampungkb.StuntingZone(1, 3) != "merah" || kampungkb.StuntingZone(1, 5) != "kuning" || kampungkb.StuntingZone(0, 0) != "" {
			t.Error("StuntingZone")
		}
	})
}
