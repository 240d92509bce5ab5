package indicator

import (
	"strconv"
	"strings"
	"unicode"

	"kampungkb"
)

// Areas accumulates family counts for every level of the region hierarchy
// at once: adding a family's counts to its desa adds them to the desa's
// kecamatan, kabupaten and province too. Every indicator is a count, so
// each area is exactly the sum of the families below it.
type Areas map[string]Counts

// Add adds c to the region code (normally a desa) and all its ancestors.
func (a Areas) Add(code string, c Counts) {
	for _, anc := range kampungkb.RegionAncestors(code) {
		a[anc] = a[anc].Add(c)
	}
}

// Get returns the counts of region code; zero counts for a region without
// families (formats.md: such regions may be listed with zeros).
func (a Areas) Get(code string) Counts { return a[code] }

// InKampung reports whether family f lies in Kampung KB k: in its desa and,
// when the kampung covers only some RW or dusun (Coverage "rw" or "dusun"),
// in one of those named in CoverageDetail. CoverageDetail is free text, so
// RW are compared as numbers ("RW 03, 4" covers rw "003" and "4") and dusun
// names case-insensitively, without a leading "Dusun" and separated by
// commas, semicolons or " dan ". A family whose RW or dusun is unknown is
// not counted in a partial kampung.
func InKampung(k kampungkb.Kampung, f kampungkb.Family) bool {
	if f.VillageCode != k.VillageCode {
		return false
	}
	switch k.Coverage {
	case "rw":
		n, err := strconv.Atoi(strings.TrimSpace(f.RW))
		if err != nil {
			return false
		}
		for _, field := range strings.FieldsFunc(k.CoverageDetail, func(r rune) bool { return !unicode.IsDigit(r) }) {
			if m, err := strconv.Atoi(field); err == nil && m == n {
				return true
			}
		}
		return false
	case "dusun":
		d := dusunName(f.Dusun)
		if d == "" {
			return false
		}
		detail := strings.NewReplacer(";", ",", " dan ", ",", " Dan ", ",", " DAN ", ",").Replace(k.CoverageDetail)
		for _, name := range strings.Split(detail, ",") {
			if dusunName(name) == d {
				return true
			}
		}
		return false
	}
	return true
}

func dusunName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimSpace(strings.TrimPrefix(s, "dusun "))
}
