package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kampungkb"
	"kampungkb/demo"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// newServer returns a server over a fresh database with Lombok Timur's
// regions, its clock fixed at 2026-11-28 10:00 WITA.
func newServer(t *testing.T, db *sqldb.DB) *web.Server {
	t.Helper()
	testutil.MustLoadRegions(t, db, "52.03")
	loc, _ := time.LoadLocation("Asia/Makassar")
	srv, err := web.New(db, web.Options{Location: loc,
		Now: func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

type resp struct {
	Code   int
	Header http.Header
	Body   string
}

// testAdmin is the actor of handler tests that do not test access rules:
// do puts it in the request context (in-process, as no client can).
var testAdmin = kampungkb.Actor{ID: 0, Username: "penguji", Name: "Penguji", Role: kampungkb.RoleAdmin, CaptureRegions: []string{""}}

// do sends a request as testAdmin; with the header pair "X-Test-Anonymous",
// "1" it sends it without an actor, as a client on the network would.
func do(t *testing.T, h http.Handler, method, target string, body io.Reader, header ...string) resp {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	anonymous := false
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "X-Test-Anonymous" {
			anonymous = true
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	if !anonymous {
		req = req.WithContext(kampungkb.WithActor(req.Context(), testAdmin))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

func postForm(t *testing.T, h http.Handler, target string, v url.Values) resp {
	return do(t, h, "POST", target, strings.NewReader(v.Encode()), "Content-Type", "application/x-www-form-urlencoded")
}

func postJSON(t *testing.T, h http.Handler, method, target, body string) resp {
	return do(t, h, method, target, strings.NewReader(body), "Content-Type", "application/json")
}

func TestPartnerFormKeepsTypedValuesAndShowsFieldErrors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		r := postForm(t, srv, "/mitra", url.Values{"name": {""}, "category": {"ormas_keagamaan"}, "email": {"bukan-email"},
			"regions": {"52.03.13.9999"}, "notes": {"catatan <penting>"}, "contact_name": {"Ibu Ani"}})
		if r.Code != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400", r.Code)
		}
		for _, want := range []string{"Nama mitra wajib diisi.", "Alamat email tidak valid.", "tidak dikenal",
			`value="bukan-email"`, "catatan &lt;penting&gt;", `value="Ibu Ani"`, `<option value="ormas_keagamaan" selected>`, `aria-invalid="true"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("form page lacks %q", want)
			}
		}
		if _, total, _ := db.Partners(t.Context(), kampungkb.Filter{}); total != 0 {
			t.Errorf("%d partners stored after a failed form", total)
		}
	})
}

func TestPartnerCreateListAndDownload(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		r := postForm(t, srv, "/mitra", url.Values{"name": {"Muslimat NW"}, "category": {"ormas_keagamaan"},
			"regions": {"Lombok Timur"}, "contact_name": {"Ibu Ani", ""}, "contact_phone": {"0812-3456-7890", ""}})
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/mitra/") {
			t.Fatalf("create: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		show := do(t, srv, "GET", r.Header.Get("Location"), nil)
		if !strings.Contains(show.Body, "Kabupaten Lombok Timur") || !strings.Contains(show.Body, "Ibu Ani") {
			t.Errorf("show page lacks the region or contact:\n%s", show.Body)
		}
		list := do(t, srv, "GET", "/mitra?q=muslimat&region=52.03.13", nil)
		if !strings.Contains(list.Body, "Muslimat NW") || !strings.Contains(list.Body, "Menampilkan 1–1 dari 1") {
			t.Errorf("list lacks the partner:\n%s", list.Body)
		}
		csv := do(t, srv, "GET", "/mitra?q=muslimat&format=csv", nil)
		if !strings.HasPrefix(csv.Body, "id,nama,kategori") || !strings.Contains(csv.Body, "Muslimat NW,Ormas keagamaan") {
			t.Errorf("csv = %q", csv.Body)
		}
		x := do(t, srv, "GET", "/mitra?format=xlsx", nil)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		rows, _ := f.GetRows("mitra")
		if len(rows) != 2 || rows[1][1] != "Muslimat NW" {
			t.Errorf("xlsx rows = %v", rows)
		}
		if bad := do(t, srv, "GET", "/mitra?format=pdf", nil); bad.Code != http.StatusBadRequest {
			t.Errorf("unknown format: %d", bad.Code)
		}
	})
}

func TestPartnerDeleteRefusedWhileReferenced(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		ctx := t.Context()
		parent := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
		db.CreatePartner(ctx, &parent)
		unit := kampungkb.Partner{Name: "Muslimat NW Pancor", Category: "ormas_keagamaan", ParentID: parent.ID}
		db.CreatePartner(ctx, &unit)
		r := postForm(t, srv, "/mitra/"+itoa(parent.ID)+"/hapus", nil)
		if r.Code != http.StatusConflict || !strings.Contains(r.Body, "Arsipkan") {
			t.Errorf("delete referenced: %d\n%s", r.Code, r.Body)
		}
		if _, err := db.Partner(ctx, parent.ID); err != nil {
			t.Errorf("partner gone after refused delete: %v", err)
		}
		r = postForm(t, srv, "/mitra/"+itoa(unit.ID)+"/hapus", nil)
		if r.Code != http.StatusSeeOther {
			t.Errorf("delete unit: %d", r.Code)
		}
	})
}

func itoa(n int64) string { return strings.TrimSpace(kampungkb.FormatInt(n)) }

func TestAPIPartners(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		r := postJSON(t, srv, "POST", "/api/v1/partners", `{"name":"Rumah Kreatif BUMN Pertamina Pancor","category":"bumn_bumd","regions":["5203071001"]}`)
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var m kampungkb.Partner
		json.Unmarshal([]byte(r.Body), &m)
		if m.ID == 0 || m.Regions[0] != "52.03.07.1001" || m.Institution != "9" {
			t.Errorf("created %+v", m)
		}
		for _, c := range []struct{ name, body, code string }{
			{"unknown field", `{"name":"X","category":"lsm","kolom":1}`, "invalid"},
			{"malformed", `{"name":`, "invalid"},
			{"wrong type", `{"name":5}`, "invalid"},
			{"two objects", `{"name":"X","category":"lsm"} {}`, "invalid"},
			{"validation", `{"name":"","category":"?"}`, "invalid"},
		} {
			r := postJSON(t, srv, "POST", "/api/v1/partners", c.body)
			var e struct {
				Error struct {
					Code    string
					Message string
					Fields  map[string]string
				}
			}
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Code != 400 || e.Error.Code != c.code || e.Error.Message == "" {
				t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
			}
		}
		if _, total, _ := db.Partners(t.Context(), kampungkb.Filter{}); total != 1 {
			t.Errorf("bad requests stored something: %d partners", total)
		}
		list := do(t, srv, "GET", "/api/v1/partners?region=52.03&limit=10", nil)
		var l struct {
			Items []map[string]any
			Total int
		}
		json.Unmarshal([]byte(list.Body), &l)
		if l.Total != 1 || len(l.Items) != 1 {
			t.Errorf("list: %s", list.Body)
		}
		stale := postJSON(t, srv, "PUT", "/api/v1/partners/"+itoa(m.ID), `{"name":"Baru","category":"bumn_bumd","version":99}`)
		if stale.Code != http.StatusConflict || !strings.Contains(stale.Body, `"conflict"`) {
			t.Errorf("stale put: %d %s", stale.Code, stale.Body)
		}
		ok := postJSON(t, srv, "PUT", "/api/v1/partners/"+itoa(m.ID), `{"name":"RKB Pertamina Pancor","category":"bumn_bumd","version":1}`)
		if ok.Code != http.StatusOK || !strings.Contains(ok.Body, `"version":2`) {
			t.Errorf("put: %d %s", ok.Code, ok.Body)
		}
		nf := do(t, srv, "GET", "/api/v1/partners/999", nil)
		if nf.Code != 404 || !strings.Contains(nf.Body, `"not_found"`) {
			t.Errorf("missing: %d %s", nf.Code, nf.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/nothing", nil); r.Code != 404 || !strings.Contains(r.Body, `"not_found"`) {
			t.Errorf("unknown API path: %d %s", r.Code, r.Body)
		}
		del := do(t, srv, "DELETE", "/api/v1/partners/"+itoa(m.ID), nil)
		if del.Code != http.StatusNoContent {
			t.Errorf("delete: %d %s", del.Code, del.Body)
		}
	})
}

func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	r := do(t, srv, "GET", "/api/v1/openapi.json", nil)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range srv.Routes() {
		if !rt.API {
			if strings.HasPrefix(rt.Pattern, "/api/") {
				t.Errorf("route %s %s is under /api/ but not marked API", rt.Method, rt.Pattern)
			}
			continue
		}
		n++
		p := strings.TrimPrefix(rt.Pattern, "/api/v1")
		op, ok := doc.Paths[p][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("openapi.json lacks %s %s", rt.Method, p)
			continue
		}
		if op["summary"] == "" || rt.Summary == "" {
			t.Errorf("%s %s has no summary", rt.Method, p)
		}
	}
	count := 0
	for _, ops := range doc.Paths {
		count += len(ops)
	}
	if count != n {
		t.Errorf("openapi.json has %d operations, the router %d API routes", count, n)
	}
}

func TestRegionPagesAndAPI(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	for _, c := range []struct{ path, want string }{
		{"/wilayah", "Nusa Tenggara Barat"},
		{"/wilayah/52.03", "Suralaga"},
		{"/wilayah/52.03.13", "Tumbuh Mulia"},
		{"/wilayah/52.03?q=pancor", "52.03.07.1001"},
		{"/wilayah?q=5203132007", "Tumbuh Mulia"},
	} {
		r := do(t, srv, "GET", c.path, nil)
		if r.Code != 200 || !strings.Contains(r.Body, c.want) {
			t.Errorf("%s: %d, lacks %q", c.path, r.Code, c.want)
		}
	}
	if r := do(t, srv, "GET", "/wilayah/5203132007", nil); r.Code != http.StatusMovedPermanently {
		t.Errorf("dotless code: %d", r.Code)
	}
	if r := do(t, srv, "GET", "/wilayah/99.99", nil); r.Code != 404 {
		t.Errorf("unknown region: %d", r.Code)
	}
	r := do(t, srv, "GET", "/api/v1/regions?q=tumbuh&level=desa&region=52", nil)
	if !strings.Contains(r.Body, `"total":1`) || !strings.Contains(r.Body, "52.03.13.2007") {
		t.Errorf("api search: %s", r.Body)
	}
	r = do(t, srv, "GET", "/api/v1/regions/52.03.13", nil)
	if !strings.Contains(r.Body, `"children"`) || !strings.Contains(r.Body, "Tumbuh Mulia") {
		t.Errorf("api region: %s", r.Body)
	}
}

func TestSecurityHeadersAndCrossOriginPost(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	r := do(t, srv, "GET", "/", nil)
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("headers: %v", r.Header)
	}
	x := do(t, srv, "POST", "/mitra", bytes.NewReader([]byte("name=X&category=lsm")),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if x.Code != http.StatusForbidden {
		t.Errorf("cross-origin POST: %d", x.Code)
	}
}

func TestErrorSummaryFollowsFormOrder(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	r := postForm(t, srv, "/mitra", url.Values{"name": {""}, "category": {"lsm"}, "email": {"x@"}, "website": {"ftp://x"}})
	summary := r.Body[strings.Index(r.Body, `class="error-summary"`):]
	summary = summary[:strings.Index(summary, "</div>")]
	name, email, site := strings.Index(summary, "#f-name"), strings.Index(summary, "#f-email"), strings.Index(summary, "#f-website")
	if name < 0 || email < 0 || site < 0 || !(name < email && email < site) {
		t.Errorf("summary not in form order (name %d, email %d, website %d):\n%s", name, email, site, summary)
	}
}

func TestRecordPagesLinkTheirAuditHistory(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	m := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
	if err := db.CreatePartner(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	r := do(t, srv, "GET", "/mitra/"+itoa(m.ID), nil)
	if !strings.Contains(r.Body, `/audit?entity=partner&amp;entity_id=`+itoa(m.ID)) {
		t.Errorf("partner page lacks the link to its audit history")
	}
}

// TestStylesheetBalanced guards the one stylesheet against a brace lost in
// an edit, which silently moves every later rule into a media query.
func TestStylesheetBalanced(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	css := do(t, newServer(t, db), "GET", "/static/style.css", nil).Body
	depth := 0
	inComment := false
	for i := 0; i < len(css); i++ {
		switch {
		case inComment:
			if strings.HasPrefix(css[i:], "*/") {
				inComment = false
				i++
			}
		case strings.HasPrefix(css[i:], "/*"):
			inComment = true
			i++
		case css[i] == '{':
			depth++
		case css[i] == '}':
			depth--
			if depth < 0 {
				t.Fatalf("unbalanced } at byte %d", i)
			}
		}
	}
	if depth != 0 || inComment {
		t.Errorf("stylesheet ends inside a block (depth %d) or a comment (%v)", depth, inComment)
	}
}

func TestKampungPageExplainsItsClass(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	if _, err := demo.Load(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	ks, _, _ := db.KampungList(t.Context(), kampungkb.Filter{Q: "Tumbuh Jaya"})
	body := do(t, srv, "GET", "/kampung/"+itoa(ks[0].ID), nil).Body
	for _, want := range []string{"Klasifikasi: ", "Lintas sektor", "instansi", "Sumber dana", "belum ada data keluarga", "versi 2021.1"} {
		if !strings.Contains(body, want) {
			t.Errorf("Kampung KB page lacks %q", want)
		}
	}
	// with families in its dusun, the output index reads their indicators:
	// 2 PUS in Dasan Tumbu, one on injections; the family elsewhere in the
	// village does not count
	fams := "family_id,village_code,dusun\nA1,52.03.13.2007,Dasan Tumbu\nA2,52.03.13.2007,Dasan Tumbu\nA3,52.03.13.2007,Lendang\n"
	mems := "family_id,member_no,name,sex,birth_date,marital_status,kb_method,kb_reason\n" +
		"A1,1,Siti,p,1995-01-02,kawin,suntik,\nA2,1,Rini,p,1996-01-02,kawin,,tial\nA3,1,Ani,p,1996-01-02,kawin,iud,\n"
	for _, f := range []struct{ kind, csv string }{{"families", fams}, {"members", mems}} {
		if r := uploadCSV(t, srv, testAdmin, f.kind, false, f.kind+".csv", f.csv); r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", f.kind, r.Code, r.Body)
		}
	}
	body = do(t, srv, "GET", "/kampung/"+itoa(ks[0].ID), nil).Body
	for _, want := range []string{"50 % (1/2)", "0 % (0/1)", "dihitung dari 2 keluarga"} {
		if !strings.Contains(body, want) {
			t.Errorf("Kampung KB page with families lacks %q", want)
		}
	}
}
