package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// flashOf returns the flash message a redirect sets.
func flashOf(r resp) string {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "kkb_flash" {
			v, _ := url.QueryUnescape(c.Value)
			return v
		}
	}
	return ""
}

func TestFamilyAndMemberForms(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := childServer(t, db, fakeScorer)
		ctx := kampungkb.WithActor(context.Background(), testAdmin)

		// bad input: every problem at its field, what was typed kept
		r := postForm(t, srv, "/keluarga", url.Values{"no_kk": {"5203 1234"}, "village": {""}, "dusun": {"Dasan Baru"},
			"welfare_decile": {"12"}, "water_source": {"sumur_bor"}})
		for _, want := range []string{"Nomor KK harus 16 angka", "desa/kelurahan wajib diisi", "Desil kesejahteraan harus 1–10",
			`value="Dasan Baru"`, `value="sumur_bor" selected`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("family form without %q", want)
			}
		}
		if r.Code != http.StatusBadRequest {
			t.Fatalf("bad family: %d", r.Code)
		}

		// a family without an id gets one from its village
		r = postForm(t, srv, "/keluarga", url.Values{"no_kk": {"5203131204150001"}, "village": {"Tumbuh Mulia"}, "dusun": {"Dasan Baru"},
			"rt": {"002"}, "water_source": {"sumur_tak_terlindungi"}, "toilet": {"tanpa_septik"}})
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/keluarga/5203132007-W00001/anggota/baru" {
			t.Fatalf("create family: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		fid := "5203132007-W00001"
		if r := postForm(t, srv, "/keluarga", url.Values{"family_id": {fid}, "village": {"52.03.13.2007"}}); r.Code != http.StatusBadRequest ||
			!strings.Contains(r.Body, "sudah dipakai") {
			t.Errorf("duplicate family id: %d", r.Code)
		}

		// members: field messages, then a NIK that disagrees is saved with a warning
		r = postForm(t, srv, "/keluarga/"+fid+"/anggota", url.Values{"name": {""}, "sex": {"l"}, "birth_date": {"2030-01-01"},
			"pregnant": {"y"}, "nik": {"52031312"}, "marriage_age": {"dua"}, "version": {"1"}})
		for _, want := range []string{"Nama wajib diisi", "masa depan", "Hanya perempuan", "NIK harus 16 angka", "angka bulat", `value="52031312"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("member form without %q", want)
			}
		}
		r = postForm(t, srv, "/keluarga/"+fid+"/anggota", url.Values{"name": {"Baiq Aminah"}, "sex": {"p"}, "birth_date": {"2002-03-04"},
			"relation": {"istri"}, "marital_status": {"kawin"}, "marriage_age": {"17"}, "children_born": {"2"},
			"last_birth_date": {"2026-01-10"}, "kb_reason": {"iat"}, "nik": {"5203134403030001"}, "version": {"1"}})
		if r.Code != http.StatusSeeOther || !strings.Contains(flashOf(r), "Perhatian") {
			t.Fatalf("member with a disagreeing NIK: %d %q\n%s", r.Code, flashOf(r), r.Body)
		}
		// a stale version is refused (someone else changed the family)
		if r := postForm(t, srv, "/keluarga/"+fid+"/anggota", url.Values{"name": {"Lalu Ahmad"}, "sex": {"l"},
			"birth_date": {"1998-05-06"}, "version": {"1"}}); r.Code != http.StatusConflict {
			t.Errorf("stale family version: %d", r.Code)
		}
		fam, err := db.Family(ctx, fid)
		if err != nil || len(fam.Members) != 1 || fam.Version != 2 {
			t.Fatalf("family after one member: %+v %v", fam, err)
		}
		r = postForm(t, srv, "/keluarga/"+fid+"/anggota", url.Values{"name": {"Lalu Ahmad"}, "sex": {"l"}, "relation": {"kepala"},
			"birth_date": {"1998-05-06"}, "marital_status": {"kawin"}, "version": {"2"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("second member: %d\n%s", r.Code, r.Body)
		}
		r = postForm(t, srv, "/keluarga/"+fid+"/anggota", url.Values{"name": {"Zahra"}, "sex": {"p"}, "relation": {"anak"},
			"birth_date": {"2026-01-10"}, "version": {"3"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("third member: %d\n%s", r.Code, r.Body)
		}

		// the family page: KRS with its reasons, a link to start the balita's growth record
		page := do(t, srv, "GET", "/keluarga/"+fid, nil).Body
		for _, want := range []string{"Berisiko stunting", "Sumber air minum tidak layak", "Terlalu dekat",
			"/keluarga/" + fid + "/anggota/1/ubah", "/anak/baru?family=" + fid + "&amp;member=3", "5203••••••••0001"} {
			if !strings.Contains(page, want) {
				t.Errorf("family page without %q", want)
			}
		}
		form := do(t, srv, "GET", "/anak/baru?family="+fid+"&member=3", nil).Body
		if !strings.Contains(form, `value="Zahra"`) || !strings.Contains(form, `value="Baiq Aminah"`) || !strings.Contains(form, `name="family_id" value="`+fid+`"`) {
			t.Fatalf("child form from a member:\n%s", form)
		}
		r = postForm(t, srv, "/anak", url.Values{"name": {"Zahra"}, "sex": {"p"}, "birth_date": {"2026-01-10"}, "village": {"52.03.13.2007"},
			"family_id": {fid}, "member_no": {"3"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("child from member: %d\n%s", r.Code, r.Body)
		}
		childURL := r.Header.Get("Location")
		if r := postForm(t, srv, "/anak", url.Values{"name": {"Zahra"}, "sex": {"p"}, "birth_date": {"2026-01-10"},
			"village": {"52.03.13.2007"}, "family_id": {fid}, "member_no": {"3"}}); r.Code != http.StatusConflict {
			t.Errorf("second child record of one member: %d", r.Code)
		}
		if page := do(t, srv, "GET", "/keluarga/"+fid, nil).Body; !strings.Contains(page, `href="`+childURL+`"`) {
			t.Errorf("family page does not link the growth page %s", childURL)
		}
		if page := do(t, srv, "GET", childURL, nil).Body; !strings.Contains(page, `href="/keluarga/`+fid+`"`) {
			t.Errorf("growth page does not link the family")
		}
		if r := postForm(t, srv, childURL+"/pengukuran", url.Values{"date": {"2026-11-01"}, "weight_kg": {"7,5"}, "lenhei_cm": {"66"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("measurement: %d\n%s", r.Code, r.Body)
		}

		// editing a member: the name follows to the child record; a birth
		// date change is refused once z-scores were computed from it
		r = postForm(t, srv, "/keluarga/"+fid+"/anggota/3", url.Values{"name": {"Zahra Aulia"}, "sex": {"p"}, "relation": {"anak"},
			"birth_date": {"2026-01-10"}, "version": {"4"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("rename member: %d\n%s", r.Code, r.Body)
		}
		if page := do(t, srv, "GET", childURL, nil).Body; !strings.Contains(page, "Zahra Aulia") {
			t.Error("child record did not follow the member's name")
		}
		r = postForm(t, srv, "/keluarga/"+fid+"/anggota/3", url.Values{"name": {"Zahra Aulia"}, "sex": {"p"}, "relation": {"anak"},
			"birth_date": {"2026-02-10"}, "version": {"5"}})
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "z-skor") || !strings.Contains(r.Body, `value="2026-02-10"`) {
			t.Errorf("birth date change under measurements: %d", r.Code)
		}

		// deleting: refused for a member with a growth record, done otherwise
		if r := postForm(t, srv, "/keluarga/"+fid+"/anggota/3/hapus", url.Values{"version": {"5"}}); r.Code != http.StatusConflict {
			t.Errorf("delete member with a child record: %d", r.Code)
		}
		if r := postForm(t, srv, "/keluarga/"+fid+"/anggota/2/hapus", url.Values{"version": {"5"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("delete member: %d\n%s", r.Code, r.Body)
		}
		// the family's own fields; its id does not change
		r = postForm(t, srv, "/keluarga/"+fid, url.Values{"family_id": {"LAIN"}, "village": {"52.03.13.2007"}, "water_source": {"ledeng"},
			"toilet": {"sendiri_septik"}, "version": {"6"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("update family: %d\n%s", r.Code, r.Body)
		}
		fam, err = db.Family(ctx, fid)
		if err != nil || len(fam.Members) != 2 || fam.WaterSource != "ledeng" || fam.Version != 7 {
			t.Fatalf("family after edits: %+v %v", fam, err)
		}
		entries, _, err := db.AuditEntries(ctx, sqldb.AuditFilter{Entity: "member", Limit: 20})
		if err != nil || len(entries) < 5 {
			t.Errorf("member changes audited: %d %v", len(entries), err)
		}
	})
}

// uploadCSV sends a file to the import page as actor a, the fields in page
// order.
func uploadCSV(t *testing.T, h http.Handler, a kampungkb.Actor, kind string, dry bool, name, content string) resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	if dry {
		mw.WriteField("dry_run", "1")
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", "/impor", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req = req.WithContext(kampungkb.WithActor(req.Context(), a))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.String()}
}

func TestImportUploadPage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := childServer(t, db, fakeScorer)
		ctx := kampungkb.WithActor(context.Background(), testAdmin)
		count := func() int {
			_, n, err := db.Families(ctx, kampungkb.Filter{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		bad := "family_id,village_code,no_kk,water_source\nA1,52.03.13.2007,123,sumur_bor\nA2,52.03.99.9999,,ledeng\nA3,52.03.13.2007,,\n"
		r := uploadCSV(t, srv, testAdmin, "families", false, "keluarga.csv", bad)
		for _, want := range []string{"keluarga.csv:2: no_kk: Nomor KK harus 16 angka", "keluarga.csv:3: village_code:", "Tidak ada data yang berubah"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("bad upload without %q", want)
			}
		}
		if r.Code != http.StatusBadRequest || count() != 0 {
			t.Fatalf("bad upload: %d, %d families", r.Code, count())
		}
		good := "family_id,village_code,dusun,water_source,toilet\nA1,52.03.13.2007,Dasan,sumur_bor,sendiri_septik\nA2,52.03.13.2001,,ledeng,\n"
		r = uploadCSV(t, srv, testAdmin, "families", true, "keluarga.csv", good)
		if r.Code != http.StatusOK || !strings.Contains(r.Body, "2 akan ditambahkan") || count() != 0 {
			t.Fatalf("dry run: %d %d\n%s", r.Code, count(), r.Body)
		}
		r = uploadCSV(t, srv, testAdmin, "families", false, "keluarga.csv", good)
		if r.Code != http.StatusOK || !strings.Contains(r.Body, "2 baru") || count() != 2 {
			t.Fatalf("import: %d %d\n%s", r.Code, count(), r.Body)
		}
		if r = uploadCSV(t, srv, testAdmin, "families", false, "keluarga.csv", good); !strings.Contains(r.Body, "2 tidak berubah") {
			t.Errorf("re-import changed something:\n%s", r.Body)
		}
		// a cadre of Tumbuh Mulia cannot import rows of Anjani
		kader := kampungkb.Actor{Username: "kader", Role: kampungkb.RoleKader, ViewRegion: "52.03.13.2007", CaptureRegions: []string{"52.03.13.2007"}}
		if r := uploadCSV(t, srv, kader, "families", false, "k.csv", good); r.Code != http.StatusForbidden {
			t.Errorf("kader may not import: %d", r.Code)
		}
		pkb := kampungkb.Actor{Username: "pkb", Role: kampungkb.RolePKB, ViewRegion: "52.03.13", CaptureRegions: []string{"52.03.13.2007"}}
		members := "family_id,member_no,name,sex,birth_date\nA1,1,Siti,p,1995-01-02\nA2,1,Rini,p,1996-01-02\n"
		r = uploadCSV(t, srv, pkb, "members", false, "anggota.csv", members)
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "anggota.csv:3: family_id: desa 52.03.13.2001 di luar wilayah kerja Anda") ||
			strings.Contains(r.Body, "anggota.csv:2:") {
			t.Errorf("out-of-scope row: %d\n%s", r.Code, r.Body)
		}
		// a missing kind keeps the form and says what to choose
		if r := uploadCSV(t, srv, testAdmin, "", false, "x.csv", good); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "Pilih jenis berkas") {
			t.Errorf("no kind: %d", r.Code)
		}

		// the same import as an API call
		r = do(t, srv, "POST", "/api/v1/imports/members", strings.NewReader(members), "Content-Type", "text/csv")
		var ok struct {
			Inserted int `json:"inserted"`
		}
		if r.Code != http.StatusOK || json.Unmarshal([]byte(r.Body), &ok) != nil || ok.Inserted != 2 {
			t.Fatalf("api import: %d %s", r.Code, r.Body)
		}
		r = do(t, srv, "POST", "/api/v1/imports/members?dry_run=1", strings.NewReader("family_id,member_no,name,sex,birth_date\nA9,1,X,q,2030-01-01\n"), "Content-Type", "text/csv")
		var fail struct {
			Error struct {
				Code string `json:"code"`
				Rows []struct {
					Line   int    `json:"line"`
					Column string `json:"column"`
				} `json:"rows"`
			} `json:"error"`
		}
		if r.Code != http.StatusBadRequest || json.Unmarshal([]byte(r.Body), &fail) != nil || fail.Error.Code != "invalid" || len(fail.Error.Rows) < 3 ||
			fail.Error.Rows[0].Line != 2 {
			t.Errorf("api import with bad rows: %d %s", r.Code, r.Body)
		}
	})
}
