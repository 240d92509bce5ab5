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
	"kampungkb/internal/keyset"
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
	// KeysChecked says that the source refuses a row whose key occurred
	// before in it (package exchange's readers do, naming the line of the
	// first one): the import then keeps no set of keys of its own, which
	// saves 16 bytes a row (128 MB for NTB's 5.7 million members).
	KeysChecked bool
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

// pipe runs src on another goroutine and calls fn with its rows in
// chunks of up to pipeChunk, in order, so that reading and checking a file
// overlaps with the database's work (BenchmarkImportFamilies on 2 cores:
// about 10 % faster) and the import can look up the stored rows of a
// chunk in one query. It returns fn's first error, else src's. Rows are
// copied: the source may reuse what it yields.
func pipe[T any](src func(yield func(*T) error) error, fn func([]T) error) error {
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
		if ferr = fn(chunk); ferr != nil {
			close(stop)
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
	var conn *sql.Conn
	if db.dialect == Postgres {
		// COPY needs the transaction's own connection (import_copy.go).
		var err error
		if conn, err = db.w.Conn(ctx); err != nil {
			return classify(err)
		}
		defer conn.Close()
	}
	err := db.writeOn(ctx, conn, func(tx *Tx) error {
		if db.dialect == Postgres {
			// The lookups of a chunk's rows by key must use the indexes:
			// tables that grow within the import have no statistics, and
			// an IN list of a thousand keys then looks like the whole
			// table (the children of NTB's measurements: a scan of the
			// growing table for every chunk, quadratic). copyWriter.flush
			// allows scans again for its UPDATE ... FROM staging.
			if _, err := tx.exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
				return err
			}
			// Every row COPY writes runs the foreign-key checks' saved
			// plans. The connections force custom plans (pgDSN), which
			// plans each check anew: NTB's 5.74 M members took 141 s to
			// COPY that way and 57 s with the default (29 Nov 2026).
			if _, err := tx.exec(ctx, `SET LOCAL plan_cache_mode = auto`); err != nil {
				return err
			}
		}
		return fn(tx)
	})
	if err == nil {
		db.generation.Add(1)
	}
	return err
}

// importCacheKiB is the SQLite page cache of an import. Each cached page
// costs the process about twice its size: with 256 MB the members of a
// kabupaten (1.46 M) imported in 14.0 s at 652 MB peak RSS, with 64 MB in
// 14.6 s at 276 MB (28 Nov 2026); the default 2 MB spilled pages to the
// WAL and was 3× slower.
const importCacheKiB = 64 * 1024

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

// keys finds the keys that occur more than once in an import's input,
// unless the source checks them itself (ImportOptions.KeysChecked).
type keys struct {
	set keyset.Set
	off bool
}

func (k *keys) dup(key string) bool {
	if k.off {
		return false
	}
	_, seen := k.set.Add(key, 0)
	return seen
}

func memberKey(familyID string, no int) string { return familyID + "\x00" + strconv.Itoa(no) }

func nullInt0(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// Memory of an import (issue "imports at NTB scale"): rows stream through
// in chunks of pipeChunk; the stored rows a chunk may change are looked up
// in one query per chunk (none while the table was empty when the import
// began), so no table is held in memory. What grows with the file is the
// set of keys seen, to report a key that occurs twice: 16 bytes a slot of
// a keyset.Set, 21–43 bytes a row (22 for NTB's 5.7 million members, 128
// MB), kept here or, with ImportOptions.KeysChecked, by the reader (package
// exchange, which also names the first line); plus the families whose
// villages must be marked for the roll-ups (at most touchListMax). On
// SQLite the import's page cache (importCacheKiB) comes on top.

// familySpec writes families: upserts on SQLite, COPY and an UPDATE from
// staging on PostgreSQL. A changed family gets a new version.
var familySpec = tableSpec{
	table: "families",
	insertCols: []string{"family_id", "no_kk", "village_code", "province_code", "dusun", "rw", "rt", "address", "water_source",
		"toilet", "welfare_decile", "version", "created_at", "updated_at", "created_by", "updated_by"},
	conflict: `ON CONFLICT (family_id) DO UPDATE SET no_kk = excluded.no_kk, village_code = excluded.village_code,
		province_code = excluded.province_code,
		dusun = excluded.dusun, rw = excluded.rw, rt = excluded.rt, address = excluded.address,
		water_source = excluded.water_source, toilet = excluded.toilet, welfare_decile = excluded.welfare_decile,
		version = families.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
	updateCols: []string{"family_id", "no_kk", "village_code", "province_code", "dusun", "rw", "rt", "address", "water_source",
		"toilet", "welfare_decile", "version", "created_at", "updated_at", "created_by", "updated_by"},
	keyCols: 1,
	set: `t.no_kk = s.no_kk, t.village_code = s.village_code, t.province_code = s.province_code, t.dusun = s.dusun, t.rw = s.rw, t.rt = s.rt,
		t.address = s.address, t.water_source = s.water_source, t.toilet = s.toilet, t.welfare_decile = s.welfare_decile,
		t.version = t.version + 1, t.updated_at = s.updated_at, t.updated_by = s.updated_by`,
	batch: familyBatch,
}

// ImportFamilies upserts families by family_id. Families missing from the
// input are kept.
func (db *DB) ImportFamilies(ctx context.Context, src FamilySource, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	err := db.importTx(ctx, opt, func(tx *Tx) error {
		empty, rebuild, err := tx.bulkLoad(ctx, "families", opt.DryRun)
		if err != nil {
			return err
		}
		w := tx.writer(familySpec)
		defer w.close()
		seen := keys{off: opt.KeysChecked}
		// Villages of new and changed families are marked for the roll-ups;
		// a changed family may have left its village, so an import that
		// changes families marks them all.
		villages := map[string]bool{}
		var moved []string // families whose village changed: their members follow
		ids := make([]string, 0, pipeChunk)
		err = pipe(src, func(chunk []kampungkb.Family) error {
			ids = ids[:0]
			for i := range chunk {
				if seen.dup(chunk[i].FamilyID) {
					return kampungkb.Errorf(kampungkb.Invalid, "Keluarga %s muncul lebih dari sekali.", chunk[i].FamilyID)
				}
				ids = append(ids, chunk[i].FamilyID)
			}
			var old map[string]storedFamily
			if !empty {
				if old, err = tx.familyHashes(ctx, ids); err != nil {
					return err
				}
			}
			for i := range chunk {
				f := &chunk[i]
				res.Read++
				stored, ok := old[f.FamilyID]
				switch {
				case !ok:
					res.Inserted++
				case stored.hash != familyHash(f):
					res.Updated++
					if stored.village != f.VillageCode && !opt.DryRun {
						moved = append(moved, f.FamilyID)
					}
				default:
					res.Unchanged++
					continue
				}
				if opt.DryRun {
					continue
				}
				villages[f.VillageCode] = true
				args := []any{f.FamilyID, f.NoKK, f.VillageCode, provinceOf(f.VillageCode), f.Dusun, f.RW, f.RT, f.Address, f.WaterSource, f.Toilet,
					nullInt0(f.WelfareDecile), 1, tx.Now, tx.Now, tx.By, tx.By}
				if ok {
					err = w.update(ctx, args...)
				} else {
					err = w.insert(ctx, args...)
				}
				if err != nil {
					return fmt.Errorf("import families: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if opt.DryRun {
			return nil
		}
		if err := w.flush(ctx); err != nil {
			return fmt.Errorf("import families: %w", err)
		}
		if err := rebuild(ctx); err != nil {
			return err
		}
		if err := tx.moveMembers(ctx, moved...); err != nil {
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

// empty reports whether table has no rows: an import into an empty table
// need not look anything up.
func (tx *Tx) empty(ctx context.Context, table string) (bool, error) {
	var found bool
	err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+`)`).Scan(&found)
	return !found, err
}

// bulkLoad prepares an import into table: it reports whether the table is
// empty and, when it is on SQLite and the import writes, drops the
// table's plain (not unique) indexes for the load and returns the
// function that builds them again from their stored definitions before
// the transaction commits. Random inserts into an index larger than the
// import's page cache (members by NIK: 5.74 M random keys at NTB) read
// and spill pages for every row; one sort at the end costs 3 s (NTB's
// members import: 74 s with the NIK index kept up, 61 + 3 s without). A
// failed import rolls the drop back with everything else. PostgreSQL
// keeps its indexes: dropping them would lock the table against every
// reader until the import commits.
func (tx *Tx) bulkLoad(ctx context.Context, table string, dryRun bool) (empty bool, rebuild func(context.Context) error, err error) {
	rebuild = func(context.Context) error { return nil }
	if empty, err = tx.empty(ctx, table); err != nil || !empty || dryRun || tx.db.dialect != SQLite {
		return empty, rebuild, err
	}
	rows, err := tx.query(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
		AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`, table)
	if err != nil {
		return false, nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return false, nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, nil, err
	}
	for _, name := range names {
		if _, err := tx.exec(ctx, `DROP INDEX `+quoteIdent(name)); err != nil {
			return false, nil, err
		}
	}
	return true, func(ctx context.Context) error {
		// CREATE INDEX sorts in the page cache's memory and spills the
		// rest to temporary files, which importTx keeps in memory for
		// the statement journals: NTB's NIK sort took the import from
		// 590 to 820 MB. On disk the peak stays where the load left it.
		if len(defs) > 0 {
			if _, err := tx.exec(ctx, `PRAGMA temp_store = FILE`); err != nil {
				return err
			}
		}
		for _, def := range defs {
			if _, err := tx.exec(ctx, def); err != nil {
				return fmt.Errorf("rebuild index of %s: %w", table, err)
			}
		}
		return nil
	}, nil
}

// storedFamily is what an import needs of a stored family.
type storedFamily struct {
	hash    uint64
	village string
}

// familyHashes returns the hashes and villages of the stored families
// among ids.
func (tx *Tx) familyHashes(ctx context.Context, ids []string) (map[string]storedFamily, error) {
	in, args := inList(ids)
	rows, err := tx.query(ctx, `SELECT family_id, no_kk, village_code, dusun, rw, rt, address, water_source, toilet,
		COALESCE(welfare_decile, 0) FROM families WHERE family_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := make(map[string]storedFamily, len(ids))
	for rows.Next() {
		var f kampungkb.Family
		if err := rows.Scan(&f.FamilyID, &f.NoKK, &f.VillageCode, &f.Dusun, &f.RW, &f.RT, &f.Address, &f.WaterSource,
			&f.Toilet, &f.WelfareDecile); err != nil {
			return nil, err
		}
		m[f.FamilyID] = storedFamily{familyHash(&f), f.VillageCode}
	}
	return m, rows.Err()
}

var memberSpec = tableSpec{
	table: "members",
	insertCols: []string{"family_id", "member_no", "village_code", "province_code", "nik", "name", "sex", "birth_date", "relation",
		"marital_status", "marriage_age", "pregnant", "children_born", "last_birth_date", "kb_method", "kb_reason"},
	conflict: `ON CONFLICT (family_id, member_no) DO UPDATE SET village_code = excluded.village_code,
		province_code = excluded.province_code, nik = excluded.nik, name = excluded.name, sex = excluded.sex,
		birth_date = excluded.birth_date, relation = excluded.relation, marital_status = excluded.marital_status,
		marriage_age = excluded.marriage_age, pregnant = excluded.pregnant, children_born = excluded.children_born,
		last_birth_date = excluded.last_birth_date, kb_method = excluded.kb_method, kb_reason = excluded.kb_reason`,
	updateCols: []string{"family_id", "member_no", "village_code", "province_code", "nik", "name", "sex", "birth_date",
		"relation", "marital_status", "marriage_age", "pregnant", "children_born", "last_birth_date", "kb_method", "kb_reason"},
	keyCols: 2,
	set: `t.village_code = s.village_code, t.province_code = s.province_code, t.nik = s.nik, t.name = s.name, t.sex = s.sex, t.birth_date = s.birth_date, t.relation = s.relation,
		t.marital_status = s.marital_status, t.marriage_age = s.marriage_age, t.pregnant = s.pregnant,
		t.children_born = s.children_born, t.last_birth_date = s.last_birth_date, t.kb_method = s.kb_method,
		t.kb_reason = s.kb_reason`,
	batch: memberBatch,
}

// ImportMembers upserts members by (family_id, member_no). Their families
// must exist (import families.csv first); members missing from the input
// are kept.
func (db *DB) ImportMembers(ctx context.Context, src MemberSource, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	err := db.importTx(ctx, opt, func(tx *Tx) error {
		empty, rebuild, err := tx.bulkLoad(ctx, "members", opt.DryRun)
		if err != nil {
			return err
		}
		w := tx.writer(memberSpec)
		defer w.close()
		seen := keys{off: opt.KeysChecked}
		var touched familyToucher
		var fams []string
		// The families' villages, read ahead in family_id order: one
		// query per 5,000 families of a sorted file instead of one list
		// of keys per chunk (NTB on PostgreSQL: 1,250 queries instead of
		// 5,745).
		villageOf := tx.familyLookup(ctx)
		err = pipe(src, func(chunk []kampungkb.Member) error {
			fams = fams[:0]
			for i := range chunk {
				m := &chunk[i]
				if seen.dup(memberKey(m.FamilyID, m.MemberNo)) {
					return kampungkb.Errorf(kampungkb.Invalid, "Anggota %d keluarga %s muncul lebih dari sekali.", m.MemberNo, m.FamilyID)
				}
				if len(fams) == 0 || fams[len(fams)-1] != m.FamilyID {
					fams = append(fams, m.FamilyID)
				}
			}
			var old map[string]uint64
			if !empty {
				if old, err = tx.memberHashes(ctx, fams); err != nil {
					return err
				}
			}
			for i := range chunk {
				m := &chunk[i]
				// A member lives in its family's village (the partition
				// key).
				village, ok, err := villageOf(m.FamilyID)
				if err != nil {
					return err
				}
				if !ok {
					return kampungkb.Errorf(kampungkb.Invalid, "Keluarga %s tidak ada: impor families.csv dulu.", m.FamilyID)
				}
				res.Read++
				h, ok := old[memberKey(m.FamilyID, m.MemberNo)]
				switch {
				case !ok:
					res.Inserted++
				case h != memberHash(m):
					res.Updated++
				default:
					res.Unchanged++
					continue
				}
				if opt.DryRun {
					continue
				}
				touched.add(m.FamilyID)
				args := []any{m.FamilyID, m.MemberNo, village, provinceOf(village), m.NIK, m.Name, m.Sex, m.BirthDate, m.Relation, m.MaritalStatus,
					m.MarriageAge, m.Pregnant, m.ChildrenBorn, m.LastBirthDate, m.KBMethod, m.KBReason}
				if ok {
					err = w.update(ctx, args...)
				} else {
					err = w.insert(ctx, args...)
				}
				if err != nil {
					return fmt.Errorf("import members: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if opt.DryRun {
			return nil
		}
		if err := w.flush(ctx); err != nil {
			return fmt.Errorf("import members: %w", err)
		}
		if err := rebuild(ctx); err != nil {
			return err
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

// memberHashes returns the hashes of the stored members of families, by
// member key. A family id may occur more than once in fams.
func (tx *Tx) memberHashes(ctx context.Context, fams []string) (map[string]uint64, error) {
	in, args := inList(fams)
	rows, err := tx.query(ctx, `SELECT `+memberCols+` FROM members m WHERE m.family_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]uint64, pipeChunk)
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out[memberKey(m.FamilyID, m.MemberNo)] = memberHash(&m)
	}
	return out, rows.Err()
}

var measurementSpec = tableSpec{
	table: "measurements",
	insertCols: []string{"village_code", "province_code", "child_id", "date", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema", "headc_cm",
		"armc_cm", "posyandu", "clenhei", "cbmi", "zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "flen", "fwei", "fwfl",
		"fbmi", "fhc", "fac", "created_at", "created_by"},
	updateCols: []string{"id", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema", "headc_cm", "armc_cm", "posyandu",
		"clenhei", "cbmi", "zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "flen", "fwei", "fwfl", "fbmi", "fhc", "fac"},
	keyCols: 1,
	set: `t.age_days = s.age_days, t.weight_kg = s.weight_kg, t.lenhei_cm = s.lenhei_cm, t.measure = s.measure,
		t.oedema = s.oedema, t.headc_cm = s.headc_cm, t.armc_cm = s.armc_cm, t.posyandu = s.posyandu, t.clenhei = s.clenhei,
		t.cbmi = s.cbmi, t.zlen = s.zlen, t.zwei = s.zwei, t.zwfl = s.zwfl, t.zbmi = s.zbmi, t.zhc = s.zhc, t.zac = s.zac,
		t.flen = s.flen, t.fwei = s.fwei, t.fwfl = s.fwfl, t.fbmi = s.fbmi, t.fhc = s.fhc, t.fac = s.fac`,
	batch: measurementBatch,
}

// ImportMeasurements adds posyandu measurements of family members. The
// child record of a member is found by (family_id, member_no) or created
// from the member's record (name, sex, birth date, the family's village;
// the mother's name for a child of the head). A measurement is keyed by its
// child and date: re-importing the same row changes nothing, a changed row
// updates the stored measurement. Each chunk of rows costs a few queries:
// the children of its members, the members whose child records are
// missing, one multi-row insert of those children, and the stored
// measurements of its children.
func (db *DB) ImportMeasurements(ctx context.Context, src MeasurementSource, opt ImportOptions) (MeasurementResult, error) {
	var res MeasurementResult
	err := db.importTx(ctx, opt, func(tx *Tx) error {
		empty, rebuild, err := tx.bulkLoad(ctx, "measurements", opt.DryRun)
		if err != nil {
			return err
		}
		w := tx.writer(measurementSpec)
		defer w.close()
		seen := keys{off: opt.KeysChecked}
		var dry map[string]memberChild // the children a dry run would create
		if opt.DryRun {
			dry = map[string]memberChild{}
		}
		var touched familyToucher
		err = pipe(src, func(chunk []MeasurementRow) error {
			var fams []string
			for i := range chunk {
				r := &chunk[i]
				if seen.dup(memberKey(r.FamilyID, r.MemberNo) + "\x00" + r.Date.String()) {
					return kampungkb.Errorf(kampungkb.Invalid, "Pengukuran anggota %d keluarga %s tanggal %s muncul lebih dari sekali.",
						r.MemberNo, r.FamilyID, r.Date)
				}
				if len(fams) == 0 || fams[len(fams)-1] != r.FamilyID {
					fams = append(fams, r.FamilyID)
				}
			}
			children, err := tx.memberChildren(ctx, fams)
			if err != nil {
				return err
			}
			n, err := tx.createChildren(ctx, chunk, children, dry)
			if err != nil {
				return err
			}
			res.ChildrenCreated += n
			var existing map[measurementKey]storedMeasurement
			if !empty {
				var ids []string
				var last int64
				for i := range chunk {
					c := children[memberKey(chunk[i].FamilyID, chunk[i].MemberNo)]
					if !c.created && c.id != last {
						ids = append(ids, strconv.FormatInt(c.id, 10))
						last = c.id
					}
				}
				if existing, err = tx.memberMeasurements(ctx, ids); err != nil {
					return err
				}
			}
			for i := range chunk {
				r := &chunk[i]
				res.Read++
				c := children[memberKey(r.FamilyID, r.MemberNo)]
				m := &r.Measurement
				m.ChildID = c.id
				m.AgeDays = c.birth.DaysUntil(m.Date)
				old, ok := existing[measurementKey{c.id, m.Date}]
				switch {
				case !ok:
					res.Inserted++
				case old.hash != measurementHash(m):
					res.Updated++
				default:
					res.Unchanged++
					continue
				}
				if opt.DryRun {
					continue
				}
				touched.add(r.FamilyID)
				z := m.Z
				if ok {
					err = w.update(ctx, old.id, m.AgeDays, m.WeightKg, m.LenHeiCm, m.Measure, m.Oedema, m.HeadCm, m.ArmCm,
						m.Posyandu, z.LenHeiCm, z.BMI, z.Len, z.Wei, z.Wfl, z.BMIz, z.HC, z.AC, z.FLen, z.FWei, z.FWfl, z.FBMI,
						z.FHC, z.FAC)
				} else {
					err = w.insert(ctx, c.village, provinceOf(c.village), m.ChildID, m.Date, m.AgeDays, m.WeightKg, m.LenHeiCm, m.Measure, m.Oedema, m.HeadCm,
						m.ArmCm, m.Posyandu, z.LenHeiCm, z.BMI, z.Len, z.Wei, z.Wfl, z.BMIz, z.HC, z.AC, z.FLen, z.FWei, z.FWfl,
						z.FBMI, z.FHC, z.FAC, tx.Now, tx.By)
				}
				if err != nil {
					return fmt.Errorf("import measurements: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if opt.DryRun {
			return nil
		}
		if err := w.flush(ctx); err != nil {
			return fmt.Errorf("import measurements: %w", err)
		}
		if err := rebuild(ctx); err != nil {
			return err
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
	id      int64
	birth   kampungkb.Date
	village string
	created bool // by this chunk: no measurements stored yet
}

type measurementKey struct {
	child int64
	date  kampungkb.Date
}

type storedMeasurement struct {
	hash uint64
	id   int64
}

// memberChildren returns the child records linked to members of families
// (the first one of a member), by member key.
func (tx *Tx) memberChildren(ctx context.Context, fams []string) (map[string]memberChild, error) {
	in, args := inList(fams)
	rows, err := tx.query(ctx, `SELECT id, family_id, member_no, birth_date, village_code FROM children
		WHERE family_id IN `+in+` AND member_no IS NOT NULL ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]memberChild, pipeChunk)
	for rows.Next() {
		var c memberChild
		var fid string
		var no int
		if err := rows.Scan(&c.id, &fid, &no, &c.birth, &c.village); err != nil {
			return nil, err
		}
		if _, dup := out[memberKey(fid, no)]; !dup {
			out[memberKey(fid, no)] = c
		}
	}
	return out, rows.Err()
}

// childBatch is the number of children created in one statement.
const childBatch = 256

// childArgs is the number of arguments of a child record that
// createChildren inserts.
const childArgs = 13

// createChildren creates the child records of the chunk's members that
// have none (children gets them) and returns how many. A dry run (dry not
// nil) counts them with made-up negative ids and remembers them in dry, as
// the database remembers the children an import creates.
func (tx *Tx) createChildren(ctx context.Context, chunk []MeasurementRow, children map[string]memberChild, dry map[string]memberChild) (int, error) {
	var missing []string // member keys
	var fams []string
	for i := range chunk {
		k := memberKey(chunk[i].FamilyID, chunk[i].MemberNo)
		if _, ok := children[k]; ok {
			continue
		}
		if c, ok := dry[k]; ok {
			children[k] = c
			continue
		}
		children[k] = memberChild{created: true} // filled in below
		missing = append(missing, k)
		if len(fams) == 0 || fams[len(fams)-1] != chunk[i].FamilyID {
			fams = append(fams, chunk[i].FamilyID)
		}
	}
	if len(missing) == 0 {
		return 0, nil
	}
	members, err := tx.childrenFromMembers(ctx, fams)
	if err != nil {
		return 0, err
	}
	var args []any
	var keys []string
	insert := func() error {
		n := len(keys)
		if n == 0 {
			return nil
		}
		rows, err := tx.query(ctx, `INSERT INTO children (name, sex, birth_date, mother_name, village_code, province_code, family_id, member_no,
			archived, version, created_at, updated_at, created_by, updated_by) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?), ", n), ", ")+
			` RETURNING id, family_id, member_no`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var fid string
			var no int
			if err := rows.Scan(&id, &fid, &no); err != nil {
				return err
			}
			k := memberKey(fid, no)
			c := children[k]
			c.id = id
			children[k] = c
		}
		args, keys = args[:0], keys[:0]
		return rows.Err()
	}
	for _, k := range missing {
		c, ok := members[k]
		if !ok {
			fid, no, _ := strings.Cut(k, "\x00")
			return 0, kampungkb.Errorf(kampungkb.Invalid, "Anggota %s keluarga %s tidak ada: impor members.csv dulu.", no, fid)
		}
		if dry != nil {
			c := memberChild{id: -int64(len(dry) + 1), birth: c.BirthDate, village: c.VillageCode, created: true}
			children[k], dry[k] = c, c
			continue
		}
		children[k] = memberChild{birth: c.BirthDate, village: c.VillageCode, created: true}
		args = append(args, c.Name, c.Sex, c.BirthDate, c.MotherName, c.VillageCode, provinceOf(c.VillageCode), c.FamilyID,
			c.MemberNo, false, tx.Now, tx.Now, tx.By, tx.By)
		keys = append(keys, k)
		// Batches of childBatch, then of powers of two: few statement
		// shapes (see inList).
		if len(keys) == childBatch {
			if err := insert(); err != nil {
				return 0, err
			}
		}
	}
	for len(keys) > 0 {
		n := 1
		for n*2 <= len(keys) {
			n *= 2
		}
		restArgs, restKeys := append([]any(nil), args[n*childArgs:]...), append([]string(nil), keys[n:]...)
		args, keys = args[:n*childArgs], keys[:n]
		if err := insert(); err != nil {
			return 0, err
		}
		args, keys = restArgs, restKeys
	}
	return len(missing), nil
}

// childrenFromMembers returns the child records the members of families
// give, by member key: name, sex, birth date, the family's village, and
// for a child (anak) of the family the name of the first woman who is
// wife or head, as childFromMember does.
func (tx *Tx) childrenFromMembers(ctx context.Context, fams []string) (map[string]kampungkb.Child, error) {
	in, args := inList(fams)
	rows, err := tx.query(ctx, `SELECT m.family_id, m.member_no, m.name, m.sex, m.birth_date, f.village_code, m.relation
		FROM members m JOIN families f ON f.family_id = m.family_id WHERE m.family_id IN `+in+`
		ORDER BY m.family_id, m.member_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]kampungkb.Child{}
	mothers := map[string]string{}
	var anak []string
	for rows.Next() {
		var c kampungkb.Child
		var relation string
		if err := rows.Scan(&c.FamilyID, &c.MemberNo, &c.Name, &c.Sex, &c.BirthDate, &c.VillageCode, &relation); err != nil {
			return nil, err
		}
		k := memberKey(c.FamilyID, c.MemberNo)
		if _, dup := out[k]; dup {
			continue // a family listed twice
		}
		out[k] = c
		if _, ok := mothers[c.FamilyID]; !ok && c.Sex == "p" && (relation == "istri" || relation == "kepala") {
			mothers[c.FamilyID] = c.Name
		}
		if relation == "anak" {
			anak = append(anak, k)
		}
	}
	for _, k := range anak {
		c := out[k]
		c.MotherName = mothers[c.FamilyID]
		out[k] = c
	}
	return out, rows.Err()
}

// memberMeasurements returns the stored measurements of children (ids as
// text), by child and date (the first one of a day).
func (tx *Tx) memberMeasurements(ctx context.Context, childIDs []string) (map[measurementKey]storedMeasurement, error) {
	out := map[measurementKey]storedMeasurement{}
	if len(childIDs) == 0 {
		return out, nil
	}
	in, args := inList(childIDs)
	rows, err := tx.query(ctx, `SELECT id, child_id, date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu
		FROM measurements WHERE child_id IN `+in+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m kampungkb.Measurement
		if err := rows.Scan(&m.ID, &m.ChildID, &m.Date, &m.WeightKg, &m.LenHeiCm, &m.Measure, &m.Oedema, &m.HeadCm,
			&m.ArmCm, &m.Posyandu); err != nil {
			return nil, err
		}
		k := measurementKey{m.ChildID, m.Date}
		if _, dup := out[k]; !dup {
			out[k] = storedMeasurement{hash: measurementHash(&m), id: m.ID}
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
