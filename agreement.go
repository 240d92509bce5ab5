package kampungkb

import "strings"

// Party is a party to an agreement: a partner, or the government side
// (BKKBN/Perwakilan, OPD-KB, Pemda, a desa, a Kampung KB).
type Party struct {
	Kind       string `json:"kind"`
	PartnerID  int64  `json:"partner_id,omitempty"`
	KampungID  int64  `json:"kampung_id,omitempty"`
	RegionCode string `json:"region_code,omitempty"`
	// Name is the party's name as written in the agreement
	// ("BKKBN Perwakilan Provinsi NTB"); for partners and Kampung KB it
	// defaults to the record's name.
	Name        string `json:"name"`
	Signatory   string `json:"signatory"`
	PartnerName string `json:"partner_name,omitempty"`
	KampungName string `json:"kampung_name,omitempty"`
}

// Document is a file attached to an agreement.
type Document struct {
	ID          int64  `json:"id"`
	FileID      int64  `json:"file_id"`
	Title       string `json:"title"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Agreement is an MoU/Nota Kesepahaman, PKS or Kesepahaman Bersama
// (domain.md §7.1). A PKS may implement a parent MoU.
type Agreement struct {
	ID          int64      `json:"id"`
	Type        string     `json:"type"`
	Number      string     `json:"number"`
	Title       string     `json:"title"`
	SignedOn    Date       `json:"signed_on"`
	ValidFrom   Date       `json:"valid_from"`
	ValidTo     Date       `json:"valid_to"`
	ParentID    int64      `json:"parent_id,omitempty"`
	ParentTitle string     `json:"parent_title,omitempty"`
	Parties     []Party    `json:"parties"`
	Functions   []string   `json:"functions"`     // scope: family functions (§1.4)
	Areas       []string   `json:"program_areas"` // scope: programme areas
	Description string     `json:"description"`
	Documents   []Document `json:"documents,omitempty"`
	Archived    bool       `json:"archived"`

	// Read-only, filled by storage.
	Children      []Ref `json:"children,omitempty"`
	ActivityCount int   `json:"activity_count"`
	Meta
}

// Agreement statuses, derived from the dates (issue 2).
const (
	StatusNotYet   = "belum_berlaku"
	StatusActive   = "berlaku"
	StatusEnding   = "akan_berakhir"
	StatusEnded    = "berakhir"
	EndingSoonDays = 90
)

// AgreementStatuses lists the statuses with labels.
var AgreementStatuses = CodeList{Name: "agreement_status", Title: "Status", Items: []Code{
	{Code: StatusNotYet, Label: "Belum berlaku"},
	{Code: StatusActive, Label: "Berlaku"},
	{Code: StatusEnding, Label: "Akan berakhir"},
	{Code: StatusEnded, Label: "Berakhir"},
}}

// Status derives the agreement's status on today: belum berlaku before
// valid_from; berakhir after valid_to; akan berakhir when valid_to is within
// 90 days; otherwise berlaku (also when it has no end date).
func (a Agreement) Status(today Date) string {
	switch {
	case !a.ValidFrom.IsZero() && today.Before(a.ValidFrom):
		return StatusNotYet
	case a.ValidTo.IsZero():
		return StatusActive
	case today.After(a.ValidTo):
		return StatusEnded
	case today.DaysUntil(a.ValidTo) <= EndingSoonDays:
		return StatusEnding
	}
	return StatusActive
}

// agreementShortTypes are the short names of the agreement types used in
// labels; the long names are in AgreementTypes.
var agreementShortTypes = map[string]string{
	"mou":                 "MoU",
	"pks":                 "PKS",
	"kesepahaman_bersama": "Kesepahaman Bersama",
}

// Label returns the agreement as pickers and links show it:
// "TYPE number — title", e.g. "MoU 01/NW/2008 — Pembinaan Kampung KB"; the
// number is left out when there is none.
func (a Agreement) Label() string {
	t, ok := agreementShortTypes[a.Type]
	if !ok {
		t = AgreementTypes.Label(a.Type)
	}
	if a.Number != "" {
		t += " " + a.Number
	}
	return t + " — " + a.Title
}

// PartnerIDs returns the ids of the partners among the parties.
func (a Agreement) PartnerIDs() []int64 {
	var ids []int64
	for _, p := range a.Parties {
		if p.Kind == "mitra" && p.PartnerID != 0 {
			ids = append(ids, p.PartnerID)
		}
	}
	return ids
}

// Validate checks the record. It does not check that referenced partners,
// Kampung KB or the parent exist; storage does, and CheckParent checks the
// parent's type.
func (a *Agreement) Validate() error {
	var p Problems
	if !AgreementTypes.Has(a.Type) {
		p.Add("type", "Pilih jenis perjanjian.")
	}
	a.Title = strings.TrimSpace(a.Title)
	a.Number = strings.TrimSpace(a.Number)
	requireText(&p, "title", a.Title, "Judul perjanjian", 500)
	checkLen(&p, "number", a.Number, maxName)
	if a.SignedOn.IsZero() {
		p.Add("signed_on", "Tanggal penandatanganan wajib diisi.")
	}
	if a.ValidFrom.IsZero() {
		a.ValidFrom = a.SignedOn
	}
	if !a.ValidTo.IsZero() && !a.ValidFrom.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		p.Add("valid_to", "Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku.")
	}
	if a.ID != 0 && a.ParentID == a.ID {
		p.Add("parent_id", "Perjanjian tidak bisa menjadi induk dirinya sendiri.")
	}
	checkCodes(&p, "functions", Functions, a.Functions)
	checkCodes(&p, "program_areas", ProgramAreas, a.Areas)
	checkLen(&p, "description", a.Description, maxText)
	partners, gov := 0, 0
	seen := map[int64]bool{}
	for i := range a.Parties {
		pt := &a.Parties[i]
		pt.Name, pt.Signatory = strings.TrimSpace(pt.Name), strings.TrimSpace(pt.Signatory)
		checkLen(&p, "parties", pt.Name, maxName)
		checkLen(&p, "parties", pt.Signatory, maxName)
		switch pt.Kind {
		case "mitra":
			partners++
			if pt.PartnerID <= 0 {
				p.Add("parties", "Pilih mitra yang menjadi pihak.")
			} else if seen[pt.PartnerID] {
				p.Add("parties", "Mitra yang sama disebut dua kali.")
			}
			seen[pt.PartnerID] = true
		case "kampung":
			gov++
			if pt.KampungID <= 0 {
				p.Add("parties", "Pilih Kampung KB yang menjadi pihak.")
			}
		case "bkkbn", "opd_kb", "pemda", "desa":
			gov++
			if pt.Name == "" {
				p.Add("parties", "Tulis nama pihak "+PartyKinds.Label(pt.Kind)+".")
			}
			if pt.RegionCode != "" {
				code, _, ok := NormalizeRegionCode(pt.RegionCode)
				if !ok {
					p.Add("parties", "Kode wilayah pihak tidak valid: "+pt.RegionCode+".")
				}
				pt.RegionCode = code
			}
		default:
			p.Add("parties", "Jenis pihak tidak dikenal: "+pt.Kind+".")
		}
	}
	if partners == 0 {
		p.Add("parties", "Perjanjian perlu paling sedikit satu mitra sebagai pihak.")
	}
	if partners+gov < 2 {
		p.Add("parties", "Perjanjian perlu paling sedikit dua pihak (mitra dan pihak pemerintah atau mitra lain).")
	}
	return p.Err("perjanjian")
}

// CheckParent checks that parent may be the parent agreement of a: a PKS
// implements an MoU or Kesepahaman Bersama, not another PKS.
func CheckParent(a, parent Agreement) error {
	var p Problems
	if parent.Type == "pks" {
		p.Add("parent_id", "Perjanjian induk harus MoU/Nota Kesepahaman atau Kesepahaman Bersama, bukan PKS.")
	}
	if parent.ParentID != 0 && parent.ParentID == a.ID {
		p.Add("parent_id", "Perjanjian induk tidak boleh membentuk lingkaran.")
	}
	return p.Err("perjanjian")
}
