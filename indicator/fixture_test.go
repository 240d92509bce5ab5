package indicator

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kampungkb"
)

// readCSV reads a fixture file as one map per row, keyed by the header.
func readCSV(tb testing.TB, name string) []map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "fixture", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, col := range recs[0] {
			row[col] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func optInt(tb testing.TB, s string) *int {
	tb.Helper()
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Fatal(err)
	}
	return &n
}

func TestFixture(t *testing.T) {
	at := kampungkb.MustDate("2025-07-15")
	rs := For(at)
	if rs.Version != DefaultVersion {
		t.Fatalf("rule set %s", rs.Version)
	}

	var families []kampungkb.Family
	for _, r := range readCSV(t, "families.csv") {
		f := kampungkb.Family{FamilyID: r["family_id"], NoKK: r["no_kk"], VillageCode: r["village_code"],
			WaterSource: r["water_source"], Toilet: r["toilet"]}
		if d := optInt(t, r["welfare_decile"]); d != nil {
			f.WelfareDecile = *d
		}
		families = append(families, f)
	}
	members := map[string][]kampungkb.Member{}
	for _, r := range readCSV(t, "members.csv") {
		m := kampungkb.Member{FamilyID: r["family_id"], MemberNo: *optInt(t, r["member_no"]), NIK: r["nik"],
			Name: r["name"], Sex: r["sex"], BirthDate: kampungkb.MustDate(r["birth_date"]), Relation: r["relation"],
			MaritalStatus: r["marital_status"], MarriageAge: optInt(t, r["marriage_age"]),
			ChildrenBorn: optInt(t, r["children_born"]), LastBirthDate: kampungkb.MustDate(r["last_birth_date"]),
			KBMethod: r["kb_method"], KBReason: r["kb_reason"]}
		if p := r["pregnant"]; p != "" {
			b := p == "y"
			m.Pregnant = &b
		}
		members[m.FamilyID] = append(members[m.FamilyID], m)
	}
	measurements := map[string]map[int][]Measurement{}
	for _, r := range readCSV(t, "measurements.csv") {
		m := Measurement{Date: kampungkb.MustDate(r["date"]), FLen: r["flen"] == "1"}
		if r["zlen"] != "" {
			z, err := strconv.ParseFloat(r["zlen"], 64)
			if err != nil {
				t.Fatal(err)
			}
			m.ZLen = &z
		}
		no := *optInt(t, r["member_no"])
		if measurements[r["family_id"]] == nil {
			measurements[r["family_id"]] = map[int][]Measurement{}
		}
		measurements[r["family_id"]][no] = append(measurements[r["family_id"]][no], m)
	}

	// Per desa from families, then every higher level as the sum of its desa.
	desa := map[string]Counts{}
	areas := Areas{}
	for _, f := range families {
		c := rs.Family(f, members[f.FamilyID], measurements[f.FamilyID], at)
		desa[f.VillageCode] = desa[f.VillageCode].Add(c)
		areas.Add(f.VillageCode, c)
	}
	names := map[string]string{}
	for _, r := range readCSV(t, "regions.csv") {
		names[r["code"]] = r["name"]
	}
	area := func(code string) Counts {
		var c Counts
		for village, dc := range desa {
			if village == code || strings.HasPrefix(village, code+".") {
				c = c.Add(dc)
			}
		}
		return c
	}

	expected := readCSV(t, "expected.csv")
	if len(expected) != 7 {
		t.Fatalf("expected.csv has %d rows", len(expected))
	}
	header := Header()
	for _, want := range expected {
		code := want["code"]
		got := Row{Code: code, Name: names[code], Counts: area(code)}.Record()
		if area(code) != areas.Get(code) {
			t.Errorf("%s: Areas gives %+v, the sum of its desa %+v", code, areas.Get(code), area(code))
		}
		for i, col := range header {
			if got[i] != want[col] {
				t.Errorf("%s %s: got %q, want %q", code, col, got[i], want[col])
			}
		}
	}
	// A kabupaten is the sum of its kecamatan, which are the sums of their desa.
	if area("52.03") != area("52.03.13").Add(area("52.03.14")) {
		t.Error("kabupaten is not the sum of its kecamatan")
	}
}
