package growth_test

import (
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"kampungkb/growth"
	"kampungkb/internal/testutil"
)

var (
	tablesOnce sync.Once
	tables     *growth.Tables
	tablesErr  error
)

// mustTables loads ../shared/who-growth once per test binary.
func mustTables(tb testing.TB) *growth.Tables {
	tb.Helper()
	dir := filepath.Join(testutil.SharedDir(tb), "who-growth")
	tablesOnce.Do(func() { tables, tablesErr = growth.Load(os.DirFS(dir)) })
	if tablesErr != nil {
		tb.Fatalf("load WHO tables: %v", tablesErr)
	}
	return tables
}

var nan = math.NaN()

// in returns an Input with every measurement missing.
func in(sex growth.Sex, ageDays float64) growth.Input {
	return growth.Input{Sex: sex, Age: ageDays, Weight: nan, LenHei: nan, HeadC: nan, ArmC: nan, TriSkin: nan, SubSkin: nan}
}

// z is a wanted z-score; na marks "not computed".
type z struct {
	v    float64
	na   bool
	flag bool
}

var na = z{na: true}

func zv(v float64) z { return z{v: v} }
func zf(v float64) z { return z{v: v, flag: true} }

func checkZ(t *testing.T, r growth.Result, i growth.Indicator, want z) {
	t.Helper()
	got := r.Z[i]
	if want.na {
		if r.Computed(i) {
			t.Errorf("z%s = %v, want NA", i.Name(), got)
		}
		return
	}
	if !r.Computed(i) {
		t.Errorf("z%s = NA, want %v", i.Name(), want.v)
		return
	}
	if got != want.v {
		t.Errorf("z%s = %v, want %v", i.Name(), got, want.v)
	}
	if r.Flag[i] != want.flag {
		t.Errorf("f%s = %v, want %v (z %v)", i.Name(), r.Flag[i], want.flag, got)
	}
}

// TestWorkedExamples are who-algorithm.md §8 (anthro's README and tests).
func TestWorkedExamples(t *testing.T) {
	tab := mustTables(t)
	for _, c := range []struct {
		sex                    growth.Sex
		age, weight, lenhei    float64
		zlen, zwei, zwfl, zbmi z
	}{
		{1, 1001, 18, 120, zf(7.31), zv(2.20), zv(-2.39), zv(-3.01)},
		{2, 1000, 15, 80, zv(-3.50), zv(0.95), zv(4.13), zv(4.66)},
		{1, 1010, 10, 100, zv(1.62), zv(-2.76), zf(-5.19), zf(-5.61)},
		{1, 1000, 15, 100, zv(1.70), zv(0.69), zv(-0.29), zv(-0.58)},
	} {
		i := in(c.sex, c.age)
		i.Weight, i.LenHei = c.weight, c.lenhei
		r := tab.Compute(i)
		checkZ(t, r, growth.Len, c.zlen)
		checkZ(t, r, growth.Wei, c.zwei)
		checkZ(t, r, growth.Wfl, c.zwfl)
		checkZ(t, r, growth.BMI, c.zbmi)
	}

	// Boys, 44 days, 50 cm: zlen = round((50/56.4833 - 1)/0.03492, 2).
	i := in(growth.Male, 44)
	i.LenHei = 50
	checkZ(t, tab.Compute(i), growth.Len, zv(growth.Round2((50/56.4833-1)/0.03492)))

	// Sex 1, 987 days, 72.86 cm lying: clenhei 72.16, zlen -6.09, flagged.
	i = in(growth.Male, 987)
	i.LenHei, i.Measure = 72.86, growth.Lying
	r := tab.Compute(i)
	if math.Abs(r.CLenHei-72.16) > 1e-9 {
		t.Errorf("clenhei = %v, want 72.16", r.CLenHei)
	}
	checkZ(t, r, growth.Len, zf(-6.09))

	// Girl, 24.0 months, 77.5 cm, no measure: zlen -2.55.
	i = in(growth.Female, 24)
	i.AgeInMonths, i.LenHei = true, 77.5
	checkZ(t, tab.Compute(i), growth.Len, zv(-2.55))

	// WHO 2007 (anthroplus tests/testthat/test-zscores.R, "age ~ 60 months").
	for _, c := range []struct {
		age, height, weight float64
		zhfa, zwfa, zbfa    float64
	}{
		{60.32, 113.8, 18.7, 0.96, 0.21, -0.58},
		{60.911701, 113.6, 20.5, 0.85, 0.79, 0.42},
	} {
		i := mkm(growth.Female, c.age, c.weight, c.height, 0)
		r := tab.Compute(i)
		checkZ(t, r, growth.HFA, zv(c.zhfa))
		checkZ(t, r, growth.WFA, zv(c.zwfa))
		checkZ(t, r, growth.BFA, zv(c.zbfa))
	}
}
