// Package testutil holds helpers shared by the tests of several packages:
// databases on every engine, the shared test data, fixtures.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/exchange"
	"kampungkb/sqldb"
)

func init() {
	// Accounts in tests use cheap password hashes (auth's own tests check
	// the production parameters).
	auth.UseFastHashesForTests()
}

// PostgresEnv names the environment variable holding the PostgreSQL DSN
// the contract tests also run against.
const PostgresEnv = "KAMPUNGKB_TEST_POSTGRES"

// Engines returns the engines to test: SQLite always, PostgreSQL when
// KAMPUNGKB_TEST_POSTGRES holds a DSN.
func Engines() []sqldb.Dialect {
	if os.Getenv(PostgresEnv) != "" {
		return []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres}
	}
	return []sqldb.Dialect{sqldb.SQLite}
}

// ForEachEngine runs fn as a subtest per engine, each with a fresh,
// migrated database.
func ForEachEngine(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, d := range Engines() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, MustOpenDB(t, d))
		})
	}
}

// MustOpenDB opens a fresh migrated database of dialect d: a file in
// t.TempDir() for SQLite; for PostgreSQL a new schema in the
// KAMPUNGKB_TEST_POSTGRES database, dropped at the end, so runs never collide.
func MustOpenDB(tb testing.TB, d sqldb.Dialect) *sqldb.DB {
	tb.Helper()
	dsn := MustDSN(tb, d)
	db, err := sqldb.OpenMigrated(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", d, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustDSN returns the DSN of a fresh, empty database of dialect d.
func MustDSN(tb testing.TB, d sqldb.Dialect) string {
	tb.Helper()
	if d == sqldb.SQLite {
		return filepath.Join(tb.TempDir(), "test.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Skipf("%s is not set: PostgreSQL tests skipped", PostgresEnv)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "kkbtest_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SharedDir returns the path of ../shared beside the repository (or
// $KAMPUNGKB_SHARED), skipping the test when it is absent.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("KAMPUNGKB_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(dir), "shared")
			if _, err := os.Stat(s); err != nil {
				tb.Fatalf("shared test data not found at %s (set KAMPUNGKB_SHARED)", s)
			}
			return s
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// WilayahDir returns ../shared/wilayah.
func WilayahDir(tb testing.TB) string { return filepath.Join(SharedDir(tb), "wilayah") }

var (
	regionsOnce sync.Once
	allRegions  []kampungkb.Region
	regionsErr  error
)

// Regions returns the regions of ../shared/wilayah whose code lies in one
// of prefixes (all when none), parsed once per test binary.
func Regions(tb testing.TB, prefixes ...string) []kampungkb.Region {
	tb.Helper()
	regionsOnce.Do(func() {
		allRegions, regionsErr = exchange.ReadRegions(os.DirFS(WilayahDir(tb)), nil)
	})
	if regionsErr != nil {
		tb.Fatalf("read regions: %v", regionsErr)
	}
	if len(prefixes) == 0 {
		return allRegions
	}
	var out []kampungkb.Region
	for _, r := range allRegions {
		for _, p := range prefixes {
			if kampungkb.InRegion(r.Code, p) || kampungkb.InRegion(p, r.Code) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// MustLoadRegions imports the regions of ../shared/wilayah under prefixes
// (e.g. "52.03" loads Lombok Timur with its province) into db.
func MustLoadRegions(tb testing.TB, db *sqldb.DB, prefixes ...string) {
	tb.Helper()
	if _, err := db.ImportRegions(context.Background(), Regions(tb, prefixes...)); err != nil {
		tb.Fatalf("import regions: %v", err)
	}
}
