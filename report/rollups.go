package report

import (
	"context"
	"fmt"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/rollup"
	"kampungkb/sqldb"
)

// maxSyncRefresh is the number of changed villages a report refreshes
// itself before reading the roll-ups (tens of milliseconds each); with
// more, it computes from the family tables (a large import that a
// server's roll-up worker has not finished yet).
const maxSyncRefresh = 50

// Prevalence is sqldb's Prevalence, read from the roll-ups when the
// period is one they keep (rollup.KeptPeriod) and they are up to date in
// the region.
func Prevalence(ctx context.Context, db *sqldb.DB, region string, level kampungkb.Level, period kampungkb.Period, scope kampungkb.Scope) ([]kampungkb.Prevalence, error) {
	if scope.PartnerID == 0 {
		kept, ok, err := rollup.PeriodReady(ctx, db, period)
		if err != nil {
			return nil, err
		}
		if ok {
			if ok, err = upToDate(ctx, db, region, scope); err != nil {
				return nil, err
			} else if ok {
				return db.PrevalenceRollups(ctx, region, level, kept, scope)
			}
		}
	}
	return db.Prevalence(ctx, region, level, period, scope)
}

// useRollups reports whether the figures of region in scope at dates can
// come from the roll-ups: the dates are kept and built with the rule set
// in force, and no village of the region waits for a refresh (after
// refreshing up to maxSyncRefresh of them). Partner scopes see no family
// data either way.
func useRollups(ctx context.Context, db *sqldb.DB, region string, scope kampungkb.Scope, dates ...kampungkb.Date) (bool, error) {
	if scope.PartnerID != 0 {
		return false, nil
	}
	ok, err := rollup.Ready(ctx, db, dates...)
	if err != nil || !ok {
		return false, err
	}
	return upToDate(ctx, db, region, scope)
}

// upToDate reports whether no village of region in scope waits for a
// refresh, after refreshing up to maxSyncRefresh of them.
func upToDate(ctx context.Context, db *sqldb.DB, region string, scope kampungkb.Scope) (bool, error) {
	for range 2 {
		n, err := db.PendingVillages(ctx, region, scope.Region)
		if err != nil || n == 0 {
			return err == nil, err
		}
		if n > maxSyncRefresh {
			return false, nil
		}
		area := region
		if kampungkb.RegionLevel(scope.Region) > kampungkb.RegionLevel(area) {
			area = scope.Region
		}
		if _, err := rollup.Refresh(ctx, db, area); err != nil {
			return false, err
		}
	}
	return false, nil
}

// rolledIndicators is Indicators from the roll-ups.
func rolledIndicators(ctx context.Context, db *sqldb.DB, region string, level kampungkb.Level, at kampungkb.Date, scope kampungkb.Scope) ([]indicator.Row, *indicator.RuleSet, error) {
	rs := indicator.For(at)
	level = defaultLevel(region, level)
	if level == Kampung {
		ks, _, err := db.KampungList(ctx, kampungkb.Filter{Region: region, Scope: scope, Limit: kampungkb.MaxPageSize})
		if err != nil {
			return nil, rs, err
		}
		counts, err := db.KampungRollups(ctx, at, region)
		if err != nil {
			return nil, rs, err
		}
		var out []indicator.Row
		for _, k := range ks {
			out = append(out, indicator.Row{Code: fmt.Sprintf("kampung:%d", k.ID), Name: k.Name, Counts: counts[k.ID]})
		}
		return out, rs, nil
	}
	vs, err := db.VillageRollups(ctx, at, region, scope.Region)
	if err != nil {
		return nil, rs, err
	}
	areas := indicator.Areas{}
	for _, v := range vs {
		areas.Add(v.VillageCode, v.Counts)
	}
	out, err := areaRows(ctx, db, region, level, scope, areas)
	return out, rs, err
}

// rolledDashboard fills d's figures from the roll-ups: d already holds
// its areas, Kampung KB rows and trend dates (BuildDashboard).
func rolledDashboard(ctx context.Context, db *sqldb.DB, d *Dashboard, scope kampungkb.Scope, areaOf func(string) (int, bool)) error {
	vs, err := db.VillageRollups(ctx, d.At, d.Region, scope.Region)
	if err != nil {
		return err
	}
	for _, v := range vs {
		d.Total = d.Total.Add(v.Counts)
		if i, ok := areaOf(v.VillageCode); ok {
			d.Areas[i].Counts = d.Areas[i].Counts.Add(v.Counts)
		}
		d.FamiliesInKampungKB += v.FamiliesInKampung
	}
	d.FamiliesOutsideKKB = d.Total.Families - d.FamiliesInKampungKB
	if len(d.Kampung) > 0 {
		counts, err := db.KampungRollups(ctx, d.At, d.Region)
		if err != nil {
			return err
		}
		for i := range d.Kampung {
			d.Kampung[i].Counts = counts[d.Kampung[i].ID]
		}
	}
	if len(d.Trend) > 0 {
		dates := make([]kampungkb.Date, len(d.Trend))
		for i, p := range d.Trend {
			dates[i] = p.At
		}
		totals, err := db.RollupTotals(ctx, dates, d.Region, scope.Region)
		if err != nil {
			return err
		}
		for i := range d.Trend {
			d.Trend[i].Counts = totals[d.Trend[i].At]
		}
	}
	d.FromRollups = true
	return nil
}
