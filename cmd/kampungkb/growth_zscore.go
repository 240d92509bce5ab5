package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/growth"
)

const growthZscoreHelp = `Menghitung z-skor WHO (Standar Pertumbuhan Anak 2006, 0–5 tahun, dan Referensi 2007,
5–19 tahun) untuk setiap baris CSV, persis seperti paket R anthro/anthroplus milik WHO
(../shared/docs/who-algorithm.md; umur < 60 bulan untuk 0–5 tahun).

Kolom masukan (nama tidak peka huruf besar/kecil; nama argumen paket R anthro juga diterima,
sehingga berkas yang sama bisa dijalankan di kedua alat):
  kampungkb      anthro / anthroplus     isi
  sex            sex                     1/m/l laki-laki, 2/f/p perempuan (kosong/NA: tanpa z-skor)
  age_days       age                     umur dalam hari (age: hari, kecuali is_age_in_month benar)
  age_months     age_in_months           umur dalam bulan; age_days dipakai bila keduanya terisi
  -              is_age_in_month         TRUE/T/1/y: kolom age dalam bulan; FALSE/F/0/n/kosong: hari
  weight_kg      weight, weight_in_kg    berat badan, kg
  lenhei_cm      lenhei, height_in_cm    panjang/tinggi badan, cm
  measure        measure                 l (berbaring) / h (berdiri) / kosong
  oedema         oedema                  y/1 ya, n/2/kosong tidak
  headc_cm       headc                   lingkar kepala, cm
  armc_cm        armc                    lingkar lengan atas, cm
  triskin_mm     triskin                 lipatan kulit trisep, mm
  subskin_mm     subskin                 lipatan kulit subskapula, mm
Kolom lain disalin apa adanya. Sel kosong atau NA berarti tidak diketahui. Pemisah ; dikenali
otomatis bila baris judul tidak memuat koma (Excel berbahasa Indonesia, read.csv2 di R); berkas
seperti itu boleh memakai koma desimal (8,8) dan keluarannya juga memakai koma desimal.

Kolom keluaran ditambahkan di kanan: clenhei, cbmi (panjang/tinggi setelah koreksi ±0,7 cm dan
IMT dari nilai itu, dibulatkan ke 4 desimal), lalu zlen flen zwei fwei zwfl fwfl zbmi fbmi zhc fhc
zac fac zts fts zss fss (0–5 tahun) dan zhfa fhfa zwfa fwfa zbfa fbfa (5–19 tahun; tinggi
apa adanya seperti anthroplus). z-skor dibulatkan 2 desimal seperti round() R, flag 0/1, kosong bila
tidak dapat dihitung. Berat 0 memberi zwfl sangat negatif (ditandai), sama seperti anthro.

Kesalahan (angka tak terbaca, angka negatif, kode tak dikenal) dilaporkan semuanya sebagai
BERKAS:BARIS: kolom: masalah (100 pertama, lalu jumlahnya); keluar dengan status 1 dan tidak
ada yang ditulis: --out ditulis ke berkas sementara lalu diganti namanya bila berhasil; keluaran
standar ditampung di berkas sementara dan baru dicetak bila seluruh berkas benar. Memori tetap
(streaming), berapa pun jumlah barisnya.

Tabel WHO: --who-tables DIR, atau KAMPUNGKB_WHO_TABLES, atau who-growth/ di samping berkas SQLite
(--db) atau di folder kerja. Pasang dengan: kampungkb growth fetch-tables`

// Input roles of the zscore command's columns.
const (
	roleSex = iota
	roleAgeDays
	roleAgeMonths
	roleAge
	roleAgeInMonth
	roleWeight
	roleLenHei
	roleMeasure
	roleOedema
	roleHeadC
	roleArmC
	roleTriSkin
	roleSubSkin
	numRoles
)

// zscoreColumns maps accepted column names (formats.md, then anthro's and
// anthroplus's argument names) to their role.
var zscoreColumns = map[string]int{
	"sex":      roleSex,
	"age_days": roleAgeDays, "age_months": roleAgeMonths, "age_in_months": roleAgeMonths,
	"age": roleAge, "is_age_in_month": roleAgeInMonth,
	"weight_kg": roleWeight, "weight": roleWeight, "weight_in_kg": roleWeight,
	"lenhei_cm": roleLenHei, "lenhei": roleLenHei, "height_in_cm": roleLenHei,
	"measure": roleMeasure, "oedema": roleOedema,
	"headc_cm": roleHeadC, "headc": roleHeadC,
	"armc_cm": roleArmC, "armc": roleArmC,
	"triskin_mm": roleTriSkin, "triskin": roleTriSkin,
	"subskin_mm": roleSubSkin, "subskin": roleSubSkin,
}

// zscoreOutput are the columns the command adds (formats.md "growth zscore").
var zscoreOutput = func() []string {
	cols := []string{"clenhei", "cbmi"}
	for i := growth.Indicator(0); i < growth.NumIndicators; i++ {
		cols = append(cols, "z"+i.Name(), "f"+i.Name())
	}
	return cols
}()

const maxListedErrors = 100

// zscoreErrors collects "FILE:LINE: column: problem" messages.
type zscoreErrors struct {
	file  string
	list  []string
	count int
}

func (z *zscoreErrors) add(line int, col, format string, a ...any) {
	z.count++
	if len(z.list) < maxListedErrors {
		z.list = append(z.list, fmt.Sprintf("%s:%d: %s: %s", z.file, line, col, fmt.Sprintf(format, a...)))
	}
}

func (z *zscoreErrors) err() error {
	if z.count == 0 {
		return nil
	}
	msg := strings.Join(z.list, "\n")
	if z.count > len(z.list) {
		msg += fmt.Sprintf("\n... dan %d kesalahan lain", z.count-len(z.list))
	}
	return fmt.Errorf("%d kesalahan di %s; tidak ada yang ditulis:\n%s", z.count, z.file, msg)
}

// zbatch is a batch of parsed rows handed from the reader to the writer.
type zbatch struct {
	fields []string // the input fields of all rows, flat
	ends   []int    // ends[i]: end of row i in fields
	in     []growth.Input
}

const zbatchRows = 4096

func runGrowthZscore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "growth zscore", "[--in FILE] [--out FILE] [--who-tables DIR]", growthZscoreHelp)
	inName := fs.String("in", "", "berkas CSV masukan (bawaan: masukan standar)")
	outName := fs.String("out", "", "berkas CSV keluaran (bawaan: keluaran standar)")
	tablesDir := fs.String("who-tables", "", "folder tabel WHO (env KAMPUNGKB_WHO_TABLES)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: argumen tak dikenal %q (gunakan --in FILE)", errUsage, fs.Arg(0))
	}
	tablesAt, err := findWHOTables(e, *tablesDir)
	if err != nil {
		return err
	}
	tab, err := loadWHOTables(tablesAt)
	if err != nil {
		return err
	}

	var in io.Reader = e.stdin
	label := "stdin"
	if *inName != "" && *inName != "-" {
		f, err := os.Open(*inName)
		if err != nil {
			return fmt.Errorf("buka masukan: %w", err)
		}
		defer f.Close()
		in, label = f, *inName
	}

	// Output goes to a temporary file first: to --out's folder (renamed on
	// success), or for stdout to the system's temporary folder (copied on
	// success). Either way nothing is written when the input has errors.
	toStdout := *outName == "" || *outName == "-"
	dir := os.TempDir()
	if !toStdout {
		dir = filepath.Dir(*outName)
	}
	tmp, err := os.CreateTemp(dir, ".kampungkb-zscore-*.csv")
	if err != nil {
		return fmt.Errorf("buat berkas sementara: %w", err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()

	start := time.Now()
	rows, err := zscoreStream(ctx, tab, in, label, tmp, func(n int) {
		progress(e, "growth zscore: %s baris ...", kampungkb.FormatInt(int64(n)))
	})
	if err != nil {
		return err
	}
	done := func() {
		progress(e, "growth zscore: %s baris dalam %.1f s", kampungkb.FormatInt(int64(rows)), time.Since(start).Seconds())
	}
	if toStdout {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(e.stdout, tmp); err != nil {
			return fmt.Errorf("tulis keluaran: %w", err)
		}
		done()
		return nil
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("tulis %s: %w", *outName, err)
	}
	os.Chmod(tmp.Name(), 0o644) // CreateTemp makes 0600; the result is an ordinary file
	if err := os.Rename(tmp.Name(), *outName); err != nil {
		return fmt.Errorf("tulis %s: %w", *outName, err)
	}
	done()
	return nil
}

// zscoreStream reads CSV from r and writes it with the z-score columns to
// w. Parsing runs on the calling goroutine while a second one computes
// and writes, with a fixed number of batches in flight (constant memory).
// When the input has errors, output stops and every error is returned.
// report, when not nil, is called every million rows (progress).
func zscoreStream(ctx context.Context, tab *growth.Tables, r io.Reader, label string, w io.Writer, report func(rows int)) (int, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	comma := ','
	if first, _ := br.Peek(64 << 10); len(first) > 0 {
		line := first
		if i := strings.IndexByte(string(first), '\n'); i >= 0 {
			line = first[:i]
		}
		if !strings.ContainsRune(string(line), ',') && strings.ContainsRune(string(line), ';') {
			comma = ';'
		}
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return 0, fmt.Errorf("%s kosong: baris judul (sex, age_days, weight_kg, ...) diperlukan", label)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", label, err)
	}
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // Excel's BOM
	}
	var col [numRoles]int
	for i := range col {
		col[i] = -1
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		for _, o := range zscoreOutput {
			if name == o {
				return 0, fmt.Errorf("%s:1: kolom %q sudah ada: itu kolom keluaran; hapus atau ganti namanya", label, h)
			}
		}
		role, ok := zscoreColumns[name]
		if !ok {
			continue
		}
		if col[role] >= 0 {
			return 0, fmt.Errorf("%s:1: kolom %q dan %q berisi hal yang sama; sisakan satu", label, header[col[role]], h)
		}
		col[role] = i
	}
	if col[roleSex] < 0 {
		return 0, fmt.Errorf("%s:1: kolom sex tidak ada (kolom yang ada: %s)", label, strings.Join(header, ", "))
	}
	if col[roleAge] >= 0 && (col[roleAgeDays] >= 0 || col[roleAgeMonths] >= 0) {
		return 0, fmt.Errorf("%s:1: pakai age (dengan is_age_in_month) atau age_days/age_months, jangan keduanya", label)
	}
	if col[roleAgeInMonth] >= 0 && col[roleAge] < 0 {
		return 0, fmt.Errorf("%s:1: kolom is_age_in_month tanpa kolom age", label)
	}

	errs := &zscoreErrors{file: label}
	bw := bufio.NewWriterSize(w, 1<<20)
	sep := byte(comma)
	dec := byte('.')
	if comma == ';' {
		dec = ',' // a ;-separated file is read and written with decimal commas
	}
	var line []byte
	for i, h := range header {
		if i > 0 {
			line = append(line, sep)
		}
		line = appendField(line, h, sep)
	}
	for _, o := range zscoreOutput {
		line = append(line, sep)
		line = append(line, o...)
	}
	line = append(line, '\n')
	if _, err := bw.Write(line); err != nil {
		return 0, fmt.Errorf("tulis keluaran: %w", err)
	}

	free := make(chan *zbatch, 3)
	for range cap(free) {
		free <- &zbatch{}
	}
	work := make(chan *zbatch, cap(free))
	done := make(chan error, 1)
	go func() {
		var werr error
		var buf []byte
		for b := range work {
			if werr == nil {
				buf = buf[:0]
				start := 0
				for i := range b.in {
					res := tab.Compute(b.in[i])
					buf = appendRow(buf, b.fields[start:b.ends[i]], &res, sep, dec)
					start = b.ends[i]
				}
				_, werr = bw.Write(buf)
			}
			free <- b
		}
		if werr == nil {
			werr = bw.Flush()
		}
		done <- werr
	}()

	b := <-free
	b.fields, b.ends, b.in = b.fields[:0], b.ends[:0], b.in[:0]
	var readErr error
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					ln, _ := cr.FieldPos(0)
					errs.add(ln, "baris", "%d kolom, judul punya %d", len(rec), len(header))
					continue
				}
				errs.add(pe.Line, "baris", "%v", pe.Err)
			} else {
				readErr = fmt.Errorf("baca %s: %w", label, err)
			}
			break
		}
		ln, _ := cr.FieldPos(0)
		before := errs.count
		in := parseZscoreRow(rec, &col, ln, header, errs, comma == ';')
		if errs.count > before {
			continue
		}
		if errs.count > 0 {
			continue // output is discarded anyway: keep listing errors
		}
		b.fields = append(b.fields, rec...)
		b.ends = append(b.ends, len(b.fields))
		b.in = append(b.in, in)
		rows++
		if report != nil && rows%1_000_000 == 0 {
			report(rows)
		}
		if len(b.in) == zbatchRows {
			if err := ctx.Err(); err != nil {
				readErr = err
				break
			}
			work <- b
			b = <-free
			b.fields, b.ends, b.in = b.fields[:0], b.ends[:0], b.in[:0]
		}
	}
	if len(b.in) > 0 && errs.count == 0 && readErr == nil {
		work <- b
	}
	close(work)
	werr := <-done
	if readErr != nil {
		return 0, readErr
	}
	if err := errs.err(); err != nil {
		return 0, err
	}
	if werr != nil {
		return 0, fmt.Errorf("tulis keluaran: %w", werr)
	}
	return rows, nil
}

// parseZscoreRow turns one CSV record into a growth.Input, reporting
// malformed numbers and unknown codes.
// In a ;-separated file (Indonesian Excel, R's read.csv2) a decimal comma
// is accepted as well as a decimal point.
func parseZscoreRow(rec []string, col *[numRoles]int, line int, header []string, errs *zscoreErrors, decComma bool) growth.Input {
	in := growth.Input{Age: math.NaN()}
	get := func(role int) string {
		if c := col[role]; c >= 0 {
			return strings.TrimSpace(rec[c])
		}
		return ""
	}
	num := func(role int) float64 {
		s := get(role)
		if s == "" || strings.EqualFold(s, "NA") {
			return math.NaN()
		}
		if decComma && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
			s = strings.Replace(s, ",", ".", 1)
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			if strings.Contains(s, ",") {
				errs.add(line, header[col[role]], "%q bukan angka (desimal ditulis dengan titik: 12.5)", s)
			} else {
				errs.add(line, header[col[role]], "%q bukan angka", s)
			}
			return math.NaN()
		}
		if v < 0 {
			errs.add(line, header[col[role]], "%q negatif", s)
			return math.NaN()
		}
		return v
	}

	switch s := get(roleSex); s {
	case "1", "m", "M", "l", "L":
		in.Sex = growth.Male
	case "2", "f", "F", "p", "P":
		in.Sex = growth.Female
	case "", "NA", "na":
	default:
		errs.add(line, header[col[roleSex]], "kode %q tidak dikenal (1/m/l laki-laki, 2/f/p perempuan)", s)
	}

	switch {
	case col[roleAge] >= 0:
		in.Age = num(roleAge)
		switch s := get(roleAgeInMonth); strings.ToLower(s) {
		case "true", "t", "1", "y", "yes", "ya":
			in.AgeInMonths = true
		case "false", "f", "0", "n", "no", "tidak", "", "na":
		default:
			errs.add(line, header[col[roleAgeInMonth]], "%q bukan TRUE/FALSE", s)
		}
	default:
		in.Age = num(roleAgeDays)
		if months := num(roleAgeMonths); math.IsNaN(in.Age) && !math.IsNaN(months) {
			in.Age, in.AgeInMonths = months, true
		}
	}
	in.Weight = num(roleWeight)
	in.LenHei = num(roleLenHei)
	in.HeadC = num(roleHeadC)
	in.ArmC = num(roleArmC)
	in.TriSkin = num(roleTriSkin)
	in.SubSkin = num(roleSubSkin)

	switch s := get(roleMeasure); s {
	case "l", "L":
		in.Measure = growth.Lying
	case "h", "H":
		in.Measure = growth.Standing
	case "", "NA", "na":
	default:
		errs.add(line, header[col[roleMeasure]], "kode %q tidak dikenal (l berbaring, h berdiri, atau kosong)", s)
	}
	switch s := get(roleOedema); s {
	case "y", "Y", "1":
		in.Oedema = true
	case "n", "N", "2", "", "NA", "na":
	default:
		errs.add(line, header[col[roleOedema]], "kode %q tidak dikenal (y/1 ya, n/2 tidak)", s)
	}
	return in
}

// appendRow appends one output line: the input fields, then the computed columns.
func appendRow(buf []byte, fields []string, r *growth.Result, sep, dec byte) []byte {
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, sep)
		}
		buf = appendField(buf, f, sep)
	}
	buf = append(buf, sep)
	buf = appendDecimal4(buf, r.CLenHei, dec)
	buf = append(buf, sep)
	buf = appendDecimal4(buf, r.CBMI, dec)
	for i := range r.Z {
		buf = append(buf, sep)
		z := r.Z[i]
		if math.IsNaN(z) {
			buf = append(buf, sep)
			continue
		}
		buf = appendZ(buf, z, dec)
		buf = append(buf, sep)
		if r.Flag[i] {
			buf = append(buf, '1')
		} else {
			buf = append(buf, '0')
		}
	}
	return append(buf, '\n')
}

// appendZ writes a z-score already rounded to 2 decimals, with exactly 2
// decimals ("-0.05", "7.31", "0.00").
func appendZ(buf []byte, z float64, dec byte) []byte {
	k := int64(math.Round(z * 100))
	if k < 0 {
		buf = append(buf, '-')
		k = -k
	}
	buf = strconv.AppendInt(buf, k/100, 10)
	c := k % 100
	return append(buf, dec, byte('0'+c/10), byte('0'+c%10))
}

// appendDecimal4 writes x rounded to 4 decimals without trailing zeros;
// nothing when x is NaN or infinite.
func appendDecimal4(buf []byte, x float64, dec byte) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return buf
	}
	n := len(buf)
	buf = strconv.AppendFloat(buf, math.Round(x*1e4)/1e4, 'f', -1, 64)
	if dec != '.' {
		for i := n; i < len(buf); i++ {
			if buf[i] == '.' {
				buf[i] = dec
			}
		}
	}
	return buf
}

// appendField writes a CSV field, quoted when encoding/csv would quote it.
func appendField(buf []byte, f string, sep byte) []byte {
	if !fieldNeedsQuotes(f, sep) {
		return append(buf, f...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, f[i])
	}
	return append(buf, '"')
}

func fieldNeedsQuotes(f string, sep byte) bool {
	if f == "" {
		return false
	}
	if f[0] == ' ' || f[0] == '\t' || f == `\.` {
		return true
	}
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case sep, '"', '\r', '\n':
			return true
		}
	}
	return false
}
