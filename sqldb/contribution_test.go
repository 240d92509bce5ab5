package sqldb_test

import (
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestContributionLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		act := f.activity(t, "Pelatihan UPPKA", "2024-03-01", []int64{f.pancor, f.tumbuh}, []int64{f.bank})
		c := kampungkb.Contribution{PartnerID: f.bank, KampungID: f.pancor, ActivityID: act.ID, AgreementID: f.mou,
			Kind: "barang", Amount: 3500000, Date: kampungkb.MustDate("2024-03-01"),
			Description: "  Mesin jahit untuk kelompok UPPKA ", Beneficiaries: 12}
		if err := db.CreateContribution(ctx, &c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.Version != 1 || c.Description != "Mesin jahit untuk kelompok UPPKA" {
			t.Errorf("created %+v", c)
		}
		got, err := db.Contribution(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PartnerName != "Bank NTB Syariah" || got.KampungName != "Kampung KB Pancor" || got.ActivityTitle != "Pelatihan UPPKA" ||
			got.AgreementTitle == "" || got.Amount != 3500000 || got.Date != c.Date || got.Beneficiaries != 12 || got.Kind != "barang" {
			t.Errorf("got %+v", got)
		}

		tests := []struct {
			name   string
			change func(c *kampungkb.Contribution)
			field  string
		}{
			{"unknown partner", func(c *kampungkb.Contribution) { c.PartnerID = 999 }, "partner_id"},
			{"unknown kampung", func(c *kampungkb.Contribution) { c.KampungID = 999 }, "kampung_id"},
			{"unknown activity", func(c *kampungkb.Contribution) { c.ActivityID = 999 }, "activity_id"},
			{"unknown agreement", func(c *kampungkb.Contribution) { c.AgreementID = 999 }, "agreement_id"},
			{"kampung outside the activity", func(c *kampungkb.Contribution) { c.KampungID = f.tanjung }, "kampung_id"},
			{"after today (db.Now)", func(c *kampungkb.Contribution) { c.Date = kampungkb.MustDate("2025-01-01") }, "date"},
		}
		for _, tt := range tests {
			bad := c
			bad.ID = 0
			tt.change(&bad)
			err := db.CreateContribution(ctx, &bad)
			if kampungkb.ErrorKind(err) != kampungkb.Invalid || kampungkb.ErrorFields(err)[tt.field] == "" {
				t.Errorf("%s: %v, want a message for %s", tt.name, err, tt.field)
			}
		}

		// update, and a stale update
		c1, c2 := got, got
		c1.KampungID, c1.Amount = f.tumbuh, 4000000
		if err := db.UpdateContribution(ctx, &c1); err != nil {
			t.Fatal(err)
		}
		if c1.Version != 2 {
			t.Errorf("version = %d", c1.Version)
		}
		if got, _ := db.Contribution(ctx, c.ID); got.KampungName != "Kampung KB Tumbuh Mulia" || got.Amount != 4000000 {
			t.Errorf("after update %+v", got)
		}
		c2.Amount = 1
		if err := db.UpdateContribution(ctx, &c2); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Errorf("stale update: %v", err)
		}
		c2.KampungID = f.tanjung
		if err := db.UpdateContribution(ctx, &c2); kampungkb.ErrorFields(err)["kampung_id"] == "" {
			t.Errorf("update to a kampung outside the activity: %v", err)
		}

		if err := db.DeleteContribution(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Contribution(ctx, c.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("deleted: %v", err)
		}
		if err := db.DeleteContribution(ctx, c.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("second delete: %v", err)
		}
	})
}

func TestContributionsList(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		shared := f.activity(t, "Pelatihan UPPKA", "2024-03-01", []int64{f.pancor, f.tumbuh}, []int64{f.bank})
		rapat := f.activity(t, "Rapat Pokja", "2024-04-01", []int64{f.tanjung}, nil)
		viaActivity := f.contribution(t, f.bank, 0, shared.ID, 1000000, "2024-03-01") // Pancor and Tumbuh Mulia
		direct := f.contribution(t, f.muslimatPancor, f.pancor, 0, 250000, "2024-05-02")
		narrowed := f.contribution(t, f.bank, f.tumbuh, shared.ID, 300000, "2023-12-30") // Tumbuh Mulia only
		labour := kampungkb.Contribution{PartnerID: f.muslimat, ActivityID: rapat.ID, AgreementID: f.mou, Kind: "tenaga",
			Date: kampungkb.MustDate("2024-04-01"), Description: "Kader mencatat 100% peserta"}
		if err := db.CreateContribution(ctx, &labour); err != nil {
			t.Fatal(err)
		}

		ids := func(cs []kampungkb.Contribution) []int64 {
			var out []int64
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		tests := []struct {
			name   string
			filter kampungkb.Filter
			want   []int64
			sum    int64
		}{
			{"all, newest first", kampungkb.Filter{}, []int64{direct.ID, labour.ID, viaActivity.ID, narrowed.ID}, 1550000},
			{"q", kampungkb.Filter{Q: "100%"}, []int64{labour.ID}, 0},
			{"kind", kampungkb.Filter{Type: "uang"}, []int64{direct.ID, viaActivity.ID, narrowed.ID}, 1550000},
			{"partner", kampungkb.Filter{PartnerID: f.bank}, []int64{viaActivity.ID, narrowed.ID}, 1300000},
			{"kampung directly or via the activity", kampungkb.Filter{KampungID: f.pancor}, []int64{direct.ID, viaActivity.ID}, 1250000},
			{"kampung named, not the activity's other", kampungkb.Filter{KampungID: f.tumbuh}, []int64{viaActivity.ID, narrowed.ID}, 1300000},
			{"region of the activity", kampungkb.Filter{Region: "52.03.01"}, []int64{labour.ID}, 0},
			{"region, named kampung wins", kampungkb.Filter{Region: "52.03.07"}, []int64{direct.ID, viaActivity.ID}, 1250000},
			{"region kabupaten", kampungkb.Filter{Region: "52.03"}, []int64{direct.ID, labour.ID, viaActivity.ID, narrowed.ID}, 1550000},
			{"activity", kampungkb.Filter{ActivityID: shared.ID}, []int64{viaActivity.ID, narrowed.ID}, 1300000},
			{"agreement", kampungkb.Filter{AgreementID: f.mou}, []int64{labour.ID}, 0},
			{"period", kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2024-01-01")}}, []int64{direct.ID, labour.ID, viaActivity.ID}, 1250000},
			{"none", kampungkb.Filter{PartnerID: 4242}, nil, 0},
		}
		for _, tt := range tests {
			cs, total, sum, err := db.Contributions(ctx, tt.filter)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := ids(cs); !equalIDs(got, tt.want) || total != len(tt.want) || sum != tt.sum {
				t.Errorf("%s: %v total %d sum %d, want %v sum %d", tt.name, got, total, sum, tt.want, tt.sum)
			}
		}
		cs, _, _, _ := db.Contributions(ctx, kampungkb.Filter{ActivityID: rapat.ID})
		if len(cs) != 1 || cs[0].PartnerName != "Muslimat NW" || cs[0].ActivityTitle != "Rapat Pokja" || cs[0].KampungName != "" {
			t.Errorf("names in list: %+v", cs)
		}
		// the page is small, the total and the sum cover every match
		cs, total, sum, err := db.Contributions(ctx, kampungkb.Filter{Limit: 1, Offset: 1})
		if err != nil || len(cs) != 1 || cs[0].ID != labour.ID || total != 4 || sum != 1550000 {
			t.Errorf("page: %v total %d sum %d %v", ids(cs), total, sum, err)
		}
		cs, total, sum, err = db.Contributions(ctx, kampungkb.Filter{Limit: 1, Offset: 9})
		if err != nil || len(cs) != 0 || total != 4 || sum != 1550000 {
			t.Errorf("past the end: %v total %d sum %d %v", ids(cs), total, sum, err)
		}
		if err := db.DeleteActivity(ctx, shared.ID); kampungkb.ErrorKind(err) != kampungkb.Conflict ||
			!strings.Contains(err.Error(), "2 kontribusi") {
			t.Errorf("delete of an activity with 2 contributions: %v", err)
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
