package exchange

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"kampungkb"
)

// RegionFiles are the files of a region directory, in the order of the
// levels they hold (formats.md "Regions", ../shared/wilayah/README.md).
var RegionFiles = []struct {
	Name         string
	Level        kampungkb.Level
	ParentColumn string
}{
	{"provinces.csv", kampungkb.Provinsi, ""},
	{"regencies.csv", kampungkb.Kabupaten, "province_code"},
	{"districts.csv", kampungkb.Kecamatan, "regency_code"},
	{"villages.csv", kampungkb.Desa, "district_code"},
}

// ReadRegions reads the region files present in fsys (at least one of
// provinces.csv, regencies.csv, districts.csv, villages.csv) and returns the
// regions in level order. Every bad row is reported in a RowErrors error;
// parent codes are checked against the files themselves and against known,
// which reports whether a code already exists elsewhere (the database).
func ReadRegions(fsys fs.FS, known func(code string) bool) ([]kampungkb.Region, error) {
	var out []kampungkb.Region
	var errs RowErrors
	seen := map[string]bool{}
	found := 0
	for _, f := range RegionFiles {
		file, err := fsys.Open(f.Name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("baca %s: %w", f.Name, err)
		}
		found++
		rs, es, err := readRegionFile(file, f.Name, f.Level, f.ParentColumn, seen, known)
		file.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
		errs = append(errs, es...)
	}
	if found == 0 {
		return nil, fmt.Errorf("tidak ada berkas wilayah: folder harus berisi provinces.csv, regencies.csv, districts.csv dan/atau villages.csv")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

func readRegionFile(r io.Reader, name string, level kampungkb.Level, parentCol string, seen map[string]bool, known func(string) bool) ([]kampungkb.Region, RowErrors, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, RowErrors{{File: name, Line: 1, Problem: "berkas kosong, harus ada baris judul"}}, nil
	}
	if err != nil {
		return nil, RowErrors{{File: name, Line: 1, Problem: err.Error()}}, nil
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		idx[strings.ToLower(h)] = i
	}
	var errs RowErrors
	need := []string{"code", "name"}
	if parentCol != "" {
		need = append(need, parentCol)
	}
	for _, c := range need {
		if _, ok := idx[c]; !ok {
			errs = append(errs, RowError{File: name, Line: 1, Column: c, Problem: "kolom wajib tidak ada"})
		}
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	var out []kampungkb.Region
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, RowError{File: name, Line: pe.Line, Problem: pe.Err.Error()})
				continue
			}
			return nil, nil, fmt.Errorf("baca %s: %w", name, err)
		}
		// FieldPos only after a successful read: after a parse error the
		// record may have no fields, and FieldPos(0) panics (found by
		// FuzzReadRegions).
		line, _ := cr.FieldPos(0)
		get := func(col string) string {
			i := idx[col]
			if i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		raw := get("code")
		code, lv, ok := kampungkb.NormalizeRegionCode(raw)
		switch {
		case raw == "":
			errs = append(errs, RowError{name, line, "code", "kosong"})
			continue
		case !ok:
			errs = append(errs, RowError{name, line, "code", fmt.Sprintf("%q bukan kode wilayah Kemendagri", raw)})
			continue
		case lv != level:
			errs = append(errs, RowError{name, line, "code", fmt.Sprintf("%s adalah kode %s, berkas ini untuk %s", code, lv.Label(), level.Label())})
			continue
		case seen[code]:
			errs = append(errs, RowError{name, line, "code", code + " muncul lebih dari sekali"})
			continue
		}
		reg := kampungkb.Region{Code: code, Level: level, Name: get("name"), ParentCode: kampungkb.ParentRegionCode(code)}
		switch {
		case reg.Name == "":
			errs = append(errs, RowError{name, line, "name", "kosong"})
		case !utf8.ValidString(reg.Name):
			errs = append(errs, RowError{name, line, "name", "bukan teks UTF-8"})
		case utf8.RuneCountInString(reg.Name) > 200:
			errs = append(errs, RowError{name, line, "name", "lebih dari 200 karakter"})
		}
		if parentCol != "" {
			p, _, ok := kampungkb.NormalizeRegionCode(get(parentCol))
			switch {
			case !ok || p != reg.ParentCode:
				errs = append(errs, RowError{name, line, parentCol, fmt.Sprintf("%q tidak sesuai dengan awalan kode %s (%s)", get(parentCol), code, reg.ParentCode)})
			case !seen[p] && (known == nil || !known(p)):
				errs = append(errs, RowError{name, line, parentCol, p + " tidak dikenal: tidak ada di berkas maupun di basis data"})
			}
		}
		seen[code] = true
		out = append(out, reg)
	}
	return out, errs, nil
}
