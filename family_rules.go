package kampungkb

import (
	"fmt"
	"strconv"
	"strings"
)

// Validation of family data (formats.md "Family data", domain.md §5.2).
// Field names of the messages are the CSV column names, so that an import
// can report them as FILE:LINE: column: problem.

// maxFamilyID is the longest family_id accepted (a key chosen by the data
// source: a UUID, a PK form number ...).
const maxFamilyID = 64

// IsNIK reports whether s has the form of a NIK or No. KK: 16 digits.
func IsNIK(s string) bool { return len(s) == 16 && allDigits(s) }

// isPlaceholderNIK reports the survey placeholders for members without a
// NIK: fifteen 9s and a status digit (domain.md §11.1).
func isPlaceholderNIK(s string) bool {
	return len(s) == 16 && strings.Count(s[:15], "9") == 15
}

// Validate checks a family's record and normalises its village code to the
// dotted form. An empty field means unknown.
func (f *Family) Validate() error {
	var p Problems
	f.FamilyID = strings.TrimSpace(f.FamilyID)
	requireText(&p, "family_id", f.FamilyID, "ID keluarga", maxFamilyID)
	f.NoKK = strings.TrimSpace(f.NoKK)
	if f.NoKK != "" && !IsNIK(f.NoKK) {
		p.Add("no_kk", "Nomor KK harus 16 angka.")
	}
	if code, lv, ok := NormalizeRegionCode(f.VillageCode); !ok || lv != Desa {
		if strings.TrimSpace(f.VillageCode) == "" {
			p.Add("village_code", "Kode desa/kelurahan wajib diisi.")
		} else {
			p.Add("village_code", fmt.Sprintf("%q bukan kode desa/kelurahan (10 digit, mis. 52.03.13.2007).", f.VillageCode))
		}
	} else {
		f.VillageCode = code
	}
	for _, t := range []struct {
		field string
		v     *string
	}{{"dusun", &f.Dusun}, {"rw", &f.RW}, {"rt", &f.RT}, {"address", &f.Address}} {
		*t.v = strings.TrimSpace(*t.v)
		checkLen(&p, t.field, *t.v, maxName)
	}
	checkCode(&p, WaterSources, f.WaterSource)
	checkCode(&p, Toilets, f.Toilet)
	if f.WelfareDecile < 0 || f.WelfareDecile > 10 {
		p.Add("welfare_decile", "Desil kesejahteraan harus 1–10 (kosong bila tidak diketahui).")
	}
	return p.Err("keluarga")
}

// Validate checks a member's record; today bounds the dates. A NIK that
// disagrees with the birth date or sex is not an error (see NIKWarning).
func (m *Member) Validate(today Date) error {
	var p Problems
	m.FamilyID = strings.TrimSpace(m.FamilyID)
	requireText(&p, "family_id", m.FamilyID, "ID keluarga", maxFamilyID)
	if m.MemberNo < 1 || m.MemberNo > 999 {
		p.Add("member_no", "Nomor urut anggota harus 1–999.")
	}
	m.NIK = strings.TrimSpace(m.NIK)
	if m.NIK != "" && !IsNIK(m.NIK) {
		p.Add("nik", "NIK harus 16 angka.")
	}
	m.Name = strings.TrimSpace(m.Name)
	requireText(&p, "name", m.Name, "Nama", maxName)
	if !Sexes.Has(m.Sex) {
		p.Add("sex", "Jenis kelamin harus l (laki-laki) atau p (perempuan).")
	}
	switch {
	case m.BirthDate.IsZero():
		p.Add("birth_date", "Tanggal lahir wajib diisi.")
	case m.BirthDate.After(today):
		p.Add("birth_date", "Tanggal lahir tidak boleh di masa depan.")
	case m.BirthDate.Before(today.AddMonths(-130 * 12)):
		p.Add("birth_date", "Tanggal lahir lebih dari 130 tahun yang lalu.")
	}
	checkCode(&p, Relations, m.Relation)
	checkCode(&p, MaritalStatuses, m.MaritalStatus)
	if a := m.MarriageAge; a != nil {
		age := AgeOn(m.BirthDate, today)
		switch {
		case *a < 0 || *a > 100:
			p.Add("marriage_age", "Umur kawin pertama harus 0–100 tahun.")
		case age >= 0 && *a > age:
			p.Add("marriage_age", fmt.Sprintf("Umur kawin pertama (%d) lebih dari umur sekarang (%d).", *a, age))
		case m.MaritalStatus == "belum_kawin":
			p.Add("marriage_age", "Umur kawin pertama diisi, padahal status belum kawin.")
		}
	}
	if m.Pregnant != nil && *m.Pregnant && m.Sex != "p" {
		p.Add("pregnant", "Hanya perempuan yang dapat dicatat hamil.")
	}
	if c := m.ChildrenBorn; c != nil && (*c < 0 || *c > 30) {
		p.Add("children_born", "Jumlah anak lahir hidup harus 0–30.")
	}
	switch {
	case m.LastBirthDate.IsZero():
	case m.LastBirthDate.After(today):
		p.Add("last_birth_date", "Tanggal persalinan terakhir tidak boleh di masa depan.")
	case !m.BirthDate.IsZero() && !m.LastBirthDate.After(m.BirthDate):
		p.Add("last_birth_date", "Tanggal persalinan terakhir harus sesudah tanggal lahir.")
	}
	checkCode(&p, KBMethods, m.KBMethod)
	checkCode(&p, KBReasons, m.KBReason)
	if m.KBMethod != "" && m.KBReason != "" {
		p.Add("kb_reason", "Alasan tidak ber-KB hanya diisi bila tidak ada metode KB.")
	}
	return p.Err("anggota keluarga")
}

// checkCode adds a problem for list's field when v is given and not in list.
func checkCode(p *Problems, list CodeList, v string) {
	if v != "" && !list.Has(v) {
		p.Add(list.Name, fmt.Sprintf("%q tidak dikenal; pilihan: %s.", v, strings.Join(list.Codes(), ", ")))
	}
}

// NIKWarning returns a warning when a 16-digit NIK disagrees with the sex
// or birth date of its holder, and "" otherwise (also for an empty or
// malformed NIK, which validation reports, and for the survey
// placeholders). Digits 7–12 of a NIK are the holder's birth date as
// DDMMYY, with 40 added to DD for women (Permendagri 72/2019 on the NIK
// structure). Real NIKs disagree with real records often enough (birth
// dates corrected after registration) that this never rejects a row.
func NIKWarning(nik, sex string, birth Date) string {
	if !IsNIK(nik) || isPlaceholderNIK(nik) {
		return ""
	}
	dd, _ := strconv.Atoi(nik[6:8])
	mm, _ := strconv.Atoi(nik[8:10])
	yy, _ := strconv.Atoi(nik[10:12])
	nikSex := "l"
	if dd > 40 {
		nikSex = "p"
		dd -= 40
	}
	if dd < 1 || dd > 31 || mm < 1 || mm > 12 {
		return fmt.Sprintf("NIK %s: digit 7–12 (%s) bukan tanggal lahir DDMMYY", nik, nik[6:12])
	}
	var diff []string
	if (sex == "l" || sex == "p") && sex != nikSex {
		diff = append(diff, "jenis kelamin "+Sexes.Label(nikSex))
	}
	if !birth.IsZero() && (birth.Day() != dd || int(birth.Month()) != mm || birth.Year()%100 != yy) {
		diff = append(diff, fmt.Sprintf("tanggal lahir %02d-%02d-%02d", dd, mm, yy))
	}
	if len(diff) == 0 {
		return ""
	}
	return fmt.Sprintf("NIK %s menunjukkan %s, tidak cocok dengan data anggota (%s, lahir %s)",
		nik, strings.Join(diff, " dan "), Sexes.Label(sex), birth)
}
