package indicator

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"kampungkb"
)

// Kampung KB classification (domain.md §1.2, §2.6): the portal's input,
// process and output indices, each the mean of 1–4 scores, and the class
// Dasar, Berkembang, Mandiri or Berkelanjutan. The bands are a versioned
// rule set (classes/<version>.json, domain.md §11.3); the default follows
// the portal's kampung.sql with the intended rule: institutions 26 (OPD-KB)
// and 34 (Perwakilan BKKBN) are left out of the cross-sector count (the
// portal's query filters the wrong column, so it never excluded them).

//go:embed classes/*.json
var classFiles embed.FS

// The classes, from the lowest.
const (
	ClassDasar         = "dasar"
	ClassBerkembang    = "berkembang"
	ClassMandiri       = "mandiri"
	ClassBerkelanjutan = "berkelanjutan"
)

// Classes lists the classes with their labels (domain.md §1.2).
var Classes = kampungkb.CodeList{Name: "kampung_class", Title: "Klasifikasi Kampung KB", Items: []kampungkb.Code{
	{Code: ClassDasar, Label: "Dasar"},
	{Code: ClassBerkembang, Label: "Berkembang"},
	{Code: ClassMandiri, Label: "Mandiri"},
	{Code: ClassBerkelanjutan, Label: "Berkelanjutan"},
}}

// Band gives Score to values up to Max (no Max: every larger value).
type Band struct {
	Max   *float64 `json:"max"`
	Score int      `json:"score"`
}

// ClassRules is a version of the classification's bands.
type ClassRules struct {
	Version              string            `json:"version"`
	EffectiveFrom        kampungkb.Date    `json:"effective_from"`
	Title                string            `json:"title"`
	Sources              []string          `json:"sources"`
	ExcludedInstitutions []string          `json:"excluded_institutions"`
	Bands                map[string][]Band `json:"bands"`
	Threshold            float64           `json:"threshold"`
}

// classIndicators are the scored indicators in index order.
var classIndicators = []struct{ key, index, label, source string }{
	{"pokja", "input", "Pokja", "profil: Pokja ada, anggota, anggota terlatih"},
	{"funding", "input", "Sumber dana", "profil: jumlah sumber dana"},
	{"poktan", "input", "Poktan", "profil: jumlah poktan/program (tanpa Sekretariat dan Rumah DataKu)"},
	{"sarana", "input", "Sarana", "profil: Sekretariat KKB dan Rumah DataKu"},
	{"pkb_regulation", "input", "PKB/PLKB dan regulasi", "profil: PKB/PLKB pendamping dan regulasi"},
	{"data_use", "process", "Penggunaan data", "profil: jumlah jenis data yang dipakai"},
	{"mechanisms", "process", "Mekanisme operasional", "profil: jumlah mekanisme yang dijalankan (dari 5)"},
	{"cross_sector", "process", "Lintas sektor", "kegiatan: instansi berbeda yang terlibat, tanpa OPD-KB (26) dan Perwakilan BKKBN (34)"},
	{"poktan_participation", "output", "Partisipasi poktan", "data bulanan poktan (§2.5); belum dicatat di sistem ini"},
	{"cpr", "output", "CPR", "indikator keluarga: peserta KB / PUS"},
	{"mkjp", "output", "MKJP", "indikator keluarga: peserta MKJP / peserta KB"},
	{"unmet", "output", "Unmet need", "indikator keluarga: (IAT + TIAL) / PUS"},
}

// ParseClassRules reads and checks a classification rule set.
func ParseClassRules(data []byte) (*ClassRules, error) {
	var r ClassRules
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if r.Version == "" || r.EffectiveFrom.IsZero() || r.Threshold <= 0 {
		return nil, fmt.Errorf("klasifikasi: version, effective_from dan threshold wajib")
	}
	for _, ind := range classIndicators {
		if ind.key == "pokja" {
			continue
		}
		bands := r.Bands[ind.key]
		if len(bands) == 0 || bands[len(bands)-1].Max != nil {
			return nil, fmt.Errorf("klasifikasi %s: pita %s harus diakhiri pita tanpa max", r.Version, ind.key)
		}
		for i := 1; i < len(bands)-1; i++ {
			if *bands[i].Max <= *bands[i-1].Max {
				return nil, fmt.Errorf("klasifikasi %s: pita %s tidak naik", r.Version, ind.key)
			}
		}
		for _, b := range bands {
			if b.Score < 1 || b.Score > 4 {
				return nil, fmt.Errorf("klasifikasi %s: skor %s di luar 1–4", r.Version, ind.key)
			}
		}
	}
	return &r, nil
}

// DefaultClassRules returns the built-in default classification rules.
func DefaultClassRules() *ClassRules {
	data, err := classFiles.ReadFile("classes/2021.1.json")
	if err != nil {
		panic(err)
	}
	r, err := ParseClassRules(data)
	if err != nil {
		panic(err)
	}
	return r
}

// ClassInput is what a Kampung KB's class is computed from: its current
// profile snapshot (nil when none), the institutions of its activities
// (portal codes, including the partners' mapped institutions), its
// indicator counts (nil when no family data) and the poktan participation
// in percent (nil when not recorded).
type ClassInput struct {
	Profile             *kampungkb.Profile
	Institutions        []string
	Counts              *Counts
	PoktanParticipation *float64
}

// Score is one scored indicator, with where its value came from.
type Score struct {
	Key    string `json:"key"`
	Index  string `json:"index"` // input, process, output
	Label  string `json:"label"`
	Value  string `json:"value"`
	Score  int    `json:"score"`
	Source string `json:"source"`
}

// Classification is a Kampung KB's class with every score.
type Classification struct {
	Class   string  `json:"class"`
	Input   float64 `json:"input"`
	Process float64 `json:"process"`
	Output  float64 `json:"output"`
	Scores  []Score `json:"scores"`
	Version string  `json:"version"`
}

func (r *ClassRules) band(key string, v float64) int {
	for _, b := range r.Bands[key] {
		if b.Max == nil || v <= *b.Max {
			return b.Score
		}
	}
	return 1
}

// Classify computes the class of a Kampung KB.
func (r *ClassRules) Classify(in ClassInput) Classification {
	c := Classification{Version: r.Version}
	p := in.Profile
	add := func(key, value string, score int) {
		for _, ind := range classIndicators {
			if ind.key == key {
				c.Scores = append(c.Scores, Score{Key: key, Index: ind.index, Label: ind.label, Value: value, Score: score, Source: ind.source})
			}
		}
	}
	count := func(key string, n int, unit string) {
		add(key, fmt.Sprintf("%d %s", n, unit), r.band(key, float64(n)))
	}
	if p == nil {
		for _, key := range []string{"pokja", "funding", "poktan", "sarana", "pkb_regulation", "data_use", "mechanisms"} {
			add(key, "belum ada profil", 1)
		}
	} else {
		pokja := 1
		switch {
		case p.PokjaExists && p.PokjaMembers > 0 && p.PokjaTrained > 0:
			pokja = 4
		case p.PokjaExists && (p.PokjaMembers > 0 || p.PokjaTrained > 0):
			pokja = 3
		case p.PokjaExists:
			pokja = 2
		}
		add("pokja", fmt.Sprintf("ada: %v, anggota %d, terlatih %d", p.PokjaExists, p.PokjaMembers, p.PokjaTrained), pokja)
		count("funding", len(p.Funding), "sumber")
		poktan, sarana := 0, 0
		for _, code := range p.Programs {
			if kampungkb.IsFacility(code) {
				sarana++
			} else {
				poktan++
			}
		}
		count("poktan", poktan, "poktan/program")
		count("sarana", sarana, "sarana")
		pr := 0
		if p.PKBAssigned {
			pr++
		}
		if p.HasRegulation() {
			pr++
		}
		count("pkb_regulation", pr, "dari 2")
		count("data_use", len(p.DataUses), "jenis data")
		count("mechanisms", len(p.Mechanisms), "dari 5")
	}
	seen := map[string]bool{}
	for _, inst := range in.Institutions {
		if !slices.Contains(r.ExcludedInstitutions, inst) {
			seen[inst] = true
		}
	}
	count("cross_sector", len(seen), "instansi")
	if in.PoktanParticipation == nil {
		add("poktan_participation", "belum ada data", 1)
	} else {
		v := math.Round(*in.PoktanParticipation)
		add("poktan_participation", fmt.Sprintf("%.0f %%", v), r.band("poktan_participation", v))
	}
	pct := func(key string, pc Percent) {
		if pc.Den == 0 {
			add(key, "belum ada data", 1)
			return
		}
		v := math.Round(float64(pc.Num) * 100 / float64(pc.Den))
		add(key, fmt.Sprintf("%.0f %% (%d/%d)", v, pc.Num, pc.Den), r.band(key, v))
	}
	if in.Counts == nil {
		for _, key := range []string{"cpr", "mkjp", "unmet"} {
			add(key, "belum ada data keluarga", 1)
		}
	} else {
		pct("cpr", in.Counts.CPR())
		pct("mkjp", in.Counts.MKJPShare())
		pct("unmet", in.Counts.Unmet())
	}
	mean := func(index string) float64 {
		sum, n := 0, 0
		for _, s := range c.Scores {
			if s.Index == index {
				sum += s.Score
				n++
			}
		}
		return math.Round(float64(sum)/float64(n)*100) / 100
	}
	c.Input, c.Process, c.Output = mean("input"), mean("process"), mean("output")
	c.Class = r.classOf(c.Input, c.Process, c.Output)
	return c
}

// classOf applies the portal's order of rules (domain.md §2.6).
func (r *ClassRules) classOf(input, process, output float64) string {
	t := r.Threshold
	in, pr, out := input >= t, process >= t, output >= t
	n := 0
	for _, b := range []bool{in, pr, out} {
		if b {
			n++
		}
	}
	switch {
	case n <= 1:
		return ClassDasar
	case in && pr && !out:
		return ClassBerkembang
	case n == 3:
		return ClassBerkelanjutan
	}
	return ClassMandiri // output and one of input/process
}
