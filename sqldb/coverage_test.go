package sqldb_test

import (
	"fmt"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

var year2024 = kampungkb.Period{From: kampungkb.MustDate("2024-01-01"), To: kampungkb.MustDate("2024-12-31")}

// reachFixture adds to the fixture, in 2024: Muslimat NW Pancor in Pancor;
// Muslimat NW with its unit in Pancor and Tumbuh Mulia, where the unit
// gave Rp 1,000,000 to the activity; Bank NTB Syariah gave Rp 500,000 to
// Tanjung Luar directly, where there was also an activity without
// partners in 2024 and one with a partner in 2022 only.
type reachFixture struct {
	*fixture
	a1, b1, noPartner, old kampungkb.Activity
	c1, c2                 kampungkb.Contribution
}

func newReachFixture(t *testing.T, db *sqldb.DB) *reachFixture {
	f := &reachFixture{fixture: newFixture(t, db)}
	f.a1 = f.activity(t, "Posyandu remaja", "2024-03-01", []int64{f.pancor}, []int64{f.muslimatPancor})
	f.b1 = f.activity(t, "Pengajian keluarga", "2024-06-01", []int64{f.pancor, f.tumbuh}, []int64{f.muslimat, f.muslimatPancor})
	f.noPartner = f.activity(t, "Rapat Pokja", "2024-06-02", []int64{f.tanjung}, nil)
	f.old = f.activity(t, "Pelayanan KB", "2022-08-01", []int64{f.tanjung}, []int64{f.bank})
	f.c1 = f.contribution(t, f.muslimatPancor, 0, f.b1.ID, 1000000, "2024-06-01")
	f.c2 = f.contribution(t, f.bank, f.tanjung, 0, 500000, "2024-09-09")
	return f
}

func TestCoverage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newReachFixture(t, db)
		r, err := db.Coverage(ctx, "52.03", year2024, kampungkb.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Region != "52.03" || r.RegionName != "Kabupaten Lombok Timur" || r.Total != 3 || r.Reached != 2 || r.AreaLevel != kampungkb.Kecamatan {
			t.Errorf("report %s %q: %d of %d reached, areas at %v", r.Region, r.RegionName, r.Reached, r.Total, r.AreaLevel)
		}
		var names []string
		for _, k := range r.NotReached {
			names = append(names, k.Name+" ("+k.Village+", "+k.Kecamatan+")")
		}
		// a contribution alone does not reach, nor does an activity without
		// partners, nor one outside the period
		if got := strings.Join(names, "; "); got != "Kampung KB Tanjung Luar (Tanjung Luar, Keruak)" {
			t.Errorf("not reached: %s", got)
		}
		if len(r.Areas) != 21 {
			t.Fatalf("%d areas, want the 21 kecamatan", len(r.Areas))
		}
		areas := map[string]string{}
		sumTotal := 0
		for _, a := range r.Areas {
			areas[a.Name] = fmt.Sprintf("%d/%d", a.Reached, a.Total)
			sumTotal += a.Total
		}
		if areas["Selong"] != "1/1" || areas["Suralaga"] != "1/1" || areas["Keruak"] != "0/1" || areas["Sakra"] != "0/0" || sumTotal != 3 {
			t.Errorf("areas: %v", areas)
		}

		// open period: 2022 counts too; dotless codes are accepted
		r, err = db.Coverage(ctx, "5203", kampungkb.Period{}, kampungkb.Scope{})
		if err != nil || r.Reached != 3 || r.Total != 3 || r.Region != "52.03" || len(r.NotReached) != 0 {
			t.Errorf("open period: %d of %d, %v", r.Reached, r.Total, err)
		}
		r, err = db.Coverage(ctx, "52.03", kampungkb.Period{To: kampungkb.MustDate("2024-02-29")}, kampungkb.Scope{})
		if err != nil || r.Reached != 1 || len(r.NotReached) != 2 || r.NotReached[1].Name != "Kampung KB Tumbuh Mulia" {
			t.Errorf("until Feb 2024: %d reached, %v", r.Reached, err)
		}

		// a kecamatan drills down to villages, a village to itself
		r, err = db.Coverage(ctx, "52.03.07", year2024, kampungkb.Scope{})
		if err != nil || r.Total != 1 || r.Reached != 1 || r.AreaLevel != kampungkb.Desa || len(r.Areas) < 10 {
			t.Errorf("Selong: %+v %v", r, err)
		}
		r, err = db.Coverage(ctx, "52.03.13.2007", year2024, kampungkb.Scope{})
		if err != nil || r.Total != 1 || r.Reached != 1 || len(r.Areas) != 1 || r.Areas[0].Name != "Tumbuh Mulia" || r.Areas[0].Reached != 1 {
			t.Errorf("Tumbuh Mulia: %+v %v", r, err)
		}
		r, err = db.Coverage(ctx, "", year2024, kampungkb.Scope{})
		if err != nil || r.Total != 3 || r.Reached != 2 || len(r.Areas) != 1 || r.Areas[0].Code != "52" || r.Areas[0].Reached != 2 {
			t.Errorf("everything: %+v %v", r, err)
		}
		// a Kampung KB in another kabupaten counts there only
		testutil.MustLoadRegions(t, db, "52.01")
		gerung := sqldb.SeedKampung(t, db, "Kampung KB Gerung Utara", "52.01.01.1001")
		f.activity(t, "Posyandu Gerung", "2024-01-05", []int64{gerung}, []int64{f.bank})
		for region, want := range map[string]string{"52.03": "2/3", "52": "3/4", "52.01": "1/1"} {
			r, err := db.Coverage(ctx, region, year2024, kampungkb.Scope{})
			if got := fmt.Sprintf("%d/%d", r.Reached, r.Total); err != nil || got != want {
				t.Errorf("coverage of %s: %s, want %s (%v)", region, got, want, err)
			}
		}
		m, err := db.PartnerMatrix(ctx, "52.03", year2024, kampungkb.Scope{})
		if err != nil || len(m.Kampung) != 3 || m.Total.Activities != 2 {
			t.Errorf("matrix of 52.03 with a Kampung KB outside: %+v %v", m, err)
		}
		if _, err := db.Coverage(ctx, "52.99", year2024, kampungkb.Scope{}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown region: %v", err)
		}
		if _, err := db.Coverage(ctx, "lotim", year2024, kampungkb.Scope{}); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("bad region code: %v", err)
		}
	})
}

func TestPartnerMatrix(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newReachFixture(t, db)
		// the archived Kampung KB shows as a column only when it has figures
		f.activity(t, "Kerja bakti", "2024-10-10", []int64{f.archived}, []int64{f.bank})
		m, err := db.PartnerMatrix(ctx, "52.03", year2024, kampungkb.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for _, k := range m.Kampung {
			cols = append(cols, k.Name)
		}
		if got := strings.Join(cols, "|"); got != "Kampung KB Tanjung Luar|Kampung KB Pijot|Kampung KB Pancor|Kampung KB Tumbuh Mulia" {
			t.Errorf("columns: %s", got)
		}
		cell := func(a, c int, amount int64) kampungkb.MatrixCell {
			return kampungkb.MatrixCell{Activities: a, Contributions: c, Amount: amount}
		}
		want := map[string][]kampungkb.MatrixCell{
			"Bank NTB Syariah":   {cell(0, 1, 500000), cell(1, 0, 0), cell(0, 0, 0), cell(0, 0, 0)},
			"Muslimat NW":        {cell(0, 0, 0), cell(0, 0, 0), cell(1, 0, 0), cell(1, 0, 0)},
			"Muslimat NW Pancor": {cell(0, 0, 0), cell(0, 0, 0), cell(2, 1, 1000000), cell(1, 1, 1000000)},
		}
		var rows []string
		for _, r := range m.Rows {
			rows = append(rows, r.Partner.Name)
			if fmt.Sprint(r.Cells) != fmt.Sprint(want[r.Partner.Name]) {
				t.Errorf("%s: cells %v, want %v", r.Partner.Name, r.Cells, want[r.Partner.Name])
			}
		}
		if got := strings.Join(rows, "|"); got != "Bank NTB Syariah|Muslimat NW|Muslimat NW Pancor" {
			t.Errorf("rows: %s", got)
		}
		// totals count each record once: the unit's contribution to an
		// activity in two Kampung KB is Rp 1,000,000, not 2,000,000
		unit := m.Rows[2]
		if unit.ParentID != f.muslimat || unit.Total != cell(2, 1, 1000000) {
			t.Errorf("unit row: parent %d total %+v", unit.ParentID, unit.Total)
		}
		if fmt.Sprint(m.Totals) != fmt.Sprint([]kampungkb.MatrixCell{cell(0, 1, 500000), cell(1, 0, 0), cell(2, 1, 1000000), cell(1, 1, 1000000)}) {
			t.Errorf("column totals %v", m.Totals)
		}
		if m.Total != cell(3, 2, 1500000) {
			t.Errorf("total %+v", m.Total)
		}

		m, err = db.PartnerMatrix(ctx, "52.03.13", year2024, kampungkb.Scope{})
		if err != nil || len(m.Kampung) != 1 || len(m.Rows) != 2 || m.Total != cell(1, 1, 1000000) {
			t.Errorf("Suralaga: %+v %v", m, err)
		}
		m, err = db.PartnerMatrix(ctx, "52.03", kampungkb.Period{To: kampungkb.MustDate("2023-12-31")}, kampungkb.Scope{})
		if err != nil || len(m.Rows) != 1 || m.Rows[0].Partner.ID != f.bank || m.Total != cell(1, 0, 0) || len(m.Kampung) != 3 {
			t.Errorf("until 2023: %+v %v", m, err)
		}
	})
}

func TestPartnerSummaries(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newReachFixture(t, db)
		show := func(p kampungkb.PartnerFigures) string {
			return fmt.Sprintf("agr %d act %d con %d Rp %d [%s]", p.Agreements, p.Activities, p.Contributions, p.Amount, refNames(p.Kampung))
		}
		ss, err := db.PartnerSummaries(ctx, "52.03", year2024, kampungkb.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]kampungkb.PartnerSummary{}
		var order []string
		for _, s := range ss {
			got[s.Partner.Name] = s
			order = append(order, s.Partner.Name)
		}
		if strings.Join(order, "|") != "Bank NTB Syariah|Muslimat NW|Muslimat NW Pancor" {
			t.Errorf("order %v", order)
		}
		for name, want := range map[string]string{
			"Bank NTB Syariah":   "agr 0 act 0 con 1 Rp 500000 [Kampung KB Tanjung Luar]",
			"Muslimat NW":        "agr 1 act 1 con 0 Rp 0 [Kampung KB Pancor, Kampung KB Tumbuh Mulia]",
			"Muslimat NW Pancor": "agr 0 act 2 con 1 Rp 1000000 [Kampung KB Pancor, Kampung KB Tumbuh Mulia]",
		} {
			if s := show(got[name].Own); s != want {
				t.Errorf("%s own: %s, want %s", name, s, want)
			}
		}
		parent := got["Muslimat NW"]
		if parent.IncludingUnits == nil || show(*parent.IncludingUnits) != "agr 1 act 2 con 1 Rp 1000000 [Kampung KB Pancor, Kampung KB Tumbuh Mulia]" ||
			refNames(parent.Units) != "Muslimat NW Pancor" || parent.Depth != 0 {
			t.Errorf("Muslimat NW: %+v", parent)
		}
		if u := got["Muslimat NW Pancor"]; u.IncludingUnits != nil || u.ParentID != f.muslimat || u.Depth != 1 {
			t.Errorf("unit: %+v", u)
		}

		// a region below the agreement's region still sees the agreement;
		// partners with nothing there are left out
		ss, err = db.PartnerSummaries(ctx, "52.03.13", year2024, kampungkb.Scope{})
		if err != nil || len(ss) != 2 || ss[0].Partner.Name != "Muslimat NW" || ss[0].Own.Agreements != 1 ||
			show(ss[1].Own) != "agr 0 act 1 con 1 Rp 1000000 [Kampung KB Tumbuh Mulia]" {
			t.Errorf("Suralaga: %+v %v", ss, err)
		}
		// nothing after the MoU ended
		ss, err = db.PartnerSummaries(ctx, "52.03", kampungkb.Period{From: kampungkb.MustDate("2026-01-01")}, kampungkb.Scope{})
		if err != nil || len(ss) != 0 {
			t.Errorf("2026: %+v %v", ss, err)
		}
		// a parent with no own records is listed for its units' sake
		f.activity(t, "Arisan KB", "2022-02-02", []int64{f.pancor}, []int64{f.muslimatPancor})
		ss, err = db.PartnerSummaries(ctx, "52.03", kampungkb.Period{To: kampungkb.MustDate("2022-12-31")}, kampungkb.Scope{})
		if err != nil || len(ss) != 3 || ss[1].Partner.Name != "Muslimat NW" || !ss[1].Own.IsZero() ||
			ss[1].IncludingUnits.Activities != 1 {
			t.Errorf("2022: %+v %v", ss, err)
		}

		// one partner, everywhere
		s, err := db.PartnerSummary(ctx, f.muslimat, year2024, kampungkb.Scope{})
		if err != nil || show(s.Own) != "agr 1 act 1 con 0 Rp 0 [Kampung KB Pancor, Kampung KB Tumbuh Mulia]" ||
			s.IncludingUnits == nil || s.IncludingUnits.Activities != 2 {
			t.Errorf("summary of Muslimat NW: %+v %v", s, err)
		}
		s, err = db.PartnerSummary(ctx, f.bank, kampungkb.Period{}, kampungkb.Scope{})
		if err != nil || show(s.Own) != "agr 0 act 1 con 1 Rp 500000 [Kampung KB Tanjung Luar]" || s.IncludingUnits != nil {
			t.Errorf("summary of the bank: %+v %v", s, err)
		}
		s, err = db.PartnerSummary(ctx, f.muslimat, kampungkb.Period{From: kampungkb.MustDate("2026-01-01")}, kampungkb.Scope{})
		if err != nil || !s.Own.IsZero() || s.Partner.Name != "Muslimat NW" {
			t.Errorf("after the MoU ended: %+v %v", s, err)
		}
		if _, err := db.PartnerSummary(ctx, 4242, year2024, kampungkb.Scope{}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown partner: %v", err)
		}
	})
}
