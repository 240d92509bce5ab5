package indicator

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"kampungkb"
)

// DefaultVersion is the version of the documented default rule set
// (rules/2021.1.json): the definitions of formats.md "Programme indicators".
const DefaultVersion = "2021.1"

// RuleSet holds every threshold and code list the indicators depend on, so
// that a change of definition (such as the 2024 KRS screening) is a new
// JSON file under rules/ with its own effective date, not a code edit
// (domain.md §11.3). A RuleSet is read-only once loaded.
type RuleSet struct {
	Version       string         `json:"version"`
	EffectiveFrom kampungkb.Date `json:"effective_from"`
	Title         string         `json:"title"`
	Sources       []string       `json:"sources"`

	PUS PUSRule `json:"pus"`

	ModernMethods []string `json:"modern_methods"`
	MKJPMethods   []string `json:"mkjp_methods"`
	UnmetReasons  []string `json:"unmet_reasons"`
	DecentWater   []string `json:"decent_water"`
	RiskyToilets  []string `json:"risky_toilets"`

	FourT FourT `json:"four_t"`

	// EarlyMarriageBelowAge: marriage_age below it is early (UU 16/2019: 19).
	EarlyMarriageBelowAge int `json:"early_marriage_below_age"`

	// ChildMonths is the age window of children_0_59m in completed calendar months.
	ChildMonths struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"child_months"`

	Stunting struct {
		// WindowMonths: a deciding measurement is dated within
		// [at − WindowMonths calendar months, at].
		WindowMonths int `json:"window_months"`
		// ZBelow: stunted when the length/height-for-age z rounded to
		// 2 decimals is below it (Permenkes 2/2020: −2).
		ZBelow float64 `json:"z_below"`
	} `json:"stunting"`

	KRSExtra KRSExtra `json:"krs_extra"`

	modern, mkjp, unmet, water, toilet map[string]bool
	poor                               map[int]bool
}

// PUSRule says who is a PUS: sex, marital status and age in completed years.
type PUSRule struct {
	Sex           string `json:"sex"`
	MaritalStatus string `json:"marital_status"`
	MinAge        int    `json:"min_age"`
	MaxAge        int    `json:"max_age"`
}

// FourT holds the 4 Terlalu thresholds (domain.md §2.8), applied to a
// family's PUS: muda age < MudaBelowAge; tua TuaAboveAge < age ≤ TuaMaxAge
// (TuaMaxAge 0: no upper bound); dekat fewer than DekatBelowMonths completed
// months since last_birth_date; banyak children_born > BanyakAboveChildren.
type FourT struct {
	MudaBelowAge        int `json:"muda_below_age"`
	TuaAboveAge         int `json:"tua_above_age"`
	TuaMaxAge           int `json:"tua_max_age"`
	DekatBelowMonths    int `json:"dekat_below_months"`
	BanyakAboveChildren int `json:"banyak_above_children"`
}

// KRSExtra are optional KRS risk factors, off in the default rule set
// (domain.md §1.18 items 4 and 5): a target family with a PUS not using a
// modern method (2024 screening), and a welfare decile in PovertyDeciles.
type KRSExtra struct {
	PUSNotModern   bool  `json:"pus_not_modern"`
	PovertyDeciles []int `json:"poverty_deciles"`
}

// Parse reads and validates one rule set in the JSON format of rules/*.json.
// Unknown fields are refused so that a misspelt threshold cannot silently
// fall back to zero.
func Parse(data []byte) (*RuleSet, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rs RuleSet
	if err := dec.Decode(&rs); err != nil {
		return nil, fmt.Errorf("rule set: %w", err)
	}
	if err := rs.Validate(); err != nil {
		return nil, err
	}
	rs.index()
	return &rs, nil
}

// Validate checks that the rule set is complete and consistent: known
// codes, MKJP methods among the modern ones, sane ages and windows.
func (rs *RuleSet) Validate() error {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if strings.TrimSpace(rs.Version) == "" {
		bad("version is empty")
	}
	if rs.EffectiveFrom.IsZero() {
		bad("effective_from is empty")
	}
	if len(rs.Sources) == 0 {
		bad("sources are empty: every rule set cites its sources")
	}
	if rs.PUS.Sex != "l" && rs.PUS.Sex != "p" {
		bad("pus.sex %q is not l or p", rs.PUS.Sex)
	}
	if !kampungkb.MaritalStatuses.Has(rs.PUS.MaritalStatus) {
		bad("pus.marital_status %q is not a marital status", rs.PUS.MaritalStatus)
	}
	if rs.PUS.MinAge < 0 || rs.PUS.MaxAge < rs.PUS.MinAge || rs.PUS.MaxAge > 120 {
		bad("pus ages %d–%d are not a valid range", rs.PUS.MinAge, rs.PUS.MaxAge)
	}
	checkList := func(field string, list kampungkb.CodeList, codes []string, required bool) {
		if required && len(codes) == 0 {
			bad("%s is empty", field)
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if !list.Has(c) {
				bad("%s: %q is not a %s code", field, c, list.Name)
			}
			if seen[c] {
				bad("%s: %q is listed twice", field, c)
			}
			seen[c] = true
		}
	}
	checkList("modern_methods", kampungkb.KBMethods, rs.ModernMethods, true)
	checkList("mkjp_methods", kampungkb.KBMethods, rs.MKJPMethods, true)
	checkList("unmet_reasons", kampungkb.KBReasons, rs.UnmetReasons, true)
	checkList("decent_water", kampungkb.WaterSources, rs.DecentWater, true)
	checkList("risky_toilets", kampungkb.Toilets, rs.RiskyToilets, true)
	for _, r := range rs.UnmetReasons {
		// The report has one column per reason: unmet_iat and unmet_tial.
		if r != "iat" && r != "tial" {
			bad("unmet_reasons: %q has no column (only iat and tial)", r)
		}
	}
	for _, m := range rs.MKJPMethods {
		if !slices.Contains(rs.ModernMethods, m) {
			bad("mkjp_methods: %q is not among modern_methods", m)
		}
	}
	t := rs.FourT
	if t.MudaBelowAge <= rs.PUS.MinAge || t.MudaBelowAge > rs.PUS.MaxAge+1 {
		bad("four_t.muda_below_age %d is outside the PUS ages", t.MudaBelowAge)
	}
	if t.TuaAboveAge < rs.PUS.MinAge || t.TuaAboveAge >= rs.PUS.MaxAge {
		bad("four_t.tua_above_age %d is outside the PUS ages", t.TuaAboveAge)
	}
	if t.TuaMaxAge != 0 && t.TuaMaxAge <= t.TuaAboveAge {
		bad("four_t.tua_max_age %d is not above tua_above_age %d", t.TuaMaxAge, t.TuaAboveAge)
	}
	if t.DekatBelowMonths <= 0 {
		bad("four_t.dekat_below_months must be positive")
	}
	if t.BanyakAboveChildren <= 0 {
		bad("four_t.banyak_above_children must be positive")
	}
	if rs.EarlyMarriageBelowAge <= 0 || rs.EarlyMarriageBelowAge > 30 {
		bad("early_marriage_below_age %d is not plausible", rs.EarlyMarriageBelowAge)
	}
	// WHO 2006 length/height-for-age exists below 60 months (who-algorithm.md §3).
	if rs.ChildMonths.Min < 0 || rs.ChildMonths.Max < rs.ChildMonths.Min || rs.ChildMonths.Max > 59 {
		bad("child_months %d–%d is not within 0–59", rs.ChildMonths.Min, rs.ChildMonths.Max)
	}
	if rs.Stunting.WindowMonths <= 0 || rs.Stunting.WindowMonths > 60 {
		bad("stunting.window_months %d is not within 1–60", rs.Stunting.WindowMonths)
	}
	if rs.Stunting.ZBelow >= 0 || rs.Stunting.ZBelow < -6 {
		bad("stunting.z_below %v is not within [−6, 0)", rs.Stunting.ZBelow)
	}
	for _, d := range rs.KRSExtra.PovertyDeciles {
		if d < 1 || d > 10 {
			bad("krs_extra.poverty_deciles: %d is not a decile 1–10", d)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("rule set %q: %s", rs.Version, strings.Join(errs, "; "))
	}
	return nil
}

func (rs *RuleSet) index() {
	set := func(codes []string) map[string]bool {
		m := make(map[string]bool, len(codes))
		for _, c := range codes {
			m[c] = true
		}
		return m
	}
	rs.modern = set(rs.ModernMethods)
	rs.mkjp = set(rs.MKJPMethods)
	rs.unmet = set(rs.UnmetReasons)
	rs.water = set(rs.DecentWater)
	rs.toilet = set(rs.RiskyToilets)
	rs.poor = map[int]bool{}
	for _, d := range rs.KRSExtra.PovertyDeciles {
		rs.poor[d] = true
	}
}

// Versions are rule sets ordered by effective date, oldest first.
type Versions []*RuleSet

// Load reads every *.json file at the top of fsys as a rule set. It refuses
// invalid files, a file whose name is not its version, and two versions
// effective on the same date.
func Load(fsys fs.FS) (Versions, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	var vs Versions
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		rs, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); rs.Version != want {
			return nil, fmt.Errorf("%s: version %q does not match the file name", name, rs.Version)
		}
		vs = append(vs, rs)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("no rule sets (*.json) found")
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].EffectiveFrom.Before(vs[j].EffectiveFrom) })
	for i := 1; i < len(vs); i++ {
		if vs[i].EffectiveFrom == vs[i-1].EffectiveFrom {
			return nil, fmt.Errorf("rule sets %q and %q are both effective from %s", vs[i-1].Version, vs[i].Version, vs[i].EffectiveFrom)
		}
	}
	return vs, nil
}

// For returns the rule set effective on d: the latest whose EffectiveFrom
// is on or before d. Dates before the earliest version get the earliest, so
// that historical reports always have definitions.
func (vs Versions) For(d kampungkb.Date) *RuleSet {
	chosen := vs[0]
	for _, rs := range vs[1:] {
		if !rs.EffectiveFrom.After(d) {
			chosen = rs
		}
	}
	return chosen
}

// Version returns the rule set with the given version.
func (vs Versions) Version(v string) (*RuleSet, bool) {
	for _, rs := range vs {
		if rs.Version == v {
			return rs, true
		}
	}
	return nil, false
}

//go:embed rules/*.json
var rulesFS embed.FS

var builtin = func() Versions {
	sub, err := fs.Sub(rulesFS, "rules")
	if err != nil {
		panic(err)
	}
	vs, err := Load(sub)
	if err != nil {
		panic("indicator: embedded rules: " + err.Error())
	}
	if _, ok := vs.Version(DefaultVersion); !ok {
		panic("indicator: default rule set " + DefaultVersion + " is missing")
	}
	return vs
}()

// Builtin returns the rule sets embedded from rules/*.json.
func Builtin() Versions { return builtin }

// Default returns the documented default rule set, DefaultVersion
// (rules/2021.1.json): PUS = women kawin 15–49 (domain.md §2.1); modern
// methods per SDG 3.7.1 and MKJP = IUD, MOW, MOP, implant (§1.13, §2.2);
// unmet need (IAT + TIAL) / PUS (§1.14, §2.3); KRS target families and
// risk factors water, toilet and 4T (§1.18, §2.7) with 4T muda < 20, tua
// 35 < age ≤ 40, dekat < 24 months, banyak > 3 (§2.8); early marriage
// below 19 (UU 16/2019, §2.9); stunting z < −2 (Permenkes 2/2020, §2.10).
func Default() *RuleSet {
	rs, _ := builtin.Version(DefaultVersion)
	return rs
}

// For returns the built-in rule set effective on d.
func For(d kampungkb.Date) *RuleSet { return builtin.For(d) }
