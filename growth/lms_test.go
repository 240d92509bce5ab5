package growth

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"kampungkb/internal/testutil"
)

// TestContinuity: the restricted formula is continuous at ±3 SD and the
// plain formula gives k at SD(k), for every row of every table.
func TestContinuity(t *testing.T) {
	tab, err := Load(os.DirFS(filepath.Join(testutil.SharedDir(t), "who-growth")))
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range []*table{&tab.wei, &tab.wfl, &tab.wfh, &tab.bmi, &tab.ac, &tab.ts, &tab.ss, &tab.wfa, &tab.bfa, &tab.len, &tab.hc, &tab.hfa} {
		for s := range 2 {
			for i := range tb.rows[s] {
				r := &tb.rows[s][i]
				for _, c := range []struct{ y, k float64 }{{r.sd3pos, 3}, {r.sd3neg, -3}} {
					for _, e := range []float64{-1e-9, 0, 1e-9} {
						y := c.y * (1 + e)
						if d := math.Abs(r.zRestricted(y) - c.k); d > 1e-6 {
							t.Fatalf("%s sex %d row %d: z(%v) = %v, want %v", tb.name, s+1, i, y, r.zRestricted(y), c.k)
						}
					}
				}
				if d := math.Abs(r.z(r.sd3pos-r.sd23pos) - 2); d > 1e-9 {
					t.Fatalf("%s sex %d row %d: z(SD2) = %v", tb.name, s+1, i, r.z(r.sd3pos-r.sd23pos))
				}
				lazy := lms{L: r.L, M: r.M, S: r.S, invSL: r.invSL}
				for _, y := range []float64{r.sd3pos * 1.3, r.sd3neg * 0.7, r.M} {
					if lazy.zRestrictedLazy(y) != r.zRestricted(y) {
						t.Fatalf("%s: lazy and precomputed SDs differ at %v", tb.name, y)
					}
				}
			}
		}
	}
}

// round2R is R's algorithm without the fast path (nmath/fround.c).
func round2R(x float64) float64 {
	neg := x < 0
	if neg {
		x = -x
	}
	x10 := 100 * x
	i10 := math.Floor(x10)
	xd, xu := i10/100, math.Ceil(x10)/100
	r := xd
	if du, dd := xu-x, x-xd; du < dd || (du == dd && math.Mod(i10, 2) == 1) {
		r = xu
	}
	if neg {
		return -r
	}
	return r
}

// TestRound2FastPath: Round2's shortcut gives R's result, on random values
// and on every value near a half-cent tie.
func TestRound2FastPath(t *testing.T) {
	check := func(x float64) {
		if x == 0 {
			return
		}
		if got, want := Round2(x), round2R(x); got != want {
			t.Fatalf("Round2(%v) = %v, R gives %v", x, got, want)
		}
	}
	for k := -200000; k <= 200000; k++ {
		tie := (float64(k) + 0.5) / 100
		check(tie)
		check(math.Nextafter(tie, 0))
		check(math.Nextafter(tie, 1e9))
		check(math.Nextafter(math.Nextafter(tie, -1e9), -1e9))
		check(float64(k) / 100)
	}
	for i := range 1000000 {
		x := (float64(i)*0.7548776662466927 - math.Floor(float64(i)*0.7548776662466927)) * 40
		check(x - 20)
		check(x * 1000)
	}
}
