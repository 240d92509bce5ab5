package indicator

import (
	"testing"

	"kampungkb"
)

func TestAreas(t *testing.T) {
	a := Areas{}
	one := Counts{Families: 1, Members: 3, PUS: 1}
	a.Add("52.03.13.2001", one)
	a.Add("52.03.13.2002", one)
	a.Add("52.03.14.2001", one)
	for code, fam := range map[string]int{"52": 3, "52.03": 3, "52.03.13": 2, "52.03.14": 1, "52.03.13.2001": 1, "52.03.14.2002": 0, "53": 0} {
		if got := a.Get(code).Families; got != fam {
			t.Errorf("%s: %d families, want %d", code, got, fam)
		}
	}
	if a.Get("52.03") != a.Get("52.03.13").Add(a.Get("52.03.14")) {
		t.Error("kabupaten is not the sum of its kecamatan")
	}
}

func TestInKampung(t *testing.T) {
	fam := func(village, rw, dusun string) kampungkb.Family {
		return kampungkb.Family{VillageCode: village, RW: rw, Dusun: dusun}
	}
	k := func(coverage, detail string) kampungkb.Kampung {
		return kampungkb.Kampung{VillageCode: "52.03.13.2001", Coverage: coverage, CoverageDetail: detail}
	}
	tests := []struct {
		name string
		k    kampungkb.Kampung
		f    kampungkb.Family
		want bool
	}{
		{"whole desa", k("desa", ""), fam("52.03.13.2001", "", ""), true},
		{"other desa", k("desa", ""), fam("52.03.13.2002", "001", ""), false},
		{"rw as numbers", k("rw", "RW 03, 4"), fam("52.03.13.2001", "003", ""), true},
		{"second rw", k("rw", "RW 03, 4"), fam("52.03.13.2001", "004", ""), true},
		{"rw not covered", k("rw", "RW 03, 4"), fam("52.03.13.2001", "005", ""), false},
		{"rw 13 is not rw 3", k("rw", "RW 13"), fam("52.03.13.2001", "3", ""), false},
		{"rw unknown", k("rw", "RW 03"), fam("52.03.13.2001", "", ""), false},
		{"rw in other desa", k("rw", "RW 03"), fam("52.03.13.2002", "003", ""), false},
		{"dusun by name", k("dusun", "Dusun Anjani Timur dan Anjani Barat"), fam("52.03.13.2001", "", "anjani  barat"), true},
		{"dusun list", k("dusun", "Lendang; Otak Desa"), fam("52.03.13.2001", "", "Otak Desa"), true},
		{"dusun not covered", k("dusun", "Lendang"), fam("52.03.13.2001", "", "Otak Desa"), false},
		{"dusun unknown", k("dusun", "Lendang"), fam("52.03.13.2001", "", ""), false},
	}
	for _, tt := range tests {
		if got := InKampung(tt.k, tt.f); got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}
}

func BenchmarkFamily(b *testing.B) {
	rs := Default()
	f := kampungkb.Family{WaterSource: "sumur_tak_terlindungi", Toilet: "sendiri_septik"}
	members := []kampungkb.Member{
		member("l", "kawin", "1990-03-10"),
		wife("1995-05-20", kids(2), lastBirth("2024-01-10"), method("suntik")),
		child(3, "2024-01-10"),
		child(4, "2018-06-01"),
	}
	ms := map[int][]Measurement{3: {meas("2025-02-01", z(-1.5), false), meas("2025-06-10", z(-2.35), false)}}
	for b.Loop() {
		rs.Family(f, members, ms, at)
	}
}
