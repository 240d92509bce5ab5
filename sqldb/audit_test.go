package sqldb_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// auditTracker checks that each change leaves exactly one new audit entry,
// for the right record, with the right values before and after.
type auditTracker struct {
	t     *testing.T
	db    *sqldb.DB
	total int
}

func newAuditTracker(t *testing.T, db *sqldb.DB) *auditTracker {
	a := &auditTracker{t: t, db: db}
	a.sync()
	return a
}

func (a *auditTracker) count() int {
	a.t.Helper()
	_, total, err := a.db.AuditEntries(ctx, sqldb.AuditFilter{Limit: 1})
	if err != nil {
		a.t.Fatal(err)
	}
	return total
}

// sync forgets the entries written so far (by fixtures).
func (a *auditTracker) sync() { a.total = a.count() }

// none checks that nothing was added to the trail since the last check.
func (a *auditTracker) none(what string) {
	a.t.Helper()
	if n := a.count(); n != a.total {
		a.t.Errorf("%s: %d audit entries written, want none", what, n-a.total)
		a.total = n
	}
}

// expect checks that exactly one entry was added since the last check,
// that it is about entity id with action, and that its before and after
// hold the given fields (nil: no record at all).
func (a *auditTracker) expect(what, entity string, id int64, action string, before, after map[string]any) sqldb.AuditEntry {
	a.t.Helper()
	n := a.count()
	if n != a.total+1 {
		a.t.Errorf("%s: %d audit entries written, want 1", what, n-a.total)
	}
	a.total = n
	rows, _, err := a.db.AuditEntries(ctx, sqldb.AuditFilter{Limit: 1})
	if err != nil || len(rows) != 1 {
		a.t.Fatalf("%s: newest entry: %v", what, err)
	}
	e := rows[0]
	wantID := fmt.Sprint(id)
	if id == 0 {
		wantID = ""
	}
	if e.Entity != entity || e.EntityID != wantID || e.Action != action {
		a.t.Errorf("%s: entry is %s %s/%s, want %s %s/%d", what, e.Action, e.Entity, e.EntityID, action, entity, id)
	}
	if e.Username != "tester" || e.Summary == "" || e.At.IsZero() {
		a.t.Errorf("%s: entry %+v lacks user, summary or time", what, e)
	}
	checkSide(a.t, what+" before", e.Before, before)
	checkSide(a.t, what+" after", e.After, after)
	return e
}

func checkSide(t *testing.T, what string, raw json.RawMessage, want map[string]any) {
	t.Helper()
	if want == nil {
		if len(raw) != 0 {
			t.Errorf("%s = %s, want none", what, raw)
		}
		return
	}
	var got map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Errorf("%s: %v in %q", what, err, raw)
		return
	}
	for k, v := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(v) {
			t.Errorf("%s: %s = %v, want %v", what, k, got[k], v)
		}
	}
	if _, ok := got["data"]; ok {
		t.Errorf("%s holds file bytes", what)
	}
}

func TestAuditPartnerChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		a := newAuditTracker(t, db)
		m := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"52.03"},
			Contacts: []kampungkb.Contact{{Name: "Ibu Ani"}}}
		if err := db.CreatePartner(ctx, &m); err != nil {
			t.Fatal(err)
		}
		e := a.expect("create", "partner", m.ID, "create", nil, map[string]any{"name": "Muslimat NW", "version": 1, "regions": []any{"52.03"}})
		if e.Summary != `Mitra "Muslimat NW" ditambahkan` {
			t.Errorf("summary = %q", e.Summary)
		}
		m.Name = "Muslimat NW Lombok Timur"
		if err := db.UpdatePartner(ctx, &m); err != nil {
			t.Fatal(err)
		}
		e = a.expect("update", "partner", m.ID, "update", map[string]any{"name": "Muslimat NW", "version": 1},
			map[string]any{"name": "Muslimat NW Lombok Timur", "version": 2})
		if e.Summary != `Mitra "Muslimat NW Lombok Timur" diubah` {
			t.Errorf("summary = %q", e.Summary)
		}

		// Failed changes leave no trace: they roll back with the change.
		bad := m
		bad.Name = ""
		if err := db.UpdatePartner(ctx, &bad); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Fatalf("invalid update: %v", err)
		}
		a.none("invalid update")
		stale := m
		stale.Version = 1
		if err := db.UpdatePartner(ctx, &stale); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Fatalf("stale update: %v", err)
		}
		a.none("stale update")
		unit := kampungkb.Partner{Name: "Muslimat NW Pancor", Category: "ormas_keagamaan", ParentID: m.ID}
		if err := db.CreatePartner(ctx, &unit); err != nil {
			t.Fatal(err)
		}
		a.expect("create unit", "partner", unit.ID, "create", nil, map[string]any{"parent_id": m.ID})
		if err := db.DeletePartner(ctx, m.ID); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Fatalf("delete referenced: %v", err)
		}
		a.none("refused delete")
		if err := db.DeletePartner(ctx, 99999); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Fatalf("delete unknown: %v", err)
		}
		a.none("delete unknown")

		if err := db.SetPartnerArchived(ctx, unit.ID, true); err != nil {
			t.Fatal(err)
		}
		a.expect("archive", "partner", unit.ID, "archive", map[string]any{"archived": false}, map[string]any{"archived": true})
		if err := db.SetPartnerArchived(ctx, unit.ID, false); err != nil {
			t.Fatal(err)
		}
		a.expect("unarchive", "partner", unit.ID, "unarchive", map[string]any{"archived": true}, map[string]any{"archived": false})
		if err := db.DeletePartner(ctx, unit.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("delete", "partner", unit.ID, "delete", map[string]any{"name": "Muslimat NW Pancor"}, nil)
	})
}

func TestAuditKampungChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		a := newAuditTracker(t, db)
		k := kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "desa",
			LaunchDate: kampungkb.MustDate("2017-11-14"), Criteria: []string{"kb_rendah"}}
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		a.expect("create", "kampung", k.ID, "create", nil, map[string]any{"name": "Tumbuh Jaya", "village_code": "52.03.13.2007"})
		k.Name = "Tumbuh Jaya Makmur"
		if err := db.UpdateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		a.expect("update", "kampung", k.ID, "update", map[string]any{"name": "Tumbuh Jaya"}, map[string]any{"name": "Tumbuh Jaya Makmur"})
		bad := k
		bad.VillageCode = "52.03.13"
		if err := db.UpdateKampung(ctx, &bad); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Fatalf("invalid update: %v", err)
		}
		a.none("invalid update")

		photo := kampungkb.File{Name: "gapura.png", ContentType: "image/png", Data: []byte("\x89PNG gapura")}
		if err := db.SetKampungPhoto(ctx, k.ID, &photo); err != nil {
			t.Fatal(err)
		}
		e := a.expect("photo", "kampung", k.ID, "update", map[string]any{"photo_file_id": nil}, map[string]any{"photo_file_id": photo.ID})
		if !strings.Contains(e.Summary, "gapura.png") || strings.Contains(string(e.After), "gapura\"") {
			t.Errorf("photo entry: %q %s", e.Summary, e.After)
		}
		if err := db.RemoveKampungPhoto(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("remove photo", "kampung", k.ID, "update", map[string]any{"photo_file_id": photo.ID}, map[string]any{"photo_file_id": nil})
		if err := db.RemoveKampungPhoto(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		a.none("remove no photo")

		p := kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2024-01-31"), PokjaExists: true, PokjaMembers: 12}
		if err := db.SaveProfile(ctx, &p); err != nil {
			t.Fatal(err)
		}
		e = a.expect("profile", "kampung_profile", p.ID, "create", nil, map[string]any{"kampung_id": k.ID, "pokja_members": 12, "current": true})
		if !strings.Contains(e.Summary, "Tumbuh Jaya Makmur") {
			t.Errorf("profile summary = %q", e.Summary)
		}
		if err := db.SetKampungArchived(ctx, k.ID, true); err != nil {
			t.Fatal(err)
		}
		a.expect("archive", "kampung", k.ID, "archive", map[string]any{"archived": false}, map[string]any{"archived": true})
		if err := db.DeleteKampung(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("delete", "kampung", k.ID, "delete", map[string]any{"name": "Tumbuh Jaya Makmur"}, nil)
	})
}

func TestAuditAgreementChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newAgreementFixture(t, db)
		a := newAuditTracker(t, db)
		mou := f.mou()
		if err := db.CreateAgreement(ctx, &mou); err != nil {
			t.Fatal(err)
		}
		a.expect("create", "agreement", mou.ID, "create", nil, map[string]any{"title": mou.Title, "type": "mou"})
		mou.Title = "Nota Kesepahaman 2008"
		if err := db.UpdateAgreement(ctx, &mou); err != nil {
			t.Fatal(err)
		}
		a.expect("update", "agreement", mou.ID, "update", map[string]any{"title": "Nota Kesepahaman Pembinaan Kampung KB"},
			map[string]any{"title": "Nota Kesepahaman 2008"})
		file := kampungkb.File{Name: "mou.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\nrahasia\n%%EOF\n")}
		doc, err := db.AddAgreementDocument(ctx, mou.ID, "Naskah", &file)
		if err != nil {
			t.Fatal(err)
		}
		e := a.expect("add document", "agreement_document", doc.ID, "create", nil,
			map[string]any{"agreement_id": mou.ID, "name": "mou.pdf", "title": "Naskah", "size": len(file.Data)})
		if strings.Contains(string(e.After), "rahasia") || strings.Contains(string(e.After), "JVBER") {
			t.Errorf("document entry holds the file's bytes: %s", e.After)
		}
		if _, err := db.AddAgreementDocument(ctx, mou.ID, "", &kampungkb.File{Name: "x.txt", ContentType: "text/plain", Data: []byte("x")}); err == nil {
			t.Fatal("text document accepted")
		}
		a.none("refused document")
		if err := db.RemoveAgreementDocument(ctx, mou.ID, doc.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("remove document", "agreement_document", doc.ID, "delete", map[string]any{"name": "mou.pdf"}, nil)
		if err := db.SetAgreementArchived(ctx, mou.ID, true); err != nil {
			t.Fatal(err)
		}
		a.expect("archive", "agreement", mou.ID, "archive", map[string]any{"archived": false}, map[string]any{"archived": true})
		if err := db.DeleteAgreement(ctx, mou.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("delete", "agreement", mou.ID, "delete", map[string]any{"title": "Nota Kesepahaman 2008"}, nil)
	})
}

func TestAuditActivityAndContributionChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		k := kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-11-14")}
		m := kampungkb.Partner{Name: "Bank NTB Syariah", Category: "bumn_bumd"}
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePartner(ctx, &m); err != nil {
			t.Fatal(err)
		}
		a := newAuditTracker(t, db)
		act := kampungkb.Activity{Title: "Penyuluhan KB", Date: kampungkb.MustDate("2024-05-01"), KampungIDs: []int64{k.ID},
			PartnerIDs: []int64{m.ID}, Category: "reproduksi", Type: "penyuluhan",
			ParticipantsFemale: 1, Attendees: []kampungkb.Attendee{{Name: "Ibu Sari", Sex: "p"}}}
		if err := db.CreateActivity(ctx, &act); err != nil {
			t.Fatal(err)
		}
		a.expect("create", "activity", act.ID, "create", nil, map[string]any{"title": "Penyuluhan KB"})
		act.Title = "Penyuluhan KB pasca persalinan"
		if err := db.UpdateActivity(ctx, &act); err != nil {
			t.Fatal(err)
		}
		a.expect("update", "activity", act.ID, "update", map[string]any{"title": "Penyuluhan KB"},
			map[string]any{"title": "Penyuluhan KB pasca persalinan"})

		mk := func(title string, kampung int64) *kampungkb.Activity {
			return &kampungkb.Activity{Title: title, Date: kampungkb.MustDate("2024-05-02"), KampungIDs: []int64{kampung},
				Category: "ekonomi", Type: "pelatihan"}
		}
		if err := db.CreateActivities(ctx, []*kampungkb.Activity{mk("satu", k.ID), mk("dua", k.ID+999)}); err == nil {
			t.Fatal("batch with an unknown kampung stored")
		}
		a.none("failed batch")
		batch := []*kampungkb.Activity{mk("satu", k.ID), mk("dua", k.ID)}
		if err := db.CreateActivities(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if n := a.count(); n != a.total+2 {
			t.Errorf("batch of 2 wrote %d entries", n-a.total)
		}
		a.sync()
		for _, x := range batch {
			if rows, total, _ := db.AuditEntries(ctx, sqldb.AuditFilter{Entity: "activity", EntityID: fmt.Sprint(x.ID)}); total != 1 || rows[0].Action != "create" {
				t.Errorf("batch activity %d: %d entries", x.ID, total)
			}
		}

		photo := kampungkb.File{Name: "sebelum.png", ContentType: "image/png", Data: pngBytes}
		ph, err := db.AddActivityPhoto(ctx, act.ID, "sebelum", "Selokan", &photo)
		if err != nil {
			t.Fatal(err)
		}
		a.expect("add photo", "activity_photo", ph.ID, "create", nil, map[string]any{"activity_id": act.ID, "tag": "sebelum", "name": "sebelum.png"})
		if err := db.RemoveActivityPhoto(ctx, act.ID, ph.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("remove photo", "activity_photo", ph.ID, "delete", map[string]any{"caption": "Selokan"}, nil)

		c := kampungkb.Contribution{PartnerID: m.ID, ActivityID: act.ID, Kind: "uang", Amount: 1500000, Date: kampungkb.MustDate("2024-05-01")}
		if err := db.CreateContribution(ctx, &c); err != nil {
			t.Fatal(err)
		}
		e := a.expect("create contribution", "contribution", c.ID, "create", nil, map[string]any{"amount": 1500000, "partner_name": "Bank NTB Syariah"})
		if e.Summary != `Kontribusi "Bank NTB Syariah, Rp 1.500.000, 1 Mei 2024" ditambahkan` {
			t.Errorf("summary = %q", e.Summary)
		}
		c.Amount = 2000000
		if err := db.UpdateContribution(ctx, &c); err != nil {
			t.Fatal(err)
		}
		a.expect("update contribution", "contribution", c.ID, "update", map[string]any{"amount": 1500000}, map[string]any{"amount": 2000000})
		if err := db.DeleteActivity(ctx, act.ID); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Fatalf("delete activity with contribution: %v", err)
		}
		a.none("refused activity delete")
		if err := db.DeleteContribution(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		a.expect("delete contribution", "contribution", c.ID, "delete", map[string]any{"amount": 2000000}, nil)
		if err := db.DeleteContribution(ctx, c.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Fatalf("delete again: %v", err)
		}
		a.none("delete unknown contribution")
		if err := db.DeleteActivity(ctx, act.ID); err != nil {
			t.Fatal(err)
		}
		e = a.expect("delete activity", "activity", act.ID, "delete", map[string]any{"title": "Penyuluhan KB pasca persalinan"}, nil)
		if !strings.Contains(string(e.Before), "Ibu Sari") {
			t.Errorf("deleted activity's attendees not recorded: %s", e.Before)
		}
	})
}

func TestAuditRegionImportIsOneEntry(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		regions := testutil.Regions(t, "52.03")
		a := newAuditTracker(t, db)
		res, err := db.ImportRegions(ctx, regions)
		if err != nil {
			t.Fatal(err)
		}
		e := a.expect("import", "region", 0, "import", nil, map[string]any{"read": len(regions), "inserted": res.Inserted})
		if e.EntityID != "" || !strings.Contains(e.Summary, kampungkb.FormatInt(int64(len(regions)))+" dibaca") {
			t.Errorf("import entry: %q %q", e.EntityID, e.Summary)
		}
		if _, err := db.ImportRegions(ctx, regions); err != nil {
			t.Fatal(err)
		}
		a.none("import changing nothing")
	})
}

// TestAuditIsAppendOnly checks that the database itself refuses to change
// or delete audit entries, whatever SQL reaches it.
func TestAuditIsAppendOnly(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		m := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
		if err := db.CreatePartner(ctx, &m); err != nil {
			t.Fatal(err)
		}
		a := newAuditTracker(t, db)
		driver := "sqlite"
		if db.Dialect() == sqldb.Postgres {
			driver = "pgx"
		}
		c, err := sql.Open(driver, db.Source())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		tamper := []string{
			`UPDATE audit SET summary = 'dipalsukan'`,
			`UPDATE audit SET username = 'orang lain' WHERE entity = 'partner'`,
			`DELETE FROM audit`,
			`DELETE FROM audit WHERE entity = 'partner'`,
		}
		if db.Dialect() == sqldb.Postgres {
			tamper = append(tamper, `TRUNCATE audit`) // refused by migration 0003
		}
		for _, q := range tamper {
			// The triggers of migration 0002 refuse, naming the rule.
			if _, err := c.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want the append-only trigger's error", q, err)
			}
		}
		rows, _, err := db.AuditEntries(ctx, sqldb.AuditFilter{Entity: "partner"})
		if err != nil || len(rows) != 1 || rows[0].Summary != `Mitra "Muslimat NW" ditambahkan` || rows[0].Username != "tester" {
			t.Errorf("entries after tampering: %+v %v", rows, err)
		}
		a.none("tampering")
	})
}

func TestAuditEntriesFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		day := func(d int) time.Time { return time.Date(2026, 11, d, 3, 0, 0, 0, time.UTC) }
		as := func(user, ip string) context.Context {
			return sqldb.WithIP(kampungkb.WithActor(context.Background(), kampungkb.Actor{ID: 7, Username: user, Role: kampungkb.RoleAdmin}), ip)
		}
		db.Now = func() time.Time { return day(1) }
		m := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
		if err := db.CreatePartner(as("ani", "10.1.2.3"), &m); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return day(2) }
		m.Name = "Muslimat NW Lotim"
		if err := db.UpdatePartner(as("budi", "192.168.1.9"), &m); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return day(3) }
		if err := db.Audit(as("ani", "10.1.2.4"), "export", "mitra", "", "Unduh mitra (csv), 1 baris"); err != nil {
			t.Fatal(err)
		}
		all, total, err := db.AuditEntries(ctx, sqldb.AuditFilter{})
		if err != nil || total != 3 || len(all) != 3 {
			t.Fatalf("all: %d %v", total, err)
		}
		if all[0].Action != "export" || all[2].Action != "create" || all[0].UserID != 7 || all[0].IP != "10.1.2.4" {
			t.Errorf("not newest first, or user/ip lost: %+v", all)
		}
		for _, c := range []struct {
			name string
			f    sqldb.AuditFilter
			want []string // actions, newest first
		}{
			{"user", sqldb.AuditFilter{Username: "ANI"}, []string{"export", "create"}},
			{"action", sqldb.AuditFilter{Action: "update"}, []string{"update"}},
			{"entity", sqldb.AuditFilter{Entity: "partner"}, []string{"update", "create"}},
			{"entity id", sqldb.AuditFilter{Entity: "partner", EntityID: fmt.Sprint(m.ID)}, []string{"update", "create"}},
			{"other id", sqldb.AuditFilter{Entity: "partner", EntityID: fmt.Sprint(m.ID + 1)}, nil},
			{"ip prefix", sqldb.AuditFilter{IP: "10.1."}, []string{"export", "create"}},
			{"ip exact", sqldb.AuditFilter{IP: "192.168.1.9"}, []string{"update"}},
			{"ip wildcard is literal", sqldb.AuditFilter{IP: "%"}, nil},
			{"from", sqldb.AuditFilter{From: day(2)}, []string{"export", "update"}},
			{"to", sqldb.AuditFilter{To: day(2)}, []string{"create"}},
			{"period", sqldb.AuditFilter{From: day(2), To: day(3)}, []string{"update"}},
			{"page", sqldb.AuditFilter{Limit: 1, Offset: 1}, []string{"update"}},
		} {
			rows, total, err := db.AuditEntries(ctx, c.f)
			var got []string
			for _, r := range rows {
				got = append(got, r.Action)
			}
			if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) || (c.f.Limit == 0 && total != len(c.want)) {
				t.Errorf("%s: %v (total %d), want %v; %v", c.name, got, total, c.want, err)
			}
		}
		one, err := db.AuditEntry(ctx, all[1].ID)
		if err != nil || one.Action != "update" || one.Username != "budi" || !strings.Contains(string(one.Before), "Muslimat NW") {
			t.Errorf("one entry: %+v %v", one, err)
		}
		if _, err := db.AuditEntry(ctx, 99999); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown entry: %v", err)
		}
	})
}
