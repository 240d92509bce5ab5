package indicator

import (
	"math/rand/v2"
	"testing"
	"testing/fstest"

	"kampungkb"
)

// thresholdFamily draws a family whose members straddle every threshold of
// the definitions around the dates of TestEvaluatorMatchesFamily: ages
// near 15, 20, 35, 40, 49 and 0–59 months, last births near 24 months,
// 3–4 children, every method and reason, missing fields, measurements in
// and out of the 6-month window, flagged and missing z, same-day ties.
func thresholdFamily(r *rand.Rand, ref kampungkb.Date) (kampungkb.Family, []kampungkb.Member, map[int][]kampungkb.Measurement) {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	f := kampungkb.Family{FamilyID: "F", VillageCode: "52.03.13.2007",
		WaterSource:   pick("", "kemasan", "ledeng", "sumur_bor", "sumur_tak_terlindungi", "air_hujan", "lainnya"),
		Toilet:        pick("", "sendiri_septik", "bersama_septik", "tanpa_septik", "tidak_ada"),
		WelfareDecile: r.IntN(11)}
	n := 1 + r.IntN(6)
	var members []kampungkb.Member
	ms := map[int][]kampungkb.Measurement{}
	for no := 1; no <= n; no++ {
		m := kampungkb.Member{FamilyID: "F", MemberNo: no, Name: "X", Sex: pick("l", "p"),
			MaritalStatus: pick("", "belum_kawin", "kawin", "kawin", "cerai_hidup", "cerai_mati")}
		// an age in days near a threshold (years or months), or anything
		var days int
		switch r.IntN(4) {
		case 0:
			years := []int{0, 1, 4, 5, 14, 15, 19, 20, 35, 36, 40, 41, 49, 50}[r.IntN(14)]
			days = years*365 + r.IntN(800) - 400
		case 1:
			days = r.IntN(62 * 31)
		default:
			days = r.IntN(80 * 365)
		}
		if r.IntN(40) > 0 {
			m.BirthDate = ref.AddDays(-days)
		}
		if r.IntN(3) == 0 {
			a := 12 + r.IntN(15)
			m.MarriageAge = &a
		}
		if r.IntN(3) > 0 {
			b := r.IntN(3) == 0
			m.Pregnant = &b
		}
		if r.IntN(2) == 0 {
			k := r.IntN(7)
			m.ChildrenBorn = &k
		}
		if r.IntN(2) == 0 {
			m.LastBirthDate = ref.AddDays(-(r.IntN(1200) - 200))
		}
		m.KBMethod = pick("", "", "iud", "mow", "mop", "implan", "suntik", "pil", "kondom", "mal", "tradisional")
		m.KBReason = pick("", "hamil", "ias", "iat", "tial")
		members = append(members, m)
		if !m.BirthDate.IsZero() && r.IntN(2) == 0 {
			for k := r.IntN(8); k > 0; k-- {
				x := kampungkb.Measurement{Date: ref.AddDays(200 - r.IntN(500))}
				if r.IntN(6) > 0 {
					v := float64(r.IntN(900)-600) / 100
					if r.IntN(4) == 0 {
						v = -2 + float64(r.IntN(3)-1)*0.004 // rounding edge near −2
					}
					x.Z.Len = &v
				}
				x.Z.FLen = r.IntN(10) == 0
				if r.IntN(5) == 0 && len(ms[no]) > 0 {
					x.Date = ms[no][len(ms[no])-1].Date // same-day tie
				}
				ms[no] = append(ms[no], x)
			}
		}
	}
	return f, members, ms
}

// TestEvaluatorMatchesFamily checks that the evaluator gives
// RuleSet.Family's counts exactly, for random families at a year of
// dates spanning a change of rule set (with the optional KRS factors).
func TestEvaluatorMatchesFamily(t *testing.T) {
	v2024 := withExtra(t, true, []int{1, 2})
	v2024.Version = "2024.1"
	v2024.FourT.TuaMaxAge = 0
	v2024.PUS.MaxAge = 44
	vs, err := Load(fstest.MapFS{
		"2021.1.json": {Data: mustJSON(t, Default())},
		"2024.1.json": {Data: mustJSON(t, v2024)},
	})
	if err != nil {
		t.Fatal(err)
	}
	ref := kampungkb.MustDate("2024-12-01")
	var dates []kampungkb.Date
	for d := ref.AddDays(-400); d.Before(ref.AddDays(200)); d = d.AddDays(13) {
		dates = append(dates, d)
	}
	dates = append(dates, kampungkb.MustDate("2024-02-29"), kampungkb.MustDate("2024-08-31"), kampungkb.MustDate("2024-11-30"))
	e := vs.Evaluator(dates)
	r := rand.New(rand.NewPCG(1, 2))
	got := make([]Counts, len(dates))
	for i := 0; i < 20000; i++ {
		f, members, ms := thresholdFamily(r, ref)
		clear(got)
		e.Family(f, members, ms, got)
		im := map[int][]Measurement{}
		for no, list := range ms {
			for _, m := range list {
				im[no] = append(im[no], MeasurementOf(m))
			}
		}
		for j, at := range dates {
			want := vs.For(at).Family(f, members, im, at)
			if got[j] != want {
				t.Fatalf("family %d at %s (%s):\n got %+v\nwant %+v\nmembers %+v\nms %+v", i, at, vs.For(at).Version, got[j], want, members, ms)
			}
		}
	}
}

// BenchmarkEvaluator compares the evaluator at 13 dates with Family
// called at each date, on the same random families.
func BenchmarkEvaluator(b *testing.B) {
	ref := kampungkb.MustDate("2026-06-30")
	dates := make([]kampungkb.Date, 13)
	for i := range dates {
		dates[i] = ref.AddMonths(i - 12)
	}
	r := rand.New(rand.NewPCG(3, 4))
	type fam struct {
		f  kampungkb.Family
		m  []kampungkb.Member
		ms map[int][]kampungkb.Measurement
		im map[int][]Measurement
	}
	fams := make([]fam, 1000)
	for i := range fams {
		f, m, ms := thresholdFamily(r, ref)
		im := map[int][]Measurement{}
		for no, list := range ms {
			for _, x := range list {
				im[no] = append(im[no], MeasurementOf(x))
			}
		}
		fams[i] = fam{f, m, ms, im}
	}
	b.Run("evaluator", func(b *testing.B) {
		e := NewEvaluator(dates)
		out := make([]Counts, len(dates))
		for b.Loop() {
			for _, x := range fams {
				e.Family(x.f, x.m, x.ms, out)
			}
		}
	})
	b.Run("family-per-date", func(b *testing.B) {
		out := make([]Counts, len(dates))
		for b.Loop() {
			for _, x := range fams {
				for j, at := range dates {
					out[j] = out[j].Add(For(at).Family(x.f, x.m, x.im, at))
				}
			}
		}
	})
}
