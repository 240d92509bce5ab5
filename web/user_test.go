package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestUserCreatePKBThroughForm(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		ctx := t.Context()
		if r := do(t, srv, "GET", "/pengguna/baru", nil); r.Code != 200 || !strings.Contains(r.Body, `name="capture"`) || !strings.Contains(r.Body, `type="password"`) {
			t.Fatalf("new form: %d", r.Code)
		}
		r := postForm(t, srv, "/pengguna", url.Values{"username": {"PKB.Suralaga "}, "name": {"Baiq Nurul"}, "role": {"pkb"},
			"region": {"Suralaga"}, "capture": {"52.03.13.2007\r\nDasan Borok\n5203132002"}, "password": {""}})
		if r.Code != http.StatusOK || !strings.Contains(r.Body, "Akun pkb.suralaga dibuat.") {
			t.Fatalf("create: %d\n%s", r.Code, r.Body)
		}
		temp := shownPassword(t, r)
		for _, want := range []string{"Tumbuh Mulia", "Dasan Borok", "Tebaban", "PKB/PLKB", "Suralaga"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("user page lacks %q", want)
			}
		}
		u, _, err := db.UserByUsername(ctx, "pkb.suralaga")
		if err != nil {
			t.Fatal(err)
		}
		if u.Region != "52.03.13" || !slices.Equal(u.Capture, []string{"52.03.13.2002", "52.03.13.2007", "52.03.13.2008"}) ||
			!u.MustChangePassword || u.Name != "Baiq Nurul" {
			t.Errorf("stored %+v", u)
		}
		a := u.Actor()
		if !a.CanCapture("52.03.13.2008") || a.CanCapture("52.03.13.2001") || !a.CanView("52.03.13.2001") {
			t.Errorf("actor scopes %+v", a)
		}
		r = login(t, srv, "pkb.suralaga", temp)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/akun/sandi" {
			t.Errorf("first login: %d %s", r.Code, r.Header.Get("Location"))
		}

		// With an initial password typed by the admin: a redirect, nothing shown.
		r = postForm(t, srv, "/pengguna", url.Values{"username": {"kader.anjani"}, "role": {"kader"}, "region": {"52.03.13.2001"},
			"password": {"sandi-awal-kader"}})
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/pengguna/") {
			t.Fatalf("create with password: %d\n%s", r.Code, r.Body)
		}
		k, _, _ := db.UserByUsername(ctx, "kader.anjani")
		if k.MustChangePassword {
			t.Error("must change without the box ticked")
		}
		mustLogin(t, srv, "kader.anjani", "sandi-awal-kader")

		list := do(t, srv, "GET", "/pengguna?q=suralaga&role=pkb", nil)
		if !strings.Contains(list.Body, "pkb.suralaga") || strings.Contains(list.Body, "kader.anjani") || !strings.Contains(list.Body, "Menampilkan 1–1 dari 1") {
			t.Errorf("filtered list:\n%s", list.Body)
		}
		csv := do(t, srv, "GET", "/pengguna?format=csv", nil)
		if !strings.HasPrefix(csv.Body, "id,nama_pengguna,nama,peran") || !strings.Contains(csv.Body, "pkb.suralaga") || strings.Contains(csv.Body, "argon2") {
			t.Errorf("csv = %q", csv.Body)
		}
	})
}

func TestUserFormErrorsKeepTypedValues(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleViewer}, "sandi-ani-rahasia")
		for _, c := range []struct {
			name string
			form url.Values
			want []string
		}{
			{"kader with a kabupaten code", url.Values{"username": {"budi"}, "name": {"Budi <Kader>"}, "role": {"kader"}, "region": {"52.03"}},
				[]string{"Peran ini perlu kode Desa/Kelurahan, bukan Kabupaten/Kota.", `value="52.03"`, `value="budi"`, "Budi &lt;Kader&gt;",
					`value="kader" checked`, `aria-invalid="true"`, `href="#f-region"`}},
			{"username taken", url.Values{"username": {"ANI"}, "name": {"Ani Lagi"}, "role": {"viewer"}, "region": {"52.03"}},
				[]string{"Nama pengguna ani sudah dipakai.", `value="ANI"`, `value="Ani Lagi"`, `value="viewer" checked`}},
			{"password too short", url.Values{"username": {"citra"}, "role": {"tpk"}, "region": {"Tumbuh Mulia"}, "password": {"pendek"}},
				[]string{"Kata sandi paling sedikit 10 karakter.", `value="citra"`, `value="Tumbuh Mulia"`, `value="tpk" checked`}},
			{"every problem at once", url.Values{"username": {"ani"}, "role": {"kader"}, "region": {"52.03"}, "password": {"pendek"}},
				[]string{"Nama pengguna ani sudah dipakai.", "Kata sandi paling sedikit 10 karakter.", "Peran ini perlu kode Desa/Kelurahan"}},
			{"PKB without capture desa, desa outside its kecamatan", url.Values{"username": {"dedi"}, "role": {"pkb"}, "region": {"52.03.13"}, "capture": {"52.03.07.1001"}},
				[]string{"di luar wilayah pengguna", "52.03.07.1001"}},
			{"mitra without partner", url.Values{"username": {"eka"}, "role": {"mitra"}},
				[]string{"harus terhubung ke organisasi mitra"}},
		} {
			r := postForm(t, srv, "/pengguna", c.form)
			if r.Code != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", c.name, r.Code)
			}
			for _, w := range c.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s: page lacks %q", c.name, w)
				}
			}
			if strings.Contains(r.Body, `value="pendek"`) {
				t.Errorf("%s: the password is echoed into the page", c.name)
			}
		}
		if _, total, _ := db.Users(t.Context(), kampungkb.Filter{Archived: true}); total != 1 {
			t.Errorf("%d users after failed forms, want 1", total)
		}
	})
}

func TestRegionalAdminScope(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		testutil.MustLoadRegions(t, db, "52.01.01") // Gerung, Lombok Barat: outside Lombok Timur
		lotim := mustUser(t, db, kampungkb.User{Username: "admin.lotim", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"}, "sandi-admin-lotim")
		kader := mustUser(t, db, kampungkb.User{Username: "kader.tm", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-kader-tm")
		lobar := mustUser(t, db, kampungkb.User{Username: "kader.gerung", Role: kampungkb.RoleKader, Region: "52.01.01.1001"}, "sandi-kader-gerung")
		root := mustUser(t, db, kampungkb.User{Username: "root", Role: kampungkb.RoleAdmin}, "sandi-root-rahasia")
		ntb := mustUser(t, db, kampungkb.User{Username: "admin.ntb", Role: kampungkb.RoleAdminProvinsi, Region: "52"}, "sandi-admin-ntb")
		camat := mustUser(t, db, kampungkb.User{Username: "admin.suralaga", Role: kampungkb.RoleAdminKecamatan, Region: "52.03.13"}, "sandi-admin-sural")
		sess := mustLogin(t, srv, "admin.lotim", "sandi-admin-lotim")
		get := func(p string) resp { return as(t, srv, sess, "GET", p, nil) }
		post := func(p string, v url.Values) resp { return as(t, srv, sess, "POST", p, v) }

		list := get("/pengguna")
		for _, in := range []string{"admin.lotim", "kader.tm", "admin.suralaga"} {
			if !strings.Contains(list.Body, ">"+in+"<") {
				t.Errorf("list lacks %s", in)
			}
		}
		for _, out := range []string{"kader.gerung", ">root<", "admin.ntb"} {
			if strings.Contains(list.Body, out) {
				t.Errorf("list shows %s, outside Lombok Timur", out)
			}
		}
		for _, p := range []string{"/pengguna?region=52.01", "/pengguna?region=52.01.01.1001", "/pengguna?q=gerung"} {
			if r := get(p); strings.Contains(r.Body, "kader.gerung") || !strings.Contains(r.Body, "Tidak ada data yang cocok") {
				t.Errorf("%s shows accounts outside the region", p)
			}
		}
		if r := get("/pengguna?region=52"); !strings.Contains(r.Body, "kader.tm") || strings.Contains(r.Body, "admin.ntb") {
			t.Error("a wider region filter is not narrowed to the admin's region")
		}

		// Accounts outside the region do not exist for this admin.
		for _, u := range []kampungkb.User{lobar, root, ntb} {
			id := itoa(u.ID)
			for _, r := range []resp{get("/pengguna/" + id), get("/pengguna/" + id + "/ubah"),
				post("/pengguna/"+id, url.Values{"role": {"kader"}, "region": {"52.03.13.2007"}}),
				post("/pengguna/"+id+"/sandi", url.Values{}), get("/api/v1/users/" + id)} {
				if r.Code != http.StatusNotFound || strings.Contains(r.Body, u.Username) {
					t.Errorf("%s outside the region: %d", u.Username, r.Code)
				}
			}
		}
		if u, _ := db.User(t.Context(), lobar.ID); u.Region != "52.01.01.1001" {
			t.Errorf("an account outside the region was changed: %+v", u)
		}
		if r := get("/pengguna/" + itoa(kader.ID)); r.Code != 200 || !strings.Contains(r.Body, "Tumbuh Mulia") {
			t.Errorf("account inside the region: %d", r.Code)
		}

		for _, c := range []struct {
			name, want string
			form       url.Values
		}{
			{"kader outside the region", "di luar wilayah Anda", url.Values{"username": {"kader.baru"}, "role": {"kader"}, "region": {"52.01.01.1001"}}},
			{"national admin", "Hanya admin seluruh sistem", url.Values{"username": {"root2"}, "role": {"admin"}}},
			{"provincial admin", "di luar wilayah Anda", url.Values{"username": {"ntb2"}, "role": {"admin_provinsi"}, "region": {"52"}}},
			{"kabupaten admin of another kabupaten", "di luar wilayah Anda", url.Values{"username": {"lobar"}, "role": {"admin_kabupaten"}, "region": {"52.01"}}},
		} {
			r := post("/pengguna", c.form)
			if r.Code != http.StatusForbidden || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, `value="`+c.form.Get("username")+`"`) {
				t.Errorf("%s: %d\n%s", c.name, r.Code, r.Body)
			}
		}
		if r := post("/pengguna", url.Values{"username": {"pemantau.x"}, "role": {"viewer"}}); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "di dalam wilayah Anda (52.03)") {
			t.Errorf("viewer without a region: %d", r.Code)
		}
		if _, _, err := db.UserByUsername(t.Context(), "root2"); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("refused account stored: %v", err)
		}

		// Moving an account out of the region, or oneself to a wider scope.
		r := post("/pengguna/"+itoa(kader.ID), url.Values{"role": {"kader"}, "region": {"52.01.01.1001"}})
		if r.Code != http.StatusForbidden || !strings.Contains(r.Body, "di luar wilayah Anda") {
			t.Errorf("move out of the region: %d", r.Code)
		}
		for _, v := range []url.Values{
			{"role": {"admin_provinsi"}, "region": {"52"}},
			{"role": {"admin"}},
			{"role": {"admin_kabupaten"}, "region": {"52.01"}},
			{"role": {"admin_kecamatan"}, "region": {"52.03.13"}},
			{"role": {"admin_kabupaten"}, "region": {"52.03"}, "disabled": {"1"}},
		} {
			if r := post("/pengguna/"+itoa(lotim.ID), v); r.Code != http.StatusForbidden {
				t.Errorf("self-edit %v: %d", v, r.Code)
			}
		}
		if u, _ := db.User(t.Context(), lotim.ID); u.Role != kampungkb.RoleAdminKabupaten || u.Region != "52.03" || u.Disabled {
			t.Errorf("admin changed itself: %+v", u)
		}
		if r := post("/pengguna/"+itoa(lotim.ID), url.Values{"role": {"admin_kabupaten"}, "region": {"52.03"}, "name": {"DP3AKB Lotim"}}); r.Code != http.StatusSeeOther {
			t.Errorf("own name: %d", r.Code)
		}

		// Inside the region: create, edit, reset.
		r = post("/pengguna", url.Values{"username": {"tpk.tm"}, "role": {"tpk"}, "region": {"52.03.13.2007"}})
		if r.Code != http.StatusOK {
			t.Fatalf("create inside the region: %d\n%s", r.Code, r.Body)
		}
		if r := post("/pengguna/"+itoa(kader.ID), url.Values{"role": {"kader"}, "region": {"52.03.13.2008"}, "version": {"1"}}); r.Code != http.StatusSeeOther {
			t.Errorf("move inside the region: %d\n%s", r.Code, r.Body)
		}
		if r := post("/pengguna/"+itoa(kader.ID), url.Values{"role": {"kader"}, "region": {"52.03.13.2007"}, "version": {"1"}}); r.Code != http.StatusConflict {
			t.Errorf("stale version: %d", r.Code)
		}
		if r := post("/pengguna/"+itoa(camat.ID)+"/sandi", url.Values{}); r.Code != http.StatusOK {
			t.Errorf("reset inside the region: %d", r.Code)
		}
		if r := post("/pengguna/"+itoa(lotim.ID)+"/sandi", url.Values{}); r.Code != http.StatusConflict {
			t.Errorf("reset of oneself: %d", r.Code)
		}

		// A kecamatan admin does not see the kabupaten admin above it.
		db.SetPassword(t.Context(), camat.ID, mustHash(t, "sandi-camat-baru"), false)
		cs := mustLogin(t, srv, "admin.suralaga", "sandi-camat-baru")
		if r := as(t, srv, cs, "GET", "/pengguna/"+itoa(lotim.ID), nil); r.Code != http.StatusNotFound {
			t.Errorf("kecamatan admin sees the kabupaten admin: %d", r.Code)
		}
		if r := as(t, srv, cs, "POST", "/pengguna", url.Values{"username": {"x.lotim"}, "role": {"admin_kabupaten"}, "region": {"52.03"}}); r.Code != http.StatusForbidden {
			t.Errorf("kecamatan admin creates a kabupaten admin: %d", r.Code)
		}

		// Other roles may not manage accounts at all.
		ks := mustLogin(t, srv, "kader.tm", "sandi-kader-tm")
		for _, p := range []string{"/pengguna", "/pengguna/" + itoa(kader.ID), "/api/v1/users"} {
			if r := as(t, srv, ks, "GET", p, nil); r.Code != http.StatusForbidden {
				t.Errorf("kader %s: %d", p, r.Code)
			}
		}
		if r := as(t, srv, ks, "GET", "/", nil); strings.Contains(r.Body, `href="/pengguna"`) {
			t.Error("kader sees the Pengguna menu")
		}
	})
}

func TestAPIUsers(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		noHash := func(what, body string) {
			t.Helper()
			for _, bad := range []string{"argon2", "password_hash", "$argon"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s carries %q: %s", what, bad, body)
				}
			}
		}
		r := postJSON(t, srv, "POST", "/api/v1/users", `{"username":"pkb.suralaga","name":"PKB","role":"pkb","region":"5203130000","capture":["5203132007"]}`)
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, `"region"`) {
			t.Errorf("bad region code: %d %s", r.Code, r.Body)
		}
		r = postJSON(t, srv, "POST", "/api/v1/users", `{"username":"pkb.suralaga","name":"PKB","role":"pkb","region":"52.03.13","capture":["5203132007"]}`)
		if r.Code != http.StatusCreated || r.Header.Get("Location") == "" {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		noHash("create", r.Body)
		var created struct {
			kampungkb.User
			TemporaryPassword string `json:"temporary_password"`
		}
		if err := json.Unmarshal([]byte(r.Body), &created); err != nil || created.TemporaryPassword == "" || !created.MustChangePassword ||
			created.Capture[0] != "52.03.13.2007" || created.RegionName != "Suralaga" {
			t.Fatalf("created %+v %v", created, err)
		}
		if r := login(t, srv, "pkb.suralaga", created.TemporaryPassword); r.Location() != "/akun/sandi" {
			t.Errorf("temporary password: %d %s", r.Code, r.Location())
		}
		r = postJSON(t, srv, "POST", "/api/v1/users", `{"username":"viewer1","role":"viewer","password":"sandi-pilihan-admin"}`)
		if r.Code != http.StatusCreated || strings.Contains(r.Body, "temporary_password") {
			t.Errorf("create with password: %d %s", r.Code, r.Body)
		}
		for _, c := range []struct{ body, field string }{
			{`{"username":"x","role":"viewer"}`, "username"},
			{`{"username":"viewer2","role":"viewer","password":"pendek"}`, "password"},
			{`{"username":"viewer2","role":"viewer","password_hash":"$argon2id$..."}`, "password_hash"},
		} {
			if r := postJSON(t, srv, "POST", "/api/v1/users", c.body); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, `"`+c.field+`"`) {
				t.Errorf("%s: %d %s", c.body, r.Code, r.Body)
			}
		}

		list := do(t, srv, "GET", "/api/v1/users?role=pkb", nil)
		noHash("list", list.Body)
		var l struct {
			Items []kampungkb.User
			Total int
		}
		json.Unmarshal([]byte(list.Body), &l)
		if l.Total != 1 || l.Items[0].Username != "pkb.suralaga" {
			t.Errorf("list: %s", list.Body)
		}
		id := itoa(created.ID)
		one := do(t, srv, "GET", "/api/v1/users/"+id, nil)
		noHash("get", one.Body)

		// GET, change, PUT back: read-only fields are accepted and ignored.
		var u map[string]any
		json.Unmarshal([]byte(one.Body), &u)
		u["name"] = "Baiq Nurul"
		u["capture"] = []string{"52.03.13.2007", "52.03.13.2008"}
		body, _ := json.Marshal(u)
		r = postJSON(t, srv, "PUT", "/api/v1/users/"+id, string(body))
		if r.Code != http.StatusOK || !strings.Contains(r.Body, `"Baiq Nurul"`) || !strings.Contains(r.Body, "52.03.13.2008") || !strings.Contains(r.Body, `"version":2`) {
			t.Errorf("put: %d %s", r.Code, r.Body)
		}
		noHash("put", r.Body)
		if r := postJSON(t, srv, "PUT", "/api/v1/users/"+id, string(body)); r.Code != http.StatusConflict {
			t.Errorf("stale put: %d", r.Code)
		}
		if r := postJSON(t, srv, "PUT", "/api/v1/users/"+id, `{"username":"lain","role":"pkb","region":"52.03.13","capture":["52.03.13.2007"]}`); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "tidak dapat diubah") {
			t.Errorf("rename: %d %s", r.Code, r.Body)
		}

		r = do(t, srv, "POST", "/api/v1/users/"+id+"/reset-password", nil)
		var reset struct {
			TemporaryPassword  string `json:"temporary_password"`
			MustChangePassword bool   `json:"must_change_password"`
		}
		json.Unmarshal([]byte(r.Body), &reset)
		if r.Code != http.StatusOK || reset.TemporaryPassword == "" || reset.TemporaryPassword == created.TemporaryPassword || !reset.MustChangePassword {
			t.Fatalf("reset: %d %s", r.Code, r.Body)
		}
		noHash("reset", r.Body)
		if r := login(t, srv, "pkb.suralaga", created.TemporaryPassword); r.Code != http.StatusUnauthorized {
			t.Errorf("first temporary password after the reset: %d", r.Code)
		}
		if r := login(t, srv, "pkb.suralaga", reset.TemporaryPassword); r.Location() != "/akun/sandi" {
			t.Errorf("new temporary password: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/api/v1/users/999", nil); r.Code != http.StatusNotFound {
			t.Errorf("missing: %d", r.Code)
		}
	})
}

func TestAPIUsersRegionalAdmin(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		mustUser(t, db, kampungkb.User{Username: "admin.suralaga", Role: kampungkb.RoleAdminKecamatan, Region: "52.03.13"}, "sandi-admin-sural")
		mustUser(t, db, kampungkb.User{Username: "kader.pancor", Role: kampungkb.RoleKader, Region: "52.03.07.1001"}, "sandi-kader-pancor")
		mustUser(t, db, kampungkb.User{Username: "kader.tm", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-kader-tm")
		sess := mustLogin(t, srv, "admin.suralaga", "sandi-admin-sural")
		r := as(t, srv, sess, "GET", "/api/v1/users", nil)
		if !strings.Contains(r.Body, `"total":2`) || strings.Contains(r.Body, "kader.pancor") {
			t.Errorf("list: %s", r.Body)
		}
		for _, c := range []struct {
			body string
			code int
		}{
			{`{"username":"root2","role":"admin"}`, http.StatusForbidden},
			{`{"username":"kader.x","role":"kader","region":"52.03.07.1001"}`, http.StatusForbidden},
			{`{"username":"kader.y","role":"kader","region":"52.03.13.2001"}`, http.StatusCreated},
		} {
			r := do(t, srv, "POST", "/api/v1/users", strings.NewReader(c.body), anon, "1", "Cookie", "kkb_session="+sess, "Content-Type", "application/json")
			if r.Code != c.code {
				t.Errorf("%s: %d %s", c.body, r.Code, r.Body)
			}
			if c.code == http.StatusForbidden && !strings.Contains(r.Body, `"forbidden"`) {
				t.Errorf("%s: %s", c.body, r.Body)
			}
		}
	})
}

func mustHash(t *testing.T, password string) string {
	t.Helper()
	h, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Location returns the redirect target of a response.
func (r resp) Location() string { return r.Header.Get("Location") }
