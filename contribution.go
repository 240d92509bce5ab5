package kampungkb

import "strings"

// Contribution is what a partner brings to a Kampung KB or an activity:
// money, goods, services or labour, valued in Rupiah (domain.md §7.4).
type Contribution struct {
	ID            int64  `json:"id"`
	PartnerID     int64  `json:"partner_id"`
	KampungID     int64  `json:"kampung_id,omitempty"`
	ActivityID    int64  `json:"activity_id,omitempty"`
	AgreementID   int64  `json:"agreement_id,omitempty"`
	Kind          string `json:"kind"`
	Amount        int64  `json:"amount"`
	Date          Date   `json:"date"`
	Description   string `json:"description"`
	Beneficiaries int    `json:"beneficiaries"`

	// Read-only, filled by storage.
	PartnerName    string `json:"partner_name,omitempty"`
	KampungName    string `json:"kampung_name,omitempty"`
	ActivityTitle  string `json:"activity_title,omitempty"`
	AgreementTitle string `json:"agreement_title,omitempty"`
	Meta
}

// Validate checks the record; today bounds its date (contributions record
// what was given, so not in the future).
func (c *Contribution) Validate(today Date) error {
	var p Problems
	if c.PartnerID <= 0 {
		p.Add("partner_id", "Pilih mitra pemberi kontribusi.")
	}
	if c.KampungID < 0 || c.ActivityID < 0 {
		p.Add("kampung_id", "Kampung KB atau kegiatan tidak valid.")
	} else if c.KampungID == 0 && c.ActivityID == 0 {
		p.Add("kampung_id", "Pilih Kampung KB dan/atau kegiatan penerima kontribusi.")
	}
	if !ContributionKinds.Has(c.Kind) {
		p.Add("kind", "Pilih jenis kontribusi: uang, barang, jasa atau tenaga.")
	}
	switch {
	case c.Amount < 0:
		p.Add("amount", "Jumlah tidak boleh negatif.")
	case c.Amount == 0 && c.Kind == "uang":
		p.Add("amount", "Isi jumlah uang dalam Rupiah.")
	case c.Amount > 1e13:
		p.Add("amount", "Jumlah tidak masuk akal.")
	}
	if c.Date.IsZero() {
		p.Add("date", "Tanggal kontribusi wajib diisi.")
	} else if c.Date.After(today) {
		p.Add("date", "Tanggal kontribusi tidak boleh di masa depan.")
	}
	c.Description = strings.TrimSpace(c.Description)
	if c.Kind != "uang" && c.Description == "" && ContributionKinds.Has(c.Kind) {
		p.Add("description", "Jelaskan barang/jasa/tenaga yang diberikan.")
	}
	checkLen(&p, "description", c.Description, maxText)
	if c.Beneficiaries < 0 {
		p.Add("beneficiaries", "Jumlah penerima manfaat tidak boleh negatif.")
	}
	return p.Err("kontribusi")
}
