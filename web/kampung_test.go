package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// tumbuhJaya is the form of Kampung KB Tumbuh Jaya (Dusun Dasan Tumbu,
// Desa Tumbuh Mulia, Suralaga, Lombok Timur), launched 14 November 2017.
func tumbuhJaya() url.Values {
	return url.Values{
		"name": {"Kampung KB Tumbuh Jaya"}, "village": {"52.03.13.2007"}, "coverage": {"dusun"},
		"coverage_detail": {"Dasan Tumbu"}, "launch_date": {"2017-11-14"}, "criteria": {"kb_rendah", "miskin_tinggi"},
		"area_types": {"tertinggal"}, "description": {"Dusun di kaki Rinjani.\nPetani tembakau."},
		"latitude": {"−8,5612"}, "longitude": {"116,52"},
	}
}

// mustCreateKampung posts the form v and returns the new Kampung KB's id.
func mustCreateKampung(t *testing.T, h http.Handler, v url.Values) int64 {
	t.Helper()
	r := postForm(t, h, "/kampung", v)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create kampung: %d\n%s", r.Code, r.Body)
	}
	loc := r.Header.Get("Location")
	var id int64
	for _, c := range strings.TrimPrefix(loc, "/kampung/") {
		if c < '0' || c > '9' {
			t.Fatalf("redirect to %q", loc)
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

func kampungCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	_, total, err := db.KampungList(t.Context(), kampungkb.Filter{Archived: true})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func TestKampungFormKeepsTypedValuesAndShowsFieldErrors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		for _, c := range []struct{ village, want string }{
			{"52.03.13.9999", "Desa/kelurahan 52.03.13.9999 tidak dikenal"},
			{"Desa Entah Berantah", "tidak ditemukan"},
			{"mulia", "52.03.13.2007 Tumbuh Mulia"}, // several candidates, listed with codes
		} {
			v := tumbuhJaya()
			v.Set("village", c.village)
			v.Set("launch_date", "2027-01-05")
			v.Set("description", "Catatan <penting>")
			r := postForm(t, srv, "/kampung", v)
			if r.Code != http.StatusBadRequest {
				t.Fatalf("%s: status = %d, want 400", c.village, r.Code)
			}
			for _, want := range []string{c.want, "Tanggal pencanangan tidak boleh di masa depan.",
				`value="` + c.village + `"`, `value="2027-01-05"`, `value="Dasan Tumbu"`, "Catatan &lt;penting&gt;",
				`value="kb_rendah" checked`, `value="miskin_tinggi" checked`, `value="tertinggal" checked`,
				`value="dusun" checked`, `value="−8,5612"`, `href="#f-village"`, `aria-invalid="true"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("%s: form page lacks %q", c.village, want)
				}
			}
			if strings.Contains(r.Body, `value="terpencil" checked`) {
				t.Errorf("%s: an unticked criterion is checked", c.village)
			}
		}
		if n := kampungCount(t, db); n != 0 {
			t.Errorf("%d kampung stored after failed forms", n)
		}
	})
}

func TestKampungCreateByVillageNameAndShow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		if r := do(t, srv, "GET", "/kampung/baru?village=5203132007", nil); r.Code != 200 ||
			!strings.Contains(r.Body, `value="5203132007"`) || !strings.Contains(r.Body, "Terpilih: Desa Tumbuh Mulia, Kecamatan Suralaga") {
			t.Errorf("new form with village: %d\n%s", r.Code, r.Body)
		}
		v := tumbuhJaya()
		v.Set("village", "Tumbuh Mulia")
		id := mustCreateKampung(t, srv, v)
		k, err := db.Kampung(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if k.VillageCode != "52.03.13.2007" || k.Coverage != "dusun" || k.LaunchDate != kampungkb.MustDate("2017-11-14") ||
			k.Latitude == nil || *k.Latitude != -8.5612 || *k.Longitude != 116.52 || len(k.Criteria) != 2 {
			t.Errorf("stored %+v", k)
		}
		show := do(t, srv, "GET", "/kampung/"+itoa(id), nil)
		path := regexp.MustCompile(`Desa Tumbuh Mulia</a>.*›.*Kecamatan Suralaga</a>.*›.*Kabupaten Lombok Timur</a>.*›.*Provinsi Nusa Tenggara Barat</a>`)
		if show.Code != 200 || !path.MatchString(show.Body) {
			t.Errorf("show page lacks the region path:\n%s", show.Body)
		}
		for _, want := range []string{`href="/wilayah/52.03.13.2007"`, "14 November 2017", "Dusun Dasan Tumbu",
			"https://www.openstreetmap.org/?mlat=-8.5612&amp;mlon=116.52", "<p>Dusun di kaki Rinjani.</p>",
			"Jumlah penduduk miskin tinggi", "Tertinggal", "profil belum diisi", `id="kegiatan"`,
			`href="/kegiatan/baru?kampung=` + itoa(id) + `"`} {
			if !strings.Contains(show.Body, want) {
				t.Errorf("show page lacks %q", want)
			}
		}

		// edit: the form shows the stored values; saving a change bumps the version
		edit := do(t, srv, "GET", "/kampung/"+itoa(id)+"/ubah", nil)
		if !strings.Contains(edit.Body, `value="52.03.13.2007"`) || !strings.Contains(edit.Body, `name="version" value="1"`) {
			t.Errorf("edit form:\n%s", edit.Body)
		}
		v.Set("version", "1")
		v.Set("coverage", "desa")
		if r := postForm(t, srv, "/kampung/"+itoa(id), v); r.Code != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", r.Code, r.Body)
		}
		if r := postForm(t, srv, "/kampung/"+itoa(id), v); r.Code != http.StatusConflict {
			t.Errorf("stale update: %d", r.Code)
		}
		k, _ = db.Kampung(t.Context(), id)
		if k.Coverage != "desa" || k.CoverageDetail != "" || k.Version != 2 {
			t.Errorf("updated %+v", k)
		}

		// archive hides it from the list; restore shows it again
		postForm(t, srv, "/kampung/"+itoa(id)+"/arsip", url.Values{"archived": {"1"}})
		if l := do(t, srv, "GET", "/kampung", nil); strings.Contains(l.Body, "Tumbuh Jaya") {
			t.Error("archived kampung listed")
		}
		if l := do(t, srv, "GET", "/kampung?archived=1", nil); !strings.Contains(l.Body, "Tumbuh Jaya") {
			t.Error("archived kampung missing with archived=1")
		}
		if r := postForm(t, srv, "/kampung/"+itoa(id)+"/hapus", nil); r.Code != http.StatusSeeOther {
			t.Errorf("delete: %d", r.Code)
		}
		if r := do(t, srv, "GET", "/kampung/"+itoa(id), nil); r.Code != http.StatusNotFound {
			t.Errorf("deleted kampung: %d", r.Code)
		}
	})
}

// profileForm is a profile with a Pokja of members, planning meetings
// every month and Dana Desa funding.
func profileForm(asOf, members, trained string) url.Values {
	return url.Values{"as_of": {asOf}, "pokja_exists": {"1"}, "pokja_sk": {"1"}, "pokja_sk_number": {"07/SK/TM/2018"},
		"pokja_members": {members}, "pokja_trained": {trained}, "guide": {"kader"}, "regulations": {"desa"},
		"programs": {"bkb", "rumah_dataku"}, "funding": {"dana_desa"},
		"mechanism_rapat_perencanaan": {"1"}, "frequency_rapat_perencanaan": {"bulanan"}}
}

func TestKampungProfileHistory(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		id := mustCreateKampung(t, srv, tumbuhJaya())
		base := "/kampung/" + itoa(id) + "/profil"

		// an empty form for the first profile, dated today
		if r := do(t, srv, "GET", base+"/baru", nil); r.Code != 200 || !strings.Contains(r.Body, `value="2026-11-28"`) {
			t.Errorf("first profile form: %d", r.Code)
		}
		if r := postForm(t, srv, base, profileForm("2026-01-10", "10", "4")); r.Code != http.StatusSeeOther {
			t.Fatalf("first profile: %d\n%s", r.Code, r.Body)
		}
		// the next form starts from the current snapshot
		r := do(t, srv, "GET", base+"/baru", nil)
		for _, want := range []string{`name="pokja_members" value="10"`, `value="07/SK/TM/2018"`, `value="2026-11-28"`,
			`name="mechanism_rapat_perencanaan" value="1" checked`, `<option value="bulanan" selected>`,
			`value="rumah_dataku" checked`, "profil per 10 Januari 2026"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("prefilled profile form lacks %q", want)
			}
		}
		second := profileForm("2026-11-28", "15", "4")
		second.Set("mechanism_sosialisasi", "1")
		second.Set("frequency_sosialisasi", "lainnya")
		second.Set("frequency_other_sosialisasi", "setiap Posyandu")
		if r := postForm(t, srv, base, second); r.Code != http.StatusSeeOther {
			t.Fatalf("second profile: %d\n%s", r.Code, r.Body)
		}
		h := do(t, srv, "GET", base, nil)
		if got := strings.Count(h.Body, "Profil per "); got != 2 {
			t.Errorf("history shows %d profiles, want 2", got)
		}
		if got := strings.Count(h.Body, `aria-current="true"`); got != 1 {
			t.Errorf("history marks %d current profiles, want 1", got)
		}
		pokja := regexp.MustCompile(`Jumlah anggota Pokja</th><td data-label="Sebelumnya">10</td><td data-label="Menjadi">15</td>`)
		if !pokja.MatchString(h.Body) || !strings.Contains(h.Body, "Sosialisasi kegiatan (setiap Posyandu)") ||
			!strings.Contains(h.Body, "Profil pertama.") || strings.Contains(h.Body, "Anggota Pokja terlatih") {
			t.Errorf("history lacks the changes:\n%s", h.Body)
		}
		show := do(t, srv, "GET", "/kampung/"+itoa(id), nil)
		for _, want := range []string{"Riwayat profil (2)", "Perbarui profil", "15 orang, 4 sudah terlatih",
			"Ada, ber-SK (nomor 07/SK/TM/2018)", "Tidak ada; diarahkan oleh Kader", "Rumah DataKu (sarana)",
			"Rapat perencanaan kegiatan: bulanan", "Sosialisasi kegiatan: setiap Posyandu", "Dana Desa"} {
			if !strings.Contains(show.Body, want) {
				t.Errorf("show page lacks %q", want)
			}
		}
		ps, _ := db.Profiles(t.Context(), id)
		if one := do(t, srv, "GET", base+"/"+itoa(ps[1].ID), nil); one.Code != 200 ||
			!strings.Contains(one.Body, "profil lama") || !strings.Contains(one.Body, "10 orang") {
			t.Errorf("one old profile: %d\n%s", one.Code, one.Body)
		}
		if r := do(t, srv, "GET", base+"/99999", nil); r.Code != http.StatusNotFound {
			t.Errorf("unknown profile: %d", r.Code)
		}
	})
}

func TestKampungProfileFormErrorsKeepValues(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		id := mustCreateKampung(t, srv, tumbuhJaya())
		v := profileForm("2026-11-01", "12", "20")
		v.Set("note", "dicatat <kader>")
		v.Set("mechanism_monev", "1") // ticked without a frequency
		v.Set("frequency_laporan", "tahunan")
		r := postForm(t, srv, "/kampung/"+itoa(id)+"/profil", v)
		if r.Code != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400", r.Code)
		}
		for _, want := range []string{"Anggota terlatih tidak boleh lebih banyak dari jumlah anggota Pokja.",
			"Monitoring dan evaluasi kegiatan: pilih frekuensinya.", `href="#f-mechanism_monev"`, `Penyusunan laporan: centang &#34;Dijalankan&#34;`,
			`name="pokja_members" value="12"`, `name="pokja_trained" value="20"`, "dicatat &lt;kader&gt;",
			`value="dana_desa" checked`, `name="mechanism_monev" value="1" checked`, `<option value="kader" selected>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("profile form lacks %q", want)
			}
		}
		if ps, _ := db.Profiles(t.Context(), id); len(ps) != 0 {
			t.Errorf("%d profiles stored after a failed form", len(ps))
		}
	})
}

// upload posts one file as the photo of a Kampung KB.
func upload(t *testing.T, h http.Handler, target, filename string, data []byte) resp {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("photo", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return do(t, h, "POST", target, &b, "Content-Type", mw.FormDataContentType())
}

func TestKampungPhoto(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		id := mustCreateKampung(t, srv, tumbuhJaya())
		target := "/kampung/" + itoa(id) + "/foto"
		if r := upload(t, srv, target, "posyandu.png", tinyPNG(t)); r.Code != http.StatusSeeOther {
			t.Fatalf("png: %d\n%s", r.Code, r.Body)
		}
		k, _ := db.Kampung(t.Context(), id)
		if k.PhotoFileID == 0 {
			t.Fatal("photo not stored")
		}
		f, err := db.File(t.Context(), k.PhotoFileID)
		if err != nil || f.ContentType != "image/png" || f.Name != "posyandu.png" {
			t.Errorf("file = %+v, %v", f, err)
		}
		show := do(t, srv, "GET", "/kampung/"+itoa(id), nil)
		if !strings.Contains(show.Body, `<img src="/berkas/`+itoa(k.PhotoFileID)+`" alt="Foto Kampung KB Tumbuh Jaya">`) {
			t.Errorf("show page lacks the photo")
		}
		for _, c := range []struct {
			name string
			data []byte
			want string
		}{
			{"bukan-foto.jpg", []byte("ini teks biasa, bukan gambar\n"), "Jenis berkas tidak diterima (text/plain; charset=utf-8)"},
			{"besar.png", append(tinyPNG(t), make([]byte, kampungkb.MaxPhotoSize)...), "Berkas terlalu besar"},
			{"", nil, "Pilih berkas foto"},
		} {
			r := upload(t, srv, target, c.name, c.data)
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, "Kampung KB Tumbuh Jaya") {
				t.Errorf("%s: %d, lacks %q", c.name, r.Code, c.want)
			}
		}
		if after, _ := db.Kampung(t.Context(), id); after.PhotoFileID != k.PhotoFileID {
			t.Errorf("refused uploads changed the photo: %d → %d", k.PhotoFileID, after.PhotoFileID)
		}
		if r := postForm(t, srv, target+"/hapus", nil); r.Code != http.StatusSeeOther {
			t.Errorf("remove photo: %d", r.Code)
		}
		if after, _ := db.Kampung(t.Context(), id); after.PhotoFileID != 0 {
			t.Error("photo still set after removal")
		}
	})
}

func TestKampungListFilterAndDownload(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		mustCreateKampung(t, srv, tumbuhJaya())
		pancor := tumbuhJaya()
		pancor.Set("name", "Kampung KB Pancor Sejahtera")
		pancor.Set("village", "5203071001")
		pancor.Set("coverage", "desa")
		mustCreateKampung(t, srv, pancor)

		all := do(t, srv, "GET", "/kampung", nil)
		if !strings.Contains(all.Body, "Menampilkan 1–2 dari 2") || !strings.Contains(all.Body, `<td data-label="Kecamatan">Suralaga</td>`) {
			t.Errorf("list:\n%s", all.Body)
		}
		if l := do(t, srv, "GET", "/kampung?region=Lombok+Timur", nil); !strings.Contains(l.Body, "Menampilkan 1–2 dari 2") {
			t.Errorf("region Lombok Timur:\n%s", l.Body)
		}
		for _, region := range []string{"52.03.13", "5203132007", "Tumbuh Mulia", "tumbuh"} {
			l := do(t, srv, "GET", "/kampung?region="+url.QueryEscape(region), nil)
			if !strings.Contains(l.Body, "Tumbuh Jaya") || strings.Contains(l.Body, "Pancor Sejahtera") ||
				!strings.Contains(l.Body, "Menampilkan 1–1 dari 1") {
				t.Errorf("region %s:\n%s", region, l.Body)
			}
		}
		// "Suralaga" names a kecamatan and a desa in it: the kecamatan is meant
		if l := do(t, srv, "GET", "/kampung?region=Suralaga", nil); l.Code != 200 || !strings.Contains(l.Body, "Tumbuh Jaya") ||
			!strings.Contains(l.Body, "Kampung KB di Kecamatan Suralaga (52.03.13). Nama") {
			t.Errorf("region named twice: %d\n%s", l.Code, l.Body)
		}
		// "payung" names no region exactly but three villages partly: the
		// filter lists candidates
		if l := do(t, srv, "GET", "/kampung?region=payung", nil); l.Code != http.StatusBadRequest ||
			!strings.Contains(l.Body, "52.03.13.2004 Bagik Payung") || !strings.Contains(l.Body, `value="payung"`) {
			t.Errorf("ambiguous region: %d\n%s", l.Code, l.Body)
		}
		if l := do(t, srv, "GET", "/kampung?from=kemarin", nil); l.Code != http.StatusBadRequest {
			t.Errorf("bad date: %d", l.Code)
		}
		csv := do(t, srv, "GET", "/kampung?region=Tumbuh+Mulia&format=csv", nil)
		lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "id,nama,kode_desa,desa_kelurahan,kecamatan") ||
			!strings.Contains(lines[1], "Kampung KB Tumbuh Jaya,52.03.13.2007,Tumbuh Mulia,Suralaga,Kabupaten Lombok Timur,Dusun,Dasan Tumbu,2017-11-14") ||
			!strings.Contains(lines[1], "-8.5612,116.52") {
			t.Errorf("csv = %q", csv.Body)
		}
		if x := do(t, srv, "GET", "/kampung?format=xlsx", nil); x.Code != 200 || !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("xlsx: %d", x.Code)
		}
	})
}

func TestAPIKampung(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := newServer(t, db)
		body := `{"name":"Kampung KB Tumbuh Jaya","village_code":"5203132007","coverage":"dusun","coverage_detail":"Dasan Tumbu",
			"launch_date":"2017-11-14","criteria":["kb_rendah"],"latitude":-8.5612,"longitude":116.52}`
		r := postJSON(t, srv, "POST", "/api/v1/kampung", body)
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var k kampungkb.Kampung
		json.Unmarshal([]byte(r.Body), &k)
		if k.ID == 0 || k.VillageCode != "52.03.13.2007" || k.Village.Name != "Tumbuh Mulia" || len(k.Path) != 4 ||
			r.Header.Get("Location") != "/api/v1/kampung/"+itoa(k.ID) {
			t.Errorf("created %+v", k)
		}
		type apiErr struct {
			Error struct {
				Code    string
				Message string
				Fields  map[string]string
			}
		}
		for _, c := range []struct {
			name, body string
			fields     []string
		}{
			{"unknown field", `{"name":"X","desa":"52.03.13.2007"}`, []string{"desa"}},
			{"malformed", `{"name":`, nil},
			{"validation", `{"name":"","village_code":"52.03.13","coverage":"rt","launch_date":"2030-01-01"}`,
				[]string{"name", "village_code", "coverage", "launch_date"}},
		} {
			r := postJSON(t, srv, "POST", "/api/v1/kampung", c.body)
			var e apiErr
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Code != 400 || e.Error.Code != "invalid" || e.Error.Message == "" {
				t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
			}
			for _, f := range c.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("%s: no message for %s: %s", c.name, f, r.Body)
				}
			}
		}
		if n := kampungCount(t, db); n != 1 {
			t.Errorf("bad requests stored something: %d kampung", n)
		}

		id := itoa(k.ID)
		var l struct {
			Items []map[string]any
			Total int
		}
		json.Unmarshal([]byte(do(t, srv, "GET", "/api/v1/kampung?region=52.03.13", nil).Body), &l)
		if l.Total != 1 || len(l.Items) != 1 || l.Items[0]["kecamatan_name"] != "Suralaga" {
			t.Errorf("list: %+v", l)
		}
		stale := postJSON(t, srv, "PUT", "/api/v1/kampung/"+id, strings.Replace(body, `"name"`, `"version":7,"name"`, 1))
		if stale.Code != http.StatusConflict || !strings.Contains(stale.Body, `"conflict"`) {
			t.Errorf("stale put: %d %s", stale.Code, stale.Body)
		}
		ok := postJSON(t, srv, "PUT", "/api/v1/kampung/"+id, strings.Replace(body, `"name"`, `"version":1,"name"`, 1))
		if ok.Code != http.StatusOK || !strings.Contains(ok.Body, `"version":2`) {
			t.Errorf("put: %d %s", ok.Code, ok.Body)
		}

		// profiles
		p := postJSON(t, srv, "POST", "/api/v1/kampung/"+id+"/profiles", `{"as_of":"2026-06-30","pokja_exists":true,
			"pokja_members":10,"pokja_trained":3,"programs":["bkb"],"mechanisms":[{"code":"sosialisasi","frequency":"bulanan"}]}`)
		if p.Code != http.StatusCreated || !strings.Contains(p.Body, `"current":true`) {
			t.Fatalf("profile: %d %s", p.Code, p.Body)
		}
		var prof kampungkb.Profile
		json.Unmarshal([]byte(p.Body), &prof)
		if bad := postJSON(t, srv, "POST", "/api/v1/kampung/"+id+"/profiles", `{"as_of":"2026-06-30","pokja_members":2,"pokja_trained":5}`); bad.Code != 400 ||
			!strings.Contains(bad.Body, `"pokja_trained"`) {
			t.Errorf("invalid profile: %d %s", bad.Code, bad.Body)
		}
		if cur := do(t, srv, "GET", "/api/v1/kampung/"+id+"/profiles/current", nil); cur.Code != 200 || !strings.Contains(cur.Body, `"pokja_members":10`) {
			t.Errorf("current: %d %s", cur.Code, cur.Body)
		}
		if one := do(t, srv, "GET", "/api/v1/kampung/"+id+"/profiles/"+itoa(prof.ID), nil); one.Code != 200 || !strings.Contains(one.Body, `"sosialisasi"`) {
			t.Errorf("one: %d %s", one.Code, one.Body)
		}
		if hist := do(t, srv, "GET", "/api/v1/kampung/"+id+"/profiles", nil); !strings.Contains(hist.Body, `"total":1`) {
			t.Errorf("history: %s", hist.Body)
		}

		// delete is refused while an agreement names the kampung as a party
		nw := kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"}
		if err := db.CreatePartner(t.Context(), &nw); err != nil {
			t.Fatal(err)
		}
		pks := kampungkb.Agreement{Type: "pks", Title: "PKS Penyuluhan KB di Tumbuh Mulia", SignedOn: kampungkb.MustDate("2024-01-10"),
			Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: nw.ID}, {Kind: "kampung", KampungID: k.ID}}}
		if err := db.CreateAgreement(t.Context(), &pks); err != nil {
			t.Fatal(err)
		}
		del := do(t, srv, "DELETE", "/api/v1/kampung/"+id, nil)
		if del.Code != http.StatusConflict || !strings.Contains(del.Body, `"conflict"`) || !strings.Contains(del.Body, "perjanjian") {
			t.Errorf("delete referenced: %d %s", del.Code, del.Body)
		}
		page := postForm(t, srv, "/kampung/"+id+"/hapus", nil)
		if page.Code != http.StatusConflict || !strings.Contains(page.Body, "Arsipkan Kampung KB ini") {
			t.Errorf("delete page: %d", page.Code)
		}
		if _, err := db.Kampung(t.Context(), k.ID); err != nil {
			t.Errorf("kampung gone after refused delete: %v", err)
		}
		if nf := do(t, srv, "GET", "/api/v1/kampung/999", nil); nf.Code != 404 || !strings.Contains(nf.Body, `"not_found"`) {
			t.Errorf("missing: %d %s", nf.Code, nf.Body)
		}
		if nf := do(t, srv, "GET", "/api/v1/kampung/999/profiles/current", nil); nf.Code != 404 {
			t.Errorf("missing kampung's profile: %d %s", nf.Code, nf.Body)
		}
	})
}
