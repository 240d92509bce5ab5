package indicator

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"kampungkb"
)

// withExtra returns a copy of the default rule set with the optional KRS
// factors set, parsed (and so validated and indexed) like a file.
func withExtra(tb testing.TB, pusNotModern bool, deciles []int) *RuleSet {
	tb.Helper()
	cp := *Default()
	cp.Version = "test-2024"
	cp.EffectiveFrom = kampungkb.MustDate("2024-12-01")
	cp.KRSExtra = KRSExtra{PUSNotModern: pusNotModern, PovertyDeciles: deciles}
	return mustParse(tb, mustJSON(tb, &cp))
}

func mustJSON(tb testing.TB, rs *RuleSet) []byte {
	tb.Helper()
	b, err := json.Marshal(rs)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustParse(tb testing.TB, b []byte) *RuleSet {
	tb.Helper()
	rs, err := Parse(b)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

func TestDefault(t *testing.T) {
	rs := Default()
	if rs.Version != DefaultVersion || rs.EffectiveFrom.String() != "2021-01-01" {
		t.Fatalf("default = %s from %s", rs.Version, rs.EffectiveFrom)
	}
	// The default must be exactly formats.md "Programme indicators".
	if rs.PUS != (PUSRule{Sex: "p", MaritalStatus: "kawin", MinAge: 15, MaxAge: 49}) {
		t.Errorf("PUS = %+v", rs.PUS)
	}
	if rs.FourT != (FourT{MudaBelowAge: 20, TuaAboveAge: 35, TuaMaxAge: 40, DekatBelowMonths: 24, BanyakAboveChildren: 3}) {
		t.Errorf("4T = %+v", rs.FourT)
	}
	eq := func(name string, got []string, want string) {
		if strings.Join(got, ",") != want {
			t.Errorf("%s = %v, want %s", name, got, want)
		}
	}
	eq("modern", rs.ModernMethods, "iud,mow,mop,implan,suntik,pil,kondom,mal")
	eq("mkjp", rs.MKJPMethods, "iud,mow,mop,implan")
	eq("unmet", rs.UnmetReasons, "iat,tial")
	eq("water", rs.DecentWater, "kemasan,ledeng,sumur_bor,sumur_terlindungi")
	eq("toilets", rs.RiskyToilets, "tanpa_septik,tidak_ada")
	if rs.EarlyMarriageBelowAge != 19 || rs.ChildMonths.Min != 0 || rs.ChildMonths.Max != 59 ||
		rs.Stunting.WindowMonths != 6 || rs.Stunting.ZBelow != -2 {
		t.Errorf("early %d, child %+v, stunting %+v", rs.EarlyMarriageBelowAge, rs.ChildMonths, rs.Stunting)
	}
	if rs.KRSExtra.PUSNotModern || len(rs.KRSExtra.PovertyDeciles) != 0 {
		t.Errorf("default has extra KRS factors: %+v", rs.KRSExtra)
	}
	for _, s := range rs.Sources {
		if !strings.Contains(s, ".md") {
			t.Errorf("source %q cites no document section", s)
		}
	}
	if For(kampungkb.MustDate("2025-07-15")) == nil || For(kampungkb.MustDate("2000-01-01")) != Builtin()[0] {
		t.Error("For does not fall back to the earliest rule set")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*RuleSet)
		want   string
	}{
		{"no version", func(r *RuleSet) { r.Version = "" }, "version is empty"},
		{"no date", func(r *RuleSet) { r.EffectiveFrom = kampungkb.Date{} }, "effective_from"},
		{"no sources", func(r *RuleSet) { r.Sources = nil }, "sources"},
		{"bad sex", func(r *RuleSet) { r.PUS.Sex = "w" }, "pus.sex"},
		{"bad status", func(r *RuleSet) { r.PUS.MaritalStatus = "nikah" }, "pus.marital_status"},
		{"ages reversed", func(r *RuleSet) { r.PUS.MinAge, r.PUS.MaxAge = 49, 15 }, "pus ages"},
		{"unknown method", func(r *RuleSet) { r.ModernMethods = append(r.ModernMethods, "diafragma") }, "not a kb_method"},
		{"duplicate method", func(r *RuleSet) { r.ModernMethods = append(r.ModernMethods, "pil") }, "twice"},
		{"MKJP not modern", func(r *RuleSet) { r.ModernMethods = []string{"pil"} }, "not among modern"},
		{"no MKJP", func(r *RuleSet) { r.MKJPMethods = nil }, "mkjp_methods is empty"},
		{"unknown reason", func(r *RuleSet) { r.UnmetReasons = []string{"iad"} }, "kb_reason"},
		{"reason without column", func(r *RuleSet) { r.UnmetReasons = []string{"ias"} }, "has no column"},
		{"unknown water", func(r *RuleSet) { r.DecentWater = []string{"pam"} }, "water_source"},
		{"unknown toilet", func(r *RuleSet) { r.RiskyToilets = []string{"cemplung"} }, "toilet"},
		{"muda out of range", func(r *RuleSet) { r.FourT.MudaBelowAge = 10 }, "muda_below_age"},
		{"tua band empty", func(r *RuleSet) { r.FourT.TuaMaxAge = 30 }, "tua_max_age"},
		{"dekat zero", func(r *RuleSet) { r.FourT.DekatBelowMonths = 0 }, "dekat_below_months"},
		{"banyak zero", func(r *RuleSet) { r.FourT.BanyakAboveChildren = 0 }, "banyak_above_children"},
		{"early marriage zero", func(r *RuleSet) { r.EarlyMarriageBelowAge = 0 }, "early_marriage"},
		{"child over 59 months", func(r *RuleSet) { r.ChildMonths.Max = 60 }, "child_months"},
		{"window zero", func(r *RuleSet) { r.Stunting.WindowMonths = 0 }, "window_months"},
		{"positive z cut-off", func(r *RuleSet) { r.Stunting.ZBelow = 2 }, "z_below"},
		{"decile 11", func(r *RuleSet) { r.KRSExtra.PovertyDeciles = []int{11} }, "decile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp := *Default()
			cp.ModernMethods = append([]string(nil), cp.ModernMethods...)
			tt.change(&cp)
			_, err := Parse(mustJSON(t, &cp))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	// The default itself is valid, and survives a round trip.
	if got := mustParse(t, mustJSON(t, Default())); got.Version != DefaultVersion {
		t.Error(got.Version)
	}
}

func TestParseRefusesUnknownFields(t *testing.T) {
	b := mustJSON(t, Default())
	b = []byte(strings.Replace(string(b), `"four_t":{`, `"four_t":{"tua_abov_age":36,`, 1))
	if _, err := Parse(b); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("err = %v", err)
	}
}

func TestLoadAndFor(t *testing.T) {
	v2024 := withExtra(t, true, nil)
	v2024.Version = "2024.1"
	fsys := fstest.MapFS{
		"2021.1.json": {Data: mustJSON(t, Default())},
		"2024.1.json": {Data: mustJSON(t, v2024)},
	}
	vs, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ date, want string }{
		{"2019-01-01", "2021.1"},
		{"2021-01-01", "2021.1"},
		{"2024-11-30", "2021.1"},
		{"2024-12-01", "2024.1"},
		{"2026-11-28", "2024.1"},
	} {
		if got := vs.For(kampungkb.MustDate(tt.date)).Version; got != tt.want {
			t.Errorf("For(%s) = %s, want %s", tt.date, got, tt.want)
		}
	}
	if rs, _ := vs.Version("2024.1"); !rs.KRSExtra.PUSNotModern {
		t.Error("2024.1 lost its extra factor")
	}

	// A file whose name is not its version, and two versions on one date.
	bad := fstest.MapFS{"2024.2.json": {Data: mustJSON(t, v2024)}}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "file name") {
		t.Errorf("name mismatch: %v", err)
	}
	same := *v2024
	same.Version, same.EffectiveFrom = "2021.2", Default().EffectiveFrom
	dup := fstest.MapFS{"2021.1.json": {Data: mustJSON(t, Default())}, "2021.2.json": {Data: mustJSON(t, &same)}}
	if _, err := Load(dup); err == nil || !strings.Contains(err.Error(), "both effective") {
		t.Errorf("duplicate date: %v", err)
	}
	if _, err := Load(fstest.MapFS{}); err == nil {
		t.Error("empty directory accepted")
	}
	invalid := fstest.MapFS{"x.json": {Data: []byte(`{"version":"x"}`)}}
	if _, err := Load(invalid); err == nil || !strings.HasPrefix(err.Error(), "x.json: ") {
		t.Errorf("invalid: %v", err)
	}
}

func TestDefinitions(t *testing.T) {
	defs := Definitions()
	cols := Columns()
	if len(defs) != len(cols) {
		t.Fatalf("%d definitions for %d columns", len(defs), len(cols))
	}
	for i, d := range defs {
		if d.Column != cols[i] {
			t.Errorf("definition %d is %s, column %s", i, d.Column, cols[i])
		}
		if d.Title == "" || d.Definition == "" || d.Numerator == "" || d.Source == "" || d.RuleSet != DefaultVersion {
			t.Errorf("%s: incomplete %+v", d.Column, d)
		}
		if strings.HasSuffix(d.Column, "_pct") != (d.Denominator != "") {
			t.Errorf("%s: denominator %q", d.Column, d.Denominator)
		}
	}
	if d := defs[17]; !strings.Contains(d.Definition, "35 sampai 40") {
		t.Errorf("t_tua: %s", d.Definition)
	}
	if d := withExtra(t, true, []int{1, 2}).Definitions()[14]; !strings.Contains(d.Definition, "tidak ber-KB modern") || !strings.Contains(d.Definition, "[1 2]") {
		t.Errorf("krs with extra factors: %s", d.Definition)
	}
}

// TestDefinitionsMatchCounts checks that each percentage's documented
// numerator and denominator are the columns it is computed from.
func TestDefinitionsMatchCounts(t *testing.T) {
	r := newRand()
	for range 50 {
		c := randomCounts(r)
		for _, d := range Definitions() {
			p, isPct := c.Percent(d.Column)
			if _, isCount := c.Count(d.Column); isPct == isCount {
				t.Fatalf("%s is both or neither a count and a percentage", d.Column)
			}
			if !isPct {
				continue
			}
			num := 0
			for _, col := range strings.Split(d.Numerator, " + ") {
				n, ok := c.Count(col)
				if !ok {
					t.Fatalf("%s: numerator %q is not a count column", d.Column, col)
				}
				num += n
			}
			den, ok := c.Count(d.Denominator)
			if !ok || p.Num != num || p.Den != den {
				t.Fatalf("%s: computed %d/%d, documented %s / %s = %d/%d", d.Column, p.Num, p.Den, d.Numerator, d.Denominator, num, den)
			}
		}
	}
	if _, ok := (Counts{}).Count("nope"); ok {
		t.Error("unknown column found")
	}
	if _, ok := (Counts{}).Percent("pus"); ok {
		t.Error("pus is a percentage")
	}
}
