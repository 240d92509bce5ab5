// Package rollup keeps the programme indicators of every village and every
// Kampung KB at a few reference dates in the database (sqldb.RollupBuild),
// so that dashboards and reports add up a few hundred rows instead of
// reading millions of family rows when a page opens (issue 6, point 3).
//
// The kept dates are "today" and the last day of each of the twelve months
// before it (Dates): a dashboard's default date and its twelve-month
// trend. Every change of families, members, children, measurements or
// Kampung KB marks its village in the same transaction (sqldb's
// rollup_dirty); Refresh recomputes the marked villages at every kept date,
// and a Worker runs Refresh as soon as a change commits and adds the new
// "today" when the day changes. Rebuild recomputes everything. Kabupaten
// and province figures are sums of village rows: every indicator column is
// a count, so the sums are exactly what a computation from the family
// tables gives (TestRollupsMatchScratch).
package rollup

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/sqldb"
)

// Months is the number of month ends kept before today's month.
const Months = 12

// Dates returns the reference dates kept on day today: the last day of
// each of the Months months before today's month, oldest first, then today
// itself (on a month's last day, today is that month's end).
func Dates(today kampungkb.Date) []kampungkb.Date { return MonthEnds(today, Months+1) }

// MonthEnds returns the last day of each of the n months up to at, the
// last being at itself, oldest first: a dashboard's trend.
func MonthEnds(at kampungkb.Date, n int) []kampungkb.Date {
	out := make([]kampungkb.Date, n)
	out[n-1] = at
	first := kampungkb.NewDate(at.Year(), at.Month(), 1)
	for i := 1; i < n; i++ {
		out[n-1-i] = first.AddMonths(-i + 1).AddDays(-1)
	}
	return out
}

// Periods returns the prevalence periods kept on day today: each of the
// twelve calendar months up to today's, oldest first, then last year and
// this year.
func Periods(today kampungkb.Date) []kampungkb.Period {
	first := kampungkb.NewDate(today.Year(), today.Month(), 1)
	var out []kampungkb.Period
	for i := Months - 1; i >= 0; i-- {
		from := first.AddMonths(-i)
		out = append(out, kampungkb.Period{From: from, To: from.AddMonths(1).AddDays(-1)})
	}
	for _, y := range []int{today.Year() - 1, today.Year()} {
		out = append(out, kampungkb.Period{From: kampungkb.NewDate(y, 1, 1), To: kampungkb.NewDate(y, 12, 31)})
	}
	return out
}

// KeptPeriod returns the kept period whose figures are those of p on day
// today: the same period, or one starting on p's first day whose end lies
// on or after p's end when p ends today or later (no measurement is dated
// after today, so "this year up to today" is this year).
func KeptPeriod(p kampungkb.Period, today kampungkb.Date) (kampungkb.Period, bool) {
	for _, k := range Periods(today) {
		if p.From == k.From && (p.To == k.To || (!p.To.Before(today) && !p.To.After(k.To))) {
			return k, true
		}
	}
	return kampungkb.Period{}, false
}

// Stats says what a build did.
type Stats struct {
	Dates    int
	Villages int // villages written
	Families int // families read
	Skipped  int // villages built meanwhile from a later state (marked again)
	Elapsed  time.Duration
}

func (s Stats) String() string {
	return fmt.Sprintf("%d tanggal, %s desa, %s keluarga dalam %.1f detik", s.Dates, kampungkb.FormatInt(int64(s.Villages)),
		kampungkb.FormatInt(int64(s.Families)), s.Elapsed.Seconds())
}

// mu serialises the builds of one process (a worker and a command line
// run in one process never interleave; other processes are serialised by
// WriteRollups' lock and the change counts).
var mu sync.Mutex

// Rebuild recomputes every village and Kampung KB at dates (nil: Dates of
// the database's today) and the prevalence of the kept periods, replacing
// their rows, and marks them complete.
func Rebuild(ctx context.Context, db *sqldb.DB, dates []kampungkb.Date) (Stats, error) {
	mu.Lock()
	defer mu.Unlock()
	if dates == nil {
		dates = Dates(db.Today())
	}
	seen, err := db.RollupSeen(ctx, "")
	if err != nil {
		return Stats{}, err
	}
	return build(ctx, db, dates, Periods(db.Today()), nil, seen, true)
}

// Refresh recomputes the villages in region ("": all) whose data changed
// since their rows were built, at every date that has rows, and returns
// what it did.
func Refresh(ctx context.Context, db *sqldb.DB, region string) (Stats, error) {
	mu.Lock()
	defer mu.Unlock()
	return refresh(ctx, db, region)
}

// refreshBatch is the number of villages refreshed in one write.
const refreshBatch = 200

func refresh(ctx context.Context, db *sqldb.DB, region string) (Stats, error) {
	start := time.Now()
	var total Stats
	have, err := db.RollupDates(ctx)
	if err != nil {
		return total, err
	}
	dates := make([]kampungkb.Date, len(have))
	for i, d := range have {
		dates[i] = d.At
	}
	hp, err := db.RollupPeriods(ctx)
	if err != nil {
		return total, err
	}
	periods := make([]kampungkb.Period, len(hp))
	for i, p := range hp {
		periods[i] = p.Period
	}
	if len(dates) == 0 && len(periods) == 0 {
		return total, nil
	}
	for {
		dirty, err := db.DirtyVillages(ctx, region, refreshBatch)
		if err != nil || len(dirty) == 0 {
			total.Elapsed = time.Since(start)
			return total, err
		}
		villages := make([]string, len(dirty))
		seen := make(map[string]int64, len(dirty))
		for i, d := range dirty {
			villages[i] = d.VillageCode
			seen[d.VillageCode] = d.Gen
		}
		s, err := build(ctx, db, dates, periods, villages, seen, false)
		total.Dates = s.Dates
		total.Villages += s.Villages
		total.Families += s.Families
		total.Skipped += s.Skipped
		if err != nil {
			return total, err
		}
		if len(dirty) < refreshBatch {
			total.Elapsed = time.Since(start)
			return total, nil
		}
	}
}

// build computes villages (nil: all) at dates and periods and writes
// them; seen holds the villages' change counts read before (DirtyVillages
// or RollupSeen). A build of all villages at some dates only (a new
// "today") leaves the villages' change counts as they are: their other
// dates were not recomputed.
func build(ctx context.Context, db *sqldb.DB, dates []kampungkb.Date, periods []kampungkb.Period, villages []string,
	seen map[string]int64, complete bool) (Stats, error) {
	start := time.Now()
	st := Stats{Dates: len(dates)}
	b := &sqldb.RollupBuild{Dates: dates, Periods: periods, All: villages == nil, Villages: villages, Seen: seen, Complete: complete}
	for _, d := range dates {
		b.RuleVersions = append(b.RuleVersions, indicator.For(d).Version)
	}
	// a refresh marks its villages built; a build of all villages, only
	// when it covers every kept date and period
	b.MarkBuilt = villages != nil
	if villages == nil {
		have, err := db.RollupDates(ctx)
		if err != nil {
			return st, err
		}
		hp, err := db.RollupPeriods(ctx)
		if err != nil {
			return st, err
		}
		b.MarkBuilt = coversAll(dates, have) && coversAllPeriods(periods, hp)
	}
	c, err := Compute(ctx, db, dates, periods, villages)
	if err != nil {
		return st, err
	}
	b.Rows, b.Kampung, b.Prevalence, st.Families = c.Villages, c.Kampung, c.Prevalence, c.Families
	skipped, err := db.WriteRollups(ctx, b)
	if err != nil {
		return st, err
	}
	st.Skipped = len(skipped)
	written := map[string]bool{}
	for _, r := range b.Rows {
		written[r.VillageCode] = true
	}
	for _, v := range villages {
		written[v] = true
	}
	st.Villages = len(written) - len(skipped)
	st.Elapsed = time.Since(start)
	return st, nil
}

// coversAll reports whether dates include every date that has rows.
func coversAll(dates []kampungkb.Date, have []sqldb.RollupDate) bool {
	for _, h := range have {
		if !slices.Contains(dates, h.At) {
			return false
		}
	}
	return true
}

// coversAllPeriods reports whether periods include every kept period.
func coversAllPeriods(periods []kampungkb.Period, have []sqldb.RollupPeriod) bool {
	for _, h := range have {
		if !slices.Contains(periods, h.Period) {
			return false
		}
	}
	return true
}

// Computed are the rows of a computation.
type Computed struct {
	Villages   []sqldb.VillageRollup
	Kampung    []sqldb.KampungRollup
	Prevalence []sqldb.VillagePrevalence
	Families   int
}

// Compute computes the rows of villages (nil: every village) from the
// family and child tables without writing them: the indicators of every
// village and Kampung KB with families at dates, and the prevalence of
// every village's children in periods (each child's latest measurement in
// the period decides). On SQLite one pass per village reads families,
// members and child records together (sqldb.EachVillage); on PostgreSQL,
// EachFamily and then the child records.
func Compute(ctx context.Context, db *sqldb.DB, dates []kampungkb.Date, periods []kampungkb.Period, villages []string) (*Computed, error) {
	regions := villages
	if regions == nil {
		regions = []string{""}
	}
	a := newAccumulator(dates, periods)
	for _, region := range regions {
		ks, err := db.KampungAreas(ctx, region)
		if err != nil {
			return nil, err
		}
		a.kampung(ks)
		switch {
		case db.Dialect() == sqldb.SQLite && (len(dates) > 0 || len(periods) > 0):
			err = db.EachVillage(ctx, region, a.since, func(v *sqldb.Village) error {
				if len(dates) > 0 {
					for i, f := range v.Families {
						a.family(f, v.Members[i], v.Measurements[i])
					}
				}
				for _, c := range v.Children {
					a.child(v.Code, c.KampungID, c.Measurements)
				}
				return nil
			})
		default:
			// PostgreSQL: the families' streams and the children's run
			// side by side (a.family and a.child add to different
			// totals), so that the server sorts the measurements while
			// the families are decoded here (NTB: 12.3 s and 2.9 s one
			// after the other).
			ctx, cancel := context.WithCancel(ctx)
			childErr := make(chan error, 1)
			go func() {
				var err error
				if len(periods) > 0 {
					err = db.EachChildMeasurements(ctx, region, a.since, func(village string, kampungID int64, ms []kampungkb.PrevalenceMeasurement) error {
						a.child(village, kampungID, ms)
						return nil
					})
				}
				childErr <- err
			}()
			if len(dates) > 0 {
				err = db.EachFamily(ctx, region, kampungkb.Scope{}, func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error {
					a.family(f, members, ms)
					return nil
				})
			}
			if err != nil {
				cancel()
			}
			if cerr := <-childErr; err == nil {
				err = cerr
			}
			cancel()
		}
		if err != nil {
			return nil, err
		}
	}
	return a.rows(), nil
}

// accumulator adds families and children up per village, Kampung KB and
// date or period.
type accumulator struct {
	dates   []kampungkb.Date
	periods []kampungkb.Period
	since   kampungkb.Date // the earliest period's start

	ev         *indicator.Evaluator
	scratch    []indicator.Counts
	families   int
	perVillage map[string]*villageAcc
	perKampung map[int64][]indicator.Counts
	kampungOf  map[int64]string               // Kampung KB → village
	byVillage  map[string][]kampungkb.Kampung // village → its Kampung KB
	prevalence map[prevKey]*kampungkb.Prevalence
}

type villageAcc struct {
	counts []indicator.Counts
	inKKB  int
}

type prevKey struct {
	period  int
	village string
	kampung int64
}

func newAccumulator(dates []kampungkb.Date, periods []kampungkb.Period) *accumulator {
	a := &accumulator{dates: dates, periods: periods, scratch: make([]indicator.Counts, len(dates)),
		perVillage: map[string]*villageAcc{}, perKampung: map[int64][]indicator.Counts{}, kampungOf: map[int64]string{},
		byVillage: map[string][]kampungkb.Kampung{}, prevalence: map[prevKey]*kampungkb.Prevalence{}}
	if len(dates) > 0 {
		a.ev = indicator.NewEvaluator(dates)
	}
	for i, p := range periods {
		if i == 0 || p.From.Before(a.since) {
			a.since = p.From
		}
	}
	return a
}

// kampung registers Kampung KB (their villages and coverage).
func (a *accumulator) kampung(ks []kampungkb.Kampung) {
	for _, k := range ks {
		if _, ok := a.kampungOf[k.ID]; ok {
			continue
		}
		a.byVillage[k.VillageCode] = append(a.byVillage[k.VillageCode], k)
		a.kampungOf[k.ID] = k.VillageCode
	}
}

// family adds one family at every date.
func (a *accumulator) family(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) {
	a.families++
	clear(a.scratch)
	a.ev.Family(f, members, ms, a.scratch)
	v := a.perVillage[f.VillageCode]
	if v == nil {
		v = &villageAcc{counts: make([]indicator.Counts, len(a.dates))}
		a.perVillage[f.VillageCode] = v
	}
	for i := range a.scratch {
		v.counts[i] = v.counts[i].Add(a.scratch[i])
	}
	in := false
	for _, k := range a.byVillage[f.VillageCode] {
		if !indicator.InKampung(k, f) {
			continue
		}
		in = true
		kc := a.perKampung[k.ID]
		if kc == nil {
			kc = make([]indicator.Counts, len(a.dates))
			a.perKampung[k.ID] = kc
		}
		for i := range a.scratch {
			kc[i] = kc[i].Add(a.scratch[i])
		}
	}
	if in {
		v.inKKB++
	}
}

// child adds one child record (not archived) with its measurements from
// a.since in date order to every period it has one in.
func (a *accumulator) child(village string, kampungID int64, ms []kampungkb.PrevalenceMeasurement) {
	for i, p := range a.periods {
		j := len(ms) - 1
		for j >= 0 && ms[j].Date.After(p.To) {
			j--
		}
		if j < 0 || ms[j].Date.Before(p.From) {
			continue
		}
		k := prevKey{i, village, kampungID}
		x := a.prevalence[k]
		if x == nil {
			x = &kampungkb.Prevalence{}
			a.prevalence[k] = x
		}
		x.Add(ms[j])
	}
}

// rows returns what was added up as roll-up rows.
func (a *accumulator) rows() *Computed {
	out := &Computed{Families: a.families}
	codes := make([]string, 0, len(a.perVillage))
	for v := range a.perVillage {
		codes = append(codes, v)
	}
	slices.Sort(codes)
	for i, at := range a.dates {
		for _, v := range codes {
			x := a.perVillage[v]
			out.Villages = append(out.Villages, sqldb.VillageRollup{At: at, VillageCode: v, Counts: x.counts[i], FamiliesInKampung: x.inKKB})
		}
		for id, kc := range a.perKampung {
			out.Kampung = append(out.Kampung, sqldb.KampungRollup{At: at, KampungID: id, VillageCode: a.kampungOf[id], Counts: kc[i]})
		}
	}
	for k, x := range a.prevalence {
		out.Prevalence = append(out.Prevalence, sqldb.VillagePrevalence{Period: a.periods[k.period], VillageCode: k.village,
			KampungID: k.kampung, Counts: *x})
	}
	return out
}

// Worker keeps the roll-ups up to date in a server: it builds the kept
// dates that are missing (the first start, a new day, a new rule set) and
// refreshes changed villages as soon as their change commits.
type Worker struct {
	DB *sqldb.DB
	// Logf reports builds and errors (nil: quiet).
	Logf func(format string, args ...any)
	// Every is the longest wait between two checks (default one second):
	// changes made by another process (an import on the command line, a
	// second server) and a new day come without a signal.
	Every time.Duration
	// Gap is the shortest time between two refreshes (default 200 ms):
	// under a stream of writes, each refresh takes every village changed
	// meanwhile, instead of competing with the writes for the database.
	Gap time.Duration
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	every, gap := w.Every, w.Gap
	if every == 0 {
		every = time.Second
	}
	if gap == 0 {
		gap = 200 * time.Millisecond
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.DB.RollupChanged():
		case <-t.C:
		}
		if err := w.Step(ctx); err != nil && ctx.Err() == nil {
			w.logf("roll-up: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(gap):
		}
		t.Reset(every - gap)
	}
}

func (w *Worker) logf(format string, args ...any) {
	if w.Logf != nil {
		w.Logf(format, args...)
	}
}

// Step builds the missing dates and refreshes the changed villages once.
func (w *Worker) Step(ctx context.Context) error {
	mu.Lock()
	defer mu.Unlock()
	db := w.DB
	want := Dates(db.Today())
	have, err := db.RollupDates(ctx)
	if err != nil {
		return err
	}
	var old, missing []kampungkb.Date
	ok := map[kampungkb.Date]bool{}
	for _, h := range have {
		switch {
		case !slices.Contains(want, h.At):
			old = append(old, h.At)
		case h.Complete && h.RuleVersion == indicator.For(h.At).Version:
			ok[h.At] = true
		}
	}
	for _, d := range want {
		if !ok[d] {
			missing = append(missing, d)
		}
	}
	if err := db.DeleteRollupDates(ctx, old...); err != nil {
		return err
	}
	wantP := Periods(db.Today())
	haveP, err := db.RollupPeriods(ctx)
	if err != nil {
		return err
	}
	var oldP, missingP []kampungkb.Period
	okP := map[kampungkb.Period]bool{}
	for _, h := range haveP {
		switch {
		case !slices.Contains(wantP, h.Period):
			oldP = append(oldP, h.Period)
		case h.Complete:
			okP[h.Period] = true
		}
	}
	for _, p := range wantP {
		if !okP[p] {
			missingP = append(missingP, p)
		}
	}
	if err := db.DeleteRollupPeriods(ctx, oldP...); err != nil {
		return err
	}
	if len(missing) > 0 || len(missingP) > 0 {
		seen, err := db.RollupSeen(ctx, "")
		if err != nil {
			return err
		}
		s, err := build(ctx, db, missing, missingP, nil, seen, true)
		if err != nil {
			return err
		}
		w.logf("roll-up: %s, %d periode prevalensi dibangun (%s)", dateList(missing), len(missingP), s)
	}
	s, err := refresh(ctx, db, "")
	if err == nil && s.Villages > 0 {
		w.logf("roll-up: %s desa diperbarui dalam %.0f ms", kampungkb.FormatInt(int64(s.Villages)), float64(s.Elapsed.Microseconds())/1000)
	}
	return err
}

func dateList(ds []kampungkb.Date) string {
	switch len(ds) {
	case 0:
		return "0 tanggal"
	case 1:
		return "tanggal " + ds[0].String()
	}
	return fmt.Sprintf("%d tanggal %s … %s", len(ds), ds[0], ds[len(ds)-1])
}

// PeriodReady returns the kept period whose rows give the prevalence of
// p, when it was built in full.
func PeriodReady(ctx context.Context, db *sqldb.DB, p kampungkb.Period) (kampungkb.Period, bool, error) {
	k, ok := KeptPeriod(p, db.Today())
	if !ok {
		return k, false, nil
	}
	have, err := db.RollupPeriods(ctx)
	if err != nil {
		return k, false, err
	}
	for _, h := range have {
		if h.Period == k {
			return k, h.Complete, nil
		}
	}
	return k, false, nil
}

// LatestReady returns the latest kept date on or before today whose rows,
// with its twelve-month trend's, can be read from the roll-ups: today's
// date itself once built, yesterday's while a new day's first build runs.
func LatestReady(ctx context.Context, db *sqldb.DB, today kampungkb.Date) (kampungkb.Date, bool, error) {
	have, err := db.RollupDates(ctx)
	if err != nil {
		return kampungkb.Date{}, false, err
	}
	for i := len(have) - 1; i >= 0; i-- {
		if d := have[i].At; !d.After(today) && readyIn(have, MonthEnds(d, Months)) {
			return d, true, nil
		}
	}
	return kampungkb.Date{}, false, nil
}

// Ready reports whether the rows of dates can be read from the roll-ups:
// each date was built in full with the rule set now in force on it.
func Ready(ctx context.Context, db *sqldb.DB, dates ...kampungkb.Date) (bool, error) {
	have, err := db.RollupDates(ctx)
	if err != nil {
		return false, err
	}
	return readyIn(have, dates), nil
}

// readyIn is Ready over the dates that have rows.
func readyIn(have []sqldb.RollupDate, dates []kampungkb.Date) bool {
	for _, d := range dates {
		i := slices.IndexFunc(have, func(h sqldb.RollupDate) bool { return h.At == d })
		if i < 0 || !have[i].Complete || have[i].RuleVersion != indicator.For(d).Version {
			return false
		}
	}
	return true
}
