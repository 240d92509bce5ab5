package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/demo"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestTableCounts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		counts, err := db.TableCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int64{"schema_migrations": 2, "partners": 8, "kampung": 9} {
			if got, ok := counts[table]; !ok || (table != "schema_migrations" && got != want) || got == 0 && want != 0 {
				t.Errorf("%s: %d rows (present %v), want %d", table, got, ok, want)
			}
		}
		if got, ok := counts["audit"]; !ok || got == 0 {
			t.Errorf("audit: %d rows (present %v), want the demo's changes recorded", got, ok)
		}
	})
}

// TestBackupAndRestore covers the checks around the copy: an existing
// target, a database in use, files that are not kampungkb databases, and
// keeping the database a restore replaces.
func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "cadangan.db")
	info, err := db.Backup(ctx, backup, false)
	if err != nil {
		t.Fatal(err)
	}
	if info.Tables["partners"] != 8 || info.Version < 2 {
		t.Errorf("backup info %+v", info)
	}
	if _, err := db.Backup(ctx, backup, false); kampungkb.ErrorKind(err) != kampungkb.Conflict || !strings.Contains(err.Error(), "--force") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if _, err := db.Backup(ctx, backup, true); err != nil {
		t.Errorf("backup --force: %v", err)
	}
	if _, err := db.Backup(ctx, db.Source(), true); err == nil {
		t.Error("backup onto the database itself was not refused")
	}
	if _, err := db.Backup(ctx, filepath.Join(dir, "tidak-ada", "x.db"), false); err == nil {
		t.Error("backup into a missing folder was not refused")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	// A database in use (this process holds it open) is not replaced.
	if _, err := sqldb.Restore(ctx, backup, db.Source(), time.Now()); !errors.Is(err, sqldb.ErrInUse) {
		t.Errorf("restore over a database in use: %v", err)
	}

	// Files that are not kampungkb databases change nothing.
	target := filepath.Join(dir, "target.db")
	tdb, err := sqldb.OpenMigrated(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	p := kampungkb.Partner{Name: "Mitra sebelum pemulihan", Category: "lsm"}
	if err := tdb.CreatePartner(ctx, &p); err != nil {
		t.Fatal(err)
	}
	tdb.Close()
	notDB := filepath.Join(dir, "catatan.txt")
	os.WriteFile(notDB, []byte("bukan basis data, hanya teks yang cukup panjang untuk dibaca"), 0o600)
	otherDB := filepath.Join(dir, "lain.db")
	raw, err := sql.Open("sqlite", otherDB)
	if err != nil {
		t.Fatal(err)
	}
	raw.Exec(`CREATE TABLE catatan (id INTEGER PRIMARY KEY, isi TEXT)`)
	raw.Close()
	broken := filepath.Join(dir, "rusak.db")
	b, _ := os.ReadFile(backup)
	for i := 4096; i < len(b); i += 4096 {
		copy(b[i+100:], "kerusakan disengaja")
	}
	os.WriteFile(broken, b, 0o600)
	for _, c := range []struct{ file, want string }{
		{notDB, "bukan berkas basis data SQLite"},
		{otherDB, "schema_migrations"},
		{broken, "rusak"},
		{filepath.Join(dir, "hilang.db"), "no such file"},
	} {
		_, err := sqldb.Restore(ctx, c.file, target, time.Now())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("restore %s: %v, want %q", filepath.Base(c.file), err, c.want)
		}
	}
	assertPartner := func(path, name string, want bool) {
		t.Helper()
		d, err := sqldb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		rows, _, err := d.Partners(ctx, kampungkb.Filter{Q: name})
		if err != nil {
			t.Fatal(err)
		}
		if (len(rows) > 0) != want {
			t.Errorf("%s: partner %q found %d times", filepath.Base(path), name, len(rows))
		}
	}
	assertPartner(target, "Mitra sebelum pemulihan", true)

	// A real restore keeps the replaced database beside it.
	now := time.Date(2026, 11, 28, 3, 4, 5, 0, time.UTC)
	res, err := sqldb.Restore(ctx, backup, target, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := target + ".before-restore-20261128-030405"; res.Kept != want {
		t.Errorf("kept %q, want %q", res.Kept, want)
	}
	assertPartner(target, "Mitra sebelum pemulihan", false)
	assertPartner(target, "Muslimat NW", true)
	assertPartner(res.Kept, "Mitra sebelum pemulihan", true)
	if _, err := os.Stat(backup); err != nil {
		t.Errorf("the backup file is gone: %v", err)
	}
	leftovers, _ = filepath.Glob(filepath.Join(dir, "*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestBackupRefusesPostgres(t *testing.T) {
	if len(testutil.Engines()) < 2 {
		t.Skip("KAMPUNGKB_TEST_POSTGRES is not set")
	}
	db := testutil.MustOpenDB(t, sqldb.Postgres)
	if _, err := db.Backup(context.Background(), filepath.Join(t.TempDir(), "x"), false); !errors.Is(err, sqldb.ErrNotSQLite) {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}
