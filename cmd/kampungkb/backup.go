package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"kampungkb/sqldb"
)

// runBackup writes a consistent copy of the SQLite database while the
// server may be running. PostgreSQL is backed up with pg_dump, which knows
// the server's version and formats better than we could: the command
// prints the pg_dump line to run instead of running it.
func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "FILE [--force]",
		"Menyalin basis data SQLite ke FILE dengan aman, juga selagi server berjalan (VACUUM INTO).\n"+
			"Untuk PostgreSQL perintah ini mencetak perintah pg_dump yang harus dijalankan.")
	force := fs.Bool("force", false, "timpa FILE bila sudah ada")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	file, err := oneFileArg(fs.Args(), "backup")
	if err != nil {
		return err
	}
	if sqldb.DialectOf(e.db) == sqldb.Postgres {
		return fmt.Errorf("basis data PostgreSQL dicadangkan dengan pg_dump, bukan dengan perintah ini. Jalankan:\n\n"+
			"  pg_dump --format=custom --file=%s --dbname=%s\n\n"+
			"(kata sandi sengaja tidak dicetak: berikan lewat PGPASSWORD atau ~/.pgpass; pg_dump sebaiknya seversi dengan server PostgreSQL). "+
			"Pulihkan dengan: pg_restore --clean --if-exists --no-owner --dbname=%s %s",
			shellQuote(file), shellQuote(withoutPassword(e.db)), shellQuote(withoutPassword(e.db)), shellQuote(file))
	}
	if _, err := os.Stat(e.db); err != nil {
		return fmt.Errorf("basis data %s tidak ada: periksa --db atau KAMPUNGKB_DB", e.db)
	}
	db, err := sqldb.Open(ctx, e.db)
	if err != nil {
		return fmt.Errorf("buka basis data %s: %w", e.db, err)
	}
	defer db.Close()
	start := time.Now()
	info, err := db.Backup(ctx, file, *force)
	if err != nil {
		return err
	}
	size := int64(0)
	if st, err := os.Stat(file); err == nil {
		size = st.Size()
	}
	fmt.Fprintf(e.stdout, "Cadangan tersimpan: %s (%s, %d tabel, %d baris, skema versi %d, %.1f s).\n",
		file, byteSize(size), len(info.Tables), info.Rows(), info.Version, time.Since(start).Seconds())
	return nil
}

// runRestore replaces the SQLite database with a backup, keeping the
// database it replaces beside it.
func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore", "FILE",
		"Mengganti basis data SQLite dengan cadangan FILE. Hentikan server dulu; basis data yang diganti\n"+
			"disimpan sebagai <db>.before-restore-TANGGAL-JAM. Untuk PostgreSQL perintah ini mencetak perintah pg_restore.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	file, err := oneFileArg(fs.Args(), "restore")
	if err != nil {
		return err
	}
	if sqldb.DialectOf(e.db) == sqldb.Postgres {
		return fmt.Errorf("basis data PostgreSQL dipulihkan dengan pg_restore (cadangan pg_dump --format=custom) atau psql (cadangan SQL biasa), bukan dengan perintah ini. Jalankan:\n\n"+
			"  pg_restore --clean --if-exists --no-owner --dbname=%s %s\n\n"+
			"lalu: kampungkb --db %s migrate",
			shellQuote(withoutPassword(e.db)), shellQuote(file), shellQuote(withoutPassword(e.db)))
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("berkas cadangan %s tidak ada", file)
	}
	res, err := sqldb.Restore(ctx, file, e.db, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Basis data %s dipulihkan dari %s (%d tabel, %d baris, skema versi %d).\n",
		e.db, file, len(res.Info.Tables), res.Info.Rows(), res.Info.Version)
	for _, m := range res.Applied {
		fmt.Fprintf(e.stdout, "Diterapkan: %s\n", m)
	}
	if res.Kept != "" {
		fmt.Fprintf(e.stdout, "Basis data sebelumnya disimpan sebagai %s.\n", res.Kept)
	}
	return nil
}

func oneFileArg(args []string, cmd string) (string, error) {
	switch {
	case len(args) == 0:
		return "", fmt.Errorf("%w: sebutkan FILE: kampungkb %s FILE", errUsage, cmd)
	case len(args) > 1:
		return "", fmt.Errorf("%w: hanya satu FILE (opsi ditulis sebelum FILE): kampungkb %s [opsi] FILE", errUsage, cmd)
	case args[0] == "":
		return "", errors.New("FILE kosong")
	}
	return args[0], nil
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe
// characters, so that a printed command can be pasted.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == '/' || r == ':' || r == '@' || r == '=' || r == ',') {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += `'\''`
		} else {
			out += string(r)
		}
	}
	return out + "'"
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d byte", n)
}

// withoutPassword removes the password from a postgres:// DSN, so that a
// printed command neither shows it nor overrides PGPASSWORD or ~/.pgpass.
func withoutPassword(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return redact(dsn)
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}
