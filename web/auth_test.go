package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

const anon = "X-Test-Anonymous"

func login(t *testing.T, h http.Handler, username, password string) resp {
	t.Helper()
	return do(t, h, "POST", "/masuk", strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()),
		"Content-Type", "application/x-www-form-urlencoded", anon, "1")
}

func sessionFrom(r resp) string {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "kkb_session" {
			return c.Value
		}
	}
	return ""
}

func TestLoginLogout(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"}, "sandi-ani-rahasia")
		if r := do(t, srv, "GET", "/kampung", nil, anon, "1"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/masuk?next=") {
			t.Errorf("anonymous page: %d %s", r.Code, r.Header.Get("Location"))
		}
		if r := do(t, srv, "GET", "/api/v1/kampung", nil, anon, "1"); r.Code != http.StatusUnauthorized || !strings.Contains(r.Body, `"unauthenticated"`) {
			t.Errorf("anonymous API: %d %s", r.Code, r.Body)
		}
		bad := login(t, srv, "ani", "salah")
		if bad.Code != http.StatusUnauthorized || !strings.Contains(bad.Body, "Nama pengguna atau kata sandi salah") || sessionFrom(bad) != "" {
			t.Errorf("bad password: %d", bad.Code)
		}
		ok := login(t, srv, "ANI", "sandi-ani-rahasia")
		tok := sessionFrom(ok)
		if ok.Code != http.StatusSeeOther || tok == "" {
			t.Fatalf("login: %d %v\n%s", ok.Code, ok.Header, ok.Body)
		}
		page := do(t, srv, "GET", "/kampung", nil, anon, "1", "Cookie", "kkb_session="+tok)
		if page.Code != 200 || !strings.Contains(page.Body, "ani") {
			t.Errorf("page with session: %d", page.Code)
		}
		out := do(t, srv, "POST", "/keluar", nil, anon, "1", "Cookie", "kkb_session="+tok)
		if out.Code != http.StatusSeeOther {
			t.Errorf("logout: %d", out.Code)
		}
		if r := do(t, srv, "GET", "/kampung", nil, anon, "1", "Cookie", "kkb_session="+tok); r.Code != http.StatusSeeOther {
			t.Errorf("session still valid after logout: %d", r.Code)
		}
	})
}
