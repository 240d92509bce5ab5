package indicator

import (
	"encoding/json"
	"fmt"
	"strconv"

	"kampungkb"
)

// Counts are the indicator columns of formats.md for one family or one area.
// All fields are integer counts; the *_pct columns are methods.
type Counts struct {
	Families        int `json:"families"`
	Members         int `json:"members"`
	PUS             int `json:"pus"`
	PUSKB           int `json:"pus_kb"`
	PUSKBModern     int `json:"pus_kb_modern"`
	MKJP            int `json:"mkjp"`
	UnmetIAT        int `json:"unmet_iat"`
	UnmetTIAL       int `json:"unmet_tial"`
	EarlyMarriage19 int `json:"early_marriage_19"`
	TargetFamilies  int `json:"target_families"`
	KRS             int `json:"krs"`
	TMuda           int `json:"t_muda"`
	TTua            int `json:"t_tua"`
	TDekat          int `json:"t_dekat"`
	TBanyak         int `json:"t_banyak"`
	Children0to59m  int `json:"children_0_59m"`
	Measured0to59m  int `json:"measured_0_59m"`
	Stunted         int `json:"stunted"`
}

// Add returns the sum of c and d, column by column.
func (c Counts) Add(d Counts) Counts {
	return Counts{
		Families:        c.Families + d.Families,
		Members:         c.Members + d.Members,
		PUS:             c.PUS + d.PUS,
		PUSKB:           c.PUSKB + d.PUSKB,
		PUSKBModern:     c.PUSKBModern + d.PUSKBModern,
		MKJP:            c.MKJP + d.MKJP,
		UnmetIAT:        c.UnmetIAT + d.UnmetIAT,
		UnmetTIAL:       c.UnmetTIAL + d.UnmetTIAL,
		EarlyMarriage19: c.EarlyMarriage19 + d.EarlyMarriage19,
		TargetFamilies:  c.TargetFamilies + d.TargetFamilies,
		KRS:             c.KRS + d.KRS,
		TMuda:           c.TMuda + d.TMuda,
		TTua:            c.TTua + d.TTua,
		TDekat:          c.TDekat + d.TDekat,
		TBanyak:         c.TBanyak + d.TBanyak,
		Children0to59m:  c.Children0to59m + d.Children0to59m,
		Measured0to59m:  c.Measured0to59m + d.Measured0to59m,
		Stunted:         c.Stunted + d.Stunted,
	}
}

// Sum adds up the counts of several families or areas.
func Sum(cs ...Counts) Counts {
	var t Counts
	for _, c := range cs {
		t = t.Add(c)
	}
	return t
}

// Percent is a ratio kept as integers. Its value is Num/Den × 100 with one
// decimal, rounded half up on the exact ratio; it has none when Den is 0.
type Percent struct {
	Num, Den int
}

// Tenths returns the percentage in tenths of a percent (581 for 58.1 %),
// rounded half up on the exact ratio, and false when Den is 0.
func (p Percent) Tenths() (int64, bool) {
	if p.Den == 0 {
		return 0, false
	}
	// floor(x + 1/2) with x = 1000·num/den, in integers: (2·1000·num/den + 1) / 2.
	return (int64(p.Num)*2000/int64(p.Den) + 1) / 2, true
}

// String returns the percentage for CSV and JSON, "58.1", or "" when Den is 0.
func (p Percent) String() string {
	t, ok := p.Tenths()
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d.%d", t/10, t%10)
}

// Format returns the percentage for pages, Indonesian style: "58,1 %".
func (p Percent) Format() string { return kampungkb.FormatPercent(int64(p.Num), int64(p.Den)) }

// CPR is pus_kb / pus (cpr_pct).
func (c Counts) CPR() Percent { return Percent{c.PUSKB, c.PUS} }

// MCPR is pus_kb_modern / pus (mcpr_pct).
func (c Counts) MCPR() Percent { return Percent{c.PUSKBModern, c.PUS} }

// MKJPShare is mkjp / pus_kb (mkjp_pct).
func (c Counts) MKJPShare() Percent { return Percent{c.MKJP, c.PUSKB} }

// Unmet is (unmet_iat + unmet_tial) / pus (unmet_pct).
func (c Counts) Unmet() Percent { return Percent{c.UnmetIAT + c.UnmetTIAL, c.PUS} }

// KRSShare is krs / target_families (krs_pct).
func (c Counts) KRSShare() Percent { return Percent{c.KRS, c.TargetFamilies} }

// StuntedShare is stunted / measured_0_59m (stunted_pct).
func (c Counts) StuntedShare() Percent { return Percent{c.Stunted, c.Measured0to59m} }

// Columns returns the indicator columns of formats.md in order (without
// the leading code and name of a report row).
func Columns() []string {
	return []string{"families", "members", "pus", "pus_kb", "pus_kb_modern", "cpr_pct", "mcpr_pct",
		"mkjp", "mkjp_pct", "unmet_iat", "unmet_tial", "unmet_pct", "early_marriage_19",
		"target_families", "krs", "krs_pct", "t_muda", "t_tua", "t_dekat", "t_banyak",
		"children_0_59m", "measured_0_59m", "stunted", "stunted_pct"}
}

// cell is one column value: a count, or a percentage.
type cell struct {
	n   int
	pct *Percent
}

func (c Counts) cells() []cell {
	p := func(x Percent) cell { return cell{pct: &x} }
	n := func(x int) cell { return cell{n: x} }
	return []cell{n(c.Families), n(c.Members), n(c.PUS), n(c.PUSKB), n(c.PUSKBModern), p(c.CPR()), p(c.MCPR()),
		n(c.MKJP), p(c.MKJPShare()), n(c.UnmetIAT), n(c.UnmetTIAL), p(c.Unmet()), n(c.EarlyMarriage19),
		n(c.TargetFamilies), n(c.KRS), p(c.KRSShare()), n(c.TMuda), n(c.TTua), n(c.TDekat), n(c.TBanyak),
		n(c.Children0to59m), n(c.Measured0to59m), n(c.Stunted), p(c.StuntedShare())}
}

// Record returns the values of Columns as CSV cells: integers, and
// percentages with one decimal and a dot ("" when the denominator is 0).
func (c Counts) Record() []string {
	cells := c.cells()
	out := make([]string, len(cells))
	for i, x := range cells {
		if x.pct != nil {
			out[i] = x.pct.String()
		} else {
			out[i] = strconv.Itoa(x.n)
		}
	}
	return out
}

// MarshalJSON writes every column of Columns, the percentages as numbers
// with one decimal or null when the denominator is 0.
func (c Counts) MarshalJSON() ([]byte, error) {
	rec := c.Record()
	b := []byte{'{'}
	for i, col := range Columns() {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, col)
		b = append(b, ':')
		v := rec[i]
		if v == "" {
			v = "null"
		}
		b = append(b, v...)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads the counts back; percentages are derived, so their
// values are ignored.
func (c *Counts) UnmarshalJSON(data []byte) error {
	type plain Counts
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*c = Counts(p)
	return nil
}

// Count returns the value of a count column by its name in Columns.
func (c Counts) Count(column string) (int, bool) {
	for i, col := range Columns() {
		if col == column {
			x := c.cells()[i]
			return x.n, x.pct == nil
		}
	}
	return 0, false
}

// Percent returns a percentage column (a *_pct name in Columns) with its
// numerator and denominator, for showing "58,1 % (120 / 206)".
func (c Counts) Percent(column string) (Percent, bool) {
	for i, col := range Columns() {
		if col == column {
			x := c.cells()[i]
			if x.pct == nil {
				return Percent{}, false
			}
			return *x.pct, true
		}
	}
	return Percent{}, false
}
