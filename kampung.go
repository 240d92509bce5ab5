package kampungkb

import (
	"regexp"
	"strings"
	"time"
)

// Kampung is a Kampung KB in the registry (domain.md §3.5, portal
// new_kampung_kb). Its profile is versioned separately (Profile).
type Kampung struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	VillageCode    string   `json:"village_code"`
	Coverage       string   `json:"coverage"`
	CoverageDetail string   `json:"coverage_detail"`
	LaunchDate     Date     `json:"launch_date"`
	Criteria       []string `json:"criteria"`
	CriteriaOther  string   `json:"criteria_other"`
	AreaTypes      []string `json:"area_types"`
	Description    string   `json:"description"`
	Latitude       *float64 `json:"latitude"`
	Longitude      *float64 `json:"longitude"`
	PhotoFileID    int64    `json:"photo_file_id,omitempty"`
	Archived       bool     `json:"archived"`

	// Read-only, filled by storage: names of the village and its ancestors.
	Village  Region   `json:"village"`
	Path     []Region `json:"path,omitempty"`
	Activity int      `json:"activity_count"`
	Meta
}

// Indonesia's bounding box, to catch swapped or mistyped coordinates.
const (
	minLat, maxLat = -11.5, 6.5
	minLon, maxLon = 94.5, 141.5
)

// Validate checks the record. today bounds the launch date.
func (k *Kampung) Validate(today Date) error {
	var p Problems
	k.Name = strings.TrimSpace(k.Name)
	requireText(&p, "name", k.Name, "Nama Kampung KB", maxName)
	if code, lv, ok := NormalizeRegionCode(k.VillageCode); !ok || lv != Desa {
		if strings.TrimSpace(k.VillageCode) == "" {
			p.Add("village_code", "Pilih desa/kelurahan tempat Kampung KB.")
		} else {
			p.Add("village_code", "Kode desa/kelurahan tidak valid: gunakan 10 digit, mis. 52.03.13.2007.")
		}
	} else {
		k.VillageCode = code
	}
	if !Coverages.Has(k.Coverage) {
		p.Add("coverage", "Pilih cakupan wilayah: RW, dusun atau desa/kelurahan.")
	}
	if k.Coverage != "desa" && strings.TrimSpace(k.CoverageDetail) == "" && Coverages.Has(k.Coverage) {
		p.Add("coverage_detail", "Sebutkan nama/nomor "+Coverages.Label(k.Coverage)+" yang dicakup.")
	}
	checkLen(&p, "coverage_detail", k.CoverageDetail, maxName)
	if k.LaunchDate.IsZero() {
		p.Add("launch_date", "Tanggal pencanangan wajib diisi.")
	} else if k.LaunchDate.After(today) {
		p.Add("launch_date", "Tanggal pencanangan tidak boleh di masa depan.")
	} else if k.LaunchDate.Before(NewDate(2015, 1, 1)) {
		p.Add("launch_date", "Tanggal pencanangan sebelum program Kampung KB dimulai (2016).")
	}
	checkCodes(&p, "criteria", Criteria, k.Criteria)
	checkCodes(&p, "area_types", AreaTypes, k.AreaTypes)
	if contains(k.Criteria, "lainnya") && strings.TrimSpace(k.CriteriaOther) == "" {
		p.Add("criteria_other", "Jelaskan kriteria lainnya.")
	}
	checkLen(&p, "criteria_other", k.CriteriaOther, maxName)
	checkLen(&p, "description", k.Description, maxText)
	switch {
	case (k.Latitude == nil) != (k.Longitude == nil):
		p.Add("latitude", "Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")
	// Written as "not inside" so that NaN, which compares false with
	// everything, is refused too (JSON cannot carry it).
	case k.Latitude != nil && !(*k.Latitude >= minLat && *k.Latitude <= maxLat):
		p.Add("latitude", "Lintang di luar wilayah Indonesia (−11,5 sampai 6,5).")
	case k.Longitude != nil && !(*k.Longitude >= minLon && *k.Longitude <= maxLon):
		p.Add("longitude", "Bujur di luar wilayah Indonesia (94,5 sampai 141,5).")
	}
	return p.Err("kampung KB")
}

// Mechanism is one operational mechanism run by a Kampung KB with its
// frequency (domain.md §1.7).
type Mechanism struct {
	Code           string `json:"code"`
	Frequency      string `json:"frequency"`
	FrequencyOther string `json:"frequency_other,omitempty"`
}

// Profile is a dated snapshot of a Kampung KB's institutional profile,
// versioned like the portal's new_profil_kampung: each save is a new
// snapshot and exactly one is current (domain.md §3.4, §3.5, §11.2).
type Profile struct {
	ID                int64       `json:"id"`
	KampungID         int64       `json:"kampung_id"`
	AsOf              Date        `json:"as_of"`
	Current           bool        `json:"current"`
	PokjaExists       bool        `json:"pokja_exists"`
	PokjaSK           bool        `json:"pokja_sk"`
	PokjaSKNumber     string      `json:"pokja_sk_number"`
	PokjaMembers      int         `json:"pokja_members"`
	PokjaTrained      int         `json:"pokja_trained"`
	PokjaTrainingNote string      `json:"pokja_training_note"`
	PKBAssigned       bool        `json:"pkb_assigned"`
	PKBName           string      `json:"pkb_name"`
	PKBNIP            string      `json:"pkb_nip"`
	PKBContact        string      `json:"pkb_contact"`
	Guide             string      `json:"guide"`
	GuideOther        string      `json:"guide_other"`
	Regulations       []string    `json:"regulations"`
	RKM               bool        `json:"rkm"`
	DataUses          []string    `json:"data_uses"`
	Programs          []string    `json:"programs"`
	Funding           []string    `json:"funding"`
	Mechanisms        []Mechanism `json:"mechanisms"`
	Note              string      `json:"note"`
	CreatedAt         time.Time   `json:"created_at"`
	CreatedBy         string      `json:"created_by"`
}

var nipRe = regexp.MustCompile(`^[0-9]{18}$`)

// Validate checks the snapshot. today bounds its date.
func (s *Profile) Validate(today Date) error {
	var p Problems
	if s.AsOf.IsZero() {
		p.Add("as_of", "Tanggal data profil wajib diisi.")
	} else if s.AsOf.After(today) {
		p.Add("as_of", "Tanggal data profil tidak boleh di masa depan.")
	}
	if s.PokjaMembers < 0 {
		p.Add("pokja_members", "Jumlah anggota tidak boleh negatif.")
	}
	if s.PokjaTrained < 0 {
		p.Add("pokja_trained", "Jumlah anggota terlatih tidak boleh negatif.")
	} else if s.PokjaTrained > s.PokjaMembers {
		p.Add("pokja_trained", "Anggota terlatih tidak boleh lebih banyak dari jumlah anggota Pokja.")
	}
	if !s.PokjaExists && (s.PokjaSK || s.PokjaMembers > 0) {
		p.Add("pokja_exists", "Centang \"Pokja ada\" bila Pokja punya SK atau anggota.")
	}
	checkLen(&p, "pokja_sk_number", s.PokjaSKNumber, maxName)
	checkLen(&p, "pokja_training_note", s.PokjaTrainingNote, maxText)
	if s.PKBAssigned {
		requireText(&p, "pkb_name", s.PKBName, "Nama PKB/PLKB", maxName)
		s.PKBNIP = strings.ReplaceAll(strings.TrimSpace(s.PKBNIP), " ", "")
		if s.PKBNIP != "" && !nipRe.MatchString(s.PKBNIP) {
			p.Add("pkb_nip", "NIP terdiri dari 18 angka.")
		}
		checkLen(&p, "pkb_contact", s.PKBContact, maxName)
		if s.Guide != "" {
			p.Add("guide", "Pengarah hanya diisi bila tidak ada PKB/PLKB pendamping.")
		}
	} else {
		if s.Guide != "" && !Guides.Has(s.Guide) {
			p.Add("guide", "Pilihan pengarah tidak dikenal.")
		}
		if s.Guide == "lainnya" && strings.TrimSpace(s.GuideOther) == "" {
			p.Add("guide_other", "Sebutkan siapa pengarahnya.")
		}
	}
	checkLen(&p, "guide_other", s.GuideOther, maxName)
	checkCodes(&p, "regulations", Regulations, s.Regulations)
	checkCodes(&p, "data_uses", DataUses, s.DataUses)
	checkCodes(&p, "programs", Programs, s.Programs)
	checkCodes(&p, "funding", FundingSources, s.Funding)
	seen := map[string]bool{}
	for _, m := range s.Mechanisms {
		field := "mechanism_" + m.Code
		switch {
		case !Mechanisms.Has(m.Code):
			p.Add("mechanisms", "Mekanisme tidak dikenal: "+m.Code+".")
		case seen[m.Code]:
			p.Add(field, "Mekanisme disebut dua kali.")
		case !Frequencies.Has(m.Frequency):
			p.Add(field, "Pilih frekuensinya.")
		case m.Frequency == "lainnya" && strings.TrimSpace(m.FrequencyOther) == "":
			p.Add(field, "Sebutkan frekuensinya.")
		}
		checkLen(&p, field, m.FrequencyOther, maxName)
		seen[m.Code] = true
	}
	checkLen(&p, "note", s.Note, maxText)
	return p.Err("profil kampung KB")
}

// HasRegulation reports whether any regulation backs the Kampung KB.
func (s Profile) HasRegulation() bool { return len(s.Regulations) > 0 }

// HasDataUse reports whether data are used for planning.
func (s Profile) HasDataUse() bool { return len(s.DataUses) > 0 }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Change is one difference between two profile snapshots: the field's
// JSON name, its Indonesian label and both values written for people.
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ProfileDiff returns what changed from the snapshot prev to the snapshot next,
// in form order, for showing a profile's history. Bookkeeping (id, date of
// the data, current flag, creation) is not compared; lists compare as sets
// and are written as their labels in code-list order.
func ProfileDiff(prev, next Profile) []Change {
	var out []Change
	add := func(field, label, o, n string) {
		if o != n {
			out = append(out, Change{Field: field, Label: label, Old: o, New: n})
		}
	}
	add("pokja_exists", "Pokja ada", diffYesNo(prev.PokjaExists), diffYesNo(next.PokjaExists))
	add("pokja_sk", "Pokja ber-SK", diffYesNo(prev.PokjaSK), diffYesNo(next.PokjaSK))
	add("pokja_sk_number", "Nomor SK Pokja", prev.PokjaSKNumber, next.PokjaSKNumber)
	add("pokja_members", "Jumlah anggota Pokja", FormatInt(int64(prev.PokjaMembers)), FormatInt(int64(next.PokjaMembers)))
	add("pokja_trained", "Anggota Pokja terlatih", FormatInt(int64(prev.PokjaTrained)), FormatInt(int64(next.PokjaTrained)))
	add("pokja_training_note", "Keterangan pelatihan Pokja", prev.PokjaTrainingNote, next.PokjaTrainingNote)
	add("pkb_assigned", "Ada PKB/PLKB pendamping", diffYesNo(prev.PKBAssigned), diffYesNo(next.PKBAssigned))
	add("pkb_name", "Nama PKB/PLKB", prev.PKBName, next.PKBName)
	add("pkb_nip", "NIP PKB/PLKB", prev.PKBNIP, next.PKBNIP)
	add("pkb_contact", "Kontak PKB/PLKB", prev.PKBContact, next.PKBContact)
	add("guide", "Pengarah", diffCodeLabel(Guides, prev.Guide), diffCodeLabel(Guides, next.Guide))
	add("guide_other", "Pengarah lainnya", prev.GuideOther, next.GuideOther)
	add("regulations", "Regulasi", diffListLabels(Regulations, prev.Regulations), diffListLabels(Regulations, next.Regulations))
	add("rkm", "Rencana Kerja Masyarakat (RKM)", diffYesNo(prev.RKM), diffYesNo(next.RKM))
	add("data_uses", "Penggunaan data", diffListLabels(DataUses, prev.DataUses), diffListLabels(DataUses, next.DataUses))
	add("programs", "Poktan dan sarana", diffListLabels(Programs, prev.Programs), diffListLabels(Programs, next.Programs))
	add("funding", "Sumber dana", diffListLabels(FundingSources, prev.Funding), diffListLabels(FundingSources, next.Funding))
	add("mechanisms", "Mekanisme operasional", diffMechanisms(prev.Mechanisms), diffMechanisms(next.Mechanisms))
	add("note", "Catatan", prev.Note, next.Note)
	return out
}

func diffYesNo(b bool) string {
	if b {
		return "Ya"
	}
	return "Tidak"
}

// diffCodeLabel returns the label of code, "" for no code.
func diffCodeLabel(l CodeList, code string) string {
	if code == "" {
		return ""
	}
	return l.Label(code)
}

// diffListLabels writes codes as their labels in the list's order, unknown codes
// last as they are, so that equal sets give equal text.
func diffListLabels(l CodeList, codes []string) string {
	out := l.Labels(codes)
	for _, c := range codes {
		if !l.Has(c) {
			out = append(out, c)
		}
	}
	return strings.Join(out, ", ")
}

// diffMechanisms writes mechanisms as "label (frequency)" in the list's order.
func diffMechanisms(ms []Mechanism) string {
	var out []string
	write := func(m Mechanism) {
		f := diffCodeLabel(Frequencies, m.Frequency)
		if m.Frequency == "lainnya" && strings.TrimSpace(m.FrequencyOther) != "" {
			f = strings.TrimSpace(m.FrequencyOther)
		}
		if f == "" {
			out = append(out, Mechanisms.Label(m.Code))
		} else {
			out = append(out, Mechanisms.Label(m.Code)+" ("+f+")")
		}
	}
	for _, c := range Mechanisms.Items {
		for _, m := range ms {
			if m.Code == c.Code {
				write(m)
				break
			}
		}
	}
	for _, m := range ms {
		if !Mechanisms.Has(m.Code) {
			write(m)
		}
	}
	return strings.Join(out, "; ")
}
