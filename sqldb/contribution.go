package sqldb

import (
	"context"
	"fmt"

	"kampungkb"
)

// CreateContribution validates and stores a new contribution, setting its
// ID and Meta. Its date may not lie after today (by db.Now); the partner,
// Kampung KB, activity and agreement must exist, and a Kampung KB given
// together with an activity must be one of the activity's.
func (db *DB) CreateContribution(ctx context.Context, c *kampungkb.Contribution) error {
	if err := c.Validate(db.Today()); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkContributionRefs(ctx, c); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO contributions (partner_id, kampung_id, activity_id, agreement_id, kind, amount,
			date, description, beneficiaries, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			c.PartnerID, nullID(c.KampungID), nullID(c.ActivityID), nullID(c.AgreementID), c.Kind, c.Amount,
			c.Date, c.Description, c.Beneficiaries, tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			return err
		}
		c.ID = id
		c.Meta = kampungkb.Meta{Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now, CreatedBy: tx.By, UpdatedBy: tx.By}
		after, err := tx.contribution(ctx, id)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "create", "contribution", id, contributionLabel(after), nil, after)
	})
}

// UpdateContribution validates and stores changes to a contribution,
// with the checks of CreateContribution. When c.Version is set it must
// match the stored version (else Conflict); the version then increases.
func (db *DB) UpdateContribution(ctx context.Context, c *kampungkb.Contribution) error {
	if err := c.Validate(db.Today()); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkContributionRefs(ctx, c); err != nil {
			return err
		}
		before, err := tx.contribution(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "contributions", "Kontribusi", c.ID, c.Version); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE contributions SET partner_id = ?, kampung_id = ?, activity_id = ?, agreement_id = ?,
			kind = ?, amount = ?, date = ?, description = ?, beneficiaries = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			c.PartnerID, nullID(c.KampungID), nullID(c.ActivityID), nullID(c.AgreementID), c.Kind, c.Amount,
			c.Date, c.Description, c.Beneficiaries, tx.Now, tx.By, c.ID)
		if err != nil {
			return err
		}
		if err := tx.metaInto(ctx, "contributions", c.ID, &c.Meta); err != nil {
			return err
		}
		after, err := tx.contribution(ctx, c.ID)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "update", "contribution", c.ID, contributionLabel(after), before, after)
	})
}

func (tx *Tx) checkContributionRefs(ctx context.Context, c *kampungkb.Contribution) error {
	var p kampungkb.Problems
	for _, ref := range []struct {
		id           int64
		table, field string
		msg          string
	}{
		{c.PartnerID, "partners", "partner_id", "Mitra dengan id %d tidak ditemukan. Pilih ulang mitra dari daftar."},
		{c.KampungID, "kampung", "kampung_id", "Kampung KB dengan id %d tidak ditemukan. Pilih ulang Kampung KB dari daftar."},
		{c.ActivityID, "activities", "activity_id", "Kegiatan dengan id %d tidak ditemukan. Pilih ulang kegiatan dari daftar."},
		{c.AgreementID, "agreements", "agreement_id", "Perjanjian dengan id %d tidak ditemukan. Pilih ulang perjanjian dari daftar."},
	} {
		if ref.id == 0 {
			continue
		}
		missing, err := tx.missingIDs(ctx, ref.table, []int64{ref.id})
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			p.Add(ref.field, fmt.Sprintf(ref.msg, ref.id))
		}
	}
	if c.KampungID != 0 && c.ActivityID != 0 && p["kampung_id"] == "" && p["activity_id"] == "" {
		var n int
		err := tx.queryRow(ctx, `SELECT count(*) FROM activity_kampung WHERE activity_id = ? AND kampung_id = ?`,
			c.ActivityID, c.KampungID).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			p.Add("kampung_id", "Kampung KB ini bukan salah satu Kampung KB tempat kegiatan yang dipilih. "+
				"Pilih Kampung KB kegiatan tersebut, atau kosongkan salah satunya.")
		}
	}
	return p.Err("kontribusi")
}

const contributionCols = `c.id, c.partner_id, COALESCE(c.kampung_id, 0), COALESCE(c.activity_id, 0), COALESCE(c.agreement_id, 0),
	c.kind, c.amount, c.date, c.description, c.beneficiaries, p.name, COALESCE(k.name, ''), COALESCE(a.title, ''),
	COALESCE(ag.title, ''), c.version, c.created_at, c.updated_at, c.created_by, c.updated_by`

const contributionJoins = ` JOIN partners p ON p.id = c.partner_id
	LEFT JOIN kampung k ON k.id = c.kampung_id
	LEFT JOIN activities a ON a.id = c.activity_id
	LEFT JOIN agreements ag ON ag.id = c.agreement_id`

func scanContribution(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Contribution, error) {
	var c kampungkb.Contribution
	dest := []any{&c.ID, &c.PartnerID, &c.KampungID, &c.ActivityID, &c.AgreementID,
		&c.Kind, &c.Amount, &c.Date, &c.Description, &c.Beneficiaries, &c.PartnerName, &c.KampungName, &c.ActivityTitle,
		&c.AgreementTitle, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.CreatedBy, &c.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return c, err
}

// Contribution returns one contribution with the names of its partner,
// Kampung KB, activity and agreement.
func (db *DB) Contribution(ctx context.Context, id int64) (kampungkb.Contribution, error) {
	return db.read().contribution(ctx, id)
}

// contribution reads one contribution as DB.Contribution returns it; in a
// write transaction, so that a change can record the contribution as it
// was and as it is.
func (tx *Tx) contribution(ctx context.Context, id int64) (kampungkb.Contribution, error) {
	c, err := scanContribution(tx.queryRow(ctx, `SELECT `+contributionCols+` FROM contributions c`+contributionJoins+
		` WHERE c.id = ?`, id))
	if err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return c, notFound("Kontribusi", id)
		}
		return c, err
	}
	return c, nil
}

// contributionLabel names a contribution for people: partner, amount, date.
func contributionLabel(c kampungkb.Contribution) string {
	return c.PartnerName + ", " + kampungkb.FormatRupiah(c.Amount) + ", " + kampungkb.FormatDate(c.Date)
}

// Contributions lists contributions, newest first, with the total count
// and the sum of Amount over every matching contribution (not only the
// page). Filters: Q searches the description; Type is the kind;
// PartnerID, ActivityID and AgreementID match exactly; Period bounds the
// date. A contribution lies in a Kampung KB when it names it, or, naming
// none, when its activity took place there: KampungID and Region (the
// Kampung KB's village lies in the region) follow that rule, so a
// contribution to an activity in several Kampung KB is listed under each.
//
// Scope keeps the contributions lying in the scope's region and, for a
// partner user, those of its organisation.
func (db *DB) Contributions(ctx context.Context, f kampungkb.Filter) ([]kampungkb.Contribution, int, int64, error) {
	sc, err := db.scopeOf(ctx, f.Scope)
	if err != nil {
		return nil, 0, 0, err
	}
	var w where
	sc.contribution(&w, "c")
	if f.Q != "" {
		w.add(`lower(c.description) LIKE ? ESCAPE '\'`, likeQ(f.Q))
	}
	if f.Region != "" {
		cond, args := contributionInRegion(f.Region)
		w.add(cond, args...)
	}
	if f.Type != "" {
		w.add(`c.kind = ?`, f.Type)
	}
	if f.PartnerID != 0 {
		w.add(`c.partner_id = ?`, f.PartnerID)
	}
	if f.KampungID != 0 {
		w.add(`(c.kampung_id = ? OR c.kampung_id IS NULL AND c.activity_id IN
			(SELECT ak.activity_id FROM activity_kampung ak WHERE ak.kampung_id = ?))`, f.KampungID, f.KampungID)
	}
	if f.ActivityID != 0 {
		w.add(`c.activity_id = ?`, f.ActivityID)
	}
	if f.AgreementID != 0 {
		w.add(`c.agreement_id = ?`, f.AgreementID)
	}
	w.dateIn("c.date", f.Period)
	limit, offset := f.Page()
	q := `SELECT ` + contributionCols + `, count(*) OVER(), CAST(sum(c.amount) OVER() AS BIGINT) FROM contributions c` + contributionJoins +
		w.String() + ` ORDER BY c.date DESC, c.id DESC LIMIT ? OFFSET ?`
	var out []kampungkb.Contribution
	total, sum := 0, int64(0)
	err = db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, append(w.args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanContribution(rows, &total, &sum)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 && offset > 0 {
			return tx.queryRow(ctx, `SELECT count(*), CAST(COALESCE(sum(c.amount), 0) AS BIGINT) FROM contributions c`+w.String(), w.args...).
				Scan(&total, &sum)
		}
		return nil
	})
	if err != nil {
		return nil, 0, 0, err
	}
	return out, total, sum, nil
}

// DeleteContribution deletes a contribution (nothing refers to one).
func (db *DB) DeleteContribution(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.contribution(ctx, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM contributions WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.auditChange(ctx, "delete", "contribution", id, contributionLabel(before), before, nil)
	})
}

// contributionInRegion returns a condition keeping the contributions (alias
// c) that lie in a Kampung KB of region: the one they name, or, naming
// none, one of their activity's.
func contributionInRegion(region string) (string, []any) {
	cond, args := regionRange("k2.village_code", region)
	return `(c.kampung_id IN (SELECT k2.id FROM kampung k2 WHERE ` + cond + `)
		OR c.kampung_id IS NULL AND c.activity_id IN (SELECT ak2.activity_id FROM activity_kampung ak2
			JOIN kampung k2 ON k2.id = ak2.kampung_id WHERE ` + cond + `))`, append(args, args...)
}
