package kampungkb

import (
	"strings"
	"testing"
)

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

func TestFamilyValidate(t *testing.T) {
	good := func() Family {
		return Family{FamilyID: "K-1", NoKK: "5203130101200001", VillageCode: "5203132007", Dusun: "Dasan", RW: "01", RT: "02",
			WaterSource: "sumur_bor", Toilet: "sendiri_septik", WelfareDecile: 3}
	}
	f := good()
	if err := f.Validate(); err != nil {
		t.Fatalf("good family: %v", err)
	}
	if f.VillageCode != "52.03.13.2007" {
		t.Errorf("village code not normalised: %q", f.VillageCode)
	}
	for _, tc := range []struct {
		name, field string
		edit        func(*Family)
	}{
		{"no id", "family_id", func(f *Family) { f.FamilyID = " " }},
		{"short kk", "no_kk", func(f *Family) { f.NoKK = "520313010120000" }},
		{"kk letters", "no_kk", func(f *Family) { f.NoKK = "520313010120000x" }},
		{"no village", "village_code", func(f *Family) { f.VillageCode = "" }},
		{"kecamatan", "village_code", func(f *Family) { f.VillageCode = "52.03.13" }},
		{"water", "water_source", func(f *Family) { f.WaterSource = "PAM" }},
		{"toilet", "toilet", func(f *Family) { f.Toilet = "ada" }},
		{"decile", "welfare_decile", func(f *Family) { f.WelfareDecile = 11 }},
	} {
		f := good()
		tc.edit(&f)
		fields := ErrorFields(f.Validate())
		if _, ok := fields[tc.field]; !ok || len(fields) != 1 {
			t.Errorf("%s: fields %v, want only %s", tc.name, fields, tc.field)
		}
	}
}

func TestMemberValidate(t *testing.T) {
	today := MustDate("2026-11-28")
	good := func() Member {
		return Member{FamilyID: "K-1", MemberNo: 2, NIK: "5203134506950001", Name: "Siti Aminah", Sex: "p",
			BirthDate: MustDate("1995-06-05"), Relation: "istri", MaritalStatus: "kawin", MarriageAge: intp(18),
			Pregnant: boolp(false), ChildrenBorn: intp(2), LastBirthDate: MustDate("2024-01-10"), KBMethod: "suntik"}
	}
	m := good()
	if err := m.Validate(today); err != nil {
		t.Fatalf("good member: %v", err)
	}
	noNIK := good()
	noNIK.NIK = ""
	if err := noNIK.Validate(today); err != nil {
		t.Errorf("member without NIK: %v", err)
	}
	for _, tc := range []struct {
		name, field string
		edit        func(*Member)
	}{
		{"no family", "family_id", func(m *Member) { m.FamilyID = "" }},
		{"member no", "member_no", func(m *Member) { m.MemberNo = 0 }},
		{"nik 15", "nik", func(m *Member) { m.NIK = "520313450695000" }},
		{"nik letters", "nik", func(m *Member) { m.NIK = "52031345069500a1" }},
		{"no name", "name", func(m *Member) { m.Name = "" }},
		{"sex", "sex", func(m *Member) { m.Sex = "w" }},
		{"no birth", "birth_date", func(m *Member) { m.BirthDate = Date{} }},
		{"future birth", "birth_date", func(m *Member) { m.BirthDate = MustDate("2026-12-01"); m.LastBirthDate = Date{} }},
		{"relation", "relation", func(m *Member) { m.Relation = "Istri" }},
		{"marital", "marital_status", func(m *Member) { m.MaritalStatus = "nikah" }},
		{"marriage age negative", "marriage_age", func(m *Member) { m.MarriageAge = intp(-1) }},
		{"marriage age 101", "marriage_age", func(m *Member) { m.MarriageAge = intp(101) }},
		{"marriage age above age", "marriage_age", func(m *Member) { m.MarriageAge = intp(40) }},
		{"pregnant man", "pregnant", func(m *Member) { m.Sex = "l"; m.NIK = ""; m.Pregnant = boolp(true) }},
		{"children born", "children_born", func(m *Member) { m.ChildrenBorn = intp(-1) }},
		{"future last birth", "last_birth_date", func(m *Member) { m.LastBirthDate = MustDate("2027-01-01") }},
		{"last birth before birth", "last_birth_date", func(m *Member) { m.LastBirthDate = MustDate("1990-01-01") }},
		{"kb method", "kb_method", func(m *Member) { m.KBMethod = "spiral" }},
		{"kb reason", "kb_reason", func(m *Member) { m.KBReason = "jauh"; m.KBMethod = "" }},
		{"reason with method", "kb_reason", func(m *Member) { m.KBReason = "iat" }},
	} {
		m := good()
		tc.edit(&m)
		fields := ErrorFields(m.Validate(today))
		if _, ok := fields[tc.field]; !ok || len(fields) != 1 {
			t.Errorf("%s: fields %v, want only %s", tc.name, fields, tc.field)
		}
	}
	man := good()
	man.Sex, man.Pregnant, man.NIK = "l", boolp(false), ""
	if err := man.Validate(today); err != nil {
		t.Errorf("a man recorded not pregnant is fine: %v", err)
	}
}

func TestNIKWarning(t *testing.T) {
	for _, tc := range []struct {
		nik, sex, birth string
		want            string // substring; "" = no warning
	}{
		{"5203134506950001", "p", "1995-06-05", ""},
		{"5203130506950001", "l", "1995-06-05", ""},
		{"5203130506950001", "p", "1995-06-05", "jenis kelamin Laki-laki"},
		{"5203134506950001", "l", "1995-06-05", "jenis kelamin Perempuan"},
		{"5203134506950001", "p", "1995-06-06", "tanggal lahir 05-06-95"},
		{"5203134506950001", "p", "2095-06-05", ""}, // only YY is encoded
		{"5203137206950001", "p", "1995-06-05", "bukan tanggal lahir"},
		{"5203130013950001", "l", "1995-06-05", "bukan tanggal lahir"},
		{"9999999999999991", "l", "1995-06-05", ""}, // survey placeholder
		{"", "l", "1995-06-05", ""},
		{"12a", "l", "1995-06-05", ""},
	} {
		got := NIKWarning(tc.nik, tc.sex, MustDate(tc.birth))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("NIKWarning(%s, %s, %s) = %q, want %q", tc.nik, tc.sex, tc.birth, got, tc.want)
		}
	}
}
