package exchange

import (
	"strings"
	"testing"

	"kampungkb"
)

var today = kampungkb.MustDate("2026-11-28")

func lines(es RowErrors) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.String())
		b.WriteString("\n")
	}
	return b.String()
}

func TestReadFamilies(t *testing.T) {
	in := "\ufeffvillage_code,family_id,No_KK,toilet,water_source,welfare_decile,warna\n" +
		"5203132007,K1,5203130101200001,sendiri_septik,Sumur_Bor,3,merah\n" +
		"52.03.13.2007,K2,,,,,\n" +
		"52.03.13.2099,K3,123,ada,pam,11,\n" + // line 4: four problems
		"52.03.13.2007,K1,,,,,\n" + // line 5: duplicate
		",,,,,0,\n" // line 6
	known := func(c string) bool { return c == "52.03.13.2007" }
	var got []kampungkb.Family
	rep, err := ReadFamilies(strings.NewReader(in), "families.csv", ReadOptions{Today: today, KnownVillage: known},
		func(f *kampungkb.Family) error { got = append(got, *f); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := `families.csv:4: village_code: 52.03.13.2099 tidak dikenal
families.csv:4: no_kk:
families.csv:4: water_source:
families.csv:4: toilet:
families.csv:4: welfare_decile:
families.csv:5: family_id: K1 sudah ada di baris 2
families.csv:6: welfare_decile:
families.csv:6: family_id:
families.csv:6: village_code:`
	out := lines(rep.Errors)
	for _, w := range strings.Split(want, "\n") {
		if !strings.Contains(out, w) {
			t.Errorf("errors lack %q:\n%s", w, out)
		}
	}
	if len(rep.Errors) != 9 || rep.Rows != 5 {
		t.Errorf("%d errors, %d rows:\n%s", len(rep.Errors), rep.Rows, out)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].String() != "families.csv:1: warna: kolom tidak dikenal, diabaikan" {
		t.Errorf("warnings %v", rep.Warnings)
	}
	if len(got) != 2 || got[0].WaterSource != "sumur_bor" || got[0].WelfareDecile != 3 || got[0].NoKK != "5203130101200001" ||
		got[1].VillageCode != "52.03.13.2007" {
		t.Errorf("families before the first bad row: %+v", got)
	}
}

func TestReadMembers(t *testing.T) {
	in := "family_id,member_no,nik,name,sex,birth_date,relation,marital_status,marriage_age,pregnant,children_born,last_birth_date,kb_method,kb_reason\n" +
		"K1,1,5203130506900001,Ahmad,l,1990-06-05,kepala,kawin,22,,,,,\n" +
		"K1,2,5203134506950002,Siti,p,1995-06-06,istri,kawin,18,Y,2,2024-01-10,,hamil\n" + // NIK day 05: warning
		"K1,3,,Budi,l,2023-02-01,anak,belum_kawin,,,,,,\n" +
		"K9,1,,Orang,l,1990-01-01,kepala,kawin,,,,,,\n" + // unknown family
		"K1,3,,Budi,l,2023-02-01,anak,belum_kawin,,,,,,\n" + // duplicate
		"K1,x,12,,w,1990-13-01,istri,kawin,,ya,-1,,pil,iat\n"
	known := func(id string) bool { return id == "K1" }
	n := 0
	rep, err := ReadMembers(strings.NewReader(in), "members.csv", ReadOptions{Today: today, KnownFamily: known},
		func(m *kampungkb.Member) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	out := lines(rep.Errors)
	for _, w := range []string{"members.csv:5: family_id: K9 tidak dikenal", "members.csv:6: member_no: anggota 3 keluarga K1 sudah ada di baris 4",
		"members.csv:7: member_no:", "members.csv:7: birth_date:", "members.csv:7: pregnant:", "members.csv:7: nik:",
		"members.csv:7: name:", "members.csv:7: sex:", "members.csv:7: children_born:", "members.csv:7: kb_reason:"} {
		if !strings.Contains(out, w) {
			t.Errorf("errors lack %q:\n%s", w, out)
		}
	}
	if n != 3 {
		t.Errorf("fn called %d times, want 3 (rows before the first error)", n)
	}
	if len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0].String(), "members.csv:3: nik: NIK 5203134506950002 menunjukkan tanggal lahir 05-06-95") {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

func TestReadMeasurements(t *testing.T) {
	child := kampungkb.Child{Name: "Budi", Sex: "l", BirthDate: kampungkb.MustDate("2025-02-01"), VillageCode: "52.03.13.2007"}
	lookup := func(fid string, no int) (kampungkb.Child, bool, error) { return child, fid == "K1" && no == 3, nil }
	in := "family_id,member_no,date,weight_kg,lenhei_cm,measure,oedema,posyandu\n" +
		"K1,3,2026-02-01,9.1,75.2,l,n,Melati\n" +
		"K1,3,2026-03-01,9.4,,,,\n" +
		"K1,3,2026-03-01,9.4,,,,\n" + // duplicate day
		"K1,4,2026-03-01,9.4,,,,\n" + // unknown member
		"K1,3,2024-03-01,\"9,4\",,x,maybe,\n" // before birth, comma, measure, oedema
	var got []MeasurementRecord
	rep, err := ReadMeasurements(strings.NewReader(in), "measurements.csv", ReadOptions{Today: today, Member: lookup},
		func(r *MeasurementRecord) error { got = append(got, *r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	out := lines(rep.Errors)
	for _, w := range []string{"measurements.csv:4: date:", "measurements.csv:5: member_no: anggota 4 keluarga K1 tidak ada",
		"measurements.csv:6: weight_kg: \"9,4\": gunakan titik", "measurements.csv:6: oedema:", "measurements.csv:6: date:",
		"measurements.csv:6: measure:"} {
		if !strings.Contains(out, w) {
			t.Errorf("errors lack %q:\n%s", w, out)
		}
	}
	if len(got) != 2 || *got[0].WeightKg != 9.1 || got[0].Measure != "l" || got[0].Posyandu != "Melati" || got[0].Child.Name != "Budi" {
		t.Errorf("got %+v", got)
	}
}

func TestReadFamilyFilesHeaderErrors(t *testing.T) {
	rep, _ := ReadMembers(strings.NewReader("family_id,name,name\n"), "m.csv", ReadOptions{Today: today}, nil)
	out := lines(rep.Errors)
	for _, w := range []string{"m.csv:1: name: kolom muncul dua kali", "m.csv:1: member_no: kolom wajib tidak ada", "m.csv:1: birth_date: kolom wajib"} {
		if !strings.Contains(out, w) {
			t.Errorf("errors lack %q:\n%s", w, out)
		}
	}
	rep, _ = ReadFamilies(strings.NewReader(""), "f.csv", ReadOptions{}, nil)
	if rep.Err() == nil {
		t.Error("an empty file is an error")
	}
}
