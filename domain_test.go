package kampungkb_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kampungkb"
)

// TestRootImportsOnlyStandardLibrary keeps the domain package free of
// dependencies (style.md): every import of a non-test file of the root
// package must be a standard-library path (no dot in its first element).
func TestRootImportsOnlyStandardLibrary(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	if len(files) == 0 {
		t.Fatal("no Go files found")
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			first := strings.Split(p, "/")[0]
			if strings.Contains(first, ".") || p == "kampungkb" || strings.HasPrefix(p, "kampungkb/") {
				t.Errorf("%s imports %s: the domain package may import only the standard library", f, p)
			}
		}
	}
}

func TestNormalizeRegionCode(t *testing.T) {
	for _, c := range []struct {
		in    string
		code  string
		level kampungkb.Level
		ok    bool
	}{
		{"52", "52", kampungkb.Provinsi, true},
		{"52.03", "52.03", kampungkb.Kabupaten, true},
		{"5203", "52.03", kampungkb.Kabupaten, true},
		{"520313", "52.03.13", kampungkb.Kecamatan, true},
		{"5203132007", "52.03.13.2007", kampungkb.Desa, true},
		{" 52.03.13.2007 ", "52.03.13.2007", kampungkb.Desa, true},
		{"52.3", "", 0, false},
		{"52.03.13.207", "", 0, false},
		{"52031320071", "", 0, false},
		{"52.03.13.2007.1", "", 0, false},
		{"5a", "", 0, false},
		{"", "", 0, false},
		{"520", "", 0, false},
	} {
		code, lv, ok := kampungkb.NormalizeRegionCode(c.in)
		if code != c.code || lv != c.level || ok != c.ok {
			t.Errorf("NormalizeRegionCode(%q) = %q %v %v, want %q %v %v", c.in, code, lv, ok, c.code, c.level, c.ok)
		}
	}
	if !kampungkb.InRegion("52.03.13.2007", "52.03") || kampungkb.InRegion("52.031", "52.03") || !kampungkb.InRegion("52", "") {
		t.Error("InRegion")
	}
	if got := kampungkb.RegionAncestors("52.03.13.2007"); strings.Join(got, " ") != "52 52.03 52.03.13 52.03.13.2007" {
		t.Errorf("ancestors = %v", got)
	}
	if kampungkb.VillageKind("52.03.07.1001") != "Kelurahan" || kampungkb.VillageKind("52.03.13.2007") != "Desa" {
		t.Error("VillageKind")
	}
}

func TestIndonesianFormats(t *testing.T) {
	if got := kampungkb.FormatDate(kampungkb.MustDate("2019-12-10")); got != "10 Desember 2019" {
		t.Errorf("FormatDate = %q", got)
	}
	for n, want := range map[int64]string{0: "Rp 0", 999: "Rp 999", 1000: "Rp 1.000", 1500000: "Rp 1.500.000", -25000: "Rp -25.000"} {
		if got := kampungkb.FormatRupiah(n); got != want {
			t.Errorf("FormatRupiah(%d) = %q, want %q", n, got, want)
		}
	}
	for _, c := range []struct {
		num, den int64
		want     string
	}{{182, 313, "58,1 %"}, {1, 8, "12,5 %"}, {1, 3, "33,3 %"}, {2, 3, "66,7 %"}, {0, 5, "0,0 %"}, {1, 0, ""}, {1, 16, "6,3 %"}} {
		if got := kampungkb.FormatPercent(c.num, c.den); got != c.want {
			t.Errorf("FormatPercent(%d, %d) = %q, want %q", c.num, c.den, got, c.want)
		}
	}
	for in, want := range map[string]int64{"1500000": 1500000, "1.500.000": 1500000, "Rp 1.500.000": 1500000, "Rp1.500.000,00": 1500000, " 0 ": 0} {
		got, err := kampungkb.ParseRupiah(in)
		if err != nil || got != want {
			t.Errorf("ParseRupiah(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "-5", "1,5", "abc", "1.2.3x", "99999999999999999999"} {
		if _, err := kampungkb.ParseRupiah(in); err == nil {
			t.Errorf("ParseRupiah(%q) accepted", in)
		}
	}
}

func TestPartnerValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		m     kampungkb.Partner
		field string
	}{
		{"ok", kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"5203"}}, ""},
		{"no name", kampungkb.Partner{Name: "  ", Category: "lsm"}, "name"},
		{"bad category", kampungkb.Partner{Name: "X", Category: "ormas"}, "category"},
		{"bad region", kampungkb.Partner{Name: "X", Category: "lsm", Regions: []string{"52.3"}}, "regions"},
		{"dup region", kampungkb.Partner{Name: "X", Category: "lsm", Regions: []string{"52.03", "5203"}}, "regions"},
		{"bad email", kampungkb.Partner{Name: "X", Category: "lsm", Email: "a@"}, "email"},
		{"bad phone", kampungkb.Partner{Name: "X", Category: "lsm", Phone: "call me"}, "phone"},
		{"bad site", kampungkb.Partner{Name: "X", Category: "lsm", Website: "javascript:alert(1)"}, "website"},
		{"own parent", kampungkb.Partner{ID: 3, Name: "X", Category: "lsm", ParentID: 3}, "parent_id"},
		{"contact without name", kampungkb.Partner{Name: "X", Category: "lsm", Contacts: []kampungkb.Contact{{Phone: "08123456789"}}}, "contacts"},
		{"bad institution", kampungkb.Partner{Name: "X", Category: "lsm", Institution: "38"}, "institution"},
	} {
		err := c.m.Validate()
		fields := kampungkb.ErrorFields(err)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if kampungkb.ErrorKind(err) != kampungkb.Invalid || fields[c.field] == "" {
			t.Errorf("%s: err = %v, want a message for %s", c.name, err, c.field)
		}
	}
	m := kampungkb.Partner{Name: "RKB", Category: "bumn_bumd"}
	m.Validate()
	if m.Institution != "9" {
		t.Errorf("default institution of BUMN = %q, want 9 (BUMN dan BUMD)", m.Institution)
	}
}

func TestKampungValidate(t *testing.T) {
	today := kampungkb.MustDate("2026-11-28")
	lat, lon := -8.56, 116.53
	bad := 200.0
	base := func() kampungkb.Kampung {
		return kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "5203132007", Coverage: "dusun", CoverageDetail: "Dasan Tumbu",
			LaunchDate: kampungkb.MustDate("2017-11-14"), Latitude: &lat, Longitude: &lon}
	}
	for _, c := range []struct {
		name  string
		edit  func(*kampungkb.Kampung)
		field string
	}{
		{"ok", func(*kampungkb.Kampung) {}, ""},
		{"kecamatan code", func(k *kampungkb.Kampung) { k.VillageCode = "52.03.13" }, "village_code"},
		{"no coverage detail", func(k *kampungkb.Kampung) { k.CoverageDetail = "" }, "coverage_detail"},
		{"future launch", func(k *kampungkb.Kampung) { k.LaunchDate = today.AddDays(1) }, "launch_date"},
		{"launch today", func(k *kampungkb.Kampung) { k.LaunchDate = today }, ""},
		{"one coordinate", func(k *kampungkb.Kampung) { k.Longitude = nil }, "latitude"},
		{"outside Indonesia", func(k *kampungkb.Kampung) { k.Longitude = &bad }, "longitude"},
		{"other criteria unexplained", func(k *kampungkb.Kampung) { k.Criteria = []string{"lainnya"} }, "criteria_other"},
		{"unknown criteria", func(k *kampungkb.Kampung) { k.Criteria = []string{"kb_rendah", "x"} }, "criteria"},
	} {
		k := base()
		c.edit(&k)
		err := k.Validate(today)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		} else if kampungkb.ErrorFields(err)[c.field] == "" {
			t.Errorf("%s: err = %v, want a message for %s", c.name, err, c.field)
		}
	}
}
