package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func contributionCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	_, total, _, err := db.Contributions(t.Context(), kampungkb.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func TestContributionFormRefusesNegativeAmount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		for _, amount := range []string{"-5000", "Rp -5.000"} {
			r := postForm(t, srv, "/kontribusi", url.Values{"partner_id": {itoa(rkb.ID)}, "kampung_id": {itoa(k.ID)},
				"kind": {"uang"}, "amount": {amount}, "date": {"2019-12-10"}, "description": {"Dana <pelatihan>"}, "beneficiaries": {"25"}})
			if r.Code != http.StatusBadRequest {
				t.Fatalf("%s: status = %d, want 400\n%s", amount, r.Code, r.Body)
			}
			for _, want := range []string{"Jumlah tidak boleh negatif.", `href="#f-amount"`, `id="f-amount-err"`, `value="` + amount + `"`,
				`<option value="` + itoa(rkb.ID) + `" selected>`, `<option value="` + itoa(k.ID) + `" selected>Tumbuh Jaya (Tumbuh Mulia)</option>`,
				`<input type="radio" name="kind" value="uang" checked>`, `value="2019-12-10"`, "Dana &lt;pelatihan&gt;", `value="25"`,
				`inputmode="numeric"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("%s: form page lacks %s", amount, want)
				}
			}
		}
		// Other problems show with the amount's.
		r := postForm(t, srv, "/kontribusi", url.Values{"kind": {"barang"}, "amount": {"satu juta"}, "date": {"2027-01-01"}})
		for _, want := range []string{"Pilih mitra pemberi kontribusi.", "Tulis jumlah dalam Rupiah", "tidak boleh di masa depan",
			"Pilih Kampung KB dan/atau kegiatan", "Jelaskan barang/jasa/tenaga", `value="satu juta"`} {
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, want) {
				t.Errorf("several problems: %d, lacks %s", r.Code, want)
			}
		}
		if n := contributionCount(t, db); n != 0 {
			t.Errorf("%d contributions stored after failed forms", n)
		}
	})
}

func TestContributionCreateListSumAndDownload(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		other := mustKampung(t, db, "Anjani Sejahtera", "52.03.13.2001")
		a := mustActivity(t, db, trainingTitle, "2019-12-10", []int64{other.ID, k.ID}, []int64{rkb.ID})

		nf := do(t, srv, "GET", "/kontribusi/baru?activity="+itoa(a.ID), nil)
		for _, want := range []string{`<option value="` + itoa(a.ID) + `" selected>10 Desember 2019 · ` + trainingTitle,
			`<option value="` + itoa(other.ID) + `" selected>`, `<option value="` + itoa(rkb.ID) + `" selected>`, `value="2026-11-28"`} {
			if nf.Code != 200 || !strings.Contains(nf.Body, want) {
				t.Errorf("new form with activity: %d, lacks %s", nf.Code, want)
			}
		}
		if nf := do(t, srv, "GET", "/kontribusi/baru?partner="+itoa(rkb.ID)+"&kampung="+itoa(k.ID), nil); !strings.Contains(nf.Body, `<option value="`+itoa(k.ID)+`" selected>`) {
			t.Errorf("new form with kampung: lacks the selection")
		}

		r := postForm(t, srv, "/kontribusi", url.Values{"partner_id": {itoa(rkb.ID)}, "kampung_id": {itoa(k.ID)}, "activity_id": {itoa(a.ID)},
			"kind": {"uang"}, "amount": {"Rp 1.500.000"}, "date": {"2019-12-10"}, "description": {"Honor pelatih"}, "beneficiaries": {"25"}})
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/kontribusi/") {
			t.Fatalf("create: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		cURL := r.Header.Get("Location")
		id := strings.TrimPrefix(cURL, "/kontribusi/")
		n, _ := json.Number(id).Int64()
		c, err := db.Contribution(t.Context(), n)
		if err != nil || c.Amount != 1500000 || c.KampungID != k.ID || c.ActivityID != a.ID || c.Beneficiaries != 25 {
			t.Fatalf("stored %+v, %v", c, err)
		}
		show := do(t, srv, "GET", cURL, nil)
		for _, want := range []string{"Uang Rp 1.500.000 dari Rumah Kreatif BUMN Pertamina Pancor", "10 Desember 2019", "Honor pelatih",
			`href="/kegiatan/` + itoa(a.ID) + `"`, `href="/kampung/` + itoa(k.ID) + `"`, `href="/mitra/` + itoa(rkb.ID) + `"`, "25 orang/keluarga"} {
			if !strings.Contains(show.Body, want) {
				t.Errorf("show page lacks %s", want)
			}
		}
		// A second contribution, in kind, to the other Kampung KB.
		if r := postForm(t, srv, "/kontribusi", url.Values{"partner_id": {itoa(rkb.ID)}, "kampung_id": {itoa(other.ID)},
			"kind": {"barang"}, "amount": {"250.000"}, "date": {"2020-02-01"}, "description": {"Bahan aksesoris"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("create in kind: %d\n%s", r.Code, r.Body)
		}

		l := do(t, srv, "GET", "/kontribusi", nil)
		for _, want := range []string{"Jumlah: <strong>Rp 1.750.000</strong>", "Rp 1.500.000", "Rp 250.000", "Menampilkan 1–2 dari 2",
			"Honor pelatih", "Bahan aksesoris", ">" + trainingTitle + "</a>"} {
			if !strings.Contains(l.Body, want) {
				t.Errorf("list lacks %s", want)
			}
		}
		for _, c := range []struct{ path, sum string }{
			{"/kontribusi?type=uang", "Rp 1.500.000"},
			{"/kontribusi?kampung=" + itoa(k.ID), "Rp 1.500.000"},
			{"/kontribusi?activity=" + itoa(a.ID), "Rp 1.500.000"},
			{"/kontribusi?region=Suralaga&partner=" + itoa(rkb.ID), "Rp 1.750.000"},
			{"/kontribusi?from=2020-01-01&q=bahan", "Rp 250.000"},
		} {
			if l := do(t, srv, "GET", c.path, nil); l.Code != 200 || !strings.Contains(l.Body, "Jumlah: <strong>"+c.sum+"</strong>") {
				t.Errorf("%s: %d, sum is not %s", c.path, l.Code, c.sum)
			}
		}
		if l := do(t, srv, "GET", "/kontribusi?activity="+itoa(a.ID), nil); !strings.Contains(l.Body, "Kontribusi untuk kegiatan <a href=\"/kegiatan/"+itoa(a.ID)) {
			t.Errorf("activity filter: no note")
		}
		act := do(t, srv, "GET", "/kegiatan/"+itoa(a.ID), nil)
		if !strings.Contains(act.Body, "1 kontribusi, jumlah Rp 1.500.000.") || !strings.Contains(act.Body, `href="`+cURL+`"`) {
			t.Errorf("activity page lacks its contribution")
		}

		csv := do(t, srv, "GET", "/kontribusi?format=csv", nil)
		lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
		if csv.Code != 200 || len(lines) != 3 || lines[0] != "id,tanggal,mitra,kampung_kb,kegiatan,perjanjian,jenis,jumlah_rp,keterangan,penerima_manfaat" ||
			!strings.Contains(lines[2], `,2019-12-10,Rumah Kreatif BUMN Pertamina Pancor,Tumbuh Jaya,"`+trainingTitle+`",,Uang,1500000,Honor pelatih,25`) ||
			!strings.Contains(lines[1], ",Barang,250000,Bahan aksesoris,0") {
			t.Errorf("csv = %d %q", csv.Code, csv.Body)
		}
		x := do(t, srv, "GET", "/kontribusi?type=uang&format=xlsx", nil)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		if v, _ := f.GetCellValue("kontribusi", "H2"); v != "1500000" {
			t.Errorf("xlsx amount = %q", v)
		}
		if typ, _ := f.GetCellType("kontribusi", "H2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("xlsx amount is text (%v)", typ)
		}

		edit := do(t, srv, "GET", cURL+"/ubah", nil)
		if !strings.Contains(edit.Body, `value="1.500.000"`) || !strings.Contains(edit.Body, `name="version" value="1"`) {
			t.Errorf("edit form lacks the amount or version")
		}
		v := url.Values{"partner_id": {itoa(rkb.ID)}, "activity_id": {itoa(a.ID)}, "kind": {"uang"}, "amount": {"2.000.000"},
			"date": {"2019-12-10"}, "version": {"3"}}
		if r := postForm(t, srv, cURL, v); r.Code != http.StatusConflict || !strings.Contains(r.Body, `value="2.000.000"`) {
			t.Errorf("stale edit: %d", r.Code)
		}
		v.Set("version", "1")
		if r := postForm(t, srv, cURL, v); r.Code != http.StatusSeeOther {
			t.Errorf("edit: %d\n%s", r.Code, r.Body)
		}
		if c, _ := db.Contribution(t.Context(), n); c.Amount != 2000000 || c.KampungID != 0 {
			t.Errorf("after edit %+v", c)
		}
		if r := postForm(t, srv, "/kontribusi/"+id+"/hapus", nil); r.Code != http.StatusSeeOther {
			t.Errorf("delete: %d", r.Code)
		}
		if n := contributionCount(t, db); n != 1 {
			t.Errorf("%d contributions after delete, want 1", n)
		}
	})
}

func TestAPIContributions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv, k, rkb := activityServer(t, db)
		body := `{"partner_id":` + itoa(rkb.ID) + `,"kampung_id":` + itoa(k.ID) + `,"kind":"uang","amount":1500000,"date":"2019-12-10"}`
		r := postJSON(t, srv, "POST", "/api/v1/contributions", body)
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var c kampungkb.Contribution
		json.Unmarshal([]byte(r.Body), &c)
		if c.ID == 0 || c.Version != 1 || c.PartnerName != rkb.Name || c.KampungName != "Tumbuh Jaya" ||
			r.Header.Get("Location") != "/api/v1/contributions/"+itoa(c.ID) {
			t.Errorf("created %+v", c)
		}
		for _, x := range []struct{ name, body, field string }{
			{"unknown field", `{"partner_id":1,"jumlah":5}`, "jumlah"},
			{"malformed", `{"partner_id":`, ""},
			{"wrong type", `{"amount":"1.500.000"}`, "amount"},
			{"negative", `{"partner_id":` + itoa(rkb.ID) + `,"kampung_id":` + itoa(k.ID) + `,"kind":"uang","amount":-5000,"date":"2019-12-10"}`, "amount"},
			{"missing partner", `{"partner_id":999,"kampung_id":` + itoa(k.ID) + `,"kind":"uang","amount":5,"date":"2019-12-10"}`, "partner_id"},
		} {
			r := postJSON(t, srv, "POST", "/api/v1/contributions", x.body)
			var e struct {
				Error struct {
					Code    string
					Message string
					Fields  map[string]string
				}
			}
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Code != 400 || e.Error.Code != "invalid" ||
				(x.field != "" && e.Error.Fields[x.field] == "") {
				t.Errorf("%s: %d %s", x.name, r.Code, r.Body)
			}
		}
		if n := contributionCount(t, db); n != 1 {
			t.Errorf("bad requests stored something: %d contributions", n)
		}
		postJSON(t, srv, "POST", "/api/v1/contributions", strings.Replace(body, `"amount":1500000`, `"amount":250000`, 1))
		list := do(t, srv, "GET", "/api/v1/contributions?kampung="+itoa(k.ID)+"&limit=1", nil)
		var l struct {
			Items []kampungkb.Contribution
			Total int
			Sum   int64
		}
		if err := json.Unmarshal([]byte(list.Body), &l); err != nil || l.Total != 2 || len(l.Items) != 1 || l.Sum != 1750000 {
			t.Errorf("list: %s", list.Body)
		}
		if empty := do(t, srv, "GET", "/api/v1/contributions?type=jasa", nil); !strings.Contains(empty.Body, `{"items":[],"total":0,"sum":0}`) {
			t.Errorf("empty list: %s", empty.Body)
		}
		stale := strings.Replace(body, `"kind"`, `"version":4,"kind"`, 1)
		if r := postJSON(t, srv, "PUT", "/api/v1/contributions/"+itoa(c.ID), stale); r.Code != http.StatusConflict || !strings.Contains(r.Body, `"code":"conflict"`) {
			t.Errorf("stale put: %d %s", r.Code, r.Body)
		}
		ok := strings.Replace(body, `"kind"`, `"version":1,"kind"`, 1)
		if r := postJSON(t, srv, "PUT", "/api/v1/contributions/"+itoa(c.ID), ok); r.Code != http.StatusOK || !strings.Contains(r.Body, `"version":2`) {
			t.Errorf("put: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/contributions/"+itoa(c.ID), nil); r.Code != 200 || !strings.Contains(r.Body, `"amount":1500000`) {
			t.Errorf("get: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "DELETE", "/api/v1/contributions/"+itoa(c.ID), nil); r.Code != http.StatusNoContent {
			t.Errorf("delete: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "GET", "/api/v1/contributions/"+itoa(c.ID), nil); r.Code != http.StatusNotFound {
			t.Errorf("deleted: %d", r.Code)
		}
	})
}
