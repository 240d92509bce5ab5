package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/demo"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// Tests that try to break in: cross-origin form posts, inline code the
// Content-Security-Policy would have to stop, oversize bodies, disguised
// uploads and SQL metacharacters. (Login rate limits, session fixation and
// out-of-scope ids are tested with the account and scope code.)

// securityFixture is a server over the demo data plus a photo, a document
// and an API token, so that every route with ids has records to act on.
type securityFixture struct {
	db  *sqldb.DB
	srv *web.Server
	ids map[string]string // path parameter name → an existing id
}

func newSecurityFixture(t *testing.T) securityFixture {
	t.Helper()
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	srv := newServer(t, db)
	ctx := kampungkb.WithActor(t.Context(), kampungkb.SystemActor)
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 200)...)
	photo, err := db.AddActivityPhoto(ctx, 1, "kegiatan", "Foto", &kampungkb.File{Name: "a.png", ContentType: "image/png", Data: png, Size: int64(len(png))})
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n% dokumen uji\n")
	doc, err := db.AddAgreementDocument(ctx, 1, "Naskah", &kampungkb.File{Name: "naskah.pdf", ContentType: "application/pdf", Data: pdf, Size: int64(len(pdf))})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetKampungPhoto(ctx, 1, &kampungkb.File{Name: "k.png", ContentType: "image/png", Data: png, Size: int64(len(png))}); err != nil {
		t.Fatal(err)
	}
	u := mustUser(t, db, kampungkb.User{Username: "pemilik-token", Role: kampungkb.RoleAdmin}, "sandi-pemilik-token")
	tok, err := db.CreateToken(ctx, u.ID, "skrip", auth.TokenHash("kkb_uji"), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := db.Profiles(ctx, 1)
	if err != nil || len(profiles) == 0 {
		t.Fatalf("demo profiles: %v", err)
	}
	return securityFixture{db: db, srv: srv, ids: map[string]string{
		"id": "1", "pid": itoa(profiles[0].ID), "doc": itoa(doc.ID), "photo": itoa(photo.ID), "code": "52.03", "token": itoa(tok.ID),
		"file": itoa(doc.FileID)}}
}

// path fills a route pattern's parameters with existing ids.
func (f securityFixture) path(pattern string) string {
	pattern = strings.ReplaceAll(pattern, "{$}", "")
	return regexp.MustCompile(`\{([a-z]+)\}`).ReplaceAllStringFunc(pattern, func(m string) string {
		name := strings.Trim(m, "{}")
		if strings.HasPrefix(pattern, "/akun/token/") {
			return f.ids["token"]
		}
		if v, ok := f.ids[name]; ok {
			return v
		}
		return "1"
	})
}

// state is what an attack could change: every table's row count and the
// first record of each collection as the API shows it.
func (f securityFixture) state(t *testing.T) string {
	t.Helper()
	counts, err := f.db.TableCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "%s=%d\n", name, counts[name])
	}
	for _, p := range []string{"/api/v1/partners/1", "/api/v1/kampung/1", "/api/v1/kampung/1/profiles/current", "/api/v1/agreements/1", "/api/v1/activities/1", "/api/v1/contributions/1"} {
		r := do(t, f.srv, "GET", p, nil)
		b.WriteString(r.Body)
	}
	return b.String()
}

// attackBody is a body that would change something if it were accepted.
func attackBody(api bool) (string, string) {
	if api {
		return "application/json", `{"name":"Serangan","category":"lsm","title":"Serangan"}`
	}
	return "application/x-www-form-urlencoded", url.Values{"name": {"Serangan"}, "category": {"lsm"}, "title": {"Serangan"},
		"archived": {"1"}, "days": {"30"}, "current": {"x"}, "new": {"y"}, "again": {"y"}}.Encode()
}

func TestCrossOriginRequestsRefusedOnEveryStateChangingRoute(t *testing.T) {
	f := newSecurityFixture(t)
	attacks := []struct {
		name   string
		header []string
	}{
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
		{"Sec-Fetch-Site same-site", []string{"Sec-Fetch-Site", "same-site", "Origin", "https://evil.example.com"}},
		{"Origin of another host", []string{"Origin", "https://evil.example"}},
		{"Origin null", []string{"Origin", "null"}},
	}
	before := f.state(t)
	n := 0
	for _, rt := range f.srv.Routes() {
		if rt.Method == "GET" {
			continue
		}
		n++
		target := f.path(rt.Pattern)
		for _, a := range attacks {
			ct, body := attackBody(rt.API)
			r := do(t, f.srv, rt.Method, target, strings.NewReader(body), append([]string{"Content-Type", ct}, a.header...)...)
			if r.Code != http.StatusForbidden || !strings.Contains(r.Body, "dikirim dari situs lain") {
				t.Errorf("%s %s with %s: %d, want 403 with the Indonesian explanation", rt.Method, target, a.name, r.Code)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d state-changing routes found", n)
	}
	if after := f.state(t); after != before {
		t.Errorf("refused requests changed the database:\nbefore %s\nafter  %s", before, after)
	}

	// The same requests from the site itself, or from scripts that send
	// no browser headers, go through.
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"},
		{"Origin", "http://example.com"}, // httptest's Host
		{},
	} {
		v := url.Values{"name": {"Mitra dari situs sendiri"}, "category": {"lsm"}}
		r := do(t, f.srv, "POST", "/mitra", strings.NewReader(v.Encode()), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, h...)...)
		if r.Code != http.StatusSeeOther {
			t.Errorf("same-origin POST with %v: %d\n%s", h, r.Code, r.Body)
		}
	}
	if r := do(t, f.srv, "GET", "/mitra/1", nil, "Sec-Fetch-Site", "cross-site"); r.Code != http.StatusOK {
		t.Errorf("a link from another site (cross-site GET): %d", r.Code)
	}
}

// cspDirectives parses a Content-Security-Policy header.
func cspDirectives(h string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(h, ";") {
		fields := strings.Fields(d)
		if len(fields) > 0 {
			out[strings.ToLower(fields[0])] = fields[1:]
		}
	}
	return out
}

func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := cspDirectives(h.Get("Content-Security-Policy"))
	if len(csp) == 0 {
		t.Errorf("%s: no Content-Security-Policy", what)
		return
	}
	for _, name := range []string{"script-src", "style-src"} {
		sources, ok := csp[name]
		if !ok {
			sources, ok = csp["default-src"]
		}
		if !ok {
			t.Errorf("%s: CSP sets neither %s nor default-src", what, name)
		}
		for _, s := range sources {
			switch strings.ToLower(s) {
			case "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:":
				t.Errorf("%s: CSP %s allows %s", what, name, s)
			}
		}
	}
	if fa := strings.Join(csp["frame-ancestors"], " "); fa != "'none'" {
		t.Errorf("%s: CSP frame-ancestors = %q, want 'none'", what, fa)
	}
	if got := strings.Join(csp["base-uri"], " "); got != "'none'" && got != "'self'" {
		t.Errorf("%s: CSP base-uri = %q", what, got)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", what, got)
	}
	switch got := h.Get("Referrer-Policy"); got {
	case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
	default:
		t.Errorf("%s: Referrer-Policy = %q", what, got)
	}
}

func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	f := newSecurityFixture(t)
	ct, big := "application/x-www-form-urlencoded", "name="+strings.Repeat("a", 3<<20)
	for _, c := range []struct {
		name, method, path string
		body               string
		header             []string
		status             int
	}{
		{"page", "GET", "/", "", nil, 200},
		{"list page", "GET", "/kegiatan", "", nil, 200},
		{"login page, anonymous", "GET", "/masuk", "", []string{anon, "1"}, 200},
		{"redirect to login", "GET", "/kampung", "", []string{anon, "1"}, 303},
		{"API list", "GET", "/api/v1/partners", "", nil, 200},
		{"API error", "GET", "/api/v1/partners/9999", "", nil, 404},
		{"API unknown path", "GET", "/api/v1/nothing", "", nil, 404},
		{"API anonymous", "GET", "/api/v1/partners", "", []string{anon, "1"}, 401},
		{"OpenAPI", "GET", "/api/v1/openapi.json", "", nil, 200},
		{"static CSS", "GET", "/static/style.css", "", nil, 200},
		{"static JS", "GET", "/static/app.js", "", nil, 200},
		{"static missing", "GET", "/static/nothing.js", "", nil, 404},
		{"stored file", "GET", "/berkas/" + f.ids["file"], "", nil, 200},
		{"error page", "GET", "/mitra/9999", "", nil, 404},
		{"unknown page", "GET", "/tidak-ada", "", nil, 404},
		{"health check", "GET", "/healthz", "", nil, 200},
		{"cross-origin refusal", "POST", "/mitra", "name=x", []string{"Content-Type", ct, "Sec-Fetch-Site", "cross-site"}, 403},
		{"oversize body", "POST", "/mitra", big, []string{"Content-Type", ct}, 413},
	} {
		var body io.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		}
		r := do(t, f.srv, c.method, c.path, body, c.header...)
		if r.Code != c.status {
			t.Errorf("%s: %s %s answered %d, want %d", c.name, c.method, c.path, r.Code, c.status)
		}
		checkSecurityHeaders(t, c.name, r.Header)
	}
}

// Inline code that the Content-Security-Policy blocks (and that would
// make an injection exploitable if it ever allowed it).
var (
	tagRe      = regexp.MustCompile(`(?s)<[a-zA-Z][^<>]*>`)
	scriptRe   = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	handlerRe  = regexp.MustCompile(`(?i)[\s"'/]on[a-z]+\s*=`)
	styleAttRe = regexp.MustCompile(`(?i)[\s"'/]style\s*=`)
	styleElRe  = regexp.MustCompile(`(?i)<style\b`)
	jsURLRe    = regexp.MustCompile(`(?i)(javascript|vbscript|data:text/html)\s*:`)
	actionRe   = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
)

// inlineCode lists the inline scripts, event-handler and style attributes,
// style elements and javascript: URLs in an HTML document or template.
func inlineCode(doc string) []string {
	var out []string
	for _, m := range scriptRe.FindAllStringSubmatch(doc, -1) {
		if strings.TrimSpace(m[2]) != "" || !strings.Contains(strings.ToLower(m[1]), "src=") {
			out = append(out, "inline <script>: "+shorten(m[0]))
		}
	}
	for _, tag := range tagRe.FindAllString(doc, -1) {
		if handlerRe.MatchString(tag) {
			out = append(out, "event handler attribute: "+shorten(tag))
		}
		if styleAttRe.MatchString(tag) {
			out = append(out, "style attribute: "+shorten(tag))
		}
	}
	if styleElRe.MatchString(doc) {
		out = append(out, "<style> element")
	}
	for _, m := range jsURLRe.FindAllStringIndex(doc, -1) {
		out = append(out, "script URL: "+shorten(doc[max(m[0]-40, 0):min(m[1]+20, len(doc))]))
	}
	return out
}

func shorten(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

func TestTemplatesHaveNoInlineCode(t *testing.T) {
	fsys := os.DirFS("templates")
	names, err := fs.Glob(fsys, "*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("templates: %v %v", names, err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		// Template actions may hold text such as "a > b"; what they print
		// is escaped, so only the markup around them counts.
		src := actionRe.ReplaceAllString(string(b), "X")
		for _, p := range inlineCode(src) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// TestRenderedPagesHaveNoInlineCode checks what the server actually sends,
// including markup built in Go (charts, meters), over the demo data.
func TestRenderedPagesHaveNoInlineCode(t *testing.T) {
	f := newSecurityFixture(t)
	pages := []string{"/", "/wilayah", "/wilayah/52.03", "/cakupan", "/cakupan/matriks", "/cakupan/mitra",
		"/tidak-ada", "/mitra/9999"}
	for _, rt := range f.srv.Routes() {
		if rt.Method == "GET" && !rt.API && !rt.Public && !strings.HasPrefix(rt.Pattern, "/berkas/") && !strings.HasPrefix(rt.Pattern, "/akun") {
			pages = append(pages, f.path(rt.Pattern))
		}
	}
	for _, p := range pages {
		r := do(t, f.srv, "GET", p, nil)
		if r.Code != 200 && r.Code != 404 {
			t.Errorf("GET %s: %d", p, r.Code)
			continue
		}
		for _, problem := range inlineCode(r.Body) {
			t.Errorf("GET %s: %s", p, problem)
		}
	}
	// Pages of the signed-in user and the login page.
	for _, p := range []string{"/akun", "/akun/sandi"} {
		if r := do(t, f.srv, "GET", p, nil, anon, "1", "Authorization", "Bearer kkb_uji"); r.Code != 200 || len(inlineCode(r.Body)) > 0 {
			t.Errorf("GET %s: %d %v", p, r.Code, inlineCode(r.Body))
		}
	}
	if r := do(t, f.srv, "GET", "/masuk", nil, anon, "1"); r.Code != 200 || len(inlineCode(r.Body)) > 0 {
		t.Errorf("login page: %d %v", r.Code, inlineCode(r.Body))
	}
}

// countingReader is an endless request body that counts what the server
// read of it.
type countingReader struct{ n, limit int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, io.EOF
	}
	k := min(int64(len(p)), c.limit-c.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	c.n += k
	return int(k), nil
}

func TestOversizeBodiesRefused(t *testing.T) {
	f := newSecurityFixture(t)
	before := f.state(t)
	big := strings.Repeat("x", 3<<20)
	form := url.Values{"name": {big}, "category": {"lsm"}, "title": {big}, "description": {big}, "kind": {"barang"}}.Encode()
	jsonBody := `{"name":"` + big + `","category":"lsm"}`
	for _, c := range []struct {
		path, ct, body string
	}{
		{"/mitra", "application/x-www-form-urlencoded", form},
		{"/kampung", "application/x-www-form-urlencoded", form},
		{"/kampung/1/profil", "application/x-www-form-urlencoded", form},
		{"/perjanjian", "application/x-www-form-urlencoded", form},
		{"/kegiatan", "application/x-www-form-urlencoded", form},
		{"/kontribusi", "application/x-www-form-urlencoded", form},
		{"/mitra/1", "application/x-www-form-urlencoded", form},
		{"/api/v1/partners", "application/json", jsonBody},
		{"/api/v1/kampung/1/profiles", "application/json", jsonBody},
	} {
		for _, chunked := range []bool{false, true} {
			req := httptest.NewRequest("POST", c.path, strings.NewReader(c.body))
			req.Header.Set("Content-Type", c.ct)
			if chunked { // no declared length: the limit applies while reading
				req.ContentLength = -1
			}
			req = req.WithContext(kampungkb.WithActor(req.Context(), testAdmin))
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			msg := rec.Body.String()
			if (rec.Code != http.StatusRequestEntityTooLarge && rec.Code != http.StatusBadRequest) ||
				!(strings.Contains(msg, "terlalu besar") || strings.Contains(msg, "tidak terbaca")) {
				t.Errorf("POST %s, 3 MB (chunked %v): %d %s", c.path, chunked, rec.Code, shorten(msg))
			}
		}
	}
	if r := do(t, f.srv, "POST", "/masuk", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded", anon, "1"); r.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("3 MB login form: %d", r.Code)
	}
	if after := f.state(t); after != before {
		t.Errorf("oversize requests changed the database:\nbefore %s\nafter  %s", before, after)
	}
	// A multipart body (an upload, or a form sent as multipart to a page
	// that reads form values) is read no further than the upload limit.
	for _, p := range []string{"/mitra/1/arsip", "/kampung/1/foto", "/kegiatan/1/foto", "/perjanjian/1/dokumen", "/api/v1/agreements/1/documents"} {
		body := &countingReader{limit: 64 << 20}
		req := httptest.NewRequest("POST", p, body)
		req.ContentLength = -1
		req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
		req = req.WithContext(kampungkb.WithActor(req.Context(), testAdmin))
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, req)
		if body.n > 12<<20 {
			t.Errorf("POST %s: the server read %d MB of an endless multipart body", p, body.n>>20)
		}
	}
}

// TestUploadsAreSniffed sends files whose name and declared type say
// "image" or "PDF" but whose bytes are HTML or SVG with script: they are
// refused, and stored files are served with their sniffed type and
// nosniff, never as HTML.
func TestUploadsAreSniffed(t *testing.T) {
	f := newSecurityFixture(t)
	before := f.state(t)
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)
	upload := func(path, field, name, ctype string, data []byte) resp {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, field, name)}
		h["Content-Type"] = []string{ctype}
		w, _ := mw.CreatePart(h)
		w.Write(data)
		mw.WriteField("title", "Dokumen")
		mw.WriteField("tag", "kegiatan")
		mw.Close()
		return do(t, f.srv, "POST", path, &b, "Content-Type", mw.FormDataContentType())
	}
	for _, c := range []struct{ path, field string }{
		{"/kampung/1/foto", "photo"}, {"/kegiatan/1/foto", "photo"}, {"/perjanjian/1/dokumen", "file"},
		{"/api/v1/activities/1/photos", "photo"}, {"/api/v1/agreements/1/documents", "file"},
	} {
		for _, d := range []struct {
			name, ctype string
			data        []byte
		}{{"foto.png", "image/png", html}, {"naskah.pdf", "application/pdf", html}, {"gambar.svg", "image/svg+xml", svg}, {"foto.jpg", "image/jpeg", svg}} {
			r := upload(c.path, c.field, d.name, d.ctype, d.data)
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "tidak diterima") {
				t.Errorf("POST %s with %s disguised as %s: %d %s", c.path, d.name, d.ctype, r.Code, shorten(r.Body))
			}
		}
	}
	if after := f.state(t); after != before {
		t.Errorf("refused uploads changed the database:\nbefore %s\nafter  %s", before, after)
	}
	r := do(t, f.srv, "GET", "/berkas/"+f.ids["file"], nil)
	if r.Header.Get("Content-Type") != "application/pdf" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(r.Header.Get("Content-Disposition"), "inline") {
		t.Errorf("stored document served with %v", r.Header)
	}
}

// sqlNames are names full of SQL and LIKE metacharacters.
var sqlNames = []string{`O'Brien"; DROP TABLE partners; --`, `100%_\ persen`}

func TestSQLMetacharactersStoredAndSearchedLiterally(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
		srv := newServer(t, db)
		create := func(path string, v any) int64 {
			t.Helper()
			b, _ := json.Marshal(v)
			r := postJSON(t, srv, "POST", path, string(b))
			if r.Code != http.StatusCreated {
				t.Fatalf("POST %s: %d %s", path, r.Code, r.Body)
			}
			var out struct{ ID int64 }
			json.Unmarshal([]byte(r.Body), &out)
			return out.ID
		}
		// Controls that LIKE wildcards would match: "%" and "_" match
		// anything, "\" nothing special.
		control := create("/api/v1/partners", kampungkb.Partner{Name: "Mitra biasa 100 persen", Category: "lsm"})
		var partners, kampung []int64
		for i, name := range sqlNames {
			// partners through the form, the rest through the API
			r := postForm(t, srv, "/mitra", url.Values{"name": {name}, "category": {"lsm"}, "notes": {name}, "contact_name": {name}})
			if r.Code != http.StatusSeeOther {
				t.Fatalf("partner %q: %d %s", name, r.Code, r.Body)
			}
			id, _ := strings.CutPrefix(r.Header.Get("Location"), "/mitra/")
			var pid int64
			fmt.Sscan(id, &pid)
			partners = append(partners, pid)
			k := create("/api/v1/kampung", kampungkb.Kampung{Name: "Kampung " + name, VillageCode: "52.03.13.2007", Coverage: "rw",
				CoverageDetail: name, LaunchDate: kampungkb.MustDate("2020-01-0" + itoa(int64(i+1)))})
			kampung = append(kampung, k)
			create("/api/v1/agreements", kampungkb.Agreement{Type: "mou", Title: "MoU " + name, Number: name, SignedOn: kampungkb.MustDate("2020-02-01"),
				Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: pid}, {Kind: "pemda", Name: name, RegionCode: "52.03"}}})
			act := create("/api/v1/activities", kampungkb.Activity{Title: "Kegiatan " + name, Place: name, Date: kampungkb.MustDate("2020-03-01"),
				KampungIDs: []int64{k}, Category: "ekonomi", Type: "pelatihan", PartnerIDs: []int64{pid}})
			create("/api/v1/contributions", kampungkb.Contribution{PartnerID: pid, ActivityID: act, Kind: "barang", Description: "Bantuan " + name,
				Date: kampungkb.MustDate("2020-03-01")})
		}
		k := create("/api/v1/kampung", kampungkb.Kampung{Name: "Kampung biasa 100 persen", VillageCode: "52.03.13.2007", Coverage: "desa",
			LaunchDate: kampungkb.MustDate("2020-01-05")})
		create("/api/v1/activities", kampungkb.Activity{Title: "Kegiatan biasa 100 persen", Date: kampungkb.MustDate("2020-03-01"),
			KampungIDs: []int64{k}, Category: "ekonomi", Type: "pelatihan", PartnerIDs: []int64{control}})

		// Stored literally.
		for i, id := range partners {
			p, err := db.Partner(t.Context(), id)
			if err != nil || p.Name != sqlNames[i] || p.Notes != sqlNames[i] || len(p.Contacts) != 1 || p.Contacts[0].Name != sqlNames[i] {
				t.Errorf("partner %d: %+v %v", id, p, err)
			}
			kk, err := db.Kampung(t.Context(), kampung[i])
			if err != nil || kk.Name != "Kampung "+sqlNames[i] || kk.CoverageDetail != sqlNames[i] {
				t.Errorf("kampung %d: %+v %v", kampung[i], kk, err)
			}
		}
		counts, err := db.TableCounts(t.Context())
		if err != nil || counts["partners"] != 3 || counts["kampung"] != 3 {
			t.Errorf("tables after the attempts: %v %v", counts, err)
		}

		// Found literally: each metacharacter matches only the name that
		// holds it.
		search := func(path, q string) (int, string) {
			r := do(t, srv, "GET", path+"?limit=50&q="+url.QueryEscape(q), nil)
			var l struct {
				Items []json.RawMessage
				Total int
			}
			if err := json.Unmarshal([]byte(r.Body), &l); err != nil {
				t.Fatalf("GET %s?q=%s: %d %s", path, q, r.Code, r.Body)
			}
			return l.Total, r.Body
		}
		for _, c := range []struct {
			q     string
			total int
		}{
			{`O'Brien"; DROP TABLE partners; --`, 1}, {`o'brien`, 1}, {`"; drop`, 1},
			{`%`, 1}, {`_`, 1}, {`\`, 1}, {`%_\`, 1}, {`100%`, 1}, {`0%_`, 1}, {`100_`, 0}, {`%%`, 0}, {`\%`, 0}, {`'`, 1}, {`''`, 0},
		} {
			for _, path := range []string{"/api/v1/partners", "/api/v1/kampung", "/api/v1/agreements", "/api/v1/activities", "/api/v1/contributions"} {
				if n, body := search(path, c.q); n != c.total {
					t.Errorf("GET %s?q=%s: %d found, want %d\n%s", path, c.q, n, c.total, shorten(body))
				}
			}
		}
		if n, _ := search("/api/v1/regions", "%"); n != 0 {
			t.Errorf("regions matching %%: %d", n)
		}
		if n, _ := search("/api/v1/regions", "_"); n != 0 {
			t.Errorf("regions matching _: %d", n)
		}
		page := do(t, srv, "GET", "/mitra?q="+url.QueryEscape(`%_\`), nil)
		if !strings.Contains(page.Body, "Menampilkan 1–1 dari 1") || !strings.Contains(page.Body, `100%_\ persen`) {
			t.Errorf("partner list page for %%_\\:\n%s", page.Body)
		}
	})
}
