package growth

import (
	"math"

	"kampungkb"
)

// Score computes the z-scores kampungkb stores with a posyandu measurement
// of a child (issue 4 point 5): the child's sex and the age in days from
// the birth date to the measurement date.
func (t *Tables) Score(c kampungkb.Child, m kampungkb.Measurement) kampungkb.ZScores {
	in := Input{Age: float64(c.BirthDate.DaysUntil(m.Date)), Weight: val(m.WeightKg), LenHei: val(m.LenHeiCm),
		HeadC: val(m.HeadCm), ArmC: val(m.ArmCm), TriSkin: math.NaN(), SubSkin: math.NaN(), Oedema: m.Oedema}
	switch c.Sex {
	case "l":
		in.Sex = Male
	case "p":
		in.Sex = Female
	}
	switch m.Measure {
	case kampungkb.Lying:
		in.Measure = Lying
	case kampungkb.Standing:
		in.Measure = Standing
	}
	r := t.Compute(in)
	z := kampungkb.ZScores{LenHeiCm: ptr(Round2(r.CLenHei)), BMI: ptr(Round2(r.CBMI))}
	z.Len, z.FLen = zf(&r, Len)
	z.Wei, z.FWei = zf(&r, Wei)
	z.Wfl, z.FWfl = zf(&r, Wfl)
	z.BMIz, z.FBMI = zf(&r, BMI)
	z.HC, z.FHC = zf(&r, HC)
	z.AC, z.FAC = zf(&r, AC)
	return z
}

func zf(r *Result, i Indicator) (*float64, bool) {
	if !r.Computed(i) {
		return nil, false
	}
	return ptr(r.Z[i]), r.Flag[i]
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

// Curves gives the reference curves of a growth chart at the z-scores zs
// (WHO 2006: the value at z is M·(1+L·S·z)^(1/L)): indicator "lenhei"
// (length/height-for-age) and "weight" (weight-for-age) by age in days,
// one point a month, and "wfl" (weight-for-length, 45–110 cm) and "wfh"
// (weight-for-height, 65–120 cm) by cm, one point a centimetre. sex is
// "l" or "p".
func (t *Tables) Curves(indicator, sex string, zs []float64) (xs []float64, ys [][]float64) {
	s := 1
	if sex == "p" {
		s = 2
	}
	var tab *table
	var step int
	var scale float64 = 1
	switch indicator {
	case "lenhei":
		tab, step = &t.len, 30
	case "weight":
		tab, step = &t.wei, 30
	case "wfl":
		tab, step, scale = &t.wfl, 10, 0.1
	case "wfh":
		tab, step, scale = &t.wfh, 10, 0.1
	default:
		return nil, nil
	}
	rows := tab.rows[s-1]
	ys = make([][]float64, len(zs))
	for i := 0; i < len(rows); i += step {
		xs = append(xs, float64(tab.first+i)*scale)
		r := rows[i]
		for k, z := range zs {
			ys[k] = append(ys[k], r.M*math.Pow(1+r.L*r.S*z, 1/r.L))
		}
		if i+step >= len(rows) && i != len(rows)-1 {
			i = len(rows) - 1 - step // end exactly on the last row
		}
	}
	return xs, ys
}

// Value returns the measurement at z-score z of indicator "lenhei"
// (length/height-for-age) or "weight" (weight-for-age) for sex ("l"/"p")
// at age days (0–1826): M·(1+L·S·z)^(1/L). ok is false outside the table.
func (t *Tables) Value(indicator, sex string, days int, z float64) (v float64, ok bool) {
	s := 1
	if sex == "p" {
		s = 2
	}
	var tab *table
	switch indicator {
	case "lenhei":
		tab = &t.len
	case "weight":
		tab = &t.wei
	default:
		return 0, false
	}
	r := tab.at(s, days)
	if r == nil {
		return 0, false
	}
	return r.M * math.Pow(1+r.L*r.S*z, 1/r.L), true
}
