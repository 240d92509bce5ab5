package sqldb_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// streamed is what EachFamily gave for one family.
type streamed struct {
	f       kampungkb.Family
	members []kampungkb.Member
	ms      map[int][]kampungkb.Measurement
}

// collect runs EachFamily and returns the families by family_id, failing
// on a family given twice.
func collect(t *testing.T, db *sqldb.DB, region string, scope kampungkb.Scope) map[string]streamed {
	t.Helper()
	got := map[string]streamed{}
	err := db.EachFamily(context.Background(), region, scope, func(f kampungkb.Family, members []kampungkb.Member, ms map[int][]kampungkb.Measurement) error {
		if _, dup := got[f.FamilyID]; dup {
			t.Errorf("family %s given twice", f.FamilyID)
		}
		got[f.FamilyID] = streamed{f, members, ms}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestEachFamily checks what the indicator stream hands out: every family
// of the region and scope once, with its own members in member_no order
// and its children's measurements in date order, on every engine.
func TestEachFamily(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		testutil.MustLoadRegions(t, db, "52.03.13", "52.03.07")
		fams := append(testFamilies(),
			kampungkb.Family{FamilyID: "K3", VillageCode: "52.03.13.2001", Dusun: "Anjani", RW: "4", WaterSource: "ledeng", Toilet: "tidak_ada"},
			kampungkb.Family{FamilyID: "K4", VillageCode: "52.03.07.2012", WelfareDecile: 10})
		if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fams), sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// K3's members are stored out of member_no order.
		mems := append(testMembers(),
			kampungkb.Member{FamilyID: "K1", MemberNo: 4, Name: "Dewi", Sex: "p", BirthDate: kampungkb.MustDate("2023-05-01"), Relation: "anak"},
			kampungkb.Member{FamilyID: "K3", MemberNo: 2, Name: "Nia", Sex: "p", BirthDate: kampungkb.MustDate("2024-01-31"), Relation: "anak"},
			kampungkb.Member{FamilyID: "K3", MemberNo: 1, Name: "Rina", Sex: "p", BirthDate: kampungkb.MustDate("1996-02-29"),
				Relation: "kepala", MaritalStatus: "cerai_hidup", Pregnant: boolp(true), ChildrenBorn: intp(0)},
			kampungkb.Member{FamilyID: "K4", MemberNo: 1, Name: "Made", Sex: "l", BirthDate: kampungkb.MustDate("1980-12-31"), Relation: "kepala"})
		if _, err := db.ImportMembers(ctx, sqldb.MembersOf(mems), sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// Stored out of date order; K1's second child was measured between
		// the first child's two; K3's child has one flagged measurement.
		m := func(fam string, no int, date string, z float64, flag bool) sqldb.MeasurementRow {
			return sqldb.MeasurementRow{FamilyID: fam, MemberNo: no, Measurement: kampungkb.Measurement{
				Date: kampungkb.MustDate(date), WeightKg: floatp(9), Z: kampungkb.ZScores{Len: floatp(z), FLen: flag}}}
		}
		rows := []sqldb.MeasurementRow{m("K1", 3, "2026-03-01", -2.5, false), m("K1", 3, "2026-02-01", -1.25, false),
			m("K1", 4, "2026-02-15", 0.5, false), m("K3", 2, "2026-01-15", -6.5, true)}
		if _, err := db.ImportMeasurements(ctx, sqldb.MeasurementsOf(rows), sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}

		got := collect(t, db, "52.03", kampungkb.Scope{})
		if len(got) != 4 {
			t.Fatalf("%d families, want 4", len(got))
		}
		k1 := got["K1"]
		if k1.f.VillageCode != village || k1.f.Dusun != "Dasan Baru" || k1.f.RW != "01" || k1.f.WaterSource != "sumur_bor" ||
			k1.f.Toilet != "sendiri_septik" || k1.f.WelfareDecile != 2 || k1.f.ID == 0 {
			t.Errorf("K1: %+v", k1.f)
		}
		if len(k1.members) != 4 {
			t.Fatalf("K1 members: %+v", k1.members)
		}
		wife := k1.members[1]
		if wife.FamilyID != "K1" || wife.MemberNo != 2 || wife.Sex != "p" || wife.BirthDate != kampungkb.MustDate("1995-06-05") ||
			wife.MaritalStatus != "kawin" || *wife.MarriageAge != 18 || *wife.Pregnant || *wife.ChildrenBorn != 1 ||
			wife.LastBirthDate != kampungkb.MustDate("2025-02-01") || wife.KBMethod != "suntik" || wife.KBReason != "" {
			t.Errorf("K1 member 2: %+v", wife)
		}
		if head := k1.members[0]; head.Pregnant != nil || head.ChildrenBorn != nil || !head.LastBirthDate.IsZero() || head.NIK != "" || head.Name != "" {
			t.Errorf("K1 member 1: %+v", head)
		}
		if len(k1.ms) != 2 || len(k1.ms[3]) != 2 || k1.ms[3][0].Date != kampungkb.MustDate("2026-02-01") ||
			*k1.ms[3][0].Z.Len != -1.25 || *k1.ms[3][1].Z.Len != -2.5 || len(k1.ms[4]) != 1 || *k1.ms[4][0].Z.Len != 0.5 {
			t.Errorf("K1 measurements: %+v", k1.ms)
		}
		k3 := got["K3"]
		if nos := []int{k3.members[0].MemberNo, k3.members[1].MemberNo}; !slices.Equal(nos, []int{1, 2}) {
			t.Errorf("K3 members in order %v", nos)
		}
		if r := k3.members[0]; !*r.Pregnant || *r.ChildrenBorn != 0 || r.MarriageAge != nil || r.BirthDate != kampungkb.MustDate("1996-02-29") {
			t.Errorf("K3 member 1: %+v", r)
		}
		if ms := k3.ms[2]; len(ms) != 1 || !ms[0].Z.FLen || *ms[0].Z.Len != -6.5 {
			t.Errorf("K3 measurements: %+v", k3.ms)
		}
		if k4 := got["K4"]; k4.f.WelfareDecile != 10 || len(k4.members) != 1 || k4.ms != nil {
			t.Errorf("K4: %+v", k4)
		}
		if got["K2"].ms != nil {
			t.Errorf("K2 measurements: %+v", got["K2"].ms)
		}

		for _, tt := range []struct {
			region string
			scope  kampungkb.Scope
			want   []string
		}{
			{"52.03.13", kampungkb.Scope{}, []string{"K1", "K2", "K3"}},
			{"52.03.13.2001", kampungkb.Scope{}, []string{"K3"}},
			{"", kampungkb.Scope{Region: "52.03.07"}, []string{"K4"}},
			{"52.03.13", kampungkb.Scope{Region: "52.03.07"}, nil},
			{"52.03", kampungkb.Scope{PartnerID: 1}, nil},
		} {
			var ids []string
			for id := range collect(t, db, tt.region, tt.scope) {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tt.want) {
				t.Errorf("region %q scope %+v: %v, want %v", tt.region, tt.scope, ids, tt.want)
			}
		}

		// fn's error ends the stream and is returned as it is.
		stop := errors.New("stop")
		calls := 0
		err := db.EachFamily(ctx, "52.03", kampungkb.Scope{}, func(kampungkb.Family, []kampungkb.Member, map[int][]kampungkb.Measurement) error {
			calls++
			return stop
		})
		if err != stop || calls != 1 {
			t.Errorf("fn error: %v after %d calls", err, calls)
		}
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		err = db.EachFamily(canceled, "52.03", kampungkb.Scope{}, func(kampungkb.Family, []kampungkb.Member, map[int][]kampungkb.Measurement) error {
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("canceled context: %v", err)
		}
	})
}
