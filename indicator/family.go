package indicator

import (
	"math"
	"time"

	"kampungkb"
)

// Measurement is what the stunting indicator needs of one posyandu
// measurement of a child: its date, the stored length/height-for-age
// z-score (2 decimals as WHO prints it; nil when not computable) and its
// flag (biologically implausible). The storage layer fills it from
// kampungkb.Measurement with MeasurementOf.
type Measurement struct {
	Date kampungkb.Date
	ZLen *float64
	FLen bool
}

// MeasurementOf takes the stunting inputs of a stored measurement.
func MeasurementOf(m kampungkb.Measurement) Measurement {
	return Measurement{Date: m.Date, ZLen: m.Z.Len, FLen: m.Z.FLen}
}

// Flags are the family-level findings at a reference date, for the KRS
// count and for a family's page.
type Flags struct {
	Target bool // keluarga sasaran: a PUS, a pregnant member or a child in the child window
	KRS    bool // a target family with at least one risk factor

	Muda, Tua, Dekat, Banyak bool // 4 Terlalu over the family's PUS
	WaterRisk                bool // drinking water known and not decent
	ToiletRisk               bool // toilet known and not decent
	PUSNotModern             bool // a PUS without a modern method (counts only if the rule set enables it)
	Poor                     bool // welfare decile among the rule set's poverty deciles
}

// isPUS reports whether m is a PUS at age (completed years).
func (rs *RuleSet) isPUS(m kampungkb.Member, age int) bool {
	return m.Sex == rs.PUS.Sex && m.MaritalStatus == rs.PUS.MaritalStatus &&
		age >= rs.PUS.MinAge && age <= rs.PUS.MaxAge
}

// isChild reports whether m's age in completed calendar months on at lies
// in the child window (0–59 months by default).
func (rs *RuleSet) isChild(m kampungkb.Member, at kampungkb.Date) bool {
	mo := kampungkb.MonthsOn(m.BirthDate, at)
	return mo >= rs.ChildMonths.Min && mo <= rs.ChildMonths.Max
}

// present reports whether m counts at the reference date: born on or
// before it (formats.md). A member without a birth date never counts.
func present(m kampungkb.Member, at kampungkb.Date) bool {
	return !m.BirthDate.IsZero() && !m.BirthDate.After(at)
}

// Flags returns the family-level findings of f with members at date at.
func (rs *RuleSet) Flags(f kampungkb.Family, members []kampungkb.Member, at kampungkb.Date) Flags {
	var fl Flags
	hasPUS := false
	for _, m := range members {
		if !present(m, at) {
			continue
		}
		age := kampungkb.AgeOn(m.BirthDate, at)
		if m.Pregnant != nil && *m.Pregnant {
			fl.Target = true
		}
		if rs.isChild(m, at) {
			fl.Target = true
		}
		if !rs.isPUS(m, age) {
			continue
		}
		hasPUS = true
		fl.Target = true
		t := rs.FourT
		if age < t.MudaBelowAge {
			fl.Muda = true
		}
		if age > t.TuaAboveAge && (t.TuaMaxAge == 0 || age <= t.TuaMaxAge) {
			fl.Tua = true
		}
		// A last birth after the reference date had not happened on it:
		// the interval is unknown, so it raises no flag.
		if !m.LastBirthDate.IsZero() && !m.LastBirthDate.After(at) &&
			kampungkb.MonthsOn(m.LastBirthDate, at) < t.DekatBelowMonths {
			fl.Dekat = true
		}
		if m.ChildrenBorn != nil && *m.ChildrenBorn > t.BanyakAboveChildren {
			fl.Banyak = true
		}
		if !rs.modern[m.KBMethod] {
			fl.PUSNotModern = true
		}
	}
	fl.WaterRisk = f.WaterSource != "" && !rs.water[f.WaterSource]
	fl.ToiletRisk = rs.toilet[f.Toilet]
	fl.Poor = rs.poor[f.WelfareDecile]
	if !hasPUS {
		fl.PUSNotModern = false
	}
	risk := fl.WaterRisk || fl.ToiletRisk || fl.Muda || fl.Tua || fl.Dekat || fl.Banyak ||
		(rs.KRSExtra.PUSNotModern && fl.PUSNotModern) || fl.Poor
	fl.KRS = fl.Target && risk
	return fl
}

// Family returns the counts one family contributes at reference date at:
// f is the family (its WaterSource, Toilet, WelfareDecile), members its
// members (f.Members is not read), and measurements the measurements of its
// children keyed by member_no (children without an entry are unmeasured).
//
// Members born after at, or without a birth date, do not count at all.
// Contraception fields (kb_method, kb_reason) of members who are not PUS
// are ignored; kb_reason counts only when kb_method is empty.
func (rs *RuleSet) Family(f kampungkb.Family, members []kampungkb.Member, measurements map[int][]Measurement, at kampungkb.Date) Counts {
	c := Counts{Families: 1}
	for _, m := range members {
		if !present(m, at) {
			continue
		}
		c.Members++
		age := kampungkb.AgeOn(m.BirthDate, at)
		if m.MarriageAge != nil && *m.MarriageAge < rs.EarlyMarriageBelowAge {
			c.EarlyMarriage19++
		}
		if rs.isPUS(m, age) {
			c.PUS++
			switch {
			case m.KBMethod != "":
				c.PUSKB++
				if rs.modern[m.KBMethod] {
					c.PUSKBModern++
				}
				if rs.mkjp[m.KBMethod] {
					c.MKJP++
				}
			case m.KBReason == "iat" && rs.unmet["iat"]:
				c.UnmetIAT++
			case m.KBReason == "tial" && rs.unmet["tial"]:
				c.UnmetTIAL++
			}
		}
		if rs.isChild(m, at) {
			c.Children0to59m++
			if z, ok := rs.decidingZ(measurements[m.MemberNo], at); ok {
				c.Measured0to59m++
				if math.Round(z*100) < math.Round(rs.Stunting.ZBelow*100) {
					c.Stunted++
				}
			}
		}
	}
	fl := rs.Flags(f, members, at)
	c.TargetFamilies = b2i(fl.Target)
	c.KRS = b2i(fl.KRS)
	c.TMuda = b2i(fl.Muda)
	c.TTua = b2i(fl.Tua)
	c.TDekat = b2i(fl.Dekat)
	c.TBanyak = b2i(fl.Banyak)
	return c
}

// decidingZ returns the length/height-for-age z of a child's deciding
// measurement: the latest dated within [at − window calendar months, at]
// whose z is computable and not flagged. Of several on the same date the
// last one given wins (storage passes them ordered by date and id).
func (rs *RuleSet) decidingZ(ms []Measurement, at kampungkb.Date) (float64, bool) {
	from := monthsBack(at, rs.Stunting.WindowMonths)
	var best *Measurement
	for i := range ms {
		m := &ms[i]
		if m.ZLen == nil || m.FLen || m.Date.IsZero() || m.Date.Before(from) || m.Date.After(at) {
			continue
		}
		if best == nil || !m.Date.Before(best.Date) {
			best = m
		}
	}
	if best == nil {
		return 0, false
	}
	return *best.ZLen, true
}

// monthsBack returns d minus n calendar months, keeping the day of the
// month and clamping it to the month's last day (31 August − 6 months =
// 28/29 February), unlike time.AddDate, which would roll over into March.
func monthsBack(d kampungkb.Date, n int) kampungkb.Date {
	y, m := d.Year(), int(d.Month())-n
	for m < 1 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return kampungkb.NewDate(y, time.Month(m), min(d.Day(), last))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
