package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/sqldb"
)

// Session cookie and limits.
const (
	sessionCookie = "kkb_session"
	// Failed logins allowed per account and per address in loginWindow
	// before further attempts are refused.
	maxFailuresPerUser = 5
	maxFailuresPerIP   = 20
	loginWindow        = 15 * time.Minute
)

// clientIP returns the client's address: the connection's, or behind a
// trusted reverse proxy the first X-Forwarded-For entry.
func (s *Server) clientIP(r *http.Request) string {
	if s.behindProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			ip := strings.TrimSpace(strings.Split(f, ",")[0])
			if net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secure reports whether the request reached us over TLS (directly or,
// behind a trusted proxy, as the proxy says).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.secureCookies || (s.behindProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// authenticate puts the acting user in the request context: from a
// personal access token (Authorization: Bearer) or a session cookie. A
// request whose context already carries an actor (set in-process, never by
// a client) keeps it. Anonymous requests go on without an actor; guard
// decides per route.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := sqldb.WithIP(r.Context(), s.clientIP(r))
		if _, ok := kampungkb.ActorFrom(ctx); ok {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeError(w, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Gunakan Authorization: Bearer TOKEN."})
				return
			}
			u, err := s.db.TokenUser(ctx, auth.TokenHash(strings.TrimSpace(token)))
			if err != nil {
				writeError(w, err)
				return
			}
			a := u.Actor()
			a.Token = true
			next.ServeHTTP(w, r.WithContext(kampungkb.WithActor(ctx, a)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, _, err := s.db.SessionUser(ctx, auth.TokenHash(c.Value), s.sessionIdle)
			if err == nil {
				ctx = kampungkb.WithActor(ctx, u.Actor())
				ctx = context.WithValue(ctx, mustChangeKey{}, u.MustChangePassword)
			} else {
				s.clearSessionCookie(w, r)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type mustChangeKey struct{}

// guard wraps a route's handler with its access rule: public routes pass;
// the others need an actor, and the route's permission when it has one.
func (s *Server) guard(rt Route) http.Handler {
	if rt.Public {
		return rt.Handler
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := kampungkb.ActorFrom(r.Context())
		if !ok {
			if rt.API {
				writeError(w, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Masuk dulu: kirim Authorization: Bearer TOKEN."})
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/masuk?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.render(w, r, http.StatusUnauthorized, "error.html", &page{Title: "Perlu masuk", Data: "Sesi Anda berakhir. Masuk lagi, lalu ulangi."})
			return
		}
		if must, _ := r.Context().Value(mustChangeKey{}).(bool); must && !rt.AllowPasswordChange {
			http.Redirect(w, r, "/akun/sandi", http.StatusSeeOther)
			return
		}
		if rt.Perm != "" && !a.Can(rt.Perm) {
			err := &kampungkb.Error{Kind: kampungkb.Forbidden, Message: "Peran Anda (" + kampungkb.Roles.Label(a.Role) + ") tidak diizinkan membuka ini."}
			if rt.API {
				writeError(w, err)
			} else {
				s.htmlError(w, r, err)
			}
			return
		}
		rt.Handler.ServeHTTP(w, r)
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: int(s.sessionMax.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: -1})
}

type loginData struct {
	Next    string
	NoUsers bool
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := kampungkb.ActorFrom(r.Context()); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, newForm(url.Values{"next": {r.URL.Query().Get("next")}}))
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, f *form) {
	n, err := s.db.CountUsers(r.Context())
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, status, "login.html", &page{Title: "Masuk", Form: f, Data: loginData{Next: f.Get("next"), NoUsers: n == 0}})
}

// login checks a username and password. Failures are rate-limited per
// account and per address; a successful login starts a new session with a
// new random token (so a session id planted before login is never used).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	ctx := r.Context()
	username, password := strings.TrimSpace(r.PostForm.Get("username")), r.PostForm.Get("password")
	f := newForm(url.Values{"username": {username}, "next": {r.PostForm.Get("next")}})
	ip := s.clientIP(r)
	fail := func(status int, msg string) {
		f.Message = msg
		s.renderLogin(w, r, status, f)
	}
	byUser, byIP, err := s.db.LoginFailures(ctx, username, ip, loginWindow)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if byUser >= maxFailuresPerUser || byIP >= maxFailuresPerIP {
		s.db.RecordLoginFailure(ctx, username, ip)
		fail(http.StatusTooManyRequests, "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi setelah 15 menit atau minta admin mengatur ulang kata sandi Anda.")
		return
	}
	u, hash, err := s.db.UserByUsername(ctx, username)
	ok := false
	if err == nil && !u.Disabled {
		ok, _ = auth.CheckPassword(hash, password)
	} else {
		auth.CheckMissingUser(password)
	}
	if !ok {
		s.db.RecordLoginFailure(ctx, username, ip)
		fail(http.StatusUnauthorized, "Nama pengguna atau kata sandi salah.")
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		s.db.DeleteSession(ctx, auth.TokenHash(c.Value))
	}
	token, err := auth.NewToken("")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.CreateSession(ctx, auth.TokenHash(token), u.ID, ip, r.UserAgent(), s.sessionMax); err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.db.ClearLoginFailures(ctx, username)
	s.db.Audit(kampungkb.WithActor(ctx, u.Actor()), "login", "user", u.ID, "masuk dari "+ip)
	s.setSessionCookie(w, r, token)
	if u.MustChangePassword {
		redirect(w, r, "/akun/sandi", "Admin mengatur ulang kata sandi Anda: buat kata sandi baru dulu.")
		return
	}
	redirect(w, r, safeNext(r.PostForm.Get("next")), "Selamat datang, "+displayName(u)+".")
}

func displayName(u kampungkb.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Username
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		s.db.DeleteSession(r.Context(), auth.TokenHash(c.Value))
	}
	if a, ok := kampungkb.ActorFrom(r.Context()); ok {
		s.db.Audit(r.Context(), "logout", "user", a.ID, "")
	}
	s.clearSessionCookie(w, r)
	redirect(w, r, "/masuk", "Anda sudah keluar.")
}

type accountData struct {
	User     kampungkb.User
	Tokens   []sqldb.Token
	NewToken string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.accountPage(w, r, http.StatusOK, newForm(nil), "")
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, status int, f *form, newToken string) {
	a, _ := kampungkb.ActorFrom(r.Context())
	u, err := s.db.User(r.Context(), a.ID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	tokens, err := s.db.Tokens(r.Context(), a.ID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, status, "account.html", &page{Title: "Akun saya", Section: "akun", Form: f,
		Data: accountData{User: u, Tokens: tokens, NewToken: newToken}})
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password.html", &page{Title: "Ganti kata sandi", Section: "akun", Form: newForm(nil)})
}

// changePassword sets a new password after checking the current one; all
// other sessions end and a new session starts.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	ctx := r.Context()
	a, _ := kampungkb.ActorFrom(ctx)
	u, hash, err := s.db.UserByUsername(ctx, a.Username)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	f := newForm(nil)
	cur, next, again := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("again")
	if ok, _ := auth.CheckPassword(hash, cur); !ok {
		f.Errors["current"] = "Kata sandi sekarang salah."
	}
	if msg := kampungkb.CheckPassword(u.Username, next); msg != "" {
		f.Errors["new"] = msg
	} else if next != again {
		f.Errors["again"] = "Ulangi kata sandi baru dengan tepat sama."
	} else if next == cur {
		f.Errors["new"] = "Kata sandi baru harus berbeda dari yang sekarang."
	}
	if len(f.Errors) > 0 {
		f.Message = "Periksa kembali isian yang ditandai."
		s.render(w, r, http.StatusBadRequest, "password.html", &page{Title: "Ganti kata sandi", Section: "akun", Form: f})
		return
	}
	h, err := auth.HashPassword(next)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.SetPassword(ctx, u.ID, h, false); err != nil {
		s.htmlError(w, r, err)
		return
	}
	token, err := auth.NewToken("")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.CreateSession(ctx, auth.TokenHash(token), u.ID, s.clientIP(r), r.UserAgent(), s.sessionMax); err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token)
	redirect(w, r, "/akun", "Kata sandi diganti. Sesi lain dengan akun ini sudah diakhiri.")
}

// createToken makes a personal access token for the API and shows it once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	a, _ := kampungkb.ActorFrom(r.Context())
	f := newForm(r.PostForm)
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("days")))
	if err != nil || days < 1 || days > 365 {
		f.Errors["days"] = "Masa berlaku 1–365 hari."
		f.Message = "Periksa kembali isian yang ditandai."
		s.accountPage(w, r, http.StatusBadRequest, f, "")
		return
	}
	token, err := auth.NewToken("kkb_")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if _, err := s.db.CreateToken(r.Context(), a.ID, r.PostForm.Get("name"), auth.TokenHash(token), time.Duration(days)*24*time.Hour); err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.accountPage(w, r, http.StatusOK, newForm(nil), token)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	a, _ := kampungkb.ActorFrom(r.Context())
	if err := s.db.RevokeToken(r.Context(), a.ID, id); err != nil {
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/akun", "Token dicabut.")
}
