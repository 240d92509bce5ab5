package growth

import (
	"math"
	"sync"
	"sync/atomic"
)

// Sex is 1 (male) or 2 (female) as in WHO's tables; 0 means unknown, and
// then no z-score is computed (who-algorithm.md §8).
type Sex uint8

// The sexes, numbered as in WHO's tables.
const (
	SexUnknown Sex = 0
	Male       Sex = 1
	Female     Sex = 2
)

// Measure says how length/height was taken.
type Measure uint8

// Measures: recumbent length ("l") or standing height ("h").
const (
	MeasureUnknown Measure = 0
	Lying          Measure = 'l'
	Standing       Measure = 'h'
)

// Input is one child measurement. Missing numbers are NaN.
type Input struct {
	Sex Sex
	// Age in days, or in months when AgeInMonths is set (anthro's
	// is_age_in_month). NaN when unknown; negative ages count as unknown.
	Age         float64
	AgeInMonths bool
	Weight      float64 // kg
	LenHei      float64 // length or height, cm
	Measure     Measure
	Oedema      bool
	HeadC       float64 // head circumference, cm
	ArmC        float64 // mid-upper arm circumference, cm
	TriSkin     float64 // triceps skinfold, mm
	SubSkin     float64 // subscapular skinfold, mm
}

// Indicator indexes Result.Z and Result.Flag.
type Indicator int

// The indicators, in the order of the output columns of formats.md
// "growth zscore". The first eight are the WHO Child Growth Standards
// (2006, 0–5 years), the last three the WHO Growth Reference 2007 (5–19 years).
const (
	Len Indicator = iota // length/height-for-age (zlen, flen)
	Wei                  // weight-for-age (zwei, fwei)
	Wfl                  // weight-for-length/height (zwfl, fwfl)
	BMI                  // BMI-for-age (zbmi, fbmi)
	HC                   // head circumference-for-age (zhc, fhc)
	AC                   // arm circumference-for-age (zac, fac)
	TS                   // triceps skinfold-for-age (zts, fts)
	SS                   // subscapular skinfold-for-age (zss, fss)
	HFA                  // 2007 height-for-age (zhfa, fhfa)
	WFA                  // 2007 weight-for-age, to 10 years (zwfa, fwfa)
	BFA                  // 2007 BMI-for-age (zbfa, fbfa)
	NumIndicators
)

var indicatorNames = [NumIndicators]string{"len", "wei", "wfl", "bmi", "hc", "ac", "ts", "ss", "hfa", "wfa", "bfa"}

// Name is the suffix of the indicator's output columns: "len" for zlen and flen.
func (i Indicator) Name() string { return indicatorNames[i] }

// Result holds what Compute derives for one Input: the columns of
// anthro_zscores (and anthroplus_zscores for 5–19 years).
type Result struct {
	CLenHei  float64 // length/height after the ±0.7 cm adjustment (NaN if unknown)
	CBMI     float64 // weight / (CLenHei/100)², unrounded (NaN if unknown)
	CMeasure Measure // measure after cleaning (unknown for "h" under 9 months)
	C9moFlag bool    // standing height under 9 months: deemed implausible, not adjusted
	// Z holds the z-scores rounded to 2 decimals; NaN where not computable
	// (then Computed is false and the flag is empty).
	Z [NumIndicators]float64
	// Flag is set for biologically implausible values (who-algorithm.md §7).
	Flag [NumIndicators]bool
}

// Computed reports whether the z-score of indicator i could be computed.
func (r *Result) Computed(i Indicator) bool { return !math.IsNaN(r.Z[i]) }

// daysPerMonth is WHO's month (ANTHRO_DAYS_OF_MONTH, WHO Anthro manual).
const daysPerMonth = 30.4375

// roundHalfUp is anthro's round_up: floor(x) + (frac >= 0.5).
func roundHalfUp(x float64) float64 {
	f := math.Floor(x)
	if x-f >= 0.5 {
		return f + 1
	}
	return f
}

// Round2 rounds x to 2 decimals like R's round(x, 2) (R >= 4.0.0,
// nmath/fround.c): of the two neighbours floor(100x)/100 and
// ceil(100x)/100 it takes the one nearer to x as a double, and on an exact
// tie the one with an even last digit. Unlike floor(100x+0.5)/100 this
// does not turn 2.675 (really 2.67499999…) into 2.68.
func Round2(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x
	}
	neg := x < 0
	if neg {
		x = -x
	}
	x10 := 100 * x
	i10 := math.Floor(x10)
	var r float64
	// Fast path, same result: when 100x is clearly away from a half (and
	// x is small enough for the product's error to be far below 1e-9),
	// the nearer neighbour is known without R's two divisions.
	if f := x10 - i10; x < 1e4 && (f < 0.5-1e-9 || f > 0.5+1e-9) {
		if f > 0.5 {
			i10++
		}
		r = i10 / 100
	} else {
		xd := i10 / 100
		xu := math.Ceil(x10) / 100
		du, dd := xu-x, x-xd
		r = xd
		if du < dd || (du == dd && isOdd(i10)) {
			r = xu
		}
	}
	if neg {
		return -r
	}
	return r
}

// isOdd reports whether the whole number f is odd (math.Mod is slow; the
// integer test is exact below 2^53).
func isOdd(f float64) bool {
	if f < 1<<53 {
		return int64(f)&1 == 1
	}
	return math.Mod(f, 2) == 1
}

// z is the LMS z-score ((y/M)^L - 1)/(S·L) (WHO 2006 ch.7), computed as
// expm1(L·ln(y/M))/(S·L), which avoids the cancellation of the power form
// for L near 0 (who-algorithm.md §1).
func (r *lms) z(y float64) float64 {
	if r.L == 1 {
		return (y/r.M - 1) / r.S // anthro: (y/M)^1 is exactly y/M
	}
	return math.Expm1(r.L*math.Log(y/r.M)) * r.invSL
}

// zRestricted is the restricted application beyond ±3 SD (WHO 2006 ch.7;
// anthro compute_zscore_adjusted): the branch is chosen on the unrounded z.
func (r *lms) zRestricted(y float64) float64 {
	z := r.z(y)
	if z > 3 {
		return 3 + (y-r.sd3pos)/r.sd23pos
	}
	if z < -3 {
		return -3 + (y-r.sd3neg)/r.sd23neg
	}
	return z
}

// interp returns the row a + f·(b - a) for L, M and S. The SD values are
// computed only when the restricted formula needs them (lazy).
func interp(a, b *lms, f float64) lms {
	l := a.L + f*(b.L-a.L)
	m := a.M + f*(b.M-a.M)
	s := a.S + f*(b.S-a.S)
	return lms{L: l, M: m, S: s, invSL: 1 / (s * l)}
}

// zRestrictedLazy is zRestricted for an interpolated row, whose SD values
// are not precomputed.
func (r *lms) zRestrictedLazy(y float64) float64 {
	z := r.z(y)
	if z > 3 || z < -3 {
		full := newLMS(r.L, r.M, r.S)
		return full.zRestricted(y)
	}
	return z
}

// flag limits per indicator (who-algorithm.md §7): flag if z < lo or z > hi.
var flagLo = [NumIndicators]float64{-6, -6, -5, -5, -5, -5, -5, -5, -6, -6, -5}
var flagHi = [NumIndicators]float64{6, 5, 5, 5, 5, 5, 5, 5, 6, 5, 5}

var nan = math.NaN()

// Compute derives every z-score and flag for one measurement, following
// ../shared/docs/who-algorithm.md (the current anthro rules: age < 60
// months for 0–5 years; anthroplus for 5–19 years). It does not allocate.
func (t *Tables) Compute(in Input) Result {
	var res Result
	for i := range res.Z {
		res.Z[i] = nan
	}

	// Age (§3): integer days for the 0–5 y tables, unrounded months for the
	// validity test. Negative ages are NA at anthro's lower level.
	ageKnown := !math.IsNaN(in.Age) && in.Age >= 0
	var ageDays, ageMonths float64
	if ageKnown {
		if in.AgeInMonths {
			ageMonths = in.Age
			ageDays = roundHalfUp(in.Age * daysPerMonth)
		} else {
			ageDays = roundHalfUp(in.Age)
			ageMonths = in.Age / daysPerMonth
		}
	}
	valid06 := ageKnown && ageMonths < 60 && ageDays >= 0 && ageDays <= 1856
	day := int(ageDays)

	// Length/height (§4): the under-9-months standing rule, then ±0.7 cm.
	clen := in.LenHei
	res.CMeasure = in.Measure
	if in.Measure == Standing && ageKnown && ageMonths < 9 {
		res.CMeasure = MeasureUnknown
		res.C9moFlag = true
	} else if ageKnown {
		if ageDays < 731 && in.Measure == Standing {
			clen = in.LenHei + 0.7
		} else if ageDays >= 731 && in.Measure == Lying {
			clen = in.LenHei - 0.7
		}
	}
	res.CLenHei = clen
	h := clen / 100
	res.CBMI = in.Weight / (h * h)

	sex := int(in.Sex)
	if sex != 1 && sex != 2 {
		return res
	}
	weightOK := !in.Oedema // §6: no weight-based z-score with oedema

	if valid06 {
		if clen > 0 {
			if r := t.len.at(sex, day); r != nil {
				res.Z[Len] = r.z(clen)
			}
		}
		if weightOK && in.Weight > 0 {
			if r := t.wei.at(sex, day); r != nil {
				res.Z[Wei] = r.zRestricted(in.Weight)
			}
			if res.CBMI > 0 {
				if r := t.bmi.at(sex, day); r != nil {
					res.Z[BMI] = r.zRestricted(res.CBMI)
				}
			}
		}
		if in.HeadC > 0 {
			if r := t.hc.at(sex, day); r != nil {
				res.Z[HC] = r.z(in.HeadC)
			}
		}
		if in.ArmC > 0 {
			if r := t.ac.at(sex, day); r != nil {
				res.Z[AC] = r.zRestricted(in.ArmC)
			}
		}
		if in.TriSkin > 0 {
			if r := t.ts.at(sex, day); r != nil {
				res.Z[TS] = r.zRestricted(in.TriSkin)
			}
		}
		if in.SubSkin > 0 {
			if r := t.ss.at(sex, day); r != nil {
				res.Z[SS] = r.zRestricted(in.SubSkin)
			}
		}
	}

	// Weight-for-length/height (§5): age may be missing. Like anthro, a
	// weight of 0 is not refused here (§1, §11.7): it gives a large
	// negative, flagged z.
	if weightOK && (valid06 || !ageKnown) && !math.IsNaN(in.Weight) && !math.IsNaN(clen) {
		var useLength bool
		switch {
		case ageKnown:
			useLength = ageDays < 731
		case res.CMeasure != MeasureUnknown:
			useLength = res.CMeasure == Lying
		default:
			useLength = clen < 87
		}
		tab, lo, hi := &t.wfh, 65.0, 120.0
		if useLength {
			tab, lo, hi = &t.wfl, 45.0, 110.0
		}
		if clen >= lo && clen <= hi {
			res.Z[Wfl] = zLenHei(tab, sex, clen, in.Weight)
		}
	}

	// WHO 2007 reference, 5–19 years (§3, anthroplus): age in months,
	// unrounded; standing height as given (anthroplus has no measure).
	if ageKnown && ageMonths >= 60 && ageMonths <= 228 {
		lo := math.Trunc(ageMonths)
		f := ageMonths - lo
		m := int(lo)
		height := in.LenHei
		if height > 0 {
			res.Z[HFA] = zByMonth(&t.hfa, sex, m, f, height, false)
		}
		if weightOK && in.Weight > 0 {
			if ageMonths <= 120 {
				res.Z[WFA] = zByMonth(&t.wfa, sex, m, f, in.Weight, true)
			}
			if height > 0 {
				hm := height / 100
				res.Z[BFA] = zByMonth(&t.bfa, sex, m, f, in.Weight/(hm*hm), true)
			}
		}
	}

	// Round to 2 decimals, then flag on the rounded value (§7).
	for i := range res.Z {
		z := res.Z[i]
		if math.IsNaN(z) {
			continue
		}
		z = Round2(z)
		res.Z[i] = z
		res.Flag[i] = z < flagLo[i] || z > flagHi[i]
	}
	return res
}

// zLenHei is the weight-for-length/height z-score with L, M and S
// interpolated on the 0.1 cm grid exactly as anthro does
// (R/z-score-weight-for-lenhei.R): lo = trunc(10x)/10, frac = (x-lo)/0.1.
func zLenHei(tab *table, sex int, x, weight float64) float64 {
	x10 := math.Trunc(x * 10)
	lo := x10 / 10
	frac := (x - lo) / 0.1
	a := tab.at(sex, int(x10))
	if a == nil {
		return nan
	}
	if frac > 0 {
		b := tab.at(sex, int(x10)+1)
		if b == nil {
			return nan
		}
		r := interp(a, b, frac)
		return r.zRestrictedLazy(weight)
	}
	return a.zRestricted(weight)
}

// zByMonth is a WHO 2007 z-score with L, M, S interpolated linearly
// between whole months (anthroplus zscore_indicator).
func zByMonth(tab *table, sex, month int, f, y float64, restricted bool) float64 {
	a := tab.at(sex, month)
	if a == nil {
		return nan
	}
	r := a
	var ip lms
	if f > 0 {
		b := tab.at(sex, month+1)
		if b == nil {
			return nan
		}
		ip = interp(a, b, f)
		r = &ip
	}
	if !restricted {
		return r.z(y)
	}
	if r == a {
		return a.zRestricted(y)
	}
	return r.zRestrictedLazy(y)
}

// ComputeAll computes out[i] = t.Compute(in[i]) on workers goroutines
// (at least one). out must be at least as long as in. Work is handed out
// in chunks, so a worker slowed down by other processes holds up little.
func (t *Tables) ComputeAll(in []Input, out []Result, workers int) {
	out = out[:len(in)]
	if workers <= 1 || len(in) < 2*computeChunk {
		for i := range in {
			out[i] = t.Compute(in[i])
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(computeChunk)) - computeChunk
				if lo >= len(in) {
					return
				}
				hi := min(lo+computeChunk, len(in))
				for i := lo; i < hi; i++ {
					out[i] = t.Compute(in[i])
				}
			}
		})
	}
	wg.Wait()
}

const computeChunk = 8192
