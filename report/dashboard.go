package report

import (
	"context"
	"fmt"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/rollup"
	"kampungkb/sqldb"
)

// Dashboard is what the indicator dashboard shows for one region at one
// reference date, computed in one pass over the region's families: the
// region's total, one row per region of the level below, one row per
// Kampung KB, the Kampung KB with and without partner activity in the
// period side by side, and optionally a monthly trend.
type Dashboard struct {
	Region     string // "" is the whole country
	RegionName string
	At         kampungkb.Date
	RuleSet    *indicator.RuleSet
	Total      indicator.Counts
	// AreaLevel is the level of Areas (one below Region; none below a desa).
	AreaLevel kampungkb.Level
	Areas     []indicator.Row
	// Kampung has one row per Kampung KB in the region (its families:
	// indicator.InKampung), Reached saying whether a partner activity
	// reached it in Period.
	Kampung []KampungRow
	Period  kampungkb.Period
	// With and Without add up the Kampung KB reached and not reached by a
	// partner activity in Period (a family in two overlapping Kampung KB
	// of one group counts once per Kampung KB).
	With, Without       indicator.Counts
	WithN, WithoutN     int
	Trend               []TrendPoint // oldest first; empty unless asked for
	FamiliesOutsideKKB  int          // families of the region in no Kampung KB
	FamiliesInKampungKB int
	// FromRollups: the figures were read from the roll-ups (package
	// rollup), not computed from the family tables.
	FromRollups bool
	// Pending counts the region's villages whose latest changes were not
	// yet in the roll-ups read (AcceptPending).
	Pending int
}

// KampungRow is one Kampung KB's indicators.
type KampungRow struct {
	indicator.Row
	ID          int64
	VillageCode string
	Reached     bool
}

// TrendPoint is the region's counts at the end of one month (the last
// point is the reference date itself).
type TrendPoint struct {
	At     kampungkb.Date
	Counts indicator.Counts
}

// DashboardOptions say what to compute besides the totals.
type DashboardOptions struct {
	// Period decides which Kampung KB count as reached by partners; zero
	// is the twelve months up to the reference date.
	Period kampungkb.Period
	// TrendMonths, when above 0, adds the counts at the end of each of
	// that many months up to the reference date. From the family tables,
	// each month computes every family again; from the roll-ups it is a
	// few rows per month.
	TrendMonths int
	// AcceptPending reads the roll-ups even while some villages of the
	// region wait for their refresh (Dashboard.Pending says how many): a
	// server's roll-up worker refreshes them within a second. Without it,
	// a few waiting villages are refreshed first and more make the
	// dashboard compute from the family tables.
	AcceptPending bool
}

// MonthEnds returns the last day of each of the n months up to at, the
// last being at itself, oldest first (rollup.MonthEnds: the dates the
// roll-ups keep are such month ends).
func MonthEnds(at kampungkb.Date, n int) []kampungkb.Date { return rollup.MonthEnds(at, n) }

// BuildDashboard computes the dashboard of region at at, within scope:
// from the roll-ups when they keep at and the trend's dates and are up to
// date in region, else from the family tables (ScanDashboard).
func BuildDashboard(ctx context.Context, db *sqldb.DB, region string, at kampungkb.Date, scope kampungkb.Scope, opt DashboardOptions) (*Dashboard, error) {
	dates := []kampungkb.Date{at}
	if opt.TrendMonths > 0 {
		dates = MonthEnds(at, opt.TrendMonths)
	}
	var ok bool
	var pending int
	var err error
	if opt.AcceptPending && scope.PartnerID == 0 {
		if ok, err = rollup.Ready(ctx, db, dates...); err == nil && ok {
			pending, err = db.PendingVillages(ctx, region, scope.Region)
		}
	} else {
		ok, err = useRollups(ctx, db, region, scope, dates...)
	}
	if err != nil {
		return nil, err
	}
	d, err := buildDashboard(ctx, db, region, at, scope, opt, ok)
	if d != nil {
		d.Pending = pending
	}
	return d, err
}

// ScanDashboard is BuildDashboard computed from the family tables.
func ScanDashboard(ctx context.Context, db *sqldb.DB, region string, at kampungkb.Date, scope kampungkb.Scope, opt DashboardOptions) (*Dashboard, error) {
	return buildDashboard(ctx, db, region, at, scope, opt, false)
}

func buildDashboard(ctx context.Context, db *sqldb.DB, region string, at kampungkb.Date, scope kampungkb.Scope, opt DashboardOptions, rolled bool) (*Dashboard, error) {
	d := &Dashboard{Region: region, At: at, RuleSet: indicator.For(at), Period: opt.Period}
	if d.Period.From.IsZero() && d.Period.To.IsZero() {
		d.Period = kampungkb.Period{From: at.AddMonths(-12).AddDays(1), To: at}
	}
	d.RegionName = "Indonesia"
	if region != "" {
		r, err := db.Region(ctx, region)
		if err != nil {
			return nil, err
		}
		d.RegionName = r.Name
	}
	lv := kampungkb.RegionLevel(region)
	if lv < kampungkb.Desa {
		d.AreaLevel = lv + 1
		regions, err := regionsAt(ctx, db, region, d.AreaLevel)
		if err != nil {
			return nil, err
		}
		for _, r := range regions {
			if scope.Region != "" && !kampungkb.InRegion(r.Code, scope.Region) && !kampungkb.InRegion(scope.Region, r.Code) {
				continue
			}
			d.Areas = append(d.Areas, indicator.Row{Code: r.Code, Name: r.Name})
		}
	}
	ks, _, err := db.KampungList(ctx, kampungkb.Filter{Region: region, Scope: scope, Limit: kampungkb.MaxPageSize})
	if err != nil {
		return nil, err
	}
	cov, err := db.Coverage(ctx, region, d.Period, scope)
	if err != nil {
		return nil, err
	}
	notReached := map[int64]bool{}
	for _, k := range cov.NotReached {
		notReached[k.ID] = true
	}
	byVillage := map[string][]int{}
	for i, k := range ks {
		d.Kampung = append(d.Kampung, KampungRow{Row: indicator.Row{Code: fmt.Sprintf("kampung:%d", k.ID), Name: k.Name},
			ID: k.ID, VillageCode: k.VillageCode, Reached: !notReached[k.ID]})
		byVillage[k.VillageCode] = append(byVillage[k.VillageCode], i)
	}
	var dates []kampungkb.Date
	if opt.TrendMonths > 0 {
		dates = MonthEnds(at, opt.TrendMonths)
		d.Trend = make([]TrendPoint, len(dates))
		for i, t := range dates {
			d.Trend[i].At = t
		}
	}
	ruleSets := make([]*indicator.RuleSet, len(dates))
	for i, t := range dates {
		ruleSets[i] = indicator.For(t)
	}
	areaIndex := map[string]int{}
	for i, a := range d.Areas {
		areaIndex[a.Code] = i
	}
	areaOf := func(village string) (int, bool) {
		if d.AreaLevel == 0 {
			return 0, false
		}
		code := village
		for kampungkb.RegionLevel(code) > d.AreaLevel {
			code = kampungkb.ParentRegionCode(code)
		}
		i, ok := areaIndex[code]
		return i, ok
	}
	if rolled {
		if err := rolledDashboard(ctx, db, d, scope, areaOf); err != nil {
			return nil, err
		}
		for _, k := range d.Kampung {
			d.addGroup(k)
		}
		return d, nil
	}
	err = db.EachFamily(ctx, region, scope, func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error {
		im := measurementsOf(ms)
		c := d.RuleSet.Family(f, members, im, at)
		d.Total = d.Total.Add(c)
		if i, ok := areaOf(f.VillageCode); ok {
			d.Areas[i].Counts = d.Areas[i].Counts.Add(c)
		}
		in := false
		for _, i := range byVillage[f.VillageCode] {
			k := &d.Kampung[i]
			if indicator.InKampung(ks[i].Kampung, f) {
				in = true
				k.Counts = k.Counts.Add(c)
			}
		}
		if in {
			d.FamiliesInKampungKB++
		} else {
			d.FamiliesOutsideKKB++
		}
		for i, t := range dates {
			d.Trend[i].Counts = d.Trend[i].Counts.Add(ruleSets[i].Family(f, members, im, t))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, k := range d.Kampung {
		d.addGroup(k)
	}
	return d, nil
}

// addGroup adds a Kampung KB to the group with or without partner activity.
func (d *Dashboard) addGroup(k KampungRow) {
	if k.Reached {
		d.With, d.WithN = d.With.Add(k.Counts), d.WithN+1
	} else {
		d.Without, d.WithoutN = d.Without.Add(k.Counts), d.WithoutN+1
	}
}

// KampungCounts adds up the families of one Kampung KB (those of its
// village that indicator.InKampung places in it) at at. It reads the whole
// village whatever the user's scope: the counts feed the Kampung KB's
// classification, a property of the Kampung KB that every user who may
// see it must see alike, and hold no personal data.
//
// When the roll-ups keep at and are up to date in the village, the counts
// are read from them.
func KampungCounts(ctx context.Context, db *sqldb.DB, k kampungkb.Kampung, at kampungkb.Date) (indicator.Counts, error) {
	if ok, err := useRollups(ctx, db, k.VillageCode, kampungkb.Scope{}, at); err != nil {
		return indicator.Counts{}, err
	} else if ok {
		counts, err := db.KampungRollups(ctx, at, k.VillageCode)
		return counts[k.ID], err
	}
	rs := indicator.For(at)
	var total indicator.Counts
	err := db.EachFamily(ctx, k.VillageCode, kampungkb.Scope{}, func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error {
		if !indicator.InKampung(k, f) {
			return nil
		}
		im := measurementsOf(ms)
		total = total.Add(rs.Family(f, members, im, at))
		return nil
	})
	return total, err
}
