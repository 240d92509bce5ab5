package sqldb_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// newKampung returns a valid Kampung KB covering the whole village.
func newKampung(name, village string) kampungkb.Kampung {
	return kampungkb.Kampung{Name: name, VillageCode: village, Coverage: "desa", LaunchDate: kampungkb.MustDate("2019-06-01")}
}

func mustCreateKampung(t *testing.T, db *sqldb.DB, k kampungkb.Kampung) kampungkb.Kampung {
	t.Helper()
	if err := db.CreateKampung(ctx, &k); err != nil {
		t.Fatalf("create kampung %q: %v", k.Name, err)
	}
	return k
}

func coord(f float64) *float64 { return &f }

func TestKampungCreateRefusesInvalid(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		future := kampungkb.DateOf(time.Now()).AddDays(10)
		tests := []struct {
			name, field string
			change      func(k *kampungkb.Kampung)
		}{
			{"unknown village", "village_code", func(k *kampungkb.Kampung) { k.VillageCode = "52.03.13.9999" }},
			{"kecamatan instead of village", "village_code", func(k *kampungkb.Kampung) { k.VillageCode = "52.03.13" }},
			{"future launch date", "launch_date", func(k *kampungkb.Kampung) { k.LaunchDate = future }},
			{"latitude outside Indonesia", "latitude", func(k *kampungkb.Kampung) { k.Latitude, k.Longitude = coord(48.85), coord(116.5) }},
			{"longitude outside Indonesia", "longitude", func(k *kampungkb.Kampung) { k.Latitude, k.Longitude = coord(-8.6), coord(2.35) }},
		}
		for _, tt := range tests {
			k := newKampung("Kampung KB Uji", "52.03.13.2007")
			tt.change(&k)
			err := db.CreateKampung(ctx, &k)
			if kampungkb.ErrorKind(err) != kampungkb.Invalid || kampungkb.ErrorFields(err)[tt.field] == "" {
				t.Errorf("%s: err = %v, want a field error for %s", tt.name, err, tt.field)
			}
			if k.ID != 0 {
				t.Errorf("%s: ID set to %d", tt.name, k.ID)
			}
		}
		// All problems at once: the unknown village is reported with the
		// problems Validate finds.
		k := newKampung("", "52.03.13.9999")
		err := db.CreateKampung(ctx, &k)
		if f := kampungkb.ErrorFields(err); f["name"] == "" || !strings.Contains(f["village_code"], "tidak dikenal") {
			t.Errorf("several problems: %v", err)
		}
		rows, total, err := db.KampungList(ctx, kampungkb.Filter{Archived: true})
		if err != nil || total != 0 || len(rows) != 0 {
			t.Errorf("after refused creates: %d rows, total %d, %v; want nothing stored", len(rows), total, err)
		}
	})
}

func TestKampungGet(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		k := newKampung("  Kampung KB Tumbuh Mulia ", "5203132007")
		k.Coverage, k.CoverageDetail = "dusun", "Dusun Lendang"
		k.Criteria = []string{"terpencil", "kb_rendah"}
		k.AreaTypes = []string{"tertinggal", "kumuh"}
		k.Latitude, k.Longitude = coord(-8.5501), coord(116.6321)
		k.Description = "Dicanangkan bersama TP-PKK."
		k = mustCreateKampung(t, db, k)
		if k.VillageCode != "52.03.13.2007" || k.Name != "Kampung KB Tumbuh Mulia" || k.Version != 1 || k.CreatedBy != "tester" {
			t.Errorf("created = %+v", k)
		}
		got, err := db.Kampung(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		var path []string
		for _, r := range got.Path {
			path = append(path, r.Name)
		}
		if want := "Nusa Tenggara Barat/Kabupaten Lombok Timur/Suralaga/Tumbuh Mulia"; strings.Join(path, "/") != want {
			t.Errorf("path = %v, want %s", path, want)
		}
		if got.Village.Name != "Tumbuh Mulia" || got.Village.Level != kampungkb.Desa || got.Village.ParentCode != "52.03.13" {
			t.Errorf("village = %+v", got.Village)
		}
		if !reflect.DeepEqual(got.Criteria, []string{"kb_rendah", "terpencil"}) ||
			!reflect.DeepEqual(got.AreaTypes, []string{"kumuh", "tertinggal"}) {
			t.Errorf("codes = %v, %v; want them in code-list order", got.Criteria, got.AreaTypes)
		}
		if got.LaunchDate != k.LaunchDate || got.Coverage != "dusun" || got.CoverageDetail != "Dusun Lendang" ||
			got.Latitude == nil || *got.Latitude != -8.5501 || *got.Longitude != 116.6321 || got.Description != k.Description {
			t.Errorf("got %+v", got)
		}
		if !got.CreatedAt.Equal(k.CreatedAt) || got.Version != 1 || got.Activity != 0 || got.PhotoFileID != 0 {
			t.Errorf("meta = %+v, activity %d", got.Meta, got.Activity)
		}
		if _, err := db.Kampung(ctx, k.ID+100); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown kampung: %v", err)
		}
	})
}

func TestKampungUpdate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		k := newKampung("Kampung KB Pancor", "52.03.07.1001")
		k.Criteria = []string{"kb_rendah"}
		k = mustCreateKampung(t, db, k)
		a, _ := db.Kampung(ctx, k.ID)
		b := a
		a.Criteria = []string{"miskin_tinggi", "lainnya"}
		a.CriteriaOther = "Rawan banjir"
		a.VillageCode = "52.03.07.1002"
		if err := db.UpdateKampung(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if a.Version != 2 || a.UpdatedBy != "tester" {
			t.Errorf("after update meta = %+v", a.Meta)
		}
		got, _ := db.Kampung(ctx, k.ID)
		if got.VillageCode != "52.03.07.1002" || got.Village.Name != "Selong" ||
			!reflect.DeepEqual(got.Criteria, []string{"miskin_tinggi", "lainnya"}) || got.CriteriaOther != "Rawan banjir" {
			t.Errorf("after update = %+v", got)
		}
		b.Name = "Nama lain"
		if err := db.UpdateKampung(ctx, &b); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Errorf("stale update: %v, want conflict", err)
		}
		b.Version = 0
		b.VillageCode = "52.03"
		if err := db.UpdateKampung(ctx, &b); kampungkb.ErrorFields(err)["village_code"] == "" {
			t.Errorf("update to a kabupaten: %v, want a village_code error", err)
		}
		missing := newKampung("Tidak ada", "52.03.07.1001")
		missing.ID = k.ID + 100
		if err := db.UpdateKampung(ctx, &missing); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("update unknown: %v", err)
		}
	})
}

func TestKampungList(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		tumbuh := mustCreateKampung(t, db, newKampung("Kampung KB Tumbuh Mulia", "52.03.13.2007"))
		anjani := mustCreateKampung(t, db, newKampung("Kampung KB Harapan 50%", "52.03.13.2001"))
		pancor := mustCreateKampung(t, db, newKampung("Kampung KB Sejahtera", "52.03.07.1001"))
		old := mustCreateKampung(t, db, newKampung("Kampung KB Lama", "52.03.07.1002"))
		if err := db.SetKampungArchived(ctx, old.ID, true); err != nil {
			t.Fatal(err)
		}
		names := func(f kampungkb.Filter) ([]string, int) {
			t.Helper()
			rows, total, err := db.KampungList(ctx, f)
			if err != nil {
				t.Fatalf("list %+v: %v", f, err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.Name)
			}
			return out, total
		}
		tests := []struct {
			name  string
			f     kampungkb.Filter
			want  []string
			total int
		}{
			{"all, by village code", kampungkb.Filter{}, []string{"Kampung KB Sejahtera", "Kampung KB Harapan 50%", "Kampung KB Tumbuh Mulia"}, 3},
			{"archived too", kampungkb.Filter{Archived: true}, []string{"Kampung KB Sejahtera", "Kampung KB Lama", "Kampung KB Harapan 50%", "Kampung KB Tumbuh Mulia"}, 4},
			{"kecamatan", kampungkb.Filter{Region: "52.03.13"}, []string{"Kampung KB Harapan 50%", "Kampung KB Tumbuh Mulia"}, 2},
			{"dotless kabupaten", kampungkb.Filter{Region: "5203"}, []string{"Kampung KB Sejahtera", "Kampung KB Harapan 50%", "Kampung KB Tumbuh Mulia"}, 3},
			{"village", kampungkb.Filter{Region: "52.03.07.1001"}, []string{"Kampung KB Sejahtera"}, 1},
			{"other kabupaten", kampungkb.Filter{Region: "52.01"}, nil, 0},
			{"q in name", kampungkb.Filter{Q: "TUMBUH"}, []string{"Kampung KB Tumbuh Mulia"}, 1},
			{"q in village name", kampungkb.Filter{Q: "pancor"}, []string{"Kampung KB Sejahtera"}, 1},
			{"q with LIKE characters", kampungkb.Filter{Q: "50%"}, []string{"Kampung KB Harapan 50%"}, 1},
			{"q percent alone", kampungkb.Filter{Q: "%"}, []string{"Kampung KB Harapan 50%"}, 1},
			{"first page", kampungkb.Filter{Limit: 2}, []string{"Kampung KB Sejahtera", "Kampung KB Harapan 50%"}, 3},
			{"last page", kampungkb.Filter{Limit: 2, Offset: 2}, []string{"Kampung KB Tumbuh Mulia"}, 3},
			{"past the end", kampungkb.Filter{Limit: 2, Offset: 10}, nil, 3},
		}
		for _, tt := range tests {
			got, total := names(tt.f)
			if !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("%s: got %q total %d, want %q total %d", tt.name, got, total, tt.want, tt.total)
			}
		}

		// Activities, partners and contributions.
		bank := kampungkb.Partner{Name: "Bank NTB Syariah", Category: "bumn_bumd"}
		pkk := kampungkb.Partner{Name: "TP-PKK Lombok Timur", Category: "komunitas"}
		for _, p := range []*kampungkb.Partner{&bank, &pkk} {
			if err := db.CreatePartner(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		act := func(date, category string, kampung int64, partners ...int64) int64 {
			t.Helper()
			now := time.Now()
			id, err := db.KampungTestInsert(ctx, `INSERT INTO activities (title, date, category, type, created_at, updated_at,
				created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				"Kegiatan "+date, kampungkb.MustDate(date), category, "penyuluhan", now, now, "tester", "tester")
			if err != nil {
				t.Fatal(err)
			}
			if err := db.KampungTestExec(ctx, `INSERT INTO activity_kampung (activity_id, kampung_id) VALUES (?, ?)`, id, kampung); err != nil {
				t.Fatal(err)
			}
			for _, p := range partners {
				if err := db.KampungTestExec(ctx, `INSERT INTO activity_partners (activity_id, partner_id) VALUES (?, ?)`, id, p); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}
		act("2024-02-10", "reproduksi", tumbuh.ID, bank.ID, pkk.ID)
		act("2024-05-20", "ekonomi", tumbuh.ID, bank.ID)
		act("2023-11-02", "ekonomi", anjani.ID)
		now := time.Now()
		if _, err := db.KampungTestInsert(ctx, `INSERT INTO contributions (partner_id, kampung_id, kind, amount, date,
			created_at, updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			pkk.ID, pancor.ID, "barang", 500000, kampungkb.MustDate("2022-08-17"), now, now, "tester", "tester"); err != nil {
			t.Fatal(err)
		}
		period := func(from, to string) kampungkb.Period {
			return kampungkb.Period{From: kampungkb.MustDate(from), To: kampungkb.MustDate(to)}
		}
		tests = []struct {
			name  string
			f     kampungkb.Filter
			want  []string
			total int
		}{
			{"category", kampungkb.Filter{Category: "ekonomi"}, []string{"Kampung KB Harapan 50%", "Kampung KB Tumbuh Mulia"}, 2},
			{"category in period", kampungkb.Filter{Category: "ekonomi", Period: period("2024-01-01", "2024-12-31")}, []string{"Kampung KB Tumbuh Mulia"}, 1},
			{"category and partner", kampungkb.Filter{Category: "reproduksi", PartnerID: bank.ID}, []string{"Kampung KB Tumbuh Mulia"}, 1},
			{"partner in activity or contribution", kampungkb.Filter{PartnerID: pkk.ID}, []string{"Kampung KB Sejahtera", "Kampung KB Tumbuh Mulia"}, 2},
			{"partner contribution outside period", kampungkb.Filter{PartnerID: pkk.ID, Period: period("2024-01-01", "2024-03-01")}, []string{"Kampung KB Tumbuh Mulia"}, 1},
			{"partner contribution in period", kampungkb.Filter{PartnerID: pkk.ID, Period: period("2022-01-01", "2022-12-31")}, []string{"Kampung KB Sejahtera"}, 1},
			{"period alone", kampungkb.Filter{Period: kampungkb.Period{To: kampungkb.MustDate("2023-12-31")}}, []string{"Kampung KB Harapan 50%"}, 1},
			{"no such category", kampungkb.Filter{Category: "keagamaan"}, nil, 0},
		}
		for _, tt := range tests {
			got, total := names(tt.f)
			if !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("%s: got %q total %d, want %q total %d", tt.name, got, total, tt.want, tt.total)
			}
		}

		mustSaveProfile(t, db, kampungkb.Profile{KampungID: tumbuh.ID, AsOf: kampungkb.MustDate("2024-01-31")})
		rows, _, err := db.KampungList(ctx, kampungkb.Filter{Region: "52.03.13"})
		if err != nil || len(rows) != 2 {
			t.Fatalf("list: %v %v", rows, err)
		}
		r := rows[1]
		if r.ID != tumbuh.ID || r.Village.Name != "Tumbuh Mulia" || r.Village.Code != "52.03.13.2007" ||
			r.KecamatanName != "Suralaga" || r.KabupatenName != "Kabupaten Lombok Timur" ||
			r.Activity != 2 || r.Partners != 2 || r.LastActivity != kampungkb.MustDate("2024-05-20") || !r.HasProfile {
			t.Errorf("row = %+v", r)
		}
		if r := rows[0]; r.Activity != 1 || r.Partners != 0 || r.LastActivity != kampungkb.MustDate("2023-11-02") || r.HasProfile {
			t.Errorf("row without partners or profile = %+v", r)
		}
		if got, _ := db.Kampung(ctx, tumbuh.ID); got.Activity != 2 {
			t.Errorf("Kampung().Activity = %d, want 2", got.Activity)
		}

		refs, err := db.KampungRefs(ctx, "52.03.07", kampungkb.Scope{})
		if err != nil || len(refs) != 1 || refs[0].ID != pancor.ID || refs[0].Name != "Kampung KB Sejahtera (Pancor)" {
			t.Errorf("refs in Selong = %+v, %v (archived ones left out)", refs, err)
		}
		refs, err = db.KampungRefs(ctx, "", kampungkb.Scope{})
		if err != nil || len(refs) != 3 || refs[0].Name != "Kampung KB Harapan 50% (Anjani)" {
			t.Errorf("all refs = %+v, %v", refs, err)
		}
	})
}

func mustSaveProfile(t *testing.T, db *sqldb.DB, p kampungkb.Profile) kampungkb.Profile {
	t.Helper()
	if err := db.SaveProfile(ctx, &p); err != nil {
		t.Fatalf("save profile as of %s: %v", p.AsOf, err)
	}
	return p
}

func TestProfileSnapshots(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		k := mustCreateKampung(t, db, newKampung("Kampung KB Tumbuh Mulia", "52.03.13.2007"))
		other := mustCreateKampung(t, db, newKampung("Kampung KB Anjani", "52.03.13.2001"))

		if _, err := db.CurrentProfile(ctx, k.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("current profile before any: %v", err)
		}
		if ps, err := db.Profiles(ctx, k.ID); err != nil || len(ps) != 0 {
			t.Errorf("history before any: %v, %v", ps, err)
		}

		first := mustSaveProfile(t, db, kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2023-01-31"),
			PokjaExists: true, PokjaMembers: 10, Guide: "kader", Programs: []string{"bkb"}})
		if !first.Current || first.CreatedBy != "tester" {
			t.Errorf("first snapshot = %+v", first)
		}
		full := kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2024-06-30"),
			PokjaExists: true, PokjaSK: true, PokjaSKNumber: "140/12/2024", PokjaMembers: 15, PokjaTrained: 6,
			PokjaTrainingNote: "Orientasi Pokja 2024", PKBAssigned: true, PKBName: "Baiq Nurul", PKBNIP: "198703122010012003",
			PKBContact: "0818 0000 111", RKM: true, Note: "Pemutakhiran semester I",
			Regulations: []string{"desa", "bupati"}, DataUses: []string{"pk", "potensi_desa"},
			Programs: []string{"pikr", "bkb", "rumah_dataku"}, Funding: []string{"dana_desa", "apbd"},
			Mechanisms: []kampungkb.Mechanism{
				{Code: "laporan", Frequency: "lainnya", FrequencyOther: "Tiap musim tanam"},
				{Code: "rapat_perencanaan", Frequency: "bulanan"},
			}}
		second := mustSaveProfile(t, db, full)
		// Back-dated: kept in the history, not current.
		backdated := mustSaveProfile(t, db, kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2023-07-31"),
			PokjaExists: true, PokjaMembers: 12})
		if !second.Current || backdated.Current {
			t.Errorf("current flags: second %v, back-dated %v", second.Current, backdated.Current)
		}
		mustSaveProfile(t, db, kampungkb.Profile{KampungID: other.ID, AsOf: kampungkb.MustDate("2024-01-01")})

		ps, err := db.Profiles(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		current := 0
		for _, p := range ps {
			ids = append(ids, p.ID)
			if p.Current {
				current++
			}
		}
		if want := []int64{second.ID, backdated.ID, first.ID}; !reflect.DeepEqual(ids, want) || current != 1 {
			t.Errorf("history ids %v with %d current, want %v with 1", ids, current, want)
		}
		if !reflect.DeepEqual(ps[2].Programs, []string{"bkb"}) || ps[2].Guide != "kader" || ps[1].PokjaMembers != 12 {
			t.Errorf("older snapshots = %+v / %+v", ps[2], ps[1])
		}

		cur, err := db.CurrentProfile(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := full
		want.ID, want.Current, want.CreatedAt, want.CreatedBy = second.ID, true, second.CreatedAt, "tester"
		want.Regulations = []string{"bupati", "desa"}
		want.Programs = []string{"bkb", "pikr", "rumah_dataku"}
		want.Funding = []string{"apbd", "dana_desa"}
		want.Mechanisms = []kampungkb.Mechanism{want.Mechanisms[1], want.Mechanisms[0]}
		if !cur.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("created_at = %v, want %v", cur.CreatedAt, want.CreatedAt)
		}
		cur.CreatedAt = want.CreatedAt
		if !reflect.DeepEqual(cur, want) {
			t.Errorf("current profile =\n%+v\nwant (lists in code-list order)\n%+v", cur, want)
		}
		if !reflect.DeepEqual(ps[0].Mechanisms, want.Mechanisms) {
			t.Errorf("history lists = %+v", ps[0].Mechanisms)
		}

		// A later snapshot with the same date as the current one replaces it.
		same := mustSaveProfile(t, db, kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2024-06-30"), PokjaMembers: 0})
		if cur, _ := db.CurrentProfile(ctx, k.ID); !same.Current || cur.ID != same.ID {
			t.Errorf("same-date save: current = %d, want %d", cur.ID, same.ID)
		}

		one, err := db.Profile(ctx, k.ID, first.ID)
		if err != nil || one.ID != first.ID || one.Current {
			t.Errorf("Profile(first) = %+v, %v", one, err)
		}
		if _, err := db.Profile(ctx, other.ID, first.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("snapshot of another kampung: %v, want not_found", err)
		}

		// Refused saves store nothing.
		future := kampungkb.DateOf(time.Now()).AddDays(3)
		if err := db.SaveProfile(ctx, &kampungkb.Profile{KampungID: k.ID, AsOf: future}); kampungkb.ErrorFields(err)["as_of"] == "" {
			t.Errorf("future snapshot: %v", err)
		}
		if err := db.SaveProfile(ctx, &kampungkb.Profile{KampungID: k.ID + 100, AsOf: kampungkb.MustDate("2024-01-01")}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("snapshot of unknown kampung: %v", err)
		}
		if _, err := db.Profiles(ctx, k.ID+100); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("history of unknown kampung: %v", err)
		}
		if ps, _ := db.Profiles(ctx, k.ID); len(ps) != 4 {
			t.Errorf("history has %d snapshots, want 4", len(ps))
		}

		// Profiles go with their kampung.
		if err := db.DeleteKampung(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CurrentProfile(ctx, k.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("profile of a deleted kampung: %v", err)
		}
	})
}

func TestKampungDelete(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		k := mustCreateKampung(t, db, newKampung("Kampung KB Tumbuh Mulia", "52.03.13.2007"))
		p := kampungkb.Partner{Name: "Bank NTB Syariah", Category: "bumn_bumd"}
		if err := db.CreatePartner(ctx, &p); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		act, err := db.KampungTestInsert(ctx, `INSERT INTO activities (title, date, category, type, created_at, updated_at,
			created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			"Penyuluhan", kampungkb.MustDate("2024-03-01"), "reproduksi", "penyuluhan", now, now, "tester", "tester")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.KampungTestExec(ctx, `INSERT INTO activity_kampung (activity_id, kampung_id) VALUES (?, ?)`, act, k.ID); err != nil {
			t.Fatal(err)
		}
		contrib, err := db.KampungTestInsert(ctx, `INSERT INTO contributions (partner_id, kampung_id, kind, amount, date,
			created_at, updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, k.ID, "uang", 1000000, kampungkb.MustDate("2024-03-01"), now, now, "tester", "tester")
		if err != nil {
			t.Fatal(err)
		}
		agr, err := db.KampungTestInsert(ctx, `INSERT INTO agreements (type, title, signed_on, valid_from, created_at,
			updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			"pks", "PKS Kampung KB", kampungkb.MustDate("2024-01-10"), kampungkb.MustDate("2024-01-10"), now, now, "tester", "tester")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.KampungTestInsert(ctx, `INSERT INTO agreement_parties (agreement_id, position, kind, kampung_id)
			VALUES (?, ?, ?, ?)`, agr, 0, "kampung", k.ID); err != nil {
			t.Fatal(err)
		}

		err = db.DeleteKampung(ctx, k.ID)
		if kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Fatalf("delete referenced kampung: %v, want conflict", err)
		}
		msg := kampungkb.ErrorMessage(err)
		for _, s := range []string{`"Kampung KB Tumbuh Mulia"`, "1 kegiatan", "1 kontribusi", "1 perjanjian", "Arsipkan"} {
			if !strings.Contains(msg, s) {
				t.Errorf("message %q lacks %q", msg, s)
			}
		}

		// Archiving is the way out; the kampung stays readable.
		if err := db.SetKampungArchived(ctx, k.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Kampung(ctx, k.ID); err != nil || !got.Archived || got.Version != 2 {
			t.Errorf("archived = %+v, %v", got, err)
		}
		if err := db.SetKampungArchived(ctx, k.ID+100, true); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("archive unknown: %v", err)
		}

		// Without references it goes, with its photo.
		for _, q := range []string{`DELETE FROM agreements WHERE id = ?`, `DELETE FROM contributions WHERE id = ?`, `DELETE FROM activities WHERE id = ?`} {
			id := map[string]int64{"agreements": agr, "contributions": contrib, "activities": act}[strings.Fields(q)[2]]
			if err := db.KampungTestExec(ctx, q, id); err != nil {
				t.Fatal(err)
			}
		}
		photo := kampungkb.File{Name: "foto.png", ContentType: "image/png", Data: []byte("\x89PNG fake")}
		if err := db.SetKampungPhoto(ctx, k.ID, &photo); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteKampung(ctx, k.ID); err != nil {
			t.Fatalf("delete unreferenced kampung: %v", err)
		}
		if _, err := db.Kampung(ctx, k.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("deleted kampung: %v", err)
		}
		if _, err := db.File(ctx, photo.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("photo of deleted kampung: %v, want not_found", err)
		}
		if err := db.DeleteKampung(ctx, k.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestKampungPhoto(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		k := mustCreateKampung(t, db, newKampung("Kampung KB Tumbuh Mulia", "52.03.13.2007"))
		first := kampungkb.File{Name: "gapura.jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff first")}
		if err := db.SetKampungPhoto(ctx, k.ID, &first); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Kampung(ctx, k.ID)
		if first.ID == 0 || got.PhotoFileID != first.ID || got.Version != 1 {
			t.Errorf("photo id %d, kampung has %d (version %d)", first.ID, got.PhotoFileID, got.Version)
		}
		f, err := db.File(ctx, first.ID)
		if err != nil || string(f.Data) != "\xff\xd8\xff first" || f.Size != int64(len(first.Data)) || f.CreatedBy != "tester" {
			t.Errorf("stored photo = %+v, %v", f, err)
		}

		// An edit form opened before the photo changed still saves, and
		// keeps the photo.
		k.Description = "Diperbarui"
		if err := db.UpdateKampung(ctx, &k); err != nil {
			t.Fatalf("update after photo: %v", err)
		}
		if k.PhotoFileID != first.ID {
			t.Errorf("after update photo = %d, want %d", k.PhotoFileID, first.ID)
		}

		second := kampungkb.File{Name: "posyandu.png", ContentType: "image/png", Data: []byte("\x89PNG second")}
		if err := db.SetKampungPhoto(ctx, k.ID, &second); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Kampung(ctx, k.ID); got.PhotoFileID != second.ID {
			t.Errorf("replaced photo = %d, want %d", got.PhotoFileID, second.ID)
		}
		if _, err := db.File(ctx, first.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("replaced photo file: %v, want not_found", err)
		}

		if err := db.RemoveKampungPhoto(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Kampung(ctx, k.ID); got.PhotoFileID != 0 {
			t.Errorf("after remove photo = %d", got.PhotoFileID)
		}
		if _, err := db.File(ctx, second.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("removed photo file: %v, want not_found", err)
		}
		if err := db.RemoveKampungPhoto(ctx, k.ID); err != nil {
			t.Errorf("remove without photo: %v", err)
		}
		if err := db.SetKampungPhoto(ctx, k.ID+100, &kampungkb.File{Name: "x.png", ContentType: "image/png", Data: []byte("x")}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("photo of unknown kampung: %v", err)
		}
	})
}
