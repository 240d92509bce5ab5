package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"kampungkb"
)

const memberCols = `m.id, m.family_id, m.member_no, m.nik, m.name, m.sex, m.birth_date, m.relation, m.marital_status,
	m.marriage_age, m.pregnant, m.children_born, m.last_birth_date, m.kb_method, m.kb_reason`

func scanMember(s interface{ Scan(...any) error }) (kampungkb.Member, error) {
	var m kampungkb.Member
	var marriage, born sql.NullInt64
	var pregnant sql.NullBool
	err := s.Scan(&m.ID, &m.FamilyID, &m.MemberNo, &m.NIK, &m.Name, &m.Sex, &m.BirthDate, &m.Relation, &m.MaritalStatus,
		&marriage, &pregnant, &born, &m.LastBirthDate, &m.KBMethod, &m.KBReason)
	if marriage.Valid {
		n := int(marriage.Int64)
		m.MarriageAge = &n
	}
	if born.Valid {
		n := int(born.Int64)
		m.ChildrenBorn = &n
	}
	if pregnant.Valid {
		b := pregnant.Bool
		m.Pregnant = &b
	}
	return m, err
}

const familyCols = `f.id, f.family_id, f.no_kk, f.village_code, f.dusun, f.rw, f.rt, f.address, f.water_source, f.toilet,
	COALESCE(f.welfare_decile, 0), f.version, f.created_at, f.updated_at, f.created_by, f.updated_by`

func scanFamily(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Family, error) {
	var f kampungkb.Family
	dest := []any{&f.ID, &f.FamilyID, &f.NoKK, &f.VillageCode, &f.Dusun, &f.RW, &f.RT, &f.Address, &f.WaterSource,
		&f.Toilet, &f.WelfareDecile, &f.Version, &f.CreatedAt, &f.UpdatedAt, &f.CreatedBy, &f.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return f, err
}

// Family returns a family with its members (by member_no), by the
// source's family_id.
func (db *DB) Family(ctx context.Context, familyID string) (kampungkb.Family, error) {
	var f kampungkb.Family
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		if f, err = tx.familyByKey(ctx, familyID); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+memberCols+` FROM members m WHERE m.family_id = ? ORDER BY m.member_no`, familyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMember(rows)
			if err != nil {
				return err
			}
			f.Members = append(f.Members, m)
		}
		return rows.Err()
	})
	return f, err
}

// FamilyRecord returns a family's own record without its members (for
// checks before a change: its village and version).
func (db *DB) FamilyRecord(ctx context.Context, familyID string) (kampungkb.Family, error) {
	return db.read().familyByKey(ctx, familyID)
}

// Families lists families (without their members): Region and the scope
// keep families of villages in the region; Dusun, RW and RT select by
// address (exact, case-insensitive); Q finds a family by family_id or
// No. KK, or by a member's NIK (exact) or name (contains). Partner users
// never see families: they are personal data (domain.md §11, note 10).
func (db *DB) Families(ctx context.Context, f kampungkb.Filter) ([]kampungkb.Family, int, error) {
	if f.Scope.PartnerID != 0 {
		return nil, 0, nil
	}
	var w, inRegion where // inRegion: the region conditions on families v
	for _, r := range []string{f.Scope.Region, f.Region} {
		if r != "" {
			cond, args := regionRange("f.village_code", r)
			w.add(cond, args...)
			cond, args = regionRange("v.village_code", r)
			inRegion.add(cond, args...)
		}
	}
	for _, c := range []struct{ col, v string }{{"f.dusun", f.Dusun}, {"f.rw", f.RW}, {"f.rt", f.RT}} {
		if v := strings.TrimSpace(c.v); v != "" {
			w.add(`lower(`+c.col+`) = lower(?)`, v)
		}
	}
	// A search is one IN over the keys of the matching families, computed
	// once, not a condition asked of every family (EXISTS, or OR-ed
	// conditions): PostgreSQL answered those by scanning every member of
	// the database (a hashed subplan) or every family in index order
	// (measured on PostgreSQL, the largest village of Lombok Timur, 5,677
	// families: by name 264 -> 31 ms, by NIK 107 -> 0.3 ms). SQLite plans
	// both the same way. No extra index is needed: one on members
	// (family_id, lower(name)) was tried and neither planner chose it.
	if q := strings.TrimSpace(f.Q); q != "" {
		if kampungkb.IsNIK(q) {
			w.add(`f.family_id IN (SELECT k.family_id FROM families k WHERE k.no_kk = ? OR k.family_id = ?
				UNION SELECT m.family_id FROM members m WHERE m.nik = ?)`, q, q, q)
		} else {
			// names: the members of the region's families (index
			// members_family_name), as no index can find '%words%'
			inRegion.add(`lower(m.name) LIKE ? ESCAPE '\'`, likeQ(q))
			w.add(`f.family_id IN (SELECT k.family_id FROM families k WHERE k.family_id = ?
				UNION SELECT m.family_id FROM families v JOIN members m ON m.family_id = v.family_id`+inRegion.String()+`)`,
				append([]any{q}, inRegion.args...)...)
		}
	}
	limit, offset := f.Page()
	rows, err := db.read().query(ctx, `SELECT `+familyCols+`, count(*) OVER() FROM families f`+w.String()+
		` ORDER BY f.village_code, f.dusun, f.rw, f.rt, f.family_id LIMIT ? OFFSET ?`, append(w.args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []kampungkb.Family
	total := 0
	for rows.Next() {
		fam, err := scanFamily(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, fam)
	}
	return out, total, rows.Err()
}

// FamilyVillages returns the family_id of every family with its village
// code (for import checks: a members file may only name known families).
func (db *DB) FamilyVillages(ctx context.Context) (map[string]string, error) {
	rows, err := db.read().query(ctx, `SELECT family_id, village_code FROM families`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		m[id] = v
	}
	return m, rows.Err()
}

// lookAhead is the number of rows FamilyLookup and MemberLookup read at a
// time: one query serves the next few hundred families of a file sorted
// by family_id, as the files of gen and of most exports are.
const lookAhead = 5000

// FamilyLookup returns a function that finds a family's village for a
// members import without loading every family: on a miss it reads the
// next lookAhead families in family_id order from the one asked for, so a
// file sorted by family costs one query per lookAhead families (any other
// order stays right, with more queries). ok is false for an unknown
// family.
func (db *DB) FamilyLookup(ctx context.Context) func(familyID string) (village string, ok bool, err error) {
	return db.read().familyLookup(ctx)
}

// familyLookup is FamilyLookup on t.
func (t *Tx) familyLookup(ctx context.Context) func(familyID string) (village string, ok bool, err error) {
	cache := map[string]string{}
	return func(familyID string) (string, bool, error) {
		if v, ok := cache[familyID]; ok {
			return v, true, nil
		}
		rows, err := t.query(ctx, `SELECT family_id, village_code FROM families WHERE family_id >= ?
			ORDER BY family_id LIMIT ?`, familyID, lookAhead)
		if err != nil {
			return "", false, err
		}
		defer rows.Close()
		clear(cache)
		for rows.Next() {
			var id, v string
			if err := rows.Scan(&id, &v); err != nil {
				return "", false, err
			}
			cache[id] = v
		}
		v, ok := cache[familyID]
		return v, ok, rows.Err()
	}
}

// MemberLookup returns a function that finds a member as a child record
// (name, sex, birth date, the family's village) for a measurements import,
// reading ahead like FamilyLookup: the members of the next families in
// family_id order, lookAhead members at a time. ok is false for an
// unknown member.
func (db *DB) MemberLookup(ctx context.Context) func(familyID string, memberNo int) (c kampungkb.Child, ok bool, err error) {
	cache := map[string]map[int]kampungkb.Child{} // complete families only
	read := func(familyID string, limit int) error {
		q := `SELECT m.family_id, m.member_no, m.name, m.sex, m.birth_date, f.village_code
			FROM members m JOIN families f ON f.family_id = m.family_id WHERE m.family_id >= ? AND f.family_id >= ?
			ORDER BY m.family_id, m.member_no`
		// The second condition is the first one again, for PostgreSQL's
		// merge join: without it the scan of families starts at the first
		// family (626 ms instead of 0.8 at the end of NTB).
		args := []any{familyID, familyID}
		if limit > 0 {
			q += ` LIMIT ?`
			args = append(args, limit)
		} else {
			q = strings.ReplaceAll(q, ">=", "=")
		}
		rows, err := db.read().query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		clear(cache)
		n, last := 0, ""
		for rows.Next() {
			var c kampungkb.Child
			if err := rows.Scan(&c.FamilyID, &c.MemberNo, &c.Name, &c.Sex, &c.BirthDate, &c.VillageCode); err != nil {
				return err
			}
			f := cache[c.FamilyID]
			if f == nil {
				f = map[int]kampungkb.Child{}
				cache[c.FamilyID] = f
			}
			f[c.MemberNo] = c
			n, last = n+1, c.FamilyID
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if limit > 0 && n == limit {
			delete(cache, last) // may be cut short
		}
		return nil
	}
	return func(familyID string, memberNo int) (kampungkb.Child, bool, error) {
		f, ok := cache[familyID]
		if !ok {
			if err := read(familyID, lookAhead); err != nil {
				return kampungkb.Child{}, false, err
			}
			if f, ok = cache[familyID]; !ok {
				// Unknown, or a family of more than lookAhead members.
				if err := read(familyID, 0); err != nil {
					return kampungkb.Child{}, false, err
				}
				f = cache[familyID]
			}
		}
		c, ok := f[memberNo]
		return c, ok, nil
	}
}
