package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/gen"
)

const genHelp = `Menulis data keluarga sintetis (families.csv, members.csv, measurements.csv;
formats.md "Family data") untuk kode desa yang nyata, dengan sebaran mirip Lombok Timur.
Keluaran sama persis untuk seed, skala dan tanggal acuan yang sama.

Skala: desa (Desa Tumbuh Mulia 52.03.13.2007), kecamatan (Suralaga 52.03.13),
kabupaten (Lombok Timur 52.03, ±1,46 juta jiwa), ntb (52, ±5,75 juta jiwa),
national-sample (satu desa tiap kabupaten/kota); --region KODE untuk wilayah mana pun.
Wilayah dibaca dari --wilayah DIR (bawaan ../shared/wilayah bila ada), selain itu dari
basis data (--db). Ukuran desa mengikuti jumlah penduduk kabupaten di --population
(bawaan ntb_regency_stats.csv di folder wilayah); kabupaten lain ±3.360 jiwa per desa.
--errors N menyisipkan N galat sengaja dan mencatatnya di errors.txt (FILE:BARIS: kolom: masalah).
Panjang dan berat badan dari tabel WHO bila --who-tables diberikan; tanpa itu dari rumus kasar.`

func runGen(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "gen", "--scale desa|kecamatan|kabupaten|ntb|national-sample --seed N --out DIR [opsi]", genHelp)
	scale := fs.String("scale", "", "desa, kecamatan, kabupaten, ntb atau national-sample")
	region := fs.String("region", "", "kode wilayah mana pun (menggantikan --scale)")
	seed := fs.Uint64("seed", 1, "seed pembangkit acak")
	out := fs.String("out", "", "folder keluaran (dibuat bila belum ada)")
	wilayah := fs.String("wilayah", "", "folder wilayah seperti ../shared/wilayah (bawaan: ../shared/wilayah bila ada, selain itu basis data)")
	population := fs.String("population", "", "CSV code,population_total per kabupaten/kota (bawaan: ntb_regency_stats.csv di folder wilayah)")
	tablesDir := fs.String("who-tables", "", "folder tabel WHO (env KAMPUNGKB_WHO_TABLES); tanpa tabel dipakai rumus kasar")
	nErrors := fs.Int("errors", 0, "jumlah galat sengaja (dicatat di errors.txt)")
	at := fs.String("at", gen.DefaultAt.Format("2006-01-02"), "tanggal acuan YYYY-MM-DD (umur, kehamilan, enam bulan penimbangan)")
	force := fs.Bool("force", false, "menimpa berkas yang sudah ada")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: argumen tak terduga %q", errUsage, fs.Arg(0))
	case *out == "":
		return fmt.Errorf("%w: --out DIR wajib", errUsage)
	case *scale == "" && *region == "":
		return fmt.Errorf("%w: --scale atau --region wajib", errUsage)
	case *scale != "" && *scale != gen.NationalSample && gen.Scales[*scale] == "":
		return fmt.Errorf("%w: --scale %q tidak dikenal (desa, kecamatan, kabupaten, ntb, national-sample)", errUsage, *scale)
	case *nErrors < 0:
		return fmt.Errorf("%w: --errors tidak boleh negatif", errUsage)
	}
	atDate, err := time.Parse("2006-01-02", *at)
	if err != nil {
		return fmt.Errorf("%w: --at %q bukan tanggal YYYY-MM-DD", errUsage, *at)
	}
	cfg := gen.Config{Scale: *scale, Region: *region, Seed: *seed, At: atDate, Errors: *nErrors}
	start := time.Now()

	if *wilayah == "" {
		if st, err := os.Stat(filepath.Join("..", "shared", "wilayah")); err == nil && st.IsDir() {
			*wilayah = filepath.Join("..", "shared", "wilayah")
		}
	}
	var regions []kampungkb.Region
	if *wilayah != "" {
		progress(e, "Membaca wilayah dari %s ...", *wilayah)
		if regions, err = exchange.ReadRegions(os.DirFS(*wilayah), nil); err != nil {
			return fmt.Errorf("baca wilayah %s: %w", *wilayah, err)
		}
		if *population == "" {
			if p := filepath.Join(*wilayah, "ntb_regency_stats.csv"); fileExists(p) {
				*population = p
			}
		}
	} else {
		if regions, err = dbRegions(ctx, e, cfg); err != nil {
			return err
		}
	}
	if *population != "" {
		f, err := os.Open(*population)
		if err != nil {
			return fmt.Errorf("statistik penduduk: %w", err)
		}
		cfg.Population, err = gen.ReadPopulation(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *population, err)
		}
	}
	if *tablesDir == "" {
		*tablesDir = os.Getenv("KAMPUNGKB_WHO_TABLES")
	}
	if *tablesDir != "" {
		dir, err := findWHOTables(e, *tablesDir)
		if err != nil {
			return err
		}
		t, err := loadWHOTables(dir)
		if err != nil {
			return err
		}
		cfg.Growth = t
	}
	if _, err := gen.Villages(cfg, regions); err != nil {
		return err
	}

	names := []string{"families.csv", "members.csv", "measurements.csv"}
	if cfg.Errors > 0 {
		names = append(names, "errors.txt")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("buat folder %s: %w", *out, err)
	}
	// A stale errors.txt next to fresh files would mislead import tests:
	// refuse it like the others, and remove it with --force.
	if stale := filepath.Join(*out, "errors.txt"); cfg.Errors == 0 && fileExists(stale) {
		if !*force {
			return fmt.Errorf("%s sudah ada: pakai folder lain atau --force untuk menimpa", stale)
		}
		if err := os.Remove(stale); err != nil {
			return err
		}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	var files []*os.File
	cleanup := func() {
		for _, f := range files {
			f.Close()
			os.Remove(f.Name())
		}
	}
	for _, n := range names {
		f, err := os.OpenFile(filepath.Join(*out, n), flags, 0o644)
		if errors.Is(err, os.ErrExist) {
			cleanup()
			return fmt.Errorf("%s sudah ada: pakai folder lain atau --force untuk menimpa", filepath.Join(*out, n))
		}
		if err != nil {
			cleanup()
			return err
		}
		files = append(files, f)
	}
	w := gen.Writers{Families: files[0], Members: files[1], Measurements: files[2]}
	if cfg.Errors > 0 {
		w.Errors = files[3]
	}
	step := 0
	cfg.Progress = func(done, total int, s gen.Stats) {
		if pct := done * 10 / total; pct > step || done == total {
			step = pct
			progress(e, "%d/%d desa, %s keluarga, %s anggota ...", done, total,
				kampungkb.FormatInt(int64(s.Families)), kampungkb.FormatInt(int64(s.Members)))
		}
	}
	st, err := gen.Generate(cfg, regions, w)
	if err != nil {
		cleanup()
		return err
	}
	for _, f := range files {
		if err := f.Close(); err != nil {
			cleanup()
			return fmt.Errorf("tulis %s: %w", f.Name(), err)
		}
	}
	fmt.Fprintf(e.stdout, "Data sintetis (seed %d, tanggal acuan %s) ditulis ke %s dalam %.1f detik: %s desa, %s keluarga, %s anggota, "+
		"%s anak 0–59 bulan (%s ditimbang), %s pengukuran, %s galat sengaja, %.1f MB.\n",
		cfg.Seed, atDate.Format("2006-01-02"), *out, time.Since(start).Seconds(),
		kampungkb.FormatInt(int64(st.Villages)), kampungkb.FormatInt(int64(st.Families)), kampungkb.FormatInt(int64(st.Members)),
		kampungkb.FormatInt(int64(st.Children)), kampungkb.FormatInt(int64(st.MeasuredChildren)), kampungkb.FormatInt(int64(st.Measurements)),
		kampungkb.FormatInt(int64(st.Errors)), float64(st.Bytes)/1e6)
	if cfg.Growth == nil {
		fmt.Fprintln(e.stdout, "Catatan: tanpa tabel WHO (--who-tables); panjang dan berat badan dari rumus kasar median WHO, bukan dari tabel LMS.")
	}
	return nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// dbRegions reads the villages the generator needs from the database: all
// villages of the kabupaten involved (village sizes are shares of their
// kabupaten), or all of Indonesia for national-sample.
func dbRegions(ctx context.Context, e *env, cfg gen.Config) ([]kampungkb.Region, error) {
	db, err := e.openDB(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	root := ""
	if cfg.Scale != gen.NationalSample || cfg.Region != "" {
		code := cfg.Region
		if code == "" {
			code = gen.Scales[cfg.Scale]
		}
		c, _, ok := kampungkb.NormalizeRegionCode(code)
		if !ok {
			return nil, fmt.Errorf("kode wilayah %q tidak sah", code)
		}
		root = c
		if len(c) > 5 {
			root = c[:5]
		}
	}
	progress(e, "Membaca wilayah dari basis data %s ...", redact(e.db))
	var out []kampungkb.Region
	var walk func(code string) error
	walk = func(code string) error {
		kids, err := db.RegionChildren(ctx, code)
		if err != nil {
			return err
		}
		for _, k := range kids {
			out = append(out, k)
			if k.Level < kampungkb.Desa {
				if err := walk(k.Code); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return nil, fmt.Errorf("baca wilayah dari basis data: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("basis data %s tidak berisi wilayah di bawah %q: impor dulu dengan kampungkb import regions DIR, atau pakai --wilayah DIR",
			redact(e.db), strings.TrimSpace(root))
	}
	return out, nil
}
