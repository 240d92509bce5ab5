package sqldb_test

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// scopeCounts lists, in scope s, what every list and report holds.
type scopeCounts struct {
	kampung, partners, agreements, activities, contributions []string
	coverage                                                 int // Kampung KB in the 2024 coverage of 52.03
	summaries, matrixRows                                    []string
}

func scopeLists(t *testing.T, f *reachFixture, s kampungkb.Scope) scopeCounts {
	t.Helper()
	var c scopeCounts
	ks, _, err := f.db.KampungList(ctx, kampungkb.Filter{Scope: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		c.kampung = append(c.kampung, k.Name)
	}
	ps, _, err := f.db.Partners(ctx, kampungkb.Filter{Scope: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		c.partners = append(c.partners, p.Name)
	}
	ags, _, err := f.db.Agreements(ctx, kampungkb.Filter{Scope: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ags {
		c.agreements = append(c.agreements, a.Title)
	}
	as, _, err := f.db.Activities(ctx, kampungkb.Filter{Scope: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		c.activities = append(c.activities, a.Title)
	}
	cs, _, _, err := f.db.Contributions(ctx, kampungkb.Filter{Scope: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cs {
		c.contributions = append(c.contributions, x.PartnerName)
	}
	r, err := f.db.Coverage(ctx, "52.03", year2024, s)
	if err != nil {
		t.Fatal(err)
	}
	c.coverage = r.Total
	ss, err := f.db.PartnerSummaries(ctx, "52.03", year2024, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ss {
		c.summaries = append(c.summaries, x.Partner.Name)
	}
	m, err := f.db.PartnerMatrix(ctx, "52.03", year2024, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range m.Rows {
		c.matrixRows = append(c.matrixRows, x.Partner.Name)
	}
	for _, l := range [][]string{c.kampung, c.partners, c.agreements, c.activities, c.contributions, c.summaries, c.matrixRows} {
		sort.Strings(l)
	}
	return c
}

func TestScopeRestrictsListsAndReports(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newReachFixture(t, db)
		join := func(xs []string) string { return strings.Join(xs, "; ") }
		for _, c := range []struct {
			name  string
			scope kampungkb.Scope
			want  scopeCounts
		}{
			{"everything", kampungkb.Scope{}, scopeCounts{
				kampung:       []string{"Kampung KB Pancor", "Kampung KB Tanjung Luar", "Kampung KB Tumbuh Mulia"},
				partners:      []string{"Bank NTB Syariah", "Muslimat NW", "Muslimat NW Pancor"},
				agreements:    []string{"MoU Muslimat NW dan DP3AKB Lombok Timur"},
				activities:    []string{"Pelayanan KB", "Pengajian keluarga", "Posyandu remaja", "Rapat Pokja"},
				contributions: []string{"Bank NTB Syariah", "Muslimat NW Pancor"}, coverage: 3,
				summaries: []string{"Bank NTB Syariah", "Muslimat NW", "Muslimat NW Pancor"}, matrixRows: []string{"Bank NTB Syariah", "Muslimat NW", "Muslimat NW Pancor"}}},
			// Kecamatan Selong: Pancor, and the activity in Pancor and
			// Tumbuh Mulia with its contribution; partners are reference
			// data; the MoU's party region (52.03) lies above
			{"Selong", kampungkb.Scope{Region: "52.03.07"}, scopeCounts{
				kampung:    []string{"Kampung KB Pancor"},
				partners:   []string{"Bank NTB Syariah", "Muslimat NW", "Muslimat NW Pancor"},
				agreements: []string{"MoU Muslimat NW dan DP3AKB Lombok Timur"},
				activities: []string{"Pengajian keluarga", "Posyandu remaja"}, contributions: []string{"Muslimat NW Pancor"}, coverage: 1,
				summaries: []string{"Muslimat NW", "Muslimat NW Pancor"}, matrixRows: []string{"Muslimat NW", "Muslimat NW Pancor"}}},
			// a partner user of Muslimat NW: its own records and its unit's
			{"Muslimat NW", kampungkb.Scope{PartnerID: f.muslimat}, scopeCounts{
				kampung:    []string{"Kampung KB Pancor", "Kampung KB Tumbuh Mulia"},
				partners:   []string{"Muslimat NW", "Muslimat NW Pancor"},
				agreements: []string{"MoU Muslimat NW dan DP3AKB Lombok Timur"},
				activities: []string{"Pengajian keluarga", "Posyandu remaja"}, contributions: []string{"Muslimat NW Pancor"}, coverage: 2,
				summaries: []string{"Muslimat NW", "Muslimat NW Pancor"}, matrixRows: []string{"Muslimat NW", "Muslimat NW Pancor"}}},
			// the unit's user does not see its parent's agreement
			{"Muslimat NW Pancor", kampungkb.Scope{PartnerID: f.muslimatPancor}, scopeCounts{
				kampung:    []string{"Kampung KB Pancor", "Kampung KB Tumbuh Mulia"},
				partners:   []string{"Muslimat NW Pancor"},
				activities: []string{"Pengajian keluarga", "Posyandu remaja"}, contributions: []string{"Muslimat NW Pancor"}, coverage: 2,
				summaries: []string{"Muslimat NW Pancor"}, matrixRows: []string{"Muslimat NW Pancor"}}},
			// Bank NTB Syariah's user in Keruak: the contribution and the 2022 activity
			{"Bank NTB Syariah", kampungkb.Scope{PartnerID: f.bank, Region: "52.03.01"}, scopeCounts{
				kampung:    []string{"Kampung KB Tanjung Luar"},
				partners:   []string{"Bank NTB Syariah"},
				activities: []string{"Pelayanan KB"}, contributions: []string{"Bank NTB Syariah"}, coverage: 1,
				summaries: []string{"Bank NTB Syariah"}, matrixRows: []string{"Bank NTB Syariah"}}},
			{"a partner user without organisation", kampungkb.Scope{PartnerID: -1}, scopeCounts{}},
		} {
			got := scopeLists(t, f, c.scope)
			for _, x := range []struct {
				what      string
				got, want []string
			}{
				{"kampung", got.kampung, c.want.kampung}, {"partners", got.partners, c.want.partners},
				{"agreements", got.agreements, c.want.agreements}, {"activities", got.activities, c.want.activities},
				{"contributions", got.contributions, c.want.contributions}, {"summaries", got.summaries, c.want.summaries},
				{"matrix", got.matrixRows, c.want.matrixRows},
			} {
				if join(x.got) != join(x.want) {
					t.Errorf("%s: %s = %q, want %q", c.name, x.what, join(x.got), join(x.want))
				}
			}
			if got.coverage != c.want.coverage {
				t.Errorf("%s: coverage counts %d Kampung KB, want %d", c.name, got.coverage, c.want.coverage)
			}
		}

		// a record outside the scope is not found, with a missing one's message
		err := db.InScope(ctx, sqldb.EntityKampung, f.tumbuh, kampungkb.Scope{Region: "52.03.07"})
		if kampungkb.ErrorKind(err) != kampungkb.NotFound || kampungkb.ErrorMessage(err) != kampungkb.ErrorMessage(sqldbNotFound(t, db, f.tumbuh)) {
			t.Errorf("out of scope: %v", err)
		}
		if err := db.InScope(ctx, sqldb.EntityKampung, f.pancor, kampungkb.Scope{Region: "52.03.07"}); err != nil {
			t.Errorf("in scope: %v", err)
		}
		if err := db.InScope(ctx, sqldb.EntityActivity, f.old.ID, kampungkb.Scope{PartnerID: f.muslimat}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("another partner's activity: %v", err)
		}
		if err := db.InScope(ctx, sqldb.EntityContribution, f.c1.ID, kampungkb.Scope{PartnerID: f.muslimat}); err != nil {
			t.Errorf("the unit's contribution for its parent's user: %v", err)
		}
		if err := db.InScope(ctx, sqldb.EntityPartner, f.bank, kampungkb.Scope{Region: "52.03.13"}); err != nil {
			t.Errorf("partners are reference data: %v", err)
		}
		if err := db.InScope(ctx, sqldb.EntityAgreement, f.mou, kampungkb.Scope{PartnerID: f.muslimatPancor}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("the parent's agreement for the unit's user: %v", err)
		}
	})
}

// sqldbNotFound returns what reading a Kampung KB that does not exist
// answers, with id instead of the missing id.
func sqldbNotFound(t *testing.T, db *sqldb.DB, id int64) error {
	t.Helper()
	_, err := db.Kampung(ctx, id+1000)
	return &kampungkb.Error{Kind: kampungkb.NotFound, Message: strings.Replace(kampungkb.ErrorMessage(err),
		strconv.FormatInt(id+1000, 10), strconv.FormatInt(id, 10), 1)}
}

func TestFileOwner(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newReachFixture(t, db)
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		photo := kampungkb.File{Name: "a.png", ContentType: "image/png", Data: png}
		p, err := db.AddActivityPhoto(ctx, f.a1.ID, "kegiatan", "", &photo)
		if err != nil {
			t.Fatal(err)
		}
		doc := kampungkb.File{Name: "mou.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")}
		d, err := db.AddAgreementDocument(ctx, f.mou, "Naskah", &doc)
		if err != nil {
			t.Fatal(err)
		}
		kp := kampungkb.File{Name: "k.png", ContentType: "image/png", Data: png}
		if err := db.SetKampungPhoto(ctx, f.tumbuh, &kp); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			file   int64
			entity string
			id     int64
		}{{p.FileID, sqldb.EntityActivity, f.a1.ID}, {d.FileID, sqldb.EntityAgreement, f.mou}, {kp.ID, sqldb.EntityKampung, f.tumbuh}} {
			entity, id, err := db.FileOwner(ctx, c.file)
			if err != nil || entity != c.entity || id != c.id {
				t.Errorf("owner of file %d = %s %d, %v; want %s %d", c.file, entity, id, err, c.entity, c.id)
			}
		}
		if _, _, err := db.FileOwner(ctx, 999999); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("missing file: %v", err)
		}
		places, err := db.KampungPlaces(ctx, []int64{f.pancor, f.archived, 999999})
		if err != nil || len(places) != 2 || places[f.pancor].Village != "52.03.07.1001" || places[f.archived].Name != "Kampung KB Pijot" {
			t.Errorf("places = %v, %v", places, err)
		}
		if ids, err := db.ActivityKampungIDs(ctx, f.b1.ID); err != nil || len(ids) != 2 {
			t.Errorf("kampung of b1 = %v, %v", ids, err)
		}
	})
}
