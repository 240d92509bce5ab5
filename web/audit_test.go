package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// doAs sends a request as actor a (in-process, as do does for testAdmin).
func doAs(t *testing.T, h http.Handler, a kampungkb.Actor, method, target string) resp {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	req = req.WithContext(kampungkb.WithActor(req.Context(), a))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

// auditEntries returns the audit entries matching f.
func auditEntries(t *testing.T, db *sqldb.DB, f sqldb.AuditFilter) []sqldb.AuditEntry {
	t.Helper()
	rows, _, err := db.AuditEntries(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestAuditPageShowsChangesAndFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		r := postForm(t, srv, "/mitra", url.Values{"name": {"Muslimat NW"}, "category": {"ormas_keagamaan"}, "phone": {"0376-21001"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		loc := r.Header.Get("Location")
		id := strings.TrimPrefix(loc, "/mitra/")
		r = postForm(t, srv, loc, url.Values{"name": {"Muslimat NW Lombok Timur"}, "category": {"ormas_keagamaan"},
			"phone": {"0376-21001"}, "version": {"1"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("update: %d %s", r.Code, r.Body)
		}

		page := do(t, srv, "GET", "/audit", nil)
		if page.Code != http.StatusOK {
			t.Fatalf("/audit: %d", page.Code)
		}
		for _, want := range []string{"Jejak audit", "Mitra &#34;Muslimat NW&#34; ditambahkan", "Mitra &#34;Muslimat NW Lombok Timur&#34; diubah",
			"penguji", "<details>", `<tr class="changed"><th scope="row" class="wide">Nama</th><td data-label="Sebelumnya" class="old">Muslimat NW</td><td data-label="Menjadi" class="new">Muslimat NW Lombok Timur</td>`,
			"Isian lain, tidak berubah", `href="/mitra/` + id + `"`, `href="/audit?entity=partner&amp;entity_id=` + id + `"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("/audit lacks %q", want)
			}
		}
		// The update comes first (newest first).
		if i, j := strings.Index(page.Body, "diubah"), strings.Index(page.Body, "ditambahkan"); i < 0 || j < 0 || i > j {
			t.Errorf("not newest first: update at %d, create at %d", i, j)
		}

		for _, c := range []struct {
			query      string
			want, not  []string
			statusWant int
		}{
			{"action=create", []string{"ditambahkan"}, []string{"NW Lombok Timur&#34; diubah"}, 200},
			{"action=update&entity=partner&entity_id=" + id, []string{"diubah"}, []string{"ditambahkan"}, 200},
			{"user=PENGUJI&entity=partner", []string{"diubah", "ditambahkan"}, nil, 200},
			{"user=orang-lain", []string{"Tidak ada data yang cocok"}, []string{"Muslimat"}, 200},
			{"entity=kampung", []string{"Tidak ada data yang cocok"}, []string{"Muslimat"}, 200},
			{"from=2000-01-01&to=2000-12-31", []string{"Tidak ada data yang cocok"}, []string{"Muslimat"}, 200},
			{"ip=192.0.2.", []string{"diubah", "ditambahkan"}, nil, 200}, // httptest's client address
			{"ip=10.", []string{"Tidak ada data yang cocok"}, nil, 200},
			{"from=kemarin", []string{"Periksa kembali"}, nil, 400},
		} {
			r := do(t, srv, "GET", "/audit?"+c.query, nil)
			if r.Code != c.statusWant {
				t.Errorf("%s: status %d, want %d", c.query, r.Code, c.statusWant)
			}
			for _, w := range c.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s: page lacks %q", c.query, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(r.Body, n) {
					t.Errorf("%s: page has %q", c.query, n)
				}
			}
		}

		updates := auditEntries(t, db, sqldb.AuditFilter{Entity: "partner", Action: "update"})
		if len(updates) != 1 {
			t.Fatalf("%d update entries", len(updates))
		}
		one := do(t, srv, "GET", "/audit/"+itoa(updates[0].ID), nil)
		if one.Code != 200 || !strings.Contains(one.Body, "Muslimat NW Lombok Timur") || !strings.Contains(one.Body, "192.0.2.1") {
			t.Errorf("/audit/{id}: %d\n%s", one.Code, one.Body)
		}
		if r := do(t, srv, "GET", "/audit/99999", nil); r.Code != http.StatusNotFound {
			t.Errorf("unknown entry: %d", r.Code)
		}

		api := do(t, srv, "GET", "/api/v1/audit?entity=partner&action=update", nil)
		var l struct {
			Items []sqldb.AuditEntry
			Total int
		}
		if err := json.Unmarshal([]byte(api.Body), &l); err != nil || l.Total != 1 || len(l.Items) != 1 {
			t.Fatalf("api list: %s %v", api.Body, err)
		}
		var before, after struct{ Name string }
		json.Unmarshal(l.Items[0].Before, &before)
		json.Unmarshal(l.Items[0].After, &after)
		if before.Name != "Muslimat NW" || after.Name != "Muslimat NW Lombok Timur" || l.Items[0].Username != "penguji" {
			t.Errorf("api entry: %+v", l.Items[0])
		}
		if r := do(t, srv, "GET", "/api/v1/audit/"+itoa(l.Items[0].ID), nil); r.Code != 200 || !strings.Contains(r.Body, `"action":"update"`) {
			t.Errorf("api entry: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/audit?to=31-12-2026", nil); r.Code != http.StatusBadRequest {
			t.Errorf("api bad date: %d", r.Code)
		}

		csv := do(t, srv, "GET", "/audit?entity=partner&format=csv", nil)
		if !strings.HasPrefix(csv.Body, "id,waktu,pengguna,id_pengguna,alamat_ip,tindakan,data,id_data,ringkasan,sebelum,sesudah") ||
			!strings.Contains(csv.Body, "Muslimat NW Lombok Timur") {
			t.Errorf("csv = %q", csv.Body)
		}
		exports := auditEntries(t, db, sqldb.AuditFilter{Action: "export", Entity: "audit"})
		if len(exports) != 1 || !strings.Contains(exports[0].Summary, "entity=partner") || !strings.Contains(exports[0].Summary, "2 baris") {
			t.Errorf("audit download not recorded: %+v", exports)
		}
	})
}

func TestAuditRecordsLoginsExportsAndPersonalViews(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		u := mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"}, "sandi-ani-rahasia")
		if r := login(t, srv, "ani", "salah"); r.Code != http.StatusUnauthorized {
			t.Fatalf("bad login: %d", r.Code)
		}
		failed := auditEntries(t, db, sqldb.AuditFilter{Action: "login_failed"})
		if len(failed) != 1 || failed[0].Username != "ani" || failed[0].IP == "" {
			t.Errorf("failed login entries: %+v", failed)
		}
		ok := login(t, srv, "ani", "sandi-ani-rahasia")
		tok := sessionFrom(ok)
		if tok == "" {
			t.Fatalf("login: %d", ok.Code)
		}
		logins := auditEntries(t, db, sqldb.AuditFilter{Action: "login"})
		if len(logins) != 1 || logins[0].Username != "ani" || logins[0].UserID != u.ID || logins[0].EntityID != itoa(u.ID) {
			t.Errorf("login entries: %+v", logins)
		}
		// Exports through the shared download, as the logged-in user.
		csv := do(t, srv, "GET", "/mitra?q=muslimat&format=csv", nil, anon, "1", "Cookie", "kkb_session="+tok)
		if csv.Code != 200 {
			t.Fatalf("download: %d", csv.Code)
		}
		exports := auditEntries(t, db, sqldb.AuditFilter{Action: "export"})
		if len(exports) != 1 || exports[0].Entity != "mitra" || exports[0].Username != "ani" ||
			!strings.Contains(exports[0].Summary, "q=muslimat") || !strings.Contains(exports[0].Summary, "0 baris") ||
			!strings.Contains(exports[0].Summary, "(csv)") {
			t.Errorf("export entries: %+v", exports)
		}
		if r := do(t, srv, "POST", "/keluar", nil, anon, "1", "Cookie", "kkb_session="+tok); r.Code != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.Code)
		}
		if out := auditEntries(t, db, sqldb.AuditFilter{Action: "logout"}); len(out) != 1 || out[0].Username != "ani" {
			t.Errorf("logout entries: %+v", out)
		}

		// Opening an activity with named attendees is a view of personal data.
		ctx := t.Context()
		k := kampungkb.Kampung{Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-11-14")}
		if err := db.CreateKampung(ctx, &k); err != nil {
			t.Fatal(err)
		}
		named := kampungkb.Activity{Title: "Kelas BKB", Date: kampungkb.MustDate("2024-05-01"), KampungIDs: []int64{k.ID},
			Category: "pendidikan", Type: "penyuluhan", ParticipantsFemale: 1, Attendees: []kampungkb.Attendee{{Name: "Ibu Sari", Sex: "p"}}}
		plain := kampungkb.Activity{Title: "Rapat Pokja", Date: kampungkb.MustDate("2024-05-02"), KampungIDs: []int64{k.ID},
			Category: "pendidikan", Type: "rapat"}
		for _, a := range []*kampungkb.Activity{&named, &plain} {
			if err := db.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if r := do(t, srv, "GET", "/kegiatan/"+itoa(named.ID), nil); r.Code != 200 || !strings.Contains(r.Body, "Ibu Sari") {
			t.Fatalf("activity page: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/kegiatan/"+itoa(plain.ID), nil); r.Code != 200 {
			t.Fatalf("activity page: %d", r.Code)
		}
		views := auditEntries(t, db, sqldb.AuditFilter{Action: "view_personal"})
		if len(views) != 1 || views[0].Entity != "activity" || views[0].EntityID != itoa(named.ID) || views[0].Username != "penguji" {
			t.Errorf("personal data views: %+v", views)
		}
		page := do(t, srv, "GET", "/audit?action=view_personal", nil)
		if !strings.Contains(page.Body, "Lihat data pribadi") || !strings.Contains(page.Body, `href="/kegiatan/`+itoa(named.ID)+`"`) {
			t.Errorf("/audit?action=view_personal:\n%s", page.Body)
		}
	})
}

func TestAuditOnlyForAuditors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		kader := kampungkb.Actor{ID: 41, Username: "kader1", Role: kampungkb.RoleKader, ViewRegion: "52.03", CaptureRegions: []string{"52.03"}}
		adminKab := kampungkb.Actor{ID: 42, Username: "adminlotim", Role: kampungkb.RoleAdminKabupaten, ViewRegion: "52.03"}
		for _, a := range []kampungkb.Actor{kader, adminKab} {
			for _, target := range []string{"/audit", "/audit/1", "/audit?format=csv", "/api/v1/audit", "/api/v1/audit/1"} {
				if r := doAs(t, srv, a, "GET", target); r.Code != http.StatusForbidden {
					t.Errorf("%s %s: %d, want 403", a.Role, target, r.Code)
				}
			}
		}
		if r := doAs(t, srv, kader, "GET", "/kampung"); r.Code != http.StatusOK || strings.Contains(r.Body, `href="/audit"`) {
			t.Errorf("kader's menu links the audit trail (or page failed: %d)", r.Code)
		}
		if r := do(t, srv, "GET", "/audit", nil, anon, "1"); r.Code != http.StatusSeeOther {
			t.Errorf("anonymous /audit: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/api/v1/audit", nil, anon, "1"); r.Code != http.StatusUnauthorized {
			t.Errorf("anonymous API: %d", r.Code)
		}
		if exports := auditEntries(t, db, sqldb.AuditFilter{Action: "export"}); len(exports) != 0 {
			t.Errorf("refused downloads recorded as exports: %+v", exports)
		}
	})
}

// TestAuditRoutesAreReadOnly checks that no route of the product changes
// the audit trail: every /audit route is a GET for auditors, and other
// methods are refused.
func TestAuditRoutesAreReadOnly(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	n := 0
	for _, rt := range srv.Routes() {
		if !strings.Contains(rt.Pattern, "/audit") {
			continue
		}
		n++
		if rt.Method != http.MethodGet || rt.Perm != kampungkb.PermViewAudit || rt.Public {
			t.Errorf("%s %s (perm %q): audit routes must be GET for %s only", rt.Method, rt.Pattern, rt.Perm, kampungkb.PermViewAudit)
		}
	}
	if n != 4 {
		t.Errorf("%d audit routes, want 4 (page, entry, API list, API entry)", n)
	}
	m := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
	if err := db.CreatePartner(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	before := auditEntries(t, db, sqldb.AuditFilter{})
	id := itoa(before[0].ID)
	for _, method := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		for _, target := range []string{"/audit", "/audit/" + id, "/audit/" + id + "/hapus", "/api/v1/audit", "/api/v1/audit/" + id} {
			r := do(t, srv, method, target, strings.NewReader(`{"summary":"x"}`), "Content-Type", "application/json")
			if r.Code < 400 {
				t.Errorf("%s %s: %d", method, target, r.Code)
			}
		}
	}
	after := auditEntries(t, db, sqldb.AuditFilter{})
	if len(after) != len(before) || after[0].Summary != before[0].Summary {
		t.Errorf("audit trail changed: %d entries, was %d", len(after), len(before))
	}
}
