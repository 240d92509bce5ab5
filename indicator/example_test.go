package indicator_test

import (
	"fmt"

	"kampungkb"
	"kampungkb/indicator"
)

func Example() {
	at := kampungkb.MustDate("2025-07-15")
	rs := indicator.For(at)

	two := 2
	f := kampungkb.Family{FamilyID: "K-1", VillageCode: "52.03.13.2001", WaterSource: "sumur_tak_terlindungi", Toilet: "sendiri_septik"}
	members := []kampungkb.Member{
		{MemberNo: 1, Sex: "l", MaritalStatus: "kawin", BirthDate: kampungkb.MustDate("1993-02-01")},
		{MemberNo: 2, Sex: "p", MaritalStatus: "kawin", BirthDate: kampungkb.MustDate("1996-04-12"),
			ChildrenBorn: &two, KBMethod: "pil"},
		{MemberNo: 3, Sex: "p", MaritalStatus: "belum_kawin", BirthDate: kampungkb.MustDate("2023-03-03")},
	}
	z := -2.4
	growth := map[int][]indicator.Measurement{3: {{Date: kampungkb.MustDate("2025-06-20"), ZLen: &z}}}

	desa := rs.Family(f, members, growth, at) // add more families with Add
	fmt.Println("rule set:", rs.Version)
	fmt.Println("PUS:", desa.PUS, "mCPR:", desa.MCPR().Format())
	fmt.Println("KRS:", desa.KRS, "of", desa.TargetFamilies, "target families")
	fmt.Println("stunted:", desa.Stunted, "of", desa.Measured0to59m, "measured:", desa.StuntedShare())
	d := indicator.Definitions()[6]
	fmt.Printf("%s = %s / %s (%s)\n", d.Column, d.Numerator, d.Denominator, d.Source)
	// Output:
	// rule set: 2021.1
	// PUS: 1 mCPR: 100,0 %
	// KRS: 1 of 1 target families
	// stunted: 1 of 1 measured: 100.0
	// mcpr_pct = pus_kb_modern / pus (domain.md §1.13, §2.2 (IKU mCPR))
}
