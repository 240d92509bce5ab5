package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/indicator"
)

// Storage of the roll-ups (migration 0006, package rollup): the indicator
// counts of every village and Kampung KB at a few reference dates.

// RollupDate is a reference date that has roll-up rows.
type RollupDate struct {
	At          kampungkb.Date
	RuleVersion string
	// Complete: every village was built at this date (a date's first build
	// runs in the background; until it ends, readers compute directly).
	Complete bool
	BuiltAt  time.Time
}

// VillageRollup is one village's counts at one date.
type VillageRollup struct {
	At          kampungkb.Date
	VillageCode string
	Counts      indicator.Counts
	// FamiliesInKampung counts the village's families lying in at least
	// one Kampung KB (indicator.InKampung).
	FamiliesInKampung int
}

// KampungRollup is one Kampung KB's counts at one date.
type KampungRollup struct {
	At          kampungkb.Date
	KampungID   int64
	VillageCode string
	Counts      indicator.Counts
}

// countCols are the count columns of both roll-up tables, in the order of
// countArgs and scanCounts.
const countCols = `families, members, pus, pus_kb, pus_kb_modern, mkjp, unmet_iat, unmet_tial, early_marriage_19,
	target_families, krs, t_muda, t_tua, t_dekat, t_banyak, children_0_59m, measured_0_59m, stunted`

const nCountCols = 18

func countArgs(c *indicator.Counts) []any {
	return []any{c.Families, c.Members, c.PUS, c.PUSKB, c.PUSKBModern, c.MKJP, c.UnmetIAT, c.UnmetTIAL, c.EarlyMarriage19,
		c.TargetFamilies, c.KRS, c.TMuda, c.TTua, c.TDekat, c.TBanyak, c.Children0to59m, c.Measured0to59m, c.Stunted}
}

func countDests(c *indicator.Counts) []any {
	return []any{&c.Families, &c.Members, &c.PUS, &c.PUSKB, &c.PUSKBModern, &c.MKJP, &c.UnmetIAT, &c.UnmetTIAL, &c.EarlyMarriage19,
		&c.TargetFamilies, &c.KRS, &c.TMuda, &c.TTua, &c.TDekat, &c.TBanyak, &c.Children0to59m, &c.Measured0to59m, &c.Stunted}
}

// sumCols is countCols wrapped in sum(); the integer cast keeps PostgreSQL's
// sum of integers (numeric for bigint, bigint for integer) scannable alike.
func sumCols(prefix string) string {
	var b strings.Builder
	for i, c := range strings.Split(countCols, ",") {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("COALESCE(sum(" + prefix + strings.TrimSpace(c) + "), 0)")
	}
	return b.String()
}

// RollupDates returns the dates with roll-up rows, oldest first.
func (db *DB) RollupDates(ctx context.Context) ([]RollupDate, error) {
	rows, err := db.read().query(ctx, `SELECT at, rule_version, complete, built_at FROM rollup_dates ORDER BY at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RollupDate
	for rows.Next() {
		var d RollupDate
		if err := rows.Scan(&d.At, &d.RuleVersion, &d.Complete, &d.BuiltAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RollupBuild is what a roll-up build computed, for WriteRollups.
type RollupBuild struct {
	Dates        []kampungkb.Date
	RuleVersions []string // the rule set's version at each date
	// All: every village was computed; villages without families lose
	// their rows. Otherwise only Villages were.
	All      bool
	Villages []string
	// Seen is each village's change count read before its data (absent:
	// 0). A village whose roll-ups were meanwhile built from a later state
	// is not written (and marked again, so that it is built once more).
	Seen    map[string]int64
	Rows    []VillageRollup
	Kampung []KampungRollup
	// MarkBuilt records the villages as built at Seen; false for a build
	// of some dates only (the villages' other dates are as they were).
	MarkBuilt bool
	// Complete marks the dates and periods complete (a build of all
	// villages).
	Complete bool
	// Periods and Prevalence are the prevalence periods built and their
	// rows.
	Periods    []kampungkb.Period
	Prevalence []VillagePrevalence
}

// VillagePrevalence is the prevalence counts of one village's children of
// one Kampung KB (0: none) in one period. Only groups with children are
// stored.
type VillagePrevalence struct {
	Period      kampungkb.Period
	VillageCode string
	KampungID   int64
	Counts      kampungkb.Prevalence
}

// RollupPeriod is a prevalence period that has roll-up rows.
type RollupPeriod struct {
	kampungkb.Period
	Complete bool
	BuiltAt  time.Time
}

// rollupLock is the PostgreSQL advisory lock that serialises roll-up
// writes of several processes (SQLite has one writer anyway).
const rollupLock = 5203132007

// WriteRollups stores a build in one transaction and returns the
// villages it skipped because a later state was built first.
func (db *DB) WriteRollups(ctx context.Context, b *RollupBuild) (skipped []string, err error) {
	if len(b.Dates) == 0 && len(b.Periods) == 0 {
		return nil, nil
	}
	err = db.write(ctx, func(tx *Tx) error {
		skipped = nil
		if db.dialect == Postgres {
			if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, rollupLock); err != nil {
				return err
			}
		}
		// every village concerned: computed, listed, or seen
		villages := map[string]bool{}
		for _, v := range b.Villages {
			villages[v] = true
		}
		for v := range b.Seen {
			villages[v] = true
		}
		for _, r := range b.Rows {
			villages[r.VillageCode] = true
		}
		for _, r := range b.Prevalence {
			villages[r.VillageCode] = true
		}
		built, err := tx.builtGens(ctx, b.All, villages)
		if err != nil {
			return err
		}
		skip := map[string]bool{}
		for v := range villages {
			if built[v] > b.Seen[v] {
				skip[v] = true
				skipped = append(skipped, v)
			}
		}
		slices.Sort(skipped)
		if err := tx.touchVillages(ctx, skipped...); err != nil {
			return err
		}
		if err := tx.writePrevalence(ctx, b, villages, skip, skipped); err != nil {
			return err
		}
		if len(b.Dates) == 0 {
			return tx.markBuilt(ctx, b, built, skip)
		}
		dateArgs := make([]any, len(b.Dates))
		for i, d := range b.Dates {
			dateArgs[i] = d
		}
		inDates := `at IN (?` + strings.Repeat(", ?", len(b.Dates)-1) + `)`
		for _, table := range []string{"village_indicators", "kampung_indicators"} {
			if err := tx.deleteRollupRows(ctx, table, inDates, dateArgs, b.All, villages, skip, skipped); err != nil {
				return err
			}
		}
		vb := newBatcher(tx, `INSERT INTO village_indicators (at, village_code, `+countCols+`, families_in_kampung) VALUES `, "",
			nCountCols+3, 400)
		defer vb.close()
		for i := range b.Rows {
			r := &b.Rows[i]
			if skip[r.VillageCode] {
				continue
			}
			args := append([]any{r.At, r.VillageCode}, countArgs(&r.Counts)...)
			if err := vb.add(ctx, append(args, r.FamiliesInKampung)...); err != nil {
				return err
			}
		}
		if err := vb.flush(ctx); err != nil {
			return err
		}
		kb := newBatcher(tx, `INSERT INTO kampung_indicators (at, kampung_id, village_code, `+countCols+`) VALUES `, "",
			nCountCols+3, 400)
		defer kb.close()
		for i := range b.Kampung {
			r := &b.Kampung[i]
			if skip[r.VillageCode] {
				continue
			}
			if err := kb.add(ctx, append([]any{r.At, r.KampungID, r.VillageCode}, countArgs(&r.Counts)...)...); err != nil {
				return err
			}
		}
		if err := kb.flush(ctx); err != nil {
			return err
		}
		if err := tx.markBuilt(ctx, b, built, skip); err != nil {
			return err
		}
		for i, d := range b.Dates {
			if _, err := tx.exec(ctx, `INSERT INTO rollup_dates (at, rule_version, complete, built_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (at) DO UPDATE SET rule_version = excluded.rule_version,
				complete = (rollup_dates.complete OR excluded.complete), built_at = excluded.built_at`,
				d, b.RuleVersions[i], b.Complete, tx.Now); err != nil {
				return err
			}
		}
		return nil
	})
	return skipped, err
}

// deleteRollupRows deletes the rows of table matching cond (with args)
// of the villages a build writes: every village but the skipped ones for
// a build of all, else the villages not skipped.
func (tx *Tx) deleteRollupRows(ctx context.Context, table, cond string, args []any, all bool, villages, skip map[string]bool, skipped []string) error {
	if all {
		q := `DELETE FROM ` + table + ` WHERE ` + cond
		a := slices.Clone(args)
		if len(skipped) > 0 {
			in, vs := inList(skipped)
			q += ` AND village_code NOT IN ` + in
			a = append(a, vs...)
		}
		_, err := tx.exec(ctx, q, a...)
		return err
	}
	var list []string
	for v := range villages {
		if !skip[v] {
			list = append(list, v)
		}
	}
	for len(list) > 0 {
		n := min(len(list), touchBatch)
		in, vs := inList(list[:n])
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE `+cond+` AND village_code IN `+in, append(slices.Clone(args), vs...)...); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}

// builtGens returns the change counts the villages were last built at
// (absent: never): of every village for a build of all, else of those
// listed.
func (tx *Tx) builtGens(ctx context.Context, all bool, villages map[string]bool) (map[string]int64, error) {
	built := map[string]int64{}
	read := func(q string, args ...any) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			var g int64
			if err := rows.Scan(&v, &g); err != nil {
				return err
			}
			built[v] = g
		}
		return rows.Err()
	}
	if all {
		return built, read(`SELECT village_code, built_gen FROM rollup_dirty`)
	}
	list := make([]string, 0, len(villages))
	for v := range villages {
		list = append(list, v)
	}
	for len(list) > 0 {
		n := min(len(list), touchBatch)
		in, args := inList(list[:n])
		if err := read(`SELECT village_code, built_gen FROM rollup_dirty WHERE village_code IN `+in, args...); err != nil {
			return nil, err
		}
		list = list[n:]
	}
	return built, nil
}

// markBuilt records the written villages as built at the change counts
// the build saw.
func (tx *Tx) markBuilt(ctx context.Context, b *RollupBuild, built map[string]int64, skip map[string]bool) error {
	if !b.MarkBuilt {
		return nil
	}
	for v, g := range b.Seen {
		if skip[v] || g <= built[v] {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE rollup_dirty SET built_gen = ? WHERE village_code = ?`, g, v); err != nil {
			return err
		}
	}
	return nil
}

// writePrevalence replaces the prevalence rows of the build's periods
// (of its villages, or of all but skipped ones) and records the periods.
func (tx *Tx) writePrevalence(ctx context.Context, b *RollupBuild, villages, skip map[string]bool, skipped []string) error {
	for _, p := range b.Periods {
		if err := tx.deleteRollupRows(ctx, "village_prevalence", `period_from = ? AND period_to = ?`, []any{p.From, p.To},
			b.All, villages, skip, skipped); err != nil {
			return err
		}
	}
	pb := newBatcher(tx, `INSERT INTO village_prevalence (period_from, period_to, village_code, kampung_id, children,
		length_for_age_n, stunted, severely_stunted, weight_for_length_n, wasted, severely_wasted, overweight,
		weight_for_age_n, underweight, severely_underweight) VALUES `, "", 15, 500)
	defer pb.close()
	for i := range b.Prevalence {
		r := &b.Prevalence[i]
		if skip[r.VillageCode] || r.Counts.Children == 0 {
			continue
		}
		c := &r.Counts
		if err := pb.add(ctx, r.Period.From, r.Period.To, r.VillageCode, r.KampungID, c.Children, c.LenDen, c.Stunted,
			c.SeverelyStunt, c.WflDen, c.Wasted, c.SeverelyWasted, c.Overweight, c.WeiDen, c.Underweight, c.SeverelyUnder); err != nil {
			return err
		}
	}
	if err := pb.flush(ctx); err != nil {
		return err
	}
	for _, p := range b.Periods {
		if _, err := tx.exec(ctx, `INSERT INTO rollup_periods (period_from, period_to, complete, built_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (period_from, period_to) DO UPDATE SET complete = (rollup_periods.complete OR excluded.complete),
			built_at = excluded.built_at`, p.From, p.To, b.Complete, tx.Now); err != nil {
			return err
		}
	}
	return nil
}

// RollupPeriods returns the prevalence periods with roll-up rows.
func (db *DB) RollupPeriods(ctx context.Context) ([]RollupPeriod, error) {
	rows, err := db.read().query(ctx, `SELECT period_from, period_to, complete, built_at FROM rollup_periods ORDER BY period_from, period_to`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RollupPeriod
	for rows.Next() {
		var p RollupPeriod
		if err := rows.Scan(&p.From, &p.To, &p.Complete, &p.BuiltAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeleteRollupPeriods removes the rows of prevalence periods no longer kept.
func (db *DB) DeleteRollupPeriods(ctx context.Context, periods ...kampungkb.Period) error {
	if len(periods) == 0 {
		return nil
	}
	return db.writeOnly(ctx, func(tx *Tx) error {
		for _, p := range periods {
			for _, table := range []string{"village_prevalence", "rollup_periods"} {
				if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE period_from = ? AND period_to = ?`, p.From, p.To); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// PrevalenceRollups is Prevalence read from the roll-up rows of the kept
// period stored as kept (which the caller matched to the asked period).
func (db *DB) PrevalenceRollups(ctx context.Context, region string, level kampungkb.Level, kept kampungkb.Period, scope kampungkb.Scope) ([]kampungkb.Prevalence, error) {
	if scope.PartnerID != 0 {
		return nil, nil
	}
	w := where{}
	w.add(`c.period_from = ? AND c.period_to = ?`, kept.From, kept.To)
	w.inRegion("c.village_code", region)
	w.inRegion("c.village_code", scope.Region)
	key, name, join := prevalenceGroup(level)
	q := `SELECT ` + key + `, ` + name + `, sum(c.children), sum(c.length_for_age_n), sum(c.stunted), sum(c.severely_stunted),
		sum(c.weight_for_length_n), sum(c.wasted), sum(c.severely_wasted), sum(c.overweight), sum(c.weight_for_age_n),
		sum(c.underweight), sum(c.severely_underweight)
	FROM village_prevalence c` + join + w.String() + `
	GROUP BY ` + key + `, ` + name + ` ORDER BY ` + key
	rows, err := db.read().query(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	return prevalenceRows(rows, region)
}

// EachChildMeasurements calls fn for every child record in region that is
// not archived and has measurements dated on or after since, with its
// village, Kampung KB (0: none) and those measurements in date order (of
// one date, in the order stored), in one region-wide query. fn is called
// from the caller's goroutine only; ms is reused after fn returns.
// (SQLite's roll-up builds read children village by village instead,
// with the families: EachVillage.)
func (db *DB) EachChildMeasurements(ctx context.Context, region string, since kampungkb.Date,
	fn func(village string, kampungID int64, ms []kampungkb.PrevalenceMeasurement) error) error {
	return eachChildRows(ctx, db.read(), region, since, fn)
}

// eachChildRows is EachChildMeasurements in one query on t.
func eachChildRows(ctx context.Context, t *Tx, region string, since kampungkb.Date,
	fn func(village string, kampungID int64, ms []kampungkb.PrevalenceMeasurement) error) error {
	w := where{}
	w.add(`NOT c.archived`)
	w.inRegion("c.village_code", region)
	w.add(`m.date >= ?`, since)
	// The date and the four flags come packed in one value on SQLite (the
	// driver's per-column work is most of the cost; see packedMembers);
	// the z-scores stay numbers, so that no value is rounded through text.
	flags := `substr(m.date, 1, 10) || ' ' || m.flen || m.fwfl || m.fwei || m.oedema`
	if t.db.dialect == Postgres {
		flags = `to_char(m.date, 'YYYY-MM-DD') || ' ' || m.flen::int || m.fwfl::int || m.fwei::int || m.oedema::int`
	}
	rows, err := t.query(ctx, `SELECT c.id, c.village_code, COALESCE(c.kampung_id, 0), `+flags+`, m.zlen, m.zwfl, m.zwei
		FROM children c JOIN measurements m ON m.child_id = c.id`+w.String()+` ORDER BY c.id, m.date, m.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		cur     int64 = -1
		village string
		kampung int64
		ms      []kampungkb.PrevalenceMeasurement
		packed  string
	)
	for rows.Next() {
		var id, kid int64
		var v string
		var m kampungkb.PrevalenceMeasurement
		if err := rows.Scan(&id, &v, &kid, &packed, &m.ZLen, &m.ZWfl, &m.ZWei); err != nil {
			return err
		}
		if len(packed) != 15 || packed[10] != ' ' {
			return fmt.Errorf("measurement of child %d: packed date and flags %q", id, packed)
		}
		var ok bool
		if m.Date, ok = parseISODate(packed[:10]); !ok {
			return fmt.Errorf("measurement of child %d: date %q", id, packed[:10])
		}
		for i, p := range []*bool{&m.FLen, &m.FWfl, &m.FWei, &m.Oedm} {
			switch packed[11+i] {
			case '0':
			case '1':
				*p = true
			default:
				return fmt.Errorf("measurement of child %d: flags %q", id, packed[11:])
			}
		}
		if id != cur {
			if cur >= 0 {
				if err := fn(village, kampung, ms); err != nil {
					return err
				}
			}
			cur, village, kampung, ms = id, v, kid, ms[:0]
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur >= 0 {
		return fn(village, kampung, ms)
	}
	return nil
}

// DeleteRollupDates removes the rows of dates no longer kept.
func (db *DB) DeleteRollupDates(ctx context.Context, dates ...kampungkb.Date) error {
	if len(dates) == 0 {
		return nil
	}
	return db.writeOnly(ctx, func(tx *Tx) error {
		for _, d := range dates {
			for _, table := range []string{"village_indicators", "kampung_indicators", "rollup_dates"} {
				if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE at = ?`, d); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// RollupSeen returns the change counts of villages in region (all
// villages when region is ""), to be read before their data.
func (db *DB) RollupSeen(ctx context.Context, region string) (map[string]int64, error) {
	var w where
	if region != "" {
		cond, args := regionRange("village_code", region)
		w.add(cond, args...)
	}
	rows, err := db.read().query(ctx, `SELECT village_code, gen FROM rollup_dirty`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var v string
		var g int64
		if err := rows.Scan(&v, &g); err != nil {
			return nil, err
		}
		out[v] = g
	}
	return out, rows.Err()
}

// PendingVillages counts the villages in region (and scopeRegion) whose
// roll-ups are out of date.
func (db *DB) PendingVillages(ctx context.Context, region, scopeRegion string) (int, error) {
	w := where{}
	w.add(`gen > built_gen`)
	for _, r := range []string{region, scopeRegion} {
		if r != "" {
			cond, args := regionRange("village_code", r)
			w.add(cond, args...)
		}
	}
	var n int
	err := db.read().queryRow(ctx, `SELECT count(*) FROM rollup_dirty`+w.String(), w.args...).Scan(&n)
	return n, err
}

// VillageRollups returns the village rows at at in region and scopeRegion
// (either may be ""), by village code.
func (db *DB) VillageRollups(ctx context.Context, at kampungkb.Date, region, scopeRegion string) ([]VillageRollup, error) {
	w := where{}
	w.add(`at = ?`, at)
	for _, r := range []string{region, scopeRegion} {
		if r != "" {
			cond, args := regionRange("village_code", r)
			w.add(cond, args...)
		}
	}
	rows, err := db.read().query(ctx, `SELECT village_code, `+countCols+`, families_in_kampung FROM village_indicators`+
		w.String()+` ORDER BY village_code`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VillageRollup
	for rows.Next() {
		r := VillageRollup{At: at}
		dest := append([]any{&r.VillageCode}, countDests(&r.Counts)...)
		if err := rows.Scan(append(dest, &r.FamiliesInKampung)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RollupTotals returns the sums of the village rows in region and
// scopeRegion at each of dates.
func (db *DB) RollupTotals(ctx context.Context, dates []kampungkb.Date, region, scopeRegion string) (map[kampungkb.Date]indicator.Counts, error) {
	out := map[kampungkb.Date]indicator.Counts{}
	if len(dates) == 0 {
		return out, nil
	}
	w := where{}
	args := make([]any, len(dates))
	for i, d := range dates {
		args[i] = d
	}
	w.add(`at IN (?`+strings.Repeat(", ?", len(dates)-1)+`)`, args...)
	for _, r := range []string{region, scopeRegion} {
		if r != "" {
			cond, args := regionRange("village_code", r)
			w.add(cond, args...)
		}
	}
	rows, err := db.read().query(ctx, `SELECT at, `+sumCols("")+` FROM village_indicators`+w.String()+` GROUP BY at`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var at kampungkb.Date
		var c indicator.Counts
		if err := rows.Scan(append([]any{&at}, countDests(&c)...)...); err != nil {
			return nil, err
		}
		out[at] = c
	}
	return out, rows.Err()
}

// KampungRollups returns the Kampung KB rows at at in region, by
// Kampung KB id.
func (db *DB) KampungRollups(ctx context.Context, at kampungkb.Date, region string) (map[int64]indicator.Counts, error) {
	w := where{}
	w.add(`at = ?`, at)
	if region != "" {
		cond, args := regionRange("village_code", region)
		w.add(cond, args...)
	}
	rows, err := db.read().query(ctx, `SELECT kampung_id, `+countCols+` FROM kampung_indicators`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]indicator.Counts{}
	for rows.Next() {
		var id int64
		var c indicator.Counts
		if err := rows.Scan(append([]any{&id}, countDests(&c)...)...); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// KampungAreas returns every Kampung KB in region, archived ones too, with
// what places a family in it (village, coverage, coverage detail).
func (db *DB) KampungAreas(ctx context.Context, region string) ([]kampungkb.Kampung, error) {
	w := where{}
	if region != "" {
		cond, args := regionRange("village_code", region)
		w.add(cond, args...)
	}
	rows, err := db.read().query(ctx, `SELECT id, village_code, coverage, coverage_detail FROM kampung`+w.String()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Kampung
	for rows.Next() {
		var k kampungkb.Kampung
		if err := rows.Scan(&k.ID, &k.VillageCode, &k.Coverage, &k.CoverageDetail); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
