package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/importer"
)

const importFamilyHelp = `Mengimpor data keluarga (formats.md "Family data"): families.csv, members.csv atau
measurements.csv. Impor keluarga dulu, lalu anggota, lalu pengukuran. Semua atau tidak sama sekali:
berkas dengan satu baris salah tidak mengubah apa pun dan setiap baris salah dicantumkan sebagai
BERKAS:BARIS: kolom: masalah. Mengimpor ulang berkas yang sama tidak mengubah apa pun.
Pengukuran memerlukan tabel WHO (kampungkb growth fetch-tables) untuk z-skor.`

// runImportFamilyFile runs "kampungkb import families|members|measurements FILE.csv".
func runImportFamilyFile(ctx context.Context, e *env, kind string, args []string) error {
	fs := newFlags(e, "import "+kind, "FILE.csv [--dry-run]", importFamilyHelp)
	dryRun := fs.Bool("dry-run", false, "periksa semuanya dan laporkan apa yang akan berubah, tanpa menyimpan")
	tablesDir := fs.String("who-tables", "", "folder tabel WHO untuk pengukuran (env KAMPUNGKB_WHO_TABLES)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: sebutkan satu berkas CSV", errUsage)
	}
	path := files[0]
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("buka %s: %w", path, err)
	}
	defer f.Close()

	var score func(kampungkb.Child, kampungkb.Measurement) kampungkb.ZScores
	if kind == "measurements" {
		dir, err := findWHOTables(e, *tablesDir)
		if err != nil {
			return err
		}
		tab, err := loadWHOTables(dir)
		if err != nil {
			return err
		}
		score = tab.Score
	}

	start := time.Now()
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	bar := newProgressBar(e, f)
	var in io.Reader = f
	if bar != nil {
		in = bar
	}
	res, err := importer.Run(ctx, db, kind, in, path, importer.Options{DryRun: *dryRun, Score: score, Progress: bar.update})
	rep := res.Report
	children := res.Children
	bar.done()
	if rep != nil {
		printWarnings(e.stderr, rep.Warnings)
	}
	if err != nil {
		return err
	}
	what := importer.Nouns[kind]
	n := func(x int) string { return kampungkb.FormatInt(int64(x)) }
	extra := ""
	if children >= 0 {
		extra = fmt.Sprintf(", %s anak baru", n(children))
	}
	if *dryRun {
		fmt.Fprintf(e.stdout, "Uji coba impor %s (--dry-run), tidak ada yang disimpan: %s dibaca, %s akan ditambahkan, %s akan diperbarui, %s tidak berubah%s.\n",
			what, n(res.Read), n(res.Inserted), n(res.Updated), n(res.Unchanged), extra)
		return nil
	}
	fmt.Fprintf(e.stdout, "Impor %s selesai dalam %.1f detik: %s dibaca, %s baru, %s diperbarui, %s tidak berubah%s.\n",
		what, time.Since(start).Seconds(), n(res.Read), n(res.Inserted), n(res.Updated), n(res.Unchanged), extra)
	return nil
}

// parseInterspersed parses flags before and after the positional
// arguments ("import families FILE.csv --dry-run") and returns the latter.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printWarnings lists warnings, the first MaxListedErrors then a count.
func printWarnings(w io.Writer, ws exchange.RowErrors) {
	if len(ws) == 0 {
		return
	}
	fmt.Fprintf(w, "%s peringatan (tidak menghalangi impor):\n", kampungkb.FormatInt(int64(len(ws))))
	for i, x := range ws {
		if i == exchange.MaxListedErrors {
			fmt.Fprintf(w, "... dan %s peringatan lain\n", kampungkb.FormatInt(int64(len(ws)-i)))
			break
		}
		fmt.Fprintln(w, x.String())
	}
}

// progressBar counts the bytes read from a file and draws a bar on stderr
// when stderr is a terminal; a nil *progressBar draws nothing.
type progressBar struct {
	r     io.Reader
	w     io.Writer
	size  int64
	read  int64
	last  time.Time
	drawn bool
}

func newProgressBar(e *env, f *os.File) *progressBar {
	out, ok := e.stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := out.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	return &progressBar{r: f, w: out, size: size}
}

func (p *progressBar) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	return n, err
}

func (p *progressBar) update(rows int) {
	if p == nil || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.drawn = true
	if p.size <= 0 {
		fmt.Fprintf(p.w, "\r%s baris ...", kampungkb.FormatInt(int64(rows)))
		return
	}
	frac := min(float64(p.read)/float64(p.size), 1)
	const width = 30
	full := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %s baris", strings.Repeat("#", full), strings.Repeat(" ", width-full), frac*100,
		kampungkb.FormatInt(int64(rows)))
}

func (p *progressBar) done() {
	if p != nil && p.drawn {
		fmt.Fprintln(p.w)
	}
}
