package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// chunkFamilies is more than two chunks of an import (pipeChunk is 1000),
// so that lookups, duplicates and changes cross chunk boundaries.
const chunkFamilies = 2600

// chunkData returns families over villages, two members each (a mother and
// her child) and two measurements of each child.
func chunkData(villages []string) ([]kampungkb.Family, []kampungkb.Member, []sqldb.MeasurementRow) {
	var fs []kampungkb.Family
	var ms []kampungkb.Member
	var rs []sqldb.MeasurementRow
	for i := range chunkFamilies {
		id := fmt.Sprintf("C%05d", i)
		fs = append(fs, kampungkb.Family{FamilyID: id, VillageCode: villages[i*len(villages)/chunkFamilies],
			Address: fmt.Sprintf("Jalan %d", i), WaterSource: "ledeng"})
		ms = append(ms,
			kampungkb.Member{FamilyID: id, MemberNo: 1, Name: "Ibu " + id, Sex: "p", BirthDate: kampungkb.MustDate("1995-01-01"),
				Relation: "kepala", MaritalStatus: "kawin"},
			kampungkb.Member{FamilyID: id, MemberNo: 2, Name: "Anak " + id, Sex: "l", BirthDate: kampungkb.MustDate("2025-01-01"),
				Relation: "anak", MaritalStatus: "belum_kawin"})
		for _, d := range []string{"2026-01-10", "2026-02-10"} {
			rs = append(rs, sqldb.MeasurementRow{FamilyID: id, MemberNo: 2, Measurement: kampungkb.Measurement{
				Date: kampungkb.MustDate(d), WeightKg: floatp(9), LenHeiCm: floatp(75), Measure: "l"}})
		}
	}
	return fs, ms, rs
}

// TestImportChunks checks imports whose rows span several chunks on both
// engines (COPY on PostgreSQL): counts, idempotent re-imports, a change in
// a later chunk, duplicates in different chunks, a database error in a
// later chunk (nothing changes), and the roll-up marks of each import.
func TestImportChunks(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		testutil.MustLoadRegions(t, db, "52.03.13")
		var villages []string
		for _, r := range testutil.Regions(t, "52.03.13") {
			if r.Level == kampungkb.Desa && len(villages) < 3 {
				villages = append(villages, r.Code)
			}
		}
		fs, ms, rs := chunkData(villages)
		last := villages[len(villages)-1] // the village of the later chunks' families
		gens := func() map[string]int64 {
			t.Helper()
			ds, err := db.DirtyVillages(ctx, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]int64{}
			for _, d := range ds {
				m[d.VillageCode] = d.Gen
			}
			return m
		}
		// marked checks which villages an import marked.
		marked := func(before map[string]int64, want ...string) {
			t.Helper()
			after := gens()
			var got []string
			for _, v := range villages {
				if after[v] > before[v] {
					got = append(got, v)
				}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("marked %v, want %v", got, want)
			}
		}
		none := sqldb.ImportOptions{}
		families := func(fs []kampungkb.Family, want sqldb.ImportResult) {
			t.Helper()
			res, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fs), none)
			if err != nil || res != want {
				t.Fatalf("import families: %+v %v, want %+v", res, err, want)
			}
		}
		n := chunkFamilies

		g := gens()
		families(fs, sqldb.ImportResult{Read: n, Inserted: n})
		marked(g, villages...)
		g = gens()
		families(fs, sqldb.ImportResult{Read: n, Unchanged: n})
		marked(g)

		// A change in the third chunk is found, stored, and marks every
		// village (the family may have moved).
		changed := append([]kampungkb.Family(nil), fs...)
		changed[2300].Address = "Jalan Baru"
		g = gens()
		families(changed, sqldb.ImportResult{Read: n, Updated: 1, Unchanged: n - 1})
		marked(g, villages...)
		families(changed, sqldb.ImportResult{Read: n, Unchanged: n})

		// A duplicate in another chunk, and a database error (unknown
		// village) in a later chunk, change nothing, not even the rows
		// written before.
		dup := append(append([]kampungkb.Family(nil), fs...), fs[5])
		if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(dup), none); kampungkb.ErrorKind(err) != kampungkb.Invalid ||
			!strings.Contains(err.Error(), "muncul lebih dari sekali") {
			t.Errorf("duplicate across chunks: %v", err)
		}
		bad := append([]kampungkb.Family(nil), fs...)
		bad = append(bad, kampungkb.Family{FamilyID: "NEW1", VillageCode: villages[0]},
			kampungkb.Family{FamilyID: "NEW2", VillageCode: "52.03.13.9999"})
		g = gens()
		if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(bad), none); err == nil {
			t.Error("family of an unknown village imported")
		}
		marked(g)
		families(changed, sqldb.ImportResult{Read: n, Unchanged: n})

		// Members: the same over 5,200 rows.
		members := func(ms []kampungkb.Member, want sqldb.ImportResult) {
			t.Helper()
			res, err := db.ImportMembers(ctx, sqldb.MembersOf(ms), none)
			if err != nil || res != want {
				t.Fatalf("import members: %+v %v, want %+v", res, err, want)
			}
		}
		g = gens()
		members(ms, sqldb.ImportResult{Read: 2 * n, Inserted: 2 * n})
		marked(g, villages...)
		g = gens()
		members(ms, sqldb.ImportResult{Read: 2 * n, Unchanged: 2 * n})
		marked(g)
		cm := append([]kampungkb.Member(nil), ms...)
		cm[5001].Name = "Anak Baru"
		g = gens()
		members(cm, sqldb.ImportResult{Read: 2 * n, Updated: 1, Unchanged: 2*n - 1})
		marked(g, last)
		members(cm, sqldb.ImportResult{Read: 2 * n, Unchanged: 2 * n})
		if _, err := db.ImportMembers(ctx, sqldb.MembersOf(append(append([]kampungkb.Member(nil), cm...), cm[3])), none); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("duplicate member across chunks: %v", err)
		}
		badm := append(append([]kampungkb.Member(nil), ms...), kampungkb.Member{FamilyID: "NOPE", MemberNo: 1, Name: "X",
			Sex: "l", BirthDate: kampungkb.MustDate("2000-01-01")})
		if _, err := db.ImportMembers(ctx, sqldb.MembersOf(badm), none); err == nil {
			t.Error("member of an unknown family imported")
		}
		members(cm, sqldb.ImportResult{Read: 2 * n, Unchanged: 2 * n})

		// Measurements: children are made once, in batches; the mother's
		// name comes from the family.
		measurements := func(rs []sqldb.MeasurementRow, opt sqldb.ImportOptions, want sqldb.MeasurementResult) {
			t.Helper()
			res, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rs), opt)
			if err != nil || res != want {
				t.Fatalf("import measurements: %+v %v, want %+v", res, err, want)
			}
		}
		all := sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2 * n, Inserted: 2 * n}, ChildrenCreated: n}
		measurements(rs, sqldb.ImportOptions{DryRun: true}, all)
		g = gens()
		measurements(rs, none, all)
		marked(g, villages...)
		cs, total, err := db.Children(ctx, kampungkb.Filter{})
		if err != nil || total != n {
			t.Fatalf("%d children, %v", total, err)
		}
		for _, c := range cs {
			if c.MotherName != "Ibu "+c.FamilyID || c.Name != "Anak "+c.FamilyID || c.MemberNo != 2 {
				t.Fatalf("child %+v", c)
			}
		}
		g = gens()
		measurements(rs, none, sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2 * n, Unchanged: 2 * n}})
		marked(g)
		cr := append([]sqldb.MeasurementRow(nil), rs...)
		cr[4001].WeightKg = floatp(9.5)
		g = gens()
		measurements(cr, none, sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2 * n, Updated: 1, Unchanged: 2*n - 1}})
		marked(g, last)
		measurements(cr, sqldb.ImportOptions{DryRun: true}, sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2 * n, Unchanged: 2 * n}})
		if _, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(append(append([]sqldb.MeasurementRow(nil), cr...), cr[7])), none); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("duplicate measurement across chunks: %v", err)
		}
		// A new measurement, then one of a member without a record: nothing
		// is kept.
		badr := append([]sqldb.MeasurementRow(nil), cr...)
		badr[0].Date = kampungkb.MustDate("2026-03-10")
		badr = append(badr, sqldb.MeasurementRow{FamilyID: fs[0].FamilyID, MemberNo: 9, Measurement: cr[0].Measurement})
		if _, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(badr), none); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("unknown member: %v", err)
		}
		measurements(cr, none, sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2 * n, Unchanged: 2 * n}})
	})
}

// TestImportIntoEmptyTables checks the bulk load of an import into empty
// tables (on SQLite the plain indexes are dropped for the load and built
// again at the end): afterwards the tables have the same indexes as
// before, a failed import leaves them (and the table) as they were, and
// the rebuilt indexes answer lookups.
func TestImportIntoEmptyTables(t *testing.T) {
	for _, d := range testutil.Engines() {
		t.Run(string(d), func(t *testing.T) {
			db := openKeyDB(t, d, testutil.MustDSN(t, d))
			ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
			testutil.MustLoadRegions(t, db.DB, "52.03.13")
			var villages []string
			for _, r := range testutil.Regions(t, "52.03.13") {
				if r.Level == kampungkb.Desa && len(villages) < 3 {
					villages = append(villages, r.Code)
				}
			}
			q := `SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
				AND tbl_name IN ('families', 'members', 'measurements') ORDER BY name`
			if d == sqldb.Postgres {
				q = `SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
					AND tablename IN ('families', 'members', 'measurements') ORDER BY indexname`
			}
			indexes := func() string {
				t.Helper()
				rows, err := db.raw.Query(q)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				var out []string
				for rows.Next() {
					var s string
					if err := rows.Scan(&s); err != nil {
						t.Fatal(err)
					}
					out = append(out, s)
				}
				return strings.Join(out, "\n")
			}
			want := indexes()
			if !strings.Contains(want, "families_no_kk") || !strings.Contains(want, "members_nik") || !strings.Contains(want, "measurements_date") {
				t.Fatalf("indexes before the imports:\n%s", want)
			}
			fs, ms, rs := chunkData(villages)
			for i := range ms {
				ms[i].NIK = fmt.Sprintf("52031301%08d", i)
			}
			none := sqldb.ImportOptions{}

			// A database error in a later chunk: nothing is kept, the
			// indexes included.
			bad := append(append([]kampungkb.Family(nil), fs...), kampungkb.Family{FamilyID: "NEW2", VillageCode: "52.03.13.9999"})
			if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(bad), none); err == nil {
				t.Fatal("family of an unknown village imported")
			}
			if got := indexes(); got != want {
				t.Errorf("indexes after a failed import:\n%s\nwant\n%s", got, want)
			}
			if _, n, err := db.Families(ctx, kampungkb.Filter{}); err != nil || n != 0 {
				t.Fatalf("%d families after a failed import, %v", n, err)
			}

			if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fs), none); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportMembers(ctx, sqldb.MembersOf(ms), none); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rs), none); err != nil {
				t.Fatal(err)
			}
			if got := indexes(); got != want {
				t.Errorf("indexes after the imports:\n%s\nwant\n%s", got, want)
			}
			// The rebuilt NIK index holds every member.
			var n int
			if err := db.raw.QueryRow(`SELECT count(*) FROM members WHERE nik >= '52031301' AND nik < '52031302'`).Scan(&n); err != nil || n != len(ms) {
				t.Errorf("%d members by NIK, want %d (%v)", n, len(ms), err)
			}
			got, total, err := db.Families(ctx, kampungkb.Filter{Q: ms[4001].NIK})
			if err != nil || total != 1 || got[0].FamilyID != ms[4001].FamilyID {
				t.Errorf("search by NIK: %d families %v, want %s", total, err, ms[4001].FamilyID)
			}
		})
	}
}
