package kampungkb

import "testing"

func TestContributionValidate(t *testing.T) {
	today := MustDate("2024-06-30")
	valid := Contribution{PartnerID: 1, KampungID: 2, Kind: "uang", Amount: 2500000, Date: MustDate("2024-06-30")}
	tests := []struct {
		name   string
		change func(c *Contribution)
		fields []string
	}{
		{"cash to a kampung", func(c *Contribution) {}, nil},
		{"goods to an activity", func(c *Contribution) {
			c.KampungID, c.ActivityID = 0, 7
			c.Kind, c.Amount, c.Description = "barang", 0, "20 paket makanan tambahan"
			c.Beneficiaries = 20
		}, nil},
		{"no partner", func(c *Contribution) { c.PartnerID = 0 }, []string{"partner_id"}},
		{"no recipient", func(c *Contribution) { c.KampungID = 0 }, []string{"kampung_id"}},
		{"negative recipient", func(c *Contribution) { c.ActivityID = -1 }, []string{"kampung_id"}},
		{"unknown kind", func(c *Contribution) { c.Kind = "saham" }, []string{"kind"}},
		{"cash without amount", func(c *Contribution) { c.Amount = 0 }, []string{"amount"}},
		{"negative amount", func(c *Contribution) { c.Amount = -5 }, []string{"amount"}},
		{"absurd amount", func(c *Contribution) { c.Amount = 2e13 }, []string{"amount"}},
		{"no date", func(c *Contribution) { c.Date = Date{} }, []string{"date"}},
		{"future date", func(c *Contribution) { c.Date = today.AddDays(1) }, []string{"date"}},
		{"labour without description", func(c *Contribution) { c.Kind, c.Description = "tenaga", "   " }, []string{"description"}},
		{"negative beneficiaries", func(c *Contribution) { c.Beneficiaries = -1 }, []string{"beneficiaries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.change(&c)
			checkFields(t, c.Validate(today), tt.fields)
		})
	}
}
