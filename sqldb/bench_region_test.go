package sqldb_test

import (
	"os"
	"testing"

	"kampungkb/exchange"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// BenchmarkRegionImport measures importing every Indonesian region
// (91,599 rows of ../shared/wilayah) into an empty database on each engine,
// next to its floor: parsing and checking the same files without a
// database. Report import/parse as the ratio.
//
//	go test -run x -bench RegionImport -benchtime 3x ./sqldb
func BenchmarkRegionImport(b *testing.B) {
	dir := testutil.WilayahDir(b)
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			rs, err := exchange.ReadRegions(os.DirFS(dir), nil)
			if err != nil || len(rs) != 91599 {
				b.Fatalf("%d regions, %v", len(rs), err)
			}
		}
	})
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := testutil.MustOpenDB(b, d)
				b.StartTimer()
				rs, err := exchange.ReadRegions(os.DirFS(dir), nil)
				if err != nil {
					b.Fatal(err)
				}
				res, err := db.ImportRegions(ctx, rs)
				if err != nil || res.Inserted != 91599 {
					b.Fatalf("%+v %v", res, err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
	_ = sqldb.SQLite
}
