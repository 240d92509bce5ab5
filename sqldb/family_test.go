package sqldb_test

import (
	"context"
	"errors"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

const village = "52.03.13.2007"

func intp(n int) *int           { return &n }
func boolp(b bool) *bool        { return &b }
func floatp(f float64) *float64 { return &f }

func testFamilies() []kampungkb.Family {
	return []kampungkb.Family{
		{FamilyID: "K1", NoKK: "5203130101200001", VillageCode: village, Dusun: "Dasan Baru", RW: "01", RT: "02",
			WaterSource: "sumur_bor", Toilet: "sendiri_septik", WelfareDecile: 2},
		{FamilyID: "K2", VillageCode: village, Dusun: "Lendang"},
	}
}

func testMembers() []kampungkb.Member {
	return []kampungkb.Member{
		{FamilyID: "K1", MemberNo: 1, NIK: "5203130506900001", Name: "Ahmad", Sex: "l", BirthDate: kampungkb.MustDate("1990-06-05"),
			Relation: "kepala", MaritalStatus: "kawin", MarriageAge: intp(22)},
		{FamilyID: "K1", MemberNo: 2, NIK: "5203134506950002", Name: "Siti Aminah", Sex: "p", BirthDate: kampungkb.MustDate("1995-06-05"),
			Relation: "istri", MaritalStatus: "kawin", MarriageAge: intp(18), Pregnant: boolp(false), ChildrenBorn: intp(1),
			LastBirthDate: kampungkb.MustDate("2025-02-01"), KBMethod: "suntik"},
		{FamilyID: "K1", MemberNo: 3, Name: "Budi", Sex: "l", BirthDate: kampungkb.MustDate("2025-02-01"), Relation: "anak",
			MaritalStatus: "belum_kawin"},
		{FamilyID: "K2", MemberNo: 1, Name: "Wayan", Sex: "l", BirthDate: kampungkb.MustDate("1970-01-01"), Relation: "kepala"},
	}
}

func TestFamilyAndMemberImport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		testutil.MustLoadRegions(t, db, "52.03.13")

		// A dry run reports and writes nothing.
		res, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(testFamilies()), sqldb.ImportOptions{DryRun: true})
		if err != nil || res != (sqldb.ImportResult{Read: 2, Inserted: 2}) {
			t.Fatalf("dry run: %+v %v", res, err)
		}
		if _, n, _ := db.Families(ctx, kampungkb.Filter{}); n != 0 {
			t.Fatalf("dry run stored %d families", n)
		}
		res, err = db.ImportFamilies(ctx, sqldb.FamiliesOf(testFamilies()), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.ImportResult{Read: 2, Inserted: 2}) {
			t.Fatalf("import: %+v %v", res, err)
		}
		res, err = db.ImportMembers(ctx, sqldb.MembersOf(testMembers()), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.ImportResult{Read: 4, Inserted: 4}) {
			t.Fatalf("import members: %+v %v", res, err)
		}
		// Idempotent.
		res, err = db.ImportFamilies(ctx, sqldb.FamiliesOf(testFamilies()), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.ImportResult{Read: 2, Unchanged: 2}) {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		res, err = db.ImportMembers(ctx, sqldb.MembersOf(testMembers()), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.ImportResult{Read: 4, Unchanged: 4}) {
			t.Fatalf("re-import members: %+v %v", res, err)
		}
		// A change updates one row.
		fs := testFamilies()
		fs[1].Toilet = "tidak_ada"
		res, err = db.ImportFamilies(ctx, sqldb.FamiliesOf(fs), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.ImportResult{Read: 2, Updated: 1, Unchanged: 1}) {
			t.Fatalf("update: %+v %v", res, err)
		}
		ms := testMembers()
		ms[1].Pregnant, ms[1].KBMethod, ms[1].KBReason = boolp(true), "", "hamil"
		res, err = db.ImportMembers(ctx, sqldb.MembersOf(ms), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.ImportResult{Read: 4, Updated: 1, Unchanged: 3}) {
			t.Fatalf("update members: %+v %v", res, err)
		}

		// One summary audit entry per import that wrote (none for the dry run).
		es, n, err := db.AuditEntries(ctx, sqldb.AuditFilter{Entity: "family"})
		if err != nil || n != 3 || es[0].Action != "import" || es[0].Summary != "Impor keluarga: 2 dibaca, 0 baru, 1 diubah, 1 tetap" {
			t.Errorf("audit: %d %v %+v", n, err, es)
		}

		f, err := db.Family(ctx, "K1")
		if err != nil {
			t.Fatal(err)
		}
		if f.NoKK != "5203130101200001" || f.WelfareDecile != 2 || f.Dusun != "Dasan Baru" || len(f.Members) != 3 || f.Version != 1 {
			t.Fatalf("family %+v", f)
		}
		m := f.Members[1]
		if m.Name != "Siti Aminah" || *m.Pregnant != true || *m.MarriageAge != 18 || *m.ChildrenBorn != 1 ||
			m.LastBirthDate != kampungkb.MustDate("2025-02-01") || m.KBReason != "hamil" || m.KBMethod != "" {
			t.Errorf("member %+v", m)
		}
		if f.Members[0].Pregnant != nil || f.Members[2].MarriageAge != nil {
			t.Errorf("unknown fields must stay unknown: %+v", f.Members)
		}
		if k2, _ := db.Family(ctx, "K2"); k2.Toilet != "tidak_ada" || k2.Version != 2 {
			t.Errorf("updated family %+v", k2)
		}
		if _, err := db.Family(ctx, "K9"); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown family: %v", err)
		}

		for _, tc := range []struct {
			f    kampungkb.Filter
			want int
		}{
			{kampungkb.Filter{}, 2},
			{kampungkb.Filter{Q: "aminah"}, 1},
			{kampungkb.Filter{Q: "5203134506950002"}, 1},
			{kampungkb.Filter{Q: "5203130101200001"}, 1},
			{kampungkb.Filter{Q: "K2"}, 1},
			{kampungkb.Filter{Dusun: "lendang"}, 1},
			{kampungkb.Filter{RW: "01", RT: "02"}, 1},
			{kampungkb.Filter{Region: "52.03.13"}, 2},
			{kampungkb.Filter{Scope: kampungkb.Scope{Region: "52.03.14"}}, 0},
			{kampungkb.Filter{Scope: kampungkb.Scope{PartnerID: 1}}, 0},
		} {
			if _, n, err := db.Families(ctx, tc.f); err != nil || n != tc.want {
				t.Errorf("Families(%+v) = %d, %v; want %d", tc.f, n, err, tc.want)
			}
		}
	})
}

func TestFamilyImportAllOrNothing(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		testutil.MustLoadRegions(t, db, "52.03.13")
		// The source yields rows, then reports row errors (as a reader
		// does at the end of the file): nothing is kept.
		bad := errors.New("3 baris tidak valid")
		_, err := db.ImportFamilies(ctx, func(yield func(*kampungkb.Family) error) error {
			for _, f := range testFamilies() {
				if err := yield(&f); err != nil {
					return err
				}
			}
			return bad
		}, sqldb.ImportOptions{})
		if !errors.Is(err, bad) {
			t.Fatalf("err = %v", err)
		}
		if _, n, _ := db.Families(ctx, kampungkb.Filter{}); n != 0 {
			t.Fatalf("a failed import stored %d families", n)
		}
		// A member of an unknown family is refused by the database too.
		_, err = db.ImportMembers(ctx, sqldb.MembersOf(testMembers()[:1]), sqldb.ImportOptions{})
		if err == nil {
			t.Fatal("member of an unknown family imported")
		}
		// Duplicates in one input are refused.
		fs := append(testFamilies(), testFamilies()[0])
		if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fs), sqldb.ImportOptions{}); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("duplicate family: %v", err)
		}
		if _, n, _ := db.Families(ctx, kampungkb.Filter{}); n != 0 {
			t.Fatalf("a failed import stored %d families", n)
		}
	})
}

func TestMeasurementImport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		testutil.MustLoadRegions(t, db, "52.03.13")
		if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(testFamilies()), sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportMembers(ctx, sqldb.MembersOf(testMembers()), sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		rows := func() []sqldb.MeasurementRow {
			z := kampungkb.ZScores{Len: floatp(-2.31), Wei: floatp(-1.5)}
			return []sqldb.MeasurementRow{
				{FamilyID: "K1", MemberNo: 3, Measurement: kampungkb.Measurement{Date: kampungkb.MustDate("2026-02-01"),
					WeightKg: floatp(8.9), LenHeiCm: floatp(71.0), Measure: "l", Posyandu: "Melati", Z: z}},
				{FamilyID: "K1", MemberNo: 3, Measurement: kampungkb.Measurement{Date: kampungkb.MustDate("2026-03-01"),
					WeightKg: floatp(9.1), Z: z}},
			}
		}
		want := sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2, Inserted: 2}, ChildrenCreated: 1}
		res, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rows()), sqldb.ImportOptions{DryRun: true})
		if err != nil || res != want {
			t.Fatalf("dry run: %+v %v", res, err)
		}
		if _, n, _ := db.Children(ctx, kampungkb.Filter{}); n != 0 {
			t.Fatalf("dry run created %d children", n)
		}
		res, err = db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rows()), sqldb.ImportOptions{})
		if err != nil || res != want {
			t.Fatalf("import: %+v %v", res, err)
		}
		cs, n, err := db.Children(ctx, kampungkb.Filter{})
		if err != nil || n != 1 {
			t.Fatalf("children: %d %v", n, err)
		}
		c := cs[0]
		if c.Name != "Budi" || c.Sex != "l" || c.BirthDate != kampungkb.MustDate("2025-02-01") || c.VillageCode != village ||
			c.MotherName != "Siti Aminah" {
			t.Errorf("child %+v", c)
		}
		ms, err := db.Measurements(ctx, c.ID)
		if err != nil || len(ms) != 2 {
			t.Fatalf("measurements: %v %v", ms, err)
		}
		if *ms[0].Z.Len != -2.31 || ms[0].AgeDays != 365 || ms[0].Measure != "l" || ms[0].Posyandu != "Melati" {
			t.Errorf("measurement %+v", ms[0])
		}
		res, err = db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rows()), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2, Unchanged: 2}}) {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		rs := rows()
		rs[1].WeightKg = floatp(9.3)
		res, err = db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rs), sqldb.ImportOptions{})
		if err != nil || res != (sqldb.MeasurementResult{ImportResult: sqldb.ImportResult{Read: 2, Updated: 1, Unchanged: 1}}) {
			t.Fatalf("update: %+v %v", res, err)
		}
		if ms, _ := db.Measurements(ctx, c.ID); len(ms) != 2 || *ms[1].WeightKg != 9.3 {
			t.Errorf("after update: %+v", ms)
		}
		// A measurement of an unknown member is refused.
		rs = rows()
		rs[0].MemberNo = 9
		if _, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rs[:1]), sqldb.ImportOptions{}); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("unknown member: %v", err)
		}
	})
}
