package growth_test

import (
	"math"
	"testing"

	"kampungkb/growth"
)

// TestBoundaries has one case per rule of who-algorithm.md and per
// boundary named in the issue.
func TestBoundaries(t *testing.T) {
	tab := mustTables(t)
	type want map[growth.Indicator]z
	computed := z{v: math.Inf(1)} // any computed value, not flagged
	cases := []struct {
		name    string
		in      growth.Input
		want    want
		clenhei float64 // checked unless 0
		c9mo    bool
	}{
		// Age window (§3).
		{"age 0 days", mk(1, 0, 3.3464, 49.8842, 0), want{growth.Len: zv(0), growth.Wei: zv(0)}, 0, false},
		{"age -1 day is unknown: only weight-for-length", mk(1, -1, 3.3, 50, 0), want{growth.Len: na, growth.Wei: na, growth.Wfl: computed}, 0, false},
		{"age 1826 days valid", mk(1, 1826, 18, 110, 0), want{growth.Len: computed, growth.Wei: computed, growth.BMI: computed, growth.Wfl: computed, growth.HFA: na}, 0, false},
		{"age 1827 days invalid", mk(1, 1827, 18, 110, 0), want{growth.Len: na, growth.Wei: na, growth.BMI: na, growth.Wfl: na, growth.HFA: computed}, 0, false},
		{"age 1826.4 days is >= 60 months", mk(1, 1826.4, 18, 110, 0), want{growth.Len: na, growth.Wfl: na, growth.HFA: computed}, 0, false},
		{"age 59.99 months valid", mkm(1, 59.99, 18, 110, 0), want{growth.Len: computed, growth.Wfl: computed, growth.HFA: na, growth.WFA: na}, 0, false},
		{"age 60 months: 2007 reference", mkm(1, 60, 18, 110, 0), want{growth.Len: na, growth.Wfl: na, growth.HFA: computed, growth.WFA: computed, growth.BFA: computed}, 0, false},
		{"age 228 months", mkm(2, 228, 55, 163, 0), want{growth.HFA: computed, growth.BFA: computed, growth.WFA: na}, 0, false},
		{"age 228.01 months", mkm(2, 228.01, 55, 163, 0), want{growth.HFA: na, growth.BFA: na}, 0, false},
		{"age 120 months weight-for-age", mkm(1, 120, 31, 138, 0), want{growth.WFA: computed}, 0, false},
		{"age 120.01 months weight-for-age", mkm(1, 120.01, 31, 138, 0), want{growth.WFA: na, growth.HFA: computed}, 0, false},
		// Length/height (§4).
		{"730 days standing: +0.7", mk(1, 730, 12, 87.1, growth.Standing), want{growth.Wfl: computed}, 87.8, false},
		{"731 days lying: -0.7", mk(1, 731, 12, 87.8, growth.Lying), want{growth.Wfl: computed}, 87.1, false},
		{"730.5 days rounds half up to 731: standing, none", mk(1, 730.5, 12, 87.1, growth.Standing), want{}, 87.1, false},
		{"730.49 days rounds to 730: standing, +0.7", mk(1, 730.49, 12, 87.1, growth.Standing), want{}, 87.8, false},
		{"730 days lying: none", mk(1, 730, 12, 87.8, growth.Lying), want{}, 87.8, false},
		{"731 days standing: none", mk(1, 731, 12, 87.1, growth.Standing), want{}, 87.1, false},
		// anthro tests/testthat/test-zscores.R: zlen -4.81 and -5.02.
		{"8 months standing: implausible, not adjusted", mkm(1, 8, 8, 60, growth.Standing), want{growth.Len: zv(-4.81)}, 60, true},
		{"9 months standing: +0.7", mkm(1, 9, 8, 60, growth.Standing), want{growth.Len: zv(-5.02)}, 60.7, false},
		{"24.0 months girl standing 77.5: day 731, no adjustment", mkm(2, 24, 8.8, 77.5, growth.Standing), want{growth.Len: zv(-2.55)}, 77.5, false},
		{"800 days lying 100: -0.7", mk(1, 800, nan, 100, growth.Lying), want{}, 99.3, false},
		{"age missing, measure known: no adjustment", mk(1, nan, 8, 60, growth.Standing), want{growth.Len: na, growth.Wfl: na}, 60, false},
		// Weight-for-length/height table choice and range (§5).
		{"length 44.9", mk(1, 100, 3, 44.9, 0), want{growth.Wfl: na}, 0, false},
		{"length 45", mk(1, 100, 3, 45, 0), want{growth.Wfl: computed}, 0, false},
		{"length 110", mk(1, 700, 18, 110, 0), want{growth.Wfl: computed}, 0, false},
		{"length 110.01", mk(1, 700, 18, 110.01, 0), want{growth.Wfl: na}, 0, false},
		{"height 64.9", mk(1, 800, 7, 64.9, 0), want{growth.Wfl: na}, 0, false},
		{"height 65", mk(1, 800, 7, 65, 0), want{growth.Wfl: computed}, 0, false},
		{"height 120", mk(1, 800, 22, 120, 0), want{growth.Wfl: computed}, 0, false},
		{"height 120.01", mk(1, 800, 22, 120.01, 0), want{growth.Wfl: na}, 0, false},
		{"20 months standing 110.5 is 111.2 lying: out of range", mk(1, 609, 18, 110.5, growth.Standing), want{growth.Wfl: na}, 111.2, false},
		{"age missing, measure l: length table", mk(1, nan, 3, 50, growth.Lying), want{growth.Wfl: computed}, 0, false},
		{"age missing, measure h: height table", mk(1, nan, 3, 50, growth.Standing), want{growth.Wfl: na}, 0, false},
		{"age missing, no measure, 86.9: length table", mk(1, nan, 12, 86.9, 0), want{growth.Wfl: computed}, 0, false},
		{"age missing, no measure, 50: length table", mk(1, nan, 3, 50, 0), want{growth.Wfl: computed}, 0, false},
		{"age missing, no measure, 111: height table", mk(1, nan, 19, 111, 0), want{growth.Wfl: computed}, 0, false},
		// Oedema (§6).
		{"oedema", func() growth.Input { i := mk(1, 400, 9, 75, 0); i.Oedema = true; i.HeadC = 46; return i }(),
			want{growth.Len: computed, growth.HC: computed, growth.Wei: na, growth.Wfl: na, growth.BMI: na}, 0, false},
		{"oedema 5-19 y", func() growth.Input { i := mkm(1, 100, 25, 130, 0); i.Oedema = true; return i }(),
			want{growth.HFA: computed, growth.WFA: na, growth.BFA: na}, 0, false},
		// anthro tests/testthat/test-zscore-weight-for-age.R and -bmi-for-age.R.
		{"girl 1522 days 17 kg", mk(2, 1522, 17, nan, 0), want{growth.Wei: zv(0.24)}, 0, false},
		{"girl 1 day 10.37 kg: flagged", mk(2, 1, 10.37, nan, 0), want{growth.Wei: z{v: math.Inf(-1), flag: true}}, 0, false},
		{"girl 1 day BMI 25: flagged", mk(2, 1, 6.25, 50, growth.Lying), want{growth.BMI: z{v: math.Inf(-1), flag: true}}, 0, false},
		// Weight 0 (§1, §11.7): NA by age, finite and flagged by length.
		{"weight 0", mk(1, 400, 0, 75, 0), want{growth.Wei: na, growth.BMI: na, growth.Wfl: z{v: math.Inf(-1), flag: true}}, 0, false},
		{"weight negative", mk(1, 400, -1, 75, 0), want{growth.Wei: na, growth.BMI: na, growth.Wfl: na}, 0, false},
		{"sex unknown", mk(0, 400, 9, 75, 0), want{growth.Len: na, growth.Wei: na, growth.Wfl: na, growth.BMI: na}, 0, false},
		// Arm circumference and skinfolds start at 91 days.
		{"arm 90 days", func() growth.Input { i := mk(1, 90, nan, nan, 0); i.ArmC, i.TriSkin, i.SubSkin = 13, 9, 7; return i }(),
			want{growth.AC: na, growth.TS: na, growth.SS: na}, 0, false},
		{"arm 91 days", func() growth.Input {
			i := mk(1, 91, nan, nan, 0)
			i.ArmC, i.TriSkin, i.SubSkin = 13.4779, 9.7658, 7.692
			return i
		}(),
			want{growth.AC: zv(0), growth.TS: zv(0), growth.SS: zv(0)}, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := tab.Compute(c.in)
			for i, w := range c.want {
				if w.v == math.Inf(1) { // computed, any value
					if !r.Computed(i) {
						t.Errorf("z%s = NA, want a value", i.Name())
					}
					continue
				}
				if w.v == math.Inf(-1) { // computed and flagged
					if !r.Computed(i) || !r.Flag[i] {
						t.Errorf("z%s = %v flag %v, want a flagged value", i.Name(), r.Z[i], r.Flag[i])
					}
					continue
				}
				checkZ(t, r, i, w)
			}
			if c.clenhei != 0 && math.Abs(r.CLenHei-c.clenhei) > 1e-9 {
				t.Errorf("clenhei = %v, want %v", r.CLenHei, c.clenhei)
			}
			if r.C9moFlag != c.c9mo {
				t.Errorf("c9mo_flag = %v, want %v", r.C9moFlag, c.c9mo)
			}
		})
	}
}

func mk(sex growth.Sex, ageDays, weight, lenhei float64, m growth.Measure) growth.Input {
	i := in(sex, ageDays)
	i.Weight, i.LenHei, i.Measure = weight, lenhei, m
	return i
}

func mkm(sex growth.Sex, ageMonths, weight, lenhei float64, m growth.Measure) growth.Input {
	i := mk(sex, ageMonths, weight, lenhei, m)
	i.AgeInMonths = true
	return i
}

// TestInterpolation checks the 0.1 cm grid (§5) and the monthly 2007
// interpolation (§3) against the table values by hand.
func TestInterpolation(t *testing.T) {
	tab := mustTables(t)
	// Boys weight-for-length 45.0 (L=-0.3521 M=2.441 S=0.09182) and
	// 45.1 (M=2.4577, S=0.09176): at 45.05 cm, half way.
	l, m, s := -0.3521, (2.441+2.4577)/2, (0.09182+0.09176)/2
	w := 2.5
	want := growth.Round2((math.Pow(w/m, l) - 1) / (s * l))
	i := mk(1, 10, w, 45.05, 0)
	checkZ(t, tab.Compute(i), growth.Wfl, zv(want))

	// Boys height-for-age 2007 at 60.5 months: M between 109.7265 and
	// 110.2647, S between 0.04156 and 0.04164, L = 1.
	m = 109.7265 + 0.5*(110.2647-109.7265)
	s = 0.04156 + 0.5*(0.04164-0.04156)
	i = mkm(1, 60.5, nan, 105, 0)
	checkZ(t, tab.Compute(i), growth.HFA, zv(growth.Round2((105/m-1)/s)))
}

// TestRound2 checks R's round(x, 2) (R >= 4.0.0).
func TestRound2(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{2.675, 2.67}, // 2.67499999999999982236431605997495353221893310546875
		{-2.675, -2.67},
		{0.125, 0.12}, // exact binary tie: even
		{0.375, 0.38},
		{-0.125, -0.12},
		{1.005, 1},
		{-3.0049999, -3},
		{7.3149, 7.31},
		{5.005, 5},    // 5.00499999999999989...
		{0.115, 0.12}, // 0.11500000000000000499...
		{0, 0},
	} {
		if got := growth.Round2(c.x); got != c.want {
			t.Errorf("Round2(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(growth.Round2(math.NaN())) {
		t.Error("Round2(NaN) is not NaN")
	}
}
