package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// agreementServer returns a server and two partners, with the database's
// clock fixed at the server's (2026-11-28), so that statuses computed in
// SQL and on pages agree.
func agreementServer(t *testing.T, db *sqldb.DB) (http.Handler, kampungkb.Partner, kampungkb.Partner) {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	srv := newServer(t, db)
	nw := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"52"}}
	zakat := kampungkb.Partner{Name: "Rumah Zakat", Category: "lsm", Regions: []string{"52.03"}}
	for _, p := range []*kampungkb.Partner{&nw, &zakat} {
		if err := db.CreatePartner(t.Context(), p); err != nil {
			t.Fatal(err)
		}
	}
	return srv, nw, zakat
}

// mustAgreement stores an agreement between partner and DP3AKB Lombok Timur.
func mustAgreement(t *testing.T, db *sqldb.DB, typ, title, from, to string, partner, parent int64) kampungkb.Agreement {
	t.Helper()
	a := kampungkb.Agreement{Type: typ, Title: title, SignedOn: kampungkb.MustDate(from), ParentID: parent,
		Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: partner},
			{Kind: "opd_kb", Name: "DP3AKB Kabupaten Lombok Timur", RegionCode: "52.03"}}}
	if to != "" {
		a.ValidTo = kampungkb.MustDate(to)
	}
	if err := db.CreateAgreement(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func agreementCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	_, total, err := db.Agreements(t.Context(), kampungkb.Filter{Archived: true})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func agreementForm(partner int64) url.Values {
	return url.Values{
		"type": {"mou"}, "number": {"01/MoU/NW/2019"}, "title": {"Pembinaan Kampung KB <NTB>"},
		"signed_on": {"2019-12-10"}, "valid_from": {"2019-12-10"}, "valid_to": {"2024-12-09"},
		"party_kind":      {"mitra", "bkkbn", ""},
		"party_partner":   {itoa(partner), "", ""},
		"party_kampung":   {"", "", ""},
		"party_region":    {"", "52", ""},
		"party_name":      {"", "BKKBN Perwakilan Provinsi NTB", ""},
		"party_signatory": {"Ketua PW Muslimat NW", "Kepala Perwakilan", ""},
		"functions":       {"pendidikan", "reproduksi"},
		"program_areas":   {"stunting"},
		"description":     {"Pokok kerja sama"},
	}
}

func TestAgreementFormKeepsTypedValuesOnError(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, nw, _ := agreementServer(t, db)
		v := agreementForm(nw.ID)
		v.Set("valid_to", "2019-01-01")
		r := postForm(t, srv, "/perjanjian", v)
		if r.Code != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400\n%s", r.Code, r.Body)
		}
		for _, want := range []string{
			"Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku.", `href="#f-valid_to"`, `id="f-valid_to-err"`,
			`value="2019-01-01"`, `value="2019-12-10"`, `value="01/MoU/NW/2019"`, `value="Pembinaan Kampung KB &lt;NTB&gt;"`,
			`<input type="radio" name="type" value="mou" checked>`,
			`<option value="` + itoa(nw.ID) + `" selected>Muslimat NW</option>`, `<option value="bkkbn" selected>`,
			`value="BKKBN Perwakilan Provinsi NTB"`, `value="Kepala Perwakilan"`, `value="Ketua PW Muslimat NW"`,
			`name="party_region" value="52"`, `value="reproduksi" checked`, `value="stunting" checked`, "Pokok kerja sama",
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("form page lacks %s", want)
			}
		}
		// Two typed party rows plus two empty ones.
		if n := strings.Count(r.Body, `name="party_kind"`); n != 4 {
			t.Errorf("%d party rows, want 4", n)
		}
		if n := agreementCount(t, db); n != 0 {
			t.Errorf("%d agreements stored after a failed form", n)
		}

		// Decode problems and validation problems show together.
		v = agreementForm(nw.ID)
		v.Set("title", "")
		v["party_kind"] = []string{"mitra", "", ""}
		v["party_kampung"] = []string{"", "", "dua belas"}
		r = postForm(t, srv, "/perjanjian", v)
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "Judul perjanjian wajib diisi.") ||
			!strings.Contains(r.Body, "Pilih jenis pihak") || !strings.Contains(r.Body, `value="dua belas"`) {
			t.Errorf("decode problems: %d\n%s", r.Code, r.Body)
		}
	})
}

func TestAgreementCreateMoUAndPKSThroughForms(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, nw, _ := agreementServer(t, db)
		// A desa named "Lombok Timur" in Lampung must not win over the
		// kabupaten when a government party's region is typed by name.
		testutil.MustLoadRegions(t, db, "18.04.22.2004")
		nf := do(t, srv, "GET", "/perjanjian/baru?partner="+itoa(nw.ID), nil)
		if nf.Code != 200 || !strings.Contains(nf.Body, `<option value="`+itoa(nw.ID)+`" selected>`) ||
			!strings.Contains(nf.Body, "Untuk PKS yang melaksanakan MoU") {
			t.Errorf("new form with partner: %d\n%s", nf.Code, nf.Body)
		}
		v := agreementForm(nw.ID)
		v.Set("valid_to", "")
		r := postForm(t, srv, "/perjanjian", v)
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/perjanjian/") {
			t.Fatalf("create MoU: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		mouURL := r.Header.Get("Location")
		mouID := strings.TrimPrefix(mouURL, "/perjanjian/")

		nf = do(t, srv, "GET", "/perjanjian/baru?parent="+mouID, nil)
		for _, want := range []string{`<option value="` + mouID + `" selected>MoU 01/MoU/NW/2019`,
			`<input type="radio" name="type" value="pks" checked>`, `<option value="` + itoa(nw.ID) + `" selected>`} {
			if !strings.Contains(nf.Body, want) {
				t.Errorf("new PKS form lacks %s", want)
			}
		}
		r = postForm(t, srv, "/perjanjian", url.Values{
			"type": {"pks"}, "title": {"PKS Penyuluhan KB di Lombok Timur"}, "signed_on": {"2025-01-13"},
			"valid_to": {"2027-01-12"}, "parent_id": {mouID},
			"party_kind": {"mitra", "opd_kb"}, "party_partner": {itoa(nw.ID), ""}, "party_kampung": {"", ""},
			"party_region": {"", "Lombok Timur"}, "party_name": {"", "DP3AKB Kabupaten Lombok Timur"},
			"party_signatory": {"", "Kepala Dinas"},
		})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("create PKS: %d\n%s", r.Code, r.Body)
		}
		pks := do(t, srv, "GET", r.Header.Get("Location"), nil)
		for _, want := range []string{"PKS Penyuluhan KB di Lombok Timur", `href="` + mouURL + `"`, "Akan berakhir",
			"berakhir dalam 45 hari", "13 Januari 2025 – 12 Januari 2027", `href="/mitra/` + itoa(nw.ID) + `"`,
			`href="/wilayah/52.03">Kabupaten Lombok Timur</a>`, "DP3AKB Kabupaten Lombok Timur", `action="/perjanjian/`, "data-confirm="} {
			if !strings.Contains(pks.Body, want) {
				t.Errorf("PKS page lacks %s", want)
			}
		}
		mou := do(t, srv, "GET", mouURL, nil)
		for _, want := range []string{"Pembinaan Kampung KB &lt;NTB&gt;", "PKS Penyuluhan KB di Lombok Timur",
			`href="/perjanjian/baru?parent=` + mouID + `"`, "tanpa batas akhir", "Sosialisasi dan Pendidikan",
			`href="/kegiatan?agreement=` + mouID + `"`, "BKKBN Perwakilan Provinsi NTB"} {
			if !strings.Contains(mou.Body, want) {
				t.Errorf("MoU page lacks %s", want)
			}
		}
		edit := do(t, srv, "GET", mouURL+"/ubah", nil)
		if !strings.Contains(edit.Body, `value="BKKBN Perwakilan Provinsi NTB"`) || !strings.Contains(edit.Body, `name="version" value="1"`) {
			t.Errorf("edit form lacks the parties or version:\n%s", edit.Body)
		}
		// A stale form is refused; the typed values stay.
		v.Set("version", "7")
		v.Set("title", "Judul baru")
		r = postForm(t, srv, mouURL, v)
		if r.Code != http.StatusConflict || !strings.Contains(r.Body, `value="Judul baru"`) {
			t.Errorf("stale edit: %d", r.Code)
		}
		v.Set("version", "1")
		if r = postForm(t, srv, mouURL, v); r.Code != http.StatusSeeOther {
			t.Errorf("edit: %d\n%s", r.Code, r.Body)
		}
		// Deleting the MoU is refused while the PKS implements it.
		r = postForm(t, srv, mouURL+"/hapus", nil)
		if r.Code != http.StatusConflict || !strings.Contains(r.Body, "Arsipkan") || !strings.Contains(r.Body, "Judul baru") {
			t.Errorf("delete MoU with PKS: %d\n%s", r.Code, r.Body)
		}
		if r = postForm(t, srv, mouURL+"/arsip", url.Values{"archived": {"1"}}); r.Code != http.StatusSeeOther {
			t.Errorf("archive: %d", r.Code)
		}
		if l := do(t, srv, "GET", "/perjanjian", nil); strings.Contains(l.Body, ">Judul baru</a>") || !strings.Contains(l.Body, "melaksanakan Judul baru") {
			t.Errorf("archived MoU listed")
		}
	})
}

func TestAgreementListFilterAndDownload(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, nw, zakat := agreementServer(t, db)
		mou := mustAgreement(t, db, "mou", "MoU Pembinaan Kampung KB", "2019-12-10", "", nw.ID, 0)
		mustAgreement(t, db, "pks", "PKS Penyuluhan", "2025-01-13", "2027-01-12", nw.ID, mou.ID)
		mustAgreement(t, db, "pks", "PKS Lama", "2019-12-10", "2024-12-09", zakat.ID, 0)

		all := do(t, srv, "GET", "/perjanjian", nil)
		for _, want := range []string{"Menampilkan 1–3 dari 3", "10 Desember 2019 –</span> <span class=\"nowrap\">9 Desember 2024", `class="tag berakhir"`,
			`class="tag akan_berakhir"`, `class="tag berlaku"`, "Rumah Zakat"} {
			if !strings.Contains(all.Body, want) {
				t.Errorf("list lacks %s", want)
			}
		}
		r := do(t, srv, "GET", "/perjanjian?status=akan_berakhir", nil)
		if !strings.Contains(r.Body, "PKS Penyuluhan") || strings.Contains(r.Body, "PKS Lama") ||
			!strings.Contains(r.Body, "Menampilkan 1–1 dari 1") || !strings.Contains(r.Body, `<option value="akan_berakhir" selected>`) {
			t.Errorf("status filter:\n%s", r.Body)
		}
		r = do(t, srv, "GET", "/perjanjian?partner="+itoa(zakat.ID), nil)
		if !strings.Contains(r.Body, "PKS Lama") || strings.Contains(r.Body, "PKS Penyuluhan") {
			t.Errorf("partner filter:\n%s", r.Body)
		}
		csv := do(t, srv, "GET", "/perjanjian?status=berakhir&format=csv", nil)
		lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
		if csv.Code != 200 || len(lines) != 2 || !strings.HasPrefix(lines[0], "id,jenis,nomor,judul,tanggal_ttd") ||
			!strings.Contains(lines[1], "PKS Lama,2019-12-10,2019-12-10,2024-12-09,Berakhir,Rumah Zakat") {
			t.Errorf("csv = %d %q", csv.Code, csv.Body)
		}
		if x := do(t, srv, "GET", "/perjanjian?format=xlsx", nil); x.Code != 200 || !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("xlsx: %d", x.Code)
		}
		if r := do(t, srv, "GET", "/perjanjian?status=entah", nil); r.Code != http.StatusBadRequest {
			t.Errorf("unknown status: %d", r.Code)
		}
	})
}

// postFile posts a multipart form with one file part whose client-side
// type is contentType.
func postFile(t *testing.T, h http.Handler, target, filename, contentType string, data []byte, fields ...string) resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if filename != "" {
		hdr := textproto.MIMEHeader{}
		quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(filename)
		hdr.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoted))
		hdr.Set("Content-Type", contentType)
		pw, err := mw.CreatePart(hdr)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(data)
	}
	mw.Close()
	return do(t, h, "POST", target, &buf, "Content-Type", mw.FormDataContentType())
}

// smallPDF is a minimal one-page PDF.
const smallPDF = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
	"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n" +
	"trailer <</Root 1 0 R>>\n%%EOF\n"

func TestAgreementDocumentUpload(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, nw, _ := agreementServer(t, db)
		a := mustAgreement(t, db, "mou", "MoU Pembinaan", "2019-12-10", "", nw.ID, 0)
		base := "/perjanjian/" + itoa(a.ID)
		docs := func() []kampungkb.Document {
			got, err := db.Agreement(t.Context(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Documents
		}

		r := postFile(t, srv, base+"/dokumen", `C:\Scan\naskah "mou".pdf`, "application/octet-stream", []byte(smallPDF), "title", "Naskah MoU")
		if r.Code != http.StatusSeeOther {
			t.Fatalf("upload pdf: %d\n%s", r.Code, r.Body)
		}
		d := docs()
		if len(d) != 1 || d[0].ContentType != "application/pdf" || d[0].Name != "naskah mou.pdf" || d[0].Title != "Naskah MoU" {
			t.Fatalf("documents = %+v", d)
		}
		f := do(t, srv, "GET", "/berkas/"+itoa(d[0].FileID), nil)
		if f.Code != 200 || f.Body != smallPDF || f.Header.Get("Content-Type") != "application/pdf" ||
			f.Header.Get("Content-Disposition") != `inline; filename="naskah mou.pdf"` || f.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d %v", f.Code, f.Header)
		}
		show := do(t, srv, "GET", base, nil)
		if !strings.Contains(show.Body, `href="/berkas/`+itoa(d[0].FileID)+`"`) || !strings.Contains(show.Body, `accept=".pdf,image/*"`) {
			t.Errorf("show page lacks the document link or upload form")
		}

		for _, c := range []struct {
			name, filename string
			data           []byte
			want           string
		}{
			{"html as pdf", "naskah.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), "Jenis berkas tidak diterima (text/html)"},
			{"exe as pdf", "naskah.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...), "Jenis berkas tidak diterima"},
			{"empty", "kosong.pdf", nil, "Berkas kosong."},
			{"oversize", "besar.pdf", append([]byte("%PDF-1.4\n"), make([]byte, kampungkb.MaxDocumentSize)...), "Berkas terlalu besar: paling besar 10 MB."},
			{"body over the limit", "besar.pdf", append([]byte("%PDF-1.4\n"), make([]byte, kampungkb.MaxDocumentSize+2<<20)...), "Berkas terlalu besar: paling besar 10 MB."},
			{"no file", "", nil, "Pilih berkas"},
		} {
			r := postFile(t, srv, base+"/dokumen", c.filename, "application/pdf", c.data, "title", "Judul <ketik>")
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, `aria-invalid="true"`) ||
				!strings.Contains(r.Body, "MoU Pembinaan") {
				t.Errorf("%s: %d, want 400 with %q\n%.2000s", c.name, r.Code, c.want, r.Body)
			}
			if c.name == "html as pdf" && !strings.Contains(r.Body, `value="Judul &lt;ketik&gt;"`) {
				t.Errorf("%s: typed title not kept", c.name)
			}
		}
		if n := len(docs()); n != 1 {
			t.Errorf("%d documents after refused uploads, want 1", n)
		}

		// API: the same checks, 201 with the document.
		r = postFile(t, srv, "/api/v1/agreements/"+itoa(a.ID)+"/documents", "foto.jpg", "image/jpeg", []byte(smallPDF))
		var doc kampungkb.Document
		if err := json.Unmarshal([]byte(r.Body), &doc); r.Code != http.StatusCreated || err != nil || doc.ContentType != "application/pdf" ||
			doc.Name != "foto.jpg.pdf" || doc.Title != "foto.jpg" {
			t.Errorf("api upload: %d %s", r.Code, r.Body)
		}
		if f := do(t, srv, "GET", "/api/v1/files/"+itoa(doc.FileID), nil); f.Code != 200 || f.Body != smallPDF {
			t.Errorf("api file: %d", f.Code)
		}
		r = postFile(t, srv, "/api/v1/agreements/"+itoa(a.ID)+"/documents", "x.pdf", "application/pdf", []byte("<html></html>"))
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, `"invalid"`) || !strings.Contains(r.Body, `"file"`) {
			t.Errorf("api disguised upload: %d %s", r.Code, r.Body)
		}
		if r := postJSON(t, srv, "POST", "/api/v1/agreements/"+itoa(a.ID)+"/documents", `{}`); r.Code != http.StatusBadRequest {
			t.Errorf("api upload without multipart: %d", r.Code)
		}
		if r := do(t, srv, "DELETE", "/api/v1/agreements/"+itoa(a.ID)+"/documents/"+itoa(doc.ID), nil); r.Code != http.StatusNoContent {
			t.Errorf("api delete document: %d %s", r.Code, r.Body)
		}
		if f := do(t, srv, "GET", "/api/v1/files/"+itoa(doc.FileID), nil); f.Code != 404 || !strings.Contains(f.Body, `"not_found"`) {
			t.Errorf("deleted file: %d %s", f.Code, f.Body)
		}

		r = postForm(t, srv, base+"/dokumen/"+itoa(d[0].ID)+"/hapus", nil)
		if r.Code != http.StatusSeeOther || len(docs()) != 0 {
			t.Errorf("remove document: %d, %d left", r.Code, len(docs()))
		}
		if f := do(t, srv, "GET", "/berkas/"+itoa(d[0].FileID), nil); f.Code != 404 {
			t.Errorf("removed file still served: %d", f.Code)
		}
	})
}

func TestAPIAgreements(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, nw, _ := agreementServer(t, db)
		body := `{"type":"mou","number":"01/MoU/NW/2019","title":"MoU Pembinaan Kampung KB","signed_on":"2019-12-10",
			"parties":[{"kind":"mitra","partner_id":` + itoa(nw.ID) + `},{"kind":"bkkbn","name":"BKKBN Perwakilan Provinsi NTB","region_code":"52"}],
			"functions":["reproduksi"],"program_areas":["stunting"]}`
		r := postJSON(t, srv, "POST", "/api/v1/agreements", body)
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var mou kampungkb.Agreement
		json.Unmarshal([]byte(r.Body), &mou)
		if mou.ID == 0 || mou.Version != 1 || mou.ValidFrom.String() != "2019-12-10" || mou.Parties[0].Name != "Muslimat NW" ||
			r.Header.Get("Location") != "/api/v1/agreements/"+itoa(mou.ID) {
			t.Errorf("created %+v", mou)
		}
		for _, c := range []struct{ name, body string }{
			{"unknown field", `{"type":"mou","title":"X","kolom":1}`},
			{"malformed", `{"type":`},
			{"validation", `{"type":"mou","title":"X","signed_on":"2020-01-01","valid_to":"2019-01-01"}`},
		} {
			r := postJSON(t, srv, "POST", "/api/v1/agreements", c.body)
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, `"code":"invalid"`) {
				t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
			}
		}
		if n := agreementCount(t, db); n != 1 {
			t.Errorf("bad requests stored something: %d agreements", n)
		}

		pks := `{"type":"pks","title":"PKS Penyuluhan","signed_on":"2025-01-13","valid_to":"2027-01-12","parent_id":` + itoa(mou.ID) + `,
			"parties":[{"kind":"mitra","partner_id":` + itoa(nw.ID) + `},{"kind":"opd_kb","name":"DP3AKB Lombok Timur","region_code":"5203"}]}`
		if r := postJSON(t, srv, "POST", "/api/v1/agreements", pks); r.Code != http.StatusCreated {
			t.Fatalf("create PKS: %d %s", r.Code, r.Body)
		}

		stale := postJSON(t, srv, "PUT", "/api/v1/agreements/"+itoa(mou.ID), strings.Replace(body, `"title":"MoU`, `"version":9,"title":"MoU`, 1))
		if stale.Code != http.StatusConflict || !strings.Contains(stale.Body, `"code":"conflict"`) {
			t.Errorf("stale put: %d %s", stale.Code, stale.Body)
		}
		ok := postJSON(t, srv, "PUT", "/api/v1/agreements/"+itoa(mou.ID), strings.Replace(body, `"title":"MoU`, `"version":1,"title":"MoU baru`, 1))
		if ok.Code != http.StatusOK || !strings.Contains(ok.Body, `"version":2`) || !strings.Contains(ok.Body, `"children":[`) {
			t.Errorf("put: %d %s", ok.Code, ok.Body)
		}

		list := do(t, srv, "GET", "/api/v1/agreements?status=akan_berakhir", nil)
		var l struct {
			Items []map[string]any
			Total int
		}
		if err := json.Unmarshal([]byte(list.Body), &l); err != nil || l.Total != 1 || len(l.Items) != 1 ||
			l.Items[0]["status"] != "akan_berakhir" || l.Items[0]["title"] != "PKS Penyuluhan" {
			t.Errorf("list: %s", list.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/agreements?status=entah", nil); r.Code != http.StatusBadRequest {
			t.Errorf("unknown status: %d", r.Code)
		}

		del := do(t, srv, "DELETE", "/api/v1/agreements/"+itoa(mou.ID), nil)
		if del.Code != http.StatusConflict || !strings.Contains(del.Body, `"code":"conflict"`) || !strings.Contains(del.Body, "PKS") {
			t.Errorf("delete MoU with a PKS: %d %s", del.Code, del.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/agreements/"+itoa(mou.ID), nil); r.Code != 200 {
			t.Errorf("MoU gone after a refused delete: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/api/v1/agreements/999", nil); r.Code != 404 || !strings.Contains(r.Body, `"not_found"`) {
			t.Errorf("missing: %d %s", r.Code, r.Body)
		}
	})
}
