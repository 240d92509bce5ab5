package report_test

import (
	"context"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/report"
	"kampungkb/sqldb"
)

// TestDashboard checks the dashboard's one pass against the hand-computed
// fixture: the total and the rows below each level, the Kampung KB and
// the with/without-partner groups, and the trend's last point.
func TestDashboard(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		want := loadFixture(t, db)
		at := kampungkb.MustDate("2025-07-15")
		record := func(c interface{ Record() []string }) string { return strings.Join(c.Record(), ",") }

		d, err := report.BuildDashboard(ctx, db, "52.03", at, kampungkb.Scope{}, report.DashboardOptions{TrendMonths: 3})
		if err != nil {
			t.Fatal(err)
		}
		if got := record(d.Total); got != want["52.03"] {
			t.Errorf("total 52.03:\n got %s\nwant %s", got, want["52.03"])
		}
		if d.AreaLevel != kampungkb.Kecamatan || len(d.Areas) == 0 {
			t.Fatalf("areas of 52.03: level %v, %d rows", d.AreaLevel, len(d.Areas))
		}
		for _, a := range d.Areas {
			if w, ok := want[a.Code]; ok && record(a.Counts) != w {
				t.Errorf("area %s:\n got %s\nwant %s", a.Code, record(a.Counts), w)
			}
		}
		if len(d.Trend) != 3 || d.Trend[2].At != at || record(d.Trend[2].Counts) != want["52.03"] ||
			d.Trend[1].At != kampungkb.MustDate("2025-06-30") || d.Trend[0].At != kampungkb.MustDate("2025-05-31") {
			t.Errorf("trend: %+v", d.Trend)
		}
		// an earlier trend point equals the report computed at that date
		rows, _, err := report.Indicators(ctx, db, "52", kampungkb.Kabupaten, d.Trend[0].At, kampungkb.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Code == "52.03" && record(r.Counts) != record(d.Trend[0].Counts) {
				t.Errorf("trend at %s:\n got %s\nwant %s", d.Trend[0].At, record(d.Trend[0].Counts), record(r.Counts))
			}
		}

		// two Kampung KB, one reached by a partner activity in the period
		anjani := kampungkb.Kampung{Name: "Anjani", VillageCode: "52.03.13.2001", Coverage: "desa", LaunchDate: kampungkb.MustDate("2018-01-01")}
		mamben := kampungkb.Kampung{Name: "Mamben Daya", VillageCode: "52.03.14.2001", Coverage: "desa", LaunchDate: kampungkb.MustDate("2018-01-01")}
		partner := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
		for _, k := range []*kampungkb.Kampung{&anjani, &mamben} {
			if err := db.CreateKampung(ctx, k); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreatePartner(ctx, &partner); err != nil {
			t.Fatal(err)
		}
		act := kampungkb.Activity{Title: "Penyuluhan", Date: kampungkb.MustDate("2025-03-01"), KampungIDs: []int64{anjani.ID},
			PartnerIDs: []int64{partner.ID}, Category: "reproduksi", Type: "penyuluhan", ParticipantsFemale: 10}
		if err := db.CreateActivity(ctx, &act); err != nil {
			t.Fatal(err)
		}
		d, err = report.BuildDashboard(ctx, db, "52.03", at, kampungkb.Scope{}, report.DashboardOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Kampung) != 2 || d.WithN != 1 || d.WithoutN != 1 || len(d.Trend) != 0 {
			t.Fatalf("kampung rows: %+v with %d without %d", d.Kampung, d.WithN, d.WithoutN)
		}
		if record(d.With) != want["52.03.13.2001"] || record(d.Without) != want["52.03.14.2001"] {
			t.Errorf("with partner:\n got %s\nwant %s\nwithout:\n got %s\nwant %s", record(d.With), want["52.03.13.2001"],
				record(d.Without), want["52.03.14.2001"])
		}
		// an activity outside the period does not count
		d, err = report.BuildDashboard(ctx, db, "52.03", at, kampungkb.Scope{},
			report.DashboardOptions{Period: kampungkb.Period{From: kampungkb.MustDate("2025-04-01"), To: at}})
		if err != nil {
			t.Fatal(err)
		}
		if d.WithN != 0 || d.WithoutN != 2 {
			t.Errorf("period after the activity: with %d without %d", d.WithN, d.WithoutN)
		}
		// a desa has no areas below it: its Kampung KB are the rows
		d, err = report.BuildDashboard(ctx, db, "52.03.13.2001", at, kampungkb.Scope{}, report.DashboardOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if d.AreaLevel != 0 || len(d.Areas) != 0 || len(d.Kampung) != 1 || record(d.Kampung[0].Counts) != want["52.03.13.2001"] {
			t.Errorf("desa dashboard: %+v", d)
		}
	})
}

func TestMonthEnds(t *testing.T) {
	got := report.MonthEnds(kampungkb.MustDate("2026-03-15"), 4)
	want := []string{"2025-12-31", "2026-01-31", "2026-02-28", "2026-03-15"}
	for i, w := range want {
		if got[i].String() != w {
			t.Errorf("MonthEnds[%d] = %s, want %s", i, got[i], w)
		}
	}
}
