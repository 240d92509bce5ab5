package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"kampungkb"
)

// maxStreamWorkers bounds the connections EachFamily reads on at once:
// one per core helps, more only takes readers from the web server (the
// SQLite reader pool holds four).
const maxStreamWorkers = 2

// EachFamily calls fn for every family whose village lies in region (and
// the scope), with its members in member_no order and, per member_no, the
// posyandu measurements of the member's child record in date order (of
// several on one date, in the order they were stored). Partner scopes see
// no families.
//
// Families and members carry only what the indicators read: a family its
// ID, FamilyID, VillageCode, Dusun, RW, WaterSource, Toilet and
// WelfareDecile; a member its FamilyID, MemberNo, Sex, BirthDate,
// MaritalStatus, MarriageAge, Pregnant, ChildrenBorn, LastBirthDate,
// KBMethod and KBReason (no id, NIK, name or relation); a measurement its
// Date, Z.Len and Z.FLen.
//
// Villages are read one at a time, each in three queries on one
// connection, by up to maxStreamWorkers connections at once, so that the
// engine's work and the driver's row decoding use every core (most of a
// report's time is the driver's). fn is called from the caller's
// goroutine only, one village after another, in no particular order of
// villages or of families in a village. Memory stays bounded by a few
// villages, whatever the number of families. fn may keep members and ms.
//
// Each connection reads in one read-only transaction, so every village is
// read from one snapshot; the connections' snapshots start together but
// not at the same instant, so a report running while data are imported
// may see an import in some villages and not in others. Imports are one
// transaction each: a village sees all or none of any one file.
func (db *DB) EachFamily(ctx context.Context, region string, scope kampungkb.Scope,
	fn func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error) error {
	if scope.PartnerID != 0 {
		return nil
	}
	villages, err := db.familyVillages(ctx, region, scope.Region)
	if err != nil || len(villages) == 0 {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan string)
	go func() {
		defer close(jobs)
		for _, v := range villages {
			select {
			case jobs <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	workers := min(len(villages), maxStreamWorkers, runtime.GOMAXPROCS(0))
	batches := make(chan *villageBatch, workers)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		readErr  error
		recordEr = func(err error) {
			errOnce.Do(func() { readErr = err })
			cancel()
		}
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.readVillages(ctx, jobs, batches); err != nil {
				recordEr(err)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(batches)
	}()

	var fnErr error
	for b := range batches {
		if fnErr != nil {
			continue // drain, so that the readers can stop
		}
		for i, f := range b.families {
			if err := fn(f, b.members[i], b.measurements[i]); err != nil {
				fnErr = err
				cancel()
				break
			}
		}
	}
	if fnErr != nil {
		return fnErr
	}
	return readErr
}

// familyVillages returns the village codes in region and scopeRegion
// (either may be empty) that have families, from the regions table: one
// index probe per region instead of a DISTINCT over every family.
func (db *DB) familyVillages(ctx context.Context, region, scopeRegion string) ([]string, error) {
	var w where
	for _, r := range []string{region, scopeRegion} {
		if r != "" {
			cond, args := regionRange("r.code", r)
			w.add(cond, args...)
		}
	}
	w.add(`EXISTS (SELECT 1 FROM families f WHERE f.village_code = r.code)`)
	rows, err := db.read().query(ctx, `SELECT r.code FROM regions r`+w.String()+` ORDER BY r.code`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// villageBatch is one village's families with, at the same index, their
// members and measurements (nil when none).
type villageBatch struct {
	families     []kampungkb.Family
	members      [][]kampungkb.Member
	measurements []map[int][]kampungkb.Measurement
}

// readVillages reads the villages received on jobs, in one read-only
// transaction, and sends each to out, until jobs is closed or ctx ends.
func (db *DB) readVillages(ctx context.Context, jobs <-chan string, out chan<- *villageBatch) error {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		// PostgreSQL's default READ COMMITTED takes a snapshot per
		// statement; the three queries of a village must share one.
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	sqlTx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	tx := &Tx{db: db, q: sqlTx, Now: db.Now().UTC()}
	var vals rowValues
	for code := range jobs {
		b, err := tx.readVillage(ctx, code, &vals)
		if err != nil {
			return fmt.Errorf("read families of village %s: %w", code, err)
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return ctx.Err()
}

// readVillage reads the families of village code with their members and
// measurements. The three queries start from the families_village index
// and reach members, children and measurements through their family and
// child indexes; only the measurements are sorted (a village's few
// thousand rows).
func (t *Tx) readVillage(ctx context.Context, code string, v *rowValues) (*villageBatch, error) {
	b := &villageBatch{}
	index := map[int64]int32{} // families.id → index in b.families
	var d decoder
	err := v.each(ctx, t, `SELECT f.id, f.family_id, f.dusun, f.rw, f.water_source, f.toilet, COALESCE(f.welfare_decile, 0)
		FROM families f WHERE f.village_code = ?`, []any{code}, func(r []any) error {
		f := kampungkb.Family{ID: d.int(r[0]), FamilyID: d.text(r[1]), VillageCode: code, Dusun: d.text(r[2]),
			RW: d.text(r[3]), WaterSource: d.text(r[4]), Toilet: d.text(r[5]), WelfareDecile: int(d.int(r[6]))}
		index[f.ID] = int32(len(b.families))
		b.families = append(b.families, f)
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("families: %w", err)
	}
	if len(b.families) == 0 {
		return b, nil
	}

	// Members arrive family by family, but in the engine's order: collect
	// them with their family's index, then lay them out family by family.
	var members []kampungkb.Member
	var owner []int32
	var ints intSlab
	err = v.each(ctx, t, `SELECT f.id, m.member_no, m.sex, `+t.db.dateText("m.birth_date")+`, m.marital_status, m.marriage_age,
		m.pregnant, m.children_born, `+t.db.dateText("m.last_birth_date")+`, m.kb_method, m.kb_reason
		FROM families f JOIN members m ON m.family_id = f.family_id WHERE f.village_code = ?`, []any{code}, func(r []any) error {
		i, ok := index[d.int(r[0])]
		if !ok {
			return d.err // not among the families just read: impossible in one snapshot
		}
		m := kampungkb.Member{FamilyID: b.families[i].FamilyID, MemberNo: int(d.int(r[1])), Sex: d.text(r[2]),
			BirthDate: d.date(r[3]), MaritalStatus: d.text(r[4]), LastBirthDate: d.date(r[8]),
			KBMethod: d.text(r[9]), KBReason: d.text(r[10])}
		if r[5] != nil {
			m.MarriageAge = ints.ptr(int(d.int(r[5])))
		}
		if r[6] != nil {
			p := d.bool(r[6])
			m.Pregnant = &p
		}
		if r[7] != nil {
			m.ChildrenBorn = ints.ptr(int(d.int(r[7])))
		}
		members = append(members, m)
		owner = append(owner, i)
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	b.members = groupMembers(len(b.families), members, owner)

	// A child record without member_no matches no member. Sorting by date
	// and id gives each child's list in the order the indicators expect.
	b.measurements = make([]map[int][]kampungkb.Measurement, len(b.families))
	err = v.each(ctx, t, `SELECT f.id, c.member_no, `+t.db.dateText("ms.date")+`, ms.zlen, ms.flen
		FROM families f JOIN children c ON c.family_id = f.family_id JOIN measurements ms ON ms.child_id = c.id
		WHERE f.village_code = ? AND c.member_no IS NOT NULL ORDER BY ms.date, ms.id`, []any{code}, func(r []any) error {
		i, ok := index[d.int(r[0])]
		if !ok {
			return d.err
		}
		no := int(d.int(r[1]))
		m := kampungkb.Measurement{Date: d.date(r[2])}
		if r[3] != nil {
			z := d.float(r[3])
			m.Z.Len = &z
		}
		m.Z.FLen = d.bool(r[4])
		if b.measurements[i] == nil {
			b.measurements[i] = map[int][]kampungkb.Measurement{}
		}
		b.measurements[i][no] = append(b.measurements[i][no], m)
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("measurements: %w", err)
	}
	return b, nil
}

// groupMembers returns, per family index, its members (owner[k] is the
// family of members[k]) in member_no order, all in one backing array; each
// family's slice is capped so that appending to it never overwrites the
// next family's.
func groupMembers(families int, members []kampungkb.Member, owner []int32) [][]kampungkb.Member {
	start := make([]int, families+1)
	for _, i := range owner {
		start[i+1]++
	}
	for i := range families {
		start[i+1] += start[i]
	}
	next := slices.Clone(start[:families])
	all := make([]kampungkb.Member, len(members))
	for k, i := range owner {
		all[next[i]] = members[k]
		next[i]++
	}
	out := make([][]kampungkb.Member, families)
	for i := range families {
		ms := all[start[i]:start[i+1]:start[i+1]]
		if !slices.IsSortedFunc(ms, byMemberNo) {
			slices.SortFunc(ms, byMemberNo)
		}
		if len(ms) > 0 {
			out[i] = ms
		}
	}
	return out
}

func byMemberNo(a, b kampungkb.Member) int { return a.MemberNo - b.MemberNo }

// intSlab hands out *int from chunks instead of one allocation each: a
// kabupaten's members carry a million marriage ages and children counts.
type intSlab struct{ free []int }

func (s *intSlab) ptr(n int) *int {
	if len(s.free) == 0 {
		s.free = make([]int, 256)
	}
	p := &s.free[0]
	*p = n
	s.free = s.free[1:]
	return p
}

// dateText returns the select expression for DATE column col. modernc
// parses every value of a column declared DATE into a time.Time with
// time.Parse, which took an eighth of a report's time; an expression has
// no declared type, so the driver hands over the stored text and scanDate
// reads it. pgx decodes PostgreSQL's binary dates cheaply: the column
// stays as it is.
func (db *DB) dateText(col string) string {
	if db.dialect == SQLite {
		return "CAST(" + col + " AS TEXT)"
	}
	return col
}

// rowValues scans rows into the driver's own values (int64, float64,
// bool, string, []byte, time.Time or nil). database/sql copies those into
// *any without conversion, where scanning into *int or sql.Null* goes
// through reflection, or formats the number and parses it back.
type rowValues struct {
	vals, ptrs []any
}

// each runs query q with args and calls fn with every row's values; the
// slice is reused from row to row.
func (v *rowValues) each(ctx context.Context, t *Tx, q string, args []any, fn func(r []any) error) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if len(v.vals) < len(cols) {
		v.vals = make([]any, len(cols))
		v.ptrs = make([]any, len(cols))
		for i := range v.vals {
			v.ptrs[i] = &v.vals[i]
		}
	}
	vals, ptrs := v.vals[:len(cols)], v.ptrs[:len(cols)]
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// decoder converts the driver's values of one row, remembering the first
// value of an unexpected type (the schema makes them impossible; a
// report must still not count a wrong value as 0).
type decoder struct{ err error }

func (d *decoder) fail(v any, want string) {
	if d.err == nil {
		d.err = fmt.Errorf("%T value %v where %s was expected", v, v, want)
	}
}

// int returns an integer column's value (0 for NULL).
func (d *decoder) int(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case nil:
		return 0
	}
	d.fail(v, "an integer")
	return 0
}

// float returns a REAL column's value (0 for NULL).
func (d *decoder) float(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x) // SQLite keeps a REAL that is a whole number as an integer
	case nil:
		return 0
	}
	d.fail(v, "a number")
	return 0
}

// bool returns a boolean column's value: PostgreSQL's BOOLEAN, SQLite's
// 0 or 1; false for NULL.
func (d *decoder) bool(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		if x == 0 || x == 1 {
			return x == 1
		}
	case nil:
		return false
	}
	d.fail(v, "a boolean")
	return false
}

// text returns a text column's value ("" for NULL).
func (d *decoder) text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	d.fail(v, "text")
	return ""
}

// date returns a date column's value (the zero Date for NULL).
func (d *decoder) date(v any) kampungkb.Date {
	t, err := scanDate(v)
	if err != nil && d.err == nil {
		d.err = err
	}
	return t
}

// scanDate reads a date column: YYYY-MM-DD text directly, anything else
// (a time.Time from PostgreSQL, other text) as kampungkb.Date.Scan does,
// which the fast path agrees with on every date it accepts.
func scanDate(v any) (kampungkb.Date, error) {
	if s, ok := v.(string); ok && len(s) >= 10 {
		if d, ok := parseISODate(s[:10]); ok {
			return d, nil
		}
	}
	var d kampungkb.Date
	err := d.Scan(v)
	return d, err
}

// parseISODate parses exactly YYYY-MM-DD with a valid day of the month and
// a year from 1900, as kampungkb.ParseDate accepts, without time.Parse.
func parseISODate(s string) (kampungkb.Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return kampungkb.Date{}, false
	}
	n := 0
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return kampungkb.Date{}, false
		}
		n = n*10 + int(c-'0')
	}
	y, m, d := n/10000, time.Month(n/100%100), n%100
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return kampungkb.Date{}, false
	}
	return kampungkb.NewDate(y, m, d), true
}
