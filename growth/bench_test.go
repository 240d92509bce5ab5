package growth_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"kampungkb/growth"
)

// benchInputs returns n realistic 0–5 year measurements with every
// measurement present, so that all 8 indicators are computed.
func benchInputs(n int) []growth.Input {
	rng := rand.New(rand.NewPCG(7, 11))
	in := make([]growth.Input, n)
	for i := range in {
		age := float64(91 + rng.IntN(1736))
		f := age / 1826
		m := growth.Lying
		if age >= 731 {
			m = growth.Standing
		}
		in[i] = growth.Input{
			Sex:     growth.Sex(1 + rng.IntN(2)),
			Age:     age,
			Weight:  float64(int((4+12*f+rng.NormFloat64()*1.5)*10)) / 10,
			LenHei:  float64(int((55+55*f+rng.NormFloat64()*4)*10)) / 10,
			Measure: m,
			HeadC:   float64(int((40+10*f+rng.NormFloat64())*10)) / 10,
			ArmC:    float64(int((14+2*f+rng.NormFloat64())*10)) / 10,
			TriSkin: float64(int((9+rng.NormFloat64()*1.5)*10)) / 10,
			SubSkin: float64(int((7+rng.NormFloat64()*1.2)*10)) / 10,
			Oedema:  rng.IntN(500) == 0,
		}
	}
	return in
}

// BenchmarkCompute computes all 0–5 year indicators for 1,000,000
// measurements per iteration (issue item 9: ≤ 0.4 s on one core, ≤ 0.25 s
// on two; WHO's anthro R package takes about 25 s).
func BenchmarkCompute(b *testing.B) {
	tab := mustTables(b)
	const n = 1_000_000
	in := benchInputs(n)
	out := make([]growth.Result, n)
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tab.ComputeAll(in, out, w)
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(sec*1e9/n, "ns/row")
			b.ReportMetric(n/sec, "rows/s")
			b.ReportMetric(sec, "s/1M")
			b.ReportMetric(25/sec, "x-faster-than-R")
		})
	}
}
