package exchange_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"kampungkb"
	"kampungkb/exchange"
)

// FuzzReadRegions feeds the region importer four files of arbitrary
// content (present selects which exist). It must not panic, and what it
// accepts must be sound: every region has a code of its file's level,
// appears once, has a clean name and a parent that is in the files or
// known; what it refuses is a list of row errors naming file and line.
// Run: go test -fuzz FuzzReadRegions ./exchange
func FuzzReadRegions(f *testing.F) {
	prov := "code,name\n52,Nusa Tenggara Barat\n"
	reg := "code,province_code,name\n52.03,52,Kabupaten Lombok Timur\n5204,52,Kabupaten Sumbawa\n"
	dist := "code,regency_code,name\n52.03.13,52.03,Suralaga\n"
	vil := "code,district_code,name\n5203132007,52.03.13,Tumbuh Mulia\n52.03.13.2008,52.03.13,\"Dasan Borok, Dusun \"\"A\"\"\"\n"
	f.Add(uint8(15), prov, reg, dist, vil)
	f.Add(uint8(8), "", "", "", "\ufeffcode,district_code,name\n52.01.01.2001,52.01.01,Desa di kecamatan yang dikenal\n")
	f.Add(uint8(15), "code,name\n52,NTB\n52,NTB lagi\n5x,Rusak\n", "code,name\n52.03,tanpa kolom induk\n", "", "")
	f.Add(uint8(1), "code,name\na\"b,c\n\"tidak ditutup\n", "", "", "")
	f.Add(uint8(4), "", "", "code,regency_code,name\n52.03.13,52.03,\n52.03.14,52.99,Induk salah\n52.03.15,52.03,"+strings.Repeat("x", 201)+"\n", "")
	f.Add(uint8(2), "", "code,province_code,name,extra\n52.03,52,\"Lombok\nTimur\",1\n 52.04 , 52 ,  Sumbawa  \n", "", "")
	f.Add(uint8(0), "", "", "", "")
	f.Add(uint8(1), "", "", "", "")
	f.Add(uint8(1), "code,name\n99,\xff\xfe\n", "", "", "")
	known := func(code string) bool { return code == "52" || code == "52.01" || code == "52.01.01" }
	f.Fuzz(func(t *testing.T, present uint8, prov, reg, dist, vil string) {
		fsys := fstest.MapFS{}
		for i, content := range []string{prov, reg, dist, vil} {
			if present&(1<<i) != 0 {
				fsys[exchange.RegionFiles[i].Name] = &fstest.MapFile{Data: []byte(content)}
			}
		}
		regions, err := exchange.ReadRegions(fsys, known)
		if present&15 == 0 {
			if err == nil {
				t.Fatal("no files, no error")
			}
			return
		}
		if err != nil {
			var rows exchange.RowErrors
			if !errors.As(err, &rows) || len(rows) == 0 {
				t.Fatalf("error is not a list of row errors: %v", err)
			}
			for _, r := range rows {
				if r.Line < 1 || !strings.HasSuffix(r.File, ".csv") || r.Problem == "" {
					t.Fatalf("row error without file, line or problem: %+v", r)
				}
			}
			if regions != nil {
				t.Fatalf("regions returned with an error")
			}
			return
		}
		seen := map[string]bool{}
		last := kampungkb.Level(0)
		for _, r := range regions {
			code, lv, ok := kampungkb.NormalizeRegionCode(r.Code)
			switch {
			case !ok || code != r.Code || lv != r.Level:
				t.Fatalf("region %+v: code not in dotted form of its level", r)
			case r.Level < last:
				t.Fatalf("regions not in level order: %+v after level %d", r, last)
			case seen[r.Code]:
				t.Fatalf("region %s twice", r.Code)
			case r.Name == "" || r.Name != strings.TrimSpace(r.Name) || !utf8.ValidString(r.Name) || utf8.RuneCountInString(r.Name) > 200:
				t.Fatalf("region %s: bad name %q", r.Code, r.Name)
			case r.ParentCode != kampungkb.ParentRegionCode(r.Code):
				t.Fatalf("region %s: parent %q", r.Code, r.ParentCode)
			case r.ParentCode != "" && !seen[r.ParentCode] && !known(r.ParentCode):
				t.Fatalf("region %s: unknown parent %s accepted", r.Code, r.ParentCode)
			}
			seen[r.Code] = true
			last = r.Level
		}
	})
}
