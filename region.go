package kampungkb

import (
	"strings"
)

// Level is a level of the Kemendagri region hierarchy (domain.md §1.1).
type Level int

// Region levels, from the province down to the village.
const (
	Provinsi  Level = 1
	Kabupaten Level = 2
	Kecamatan Level = 3
	Desa      Level = 4
)

// String returns the level's name as used in formats.md (--level values).
func (l Level) String() string {
	switch l {
	case Provinsi:
		return "provinsi"
	case Kabupaten:
		return "kabupaten"
	case Kecamatan:
		return "kecamatan"
	case Desa:
		return "desa"
	}
	return "?"
}

// Label returns the level's Indonesian label for people.
func (l Level) Label() string {
	switch l {
	case Provinsi:
		return "Provinsi"
	case Kabupaten:
		return "Kabupaten/Kota"
	case Kecamatan:
		return "Kecamatan"
	case Desa:
		return "Desa/Kelurahan"
	}
	return ""
}

// ChildLabel returns the label of the level below l.
func (l Level) ChildLabel() string { return (l + 1).Label() }

// Region is one unit of the hierarchy. Code is the dotted Kemendagri code;
// the parent is the code's prefix.
type Region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Level      Level  `json:"level"`
	ParentCode string `json:"parent_code,omitempty"`
}

// LevelName returns the level as a word, for JSON and CSV.
func (r Region) LevelName() string { return r.Level.String() }

// regionDigits are the digit counts of the dotless form per level.
var regionDigits = [...]int{0, 2, 4, 6, 10}

// NormalizeRegionCode accepts a code in dotted ("52.03.13.2007") or dotless
// ("5203132007") form, with surrounding spaces, and returns the dotted form
// and its level. It reports ok=false for anything else (formats.md "Regions").
func NormalizeRegionCode(s string) (code string, level Level, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", 0, false
	}
	if strings.Contains(s, ".") {
		parts := strings.Split(s, ".")
		if len(parts) > 4 {
			return "", 0, false
		}
		want := [...]int{2, 2, 2, 4}
		for i, p := range parts {
			if len(p) != want[i] || !allDigits(p) {
				return "", 0, false
			}
		}
		return s, Level(len(parts)), true
	}
	if !allDigits(s) {
		return "", 0, false
	}
	for lv := Provinsi; lv <= Desa; lv++ {
		if len(s) == regionDigits[lv] {
			var b strings.Builder
			b.WriteString(s[:2])
			for l := Kabupaten; l <= lv; l++ {
				b.WriteByte('.')
				b.WriteString(s[regionDigits[l-1]:regionDigits[l]])
			}
			return b.String(), lv, true
		}
	}
	return "", 0, false
}

// RegionLevel returns the level of a dotted code (0 if it is not one).
func RegionLevel(code string) Level {
	if code == "" {
		return 0
	}
	return Level(strings.Count(code, ".") + 1)
}

// ParentRegionCode returns the code of the parent of a dotted code, or "" for
// a province.
func ParentRegionCode(code string) string {
	i := strings.LastIndexByte(code, '.')
	if i < 0 {
		return ""
	}
	return code[:i]
}

// RegionAncestors returns the codes of code and all its ancestors, from the
// province down.
func RegionAncestors(code string) []string {
	var out []string
	for c := code; c != ""; c = ParentRegionCode(c) {
		out = append([]string{c}, out...)
	}
	return out
}

// InRegion reports whether code lies in region (is it or is below it).
// The empty region contains everything.
func InRegion(code, region string) bool {
	if region == "" {
		return true
	}
	return code == region || strings.HasPrefix(code, region+".")
}

// IsKelurahan reports whether a village code denotes a kelurahan (4-digit
// part starting with 1) rather than a desa (2) or desa adat (3), domain.md §1.1.
func IsKelurahan(code string) bool {
	return RegionLevel(code) == Desa && code[len(code)-4] == '1'
}

// VillageKind returns "Kelurahan", "Desa" or "Desa Adat" for a village code.
func VillageKind(code string) string {
	if RegionLevel(code) != Desa {
		return ""
	}
	switch code[len(code)-4] {
	case '1':
		return "Kelurahan"
	case '3':
		return "Desa Adat"
	}
	return "Desa"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
