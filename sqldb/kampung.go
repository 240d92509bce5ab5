package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kampungkb"
)

// Lists of kampung_codes and profile_items. These strings are stored, so
// they never change even if a code list is renamed.
const (
	listCriteria   = "criteria"
	listArea       = "area"
	listRegulation = "regulation"
	listDataUse    = "data_use"
	listProgram    = "program"
	listFunding    = "funding"
	listMechanism  = "mechanism"
)

// CreateKampung validates and stores a new Kampung KB, setting its ID and
// Meta. The village must be a known desa/kelurahan. The photo is set
// separately (SetKampungPhoto).
func (db *DB) CreateKampung(ctx context.Context, k *kampungkb.Kampung) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkKampung(ctx, k); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO kampung (name, village_code, coverage, coverage_detail, launch_date,
			criteria_other, description, latitude, longitude, archived, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			k.Name, k.VillageCode, k.Coverage, k.CoverageDetail, k.LaunchDate, k.CriteriaOther, k.Description,
			k.Latitude, k.Longitude, k.Archived, tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			return err
		}
		k.ID = id
		k.PhotoFileID = 0
		k.Meta = kampungkb.Meta{Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now, CreatedBy: tx.By, UpdatedBy: tx.By}
		if err := tx.writeKampungCodes(ctx, k); err != nil {
			return err
		}
		if err := tx.touchVillages(ctx, k.VillageCode); err != nil {
			return err
		}
		after, err := tx.kampung(ctx, id)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "create", "kampung", id, after.Name, nil, after)
	})
}

// UpdateKampung validates and stores changes to a Kampung KB. When
// k.Version is set it must match the stored version (else Conflict: someone
// else saved in between); the version then increases. The photo is not
// touched: it changes only through SetKampungPhoto and RemoveKampungPhoto.
func (db *DB) UpdateKampung(ctx context.Context, k *kampungkb.Kampung) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkKampung(ctx, k); err != nil {
			return err
		}
		before, err := tx.kampung(ctx, k.ID)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "kampung", "Kampung KB", k.ID, k.Version); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE kampung SET name = ?, village_code = ?, coverage = ?, coverage_detail = ?,
			launch_date = ?, criteria_other = ?, description = ?, latitude = ?, longitude = ?, archived = ?,
			updated_at = ?, updated_by = ? WHERE id = ?`,
			k.Name, k.VillageCode, k.Coverage, k.CoverageDetail, k.LaunchDate, k.CriteriaOther, k.Description,
			k.Latitude, k.Longitude, k.Archived, tx.Now, tx.By, k.ID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM kampung_codes WHERE kampung_id = ?`, k.ID); err != nil {
			return err
		}
		if err := tx.touchVillages(ctx, before.VillageCode, k.VillageCode); err != nil {
			return err
		}
		if err := tx.writeKampungCodes(ctx, k); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT COALESCE(photo_file_id, 0) FROM kampung WHERE id = ?`, k.ID).Scan(&k.PhotoFileID); err != nil {
			return err
		}
		if err := tx.metaInto(ctx, "kampung", k.ID, &k.Meta); err != nil {
			return err
		}
		after, err := tx.kampung(ctx, k.ID)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "update", "kampung", k.ID, after.Name, before, after)
	})
}

// checkKampung validates k against today's date and checks that its
// village is a known desa/kelurahan, reporting all field problems at once.
func (tx *Tx) checkKampung(ctx context.Context, k *kampungkb.Kampung) error {
	var p kampungkb.Problems
	if err := k.Validate(tx.db.Today()); err != nil {
		fields := kampungkb.ErrorFields(err)
		if len(fields) == 0 {
			return err
		}
		for f, msg := range fields {
			p.Add(f, msg)
		}
	}
	if _, bad := p["village_code"]; !bad {
		var level int
		err := tx.queryRow(ctx, `SELECT level FROM regions WHERE code = ?`, k.VillageCode).Scan(&level)
		switch {
		case kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound:
			p.Add("village_code", "Desa/kelurahan "+k.VillageCode+" tidak dikenal. Impor data wilayah dulu atau periksa kodenya.")
		case err != nil:
			return err
		case kampungkb.Level(level) != kampungkb.Desa:
			p.Add("village_code", "Kode "+k.VillageCode+" bukan desa/kelurahan. Pilih desa/kelurahan tempat Kampung KB.")
		}
	}
	return p.Err("kampung KB")
}

func (tx *Tx) writeKampungCodes(ctx context.Context, k *kampungkb.Kampung) error {
	for _, l := range []struct {
		list  string
		codes []string
	}{{listCriteria, k.Criteria}, {listArea, k.AreaTypes}} {
		for _, c := range l.codes {
			if _, err := tx.exec(ctx, `INSERT INTO kampung_codes (kampung_id, list, code) VALUES (?, ?, ?)`, k.ID, l.list, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// kampungCodes loads the criteria and area types of the given Kampung KB
// into them, in code-list order.
func (tx *Tx) kampungCodes(ctx context.Context, ks []*kampungkb.Kampung) error {
	if len(ks) == 0 {
		return nil
	}
	byID := make(map[int64]*kampungkb.Kampung, len(ks))
	args := make([]any, 0, len(ks))
	for _, k := range ks {
		byID[k.ID] = k
		args = append(args, k.ID)
	}
	rows, err := tx.query(ctx, `SELECT kampung_id, list, code FROM kampung_codes WHERE kampung_id IN (?`+
		strings.Repeat(", ?", len(ks)-1)+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var list, code string
		if err := rows.Scan(&id, &list, &code); err != nil {
			return err
		}
		k := byID[id]
		switch list {
		case listCriteria:
			k.Criteria = append(k.Criteria, code)
		case listArea:
			k.AreaTypes = append(k.AreaTypes, code)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range ks {
		sortInListOrder(kampungkb.Criteria, k.Criteria)
		sortInListOrder(kampungkb.AreaTypes, k.AreaTypes)
	}
	return nil
}

// sortInListOrder sorts codes in the order of list; unknown codes go last,
// alphabetically, so that results are stable.
func sortInListOrder(list kampungkb.CodeList, codes []string) {
	sort.SliceStable(codes, func(i, j int) bool { return listLess(list, codes[i], codes[j]) })
}

// listLess reports whether code a comes before code b in list.
func listLess(list kampungkb.CodeList, a, b string) bool {
	pos := func(c string) int {
		for i, x := range list.Items {
			if x.Code == c {
				return i
			}
		}
		return len(list.Items)
	}
	if pa, pb := pos(a), pos(b); pa != pb {
		return pa < pb
	}
	return a < b
}

const kampungCols = `k.id, k.name, k.village_code, k.coverage, k.coverage_detail, k.launch_date, k.criteria_other,
	k.description, k.latitude, k.longitude, COALESCE(k.photo_file_id, 0), k.archived, k.version, k.created_at,
	k.updated_at, k.created_by, k.updated_by`

func scanKampung(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Kampung, error) {
	var k kampungkb.Kampung
	dest := []any{&k.ID, &k.Name, &k.VillageCode, &k.Coverage, &k.CoverageDetail, &k.LaunchDate, &k.CriteriaOther,
		&k.Description, &k.Latitude, &k.Longitude, &k.PhotoFileID, &k.Archived, &k.Version, &k.CreatedAt,
		&k.UpdatedAt, &k.CreatedBy, &k.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return k, err
}

// Kampung returns one Kampung KB with its criteria, area types, the number
// of its activities, its village and the village's ancestors (Path,
// province first, ending with the village).
func (db *DB) Kampung(ctx context.Context, id int64) (kampungkb.Kampung, error) {
	var k kampungkb.Kampung
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		k, err = tx.kampung(ctx, id)
		return err
	})
	if err != nil {
		return k, err
	}
	if k.Path, err = db.RegionPath(ctx, k.VillageCode); err != nil {
		return k, err
	}
	k.Village = kampungkb.Region{Code: k.VillageCode, Level: kampungkb.Desa, ParentCode: kampungkb.ParentRegionCode(k.VillageCode)}
	if n := len(k.Path); n > 0 && k.Path[n-1].Code == k.VillageCode {
		k.Village = k.Path[n-1]
	}
	return k, nil
}

// kampung reads one Kampung KB with its criteria, area types and number
// of activities inside tx (DB.Kampung adds the village and its path), so
// that a change can record the record as it was and as it is.
func (tx *Tx) kampung(ctx context.Context, id int64) (kampungkb.Kampung, error) {
	var activities int
	k, err := scanKampung(tx.queryRow(ctx, `SELECT `+kampungCols+`,
		(SELECT count(*) FROM activity_kampung ak WHERE ak.kampung_id = k.id)
		FROM kampung k WHERE k.id = ?`, id), &activities)
	k.Activity = activities
	if err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return k, notFound("Kampung KB", id)
		}
		return k, err
	}
	return k, tx.kampungCodes(ctx, []*kampungkb.Kampung{&k})
}

// KampungRow is a Kampung KB in a list with display fields. The embedded
// Kampung's Village holds the village (with its name), Activity counts its
// activities, Criteria and AreaTypes are filled; Path is not.
type KampungRow struct {
	kampungkb.Kampung
	KecamatanName string         `json:"kecamatan_name"`
	KabupatenName string         `json:"kabupaten_name"`
	Partners      int            `json:"partner_count"` // distinct partners of its activities
	LastActivity  kampungkb.Date `json:"last_activity"`
	HasProfile    bool           `json:"has_profile"` // it has a current profile snapshot
}

// KampungList lists Kampung KB ordered by village code, then name, with
// the total for paging. Filters:
//   - Q searches the kampung's and its village's names;
//   - Region keeps the kampung in that region (any level);
//   - Category keeps the kampung with an activity of that family function;
//   - PartnerID keeps the kampung with an activity the partner took part in
//     or contributed to, or with a contribution of the partner to the
//     kampung itself (the latter only without Category: a contribution
//     has no category of its own);
//   - Period restricts the Category and PartnerID conditions to activities
//     (and contributions) dated in the period; alone, it keeps the kampung
//     with any activity in the period;
//   - KampungID keeps that one kampung;
//   - archived kampung are listed only when Archived is set;
//   - Scope keeps the kampung in the scope's region and, for a partner
//     user, those its organisation reached.
func (db *DB) KampungList(ctx context.Context, f kampungkb.Filter) ([]KampungRow, int, error) {
	sc, err := db.scopeOf(ctx, f.Scope)
	if err != nil {
		return nil, 0, err
	}
	var w where
	sc.kampung(&w, "k.id", "k.village_code")
	if !f.Archived {
		w.add(`NOT k.archived`)
	}
	if strings.TrimSpace(f.Q) != "" {
		w.add(`(lower(k.name) LIKE ? ESCAPE '\' OR lower(v.name) LIKE ? ESCAPE '\')`, likeQ(f.Q), likeQ(f.Q))
	}
	if f.Region != "" {
		code := f.Region
		if c, _, ok := kampungkb.NormalizeRegionCode(code); ok {
			code = c
		}
		cond, args := regionRange("k.village_code", code)
		w.add(cond, args...)
	}
	if f.KampungID != 0 {
		w.add(`k.id = ?`, f.KampungID)
	}
	addKampungActivityFilter(&w, f)

	limit, offset := f.Page()
	from := ` FROM kampung k
		JOIN regions v ON v.code = k.village_code
		LEFT JOIN regions kec ON kec.code = v.parent_code
		LEFT JOIN regions kab ON kab.code = kec.parent_code` + w.String()
	q := `SELECT ` + kampungCols + `, v.name, v.level, COALESCE(v.parent_code, ''),
		COALESCE(kec.name, ''), COALESCE(kab.name, ''),
		(SELECT count(*) FROM activity_kampung ak WHERE ak.kampung_id = k.id),
		(SELECT count(DISTINCT ap.partner_id) FROM activity_kampung ak
			JOIN activity_partners ap ON ap.activity_id = ak.activity_id WHERE ak.kampung_id = k.id),
		(SELECT max(a.date) FROM activity_kampung ak JOIN activities a ON a.id = ak.activity_id WHERE ak.kampung_id = k.id),
		EXISTS (SELECT 1 FROM kampung_profiles kp WHERE kp.kampung_id = k.id AND kp.is_current),
		count(*) OVER()` + from + ` ORDER BY k.village_code, lower(k.name), k.id LIMIT ? OFFSET ?`
	var out []KampungRow
	total := 0
	err = db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, append(w.args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r KampungRow
			var v kampungkb.Region
			var level, activities int
			k, err := scanKampung(rows, &v.Name, &level, &v.ParentCode, &r.KecamatanName, &r.KabupatenName,
				&activities, &r.Partners, &r.LastActivity, &r.HasProfile, &total)
			if err != nil {
				return err
			}
			v.Code, v.Level = k.VillageCode, kampungkb.Level(level)
			k.Village, k.Activity = v, activities
			r.Kampung = k
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(out) == 0 && offset > 0 {
			// Past the last page: still report the total.
			return tx.queryRow(ctx, `SELECT count(*)`+from, w.args...).Scan(&total)
		}
		ks := make([]*kampungkb.Kampung, len(out))
		for i := range out {
			ks[i] = &out[i].Kampung
		}
		return tx.kampungCodes(ctx, ks)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// addKampungActivityFilter adds the Category, PartnerID and Period
// conditions of KampungList (see there).
func addKampungActivityFilter(w *where, f kampungkb.Filter) {
	var conds []string
	var args []any
	period := func(col string) {
		if !f.Period.From.IsZero() {
			conds = append(conds, col+` >= ?`)
			args = append(args, f.Period.From)
		}
		if !f.Period.To.IsZero() {
			conds = append(conds, col+` <= ?`)
			args = append(args, f.Period.To)
		}
	}
	if f.Category != "" {
		conds = append(conds, `a.category = ?`)
		args = append(args, f.Category)
	}
	if f.PartnerID != 0 {
		conds = append(conds, `(EXISTS (SELECT 1 FROM activity_partners ap WHERE ap.activity_id = a.id AND ap.partner_id = ?)
			OR EXISTS (SELECT 1 FROM contributions c WHERE c.activity_id = a.id AND c.partner_id = ?))`)
		args = append(args, f.PartnerID, f.PartnerID)
	}
	period("a.date")
	if len(conds) == 0 {
		return
	}
	cond := `EXISTS (SELECT 1 FROM activity_kampung ak JOIN activities a ON a.id = ak.activity_id
		WHERE ak.kampung_id = k.id AND ` + strings.Join(conds, " AND ") + `)`
	if f.PartnerID != 0 && f.Category == "" {
		conds, args = conds[:0], append(args, f.PartnerID)
		period("c.date")
		direct := `EXISTS (SELECT 1 FROM contributions c WHERE c.kampung_id = k.id AND c.partner_id = ?`
		for _, c := range conds {
			direct += ` AND ` + c
		}
		cond = `(` + cond + ` OR ` + direct + `))`
	}
	w.add(cond, args...)
}

// KampungRefs returns the non-archived Kampung KB in region ("" = all) and
// in scope as references named "Name (Village)", for pickers, ordered by
// name.
func (db *DB) KampungRefs(ctx context.Context, region string, scope kampungkb.Scope) ([]kampungkb.Ref, error) {
	sc, err := db.scopeOf(ctx, scope)
	if err != nil {
		return nil, err
	}
	var w where
	w.add(`NOT k.archived`)
	sc.kampung(&w, "k.id", "k.village_code")
	if region != "" {
		if c, _, ok := kampungkb.NormalizeRegionCode(region); ok {
			region = c
		}
		cond, args := regionRange("k.village_code", region)
		w.add(cond, args...)
	}
	return db.read().refs(ctx, `SELECT k.id, k.name || ' (' || v.name || ')'
		FROM kampung k JOIN regions v ON v.code = k.village_code`+w.String()+` ORDER BY lower(k.name), v.name, k.id`, w.args...)
}

// SetKampungPhoto stores f as the photo of Kampung KB id (setting f's ID
// and checksum) and deletes the photo it replaces. The caller checks the
// upload first (kampungkb.CheckUpload with PhotoTypes and MaxPhotoSize).
// The version is not increased: UpdateKampung never writes the photo, so
// a form opened before the photo changed can still be saved.
func (db *DB) SetKampungPhoto(ctx context.Context, id int64, f *kampungkb.File) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.kampung(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.insertFile(ctx, f); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE kampung SET photo_file_id = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			f.ID, tx.Now, tx.By, id); err != nil {
			return err
		}
		if err := tx.deleteFile(ctx, before.PhotoFileID); err != nil {
			return err
		}
		after, err := tx.kampung(ctx, id)
		if err != nil {
			return err
		}
		return tx.auditSummary(ctx, "update", "kampung", id, fmt.Sprintf(`Foto Kampung KB "%s" diganti: %s (%s byte)`,
			after.Name, f.Name, kampungkb.FormatInt(f.Size)), before, after)
	})
}

// RemoveKampungPhoto removes and deletes the photo of Kampung KB id, if any.
func (db *DB) RemoveKampungPhoto(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.kampung(ctx, id)
		if err != nil || before.PhotoFileID == 0 {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE kampung SET photo_file_id = NULL, updated_at = ?, updated_by = ? WHERE id = ?`,
			tx.Now, tx.By, id); err != nil {
			return err
		}
		if err := tx.deleteFile(ctx, before.PhotoFileID); err != nil {
			return err
		}
		after, err := tx.kampung(ctx, id)
		if err != nil {
			return err
		}
		return tx.auditSummary(ctx, "update", "kampung", id, fmt.Sprintf(`Foto Kampung KB "%s" dihapus`, after.Name), before, after)
	})
}

// DeleteKampung deletes a Kampung KB that no activity, contribution or
// agreement refers to, with its profiles and photo. Otherwise the error
// (Conflict) says what refers to it and suggests archiving instead.
func (db *DB) DeleteKampung(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.kampung(ctx, id)
		if err != nil {
			return err
		}
		name, photo := before.Name, before.PhotoFileID
		used, err := tx.usages(ctx, id, []struct{ what, q string }{
			{"kegiatan", `SELECT count(*) FROM activity_kampung WHERE kampung_id = ?`},
			{"kontribusi", `SELECT count(*) FROM contributions WHERE kampung_id = ?`},
			{"perjanjian", `SELECT count(DISTINCT agreement_id) FROM agreement_parties WHERE kampung_id = ?`},
		})
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: fmt.Sprintf(
				"Kampung KB %q tidak dapat dihapus karena masih dirujuk oleh %s. Arsipkan Kampung KB ini agar tidak muncul di daftar, tanpa menghilangkan riwayatnya.",
				name, strings.Join(used, ", "))}
		}
		if _, err := tx.exec(ctx, `DELETE FROM kampung WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.touchVillages(ctx, before.VillageCode); err != nil {
			return err
		}
		if err := tx.deleteFile(ctx, photo); err != nil {
			return err
		}
		return tx.auditChange(ctx, "delete", "kampung", id, name, before, nil)
	})
}

// SetKampungArchived archives or restores a Kampung KB.
func (db *DB) SetKampungArchived(ctx context.Context, id int64, archived bool) error {
	return setArchived(ctx, db, "kampung", "Kampung KB", "kampung", id, archived, (*Tx).kampung,
		func(k kampungkb.Kampung) string { return k.Name })
}

// SaveProfile validates p and stores it as a new snapshot of its Kampung
// KB, setting p's ID, Current and creation fields. Snapshots are never
// updated: every save adds one, so the history stays complete.
//
// The current snapshot is the one with the latest AsOf, ties going to the
// latest saved. A back-dated snapshot (older than the current one) is
// therefore kept in the history but does not become current. The flag is
// recomputed in the same transaction, clearing the old one first, so the
// unique index kampung_profiles_one_current always holds.
func (db *DB) SaveProfile(ctx context.Context, p *kampungkb.Profile) error {
	if err := p.Validate(db.Today()); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		// Locks the kampung row on PostgreSQL, so that concurrent saves
		// for one kampung decide the current snapshot one after the other
		// (SQLite has a single writer anyway).
		res, err := tx.exec(ctx, `UPDATE kampung SET version = version WHERE id = ?`, p.KampungID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Kampung KB", p.KampungID)
		}
		id, err := tx.insert(ctx, `INSERT INTO kampung_profiles (kampung_id, as_of, is_current, pokja_exists, pokja_sk,
			pokja_sk_number, pokja_members, pokja_trained, pokja_training_note, pkb_assigned, pkb_name, pkb_nip,
			pkb_contact, guide, guide_other, rkm, note, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.KampungID, p.AsOf, false, p.PokjaExists, p.PokjaSK, p.PokjaSKNumber, p.PokjaMembers, p.PokjaTrained,
			p.PokjaTrainingNote, p.PKBAssigned, p.PKBName, p.PKBNIP, p.PKBContact, p.Guide, p.GuideOther, p.RKM,
			p.Note, tx.Now, tx.By)
		if err != nil {
			return err
		}
		p.ID, p.CreatedAt, p.CreatedBy = id, tx.Now, tx.By
		if err := tx.writeProfileItems(ctx, p); err != nil {
			return err
		}
		current, err := tx.setCurrentProfile(ctx, p.KampungID)
		p.Current = current == p.ID
		if err != nil {
			return err
		}
		after, err := tx.profiles(ctx, p.KampungID, `id = ?`, id)
		if err != nil {
			return err
		}
		if len(after) == 0 {
			return notFound("Profil Kampung KB", id)
		}
		var name string
		if err := tx.queryRow(ctx, `SELECT name FROM kampung WHERE id = ?`, p.KampungID).Scan(&name); err != nil {
			return err
		}
		return tx.auditSummary(ctx, "create", "kampung_profile", id,
			fmt.Sprintf(`Profil Kampung KB "%s" per %s disimpan`, name, kampungkb.FormatDate(p.AsOf)), nil, after[0])
	})
}

// setCurrentProfile marks the snapshot with the latest as_of (then the
// latest id) as the current one of the kampung and returns its id.
func (tx *Tx) setCurrentProfile(ctx context.Context, kampungID int64) (int64, error) {
	var id int64
	if err := tx.queryRow(ctx, `SELECT id FROM kampung_profiles WHERE kampung_id = ?
		ORDER BY as_of DESC, id DESC LIMIT 1`, kampungID).Scan(&id); err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `UPDATE kampung_profiles SET is_current = ? WHERE kampung_id = ? AND is_current AND id <> ?`,
		false, kampungID, id); err != nil {
		return 0, err
	}
	_, err := tx.exec(ctx, `UPDATE kampung_profiles SET is_current = ? WHERE id = ? AND NOT is_current`, true, id)
	return id, err
}

func (tx *Tx) writeProfileItems(ctx context.Context, p *kampungkb.Profile) error {
	const q = `INSERT INTO profile_items (profile_id, list, code, frequency, frequency_other) VALUES (?, ?, ?, ?, ?)`
	for _, l := range []struct {
		list  string
		codes []string
	}{{listRegulation, p.Regulations}, {listDataUse, p.DataUses}, {listProgram, p.Programs}, {listFunding, p.Funding}} {
		for _, c := range l.codes {
			if _, err := tx.exec(ctx, q, p.ID, l.list, c, "", ""); err != nil {
				return err
			}
		}
	}
	for _, m := range p.Mechanisms {
		if _, err := tx.exec(ctx, q, p.ID, listMechanism, m.Code, m.Frequency, m.FrequencyOther); err != nil {
			return err
		}
	}
	return nil
}

const profileCols = `id, kampung_id, as_of, is_current, pokja_exists, pokja_sk, pokja_sk_number, pokja_members,
	pokja_trained, pokja_training_note, pkb_assigned, pkb_name, pkb_nip, pkb_contact, guide, guide_other, rkm, note,
	created_at, created_by`

func scanProfile(s interface{ Scan(...any) error }) (kampungkb.Profile, error) {
	var p kampungkb.Profile
	err := s.Scan(&p.ID, &p.KampungID, &p.AsOf, &p.Current, &p.PokjaExists, &p.PokjaSK, &p.PokjaSKNumber, &p.PokjaMembers,
		&p.PokjaTrained, &p.PokjaTrainingNote, &p.PKBAssigned, &p.PKBName, &p.PKBNIP, &p.PKBContact, &p.Guide,
		&p.GuideOther, &p.RKM, &p.Note, &p.CreatedAt, &p.CreatedBy)
	return p, err
}

// CurrentProfile returns the current profile snapshot of Kampung KB
// kampungID; NotFound when it has none yet.
func (db *DB) CurrentProfile(ctx context.Context, kampungID int64) (kampungkb.Profile, error) {
	ps, err := db.profiles(ctx, kampungID, `kampung_id = ? AND is_current`, kampungID)
	if err != nil {
		return kampungkb.Profile{}, err
	}
	if len(ps) == 0 {
		return kampungkb.Profile{}, &kampungkb.Error{Kind: kampungkb.NotFound,
			Message: fmt.Sprintf("Kampung KB %d belum memiliki profil. Isi profilnya terlebih dahulu.", kampungID)}
	}
	return ps[0], nil
}

// Profile returns snapshot profileID of Kampung KB kampungID; NotFound
// when there is no such snapshot of that kampung.
func (db *DB) Profile(ctx context.Context, kampungID, profileID int64) (kampungkb.Profile, error) {
	ps, err := db.profiles(ctx, kampungID, `id = ? AND kampung_id = ?`, profileID, kampungID)
	if err != nil {
		return kampungkb.Profile{}, err
	}
	if len(ps) == 0 {
		return kampungkb.Profile{}, notFound("Profil Kampung KB", profileID)
	}
	return ps[0], nil
}

// Profiles returns the profile history of Kampung KB kampungID, newest
// (latest AsOf, then latest saved) first, with all lists.
func (db *DB) Profiles(ctx context.Context, kampungID int64) ([]kampungkb.Profile, error) {
	return db.profiles(ctx, kampungID, `kampung_id = ?`, kampungID)
}

// profiles returns the snapshots of kampungID selected by cond, newest
// first, with their items loaded in one query. It reports NotFound when
// the kampung itself does not exist.
func (db *DB) profiles(ctx context.Context, kampungID int64, cond string, args ...any) ([]kampungkb.Profile, error) {
	var out []kampungkb.Profile
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		out, err = tx.profiles(ctx, kampungID, cond, args...)
		return err
	})
	return out, err
}

// profiles is DB.profiles inside tx (so that SaveProfile can record the
// snapshot as stored).
func (tx *Tx) profiles(ctx context.Context, kampungID int64, cond string, args ...any) ([]kampungkb.Profile, error) {
	var out []kampungkb.Profile
	rows, err := tx.query(ctx, `SELECT `+profileCols+` FROM kampung_profiles WHERE `+cond+` ORDER BY as_of DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM kampung WHERE id = ?`, kampungID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, notFound("Kampung KB", kampungID)
		}
		return nil, nil
	}
	return out, tx.profileItems(ctx, out)
}

// profileItems loads the lists of the snapshots ps (all of one kampung)
// with one query, in code-list order.
func (tx *Tx) profileItems(ctx context.Context, ps []kampungkb.Profile) error {
	byID := make(map[int64]*kampungkb.Profile, len(ps))
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
	}
	q, args := `SELECT pi.profile_id, pi.list, pi.code, pi.frequency, pi.frequency_other FROM profile_items pi
		JOIN kampung_profiles kp ON kp.id = pi.profile_id WHERE kp.kampung_id = ?`, []any{ps[0].KampungID}
	if len(ps) == 1 {
		q, args = `SELECT profile_id, list, code, frequency, frequency_other FROM profile_items WHERE profile_id = ?`, []any{ps[0].ID}
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var list string
		var m kampungkb.Mechanism
		if err := rows.Scan(&id, &list, &m.Code, &m.Frequency, &m.FrequencyOther); err != nil {
			return err
		}
		p := byID[id]
		if p == nil {
			continue
		}
		switch list {
		case listRegulation:
			p.Regulations = append(p.Regulations, m.Code)
		case listDataUse:
			p.DataUses = append(p.DataUses, m.Code)
		case listProgram:
			p.Programs = append(p.Programs, m.Code)
		case listFunding:
			p.Funding = append(p.Funding, m.Code)
		case listMechanism:
			p.Mechanisms = append(p.Mechanisms, m)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range ps {
		p := &ps[i]
		sortInListOrder(kampungkb.Regulations, p.Regulations)
		sortInListOrder(kampungkb.DataUses, p.DataUses)
		sortInListOrder(kampungkb.Programs, p.Programs)
		sortInListOrder(kampungkb.FundingSources, p.Funding)
		sort.SliceStable(p.Mechanisms, func(a, b int) bool {
			return listLess(kampungkb.Mechanisms, p.Mechanisms[a].Code, p.Mechanisms[b].Code)
		})
	}
	return nil
}
