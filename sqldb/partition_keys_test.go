package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/report"
	"kampungkb/sqldb"
)

// Members live in their family's village and measurements in their
// child's (migration 0008): village_code is the partition key of the
// national plan (docs/scaling.md). These tests check that every write
// keeps it so, and that the keyed schema partitions by configuration.

// keyDB is a database with a second, plain connection for checks and
// scripts that the storage layer does not offer.
type keyDB struct {
	*sqldb.DB
	raw *sql.DB
	dsn string
}

func openKeyDB(t *testing.T, d sqldb.Dialect, dsn string) keyDB {
	t.Helper()
	db, err := sqldb.OpenMigrated(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	driver := "sqlite"
	if d == sqldb.Postgres {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return keyDB{db, raw, dsn}
}

// checkVillageKeys fails unless every member's village_code is its
// family's and every measurement's its child's, and every row of the big
// tables has its village's province_code.
func checkVillageKeys(t *testing.T, db keyDB, step string) {
	t.Helper()
	for _, q := range []struct{ what, sql string }{
		{"members", `SELECT count(*) FROM members m JOIN families f ON f.family_id = m.family_id WHERE m.village_code <> f.village_code`},
		{"members", `SELECT count(*) FROM members WHERE village_code = '' OR family_id NOT IN (SELECT family_id FROM families)`},
		{"measurements", `SELECT count(*) FROM measurements m JOIN children c ON c.id = m.child_id WHERE m.village_code <> c.village_code`},
		{"measurements", `SELECT count(*) FROM measurements WHERE village_code = '' OR child_id NOT IN (SELECT id FROM children)`},
		{"children", `SELECT count(*) FROM children c JOIN families f ON f.family_id = c.family_id WHERE c.village_code <> f.village_code`},
	} {
		var n int
		if err := db.raw.QueryRow(q.sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if n != 0 {
			t.Errorf("after %s: %d %s in another village than their family's or child's", step, n, q.what)
		}
	}
	// Every row's province_code is its village's province (migration 0009).
	for _, table := range []string{"families", "members", "children", "measurements"} {
		var n, rows int
		if err := db.raw.QueryRow(`SELECT count(*), COALESCE(sum(CASE WHEN province_code = substr(village_code, 1, 2)
			AND length(province_code) = 2 THEN 0 ELSE 1 END), 0) FROM `+table).Scan(&rows, &n); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if n != 0 {
			t.Errorf("after %s: %d of %d %s with a province_code that is not their village's province", step, n, rows, table)
		}
	}
}

// villageOf returns the village_code of the row query finds.
func villageOf(t *testing.T, db keyDB, query string, args ...any) string {
	t.Helper()
	if strings.HasPrefix(db.dsn, "postgres") {
		query = strings.Replace(strings.Replace(query, "?", "$1", 1), "?", "$2", 1)
	}
	var v string
	if err := db.raw.QueryRow(query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

// keyVillages loads the regions of the key tests and returns three
// villages of NTB (52.03.13) and one of Bali (51.71.01).
func keyVillages(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	testutil.MustLoadRegions(t, db, "52.03.13", "51.71.01")
	var vs []string
	for _, prefix := range []string{"52.03.13", "51.71.01"} {
		for _, r := range testutil.Regions(t, prefix) {
			if r.Level == kampungkb.Desa && (len(vs) < 3 || prefix == "51.71.01" && len(vs) < 4) {
				vs = append(vs, r.Code)
			}
		}
	}
	if len(vs) != 4 {
		t.Fatalf("villages %v", vs)
	}
	return vs
}

// exerciseWrites runs every kind of write to members and measurements,
// checking the village keys after each: imports (first and again, with a
// family moving), forms (family, member, child, measurement), a family's
// and a child's move. between runs after the first families and members
// are imported and returns the database to go on with (the partition test
// partitions there). It returns the database it ended with.
func exerciseWrites(t *testing.T, db keyDB, vs []string, between func(keyDB) keyDB) keyDB {
	t.Helper()
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	none := sqldb.ImportOptions{}
	fs, ms, rs := chunkData(vs)
	if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fs), none); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMembers(ctx, sqldb.MembersOf(ms), none); err != nil {
		t.Fatal(err)
	}
	checkVillageKeys(t, db, "first imports of families and members")
	if between != nil {
		db = between(db)
		checkVillageKeys(t, db, "partitioning")
	}
	if _, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rs), none); err != nil {
		t.Fatal(err)
	}
	checkVillageKeys(t, db, "first import of measurements")

	// Forms: a family with two members, a child made from one of them and
	// one of no family, each measured.
	f := kampungkb.Family{VillageCode: vs[0], Address: "Jalan Form"}
	if err := db.CreateFamily(ctx, &f); err != nil {
		t.Fatal(err)
	}
	mother := kampungkb.Member{FamilyID: f.FamilyID, Name: "Ibu Form", Sex: "p", BirthDate: kampungkb.MustDate("1996-03-01"),
		Relation: "kepala", MaritalStatus: "kawin"}
	kid := kampungkb.Member{FamilyID: f.FamilyID, Name: "Anak Form", Sex: "l", BirthDate: kampungkb.MustDate("2025-05-01"),
		Relation: "anak", MaritalStatus: "belum_kawin"}
	for _, m := range []*kampungkb.Member{&mother, &kid} {
		if err := db.SaveMember(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
	}
	mother.Name = "Ibu Form Baru"
	if err := db.SaveMember(ctx, &mother, 0); err != nil {
		t.Fatal(err)
	}
	checkVillageKeys(t, db, "member forms")
	c := kampungkb.Child{Name: kid.Name, Sex: kid.Sex, BirthDate: kid.BirthDate, MotherName: mother.Name, VillageCode: vs[0],
		FamilyID: f.FamilyID, MemberNo: kid.MemberNo}
	lone := kampungkb.Child{Name: "Anak Sendiri", Sex: "p", BirthDate: kampungkb.MustDate("2025-02-01"), VillageCode: vs[1]}
	for _, ch := range []*kampungkb.Child{&c, &lone} {
		if err := db.CreateChild(ctx, ch); err != nil {
			t.Fatal(err)
		}
		m := kampungkb.Measurement{ChildID: ch.ID, Date: kampungkb.MustDate("2026-10-01"), WeightKg: floatp(8), LenHeiCm: floatp(72), Measure: "l"}
		if err := db.AddMeasurement(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	checkVillageKeys(t, db, "child and measurement forms")

	// The family moves to another province: members, child and
	// measurements go along. The lone child moves on its own.
	f.VillageCode, f.Version = vs[3], 0 // the version the members forms left is not checked here
	if err := db.UpdateFamily(ctx, &f); err != nil {
		t.Fatal(err)
	}
	if v := villageOf(t, db, `SELECT village_code FROM members WHERE family_id = ? AND member_no = ?`, f.FamilyID, kid.MemberNo); v != vs[3] {
		t.Errorf("member of the moved family in %s, want %s", v, vs[3])
	}
	checkVillageKeys(t, db, "a family's move")
	lone.VillageCode = vs[2]
	if err := db.UpdateChild(ctx, &lone); err != nil {
		t.Fatal(err)
	}
	if v := villageOf(t, db, `SELECT village_code FROM measurements WHERE child_id = ?`, lone.ID); v != vs[2] {
		t.Errorf("measurement of the moved child in %s, want %s", v, vs[2])
	}
	checkVillageKeys(t, db, "a child's move")

	// Imports again: families moving (one across provinces), unchanged
	// members, a new member of a moved family, measurements changed and
	// added.
	fs[10].VillageCode, fs[2000].VillageCode = vs[3], vs[0]
	if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fs), none); err != nil {
		t.Fatal(err)
	}
	checkVillageKeys(t, db, "a family import moving families")
	ms = append(ms, kampungkb.Member{FamilyID: fs[10].FamilyID, MemberNo: 3, Name: "Anak Baru", Sex: "p",
		BirthDate: kampungkb.MustDate("2026-01-01"), Relation: "anak", MaritalStatus: "belum_kawin"})
	res, err := db.ImportMembers(ctx, sqldb.MembersOf(ms), none)
	if err != nil || res.Inserted != 1 {
		t.Fatalf("member re-import: %+v %v", res, err)
	}
	if v := villageOf(t, db, `SELECT village_code FROM members WHERE family_id = ? AND member_no = ?`, fs[10].FamilyID, 3); v != vs[3] {
		t.Errorf("new member of a moved family in %s, want %s", v, vs[3])
	}
	checkVillageKeys(t, db, "a member re-import")
	rs[0].WeightKg = floatp(9.5)
	rs = append(rs, sqldb.MeasurementRow{FamilyID: fs[10].FamilyID, MemberNo: 3, Measurement: kampungkb.Measurement{
		Date: kampungkb.MustDate("2026-06-01"), WeightKg: floatp(7), LenHeiCm: floatp(65), Measure: "l"}})
	mres, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rs), none)
	if err != nil || mres.Inserted != 1 || mres.Updated != 1 || mres.ChildrenCreated != 1 {
		t.Fatalf("measurement re-import: %+v %v", mres, err)
	}
	checkVillageKeys(t, db, "a measurement re-import")
	return db
}

// TestVillageKeysFollow checks on each engine that every write keeps
// members in their family's village and measurements in their child's.
func TestVillageKeysFollow(t *testing.T) {
	for _, d := range testutil.Engines() {
		t.Run(string(d), func(t *testing.T) {
			db := openKeyDB(t, d, testutil.MustDSN(t, d))
			exerciseWrites(t, db, keyVillages(t, db.DB), nil)
		})
	}
}

// TestPartitionedPostgres shows that the keyed schema partitions by
// configuration: sqldb/partition/postgres_partition.sql turns the four
// big tables into tables partitioned by province (52 and a default
// partition) under data already imported, the application then writes
// every kind of row through them, and the indicators equal those of an
// unpartitioned database given the same writes.
func TestPartitionedPostgres(t *testing.T) {
	if os.Getenv(testutil.PostgresEnv) == "" {
		t.Skipf("%s is not set: PostgreSQL tests skipped", testutil.PostgresEnv)
	}
	script, err := os.ReadFile("partition/postgres_partition.sql")
	if err != nil {
		t.Fatal(err)
	}
	plain := openKeyDB(t, sqldb.Postgres, testutil.MustDSN(t, sqldb.Postgres))
	vs := keyVillages(t, plain.DB)
	exerciseWrites(t, plain, vs, nil)

	part := openKeyDB(t, sqldb.Postgres, testutil.MustDSN(t, sqldb.Postgres))
	keyVillages(t, part.DB)
	part = exerciseWrites(t, part, vs, func(db keyDB) keyDB {
		// Partition with the application stopped, then start it again.
		db.Close()
		tx, err := db.raw.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(string(script)); err != nil {
			tx.Rollback()
			t.Fatalf("partition script: %v", err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		return openKeyDB(t, sqldb.Postgres, db.dsn)
	})

	// The rows are in the partitions: NTB's in *_p52, Bali's in *_other.
	for _, table := range []string{"families", "members", "children", "measurements"} {
		var kind string
		var p52, other int
		if err := part.raw.QueryRow(`SELECT relkind::text FROM pg_class WHERE oid = $1::regclass`, table).Scan(&kind); err != nil {
			t.Fatal(err)
		}
		if err := part.raw.QueryRow(`SELECT (SELECT count(*) FROM `+table+`_p52), (SELECT count(*) FROM `+table+`_other)`).
			Scan(&p52, &other); err != nil {
			t.Fatal(err)
		}
		if kind != "p" || p52 == 0 || other == 0 {
			t.Errorf("%s: relkind %s, %d rows in province 52, %d in the default partition", table, kind, p52, other)
		}
	}

	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	at := kampungkb.MustDate("2026-11-28")
	for _, q := range []struct {
		region string
		level  kampungkb.Level
	}{{"52.03.13", kampungkb.Desa}, {"52", kampungkb.Kabupaten}, {"51.71.01", kampungkb.Desa}} {
		rows := func(db keyDB) map[string]string {
			out, _, err := report.Indicators(ctx, db.DB, q.region, q.level, at, kampungkb.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for _, r := range out {
				m[r.Code] = strings.Join(r.Record(), ",")
			}
			return m
		}
		want, got := rows(plain), rows(part)
		if len(want) == 0 {
			t.Errorf("%s: no indicator rows", q.region)
		}
		for code, w := range want {
			if got[code] != w {
				t.Errorf("%s %s:\n partitioned %s\n plain       %s", q.region, code, got[code], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d rows partitioned, %d plain", q.region, len(got), len(want))
		}
	}
}
