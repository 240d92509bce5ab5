package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

const trainingTitle = "Pelatihan membuat aksesoris (kalung, gelang, gantungan kunci)"

// activityServer returns a server with Kampung KB Tumbuh Jaya (Desa Tumbuh
// Mulia, Kecamatan Suralaga) and the partner Rumah Kreatif BUMN Pertamina
// Pancor, with the database's clock at the server's (2026-11-28).
func activityServer(t *testing.T, db *sqldb.DB) (http.Handler, kampungkb.Kampung, kampungkb.Partner) {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	srv := newServer(t, db)
	k := mustKampung(t, db, "Tumbuh Jaya", "52.03.13.2007")
	rkb := kampungkb.Partner{Name: "Rumah Kreatif BUMN Pertamina Pancor", Category: "bumn_bumd", Regions: []string{"52.03"}}
	if err := db.CreatePartner(t.Context(), &rkb); err != nil {
		t.Fatal(err)
	}
	return srv, k, rkb
}

func mustKampung(t *testing.T, db *sqldb.DB, name, village string) kampungkb.Kampung {
	t.Helper()
	k := kampungkb.Kampung{Name: name, VillageCode: village, Coverage: "desa", LaunchDate: kampungkb.MustDate("2017-03-01")}
	if err := db.CreateKampung(t.Context(), &k); err != nil {
		t.Fatal(err)
	}
	return k
}

// trainingForm is the form of the 10 December 2019 training of the Pokja's
// economic section.
func trainingForm(kampung, partner int64) url.Values {
	return url.Values{
		"title": {trainingTitle}, "date": {"2019-12-10"}, "start_time": {"09:00"}, "end_time": {"12:00"},
		"place": {"Balai Desa Tumbuh Mulia"}, "kampung_ids": {itoa(kampung)}, "category": {"ekonomi"},
		"type": {"pelatihan"}, "partner_ids": {itoa(partner)}, "institutions": {"9", "32"},
		"other_institutions": {"PKK Desa"}, "targets": {"pus", "remaja_putri"},
		"participants_male": {"2"}, "participants_female": {"23"},
		"attendee_name": {"Ibu Sari", ""}, "attendee_sex": {"p", ""}, "attendee_role": {"Ketua Seksi Ekonomi", ""},
		"description": {"Pokja seksi ekonomi <UPPKA> belajar merangkai aksesoris."}, "outcome": {"Produk dijual di bazar."},
	}
}

func mustActivity(t *testing.T, db *sqldb.DB, title, date string, kampung []int64, partners []int64) kampungkb.Activity {
	t.Helper()
	a := kampungkb.Activity{Title: title, Date: kampungkb.MustDate(date), KampungIDs: kampung, PartnerIDs: partners,
		Category: "ekonomi", Type: "pelatihan", ParticipantsMale: 1, ParticipantsFemale: 4}
	if err := db.CreateActivity(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func activityCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	_, total, err := db.Activities(t.Context(), kampungkb.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func TestActivityFormErrorsKeepTypedValues(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		v := trainingForm(k.ID, rkb.ID)
		v.Del("kampung_ids")
		v.Set("start_time", "13:00")
		v.Set("end_time", "11:30")
		v.Set("participants_male", "-3")
		r := postForm(t, srv, "/kegiatan", v)
		if r.Code != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400\n%s", r.Code, r.Body)
		}
		for _, want := range []string{
			"Pilih paling sedikit satu Kampung KB.", "Jam selesai tidak boleh sebelum jam mulai.", "Jumlah peserta tidak boleh negatif.",
			`href="#f-kampung_ids"`, `id="f-kampung_ids"`, `href="#f-end_time"`, `id="f-participants_male-err"`,
			`value="Pelatihan membuat aksesoris (kalung, gelang, gantungan kunci)"`, `value="2019-12-10"`, `value="13:00"`,
			`value="11:30"`, `value="-3"`, `value="23"`, `value="Balai Desa Tumbuh Mulia"`,
			`<input type="radio" name="category" value="ekonomi" checked>`, `<option value="pelatihan" selected>`,
			`name="partner_ids" value="` + itoa(rkb.ID) + `" checked`, `name="kampung_ids" value="` + itoa(k.ID) + `">`,
			`value="9" checked`, `value="remaja_putri" checked`, `value="PKK Desa"`,
			`value="Ibu Sari"`, `<option value="p" selected>Perempuan</option>`, `value="Ketua Seksi Ekonomi"`,
			"Pokja seksi ekonomi &lt;UPPKA&gt; belajar", "Tumbuh Jaya (Tumbuh Mulia)", "<details class=\"field institutions\" open>",
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("form page lacks %s", want)
			}
		}
		// One typed attendee row plus two empty ones.
		if n := strings.Count(r.Body, `name="attendee_name"`); n != 3 {
			t.Errorf("%d attendee rows, want 3", n)
		}
		// Decode problems show together with validation problems.
		v = trainingForm(k.ID, rkb.ID)
		v.Set("participants_female", "banyak")
		v.Set("title", "")
		v.Set("date", "10/12/2019")
		r = postForm(t, srv, "/kegiatan", v)
		for _, want := range []string{"Isi dengan angka bulat.", "Judul kegiatan wajib diisi.", "Tanggal tidak valid", `value="banyak"`, `value="10/12/2019"`} {
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, want) {
				t.Errorf("decode problems: %d, lacks %s", r.Code, want)
			}
		}
		// An attendee without a name.
		v = trainingForm(k.ID, rkb.ID)
		v["attendee_name"] = []string{"", ""}
		r = postForm(t, srv, "/kegiatan", v)
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "Setiap peserta bernama perlu nama.") ||
			!strings.Contains(r.Body, `value="Ketua Seksi Ekonomi"`) {
			t.Errorf("attendee without name: %d", r.Code)
		}
		if n := activityCount(t, db); n != 0 {
			t.Errorf("%d activities stored after failed forms", n)
		}
	})
}

func TestActivityCreateListShowEdit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		other := mustKampung(t, db, "Anjani Sejahtera", "52.03.13.2001")
		zakat := kampungkb.Partner{Name: "Rumah Zakat", Category: "lsm"}
		if err := db.CreatePartner(t.Context(), &zakat); err != nil {
			t.Fatal(err)
		}
		nf := do(t, srv, "GET", "/kegiatan/baru?kampung="+itoa(k.ID)+"&partner="+itoa(rkb.ID), nil)
		if nf.Code != 200 || !strings.Contains(nf.Body, `name="kampung_ids" value="`+itoa(k.ID)+`" checked`) ||
			!strings.Contains(nf.Body, `name="partner_ids" value="`+itoa(rkb.ID)+`" checked`) ||
			!strings.Contains(nf.Body, `type="time"`) || !strings.Contains(nf.Body, "Dinas Peternakan dan Kesehatan Hewan") {
			t.Errorf("new form: %d\n%s", nf.Code, nf.Body)
		}

		v := trainingForm(k.ID, rkb.ID)
		v["kampung_ids"] = []string{itoa(k.ID), itoa(other.ID)}
		r := postForm(t, srv, "/kegiatan", v)
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/kegiatan/") {
			t.Fatalf("create: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		actURL := r.Header.Get("Location")
		mustActivity(t, db, "Rapat Pokja", "2020-01-15", []int64{other.ID}, []int64{zakat.ID})

		for _, c := range []struct{ path, absent string }{
			{"/kegiatan?kampung=" + itoa(k.ID), "Rapat Pokja"},
			{"/kegiatan?partner=" + itoa(rkb.ID), "Rapat Pokja"},
			{"/kegiatan?region=Suralaga&category=ekonomi&type=pelatihan&q=aksesoris", ""},
			{"/kegiatan?region=52.03.13&from=2019-12-01&to=2019-12-31", "Rapat Pokja"},
		} {
			l := do(t, srv, "GET", c.path, nil)
			for _, want := range []string{trainingTitle, "10 Desember 2019", `href="` + actURL + `"`, "Anjani Sejahtera</a>; <a",
				"Rumah Kreatif BUMN Pertamina Pancor", "Ekonomi", "Pelatihan", "25 <small class=\"nowrap\">(L 2, P 23)</small>"} {
				if l.Code != 200 || !strings.Contains(l.Body, want) {
					t.Errorf("%s: %d, lacks %s", c.path, l.Code, want)
				}
			}
			if c.absent != "" && strings.Contains(l.Body, c.absent) {
				t.Errorf("%s lists %s", c.path, c.absent)
			}
		}
		if l := do(t, srv, "GET", "/kegiatan?region=Suralaga", nil); !strings.Contains(l.Body, "Kecamatan Suralaga") {
			t.Errorf("region by name: no note on the region")
		}
		if l := do(t, srv, "GET", "/kegiatan?region=Tidak+Ada+Namanya", nil); l.Code != http.StatusBadRequest ||
			!strings.Contains(l.Body, "tidak ditemukan") || !strings.Contains(l.Body, `value="Tidak Ada Namanya"`) {
			t.Errorf("unknown region name: %d", l.Code)
		}

		show := do(t, srv, "GET", actURL, nil)
		for _, want := range []string{trainingTitle, "10 Desember 2019, pukul 09:00–12:00", "Balai Desa Tumbuh Mulia",
			`<a href="/kampung/` + itoa(k.ID) + `">Tumbuh Jaya</a>`, `<a href="/mitra/` + itoa(rkb.ID) + `">Rumah Kreatif BUMN Pertamina Pancor</a>`,
			"BUMN dan BUMD, Komponen Masyarakat Kampung KB; PKK Desa", "PUS, Remaja putri", "25 orang: 2 laki-laki, 23 perempuan",
			"Ibu Sari", "Ketua Seksi Ekonomi", "Pokja seksi ekonomi &lt;UPPKA&gt;", "Produk dijual di bazar.",
			`href="/kontribusi/baru?activity=` + strings.TrimPrefix(actURL, "/kegiatan/") + `"`, `enctype="multipart/form-data"`,
			"data-confirm=", "Kegiatan lain di Anjani Sejahtera", ">Rapat Pokja</a>"} {
			if !strings.Contains(show.Body, want) {
				t.Errorf("show page lacks %s", want)
			}
		}

		edit := do(t, srv, "GET", actURL+"/ubah", nil)
		for _, want := range []string{`name="version" value="1"`, `value="09:00"`, `value="Ibu Sari"`, `value="32" checked`,
			`name="kampung_ids" value="` + itoa(other.ID) + `" checked`} {
			if !strings.Contains(edit.Body, want) {
				t.Errorf("edit form lacks %s", want)
			}
		}
		if n := strings.Count(edit.Body, `name="attendee_name"`); n != 3 {
			t.Errorf("edit form: %d attendee rows, want 3", n)
		}
		v.Set("version", "5")
		v.Set("title", "Judul baru")
		if r := postForm(t, srv, actURL, v); r.Code != http.StatusConflict || !strings.Contains(r.Body, `value="Judul baru"`) {
			t.Errorf("stale edit: %d", r.Code)
		}
		v.Set("version", "1")
		v["kampung_ids"] = []string{itoa(k.ID)}
		if r := postForm(t, srv, actURL, v); r.Code != http.StatusSeeOther {
			t.Errorf("edit: %d\n%s", r.Code, r.Body)
		}
		if show := do(t, srv, "GET", actURL, nil); !strings.Contains(show.Body, "Judul baru") || strings.Contains(show.Body, "Anjani Sejahtera") {
			t.Errorf("edit not saved")
		}
	})
}

func TestActivityDownloads(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		other := mustKampung(t, db, "Anjani Sejahtera", "52.03.13.2001")
		zakat := kampungkb.Partner{Name: "Rumah Zakat", Category: "lsm"}
		db.CreatePartner(t.Context(), &zakat)
		a := mustActivity(t, db, trainingTitle, "2019-12-10", []int64{k.ID, other.ID}, []int64{rkb.ID, zakat.ID})
		mustActivity(t, db, "Rapat Pokja", "2020-01-15", []int64{other.ID}, nil)

		csv := do(t, srv, "GET", "/kegiatan?kampung="+itoa(k.ID)+"&format=csv", nil)
		lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
		want := itoa(a.ID) + `,2019-12-10,"Pelatihan membuat aksesoris (kalung, gelang, gantungan kunci)",,,,Anjani Sejahtera; Tumbuh Jaya,` +
			"Rumah Kreatif BUMN Pertamina Pancor; Rumah Zakat,Ekonomi,Pelatihan,1,4,5,,"
		// the admin's download has the named attendees' column (none here)
		if csv.Code != 200 || len(lines) != 2 || !strings.HasPrefix(lines[0], "id,tanggal,judul,jam_mulai") || !strings.HasSuffix(lines[0], ",peserta_bernama") || strings.TrimSpace(lines[1]) != want {
			t.Errorf("csv = %d %q\nwant row %q", csv.Code, csv.Body, want)
		}
		if cd := csv.Header.Get("Content-Disposition"); !strings.Contains(cd, "kegiatan-2026-11-28.csv") {
			t.Errorf("csv disposition %q", cd)
		}
		x := do(t, srv, "GET", "/kegiatan?format=xlsx", nil)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		rows, _ := f.GetRows("kegiatan")
		if len(rows) != 3 || rows[1][2] != "Rapat Pokja" || rows[2][6] != "Anjani Sejahtera; Tumbuh Jaya" {
			t.Errorf("xlsx rows = %v", rows)
		}
		if r := do(t, srv, "GET", "/kegiatan?format=doc", nil); r.Code != http.StatusBadRequest {
			t.Errorf("unknown format: %d", r.Code)
		}
	})
}

// tinyPNG returns a real 2×2 PNG image.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{11, 110, 79, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postPhoto posts a multipart form with the file in field "photo".
func postPhoto(t *testing.T, h http.Handler, target, filename, contentType string, data []byte, fields ...string) resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if filename != "" {
		hdr := textproto.MIMEHeader{}
		hdr.Set("Content-Disposition", fmt.Sprintf(`form-data; name="photo"; filename=%q`, filename))
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

func TestActivityPhotos(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		a := mustActivity(t, db, trainingTitle, "2019-12-10", []int64{k.ID}, []int64{rkb.ID})
		base := "/kegiatan/" + itoa(a.ID)
		photos := func() []kampungkb.Photo {
			got, err := db.Activity(t.Context(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Photos
		}
		pic := tinyPNG(t)
		r := postPhoto(t, srv, base+"/foto", "kalung.png", "application/octet-stream", pic, "tag", "sesudah", "caption", "Kalung hasil pelatihan")
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != base+"#foto" {
			t.Fatalf("upload png: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		p := photos()
		if len(p) != 1 || p[0].Tag != "sesudah" || p[0].Caption != "Kalung hasil pelatihan" {
			t.Fatalf("photos = %+v", p)
		}
		f := do(t, srv, "GET", "/berkas/"+itoa(p[0].FileID), nil)
		if f.Code != 200 || f.Header.Get("Content-Type") != "image/png" || f.Body != string(pic) {
			t.Errorf("photo file: %d %v", f.Code, f.Header)
		}
		show := do(t, srv, "GET", base, nil)
		for _, want := range []string{"<h3>Sesudah</h3>", `<img src="/berkas/` + itoa(p[0].FileID) + `" alt="Kalung hasil pelatihan"`,
			`action="` + base + `/foto/` + itoa(p[0].ID) + `/hapus"`, `name="photo"`, `value="kegiatan" checked`} {
			if !strings.Contains(show.Body, want) {
				t.Errorf("show page lacks %s", want)
			}
		}

		for _, c := range []struct {
			name, filename, tag string
			data                []byte
			want                string
		}{
			{"text file", "catatan.png", "sebelum", []byte("Ini catatan, bukan foto.\n"), "Jenis berkas tidak diterima (text/plain)"},
			{"pdf", "foto.jpg", "sebelum", []byte(smallPDF), "Jenis berkas tidak diterima (application/pdf)"},
			{"oversize", "besar.png", "sebelum", append(append([]byte(nil), pic...), make([]byte, kampungkb.MaxPhotoSize)...), "Berkas terlalu besar: paling besar 5 MB."},
			{"unknown tag", "kalung.png", "entah", pic, "Pilih jenis foto"},
			{"no file", "", "sebelum", nil, "Pilih foto"},
		} {
			r := postPhoto(t, srv, base+"/foto", c.filename, "image/png", c.data, "tag", c.tag, "caption", "Keterangan <ketik>")
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, trainingTitle) ||
				!strings.Contains(r.Body, `value="Keterangan &lt;ketik&gt;"`) {
				t.Errorf("%s: %d, want 400 with %q\n%.3000s", c.name, r.Code, c.want, r.Body)
			}
		}
		if n := len(photos()); n != 1 {
			t.Errorf("%d photos after refused uploads, want 1", n)
		}

		// API: 201 with the photo; the same checks.
		r = postPhoto(t, srv, "/api/v1/activities/"+itoa(a.ID)+"/photos", "x.png", "image/png", pic, "tag", "sebelum")
		var ph kampungkb.Photo
		if err := json.Unmarshal([]byte(r.Body), &ph); r.Code != http.StatusCreated || err != nil || ph.ID == 0 || ph.Tag != "sebelum" {
			t.Errorf("api upload: %d %s", r.Code, r.Body)
		}
		r = postPhoto(t, srv, "/api/v1/activities/"+itoa(a.ID)+"/photos", "x.png", "image/png", []byte("teks"), "tag", "sebelum")
		if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, `"photo"`) {
			t.Errorf("api text upload: %d %s", r.Code, r.Body)
		}
		if r := postPhoto(t, srv, "/api/v1/activities/999/photos", "x.png", "image/png", pic, "tag", "sebelum"); r.Code != http.StatusNotFound {
			t.Errorf("api upload to missing activity: %d", r.Code)
		}
		if r := do(t, srv, "DELETE", "/api/v1/activities/"+itoa(a.ID)+"/photos/"+itoa(ph.ID), nil); r.Code != http.StatusNoContent {
			t.Errorf("api delete photo: %d %s", r.Code, r.Body)
		}

		r = postForm(t, srv, base+"/foto/"+itoa(p[0].ID)+"/hapus", nil)
		if r.Code != http.StatusSeeOther || len(photos()) != 0 {
			t.Errorf("remove photo: %d, %d left", r.Code, len(photos()))
		}
		if f := do(t, srv, "GET", "/berkas/"+itoa(p[0].FileID), nil); f.Code != 404 {
			t.Errorf("removed photo still served: %d", f.Code)
		}
	})
}

func TestActivityDeleteRefusedWhileContributionRefersToIt(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		a := mustActivity(t, db, trainingTitle, "2019-12-10", []int64{k.ID}, []int64{rkb.ID})
		c := kampungkb.Contribution{PartnerID: rkb.ID, ActivityID: a.ID, Kind: "barang", Amount: 750000,
			Date: kampungkb.MustDate("2019-12-10"), Description: "Bahan aksesoris"}
		if err := db.CreateContribution(t.Context(), &c); err != nil {
			t.Fatal(err)
		}
		base := "/kegiatan/" + itoa(a.ID)
		r := postForm(t, srv, base+"/hapus", nil)
		if r.Code != http.StatusConflict || !strings.Contains(r.Body, "tidak dapat dihapus karena masih dirujuk oleh 1 kontribusi mitra") ||
			!strings.Contains(r.Body, "ubah saja kegiatan ini") || !strings.Contains(r.Body, "Bahan aksesoris") {
			t.Errorf("delete with contribution: %d\n%s", r.Code, r.Body)
		}
		if r := do(t, srv, "DELETE", "/api/v1/activities/"+itoa(a.ID), nil); r.Code != http.StatusConflict || !strings.Contains(r.Body, `"conflict"`) {
			t.Errorf("api delete with contribution: %d %s", r.Code, r.Body)
		}
		if _, err := db.Activity(t.Context(), a.ID); err != nil {
			t.Fatalf("activity gone after refused delete: %v", err)
		}
		if r := postForm(t, srv, "/kontribusi/"+itoa(c.ID)+"/hapus", nil); r.Code != http.StatusSeeOther || r.Header.Get("Location") != base+"#kontribusi" {
			t.Errorf("delete contribution: %d %s", r.Code, r.Header.Get("Location"))
		}
		if r := postForm(t, srv, base+"/hapus", nil); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/kegiatan" {
			t.Errorf("delete: %d", r.Code)
		}
		if r := do(t, srv, "GET", base, nil); r.Code != http.StatusNotFound {
			t.Errorf("deleted activity: %d", r.Code)
		}
	})
}

func TestAPIActivities(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		body := `{"title":"` + trainingTitle + `","date":"2019-12-10","kampung_ids":[` + itoa(k.ID) + `],"category":"ekonomi",
			"type":"pelatihan","partner_ids":[` + itoa(rkb.ID) + `],"institutions":["9"],"targets":["pus"],
			"participants_male":2,"participants_female":23,"attendees":[{"name":"Ibu Sari","sex":"p","role":"Ketua"}]}`
		r := postJSON(t, srv, "POST", "/api/v1/activities", body)
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var a kampungkb.Activity
		json.Unmarshal([]byte(r.Body), &a)
		if a.ID == 0 || a.Version != 1 || len(a.Kampung) != 1 || a.Kampung[0].Name != "Tumbuh Jaya" || a.Attendees[0].Name != "Ibu Sari" ||
			r.Header.Get("Location") != "/api/v1/activities/"+itoa(a.ID) {
			t.Errorf("created %+v", a)
		}
		for _, c := range []struct{ name, body, field string }{
			{"unknown field", `{"title":"X","kolom":1}`, "kolom"},
			{"malformed", `{"title":`, ""},
			{"wrong type", `{"title":"X","participants_male":"dua"}`, "participants_male"},
			{"validation", `{"title":"X","date":"2019-12-10","kampung_ids":[],"category":"?","type":"pelatihan","start_time":"10:00","end_time":"09:00"}`, "kampung_ids"},
			{"missing kampung", `{"title":"X","date":"2019-12-10","kampung_ids":[999],"category":"ekonomi","type":"pelatihan"}`, "kampung_ids"},
		} {
			r := postJSON(t, srv, "POST", "/api/v1/activities", c.body)
			var e struct {
				Error struct {
					Code    string
					Message string
					Fields  map[string]string
				}
			}
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Code != 400 || e.Error.Code != "invalid" || e.Error.Message == "" ||
				(c.field != "" && e.Error.Fields[c.field] == "") {
				t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
			}
			if c.name == "validation" && (e.Error.Fields["category"] == "" || e.Error.Fields["end_time"] == "") {
				t.Errorf("validation fields: %v", e.Error.Fields)
			}
		}
		if n := activityCount(t, db); n != 1 {
			t.Errorf("bad requests stored something: %d activities", n)
		}
		list := do(t, srv, "GET", "/api/v1/activities?kampung="+itoa(k.ID)+"&from=2019-01-01", nil)
		var l struct {
			Items []kampungkb.Activity
			Total int
		}
		if err := json.Unmarshal([]byte(list.Body), &l); err != nil || l.Total != 1 || len(l.Items) != 1 || l.Items[0].Partners[0].Name != rkb.Name {
			t.Errorf("list: %s", list.Body)
		}
		if empty := do(t, srv, "GET", "/api/v1/activities?partner=999", nil); !strings.Contains(empty.Body, `{"items":[],"total":0}`) {
			t.Errorf("empty list: %s", empty.Body)
		}
		put := strings.Replace(body, `"title":"Pelatihan`, `"version":7,"title":"Pelatihan`, 1)
		if r := postJSON(t, srv, "PUT", "/api/v1/activities/"+itoa(a.ID), put); r.Code != http.StatusConflict || !strings.Contains(r.Body, `"code":"conflict"`) {
			t.Errorf("stale put: %d %s", r.Code, r.Body)
		}
		put = strings.Replace(body, `"title":"Pelatihan`, `"version":1,"title":"Pelatihan lanjutan`, 1)
		if r := postJSON(t, srv, "PUT", "/api/v1/activities/"+itoa(a.ID), put); r.Code != http.StatusOK || !strings.Contains(r.Body, `"version":2`) ||
			!strings.Contains(r.Body, "Pelatihan lanjutan") {
			t.Errorf("put: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/activities/"+itoa(a.ID), nil); r.Code != 200 || !strings.Contains(r.Body, `"institutions":["9"]`) {
			t.Errorf("get: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/activities/999", nil); r.Code != 404 || !strings.Contains(r.Body, `"not_found"`) {
			t.Errorf("missing: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "DELETE", "/api/v1/activities/"+itoa(a.ID), nil); r.Code != http.StatusNoContent {
			t.Errorf("delete: %d %s", r.Code, r.Body)
		}
	})
}
