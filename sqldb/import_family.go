package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"kampungkb"
)

// Imports of family data (formats.md "Family data", issue 2): each file in
// one transaction (all or nothing), streamed (rows are written in batches
// while the file is read, and rolled back when the source finally reports
// row errors), idempotent (upserts keyed by family_id and (family_id,
// member_no); rows identical to the stored ones are not written), with one
// summary audit entry per import like ImportRegions. Rows are validated by
// the caller (package exchange); the database constraints are the backstop.

// ImportOptions change how an import runs.
type ImportOptions struct {
	// DryRun reads and compares everything but writes nothing; the result
	// says what an import would change.
	DryRun bool
}

// FamilySource streams families to yield, and returns the error that makes
// the import fail (such as the row errors found after reading the whole
// file): everything written so far is then rolled back. An error from
// yield must be returned.
type FamilySource func(yield func(*kampungkb.Family) error) error

// MemberSource streams members like FamilySource.
type MemberSource func(yield func(*kampungkb.Member) error) error

// MeasurementRow is one row of measurements.csv: a measurement of the
// member (FamilyID, MemberNo), its z-scores computed by the caller.
type MeasurementRow struct {
	FamilyID string
	MemberNo int
	kampungkb.Measurement
}

// MeasurementSource streams measurement rows like FamilySource.
type MeasurementSource func(yield func(*MeasurementRow) error) error

// FamiliesOf returns a source over a slice (tests, small callers).
func FamiliesOf(fs []kampungkb.Family) FamilySource {
	return func(yield func(*kampungkb.Family) error) error {
		for i := range fs {
			if err := yield(&fs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// MembersOf returns a source over a slice.
func MembersOf(ms []kampungkb.Member) MemberSource {
	return func(yield func(*kampungkb.Member) error) error {
		for i := range ms {
			if err := yield(&ms[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// MeasurementsOf returns a source over a slice.
func MeasurementsOf(ms []MeasurementRow) MeasurementSource {
	return func(yield func(*MeasurementRow) error) error {
		for i := range ms {
			if err := yield(&ms[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// MeasurementResult adds the children an import created to ImportResult.
type MeasurementResult struct {
	ImportResult
	ChildrenCreated int `json:"children_created"`
}

// errStopped ends a source whose rows are no longer wanted.
var errStopped = errors.New("import stopped")

// pipeChunk is the number of rows handed over at a time by pipe.
const pipeChunk = 1000

// pipe runs src on another goroutine and calls fn with its rows in order,
// so that reading and checking a file overlaps with the database's work
// (BenchmarkImportFamilies on 2 cores: about 10 % faster). It returns fn's first error, else
// src's. Rows are copied: the source may reuse what it yields.
func pipe[T any](src func(yield func(*T) error) error, fn func(*T) error) error {
	ch := make(chan []T, 4)
	stop := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		chunk := make([]T, 0, pipeChunk)
		send := func() error {
			select {
			case ch <- chunk:
				chunk = make([]T, 0, pipeChunk)
				return nil
			case <-stop:
				return errStopped
			}
		}
		err := src(func(t *T) error {
			chunk = append(chunk, *t)
			if len(chunk) == pipeChunk {
				return send()
			}
			return nil
		})
		if err == nil && len(chunk) > 0 {
			err = send()
		}
		errc <- err
	}()
	var ferr error
	for chunk := range ch {
		if ferr != nil {
			continue // drain until the source has stopped
		}
		for i := range chunk {
			if ferr = fn(&chunk[i]); ferr != nil {
				close(stop)
				break
			}
		}
	}
	serr := <-errc
	if ferr != nil {
		return ferr
	}
	return serr
}

// importTx runs fn in a write transaction, or for a dry run in a read
// snapshot (fn then must not write).
// analyzeBelow is the number of new or changed rows below which an import
// leaves statistics to autovacuum.
const analyzeBelow = 10000

// analyzeAfter refreshes PostgreSQL's statistics of tables after a large
// import: without them (autovacuum may be off or not yet run) the planner
// hash-joined every village against all 1.46 M members of a kabupaten and
// a report took 53 s instead of 8. SQLite plans from its indexes alone.
func (db *DB) analyzeAfter(ctx context.Context, opt ImportOptions, res ImportResult, tables ...string) error {
	if db.dialect != Postgres || opt.DryRun || res.Inserted+res.Updated < analyzeBelow {
		return nil
	}
	_, err := db.w.ExecContext(ctx, `ANALYZE `+strings.Join(tables, ", "))
	return err
}

func (db *DB) importTx(ctx context.Context, opt ImportOptions, fn func(tx *Tx) error) error {
	if opt.DryRun {
		return db.readTx(ctx, fn)
	}
	if db.dialect == SQLite {
		// A kabupaten's members do not fit SQLite's default 2 MB page
		// cache: the transaction then spills pages to the WAL and reads
		// them back, which measured 3x slower (BenchmarkImportFamilies).
		// The writer is one connection; its cache is set back afterwards.
		// Statement journals (each multi-row upsert has one) go to memory
		// instead of a temporary file, for the same reason.
		if _, err := db.w.ExecContext(ctx, `PRAGMA cache_size = -`+strconv.Itoa(importCacheKiB)); err != nil {
			return err
		}
		if _, err := db.w.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
			return err
		}
		defer db.w.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		defer db.w.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = DEFAULT`)
	}
	return db.write(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			// The connection forces custom plans (see pgDSN), which would
			// plan every batch of the same INSERT anew; generic plans suit
			// plain inserts.
			if _, err := tx.exec(ctx, `SET LOCAL plan_cache_mode = auto`); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// importCacheKiB is the SQLite page cache of an import: enough for a
// kabupaten of some 1.5 million members (512 MB measured no faster; the
// pages are only allocated as they are used).
const importCacheKiB = 256 * 1024

// Batch sizes of the multi-row statements: far below both engines'
// parameter limits (SQLite 32,766, PostgreSQL 65,535).
const (
	familyBatch      = 500 // 15 parameters a row
	memberBatch      = 500 // 14
	measurementBatch = 250 // 26
)

// batcher collects rows of a multi-row INSERT and runs it every size rows.
type batcher struct {
	tx             *Tx
	prefix, suffix string
	row            string // "(?, ?, ...)"
	size, n        int
	args           []any
	full           *sql.Stmt // the statement of a full batch, prepared once
}

func newBatcher(tx *Tx, prefix, suffix string, cols, size int) *batcher {
	row := "(?" + strings.Repeat(", ?", cols-1) + ")"
	return &batcher{tx: tx, prefix: prefix, suffix: suffix, row: row, size: size, args: make([]any, 0, cols*size)}
}

func (b *batcher) stmt(n int) string {
	var s strings.Builder
	s.Grow(len(b.prefix) + n*(len(b.row)+2) + len(b.suffix))
	s.WriteString(b.prefix)
	for i := 0; i < n; i++ {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(b.row)
	}
	s.WriteString(b.suffix)
	return s.String()
}

func (b *batcher) add(ctx context.Context, args ...any) error {
	b.args = append(b.args, args...)
	b.n++
	if b.n == b.size {
		return b.flush(ctx)
	}
	return nil
}

func (b *batcher) flush(ctx context.Context) error {
	if b.n == 0 {
		return nil
	}
	var err error
	if b.n == b.size {
		if b.full == nil {
			p, ok := b.tx.q.(interface {
				PrepareContext(context.Context, string) (*sql.Stmt, error)
			})
			if !ok {
				return fmt.Errorf("batch insert outside a transaction")
			}
			if b.full, err = p.PrepareContext(ctx, b.tx.db.rebind(b.stmt(b.size))); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(ctx, b.tx.db.args(b.args)...)
	} else {
		_, err = b.tx.exec(ctx, b.stmt(b.n), b.args...)
	}
	clear(b.args)
	b.args, b.n = b.args[:0], 0
	return err
}

// close releases the prepared statement.
func (b *batcher) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// hashFields hashes the stored fields of a row, to tell unchanged rows
// from changed ones without keeping the rows in memory.
func hashFields(fields ...string) uint64 {
	h := fnv.New64a()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return h.Sum64()
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func optBool(p *bool) string {
	switch {
	case p == nil:
		return ""
	case *p:
		return "y"
	}
	return "n"
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

func familyHash(f *kampungkb.Family) uint64 {
	return hashFields(f.NoKK, f.VillageCode, f.Dusun, f.RW, f.RT, f.Address, f.WaterSource, f.Toilet, strconv.Itoa(f.WelfareDecile))
}

func memberHash(m *kampungkb.Member) uint64 {
	return hashFields(m.NIK, m.Name, m.Sex, m.BirthDate.String(), m.Relation, m.MaritalStatus, optInt(m.MarriageAge),
		optBool(m.Pregnant), optInt(m.ChildrenBorn), m.LastBirthDate.String(), m.KBMethod, m.KBReason)
}

func measurementHash(m *kampungkb.Measurement) uint64 {
	return hashFields(optFloat(m.WeightKg), optFloat(m.LenHeiCm), m.Measure, strconv.FormatBool(m.Oedema),
		optFloat(m.HeadCm), optFloat(m.ArmCm), m.Posyandu)
}

// stored is what an import knows of an existing row.
type stored struct {
	hash uint64
	seen bool // already in this import
}

func memberKey(familyID string, no int) string { return familyID + "\x00" + strconv.Itoa(no) }

func nullInt0(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// ImportFamilies upserts families by family_id. Families missing from the
// input are kept.
func (db *DB) ImportFamilies(ctx context.Context, src FamilySource, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	err := db.importTx(ctx, opt, func(tx *Tx) error {
		existing, err := tx.familyHashes(ctx)
		if err != nil {
			return err
		}
		b := newBatcher(tx, `INSERT INTO families (family_id, no_kk, village_code, dusun, rw, rt, address, water_source, toilet,
			welfare_decile, version, created_at, updated_at, created_by, updated_by) VALUES `,
			` ON CONFLICT (family_id) DO UPDATE SET no_kk = excluded.no_kk, village_code = excluded.village_code,
			dusun = excluded.dusun, rw = excluded.rw, rt = excluded.rt, address = excluded.address,
			water_source = excluded.water_source, toilet = excluded.toilet, welfare_decile = excluded.welfare_decile,
			version = families.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`, 15, familyBatch)
		defer b.close()
		// Villages of new and changed families are marked for the roll-ups;
		// a changed family may have left its village, so an import that
		// changes families marks them all.
		villages := map[string]bool{}
		err = pipe(src, func(f *kampungkb.Family) error {
			res.Read++
			h := familyHash(f)
			old, ok := existing[f.FamilyID]
			switch {
			case ok && old.seen:
				return kampungkb.Errorf(kampungkb.Invalid, "Keluarga %s muncul lebih dari sekali.", f.FamilyID)
			case !ok:
				res.Inserted++
			case old.hash != h:
				res.Updated++
			default:
				res.Unchanged++
			}
			existing[f.FamilyID] = stored{hash: h, seen: true}
			if opt.DryRun || (ok && old.hash == h) {
				return nil
			}
			villages[f.VillageCode] = true
			return b.add(ctx, f.FamilyID, f.NoKK, f.VillageCode, f.Dusun, f.RW, f.RT, f.Address, f.WaterSource, f.Toilet,
				nullInt0(f.WelfareDecile), 1, tx.Now, tx.Now, tx.By, tx.By)
		})
		if err != nil {
			return err
		}
		if opt.DryRun {
			return nil
		}
		if err := b.flush(ctx); err != nil {
			return fmt.Errorf("import families: %w", err)
		}
		if res.Updated > 0 {
			if err := tx.touchAllFamilies(ctx); err != nil {
				return err
			}
		} else {
			codes := make([]string, 0, len(villages))
			for c := range villages {
				codes = append(codes, c)
			}
			if err := tx.touchVillages(ctx, codes...); err != nil {
				return err
			}
		}
		return tx.auditSummary(ctx, "import", "family", "", "Impor keluarga: "+res.summary(), nil, res)
	})
	if err != nil {
		return res, err
	}
	return res, db.analyzeAfter(ctx, opt, res, "families")
}

func (r ImportResult) summary() string {
	return fmt.Sprintf("%s dibaca, %s baru, %s diubah, %s tetap", kampungkb.FormatInt(int64(r.Read)),
		kampungkb.FormatInt(int64(r.Inserted)), kampungkb.FormatInt(int64(r.Updated)), kampungkb.FormatInt(int64(r.Unchanged)))
}

func (tx *Tx) familyHashes(ctx context.Context) (map[string]stored, error) {
	rows, err := tx.query(ctx, `SELECT family_id, no_kk, village_code, dusun, rw, rt, address, water_source, toilet,
		COALESCE(welfare_decile, 0) FROM families`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]stored{}
	for rows.Next() {
		var f kampungkb.Family
		if err := rows.Scan(&f.FamilyID, &f.NoKK, &f.VillageCode, &f.Dusun, &f.RW, &f.RT, &f.Address, &f.WaterSource,
			&f.Toilet, &f.WelfareDecile); err != nil {
			return nil, err
		}
		m[f.FamilyID] = stored{hash: familyHash(&f)}
	}
	return m, rows.Err()
}

// ImportMembers upserts members by (family_id, member_no). Their families
// must exist (import families.csv first); members missing from the input
// are kept.
func (db *DB) ImportMembers(ctx context.Context, src MemberSource, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	err := db.importTx(ctx, opt, func(tx *Tx) error {
		existing, err := tx.memberHashes(ctx)
		if err != nil {
			return err
		}
		b := newBatcher(tx, `INSERT INTO members (family_id, member_no, nik, name, sex, birth_date, relation, marital_status,
			marriage_age, pregnant, children_born, last_birth_date, kb_method, kb_reason) VALUES `,
			` ON CONFLICT (family_id, member_no) DO UPDATE SET nik = excluded.nik, name = excluded.name, sex = excluded.sex,
			birth_date = excluded.birth_date, relation = excluded.relation, marital_status = excluded.marital_status,
			marriage_age = excluded.marriage_age, pregnant = excluded.pregnant, children_born = excluded.children_born,
			last_birth_date = excluded.last_birth_date, kb_method = excluded.kb_method, kb_reason = excluded.kb_reason`, 14, memberBatch)
		defer b.close()
		var touched familyToucher
		err = pipe(src, func(m *kampungkb.Member) error {
			res.Read++
			k := memberKey(m.FamilyID, m.MemberNo)
			h := memberHash(m)
			old, ok := existing[k]
			switch {
			case ok && old.seen:
				return kampungkb.Errorf(kampungkb.Invalid, "Anggota %d keluarga %s muncul lebih dari sekali.", m.MemberNo, m.FamilyID)
			case !ok:
				res.Inserted++
			case old.hash != h:
				res.Updated++
			default:
				res.Unchanged++
			}
			existing[k] = stored{hash: h, seen: true}
			if opt.DryRun || (ok && old.hash == h) {
				return nil
			}
			touched.add(m.FamilyID)
			return b.add(ctx, m.FamilyID, m.MemberNo, m.NIK, m.Name, m.Sex, m.BirthDate, m.Relation, m.MaritalStatus,
				m.MarriageAge, m.Pregnant, m.ChildrenBorn, m.LastBirthDate, m.KBMethod, m.KBReason)
		})
		if err != nil {
			return err
		}
		if opt.DryRun {
			return nil
		}
		if err := b.flush(ctx); err != nil {
			return fmt.Errorf("import members: %w", err)
		}
		if err := touched.touch(ctx, tx); err != nil {
			return err
		}
		return tx.auditSummary(ctx, "import", "member", "", "Impor anggota keluarga: "+res.summary(), nil, res)
	})
	if err != nil {
		return res, err
	}
	return res, db.analyzeAfter(ctx, opt, res, "members")
}

func (tx *Tx) memberHashes(ctx context.Context) (map[string]stored, error) {
	rows, err := tx.query(ctx, `SELECT `+memberCols+` FROM members m`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]stored{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out[memberKey(m.FamilyID, m.MemberNo)] = stored{hash: memberHash(&m)}
	}
	return out, rows.Err()
}

// ImportMeasurements adds posyandu measurements of family members. The
// child record of a member is found by (family_id, member_no) or created
// from the member's record (name, sex, birth date, the family's village;
// the mother's name for a child of the head). A measurement is keyed by its
// child and date: re-importing the same row changes nothing, a changed row
// updates the stored measurement.
func (db *DB) ImportMeasurements(ctx context.Context, src MeasurementSource, opt ImportOptions) (MeasurementResult, error) {
	var res MeasurementResult
	err := db.importTx(ctx, opt, func(tx *Tx) error {
		children, err := tx.memberChildren(ctx)
		if err != nil {
			return err
		}
		existing, err := tx.memberMeasurements(ctx)
		if err != nil {
			return err
		}
		b := newBatcher(tx, `INSERT INTO measurements (child_id, date, age_days, weight_kg, lenhei_cm, measure, oedema,
			headc_cm, armc_cm, posyandu, clenhei, cbmi, zlen, zwei, zwfl, zbmi, zhc, zac, flen, fwei, fwfl, fbmi, fhc, fac,
			created_at, created_by) VALUES `, "", 26, measurementBatch)
		defer b.close()
		fake := int64(0) // ids of the children a dry run would create
		var touched familyToucher
		err = pipe(src, func(r *MeasurementRow) error {
			res.Read++
			key := memberKey(r.FamilyID, r.MemberNo)
			c, ok := children[key]
			if !ok {
				child, err := tx.childFromMember(ctx, r.FamilyID, r.MemberNo)
				if err != nil {
					return err
				}
				if opt.DryRun {
					fake--
					child.ID = fake
				} else {
					child.ID, err = tx.insert(ctx, `INSERT INTO children (name, sex, birth_date, mother_name, village_code,
						family_id, member_no, archived, version, created_at, updated_at, created_by, updated_by)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`, child.Name, child.Sex, child.BirthDate, child.MotherName,
						child.VillageCode, r.FamilyID, r.MemberNo, false, tx.Now, tx.Now, tx.By, tx.By)
					if err != nil {
						return err
					}
				}
				c = memberChild{id: child.ID, birth: child.BirthDate}
				children[key] = c
				res.ChildrenCreated++
			}
			m := &r.Measurement
			m.ChildID = c.id
			m.AgeDays = c.birth.DaysUntil(m.Date)
			mk := strconv.FormatInt(c.id, 10) + " " + m.Date.String()
			h := measurementHash(m)
			old, ok := existing[mk]
			switch {
			case ok && old.seen:
				return kampungkb.Errorf(kampungkb.Invalid, "Pengukuran anggota %d keluarga %s tanggal %s muncul lebih dari sekali.",
					r.MemberNo, r.FamilyID, m.Date)
			case !ok:
				res.Inserted++
			case old.hash != h:
				res.Updated++
			default:
				res.Unchanged++
			}
			existing[mk] = storedMeasurement{stored: stored{hash: h, seen: true}, id: old.id}
			if opt.DryRun || (ok && old.hash == h) {
				return nil
			}
			touched.add(r.FamilyID)
			z := m.Z
			if ok {
				_, err := tx.exec(ctx, `UPDATE measurements SET age_days = ?, weight_kg = ?, lenhei_cm = ?, measure = ?,
					oedema = ?, headc_cm = ?, armc_cm = ?, posyandu = ?, clenhei = ?, cbmi = ?, zlen = ?, zwei = ?, zwfl = ?,
					zbmi = ?, zhc = ?, zac = ?, flen = ?, fwei = ?, fwfl = ?, fbmi = ?, fhc = ?, fac = ? WHERE id = ?`,
					m.AgeDays, m.WeightKg, m.LenHeiCm, m.Measure, m.Oedema, m.HeadCm, m.ArmCm, m.Posyandu,
					z.LenHeiCm, z.BMI, z.Len, z.Wei, z.Wfl, z.BMIz, z.HC, z.AC, z.FLen, z.FWei, z.FWfl, z.FBMI, z.FHC, z.FAC, old.id)
				return err
			}
			return b.add(ctx, m.ChildID, m.Date, m.AgeDays, m.WeightKg, m.LenHeiCm, m.Measure, m.Oedema, m.HeadCm, m.ArmCm,
				m.Posyandu, z.LenHeiCm, z.BMI, z.Len, z.Wei, z.Wfl, z.BMIz, z.HC, z.AC, z.FLen, z.FWei, z.FWfl, z.FBMI, z.FHC,
				z.FAC, tx.Now, tx.By)
		})
		if err != nil {
			return err
		}
		if opt.DryRun {
			return nil
		}
		if err := b.flush(ctx); err != nil {
			return fmt.Errorf("import measurements: %w", err)
		}
		if err := touched.touch(ctx, tx); err != nil {
			return err
		}
		return tx.auditSummary(ctx, "import", "measurement", "", fmt.Sprintf("Impor pengukuran: %s, %s anak baru",
			res.summary(), kampungkb.FormatInt(int64(res.ChildrenCreated))), nil, res)
	})
	if err != nil {
		return res, err
	}
	return res, db.analyzeAfter(ctx, opt, res.ImportResult, "children", "measurements")
}

type memberChild struct {
	id    int64
	birth kampungkb.Date
}

type storedMeasurement struct {
	stored
	id int64
}

// memberChildren returns the children linked to a member, by member key.
func (tx *Tx) memberChildren(ctx context.Context) (map[string]memberChild, error) {
	rows, err := tx.query(ctx, `SELECT id, family_id, member_no, birth_date FROM children
		WHERE family_id IS NOT NULL AND member_no IS NOT NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]memberChild{}
	for rows.Next() {
		var c memberChild
		var fid string
		var no int
		if err := rows.Scan(&c.id, &fid, &no, &c.birth); err != nil {
			return nil, err
		}
		if _, dup := out[memberKey(fid, no)]; !dup {
			out[memberKey(fid, no)] = c
		}
	}
	return out, rows.Err()
}

// memberMeasurements returns the measurements of children linked to
// members, keyed "child_id date" (the first one of a day).
func (tx *Tx) memberMeasurements(ctx context.Context) (map[string]storedMeasurement, error) {
	rows, err := tx.query(ctx, `SELECT m.id, m.child_id, m.date, m.weight_kg, m.lenhei_cm, m.measure, m.oedema, m.headc_cm,
		m.armc_cm, m.posyandu FROM measurements m JOIN children c ON c.id = m.child_id
		WHERE c.family_id IS NOT NULL ORDER BY m.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]storedMeasurement{}
	for rows.Next() {
		var m kampungkb.Measurement
		if err := rows.Scan(&m.ID, &m.ChildID, &m.Date, &m.WeightKg, &m.LenHeiCm, &m.Measure, &m.Oedema, &m.HeadCm,
			&m.ArmCm, &m.Posyandu); err != nil {
			return nil, err
		}
		k := strconv.FormatInt(m.ChildID, 10) + " " + m.Date.String()
		if _, dup := out[k]; !dup {
			out[k] = storedMeasurement{stored: stored{hash: measurementHash(&m)}, id: m.ID}
		}
	}
	return out, rows.Err()
}

// childFromMember returns the child record a member gives: name, sex,
// birth date, the family's village, and for a child (anak) of the family
// the name of the head's wife or of a female head as the mother's name.
func (tx *Tx) childFromMember(ctx context.Context, familyID string, no int) (kampungkb.Child, error) {
	var c kampungkb.Child
	var relation string
	err := tx.queryRow(ctx, `SELECT m.name, m.sex, m.birth_date, f.village_code, m.relation FROM members m
		JOIN families f ON f.family_id = m.family_id WHERE m.family_id = ? AND m.member_no = ?`, familyID, no).
		Scan(&c.Name, &c.Sex, &c.BirthDate, &c.VillageCode, &relation)
	if errors.Is(err, sql.ErrNoRows) {
		return c, kampungkb.Errorf(kampungkb.Invalid, "Anggota %d keluarga %s tidak ada: impor members.csv dulu.", no, familyID)
	}
	if err != nil {
		return c, err
	}
	if relation == "anak" {
		err := tx.queryRow(ctx, `SELECT name FROM members WHERE family_id = ? AND sex = 'p' AND relation IN ('istri', 'kepala')
			ORDER BY member_no LIMIT 1`, familyID).Scan(&c.MotherName)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
	}
	return c, nil
}
