package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"kampungkb"
)

// Families and members entered or corrected one at a time on the pages
// (imports are in import_family.go). A family's version covers its
// members too: editing a member bumps the family's version, so that two
// people correcting the same family's register notice each other.

// CreateFamily validates and stores a new family (without members). An
// empty FamilyID gets one made from the village code and a "W" (entered
// on the web) sequence, e.g. 5203132007-W00001, which an import of the
// data source's own keys cannot clash with by accident.
func (db *DB) CreateFamily(ctx context.Context, f *kampungkb.Family) error {
	auto := strings.TrimSpace(f.FamilyID) == ""
	if auto {
		f.FamilyID = "-" // placeholder so that Validate checks the rest
	}
	p, err := problemsOf(f.Validate())
	if auto {
		f.FamilyID = ""
	}
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkRegions(ctx, &p, "village_code", []string{f.VillageCode}); err != nil {
			return err
		}
		if len(p) > 0 {
			return p.Err("keluarga")
		}
		if auto {
			id, err := tx.newFamilyID(ctx, f.VillageCode)
			if err != nil {
				return err
			}
			f.FamilyID = id
		} else {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM families WHERE family_id = ?`, f.FamilyID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
					Fields: map[string]string{"family_id": "ID keluarga " + f.FamilyID + " sudah dipakai keluarga lain."}}
			}
		}
		id, err := tx.insert(ctx, `INSERT INTO families (family_id, no_kk, village_code, province_code, dusun, rw, rt, address, water_source,
			toilet, welfare_decile, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			f.FamilyID, f.NoKK, f.VillageCode, provinceOf(f.VillageCode), f.Dusun, f.RW, f.RT, f.Address, f.WaterSource, f.Toilet,
			nullInt0(f.WelfareDecile), tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			return err
		}
		f.ID = id
		if err := tx.touchVillages(ctx, f.VillageCode); err != nil {
			return err
		}
		after, err := tx.familyByKey(ctx, f.FamilyID)
		if err != nil {
			return err
		}
		*f = after
		return tx.auditSummary(ctx, "create", "family", f.FamilyID, kampungkb.AuditSummary("create", "family", f.FamilyID), nil, after)
	})
}

// newFamilyID returns the first free "<village digits>-W<nnnnn>" key of
// the village.
func (tx *Tx) newFamilyID(ctx context.Context, village string) (string, error) {
	prefix := strings.ReplaceAll(village, ".", "") + "-W"
	var last string
	err := tx.queryRow(ctx, `SELECT COALESCE(max(family_id), '') FROM families WHERE family_id >= ? AND family_id < ?`,
		prefix, prefix+"\x7f").Scan(&last)
	if err != nil {
		return "", err
	}
	n := 0
	if last != "" {
		n, _ = strconv.Atoi(strings.TrimPrefix(last, prefix))
	}
	return fmt.Sprintf("%s%05d", prefix, n+1), nil
}

// UpdateFamily stores changes to a family's own fields (not its key or
// members), checking f.Version when it is set.
func (db *DB) UpdateFamily(ctx context.Context, f *kampungkb.Family) error {
	p, err := problemsOf(f.Validate())
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.familyByKey(ctx, f.FamilyID)
		if err != nil {
			return err
		}
		if err := tx.checkRegions(ctx, &p, "village_code", []string{f.VillageCode}); err != nil {
			return err
		}
		if len(p) > 0 {
			return p.Err("keluarga")
		}
		if err := tx.bumpVersion(ctx, "families", "Data keluarga", before.ID, f.Version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE families SET no_kk = ?, village_code = ?, province_code = ?, dusun = ?, rw = ?, rt = ?, address = ?,
			water_source = ?, toilet = ?, welfare_decile = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			f.NoKK, f.VillageCode, provinceOf(f.VillageCode), f.Dusun, f.RW, f.RT, f.Address, f.WaterSource, f.Toilet, nullInt0(f.WelfareDecile),
			tx.Now, tx.By, before.ID); err != nil {
			return err
		}
		if err := tx.touchVillages(ctx, before.VillageCode, f.VillageCode); err != nil {
			return err
		}
		// Members live in their family's village, and so does a child
		// record made from a member, with its measurements.
		if f.VillageCode != before.VillageCode {
			if err := tx.moveMembers(ctx, f.FamilyID); err != nil {
				return err
			}
		}
		after, err := tx.familyByKey(ctx, f.FamilyID)
		if err != nil {
			return err
		}
		*f = after
		return tx.auditSummary(ctx, "update", "family", f.FamilyID, kampungkb.AuditSummary("update", "family", f.FamilyID), before, after)
	})
}

// provinceOf is the province of a region code, its first two digits ("52"
// of "52.03.13.2007"): the province_code that families, members, child
// records and measurements carry beside village_code, the key they are
// partitioned and distributed by (migration 0009, docs/scaling.md).
func provinceOf(code string) string { return code[:min(2, len(code))] }

// moveMembers gives the members of families the village their family
// now has, and so the child records made from them, with their
// measurements: a family's records always share its village, which the
// per-village reads of the indicators rely on. (PostgreSQL's foreign keys
// cascade the members' and measurements' moves by themselves, leaving
// nothing to change there; SQLite has no such keys.)
func (tx *Tx) moveMembers(ctx context.Context, familyIDs ...string) error {
	for len(familyIDs) > 0 {
		n := min(len(familyIDs), pipeChunk)
		in, args := inList(familyIDs[:n])
		if _, err := tx.exec(ctx, `UPDATE members SET village_code = (SELECT f.village_code FROM families f
			WHERE f.family_id = members.family_id), province_code = (SELECT f.province_code FROM families f
			WHERE f.family_id = members.family_id) WHERE family_id IN `+in+` AND village_code <> (SELECT f.village_code
			FROM families f WHERE f.family_id = members.family_id)`, args...); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE children SET village_code = (SELECT f.village_code FROM families f
			WHERE f.family_id = children.family_id), province_code = (SELECT f.province_code FROM families f
			WHERE f.family_id = children.family_id), updated_at = ?, updated_by = ? WHERE family_id IN `+in+` AND
			village_code <> (SELECT f.village_code FROM families f WHERE f.family_id = children.family_id)`,
			append([]any{tx.Now, tx.By}, args...)...); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE measurements SET village_code = (SELECT c.village_code FROM children c
			WHERE c.id = measurements.child_id), province_code = (SELECT c.province_code FROM children c
			WHERE c.id = measurements.child_id) WHERE child_id IN (SELECT id FROM children WHERE family_id IN `+in+`)
			AND village_code <> (SELECT c.village_code FROM children c WHERE c.id = measurements.child_id)`, args...); err != nil {
			return err
		}
		familyIDs = familyIDs[n:]
	}
	return nil
}

// familyByKey reads a family's own record (no members).
func (tx *Tx) familyByKey(ctx context.Context, familyID string) (kampungkb.Family, error) {
	f, err := scanFamily(tx.queryRow(ctx, `SELECT `+familyCols+` FROM families f WHERE f.family_id = ?`, familyID))
	if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
		return f, notFound("Keluarga", familyID)
	}
	return f, err
}

func (tx *Tx) member(ctx context.Context, familyID string, no int) (kampungkb.Member, error) {
	m, err := scanMember(tx.queryRow(ctx, `SELECT `+memberCols+` FROM members m WHERE m.family_id = ? AND m.member_no = ?`, familyID, no))
	if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
		return m, &kampungkb.Error{Kind: kampungkb.NotFound, Message: fmt.Sprintf("Anggota %d keluarga %s tidak ditemukan.", no, familyID)}
	}
	return m, err
}

// SaveMember adds a member to its family (when m.ID is 0; MemberNo 0
// takes the next free number) or stores changes to one (by family and
// member number, which do not change). familyVersion, when not 0, must be
// the family's current version; the family's version is bumped. A child
// record made from the member (posyandu measurements) follows the name;
// its sex and birth date follow too unless it already has measurements,
// whose z-scores were computed with the old ones: then the change is
// refused with an explanation.
func (db *DB) SaveMember(ctx context.Context, m *kampungkb.Member, familyVersion int) error {
	create := m.ID == 0
	no := m.MemberNo
	if create && no == 0 {
		m.MemberNo = 1 // checked below once the next number is known
	}
	p, err := problemsOf(m.Validate(db.Today()))
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		fam, err := tx.familyByKey(ctx, m.FamilyID)
		if err != nil {
			return err
		}
		if len(p) > 0 {
			return p.Err("anggota keluarga")
		}
		if err := tx.bumpVersion(ctx, "families", "Data keluarga", fam.ID, familyVersion); err != nil {
			return err
		}
		if err := tx.touchVillages(ctx, fam.VillageCode); err != nil {
			return err
		}
		label := m.FamilyID + "/" + strconv.Itoa(m.MemberNo)
		if create {
			if no == 0 {
				if err := tx.queryRow(ctx, `SELECT COALESCE(max(member_no), 0) + 1 FROM members WHERE family_id = ?`,
					m.FamilyID).Scan(&m.MemberNo); err != nil {
					return err
				}
				if m.MemberNo > 999 {
					return kampungkb.Errorf(kampungkb.Invalid, "Keluarga ini sudah punya 999 anggota.")
				}
			} else {
				var n int
				if err := tx.queryRow(ctx, `SELECT count(*) FROM members WHERE family_id = ? AND member_no = ?`,
					m.FamilyID, m.MemberNo).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
						Fields: map[string]string{"member_no": fmt.Sprintf("Nomor urut %d sudah dipakai anggota lain.", m.MemberNo)}}
				}
			}
			label = m.FamilyID + "/" + strconv.Itoa(m.MemberNo)
			id, err := tx.insert(ctx, `INSERT INTO members (village_code, province_code, family_id, member_no, nik, name, sex, birth_date,
				relation, marital_status, marriage_age, pregnant, children_born, last_birth_date, kb_method, kb_reason)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				fam.VillageCode, provinceOf(fam.VillageCode), m.FamilyID, m.MemberNo, m.NIK, m.Name, m.Sex, m.BirthDate, m.Relation, m.MaritalStatus,
				m.MarriageAge, m.Pregnant, m.ChildrenBorn, m.LastBirthDate, m.KBMethod, m.KBReason)
			if err != nil {
				return err
			}
			after, err := tx.member(ctx, m.FamilyID, m.MemberNo)
			if err != nil {
				return err
			}
			after.ID = id
			*m = after
			return tx.auditSummary(ctx, "create", "member", label, kampungkb.AuditSummary("create", "member", label), nil, after)
		}
		before, err := tx.member(ctx, m.FamilyID, m.MemberNo)
		if err != nil {
			return err
		}
		if err := tx.followChild(ctx, before, m); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE members SET nik = ?, name = ?, sex = ?, birth_date = ?, relation = ?,
			marital_status = ?, marriage_age = ?, pregnant = ?, children_born = ?, last_birth_date = ?, kb_method = ?,
			kb_reason = ? WHERE family_id = ? AND member_no = ?`,
			m.NIK, m.Name, m.Sex, m.BirthDate, m.Relation, m.MaritalStatus, m.MarriageAge, m.Pregnant, m.ChildrenBorn,
			m.LastBirthDate, m.KBMethod, m.KBReason, m.FamilyID, m.MemberNo); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE families SET updated_at = ?, updated_by = ? WHERE id = ?`, tx.Now, tx.By, fam.ID); err != nil {
			return err
		}
		after, err := tx.member(ctx, m.FamilyID, m.MemberNo)
		if err != nil {
			return err
		}
		*m = after
		return tx.auditSummary(ctx, "update", "member", label, kampungkb.AuditSummary("update", "member", label), before, after)
	})
}

// followChild carries a member's corrected name, sex and birth date to the
// child record made from it, refusing a sex or birth date change when the
// child has measurements (their stored z-scores depend on both).
func (tx *Tx) followChild(ctx context.Context, before kampungkb.Member, m *kampungkb.Member) error {
	var childID int64
	err := tx.queryRow(ctx, `SELECT id FROM children WHERE family_id = ? AND member_no = ?`, m.FamilyID, m.MemberNo).Scan(&childID)
	if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if before.Sex != m.Sex || before.BirthDate != m.BirthDate {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM measurements WHERE child_id = ?`, childID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			msg := fmt.Sprintf("Anak ini sudah punya %d pengukuran posyandu dengan z-skor yang dihitung dari jenis kelamin dan tanggal lahir lama. Hapus pengukurannya di halaman anak dulu, lalu catat ulang.", n)
			fields := map[string]string{}
			if before.Sex != m.Sex {
				fields["sex"] = msg
			}
			if before.BirthDate != m.BirthDate {
				fields["birth_date"] = msg
			}
			return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.", Fields: fields}
		}
	}
	_, err = tx.exec(ctx, `UPDATE children SET name = ?, sex = ?, birth_date = ?, version = version + 1, updated_at = ?,
		updated_by = ? WHERE id = ?`, m.Name, m.Sex, m.BirthDate, tx.Now, tx.By, childID)
	return err
}

// DeleteMember removes a member entered by mistake. A member with a child
// record (posyandu measurements) is refused: archive the child instead.
func (db *DB) DeleteMember(ctx context.Context, familyID string, no int, familyVersion int) error {
	return db.write(ctx, func(tx *Tx) error {
		fam, err := tx.familyByKey(ctx, familyID)
		if err != nil {
			return err
		}
		before, err := tx.member(ctx, familyID, no)
		if err != nil {
			return err
		}
		var childID int64
		err = tx.queryRow(ctx, `SELECT id FROM children WHERE family_id = ? AND member_no = ?`, familyID, no).Scan(&childID)
		switch {
		case err == nil:
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: fmt.Sprintf(
				"%s tidak dapat dihapus: sudah tercatat sebagai anak dengan data posyandu (anak %d). Arsipkan data anaknya bila pindah atau meninggal.",
				before.Name, childID)}
		case kampungkb.ErrorKind(classify(err)) != kampungkb.NotFound:
			return err
		}
		if err := tx.bumpVersion(ctx, "families", "Data keluarga", fam.ID, familyVersion); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM members WHERE family_id = ? AND member_no = ?`, familyID, no); err != nil {
			return err
		}
		if err := tx.touchVillages(ctx, fam.VillageCode); err != nil {
			return err
		}
		label := familyID + "/" + strconv.Itoa(no)
		return tx.auditSummary(ctx, "delete", "member", label, kampungkb.AuditSummary("delete", "member", label), before, nil)
	})
}

// FamilyChildren returns, per member number, the id of the child record
// (growth page) made from the member.
func (db *DB) FamilyChildren(ctx context.Context, familyID string) (map[int]int64, error) {
	rows, err := db.read().query(ctx, `SELECT member_no, id FROM children WHERE family_id = ? AND member_no IS NOT NULL`, familyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var no int
		var id int64
		if err := rows.Scan(&no, &id); err != nil {
			return nil, err
		}
		out[no] = id
	}
	return out, rows.Err()
}

// ChildFromMember returns the child record a member would give (name,
// sex, birth date, village, the mother's name), to start a growth record
// from the family register.
func (db *DB) ChildFromMember(ctx context.Context, familyID string, no int) (kampungkb.Child, error) {
	var c kampungkb.Child
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.childFromMember(ctx, familyID, no)
		return err
	})
	if err == nil {
		c.FamilyID, c.MemberNo = familyID, no
	}
	return c, err
}
