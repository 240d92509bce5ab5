package web

import (
	"context"
	"crypto/rand"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/auth"
)

// User management: the admin of the whole system manages every account;
// an admin of a province, kabupaten or kecamatan manages the accounts
// whose home region lies in that region (domain.md §4, §1.17: regions are
// attached to users). The rules are enforced here, per request:
//
//   - an account outside the admin's region does not exist for them (404);
//   - an account may be created or moved only into the admin's region, and
//     never made an admin of the whole system, by a regional admin (403);
//   - nobody changes their own role, region or status (so that no admin
//     widens their own scope or locks themselves out; another admin does).

// manageUsers marks a route as needing the permission to manage accounts.
func manageUsers(rt Route) Route {
	rt.Perm = kampungkb.PermManageUsers
	return rt
}

// userScope returns the region whose accounts a manages; all is true for
// the admin of the whole system. A regional admin without a region (which
// validation prevents) manages nothing.
func userScope(a kampungkb.Actor) (region string, all bool) {
	if a.Role == kampungkb.RoleAdmin {
		return "", true
	}
	return a.ViewRegion, false
}

// canManageRegion reports whether a may manage an account whose home
// region is code.
func canManageRegion(a kampungkb.Actor, code string) bool {
	scope, all := userScope(a)
	if all {
		return true
	}
	return scope != "" && code != "" && kampungkb.InRegion(code, scope)
}

// scopedUserRegion narrows a list's region filter to the actor's scope; ok
// is false when the two do not overlap (nothing to list).
func scopedUserRegion(a kampungkb.Actor, region string) (string, bool) {
	scope, all := userScope(a)
	switch {
	case all:
		return region, true
	case scope == "":
		return "", false
	case region == "" || kampungkb.InRegion(scope, region):
		return scope, true
	case kampungkb.InRegion(region, scope):
		return region, true
	}
	return "", false
}

// checkUserChange says why a may not give an account the role and region
// of u (old is the stored account, nil when creating). It returns a
// Forbidden error naming the field, or nil.
func checkUserChange(a kampungkb.Actor, old *kampungkb.User, u kampungkb.User) error {
	forbid := func(field, msg string) error {
		return &kampungkb.Error{Kind: kampungkb.Forbidden, Message: msg, Fields: map[string]string{field: msg}}
	}
	if old != nil && old.ID == a.ID && a.ID != 0 {
		switch {
		case u.Role != old.Role:
			return forbid("role", "Anda tidak dapat mengubah peran akun Anda sendiri; minta admin lain.")
		case u.Region != old.Region:
			return forbid("region", "Anda tidak dapat mengubah wilayah akun Anda sendiri; minta admin lain.")
		case u.Disabled && !old.Disabled:
			return forbid("disabled", "Anda tidak dapat menonaktifkan akun Anda sendiri.")
		}
	}
	scope, all := userScope(a)
	if all {
		return nil
	}
	if u.Role == kampungkb.RoleAdmin {
		return forbid("role", "Hanya admin seluruh sistem yang dapat membuat admin seluruh sistem.")
	}
	if u.Region != "" && !canManageRegion(a, u.Region) {
		return forbid("region", "Wilayah "+u.Region+" di luar wilayah Anda ("+scope+"). Anda hanya dapat mengelola akun di wilayah Anda.")
	}
	return nil
}

// userProblems adds the rule that a regional admin's accounts have a home
// region (roles whose region is optional, such as mitra, included).
func userProblems(a kampungkb.Actor, u kampungkb.User, p kampungkb.Problems) kampungkb.Problems {
	if scope, all := userScope(a); !all && u.Region == "" {
		p.Add("region", "Isi wilayah akun: kode di dalam wilayah Anda ("+scope+").")
	}
	return p
}

// visibleUser returns the account id when a may manage it, and a NotFound
// error otherwise (the account's existence is not revealed).
func (s *Server) visibleUser(ctx context.Context, id int64) (kampungkb.User, error) {
	a, _ := kampungkb.ActorFrom(ctx)
	u, err := s.db.User(ctx, id)
	if err != nil {
		return u, err
	}
	if !canManageRegion(a, u.Region) {
		return kampungkb.User{}, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Pengguna " + strconv.FormatInt(id, 10) + " tidak ditemukan."}
	}
	return u, nil
}

// usernameFree adds a problem when the username is taken, so that the
// form says so together with every other problem (storage would only say
// it once the rest is valid).
func (s *Server) usernameFree(ctx context.Context, username string, p *kampungkb.Problems) error {
	if username == "" {
		return nil
	}
	_, _, err := s.db.UserByUsername(ctx, username)
	switch {
	case err == nil:
		p.Add("username", "Nama pengguna "+username+" sudah dipakai.")
	case kampungkb.ErrorKind(err) != kampungkb.NotFound:
		return err
	}
	return nil
}

// tempAlphabet leaves out letters and digits read alike (i l 1, o 0), as
// a temporary password is often read out over the telephone.
const tempAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// tempPassword makes a random temporary password of three groups of four
// (about 59 bits; it is shown once and must be changed at the first login).
func tempPassword(username string) (string, error) {
	for {
		var b strings.Builder
		for i := range 12 {
			if i > 0 && i%4 == 0 {
				b.WriteByte('-')
			}
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(tempAlphabet))))
			if err != nil {
				return "", err
			}
			b.WriteByte(tempAlphabet[n.Int64()])
		}
		if p := b.String(); kampungkb.CheckPassword(username, p) == "" {
			return p, nil
		}
	}
}

// userFilter reads the list filters: q, role, region, disabled=1
// (include disabled accounts), limit, offset; the region is narrowed to
// the actor's scope. ok is false when nothing can match.
func userFilter(r *http.Request) (f kampungkb.Filter, ok bool, err error) {
	if f, err = parseFilter(r); err != nil {
		return f, false, err
	}
	q := r.URL.Query()
	if role := q.Get("role"); role != "" {
		f.Type = role
	}
	if v := q.Get("disabled"); v == "1" || v == "true" {
		f.Archived = true
	}
	a, _ := kampungkb.ActorFrom(r.Context())
	f.Region, ok = scopedUserRegion(a, f.Region)
	return f, ok, nil
}

type userListData struct {
	Rows   []kampungkb.User
	Pager  pager
	Scope  string
	Region kampungkb.Region
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	f, ok, err := userFilter(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportUsers(w, r, f, ok, format)
		return
	}
	var rows []kampungkb.User
	total := 0
	if ok {
		if rows, total, err = s.db.Users(r.Context(), f); err != nil {
			s.htmlError(w, r, err)
			return
		}
	}
	a, _ := kampungkb.ActorFrom(r.Context())
	d := userListData{Rows: rows, Pager: newPager(r, total, f)}
	d.Scope, _ = userScope(a)
	if f.Region != "" {
		d.Region, _ = s.db.Region(r.Context(), f.Region)
	}
	s.render(w, r, http.StatusOK, "user_list.html", &page{Title: "Pengguna", Section: "pengguna", Data: d, Form: newForm(r.URL.Query())})
}

var userColumns = []string{"id", "nama_pengguna", "nama", "peran", "wilayah", "nama_wilayah", "desa_binaan", "mitra",
	"harus_ganti_sandi", "nonaktif", "terakhir_masuk"}

func (s *Server) exportUsers(w http.ResponseWriter, r *http.Request, f kampungkb.Filter, ok bool, format string) {
	s.export(w, r, format, "pengguna", userColumns, func(f kampungkb.Filter) ([][]any, int, error) {
		if !ok {
			return nil, 0, nil
		}
		rows, total, err := s.db.Users(r.Context(), f)
		out := make([][]any, len(rows))
		for i, u := range rows {
			last := ""
			if !u.LastLoginAt.IsZero() {
				last = kampungkb.FormatTimestamp(u.LastLoginAt, s.loc)
			}
			out[i] = []any{u.ID, u.Username, u.Name, kampungkb.Roles.Label(u.Role), u.Region, u.RegionName,
				strings.Join(u.Capture, "; "), u.PartnerName, u.MustChangePassword, u.Disabled, last}
		}
		return out, total, err
	}, f)
}

// userFormValues writes an account into form values (for the edit form).
func userFormValues(u kampungkb.User) url.Values {
	v := url.Values{}
	v.Set("username", u.Username)
	v.Set("name", u.Name)
	v.Set("role", u.Role)
	v.Set("region", u.Region)
	v.Set("capture", strings.Join(u.Capture, "\n"))
	if u.PartnerID != 0 {
		v.Set("partner_id", strconv.FormatInt(u.PartnerID, 10))
	}
	if u.Disabled {
		v.Set("disabled", "1")
	}
	v.Set("version", strconv.Itoa(u.Version))
	return v
}

// decodeUser reads an account from a posted form. The region may be a
// code or a unique name; capture desa are one per line, codes or names.
func (s *Server) decodeUser(ctx context.Context, v url.Values) (kampungkb.User, kampungkb.Problems) {
	var p kampungkb.Problems
	u := kampungkb.User{
		Username: strings.ToLower(strings.TrimSpace(v.Get("username"))),
		Name:     strings.TrimSpace(v.Get("name")),
		Role:     v.Get("role"),
		Disabled: v.Get("disabled") == "1",
	}
	u.PartnerID = formID(&p, v, "partner_id")
	u.Version, _ = strconv.Atoi(v.Get("version"))
	if line := strings.TrimSpace(v.Get("region")); line != "" {
		code, problem := s.resolveRegion(ctx, line, 0)
		if problem != "" {
			p.Add("region", problem)
		}
		u.Region = code
	}
	codes, problem := s.resolveRegions(ctx, splitLines(v.Get("capture")), kampungkb.Desa)
	if problem != "" {
		p.Add("capture", problem)
	}
	u.Capture = codes
	return u, p
}

// checkUser runs the checks before storing u: permission (Forbidden) first,
// then the decode problems, the scope rule and the account's own
// validation, all at once (Invalid).
func checkUser(a kampungkb.Actor, old *kampungkb.User, u kampungkb.User, p kampungkb.Problems) error {
	if err := checkUserChange(a, old, u); err != nil {
		return err
	}
	p = userProblems(a, u, p)
	v := u
	v.Capture = slices.Clone(u.Capture)
	return mergeProblems(v.Validate(), p)
}

type userFormData struct {
	User     kampungkb.User
	Partners []kampungkb.Ref
	Action   string
	Scope    string
	Self     bool
	// RegionHelp explains which region each role needs.
	RegionHelp string
}

func (s *Server) userFormPage(w http.ResponseWriter, r *http.Request, status int, u kampungkb.User, f *form) {
	partners, err := s.db.PartnerRefs(r.Context(), false, kampungkb.Scope{})
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	a, _ := kampungkb.ActorFrom(r.Context())
	d := userFormData{User: u, Partners: partners, Action: "/pengguna", Self: u.ID != 0 && u.ID == a.ID}
	d.Scope, _ = userScope(a)
	d.RegionHelp = "Kode wilayah peran: provinsi untuk admin provinsi; kabupaten/kota untuk admin kabupaten; kecamatan untuk admin kecamatan dan PKB; desa untuk kader dan TPK; kosong untuk admin seluruh sistem."
	if d.Scope != "" {
		d.RegionHelp += " Harus di dalam wilayah Anda (" + d.Scope + ")."
	}
	title := "Tambah pengguna"
	crumbs := []crumb{{"Pengguna", "/pengguna"}}
	if u.ID != 0 {
		d.Action = "/pengguna/" + strconv.FormatInt(u.ID, 10)
		title = "Ubah pengguna: " + u.Username
		crumbs = append(crumbs, crumb{u.Username, d.Action})
	}
	s.render(w, r, status, "user_form.html", &page{Title: title, Section: "pengguna", Crumbs: crumbs, Form: f, Data: d})
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	a, _ := kampungkb.ActorFrom(r.Context())
	v := url.Values{"must_change": {"1"}}
	if scope, all := userScope(a); !all {
		v.Set("region", scope)
	}
	s.userFormPage(w, r, http.StatusOK, kampungkb.User{}, newForm(v))
}

// userCreate stores a new account. The admin types an initial password or
// leaves it empty; then a temporary password is made, shown once on the
// answer page, and the user must change it at the first login.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	ctx := r.Context()
	a, _ := kampungkb.ActorFrom(ctx)
	u, p := s.decodeUser(ctx, r.PostForm)
	password := r.PostForm.Get("password")
	u.MustChangePassword = r.PostForm.Get("must_change") == "1"
	if password != "" {
		if msg := kampungkb.CheckPassword(u.Username, password); msg != "" {
			p.Add("password", msg)
		}
	}
	if err := s.usernameFree(ctx, u.Username, &p); err != nil {
		s.htmlError(w, r, err)
		return
	}
	fail := func(err error) {
		v := cloneValues(r.PostForm)
		v.Del("password")
		f := newForm(v)
		f.fail(err)
		s.userFormPage(w, r, statusOf(err), kampungkb.User{}, f)
	}
	if err := checkUser(a, nil, u, p); err != nil {
		fail(err)
		return
	}
	generated := password == ""
	if generated {
		var err error
		if password, err = tempPassword(u.Username); err != nil {
			s.htmlError(w, r, err)
			return
		}
		u.MustChangePassword = true
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.CreateUser(ctx, &u, hash); err != nil {
		if kampungkb.ErrorKind(err) == kampungkb.Invalid {
			fail(err)
			return
		}
		s.htmlError(w, r, err)
		return
	}
	if !generated {
		redirect(w, r, "/pengguna/"+strconv.FormatInt(u.ID, 10), "Akun "+u.Username+" dibuat.")
		return
	}
	s.userShowPage(w, r, u.ID, "Akun "+u.Username+" dibuat.", password)
}

type userShowData struct {
	User         kampungkb.User
	Capture      []kampungkb.Region
	TempPassword string
	Self         bool
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.userShowPage(w, r, id, "", "")
}

// userShowPage renders an account; tempPassword, when set, is shown once.
func (s *Server) userShowPage(w http.ResponseWriter, r *http.Request, id int64, flash, tempPassword string) {
	u, err := s.visibleUser(r.Context(), id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	a, _ := kampungkb.ActorFrom(r.Context())
	d := userShowData{User: u, TempPassword: tempPassword, Self: u.ID == a.ID}
	for _, c := range u.Capture {
		reg, err := s.db.Region(r.Context(), c)
		if err != nil {
			reg = kampungkb.Region{Code: c, Name: c, Level: kampungkb.Desa}
		}
		d.Capture = append(d.Capture, reg)
	}
	s.render(w, r, http.StatusOK, "user_show.html", &page{Title: u.Username, Section: "pengguna", Flash: flash,
		Crumbs: []crumb{{"Pengguna", "/pengguna"}}, Data: d})
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	u, err := s.visibleUser(r.Context(), id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.userFormPage(w, r, http.StatusOK, u, newForm(userFormValues(u)))
}

// userUpdate stores changes to an account: name, role, region, capture
// desa, partner and status. The username and password stay (a password is
// reset with userResetPassword); disabling an account ends its sessions.
func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	ctx := r.Context()
	old, err := s.visibleUser(ctx, id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	a, _ := kampungkb.ActorFrom(ctx)
	u, p := s.decodeUser(ctx, r.PostForm)
	u.ID, u.Username, u.MustChangePassword = id, old.Username, old.MustChangePassword
	err = checkUser(a, &old, u, p)
	if err == nil {
		err = s.db.UpdateUser(ctx, &u)
	}
	if err != nil {
		if k := kampungkb.ErrorKind(err); k != kampungkb.Invalid && k != kampungkb.Forbidden && k != kampungkb.Conflict {
			s.htmlError(w, r, err)
			return
		}
		v := cloneValues(r.PostForm)
		v.Set("username", old.Username)
		f := newForm(v)
		f.fail(err)
		s.userFormPage(w, r, statusOf(err), old, f)
		return
	}
	msg := "Perubahan akun " + u.Username + " tersimpan."
	if u.Disabled && !old.Disabled {
		msg = "Akun " + u.Username + " dinonaktifkan; sesinya sudah diakhiri."
	}
	redirect(w, r, "/pengguna/"+strconv.FormatInt(id, 10), msg)
}

// resetUserPassword sets a temporary password for the account, which must
// be changed at the next login, and ends the account's sessions.
func (s *Server) resetUserPassword(ctx context.Context, id int64) (kampungkb.User, string, error) {
	u, err := s.visibleUser(ctx, id)
	if err != nil {
		return u, "", err
	}
	if a, _ := kampungkb.ActorFrom(ctx); a.ID != 0 && a.ID == u.ID {
		return u, "", &kampungkb.Error{Kind: kampungkb.Conflict, Message: "Untuk akun Anda sendiri, pakai Ganti kata sandi di halaman Akun saya."}
	}
	password, err := tempPassword(u.Username)
	if err != nil {
		return u, "", err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return u, "", err
	}
	if err := s.db.SetPassword(ctx, u.ID, hash, true); err != nil {
		return u, "", err
	}
	// The login page tells a locked-out user to ask for a reset: the
	// account's failed logins no longer count after one.
	if err := s.db.ClearLoginFailures(ctx, u.Username); err != nil {
		return u, "", err
	}
	return u, password, nil
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	u, password, err := s.resetUserPassword(r.Context(), id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.userShowPage(w, r, id, "Kata sandi "+u.Username+" diatur ulang; semua sesinya sudah diakhiri.", password)
}

// API

// userBody is an account as the API receives it: the fields of
// kampungkb.User (read-only ones ignored) and, when creating, an initial
// password (empty: a temporary one is made and answered once).
type userBody struct {
	kampungkb.User
	Password string `json:"password,omitempty"`
}

// userAnswer is an account with, once, its temporary password.
type userAnswer struct {
	kampungkb.User
	TemporaryPassword string `json:"temporary_password,omitempty"`
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) {
	f, ok, err := userFilter(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rows, total := []kampungkb.User{}, 0
	if ok {
		if rows, total, err = s.db.Users(r.Context(), f); err != nil {
			s.apiFail(w, r, err)
			return
		}
		if rows == nil {
			rows = []kampungkb.User{}
		}
	}
	writeJSON(w, http.StatusOK, list[kampungkb.User]{Items: rows, Total: total})
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	u, err := s.visibleUser(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// bodyUser copies the writable fields of an API body.
func bodyUser(b userBody) kampungkb.User {
	u := kampungkb.User{Username: strings.ToLower(strings.TrimSpace(b.Username)), Name: strings.TrimSpace(b.Name),
		Role: b.Role, Capture: b.Capture, PartnerID: b.PartnerID, MustChangePassword: b.MustChangePassword, Disabled: b.Disabled}
	u.Version = b.Version
	if b.Region != "" {
		u.Region = b.Region
		if code, _, ok := kampungkb.NormalizeRegionCode(b.Region); ok {
			u.Region = code
		}
	}
	for i, c := range u.Capture {
		if code, _, ok := kampungkb.NormalizeRegionCode(c); ok {
			u.Capture[i] = code
		}
	}
	return u
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) {
	var b userBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.apiFail(w, r, err)
		return
	}
	ctx := r.Context()
	a, _ := kampungkb.ActorFrom(ctx)
	u := bodyUser(b)
	var p kampungkb.Problems
	if b.Password != "" {
		if msg := kampungkb.CheckPassword(u.Username, b.Password); msg != "" {
			p.Add("password", msg)
		}
	}
	if err := s.usernameFree(ctx, u.Username, &p); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := checkUser(a, nil, u, p); err != nil {
		s.apiFail(w, r, err)
		return
	}
	password := b.Password
	if password == "" {
		var err error
		if password, err = tempPassword(u.Username); err != nil {
			s.apiFail(w, r, err)
			return
		}
		u.MustChangePassword = true
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.CreateUser(ctx, &u, hash); err != nil {
		s.apiFail(w, r, err)
		return
	}
	stored, err := s.db.User(ctx, u.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ans := userAnswer{User: stored}
	if b.Password == "" {
		ans.TemporaryPassword = password
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	writeJSON(w, http.StatusCreated, ans)
}

func (s *Server) apiUserUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var b userBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.apiFail(w, r, err)
		return
	}
	ctx := r.Context()
	old, err := s.visibleUser(ctx, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	a, _ := kampungkb.ActorFrom(ctx)
	u := bodyUser(b)
	var p kampungkb.Problems
	if b.Password != "" {
		p.Add("password", "Kata sandi tidak diubah di sini: pakai POST /api/v1/users/{id}/reset-password.")
	}
	if u.Username != "" && u.Username != old.Username {
		p.Add("username", "Nama pengguna tidak dapat diubah.")
	}
	u.ID, u.Username, u.MustChangePassword = id, old.Username, old.MustChangePassword
	err = checkUser(a, &old, u, p)
	if err == nil {
		err = s.db.UpdateUser(ctx, &u)
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	stored, err := s.db.User(ctx, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, stored)
}

func (s *Server) apiUserResetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	u, password, err := s.resetUserPassword(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	u.MustChangePassword = true
	writeJSON(w, http.StatusOK, userAnswer{User: u, TemporaryPassword: password})
}
