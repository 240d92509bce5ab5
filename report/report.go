// Package report computes the programme's reports from stored data: the
// indicators of formats.md "Programme indicators" per region level or per
// Kampung KB, from the families in the database (package indicator holds
// the definitions; this package only reads and adds up).
package report

import (
	"context"
	"fmt"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/sqldb"
)

// Kampung is the level of one row per Kampung KB.
const Kampung kampungkb.Level = 5

// ParseLevel reads --level: provinsi, kabupaten, kecamatan, desa or
// kampung.
func ParseLevel(s string) (kampungkb.Level, error) {
	if s == "kampung" {
		return Kampung, nil
	}
	for l := kampungkb.Provinsi; l <= kampungkb.Desa; l++ {
		if l.String() == s {
			return l, nil
		}
	}
	return 0, fmt.Errorf("level %q tidak dikenal: provinsi, kabupaten, kecamatan, desa atau kampung", s)
}

// Indicators computes the indicator rows of region at reference date at:
// one row per region of level below region (level 0: the level below
// region), or per Kampung KB (level Kampung), each the exact sum of its
// families. Regions without families are listed with zeros. The rule set
// is the one in force on at.
//
// The rows come from the roll-ups (package rollup) when at is a date they
// keep and they are up to date in region (a few changed villages are
// refreshed first); else from the family tables, like ScanIndicators.
func Indicators(ctx context.Context, db *sqldb.DB, region string, level kampungkb.Level, at kampungkb.Date, scope kampungkb.Scope) ([]indicator.Row, *indicator.RuleSet, error) {
	ok, err := useRollups(ctx, db, region, scope, at)
	if err != nil || !ok {
		if err == nil {
			return ScanIndicators(ctx, db, region, level, at, scope)
		}
		return nil, nil, err
	}
	return rolledIndicators(ctx, db, region, level, at, scope)
}

// ScanIndicators is Indicators computed from the family tables, whatever
// the roll-ups hold.
func ScanIndicators(ctx context.Context, db *sqldb.DB, region string, level kampungkb.Level, at kampungkb.Date, scope kampungkb.Scope) ([]indicator.Row, *indicator.RuleSet, error) {
	rs := indicator.For(at)
	level = defaultLevel(region, level)
	var kampung []sqldb.KampungRow
	perKampung := map[int64]indicator.Counts{}
	if level == Kampung {
		rows, _, err := db.KampungList(ctx, kampungkb.Filter{Region: region, Scope: scope, Limit: kampungkb.MaxPageSize})
		if err != nil {
			return nil, rs, err
		}
		kampung = rows
	}
	byVillage := map[string][]kampungkb.Kampung{}
	for _, k := range kampung {
		byVillage[k.VillageCode] = append(byVillage[k.VillageCode], k.Kampung)
	}
	// Families are added up per village and the villages rolled up to
	// their ancestors once at the end: the sums are the same, without
	// walking four ancestors for each of half a million families.
	perVillage := map[string]*indicator.Counts{}
	err := db.EachFamily(ctx, region, scope, func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error {
		c := rs.Family(f, members, measurementsOf(ms), at)
		v := perVillage[f.VillageCode]
		if v == nil {
			v = &indicator.Counts{}
			perVillage[f.VillageCode] = v
		}
		*v = v.Add(c)
		for _, k := range byVillage[f.VillageCode] {
			if indicator.InKampung(k, f) {
				perKampung[k.ID] = perKampung[k.ID].Add(c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, rs, err
	}
	areas := indicator.Areas{}
	for code, c := range perVillage {
		areas.Add(code, *c)
	}
	var out []indicator.Row
	if level == Kampung {
		for _, k := range kampung {
			out = append(out, indicator.Row{Code: fmt.Sprintf("kampung:%d", k.ID), Name: k.Name, Counts: perKampung[k.ID]})
		}
		return out, rs, nil
	}
	out, err = areaRows(ctx, db, region, level, scope, areas)
	return out, rs, err
}

// defaultLevel is the level of Indicators' rows: level, or when 0 the
// level below region (per Kampung KB below a desa).
func defaultLevel(region string, level kampungkb.Level) kampungkb.Level {
	if level == 0 {
		level = kampungkb.RegionLevel(region) + 1
		if level > kampungkb.Desa {
			level = Kampung
		}
	}
	return level
}

// areaRows returns a row for every region of level inside region (and the
// scope), with zeros when it has no families.
func areaRows(ctx context.Context, db *sqldb.DB, region string, level kampungkb.Level, scope kampungkb.Scope, areas indicator.Areas) ([]indicator.Row, error) {
	regions, err := regionsAt(ctx, db, region, level)
	if err != nil {
		return nil, err
	}
	var out []indicator.Row
	for _, r := range regions {
		if scope.Region != "" && !kampungkb.InRegion(r.Code, scope.Region) && !kampungkb.InRegion(scope.Region, r.Code) {
			continue
		}
		out = append(out, indicator.Row{Code: r.Code, Name: r.Name, Counts: areas.Get(r.Code)})
	}
	return out, nil
}

// regionsAt lists the regions of level inside region, walking down.
func regionsAt(ctx context.Context, db *sqldb.DB, region string, level kampungkb.Level) ([]kampungkb.Region, error) {
	current := []string{region}
	if region == "" {
		current = []string{""}
	}
	var out []kampungkb.Region
	for lv := kampungkb.RegionLevel(region) + 1; lv <= level; lv++ {
		var next []string
		out = out[:0]
		for _, c := range current {
			kids, err := db.RegionChildren(ctx, c)
			if err != nil {
				return nil, err
			}
			for _, k := range kids {
				next = append(next, k.Code)
				out = append(out, k)
			}
		}
		current = next
	}
	return out, nil
}

// measurementsOf returns a family's measurements as package indicator
// takes them; nil for a family without any.
func measurementsOf(ms map[int][]kampungkb.Measurement) map[int][]indicator.Measurement {
	if len(ms) == 0 {
		return nil
	}
	out := make(map[int][]indicator.Measurement, len(ms))
	for no, list := range ms {
		im := make([]indicator.Measurement, len(list))
		for i, m := range list {
			im[i] = indicator.MeasurementOf(m)
		}
		out[no] = im
	}
	return out
}
