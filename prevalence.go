package kampungkb

// Prevalence counts the children of an area by nutritional status, WHO's
// way (who-algorithm.md §6, §7, §9): each child's latest measurement in the
// period decides; flagged (implausible) z-scores are left out of the
// indicator they concern; a child with oedema counts below −3 SD for the
// weight-based indicators (and never as overweight). These are routine
// posyandu data, not a survey (domain.md §6.6): label them so.
type Prevalence struct {
	Code     string `json:"code"` // region code, or "kampung:ID"
	Name     string `json:"name"`
	Children int    `json:"children_measured"` // children with a measurement in the period

	// Denominators per indicator (children with a usable value) and
	// numerators.
	LenDen         int `json:"length_for_age_n"`
	Stunted        int `json:"stunted"`
	SeverelyStunt  int `json:"severely_stunted"`
	WflDen         int `json:"weight_for_length_n"`
	Wasted         int `json:"wasted"`
	SeverelyWasted int `json:"severely_wasted"`
	Overweight     int `json:"overweight"`
	WeiDen         int `json:"weight_for_age_n"`
	Underweight    int `json:"underweight"`
	SeverelyUnder  int `json:"severely_underweight"`
}

// PrevalenceSource is the label every prevalence figure carries.
const PrevalenceSource = "Data rutin penimbangan posyandu, bukan survei (SSGI/SKI): angka resmi prevalensi berasal dari survei."

// StuntingZone is the NTB communication colour of a stunting prevalence
// (domain.md §2.10): merah > 30 %, kuning 20–30 %, hijau 10–20 %, biru < 10 %.
func StuntingZone(num, den int) string {
	if den == 0 {
		return ""
	}
	p := float64(num) * 100 / float64(den)
	switch {
	case p > 30:
		return "merah"
	case p >= 20:
		return "kuning"
	case p >= 10:
		return "hijau"
	}
	return "biru"
}

// PrevalenceMeasurement is what the prevalence reads of a child's deciding
// measurement: the z-scores (nil when not computable), their flags and
// oedema.
type PrevalenceMeasurement struct {
	Date                   Date
	ZLen, ZWfl, ZWei       *float64
	FLen, FWfl, FWei, Oedm bool
}

// Add counts one child whose deciding measurement is m, by the rules of
// Prevalence (the same as sqldb's query: flagged values left out, oedema
// counting below −3 SD for the weight-based indicators and never as
// overweight).
func (p *Prevalence) Add(m PrevalenceMeasurement) {
	p.Children++
	if m.ZLen != nil && !m.FLen {
		p.LenDen++
		if *m.ZLen < -2 {
			p.Stunted++
		}
		if *m.ZLen < -3 {
			p.SeverelyStunt++
		}
	}
	wfl := m.ZWfl != nil && !m.FWfl
	if m.Oedm || wfl {
		p.WflDen++
	}
	if m.Oedm || (wfl && *m.ZWfl < -2) {
		p.Wasted++
	}
	if m.Oedm || (wfl && *m.ZWfl < -3) {
		p.SeverelyWasted++
	}
	if !m.Oedm && wfl && *m.ZWfl > 2 {
		p.Overweight++
	}
	wei := m.ZWei != nil && !m.FWei
	if m.Oedm || wei {
		p.WeiDen++
	}
	if m.Oedm || (wei && *m.ZWei < -2) {
		p.Underweight++
	}
	if m.Oedm || (wei && *m.ZWei < -3) {
		p.SeverelyUnder++
	}
}

// Plus returns the sum of p's and q's counts (p's code and name).
func (p Prevalence) Plus(q Prevalence) Prevalence {
	p.Children += q.Children
	p.LenDen += q.LenDen
	p.Stunted += q.Stunted
	p.SeverelyStunt += q.SeverelyStunt
	p.WflDen += q.WflDen
	p.Wasted += q.Wasted
	p.SeverelyWasted += q.SeverelyWasted
	p.Overweight += q.Overweight
	p.WeiDen += q.WeiDen
	p.Underweight += q.Underweight
	p.SeverelyUnder += q.SeverelyUnder
	return p
}
