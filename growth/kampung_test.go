package growth_test

import (
	"math"
	"testing"

	"kampungkb"
)

func TestScoreMeasurement(t *testing.T) {
	tab := mustTables(t)
	// The anthro README example: boy, 1000 days, 15 kg, 100 cm.
	birth := kampungkb.MustDate("2022-01-01")
	w, l := 15.0, 100.0
	z := tab.Score(kampungkb.Child{Sex: "l", BirthDate: birth},
		kampungkb.Measurement{Date: birth.AddDays(1000), WeightKg: &w, LenHeiCm: &l})
	for name, got := range map[string]*float64{"zlen": z.Len, "zwei": z.Wei, "zwfl": z.Wfl, "zbmi": z.BMIz} {
		if got == nil {
			t.Fatalf("%s not computed", name)
		}
	}
	if *z.Len != 1.70 || *z.Wei != 0.69 || *z.Wfl != -0.29 || *z.BMIz != -0.58 || z.HC != nil || z.FLen {
		t.Errorf("z = len %v wei %v wfl %v bmi %v", *z.Len, *z.Wei, *z.Wfl, *z.BMIz)
	}
	// oedema: no weight-based z
	zo := tab.Score(kampungkb.Child{Sex: "l", BirthDate: birth},
		kampungkb.Measurement{Date: birth.AddDays(1000), WeightKg: &w, LenHeiCm: &l, Oedema: true})
	if zo.Wei != nil || zo.Wfl != nil || zo.Len == nil {
		t.Errorf("oedema: %+v", zo)
	}
}

func TestCurves(t *testing.T) {
	tab := mustTables(t)
	xs, ys := tab.Curves("lenhei", "l", []float64{-2, 0, 2})
	if len(xs) < 60 || xs[0] != 0 || xs[len(xs)-1] != 1826 || len(ys) != 3 || len(ys[1]) != len(xs) {
		t.Fatalf("lenhei curves: %d xs, last %v", len(xs), xs[len(xs)-1])
	}
	if math.Abs(ys[1][0]-49.8842) > 1e-9 { // boys' median length at birth
		t.Errorf("median at day 0 = %v", ys[1][0])
	}
	for i := range xs {
		if !(ys[0][i] < ys[1][i] && ys[1][i] < ys[2][i]) {
			t.Fatalf("curves cross at x=%v", xs[i])
		}
	}
	xs, _ = tab.Curves("wfh", "p", []float64{0})
	if xs[0] != 65 || math.Abs(xs[len(xs)-1]-120) > 1e-9 {
		t.Errorf("wfh x range %v–%v", xs[0], xs[len(xs)-1])
	}
	if xs, _ := tab.Curves("nothing", "p", nil); xs != nil {
		t.Error("unknown indicator")
	}
}
