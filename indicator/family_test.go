package indicator

import (
	"testing"

	"kampungkb"
)

// at is the reference date of the table tests.
var at = kampungkb.MustDate("2025-07-15")

type opt func(*kampungkb.Member)

func member(sex, status, birth string, opts ...opt) kampungkb.Member {
	m := kampungkb.Member{FamilyID: "F", Name: "X", NIK: "5203130101900001", Sex: sex, MaritalStatus: status,
		BirthDate: kampungkb.MustDate(birth)}
	for _, o := range opts {
		o(&m)
	}
	return m
}

// wife is a married woman, the usual PUS.
func wife(birth string, opts ...opt) kampungkb.Member { return member("p", "kawin", birth, opts...) }

func child(no int, birth string) kampungkb.Member {
	return member("l", "belum_kawin", birth, func(m *kampungkb.Member) { m.MemberNo = no })
}

func method(c string) opt { return func(m *kampungkb.Member) { m.KBMethod = c } }
func reason(r string) opt { return func(m *kampungkb.Member) { m.KBReason = r } }
func kids(n int) opt      { return func(m *kampungkb.Member) { m.ChildrenBorn = &n } }
func married(age int) opt { return func(m *kampungkb.Member) { m.MarriageAge = &age } }
func noNIK() opt          { return func(m *kampungkb.Member) { m.NIK = "" } }
func lastBirth(d string) opt {
	return func(m *kampungkb.Member) { m.LastBirthDate = kampungkb.MustDate(d) }
}
func pregnant(b bool) opt { return func(m *kampungkb.Member) { m.Pregnant = &b } }

func z(v float64) *float64 { return &v }

func meas(date string, zlen *float64, flagged bool) Measurement {
	return Measurement{Date: kampungkb.MustDate(date), ZLen: zlen, FLen: flagged}
}

// c builds the expected counts of one family: families 1, the given
// number of members, then the changes.
func c(members int, set func(*Counts)) Counts {
	x := Counts{Families: 1, Members: members}
	if set != nil {
		set(&x)
	}
	return x
}

// pusOnly is the count of one family with one PUS and no flag: a target
// family, not KRS.
func pusOnly(x *Counts) { x.PUS, x.TargetFamilies = 1, 1 }

func TestFamilyDefinitions(t *testing.T) {
	rs := Default()
	tests := []struct {
		name    string
		water   string
		toilet  string
		decile  int
		members []kampungkb.Member
		ms      map[int][]Measurement
		want    Counts
	}{
		// PUS ages: 15–49 completed years on the reference date.
		{name: "woman 15 today is PUS and muda", members: []kampungkb.Member{wife("2010-07-15")},
			want: c(1, func(x *Counts) { pusOnly(x); x.TMuda, x.KRS = 1, 1 })},
		{name: "woman 15 tomorrow is not PUS", members: []kampungkb.Member{wife("2010-07-16")},
			want: c(1, nil)},
		{name: "woman 49 today is PUS", members: []kampungkb.Member{wife("1976-07-15")},
			want: c(1, pusOnly)},
		{name: "woman 50 today is not PUS", members: []kampungkb.Member{wife("1975-07-15")},
			want: c(1, nil)},
		{name: "woman 50 tomorrow is still PUS", members: []kampungkb.Member{wife("1975-07-16")},
			want: c(1, pusOnly)},
		{name: "married man is not PUS", members: []kampungkb.Member{member("l", "kawin", "1990-01-01")},
			want: c(1, nil)},
		{name: "divorced woman is not PUS", members: []kampungkb.Member{member("p", "cerai_hidup", "1990-01-01")},
			want: c(1, nil)},
		{name: "widowed woman is not PUS", members: []kampungkb.Member{member("p", "cerai_mati", "1990-01-01")},
			want: c(1, nil)},
		{name: "PUS without NIK counts", members: []kampungkb.Member{wife("1990-01-01", noNIK())},
			want: c(1, pusOnly)},
		{name: "member born after the date does not count", members: []kampungkb.Member{wife("1990-01-01"), child(2, "2025-07-16")},
			want: c(1, pusOnly)},
		{name: "member born on the date counts as a child 0 months", members: []kampungkb.Member{child(1, "2025-07-15")},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies = 1, 1 })},

		// 4 Terlalu.
		{name: "19 is muda", members: []kampungkb.Member{wife("2006-07-15")},
			want: c(1, func(x *Counts) { pusOnly(x); x.TMuda, x.KRS = 1, 1 })},
		{name: "20 is not muda", members: []kampungkb.Member{wife("2005-07-15")},
			want: c(1, pusOnly)},
		{name: "35 is not tua", members: []kampungkb.Member{wife("1990-07-15")},
			want: c(1, pusOnly)},
		{name: "36 is tua", members: []kampungkb.Member{wife("1989-07-15")},
			want: c(1, func(x *Counts) { pusOnly(x); x.TTua, x.KRS = 1, 1 })},
		{name: "40 is tua", members: []kampungkb.Member{wife("1985-07-15")},
			want: c(1, func(x *Counts) { pusOnly(x); x.TTua, x.KRS = 1, 1 })},
		{name: "41 is not tua (KRS band 35–40)", members: []kampungkb.Member{wife("1984-07-15")},
			want: c(1, pusOnly)},
		{name: "last birth 23 months ago is dekat", members: []kampungkb.Member{wife("1995-01-01", lastBirth("2023-08-15"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.TDekat, x.KRS = 1, 1 })},
		{name: "last birth 23 months and 30 days ago is dekat", members: []kampungkb.Member{wife("1995-01-01", lastBirth("2023-07-16"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.TDekat, x.KRS = 1, 1 })},
		{name: "last birth 24 months ago is not dekat", members: []kampungkb.Member{wife("1995-01-01", lastBirth("2023-07-15"))},
			want: c(1, pusOnly)},
		{name: "last birth after the date raises no flag", members: []kampungkb.Member{wife("1995-01-01", lastBirth("2025-08-01"))},
			want: c(1, pusOnly)},
		{name: "3 children is not banyak", members: []kampungkb.Member{wife("1995-01-01", kids(3))},
			want: c(1, pusOnly)},
		{name: "4 children is banyak", members: []kampungkb.Member{wife("1995-01-01", kids(4))},
			want: c(1, func(x *Counts) { pusOnly(x); x.TBanyak, x.KRS = 1, 1 })},
		{name: "empty fields raise no flag", members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, pusOnly)},
		{name: "4T only over PUS: a widow with 5 children and a girl of 17", members: []kampungkb.Member{
			member("p", "cerai_mati", "1985-01-01", kids(5), lastBirth("2025-01-01")), member("p", "belum_kawin", "2008-01-01")},
			want: c(2, nil)},
		{name: "flags are per family: two PUS both muda count once", members: []kampungkb.Member{wife("2007-01-01"), wife("2008-01-01")},
			want: c(2, func(x *Counts) { x.PUS, x.TargetFamilies, x.TMuda, x.KRS = 2, 1, 1, 1 })},
		{name: "overlapping flags each count", members: []kampungkb.Member{wife("1987-01-01", kids(5), lastBirth("2025-01-01"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.TTua, x.TDekat, x.TBanyak, x.KRS = 1, 1, 1, 1 })},

		// Contraception.
		{name: "pregnant PUS without a method", members: []kampungkb.Member{wife("1995-01-01", pregnant(true), reason("hamil"))},
			want: c(1, pusOnly)},
		{name: "no method, reason ias", members: []kampungkb.Member{wife("1995-01-01", reason("ias"))},
			want: c(1, pusOnly)},
		{name: "no method, reason iat", members: []kampungkb.Member{wife("1995-01-01", reason("iat"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.UnmetIAT = 1 })},
		{name: "no method, reason tial", members: []kampungkb.Member{wife("1995-01-01", reason("tial"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.UnmetTIAL = 1 })},
		{name: "no method, no reason", members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, pusOnly)},
		{name: "method with a stale reason is not unmet", members: []kampungkb.Member{wife("1995-01-01", method("pil"), reason("tial"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.PUSKB, x.PUSKBModern = 1, 1 })},
		{name: "traditional method is KB, not modern", members: []kampungkb.Member{wife("1995-01-01", method("tradisional"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.PUSKB = 1 })},
		{name: "MAL is modern, not MKJP", members: []kampungkb.Member{wife("1995-01-01", method("mal"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.PUSKB, x.PUSKBModern = 1, 1 })},
		{name: "suntik is modern, not MKJP", members: []kampungkb.Member{wife("1995-01-01", method("suntik"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.PUSKB, x.PUSKBModern = 1, 1 })},
		{name: "implan is MKJP", members: []kampungkb.Member{wife("1995-01-01", method("implan"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.PUSKB, x.PUSKBModern, x.MKJP = 1, 1, 1 })},
		{name: "MOP (husband's vasectomy) is MKJP", members: []kampungkb.Member{wife("1995-01-01", method("mop"))},
			want: c(1, func(x *Counts) { pusOnly(x); x.PUSKB, x.PUSKBModern, x.MKJP = 1, 1, 1 })},
		{name: "contraception of non-PUS is ignored", members: []kampungkb.Member{
			member("l", "kawin", "1990-01-01", method("mop")),
			member("p", "cerai_hidup", "1990-01-01", method("iud")),
			wife("1970-01-01", reason("tial")),
			wife("2011-01-01", method("pil"))},
			want: c(4, nil)},

		// Early marriage, either sex.
		{name: "married at 18 is early (man)", members: []kampungkb.Member{member("l", "kawin", "1990-01-01", married(18))},
			want: c(1, func(x *Counts) { x.EarlyMarriage19 = 1 })},
		{name: "married at 19 is not early", members: []kampungkb.Member{member("l", "kawin", "1990-01-01", married(19))},
			want: c(1, nil)},
		{name: "early marriage counts members of either sex", members: []kampungkb.Member{
			member("l", "kawin", "1990-01-01", married(18)), wife("1992-01-01", married(16))},
			want: c(2, func(x *Counts) { pusOnly(x); x.EarlyMarriage19 = 2 })},

		// Target families and KRS.
		{name: "pregnant non-PUS makes a target family", members: []kampungkb.Member{member("p", "belum_kawin", "2000-01-01", pregnant(true))},
			want: c(1, func(x *Counts) { x.TargetFamilies = 1 })},
		{name: "child 59 months is a child", members: []kampungkb.Member{child(1, "2020-08-15")},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies = 1, 1 })},
		{name: "child 60 months is not", members: []kampungkb.Member{child(1, "2020-07-15")},
			want: c(1, nil)},
		{name: "undecent water in a target family is KRS", water: "sumur_tak_terlindungi", members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, func(x *Counts) { pusOnly(x); x.KRS = 1 })},
		{name: "decent water is no risk", water: "kemasan", toilet: "bersama_septik", members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, pusOnly)},
		{name: "toilet without septic is a risk", toilet: "tanpa_septik", members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, func(x *Counts) { pusOnly(x); x.KRS = 1 })},
		{name: "no toilet is a risk", toilet: "tidak_ada", members: []kampungkb.Member{child(1, "2024-01-01")},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.KRS = 1, 1, 1 })},
		{name: "empty water and toilet are unknown, not risks", members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, pusOnly)},
		{name: "risks outside a target family are not KRS", water: "air_permukaan", toilet: "tidak_ada",
			members: []kampungkb.Member{member("l", "kawin", "1960-01-01"), member("p", "kawin", "1962-01-01")},
			want:    c(2, nil)},
		{name: "default ignores poverty and non-modern PUS", decile: 1, members: []kampungkb.Member{wife("1995-01-01")},
			want: c(1, pusOnly)},
		{name: "no family members", want: c(0, nil)},

		// Stunting: the deciding measurement.
		{name: "z −2.01 is stunted", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-07-01", z(-2.01), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m, x.Stunted = 1, 1, 1, 1 })},
		{name: "z −2.00 is not stunted", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-07-01", z(-2.00), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m = 1, 1, 1 })},
		{name: "z −2.004 rounds to −2.00, not stunted", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-07-01", z(-2.004), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m = 1, 1, 1 })},
		{name: "flagged z is not a measurement", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-07-01", z(-6.5), true)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies = 1, 1 })},
		{name: "latest in the window decides", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-06-01", z(-1.0), false), meas("2025-03-01", z(-3.0), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m = 1, 1, 1 })},
		{name: "a later flagged or uncomputable one does not decide", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms: map[int][]Measurement{3: {meas("2025-03-01", z(-3.0), false), meas("2025-06-01", z(-1.0), true),
				meas("2025-07-01", nil, false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m, x.Stunted = 1, 1, 1, 1 })},
		{name: "of two on the same date the later given decides", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-06-01", z(-1.0), false), meas("2025-06-01", z(-2.2), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m, x.Stunted = 1, 1, 1, 1 })},
		{name: "measurements of another member do not count", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{4: {meas("2025-06-01", z(-2.2), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies = 1, 1 })},
		{name: "only members born after the date: the family still counts", members: []kampungkb.Member{child(1, "2025-08-01")},
			want: c(0, nil)},
		{name: "window starts exactly 6 calendar months back", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-01-15", z(-2.5), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies, x.Measured0to59m, x.Stunted = 1, 1, 1, 1 })},
		{name: "a day older than the window does not count", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-01-14", z(-2.5), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies = 1, 1 })},
		{name: "a measurement after the date does not count", members: []kampungkb.Member{child(3, "2023-01-01")},
			ms:   map[int][]Measurement{3: {meas("2025-07-16", z(-2.5), false)}},
			want: c(1, func(x *Counts) { x.Children0to59m, x.TargetFamilies = 1, 1 })},
		{name: "measurements of a child over 59 months are not counted", members: []kampungkb.Member{child(3, "2020-07-15")},
			ms:   map[int][]Measurement{3: {meas("2025-07-01", z(-2.5), false)}},
			want: c(1, nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := kampungkb.Family{FamilyID: "F", VillageCode: "52.03.13.2007", WaterSource: tt.water, Toilet: tt.toilet, WelfareDecile: tt.decile}
			got := rs.Family(f, tt.members, tt.ms, at)
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestFlagsExtraFactors(t *testing.T) {
	def := Default()
	rs := withExtra(t, true, []int{1, 2, 3, 4})
	pill := []kampungkb.Member{wife("1995-01-01", method("pil"))}
	none := []kampungkb.Member{wife("1995-01-01", reason("ias"))}
	trad := []kampungkb.Member{wife("1995-01-01", method("tradisional"))}
	man := []kampungkb.Member{member("l", "kawin", "1990-01-01")}
	f := kampungkb.Family{WelfareDecile: 5}
	poor := kampungkb.Family{WelfareDecile: 2}
	tests := []struct {
		name    string
		rs      *RuleSet
		f       kampungkb.Family
		members []kampungkb.Member
		krs     bool
	}{
		{"default: PUS without a method is no risk", def, f, none, false},
		{"2024: PUS without a method is a risk", rs, f, none, true},
		{"2024: traditional method is a risk", rs, f, trad, true},
		{"2024: modern method is no risk", rs, f, pill, false},
		{"default: decile 2 is no risk", def, poor, pill, false},
		{"2024: decile 2 is a risk", rs, poor, pill, true},
		{"2024: decile 5 is no risk", rs, f, pill, false},
		{"2024: a poor family that is no target is not KRS", rs, poor, man, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fl := tt.rs.Flags(tt.f, tt.members, at)
			if fl.KRS != tt.krs {
				t.Errorf("KRS = %v, want %v (flags %+v)", fl.KRS, tt.krs, fl)
			}
			if c := tt.rs.Family(tt.f, tt.members, nil, at); c.KRS != b2i(tt.krs) {
				t.Errorf("counts KRS = %d", c.KRS)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	rs := Default()
	f := kampungkb.Family{WaterSource: "air_hujan", Toilet: "tanpa_septik"}
	fl := rs.Flags(f, []kampungkb.Member{wife("2007-01-01", kids(4), lastBirth("2025-01-01")), child(2, "2025-01-01")}, at)
	want := Flags{Target: true, KRS: true, Muda: true, Dekat: true, Banyak: true, WaterRisk: true, ToiletRisk: true, PUSNotModern: true}
	if fl != want {
		t.Errorf("got  %+v\nwant %+v", fl, want)
	}
	if fl := rs.Flags(kampungkb.Family{}, nil, at); fl != (Flags{}) {
		t.Errorf("empty family: %+v", fl)
	}
}

func TestMonthsBack(t *testing.T) {
	for _, tt := range []struct{ d, want string }{
		{"2025-07-15", "2025-01-15"},
		{"2025-08-31", "2025-02-28"},
		{"2024-08-31", "2024-02-29"},
		{"2025-03-31", "2024-09-30"},
		{"2025-01-01", "2024-07-01"},
	} {
		if got := monthsBack(kampungkb.MustDate(tt.d), 6); got.String() != tt.want {
			t.Errorf("monthsBack(%s, 6) = %s, want %s", tt.d, got, tt.want)
		}
	}
}

func TestMeasurementOf(t *testing.T) {
	m := kampungkb.Measurement{Date: at, Z: kampungkb.ZScores{Len: z(-2.3), FLen: true}}
	got := MeasurementOf(m)
	if got.Date != at || *got.ZLen != -2.3 || !got.FLen {
		t.Errorf("MeasurementOf = %+v", got)
	}
}
