package web_test

import (
	"bytes"
	"context"
	"encoding/json"
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

	"github.com/xuri/excelize/v2"

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
	accDesa      = [2]string{"52.03.13.2007", "52.03.07.1001"}
	accKecamatan = [2]string{"52.03.13", "52.03.07"}
)

// Names that identify each set's records in pages, downloads and JSON.
var (
	accKampung      = [2]string{"Tumbuh Jaya", "Pancor Sejahtera"}
	accPartner      = [2]string{"Mitra Suralaga", "Mitra Selong"}
	accAgreement    = [2]string{"PKS Suralaga Sehat", "PKS Selong Sehat"}
	accActivity     = [2]string{"Posyandu Suralaga", "Posyandu Selong"}
	accContribution = [2]string{"Bantuan Suralaga", "Bantuan Selong"}
	accAttendee     = [2]string{"Siti Aminah", "Lalu Rahman"}
)

// accessFixture is the database and server of the access tests.
type accessFixture struct {
	db  *sqldb.DB
	srv *web.Server
	// the records of each set
	partner, kampung, agreement, activity, contribution, profile, document, docFile [2]int64
	photo, photoFile, kampungPhotoFile                                              [2]int64
	roles                                                                           []*accessRole
	amount                                                                          [2]int64
	n                                                                               int // for unique names
}

// accessRole is an account of one role with what it may do with each set.
type accessRole struct {
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

func accBoth(v bool) [2]bool { return [2]bool{v, v} }

var accFirst = [2]bool{true, false}

// accessAccounts returns one account per role (and an anonymous client).
func accessAccounts(partnerA int64) []*accessRole {
	return []*accessRole{
		{name: "admin", user: kampungkb.User{Username: "uji.admin", Role: kampungkb.RoleAdmin},
			sees: accBoth(true), seesPartner: accBoth(true), captures: accBoth(true), report: accBoth(true)},
		{name: "admin_provinsi", user: kampungkb.User{Username: "uji.ntb", Role: kampungkb.RoleAdminProvinsi, Region: "52"},
			sees: accBoth(true), seesPartner: accBoth(true), captures: accBoth(true), report: accBoth(true)},
		{name: "admin_kabupaten", user: kampungkb.User{Username: "uji.lotim", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"},
			sees: accBoth(true), seesPartner: accBoth(true), captures: accBoth(true), report: accBoth(true)},
		{name: "admin_kecamatan", user: kampungkb.User{Username: "uji.suralaga", Role: kampungkb.RoleAdminKecamatan, Region: "52.03.13"},
			sees: accFirst, seesPartner: accBoth(true), captures: accFirst, report: accFirst},
		{name: "pkb", user: kampungkb.User{Username: "uji.pkb", Role: kampungkb.RolePKB, Region: "52.03.13", Capture: []string{"52.03.13.2007"}},
			sees: accFirst, seesPartner: accBoth(true), captures: accFirst, report: accFirst},
		{name: "kader", user: kampungkb.User{Username: "uji.kader", Role: kampungkb.RoleKader, Region: "52.03.13.2007"},
			sees: accFirst, seesPartner: accBoth(true), captures: accFirst, report: accFirst},
		{name: "tpk", user: kampungkb.User{Username: "uji.tpk", Role: kampungkb.RoleTPK, Region: "52.03.13.2007"},
			sees: accFirst, seesPartner: accBoth(true), captures: accFirst, report: accFirst},
		{name: "mitra", user: kampungkb.User{Username: "uji.mitra", Role: kampungkb.RoleMitra, PartnerID: partnerA},
			sees: accFirst, seesPartner: accFirst, report: accBoth(true)},
		{name: "viewer", user: kampungkb.User{Username: "uji.pemantau", Role: kampungkb.RoleViewer, Region: "52.03.13"},
			sees: accFirst, seesPartner: accBoth(true), report: accFirst},
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
		p := kampungkb.Partner{Name: accPartner[i], Category: "lsm", Regions: []string{accDesa[i]}}
		must(db.CreatePartner(ctx, &p))
		fx.partner[i] = p.ID
		k := kampungkb.Kampung{Name: accKampung[i], VillageCode: accDesa[i], Coverage: "desa", LaunchDate: kampungkb.MustDate("2018-03-01")}
		must(db.CreateKampung(ctx, &k))
		fx.kampung[i] = k.ID
		ag := kampungkb.Agreement{Type: "pks", Title: accAgreement[i], SignedOn: kampungkb.MustDate("2025-01-10"),
			Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: p.ID}, {Kind: "kampung", KampungID: k.ID}}}
		must(db.CreateAgreement(ctx, &ag))
		fx.agreement[i] = ag.ID
		a := kampungkb.Activity{Title: accActivity[i], Date: kampungkb.MustDate("2026-03-10"), KampungIDs: []int64{k.ID},
			PartnerIDs: []int64{p.ID}, AgreementID: ag.ID, Category: "perlindungan", Type: "posyandu",
			ParticipantsFemale: 12, Attendees: []kampungkb.Attendee{{Name: accAttendee[i], Sex: "p", Role: "kader"}}}
		must(db.CreateActivity(ctx, &a))
		fx.activity[i] = a.ID
		fx.amount[i] = int64(1_500_000 * (i + 1))
		c := kampungkb.Contribution{PartnerID: p.ID, KampungID: k.ID, ActivityID: a.ID, Kind: "uang", Amount: fx.amount[i],
			Date: kampungkb.MustDate("2026-03-10"), Description: accContribution[i]}
		must(db.CreateContribution(ctx, &c))
		fx.contribution[i] = c.ID
		pr := kampungkb.Profile{KampungID: k.ID, AsOf: kampungkb.MustDate("2026-01-15"), PokjaExists: true, PokjaMembers: 10, PokjaTrained: 4}
		must(db.SaveProfile(ctx, &pr))
		fx.profile[i] = pr.ID
		fx.photo[i], fx.photoFile[i] = fx.addPhoto(t, i)
		fx.document[i], fx.docFile[i] = fx.addDocument(t, i)
		kf := kampungkb.File{Name: "kampung.png", ContentType: "image/png", Data: tinyPNG(t)}
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
	fx.roles = accessAccounts(fx.partner[0])
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

func (fx *accessFixture) addPhoto(t *testing.T, set int) (photo, file int64) {
	t.Helper()
	f := kampungkb.File{Name: "foto.png", ContentType: "image/png", Data: tinyPNG(t)}
	p, err := fx.db.AddActivityPhoto(context.Background(), fx.activity[set], "kegiatan", "Foto "+accActivity[set], &f)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID, p.FileID
}

func (fx *accessFixture) addDocument(t *testing.T, set int) (doc, file int64) {
	t.Helper()
	f := kampungkb.File{Name: "pks.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n% naskah\n")}
	d, err := fx.db.AddAgreementDocument(context.Background(), fx.agreement[set], "Naskah "+accAgreement[set], &f)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID, d.FileID
}

// addFamily makes a family in the set's desa and returns its family_id.
func (fx *accessFixture) addFamily(t *testing.T, set int) string {
	t.Helper()
	fx.n++
	f := kampungkb.Family{FamilyID: fmt.Sprintf("KEL%d", fx.n), VillageCode: accDesa[set]}
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	if _, err := fx.db.ImportFamilies(ctx, sqldb.FamiliesOf([]kampungkb.Family{f}), sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return f.FamilyID
}

// addMember adds member 1 to a new family of the set's desa and returns
// the family's id.
func (fx *accessFixture) addMember(t *testing.T, set int) string {
	t.Helper()
	fid := fx.addFamily(t, set)
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	m := kampungkb.Member{FamilyID: fid, MemberNo: 1, Name: "Anggota", Sex: "p", BirthDate: kampungkb.MustDate("1990-02-03")}
	if _, err := fx.db.ImportMembers(ctx, sqldb.MembersOf([]kampungkb.Member{m}), sqldb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return fid
}

// addChild makes a child in the set's desa and returns its id.
func (fx *accessFixture) addChild(t *testing.T, set int) int64 {
	t.Helper()
	fx.n++
	c := kampungkb.Child{Name: fmt.Sprintf("Anak %d", fx.n), Sex: "p", BirthDate: kampungkb.MustDate("2024-01-15"), VillageCode: accDesa[set]}
	if err := fx.db.CreateChild(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// addMeasurement records a measurement of child and returns its id.
func (fx *accessFixture) addMeasurement(t *testing.T, child int64) int64 {
	t.Helper()
	w := 9.5
	m := kampungkb.Measurement{ChildID: child, Date: kampungkb.MustDate("2025-01-15"), WeightKg: &w}
	if err := fx.db.AddMeasurement(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// addUser makes a kader account in the set's desa and returns its id.
func (fx *accessFixture) addUser(t *testing.T, set int) int64 {
	t.Helper()
	fx.n++
	u := kampungkb.User{Username: fmt.Sprintf("kader%d", fx.n), Role: kampungkb.RoleKader, Region: accDesa[set]}
	if err := fx.db.CreateUser(context.Background(), &u, "x"); err != nil {
		t.Fatal(err)
	}
	return u.ID
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
func (fx *accessFixture) send(rc *accessRole, method, target, contentType string, body io.Reader) resp {
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

func (fx *accessFixture) get(rc *accessRole, target string) resp {
	return fx.send(rc, "GET", target, "", nil)
}

func (fx *accessFixture) role(name string) *accessRole {
	for _, rc := range fx.roles {
		if rc.name == name {
			return rc
		}
	}
	panic("no role " + name)
}

// accessScope says which scope decides a route's answer.
type accessScope int

const (
	accessAny           accessScope = iota // the permission alone
	accessView                             // the record of the set must be in the view scope (404)
	accessPartner                          // the set's partner must be in view (404)
	accessChange                           // view (404), then capture scope (403)
	accessPartnerChange                    // partner in view (404), then capture scope (403)
	accessCreate                           // the new record, located in the set, in the capture scope (403)
	accessReport                           // a report on the set's desa (404 outside the view region)
	accessOwn                              // set 0: the actor's own token; set 1: another's (404)
)

// accessRule is the expected rule of one route.
type accessRule struct {
	public bool
	perm   kampungkb.Permission // "" and not public: any logged-in user
	scope  accessScope
	// body returns the request body (a minimal one that names the set's
	// location where the rule needs it; invalid otherwise, so that an
	// allowed request answers 400 without changing anything).
	body func(fx *accessFixture, set int, rc *accessRole) (contentType string, body string)
	// fresh returns path values of records made for this request (so
	// that deleting them leaves the fixture whole).
	fresh func(t *testing.T, fx *accessFixture, set int, rc *accessRole) map[string]string
}

func accForm(v url.Values) func(*accessFixture, int, *accessRole) (string, string) {
	return func(*accessFixture, int, *accessRole) (string, string) {
		return "application/x-www-form-urlencoded", v.Encode()
	}
}

func accFormAt(fn func(fx *accessFixture, set int) url.Values) func(*accessFixture, int, *accessRole) (string, string) {
	return func(fx *accessFixture, set int, _ *accessRole) (string, string) {
		return "application/x-www-form-urlencoded", fn(fx, set).Encode()
	}
}

func accJSONAt(fn func(fx *accessFixture, set int) string) func(*accessFixture, int, *accessRole) (string, string) {
	return func(fx *accessFixture, set int, _ *accessRole) (string, string) {
		return "application/json", fn(fx, set)
	}
}

func accJSON(s string) func(*accessFixture, int, *accessRole) (string, string) {
	return accJSONAt(func(*accessFixture, int) string { return s })
}

// accEmptyUpload is a multipart body without a file: refused with 400 when
// the request gets past the access checks.
func accEmptyUpload(*accessFixture, int, *accessRole) (string, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", "")
	mw.Close()
	return mw.FormDataContentType(), buf.String()
}

func accID(n int64) string { return strconv.FormatInt(n, 10) }

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
	empty := accForm(url.Values{"x": {"1"}})
	// a form that cannot be parsed is refused (400) before the password
	// is checked, which is slow on purpose (argon2id)
	unreadable := func(*accessFixture, int, *accessRole) (string, string) {
		return "application/x-www-form-urlencoded", "a=%zz"
	}
	partnerForm := accFormAt(func(fx *accessFixture, set int) url.Values {
		return url.Values{"name": {""}, "category": {"lsm"}, "regions": {accDesa[set]}}
	})
	partnerJSON := accJSONAt(func(fx *accessFixture, set int) string { return `{"regions":["` + accDesa[set] + `"]}` })
	restore := accForm(url.Values{"archived": {"0"}})
	contribution := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		return map[string]string{"id": accID(fx.addContribution(t, set))}
	}
	document := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		doc, _ := fx.addDocument(t, set)
		return map[string]string{"id": accID(fx.agreement[set]), "doc": accID(doc)}
	}
	photo := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		p, _ := fx.addPhoto(t, set)
		return map[string]string{"id": accID(fx.activity[set]), "photo": accID(p)}
	}
	token := func(t *testing.T, fx *accessFixture, set int, rc *accessRole) map[string]string {
		owner := rc.user.ID // set 0: the actor's own token
		if set == 1 || rc.actor == nil {
			owner = fx.role("admin").user.ID // set 1: someone else's
			if rc.name == "admin" {
				owner = fx.role("kader").user.ID
			}
		}
		return map[string]string{"id": accID(fx.addToken(t, owner))}
	}
	users := kampungkb.PermManageUsers
	// a user located in the set, made for the request
	freshUser := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		return map[string]string{"id": accID(fx.addUser(t, set))}
	}
	lastAudit := func(t *testing.T, fx *accessFixture, _ int, _ *accessRole) map[string]string {
		rows, _, err := fx.db.AuditEntries(context.Background(), sqldb.AuditFilter{Limit: 1})
		if err != nil || len(rows) == 0 {
			t.Fatalf("no audit entry: %v", err)
		}
		return map[string]string{"id": accID(rows[0].ID)}
	}
	newUserForm := func(fx *accessFixture, set int, _ *accessRole) (string, string) {
		fx.n++
		return "application/x-www-form-urlencoded", url.Values{"username": {fmt.Sprintf("baru%d", fx.n)}, "role": {"kader"},
			"region": {accDesa[set]}}.Encode()
	}
	newUserJSON := func(fx *accessFixture, set int, _ *accessRole) (string, string) {
		fx.n++
		return "application/json", fmt.Sprintf(`{"username":"baru%d","role":"kader","region":"%s"}`, fx.n, accDesa[set])
	}
	personal, children := kampungkb.PermViewPersonal, kampungkb.PermEditChildren
	freshChild := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		return map[string]string{"id": accID(fx.addChild(t, set))}
	}
	freshMeasurement := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		child := fx.addChild(t, set)
		return map[string]string{"id": accID(child), "mid": accID(fx.addMeasurement(t, child))}
	}
	newChildForm := func(fx *accessFixture, set int, _ *accessRole) (string, string) {
		return "application/x-www-form-urlencoded", url.Values{"name": {"Anak baru"}, "sex": {"p"}, "birth_date": {"2024-01-15"},
			"village": {accDesa[set]}}.Encode()
	}
	newChildJSON := func(fx *accessFixture, set int, _ *accessRole) (string, string) {
		return "application/json", `{"name":"Anak baru","sex":"l","birth_date":"2024-01-15","village_code":"` + accDesa[set] + `"}`
	}
	freshFamily := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		return map[string]string{"fid": fx.addFamily(t, set)}
	}
	families, imports := kampungkb.PermEditFamilies, kampungkb.PermImportFamilies
	freshMember := func(t *testing.T, fx *accessFixture, set int, _ *accessRole) map[string]string {
		return map[string]string{"fid": fx.addMember(t, set), "no": "1"}
	}
	importKind := func(*testing.T, *accessFixture, int, *accessRole) map[string]string {
		return map[string]string{"kind": "families"}
	}
	rules := map[string]accessRule{
		"GET /keluarga/baru": {perm: families},
		"POST /keluarga": {perm: families, scope: accessCreate, body: accFormAt(func(_ *accessFixture, set int) url.Values {
			return url.Values{"village": {accDesa[set]}, "no_kk": {"12"}}
		})},
		"GET /keluarga/{fid}/ubah":                        {perm: families, scope: accessChange, fresh: freshFamily},
		"POST /keluarga/{fid}":                            {perm: families, scope: accessChange, fresh: freshFamily, body: accForm(url.Values{"no_kk": {"12"}})},
		"GET /keluarga/{fid}/anggota/baru":                {perm: families, scope: accessChange, fresh: freshFamily},
		"POST /keluarga/{fid}/anggota":                    {perm: families, scope: accessChange, fresh: freshFamily, body: accForm(url.Values{"name": {""}})},
		"GET /keluarga/{fid}/anggota/{no}/ubah":           {perm: families, scope: accessChange, fresh: freshMember},
		"POST /keluarga/{fid}/anggota/{no}":               {perm: families, scope: accessChange, fresh: freshMember, body: accForm(url.Values{"name": {""}})},
		"POST /keluarga/{fid}/anggota/{no}/hapus":         {perm: families, scope: accessChange, fresh: freshMember},
		"GET /indikator":                                  {perm: kampungkb.PermViewAggregates, scope: accessReport},
		"GET /impor":                                      {perm: imports},
		"POST /impor":                                     {perm: imports, body: accEmptyUpload},
		"POST /api/v1/imports/{kind}":                     {perm: imports, fresh: importKind, body: func(*accessFixture, int, *accessRole) (string, string) { return "text/csv", "bukan,csv\n" }},
		"GET /keluarga":                                   {perm: personal},
		"GET /keluarga/{fid}":                             {perm: personal, scope: accessView, fresh: freshFamily},
		"GET /anak":                                       {perm: personal},
		"GET /anak/baru":                                  {perm: children},
		"POST /anak":                                      {perm: children, scope: accessCreate, body: newChildForm},
		"GET /anak/{id}":                                  {perm: personal, scope: accessView, fresh: freshChild},
		"GET /anak/{id}/ubah":                             {perm: children, scope: accessChange, fresh: freshChild},
		"POST /anak/{id}":                                 {perm: children, scope: accessChange, fresh: freshChild, body: accForm(url.Values{"name": {""}})},
		"POST /anak/{id}/arsip":                           {perm: children, scope: accessChange, fresh: freshChild},
		"POST /anak/{id}/pengukuran":                      {perm: children, scope: accessChange, fresh: freshChild, body: accForm(url.Values{"date": {"kemarin"}})},
		"POST /anak/{id}/pengukuran/{mid}/hapus":          {perm: children, scope: accessChange, fresh: freshMeasurement},
		"GET /prevalensi":                                 {perm: aggregates},
		"GET /api/v1/children":                            {perm: personal},
		"POST /api/v1/children":                           {perm: children, scope: accessCreate, body: newChildJSON},
		"GET /api/v1/children/{id}":                       {perm: personal, scope: accessView, fresh: freshChild},
		"PUT /api/v1/children/{id}":                       {perm: children, scope: accessChange, fresh: freshChild, body: accJSON(`{}`)},
		"POST /api/v1/children/{id}/measurements":         {perm: children, scope: accessChange, fresh: freshChild, body: accJSON(`{}`)},
		"DELETE /api/v1/children/{id}/measurements/{mid}": {perm: children, scope: accessChange, fresh: freshMeasurement},
		"GET /api/v1/families":                            {perm: personal},
		"POST /api/v1/families": {perm: families, scope: accessCreate, body: accJSONAt(func(_ *accessFixture, set int) string {
			return `{"village_code":"` + accDesa[set] + `","no_kk":"12"}`
		})},
		"GET /api/v1/families/{fid}":                 {perm: personal, scope: accessView, fresh: freshFamily},
		"PUT /api/v1/families/{fid}":                 {perm: families, scope: accessChange, fresh: freshFamily, body: accJSON(`{"no_kk":"12"}`)},
		"POST /api/v1/families/{fid}/members":        {perm: families, scope: accessChange, fresh: freshFamily, body: accJSON(`{"name":""}`)},
		"PUT /api/v1/families/{fid}/members/{no}":    {perm: families, scope: accessChange, fresh: freshMember, body: accJSON(`{"name":""}`)},
		"DELETE /api/v1/families/{fid}/members/{no}": {perm: families, scope: accessChange, fresh: freshMember},
		"GET /api/v1/indicators":                     {perm: aggregates},
		"GET /api/v1/prevalence":                     {perm: aggregates},
		"GET /audit":                                 {perm: kampungkb.PermViewAudit},
		"GET /audit/{id}":                            {perm: kampungkb.PermViewAudit, fresh: lastAudit},
		"GET /api/v1/audit":                          {perm: kampungkb.PermViewAudit},
		"GET /api/v1/audit/{id}":                     {perm: kampungkb.PermViewAudit, fresh: lastAudit},
		"GET /pengguna":                              {perm: users},
		"GET /pengguna/baru":                         {perm: users},
		"POST /pengguna":                             {perm: users, scope: accessCreate, body: newUserForm},
		"GET /pengguna/{id}":                         {perm: users, scope: accessView, fresh: freshUser},
		"GET /pengguna/{id}/ubah":                    {perm: users, scope: accessView, fresh: freshUser},
		"POST /pengguna/{id}":                        {perm: users, scope: accessChange, fresh: freshUser, body: accForm(url.Values{"role": {""}})},
		"POST /pengguna/{id}/sandi":                  {perm: users, scope: accessChange, fresh: freshUser},
		"GET /api/v1/users":                          {perm: users},
		"POST /api/v1/users":                         {perm: users, scope: accessCreate, body: newUserJSON},
		"GET /api/v1/users/{id}":                     {perm: users, scope: accessView, fresh: freshUser},
		"PUT /api/v1/users/{id}":                     {perm: users, scope: accessChange, fresh: freshUser, body: accJSON(`{"role":""}`)},
		"POST /api/v1/users/{id}/reset-password":     {perm: users, scope: accessChange, fresh: freshUser},
	}
	for k, v := range map[string]accessRule{
		"GET /healthz":                {public: true},
		"GET /masuk":                  {public: true},
		"POST /masuk":                 {public: true, body: unreadable},
		"POST /keluar":                {body: empty},
		"GET /akun":                   {},
		"GET /akun/sandi":             {},
		"POST /akun/sandi":            {body: unreadable},
		"POST /akun/token":            {body: empty},
		"POST /akun/token/{id}/cabut": {scope: accessOwn, body: empty, fresh: token},
		"GET /{$}":                    {perm: aggregates},

		"GET /wilayah":        {},
		"GET /wilayah/{code}": {},

		"GET /mitra":             {perm: records},
		"GET /mitra/baru":        {perm: partners},
		"POST /mitra":            {perm: partners, scope: accessCreate, body: partnerForm},
		"GET /mitra/{id}":        {perm: records, scope: accessPartner},
		"GET /mitra/{id}/ubah":   {perm: partners, scope: accessPartnerChange},
		"POST /mitra/{id}":       {perm: partners, scope: accessPartnerChange, body: partnerForm},
		"POST /mitra/{id}/arsip": {perm: partners, scope: accessPartnerChange, body: restore},
		"POST /mitra/{id}/hapus": {perm: partners, scope: accessPartnerChange, body: empty}, // refused: referenced (409)

		"GET /kampung":                   {perm: records},
		"GET /kampung/baru":              {perm: kampung},
		"POST /kampung":                  {perm: kampung, scope: accessCreate, body: accFormAt(func(_ *accessFixture, set int) url.Values { return url.Values{"village": {accDesa[set]}} })},
		"GET /kampung/{id}":              {perm: records, scope: accessView},
		"GET /kampung/{id}/ubah":         {perm: kampung, scope: accessChange},
		"POST /kampung/{id}":             {perm: kampung, scope: accessChange, body: empty},
		"POST /kampung/{id}/arsip":       {perm: kampung, scope: accessChange, body: restore},
		"POST /kampung/{id}/hapus":       {perm: kampung, scope: accessChange, body: empty}, // 409: has activities
		"POST /kampung/{id}/foto":        {perm: kampung, scope: accessChange, body: accEmptyUpload},
		"POST /kampung/{id}/foto/hapus":  {perm: kampung, scope: accessChange, body: empty},
		"GET /kampung/{id}/profil/baru":  {perm: kampung, scope: accessChange},
		"POST /kampung/{id}/profil":      {perm: kampung, scope: accessChange, body: empty},
		"GET /kampung/{id}/profil":       {perm: records, scope: accessView},
		"GET /kampung/{id}/profil/{pid}": {perm: records, scope: accessView},

		"GET /perjanjian":      {perm: records},
		"GET /perjanjian/baru": {perm: agreements},
		"POST /perjanjian": {perm: agreements, scope: accessCreate, body: accFormAt(func(fx *accessFixture, set int) url.Values {
			return url.Values{"party_kind": {"kampung"}, "party_kampung": {accID(fx.kampung[set])}}
		})},
		"GET /perjanjian/{id}":                      {perm: records, scope: accessView},
		"GET /perjanjian/{id}/ubah":                 {perm: agreements, scope: accessChange},
		"POST /perjanjian/{id}":                     {perm: agreements, scope: accessChange, body: empty},
		"POST /perjanjian/{id}/arsip":               {perm: agreements, scope: accessChange, body: restore},
		"POST /perjanjian/{id}/hapus":               {perm: agreements, scope: accessChange, body: empty}, // 409: has activities
		"POST /perjanjian/{id}/dokumen":             {perm: agreements, scope: accessChange, body: accEmptyUpload},
		"POST /perjanjian/{id}/dokumen/{doc}/hapus": {perm: agreements, scope: accessChange, body: empty, fresh: document},

		"GET /kegiatan":      {perm: records},
		"GET /kegiatan/baru": {perm: activities},
		"POST /kegiatan": {perm: activities, scope: accessCreate, body: accFormAt(func(fx *accessFixture, set int) url.Values {
			return url.Values{"kampung_ids": {accID(fx.kampung[set])}}
		})},
		"GET /kegiatan/{id}":                     {perm: records, scope: accessView},
		"GET /kegiatan/{id}/ubah":                {perm: activities, scope: accessChange},
		"POST /kegiatan/{id}":                    {perm: activities, scope: accessChange, body: empty},
		"POST /kegiatan/{id}/hapus":              {perm: activities, scope: accessChange, body: empty}, // 409: has contributions
		"POST /kegiatan/{id}/foto":               {perm: activities, scope: accessChange, body: accEmptyUpload},
		"POST /kegiatan/{id}/foto/{photo}/hapus": {perm: activities, scope: accessChange, body: empty, fresh: photo},

		"GET /kontribusi":             {perm: records},
		"GET /kontribusi/baru":        {perm: activities},
		"POST /kontribusi":            {perm: activities, scope: accessCreate, body: accFormAt(func(fx *accessFixture, set int) url.Values { return url.Values{"kampung_id": {accID(fx.kampung[set])}} })},
		"GET /kontribusi/{id}":        {perm: records, scope: accessView},
		"GET /kontribusi/{id}/ubah":   {perm: activities, scope: accessChange},
		"POST /kontribusi/{id}":       {perm: activities, scope: accessChange, body: empty},
		"POST /kontribusi/{id}/hapus": {perm: activities, scope: accessChange, body: empty, fresh: contribution},

		"GET /cakupan":         {perm: aggregates, scope: accessReport},
		"GET /cakupan/matriks": {perm: aggregates, scope: accessReport},
		"GET /cakupan/mitra":   {perm: aggregates, scope: accessReport},

		"GET /berkas/{id}": {perm: records, scope: accessView},

		"GET /api/v1/openapi.json":   {public: true},
		"GET /api/v1/codes":          {public: true},
		"GET /api/v1/regions":        {},
		"GET /api/v1/regions/{code}": {},

		"GET /api/v1/partners":         {perm: records},
		"POST /api/v1/partners":        {perm: partners, scope: accessCreate, body: partnerJSON},
		"GET /api/v1/partners/{id}":    {perm: records, scope: accessPartner},
		"PUT /api/v1/partners/{id}":    {perm: partners, scope: accessPartnerChange, body: partnerJSON},
		"DELETE /api/v1/partners/{id}": {perm: partners, scope: accessPartnerChange}, // 409

		"GET /api/v1/kampung":                       {perm: records},
		"POST /api/v1/kampung":                      {perm: kampung, scope: accessCreate, body: accJSONAt(func(_ *accessFixture, set int) string { return `{"village_code":"` + accDesa[set] + `"}` })},
		"GET /api/v1/kampung/{id}":                  {perm: records, scope: accessView},
		"PUT /api/v1/kampung/{id}":                  {perm: kampung, scope: accessChange, body: accJSON(`{}`)},
		"DELETE /api/v1/kampung/{id}":               {perm: kampung, scope: accessChange}, // 409
		"GET /api/v1/kampung/{id}/profiles":         {perm: records, scope: accessView},
		"POST /api/v1/kampung/{id}/profiles":        {perm: kampung, scope: accessChange, body: accJSON(`{}`)},
		"GET /api/v1/kampung/{id}/profiles/current": {perm: records, scope: accessView},
		"GET /api/v1/kampung/{id}/profiles/{pid}":   {perm: records, scope: accessView},

		"GET /api/v1/agreements": {perm: records},
		"POST /api/v1/agreements": {perm: agreements, scope: accessCreate, body: accJSONAt(func(fx *accessFixture, set int) string {
			return `{"parties":[{"kind":"kampung","kampung_id":` + accID(fx.kampung[set]) + `}]}`
		})},
		"GET /api/v1/agreements/{id}":                    {perm: records, scope: accessView},
		"PUT /api/v1/agreements/{id}":                    {perm: agreements, scope: accessChange, body: accJSON(`{}`)},
		"DELETE /api/v1/agreements/{id}":                 {perm: agreements, scope: accessChange}, // 409
		"POST /api/v1/agreements/{id}/documents":         {perm: agreements, scope: accessChange, body: accEmptyUpload},
		"DELETE /api/v1/agreements/{id}/documents/{doc}": {perm: agreements, scope: accessChange, fresh: document},
		"GET /api/v1/files/{id}":                         {perm: records, scope: accessView},

		"GET /api/v1/activities":                        {perm: records},
		"POST /api/v1/activities":                       {perm: activities, scope: accessCreate, body: accJSONAt(func(fx *accessFixture, set int) string { return `{"kampung_ids":[` + accID(fx.kampung[set]) + `]}` })},
		"GET /api/v1/activities/{id}":                   {perm: records, scope: accessView},
		"PUT /api/v1/activities/{id}":                   {perm: activities, scope: accessChange, body: accJSON(`{}`)},
		"DELETE /api/v1/activities/{id}":                {perm: activities, scope: accessChange}, // 409
		"POST /api/v1/activities/{id}/photos":           {perm: activities, scope: accessChange, body: accEmptyUpload},
		"DELETE /api/v1/activities/{id}/photos/{photo}": {perm: activities, scope: accessChange, fresh: photo},

		"GET /api/v1/contributions":         {perm: records},
		"POST /api/v1/contributions":        {perm: activities, scope: accessCreate, body: accJSONAt(func(fx *accessFixture, set int) string { return `{"kampung_id":` + accID(fx.kampung[set]) + `}` })},
		"GET /api/v1/contributions/{id}":    {perm: records, scope: accessView},
		"PUT /api/v1/contributions/{id}":    {perm: activities, scope: accessChange, body: accJSON(`{}`)},
		"DELETE /api/v1/contributions/{id}": {perm: activities, scope: accessChange, fresh: contribution},

		"GET /api/v1/coverage":          {perm: aggregates, scope: accessReport},
		"GET /api/v1/coverage/matrix":   {perm: aggregates, scope: accessReport},
		"GET /api/v1/coverage/partners": {perm: aggregates, scope: accessReport},
	} {
		rules[k] = v
	}
	return rules
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
	vals := map[string]string{"pid": accID(fx.profile[set]), "doc": accID(fx.document[set]), "photo": accID(fx.photo[set]), "code": accDesa[set]}
	for prefix, n := range entity {
		if strings.HasPrefix(p, prefix+"{id}") {
			vals["id"] = accID(n)
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
	if strings.HasPrefix(p, "/cakupan") || strings.HasPrefix(p, "/api/v1/coverage") || p == "/indikator" {
		p += "?region=" + accDesa[set]
	}
	return p
}

// expect returns the status a role gets from a route for a set: 0 when
// the request must get past the access checks.
func (rc *accessRole) expect(rule accessRule, set int) int {
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
	case accessView:
		if !rc.sees[set] {
			return http.StatusNotFound
		}
	case accessPartner:
		if !rc.seesPartner[set] {
			return http.StatusNotFound
		}
	case accessChange:
		if !rc.sees[set] {
			return http.StatusNotFound
		}
		if !rc.captures[set] {
			return http.StatusForbidden
		}
	case accessPartnerChange:
		if !rc.seesPartner[set] {
			return http.StatusNotFound
		}
		if !rc.captures[set] {
			return http.StatusForbidden
		}
	case accessCreate:
		if !rc.captures[set] {
			return http.StatusForbidden
		}
	case accessReport:
		if !rc.report[set] {
			return http.StatusNotFound
		}
	case accessOwn:
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
					if got := accOutcome(rt, r, want); got != "" {
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

// accOutcome checks an answer against the expected status (0: let through)
// and says what is wrong, "" when nothing is.
func accOutcome(rt web.Route, r resp, want int) string {
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

// outOfScope returns the names of the set's records a role must never
// receive: all but the partner's, which is reference data for every role
// but a partner user.
func (rc *accessRole) outOfScope(set int) []string {
	names := []string{accKampung[set], accAgreement[set], accActivity[set], accContribution[set], accAttendee[set]}
	if !rc.seesPartner[set] {
		names = append(names, accPartner[set])
	}
	return names
}

// listsKeepToScope checks every list, download and page that
// shows records for each role: records of a set outside the role's scope
// never appear, those inside do.
func listsKeepToScope(t *testing.T, fx *accessFixture) {
	lists := []struct {
		target string
		names  [2]string // what shows a set's record in the list
	}{
		{"/kampung", accKampung}, {"/kampung?format=csv", accKampung}, {"/kampung?format=xlsx", accKampung}, {"/api/v1/kampung", accKampung},
		{"/mitra", accPartner}, {"/mitra?format=csv", accPartner}, {"/api/v1/partners", accPartner},
		{"/perjanjian", accAgreement}, {"/perjanjian?format=csv", accAgreement}, {"/api/v1/agreements", accAgreement},
		{"/kegiatan", accActivity}, {"/kegiatan?format=csv", accActivity}, {"/api/v1/activities", accActivity},
		{"/kontribusi", accContribution}, {"/kontribusi?format=csv", accContribution}, {"/api/v1/contributions", accContribution},
		{"/kegiatan?q=posyandu", accActivity}, {"/kampung?region=52.03", accKampung},
		{"/perjanjian?region=" + accKecamatan[1], [2]string{}}, {"/kontribusi?kampung=" + accID(fx.kampung[1]), [2]string{}},
	}
	// pages of records in scope that show other records
	pages := []string{"/", "/mitra/" + accID(fx.partner[0]), "/mitra/" + accID(fx.partner[1]), "/kampung/" + accID(fx.kampung[0]),
		"/kegiatan/" + accID(fx.activity[0]), "/perjanjian/" + accID(fx.agreement[0]), "/kontribusi/" + accID(fx.contribution[0]),
		"/kegiatan/baru", "/kontribusi/baru", "/perjanjian/baru", "/kegiatan/baru?kampung=" + accID(fx.kampung[1]),
		"/kontribusi/baru?activity=" + accID(fx.activity[1]), "/perjanjian/baru?parent=" + accID(fx.agreement[1]),
		"/kontribusi?activity=" + accID(fx.activity[1]), "/kegiatan?agreement=" + accID(fx.agreement[1]),
		"/cakupan", "/cakupan?format=csv&part=not_reached", "/cakupan/matriks", "/cakupan/matriks?format=csv",
		"/cakupan/mitra", "/cakupan/mitra?format=csv", "/api/v1/coverage", "/api/v1/coverage/matrix", "/api/v1/coverage/partners"}
	for _, rc := range fx.roles {
		if rc.actor == nil {
			continue
		}
		for _, l := range lists {
			r := fx.get(rc, l.target)
			text := r.Body + accXLSXText(t, r)
			if !rc.actor.Can(kampungkb.PermViewRecords) {
				if r.Code != http.StatusForbidden {
					t.Errorf("%s as %s: %d, want 403", l.target, rc.name, r.Code)
				}
				continue
			}
			if r.Code != 200 {
				t.Errorf("%s as %s: %d\n%.300s", l.target, rc.name, r.Code, r.Body)
				continue
			}
			for set := range 2 {
				visible := rc.sees[set]
				if l.names == accPartner {
					visible = rc.seesPartner[set]
				}
				if !visible {
					wantNotInBody(t, l.target+" as "+rc.name, text, rc.outOfScope(set)...)
				} else if l.names[set] != "" {
					wantInBody(t, l.target+" as "+rc.name, text, l.names[set])
				}
			}
		}
		for _, p := range pages {
			r := fx.get(rc, p)
			if r.Code >= 500 {
				t.Errorf("%s as %s: %d", p, rc.name, r.Code)
			}
			for set := range 2 {
				if !rc.sees[set] {
					wantNotInBody(t, p+" as "+rc.name, r.Body+accXLSXText(t, r), rc.outOfScope(set)...)
				}
			}
		}
	}
}

// aggregatesCountOnlyScope checks the figures of reports and
// lists: coverage totals, contribution sums and the partners' counts
// include only records in scope.
func aggregatesCountOnlyScope(t *testing.T, fx *accessFixture) {
	want := map[string]struct {
		region string // the report's default region
		total  int    // Kampung KB in the coverage report
	}{
		"admin": {"", 2}, "admin_provinsi": {"52", 2}, "admin_kabupaten": {"52.03", 2}, "admin_kecamatan": {"52.03.13", 1},
		"pkb": {"52.03.13", 1}, "kader": {"52.03.13.2007", 1}, "tpk": {"52.03.13.2007", 1}, "mitra": {"", 1}, "viewer": {"52.03.13", 1},
	}
	for _, rc := range fx.roles {
		if rc.actor == nil {
			continue
		}
		w := want[rc.name]
		var cov struct {
			Region  string `json:"region"`
			Total   int    `json:"total"`
			Reached int    `json:"reached"`
		}
		r := fx.get(rc, "/api/v1/coverage")
		accDecode(t, r, &cov)
		if cov.Region != w.region || cov.Total != w.total || cov.Reached != w.total {
			t.Errorf("coverage as %s = %+v, want region %q, %d of %d", rc.name, cov, w.region, w.total, w.total)
		}
		// the whole kabupaten: only what the role sees counts
		r = fx.get(rc, "/api/v1/coverage?region=52.03")
		if rc.report[1] {
			accDecode(t, r, &cov)
			if cov.Total != w.total {
				t.Errorf("coverage of 52.03 as %s: total %d, want %d", rc.name, cov.Total, w.total)
			}
		} else if r.Code != http.StatusNotFound {
			t.Errorf("coverage of 52.03 as %s: %d, want 404 (a region wider than the view scope)", rc.name, r.Code)
		}
		var m kampungkb.Matrix
		accDecode(t, fx.get(rc, "/api/v1/coverage/matrix?from=2026-01-01&to=2026-12-31"), &m)
		var sum int64
		for set := range 2 {
			if rc.sees[set] {
				sum += fx.amount[set]
			}
		}
		if m.Total.Amount != sum || len(m.Kampung) != w.total {
			t.Errorf("matrix as %s: amount %d, %d Kampung KB; want %d, %d", rc.name, m.Total.Amount, len(m.Kampung), sum, w.total)
		}
		var ps struct{ Items []kampungkb.PartnerSummary }
		accDecode(t, fx.get(rc, "/api/v1/coverage/partners?from=2026-01-01&to=2026-12-31"), &ps)
		var amount int64
		for _, s := range ps.Items {
			amount += s.Own.Amount
		}
		if amount != sum || len(ps.Items) != w.total {
			t.Errorf("partner summaries as %s: %d rows, amount %d; want %d, %d", rc.name, len(ps.Items), amount, w.total, sum)
		}
		if !rc.actor.Can(kampungkb.PermViewRecords) {
			continue
		}
		var cl struct {
			Total int   `json:"total"`
			Sum   int64 `json:"sum"`
		}
		accDecode(t, fx.get(rc, "/api/v1/contributions"), &cl)
		if cl.Sum != sum || cl.Total != w.total {
			t.Errorf("contributions as %s: %d worth %d, want %d worth %d", rc.name, cl.Total, cl.Sum, w.total, sum)
		}
		var pl struct {
			Items []struct {
				Name          string `json:"name"`
				Activities    int    `json:"activity_count"`
				Agreements    int    `json:"agreement_count"`
				Contributions int64  `json:"contribution_total"`
			}
		}
		accDecode(t, fx.get(rc, "/api/v1/partners"), &pl)
		for _, p := range pl.Items {
			set := 0
			if p.Name == accPartner[1] {
				set = 1
			}
			n := 0
			if rc.sees[set] {
				n = 1
			}
			if p.Activities != n || p.Agreements != n || (p.Contributions != 0) != (n == 1) {
				t.Errorf("partner %s as %s: %d activities, %d agreements, Rp %d; want %d of each", p.Name, rc.name,
					p.Activities, p.Agreements, p.Contributions, n)
			}
		}
	}
}

func accDecode(t *testing.T, r resp, v any) {
	t.Helper()
	if r.Code != 200 {
		t.Fatalf("status %d: %.300s", r.Code, r.Body)
	}
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("%v: %.300s", err, r.Body)
	}
}

// outOfScopeLooksMissing checks that a record outside the view
// scope answers exactly like a missing one, pages and API alike, files
// too.
func outOfScopeLooksMissing(t *testing.T, fx *accessFixture) {
	const missing = 987654
	for _, who := range []string{"kader", "mitra", "admin_kecamatan"} {
		rc := fx.role(who)
		for _, c := range []struct {
			path string
			id   int64
		}{
			{"/kampung/%d", fx.kampung[1]}, {"/api/v1/kampung/%d", fx.kampung[1]},
			{"/kegiatan/%d", fx.activity[1]}, {"/api/v1/activities/%d", fx.activity[1]},
			{"/perjanjian/%d", fx.agreement[1]}, {"/api/v1/agreements/%d", fx.agreement[1]},
			{"/kontribusi/%d", fx.contribution[1]}, {"/api/v1/contributions/%d", fx.contribution[1]},
			{"/berkas/%d", fx.docFile[1]}, {"/api/v1/files/%d", fx.photoFile[1]}, {"/berkas/%d", fx.kampungPhotoFile[1]},
			{"/api/v1/kampung/%d/profiles", fx.kampung[1]},
		} {
			out := fx.get(rc, fmt.Sprintf(c.path, c.id))
			gone := fx.get(rc, fmt.Sprintf(c.path, missing))
			same := strings.ReplaceAll(gone.Body, accID(missing), accID(c.id))
			if out.Code != http.StatusNotFound || gone.Code != http.StatusNotFound || out.Body != same {
				t.Errorf("%s as %s: %d, missing one %d; bodies differ:\n%.400s\n---\n%.400s", c.path, who, out.Code, gone.Code, out.Body, same)
			}
		}
	}
	// files of records in scope open
	kader := fx.role("kader")
	for _, f := range []int64{fx.docFile[0], fx.photoFile[0], fx.kampungPhotoFile[0]} {
		if r := fx.get(kader, "/berkas/"+accID(f)); r.Code != 200 {
			t.Errorf("file %d of set 0 as kader: %d", f, r.Code)
		}
	}
	// a report on a region outside the view region answers like an
	// unknown region
	out := fx.get(kader, "/api/v1/coverage?region=52.03.07")
	gone := fx.get(kader, "/api/v1/coverage?region=52.03.99")
	if out.Code != 404 || strings.ReplaceAll(gone.Body, "52.03.99", "52.03.07") != out.Body {
		t.Errorf("coverage outside the scope: %d %s / %s", out.Code, out.Body, gone.Body)
	}
}

// TestAccessScopedReads checks what each role reads (lists, reports,
// single records, personal data) over one fixture per engine: these
// checks change nothing.
func TestAccessScopedReads(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		fx := newAccessFixture(t, db)
		t.Run("lists", func(t *testing.T) { listsKeepToScope(t, fx) })
		t.Run("aggregates", func(t *testing.T) { aggregatesCountOnlyScope(t, fx) })
		t.Run("missing", func(t *testing.T) { outOfScopeLooksMissing(t, fx) })
		t.Run("personal", func(t *testing.T) { personalData(t, fx) })
	})
}

// TestAccessCaptureScopeWrites checks that writes inside the capture scope
// go through and writes that would move a record out of it, or into it
// from outside, are refused with 403 and an Indonesian message.
func TestAccessCaptureScopeWrites(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		fx := newAccessFixture(t, db)
		kader, pkb, kec := fx.role("kader"), fx.role("pkb"), fx.role("admin_kecamatan")
		kampungForm := func(village string) url.Values {
			v := tumbuhJaya()
			v.Set("name", accKampung[0])
			v.Set("village", village)
			return v
		}
		refused := func(what string, r resp) {
			t.Helper()
			if r.Code != http.StatusForbidden || !strings.Contains(r.Body, "Di luar wilayah input Anda") {
				t.Errorf("%s: %d, want 403 with the capture message\n%.400s", what, r.Code, r.Body)
			}
		}
		// in scope: saved
		r := fx.send(kader, "POST", "/kampung/"+accID(fx.kampung[0]), "application/x-www-form-urlencoded",
			strings.NewReader(kampungForm(accDesa[0]).Encode()))
		if r.Code != http.StatusSeeOther {
			t.Errorf("kader saves own Kampung KB: %d\n%.600s", r.Code, r.Body)
		}
		// moved out of the kader's desa
		refused("kader moves Kampung KB to Pancor", fx.send(kader, "POST", "/kampung/"+accID(fx.kampung[0]),
			"application/x-www-form-urlencoded", strings.NewReader(kampungForm(accDesa[1]).Encode())))
		refused("kader moves Kampung KB by API", fx.send(kader, "PUT", "/api/v1/kampung/"+accID(fx.kampung[0]), "application/json",
			strings.NewReader(`{"name":"Tumbuh Jaya","village_code":"`+accDesa[1]+`","coverage":"desa","launch_date":"2018-03-01"}`)))
		if k, _ := db.Kampung(t.Context(), fx.kampung[0]); k.VillageCode != accDesa[0] {
			t.Errorf("Kampung KB moved to %s", k.VillageCode)
		}
		// a new Kampung KB in a desa the PKB does not capture
		refused("pkb creates in Pancor", fx.send(pkb, "POST", "/kampung", "application/x-www-form-urlencoded",
			strings.NewReader(kampungForm(accDesa[1]).Encode())))
		// an activity extended to a Kampung KB outside the capture scope
		act := url.Values{"title": {accActivity[0]}, "date": {"2026-03-10"}, "category": {"perlindungan"}, "type": {"posyandu"},
			"kampung_ids": {accID(fx.kampung[0]), accID(fx.kampung[1])}, "partner_ids": {accID(fx.partner[0])}, "version": {"0"}}
		refused("pkb adds Pancor to an activity", fx.send(pkb, "POST", "/kegiatan/"+accID(fx.activity[0]),
			"application/x-www-form-urlencoded", strings.NewReader(act.Encode())))
		if r := fx.send(pkb, "POST", "/kegiatan/"+accID(fx.activity[0]), "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"title": {accActivity[0]}, "date": {"2026-03-10"}, "category": {"perlindungan"},
				"type": {"posyandu"}, "kampung_ids": {accID(fx.kampung[0])}, "partner_ids": {accID(fx.partner[0])},
				"participants_female": {"12"}, "attendee_name": {accAttendee[0]}, "attendee_sex": {"p"}}.Encode())); r.Code != http.StatusSeeOther {
			t.Errorf("pkb saves an activity in scope: %d\n%.600s", r.Code, r.Body)
		}
		refused("kader moves a contribution", fx.send(kader, "PUT", "/api/v1/contributions/"+accID(fx.contribution[0]), "application/json",
			strings.NewReader(fmt.Sprintf(`{"partner_id":%d,"kampung_id":%d,"kind":"uang","amount":5,"date":"2026-03-10"}`, fx.partner[0], fx.kampung[1]))))
		refused("kader moves a contribution by form", fx.send(kader, "POST", "/kontribusi/"+accID(fx.contribution[0]),
			"application/x-www-form-urlencoded", strings.NewReader(url.Values{"partner_id": {accID(fx.partner[0])},
				"kampung_id": {accID(fx.kampung[1])}, "kind": {"uang"}, "amount": {"5"}, "date": {"2026-03-10"}}.Encode())))
		refused("kader records a contribution for Pancor's activity", fx.send(kader, "POST", "/api/v1/contributions", "application/json",
			strings.NewReader(fmt.Sprintf(`{"partner_id":%d,"activity_id":%d,"kind":"uang","amount":5,"date":"2026-03-10"}`, fx.partner[0], fx.activity[1]))))
		refused("pkb adds Pancor to an activity by API", fx.send(pkb, "PUT", "/api/v1/activities/"+accID(fx.activity[0]), "application/json",
			strings.NewReader(fmt.Sprintf(`{"title":"x","date":"2026-03-10","category":"perlindungan","type":"posyandu","kampung_ids":[%d,%d]}`,
				fx.kampung[0], fx.kampung[1]))))
		refused("kader creates a Kampung KB in Pancor by API", fx.send(kader, "POST", "/api/v1/kampung", "application/json",
			strings.NewReader(`{"name":"Baru","village_code":"5203071001","coverage":"desa","launch_date":"2018-03-01"}`)))
		refused("admin kecamatan makes Pancor a party by form", fx.send(kec, "POST", "/perjanjian/"+accID(fx.agreement[0]),
			"application/x-www-form-urlencoded", strings.NewReader(url.Values{"type": {"pks"}, "title": {"x"}, "signed_on": {"2025-01-10"},
				"party_kind": {"mitra", "kampung"}, "party_partner": {accID(fx.partner[0]), ""}, "party_kampung": {"", accID(fx.kampung[1])}}.Encode())))
		refused("admin kecamatan makes Pancor a party", fx.send(kec, "PUT", "/api/v1/agreements/"+accID(fx.agreement[0]), "application/json",
			strings.NewReader(fmt.Sprintf(`{"type":"pks","title":"x","signed_on":"2025-01-10","parties":[{"kind":"mitra","partner_id":%d},{"kind":"kampung","kampung_id":%d}]}`,
				fx.partner[0], fx.kampung[1]))))
		refused("admin kecamatan moves a partner to Selong", fx.send(kec, "POST", "/mitra/"+accID(fx.partner[0]),
			"application/x-www-form-urlencoded", strings.NewReader(url.Values{"name": {accPartner[0]}, "category": {"lsm"},
				"regions": {accDesa[1]}}.Encode())))
		refused("admin kecamatan adds a national partner", fx.send(kec, "POST", "/api/v1/partners", "application/json",
			strings.NewReader(`{"name":"Mitra Nasional","category":"lsm"}`)))
		// an agreement without a regional party (a national partner's):
		// kept by whoever sees it with the permission
		if r := fx.send(kec, "PUT", "/api/v1/agreements/"+accID(fx.agreement[0]), "application/json",
			strings.NewReader(fmt.Sprintf(`{"type":"pks","title":"%s","signed_on":"2025-01-10","parties":[{"kind":"mitra","partner_id":%d},{"kind":"kampung","kampung_id":%d}]}`,
				accAgreement[0], fx.partner[0], fx.kampung[0]))); r.Code != 200 {
			t.Errorf("admin kecamatan saves an agreement in scope: %d %.400s", r.Code, r.Body)
		}
	})
}

// personalData checks that named attendees reach only roles
// with personal data, and downloads only roles that may export it.
func personalData(t *testing.T, fx *accessFixture) {
	name := accAttendee[0]
	for _, rc := range fx.roles {
		if rc.actor == nil {
			continue
		}
		personal := rc.actor.Can(kampungkb.PermViewPersonal)
		export := rc.actor.Can(kampungkb.PermExportPersonal)
		for _, target := range []string{"/kegiatan/" + accID(fx.activity[0]), "/api/v1/activities/" + accID(fx.activity[0]),
			"/kegiatan/" + accID(fx.activity[0]) + "/ubah", "/kegiatan?format=csv", "/kegiatan?format=xlsx", "/api/v1/activities",
			"/", "/cakupan/matriks?format=csv"} {
			r := fx.get(rc, target)
			if r.Code >= 400 {
				continue // the route is closed to the role (TestAccessEveryRouteEveryRole)
			}
			has := strings.Contains(r.Body, name) || strings.Contains(accXLSXText(t, r), name)
			switch want := personal && !strings.Contains(target, "format=") && strings.HasPrefix(target, "/kegiatan/") ||
				personal && strings.HasPrefix(target, "/api/v1/activities/") ||
				export && strings.HasPrefix(target, "/kegiatan?format="); {
			case want && !has:
				t.Errorf("%s as %s lacks the attendee", target, rc.name)
			case !want && has:
				t.Errorf("%s as %s shows the attendee %q", target, rc.name, name)
			}
			if strings.HasPrefix(target, "/kegiatan?format=csv") && strings.Contains(r.Body, "peserta_bernama") != export {
				t.Errorf("%s as %s: attendee column present = %v", target, rc.name, !export)
			}
		}
	}
}

// accXLSXText returns the text of a spreadsheet answer ("" for others).
func accXLSXText(t *testing.T, r resp) string {
	t.Helper()
	if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") {
		return ""
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	return b.String()
}

// TestAccessThroughLogin checks the scope of an actor that comes from a
// real session: a kader logged in with the form.
func TestAccessThroughLogin(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	fx := newAccessFixture(t, db)
	tok := sessionFrom(login(t, fx.srv, "uji.kader", accessPassword))
	if tok == "" {
		t.Fatal("no session")
	}
	cookie := "kkb_session=" + tok
	if r := do(t, fx.srv, "GET", "/kampung/"+accID(fx.kampung[1]), nil, anon, "1", "Cookie", cookie); r.Code != 404 {
		t.Errorf("out of scope through a session: %d", r.Code)
	}
	r := do(t, fx.srv, "GET", "/kampung", nil, anon, "1", "Cookie", cookie)
	if r.Code != 200 || !strings.Contains(r.Body, accKampung[0]) || strings.Contains(r.Body, accKampung[1]) {
		t.Errorf("list through a session: %d", r.Code)
	}
	for _, hidden := range []string{`href="/mitra/baru"`, `href="/perjanjian/baru"`, `>Pengguna<`} {
		if r := do(t, fx.srv, "GET", "/mitra", nil, anon, "1", "Cookie", cookie); strings.Contains(r.Body, hidden) {
			t.Errorf("kader's partner list offers %s", hidden)
		}
	}
}
