package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestAPIFamiliesAndMembers(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		srv := childServer(t, db, fakeScorer)
		ctx := kampungkb.WithActor(context.Background(), testAdmin)
		decode := func(r resp, v any) {
			t.Helper()
			if err := json.Unmarshal([]byte(r.Body), v); err != nil {
				t.Fatalf("%v\n%s", err, r.Body)
			}
		}
		type apiErr struct {
			Error struct {
				Code    string            `json:"code"`
				Message string            `json:"message"`
				Fields  map[string]string `json:"fields"`
			} `json:"error"`
		}

		// invalid input: every problem at its field, in Bahasa Indonesia
		r := postJSON(t, srv, "POST", "/api/v1/families", `{"village_code":"5203132007","no_kk":"5203 1234","welfare_decile":12}`)
		var e apiErr
		decode(r, &e)
		if r.Code != http.StatusBadRequest || e.Error.Code != "invalid" || !strings.Contains(e.Error.Fields["no_kk"], "16 angka") ||
			!strings.Contains(e.Error.Fields["welfare_decile"], "1–10") {
			t.Fatalf("invalid family: %d %+v", r.Code, e)
		}
		if r := postJSON(t, srv, "POST", "/api/v1/families", `{"dusun":"Dasan","toilet":"emas"}`); r.Code != http.StatusBadRequest ||
			!strings.Contains(r.Body, `"village_code"`) || !strings.Contains(r.Body, `"toilet"`) {
			t.Errorf("family without village: %d %s", r.Code, r.Body)
		}
		if r := postJSON(t, srv, "POST", "/api/v1/families", `{"village_code":"52.03.13.2007","members":[]}`); r.Code != http.StatusBadRequest {
			t.Errorf("members in a family body: %d", r.Code)
		}

		// create: the dotless village code is accepted, the id is made
		r = postJSON(t, srv, "POST", "/api/v1/families", `{"village_code":"5203132007","no_kk":"5203131204150001","dusun":"Dasan Baru",
			"rt":"002","water_source":"sumur_tak_terlindungi","toilet":"tanpa_septik"}`)
		var fam struct {
			kampungkb.Family
			Members []kampungkb.Member `json:"members"`
		}
		decode(r, &fam)
		fid := "5203132007-W00001"
		if r.Code != http.StatusCreated || fam.FamilyID != fid || fam.VillageCode != "52.03.13.2007" || fam.Version != 1 ||
			r.Header.Get("Location") != "/api/v1/families/"+fid || fam.Members == nil {
			t.Fatalf("create family: %d %s %+v", r.Code, r.Header.Get("Location"), fam)
		}

		// members: field messages, then one saved with the NIK warning
		r = postJSON(t, srv, "POST", "/api/v1/families/"+fid+"/members", `{"name":"","sex":"l","birth_date":"2030-01-01","pregnant":true,"nik":"52031312"}`)
		e = apiErr{}
		decode(r, &e)
		for _, f := range []string{"name", "birth_date", "pregnant", "nik"} {
			if e.Error.Fields[f] == "" {
				t.Errorf("member without a message at %s: %+v", f, e)
			}
		}
		if r := postJSON(t, srv, "POST", "/api/v1/families/"+fid+"/members", `{"name":"X","birth_date":"kemarin"}`); r.Code != http.StatusBadRequest {
			t.Errorf("bad date: %d %s", r.Code, r.Body)
		}
		r = postJSON(t, srv, "POST", "/api/v1/families/"+fid+"/members", `{"name":"Baiq Aminah","sex":"p","birth_date":"2002-03-04",
			"relation":"istri","marital_status":"kawin","marriage_age":17,"children_born":2,"last_birth_date":"2026-01-10",
			"kb_reason":"iat","nik":"5203134403030001","version":1}`)
		var m struct {
			kampungkb.Member
			Warning string `json:"warning"`
		}
		decode(r, &m)
		if r.Code != http.StatusCreated || m.MemberNo != 1 || m.Warning == "" || r.Header.Get("Location") != "/api/v1/families/"+fid+"/members/1" {
			t.Fatalf("member: %d %s %+v", r.Code, r.Header.Get("Location"), m)
		}
		// a stale family version is refused
		if r := postJSON(t, srv, "POST", "/api/v1/families/"+fid+"/members", `{"name":"Lalu Ahmad","sex":"l","birth_date":"1998-05-06","version":1}`); r.Code != http.StatusConflict ||
			!strings.Contains(r.Body, `"conflict"`) {
			t.Errorf("stale version: %d %s", r.Code, r.Body)
		}
		r = postJSON(t, srv, "POST", "/api/v1/families/"+fid+"/members", `{"member_no":5,"name":"Lalu Ahmad","sex":"l","birth_date":"1998-05-06","relation":"kepala","nik":"5203130605980002"}`)
		if r.Code != http.StatusCreated {
			t.Fatalf("second member: %d %s", r.Code, r.Body)
		}
		if r := postJSON(t, srv, "POST", "/api/v1/families/"+fid+"/members", `{"member_no":5,"name":"Dua","sex":"l","birth_date":"1998-05-06"}`); r.Code != http.StatusBadRequest ||
			!strings.Contains(r.Body, "sudah dipakai") {
			t.Errorf("taken member number: %d %s", r.Code, r.Body)
		}

		// read: masked unless nik=1; both audited
		r = do(t, srv, "GET", "/api/v1/families/"+fid, nil)
		fam.Members = nil
		decode(r, &fam)
		if r.Code != 200 || len(fam.Members) != 2 || fam.NoKK != "5203••••••••0001" || fam.Members[1].NIK != "5203••••••••0002" || fam.Version != 3 {
			t.Fatalf("family: %d %+v", r.Code, fam)
		}
		r = do(t, srv, "GET", "/api/v1/families/"+fid+"?nik=1", nil)
		decode(r, &fam)
		if fam.NoKK != "5203131204150001" || fam.Members[0].NIK != "5203134403030001" {
			t.Errorf("family with nik=1: %+v", fam)
		}
		entries, _, err := db.AuditEntries(ctx, sqldb.AuditFilter{Action: "view_personal", EntityID: fid})
		if err != nil || len(entries) != 2 || !strings.Contains(entries[0].Summary, "lengkap") {
			t.Errorf("audit of views: %v %+v", err, entries)
		}
		if r := do(t, srv, "GET", "/api/v1/families/TIDAK-ADA", nil); r.Code != http.StatusNotFound || !strings.Contains(r.Body, `"not_found"`) {
			t.Errorf("missing family: %d %s", r.Code, r.Body)
		}

		// list: search by name and by NIK (audited), filters, paging
		for _, c := range []struct {
			query string
			total int
		}{
			{"", 1}, {"?q=aminah", 1}, {"?q=budi", 0}, {"?q=5203130605980002", 1}, {"?q=5203131204150001", 1}, {"?q=" + fid, 1},
			{"?region=52.03.13", 1}, {"?region=5203071001", 0}, {"?dusun=dasan%20baru&rt=002", 1}, {"?rt=003", 0},
		} {
			r := do(t, srv, "GET", "/api/v1/families"+c.query, nil)
			var l struct {
				Items []kampungkb.Family `json:"items"`
				Total int                `json:"total"`
			}
			decode(r, &l)
			if r.Code != 200 || l.Total != c.total || len(l.Items) != c.total || l.Items == nil {
				t.Errorf("families%s: %d total %d, want %d", c.query, r.Code, l.Total, c.total)
			}
			if c.total > 0 && l.Items[0].NoKK != "5203••••••••0001" {
				t.Errorf("families%s: No. KK not masked: %q", c.query, l.Items[0].NoKK)
			}
		}
		if r := do(t, srv, "GET", "/api/v1/families?region=xx&limit=-1", nil); r.Code != http.StatusBadRequest ||
			!strings.Contains(r.Body, `"region"`) || !strings.Contains(r.Body, `"limit"`) {
			t.Errorf("bad filters: %d %s", r.Code, r.Body)
		}
		entries, _, _ = db.AuditEntries(ctx, sqldb.AuditFilter{Action: "view_personal", Entity: "family"})
		searches := 0
		for _, e := range entries {
			if strings.Contains(e.Summary, "Mencari") {
				searches++
			}
		}
		if searches != 2 {
			t.Errorf("NIK searches audited %d times, want 2", searches)
		}

		// update the family: version checked, id fixed
		r = postJSON(t, srv, "PUT", "/api/v1/families/"+fid, `{"village_code":"52.03.13.2007","toilet":"sendiri_septik","version":3}`)
		decode(r, &fam)
		if r.Code != 200 || fam.Toilet != "sendiri_septik" || fam.Version != 4 {
			t.Fatalf("update family: %d %s", r.Code, r.Body)
		}
		if r := postJSON(t, srv, "PUT", "/api/v1/families/"+fid, `{"village_code":"52.03.13.2007","version":3}`); r.Code != http.StatusConflict {
			t.Errorf("stale family update: %d", r.Code)
		}
		if r := postJSON(t, srv, "PUT", "/api/v1/families/"+fid, `{"family_id":"LAIN","village_code":"52.03.13.2007"}`); r.Code != http.StatusBadRequest ||
			!strings.Contains(r.Body, "family_id") {
			t.Errorf("family id change: %d %s", r.Code, r.Body)
		}

		// update and delete a member
		r = postJSON(t, srv, "PUT", "/api/v1/families/"+fid+"/members/5", `{"name":"Lalu Ahmad Fauzi","sex":"l","birth_date":"1998-05-06","relation":"kepala","version":4}`)
		m.Member, m.Warning = kampungkb.Member{}, ""
		decode(r, &m)
		if r.Code != 200 || m.Name != "Lalu Ahmad Fauzi" || m.MemberNo != 5 || m.NIK != "" {
			t.Fatalf("update member: %d %s", r.Code, r.Body)
		}
		if r := postJSON(t, srv, "PUT", "/api/v1/families/"+fid+"/members/9", `{"name":"X","sex":"l","birth_date":"1998-05-06"}`); r.Code != http.StatusNotFound {
			t.Errorf("missing member: %d", r.Code)
		}
		if r := postJSON(t, srv, "PUT", "/api/v1/families/"+fid+"/members/5", `{"member_no":6,"name":"X","sex":"l","birth_date":"1998-05-06"}`); r.Code != http.StatusBadRequest {
			t.Errorf("member number change: %d", r.Code)
		}
		if r := do(t, srv, "DELETE", "/api/v1/families/"+fid+"/members/5?version=4", nil); r.Code != http.StatusConflict {
			t.Errorf("stale delete: %d %s", r.Code, r.Body)
		}
		if r := do(t, srv, "DELETE", "/api/v1/families/"+fid+"/members/5?version=5", nil); r.Code != http.StatusNoContent {
			t.Errorf("delete member: %d %s", r.Code, r.Body)
		}
		got, err := db.Family(ctx, fid)
		if err != nil || len(got.Members) != 1 || got.Version != 6 {
			t.Errorf("after delete: %v %+v", err, got)
		}
	})
}
