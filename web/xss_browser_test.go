package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// xssPayloads are classic injections: a script element, breaking out of
// an attribute, of a single-quoted attribute and of a textarea, and a
// javascript: URL. Each would set window.__xss if it ran.
var xssPayloads = []string{
	`<script>window.__xss=1</script>`,
	`"><img src=x onerror="window.__xss=1">`,
	`'><svg onload=window.__xss=1>`,
	`</textarea><svg onload=window.__xss=1>`,
	`javascript:window.__xss=1`,
}

// xss is every payload in one text (166 characters, so that it fits
// names of at most 200 characters with a tag).
var xss = strings.Join(xssPayloads, " ")

// xt is the text stored in the field named by tag.
func xt(tag string) string { return xss + " #" + tag }

// injectedJS lists what an injection would have left in the page: a
// window.__xss that ran, inline scripts, event-handler attributes and
// javascript: URLs (which the CSP would block, so they are looked for in
// the DOM rather than waited for).
const injectedJS = `(function () {
	var bad = [];
	if (window.__xss !== undefined) bad.push("window.__xss = " + window.__xss);
	document.querySelectorAll("script").forEach(function (s) {
		if (!s.src || s.textContent.trim() !== "") bad.push("inline script: " + s.outerHTML.slice(0, 100));
	});
	document.querySelectorAll("*").forEach(function (el) {
		for (var i = 0; i < el.attributes.length; i++) {
			var a = el.attributes[i];
			if (/^on/i.test(a.name)) bad.push("event handler: <" + el.tagName.toLowerCase() + " " + a.name + "=" + a.value.slice(0, 40) + ">");
			if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) bad.push("javascript: URL in <" + el.tagName.toLowerCase() + " " + a.name + ">");
		}
	});
	return bad;
})()`

// textJS returns what a person sees: the title, the text of the page and
// the values of its form fields.
const textJS = `(function () {
	var s = [document.title, document.body.textContent];
	document.querySelectorAll("input, textarea").forEach(function (e) { s.push(e.value); });
	return s.join("\n");
})()`

// fillJS types the payload into every text field of the first form
// matching the selector (each with its field name as tag) and submits it.
const fillJS = `(function (sel, payload) {
	var form = document.querySelector(sel);
	if (!form) return -1;
	var n = 0;
	form.querySelectorAll("input, textarea").forEach(function (el) {
		var t = (el.getAttribute("type") || "text").toLowerCase();
		if (el.tagName === "TEXTAREA" || ["text", "search", "email", "url", "tel"].indexOf(t) >= 0) {
			el.value = payload + " #" + (el.name || el.id);
			n++;
		}
	});
	window.__old = 1;
	HTMLFormElement.prototype.submit.call(form);
	return n;
})(%q, %q)`

// TestBrowserXSSPayloadsRenderInert stores records whose every text field
// holds the payloads, then opens their list, show and edit pages, submits
// every form with the payloads in every text field (so that it comes back
// with errors), and searches with them: no payload runs or leaves markup
// in the page, and each is shown as the text that was typed.
func TestBrowserXSSPayloadsRenderInert(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	srv := newServer(t, db)
	ctx := kampungkb.WithActor(t.Context(), kampungkb.SystemActor)

	// Records with the payloads in every text field, through the API.
	create := func(path string, v any) string {
		t.Helper()
		b, _ := json.Marshal(v)
		r := postJSON(t, srv, "POST", path, string(b))
		if r.Code != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", path, r.Code, r.Body)
		}
		var out struct{ ID int64 }
		json.Unmarshal([]byte(r.Body), &out)
		return itoa(out.ID)
	}
	id := func(s string) int64 {
		var n int64
		fmt.Sscan(s, &n)
		return n
	}
	website := `https://contoh.org/"><script>window.__xss=1</script>`
	partner := create("/api/v1/partners", kampungkb.Partner{Name: xt("mitra"), Category: "lsm", Regions: []string{"52.03"},
		Address: xt("alamat"), Phone: "0376-21234", Email: "mitra@contoh.org", Website: website, Notes: xt("catatan"),
		Contacts: []kampungkb.Contact{{Name: xt("kontak"), Position: xt("jabatan"), Phone: "0812-1111-2222"}}})
	unit := create("/api/v1/partners", kampungkb.Partner{Name: xt("unit"), Category: "lsm", ParentID: id(partner)})
	kampung := create("/api/v1/kampung", kampungkb.Kampung{Name: xt("kampung"), VillageCode: "52.03.13.2007", Coverage: "rw",
		CoverageDetail: xt("rw"), LaunchDate: kampungkb.MustDate("2020-01-01"), Criteria: []string{"lainnya"},
		CriteriaOther: xt("kriteria"), Description: xt("deskripsi-kampung")})
	create("/api/v1/kampung/"+kampung+"/profiles", kampungkb.Profile{AsOf: kampungkb.MustDate("2024-01-31"), PokjaExists: true,
		PokjaSK: true, PokjaSKNumber: xt("sk"), PokjaMembers: 3, PokjaTrainingNote: xt("pelatihan"), PKBAssigned: true,
		PKBName: xt("pkb"), PKBContact: xt("kontak-pkb"), Note: xt("catatan-profil"),
		Mechanisms: []kampungkb.Mechanism{{Code: "rapat_koordinasi", Frequency: "lainnya", FrequencyOther: xt("frekuensi")}}})
	var profiles []kampungkb.Profile
	if ps, err := db.Profiles(ctx, id(kampung)); err != nil || len(ps) != 1 {
		t.Fatalf("profiles: %v %v", ps, err)
	} else {
		profiles = ps
	}
	agreement := create("/api/v1/agreements", kampungkb.Agreement{Type: "mou", Number: xt("nomor"), Title: xt("perjanjian"),
		SignedOn: kampungkb.MustDate("2020-02-01"), Description: xt("pokok"),
		Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: id(partner), Signatory: xt("penanda-mitra")},
			{Kind: "pemda", Name: xt("pihak"), RegionCode: "52.03", Signatory: xt("penanda-pemda")}}})
	activity := create("/api/v1/activities", kampungkb.Activity{Title: xt("kegiatan"), Date: kampungkb.MustDate("2026-03-01"),
		Place: xt("tempat"), KampungIDs: []int64{id(kampung)}, Category: "ekonomi", Type: "pelatihan",
		PartnerIDs: []int64{id(partner)}, OtherInstitutions: xt("instansi"), ParticipantsFemale: 1,
		Attendees: []kampungkb.Attendee{{Name: xt("peserta"), Sex: "p", Role: xt("peran")}}, AgreementID: id(agreement),
		Description: xt("uraian"), Outcome: xt("hasil")})
	contribution := create("/api/v1/contributions", kampungkb.Contribution{PartnerID: id(partner), KampungID: id(kampung),
		ActivityID: id(activity), AgreementID: id(agreement), Kind: "barang", Amount: 1500000,
		Date: kampungkb.MustDate("2026-03-01"), Description: xt("kontribusi")})
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	if _, err := db.AddActivityPhoto(ctx, id(activity), "kegiatan", xt("keterangan-foto"),
		&kampungkb.File{Name: xt("berkas-foto") + ".png", ContentType: "image/png", Data: png, Size: int64(len(png))}); err != nil {
		t.Fatal(err)
	}
	fam := kampungkb.Family{FamilyID: "XSS1", VillageCode: "52.03.13.2007", Dusun: xt("dusun"), Address: xt("alamat-keluarga")}
	if err := db.CreateFamily(ctx, &fam); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMember(ctx, &kampungkb.Member{FamilyID: "XSS1", Name: xt("anggota"), Sex: "p", BirthDate: kampungkb.MustDate("1995-01-02")}, 0); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n")
	if _, err := db.AddAgreementDocument(ctx, id(agreement), xt("dokumen"),
		&kampungkb.File{Name: xt("berkas-dokumen") + ".pdf", ContentType: "application/pdf", Data: pdf, Size: int64(len(pdf))}); err != nil {
		t.Fatal(err)
	}

	base, bctx := browser(t, db, srv)
	u, _, err := db.UserByUsername(ctx, "admin-uji")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateToken(ctx, u.ID, xt("token"), auth.TokenHash("kkb_xss"), time.Hour); err != nil {
		t.Fatal(err)
	}

	// inspect checks the page open in the browser: nothing injected, and
	// each of want shown as text.
	inspect := func(what string, want ...string) {
		t.Helper()
		var bad []string
		var text string
		if err := chromedp.Run(bctx, chromedp.Evaluate(injectedJS, &bad), chromedp.Evaluate(textJS, &text)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for _, b := range bad {
			t.Errorf("%s: %s", what, b)
		}
		missing := false
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q is not shown as the text typed", what, shorten(w))
				missing = true
			}
		}
		if missing {
			t.Logf("%s shows:\n%s", what, strings.Join(strings.Fields(text), " "))
		}
	}
	// open opens path and inspects it; tags name the stored fields the
	// page must show.
	open := func(path string, tags ...string) {
		t.Helper()
		if err := chromedp.Run(bctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		want := []string{xss}
		for _, tag := range tags {
			want = append(want, xt(tag))
		}
		if len(tags) == 1 && tags[0] == "" {
			want = nil // a page that shows none of the payloads
		}
		inspect("GET "+path, want...)
	}
	const none = ""
	q := url.QueryEscape(xss)

	// Stored records: lists, show and edit pages.
	open("/", "kegiatan")
	open("/mitra", "mitra", "unit")
	open("/mitra/"+partner, "mitra", "alamat", "catatan", "kontak", "jabatan", "unit", "perjanjian", "kegiatan")
	open("/mitra/"+unit, "unit", "mitra")
	open("/mitra/"+partner+"/ubah", "mitra", "alamat", "catatan", "kontak", "jabatan")
	open("/kampung", "kampung")
	open("/kampung/"+kampung, "kampung", "rw", "kriteria", "deskripsi-kampung", "kegiatan", "sk", "pkb")
	open("/kampung/"+kampung+"/ubah", "kampung", "rw", "kriteria", "deskripsi-kampung")
	open("/kampung/"+kampung+"/profil", "kampung")
	open("/kampung/"+kampung+"/profil/"+itoa(profiles[0].ID), "sk", "pelatihan", "pkb", "kontak-pkb", "catatan-profil", "frekuensi")
	open("/kampung/"+kampung+"/profil/baru", "sk", "pelatihan", "pkb", "kontak-pkb", "catatan-profil", "frekuensi")
	open("/perjanjian", "perjanjian", "nomor", "mitra")
	open("/perjanjian/"+agreement, "perjanjian", "nomor", "pokok", "pihak", "penanda-mitra", "penanda-pemda", "dokumen", "berkas-dokumen")
	open("/perjanjian/"+agreement+"/ubah", "perjanjian", "nomor", "pokok", "pihak", "penanda-mitra", "penanda-pemda")
	open("/kegiatan", "kegiatan", "kampung", "mitra")
	open("/kegiatan/"+activity, "kegiatan", "tempat", "instansi", "peserta", "peran", "uraian", "hasil", "keterangan-foto", "kampung", "mitra", "perjanjian", "kontribusi")
	open("/kegiatan/"+activity+"/ubah", "kegiatan", "tempat", "instansi", "peserta", "peran", "uraian", "hasil")
	open("/kontribusi", "kontribusi", "mitra")
	open("/kontribusi/"+contribution, "kontribusi", "mitra", "kampung", "kegiatan", "perjanjian")
	open("/kontribusi/"+contribution+"/ubah", "kontribusi")
	open("/kontribusi/baru?activity="+activity, "kegiatan")
	open("/keluarga?region=52.03.13.2007", "dusun")
	open("/keluarga/XSS1", "dusun", "alamat-keluarga", "anggota")
	open("/keluarga/XSS1/ubah", "dusun", "alamat-keluarga")
	open("/keluarga/XSS1/anggota/1/ubah", "anggota")
	open("/cakupan?from=2026-01-01&to=2026-12-31", none)
	open("/cakupan/matriks?from=2026-01-01&to=2026-12-31", "mitra", "kampung")
	open("/cakupan/mitra?from=2026-01-01&to=2026-12-31", "mitra")
	open("/akun", none)
	inspect("GET /akun", xt("token")[:100]) // names of tokens are cut at 100 characters

	// Searches and region names typed into filters, and ids typed into
	// addresses: shown back in the form or in the error message.
	for _, p := range []string{"/mitra?q=" + q, "/kampung?q=" + q + "&region=" + q, "/kegiatan?q=" + q + "&region=" + q,
		"/kontribusi?q=" + q + "&region=" + q, "/perjanjian?q=" + q, "/wilayah?q=" + q, "/wilayah/52.03?q=" + q,
		"/cakupan?region=" + q, "/mitra/" + url.PathEscape(xss), "/kampung/" + kampung + "/profil/" + url.PathEscape(xss)} {
		open(p)
	}
	// Lists that take region codes only answer with an error page that
	// does not repeat the input.
	open("/perjanjian?region="+q, none)
	open("/mitra?region="+q, none)

	// Every form, submitted with the payload in every text field (so that
	// it returns with errors), and the filter forms.
	submit := func(path, form string, shown bool) {
		t.Helper()
		var n int
		err := chromedp.Run(bctx, chromedp.Navigate(base+path), chromedp.Evaluate(fmt.Sprintf(fillJS, form, xss), &n))
		if err != nil || n <= 0 {
			t.Fatalf("fill %s on %s: %d fields, %v", form, path, n, err)
		}
		waitNewPage(t, bctx)
		what := fmt.Sprintf("submit %s on %s (%d text fields)", form, path, n)
		if shown {
			inspect(what, xss)
		} else {
			inspect(what)
		}
	}
	for _, p := range []string{"/mitra/baru", "/mitra/" + partner + "/ubah", "/kampung/baru", "/kampung/" + kampung + "/ubah",
		"/kampung/" + kampung + "/profil/baru", "/perjanjian/baru", "/perjanjian/" + agreement + "/ubah", "/kegiatan/baru",
		"/kegiatan/" + activity + "/ubah", "/kontribusi/baru", "/kontribusi/" + contribution + "/ubah",
		"/keluarga/baru", "/keluarga/XSS1/ubah", "/keluarga/XSS1/anggota/baru", "/keluarga/XSS1/anggota/1/ubah"} {
		submit(p, "form.form", true)
	}
	submit("/akun", "form.form", false) // the token is made; its name is cut (checked above)
	submit("/kegiatan/"+activity, "form.upload", true)
	submit("/perjanjian/"+agreement, "form.upload", true)
	for _, p := range []string{"/kampung", "/kegiatan", "/kontribusi", "/cakupan", "/keluarga", "/indikator"} {
		submit(p, "form.filters", true)
	}
	submit("/mitra", "form.filters", false)
	submit("/perjanjian", "form.filters", false)
	submit("/wilayah", "form.search", true)
}

// waitNewPage waits until the page a form submission leads to has loaded
// (the old page's marker window.__old is gone).
func waitNewPage(t *testing.T, ctx context.Context) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var done bool
		err := chromedp.Run(ctx, chromedp.Evaluate(`window.__old === undefined && document.readyState === "complete"`, &done))
		if err == nil && done {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the page after submitting the form did not load")
}
