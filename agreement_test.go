package kampungkb

import "testing"

// validAgreement returns an MoU between Muslimat NW and BKKBN Perwakilan
// NTB that passes Validate; tests change one thing at a time.
func validAgreement() Agreement {
	return Agreement{
		Type:     "mou",
		Number:   " 01/MoU/NW/2008 ",
		Title:    " Pembinaan Kampung KB bersama Muslimat NW ",
		SignedOn: MustDate("2008-03-10"),
		Parties: []Party{
			{Kind: "mitra", PartnerID: 1},
			{Kind: "bkkbn", Name: "BKKBN Perwakilan Provinsi NTB", RegionCode: "52"},
		},
		Functions: []string{"reproduksi", "pendidikan"},
		Areas:     []string{"kb_kr"},
	}
}

func TestAgreementValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Agreement)
		field  string // "" means valid
	}{
		{"valid MoU without end date", func(a *Agreement) {}, ""},
		{"valid PKS with dates", func(a *Agreement) {
			a.Type, a.ParentID = "pks", 7
			a.ValidFrom, a.ValidTo = MustDate("2024-01-01"), MustDate("2025-12-31")
		}, ""},
		{"valid_to on valid_from", func(a *Agreement) {
			a.ValidFrom, a.ValidTo = MustDate("2024-01-01"), MustDate("2024-01-01")
		}, ""},
		{"two partners, no government party", func(a *Agreement) {
			a.Parties[1] = Party{Kind: "mitra", PartnerID: 2}
		}, ""},
		{"unknown type", func(a *Agreement) { a.Type = "kontrak" }, "type"},
		{"no type", func(a *Agreement) { a.Type = "" }, "type"},
		{"blank title", func(a *Agreement) { a.Title = "   " }, "title"},
		{"no signing date", func(a *Agreement) { a.SignedOn = Date{} }, "signed_on"},
		{"valid_to before valid_from", func(a *Agreement) {
			a.ValidFrom, a.ValidTo = MustDate("2024-01-01"), MustDate("2023-12-31")
		}, "valid_to"},
		{"valid_to before signing date when valid_from is empty", func(a *Agreement) {
			a.ValidTo = MustDate("2008-03-09")
		}, "valid_to"},
		{"own parent", func(a *Agreement) { a.ID, a.ParentID = 5, 5 }, "parent_id"},
		{"unknown function", func(a *Agreement) { a.Functions = []string{"kesehatan"} }, "functions"},
		{"function twice", func(a *Agreement) { a.Functions = []string{"ekonomi", "ekonomi"} }, "functions"},
		{"unknown programme area", func(a *Agreement) { a.Areas = []string{"x"} }, "program_areas"},
		{"no partner", func(a *Agreement) {
			a.Parties = []Party{{Kind: "bkkbn", Name: "BKKBN"}, {Kind: "pemda", Name: "Pemkab Lombok Timur"}}
		}, "parties"},
		{"one party only", func(a *Agreement) { a.Parties = a.Parties[:1] }, "parties"},
		{"partner not chosen", func(a *Agreement) { a.Parties[0].PartnerID = 0 }, "parties"},
		{"same partner twice", func(a *Agreement) {
			a.Parties = append(a.Parties, Party{Kind: "mitra", PartnerID: 1})
		}, "parties"},
		{"kampung not chosen", func(a *Agreement) { a.Parties[1] = Party{Kind: "kampung"} }, "parties"},
		{"government party without name", func(a *Agreement) { a.Parties[1].Name = " " }, "parties"},
		{"bad region code", func(a *Agreement) { a.Parties[1].RegionCode = "52-03" }, "parties"},
		{"unknown party kind", func(a *Agreement) { a.Parties[1].Kind = "dprd" }, "parties"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAgreement()
			tt.change(&a)
			err := a.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorKind(err) != Invalid {
				t.Fatalf("Validate() = %v, want an invalid error", err)
			}
			if ErrorFields(err)[tt.field] == "" {
				t.Errorf("Validate() fields = %v, want a message for %q", ErrorFields(err), tt.field)
			}
		})
	}
}

func TestAgreementValidateNormalises(t *testing.T) {
	a := validAgreement()
	a.Parties[1].RegionCode = "5203"
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Title != "Pembinaan Kampung KB bersama Muslimat NW" || a.Number != "01/MoU/NW/2008" {
		t.Errorf("title %q, number %q not trimmed", a.Title, a.Number)
	}
	if a.ValidFrom != a.SignedOn {
		t.Errorf("valid_from = %v, want the signing date %v", a.ValidFrom, a.SignedOn)
	}
	if a.Parties[1].RegionCode != "52.03" {
		t.Errorf("region code = %q, want 52.03", a.Parties[1].RegionCode)
	}
}

func TestAgreementStatus(t *testing.T) {
	today := MustDate("2025-06-15")
	tests := []struct {
		name     string
		from, to string
		want     string
	}{
		{"starts tomorrow", "2025-06-16", "", StatusNotYet},
		{"starts today, no end", "2025-06-15", "", StatusActive},
		{"started long ago, no end", "2008-03-10", "", StatusActive},
		{"ends in 91 days", "2024-01-01", "2025-09-14", StatusActive},
		{"ends in exactly 90 days", "2024-01-01", "2025-09-13", StatusEnding},
		{"ends tomorrow", "2024-01-01", "2025-06-16", StatusEnding},
		{"ends today", "2024-01-01", "2025-06-15", StatusEnding},
		{"starts and ends today", "2025-06-15", "2025-06-15", StatusEnding},
		{"ended yesterday", "2024-01-01", "2025-06-14", StatusEnded},
		{"starts tomorrow and ends soon", "2025-06-16", "2025-06-30", StatusNotYet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Agreement{ValidFrom: MustDate(tt.from), ValidTo: MustDate(tt.to)}
			if got := a.Status(today); got != tt.want {
				t.Errorf("Status(%s) of %s..%s = %s, want %s", today, tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestCheckParent(t *testing.T) {
	tests := []struct {
		name   string
		a      Agreement
		parent Agreement
		ok     bool
	}{
		{"PKS under an MoU", Agreement{ID: 2, Type: "pks"}, Agreement{ID: 1, Type: "mou"}, true},
		{"PKS under a Kesepahaman Bersama", Agreement{ID: 2, Type: "pks"}, Agreement{ID: 1, Type: "kesepahaman_bersama"}, true},
		{"new PKS under an MoU", Agreement{Type: "pks"}, Agreement{ID: 1, Type: "mou"}, true},
		{"PKS under a PKS", Agreement{ID: 3, Type: "pks"}, Agreement{ID: 2, Type: "pks", ParentID: 1}, false},
		{"parent whose parent is the agreement", Agreement{ID: 1, Type: "mou"}, Agreement{ID: 2, Type: "mou", ParentID: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckParent(tt.a, tt.parent)
			if tt.ok {
				if err != nil {
					t.Errorf("CheckParent = %v, want nil", err)
				}
				return
			}
			if ErrorKind(err) != Invalid || ErrorFields(err)["parent_id"] == "" {
				t.Errorf("CheckParent = %v, want an invalid error on parent_id", err)
			}
		})
	}
}

func TestAgreementLabel(t *testing.T) {
	tests := []struct {
		a    Agreement
		want string
	}{
		{Agreement{Type: "mou", Number: "01/MoU/NW/2008", Title: "Pembinaan Kampung KB"}, "MoU 01/MoU/NW/2008 — Pembinaan Kampung KB"},
		{Agreement{Type: "pks", Title: "Penyuluhan KB"}, "PKS — Penyuluhan KB"},
		{Agreement{Type: "kesepahaman_bersama", Number: "1/2025", Title: "GKMNU"}, "Kesepahaman Bersama 1/2025 — GKMNU"},
	}
	for _, tt := range tests {
		if got := tt.a.Label(); got != tt.want {
			t.Errorf("Label() = %q, want %q", got, tt.want)
		}
	}
}
