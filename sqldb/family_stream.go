package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"kampungkb"
)

// maxStreamWorkers bounds the SQLite connections EachFamily reads on at
// once: one per core helps, more only takes readers from the web server
// (the reader pool holds four).
const maxStreamWorkers = 2

// EachFamily calls fn for every family whose village lies in region (and
// the scope), with its members in member_no order and, per member_no, the
// posyandu measurements of the member's child record in date order (of
// several on one date, in the order they were stored). Partner scopes see
// no families. fn is called from the caller's goroutine only, in no
// particular order of families; it may keep members and ms. Memory stays
// bounded, whatever the number of families.
//
// Families and members carry only what the indicators read: a family its
// ID, FamilyID, VillageCode, Dusun, RW, WaterSource, Toilet and
// WelfareDecile; a member its FamilyID, MemberNo, Sex, BirthDate,
// MaritalStatus, MarriageAge, Pregnant, ChildrenBorn, LastBirthDate,
// KBMethod and KBReason (no id, NIK, name or relation); a measurement its
// Date, Z.Len and Z.FLen.
//
// On SQLite, villages are read one at a time, each in three queries on
// one connection, by up to maxStreamWorkers connections at once, and
// handed to fn village by village (a few villages in memory): most of a
// report's time is the driver's decoding of rows, and this spreads it
// over the cores. Each connection reads in one read-only transaction, so
// every village is read from one snapshot; the connections' snapshots
// start together but not at the same instant, so a report running while
// data are imported may see an import in some villages and not in others.
// Imports are one transaction each: a village sees all or none of any one
// file. PostgreSQL reads differently: see eachFamilyMerged.
func (db *DB) EachFamily(ctx context.Context, region string, scope kampungkb.Scope,
	fn func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error) error {
	if scope.PartnerID != 0 {
		return nil
	}
	if db.dialect == Postgres {
		return db.eachFamilyMerged(ctx, region, scope.Region, fn)
	}
	villages, err := db.familyVillages(ctx, region, scope.Region)
	if err != nil || len(villages) == 0 {
		return err
	}
	return db.eachVillageBatch(ctx, villages, villageReader{}, func(b *villageBatch) error {
		for i, f := range b.families {
			if err := fn(f, b.members[i], b.measurements[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachVillageBatch reads villages with one villageReader (set up like
// proto) per reader connection and hands each village's batch to fn.
func (db *DB) eachVillageBatch(ctx context.Context, villages []string, proto villageReader, fn func(b *villageBatch) error) error {
	readers := map[*Tx]*villageReader{}
	var mu sync.Mutex
	return eachVillage(ctx, db, villages, func(tx *Tx, code string) (*villageBatch, error) {
		mu.Lock()
		r := readers[tx]
		if r == nil {
			r = &villageReader{tx: tx, index: map[int64]int32{}, since: proto.since, withChildren: proto.withChildren}
			readers[tx] = r
		}
		mu.Unlock()
		b, err := r.read(ctx, code)
		if err != nil {
			return nil, fmt.Errorf("read families of village %s: %w", code, err)
		}
		return b, nil
	}, fn)
}

// familyVillages returns the village codes in region and scopeRegion
// (either may be empty) that have families, from the regions table: one
// index probe per region instead of a DISTINCT over every family.
func (db *DB) familyVillages(ctx context.Context, region, scopeRegion string) ([]string, error) {
	return db.villagesWith(ctx, region, scopeRegion, `EXISTS (SELECT 1 FROM families f WHERE f.village_code = r.code)`)
}

// villagesWith returns the codes of the regions in region and scopeRegion
// (either may be empty) that satisfy cond (on regions r), in code order.
func (db *DB) villagesWith(ctx context.Context, region, scopeRegion, cond string) ([]string, error) {
	var w where
	w.inRegion("r.code", region)
	w.inRegion("r.code", scopeRegion)
	w.add("(" + cond + ")")
	return column[string](ctx, db.read(), `SELECT r.code FROM regions r`+w.String()+` ORDER BY r.code`, w.args...)
}

// eachVillage reads villages with read on up to maxStreamWorkers SQLite
// reader connections (each in one read transaction) and hands each
// village's result to fn on the caller's goroutine, in no particular order.
func eachVillage[T any](ctx context.Context, db *DB, villages []string, read func(tx *Tx, code string) (T, error), fn func(T) error) error {
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
	results := make(chan T, workers)
	var (
		wg      sync.WaitGroup
		errOnce sync.Once
		readErr error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := func() error {
				sqlTx, err := db.r.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer sqlTx.Rollback()
				tx := &Tx{db: db, q: sqlTx, Now: db.Now().UTC()}
				for code := range jobs {
					r, err := read(tx, code)
					if err != nil {
						return fmt.Errorf("village %s: %w", code, err)
					}
					select {
					case results <- r:
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				return nil
			}()
			if err != nil {
				errOnce.Do(func() { readErr = err })
				cancel()
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var fnErr error
	for r := range results {
		if fnErr != nil {
			continue
		}
		if err := fn(r); err != nil {
			fnErr = err
			cancel()
		}
	}
	if fnErr != nil {
		return fnErr
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return readErr
	}
	return ctx.Err()
}

// villageBatch is one village's families with, at the same index, their
// members and measurements (nil when none).
type villageBatch struct {
	code         string
	families     []kampungkb.Family
	members      [][]kampungkb.Member
	measurements []map[int][]kampungkb.Measurement
	children     []ChildMeasurements // EachVillage only
}

// ChildMeasurements are a child record's Kampung KB (0: none) and its
// measurements dated on or after EachVillage's since, in date order, for
// the nutrition prevalence.
type ChildMeasurements struct {
	KampungID    int64
	Measurements []kampungkb.PrevalenceMeasurement
}

// Village is one village's data as EachVillage gives it: its families
// with, at the same index, their members and measurements (as EachFamily
// gives them), and its child records that are not archived.
type Village struct {
	Code         string
	Families     []kampungkb.Family
	Members      [][]kampungkb.Member
	Measurements []map[int][]kampungkb.Measurement
	Children     []ChildMeasurements
}

// EachVillage calls fn with every village in region that has families or
// child records, on SQLite only (the roll-ups' full builds): families and
// members as EachFamily reads them, and every child record of the village
// in one pass over its measurements, which gives both the indicators'
// measurements (children made from a member of one of the village's
// families; a family's child records share its village) and the
// prevalence's (records not archived, measurements from since). fn is
// called from the caller's goroutine; the Village is not reused.
func (db *DB) EachVillage(ctx context.Context, region string, since kampungkb.Date, fn func(v *Village) error) error {
	if db.dialect != SQLite {
		return fmt.Errorf("EachVillage reads SQLite only")
	}
	villages, err := db.villagesWith(ctx, region, "", `EXISTS (SELECT 1 FROM families f WHERE f.village_code = r.code)
		OR EXISTS (SELECT 1 FROM children c WHERE c.village_code = r.code)`)
	if err != nil || len(villages) == 0 {
		return err
	}
	return db.eachVillageBatch(ctx, villages, villageReader{since: since, withChildren: true}, func(b *villageBatch) error {
		return fn(&Village{Code: b.code, Families: b.families, Members: b.members, Measurements: b.measurements, Children: b.children})
	})
}

// villageReader reads villages on one transaction. Rows are collected in
// scratch slices kept from village to village, then copied, grouped, into
// arrays of the exact size that the batch hands out: growing fresh slices
// of these large structs for every village allocated 2.8 GB for one
// Lombok Timur report, and the garbage collector's work grew with it.
type villageReader struct {
	tx    *Tx
	vals  rowValues
	d     decoder
	index map[int64]int32 // families.id → index in the village's families

	// withChildren reads every child record of the village (EachVillage),
	// since being the first date of the prevalence's measurements.
	withChildren bool
	since        kampungkb.Date
	byKey        map[string]int32 // family_id → index, withChildren only

	families  []kampungkb.Family
	members   []kampungkb.Member
	ms        []kampungkb.Measurement
	msNo      []int   // the member_no of ms[k]
	familyOf  []int32 // the family index of the k-th member or measurement read
	positions []int   // scratch of groupBy
}

// read reads the families of village code with their members and
// measurements. The three queries start from the families_village index
// and reach members, children and measurements through their family and
// child indexes; only the measurements are sorted (a village's few
// thousand rows).
func (r *villageReader) read(ctx context.Context, code string) (*villageBatch, error) {
	t, d := r.tx, &r.d
	clear(r.index)
	r.families = r.families[:0]
	var ints intSlab
	var members [][]kampungkb.Member
	// Each family comes with its members packed into one text value
	// (packedMembers): the driver's per-column work, not the database's,
	// was most of a report's time (one value instead of a row of eleven
	// per member: 5.7 M member rows of a province read in 7.5 s of CPU
	// instead of 12.7).
	err := r.vals.each(ctx, t, `SELECT `+familyStreamCols+`, `+packedMembers+` FROM families f WHERE f.village_code = ?`, []any{code}, func(v []any) error {
		f := decodeFamily(d, v)
		f.VillageCode = code
		r.index[f.ID] = int32(len(r.families))
		r.families = append(r.families, f)
		ms, err := unpackMembers(d.text(v[len(v)-1]), f.FamilyID, &ints)
		if err != nil {
			return fmt.Errorf("members of family %s: %w", f.FamilyID, err)
		}
		members = append(members, ms)
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("families: %w", err)
	}
	b := &villageBatch{code: code, families: slices.Clone(r.families), members: members}
	if r.withChildren {
		return b, r.readChildren(ctx, b)
	}
	if len(b.families) == 0 {
		return b, nil
	}

	// A child record without member_no matches no member. Sorting by date
	// and id gives each child's list in the order the indicators expect;
	// grouping keeps that order.
	r.ms, r.msNo, r.familyOf = r.ms[:0], r.msNo[:0], r.familyOf[:0]
	err = r.vals.each(ctx, t, `SELECT f.id, c.member_no || char(31) || ms.date || char(31) || ms.flen, ms.zlen
		FROM families f JOIN children c ON c.family_id = f.family_id JOIN measurements ms ON ms.child_id = c.id
		WHERE f.village_code = ? AND c.member_no IS NOT NULL ORDER BY ms.date, ms.id`, []any{code}, func(v []any) error {
		i, ok := r.index[d.int(v[0])]
		if !ok {
			return d.err
		}
		no, m, err := unpackMeasurement(d.text(v[1]))
		if err != nil {
			return err
		}
		if v[2] != nil {
			z := d.float(v[2])
			m.Z.Len = &z
		}
		r.ms = append(r.ms, m)
		r.msNo = append(r.msNo, no)
		r.familyOf = append(r.familyOf, i)
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("measurements: %w", err)
	}
	r.groupMeasurements(b)
	return b, nil
}

// groupMeasurements lays r.ms (of the families r.familyOf, members
// r.msNo) out as b.measurements.
func (r *villageReader) groupMeasurements(b *villageBatch) {
	b.measurements = make([]map[int][]kampungkb.Measurement, len(b.families))
	if len(r.ms) == 0 {
		return
	}
	// Group by family (stable), then within a family by member_no
	// (stable: a family has few children), and cut one list per child.
	ms, start, positions := groupBy(r.ms, r.familyOf, len(b.families), r.positions)
	nos, _, positions := groupBy(r.msNo, r.familyOf, len(b.families), positions)
	r.positions = positions
	for i := range b.families {
		lo, hi := start[i], start[i+1]
		if lo == hi {
			continue
		}
		fno, fms := nos[lo:hi], ms[lo:hi]
		if !slices.IsSorted(fno) {
			sortByNo(fno, fms)
		}
		b.measurements[i] = map[int][]kampungkb.Measurement{}
		for j := 0; j < len(fno); {
			k := j + 1
			for k < len(fno) && fno[k] == fno[j] {
				k++
			}
			b.measurements[i][fno[j]] = fms[j:k:k]
			j = k
		}
	}
}

// readChildren reads every child record of b's village with its
// measurements, in child id and then date order straight from the
// children_village and measurements_child indexes: the measurements of
// children made from a member of one of the village's families go to
// b.measurements (all dates, archived or not, as EachFamily gives them),
// those of records not archived dated from r.since to b.children.
func (r *villageReader) readChildren(ctx context.Context, b *villageBatch) error {
	d := &r.d
	if r.byKey == nil {
		r.byKey = map[string]int32{}
	}
	clear(r.byKey)
	for i, f := range b.families {
		r.byKey[f.FamilyID] = int32(i)
	}
	r.ms, r.msNo, r.familyOf = r.ms[:0], r.msNo[:0], r.familyOf[:0]
	since := r.since.String()
	var (
		cur   int64 = -1
		child *ChildMeasurements
		pm    []kampungkb.PrevalenceMeasurement
		flush = func() {
			if child != nil && len(pm) > 0 {
				child.Measurements = slices.Clone(pm)
				b.children = append(b.children, *child)
			}
			child, pm = nil, pm[:0]
		}
	)
	err := r.vals.each(ctx, r.tx, `SELECT c.id, COALESCE(c.family_id, ''), COALESCE(c.member_no, 0), COALESCE(c.kampung_id, 0),
		c.archived, substr(ms.date, 1, 10) || ' ' || ms.flen || ms.fwfl || ms.fwei || ms.oedema, ms.zlen, ms.zwfl, ms.zwei
		FROM children c JOIN measurements ms ON ms.child_id = c.id WHERE c.village_code = ? ORDER BY c.id, ms.date, ms.id`,
		[]any{b.code}, func(v []any) error {
			id := d.int(v[0])
			if id != cur {
				flush()
				cur = id
				if !d.bool(v[4]) {
					child = &ChildMeasurements{KampungID: d.int(v[3])}
				}
			}
			packed := d.text(v[5])
			if len(packed) != 15 || packed[10] != ' ' {
				return fmt.Errorf("measurement of child %d: packed date and flags %q", id, packed)
			}
			date, ok := parseISODate(packed[:10])
			if !ok {
				return fmt.Errorf("measurement of child %d: date %q", id, packed[:10])
			}
			var fl [4]bool
			for i := range fl {
				switch packed[11+i] {
				case '0':
				case '1':
					fl[i] = true
				default:
					return fmt.Errorf("measurement of child %d: flags %q", id, packed[11:])
				}
			}
			zlen, zwfl, zwei := d.optFloat(v[6]), d.optFloat(v[7]), d.optFloat(v[8])
			if fid, no := d.text(v[1]), int(d.int(v[2])); fid != "" && no != 0 {
				if i, ok := r.byKey[fid]; ok {
					r.ms = append(r.ms, kampungkb.Measurement{Date: date, Z: kampungkb.ZScores{Len: zlen, FLen: fl[0]}})
					r.msNo = append(r.msNo, no)
					r.familyOf = append(r.familyOf, i)
				}
			}
			if child != nil && packed[:10] >= since {
				pm = append(pm, kampungkb.PrevalenceMeasurement{Date: date, ZLen: zlen, ZWfl: zwfl, ZWei: zwei,
					FLen: fl[0], FWfl: fl[1], FWei: fl[2], Oedm: fl[3]})
			}
			return d.err
		})
	if err != nil {
		return fmt.Errorf("children: %w", err)
	}
	flush()
	// A member's measurements in date order (a member has one child
	// record; r.ms came child by child, each in date and id order).
	r.groupMeasurements(b)
	return nil
}

// eachFamilyMerged is EachFamily for PostgreSQL: three region-wide
// queries in family_id order, each on its own connection, merged family
// by family. Asked village by village as SQLite is, PostgreSQL's planner,
// without fresh statistics (right after an import, or with autovacuum
// off), hash-joins every village against all members: 12 times slower
// than this in BenchmarkIndicators. Region-wide, the server plans each
// join and sort once and runs it in its own processes, in parallel with
// the decoding here. A report running while data are imported may see
// part of an import in one stream and not in another; imports are one
// transaction each, so each stream sees all or none of any one file.
func (db *DB) eachFamilyMerged(ctx context.Context, region, scopeRegion string,
	fn func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error) error {
	var w where
	for _, r := range []string{region, scopeRegion} {
		if r != "" {
			cond, args := regionRange("f.village_code", r)
			w.add(cond, args...)
		}
	}
	// Members and measurements in family_id order straight from their
	// indexes, members filtered by membership of the region's families (a
	// join on the region would make the database sort 1.5 M rows).
	var wm where
	if len(w.conds) > 0 {
		wm.add(`m.family_id IN (SELECT f.family_id FROM families f`+w.String()+`)`, w.args...)
	}
	wc := where{conds: append([]string{`c.member_no IS NOT NULL`}, w.conds...), args: w.args}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tx := db.read()
	fams, err := openCursor(ctx, tx, `SELECT `+familyStreamCols+`, f.village_code FROM families f`+w.String()+
		` ORDER BY f.family_id`, w.args...)
	if err != nil {
		return err
	}
	defer fams.close()
	mems, err := openCursor(ctx, tx, `SELECT m.family_id, `+db.memberStreamCols()+` FROM members m`+wm.String()+
		` ORDER BY m.family_id, m.member_no`, wm.args...)
	if err != nil {
		return err
	}
	defer mems.close()
	meas, err := openCursor(ctx, tx, `SELECT f.family_id, `+db.measurementStreamCols()+` FROM measurements ms
		JOIN children c ON c.id = ms.child_id JOIN families f ON f.family_id = c.family_id`+wc.String()+
		` ORDER BY f.family_id, c.member_no, ms.date, ms.id`, wc.args...)
	if err != nil {
		return err
	}
	defer meas.close()

	// Members are the largest stream: a goroutine reads and decodes them,
	// in batches, while this one reads the rest and calls fn.
	batches := make(chan []kampungkb.Member, 4)
	var readErr error // set before batches is closed
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(batches)
		readErr = readMembers(ctx, mems, batches)
	}()
	// On return, stop the goroutine (its query fails) and wait for it
	// before the deferred closes above run.
	defer func() {
		cancel()
		wg.Wait()
	}()
	// nextMember returns the next member (nil after the last), or the
	// goroutine's error once it has stopped.
	var batch []kampungkb.Member
	nextMember := func() (*kampungkb.Member, error) {
		if len(batch) == 0 {
			var ok bool
			if batch, ok = <-batches; !ok {
				return nil, readErr
			}
		}
		return &batch[0], nil
	}

	var d decoder
	for fams.row != nil {
		f := decodeFamily(&d, fams.row)
		f.VillageCode = d.text(fams.row[7])
		var members []kampungkb.Member
		for {
			m, err := nextMember()
			if err != nil {
				return err
			}
			if m == nil || m.FamilyID > f.FamilyID {
				break
			}
			if m.FamilyID == f.FamilyID {
				members = append(members, *m)
			}
			batch = batch[1:]
		}
		var ms map[int][]kampungkb.Measurement
		for meas.row != nil && d.err == nil {
			id := d.text(meas.row[0])
			if id > f.FamilyID {
				break
			}
			if id == f.FamilyID {
				if ms == nil {
					ms = map[int][]kampungkb.Measurement{}
				}
				no := int(d.int(meas.row[1]))
				ms[no] = append(ms[no], decodeMeasurement(&d, meas.row[2:]))
			}
			if err := meas.next(); err != nil {
				return err
			}
		}
		if d.err != nil {
			return fmt.Errorf("family %s: %w", f.FamilyID, d.err)
		}
		if err := fn(f, members, ms); err != nil {
			return err
		}
		if err := fams.next(); err != nil {
			return err
		}
	}
	// Members of families not listed cannot exist (a foreign key): wait
	// for the members' stream to end, and for its error.
	for {
		m, err := nextMember()
		if m == nil || err != nil {
			return err
		}
		batch = nil
	}
}

// readMembers reads and decodes the members of cursor mems (family_id,
// then memberStreamCols), sending them to out in batches.
func readMembers(ctx context.Context, mems *cursor, out chan<- []kampungkb.Member) error {
	const size = 512
	var d decoder
	var ints intSlab
	batch := make([]kampungkb.Member, 0, size)
	send := func() bool {
		select {
		case out <- batch:
			batch = make([]kampungkb.Member, 0, size)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for mems.row != nil {
		m := decodeMember(&d, mems.row[1:], &ints)
		m.FamilyID = d.text(mems.row[0])
		if d.err != nil {
			return fmt.Errorf("member %d of family %s: %w", m.MemberNo, m.FamilyID, d.err)
		}
		batch = append(batch, m)
		if len(batch) == size && !send() {
			return ctx.Err()
		}
		if err := mems.next(); err != nil {
			return err
		}
	}
	if len(batch) > 0 && !send() {
		return ctx.Err()
	}
	return nil
}

// familyStreamCols are the columns of a family that EachFamily reads,
// which decodeFamily takes in this order.
const familyStreamCols = `f.id, f.family_id, f.dusun, f.rw, f.water_source, f.toilet, COALESCE(f.welfare_decile, 0)`

// decodeFamily makes a family of the values of familyStreamCols.
func decodeFamily(d *decoder, v []any) kampungkb.Family {
	return kampungkb.Family{ID: d.int(v[0]), FamilyID: d.text(v[1]), Dusun: d.text(v[2]), RW: d.text(v[3]),
		WaterSource: d.text(v[4]), Toilet: d.text(v[5]), WelfareDecile: int(d.int(v[6]))}
}

// memberStreamCols returns the columns of a member that EachFamily reads,
// which decodeMember takes in this order.
func (db *DB) memberStreamCols() string {
	return `m.member_no, m.sex, ` + db.dateText("m.birth_date") + `, m.marital_status, m.marriage_age, m.pregnant,
		m.children_born, ` + db.dateText("m.last_birth_date") + `, m.kb_method, m.kb_reason`
}

// decodeMember makes a member (without FamilyID) of the values of
// memberStreamCols, taking its *int fields from ints.
func decodeMember(d *decoder, v []any, ints *intSlab) kampungkb.Member {
	m := kampungkb.Member{MemberNo: int(d.int(v[0])), Sex: d.text(v[1]), BirthDate: d.date(v[2]),
		MaritalStatus: d.text(v[3]), LastBirthDate: d.date(v[7]), KBMethod: d.text(v[8]), KBReason: d.text(v[9])}
	if v[4] != nil {
		m.MarriageAge = ints.ptr(int(d.int(v[4])))
	}
	if v[5] != nil {
		p := d.bool(v[5])
		m.Pregnant = &p
	}
	if v[6] != nil {
		m.ChildrenBorn = ints.ptr(int(d.int(v[6])))
	}
	return m
}

// measurementStreamCols returns the child's member_no and the columns of
// a measurement that EachFamily reads; decodeMeasurement takes those
// after member_no, in this order.
func (db *DB) measurementStreamCols() string {
	return `c.member_no, ` + db.dateText("ms.date") + `, ms.zlen, ms.flen`
}

// decodeMeasurement makes a measurement of the values of
// measurementStreamCols after member_no.
func decodeMeasurement(d *decoder, v []any) kampungkb.Measurement {
	m := kampungkb.Measurement{Date: d.date(v[0])}
	if v[1] != nil {
		z := d.float(v[1])
		m.Z.Len = &z
	}
	m.Z.FLen = d.bool(v[2])
	return m
}

// packedMembers is a subquery giving a family's members (SQLite), each
// as memberStreamCols joined by the unit separator (0x1f), joined by the
// record separator (0x1e); NULL for a family without members. Every
// packed column is a code, a number or a date, which hold neither
// separator.
const packedMembers = `(SELECT group_concat(m.member_no || char(31) || m.sex || char(31) || m.birth_date || char(31) ||
	m.marital_status || char(31) || COALESCE(m.marriage_age, '') || char(31) || COALESCE(m.pregnant, '') || char(31) ||
	COALESCE(m.children_born, '') || char(31) || COALESCE(m.last_birth_date, '') || char(31) || m.kb_method || char(31) ||
	m.kb_reason, char(30)) FROM members m WHERE m.family_id = f.family_id)`

// unpackMembers reads the members packedMembers gives, in member_no
// order, taking their *int fields from ints.
func unpackMembers(s, familyID string, ints *intSlab) ([]kampungkb.Member, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]kampungkb.Member, 0, strings.Count(s, "\x1e")+1)
	var f [10]string
	for len(s) > 0 {
		rec := s
		if i := strings.IndexByte(s, '\x1e'); i >= 0 {
			rec, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if n := splitInto(rec, '\x1f', f[:]); n != len(f) {
			return nil, fmt.Errorf("packed member %q: %d fields", rec, n)
		}
		m := kampungkb.Member{FamilyID: familyID, Sex: f[1], MaritalStatus: f[3], KBMethod: f[8], KBReason: f[9]}
		var err error
		if m.MemberNo, err = strconv.Atoi(f[0]); err != nil {
			return nil, fmt.Errorf("member_no %q", f[0])
		}
		if m.BirthDate, err = scanDate(f[2]); err != nil {
			return nil, fmt.Errorf("birth_date %q: %w", f[2], err)
		}
		if f[7] != "" {
			if m.LastBirthDate, err = scanDate(f[7]); err != nil {
				return nil, fmt.Errorf("last_birth_date %q: %w", f[7], err)
			}
		}
		for _, x := range []struct {
			s string
			p **int
		}{{f[4], &m.MarriageAge}, {f[6], &m.ChildrenBorn}} {
			if x.s == "" {
				continue
			}
			n, err := strconv.Atoi(x.s)
			if err != nil {
				return nil, fmt.Errorf("number %q", x.s)
			}
			*x.p = ints.ptr(n)
		}
		switch f[5] {
		case "":
		case "0", "1":
			p := f[5] == "1"
			m.Pregnant = &p
		default:
			return nil, fmt.Errorf("pregnant %q", f[5])
		}
		out = append(out, m)
	}
	if !slices.IsSortedFunc(out, byMemberNo) {
		slices.SortStableFunc(out, byMemberNo)
	}
	return out, nil
}

// unpackMeasurement reads "member_no 0x1f date 0x1f flen" of the
// measurement query: the member_no, and a measurement with its date and
// length-for-age flag.
func unpackMeasurement(s string) (int, kampungkb.Measurement, error) {
	var f [3]string
	var m kampungkb.Measurement
	if n := splitInto(s, '\x1f', f[:]); n != len(f) {
		return 0, m, fmt.Errorf("packed measurement %q: %d fields", s, n)
	}
	no, err := strconv.Atoi(f[0])
	if err != nil {
		return 0, m, fmt.Errorf("member_no %q", f[0])
	}
	if m.Date, err = scanDate(f[1]); err != nil {
		return 0, m, fmt.Errorf("date %q: %w", f[1], err)
	}
	switch f[2] {
	case "0":
	case "1":
		m.Z.FLen = true
	default:
		return 0, m, fmt.Errorf("flen %q", f[2])
	}
	return no, m, nil
}

// splitInto splits s at sep into fields and returns how many fields s
// has (more than len(fields) means s had too many; only len(fields) are
// set).
func splitInto(s string, sep byte, fields []string) int {
	n := 0
	for {
		i := strings.IndexByte(s, sep)
		if n < len(fields) {
			if i < 0 {
				fields[n] = s
			} else {
				fields[n] = s[:i]
			}
		}
		n++
		if i < 0 {
			return n
		}
		s = s[i+1:]
	}
}

// groupBy returns xs laid out by group (group[k] is the group of xs[k],
// below n) in a new array, keeping their order within a group, with
// start[g]:start[g+1] the range of group g. positions is scratch, reused.
func groupBy[T any](xs []T, group []int32, n int, positions []int) (out []T, start, _ []int) {
	start = make([]int, n+1)
	for _, g := range group {
		start[g+1]++
	}
	for g := range n {
		start[g+1] += start[g]
	}
	positions = append(positions[:0], start[:n]...)
	out = make([]T, len(xs))
	for k, g := range group {
		out[positions[g]] = xs[k]
		positions[g]++
	}
	return out, start, positions
}

func byMemberNo(a, b kampungkb.Member) int { return a.MemberNo - b.MemberNo }

// sortByNo sorts a family's measurements ms by their member_no nos,
// keeping their order within a child: an insertion sort over the few rows
// of one family.
func sortByNo(nos []int, ms []kampungkb.Measurement) {
	for i := 1; i < len(nos); i++ {
		for j := i; j > 0 && nos[j] < nos[j-1]; j-- {
			nos[j], nos[j-1] = nos[j-1], nos[j]
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

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
// time.Parse, a tenth of a report's CPU time; an expression has
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
	vals, ptrs := v.size(len(cols))
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

// size returns n values and n pointers to them, for rows.Scan.
func (v *rowValues) size(n int) (vals, ptrs []any) {
	if len(v.vals) < n {
		v.vals = make([]any, n)
		v.ptrs = make([]any, n)
		for i := range v.vals {
			v.ptrs[i] = &v.vals[i]
		}
	}
	return v.vals[:n], v.ptrs[:n]
}

// cursor reads a result set one row at a time into the driver's own
// values (see rowValues), for merging ordered result sets.
type cursor struct {
	rows       *sql.Rows
	vals, ptrs []any
	row        []any // the current row's values; nil after the last row
}

// openCursor runs q with args and reads the first row.
func openCursor(ctx context.Context, t *Tx, q string, args ...any) (*cursor, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, err
	}
	c := &cursor{rows: rows}
	var v rowValues
	c.vals, c.ptrs = v.size(len(cols))
	if err := c.next(); err != nil {
		rows.Close()
		return nil, err
	}
	return c, nil
}

// next reads the next row, or sets row to nil after the last one.
func (c *cursor) next() error {
	c.row = nil
	if !c.rows.Next() {
		return c.rows.Err()
	}
	if err := c.rows.Scan(c.ptrs...); err != nil {
		return err
	}
	c.row = c.vals
	return nil
}

func (c *cursor) close() { c.rows.Close() }

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

// optFloat returns a REAL column's value, nil for NULL.
func (d *decoder) optFloat(v any) *float64 {
	if v == nil {
		return nil
	}
	f := d.float(v)
	return &f
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
