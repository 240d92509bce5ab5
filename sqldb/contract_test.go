package sqldb_test

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

var ctx = kampungkb.WithActor(context.Background(), kampungkb.Actor{Username: "tester", Role: "admin"})

func TestMigrationsDeclareSameColumns(t *testing.T) {
	cols := func(d sqldb.Dialect) map[string][]string {
		ms, err := sqldb.Migrations(d)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		table := regexp.MustCompile(`(?s)CREATE TABLE (\w+) \((.*?)\n\);`)
		col := regexp.MustCompile(`(?m)^\t(\w+)\s+[A-Z]`)
		added := regexp.MustCompile(`ALTER TABLE (\w+) ADD COLUMN (\w+)`)
		for _, m := range ms {
			for _, a := range added.FindAllStringSubmatch(m.SQL, -1) {
				out[a[1]] = append(out[a[1]], a[2])
			}
			for _, tm := range table.FindAllStringSubmatch(m.SQL, -1) {
				for _, c := range col.FindAllStringSubmatch(tm[2], -1) {
					if c[1] == "PRIMARY" || c[1] == "CHECK" {
						continue
					}
					out[tm[1]] = append(out[tm[1]], c[1])
				}
			}
		}
		return out
	}
	s, p := cols(sqldb.SQLite), cols(sqldb.Postgres)
	if len(s) == 0 {
		t.Fatal("no tables parsed from the SQLite migrations")
	}
	for name, c := range s {
		if strings.Join(c, ",") != strings.Join(p[name], ",") {
			t.Errorf("table %s: sqlite columns %v, postgres %v", name, c, p[name])
		}
	}
	for name := range p {
		if _, ok := s[name]; !ok {
			t.Errorf("table %s only in the postgres migrations", name)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %v", applied)
		}
	})
}

func TestRegionImport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		regions := testutil.Regions(t, "52")
		res, err := db.ImportRegions(ctx, regions)
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 1+10+117+1166 {
			t.Errorf("inserted %d regions of NTB, want 1294", res.Inserted)
		}
		res, err = db.ImportRegions(ctx, regions)
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 0 || res.Updated != 0 || res.Unchanged != len(regions) {
			t.Errorf("re-import changed something: %+v", res)
		}
		counts, err := db.RegionCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts[kampungkb.Desa] != 1166 {
			t.Errorf("villages = %d, want 1166", counts[kampungkb.Desa])
		}
		r, err := db.Region(ctx, "5203132007")
		if err != nil || r.Name != "Tumbuh Mulia" || r.ParentCode != "52.03.13" {
			t.Errorf("Region(5203132007) = %+v, %v", r, err)
		}
		if _, err := db.Region(ctx, "52.03.13.9999"); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown region: err = %v, want not_found", err)
		}
		kids, err := db.RegionChildren(ctx, "52.03")
		if err != nil || len(kids) != 21 {
			t.Errorf("kecamatan of Lombok Timur = %d (%v), want 21", len(kids), err)
		}
		hits, total, err := db.SearchRegions(ctx, "tumbuh mulia", 0, "", 10)
		if err != nil || total != 1 || hits[0].Code != "52.03.13.2007" || !strings.Contains(hits[0].Path, "Suralaga") {
			t.Errorf("search = %+v total %d err %v", hits, total, err)
		}
		hits, total, err = db.SearchRegions(ctx, "52.03.07", kampungkb.Desa, "", 100)
		if err != nil || total != 11+1 && total != 12 && total == 0 {
			t.Errorf("search by code prefix: total %d err %v", total, err)
		}
		for _, h := range hits {
			if !kampungkb.InRegion(h.Code, "52.03.07") || h.Level != kampungkb.Desa {
				t.Errorf("hit %s outside 52.03.07 or not a village", h.Code)
			}
		}
		// A pemekaran file adding a new village imports the same way, and a
		// rename updates.
		add, err := exchange.ReadRegions(fstest.MapFS{"villages.csv": {Data: []byte(
			"code,district_code,name\n52.03.13.2099,52.03.13,Desa Baru Pemekaran\n52.03.13.2007,52.03.13,Tumbuh Mulia\n")}}, mustKnown(t, db))
		if err != nil {
			t.Fatal(err)
		}
		res, err = db.ImportRegions(ctx, add)
		if err != nil || res.Inserted != 1 || res.Unchanged != 1 {
			t.Errorf("pemekaran import: %+v, %v", res, err)
		}
	})
}

func mustKnown(t *testing.T, db *sqldb.DB) func(string) bool {
	codes, err := db.RegionCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return func(c string) bool { return codes[c] }
}

func TestRegionFileErrorsChangeNothing(t *testing.T) {
	fsys := fstest.MapFS{
		"districts.csv": {Data: []byte("code,regency_code,name\n52.03.99,52.03,Baru\n52.03.98,52.04,Salah Induk\n")},
		"villages.csv":  {Data: []byte("code,district_code,name\n52.03.99.2001,52.03.99,Satu\n52.03.99.2001,52.03.99,Dua\n5203992x03,52.03.99,X\n52.03.97.2001,52.03.97,Yatim\n52.03.99.2004,52.03.99,\n")},
	}
	_, err := exchange.ReadRegions(fsys, func(c string) bool { return c == "52.03" })
	var rows exchange.RowErrors
	if !errors.As(err, &rows) {
		t.Fatalf("err = %v, want RowErrors", err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.String())
	}
	sort.Strings(got)
	want := []string{
		`districts.csv:3: regency_code: "52.04" tidak sesuai dengan awalan kode 52.03.98 (52.03)`,
		`villages.csv:3: code: 52.03.99.2001 muncul lebih dari sekali`,
		`villages.csv:4: code: "5203992x03" bukan kode wilayah Kemendagri`,
		`villages.csv:5: district_code: 52.03.97 tidak dikenal: tidak ada di berkas maupun di basis data`,
		`villages.csv:6: name: kosong`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPartnerLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		parent := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"52"}}
		if err := db.CreatePartner(ctx, &parent); err != nil {
			t.Fatal(err)
		}
		if parent.Institution != "32" || parent.Version != 1 || parent.CreatedBy != "tester" {
			t.Errorf("created = %+v", parent)
		}
		branch := kampungkb.Partner{Name: "Muslimat NW Pancor", Category: "ormas_keagamaan", ParentID: parent.ID,
			Regions: []string{"5203071001"}, Contacts: []kampungkb.Contact{{Name: "Ibu Ketua", Phone: "0812 3456 7890"}}}
		if err := db.CreatePartner(ctx, &branch); err != nil {
			t.Fatal(err)
		}
		got, err := db.Partner(ctx, branch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ParentName != "Muslimat NW" || len(got.Regions) != 1 || got.Regions[0] != "52.03.07.1001" ||
			len(got.Contacts) != 1 || got.RegionNames[0].Name != "Pancor" {
			t.Errorf("got %+v", got)
		}
		// unknown region: field error, nothing stored
		bad := kampungkb.Partner{Name: "X", Category: "lsm", Regions: []string{"52.03.13.9999"}}
		err = db.CreatePartner(ctx, &bad)
		if kampungkb.ErrorKind(err) != kampungkb.Invalid || kampungkb.ErrorFields(err)["regions"] == "" {
			t.Errorf("unknown region: %v", err)
		}
		// cycles refused
		parent.ParentID = branch.ID
		err = db.UpdatePartner(ctx, &parent)
		if kampungkb.ErrorFields(err)["parent_id"] == "" {
			t.Errorf("cycle: %v", err)
		}
		// lost update refused
		p1, _ := db.Partner(ctx, branch.ID)
		p2 := p1
		p1.Notes = "pertama"
		if err := db.UpdatePartner(ctx, &p1); err != nil {
			t.Fatal(err)
		}
		p2.Notes = "kedua"
		if err := db.UpdatePartner(ctx, &p2); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Errorf("stale update: %v, want conflict", err)
		}
		// lists and filters
		rows, total, err := db.Partners(ctx, kampungkb.Filter{Region: "52.03.07"})
		if err != nil || total != 2 {
			t.Errorf("partners in Selong = %d %v (a partner of the whole province works there too)", total, err)
		}
		rows, total, err = db.Partners(ctx, kampungkb.Filter{Q: "pancor"})
		if err != nil || total != 1 || rows[0].Name != "Muslimat NW Pancor" {
			t.Errorf("search = %v %d %v", rows, total, err)
		}
		// deleting a parent with units is refused; archiving hides it
		err = db.DeletePartner(ctx, parent.ID)
		if kampungkb.ErrorKind(err) != kampungkb.Conflict || !strings.Contains(err.Error(), "unit/cabang") {
			t.Errorf("delete parent: %v", err)
		}
		if err := db.SetPartnerArchived(ctx, parent.ID, true); err != nil {
			t.Fatal(err)
		}
		_, total, _ = db.Partners(ctx, kampungkb.Filter{})
		if total != 1 {
			t.Errorf("after archiving, %d partners listed, want 1", total)
		}
		if err := db.DeletePartner(ctx, branch.ID); err != nil {
			t.Errorf("delete unused branch: %v", err)
		}
		if _, err := db.Partner(ctx, branch.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("deleted partner: %v", err)
		}
	})
}

func TestTimesRoundTrip(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		fixed := time.Date(2024, 3, 5, 7, 8, 9, 123456000, time.UTC)
		db.Now = func() time.Time { return fixed }
		m := kampungkb.Partner{Name: "Waktu", Category: "lsm"}
		if err := db.CreatePartner(ctx, &m); err != nil {
			t.Fatal(err)
		}
		got, err := db.Partner(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(fixed) {
			t.Errorf("created_at = %v, want %v", got.CreatedAt, fixed)
		}
	})
}
