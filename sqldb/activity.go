package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kampungkb"
)

// CreateActivity validates and stores a new activity with its Kampung KB,
// partners, institutions, target groups and attendees, setting its ID and
// Meta. Every Kampung KB, partner and the agreement must exist.
func (db *DB) CreateActivity(ctx context.Context, a *kampungkb.Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error { return tx.createActivity(ctx, a) })
}

// CreateActivities stores many activities in one transaction: all or
// nothing. Each is validated first; the error of the first invalid one
// names its position (1-based) in Op.
func (db *DB) CreateActivities(ctx context.Context, as []*kampungkb.Activity) error {
	for i, a := range as {
		if err := a.Validate(); err != nil {
			if e, ok := err.(*kampungkb.Error); ok {
				e.Op = fmt.Sprintf("kegiatan ke-%d", i+1)
			}
			return err
		}
	}
	return db.write(ctx, func(tx *Tx) error {
		for i, a := range as {
			if err := tx.createActivity(ctx, a); err != nil {
				if e, ok := err.(*kampungkb.Error); ok {
					e.Op = fmt.Sprintf("kegiatan ke-%d", i+1)
				}
				return err
			}
		}
		return nil
	})
}

func (tx *Tx) createActivity(ctx context.Context, a *kampungkb.Activity) error {
	if err := tx.checkActivityRefs(ctx, a); err != nil {
		return err
	}
	id, err := tx.insert(ctx, `INSERT INTO activities (title, date, start_time, end_time, place, category, type,
		agreement_id, other_institutions, participants_male, participants_female, description, outcome,
		version, created_at, updated_at, created_by, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
		a.Title, a.Date, a.StartTime, a.EndTime, a.Place, a.Category, a.Type,
		nullID(a.AgreementID), a.OtherInstitutions, a.ParticipantsMale, a.ParticipantsFemale, a.Description, a.Outcome,
		tx.Now, tx.Now, tx.By, tx.By)
	if err != nil {
		return err
	}
	a.ID = id
	a.Meta = kampungkb.Meta{Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now, CreatedBy: tx.By, UpdatedBy: tx.By}
	if err := tx.writeActivityChildren(ctx, a); err != nil {
		return err
	}
	after, err := tx.activity(ctx, id)
	if err != nil {
		return err
	}
	return tx.auditChange(ctx, "create", "activity", id, after.Title, nil, after)
}

// UpdateActivity validates and stores changes to an activity, replacing
// its links, codes and attendees (photos are kept; see AddActivityPhoto).
// When a.Version is set it must match the stored version (else Conflict:
// someone else saved in between); the version then increases.
func (db *DB) UpdateActivity(ctx context.Context, a *kampungkb.Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkActivityRefs(ctx, a); err != nil {
			return err
		}
		before, err := tx.activity(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "activities", "Kegiatan", a.ID, a.Version); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE activities SET title = ?, date = ?, start_time = ?, end_time = ?, place = ?,
			category = ?, type = ?, agreement_id = ?, other_institutions = ?, participants_male = ?,
			participants_female = ?, description = ?, outcome = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			a.Title, a.Date, a.StartTime, a.EndTime, a.Place, a.Category, a.Type, nullID(a.AgreementID),
			a.OtherInstitutions, a.ParticipantsMale, a.ParticipantsFemale, a.Description, a.Outcome, tx.Now, tx.By, a.ID)
		if err != nil {
			return err
		}
		for _, table := range []string{"activity_kampung", "activity_partners", "activity_codes", "activity_attendees"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE activity_id = ?`, a.ID); err != nil {
				return err
			}
		}
		if err := tx.writeActivityChildren(ctx, a); err != nil {
			return err
		}
		if err := tx.metaInto(ctx, "activities", a.ID, &a.Meta); err != nil {
			return err
		}
		after, err := tx.activity(ctx, a.ID)
		if err != nil {
			return err
		}
		return tx.auditChange(ctx, "update", "activity", a.ID, after.Title, before, after)
	})
}

// checkActivityRefs reports, as field errors, Kampung KB, partners or an
// agreement that do not exist.
func (tx *Tx) checkActivityRefs(ctx context.Context, a *kampungkb.Activity) error {
	var p kampungkb.Problems
	missing, err := tx.missingIDs(ctx, "kampung", a.KampungIDs)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		p.Add("kampung_ids", fmt.Sprintf("Kampung KB dengan id %s tidak ditemukan. Pilih ulang Kampung KB dari daftar.", joinIDs(missing)))
	}
	if missing, err = tx.missingIDs(ctx, "partners", a.PartnerIDs); err != nil {
		return err
	}
	if len(missing) > 0 {
		p.Add("partner_ids", fmt.Sprintf("Mitra dengan id %s tidak ditemukan. Pilih ulang mitra dari daftar.", joinIDs(missing)))
	}
	if a.AgreementID != 0 {
		if missing, err = tx.missingIDs(ctx, "agreements", []int64{a.AgreementID}); err != nil {
			return err
		}
		if len(missing) > 0 {
			p.Add("agreement_id", fmt.Sprintf("Perjanjian dengan id %d tidak ditemukan. Pilih ulang perjanjian dari daftar.", a.AgreementID))
		}
	}
	return p.Err("kegiatan")
}

func (tx *Tx) writeActivityChildren(ctx context.Context, a *kampungkb.Activity) error {
	var rows []any
	for _, k := range a.KampungIDs {
		rows = append(rows, a.ID, k)
	}
	if err := tx.insertValues(ctx, `INSERT INTO activity_kampung (activity_id, kampung_id)`, 2, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, p := range a.PartnerIDs {
		rows = append(rows, a.ID, p)
	}
	if err := tx.insertValues(ctx, `INSERT INTO activity_partners (activity_id, partner_id)`, 2, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, c := range a.Institutions {
		rows = append(rows, a.ID, kampungkb.Institutions.Name, c)
	}
	for _, c := range a.Targets {
		rows = append(rows, a.ID, kampungkb.TargetGroups.Name, c)
	}
	if err := tx.insertValues(ctx, `INSERT INTO activity_codes (activity_id, list, code)`, 3, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for i, x := range a.Attendees {
		rows = append(rows, a.ID, i, x.Name, x.Sex, x.Role)
	}
	return tx.insertValues(ctx, `INSERT INTO activity_attendees (activity_id, position, name, sex, role)`, 5, rows)
}

// insertBatch is the number of rows per multi-row INSERT of insertValues;
// with up to 10 columns it stays far below both engines' parameter limits.
const insertBatch = 500

// insertValues runs head (an INSERT naming its columns) with VALUES for
// args, a flat list of width values per row, in batches.
func (tx *Tx) insertValues(ctx context.Context, head string, width int, args []any) error {
	n := len(args) / width
	row := "(?" + strings.Repeat(", ?", width-1) + ")"
	for i := 0; i < n; i += insertBatch {
		m := min(insertBatch, n-i)
		q := head + " VALUES " + row + strings.Repeat(", "+row, m-1)
		if _, err := tx.exec(ctx, q, args[i*width:(i+m)*width]...); err != nil {
			return err
		}
	}
	return nil
}

// missingIDs returns those of ids that have no row in table.
func (tx *Tx) missingIDs(ctx context.Context, table string, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inIDs(ids)
	rows, err := tx.query(ctx, `SELECT id FROM `+table+` WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		found[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []int64
	for _, id := range ids {
		if !found[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

// inIDs returns "?, ?, ?" for ids and the ids as arguments.
func inIDs(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}

// dateIn restricts the date column col to the period; zero ends are open.
func (w *where) dateIn(col string, p kampungkb.Period) {
	if !p.From.IsZero() {
		w.add(col+" >= ?", p.From)
	}
	if !p.To.IsZero() {
		w.add(col+" <= ?", p.To)
	}
}

const activityCols = `a.id, a.title, a.date, a.start_time, a.end_time, a.place, a.category, a.type,
	COALESCE(a.agreement_id, 0), COALESCE(ag.title, ''), a.other_institutions, a.participants_male,
	a.participants_female, a.description, a.outcome, a.version, a.created_at, a.updated_at, a.created_by, a.updated_by`

func scanActivity(s interface{ Scan(...any) error }, extra ...any) (kampungkb.Activity, error) {
	var a kampungkb.Activity
	dest := []any{&a.ID, &a.Title, &a.Date, &a.StartTime, &a.EndTime, &a.Place, &a.Category, &a.Type,
		&a.AgreementID, &a.AgreementTitle, &a.OtherInstitutions, &a.ParticipantsMale,
		&a.ParticipantsFemale, &a.Description, &a.Outcome, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.CreatedBy, &a.UpdatedBy}
	err := s.Scan(append(dest, extra...)...)
	return a, err
}

// Activity returns one activity with its Kampung KB and partners (IDs and
// Refs, by name), institutions and target groups (in code-list order),
// attendees, photos and the agreement's title.
func (db *DB) Activity(ctx context.Context, id int64) (kampungkb.Activity, error) {
	var a kampungkb.Activity
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		a, err = tx.activity(ctx, id)
		return err
	})
	return a, err
}

// activity reads one activity as DB.Activity returns it, inside tx (so
// that a change can record the activity as it was and as it is).
func (tx *Tx) activity(ctx context.Context, id int64) (kampungkb.Activity, error) {
	a, err := scanActivity(tx.queryRow(ctx, `SELECT `+activityCols+` FROM activities a
		LEFT JOIN agreements ag ON ag.id = a.agreement_id WHERE a.id = ?`, id))
	if err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return a, notFound("Kegiatan", id)
		}
		return a, err
	}
	page := []*kampungkb.Activity{&a}
	if err := tx.activityLinks(ctx, page); err != nil {
		return a, err
	}
	rows, err := tx.query(ctx, `SELECT list, code FROM activity_codes WHERE activity_id = ?`, id)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var list, code string
		if err := rows.Scan(&list, &code); err != nil {
			rows.Close()
			return a, err
		}
		switch list {
		case kampungkb.Institutions.Name:
			a.Institutions = append(a.Institutions, code)
		case kampungkb.TargetGroups.Name:
			a.Targets = append(a.Targets, code)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	sortByList(a.Institutions, kampungkb.Institutions)
	sortByList(a.Targets, kampungkb.TargetGroups)
	rows, err = tx.query(ctx, `SELECT name, sex, role FROM activity_attendees WHERE activity_id = ? ORDER BY position`, id)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var x kampungkb.Attendee
		if err := rows.Scan(&x.Name, &x.Sex, &x.Role); err != nil {
			rows.Close()
			return a, err
		}
		a.Attendees = append(a.Attendees, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	rows, err = tx.query(ctx, `SELECT id, file_id, tag, caption FROM activity_photos WHERE activity_id = ? ORDER BY id`, id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var p kampungkb.Photo
		if err := rows.Scan(&p.ID, &p.FileID, &p.Tag, &p.Caption); err != nil {
			return a, err
		}
		a.Photos = append(a.Photos, p)
	}
	return a, rows.Err()
}

// sortByList orders codes as they appear in list.
func sortByList(codes []string, list kampungkb.CodeList) {
	pos := map[string]int{}
	for i, c := range list.Items {
		pos[c.Code] = i
	}
	sort.SliceStable(codes, func(i, j int) bool { return pos[codes[i]] < pos[codes[j]] })
}

// activityLinks fills KampungIDs, Kampung, PartnerIDs and Partners of the
// activities with one query per link table, whatever the page's size.
func (tx *Tx) activityLinks(ctx context.Context, page []*kampungkb.Activity) error {
	if len(page) == 0 {
		return nil
	}
	byID := make(map[int64]*kampungkb.Activity, len(page))
	ids := make([]int64, len(page))
	for i, a := range page {
		byID[a.ID] = a
		ids[i] = a.ID
	}
	in, args := inIDs(ids)
	load := func(q string, add func(a *kampungkb.Activity, r kampungkb.Ref)) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var r kampungkb.Ref
			if err := rows.Scan(&id, &r.ID, &r.Name); err != nil {
				return err
			}
			add(byID[id], r)
		}
		return rows.Err()
	}
	err := load(`SELECT ak.activity_id, k.id, k.name FROM activity_kampung ak JOIN kampung k ON k.id = ak.kampung_id
		WHERE ak.activity_id IN (`+in+`) ORDER BY lower(k.name), k.id`, func(a *kampungkb.Activity, r kampungkb.Ref) {
		a.KampungIDs = append(a.KampungIDs, r.ID)
		a.Kampung = append(a.Kampung, r)
	})
	if err != nil {
		return err
	}
	return load(`SELECT ap.activity_id, p.id, p.name FROM activity_partners ap JOIN partners p ON p.id = ap.partner_id
		WHERE ap.activity_id IN (`+in+`) ORDER BY lower(p.name), p.id`, func(a *kampungkb.Activity, r kampungkb.Ref) {
		a.PartnerIDs = append(a.PartnerIDs, r.ID)
		a.Partners = append(a.Partners, r)
	})
}

// ActivityRow is an activity in a list. Its Kampung KB and partners are
// filled; institutions, target groups, attendees and photos are not (see
// DB.Activity).
type ActivityRow struct {
	kampungkb.Activity
}

// Activities lists activities, newest first (date, then id, descending).
// Filters: Q searches title and place; Region keeps activities with a
// Kampung KB in that region; Category, Type, AgreementID match exactly;
// PartnerID and KampungID keep activities linked to that partner (not its
// units) or Kampung KB; Period bounds the date; Scope keeps the activities
// with a Kampung KB in the scope's region and, for a partner user, those its
// organisation took part in or contributed to.
//
// The total comes from a separate count(*) in the same snapshot rather
// than count(*) OVER(): over 20,000 activities SQLite's window costs about
// 12 ms a page, a plain count a few microseconds (BenchmarkActivities).
func (db *DB) Activities(ctx context.Context, f kampungkb.Filter) ([]ActivityRow, int, error) {
	limit, offset := f.Page()
	var out []ActivityRow
	total := 0
	err := db.readTx(ctx, func(tx *Tx) error {
		w, err := tx.activityFilter(ctx, f)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+activityCols+` FROM activities a
			LEFT JOIN agreements ag ON ag.id = a.agreement_id`+w.String()+`
			ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?`, append(w.args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanActivity(rows)
			if err != nil {
				return err
			}
			out = append(out, ActivityRow{a})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(out) < limit && (len(out) > 0 || offset == 0) {
			total = offset + len(out) // the last page: no need to count
		} else if err := tx.queryRow(ctx, `SELECT count(*) FROM activities a`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		page := make([]*kampungkb.Activity, len(out))
		for i := range out {
			page[i] = &out[i].Activity
		}
		return tx.activityLinks(ctx, page)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// activityFilter returns the conditions of an activity list. Links are
// matched with IN (subquery), which both engines drive from the link
// tables' indexes; SQLite runs EXISTS as a correlated subquery per row.
func (tx *Tx) activityFilter(ctx context.Context, f kampungkb.Filter) (where, error) {
	var w where
	if !f.Scope.Unrestricted() {
		sc, err := tx.resolveScope(ctx, f.Scope)
		if err != nil {
			return w, err
		}
		if sc.region != "" {
			// a district's own installation: its staff see every activity
			all, err := tx.regionHoldsAllKampung(ctx, sc.region)
			if err != nil {
				return w, err
			}
			if all {
				sc.region = ""
			}
		}
		sc.activity(&w, "a.id")
	}
	if f.Q != "" {
		w.add(`(lower(a.title) LIKE ? ESCAPE '\' OR lower(a.place) LIKE ? ESCAPE '\')`, likeQ(f.Q), likeQ(f.Q))
	}
	if f.Region != "" {
		all, err := tx.regionHoldsAllKampung(ctx, f.Region)
		if err != nil {
			return w, err
		}
		if !all {
			cond, args := regionRange("k.village_code", f.Region)
			w.add(`a.id IN (SELECT ak.activity_id FROM activity_kampung ak JOIN kampung k ON k.id = ak.kampung_id
				WHERE `+cond+`)`, args...)
		}
	}
	if f.Category != "" {
		w.add(`a.category = ?`, f.Category)
	}
	if f.Type != "" {
		w.add(`a.type = ?`, f.Type)
	}
	if f.PartnerID != 0 {
		w.add(`a.id IN (SELECT ap.activity_id FROM activity_partners ap WHERE ap.partner_id = ?)`, f.PartnerID)
	}
	if f.KampungID != 0 {
		w.add(`a.id IN (SELECT ak.activity_id FROM activity_kampung ak WHERE ak.kampung_id = ?)`, f.KampungID)
	}
	if f.AgreementID != 0 {
		w.add(`a.agreement_id = ?`, f.AgreementID)
	}
	w.dateIn("a.date", f.Period)
	return w, nil
}

// regionHoldsAllKampung reports whether every Kampung KB lies in region,
// as in a district's own installation listing its whole kabupaten: the
// region filter then keeps every activity (each has a Kampung KB) and is
// left out, sparing a lookup per activity. Codes with a common prefix form
// one range in byte order, so the smallest and largest village codes
// (read from the index) decide.
func (tx *Tx) regionHoldsAllKampung(ctx context.Context, region string) (bool, error) {
	var lo, hi *string
	if err := tx.queryRow(ctx, `SELECT min(village_code), max(village_code) FROM kampung`).Scan(&lo, &hi); err != nil {
		return false, err
	}
	return lo != nil && kampungkb.InRegion(*lo, region) && kampungkb.InRegion(*hi, region), nil
}

// AddActivityPhoto stores a photo of an activity, tagged kegiatan, sebelum
// or sesudah. f's ContentType must have been sniffed from its bytes; its
// Size is taken from Data.
func (db *DB) AddActivityPhoto(ctx context.Context, activityID int64, tag, caption string, f *kampungkb.File) (kampungkb.Photo, error) {
	caption = strings.TrimSpace(caption)
	f.Size = int64(len(f.Data))
	var p kampungkb.Problems
	if !kampungkb.PhotoTags.Has(tag) {
		p.Add("tag", "Pilih jenis foto: kegiatan, sebelum atau sesudah.")
	}
	if len([]rune(caption)) > 500 {
		p.Add("caption", "Keterangan foto terlalu panjang: paling banyak 500 karakter.")
	}
	if err := kampungkb.CheckUpload("photo", *f, kampungkb.PhotoTypes, kampungkb.MaxPhotoSize); err != nil {
		for k, v := range kampungkb.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	if err := p.Err("foto kegiatan"); err != nil {
		return kampungkb.Photo{}, err
	}
	ph := kampungkb.Photo{Tag: tag, Caption: caption}
	err := db.write(ctx, func(tx *Tx) error {
		var title string
		if err := tx.queryRow(ctx, `SELECT title FROM activities WHERE id = ?`, activityID).Scan(&title); err != nil {
			if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
				return notFound("Kegiatan", activityID)
			}
			return err
		}
		if err := tx.insertFile(ctx, f); err != nil {
			return err
		}
		ph.FileID = f.ID
		var err error
		ph.ID, err = tx.insert(ctx, `INSERT INTO activity_photos (activity_id, file_id, tag, caption, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?)`, activityID, f.ID, tag, caption, tx.Now, tx.By)
		if err != nil {
			return err
		}
		after, err := tx.activityPhoto(ctx, activityID, ph.ID)
		if err != nil {
			return err
		}
		return tx.auditSummary(ctx, "create", "activity_photo", ph.ID,
			fmt.Sprintf(`Foto (%s) ditambahkan ke kegiatan "%s"`, f.Name, title), nil, after)
	})
	if err != nil {
		return kampungkb.Photo{}, err
	}
	return ph, nil
}

// RemoveActivityPhoto deletes a photo of an activity and its file.
func (db *DB) RemoveActivityPhoto(ctx context.Context, activityID, photoID int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.activityPhoto(ctx, activityID, photoID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM activity_photos WHERE id = ?`, photoID); err != nil {
			return err
		}
		if err := tx.deleteFile(ctx, before.FileID); err != nil {
			return err
		}
		return tx.auditSummary(ctx, "delete", "activity_photo", photoID,
			fmt.Sprintf(`Foto (%s) dihapus dari kegiatan "%s"`, before.Name, before.ActivityTitle), before, nil)
	})
}

// photoRecord is an activity photo as the audit trail records it (its
// file's metadata, never its bytes).
type photoRecord struct {
	ActivityID    int64  `json:"activity_id"`
	ActivityTitle string `json:"activity_title"`
	kampungkb.Photo
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// activityPhoto reads photo photoID of activity activityID.
func (tx *Tx) activityPhoto(ctx context.Context, activityID, photoID int64) (photoRecord, error) {
	r := photoRecord{ActivityID: activityID}
	err := tx.queryRow(ctx, `SELECT p.id, p.file_id, p.tag, p.caption, f.name, f.content_type, f.size, a.title
		FROM activity_photos p JOIN files f ON f.id = p.file_id JOIN activities a ON a.id = p.activity_id
		WHERE p.id = ? AND p.activity_id = ?`, photoID, activityID).
		Scan(&r.ID, &r.FileID, &r.Tag, &r.Caption, &r.Name, &r.ContentType, &r.Size, &r.ActivityTitle)
	if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
		return r, notFound("Foto kegiatan", photoID)
	}
	return r, err
}

// DeleteActivity deletes an activity with its links, attendees and photos
// (and the photos' files). An activity that contributions refer to is not
// deleted: the error (Conflict) says so and suggests editing it instead,
// since the contributions would lose where they went.
func (db *DB) DeleteActivity(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.activity(ctx, id)
		if err != nil {
			return err
		}
		title := before.Title
		used, err := tx.usages(ctx, id, []struct{ what, q string }{
			{"kontribusi mitra", `SELECT count(*) FROM contributions WHERE activity_id = ?`},
		})
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: fmt.Sprintf(
				"Kegiatan %q tidak dapat dihapus karena masih dirujuk oleh %s. Bila isinya keliru, ubah saja kegiatan ini; "+
					"bila memang harus dihapus, pindahkan atau hapus dulu kontribusi tersebut.",
				title, strings.Join(used, ", "))}
		}
		if _, err := tx.exec(ctx, `DELETE FROM activities WHERE id = ?`, id); err != nil {
			return err
		}
		for _, p := range before.Photos {
			if err := tx.deleteFile(ctx, p.FileID); err != nil {
				return err
			}
		}
		return tx.auditChange(ctx, "delete", "activity", id, title, before, nil)
	})
}
