package sqldb

import (
	"context"
	"strings"

	"kampungkb"
)

// This file applies a kampungkb.Scope to lists, reports and single
// records. The web layer decides the scope from the acting user; storage
// only adds the conditions, the same ones everywhere, so that a list, a
// report and a record's own page never disagree about what is in scope.
// Subqueries use aliases starting with "s" so that they never capture an
// outer query's alias.

// scopeSQL is a scope made ready for SQL: the region code and, for a
// partner user, the ids of the organisation and its units.
type scopeSQL struct {
	region    string
	byPartner bool
	partners  []int64
}

// resolveScope looks up the units of the scope's partner.
func (tx *Tx) resolveScope(ctx context.Context, s kampungkb.Scope) (scopeSQL, error) {
	sc := scopeSQL{region: s.Region}
	if code, _, ok := kampungkb.NormalizeRegionCode(s.Region); ok {
		sc.region = code
	}
	if s.PartnerID == 0 {
		return sc, nil
	}
	sc.byPartner = true
	if s.PartnerID < 0 {
		return sc, nil
	}
	rows, err := tx.query(ctx, `WITH RECURSIVE units(id) AS (
			SELECT id FROM partners WHERE id = ?
			UNION SELECT p.id FROM partners p JOIN units u ON p.parent_id = u.id)
		SELECT id FROM units`, s.PartnerID)
	if err != nil {
		return sc, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return sc, err
		}
		sc.partners = append(sc.partners, id)
	}
	return sc, rows.Err()
}

// scopeOf resolves s outside a transaction (for lists read without one).
func (db *DB) scopeOf(ctx context.Context, s kampungkb.Scope) (scopeSQL, error) {
	if s.Unrestricted() {
		return scopeSQL{}, nil
	}
	return db.read().resolveScope(ctx, s)
}

// and returns the conditions of w each preceded by AND, to extend a WHERE
// clause already written ("" when there are none).
func (w *where) and() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(w.conds, " AND ")
}

// unrestricted reports whether the scope sees everything.
func (sc scopeSQL) unrestricted() bool { return sc.region == "" && !sc.byPartner }

// partnerIn returns "col IN (ids)" for the scope's partners, or a false
// condition when there are none.
func (sc scopeSQL) partnerIn(col string) (string, []any) {
	if len(sc.partners) == 0 {
		return "1 = 0", nil
	}
	in, args := inIDs(sc.partners)
	return col + " IN (" + in + ")", args
}

// kampung adds the conditions keeping the Kampung KB whose id is in idCol
// and village in villageCol: in the region, and reached by the partner
// (an activity it took part in, or a contribution of it to the Kampung KB
// or to an activity there).
func (sc scopeSQL) kampung(w *where, idCol, villageCol string) {
	if sc.region != "" {
		cond, args := regionRange(villageCol, sc.region)
		w.add(cond, args...)
	}
	if sc.byPartner {
		p1, a1 := sc.partnerIn("sap.partner_id")
		p2, a2 := sc.partnerIn("sc.partner_id")
		args := append(append(append([]any{}, a1...), a2...), a2...)
		w.add(`(`+idCol+` IN (SELECT sak.kampung_id FROM activity_kampung sak
				JOIN activity_partners sap ON sap.activity_id = sak.activity_id WHERE `+p1+`)
			OR `+idCol+` IN (SELECT sc.kampung_id FROM contributions sc WHERE sc.kampung_id IS NOT NULL AND `+p2+`)
			OR `+idCol+` IN (SELECT sak.kampung_id FROM contributions sc JOIN activity_kampung sak ON sak.activity_id = sc.activity_id
				WHERE sc.kampung_id IS NULL AND `+p2+`))`, args...)
	}
}

// activity adds the conditions keeping the activities whose id is in
// idCol: with a Kampung KB in the region, and with the partner taking part
// or contributing.
func (sc scopeSQL) activity(w *where, idCol string) {
	if sc.region != "" {
		cond, args := regionRange("sk.village_code", sc.region)
		w.add(idCol+` IN (SELECT sak.activity_id FROM activity_kampung sak JOIN kampung sk ON sk.id = sak.kampung_id
			WHERE `+cond+`)`, args...)
	}
	if sc.byPartner {
		p1, a1 := sc.partnerIn("sap.partner_id")
		p2, a2 := sc.partnerIn("sc.partner_id")
		w.add(`(`+idCol+` IN (SELECT sap.activity_id FROM activity_partners sap WHERE `+p1+`)
			OR `+idCol+` IN (SELECT sc.activity_id FROM contributions sc WHERE sc.activity_id IS NOT NULL AND `+p2+`))`,
			append(append([]any{}, a1...), a2...)...)
	}
}

// contribution adds the conditions keeping the contributions of alias c:
// lying in a Kampung KB of the region (see contributionInRegion), and of
// the partner.
func (sc scopeSQL) contribution(w *where, alias string) {
	if sc.region != "" {
		cond, args := contributionInRegionOf(alias, sc.region)
		w.add(cond, args...)
	}
	if sc.byPartner {
		cond, args := sc.partnerIn(alias + ".partner_id")
		w.add(cond, args...)
	}
}

// agreement adds the conditions keeping the agreements whose id is in
// idCol: with a party located in the region, above or below it (the rule
// of the agreements' region filter), and with the partner as a party.
func (sc scopeSQL) agreement(w *where, idCol string) {
	if sc.region != "" {
		cond, args := agreementInRegion(idCol, sc.region)
		w.add(cond, args...)
	}
	if sc.byPartner {
		p, args := sc.partnerIn("sap.partner_id")
		w.add(`EXISTS (SELECT 1 FROM agreement_parties sap WHERE sap.agreement_id = `+idCol+` AND `+p+`)`, args...)
	}
}

// partner adds the condition keeping the partners whose id is in idCol:
// for a partner user, its organisation and units. Partners are reference
// data otherwise, whatever the region.
func (sc scopeSQL) partner(w *where, idCol string) {
	if sc.byPartner {
		cond, args := sc.partnerIn(idCol)
		w.add(cond, args...)
	}
}

// agreementInRegion returns the condition that the agreement whose id is
// in idCol has a party located in region, above it or below it: a
// government party's region, a party Kampung KB's village, or a region
// where a party partner works.
func agreementInRegion(idCol, region string) (string, []any) {
	inParty, args1 := agreementRegionCond("sx.region_code", region)
	inKampung, args2 := agreementRegionCond("sxk.village_code", region)
	inPartner, args3 := agreementRegionCond("sxr.region_code", region)
	args := append(append(args1, args2...), args3...)
	return `EXISTS (SELECT 1 FROM agreement_parties sx LEFT JOIN kampung sxk ON sxk.id = sx.kampung_id
			WHERE sx.agreement_id = ` + idCol + ` AND (` + inParty + ` OR ` + inKampung + `
				OR EXISTS (SELECT 1 FROM partner_regions sxr WHERE sxr.partner_id = sx.partner_id AND ` + inPartner + `)))`, args
}

// contributionInRegionOf is contributionInRegion for the contributions of
// alias.
func contributionInRegionOf(alias, region string) (string, []any) {
	cond, args := regionRange("sk2.village_code", region)
	return `(` + alias + `.kampung_id IN (SELECT sk2.id FROM kampung sk2 WHERE ` + cond + `)
		OR ` + alias + `.kampung_id IS NULL AND ` + alias + `.activity_id IN (SELECT sak2.activity_id FROM activity_kampung sak2
			JOIN kampung sk2 ON sk2.id = sak2.kampung_id WHERE ` + cond + `))`, append(args, args...)
}

// Entities whose records a scope can hold, for InScope.
const (
	EntityPartner      = "partner"
	EntityKampung      = "kampung"
	EntityAgreement    = "agreement"
	EntityActivity     = "activity"
	EntityContribution = "contribution"
)

// entityTables are the table, the name used in "not found" messages and
// the scope condition of each entity (alias x).
var entityTables = map[string]struct {
	table, what string
	cond        func(sc scopeSQL, w *where)
}{
	EntityPartner:      {"partners", "Mitra", func(sc scopeSQL, w *where) { sc.partner(w, "x.id") }},
	EntityKampung:      {"kampung", "Kampung KB", func(sc scopeSQL, w *where) { sc.kampung(w, "x.id", "x.village_code") }},
	EntityAgreement:    {"agreements", "Perjanjian", func(sc scopeSQL, w *where) { sc.agreement(w, "x.id") }},
	EntityActivity:     {"activities", "Kegiatan", func(sc scopeSQL, w *where) { sc.activity(w, "x.id") }},
	EntityContribution: {"contributions", "Kontribusi", func(sc scopeSQL, w *where) { sc.contribution(w, "x") }},
}

// InScope returns nil when record id of entity (EntityKampung, ...) lies
// in scope s, and otherwise the NotFound error a missing record gives, word
// for word, so that an answer never tells a record outside the scope from
// one that does not exist.
func (db *DB) InScope(ctx context.Context, entity string, id int64, s kampungkb.Scope) error {
	e, ok := entityTables[entity]
	if !ok {
		return kampungkb.Errorf(kampungkb.Internal, "scope: unknown entity %q", entity)
	}
	if s.Unrestricted() {
		return nil
	}
	var n int
	err := db.readTx(ctx, func(tx *Tx) error {
		sc, err := tx.resolveScope(ctx, s)
		if err != nil {
			return err
		}
		var w where
		w.add(`x.id = ?`, id)
		e.cond(sc, &w)
		return tx.queryRow(ctx, `SELECT count(*) FROM `+e.table+` x`+w.String(), w.args...).Scan(&n)
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(e.what, id)
	}
	return nil
}

// FileOwner returns the record a stored file belongs to: an agreement
// (document), an activity (photo) or a Kampung KB (photo), as an entity
// name and id. A file that belongs to none has entity "". A missing file
// is NotFound.
func (db *DB) FileOwner(ctx context.Context, fileID int64) (entity string, id int64, err error) {
	err = db.readTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM files WHERE id = ?`, fileID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("Berkas", fileID)
		}
		for _, o := range []struct{ entity, q string }{
			{EntityAgreement, `SELECT agreement_id FROM agreement_documents WHERE file_id = ?`},
			{EntityActivity, `SELECT activity_id FROM activity_photos WHERE file_id = ?`},
			{EntityKampung, `SELECT id FROM kampung WHERE photo_file_id = ?`},
		} {
			var owner int64
			err := tx.queryRow(ctx, o.q+` ORDER BY 1 LIMIT 1`, fileID).Scan(&owner)
			if err == nil {
				entity, id = o.entity, owner
				return nil
			}
			if kampungkb.ErrorKind(classify(err)) != kampungkb.NotFound {
				return err
			}
		}
		return nil
	})
	return entity, id, err
}

// Place is where a record lies, for checks of the capture scope: a
// Kampung KB's id, name and village code.
type Place struct {
	ID      int64
	Name    string
	Village string
}

// KampungPlaces returns the id, name and village of the Kampung KB ids
// that exist (archived ones too), by id.
func (db *DB) KampungPlaces(ctx context.Context, ids []int64) (map[int64]Place, error) {
	out := map[int64]Place{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inIDs(ids)
	rows, err := db.read().query(ctx, `SELECT id, name, village_code FROM kampung WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Name, &p.Village); err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// ActivityKampungIDs returns the Kampung KB of activity id (none when the
// activity does not exist).
func (db *DB) ActivityKampungIDs(ctx context.Context, id int64) ([]int64, error) {
	return column[int64](ctx, db.read(), `SELECT kampung_id FROM activity_kampung WHERE activity_id = ? ORDER BY kampung_id`, id)
}

// ActivityAttendees returns the named attendees of the activities ids, by
// activity, in their order (for exports with personal data).
func (db *DB) ActivityAttendees(ctx context.Context, ids []int64) (map[int64][]kampungkb.Attendee, error) {
	out := map[int64][]kampungkb.Attendee{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inIDs(ids)
	rows, err := db.read().query(ctx, `SELECT activity_id, name, sex, role FROM activity_attendees
		WHERE activity_id IN (`+in+`) ORDER BY activity_id, position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var x kampungkb.Attendee
		if err := rows.Scan(&id, &x.Name, &x.Sex, &x.Role); err != nil {
			return nil, err
		}
		out[id] = append(out[id], x)
	}
	return out, rows.Err()
}

// intersectRegion returns the narrower of a report's region and the
// scope's region when one lies in the other; ok is false when they are
// disjoint (the report then holds nothing).
func intersectRegion(region, scope string) (string, bool) {
	switch {
	case kampungkb.InRegion(region, scope):
		return region, true
	case kampungkb.InRegion(scope, region):
		return scope, true
	}
	return strings.TrimSpace(region), false
}
