package indicator_test

import (
	"testing"

	"kampungkb"
	"kampungkb/indicator"
)

func TestClassBands(t *testing.T) {
	r := indicator.DefaultClassRules()
	full := &kampungkb.Profile{PokjaExists: true, PokjaMembers: 20, PokjaTrained: 5, PKBAssigned: true,
		Regulations: []string{"desa"}, Funding: []string{"apbn", "apbd", "dana_desa", "csr", "swadaya"},
		Programs:   []string{"bkb", "bkr", "bkl", "uppka", "pikr", "sekretariat", "rumah_dataku"},
		DataUses:   []string{"pk", "rutin_bkkbn", "potensi_desa", "sektoral"},
		Mechanisms: []kampungkb.Mechanism{{Code: "rapat_perencanaan"}, {Code: "rapat_koordinasi"}, {Code: "sosialisasi"}, {Code: "monev"}, {Code: "laporan"}}}
	good := &indicator.Counts{PUS: 100, PUSKB: 60, MKJP: 20, UnmetIAT: 3, UnmetTIAL: 2}
	p := 35.0
	insts := []string{"9", "19", "22", "27", "28", "30", "32", "26", "34"}
	c := r.Classify(indicator.ClassInput{Profile: full, Institutions: insts, Counts: good, PoktanParticipation: &p})
	if c.Input != 3.6 || c.Process != 4 || c.Output != 4 || c.Class != indicator.ClassBerkelanjutan {
		t.Errorf("full: %+v", c)
	}
	for _, s := range c.Scores {
		if s.Key == "cross_sector" && (s.Score != 4 || s.Value != "7 instansi") {
			t.Errorf("cross-sector excludes 26 and 34: %+v", s)
		}
	}
	// no profile, no activities, no family data: everything 1 → Dasar
	none := r.Classify(indicator.ClassInput{})
	if none.Input != 1 || none.Process != 1 || none.Output != 1 || none.Class != indicator.ClassDasar || len(none.Scores) != 12 {
		t.Errorf("empty: %+v", none)
	}
	// input and process but weak output → Berkembang
	weak := &indicator.Counts{PUS: 100, PUSKB: 20, MKJP: 1, UnmetIAT: 20}
	if c := r.Classify(indicator.ClassInput{Profile: full, Institutions: insts, Counts: weak}); c.Class != indicator.ClassBerkembang {
		t.Errorf("weak output: %+v", c)
	}
	// output and input, weak process → Mandiri
	thin := *full
	thin.DataUses, thin.Mechanisms = nil, nil
	if c := r.Classify(indicator.ClassInput{Profile: &thin, Counts: good, PoktanParticipation: &p}); c.Class != indicator.ClassMandiri {
		t.Errorf("input+output: %+v", c)
	}
}

func TestClassUnmetAndCPRBands(t *testing.T) {
	r := indicator.DefaultClassRules()
	score := func(key string, c indicator.Counts) int {
		for _, s := range r.Classify(indicator.ClassInput{Counts: &c}).Scores {
			if s.Key == key {
				return s.Score
			}
		}
		return 0
	}
	for _, c := range []struct {
		key  string
		num  int
		want int
	}{
		{"unmet", 6, 4}, {"unmet", 7, 3}, {"unmet", 9, 3}, {"unmet", 10, 2}, {"unmet", 12, 2}, {"unmet", 13, 1},
		{"cpr", 29, 1}, {"cpr", 30, 2}, {"cpr", 40, 2}, {"cpr", 41, 3}, {"cpr", 50, 3}, {"cpr", 51, 4},
	} {
		counts := indicator.Counts{PUS: 100}
		if c.key == "unmet" {
			counts.UnmetIAT = c.num
		} else {
			counts.PUSKB = c.num
		}
		if got := score(c.key, counts); got != c.want {
			t.Errorf("%s %d %%: score %d, want %d", c.key, c.num, got, c.want)
		}
	}
	// 12.4 % rounds to 12 (score 2), 12.5 % to 13 (score 1)
	if got := score("unmet", indicator.Counts{PUS: 1000, UnmetIAT: 124}); got != 2 {
		t.Errorf("unmet 12.4 %%: %d", got)
	}
	if got := score("unmet", indicator.Counts{PUS: 1000, UnmetIAT: 125}); got != 1 {
		t.Errorf("unmet 12.5 %%: %d", got)
	}
}

func TestParseClassRulesRefusesBadBands(t *testing.T) {
	for _, bad := range []string{
		`{"version":"x","effective_from":"2021-01-01","threshold":3,"bands":{}}`,
		`{"version":"x","effective_from":"2021-01-01","threshold":3,"bands":{"funding":[{"max":1,"score":2}]},"extra":1}`,
	} {
		if _, err := indicator.ParseClassRules([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
