package kampungkb

import "strings"

// Attendee is a named participant of an activity (optional).
type Attendee struct {
	Name string `json:"name"`
	Sex  string `json:"sex"`
	Role string `json:"role"`
}

// Photo is a photo of an activity, tagged before/after/activity like the
// portal's post types (domain.md §3.5).
type Photo struct {
	ID      int64  `json:"id"`
	FileID  int64  `json:"file_id"`
	Tag     string `json:"tag"`
	Caption string `json:"caption"`
}

// Activity is an activity (kegiatan/intervensi) in one or more Kampung KB
// (domain.md §3.5 new_intervensi, §11.5).
type Activity struct {
	ID                 int64      `json:"id"`
	Title              string     `json:"title"`
	Date               Date       `json:"date"`
	StartTime          string     `json:"start_time"`
	EndTime            string     `json:"end_time"`
	Place              string     `json:"place"`
	KampungIDs         []int64    `json:"kampung_ids"`
	Category           string     `json:"category"`
	Type               string     `json:"type"`
	PartnerIDs         []int64    `json:"partner_ids"`
	Institutions       []string   `json:"institutions"`
	OtherInstitutions  string     `json:"other_institutions"`
	Targets            []string   `json:"targets"`
	ParticipantsMale   int        `json:"participants_male"`
	ParticipantsFemale int        `json:"participants_female"`
	Attendees          []Attendee `json:"attendees"`
	AgreementID        int64      `json:"agreement_id,omitempty"`
	Description        string     `json:"description"`
	Outcome            string     `json:"outcome"`

	// Read-only, filled by storage.
	Kampung        []Ref   `json:"kampung,omitempty"`
	Partners       []Ref   `json:"partners,omitempty"`
	AgreementTitle string  `json:"agreement_title,omitempty"`
	Photos         []Photo `json:"photos,omitempty"`
	Meta
}

// Participants returns the total number of participants.
func (a Activity) Participants() int { return a.ParticipantsMale + a.ParticipantsFemale }

// Validate checks the record.
func (a *Activity) Validate() error {
	var p Problems
	a.Title = strings.TrimSpace(a.Title)
	requireText(&p, "title", a.Title, "Judul kegiatan", 500)
	if a.Date.IsZero() {
		p.Add("date", "Tanggal kegiatan wajib diisi.")
	}
	var ok bool
	if a.StartTime, ok = NormalizeTime(a.StartTime); !ok {
		p.Add("start_time", "Jam mulai tidak valid (JJ:MM).")
	}
	if a.EndTime, ok = NormalizeTime(a.EndTime); !ok {
		p.Add("end_time", "Jam selesai tidak valid (JJ:MM).")
	} else if a.EndTime != "" && a.StartTime != "" && a.EndTime < a.StartTime {
		p.Add("end_time", "Jam selesai tidak boleh sebelum jam mulai.")
	}
	checkLen(&p, "place", a.Place, 500)
	if len(a.KampungIDs) == 0 {
		p.Add("kampung_ids", "Pilih paling sedikit satu Kampung KB.")
	}
	if hasDupOrBad(a.KampungIDs) {
		p.Add("kampung_ids", "Daftar Kampung KB tidak valid.")
	}
	if !Functions.Has(a.Category) {
		p.Add("category", "Pilih kategori (fungsi keluarga).")
	}
	if !ActivityTypes.Has(a.Type) {
		p.Add("type", "Pilih jenis kegiatan.")
	}
	if hasDupOrBad(a.PartnerIDs) {
		p.Add("partner_ids", "Daftar mitra tidak valid.")
	}
	checkCodes(&p, "institutions", Institutions, a.Institutions)
	checkLen(&p, "other_institutions", a.OtherInstitutions, 1000)
	checkCodes(&p, "targets", TargetGroups, a.Targets)
	if a.ParticipantsMale < 0 {
		p.Add("participants_male", "Jumlah peserta tidak boleh negatif.")
	}
	if a.ParticipantsFemale < 0 {
		p.Add("participants_female", "Jumlah peserta tidak boleh negatif.")
	}
	if a.ParticipantsMale > 1000000 || a.ParticipantsFemale > 1000000 {
		p.Add("participants_male", "Jumlah peserta tidak masuk akal.")
	}
	var att []Attendee
	for _, x := range a.Attendees {
		x.Name, x.Role = strings.TrimSpace(x.Name), strings.TrimSpace(x.Role)
		if x == (Attendee{}) {
			continue
		}
		if x.Name == "" {
			p.Add("attendees", "Setiap peserta bernama perlu nama.")
		}
		checkLen(&p, "attendees", x.Name, maxName)
		checkLen(&p, "attendees", x.Role, maxName)
		if x.Sex != "" && !Sexes.Has(x.Sex) {
			p.Add("attendees", "Jenis kelamin peserta: l atau p.")
		}
		att = append(att, x)
	}
	a.Attendees = att
	if len(att) > 0 && a.ParticipantsMale+a.ParticipantsFemale < len(att) {
		p.Add("participants_male", "Jumlah peserta lebih kecil dari daftar peserta bernama.")
	}
	checkLen(&p, "description", a.Description, maxText)
	checkLen(&p, "outcome", a.Outcome, maxText)
	return p.Err("kegiatan")
}

func hasDupOrBad(ids []int64) bool {
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}
