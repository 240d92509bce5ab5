package kampungkb

import (
	"strings"
	"testing"
)

// Fuzz targets for the parsers of text people type (go test -fuzz
// FuzzParseRupiah, FuzzNormalizeRegionCode or FuzzParseDate); scripts/test
// runs each for a few seconds.

// FuzzParseRupiah: no panic; an accepted amount is whole, not negative,
// within bounds, and reads back from its own printed forms.
func FuzzParseRupiah(f *testing.F) {
	for _, s := range []string{"1500000", "1.500.000", "Rp 1.500.000", "Rp1.500.000,00", "rp 25.000", "0", "-5", "−5",
		"1,5", "1.500.000,50", "Rp", "", " ", "Rp.10.000", "9.999.999.999.999.999", "1e6", "١٢٣", "Rp 1 500 000", "0x10", "+7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseRupiah(s)
		if err != nil {
			if n != 0 {
				t.Fatalf("ParseRupiah(%q) = %d with error %v", s, n, err)
			}
			return
		}
		if n < 0 || n > 1e15 {
			t.Fatalf("ParseRupiah(%q) = %d: out of bounds", s, n)
		}
		for _, printed := range []string{FormatInt(n), FormatRupiah(n), FormatRupiah(n) + ",00"} {
			if m, err := ParseRupiah(printed); err != nil || m != n {
				t.Fatalf("ParseRupiah(%q) = %d, but its printed form %q reads back as %d, %v", s, n, printed, m, err)
			}
		}
	})
}

// FuzzNormalizeRegionCode: no panic; an accepted code is the dotted form
// of its level, normalising it again changes nothing, and its dotless
// form and its parent normalise consistently.
func FuzzNormalizeRegionCode(f *testing.F) {
	for _, s := range []string{"52", "52.03", "52.03.13", "52.03.13.2007", "5203132007", " 5203 ", "52.3", "52..03", "52.03.13.20071",
		"520313200", "5x", "", ".", "52.03.13.2007.1", "٥٢", "52.03.13.２００７", "+52", "52,03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, level, ok := NormalizeRegionCode(s)
		if !ok {
			if code != "" || level != 0 {
				t.Fatalf("NormalizeRegionCode(%q) refused but returned %q, %d", s, code, level)
			}
			return
		}
		if level < Provinsi || level > Desa || RegionLevel(code) != level {
			t.Fatalf("NormalizeRegionCode(%q) = %q at level %d", s, code, level)
		}
		digits := strings.ReplaceAll(code, ".", "")
		if len(digits) != regionDigits[level] || !allDigits(digits) {
			t.Fatalf("NormalizeRegionCode(%q) = %q: not %d digits", s, code, regionDigits[level])
		}
		for _, again := range []string{code, digits, " " + code + " "} {
			if c, l, ok := NormalizeRegionCode(again); !ok || c != code || l != level {
				t.Fatalf("NormalizeRegionCode(%q) = %q, but %q gives %q %d %v", s, code, again, c, l, ok)
			}
		}
		if parent := ParentRegionCode(code); level > Provinsi {
			if p, l, ok := NormalizeRegionCode(parent); !ok || p != parent || l != level-1 || !InRegion(code, parent) {
				t.Fatalf("parent of %q is %q (%d %v)", code, parent, l, ok)
			}
		} else if parent != "" {
			t.Fatalf("province %q has parent %q", code, parent)
		}
	})
}

// FuzzParseDate: no panic; an accepted date prints as YYYY-MM-DD and
// reads back, also through JSON.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2019-12-10", " 2024-02-29 ", "2023-02-29", "2019-13-01", "10-12-2019", "2019/12/10", "", "0000-01-01",
		"9999-12-31", "2019-1-1", "2019-12-10T00:00:00Z", "+2019-12-10", "２０１９-12-10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v, want the zero date", s, d)
			}
			return
		}
		printed := d.String()
		if len(printed) != 10 || printed != strings.TrimSpace(s) {
			t.Fatalf("ParseDate(%q) prints as %q", s, printed)
		}
		if e, err := ParseDate(printed); err != nil || e != d {
			t.Fatalf("ParseDate(%q) = %v, but %q reads back as %v, %v", s, d, printed, e, err)
		}
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON(%v): %v", d, err)
		}
		var e Date
		if err := e.UnmarshalJSON(b); err != nil || e != d {
			t.Fatalf("JSON %s reads back as %v, %v", b, e, err)
		}
	})
}
