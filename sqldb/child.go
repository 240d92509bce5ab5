package sqldb

import (
	"context"
	"fmt"

	"kampungkb"
)

// CreateChild validates and stores a child, setting its ID and Meta.
func (db *DB) CreateChild(ctx context.Context, c *kampungkb.Child) error {
	p, err := problemsOf(c.Validate(db.Today()))
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkChildRefs(ctx, c, p); err != nil {
			return err
		}
		if err := tx.checkChildMember(ctx, c); err != nil {
			return err
		}
		var fid, no any
		if c.FamilyID != "" {
			fid, no = c.FamilyID, c.MemberNo
		}
		id, err := tx.insert(ctx, `INSERT INTO children (name, sex, birth_date, mother_name, village_code, province_code, kampung_id,
			family_id, member_no, archived, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			c.Name, c.Sex, c.BirthDate, c.MotherName, c.VillageCode, provinceOf(c.VillageCode), nullID(c.KampungID), fid, no, c.Archived,
			tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			return err
		}
		c.ID = id
		if err := tx.touchVillages(ctx, c.VillageCode); err != nil {
			return err
		}
		after, err := tx.child(ctx, id)
		if err != nil {
			return err
		}
		*c = after
		return tx.auditChange(ctx, "create", "child", id, c.Name, nil, after)
	})
}

// UpdateChild stores changes to a child (optimistic version check when
// c.Version is set). A birth date that would put an existing measurement
// before birth or past 60 months is refused.
func (db *DB) UpdateChild(ctx context.Context, c *kampungkb.Child) error {
	p, err := problemsOf(c.Validate(db.Today()))
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.child(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := tx.checkChildRefs(ctx, c, p); err != nil {
			return err
		}
		var first, last kampungkb.Date
		if err := tx.queryRow(ctx, `SELECT min(date), max(date) FROM measurements WHERE child_id = ?`, c.ID).Scan(&first, &last); err != nil {
			return err
		}
		if !first.IsZero() && (first.Before(c.BirthDate) || c.BirthDate.DaysUntil(last) > kampungkb.MaxChildAgeDays) {
			return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.", Fields: map[string]string{
				"birth_date": "Tanggal lahir ini tidak cocok dengan pengukuran yang sudah tercatat (" + kampungkb.FormatDate(first) + " – " + kampungkb.FormatDate(last) + ")."}}
		}
		if err := tx.bumpVersion(ctx, "children", "Data anak", c.ID, c.Version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE children SET name = ?, sex = ?, birth_date = ?, mother_name = ?, village_code = ?,
			province_code = ?, kampung_id = ?, archived = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			c.Name, c.Sex, c.BirthDate, c.MotherName, c.VillageCode, provinceOf(c.VillageCode), nullID(c.KampungID), c.Archived, tx.Now, tx.By, c.ID); err != nil {
			return err
		}
		if c.VillageCode != before.VillageCode {
			// Measurements live in their child's village (the partition
			// key); PostgreSQL's measurements_child cascades this itself.
			if _, err := tx.exec(ctx, `UPDATE measurements SET village_code = ?, province_code = ? WHERE child_id = ? AND village_code <> ?`,
				c.VillageCode, provinceOf(c.VillageCode), c.ID, c.VillageCode); err != nil {
				return err
			}
		}
		if err := tx.touchVillages(ctx, before.VillageCode, c.VillageCode); err != nil {
			return err
		}
		after, err := tx.child(ctx, c.ID)
		if err != nil {
			return err
		}
		*c = after
		return tx.auditChange(ctx, "update", "child", c.ID, c.Name, before, after)
	})
}

// checkChildMember checks the family member a new child is made from: it
// exists, has no child record yet, and lives in the child's village.
func (tx *Tx) checkChildMember(ctx context.Context, c *kampungkb.Child) error {
	if c.FamilyID == "" {
		return nil
	}
	var village string
	err := tx.queryRow(ctx, `SELECT f.village_code FROM members m JOIN families f ON f.family_id = m.family_id
		WHERE m.family_id = ? AND m.member_no = ?`, c.FamilyID, c.MemberNo).Scan(&village)
	if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
		return kampungkb.Errorf(kampungkb.Invalid, "Anggota %d keluarga %s tidak ditemukan.", c.MemberNo, c.FamilyID)
	}
	if err != nil {
		return err
	}
	var other int64
	err = tx.queryRow(ctx, `SELECT id FROM children WHERE family_id = ? AND member_no = ?`, c.FamilyID, c.MemberNo).Scan(&other)
	if err == nil {
		return kampungkb.Errorf(kampungkb.Conflict, "Anggota ini sudah tercatat sebagai anak %d; catat pengukurannya di halaman anak itu.", other)
	}
	if kampungkb.ErrorKind(classify(err)) != kampungkb.NotFound {
		return err
	}
	if village != c.VillageCode {
		return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.", Fields: map[string]string{
			"village_code": "Keluarga anak ini tinggal di desa " + village + "; ubah desa keluarganya bila pindah."}}
	}
	return nil
}

// checkChildRefs adds problems for an unknown village or Kampung KB, or a
// Kampung KB in another village, and returns p as an error when it has any.
func (tx *Tx) checkChildRefs(ctx context.Context, c *kampungkb.Child, p kampungkb.Problems) error {
	if err := tx.checkRegions(ctx, &p, "village_code", []string{c.VillageCode}); err != nil {
		return err
	}
	if c.KampungID > 0 {
		var village string
		err := tx.queryRow(ctx, `SELECT village_code FROM kampung WHERE id = ?`, c.KampungID).Scan(&village)
		switch {
		case kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound:
			p.Add("kampung_id", fmt.Sprintf("Kampung KB %d tidak ditemukan.", c.KampungID))
		case err != nil:
			return err
		case village != c.VillageCode:
			p.Add("kampung_id", "Kampung KB ini ada di desa lain ("+village+").")
		}
	}
	return p.Err("anak")
}

const childCols = `c.id, c.name, c.sex, c.birth_date, c.mother_name, c.village_code, COALESCE(c.kampung_id, 0), c.archived,
	COALESCE(c.family_id, ''), COALESCE(c.member_no, 0), COALESCE(r.name, ''), COALESCE(k.name, ''), c.version, c.created_at, c.updated_at, c.created_by, c.updated_by`

const childFrom = ` FROM children c LEFT JOIN regions r ON r.code = c.village_code LEFT JOIN kampung k ON k.id = c.kampung_id`

func scanChild(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Child, error) {
	var c kampungkb.Child
	dest := []any{&c.ID, &c.Name, &c.Sex, &c.BirthDate, &c.MotherName, &c.VillageCode, &c.KampungID, &c.Archived,
		&c.FamilyID, &c.MemberNo, &c.VillageName, &c.KampungName, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.CreatedBy, &c.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return c, err
}

func (tx *Tx) child(ctx context.Context, id int64) (kampungkb.Child, error) {
	c, err := scanChild(tx.queryRow(ctx, `SELECT `+childCols+childFrom+` WHERE c.id = ?`, id))
	if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
		return c, notFound("Anak", id)
	}
	return c, err
}

// Child returns one child.
func (db *DB) Child(ctx context.Context, id int64) (kampungkb.Child, error) {
	return db.read().child(ctx, id)
}

// Children lists children: Q searches the child's and the mother's name,
// Region and the scope keep children of villages in the region, KampungID
// those of one Kampung KB; archived ones only with Archived. Partner users
// (a partner scope) never see children: they are personal data.
func (db *DB) Children(ctx context.Context, f kampungkb.Filter) ([]kampungkb.Child, int, error) {
	var w where
	if f.Scope.PartnerID != 0 {
		return nil, 0, nil
	}
	if f.Scope.Region != "" {
		cond, args := regionRange("c.village_code", f.Scope.Region)
		w.add(cond, args...)
	}
	if !f.Archived {
		w.add(`NOT c.archived`)
	}
	if f.Q != "" {
		w.add(`(lower(c.name) LIKE ? ESCAPE '\' OR lower(c.mother_name) LIKE ? ESCAPE '\')`, likeQ(f.Q), likeQ(f.Q))
	}
	if f.Region != "" {
		cond, args := regionRange("c.village_code", f.Region)
		w.add(cond, args...)
	}
	if f.KampungID != 0 {
		w.add(`c.kampung_id = ?`, f.KampungID)
	}
	limit, offset := f.Page()
	rows, err := db.read().query(ctx, `SELECT `+childCols+`, count(*) OVER()`+childFrom+w.String()+
		` ORDER BY c.village_code, lower(c.name), c.id LIMIT ? OFFSET ?`, append(w.args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []kampungkb.Child
	total := 0
	for rows.Next() {
		c, err := scanChild(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// SetChildArchived archives or restores a child's record (a child is never
// deleted while measurements refer to it: the history stays).
func (db *DB) SetChildArchived(ctx context.Context, id int64, archived bool) error {
	return setArchived(ctx, db, "children", "Data anak", "child", id, archived, (*Tx).child,
		func(c kampungkb.Child) string { return c.Name },
		func(tx *Tx, ctx context.Context, c kampungkb.Child) error {
			return tx.touchVillages(ctx, c.VillageCode)
		})
}

// AddMeasurement validates and stores a measurement of a child with the
// z-scores the caller computed (package growth); storage keeps what it is
// given. It sets m.ID and m.AgeDays.
func (db *DB) AddMeasurement(ctx context.Context, m *kampungkb.Measurement) error {
	return db.write(ctx, func(tx *Tx) error {
		c, err := tx.child(ctx, m.ChildID)
		if err != nil {
			return err
		}
		if err := m.Validate(c.BirthDate, db.Today()); err != nil {
			return err
		}
		m.AgeDays = c.BirthDate.DaysUntil(m.Date)
		z := m.Z
		id, err := tx.insert(ctx, `INSERT INTO measurements (village_code, province_code, child_id, date, age_days, weight_kg, lenhei_cm,
			measure, oedema, headc_cm, armc_cm, posyandu, clenhei, cbmi, zlen, zwei, zwfl, zbmi, zhc, zac, flen, fwei, fwfl,
			fbmi, fhc, fac, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.VillageCode, provinceOf(c.VillageCode), m.ChildID, m.Date, m.AgeDays, m.WeightKg, m.LenHeiCm, m.Measure, m.Oedema, m.HeadCm, m.ArmCm, m.Posyandu,
			z.LenHeiCm, z.BMI, z.Len, z.Wei, z.Wfl, z.BMIz, z.HC, z.AC, z.FLen, z.FWei, z.FWfl, z.FBMI, z.FHC, z.FAC,
			tx.Now, tx.By)
		if err != nil {
			return err
		}
		m.ID = id
		m.CreatedAt, m.CreatedBy = tx.Now, tx.By
		if err := tx.touchVillages(ctx, c.VillageCode); err != nil {
			return err
		}
		return tx.auditChange(ctx, "create", "measurement", id, c.Name+", "+kampungkb.FormatDate(m.Date), nil, m)
	})
}

const measurementCols = `id, child_id, date, age_days, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu,
	clenhei, cbmi, zlen, zwei, zwfl, zbmi, zhc, zac, flen, fwei, fwfl, fbmi, fhc, fac, created_at, created_by`

func scanMeasurement(s interface{ Scan(...any) error }) (kampungkb.Measurement, error) {
	var m kampungkb.Measurement
	z := &m.Z
	err := s.Scan(&m.ID, &m.ChildID, &m.Date, &m.AgeDays, &m.WeightKg, &m.LenHeiCm, &m.Measure, &m.Oedema, &m.HeadCm, &m.ArmCm,
		&m.Posyandu, &z.LenHeiCm, &z.BMI, &z.Len, &z.Wei, &z.Wfl, &z.BMIz, &z.HC, &z.AC, &z.FLen, &z.FWei, &z.FWfl, &z.FBMI,
		&z.FHC, &z.FAC, &m.CreatedAt, &m.CreatedBy)
	return m, err
}

// Measurements returns a child's measurements, oldest first.
func (db *DB) Measurements(ctx context.Context, childID int64) ([]kampungkb.Measurement, error) {
	rows, err := db.read().query(ctx, `SELECT `+measurementCols+` FROM measurements WHERE child_id = ? ORDER BY date, id`, childID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Measurement
	for rows.Next() {
		m, err := scanMeasurement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DeleteMeasurement deletes one measurement of a child (a mistyped entry).
func (db *DB) DeleteMeasurement(ctx context.Context, childID, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		m, err := scanMeasurement(tx.queryRow(ctx, `SELECT `+measurementCols+` FROM measurements WHERE id = ? AND child_id = ?`, id, childID))
		if err != nil {
			if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
				return notFound("Pengukuran", id)
			}
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM measurements WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.touchChildVillage(ctx, childID); err != nil {
			return err
		}
		return tx.auditChange(ctx, "delete", "measurement", id, kampungkb.FormatDate(m.Date), m, nil)
	})
}
