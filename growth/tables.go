package growth

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"strconv"
)

// lms is one table row with what the z-score formula needs, precomputed
// once at load time so that the hot path does no math.Pow for rows read
// from the table (WHO 2006 ch.7; who-algorithm.md §1–2).
type lms struct {
	L, M, S float64
	invSL   float64 // 1/(S*L)
	// The measurement at z = +3, +2, -2, -3 (SD(k) = M*(1+L*S*k)^(1/L)),
	// used by the restricted formula beyond ±3 SD.
	sd3pos, sd23pos float64 // SD(+3), SD(+3)-SD(+2)
	sd3neg, sd23neg float64 // SD(-3), SD(-2)-SD(-3)
}

func newLMS(l, m, s float64) lms {
	r := lms{L: l, M: m, S: s, invSL: 1 / (s * l)}
	sd := func(k float64) float64 { return m * math.Pow(1+l*s*k, 1/l) }
	sd3p, sd2p, sd2n, sd3n := sd(3), sd(2), sd(-2), sd(-3)
	r.sd3pos, r.sd23pos = sd3p, sd3p-sd2p
	r.sd3neg, r.sd23neg = sd3n, sd2n-sd3n
	return r
}

// table holds one indicator for both sexes, indexed by x - first, where x
// is the age in days (2006), the age in months (2007) or the length/height
// in tenths of a cm (weight-for-length/height).
type table struct {
	name  string
	first int
	rows  [2][]lms // [sex-1]
}

// at returns the row for sex (1 or 2) and x, or nil when x is outside the table.
func (t *table) at(sex, x int) *lms {
	i := x - t.first
	r := t.rows[sex-1]
	if i < 0 || i >= len(r) {
		return nil
	}
	return &r[i]
}

// Tables are the WHO 2006 standards and the WHO 2007 reference, loaded by Load.
type Tables struct {
	len, wei, bmi, hc, ac, ts, ss table // by day
	wfl, wfh                      table // by tenth of a cm
	hfa, wfa, bfa                 table // by month
}

// Load reads the WHO tables from fsys, laid out like ../shared/who-growth:
// who2006/*.txt and who2007/*.txt with WHO's file names (formats.md "WHO
// tables"). A missing or malformed file is an error naming the file and,
// where it applies, the line.
func Load(fsys fs.FS) (*Tables, error) {
	t := new(Tables)
	for _, f := range []struct {
		t      *table
		name   string
		tenths bool // x is a length in cm, keyed by tenths
		first  int  // expected first x
		last   int  // expected last x
	}{
		{&t.len, "who2006/lenanthro.txt", false, 0, 1826},
		{&t.wei, "who2006/weianthro.txt", false, 0, 1826},
		{&t.bmi, "who2006/bmianthro.txt", false, 0, 1826},
		{&t.hc, "who2006/hcanthro.txt", false, 0, 1826},
		{&t.ac, "who2006/acanthro.txt", false, 91, 1826},
		{&t.ts, "who2006/tsanthro.txt", false, 91, 1826},
		{&t.ss, "who2006/ssanthro.txt", false, 91, 1826},
		{&t.wfl, "who2006/wflanthro.txt", true, 450, 1100},
		{&t.wfh, "who2006/wfhanthro.txt", true, 650, 1200},
		{&t.hfa, "who2007/hfawho2007.txt", false, 60, 229},
		{&t.wfa, "who2007/wfawho2007.txt", false, 60, 121},
		{&t.bfa, "who2007/bfawho2007.txt", false, 60, 229},
	} {
		if err := loadTable(fsys, f.name, f.tenths, f.first, f.last, f.t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func loadTable(fsys fs.FS, name string, tenths bool, first, last int, t *table) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("WHO table %s: %w", name, err)
	}
	t.name, t.first = name, first
	n := last - first + 1
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	bad := func(format string, a ...any) error {
		return fmt.Errorf("WHO table %s:%d: %s", name, line, fmt.Sprintf(format, a...))
	}
	var ncol int
	for sc.Scan() {
		line++
		text := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		cols := bytes.Split(text, []byte("\t"))
		if line == 1 {
			if len(cols) < 5 || string(cols[0]) != "sex" || string(cols[2]) != "l" || string(cols[3]) != "m" || string(cols[4]) != "s" {
				return bad("header %q is not sex, x, l, m, s", text)
			}
			ncol = len(cols)
			continue
		}
		if len(text) == 0 {
			continue
		}
		if len(cols) != ncol {
			return bad("%d columns, want %d", len(cols), ncol)
		}
		sex, err := strconv.Atoi(string(cols[0]))
		if err != nil || (sex != 1 && sex != 2) {
			return bad("sex %q is not 1 or 2", cols[0])
		}
		xf, err := strconv.ParseFloat(string(cols[1]), 64)
		if err != nil {
			return bad("x %q is not a number", cols[1])
		}
		var x int
		if tenths {
			x = int(math.Round(xf * 10))
		} else {
			x = int(xf)
			if float64(x) != xf {
				return bad("x %q is not a whole number", cols[1])
			}
		}
		var v [3]float64
		for i := range v {
			v[i], err = strconv.ParseFloat(string(cols[2+i]), 64)
			if err != nil || math.IsNaN(v[i]) || math.IsInf(v[i], 0) {
				return bad("column %d %q is not a number", 3+i, cols[2+i])
			}
		}
		if v[0] == 0 || v[1] <= 0 || v[2] <= 0 {
			return bad("L=%v M=%v S=%v: L must not be 0, M and S must be positive", v[0], v[1], v[2])
		}
		rows := &t.rows[sex-1]
		if want := first + len(*rows); x != want {
			return bad("x %s out of order: expected %v", cols[1], xlabel(want, tenths))
		}
		if len(*rows) >= n {
			return bad("x %s beyond the expected last row %v", cols[1], xlabel(last, tenths))
		}
		// The loh/lorh column is not needed: the by-day rows switch from
		// length to height at 731 days by themselves (who-algorithm.md §4).
		*rows = append(*rows, newLMS(v[0], v[1], v[2]))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("WHO table %s: %w", name, err)
	}
	for s := range 2 {
		if len(t.rows[s]) != n {
			return fmt.Errorf("WHO table %s: sex %d has %d rows, want %d (%v to %v): file truncated?",
				name, s+1, len(t.rows[s]), n, xlabel(first, tenths), xlabel(last, tenths))
		}
	}
	return nil
}

func xlabel(x int, tenths bool) any {
	if tenths {
		return float64(x) / 10
	}
	return x
}
