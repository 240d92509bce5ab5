package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kampungkb/growth"
	"kampungkb/sqldb"
)

// runGrowthFetch is `kampungkb growth fetch-tables`: it installs the WHO
// tables (formats.md "WHO tables") from WHO's repositories, a mirror or a
// local copy, checking every sha256 before anything is written.
func runGrowthFetch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "growth fetch-tables", "[--from FOLDER|URL] [--dir FOLDER]",
		"Memasang tabel pertumbuhan WHO (LMS) dari repositori resmi WHO di commit yang dipatok\n"+
			"(perlu internet ke github.com), dari mirror (--from https://...) atau dari salinan lokal\n"+
			"(--from FOLDER, mis. USB). Setiap berkas dicek sha256-nya sebelum ada yang ditulis; folder\n"+
			"lama baru diganti setelah semuanya cocok.")
	from := fs.String("from", "", "sumber: FOLDER salinan lokal, atau URL mirror (http:// atau https://) yang berisi who2006/*.txt dan who2007/*.txt; kosong: repositori WHO di GitHub")
	dir := fs.String("dir", os.Getenv("KAMPUNGKB_WHO_TABLES"), "folder tujuan (env KAMPUNGKB_WHO_TABLES; bawaan: who-growth di samping berkas SQLite --db, atau di folder kerja untuk PostgreSQL)")
	timeout := fs.Duration("timeout", time.Minute, "batas waktu unduh tiap berkas (0: tanpa batas)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: argumen tidak dikenal %q (sumber ditulis dengan --from)", errUsage, fs.Arg(0))
	}
	if *timeout < 0 {
		return fmt.Errorf("%w: --timeout tidak boleh negatif", errUsage)
	}
	target := *dir
	if target == "" {
		target = defaultTablesDir(e.db)
	}
	if abs, err := filepath.Abs(target); err == nil {
		target = abs
	}

	var src growth.Fetcher
	switch {
	case *from == "":
		src = growth.FromWHO(*timeout)
	case strings.HasPrefix(*from, "http://") || strings.HasPrefix(*from, "https://"):
		src = growth.FromMirror(*from, *timeout)
	default:
		st, err := os.Stat(*from)
		if err != nil || !st.IsDir() {
			return fmt.Errorf("--from %s: folder tidak ada (tulis URL lengkap dengan http:// atau https:// untuk mirror)", *from)
		}
		src = growth.FromDir(*from)
	}

	progress(e, "Memasang tabel WHO dari %s ke %s ...", src, target)
	err := growth.Install(ctx, src, target, func(name string, n, total int) {
		progress(e, "  [%2d/%d] %s sha256 cocok", n, total, name)
	})
	if err != nil {
		if *from == "" && !errors.Is(err, context.Canceled) && !isChecksum(err) {
			err = fmt.Errorf("%w\nTanpa internet ke github.com: salin tabel ke USB lalu jalankan kampungkb growth fetch-tables --from FOLDER", err)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Tabel WHO (%d berkas, sha256 cocok) terpasang di %s\n", len(growth.Files), target)
	fmt.Fprintf(e.stdout, "Sumber: %s\n", src)
	fmt.Fprintf(e.stdout, "Isi identik dengan %s (who2006) dan %s (who2007).\n", growth.Anthro, growth.AnthroPlus)
	if *dir == "" && defaultTablesDir(e.db) != growth.DirName {
		fmt.Fprintf(e.stdout, "Server dan perintah lain dengan --db %s menemukannya sendiri.\n", redact(e.db))
	}
	return nil
}

func isChecksum(err error) bool {
	var ce *growth.ChecksumError
	return errors.As(err, &ce)
}

// dbFile returns the SQLite file of a DSN, or "" for PostgreSQL.
func dbFile(dsn string) string {
	if sqldb.DialectOf(dsn) == sqldb.Postgres {
		return ""
	}
	return strings.TrimPrefix(dsn, "file:")
}

// defaultTablesDir is where fetch-tables installs without --dir: next to
// the SQLite file, or in the working directory for PostgreSQL.
func defaultTablesDir(dsn string) string {
	if f := dbFile(dsn); f != "" {
		return filepath.Join(filepath.Dir(f), growth.DirName)
	}
	return growth.DirName
}

// findWHOTables finds the tables directory (--who-tables flagDir,
// KAMPUNGKB_WHO_TABLES, next to the SQLite file, the working directory)
// and verifies it. Missing tables are an error wrapping growth.ErrNoTables
// that says what to run; tables that fail Verify are an error that lists
// the files and says how to reinstall.
func findWHOTables(e *env, flagDir string) (string, error) {
	dir, err := growth.FindTables(flagDir, os.Getenv("KAMPUNGKB_WHO_TABLES"), dbFile(e.db))
	if err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if err := growth.Verify(os.DirFS(dir)); err != nil {
		return "", fmt.Errorf("tabel WHO di %s tidak cocok dengan sha256 yang dipatok dan tidak dipakai:\n%w\n"+
			"Pasang ulang: kampungkb growth fetch-tables --dir %s (atau --from FOLDER untuk salinan lokal)", dir, err, dir)
	}
	return dir, nil
}
