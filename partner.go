package kampungkb

import "strings"

// Contact is a contact person of a partner.
type Contact struct {
	Name     string `json:"name"`
	Position string `json:"position"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
}

// Partner is a partner organisation (mitra kerja) or one of its units or
// branches (domain.md §7.2): Muslimat NW, and under it Muslimat NW Pancor.
type Partner struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Category    string `json:"category"`
	ParentID    int64  `json:"parent_id,omitempty"`
	ParentName  string `json:"parent_name,omitempty"`
	Institution string `json:"institution"` // portal instansi code (§1.12) for export
	// Regions are the dotted codes of the regions where the partner works.
	Regions  []string  `json:"regions"`
	Address  string    `json:"address"`
	Phone    string    `json:"phone"`
	Email    string    `json:"email"`
	Website  string    `json:"website"`
	Notes    string    `json:"notes"`
	Contacts []Contact `json:"contacts"`
	Archived bool      `json:"archived"`

	// Read-only, filled by storage.
	RegionNames []Region `json:"region_names,omitempty"`
	Children    []Ref    `json:"children,omitempty"`
	Meta
}

// DefaultInstitution returns the portal institution a partner of category
// maps to by default (domain.md §7.2).
func DefaultInstitution(category string) string {
	for _, c := range PartnerCategories.Items {
		if c.Code == category && c.Portal > 0 {
			return itoa(c.Portal)
		}
	}
	return "37"
}

// Validate checks the record and normalises region codes.
func (m *Partner) Validate() error {
	var p Problems
	m.Name = strings.TrimSpace(m.Name)
	requireText(&p, "name", m.Name, "Nama mitra", maxName)
	if !PartnerCategories.Has(m.Category) {
		p.Add("category", "Pilih kategori mitra.")
	}
	if m.Institution == "" && PartnerCategories.Has(m.Category) {
		m.Institution = DefaultInstitution(m.Category)
	}
	if m.Institution != "" && !Institutions.Has(m.Institution) {
		p.Add("institution", "Instansi portal tidak dikenal.")
	}
	if m.ID != 0 && m.ParentID == m.ID {
		p.Add("parent_id", "Mitra tidak bisa menjadi induk dirinya sendiri.")
	}
	if m.ParentID < 0 {
		p.Add("parent_id", "Induk mitra tidak valid.")
	}
	seen := map[string]bool{}
	for i, r := range m.Regions {
		code, _, ok := NormalizeRegionCode(r)
		if !ok {
			p.Add("regions", "Kode wilayah tidak valid: "+r+".")
			continue
		}
		if seen[code] {
			p.Add("regions", "Wilayah "+code+" disebut dua kali.")
		}
		seen[code] = true
		m.Regions[i] = code
	}
	checkLen(&p, "address", m.Address, 1000)
	checkPhone(&p, "phone", strings.TrimSpace(m.Phone))
	m.Email = strings.TrimSpace(m.Email)
	checkEmail(&p, "email", m.Email)
	m.Website = strings.TrimSpace(m.Website)
	if m.Website != "" && !strings.HasPrefix(m.Website, "http://") && !strings.HasPrefix(m.Website, "https://") {
		p.Add("website", "Alamat situs diawali http:// atau https://.")
	}
	checkLen(&p, "website", m.Website, 500)
	checkLen(&p, "notes", m.Notes, maxText)
	var contacts []Contact
	for _, c := range m.Contacts {
		c.Name, c.Phone, c.Email, c.Position = strings.TrimSpace(c.Name), strings.TrimSpace(c.Phone), strings.TrimSpace(c.Email), strings.TrimSpace(c.Position)
		if c == (Contact{}) {
			continue
		}
		if c.Name == "" {
			p.Add("contacts", "Setiap kontak perlu nama.")
		}
		checkLen(&p, "contacts", c.Name, maxName)
		checkLen(&p, "contacts", c.Position, maxName)
		checkPhone(&p, "contacts", c.Phone)
		checkEmail(&p, "contacts", c.Email)
		contacts = append(contacts, c)
	}
	m.Contacts = contacts
	return p.Err("mitra")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
