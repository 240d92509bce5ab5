package exchange_test

import (
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/exchange"
)

// FuzzReadFamilyFiles feeds the same arbitrary content to the three family
// data readers. They must not panic; what they pass on must be valid by
// the domain's rules; every problem names the file and a line.
// Run: go test -fuzz FuzzReadFamilyFiles ./exchange
func FuzzReadFamilyFiles(f *testing.F) {
	f.Add("family_id,village_code,no_kk,welfare_decile,water_source\nK1,5203132007,5203130101200001,3,ledeng\nK1,52.03.13.2007,,0,PAM\n")
	f.Add("family_id,member_no,nik,name,sex,birth_date,pregnant,marriage_age,kb_method,kb_reason\n" +
		"K1,1,5203134506950001,Siti,p,1995-06-05,y,18,,hamil\nK1,1,x,\"a\nb\",l,1995-02-30,ya,-1,pil,iat\n")
	f.Add("family_id,member_no,date,weight_kg,lenhei_cm,measure,oedema\nK1,1,2026-01-01,9.5,75,l,n\nK1,1,2026-01-01,\"9,5\",0,z,q\n")
	f.Add("\ufeff\"unterminated\n")
	f.Add("")
	today := kampungkb.MustDate("2026-11-28")
	member := func(fid string, no int) (kampungkb.Child, bool, error) {
		return kampungkb.Child{Name: "A", Sex: "p", BirthDate: kampungkb.MustDate("2025-01-01")}, fid == "K1" && no == 1, nil
	}
	opt := exchange.ReadOptions{Today: today, KnownVillage: func(c string) bool { return strings.HasPrefix(c, "52.03.") },
		KnownFamily: func(id string) bool { return id == "K1" }, Member: member}
	f.Fuzz(func(t *testing.T, content string) {
		check := func(rep *exchange.Report, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rep.Errors {
				if e.File != "f.csv" || e.Line < 1 || e.Problem == "" {
					t.Fatalf("row error without place: %+v", e)
				}
			}
		}
		rep, err := exchange.ReadFamilies(strings.NewReader(content), "f.csv", opt, func(fam *kampungkb.Family) error {
			if err := fam.Validate(); err != nil {
				t.Fatalf("invalid family passed on: %+v: %v", fam, err)
			}
			return nil
		})
		check(rep, err)
		rep, err = exchange.ReadMembers(strings.NewReader(content), "f.csv", opt, func(m *kampungkb.Member) error {
			if err := m.Validate(today); err != nil {
				t.Fatalf("invalid member passed on: %+v: %v", m, err)
			}
			return nil
		})
		check(rep, err)
		rep, err = exchange.ReadMeasurements(strings.NewReader(content), "f.csv", opt, func(r *exchange.MeasurementRecord) error {
			if err := r.Measurement.Validate(r.Child.BirthDate, today); err != nil {
				t.Fatalf("invalid measurement passed on: %+v: %v", r, err)
			}
			return nil
		})
		check(rep, err)
	})
}
