package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kampungkb"
)

// Lists of agreement_codes: the scope of an agreement.
const (
	agreementListFunction = "function" // kampungkb.Functions
	agreementListArea     = "area"     // kampungkb.ProgramAreas
)

// CreateAgreement validates and stores a new agreement with its parties and
// scope, setting its ID and Meta. Referenced partners, Kampung KB and
// regions must exist (field "parties"); the parent must exist, pass
// kampungkb.CheckParent and not lead back to the agreement (field
// "parent_id"). Parties of kind mitra or kampung without a name get the
// partner's or the Kampung KB's name.
func (db *DB) CreateAgreement(ctx context.Context, a *kampungkb.Agreement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkAgreementRefs(ctx, a); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO agreements (type, number, title, signed_on, valid_from, valid_to, parent_id,
			description, archived, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			a.Type, a.Number, a.Title, a.SignedOn, a.ValidFrom, a.ValidTo, nullID(a.ParentID),
			a.Description, a.Archived, tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			return err
		}
		a.ID = id
		a.Meta = kampungkb.Meta{Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now, CreatedBy: tx.By, UpdatedBy: tx.By}
		if err := tx.writeAgreementChildren(ctx, a); err != nil {
			return err
		}
		after, err := tx.agreement(ctx, id)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "create", "agreement", id, after.Title, nil, after)
	})
}

// UpdateAgreement validates and stores changes to an agreement, replacing
// its parties and scope (documents are kept). When a.Version is set it must
// match the stored version (else Conflict: someone else saved in between);
// the version then increases. The checks are those of CreateAgreement, and
// an agreement that is the parent of others must stay a valid parent for
// them (field "type").
func (db *DB) UpdateAgreement(ctx context.Context, a *kampungkb.Agreement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.agreement(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "agreements", "Perjanjian", a.ID, a.Version); err != nil {
			return err
		}
		if err := tx.checkAgreementRefs(ctx, a); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE agreements SET type = ?, number = ?, title = ?, signed_on = ?, valid_from = ?,
			valid_to = ?, parent_id = ?, description = ?, archived = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			a.Type, a.Number, a.Title, a.SignedOn, a.ValidFrom, a.ValidTo, nullID(a.ParentID), a.Description,
			a.Archived, tx.Now, tx.By, a.ID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM agreement_parties WHERE agreement_id = ?`, a.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM agreement_codes WHERE agreement_id = ?`, a.ID); err != nil {
			return err
		}
		if err := tx.writeAgreementChildren(ctx, a); err != nil {
			return err
		}
		if err := tx.metaInto(ctx, "agreements", a.ID, &a.Meta); err != nil {
			return err
		}
		after, err := tx.agreement(ctx, a.ID)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "update", "agreement", a.ID, after.Title, before, after)
	})
}

// checkAgreementRefs checks what a refers to and fills in default party
// names. It clears the party fields that do not belong to a party's kind,
// so that a reflects what is stored.
func (tx *Tx) checkAgreementRefs(ctx context.Context, a *kampungkb.Agreement) error {
	var p kampungkb.Problems
	for i := range a.Parties {
		pt := &a.Parties[i]
		switch pt.Kind {
		case "mitra":
			pt.KampungID, pt.RegionCode = 0, ""
			var name string
			err := tx.queryRow(ctx, `SELECT name FROM partners WHERE id = ?`, pt.PartnerID).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				p.Add("parties", fmt.Sprintf("Mitra %d tidak ditemukan. Pilih mitra dari daftar.", pt.PartnerID))
				continue
			} else if err != nil {
				return err
			}
			if pt.Name == "" {
				pt.Name = name
			}
		case "kampung":
			pt.PartnerID, pt.RegionCode = 0, ""
			var name string
			err := tx.queryRow(ctx, `SELECT name FROM kampung WHERE id = ?`, pt.KampungID).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				p.Add("parties", fmt.Sprintf("Kampung KB %d tidak ditemukan. Pilih Kampung KB dari daftar.", pt.KampungID))
				continue
			} else if err != nil {
				return err
			}
			if pt.Name == "" {
				pt.Name = name
			}
		default:
			pt.PartnerID, pt.KampungID = 0, 0
			if pt.RegionCode == "" {
				continue
			}
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM regions WHERE code = ?`, pt.RegionCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				p.Add("parties", "Wilayah pihak "+pt.RegionCode+" tidak dikenal. Impor data wilayah dulu atau periksa kodenya.")
			}
		}
	}
	if a.ParentID != 0 {
		if err := tx.checkAgreementParent(ctx, &p, a); err != nil {
			return err
		}
	}
	if a.ID != 0 {
		// The agreement may be the parent of others: it must remain a valid
		// parent for each of them (a PKS is no parent).
		children, err := tx.agreementLinks(ctx, `SELECT id, type, COALESCE(parent_id, 0) FROM agreements WHERE parent_id = ?`, a.ID)
		if err != nil {
			return err
		}
		for _, c := range children {
			if kampungkb.CheckParent(c, *a) != nil {
				p.Add("type", fmt.Sprintf("Perjanjian ini menjadi induk dari %s perjanjian lain, jadi jenisnya harus MoU/Nota Kesepahaman atau Kesepahaman Bersama.",
					kampungkb.FormatInt(int64(len(children)))))
				break
			}
		}
	}
	return p.Err("perjanjian")
}

// checkAgreementParent checks that a's parent exists, passes
// kampungkb.CheckParent and that the chain of parents above it does not
// reach a again.
func (tx *Tx) checkAgreementParent(ctx context.Context, p *kampungkb.Problems, a *kampungkb.Agreement) error {
	parents, err := tx.agreementLinks(ctx, `SELECT id, type, COALESCE(parent_id, 0) FROM agreements WHERE id = ?`, a.ParentID)
	if err != nil {
		return err
	}
	if len(parents) == 0 {
		p.Add("parent_id", fmt.Sprintf("Perjanjian induk %d tidak ditemukan.", a.ParentID))
		return nil
	}
	if err := kampungkb.CheckParent(*a, parents[0]); err != nil {
		for field, msg := range kampungkb.ErrorFields(err) {
			p.Add(field, msg)
		}
		return nil
	}
	// Only MoU-like agreements can be parents, so chains are short; the
	// depth bound guards against a cycle already in the data.
	for id, depth := parents[0].ParentID, 0; id != 0 && depth < 50; depth++ {
		if a.ID != 0 && id == a.ID {
			p.Add("parent_id", "Perjanjian induk tidak boleh membentuk lingkaran.")
			return nil
		}
		var next int64
		err := tx.queryRow(ctx, `SELECT COALESCE(parent_id, 0) FROM agreements WHERE id = ?`, id).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		id = next
	}
	return nil
}

// agreementLinks runs a query returning (id, type, parent_id) rows: what
// kampungkb.CheckParent needs to know of an agreement.
func (tx *Tx) agreementLinks(ctx context.Context, q string, args ...any) ([]kampungkb.Agreement, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Agreement
	for rows.Next() {
		var a kampungkb.Agreement
		if err := rows.Scan(&a.ID, &a.Type, &a.ParentID); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// writeAgreementChildren stores the parties (in order) and the scope.
func (tx *Tx) writeAgreementChildren(ctx context.Context, a *kampungkb.Agreement) error {
	for i, pt := range a.Parties {
		var region any
		if pt.RegionCode != "" {
			region = pt.RegionCode
		}
		_, err := tx.exec(ctx, `INSERT INTO agreement_parties (agreement_id, position, kind, partner_id, kampung_id,
			region_code, name, signatory) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, i, pt.Kind, nullID(pt.PartnerID), nullID(pt.KampungID), region, pt.Name, pt.Signatory)
		if err != nil {
			return err
		}
	}
	for _, s := range []struct {
		list  string
		codes []string
	}{{agreementListFunction, a.Functions}, {agreementListArea, a.Areas}} {
		for _, c := range s.codes {
			if _, err := tx.exec(ctx, `INSERT INTO agreement_codes (agreement_id, list, code) VALUES (?, ?, ?)`, a.ID, s.list, c); err != nil {
				return err
			}
		}
	}
	return nil
}

const agreementCols = `a.id, a.type, a.number, a.title, a.signed_on, a.valid_from, a.valid_to, COALESCE(a.parent_id, 0),
	COALESCE(pa.title, ''), a.description, a.archived, a.version, a.created_at, a.updated_at, a.created_by, a.updated_by`

const agreementFrom = ` FROM agreements a LEFT JOIN agreements pa ON pa.id = a.parent_id`

func scanAgreement(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Agreement, error) {
	var a kampungkb.Agreement
	dest := []any{&a.ID, &a.Type, &a.Number, &a.Title, &a.SignedOn, &a.ValidFrom, &a.ValidTo, &a.ParentID,
		&a.ParentTitle, &a.Description, &a.Archived, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.CreatedBy, &a.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return a, err
}

// Agreement returns one agreement with its parties (partner and Kampung KB
// names filled in), scope (in code-list order), documents (without their
// bytes: see File), parent title, the agreements implementing it
// (Children) and the number of activities carried out under it.
func (db *DB) Agreement(ctx context.Context, id int64) (kampungkb.Agreement, error) {
	var a kampungkb.Agreement
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		a, err = tx.agreement(ctx, id)
		return err
	})
	return a, err
}

// agreement reads one agreement as DB.Agreement returns it, inside tx (so
// that a change can record the agreement as it was and as it is).
func (tx *Tx) agreement(ctx context.Context, id int64) (kampungkb.Agreement, error) {
	a, err := scanAgreement(tx.queryRow(ctx, `SELECT `+agreementCols+agreementFrom+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("Perjanjian", id)
	} else if err != nil {
		return a, err
	}
	if a.Parties, err = tx.agreementParties(ctx, id); err != nil {
		return a, err
	}
	if err := tx.agreementScope(ctx, &a); err != nil {
		return a, err
	}
	if a.Documents, err = tx.agreementDocuments(ctx, id); err != nil {
		return a, err
	}
	if a.Children, err = tx.agreementRefs(ctx, `SELECT id, type, number, title FROM agreements WHERE parent_id = ?
		ORDER BY signed_on, id`, id); err != nil {
		return a, err
	}
	return a, tx.queryRow(ctx, `SELECT count(*) FROM activities WHERE agreement_id = ?`, id).Scan(&a.ActivityCount)
}

func (tx *Tx) agreementParties(ctx context.Context, id int64) ([]kampungkb.Party, error) {
	rows, err := tx.query(ctx, `SELECT ap.kind, COALESCE(ap.partner_id, 0), COALESCE(ap.kampung_id, 0),
		COALESCE(ap.region_code, ''), ap.name, ap.signatory, COALESCE(p.name, ''), COALESCE(k.name, '')
		FROM agreement_parties ap
		LEFT JOIN partners p ON p.id = ap.partner_id
		LEFT JOIN kampung k ON k.id = ap.kampung_id
		WHERE ap.agreement_id = ? ORDER BY ap.position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Party
	for rows.Next() {
		var pt kampungkb.Party
		if err := rows.Scan(&pt.Kind, &pt.PartnerID, &pt.KampungID, &pt.RegionCode, &pt.Name, &pt.Signatory,
			&pt.PartnerName, &pt.KampungName); err != nil {
			return nil, err
		}
		out = append(out, pt)
	}
	return out, rows.Err()
}

// agreementScope reads the scope codes into a, in the code lists' order.
func (tx *Tx) agreementScope(ctx context.Context, a *kampungkb.Agreement) error {
	rows, err := tx.query(ctx, `SELECT list, code FROM agreement_codes WHERE agreement_id = ?`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	got := map[string][]string{}
	for rows.Next() {
		var list, code string
		if err := rows.Scan(&list, &code); err != nil {
			return err
		}
		got[list] = append(got[list], code)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	a.Functions = codesInListOrder(kampungkb.Functions, got[agreementListFunction])
	a.Areas = codesInListOrder(kampungkb.ProgramAreas, got[agreementListArea])
	return nil
}

// codesInListOrder returns codes in the order of list; codes not in the list
// (retired ones) follow in their given order.
func codesInListOrder(list kampungkb.CodeList, codes []string) []string {
	if len(codes) == 0 {
		return nil
	}
	have := map[string]bool{}
	for _, c := range codes {
		have[c] = true
	}
	out := make([]string, 0, len(codes))
	for _, c := range list.Items {
		if have[c.Code] {
			out = append(out, c.Code)
			delete(have, c.Code)
		}
	}
	for _, c := range codes {
		if have[c] {
			out = append(out, c)
		}
	}
	return out
}

func (tx *Tx) agreementDocuments(ctx context.Context, id int64) ([]kampungkb.Document, error) {
	rows, err := tx.query(ctx, `SELECT d.id, d.file_id, d.title, f.name, f.content_type, f.size
		FROM agreement_documents d JOIN files f ON f.id = d.file_id
		WHERE d.agreement_id = ? ORDER BY d.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Document
	for rows.Next() {
		var d kampungkb.Document
		if err := rows.Scan(&d.ID, &d.FileID, &d.Title, &d.Name, &d.ContentType, &d.Size); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// agreementRefs runs a query returning (id, type, number, title) rows and
// names each ref with kampungkb.Agreement.Label.
func (tx *Tx) agreementRefs(ctx context.Context, q string, args ...any) ([]kampungkb.Ref, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Ref
	for rows.Next() {
		var a kampungkb.Agreement
		if err := rows.Scan(&a.ID, &a.Type, &a.Number, &a.Title); err != nil {
			return nil, err
		}
		out = append(out, kampungkb.Ref{ID: a.ID, Name: a.Label()})
	}
	return out, rows.Err()
}

// AgreementRow is an agreement in a list. Its Parties, scope, Documents and
// Children are not filled; PartnerNames holds the current names of the
// partner parties, in party order, and Status the status on the day of the
// query (kampungkb.Agreement.Status).
type AgreementRow struct {
	kampungkb.Agreement
	PartnerNames []string `json:"partner_names"`
	Status       string   `json:"status"`
}

// Agreements lists agreements, most recently signed first (signed_on
// descending, then newest record first), with the total for paging.
// Archived agreements are left out unless f.Archived is set. Filters:
//   - Q: title or number contains the text (case-insensitive);
//   - Type: the agreement type; Category: a family function in the scope;
//   - PartnerID: the partner is a party (its units are not included);
//   - KampungID: the Kampung KB is a party, or an activity carried out
//     under the agreement took place in it;
//   - Region: a party is located in the region, above it or below it: a
//     government party's region, a party Kampung KB's village, or a region
//     where a party partner works. An MoU with BKKBN Perwakilan NTB (52)
//     thus shows up for Lombok Timur (52.03), and one with DP3AKB Lombok
//     Timur shows up for NTB;
//   - Period: valid at some point during the period;
//   - Status: one of the kampungkb.Status... values on today, computed in
//     SQL exactly as kampungkb.Agreement.Status does;
//   - Scope: a party located in the scope's region as for Region, and for
//     a partner user its organisation or one of its units as a party.
func (db *DB) Agreements(ctx context.Context, f kampungkb.Filter) ([]AgreementRow, int, error) {
	today := db.Today()
	sc, err := db.scopeOf(ctx, f.Scope)
	if err != nil {
		return nil, 0, err
	}
	var w where
	sc.agreement(&w, "a.id")
	if !f.Archived {
		w.add(`NOT a.archived`)
	}
	if f.Q != "" {
		w.add(`(lower(a.title) LIKE ? ESCAPE '\' OR lower(a.number) LIKE ? ESCAPE '\')`, likeQ(f.Q), likeQ(f.Q))
	}
	if f.Type != "" {
		w.add(`a.type = ?`, f.Type)
	}
	if f.Category != "" {
		w.add(`EXISTS (SELECT 1 FROM agreement_codes c WHERE c.agreement_id = a.id AND c.list = ? AND c.code = ?)`,
			agreementListFunction, f.Category)
	}
	if f.PartnerID != 0 {
		w.add(`EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.agreement_id = a.id AND ap.partner_id = ?)`, f.PartnerID)
	}
	if f.KampungID != 0 {
		w.add(`(EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.agreement_id = a.id AND ap.kampung_id = ?)
			OR EXISTS (SELECT 1 FROM activities x JOIN activity_kampung ak ON ak.activity_id = x.id
				WHERE x.agreement_id = a.id AND ak.kampung_id = ?))`, f.KampungID, f.KampungID)
	}
	if f.Region != "" {
		region := f.Region
		if code, _, ok := kampungkb.NormalizeRegionCode(region); ok {
			region = code
		}
		cond, args := agreementInRegion("a.id", region)
		w.add(cond, args...)
	}
	if !f.Period.To.IsZero() {
		w.add(`a.valid_from <= ?`, f.Period.To)
	}
	if !f.Period.From.IsZero() {
		w.add(`(a.valid_to IS NULL OR a.valid_to >= ?)`, f.Period.From)
	}
	if f.Status != "" {
		cond, args, err := agreementStatusCond(f.Status, today)
		if err != nil {
			return nil, 0, err
		}
		w.add(cond, args...)
	}
	limit, offset := f.Page()
	return db.agreementRows(ctx, today, w, `a.signed_on DESC, a.id DESC`, limit, offset)
}

// agreementStatusCond returns the condition selecting agreements with
// status on today. It mirrors kampungkb.Agreement.Status (valid_from is
// never NULL in storage); a test checks that both agree.
func agreementStatusCond(status string, today kampungkb.Date) (string, []any, error) {
	soon := today.AddDays(kampungkb.EndingSoonDays)
	switch status {
	case kampungkb.StatusNotYet:
		return `a.valid_from > ?`, []any{today}, nil
	case kampungkb.StatusActive:
		return `(a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to > ?))`, []any{today, soon}, nil
	case kampungkb.StatusEnding:
		return `(a.valid_from <= ? AND a.valid_to >= ? AND a.valid_to <= ?)`, []any{today, today, soon}, nil
	case kampungkb.StatusEnded:
		return `(a.valid_from <= ? AND a.valid_to < ?)`, []any{today, today}, nil
	}
	return "", nil, &kampungkb.Error{Kind: kampungkb.Invalid, Op: "daftar perjanjian",
		Message: "Status perjanjian tidak dikenal: " + status + ".", Fields: map[string]string{"status": "Pilih status dari daftar."}}
}

// agreementRegionCond returns a condition true when the region code in col
// lies in region or above it (a NULL col gives false).
func agreementRegionCond(col, region string) (string, []any) {
	cond, args := regionRange(col, region)
	anc := kampungkb.RegionAncestors(region)
	for _, c := range anc {
		args = append(args, c)
	}
	return "(" + cond + " OR " + col + " IN (" + agreementParams(len(anc)) + "))", args
}

// agreementParams returns n comma-separated placeholders.
func agreementParams(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// EndingAgreements returns up to limit agreements (not archived, already in
// force) whose valid_to lies between today and today+days inclusive,
// soonest first: the "ending soon" list of the home page. Agreements that
// have not started yet are left out, as Status calls them "belum berlaku".
// Only agreements in scope are returned.
func (db *DB) EndingAgreements(ctx context.Context, today kampungkb.Date, days, limit int, scope kampungkb.Scope) ([]AgreementRow, error) {
	if limit <= 0 || limit > kampungkb.MaxPageSize {
		limit = kampungkb.MaxPageSize
	}
	sc, err := db.scopeOf(ctx, scope)
	if err != nil {
		return nil, err
	}
	var w where
	sc.agreement(&w, "a.id")
	w.add(`NOT a.archived`)
	w.add(`a.valid_from <= ?`, today)
	w.add(`a.valid_to >= ? AND a.valid_to <= ?`, today, today.AddDays(days))
	rows, _, err := db.agreementRows(ctx, today, w, `a.valid_to, a.id`, limit, 0)
	return rows, err
}

// agreementRows runs a list query and adds the partner names of the rows.
func (db *DB) agreementRows(ctx context.Context, today kampungkb.Date, w where, order string, limit, offset int) ([]AgreementRow, int, error) {
	var out []AgreementRow
	total := 0
	err := db.readTx(ctx, func(tx *Tx) error {
		q := `SELECT ` + agreementCols + `, (SELECT count(*) FROM activities x WHERE x.agreement_id = a.id), count(*) OVER()` +
			agreementFrom + w.String() + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
		rows, err := tx.query(ctx, q, append(w.args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[int64]int{}
		for rows.Next() {
			var count int
			a, err := scanAgreement(rows, &count, &total)
			if err != nil {
				return err
			}
			a.ActivityCount = count
			r := AgreementRow{Agreement: a, Status: a.Status(today)}
			index[a.ID] = len(out)
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(out) == 0 {
			return nil
		}
		ids := make([]any, len(out))
		for i, r := range out {
			ids[i] = r.ID
		}
		names, err := tx.query(ctx, `SELECT ap.agreement_id, p.name FROM agreement_parties ap JOIN partners p ON p.id = ap.partner_id
			WHERE ap.agreement_id IN (`+agreementParams(len(ids))+`) ORDER BY ap.agreement_id, ap.position`, ids...)
		if err != nil {
			return err
		}
		defer names.Close()
		for names.Next() {
			var id int64
			var name string
			if err := names.Scan(&id, &name); err != nil {
				return err
			}
			r := &out[index[id]]
			r.PartnerNames = append(r.PartnerNames, name)
		}
		return names.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// AgreementRefs returns the id and label (kampungkb.Agreement.Label) of
// every agreement in scope and not archived, most recently signed first,
// for pickers.
func (db *DB) AgreementRefs(ctx context.Context, scope kampungkb.Scope) ([]kampungkb.Ref, error) {
	sc, err := db.scopeOf(ctx, scope)
	if err != nil {
		return nil, err
	}
	var w where
	w.add(`NOT a.archived`)
	sc.agreement(&w, "a.id")
	return db.read().agreementRefs(ctx, `SELECT a.id, a.type, a.number, a.title FROM agreements a`+w.String()+`
		ORDER BY a.signed_on DESC, a.id DESC`, w.args...)
}

// AddAgreementDocument stores f's bytes in the files table and attaches
// the file to the agreement under title. f must be a PDF or image of at
// most kampungkb.MaxDocumentSize (checked with kampungkb.CheckUpload, field
// "file"); f's ID, Size and SHA256 are set.
func (db *DB) AddAgreementDocument(ctx context.Context, agreementID int64, title string, f *kampungkb.File) (kampungkb.Document, error) {
	f.Size = int64(len(f.Data))
	if err := kampungkb.CheckUpload("file", *f, kampungkb.DocumentTypes, kampungkb.MaxDocumentSize); err != nil {
		return kampungkb.Document{}, err
	}
	d := kampungkb.Document{Title: strings.TrimSpace(title)}
	err := db.write(ctx, func(tx *Tx) error {
		var agreementTitle string
		err := tx.queryRow(ctx, `SELECT title FROM agreements WHERE id = ?`, agreementID).Scan(&agreementTitle)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Perjanjian", agreementID)
		} else if err != nil {
			return err
		}
		if err := tx.insertFile(ctx, f); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO agreement_documents (agreement_id, file_id, title, created_at, created_by)
			VALUES (?, ?, ?, ?, ?)`, agreementID, f.ID, d.Title, tx.Now, tx.By)
		if err != nil {
			return err
		}
		after, err := tx.agreementDocument(ctx, agreementID, id)
		if err != nil {
			return err
		}
		d = after.Document
		return tx.auditSummary(ctx, "create", "agreement_document", id, fmt.Sprintf(`Dokumen "%s" (%s) ditambahkan ke perjanjian "%s"`,
			documentLabel(d), d.Name, agreementTitle), nil, after)
	})
	if err != nil {
		return kampungkb.Document{}, err
	}
	return d, nil
}

// documentRecord is an agreement document as the audit trail records it
// (its file's metadata, never its bytes).
type documentRecord struct {
	AgreementID    int64  `json:"agreement_id"`
	AgreementTitle string `json:"agreement_title"`
	kampungkb.Document
}

// agreementDocument reads document documentID of agreement agreementID.
func (tx *Tx) agreementDocument(ctx context.Context, agreementID, documentID int64) (documentRecord, error) {
	r := documentRecord{AgreementID: agreementID}
	d := &r.Document
	err := tx.queryRow(ctx, `SELECT d.id, d.file_id, d.title, f.name, f.content_type, f.size, a.title
		FROM agreement_documents d JOIN files f ON f.id = d.file_id JOIN agreements a ON a.id = d.agreement_id
		WHERE d.id = ? AND d.agreement_id = ?`, documentID, agreementID).
		Scan(&d.ID, &d.FileID, &d.Title, &d.Name, &d.ContentType, &d.Size, &r.AgreementTitle)
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("Dokumen perjanjian", documentID)
	}
	return r, err
}

// documentLabel names a document for people: its title, else its file name.
func documentLabel(d kampungkb.Document) string {
	if d.Title != "" {
		return d.Title
	}
	return d.Name
}

// RemoveAgreementDocument detaches a document from the agreement and
// deletes its file.
func (db *DB) RemoveAgreementDocument(ctx context.Context, agreementID, documentID int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.agreementDocument(ctx, agreementID, documentID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM agreement_documents WHERE id = ?`, documentID); err != nil {
			return err
		}
		if err := tx.deleteFile(ctx, before.FileID); err != nil {
			return err
		}
		return tx.auditSummary(ctx, "delete", "agreement_document", documentID, fmt.Sprintf(`Dokumen "%s" (%s) dihapus dari perjanjian "%s"`,
			documentLabel(before.Document), before.Name, before.AgreementTitle), before, nil)
	})
}

// DeleteAgreement deletes an agreement that nothing refers to, with its
// parties, scope, documents and their files. An agreement implemented by
// other agreements (PKS) or referred to by activities or contributions is
// not deleted: the error (Conflict) says what refers to it and suggests
// archiving instead.
func (db *DB) DeleteAgreement(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.agreement(ctx, id)
		if err != nil {
			return err
		}
		title := before.Title
		used, err := tx.usages(ctx, id, []struct{ what, q string }{
			{"perjanjian turunan (PKS)", `SELECT count(*) FROM agreements WHERE parent_id = ?`},
			{"kegiatan", `SELECT count(*) FROM activities WHERE agreement_id = ?`},
			{"kontribusi", `SELECT count(*) FROM contributions WHERE agreement_id = ?`},
		})
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: fmt.Sprintf(
				"Perjanjian %q tidak dapat dihapus karena masih dirujuk oleh %s. Arsipkan perjanjian ini agar tidak muncul di daftar, tanpa menghilangkan riwayatnya.",
				title, strings.Join(used, ", "))}
		}
		docs := before.Documents
		// Parties, scope and document links cascade; the files go after
		// the links that refer to them.
		if _, err := tx.exec(ctx, `DELETE FROM agreements WHERE id = ?`, id); err != nil {
			return err
		}
		for _, d := range docs {
			if err := tx.deleteFile(ctx, d.FileID); err != nil {
				return err
			}
		}
		return tx.auditChange(ctx, "delete", "agreement", id, title, before, nil)
	})
}

// SetAgreementArchived archives or restores an agreement.
func (db *DB) SetAgreementArchived(ctx context.Context, id int64, archived bool) error {
	return setArchived(ctx, db, "agreements", "Perjanjian", "agreement", id, archived, (*Tx).agreement,
		func(a kampungkb.Agreement) string { return a.Title })
}
