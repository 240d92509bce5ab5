package sqldb

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"kampungkb"
)

// Backup and restore of SQLite databases. A SQLite database is one file
// (plus, while it is open, its -wal and -shm companions); everything,
// uploaded files included, lives in it, so a consistent copy of that file is
// a complete backup. PostgreSQL is backed up with pg_dump; the command line
// prints how.

// ErrNotSQLite is returned by Backup for databases that are not SQLite.
var ErrNotSQLite = errors.New("backup and restore of files work on SQLite only; use pg_dump/pg_restore for PostgreSQL")

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Backup writes a consistent copy of the SQLite database to dest while the
// database stays in use: VACUUM INTO on a reader connection copies one
// read snapshot (writers go on meanwhile, WAL keeps them apart) into a
// temporary file beside dest, which is checked, synced and then renamed to
// dest, so dest is either absent or a complete copy. An existing dest is
// refused unless overwrite is set.
func (db *DB) Backup(ctx context.Context, dest string, overwrite bool) (BackupInfo, error) {
	if db.dialect != SQLite {
		return BackupInfo{}, ErrNotSQLite
	}
	dest, err := filepath.Abs(dest)
	if err != nil {
		return BackupInfo{}, err
	}
	if same, _ := sameFile(dest, db.source); same {
		return BackupInfo{}, kampungkb.Errorf(kampungkb.Invalid, "%s adalah basis data itu sendiri; pilih berkas cadangan lain.", dest)
	}
	if err := checkDir(dest); err != nil {
		return BackupInfo{}, err
	}
	if _, err := os.Stat(dest); err == nil && !overwrite {
		return BackupInfo{}, kampungkb.Errorf(kampungkb.Conflict, "%s sudah ada; pilih nama lain atau timpa dengan --force.", dest)
	}
	tmp, err := tempName(dest, ".backup-tmp")
	if err != nil {
		return BackupInfo{}, err
	}
	defer removeDB(tmp)
	// A connection of its own that only reads: the pooled readers are
	// query_only, which VACUUM INTO refuses, and the writer must stay free
	// for the server. VACUUM INTO takes its target as an expression: a
	// parameter, never text pasted into SQL.
	reader, err := sql.Open("sqlite", "file:"+db.source+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	_, err = reader.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	reader.Close()
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup %s: %w", db.source, err)
	}
	// Backups hold personal data: readable by the owner only.
	if err := os.Chmod(tmp, 0o600); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	info, err := CheckSQLiteFile(ctx, tmp)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup %s: the copy failed its check: %w", db.source, err)
	}
	if err := syncFile(tmp); err != nil {
		return BackupInfo{}, err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	syncDir(filepath.Dir(dest))
	return info, nil
}

// BackupInfo describes a kampungkb SQLite database file.
type BackupInfo struct {
	// Version is the last schema migration applied to the file.
	Version int
	// Tables holds the row count of each table.
	Tables map[string]int64
}

// Rows returns the number of rows in all tables.
func (b BackupInfo) Rows() int64 {
	var n int64
	for _, c := range b.Tables {
		n += c
	}
	return n
}

// CheckSQLiteFile checks that path is an intact kampungkb SQLite database:
// a SQLite file that passes PRAGMA integrity_check, with schema_migrations
// and every table its migrations created, from this or an older version
// of kampungkb. It opens the file for reading only.
func CheckSQLiteFile(ctx context.Context, path string) (BackupInfo, error) {
	var info BackupInfo
	f, err := os.Open(path)
	if err != nil {
		return info, err
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return info, kampungkb.Errorf(kampungkb.Invalid, "%s bukan berkas basis data SQLite.", path)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return info, err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	rows, err := raw.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return info, kampungkb.Errorf(kampungkb.Invalid, "%s tidak terbaca sebagai basis data SQLite: %v.", path, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return info, err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Close(); err != nil {
		return info, err
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], "…")
		}
		return info, kampungkb.Errorf(kampungkb.Invalid, "%s rusak (integrity_check): %s.", path, strings.Join(problems, "; "))
	}
	tables, err := tableNames(ctx, raw, SQLite)
	if err != nil {
		return info, err
	}
	have := map[string]bool{}
	for _, t := range tables {
		have[t] = true
	}
	if !have["schema_migrations"] {
		return info, kampungkb.Errorf(kampungkb.Invalid, "%s bukan basis data kampungkb: tabel schema_migrations tidak ada.", path)
	}
	var version sql.NullInt64
	if err := raw.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil {
		return info, fmt.Errorf("%s: %w", path, err)
	}
	info.Version = int(version.Int64)
	ms, err := Migrations(SQLite)
	if err != nil {
		return info, err
	}
	if n := len(ms); n > 0 && info.Version > ms[n-1].Version {
		return info, kampungkb.Errorf(kampungkb.Invalid, "%s dibuat oleh versi kampungkb yang lebih baru (skema %d, versi ini mengenal sampai %d): perbarui kampungkb dulu.",
			path, info.Version, ms[n-1].Version)
	}
	var missing []string
	for _, m := range ms {
		if m.Version > info.Version {
			break
		}
		for _, t := range createdTables(m.SQL) {
			if !have[t] {
				missing = append(missing, t)
			}
		}
	}
	if len(missing) > 0 {
		return info, kampungkb.Errorf(kampungkb.Invalid, "%s bukan basis data kampungkb yang utuh: tabel %s tidak ada.", path, strings.Join(missing, ", "))
	}
	info.Tables, err = countRows(ctx, raw, tables)
	return info, err
}

var createTableRe = regexp.MustCompile(`(?i)CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)`)

// createdTables returns the names of the tables a migration creates.
func createdTables(script string) []string {
	var out []string
	for _, m := range createTableRe.FindAllStringSubmatch(script, -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	return out
}

// TableCounts returns the row count of every table of the database.
func (db *DB) TableCounts(ctx context.Context) (map[string]int64, error) {
	tables, err := tableNames(ctx, db.r, db.dialect)
	if err != nil {
		return nil, err
	}
	return countRows(ctx, db.r, tables)
}

func tableNames(ctx context.Context, q *sql.DB, d Dialect) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if d == Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// countRows counts the rows of tables. Table names come from the
// database's own catalogue and are quoted as identifiers (identifiers
// cannot be parameters).
func countRows(ctx context.Context, q *sql.DB, tables []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range tables {
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Kept is where the database that was replaced now lies ("" when
	// there was none).
	Kept string
	// Info describes the restored backup.
	Info BackupInfo
	// Applied lists the migrations applied to bring the restored
	// backup up to this version.
	Applied []string
}

// ErrInUse is returned by Restore when the database to replace is open
// in another connection (a running server).
var ErrInUse = &kampungkb.Error{Kind: kampungkb.Conflict,
	Message: "Basis data sedang dipakai (server kampungkb masih berjalan?). Hentikan server dulu, lalu ulangi pemulihan."}

// Restore replaces the SQLite database at dest with a copy of the backup
// file src. src is copied beside dest and checked (CheckSQLiteFile) before
// anything changes; a dest in use by another connection is refused; the
// current dest is kept as dest.before-restore-YYYYMMDD-HHMMSS (its WAL
// checkpointed into it first) and the copy renamed into place, with any
// stale -wal/-shm removed; finally the schema is migrated. src is never
// changed.
func Restore(ctx context.Context, src, dest string, now time.Time) (RestoreResult, error) {
	var res RestoreResult
	dest, err := filepath.Abs(dest)
	if err != nil {
		return res, err
	}
	if same, _ := sameFile(src, dest); same {
		return res, kampungkb.Errorf(kampungkb.Invalid, "%s adalah basis data tujuan itu sendiri; pulihkan dari berkas cadangan lain.", src)
	}
	if err := checkDir(dest); err != nil {
		return res, err
	}
	tmp, err := tempName(dest, ".restore-tmp")
	if err != nil {
		return res, err
	}
	defer removeDB(tmp)
	if err := copyFile(src, tmp); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if res.Info, err = CheckSQLiteFile(ctx, tmp); err != nil {
		return res, fmt.Errorf("restore %s: %w", src, err)
	}
	removeCompanions(tmp)
	if _, err := os.Stat(dest); err == nil {
		if err := quiesce(ctx, dest); err != nil {
			return res, err
		}
		res.Kept = dest + ".before-restore-" + now.UTC().Format("20060102-150405")
		if _, err := os.Stat(res.Kept); err == nil {
			return res, kampungkb.Errorf(kampungkb.Conflict, "%s sudah ada; tunggu sebentar lalu ulangi.", res.Kept)
		}
		if err := os.Rename(dest, res.Kept); err != nil {
			return res, fmt.Errorf("restore: keep the current database: %w", err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return res, err
	}
	removeCompanions(dest)
	if err := os.Rename(tmp, dest); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(dest))
	db, err := Open(ctx, dest)
	if err != nil {
		return res, err
	}
	defer db.Close()
	if res.Applied, err = db.Migrate(ctx); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	return res, nil
}

// quiesce makes sure no other connection has the database at path open,
// and folds its WAL into the main file, so that the file alone is the
// whole database: leaving WAL mode needs the only connection, so a
// running server makes it fail.
func quiesce(ctx context.Context, path string) error {
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(2000)")
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var mode string
	if err := raw.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil || mode != "delete" {
		return ErrInUse
	}
	return nil
}

// removeCompanions removes the -wal, -shm and -journal files of a
// database no connection has open, so that a stale log is never applied
// to a different database.
func removeCompanions(path string) {
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		os.Remove(path + s)
	}
}

func removeDB(path string) {
	os.Remove(path)
	removeCompanions(path)
}

func checkDir(path string) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return kampungkb.Errorf(kampungkb.Invalid, "Folder %s tidak ada.", dir)
	}
	return nil
}

// tempName returns an unused name beside path for a file that is renamed
// to path when complete (a rename within one folder is atomic).
func tempName(path, suffix string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return path + suffix + "-" + hex.EncodeToString(b[:]), nil
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable (best effort: not every system
// can sync a folder).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
