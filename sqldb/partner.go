package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kampungkb"
)

// CreatePartner validates and stores a new partner, setting its ID and Meta.
func (db *DB) CreatePartner(ctx context.Context, m *kampungkb.Partner) error {
	p, err := problemsOf(m.Validate())
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkPartnerRefs(ctx, m, p); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO partners (name, category, parent_id, institution, address, phone, email,
			website, notes, archived, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			m.Name, m.Category, nullID(m.ParentID), m.Institution, m.Address, m.Phone, m.Email, m.Website, m.Notes,
			m.Archived, tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			return err
		}
		m.ID = id
		m.Meta = kampungkb.Meta{Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now, CreatedBy: tx.By, UpdatedBy: tx.By}
		if err := tx.writePartnerChildren(ctx, m); err != nil {
			return err
		}
		after, err := tx.partner(ctx, id)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "create", "partner", id, after.Name, nil, after)
	})
}

// UpdatePartner validates and stores changes to a partner. When m.Version
// is set it must match the stored version (else Conflict: someone else
// saved in between); the version then increases.
func (db *DB) UpdatePartner(ctx context.Context, m *kampungkb.Partner) error {
	p, err := problemsOf(m.Validate())
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkPartnerRefs(ctx, m, p); err != nil {
			return err
		}
		before, err := tx.partner(ctx, m.ID)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "partners", "Mitra", m.ID, m.Version); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE partners SET name = ?, category = ?, parent_id = ?, institution = ?, address = ?,
			phone = ?, email = ?, website = ?, notes = ?, archived = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			m.Name, m.Category, nullID(m.ParentID), m.Institution, m.Address, m.Phone, m.Email, m.Website, m.Notes,
			m.Archived, tx.Now, tx.By, m.ID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM partner_regions WHERE partner_id = ?`, m.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM partner_contacts WHERE partner_id = ?`, m.ID); err != nil {
			return err
		}
		if err := tx.writePartnerChildren(ctx, m); err != nil {
			return err
		}
		if err := tx.metaInto(ctx, "partners", m.ID, &m.Meta); err != nil {
			return err
		}
		after, err := tx.partner(ctx, m.ID)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "update", "partner", m.ID, after.Name, before, after)
	})
}

// bumpVersion increases the version of row id in table, checking the
// expected version when it is not 0.
func (tx *Tx) bumpVersion(ctx context.Context, table, what string, id int64, expect int) error {
	var cur int
	if err := tx.queryRow(ctx, `SELECT version FROM `+table+` WHERE id = ?`, id).Scan(&cur); err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return notFound(what, id)
		}
		return err
	}
	if expect != 0 && cur != expect {
		return &kampungkb.Error{Kind: kampungkb.Conflict, Message: fmt.Sprintf(
			"%s ini sudah diubah orang lain sejak Anda membukanya (versi %d, sekarang %d). Muat ulang halaman, lalu ulangi perubahan Anda.",
			what, expect, cur)}
	}
	_, err := tx.exec(ctx, `UPDATE `+table+` SET version = version + 1 WHERE id = ?`, id)
	return err
}

// metaInto reads the bookkeeping columns of row id.
func (tx *Tx) metaInto(ctx context.Context, table string, id int64, m *kampungkb.Meta) error {
	return tx.queryRow(ctx, `SELECT version, created_at, updated_at, created_by, updated_by FROM `+table+` WHERE id = ?`, id).
		Scan(&m.Version, &m.CreatedAt, &m.UpdatedAt, &m.CreatedBy, &m.UpdatedBy)
}

// checkPartnerRefs adds to p the problems of references (parent, regions)
// and returns p as an error when it has any.
func (tx *Tx) checkPartnerRefs(ctx context.Context, m *kampungkb.Partner, p kampungkb.Problems) error {
	if m.ParentID != 0 {
		// The parent must exist and must not be the partner or one of its
		// descendants (no cycles).
		id := m.ParentID
		for depth := 0; id != 0; depth++ {
			if m.ID != 0 && id == m.ID {
				p.Add("parent_id", "Induk tidak boleh mitra ini sendiri atau salah satu unitnya.")
				break
			}
			var parent *int64
			if err := tx.queryRow(ctx, `SELECT parent_id FROM partners WHERE id = ?`, id).Scan(&parent); err != nil {
				if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
					p.Add("parent_id", fmt.Sprintf("Mitra induk %d tidak ditemukan.", id))
					break
				}
				return err
			}
			if parent == nil || depth > 50 {
				break
			}
			id = *parent
		}
	}
	if err := tx.checkRegions(ctx, &p, "regions", m.Regions); err != nil {
		return err
	}
	return p.Err("mitra")
}

// checkRegions adds a problem for field when a code is not a known region.
func (tx *Tx) checkRegions(ctx context.Context, p *kampungkb.Problems, field string, codes []string) error {
	for _, c := range codes {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM regions WHERE code = ?`, c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			p.Add(field, "Wilayah "+c+" tidak dikenal. Impor data wilayah dulu atau periksa kodenya.")
		}
	}
	return nil
}

func (tx *Tx) writePartnerChildren(ctx context.Context, m *kampungkb.Partner) error {
	for _, r := range m.Regions {
		if _, err := tx.exec(ctx, `INSERT INTO partner_regions (partner_id, region_code) VALUES (?, ?)`, m.ID, r); err != nil {
			return err
		}
	}
	for i, c := range m.Contacts {
		if _, err := tx.exec(ctx, `INSERT INTO partner_contacts (partner_id, position, name, role, phone, email) VALUES (?, ?, ?, ?, ?, ?)`,
			m.ID, i, c.Name, c.Position, c.Phone, c.Email); err != nil {
			return err
		}
	}
	return nil
}

const partnerCols = `p.id, p.name, p.category, COALESCE(p.parent_id, 0), COALESCE(pp.name, ''), p.institution, p.address,
	p.phone, p.email, p.website, p.notes, p.archived, p.version, p.created_at, p.updated_at, p.created_by, p.updated_by`

func scanPartner(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Partner, error) {
	var m kampungkb.Partner
	dest := []any{&m.ID, &m.Name, &m.Category, &m.ParentID, &m.ParentName, &m.Institution, &m.Address,
		&m.Phone, &m.Email, &m.Website, &m.Notes, &m.Archived, &m.Version, &m.CreatedAt, &m.UpdatedAt, &m.CreatedBy, &m.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return m, err
}

// Partner returns one partner with its regions, contacts and units.
func (db *DB) Partner(ctx context.Context, id int64) (kampungkb.Partner, error) {
	var m kampungkb.Partner
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		m, err = tx.partner(ctx, id)
		return err
	})
	return m, err
}

// partner reads one partner as DB.Partner returns it, inside tx (so that
// a change can record the partner as it was and as it is).
func (tx *Tx) partner(ctx context.Context, id int64) (kampungkb.Partner, error) {
	m, err := scanPartner(tx.queryRow(ctx, `SELECT `+partnerCols+` FROM partners p LEFT JOIN partners pp ON pp.id = p.parent_id WHERE p.id = ?`, id))
	if err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return m, notFound("Mitra", id)
		}
		return m, err
	}
	rows, err := tx.query(ctx, `SELECT r.code, r.name, r.level FROM partner_regions pr JOIN regions r ON r.code = pr.region_code
		WHERE pr.partner_id = ? ORDER BY r.code`, id)
	if err != nil {
		return m, err
	}
	for rows.Next() {
		var r kampungkb.Region
		var lv int
		if err := rows.Scan(&r.Code, &r.Name, &lv); err != nil {
			rows.Close()
			return m, err
		}
		r.Level = kampungkb.Level(lv)
		r.ParentCode = kampungkb.ParentRegionCode(r.Code)
		m.Regions = append(m.Regions, r.Code)
		m.RegionNames = append(m.RegionNames, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m, err
	}
	rows, err = tx.query(ctx, `SELECT name, role, phone, email FROM partner_contacts WHERE partner_id = ? ORDER BY position`, id)
	if err != nil {
		return m, err
	}
	for rows.Next() {
		var c kampungkb.Contact
		if err := rows.Scan(&c.Name, &c.Position, &c.Phone, &c.Email); err != nil {
			rows.Close()
			return m, err
		}
		m.Contacts = append(m.Contacts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m, err
	}
	m.Children, err = tx.refs(ctx, `SELECT id, name FROM partners WHERE parent_id = ? ORDER BY name`, id)
	return m, err
}

// refs runs a query returning (id, name) rows.
func (tx *Tx) refs(ctx context.Context, q string, args ...any) ([]kampungkb.Ref, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Ref
	for rows.Next() {
		var r kampungkb.Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PartnerRow is a partner in a list, with its counts.
type PartnerRow struct {
	kampungkb.Partner
	Agreements    int   `json:"agreement_count"`
	Activities    int   `json:"activity_count"`
	Contributions int64 `json:"contribution_total"`
}

// Partners lists partners: Q searches names, Category filters the
// category, Region keeps partners working in, above or below that region,
// archived ones only when Archived is set.
//
// Scope keeps, for a partner user, its organisation and units; the counts
// of every row include only the agreements, activities and contributions
// in scope.
func (db *DB) Partners(ctx context.Context, f kampungkb.Filter) ([]PartnerRow, int, error) {
	sc, err := db.scopeOf(ctx, f.Scope)
	if err != nil {
		return nil, 0, err
	}
	var w where
	sc.partner(&w, "p.id")
	if !f.Archived {
		w.add(`NOT p.archived`)
	}
	if f.Q != "" {
		w.add(`(lower(p.name) LIKE ? ESCAPE '\' OR lower(COALESCE(pp.name, '')) LIKE ? ESCAPE '\')`, likeQ(f.Q), likeQ(f.Q))
	}
	if f.Category != "" {
		w.add(`p.category = ?`, f.Category)
	}
	if !f.Period.From.IsZero() || !f.Period.To.IsZero() {
		// partners active in the period: an activity or a contribution
		from, to := f.Period.From, f.Period.To
		if from.IsZero() {
			from = kampungkb.NewDate(1900, 1, 1)
		}
		if to.IsZero() {
			to = kampungkb.NewDate(9999, 12, 31)
		}
		w.add(`(p.id IN (SELECT ap.partner_id FROM activity_partners ap JOIN activities a ON a.id = ap.activity_id WHERE a.date BETWEEN ? AND ?)
			OR p.id IN (SELECT c.partner_id FROM contributions c WHERE c.date BETWEEN ? AND ?))`, from, to, from, to)
	}
	if f.Region != "" {
		// a partner working in 52 also works in 52.03, and one working in
		// 52.03.13 works within 52.03.
		cond, args := regionRange("pr.region_code", f.Region)
		anc := kampungkb.RegionAncestors(f.Region)
		in := strings.TrimSuffix(strings.Repeat("?, ", len(anc)), ", ")
		for _, a := range anc {
			args = append(args, a)
		}
		w.add(`EXISTS (SELECT 1 FROM partner_regions pr WHERE pr.partner_id = p.id AND (`+cond+` OR pr.region_code IN (`+in+`)))`, args...)
	}
	if f.PartnerID != 0 { // in a partner list, PartnerID selects the units of that partner
		w.add(`p.parent_id = ?`, f.PartnerID)
	}
	limit, offset := f.Page()
	var ag, act, con where
	sc.agreement(&ag, "ap.agreement_id")
	sc.activity(&act, "x.activity_id")
	sc.contribution(&con, "c")
	q := `SELECT ` + partnerCols + `,
		(SELECT count(DISTINCT ap.agreement_id) FROM agreement_parties ap WHERE ap.partner_id = p.id` + ag.and() + `),
		(SELECT count(*) FROM activity_partners x WHERE x.partner_id = p.id` + act.and() + `),
		(SELECT COALESCE(sum(c.amount), 0) FROM contributions c WHERE c.partner_id = p.id` + con.and() + `),
		count(*) OVER()
		FROM partners p LEFT JOIN partners pp ON pp.id = p.parent_id` + w.String() +
		` ORDER BY lower(COALESCE(pp.name, p.name)), p.parent_id IS NOT NULL, lower(p.name), p.id LIMIT ? OFFSET ?`
	args := append(append(append(append([]any{}, ag.args...), act.args...), con.args...), w.args...)
	rows, err := db.read().query(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []PartnerRow
	total := 0
	for rows.Next() {
		var r PartnerRow
		m, err := scanPartner(rows, &r.Agreements, &r.Activities, &r.Contributions, &total)
		if err != nil {
			return nil, 0, err
		}
		r.Partner = m
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := db.partnerRegionCodes(ctx, out); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && offset > 0 {
		// past the last page: count(*) OVER() saw no rows, count them apart
		err := db.read().queryRow(ctx, `SELECT count(*) FROM partners p LEFT JOIN partners pp ON pp.id = p.parent_id`+w.String(), w.args...).Scan(&total)
		return out, total, err
	}
	return out, total, nil
}

// PartnerRefs returns the id and name of every partner in scope (for
// pickers), archived ones excluded unless asked.
func (db *DB) PartnerRefs(ctx context.Context, archived bool, scope kampungkb.Scope) ([]kampungkb.Ref, error) {
	sc, err := db.scopeOf(ctx, scope)
	if err != nil {
		return nil, err
	}
	var w where
	if !archived {
		w.add(`NOT p.archived`)
	}
	sc.partner(&w, "p.id")
	return db.read().refs(ctx, `SELECT p.id, p.name FROM partners p`+w.String()+` ORDER BY lower(p.name)`, w.args...)
}

// usages counts the records referring to an entity, for refusing deletes
// with an explanation.
func (tx *Tx) usages(ctx context.Context, id int64, checks []struct{ what, q string }) ([]string, error) {
	var out []string
	for _, c := range checks {
		var n int
		if err := tx.queryRow(ctx, c.q, id).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s %s", kampungkb.FormatInt(int64(n)), c.what))
		}
	}
	return out, nil
}

// DeletePartner deletes a partner that nothing refers to. A partner with
// units, agreements, activities or contributions is not deleted: the error
// (Conflict) says what refers to it and suggests archiving instead.
func (db *DB) DeletePartner(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.partner(ctx, id)
		if err != nil {
			return err
		}
		name := before.Name
		used, err := tx.usages(ctx, id, []struct{ what, q string }{
			{"unit/cabang", `SELECT count(*) FROM partners WHERE parent_id = ?`},
			{"perjanjian", `SELECT count(DISTINCT agreement_id) FROM agreement_parties WHERE partner_id = ?`},
			{"kegiatan", `SELECT count(*) FROM activity_partners WHERE partner_id = ?`},
			{"kontribusi", `SELECT count(*) FROM contributions WHERE partner_id = ?`},
		})
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: fmt.Sprintf(
				"Mitra %q tidak dapat dihapus karena masih dirujuk oleh %s. Arsipkan mitra ini agar tidak muncul di daftar, tanpa menghilangkan riwayatnya.",
				name, strings.Join(used, ", "))}
		}
		if _, err := tx.exec(ctx, `DELETE FROM partners WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.auditChange(ctx, "delete", "partner", id, name, before, nil)
	})
}

// SetPartnerArchived archives or restores a partner.
func (db *DB) SetPartnerArchived(ctx context.Context, id int64, archived bool) error {
	return setArchived(ctx, db, "partners", "Mitra", "partner", id, archived, (*Tx).partner,
		func(m kampungkb.Partner) string { return m.Name })
}

// setArchived archives or restores row id of table and records it in the
// audit trail as entity, reading the record before and after with get
// and naming it with label.
func setArchived[T any](ctx context.Context, db *DB, table, what, entity string, id int64, archived bool,
	get func(*Tx, context.Context, int64) (T, error), label func(T) string, also ...func(*Tx, context.Context, T) error) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := get(tx, ctx, id)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, table, what, id, 0); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE `+table+` SET archived = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			archived, tx.Now, tx.By, id); err != nil {
			return err
		}
		after, err := get(tx, ctx, id)
		if err != nil {
			return err
		}
		for _, fn := range also {
			if err := fn(tx, ctx, after); err != nil {
				return err
			}
		}
		action := "archive"
		if !archived {
			action = "unarchive"
		}
		return tx.auditChange(ctx, action, entity, id, label(after), before, after)
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// partnerRegionCodes fills the region codes of a page of partners with one
// query.
func (db *DB) partnerRegionCodes(ctx context.Context, rows []PartnerRow) error {
	if len(rows) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, len(rows))
	for i, r := range rows {
		idx[r.ID] = i
		args[i] = r.ID
	}
	q := `SELECT partner_id, region_code FROM partner_regions WHERE partner_id IN (?` + strings.Repeat(", ?", len(rows)-1) + `) ORDER BY region_code`
	rs, err := db.read().query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var id int64
		var code string
		if err := rs.Scan(&id, &code); err != nil {
			return err
		}
		rows[idx[id]].Regions = append(rows[idx[id]].Regions, code)
	}
	return rs.Err()
}
