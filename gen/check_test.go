package gen_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/growth"
)

// summary holds what the checker counts while it validates the files.
type summary struct {
	members, under5                int
	pus, pusKB, pusPreg            int
	methods                        map[string]int
	reasons                        map[string]int
	married, early19               int
	families, waterKnown, waterNot int
	toiletKnown, toiletNot         int
	measuredChildren, stunted      int
	noNIK                          int
}

type memberInfo struct {
	sex   string
	birth time.Time
	ok    bool
}

// check validates the three files against formats.md codes and rules, and
// returns every problem as "FILE:LINE: column" plus the counts. tables,
// when set, scores the latest measurement of each child.
func check(fam, mem, mea []byte, villages map[string]bool, at time.Time, tables *growth.Tables) ([]string, summary) {
	var probs []string
	s := summary{methods: map[string]int{}, reasons: map[string]int{}}
	bad := func(file string, line int, col string) {
		probs = append(probs, fmt.Sprintf("%s:%d: %s", file, line, col))
	}
	read := func(b []byte, name string, want string) (map[string]int, [][]string) {
		r := csv.NewReader(bytes.NewReader(b))
		rows, err := r.ReadAll()
		if err != nil {
			probs = append(probs, name+": "+err.Error())
			return nil, nil
		}
		if len(rows) == 0 {
			probs = append(probs, name+": empty")
			return nil, nil
		}
		if strings.Join(rows[0], ",") != want {
			probs = append(probs, name+": header "+strings.Join(rows[0], ","))
		}
		idx := map[string]int{}
		for i, h := range rows[0] {
			idx[h] = i
		}
		return idx, rows[1:]
	}
	date := func(v string) (time.Time, bool) {
		t, err := time.Parse("2006-01-02", v)
		return t, err == nil
	}
	digits := func(v string, n int) bool {
		if len(v) != n {
			return false
		}
		for _, c := range v {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	decentWater := map[string]bool{"kemasan": true, "ledeng": true, "sumur_bor": true, "sumur_terlindungi": true}

	// families.csv
	fi, frows := read(fam, "families.csv", "family_id,no_kk,village_code,dusun,rw,rt,water_source,toilet,welfare_decile")
	families := map[string]bool{}
	for n, r := range frows {
		line := n + 2
		f := func(c string) string { return r[fi[c]] }
		if f("family_id") == "" || families[f("family_id")] {
			bad("families.csv", line, "family_id")
		}
		families[f("family_id")] = true
		if v := f("no_kk"); v != "" && (!digits(v, 16) || !strings.HasPrefix(v, "5203") && !strings.HasPrefix(v, strings.ReplaceAll(f("village_code"), ".", "")[:4])) {
			bad("families.csv", line, "no_kk")
		}
		if !villages[f("village_code")] {
			bad("families.csv", line, "village_code")
		}
		if v := f("water_source"); v != "" && !kampungkb.WaterSources.Has(v) {
			bad("families.csv", line, "water_source")
		} else if v != "" {
			s.waterKnown++
			if !decentWater[v] {
				s.waterNot++
			}
		}
		if v := f("toilet"); v != "" && !kampungkb.Toilets.Has(v) {
			bad("families.csv", line, "toilet")
		} else if v != "" {
			s.toiletKnown++
			if v == "tanpa_septik" || v == "tidak_ada" {
				s.toiletNot++
			}
		}
		if v := f("welfare_decile"); v != "" {
			if d, err := strconv.Atoi(v); err != nil || d < 1 || d > 10 {
				bad("families.csv", line, "welfare_decile")
			}
		}
		s.families++
	}

	// members.csv
	mi, mrows := read(mem, "members.csv", "family_id,member_no,nik,name,sex,birth_date,relation,marital_status,marriage_age,pregnant,children_born,last_birth_date,kb_method,kb_reason")
	members := map[string]memberInfo{}
	type mother struct {
		born     int
		last     time.Time
		hasLast  bool
		children int
		youngest time.Time
		ok       bool
	}
	mothers := map[string]*mother{}
	for n, r := range mrows {
		line := n + 2
		f := func(c string) string { return r[mi[c]] }
		fid := f("family_id")
		if !families[fid] {
			bad("members.csv", line, "family_id")
		}
		key := fid + "/" + f("member_no")
		if no, err := strconv.Atoi(f("member_no")); err != nil || no < 1 {
			bad("members.csv", line, "member_no")
		} else if _, dup := members[key]; dup {
			bad("members.csv", line, "member_no")
		}
		sex := f("sex")
		sexOK := sex == "l" || sex == "p"
		if !sexOK {
			bad("members.csv", line, "sex")
		}
		birth, birthOK := date(f("birth_date"))
		if !birthOK || birth.After(at) {
			bad("members.csv", line, "birth_date")
			birthOK = false
		}
		members[key] = memberInfo{sex: sex, birth: birth, ok: birthOK && sexOK}
		if v := f("nik"); v == "" {
			s.noNIK++
		} else if !digits(v, 16) {
			bad("members.csv", line, "nik")
		} else if birthOK && sexOK {
			dd := birth.Day()
			if sex == "p" {
				dd += 40
			}
			if v[6:12] != fmt.Sprintf("%02d%02d%02d", dd, int(birth.Month()), birth.Year()%100) || !strings.HasPrefix(v, "52") {
				bad("members.csv", line, "nik")
			}
		}
		if f("name") == "" {
			bad("members.csv", line, "name")
		}
		rel := f("relation")
		if !kampungkb.Relations.Has(rel) {
			bad("members.csv", line, "relation")
		}
		ms := f("marital_status")
		if !kampungkb.MaritalStatuses.Has(ms) {
			bad("members.csv", line, "marital_status")
		}
		age := kampungkb.AgeOn(kampungkb.DateOf(birth), kampungkb.DateOf(at))
		if v := f("marriage_age"); v != "" {
			if a, err := strconv.Atoi(v); err != nil || a < 10 || birthOK && a > age {
				bad("members.csv", line, "marriage_age")
			} else {
				s.married++
				if a < 19 {
					s.early19++
				}
			}
		}
		preg := f("pregnant")
		if preg != "" && preg != "y" && preg != "n" {
			bad("members.csv", line, "pregnant")
		}
		born := -1
		if v := f("children_born"); v != "" {
			if c, err := strconv.Atoi(v); err != nil || c < 0 {
				bad("members.csv", line, "children_born")
			} else {
				born = c
			}
		}
		last, hasLast := time.Time{}, false
		if v := f("last_birth_date"); v != "" {
			if last, hasLast = date(v); !hasLast || last.After(at) {
				bad("members.csv", line, "last_birth_date")
			}
		}
		kb, reason := f("kb_method"), f("kb_reason")
		kbOK := kb == "" || kampungkb.KBMethods.Has(kb)
		if !kbOK {
			bad("members.csv", line, "kb_method")
		}
		if reason != "" && !kampungkb.KBReasons.Has(reason) {
			bad("members.csv", line, "kb_reason")
		} else if kbOK && (kb != "" && reason != "" || (reason == "hamil") != (preg == "y")) {
			bad("members.csv", line, "kb_reason")
		}
		if birthOK {
			s.members++
			if kampungkb.MonthsOn(kampungkb.DateOf(birth), kampungkb.DateOf(at)) < 60 {
				s.under5++
			}
		}
		if sex == "p" && ms == "kawin" && birthOK && age >= 15 && age <= 49 {
			s.pus++
			if preg == "" {
				probs = append(probs, fmt.Sprintf("members.csv:%d: PUS without pregnant y/n", line))
			}
			if kb != "" {
				s.pusKB++
				s.methods[kb]++
			} else {
				s.reasons[reason]++
			}
			if preg == "y" {
				s.pusPreg++
			}
		}
		if sex == "p" && (rel == "istri" || rel == "kepala") && born >= 0 {
			mothers[fid] = &mother{born: born, last: last, hasLast: hasLast, ok: true}
		}
		if rel == "anak" && birthOK {
			if m := mothers[fid]; m != nil {
				m.children++
				if birth.After(m.youngest) {
					m.youngest = birth
				}
			}
		}
	}
	for fid, m := range mothers {
		if m.children > m.born || m.children > 0 && (!m.hasLast || m.last.Before(m.youngest)) {
			probs = append(probs, "members.csv: family "+fid+": children_born/last_birth_date inconsistent with the children")
		}
	}

	// measurements.csv
	xi, xrows := read(mea, "measurements.csv", "family_id,member_no,date,weight_kg,lenhei_cm,measure,oedema,posyandu")
	type latest struct {
		d    time.Time
		in   growth.Input
		skip bool
	}
	last := map[string]*latest{}
	for n, r := range xrows {
		line := n + 2
		f := func(c string) string { return r[xi[c]] }
		key := f("family_id") + "/" + f("member_no")
		m, ok := members[key]
		if !ok {
			bad("measurements.csv", line, "member_no")
		}
		d, dOK := date(f("date"))
		if !dOK || d.After(at) || ok && m.ok && d.Before(m.birth) {
			bad("measurements.csv", line, "date")
			dOK = false
		}
		w, err := strconv.ParseFloat(f("weight_kg"), 64)
		if err != nil || w <= 0 || w > 40 {
			bad("measurements.csv", line, "weight_kg")
		}
		l, err := strconv.ParseFloat(f("lenhei_cm"), 64)
		if err != nil || l < 35 || l > 130 {
			bad("measurements.csv", line, "lenhei_cm")
		}
		meas := f("measure")
		days := math.NaN()
		if ok && m.ok && dOK {
			days = d.Sub(m.birth).Hours() / 24
		}
		if meas != "l" && meas != "h" || !math.IsNaN(days) && (meas == "l") != (days < 731) {
			bad("measurements.csv", line, "measure")
		}
		if v := f("oedema"); v != "" && v != "y" && v != "n" {
			bad("measurements.csv", line, "oedema")
		}
		if ok && m.ok && dOK {
			sex := growth.Male
			if m.sex == "p" {
				sex = growth.Female
			}
			in := growth.Input{Sex: sex, Age: days, Weight: w, LenHei: l, Measure: growth.Measure(meas[0]),
				Oedema: f("oedema") == "y", HeadC: math.NaN(), ArmC: math.NaN(), TriSkin: math.NaN(), SubSkin: math.NaN()}
			if p := last[key]; p == nil || d.After(p.d) {
				last[key] = &latest{d: d, in: in}
			}
		}
	}
	if tables != nil {
		for _, p := range last {
			res := tables.Compute(p.in)
			if !res.Computed(growth.Len) || res.Flag[growth.Len] {
				continue
			}
			s.measuredChildren++
			if growth.Round2(res.Z[growth.Len]) < -2 {
				s.stunted++
			}
		}
	}
	return probs, s
}
