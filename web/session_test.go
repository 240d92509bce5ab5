package web_test

import (
	"database/sql"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// clockServer returns a server over db with Lombok Timur's regions and
// options opt, and the database clock (what sessions, tokens and login
// failures are measured by), which the test moves with *now.
func clockServer(t *testing.T, db *sqldb.DB, opt web.Options) (*web.Server, *time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	testutil.MustLoadRegions(t, db, "52.03")
	opt.Now = db.Now
	srv, err := web.New(db, opt)
	if err != nil {
		t.Fatal(err)
	}
	return srv, &now
}

// as sends a request as a browser would: without an in-process actor, with
// the session cookie when it is not empty and the form as the body.
func as(t *testing.T, h http.Handler, session, method, target string, form url.Values, header ...string) resp {
	t.Helper()
	hdr := []string{anon, "1"}
	if session != "" {
		hdr = append(hdr, "Cookie", "kkb_session="+session)
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
		hdr = append(hdr, "Content-Type", "application/x-www-form-urlencoded")
	}
	return do(t, h, method, target, body, append(hdr, header...)...)
}

// mustLogin logs in and returns the session token.
func mustLogin(t *testing.T, h http.Handler, username, password string, header ...string) string {
	t.Helper()
	r := as(t, h, "", "POST", "/masuk", url.Values{"username": {username}, "password": {password}}, header...)
	tok := newSession(r)
	if r.Code != http.StatusSeeOther || tok == "" {
		t.Fatalf("login %s: %d\n%s", username, r.Code, r.Body)
	}
	return tok
}

// loggedIn reports whether session is a live session.
func loggedIn(t *testing.T, h http.Handler, session string) bool {
	t.Helper()
	r := as(t, h, session, "GET", "/akun", nil)
	switch {
	case r.Code == http.StatusOK:
		return true
	case r.Code == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/masuk"):
		return false
	}
	t.Fatalf("GET /akun: unexpected %d %s", r.Code, r.Header.Get("Location"))
	return false
}

// sessionCookie returns the session cookie a response sets: the last one,
// as a browser keeps it (a request with a dead session first clears it).
func sessionCookie(t *testing.T, r resp) *http.Cookie {
	t.Helper()
	var last *http.Cookie
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "kkb_session" {
			last = c
		}
	}
	if last == nil {
		t.Fatalf("no session cookie in %v", r.Header)
	}
	return last
}

// newSession returns the session token a response sets, "" when none.
func newSession(r resp) string {
	v := ""
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "kkb_session" {
			v = c.Value
		}
	}
	return v
}

const tooMany = "Terlalu banyak percobaan masuk yang gagal"

func TestLoginRateLimitPerAccount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, now := clockServer(t, db, web.Options{})
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
		for i := range 5 {
			if r := login(t, srv, "ani", "salah-"+itoa(int64(i))); r.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, r.Code)
			}
		}
		r := login(t, srv, "ani", "sandi-ani-rahasia")
		if r.Code != http.StatusTooManyRequests || !strings.Contains(r.Body, tooMany) || !strings.Contains(r.Body, "15 menit") || newSession(r) != "" {
			t.Fatalf("6th attempt with the right password: %d, session %q\n%s", r.Code, newSession(r), r.Body)
		}
		*now = now.Add(10 * time.Minute)
		if r := login(t, srv, "ani", "sandi-ani-rahasia"); r.Code != http.StatusTooManyRequests {
			t.Errorf("still inside the window: %d", r.Code)
		}
		*now = now.Add(16 * time.Minute)
		if r := login(t, srv, "ani", "sandi-ani-rahasia"); r.Code != http.StatusSeeOther || newSession(r) == "" {
			t.Errorf("after the window: %d", r.Code)
		}
		// A good login clears the account's failures: four more do not lock it.
		for range 4 {
			login(t, srv, "ani", "salah")
		}
		if r := login(t, srv, "ani", "sandi-ani-rahasia"); r.Code != http.StatusSeeOther {
			t.Errorf("after a good login and 4 failures: %d", r.Code)
		}
	})
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, now := clockServer(t, db, web.Options{BehindProxy: true})
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
		from := func(ip string) []string { return []string{"X-Forwarded-For", ip + ", 10.0.0.1"} }
		for i := range 20 {
			// Different accounts (existing or not), at most one failure each.
			r := as(t, srv, "", "POST", "/masuk", url.Values{"username": {"tamu" + itoa(int64(i))}, "password": {"coba-coba-saja"}}, from("203.0.113.7")...)
			if r.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, r.Code)
			}
		}
		r := as(t, srv, "", "POST", "/masuk", url.Values{"username": {"ani"}, "password": {"sandi-ani-rahasia"}}, from("203.0.113.7")...)
		if r.Code != http.StatusTooManyRequests || !strings.Contains(r.Body, tooMany) {
			t.Fatalf("21st attempt from the address: %d\n%s", r.Code, r.Body)
		}
		mustLogin(t, srv, "ani", "sandi-ani-rahasia", from("203.0.113.8")...)
		*now = now.Add(16 * time.Minute)
		mustLogin(t, srv, "ani", "sandi-ani-rahasia", from("203.0.113.7")...)
	})
}

func TestSessionFixation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, _ := clockServer(t, db, web.Options{})
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
		planted := "ditanam-oleh-penyerang-sebelum-login"
		r := as(t, srv, planted, "POST", "/masuk", url.Values{"username": {"ani"}, "password": {"sandi-ani-rahasia"}})
		tok := newSession(r)
		if r.Code != http.StatusSeeOther || tok == "" || tok == planted {
			t.Fatalf("login with a planted cookie: %d, token %q", r.Code, tok)
		}
		if loggedIn(t, srv, planted) {
			t.Error("the planted cookie value is a session after login")
		}
		if !loggedIn(t, srv, tok) {
			t.Error("the new session does not work")
		}
		// A live session presented at login is ended, not reused.
		r = as(t, srv, tok, "POST", "/masuk", url.Values{"username": {"ani"}, "password": {"sandi-ani-rahasia"}})
		tok2 := newSession(r)
		if tok2 == "" || tok2 == tok {
			t.Fatalf("second login kept the token: %q", tok2)
		}
		if loggedIn(t, srv, tok) || !loggedIn(t, srv, tok2) {
			t.Error("the session presented at login still works, or the new one does not")
		}
	})
}

func TestSessionIdleAndAbsoluteTimeout(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, now := clockServer(t, db, web.Options{SessionIdle: 10 * time.Minute, SessionMax: 30 * time.Minute})
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")

		// Idle: a session unused for longer than SessionIdle ends.
		tok := mustLogin(t, srv, "ani", "sandi-ani-rahasia")
		*now = now.Add(9 * time.Minute)
		if !loggedIn(t, srv, tok) {
			t.Fatal("session ended before the idle timeout")
		}
		*now = now.Add(11 * time.Minute)
		r := as(t, srv, tok, "GET", "/akun", nil)
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/masuk") {
			t.Fatalf("idle session: %d %s", r.Code, r.Header.Get("Location"))
		}
		if c := sessionCookie(t, r); c.MaxAge >= 0 || c.Value != "" {
			t.Errorf("dead session cookie not cleared: %+v", c)
		}

		// Absolute: a session in use still ends SessionMax after login.
		tok = mustLogin(t, srv, "ani", "sandi-ani-rahasia")
		for range 3 {
			*now = now.Add(9 * time.Minute)
			if !loggedIn(t, srv, tok) {
				t.Fatal("active session ended before the absolute timeout")
			}
		}
		*now = now.Add(4 * time.Minute) // 31 minutes after login, 4 since the last request
		if loggedIn(t, srv, tok) {
			t.Error("session outlived SessionMax")
		}
		if r := as(t, srv, tok, "GET", "/api/v1/partners", nil); r.Code != http.StatusUnauthorized {
			t.Errorf("API with an expired session: %d", r.Code)
		}
	})
}

func TestSessionCookieFlags(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	plain, _ := clockServer(t, db, web.Options{})
	proxied, err := web.New(db, web.Options{BehindProxy: true})
	if err != nil {
		t.Fatal(err)
	}
	tls, err := web.New(db, web.Options{SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
	form := url.Values{"username": {"ani"}, "password": {"sandi-ani-rahasia"}}
	for _, c := range []struct {
		name   string
		h      http.Handler
		target string
		header []string
		secure bool
	}{
		{"plain HTTP", plain, "/masuk", nil, false},
		{"X-Forwarded-Proto without a trusted proxy", plain, "/masuk", []string{"X-Forwarded-Proto", "https"}, false},
		{"TLS connection", plain, "https://kampungkb.example/masuk", nil, true},
		{"behind a proxy, HTTPS", proxied, "/masuk", []string{"X-Forwarded-Proto", "https"}, true},
		{"behind a proxy, HTTP", proxied, "/masuk", []string{"X-Forwarded-Proto", "http"}, false},
		{"SecureCookies", tls, "/masuk", nil, true},
	} {
		r := as(t, c.h, "", "POST", c.target, form, c.header...)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("%s: login %d", c.name, r.Code)
		}
		ck := sessionCookie(t, r)
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != c.secure || ck.Path != "/" {
			t.Errorf("%s: cookie HttpOnly=%v SameSite=%v Secure=%v (want %v) Path=%q", c.name, ck.HttpOnly, ck.SameSite, ck.Secure, c.secure, ck.Path)
		}
	}
}

var tempPasswordRe = regexp.MustCompile(`<code class="token">([^<]+)</code>`)

// shownPassword returns the temporary password shown once on a page.
func shownPassword(t *testing.T, r resp) string {
	t.Helper()
	m := tempPasswordRe.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no temporary password on the page (%d):\n%s", r.Code, r.Body)
	}
	return m[1]
}

func TestAdminPasswordReset(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, _ := clockServer(t, db, web.Options{})
		ani := mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
		mustUser(t, db, kampungkb.User{Username: "admin.lotim", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"}, "sandi-admin-lotim")
		old := mustLogin(t, srv, "ani", "sandi-ani-rahasia")
		admin := mustLogin(t, srv, "admin.lotim", "sandi-admin-lotim")
		for range 5 {
			login(t, srv, "ani", "salah") // locked out: the login page says to ask for a reset
		}

		r := as(t, srv, admin, "POST", "/pengguna/"+itoa(ani.ID)+"/sandi", url.Values{})
		if r.Code != http.StatusOK || !strings.Contains(r.Body, "tidak akan ditampilkan lagi") {
			t.Fatalf("reset: %d\n%s", r.Code, r.Body)
		}
		temp := shownPassword(t, r)
		if msg := kampungkb.CheckPassword("ani", temp); msg != "" || !regexp.MustCompile(`^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$`).MatchString(temp) {
			t.Errorf("temporary password %q: %s", temp, msg)
		}
		if loggedIn(t, srv, old) {
			t.Error("the user's session survived the reset")
		}
		if r := as(t, srv, admin, "GET", "/pengguna/"+itoa(ani.ID), nil); strings.Contains(r.Body, temp) || !strings.Contains(r.Body, "harus ganti kata sandi") {
			t.Error("the temporary password is shown again, or the page does not say it must be changed")
		}
		if r := login(t, srv, "ani", "sandi-ani-rahasia"); r.Code != http.StatusUnauthorized {
			t.Errorf("old password after reset: %d", r.Code)
		}

		r = as(t, srv, "", "POST", "/masuk", url.Values{"username": {"ani"}, "password": {temp}, "next": {"/kampung"}})
		tok := newSession(r)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/akun/sandi" || tok == "" {
			t.Fatalf("login with the temporary password: %d %s", r.Code, r.Header.Get("Location"))
		}
		for _, p := range []string{"/", "/kampung", "/akun", "/api/v1/partners"} {
			if r := as(t, srv, tok, "GET", p, nil); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/akun/sandi" {
				t.Errorf("%s before changing the password: %d %s", p, r.Code, r.Header.Get("Location"))
			}
		}
		if r := as(t, srv, tok, "GET", "/akun/sandi", nil); r.Code != http.StatusOK {
			t.Errorf("password page: %d", r.Code)
		}
		r = as(t, srv, tok, "POST", "/akun/sandi", url.Values{"current": {temp}, "new": {"sandi-baru-pilihan"}, "again": {"sandi-baru-pilihan"}})
		tok2 := newSession(r)
		if r.Code != http.StatusSeeOther || tok2 == "" {
			t.Fatalf("change: %d\n%s", r.Code, r.Body)
		}
		if r := as(t, srv, tok2, "GET", "/kampung", nil); r.Code != http.StatusOK {
			t.Errorf("after the change: %d %s", r.Code, r.Header.Get("Location"))
		}
		if r := login(t, srv, "ani", temp); r.Code != http.StatusUnauthorized {
			t.Errorf("temporary password works after the change: %d", r.Code)
		}
		if u, _ := db.User(t.Context(), ani.ID); u.MustChangePassword {
			t.Error("must_change_password still set")
		}
	})
}

func TestChangePassword(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, _ := clockServer(t, db, web.Options{})
		mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
		a := mustLogin(t, srv, "ani", "sandi-ani-rahasia")
		b := mustLogin(t, srv, "ani", "sandi-ani-rahasia") // another device

		r := as(t, srv, a, "POST", "/akun/sandi", url.Values{"current": {"bukan-sandinya"}, "new": {"sandi-baru-pilihan"}, "again": {"sandi-baru-pilihan"}})
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "Kata sandi sekarang salah.") {
			t.Fatalf("wrong current password: %d\n%s", r.Code, r.Body)
		}
		r = as(t, srv, a, "POST", "/akun/sandi", url.Values{"current": {"sandi-ani-rahasia"}, "new": {"pendek"}, "again": {"pendek"}})
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "paling sedikit 10 karakter") {
			t.Errorf("short new password: %d", r.Code)
		}
		if !loggedIn(t, srv, a) || !loggedIn(t, srv, b) {
			t.Fatal("a refused change ended a session")
		}
		r = as(t, srv, a, "POST", "/akun/sandi", url.Values{"current": {"sandi-ani-rahasia"}, "new": {"sandi-baru-pilihan"}, "again": {"sandi-baru-pilihan"}})
		c := newSession(r)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/akun" || c == "" || c == a || c == b {
			t.Fatalf("change: %d %s, new session %q", r.Code, r.Header.Get("Location"), c)
		}
		if loggedIn(t, srv, a) || loggedIn(t, srv, b) {
			t.Error("old sessions survived the change")
		}
		if !loggedIn(t, srv, c) {
			t.Error("the new session does not work")
		}
		if r := login(t, srv, "ani", "sandi-ani-rahasia"); r.Code != http.StatusUnauthorized {
			t.Errorf("old password: %d", r.Code)
		}
		mustLogin(t, srv, "ani", "sandi-baru-pilihan")
	})
}

var tokenRe = regexp.MustCompile(`kkb_[A-Za-z0-9_-]{40,}`)

func TestPersonalAccessTokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, now := clockServer(t, db, web.Options{})
		ani := mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"}, "sandi-ani-rahasia")
		sess := mustLogin(t, srv, "ani", "sandi-ani-rahasia")
		bearer := func(tok string) resp {
			return as(t, srv, "", "GET", "/api/v1/partners", nil, "Authorization", "Bearer "+tok)
		}

		r := as(t, srv, sess, "POST", "/akun/token", url.Values{"name": {"skrip ekspor"}, "days": {"30"}})
		tok := tokenRe.FindString(r.Body)
		if r.Code != http.StatusOK || tok == "" || !strings.Contains(r.Body, "tidak akan ditampilkan lagi") {
			t.Fatalf("create token: %d\n%s", r.Code, r.Body)
		}
		if r := as(t, srv, sess, "GET", "/akun", nil); strings.Contains(r.Body, tok) || !strings.Contains(r.Body, "skrip ekspor") {
			t.Error("the token is shown again, or its name is not listed")
		}
		if r := bearer(tok); r.Code != http.StatusOK || !strings.Contains(r.Body, `"items"`) {
			t.Fatalf("bearer: %d %s", r.Code, r.Body)
		}
		if r := as(t, srv, sess, "POST", "/akun/token", url.Values{"name": {"x"}, "days": {"400"}}); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "1–365 hari") {
			t.Errorf("400 days: %d", r.Code)
		}

		// Hashed at rest: the tokens table holds the SHA-256, never the token.
		hashes := rawStrings(t, db, `SELECT token_hash || ' ' || name FROM tokens`)
		if len(hashes) != 1 || strings.Contains(hashes[0], tok) || strings.Contains(hashes[0], strings.TrimPrefix(tok, "kkb_")) ||
			!strings.HasPrefix(hashes[0], auth.TokenHash(tok)+" ") {
			t.Errorf("tokens table = %q", hashes)
		}

		ts, err := db.Tokens(t.Context(), ani.ID)
		if err != nil || len(ts) != 1 {
			t.Fatalf("tokens: %v %v", ts, err)
		}
		if r := as(t, srv, sess, "POST", "/akun/token/"+itoa(ts[0].ID)+"/cabut", url.Values{}); r.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.Code)
		}
		if r := bearer(tok); r.Code != http.StatusUnauthorized || !strings.Contains(r.Body, `"unauthenticated"`) {
			t.Errorf("revoked token: %d %s", r.Code, r.Body)
		}

		r = as(t, srv, sess, "POST", "/akun/token", url.Values{"name": {"sehari"}, "days": {"1"}})
		short := tokenRe.FindString(r.Body)
		if r := bearer(short); r.Code != http.StatusOK {
			t.Fatalf("fresh one-day token: %d", r.Code)
		}
		*now = now.Add(25 * time.Hour)
		if r := bearer(short); r.Code != http.StatusUnauthorized {
			t.Errorf("expired token: %d", r.Code)
		}
		for _, h := range []string{"Bearer kkb_tidak-ada", "Basic YW5pOnNhbmRp"} {
			if r := as(t, srv, "", "GET", "/api/v1/partners", nil, "Authorization", h); r.Code != http.StatusUnauthorized {
				t.Errorf("%s: %d", h, r.Code)
			}
		}
	})
}

func TestDisabledAccount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, _ := clockServer(t, db, web.Options{})
		ani := mustUser(t, db, kampungkb.User{Username: "ani", Role: kampungkb.RoleKader, Region: "52.03.13.2007"}, "sandi-ani-rahasia")
		sess := mustLogin(t, srv, "ani", "sandi-ani-rahasia")
		r := as(t, srv, sess, "POST", "/akun/token", url.Values{"name": {"skrip"}, "days": {"30"}})
		tok := tokenRe.FindString(r.Body)

		v := url.Values{"name": {"Ani"}, "role": {"kader"}, "region": {"52.03.13.2007"}, "disabled": {"1"}}
		r = postForm(t, srv, "/pengguna/"+itoa(ani.ID), v)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("disable: %d\n%s", r.Code, r.Body)
		}
		if loggedIn(t, srv, sess) {
			t.Error("the session of a disabled account still works")
		}
		if r := login(t, srv, "ani", "sandi-ani-rahasia"); r.Code != http.StatusUnauthorized || newSession(r) != "" {
			t.Errorf("login to a disabled account: %d", r.Code)
		}
		if r := as(t, srv, "", "GET", "/api/v1/partners", nil, "Authorization", "Bearer "+tok); r.Code != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/pengguna", nil); strings.Contains(r.Body, ">ani<") {
			t.Error("disabled account listed without disabled=1")
		}
		if r := do(t, srv, "GET", "/pengguna?disabled=1", nil); !strings.Contains(r.Body, ">ani<") || !strings.Contains(r.Body, "nonaktif") {
			t.Error("disabled account not listed with disabled=1")
		}
		v.Del("disabled")
		if r := postForm(t, srv, "/pengguna/"+itoa(ani.ID), v); r.Code != http.StatusSeeOther {
			t.Fatalf("enable: %d", r.Code)
		}
		mustLogin(t, srv, "ani", "sandi-ani-rahasia")
	})
}

// rawStrings runs a query returning one text column on db's own database,
// around the storage layer (to look at what is stored).
func rawStrings(t *testing.T, db *sqldb.DB, q string) []string {
	t.Helper()
	driver := "sqlite"
	if db.Dialect() == sqldb.Postgres {
		driver = "pgx"
	}
	c, err := sql.Open(driver, db.Source())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
