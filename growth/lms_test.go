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
