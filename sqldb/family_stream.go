package sqldb

import (
	"context"
	"sync"

	"kampungkb"
)

// EachFamily calls fn for every family whose village lies in region (and
// the scope), with its members and, per member_no, the posyandu
// measurements of the member's child record (date order), reading three
// streams ordered by family_id: constant memory per
// family, whatever the number of families. Members carry only the fields
// the indicators read: no id, NIK, name or relation. Partner scopes see no families.
func (db *DB) EachFamily(ctx context.Context, region string, scope kampungkb.Scope,
	fn func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error) error {
	if scope.PartnerID != 0 {
		return nil
	}
	var w where
	for _, r := range []string{region, scope.Region} {
		if r != "" {
			cond, args := regionRange("f.village_code", r)
			w.add(cond, args...)
		}
	}
	// Three result sets are read side by side, so each needs its own
	// connection (PostgreSQL cannot interleave them on one): they come from
	// the reader pool, not one transaction. A report running while data are
	// imported may see part of an import; imports are one transaction each,
	// so it sees all or none of any one file.
	tx := db.read()
	{
		fams, err := tx.query(ctx, `SELECT `+familyCols+` FROM families f`+w.String()+` ORDER BY f.family_id`, w.args...)
		if err != nil {
			return err
		}
		defer fams.Close()
		// members and measurements in family_id order straight from their
		// indexes, filtered by membership of the region's families (a join
		// on the region would make the database sort 1.5 M rows)
		in := ""
		if len(w.conds) > 0 {
			in = ` WHERE m.family_id IN (SELECT f.family_id FROM families f` + w.String() + `)`
		}
		// only what the indicators read (no NIK, name or relation)
		mems, err := tx.query(ctx, `SELECT 0, m.family_id, m.member_no, '', '', m.sex, m.birth_date, '', m.marital_status,
			m.marriage_age, m.pregnant, m.children_born, m.last_birth_date, m.kb_method, m.kb_reason FROM members m`+in+
			` ORDER BY m.family_id, m.member_no`, w.args...)
		if err != nil {
			return err
		}
		defer mems.Close()
		meas, err := tx.query(ctx, `SELECT f.family_id, c.member_no, ms.date, ms.zlen, ms.flen FROM measurements ms
			JOIN children c ON c.id = ms.child_id JOIN families f ON f.family_id = c.family_id`+w.String()+
			` ORDER BY f.family_id, c.member_no, ms.date, ms.id`, w.args...)
		_ = in
		if err != nil {
			return err
		}
		defer meas.Close()

		// Members are the largest stream: a goroutine reads and scans them
		// while this one computes, so that the report uses both cores.
		type memberItem struct {
			m   kampungkb.Member
			err error
		}
		memberCh := make(chan memberItem, 4096)
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(memberCh)
			for mems.Next() {
				m, err := scanMember(mems)
				select {
				case memberCh <- memberItem{m, err}:
				case <-done:
					return
				}
				if err != nil {
					return
				}
			}
			if err := mems.Err(); err != nil {
				select {
				case memberCh <- memberItem{err: err}:
				case <-done:
				}
			}
		}()
		defer func() { close(done); wg.Wait() }()

		var nextMember *kampungkb.Member
		var nextMeas *struct {
			fam string
			no  int
			m   kampungkb.Measurement
		}
		readMember := func() error {
			nextMember = nil
			it, ok := <-memberCh
			if !ok {
				return nil
			}
			if it.err != nil {
				return it.err
			}
			nextMember = &it.m
			return nil
		}
		readMeas := func() error {
			nextMeas = nil
			if meas.Next() {
				var x struct {
					fam string
					no  int
					m   kampungkb.Measurement
				}
				if err := meas.Scan(&x.fam, &x.no, &x.m.Date, &x.m.Z.Len, &x.m.Z.FLen); err != nil {
					return err
				}
				nextMeas = &x
			}
			return meas.Err()
		}
		if err := readMember(); err != nil {
			return err
		}
		if err := readMeas(); err != nil {
			return err
		}
		for fams.Next() {
			f, err := scanFamily(fams)
			if err != nil {
				return err
			}
			var members []kampungkb.Member
			for nextMember != nil && nextMember.FamilyID <= f.FamilyID {
				if nextMember.FamilyID == f.FamilyID {
					members = append(members, *nextMember)
				}
				if err := readMember(); err != nil {
					return err
				}
			}
			var ms map[int][]kampungkb.Measurement
			for nextMeas != nil && nextMeas.fam <= f.FamilyID {
				if nextMeas.fam == f.FamilyID {
					if ms == nil {
						ms = map[int][]kampungkb.Measurement{}
					}
					ms[nextMeas.no] = append(ms[nextMeas.no], nextMeas.m)
				}
				if err := readMeas(); err != nil {
					return err
				}
			}
			if err := fn(f, members, ms); err != nil {
				return err
			}
		}
		return fams.Err()
	}
}
