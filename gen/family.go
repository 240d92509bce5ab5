package gen

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"kampungkb"
)

// person is one member being generated.
type person struct {
	sex        byte // 'l' or 'p'
	birth      int32
	rel        string
	marital    string
	mAge       int  // age at first marriage, -1 unknown
	preg       byte // 0 (empty), 'y', 'n'
	born       int  // children ever born, -1 empty
	last       int32
	hasLast    bool
	kb, reason string
	nik        bool
	first, sec int // name indexes; sec -1 for none
	title      bool
	child      bool // 0–59 months on the reference date
	zl, zw     float64
	attend     float64
	measured   bool
}

// meas is one posyandu measurement.
type meas struct {
	member  int // index in generator.ps
	date    int32
	weight  float64
	lenhei  float64
	measure byte
	oedema  byte // 0 empty
}

type dusun struct {
	name string
	day  int // posyandu day of the month
	rts  int
}

// generator holds the state of one Generate call.
type generator struct {
	cfg           Config
	at            int32
	atY, atM, atD int
	inj           *injector

	// output of the current village
	out   [3]*bytes.Buffer
	lines [3]int // rows written per file
	st    Stats
	errs  []injected
	errT  target
	errR  *rand.Rand

	// village
	r          *rand.Rand
	v          kampungkb.Region
	vdigits    string // dotless village code
	kec        string // six-digit kecamatan code (NIK, no. KK)
	dusuns     []dusun
	pNotWater  float64
	pNotToilet float64
	zOffset    float64 // village shift of children's length-for-age z
	useOffset  float64 // village shift of the contraceptive use probability

	// family
	fid  []byte
	ps   []person
	ms   []meas
	bs   []int32
	bs2  []int32
	row  rowBuf
	fam  int // ordinal of the family in the whole output
	dIdx int
	rt   int
}

func weighted(r *rand.Rand, w []float64) int {
	var s float64
	for _, x := range w {
		s += x
	}
	u := r.Float64() * s
	for i, x := range w {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(w) - 1
}

// Water sources and toilets, split into decent and not decent as the
// default KRS rule set does (formats.md, domain.md §1.18). Each village
// draws its own not-decent shares in 11–23 %, inside the issue's
// Lombok range of 10–25 % even after sampling noise.
var (
	waterDecent     = []string{"kemasan", "ledeng", "sumur_bor", "sumur_terlindungi"}
	waterDecentW    = []float64{38, 17, 15, 30}
	waterNotDecent  = []string{"sumur_tak_terlindungi", "mata_air_terlindungi", "mata_air_tak_terlindungi", "air_hujan", "air_permukaan", "lainnya"}
	waterNotDecentW = []float64{40, 25, 15, 5, 8, 7}
	toiletDecent    = []string{"sendiri_septik", "bersama_septik"}
	toiletDecentW   = []float64{82, 18}
	toiletNot       = []string{"tanpa_septik", "tidak_ada"}
	toiletNotW      = []float64{60, 40}
	// P3KE/DTKS welfare deciles: Lombok Timur is poor, so low deciles
	// weigh more (domain.md §5.1: desil 1–4 is the poverty band).
	decileW = []float64{14, 13, 12, 11, 10, 9, 9, 8, 7, 7}
	// Wives' ages by five-year band from 15 (a young pyramid).
	wifeAgeW = []float64{2.5, 9, 12.5, 13, 13, 12, 10.5, 8.5, 7.5, 5.5, 3.5, 2, 1}
	// Women's age at first marriage, 14–29: ~40 % before 19, mean ~19.3
	// (domain.md §2.9: Lombok mean ~19, NTB 20.34, child marriage 15–17 %).
	marriageAgeW = []float64{2, 4, 8, 11, 14, 13, 11, 9, 7, 5, 4, 3.5, 2.5, 2, 1.5, 1}
	// Desired completed fertility 1–6 (TFR NTB ~2.3–2.5).
	desiredW = []float64{15, 35, 27, 13, 6, 4}
	// Contraceptive mix among users, led by injectables (domain.md §1.13;
	// NTB/Lombok routine data: suntik > pil > implan > IUD > MOW).
	kbMethods  = []string{"suntik", "pil", "implan", "iud", "mow", "kondom", "tradisional", "mop"}
	kbMethodsW = []float64{50, 17.5, 15, 8, 4.5, 2.5, 1.2, 0.3}
)

// village generates one village.
func (g *generator) village(p villagePlan) {
	g.v = p.region
	g.r = rand.New(rand.NewPCG(g.cfg.Seed, hashString(p.region.Code)))
	r := g.r
	g.vdigits = strings.ReplaceAll(p.region.Code, ".", "")
	g.kec = g.vdigits[:6]
	g.pNotWater = 0.11 + 0.12*r.Float64()
	g.pNotToilet = 0.11 + 0.12*r.Float64()
	// Villages differ: stunting by up to ±8 points, CPR by up to ±3
	// (Lotim has 29 stunting lokus villages, domain.md §6.2).
	g.zOffset = min(max(0.15*r.NormFloat64(), -0.25), 0.25)
	g.useOffset = min(max(0.025*r.NormFloat64(), -0.04), 0.04)
	if p.region.Code[9] == '1' { // kelurahan: town, better water and sanitation
		g.pNotWater *= 0.6
		g.pNotToilet *= 0.6
	}
	nd := min(max(p.families/180, 3), 15)
	perm := r.Perm(len(dusunNames))
	g.dusuns = g.dusuns[:0]
	for i := 0; i < nd; i++ {
		name := dusunNames[perm[i%len(perm)]]
		if i >= len(perm) {
			name += fmt.Sprintf(" %d", i/len(perm)+1)
		}
		g.dusuns = append(g.dusuns, dusun{name: name, day: 5 + r.IntN(20)})
	}
	for i := 0; i < p.families; i++ {
		g.dIdx = i * nd / p.families
		start := g.dIdx * p.families / nd
		g.rt = (i-start)/30 + 1
		g.fid = append(append(g.fid[:0], g.vdigits...), '-')
		g.fid = appendN(g.fid, i+1, 5)
		g.family()
		g.measurements()
		g.write()
		g.fam++
	}
}

func (g *generator) birthAt(ageYears float64) int32 {
	return g.at - int32(ageYears*daysPerYear)
}

func (g *generator) name(sex byte) (first, sec int, title bool) {
	r := g.r
	if sex == 'l' {
		first = r.IntN(len(maleNames))
	} else {
		first = r.IntN(len(femaleNames))
	}
	sec = -1
	if r.Float64() < 0.6 {
		sec = r.IntN(len(secondNames))
	}
	return first, sec, r.Float64() < 0.05
}

func (g *generator) add(p person) int {
	p.first, p.sec, p.title = g.name(p.sex)
	// NIK: most members have one; newborns often not yet (domain.md §11.1).
	age := float64(g.at-p.birth) / daysPerYear
	switch {
	case age < 1:
		p.nik = g.r.Float64() < 0.55
	case age < 5:
		p.nik = g.r.Float64() < 0.85
	default:
		p.nik = g.r.Float64() < 0.95
	}
	if months := ageMonths(p.birth, g.at); months >= 0 && months < 60 {
		p.child = true
		mu := -1.67 // length-for-age mean z by age: SKI 2023 age pattern (domain.md §6.2)
		switch {
		case months < 6:
			mu = -0.97
		case months < 12:
			mu = -1.07
		case months < 24:
			mu = -1.47
		}
		p.zl = mu + g.zOffset + 1.05*g.r.NormFloat64()
		p.zw = 0.6*p.zl - 0.1 + 0.8*g.r.NormFloat64()
		p.attend = 0
		if g.r.Float64() >= 0.08 {
			p.attend = 0.55 + 0.4*g.r.Float64()
		}
	}
	g.ps = append(g.ps, p)
	return len(g.ps) - 1
}

func (g *generator) marriageAgeF(maxAge int) int {
	m := 14 + weighted(g.r, marriageAgeW)
	return min(m, maxAge)
}

// births simulates the live births of a woman born wb who married at
// age m: first birth about a year after marriage, then intervals of
// 20 months plus an exponential 18 months, up to her desired number and
// age 44.
func (g *generator) births(wb int32, m int, dst []int32) []int32 {
	r := g.r
	if r.Float64() < 0.04 {
		return dst
	}
	want := 1 + weighted(r, desiredW)
	if float64(g.at-wb) > 50*daysPerYear && r.Float64() < 0.4 {
		want++
	}
	t := float64(wb) + (float64(m)+r.Float64())*daysPerYear + 200 + r.ExpFloat64()*400
	end := float64(wb) + 44*daysPerYear
	for len(dst) < want && t <= float64(g.at) && t <= end {
		dst = append(dst, int32(t))
		t += 640 + r.ExpFloat64()*950
	}
	return dst
}

// woman sets a married woman's fertility and, for a PUS (kawin, 15–49),
// pregnancy and contraception (formats.md; domain.md §1.13, §1.14, §2.1–2.3).
func (g *generator) woman(p *person, bs []int32) {
	p.born = len(bs)
	if len(bs) > 0 {
		p.last, p.hasLast = bs[len(bs)-1], true
	}
	age := ageYears(p.birth, g.at)
	if p.marital != "kawin" || age < 15 || age > 49 {
		return
	}
	r := g.r
	since := int32(1 << 30)
	if p.hasLast {
		since = g.at - p.last
	}
	// Pregnant ~3.7 % of PUS (PK21: 3.66 %, domain.md §2.8), more often
	// young and recently married.
	pp := 0.002
	switch {
	case age < 20:
		pp = 0.08
	case age < 25:
		pp = 0.06
	case age < 30:
		pp = 0.042
	case age < 35:
		pp = 0.03
	case age < 40:
		pp = 0.016
	case age < 45:
		pp = 0.005
	}
	if len(bs) == 0 && age-p.mAge < 3 {
		pp *= 2
	}
	if since < 300 {
		pp = 0
	}
	if r.Float64() < pp {
		p.preg, p.reason = 'y', "hamil"
		return
	}
	p.preg = 'n'
	// CPR ~55–60 % of PUS (domain.md §2.2: national 56 % in 2020).
	use := 0.76
	switch {
	case len(bs) == 0:
		use = 0.15
	case age >= 45:
		use = 0.42
	case since < 90:
		use = 0.35
	}
	if r.Float64() < use+g.useOffset {
		if since < 183 && r.Float64() < 0.2 {
			p.kb = "mal"
			return
		}
		m := kbMethods[weighted(r, kbMethodsW)]
		if (m == "mow" || m == "mop") && (age < 30 || len(bs) < 2) {
			m = "suntik"
		}
		p.kb = m
		return
	}
	// Reasons for non-use (§1.14): unmet need (IAT+TIAL) ~12–15 % of PUS.
	u := r.Float64()
	switch {
	case u < 0.02:
		p.reason = ""
	case len(bs) == 0:
		p.reason = pick3(r, 0.88, 0.10, "ias", "iat", "tial")
	case len(bs) >= 3 || age >= 40:
		p.reason = pick3(r, 0.38, 0.12, "ias", "iat", "tial")
	default:
		p.reason = pick3(r, 0.62, 0.16, "ias", "iat", "tial")
	}
}

func pick3(r *rand.Rand, pa, pb float64, a, b, c string) string {
	u := r.Float64()
	switch {
	case u < pa:
		return a
	case u < pa+pb:
		return b
	}
	return c
}

// family builds one family: mostly a couple with their children, some
// widowed, divorced or single heads, sometimes a married child with
// spouse and grandchildren, sometimes a grandparent.
func (g *generator) family() {
	g.ps, g.ms = g.ps[:0], g.ms[:0]
	r := g.r
	u := r.Float64()
	switch {
	case u < 0.04: // young single adult
		sex := byte('l')
		if r.Float64() < 0.35 {
			sex = 'p'
		}
		g.add(person{sex: sex, birth: g.birthAt(18 + 14*r.Float64()), rel: "kepala", marital: "belum_kawin", mAge: -1, born: -1})
		return
	case u < 0.09: // an old widow(er) alone
		sex := byte('p')
		if r.Float64() < 0.3 {
			sex = 'l'
		}
		age := 60 + 25*r.Float64()
		p := person{sex: sex, birth: g.birthAt(age), rel: "kepala", marital: "cerai_mati", born: -1}
		p.mAge = g.marriageAgeF(30)
		if sex == 'l' {
			p.mAge += 3
		} else {
			g.woman(&p, g.births(p.birth, p.mAge, g.bs[:0]))
		}
		g.add(p)
		return
	}
	a := 15 + 5*(float64(weighted(r, wifeAgeW))+r.Float64())
	wife := person{sex: 'p', birth: g.birthAt(a), marital: "kawin", born: -1}
	wife.mAge = g.marriageAgeF(ageYears(wife.birth, g.at))
	bs := g.births(wife.birth, wife.mAge, g.bs[:0])
	g.bs = bs
	d := 4.5 + 3.5*r.NormFloat64()
	d = min(max(d, -3), 20)
	if float64(wife.mAge)+d < 16 {
		d = 16 - float64(wife.mAge)
	}
	husband := person{sex: 'l', birth: wife.birth - int32(d*daysPerYear), marital: "kawin", born: -1}
	husband.mAge = min(wife.mAge+int(d), ageYears(husband.birth, g.at))
	pWidow, pWidower := 0.0, 0.0
	switch {
	case a >= 70:
		pWidow, pWidower = 0.45, 0.08
	case a >= 60:
		pWidow, pWidower = 0.28, 0.08
	case a >= 50:
		pWidow, pWidower = 0.12, 0.03
	case a >= 40:
		pWidow = 0.04
	}
	u = r.Float64()
	head := &husband
	switch {
	case u < pWidow:
		wife.marital, wife.rel, head = "cerai_mati", "kepala", &wife
		g.woman(&wife, bs)
		g.add(wife)
	case u < pWidow+0.03:
		wife.marital, wife.rel, head = "cerai_hidup", "kepala", &wife
		g.woman(&wife, bs)
		g.add(wife)
	case u < pWidow+0.03+pWidower:
		husband.marital, husband.rel = "cerai_mati", "kepala"
		g.add(husband)
	case r.Float64() < 0.03:
		wife.rel, husband.rel, head = "kepala", "suami", &wife
		g.woman(&wife, bs)
		g.add(wife)
		g.add(husband)
	default:
		husband.rel, wife.rel = "kepala", "istri"
		g.woman(&wife, bs)
		g.add(husband)
		g.add(wife)
	}
	headBirth := head.birth
	// Children: 1.5 % died; adults leave the household as they grow up;
	// one married child may stay with spouse and children (menantu, cucu).
	married := -1
	for _, b := range bs {
		if r.Float64() < 0.015 {
			continue
		}
		ca := float64(g.at-b) / daysPerYear
		sex := byte('l')
		if r.Float64() < 0.49 {
			sex = 'p'
		}
		c := person{sex: sex, birth: b, rel: "anak", marital: "belum_kawin", mAge: -1, born: -1}
		if ca >= 17 {
			if married < 0 && r.Float64() < 0.12 {
				c.marital = "kawin"
				married = len(g.ps)
				g.add(c)
				continue
			}
			leave := (ca - 16) * 0.2
			if sex == 'p' {
				leave = (ca - 15) * 0.25
			}
			if r.Float64() < leave {
				continue
			}
		}
		g.add(c)
	}
	if married >= 0 {
		g.marriedChild(married)
	}
	g.otherRelative()
	// A widowed parent of the head or of the spouse (12 % of younger heads).
	if ha := float64(g.at-headBirth) / daysPerYear; ha < 55 && r.Float64() < 0.12 {
		ga := min(ha+20+12*r.Float64(), 92)
		sex := byte('p')
		if r.Float64() < 0.28 {
			sex = 'l'
		}
		rel := "orang_tua"
		if r.Float64() < 0.4 {
			rel = "mertua"
		}
		p := person{sex: sex, birth: g.birthAt(ga), rel: rel, marital: "cerai_mati", born: -1}
		if ga >= 50 && r.Float64() < 0.15 { // spouse living elsewhere; never a PUS
			p.marital = "kawin"
		}
		p.mAge = g.marriageAgeF(30)
		if sex == 'p' {
			p.born = 2 + r.IntN(6)
		} else {
			p.mAge += 3
		}
		g.add(p)
	}
}

// otherRelative adds, to 7 % of families, a niece, nephew or younger
// sibling aged 12–30 (famili_lain): young people living with relatives
// for school or work.
func (g *generator) otherRelative() {
	r := g.r
	if r.Float64() >= 0.07 {
		return
	}
	sex := byte('l')
	if r.Float64() < 0.5 {
		sex = 'p'
	}
	g.add(person{sex: sex, birth: g.birthAt(12 + 18*r.Float64()), rel: "famili_lain", marital: "belum_kawin", mAge: -1, born: -1})
}

// marriedChild adds the spouse (menantu) and children (cucu) of the
// married child at index i.
func (g *generator) marriedChild(i int) {
	r := g.r
	c := &g.ps[i]
	ca := ageYears(c.birth, g.at)
	d := 4 + 2.5*r.NormFloat64()
	d = min(max(d, 0), 12)
	sp := person{rel: "menantu", marital: "kawin", born: -1}
	var woman *person
	if c.sex == 'p' {
		c.mAge = g.marriageAgeF(ca)
		sp.sex, sp.birth = 'l', c.birth-int32(d*daysPerYear)
		sp.mAge = min(c.mAge+int(d), ageYears(sp.birth, g.at))
	} else {
		sp.sex, sp.birth = 'p', c.birth+int32(d*daysPerYear)
		sa := ageYears(sp.birth, g.at)
		if sa < 15 {
			sp.birth, sa = g.birthAt(15+r.Float64()), 15
		}
		sp.mAge = g.marriageAgeF(sa)
		c.mAge = max(sp.mAge+int(d), 15)
		if c.mAge > ca {
			c.mAge = ca
		}
	}
	j := g.add(sp)
	c = &g.ps[i]
	if c.sex == 'p' {
		woman = c
	} else {
		woman = &g.ps[j]
	}
	bs := g.births(woman.birth, woman.mAge, g.bs2[:0])
	g.bs2 = bs
	g.woman(woman, bs)
	for _, b := range bs {
		sex := byte('l')
		if r.Float64() < 0.49 {
			sex = 'p'
		}
		g.add(person{sex: sex, birth: b, rel: "cucu", marital: "belum_kawin", mAge: -1, born: -1})
	}
}

// measurements gives children 0–59 months up to six monthly posyandu
// weighings in the six months up to the reference date: length lying
// before 731 days, height standing after (WHO 2006).
func (g *generator) measurements() {
	r := g.r
	day := g.dusuns[g.dIdx].day
	for i := range g.ps {
		p := &g.ps[i]
		if !p.child || p.attend == 0 {
			continue
		}
		for k := 5; k >= 0; k-- {
			y, m := g.atY, g.atM-k
			if m < 1 {
				y, m = y-1, m+12
			}
			dd := daysFromCivil(y, m, min(day, daysIn(y, m)))
			if dd > g.at {
				continue
			}
			age := int(dd - p.birth)
			if age < 0 || age >= 1826 || r.Float64() >= p.attend {
				continue
			}
			x := meas{member: i, date: dd, measure: 'l', oedema: 'n'}
			if age >= 731 {
				x.measure = 'h'
			}
			x.lenhei = g.lenhei(p.sex, age, p.zl+0.12*r.NormFloat64())
			x.weight = g.weight(p.sex, age, p.zw+0.2*r.NormFloat64())
			switch u := r.Float64(); {
			case u < 0.0005:
				x.oedema = 'y'
			case u < 0.05:
				x.oedema = 0
			}
			g.ms = append(g.ms, x)
		}
	}
}

// Rough WHO 2006 medians by month (0,1,2,3,6,9,12,18,24,36,48,60) for the
// formula used without tables: length/height (standing from 24 months)
// and weight, boys then girls.
var (
	refMonths = []float64{0, 1, 2, 3, 6, 9, 12, 18, 24, 36, 48, 60}
	refLen    = [2][]float64{
		{49.9, 54.7, 58.4, 61.4, 67.6, 72.0, 75.7, 82.3, 87.1, 96.1, 103.3, 110.0},
		{49.1, 53.7, 57.1, 59.8, 65.7, 70.1, 74.0, 80.7, 85.7, 95.1, 102.7, 109.4},
	}
	refWeight = [2][]float64{
		{3.3, 4.5, 5.6, 6.4, 7.9, 8.9, 9.6, 10.9, 12.2, 14.3, 16.3, 18.3},
		{3.2, 4.2, 5.1, 5.8, 7.3, 8.2, 8.9, 10.2, 11.5, 13.9, 16.1, 18.2},
	}
)

func interp(xs, ys []float64, x float64) float64 {
	for i := 1; i < len(xs); i++ {
		if x <= xs[i] {
			f := (x - xs[i-1]) / (xs[i] - xs[i-1])
			return ys[i-1] + f*(ys[i]-ys[i-1])
		}
	}
	return ys[len(ys)-1]
}

func sexString(s byte) string {
	if s == 'p' {
		return "p"
	}
	return "l"
}

func (g *generator) lenhei(sex byte, days int, z float64) float64 {
	if g.cfg.Growth != nil {
		if v, ok := g.cfg.Growth.Value("lenhei", sexString(sex), days, z); ok {
			return v
		}
	}
	s := 0
	if sex == 'p' {
		s = 1
	}
	return interp(refMonths, refLen[s], float64(days)/30.4375) * (1 + 0.038*z)
}

func (g *generator) weight(sex byte, days int, z float64) float64 {
	if g.cfg.Growth != nil {
		if v, ok := g.cfg.Growth.Value("weight", sexString(sex), days, z); ok {
			return v
		}
	}
	s := 0
	if sex == 'p' {
		s = 1
	}
	return interp(refMonths, refWeight[s], float64(days)/30.4375) * math.Exp(0.12*z)
}
