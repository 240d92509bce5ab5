package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// The access tests build two sets of records in two kecamatan of Lombok
// Timur — set 0 in Desa Tumbuh Mulia (Kecamatan Suralaga), set 1 in
// Kelurahan Pancor (Kecamatan Selong), each with its own partner,
// agreement, activity (with a named attendee), contribution, profile,
// photo and document — and one account per role, scoped so that set 0 is
// in its scope and set 1, for the narrower roles, is not.

// The sets' places.
var (
	setDesa      = [2]string{"52.03.13.2007", "52.03.07.1001"}
	setKecamatan = [2]string{"52.03.13", "52.03.07"}
)

// Names that identify each set's records in pages, downloads and JSON.
var (
	kampungName   = [2]string{"Tumbuh Jaya", "Pancor Sejahtera"}
	partnerName   = [2]string{"Mitra Suralaga", "Mitra Selong"}
	agreementName = [2]string{"PKS Suralaga Sehat", "PKS Selong Sehat"}
	activityName  = [2]string{"Posyandu Suralaga", "Posyandu Selong"}
	contribName   = [2]string{"Bantuan Suralaga", "Bantuan Selong"}
	attendeeName  = [2]string{"Siti Aminah", "Lalu Rahman"}
)

// accessFixture is the database and server of the access tests.
type accessFixture struct {
	db  *sqldb.DB
	srv *web.Server
	// the records of each set
	partner, kampung, agreement, activity, contribution, profile, document, docFile [2]int64
	photo, photoFile, kampungPhotoFile                                              [2]int64
	roles                                                                           []*roleCase
	amount                                                                          [2]int64
	n                                                                               int // for unique names
}

// roleCase is an account of one role with what it may do with each set.
type roleCase struct {
	name  string
	user  kampungkb.User
	actor *kampungkb.Actor // nil: anonymous
	// sees: records located in the set (by region, or by partner for a
	// partner user); seesPartner: the set's partner (reference data);
	// captures: may write records located in the set; report: may ask
	// for a report on the set's desa.
	sees, seesPartner, captures, report [2]bool
}

var (
	passwordHashOnce sync.Once
	passwordHash     string
)

const accessPassword = "sandi-akses-rahasia-1"

func both(v bool) [2]bool { return [2]bool{v, v} }

var first = [2]bool{true, false}

// accessRoles returns one account per role (and an anonymous client).
func accessRoles(partnerA int64) []*roleCase {
	return []*roleCase{
		{name: "admin", user: kampungkb.User{Username: "uji.admin", Role: kampungkb.RoleAdmin},
			sees: both(true), seesPartner: both(true), captures: both(true), report: both(true)},
		{name: "admin_provinsi", user: kampungkb.User{Username: "uji.ntb", Role: kampungkb.RoleAdminProvinsi, Region: "52"},
			sees: both(true), seesPartner: both(true), captures: both(true), report: both(true)},
		{name: "admin_kabupaten", user: kampungkb.User{Username: "uji.lotim", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"},
			sees: both(true), seesPartner: both(true), captures: both(true), report: both(true)},
		{name: "admin_kecamatan", user: kampungkb.User{Username: "uji.suralaga", Role: kampungkb.RoleAdminKecamatan, Region: "52.03.13"},
			sees: first, seesPartner: both(true), captures: first, report: first},
		{name: "pkb", user: kampungkb.User{Username: "uji.pkb", Role: kampungkb.RolePKB, Region: "52.03.13", Capture: []string{"52.03.13.2007"}},
			sees: first, seesPartner: both(true), captures: first, report: first},
		{name: "kader", user: kampungkb.User{Username: "uji.kader", Role: kampungkb.RoleKader, Region: "52.03.13.2007"},
			sees: first, seesPartner: both(true), captures: first, report: first},
		{name: "tpk", user: kampungkb.User{Username: "uji.tpk", Role: kampungkb.RoleTPK, Region: "52.03.13.2007"},
			sees: first, seesPartner: both(true), report: first},
		{name: "mitra", user: kampungkb.User{Username: "uji.mitra", Role: kampungkb.RoleMitra, PartnerID: partnerA},
			sees: first, seesPartner: first, report: both(true)},
		{name: "viewer", user: kampungkb.User{Username: "uji.pemantau", Role: kampungkb.RoleViewer, Region: "52.03.13"},
			sees: first, seesPartner: both(true), report: first},
		{name: "anonim"},
	}
}

// newAccessFixture builds the two sets and the accounts.
func newAccessFixture(t *testing.T, db *sqldb.DB) *accessFixture {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	fx := &accessFixture{db: db, srv: newServer(t, db)}
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		p := kampungkb.Partner{Name: partnerName[i], Category: "lsm", Regions: []string{setDesa[i]}}
		must(db.CreatePartner(ctx, &p))
		fx.partner[i] = p.ID
		k := kampungkb.Kampung{Name: kampungName[i], VillageCode: setDesa[i], Coverage: "desa", LaunchDate: kampungkb.MustDate("2018-03-01")}
		must(db.CreateKampung(ctx, &k))
		fx.kampung[i] = k.ID
		ag := kampungkb.Agreement{Type: "pks", Title: agreementName[i], SignedOn: kampungkb.MustDate("2025-01-10"),
			Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: p.ID}, {Kind: "kampung", KampungID: k.ID}}}
		must(db.CreateAgreement(ctx, &ag))
		fx.agreement[i] = ag.ID
		a := kampungkb.Activity{Title: activityName[i], Date: kampungkb.MustDate("2026-03-10"), KampungIDs: []int64{k.ID},
			PartnerIDs: []int64{p.ID}, AgreementID: ag.ID, Category: "perlindungan", Type: "posyandu",
			ParticipantsFemale: 12, Attendees: []kampungkb.Attendee{{Name: attendeeName[i], Sex: "p", Role: "kader"}}}
		must(db.CreateActivity(ctx, &a))
		fx.activity[i] = a.ID
		fx.amount[i] = int64(1_500_000 * (i + 1))
		c := kampungkb.Contribution{PartnerID: p.ID, KampungID: k.ID, ActivityID: a.ID, Kind: "uang", Amount: fx.amount[i],
			Date: kampungkb.MustDate("2026-03-10"), Description: contribName[i]}
		must(db.CreateContribution(ctx, &c))
		fx.contribution[i] = c.ID
		pr := kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2026-01-15"), PokjaExists: true, PokjaMembers: 10, PokjaTrained: 4}
		must(db.SaveProfile(ctx, &pr))
		fx.profile[i] = pr.ID
		fx.photo[i], fx.photoFile[i] = fx.addPhoto(t, i)
		fx.document[i], fx.docFile[i] = fx.addDocument(t, i)
		kf := kampungkb.File{Name: "kampung.png", ContentType: "image/png", Data: pngBytes(t)}
		must(db.SetKampungPhoto(ctx, k.ID, &kf))
		fx.kampungPhotoFile[i] = kf.ID
	}
	passwordHashOnce.Do(func() {
		h, err := auth.HashPassword(accessPassword)
		if err != nil {
			t.Fatal(err)
		}
		passwordHash = h
	})
	fx.roles = accessRoles(fx.partner[0])
	for _, rc := range fx.roles {
		if rc.user.Username == "" {
			continue
		}
		rc.user.Name = rc.name
		must(db.CreateUser(ctx, &rc.user, passwordHash))
		a := rc.user.Actor()
		rc.actor = &a
	}
	return fx
}

func pngBytes(t *testing.T) []byte { return tinyPNG(t) }

func (fx *accessFixture) addPhoto(t *testing.T, set int) (photo, file int64) {
	t.Helper()
	f := kampungkb.File{Name: "foto.png", ContentType: "image/png", Data: pngBytes(t)}
	p, err := fx.db.AddActivityPhoto(context.Background(), fx.activity[set], "kegiatan", "Foto "+activityName[set], &f)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID, p.FileID
}

func (fx *accessFixture) addDocument(t *testing.T, set int) (doc, file int64) {
	t.Helper()
	f := kampungkb.File{Name: "pks.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n% naskah\n")}
	d, err := fx.db.AddAgreementDocument(context.Background(), fx.agreement[set], "Naskah "+agreementName[set], &f)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID, d.FileID
}

func (fx *accessFixture) addContribution(t *testing.T, set int) int64 {
	t.Helper()
	c := kampungkb.Contribution{PartnerID: fx.partner[set], KampungID: fx.kampung[set], Kind: "uang", Amount: 1000,
		Date: kampungkb.MustDate("2026-03-11")}
	if err := fx.db.CreateContribution(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func (fx *accessFixture) addToken(t *testing.T, userID int64) int64 {
	t.Helper()
	fx.n++
	tok, err := fx.db.CreateToken(context.Background(), userID, "uji", auth.TokenHash("kkb_uji_"+strconv.Itoa(fx.n)), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok.ID
}

// send sends a request as rc (its actor in the context, as the login
// middleware would put it; none for the anonymous client).
func (fx *accessFixture) send(rc *roleCase, method, target, contentType string, body io.Reader) resp {
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if rc.actor != nil {
		req = req.WithContext(kampungkb.WithActor(req.Context(), *rc.actor))
	}
	rec := httptest.NewRecorder()
	fx.srv.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

func (fx *accessFixture) get(rc *roleCase, target string) resp {
	return fx.send(rc, "GET", target, "", nil)
}

func (fx *accessFixture) role(name string) *roleCase {
	for _, rc := range fx.roles {
		if rc.name == name {
			return rc
		}
	}
	panic("no role " + name)
}

// scopeRule says which scope decides a route's answer.
type scopeRule int

const (
	scopeNone          scopeRule = iota // the permission alone
	scopeView                           // the record of the set must be in the view scope (404)
	scopePartner                        // the set's partner must be in view (404)
	scopeChange                         // view (404), then capture scope (403)
	scopePartnerChange                  // partner in view (404), then capture scope (403)
	scopeCreate                         // the new record, located in the set, in the capture scope (403)
	scopeReport                         // a report on the set's desa (404 outside the view region)
	scopeOwn                            // set 0: the actor's own token; set 1: another's (404)
)

// accessRule is the expected rule of one route.
type accessRule struct {
	public bool
	perm   kampungkb.Permission // "" and not public: any logged-in user
	scope  scopeRule
	// body returns the request body (a minimal one that names the set's
	// location where the rule needs it; invalid otherwise, so that an
	// allowed request answers 400 without changing anything).
	body func(fx *accessFixture, set int, rc *roleCase) (contentType string, body string)
	// fresh returns path values of records made for this request (so
	// that deleting them leaves the fixture whole).
	fresh func(t *testing.T, fx *accessFixture, set int, rc *roleCase) map[string]string
}

func form(v url.Values) func(*accessFixture, int, *roleCase) (string, string) {
	return func(*accessFixture, int, *roleCase) (string, string) {
		return "application/x-www-form-urlencoded", v.Encode()
	}
}

func formAt(fn func(fx *accessFixture, set int) url.Values) func(*accessFixture, int, *roleCase) (string, string) {
	return func(fx *accessFixture, set int, _ *roleCase) (string, string) {
		return "application/x-www-form-urlencoded", fn(fx, set).Encode()
	}
}

func jsonAt(fn func(fx *accessFixture, set int) string) func(*accessFixture, int, *roleCase) (string, string) {
	return func(fx *accessFixture, set int, _ *roleCase) (string, string) { return "application/json", fn(fx, set) }
}

func jsonBody(s string) func(*accessFixture, int, *roleCase) (string, string) {
	return jsonAt(func(*accessFixture, int) string { return s })
}

// emptyUpload is a multipart body without a file: refused with 400 when
// the request gets past the access checks.
func emptyUpload(*accessFixture, int, *roleCase) (string, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", "")
	mw.Close()
	return mw.FormDataContentType(), buf.String()
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// accessRules is the expected rule of every route. A route missing here
// fails TestAccessEveryRouteEveryRole.
func accessRules() map[string]accessRule {
	const (
		records    = kampungkb.PermViewRecords
		aggregates = kampungkb.PermViewAggregates
		kampung    = kampungkb.PermEditKampung
		partners   = kampungkb.PermEditPartners
		agreements = kampungkb.PermEditAgreements
		activities = kampungkb.PermEditActivities
	)
	empty := form(url.Values{"x": {"1"}})
	// a form that cannot be parsed is refused (400) before the password
	// is checked, which is slow on purpose (argon2id)
	unreadable := func(*accessFixture, int, *roleCase) (string, string) {
		return "application/x-www-form-urlencoded", "a=%zz"
	}
	partnerForm := formAt(func(fx *accessFixture, set int) url.Values {
		return url.Values{"name": {""}, "category": {"lsm"}, "regions": {setDesa[set]}}
	})
	partnerJSON := jsonAt(func(fx *accessFixture, set int) string { return `{"regions":["` + setDesa[set] + `"]}` })
	restore := form(url.Values{"archived": {"0"}})
	contribution := func(t *testing.T, fx *accessFixture, set int, _ *roleCase) map[string]string {
		return map[string]string{"id": id(fx.addContribution(t, set))}
	}
	document := func(t *testing.T, fx *accessFixture, set int, _ *roleCase) map[string]string {
		doc, _ := fx.addDocument(t, set)
		return map[string]string{"id": id(fx.agreement[set]), "doc": id(doc)}
	}
	photo := func(t *testing.T, fx *accessFixture, set int, _ *roleCase) map[string]string {
		p, _ := fx.addPhoto(t, set)
		return map[string]string{"id": id(fx.activity[set]), "photo": id(p)}
	}
	token := func(t *testing.T, fx *accessFixture, set int, rc *roleCase) map[string]string {
		owner := rc.user.ID // set 0: the actor's own token
		if set == 1 || rc.actor == nil {
			owner = fx.role("admin").user.ID // set 1: someone else's
			if rc.name == "admin" {
				owner = fx.role("kader").user.ID
			}
		}
		return map[string]string{"id": id(fx.addToken(t, owner))}
	}
	return map[string]accessRule{
		"GET /healthz":                {public: true},
		"GET /masuk":                  {public: true},
		"POST /masuk":                 {public: true, body: unreadable},
		"POST /keluar":                {body: empty},
		"GET /akun":                   {},
		"GET /akun/sandi":             {},
		"POST /akun/sandi":            {body: unreadable},
		"POST /akun/token":            {body: empty},
		"POST /akun/token/{id}/cabut": {scope: scopeOwn, body: empty, fresh: token},
		"GET /{$}":                    {perm: aggregates},

		"GET /wilayah":        {},
		"GET /wilayah/{code}": {},

		"GET /mitra":             {perm: records},
		"GET /mitra/baru":        {perm: partners},
		"POST /mitra":            {perm: partners, scope: scopeCreate, body: partnerForm},
		"GET /mitra/{id}":        {perm: records, scope: scopePartner},
		"GET /mitra/{id}/ubah":   {perm: partners, scope: scopePartnerChange},
		"POST /mitra/{id}":       {perm: partners, scope: scopePartnerChange, body: partnerForm},
		"POST /mitra/{id}/arsip": {perm: partners, scope: scopePartnerChange, body: restore},
		"POST /mitra/{id}/hapus": {perm: partners, scope: scopePartnerChange, body: empty}, // refused: referenced (409)

		"GET /kampung":                   {perm: records},
		"GET /kampung/baru":              {perm: kampung},
		"POST /kampung":                  {perm: kampung, scope: scopeCreate, body: formAt(func(_ *accessFixture, set int) url.Values { return url.Values{"village": {setDesa[set]}} })},
		"GET /kampung/{id}":              {perm: records, scope: scopeView},
		"GET /kampung/{id}/ubah":         {perm: kampung, scope: scopeChange},
		"POST /kampung/{id}":             {perm: kampung, scope: scopeChange, body: empty},
		"POST /kampung/{id}/arsip":       {perm: kampung, scope: scopeChange, body: restore},
		"POST /kampung/{id}/hapus":       {perm: kampung, scope: scopeChange, body: empty}, // 409: has activities
		"POST /kampung/{id}/foto":        {perm: kampung, scope: scopeChange, body: emptyUpload},
		"POST /kampung/{id}/foto/hapus":  {perm: kampung, scope: scopeChange, body: empty},
		"GET /kampung/{id}/profil/baru":  {perm: kampung, scope: scopeChange},
		"POST /kampung/{id}/profil":      {perm: kampung, scope: scopeChange, body: empty},
		"GET /kampung/{id}/profil":       {perm: records, scope: scopeView},
		"GET /kampung/{id}/profil/{pid}": {perm: records, scope: scopeView},

		"GET /perjanjian":      {perm: records},
		"GET /perjanjian/baru": {perm: agreements},
		"POST /perjanjian": {perm: agreements, scope: scopeCreate, body: formAt(func(fx *accessFixture, set int) url.Values {
			return url.Values{"party_kind": {"kampung"}, "party_kampung": {id(fx.kampung[set])}}
		})},
		"GET /perjanjian/{id}":                      {perm: records, scope: scopeView},
		"GET /perjanjian/{id}/ubah":                 {perm: agreements, scope: scopeChange},
		"POST /perjanjian/{id}":                     {perm: agreements, scope: scopeChange, body: empty},
		"POST /perjanjian/{id}/arsip":               {perm: agreements, scope: scopeChange, body: restore},
		"POST /perjanjian/{id}/hapus":               {perm: agreements, scope: scopeChange, body: empty}, // 409: has activities
		"POST /perjanjian/{id}/dokumen":             {perm: agreements, scope: scopeChange, body: emptyUpload},
		"POST /perjanjian/{id}/dokumen/{doc}/hapus": {perm: agreements, scope: scopeChange, body: empty, fresh: document},

		"GET /kegiatan":                          {perm: records},
		"GET /kegiatan/baru":                     {perm: activities},
		"POST /kegiatan":                         {perm: activities, scope: scopeCreate, body: formAt(func(fx *accessFixture, set int) url.Values { return url.Values{"kampung_ids": {id(fx.kampung[set])}} })},
		"GET /kegiatan/{id}":                     {perm: records, scope: scopeView},
		"GET /kegiatan/{id}/ubah":                {perm: activities, scope: scopeChange},
		"POST /kegiatan/{id}":                    {perm: activities, scope: scopeChange, body: empty},
		"POST /kegiatan/{id}/hapus":              {perm: activities, scope: scopeChange, body: empty}, // 409: has contributions
		"POST /kegiatan/{id}/foto":               {perm: activities, scope: scopeChange, body: emptyUpload},
		"POST /kegiatan/{id}/foto/{photo}/hapus": {perm: activities, scope: scopeChange, body: empty, fresh: photo},

		"GET /kontribusi":             {perm: records},
		"GET /kontribusi/baru":        {perm: activities},
		"POST /kontribusi":            {perm: activities, scope: scopeCreate, body: formAt(func(fx *accessFixture, set int) url.Values { return url.Values{"kampung_id": {id(fx.kampung[set])}} })},
		"GET /kontribusi/{id}":        {perm: records, scope: scopeView},
		"GET /kontribusi/{id}/ubah":   {perm: activities, scope: scopeChange},
		"POST /kontribusi/{id}":       {perm: activities, scope: scopeChange, body: empty},
		"POST /kontribusi/{id}/hapus": {perm: activities, scope: scopeChange, body: empty, fresh: contribution},

		"GET /cakupan":         {perm: aggregates, scope: scopeReport},
		"GET /cakupan/matriks": {perm: aggregates, scope: scopeReport},
		"GET /cakupan/mitra":   {perm: aggregates, scope: scopeReport},

		"GET /berkas/{id}": {perm: records, scope: scopeView},

		"GET /api/v1/openapi.json":   {public: true},
		"GET /api/v1/codes":          {public: true},
		"GET /api/v1/regions":        {},
		"GET /api/v1/regions/{code}": {},

		"GET /api/v1/partners":         {perm: records},
		"POST /api/v1/partners":        {perm: partners, scope: scopeCreate, body: partnerJSON},
		"GET /api/v1/partners/{id}":    {perm: records, scope: scopePartner},
		"PUT /api/v1/partners/{id}":    {perm: partners, scope: scopePartnerChange, body: partnerJSON},
		"DELETE /api/v1/partners/{id}": {perm: partners, scope: scopePartnerChange}, // 409

		"GET /api/v1/kampung":                       {perm: records},
		"POST /api/v1/kampung":                      {perm: kampung, scope: scopeCreate, body: jsonAt(func(_ *accessFixture, set int) string { return `{"village_code":"` + setDesa[set] + `"}` })},
		"GET /api/v1/kampung/{id}":                  {perm: records, scope: scopeView},
		"PUT /api/v1/kampung/{id}":                  {perm: kampung, scope: scopeChange, body: jsonBody(`{}`)},
		"DELETE /api/v1/kampung/{id}":               {perm: kampung, scope: scopeChange}, // 409
		"GET /api/v1/kampung/{id}/profiles":         {perm: records, scope: scopeView},
		"POST /api/v1/kampung/{id}/profiles":        {perm: kampung, scope: scopeChange, body: jsonBody(`{}`)},
		"GET /api/v1/kampung/{id}/profiles/current": {perm: records, scope: scopeView},
		"GET /api/v1/kampung/{id}/profiles/{pid}":   {perm: records, scope: scopeView},

		"GET /api/v1/agreements": {perm: records},
		"POST /api/v1/agreements": {perm: agreements, scope: scopeCreate, body: jsonAt(func(fx *accessFixture, set int) string {
			return `{"parties":[{"kind":"kampung","kampung_id":` + id(fx.kampung[set]) + `}]}`
		})},
		"GET /api/v1/agreements/{id}":                    {perm: records, scope: scopeView},
		"PUT /api/v1/agreements/{id}":                    {perm: agreements, scope: scopeChange, body: jsonBody(`{}`)},
		"DELETE /api/v1/agreements/{id}":                 {perm: agreements, scope: scopeChange}, // 409
		"POST /api/v1/agreements/{id}/documents":         {perm: agreements, scope: scopeChange, body: emptyUpload},
		"DELETE /api/v1/agreements/{id}/documents/{doc}": {perm: agreements, scope: scopeChange, fresh: document},
		"GET /api/v1/files/{id}":                         {perm: records, scope: scopeView},

		"GET /api/v1/activities":                        {perm: records},
		"POST /api/v1/activities":                       {perm: activities, scope: scopeCreate, body: jsonAt(func(fx *accessFixture, set int) string { return `{"kampung_ids":[` + id(fx.kampung[set]) + `]}` })},
		"GET /api/v1/activities/{id}":                   {perm: records, scope: scopeView},
		"PUT /api/v1/activities/{id}":                   {perm: activities, scope: scopeChange, body: jsonBody(`{}`)},
		"DELETE /api/v1/activities/{id}":                {perm: activities, scope: scopeChange}, // 409
		"POST /api/v1/activities/{id}/photos":           {perm: activities, scope: scopeChange, body: emptyUpload},
		"DELETE /api/v1/activities/{id}/photos/{photo}": {perm: activities, scope: scopeChange, fresh: photo},

		"GET /api/v1/contributions":         {perm: records},
		"POST /api/v1/contributions":        {perm: activities, scope: scopeCreate, body: jsonAt(func(fx *accessFixture, set int) string { return `{"kampung_id":` + id(fx.kampung[set]) + `}` })},
		"GET /api/v1/contributions/{id}":    {perm: records, scope: scopeView},
		"PUT /api/v1/contributions/{id}":    {perm: activities, scope: scopeChange, body: jsonBody(`{}`)},
		"DELETE /api/v1/contributions/{id}": {perm: activities, scope: scopeChange, fresh: contribution},

		"GET /api/v1/coverage":          {perm: aggregates, scope: scopeReport},
		"GET /api/v1/coverage/matrix":   {perm: aggregates, scope: scopeReport},
		"GET /api/v1/coverage/partners": {perm: aggregates, scope: scopeReport},
	}
}

// target fills a route's pattern with the set's records.
func (fx *accessFixture) target(rt web.Route, set int, values map[string]string) string {
	p := strings.TrimSuffix(rt.Pattern, "{$}")
	entity := map[string]int64{
		"/mitra/": fx.partner[set], "/kampung/": fx.kampung[set], "/perjanjian/": fx.agreement[set],
		"/kegiatan/": fx.activity[set], "/kontribusi/": fx.contribution[set], "/berkas/": fx.docFile[set],
		"/api/v1/partners/": fx.partner[set], "/api/v1/kampung/": fx.kampung[set], "/api/v1/agreements/": fx.agreement[set],
		"/api/v1/activities/": fx.activity[set], "/api/v1/contributions/": fx.contribution[set], "/api/v1/files/": fx.docFile[set],
	}
	vals := map[string]string{"pid": id(fx.profile[set]), "doc": id(fx.document[set]), "photo": id(fx.photo[set]), "code": setDesa[set]}
	for prefix, n := range entity {
		if strings.HasPrefix(p, prefix+"{id}") {
			vals["id"] = id(n)
		}
	}
	for k, v := range values {
		vals[k] = v
	}
	for k, v := range vals {
		p = strings.ReplaceAll(p, "{"+k+"}", v)
	}
	if strings.Contains(p, "{") {
		panic("unfilled pattern " + p)
	}
	if strings.HasPrefix(p, "/cakupan") || strings.HasPrefix(p, "/api/v1/coverage") {
		p += "?region=" + setDesa[set]
	}
	return p
}

// expect returns the status a role gets from a route for a set: 0 when
// the request must get past the access checks.
func (rc *roleCase) expect(rule accessRule, set int) int {
	if rule.public {
		return 0
	}
	if rc.actor == nil {
		return http.StatusUnauthorized
	}
	if rule.perm != "" && !rc.actor.Can(rule.perm) {
		return http.StatusForbidden
	}
	switch rule.scope {
	case scopeView:
		if !rc.sees[set] {
			return http.StatusNotFound
		}
	case scopePartner:
		if !rc.seesPartner[set] {
			return http.StatusNotFound
		}
	case scopeChange:
		if !rc.sees[set] {
			return http.StatusNotFound
		}
		if !rc.captures[set] {
			return http.StatusForbidden
		}
	case scopePartnerChange:
		if !rc.seesPartner[set] {
			return http.StatusNotFound
		}
		if !rc.captures[set] {
			return http.StatusForbidden
		}
	case scopeCreate:
		if !rc.captures[set] {
			return http.StatusForbidden
		}
	case scopeReport:
		if !rc.report[set] {
			return http.StatusNotFound
		}
	case scopeOwn:
		if set == 1 {
			return http.StatusNotFound
		}
	}
	return 0
}

// TestAccessEveryRouteEveryRole sends every route of the router, as every
// role, for the records of both sets, and checks that each request is let
// through or refused with the expected status.
func TestAccessEveryRouteEveryRole(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		fx := newAccessFixture(t, db)
		rules := accessRules()
		seen := map[string]bool{}
		cases := 0
		for _, rt := range fx.srv.Routes() {
			key := rt.Method + " " + rt.Pattern
			seen[key] = true
			rule, ok := rules[key]
			if !ok {
				t.Errorf("route %s has no rule in accessRules: add one", key)
				continue
			}
			if rt.Public != rule.public || rt.Perm != rule.perm {
				t.Errorf("route %s: Public=%v Perm=%q, want Public=%v Perm=%q", key, rt.Public, rt.Perm, rule.public, rule.perm)
			}
			for _, rc := range fx.roles {
				for set := range 2 {
					var values map[string]string
					if rule.fresh != nil {
						values = rule.fresh(t, fx, set, rc)
					}
					target := fx.target(rt, set, values)
					var ctype, body string
					if rule.body != nil {
						ctype, body = rule.body(fx, set, rc)
					}
					r := fx.send(rc, rt.Method, target, ctype, strings.NewReader(body))
					cases++
					want := rc.expect(rule, set)
					if got := outcome(rt, r, want); got != "" {
						t.Errorf("%s as %s (set %d): %s\n%.300s", key, rc.name, set, got, r.Body)
					}
				}
			}
		}
		for key := range rules {
			if !seen[key] {
				t.Errorf("accessRules has %s, which is not a route", key)
			}
		}
		t.Logf("%d routes × %d roles × 2 sets = %d requests", len(fx.srv.Routes()), len(fx.roles), cases)
	})
}

// outcome checks an answer against the expected status (0: let through)
// and says what is wrong, "" when nothing is.
func outcome(rt web.Route, r resp, want int) string {
	switch {
	case want == 0 && rt.Method == "GET":
		if r.Code >= 400 {
			return fmt.Sprintf("status %d, want it let through (2xx/3xx)", r.Code)
		}
	case want == 0:
		// a refused body (400) or a refused delete (409) got past the checks
		if r.Code >= 400 && r.Code != http.StatusBadRequest && r.Code != http.StatusConflict {
			return fmt.Sprintf("status %d, want it let through (2xx/3xx, or 400/409 from validation)", r.Code)
		}
	case want == http.StatusUnauthorized && !rt.API && rt.Method == "GET":
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/masuk") {
			return fmt.Sprintf("status %d %s, want a redirect to /masuk", r.Code, r.Header.Get("Location"))
		}
	default:
		if r.Code != want {
			return fmt.Sprintf("status %d, want %d", r.Code, want)
		}
	}
	return ""
}
