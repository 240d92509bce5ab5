package sqldb_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// BenchmarkActivities measures the first page (50 rows, with Kampung KB and
// partner refs) of the activity list over 20,000 activities in 250 Kampung
// KB of Lombok Timur: unfiltered, in one kecamatan, in the whole kabupaten
// (a district's default view) and for one partner.
// Besides ns/op it reports the median and 95th percentile of single calls.
func BenchmarkActivities(b *testing.B) {
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db, partners := seedBench(b, d)
			for _, c := range []struct {
				name string
				f    kampungkb.Filter
			}{
				{"all", kampungkb.Filter{}},
				{"region", kampungkb.Filter{Region: "52.03.07"}},        // a kecamatan: 12 of 250 Kampung KB
				{"region-kabupaten", kampungkb.Filter{Region: "52.03"}}, // every Kampung KB
				{"partner", kampungkb.Filter{PartnerID: partners[7]}},
			} {
				b.Run(c.name, func(b *testing.B) {
					var times []time.Duration
					for b.Loop() {
						t0 := time.Now()
						rows, total, err := db.Activities(ctx, c.f)
						times = append(times, time.Since(t0))
						if err != nil || len(rows) != 50 || total < 50 {
							b.Fatalf("%d rows, total %d, %v", len(rows), total, err)
						}
					}
					sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
					b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
					b.ReportMetric(float64(times[len(times)*95/100].Nanoseconds()), "p95-ns")
				})
			}
		})
	}
}

// BenchmarkReports measures the coverage report, the partner matrix and
// the partner summaries of Lombok Timur for one year over the data of
// BenchmarkActivities.
func BenchmarkReports(b *testing.B) {
	year := kampungkb.Period{From: kampungkb.MustDate("2023-01-01"), To: kampungkb.MustDate("2023-12-31")}
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db, _ := seedBench(b, d)
			b.Run("coverage", func(b *testing.B) {
				for b.Loop() {
					if r, err := db.Coverage(ctx, "52.03", year, kampungkb.Scope{}); err != nil || r.Total != 250 {
						b.Fatal(r.Total, err)
					}
				}
			})
			b.Run("matrix", func(b *testing.B) {
				for b.Loop() {
					if m, err := db.PartnerMatrix(ctx, "52.03", year, kampungkb.Scope{}); err != nil || len(m.Rows) < 40 {
						b.Fatal(len(m.Rows), err)
					}
				}
			})
			b.Run("summaries", func(b *testing.B) {
				for b.Loop() {
					if s, err := db.PartnerSummaries(ctx, "52.03", year, kampungkb.Scope{}); err != nil || len(s) < 40 {
						b.Fatal(len(s), err)
					}
				}
			})
		})
	}
}

// seedBench returns a database of engine d with 20,000 activities over 250
// Kampung KB of Lombok Timur and 60 partners, and the partners' ids.
func seedBench(b *testing.B, d sqldb.Dialect) (*sqldb.DB, []int64) {
	b.Helper()
	db := testutil.MustOpenDB(b, d)
	testutil.MustLoadRegions(b, db, "52.03")
	var kampung []int64
	for _, v := range testutil.Regions(b, "52.03") {
		if v.Level == kampungkb.Desa && len(kampung) < 250 {
			kampung = append(kampung, sqldb.SeedKampung(b, db, "Kampung KB "+v.Name, v.Code))
		}
	}
	var partners []int64
	for i := range 60 {
		p := kampungkb.Partner{Name: fmt.Sprintf("Mitra %02d", i), Category: "lsm"}
		if err := db.CreatePartner(ctx, &p); err != nil {
			b.Fatal(err)
		}
		partners = append(partners, p.ID)
	}
	start := time.Now()
	sqldb.SeedActivities(b, db, 20000, kampung, partners)
	b.Logf("%s: seeded 20,000 activities over %d Kampung KB in %v", d, len(kampung), time.Since(start).Round(time.Millisecond))
	return db, partners
}
