package rollup_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/gen"
	"kampungkb/growth"
	"kampungkb/importer"
	"kampungkb/indicator"
	"kampungkb/internal/testutil"
	"kampungkb/report"
	"kampungkb/rollup"
	"kampungkb/sqldb"
)

var ctx = kampungkb.WithActor(context.Background(), kampungkb.SystemActor)

// today is the generated data's reference date, the databases' today.
var today = kampungkb.DateOf(gen.DefaultAt)

// loadGenerated imports Kecamatan Suralaga (15 villages) from the
// generator, its villages shrunk to a few hundred people each, and
// creates Kampung KB of every coverage in three of them.
func loadGenerated(t *testing.T, db *sqldb.DB) {
	t.Helper()
	db.Now = func() time.Time { return gen.DefaultAt.Add(12 * time.Hour) }
	db.Location = time.UTC
	testutil.MustLoadRegions(t, db, "52.03")
	tables, err := growth.Load(os.DirFS(filepath.Join(testutil.SharedDir(t), "who-growth")))
	if err != nil {
		t.Fatal(err)
	}
	var fam, mem, ms bytes.Buffer
	cfg := gen.Config{Region: "52.03.13", Seed: 7, Population: map[string]int{"52.03": 254 * 350}, Growth: tables}
	if _, err := gen.Generate(cfg, testutil.Regions(t, "52.03"), gen.Writers{Families: &fam, Members: &mem, Measurements: &ms}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		kind string
		data *bytes.Buffer
	}{{"families", &fam}, {"members", &mem}, {"measurements", &ms}} {
		if _, err := importer.Run(ctx, db, f.kind, f.data, f.kind+".csv", importer.Options{Score: tables.Score}); err != nil {
			t.Fatalf("import %s: %v", f.kind, err)
		}
	}
	for i, k := range []kampungkb.Kampung{
		{Name: "Kampung KB Desa", VillageCode: "52.03.13.2007", Coverage: "desa"},
		{Name: "Kampung KB RW", VillageCode: "52.03.13.2008", Coverage: "rw", CoverageDetail: "RW 01, 2"},
		{Name: "Kampung KB Dusun", VillageCode: "52.03.13.2009", Coverage: "dusun"},
	} {
		if k.Coverage == "dusun" {
			fams, _, err := db.Families(ctx, kampungkb.Filter{Region: k.VillageCode, Limit: 1})
			if err != nil || len(fams) == 0 {
				t.Fatalf("no family in %s: %v", k.VillageCode, err)
			}
			k.CoverageDetail = fams[0].Dusun
		}
		k.LaunchDate = kampungkb.MustDate("2019-06-01")
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatalf("kampung %d: %v", i, err)
		}
	}
}

// compare checks that every report the roll-ups serve equals the one
// computed from the family tables: each kept date, each level, a scope,
// and the dashboards with their trend.
func compare(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if n, err := db.PendingVillages(ctx, "", ""); err != nil || n != 0 {
		t.Fatalf("pending villages: %d, %v", n, err)
	}
	scopes := []kampungkb.Scope{{}, {Region: "52.03.13.2008"}}
	for _, at := range rollup.Dates(today) {
		for _, q := range []struct {
			region string
			level  kampungkb.Level
		}{{"52.03.13", kampungkb.Desa}, {"52.03", kampungkb.Kecamatan}, {"52", kampungkb.Kabupaten},
			{"", kampungkb.Provinsi}, {"52.03.13", report.Kampung}} {
			for _, sc := range scopes {
				got, _, err := report.Indicators(ctx, db, q.region, q.level, at, sc)
				if err != nil {
					t.Fatal(err)
				}
				want, _, err := report.ScanIndicators(ctx, db, q.region, q.level, at, sc)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s level %v at %s scope %q:\nroll-ups %+v\nscratch  %+v", q.region, q.level, at, sc.Region, got, want)
				}
			}
		}
	}
	for _, p := range append(rollup.Periods(today), kampungkb.Period{From: kampungkb.NewDate(2026, 1, 1), To: today}) {
		for _, q := range []struct {
			region string
			level  kampungkb.Level
		}{{"52", kampungkb.Kabupaten}, {"52.03", kampungkb.Kecamatan}, {"52.03.13", kampungkb.Desa}, {"52.03.13", 0}} {
			for _, sc := range scopes {
				got, err := report.Prevalence(ctx, db, q.region, q.level, p, sc)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.Prevalence(ctx, q.region, q.level, p, sc)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok, err := rollup.PeriodReady(ctx, db, p); err != nil || !ok {
					t.Fatalf("period %v not read from the roll-ups: %v", p, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("prevalence %s level %v %v scope %q:\nroll-ups %+v\nscratch  %+v", q.region, q.level, p, sc.Region, got, want)
				}
			}
		}
	}
	if rows, err := report.Prevalence(ctx, db, "52.03", kampungkb.Desa, kampungkb.Period{From: today.AddDays(-29), To: today}, kampungkb.Scope{}); err != nil || len(rows) < 10 || rows[0].Children < 100 {
		t.Fatalf("generated data without measurements in the last month: %d rows, %v", len(rows), err)
	}
	for _, region := range []string{"52", "52.03.13", "52.03.13.2009"} {
		opt := report.DashboardOptions{TrendMonths: 12}
		got, err := report.BuildDashboard(ctx, db, region, today, kampungkb.Scope{}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !got.FromRollups {
			t.Fatalf("dashboard %s not from the roll-ups", region)
		}
		want, err := report.ScanDashboard(ctx, db, region, today, kampungkb.Scope{}, opt)
		if err != nil {
			t.Fatal(err)
		}
		got.FromRollups = false
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("dashboard %s:\nroll-ups %+v\nscratch  %+v", region, got, want)
		}
	}
}

// TestRollupsMatchScratch builds the roll-ups of generated data and checks
// every report against a computation from the family tables, then changes
// families, members, measurements and Kampung KB and checks again after
// Refresh, on both engines.
func TestRollupsMatchScratch(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		loadGenerated(t, db)
		if ok, err := rollup.Ready(ctx, db, today); err != nil || ok {
			t.Fatalf("ready before any build: %v %v", ok, err)
		}
		st, err := rollup.Rebuild(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Dates != 13 || st.Villages != 15 || st.Families < 1000 {
			t.Fatalf("rebuild: %+v", st)
		}
		compare(t, db)

		// Changes of every kind: each marks its village.
		fams, _, err := db.Families(ctx, kampungkb.Filter{Region: "52.03.13.2010", Limit: 3})
		if err != nil || len(fams) < 3 {
			t.Fatalf("families: %v", err)
		}
		moved := fams[0]
		moved.VillageCode = "52.03.13.2011"
		moved.Version = 0
		if err := db.UpdateFamily(ctx, &moved); err != nil {
			t.Fatal(err)
		}
		f1, err := db.Family(ctx, fams[1].FamilyID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range f1.Members {
			if m.Sex == "p" && m.MaritalStatus == "kawin" {
				m.KBMethod, m.KBReason = "", "tial"
				if err := db.SaveMember(ctx, &m, 0); err != nil {
					t.Fatal(err)
				}
				break
			}
		}
		nm := kampungkb.Member{FamilyID: fams[2].FamilyID, Name: "Bayi Baru", Sex: "l", BirthDate: today.AddDays(-40),
			Relation: "anak", MaritalStatus: "belum_kawin"}
		if err := db.SaveMember(ctx, &nm, 0); err != nil {
			t.Fatal(err)
		}
		child, err := db.ChildFromMember(ctx, nm.FamilyID, nm.MemberNo)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateChild(ctx, &child); err != nil {
			t.Fatal(err)
		}
		w, l, zl := 3.1, 47.0, -2.5
		m := kampungkb.Measurement{ChildID: child.ID, Date: today.AddDays(-3), WeightKg: &w, LenHeiCm: &l, Measure: "l"}
		m.Z.Len = &zl
		if err := db.AddMeasurement(ctx, &m); err != nil {
			t.Fatal(err)
		}
		// an oedema and a flagged measurement of other children, a month apart
		others, _, err := db.Children(ctx, kampungkb.Filter{Region: "52.03.13.2012", Limit: 2})
		if err != nil || len(others) < 2 {
			t.Fatalf("children: %v", err)
		}
		for i, c := range others {
			zw := -1.0
			x := kampungkb.Measurement{ChildID: c.ID, Date: today.AddDays(-35 * i), WeightKg: &w, LenHeiCm: &l, Measure: "h", Oedema: i == 0}
			x.Z.Wfl, x.Z.Wei, x.Z.FWfl = &zw, &zw, i == 1
			if err := db.AddMeasurement(ctx, &x); err != nil {
				t.Fatal(err)
			}
		}
		k := kampungkb.Kampung{Name: "Kampung KB Baru", VillageCode: "52.03.13.2011", Coverage: "desa", LaunchDate: today.AddDays(-10)}
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		n, err := db.PendingVillages(ctx, "", "")
		if err != nil || n != 3 {
			t.Fatalf("pending after changes in 3 villages: %d, %v", n, err)
		}
		// A server's dashboard reads the roll-ups meanwhile and says how
		// many villages wait; without a worker, it refreshes them first.
		d, err := report.BuildDashboard(ctx, db, "52.03.13", today, kampungkb.Scope{}, report.DashboardOptions{AcceptPending: true})
		if err != nil || !d.FromRollups || d.Pending != 3 {
			t.Fatalf("dashboard while 3 villages wait: from roll-ups %v, pending %d, %v", d != nil && d.FromRollups, d.Pending, err)
		}
		st, err = rollup.Refresh(ctx, db, "")
		if err != nil || st.Villages != 3 {
			t.Fatalf("refresh: %+v, %v", st, err)
		}
		compare(t, db)
	})
}

// TestWriteRollupsSkipsOlderState checks the protocol between builders:
// a build that read a village before a later build of it was written is
// not written, and the village is marked again.
func TestWriteRollupsSkipsOlderState(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		loadGenerated(t, db)
		if _, err := rollup.Rebuild(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		v := "52.03.13.2007"
		seen, err := db.RollupSeen(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		f, err := db.Family(ctx, mustFirstFamily(t, db, v))
		if err != nil {
			t.Fatal(err)
		}
		f.Version = 0
		f.Address = "Jalan baru"
		if err := db.UpdateFamily(ctx, &f); err != nil { // marks v: gen + 1
			t.Fatal(err)
		}
		if _, err := rollup.Refresh(ctx, db, ""); err != nil { // builds the later state
			t.Fatal(err)
		}
		stale := &sqldb.RollupBuild{Dates: []kampungkb.Date{today}, RuleVersions: []string{indicator.For(today).Version},
			Villages: []string{v}, Seen: map[string]int64{v: seen[v]}, MarkBuilt: true,
			Rows: []sqldb.VillageRollup{{At: today, VillageCode: v, Counts: indicator.Counts{Families: 1}}}}
		skipped, err := db.WriteRollups(ctx, stale)
		if err != nil {
			t.Fatal(err)
		}
		if len(skipped) != 1 || skipped[0] != v {
			t.Fatalf("skipped %v, want [%s]", skipped, v)
		}
		rows, err := db.VillageRollups(ctx, today, v, "")
		if err != nil || len(rows) != 1 || rows[0].Counts.Families == 1 {
			t.Fatalf("the older state was written: %+v, %v", rows, err)
		}
		if n, _ := db.PendingVillages(ctx, v, ""); n != 1 {
			t.Fatalf("skipped village not marked again: %d pending", n)
		}
		if _, err := rollup.Refresh(ctx, db, ""); err != nil {
			t.Fatal(err)
		}
		compare(t, db)
	})
}

func mustFirstFamily(t *testing.T, db *sqldb.DB, village string) string {
	t.Helper()
	fams, _, err := db.Families(ctx, kampungkb.Filter{Region: village, Limit: 1})
	if err != nil || len(fams) == 0 {
		t.Fatalf("no family in %s: %v", village, err)
	}
	return fams[0].FamilyID
}

// TestWorker checks that a server's worker builds the kept dates on start
// and shows a change on the dashboard within a second.
func TestWorker(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		loadGenerated(t, db)
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		w := &rollup.Worker{DB: db, Every: time.Hour, Logf: t.Logf}
		go w.Run(wctx)
		deadline := time.Now().Add(30 * time.Second)
		for {
			ok, err := rollup.Ready(ctx, db, rollup.Dates(today)...)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("worker did not build the kept dates in 30 s")
			}
			time.Sleep(20 * time.Millisecond)
		}
		v := "52.03.13.2012"
		before, err := db.VillageRollups(ctx, today, v, "")
		if err != nil || len(before) != 1 {
			t.Fatalf("%+v %v", before, err)
		}
		nf := kampungkb.Family{VillageCode: v}
		start := time.Now()
		if err := db.CreateFamily(ctx, &nf); err != nil {
			t.Fatal(err)
		}
		for {
			after, err := db.VillageRollups(ctx, today, v, "")
			if err != nil {
				t.Fatal(err)
			}
			if after[0].Counts.Families == before[0].Counts.Families+1 {
				break
			}
			if time.Since(start) > time.Second {
				t.Fatalf("a new family not in the roll-ups after %v", time.Since(start))
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Logf("a new family reached the roll-ups in %v", time.Since(start).Round(time.Millisecond))
	})
}

func TestKeptPeriod(t *testing.T) {
	today := kampungkb.MustDate("2026-11-28")
	for _, tt := range []struct {
		from, to string
		want     string // "from to" of the kept period, "" when none
	}{
		{"2026-01-01", "2026-11-28", "2026-01-01 2026-12-31"}, // this year up to today: the page's default
		{"2026-01-01", "2026-12-31", "2026-01-01 2026-12-31"},
		{"2026-01-01", "2026-11-27", ""}, // ends before today: another period
		{"2025-01-01", "2025-12-31", "2025-01-01 2025-12-31"},
		{"2026-11-01", "2026-11-28", "2026-11-01 2026-11-30"},
		{"2026-10-01", "2026-10-31", "2026-10-01 2026-10-31"},
		{"2025-12-01", "2025-12-31", "2025-12-01 2025-12-31"},
		{"2025-11-01", "2025-11-30", ""}, // 13 months back
		{"2026-10-01", "2026-10-30", ""},
		{"2026-01-01", "2027-01-01", ""},
	} {
		k, ok := rollup.KeptPeriod(kampungkb.Period{From: kampungkb.MustDate(tt.from), To: kampungkb.MustDate(tt.to)}, today)
		got := ""
		if ok {
			got = k.From.String() + " " + k.To.String()
		}
		if got != tt.want {
			t.Errorf("%s – %s: kept %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestLatestReady checks the dashboard's default date while a new day's
// roll-ups are being built: the latest day built, with its trend.
func TestLatestReady(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		loadGenerated(t, db)
		if _, ok, err := rollup.LatestReady(ctx, db, today); err != nil || ok {
			t.Fatalf("ready before any build: %v %v", ok, err)
		}
		yesterday := today.AddDays(-1)
		if _, err := rollup.Rebuild(ctx, db, rollup.Dates(yesterday)); err != nil {
			t.Fatal(err)
		}
		at, ok, err := rollup.LatestReady(ctx, db, today)
		if err != nil || !ok || at != yesterday {
			t.Fatalf("latest ready before today's build: %s %v %v, want %s", at, ok, err, yesterday)
		}
		if _, err := rollup.Rebuild(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		if at, ok, err := rollup.LatestReady(ctx, db, today); err != nil || !ok || at != today {
			t.Fatalf("latest ready after today's build: %s %v %v", at, ok, err)
		}
	})
}
