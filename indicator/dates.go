package indicator

import (
	"math"

	"kampungkb"
)

// Evaluator computes what RuleSet.Family computes, for one family at
// several reference dates at once, each with the rule set in force on it:
// the roll-ups (package rollup) keep a dozen dates per village, and
// decomposing every birth date once per family instead of once per date and
// rule makes that affordable (BenchmarkEvaluator: about 10× faster than
// Family per date). Its results are Family's exactly (TestEvaluatorMatchesFamily).
//
// An Evaluator keeps scratch space: use one per goroutine.
type Evaluator struct {
	dates []evalDate
	rules []*RuleSet // distinct rule sets of dates, at most maxRuleSets
	mem   []memFacts
	ms    []msFacts
}

// maxRuleSets bounds the distinct rule sets of one Evaluator's dates (they
// span a year or two; rule sets change every few years).
const maxRuleSets = 8

type evalDate struct {
	at         kampungkb.Date
	y, m, d    int32
	key        int32 // dateKey
	fromKey    int32 // dateKey of at − stunting window
	rule       int   // index into Evaluator.rules
	rs         *RuleSet
	zBelowRnd  float64
	dekatBelow int32
}

// memFacts are a member's fields decoded once.
type memFacts struct {
	no                   int
	by, bm, bd, bkey     int32
	hasBirth             bool
	lbKey, lby, lbm, lbd int32
	hasLB                bool
	pregnant             bool
	marriageAge          int32 // -1: unknown
	childrenBorn         int32 // -1: unknown
	ms                   []msFacts
	// per rule set: bit flags of the rule-dependent facts
	flags [maxRuleSets]uint8
}

const (
	fPUSKind   = 1 << iota // sex and marital status of a PUS
	fMethod                // any kb_method
	fModern                // modern method
	fMKJP                  // MKJP method
	fUnmetIAT              // no method, reason iat counted as unmet
	fUnmetTIAL             // no method, reason tial counted as unmet
)

// msFacts is a measurement's date and rounded length-for-age z.
type msFacts struct {
	key    int32
	zRnd   float64 // math.Round(z·100)
	usable bool    // z computable and not flagged
}

// dateKey orders dates as integers.
func dateKey(y, m, d int32) int32 { return y<<9 | m<<5 | d }

func ymdOf(d kampungkb.Date) (int32, int32, int32) {
	y, m, dd := d.Time().Date()
	return int32(y), int32(m), int32(dd)
}

// NewEvaluator prepares the evaluation at dates, each with the rule set
// in force on it (For). It panics on more than maxRuleSets distinct rule
// sets, which For cannot give for dates within a few years.
func NewEvaluator(dates []kampungkb.Date) *Evaluator { return Builtin().Evaluator(dates) }

// Evaluator is NewEvaluator with the rule sets vs.
func (vs Versions) Evaluator(dates []kampungkb.Date) *Evaluator {
	e := &Evaluator{}
	for _, at := range dates {
		rs := vs.For(at)
		ri := -1
		for i, r := range e.rules {
			if r == rs {
				ri = i
			}
		}
		if ri < 0 {
			if len(e.rules) == maxRuleSets {
				panic("indicator: too many rule sets for one Evaluator")
			}
			e.rules = append(e.rules, rs)
			ri = len(e.rules) - 1
		}
		y, m, d := ymdOf(at)
		fy, fm, fd := ymdOf(monthsBack(at, rs.Stunting.WindowMonths))
		e.dates = append(e.dates, evalDate{at: at, y: y, m: m, d: d, key: dateKey(y, m, d), fromKey: dateKey(fy, fm, fd),
			rule: ri, rs: rs, zBelowRnd: math.Round(rs.Stunting.ZBelow * 100), dekatBelow: int32(rs.FourT.DekatBelowMonths)})
	}
	return e
}

// Dates returns the reference dates, in the order given.
func (e *Evaluator) Dates() []kampungkb.Date {
	out := make([]kampungkb.Date, len(e.dates))
	for i, d := range e.dates {
		out[i] = d.at
	}
	return out
}

// Family adds the counts family f contributes at each date to out[i]
// (len(out) must equal the number of dates). members and ms are as for
// RuleSet.Family, with ms holding the stored measurements of the members'
// child records by member_no.
func (e *Evaluator) Family(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement, out []Counts) {
	e.prepare(members, ms)
	var famRisk [maxRuleSets]bool // water, toilet or poverty risk
	for i, rs := range e.rules {
		famRisk[i] = (f.WaterSource != "" && !rs.water[f.WaterSource]) || rs.toilet[f.Toilet] || rs.poor[f.WelfareDecile]
	}
	for i := range e.dates {
		e.familyAt(&e.dates[i], famRisk[e.dates[i].rule], &out[i])
	}
}

// prepare decodes the members' fields once.
func (e *Evaluator) prepare(members []kampungkb.Member, ms map[int][]kampungkb.Measurement) {
	e.mem = e.mem[:0]
	e.ms = e.ms[:0]
	for i := range members {
		m := &members[i]
		f := memFacts{no: m.MemberNo, marriageAge: -1, childrenBorn: -1}
		if !m.BirthDate.IsZero() {
			f.hasBirth = true
			f.by, f.bm, f.bd = ymdOf(m.BirthDate)
			f.bkey = dateKey(f.by, f.bm, f.bd)
		}
		if !m.LastBirthDate.IsZero() {
			f.hasLB = true
			f.lby, f.lbm, f.lbd = ymdOf(m.LastBirthDate)
			f.lbKey = dateKey(f.lby, f.lbm, f.lbd)
		}
		f.pregnant = m.Pregnant != nil && *m.Pregnant
		if m.MarriageAge != nil {
			f.marriageAge = int32(*m.MarriageAge)
		}
		if m.ChildrenBorn != nil {
			f.childrenBorn = int32(*m.ChildrenBorn)
		}
		for ri, rs := range e.rules {
			var fl uint8
			if m.Sex == rs.PUS.Sex && m.MaritalStatus == rs.PUS.MaritalStatus {
				fl |= fPUSKind
			}
			switch {
			case m.KBMethod != "":
				fl |= fMethod
				if rs.modern[m.KBMethod] {
					fl |= fModern
				}
				if rs.mkjp[m.KBMethod] {
					fl |= fMKJP
				}
			case m.KBReason == "iat" && rs.unmet["iat"]:
				fl |= fUnmetIAT
			case m.KBReason == "tial" && rs.unmet["tial"]:
				fl |= fUnmetTIAL
			}
			f.flags[ri] = fl
		}
		if list := ms[m.MemberNo]; len(list) > 0 {
			start := len(e.ms)
			for _, x := range list {
				mf := msFacts{usable: x.Z.Len != nil && !x.Z.FLen && !x.Date.IsZero()}
				if mf.usable {
					mf.key = dateKey(ymdOf(x.Date))
					mf.zRnd = math.Round(*x.Z.Len * 100)
				}
				e.ms = append(e.ms, mf)
			}
			f.ms = e.ms[start:len(e.ms):len(e.ms)]
		}
		e.mem = append(e.mem, f)
	}
	// e.ms may have grown (moved) after earlier members took their slices:
	// point them again at the final backing array.
	off := 0
	for i := range e.mem {
		if n := len(e.mem[i].ms); n > 0 {
			e.mem[i].ms = e.ms[off : off+n : off+n]
			off += n
		}
	}
}

// familyAt is RuleSet.Family and RuleSet.Flags at one date, on decoded
// members.
func (e *Evaluator) familyAt(d *evalDate, famRisk bool, out *Counts) {
	rs := d.rs
	c := Counts{Families: 1}
	var target, muda, tua, dekat, banyak, notModern, hasPUS bool
	pus := rs.PUS
	ft := rs.FourT
	for i := range e.mem {
		m := &e.mem[i]
		if !m.hasBirth || m.bkey > d.key {
			continue
		}
		c.Members++
		age := d.y - m.by
		if d.m < m.bm || (d.m == m.bm && d.d < m.bd) {
			age--
		}
		if m.marriageAge >= 0 && int(m.marriageAge) < rs.EarlyMarriageBelowAge {
			c.EarlyMarriage19++
		}
		if m.pregnant {
			target = true
		}
		months := (d.y-m.by)*12 + d.m - m.bm
		if d.d < m.bd {
			months--
		}
		fl := m.flags[d.rule]
		if fl&fPUSKind != 0 && int(age) >= pus.MinAge && int(age) <= pus.MaxAge {
			hasPUS, target = true, true
			c.PUS++
			switch {
			case fl&fMethod != 0:
				c.PUSKB++
				if fl&fModern != 0 {
					c.PUSKBModern++
				}
				if fl&fMKJP != 0 {
					c.MKJP++
				}
			case fl&fUnmetIAT != 0:
				c.UnmetIAT++
			case fl&fUnmetTIAL != 0:
				c.UnmetTIAL++
			}
			if int(age) < ft.MudaBelowAge {
				muda = true
			}
			if int(age) > ft.TuaAboveAge && (ft.TuaMaxAge == 0 || int(age) <= ft.TuaMaxAge) {
				tua = true
			}
			if m.hasLB && m.lbKey <= d.key {
				lm := (d.y-m.lby)*12 + d.m - m.lbm
				if d.d < m.lbd {
					lm--
				}
				if lm < d.dekatBelow {
					dekat = true
				}
			}
			if m.childrenBorn >= 0 && int(m.childrenBorn) > ft.BanyakAboveChildren {
				banyak = true
			}
			if fl&fModern == 0 {
				notModern = true
			}
		}
		if int(months) >= rs.ChildMonths.Min && int(months) <= rs.ChildMonths.Max {
			target = true
			c.Children0to59m++
			best := -1
			for j := range m.ms {
				x := &m.ms[j]
				if !x.usable || x.key < d.fromKey || x.key > d.key {
					continue
				}
				if best < 0 || x.key >= m.ms[best].key {
					best = j
				}
			}
			if best >= 0 {
				c.Measured0to59m++
				if m.ms[best].zRnd < d.zBelowRnd {
					c.Stunted++
				}
			}
		}
	}
	risk := famRisk || muda || tua || dekat || banyak || (rs.KRSExtra.PUSNotModern && hasPUS && notModern)
	c.TargetFamilies = b2i(target)
	c.KRS = b2i(target && risk)
	c.TMuda = b2i(muda)
	c.TTua = b2i(tua)
	c.TDekat = b2i(dekat)
	c.TBanyak = b2i(banyak)
	*out = out.Add(c)
}
