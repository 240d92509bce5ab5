package kampungkb

// Status is the Permenkes 2/2020 category of one anthropometric index
// (domain.md §1.19, issue 4 point 5) with a severity for display.
type Status struct {
	Index   string  `json:"index"` // TB/U, BB/U, BB/TB, IMT/U
	Label   string  `json:"label"` // e.g. "Pendek (stunted)"
	Level   string  `json:"level"` // ok, warn, bad, severe
	Z       float64 `json:"z"`
	Flagged bool    `json:"flagged"`
}

// StatusHeight classifies length/height-for-age (TB/U, PB/U): sangat
// pendek < −3, pendek −3 to < −2, normal −2 to +3, tinggi > +3.
func StatusHeight(z float64) (label, level string) {
	switch {
	case z < -3:
		return "Sangat pendek (severely stunted)", "severe"
	case z < -2:
		return "Pendek (stunted)", "bad"
	case z <= 3:
		return "Normal", "ok"
	}
	return "Tinggi", "warn"
}

// StatusWeight classifies weight-for-age (BB/U): berat badan sangat kurang
// < −3, kurang −3 to < −2, normal −2 to +1, risiko berat badan lebih > +1.
func StatusWeight(z float64) (label, level string) {
	switch {
	case z < -3:
		return "Berat badan sangat kurang (severely underweight)", "severe"
	case z < -2:
		return "Berat badan kurang (underweight)", "bad"
	case z <= 1:
		return "Berat badan normal", "ok"
	}
	return "Risiko berat badan lebih", "warn"
}

// StatusNutrition classifies weight-for-length/height (BB/PB, BB/TB) and
// BMI-for-age (IMT/U): gizi buruk < −3, gizi kurang −3 to < −2, gizi baik
// −2 to +1, berisiko gizi lebih > +1 to +2, gizi lebih > +2 to +3,
// obesitas > +3.
func StatusNutrition(z float64) (label, level string) {
	switch {
	case z < -3:
		return "Gizi buruk (severely wasted)", "severe"
	case z < -2:
		return "Gizi kurang (wasted)", "bad"
	case z <= 1:
		return "Gizi baik (normal)", "ok"
	case z <= 2:
		return "Berisiko gizi lebih", "warn"
	case z <= 3:
		return "Gizi lebih (overweight)", "bad"
	}
	return "Obesitas (obese)", "severe"
}

// Statuses returns the Permenkes status of each index the z-scores have.
// Flagged values get a plain warning instead of a category.
func (z ZScores) Statuses() []Status {
	var out []Status
	add := func(index string, v *float64, flagged bool, classify func(float64) (string, string)) {
		if v == nil {
			return
		}
		s := Status{Index: index, Z: *v, Flagged: flagged}
		if flagged {
			s.Label, s.Level = "Nilai tidak wajar: periksa ulang pengukuran dan pencatatan", "flag"
		} else {
			s.Label, s.Level = classify(*v)
		}
		out = append(out, s)
	}
	add("TB/U (PB/U)", z.Len, z.FLen, StatusHeight)
	add("BB/U", z.Wei, z.FWei, StatusWeight)
	add("BB/PB (BB/TB)", z.Wfl, z.FWfl, StatusNutrition)
	add("IMT/U", z.BMIz, z.FBMI, StatusNutrition)
	return out
}
