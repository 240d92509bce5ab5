package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"kampungkb"
	"kampungkb/exchange"
)

func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Penggunaan: kampungkb import regions DIR\n       kampungkb import families|members|measurements FILE.csv [--dry-run]")
		if len(args) == 0 {
			return fmt.Errorf("%w: sebutkan jenis data yang diimpor (regions, families, members, measurements)", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "regions":
		return runImportRegions(ctx, e, args[1:])
	case "families", "members", "measurements":
		return runImportFamilyFile(ctx, e, args[0], args[1:])
	}
	return fmt.Errorf("%w: jenis impor tidak dikenal %q (tersedia: regions, families, members, measurements)", errUsage, args[0])
}

func runImportRegions(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import regions", "DIR", "Mengimpor wilayah Kemendagri dari folder berisi provinces.csv, regencies.csv,\ndistricts.csv dan/atau villages.csv (tata letak ../shared/wilayah). Semua atau tidak sama sekali;\nmengimpor ulang berkas yang sama tidak mengubah apa pun.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("%w: sebutkan satu folder", errUsage)
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("folder %s tidak ada", dir)
	}
	start := time.Now()
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	known, err := db.RegionCodes(ctx)
	if err != nil {
		return err
	}
	progress(e, "Membaca berkas wilayah di %s ...", dir)
	regions, err := exchange.ReadRegions(os.DirFS(dir), func(c string) bool { return known[c] })
	var rows exchange.RowErrors
	if errors.As(err, &rows) {
		return err
	}
	if err != nil {
		return err
	}
	progress(e, "Menyimpan %s wilayah ...", kampungkb.FormatInt(int64(len(regions))))
	res, err := db.ImportRegions(ctx, regions)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Impor wilayah selesai dalam %.1f detik: %s dibaca, %s baru, %s diperbarui, %s tidak berubah.\n",
		time.Since(start).Seconds(), kampungkb.FormatInt(int64(res.Read)), kampungkb.FormatInt(int64(res.Inserted)),
		kampungkb.FormatInt(int64(res.Updated)), kampungkb.FormatInt(int64(res.Unchanged)))
	return nil
}

// progress writes a progress line on stderr when it is a terminal.
func progress(e *env, format string, args ...any) {
	if f, ok := e.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(f, format+"\n", args...)
		}
	}
}
