package report_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/gen"
	"kampungkb/growth"
	"kampungkb/importer"
	"kampungkb/internal/testutil"
	"kampungkb/report"
	"kampungkb/sqldb"
)

// BenchmarkIndicators measures the target: the programme
// indicators of a kabupaten the size of Lombok Timur (the gen command's
// "kabupaten" scale, seed 1: 254 villages, ~440,000 families, ~1.46
// million members, ~530,000 measurements) for every village and level
// compute in at most 5 s on SQLite.
//
// Each engine first builds the database once through the real importers
// (a few minutes), then times report.Indicators at each level: desa,
// kecamatan, kabupaten (over province 52, of which only Lombok Timur is
// loaded) and kampung (one Kampung KB in every village, a third each
// covering the desa, some RW or a dusun).
//
// The baseline, measured in the same run right before every timed run, is
// the floor: one plain database/sql pass, on one connection with the
// driver's default settings, reading every family, member and measurement
// row of 52.03 with the columns the indicators need into sql.RawBytes,
// computing nothing. Each level reports the median of its runs (s-median;
// use at least -benchtime 3x), the floor's median (s-floor), the median
// ratio of run to floor (x-floor) and the peak live Go heap during the
// runs (MB-peak-heap). Run it as
//
//	KAMPUNGKB_TEST_POSTGRES=postgres://... go test -run x -bench Indicators -benchtime 3x -timeout 60m ./report
func BenchmarkIndicators(b *testing.B) {
	dir := b.TempDir()
	regions := testutil.Regions(b)
	start := time.Now()
	writeLombokTimur(b, dir, regions)
	b.Logf("generated Lombok Timur in %v", time.Since(start).Round(time.Millisecond))
	tables, err := growth.Load(os.DirFS(filepath.Join(testutil.SharedDir(b), "who-growth")))
	if err != nil {
		b.Fatal(err)
	}
	at := kampungkb.DateOf(gen.DefaultAt)
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db := testutil.MustOpenDB(b, d)
			// The importers refuse dates after "today": today is the data's
			// reference date, whatever the machine's clock says.
			db.Now = func() time.Time { return gen.DefaultAt.Add(12 * time.Hour) }
			db.Location = time.UTC
			start := time.Now()
			testutil.MustLoadRegions(b, db, "52.03")
			importLombokTimur(b, db, dir, tables)
			kampung := createKampung(b, db, regions)
			b.Logf("%s: imported and %d Kampung KB created in %v", d, kampung, time.Since(start).Round(time.Second))

			floor := func() { readFloor(b, db, "52.03") }
			for _, c := range []struct {
				name   string
				region string
				level  kampungkb.Level
				rows   int
			}{
				{"desa", "52.03", kampungkb.Desa, 254},
				{"kecamatan", "52.03", kampungkb.Kecamatan, 21},
				{"kabupaten", "52", kampungkb.Kabupaten, 1},
				{"kampung", "52.03", report.Kampung, kampung},
			} {
				b.Run(c.name, func(b *testing.B) {
					timed(b, floor, func() {
						rows, _, err := report.Indicators(context.Background(), db, c.region, c.level, at, kampungkb.Scope{})
						if err != nil {
							b.Fatal(err)
						}
						if len(rows) != c.rows {
							b.Fatalf("%d rows, want %d", len(rows), c.rows)
						}
					})
				})
			}
		})
	}
}

// timed runs floor, untimed, then fn, timed, once per b.Loop iteration.
// It reports the median time of fn in seconds (s-median), the median of
// the floor (s-floor), the median of the ratios fn/floor of each iteration
// (x-floor: the machine is shared, and a floor run right before each run
// makes the ratio resist the load others put on it) and the peak live
// heap seen while fn ran (MB-peak-heap).
func timed(b *testing.B, floor, fn func()) {
	b.Helper()
	var times, floors, ratios []float64
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		floor()
		floors = append(floors, time.Since(start).Seconds())
		b.StartTimer()
		stop := samplePeakHeap(&peak)
		start = time.Now()
		fn()
		times = append(times, time.Since(start).Seconds())
		stop()
		ratios = append(ratios, times[len(times)-1]/floors[len(floors)-1])
	}
	b.ReportMetric(median(times), "s-median")
	b.ReportMetric(median(floors), "s-floor")
	b.ReportMetric(median(ratios), "x-floor")
	b.ReportMetric(float64(peak)/1e6, "MB-peak-heap")
}

// median returns the median of xs (sorting xs).
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[n/2]
}

// samplePeakHeap samples the bytes of live and not yet swept heap objects
// every 5 ms into *peak until the returned stop is called
// (runtime/metrics reads them without stopping the world).
func samplePeakHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// writeLombokTimur writes families.csv, members.csv and measurements.csv
// of Lombok Timur into dir as "kampungkb gen --scale kabupaten --seed 1"
// does.
func writeLombokTimur(b *testing.B, dir string, regions []kampungkb.Region) {
	b.Helper()
	cfg := gen.Config{Scale: "kabupaten", Seed: 1}
	pop, err := os.Open(filepath.Join(testutil.WilayahDir(b), "ntb_regency_stats.csv"))
	if err != nil {
		b.Fatal(err)
	}
	cfg.Population, err = gen.ReadPopulation(pop)
	pop.Close()
	if err != nil {
		b.Fatal(err)
	}
	var files []*os.File
	var writers []*bufio.Writer
	for _, n := range []string{"families.csv", "members.csv", "measurements.csv"} {
		f, err := os.Create(filepath.Join(dir, n))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, f)
		writers = append(writers, bufio.NewWriterSize(f, 1<<20))
	}
	st, err := gen.Generate(cfg, regions, gen.Writers{Families: writers[0], Members: writers[1], Measurements: writers[2]})
	if err != nil {
		b.Fatal(err)
	}
	for i, w := range writers {
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		files[i].Close()
	}
	if st.Villages != 254 || st.Families < 400_000 || st.Members < 1_400_000 || st.Measurements < 500_000 {
		b.Fatalf("not Lombok Timur-sized: %+v", st)
	}
}

// importLombokTimur imports dir's files as "kampungkb import" does.
func importLombokTimur(b *testing.B, db *sqldb.DB, dir string, tables *growth.Tables) {
	b.Helper()
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	for _, kind := range []string{"families", "members", "measurements"} {
		f, err := os.Open(filepath.Join(dir, kind+".csv"))
		if err != nil {
			b.Fatal(err)
		}
		res, err := importer.Run(ctx, db, kind, bufio.NewReaderSize(f, 1<<20), kind+".csv", importer.Options{Score: tables.Score})
		f.Close()
		if err != nil {
			b.Fatalf("import %s: %v", kind, err)
		}
		if res.Inserted == 0 {
			b.Fatalf("import %s: nothing inserted", kind)
		}
	}
}

// createKampung creates one Kampung KB in every village of 52.03 that has
// families, covering in turn the whole desa, RW 1 and 3, and the dusun of
// one of its families, so that the kampung level exercises every coverage.
// It returns how many it created.
func createKampung(b *testing.B, db *sqldb.DB, regions []kampungkb.Region) int {
	b.Helper()
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	n := 0
	for _, r := range regions {
		if r.Level != kampungkb.Desa || !kampungkb.InRegion(r.Code, "52.03") {
			continue
		}
		fams, _, err := db.Families(ctx, kampungkb.Filter{Region: r.Code, Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		if len(fams) == 0 {
			continue
		}
		k := kampungkb.Kampung{Name: "Kampung KB " + r.Name, VillageCode: r.Code, Coverage: "desa",
			LaunchDate: kampungkb.MustDate("2019-06-01")}
		switch n % 3 {
		case 1:
			k.Coverage, k.CoverageDetail = "rw", "RW 01, 3"
		case 2:
			k.Coverage, k.CoverageDetail = "dusun", "Dusun "+fams[0].Dusun
		}
		if err := db.CreateKampung(ctx, &k); err != nil {
			b.Fatalf("create kampung in %s: %v", r.Code, err)
		}
		n++
	}
	return n
}

// readFloor reads every family, member and measurement row of region with
// the columns the indicators need, on one plain connection of its own,
// scanning into sql.RawBytes: the least any report over those rows must
// do through database/sql.
func readFloor(b *testing.B, db *sqldb.DB, region string) {
	b.Helper()
	driver, dsn := "pgx", db.Source()
	if db.Dialect() == sqldb.SQLite {
		driver, dsn = "sqlite", "file:"+db.Source()+"?_pragma=query_only(1)"
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	// region is a constant of the benchmark: quoting it inline keeps the
	// queries free of the engines' different placeholders.
	in := fmt.Sprintf(`(f.village_code = '%[1]s' OR (f.village_code >= '%[1]s.' AND f.village_code < '%[1]s/'))`, region)
	for _, q := range []string{
		`SELECT f.family_id, f.village_code, f.dusun, f.rw, f.water_source, f.toilet, f.welfare_decile FROM families f WHERE ` + in,
		`SELECT m.family_id, m.member_no, m.sex, m.birth_date, m.marital_status, m.marriage_age, m.pregnant, m.children_born,
			m.last_birth_date, m.kb_method, m.kb_reason FROM members m JOIN families f ON f.family_id = m.family_id WHERE ` + in,
		`SELECT c.family_id, c.member_no, ms.date, ms.zlen, ms.flen FROM measurements ms JOIN children c ON c.id = ms.child_id
			JOIN families f ON f.family_id = c.family_id WHERE ` + in,
	} {
		rows, err := conn.Query(q)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := rows.Columns()
		dest := make([]any, len(cols))
		for i := range dest {
			dest[i] = new(sql.RawBytes)
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		if n == 0 {
			b.Fatalf("floor read no rows: %s", q)
		}
	}
}
