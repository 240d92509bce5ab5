package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// Fuzz targets for everything that reads what clients send: the form
// decoders of the pages and decodeJSON of the API (go test -fuzz
// FuzzDecodePartner ./web, ...; scripts/test runs each for a few seconds).
// Form input is a URL-encoded body, parsed as the server parses it. The
// properties: no panic; problems name a field and say something; a
// decoded record either validates or fails validation with field
// messages; and a record that is accepted holds only valid UTF-8 text (so
// that PostgreSQL, which refuses invalid UTF-8, stores it too).

// fuzzServer is a server over a SQLite database with Lombok Timur's
// regions, for decoders that resolve region names.
func fuzzServer(f *testing.F) *Server {
	f.Helper()
	db := testutil.MustOpenDB(f, sqldb.SQLite)
	testutil.MustLoadRegions(f, db, "52.03")
	now := func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	s, err := New(db, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now})
	if err != nil {
		f.Fatal(err)
	}
	return s
}

var fuzzCtx = kampungkb.WithActor(context.Background(), kampungkb.SystemActor)

// formInput parses a fuzz input as the body of a posted form.
func formInput(raw string) url.Values {
	v, _ := url.ParseQuery(raw) // keeps what parses, as ParseForm does
	return v
}

// assertDecoded checks the outcome of decoding a form into record:
// problems from the decoder, or the error of validating the record.
func assertDecoded(t *testing.T, problems kampungkb.Problems, record any, validate func() error) {
	t.Helper()
	for field, msg := range problems {
		if field == "" || msg == "" {
			t.Fatalf("problem without field or message: %q: %q", field, msg)
		}
	}
	err := validate()
	if err != nil {
		var e *kampungkb.Error
		if !errors.As(err, &e) || e.Kind != kampungkb.Invalid || len(e.Fields) == 0 || e.Message == "" {
			t.Fatalf("validation failed without field messages: %#v", err)
		}
		for field, msg := range e.Fields {
			if field == "" || msg == "" {
				t.Fatalf("validation problem without field or message: %q: %q", field, msg)
			}
		}
		return
	}
	if len(problems) == 0 {
		if path, s, ok := invalidUTF8(reflect.ValueOf(record), ""); !ok {
			t.Fatalf("accepted record holds invalid UTF-8 in %s: %q", path, s)
		}
		if _, err := json.Marshal(record); err != nil {
			t.Fatalf("accepted record cannot be served by the API: %v", err)
		}
	}
}

// invalidUTF8 finds a string that is not valid UTF-8 in v.
func invalidUTF8(v reflect.Value, path string) (string, string, bool) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return path, v.String(), false
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return invalidUTF8(v.Elem(), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if p, s, ok := invalidUTF8(v.Field(i), path+"."+v.Type().Field(i).Name); !ok {
				return p, s, false
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if p, s, ok := invalidUTF8(v.Index(i), path+"[]"); !ok {
				return p, s, false
			}
		}
	}
	return "", "", true
}

func FuzzDecodePartner(f *testing.F) {
	s := fuzzServer(f)
	f.Add(url.Values{"name": {"Muslimat NW Pancor"}, "category": {"ormas_keagamaan"}, "parent_id": {"1"}, "regions": {"Lombok Timur\n52.03.13.2007;5203"},
		"address": {"Jl. Pancor"}, "phone": {"0376-21234"}, "email": {"a@b.id"}, "website": {"https://nw.or.id"}, "notes": {"<b>catatan</b>"},
		"contact_name": {"Ibu Ani", ""}, "contact_position": {"Ketua"}, "contact_phone": {"0812"}, "contact_email": {"x@y"}, "version": {"3"}}.Encode())
	f.Add("name=&category=%3F&regions=Tumbuh&parent_id=-1&website=javascript%3Aalert(1)")
	f.Add("name=A&category=lsm&regions=Suralaga%0ASuralaga&contact_name=%ff%fe&contact_position=x")
	f.Add("name=%25_%5C&category=lsm&regions=%25&regions=_&contact_phone=%2B62+812&contact_email=")
	f.Add("name=A&category=lsm&contact_name=%ff&contact_position=%c3")
	f.Fuzz(func(t *testing.T, raw string) {
		m, problems := s.decodePartner(fuzzCtx, formInput(raw))
		assertDecoded(t, problems, m, func() error { c := m; c.Regions = append([]string(nil), m.Regions...); return c.Validate() })
	})
}

func FuzzDecodeKampung(f *testing.F) {
	s := fuzzServer(f)
	f.Add(url.Values{"name": {"Tumbuh Jaya"}, "village": {"Tumbuh Mulia"}, "coverage": {"dusun"}, "coverage_detail": {"Dasan Tumbu"},
		"launch_date": {"2017-11-14"}, "criteria": {"kb_rendah", "lainnya"}, "criteria_other": {"x"}, "area_types": {"miskin"},
		"description": {"d"}, "latitude": {"−8,5395"}, "longitude": {"116.518"}, "version": {"1"}}.Encode())
	f.Add("name=K&village=5203132007&coverage=desa&launch_date=2030-01-01&latitude=NaN&longitude=Inf")
	f.Add("name=K&village=52.03.13.2007&coverage=desa&launch_date=2020-01-01&latitude=NaN&longitude=nan")
	f.Add("name=K&village=Suralaga&coverage=rw&launch_date=2017-02-30&latitude=1e400&criteria=%ff")
	f.Fuzz(func(t *testing.T, raw string) {
		k, problems := s.decodeKampung(fuzzCtx, formInput(raw))
		assertDecoded(t, problems, k, func() error { c := k; return c.Validate(s.today()) })
	})
}

func FuzzDecodeProfile(f *testing.F) {
	s := fuzzServer(f)
	f.Add(url.Values{"as_of": {"2024-01-31"}, "pokja_exists": {"1"}, "pokja_sk": {"1"}, "pokja_sk_number": {"SK 1"}, "pokja_members": {"24"},
		"pokja_trained": {"12"}, "pokja_training_note": {"n"}, "pkb_assigned": {"1"}, "pkb_name": {"PKB"}, "pkb_nip": {"198001012006041001"},
		"pkb_contact": {"0376"}, "regulations": {"desa"}, "rkm": {"1"}, "data_uses": {"pk"}, "programs": {"bkb"}, "funding": {"apbn"},
		"mechanism_rapat_koordinasi": {"1"}, "frequency_rapat_koordinasi": {"lainnya"}, "frequency_other_rapat_koordinasi": {"dua kali"},
		"note": {"catatan"}}.Encode())
	f.Add("as_of=2024-01-31&guide=lainnya&guide_other=&pokja_members=1.000&pokja_trained=-5&frequency_laporan=bulanan")
	f.Add("as_of=&pokja_members=99999999999999999999&mechanism_x=1&frequency_other_laporan=%ff")
	f.Fuzz(func(t *testing.T, raw string) {
		p, problems := decodeProfile(formInput(raw))
		assertDecoded(t, problems, p, func() error { c := p; return c.Validate(s.today()) })
	})
}

func FuzzDecodeAgreement(f *testing.F) {
	s := fuzzServer(f)
	f.Add(url.Values{"type": {"mou"}, "number": {"01/MoU/2019"}, "title": {"Pembinaan <NTB>"}, "signed_on": {"2019-12-10"},
		"valid_from": {"2019-12-10"}, "valid_to": {"2024-12-09"}, "parent_id": {"2"},
		"party_kind": {"mitra", "pemda", "desa", ""}, "party_partner": {"1", "", "", ""}, "party_kampung": {"", "", "", ""},
		"party_region": {"", "Lombok Timur", "Tumbuh Mulia", ""}, "party_name": {"", "Pemkab", "Desa", ""},
		"party_signatory": {"Ketua", "Bupati", "", ""}, "functions": {"pendidikan"}, "program_areas": {"stunting"},
		"description": {"d"}, "version": {"1"}}.Encode())
	f.Add("type=pks&title=T&signed_on=2019-12-10&party_kind=kampung&party_kampung=x&party_kind=bkkbn&party_region=Suralaga")
	f.Add("party_kind=&party_name=x&party_kind=opd_kb&party_region=%25&valid_to=2019-01-01&signed_on=2019-12-10")
	f.Fuzz(func(t *testing.T, raw string) {
		a, problems := s.decodeAgreement(fuzzCtx, formInput(raw))
		assertDecoded(t, problems, a, func() error {
			c := a
			c.Parties = append([]kampungkb.Party(nil), a.Parties...)
			return c.Validate()
		})
	})
}

func FuzzDecodeActivity(f *testing.F) {
	f.Add(url.Values{"title": {"Pelatihan aksesoris"}, "date": {"2019-12-10"}, "start_time": {"09.00"}, "end_time": {"15:00"},
		"place": {"Sekretariat"}, "kampung_ids": {"1", "2"}, "category": {"ekonomi"}, "type": {"pelatihan"}, "partner_ids": {"3"},
		"institutions": {"9"}, "other_institutions": {"x"}, "targets": {"pus"}, "participants_male": {"2"}, "participants_female": {"1.023"},
		"attendee_name": {"Ibu Sari", ""}, "attendee_sex": {"p", ""}, "attendee_role": {"Ketua", ""}, "agreement_id": {"3"},
		"description": {"d"}, "outcome": {"o"}, "version": {"2"}}.Encode())
	f.Add("title=T&date=2019-12-10&kampung_ids=1&kampung_ids=1&start_time=25:00&end_time=08:00&participants_male=-1")
	f.Add("title=T&date=2019-12-10&kampung_ids=1&category=ekonomi&type=pelatihan&participants_female=1&attendee_name=%ff&attendee_role=%c3")
	f.Add("attendee_name=%ff&attendee_sex=x&attendee_role=&kampung_ids=0&partner_ids=abc&agreement_id=9223372036854775808")
	f.Fuzz(func(t *testing.T, raw string) {
		a, problems := decodeActivity(formInput(raw))
		assertDecoded(t, problems, a, func() error { c := a; return c.Validate() })
	})
}

func FuzzDecodeContribution(f *testing.F) {
	s := fuzzServer(f)
	f.Add(url.Values{"partner_id": {"3"}, "kampung_id": {"1"}, "activity_id": {"1"}, "agreement_id": {"3"}, "kind": {"barang"},
		"amount": {"Rp 1.500.000"}, "date": {"2019-12-10"}, "description": {"Bahan"}, "beneficiaries": {"25"}, "version": {"1"}}.Encode())
	f.Add("partner_id=1&kampung_id=1&kind=uang&amount=-5&date=2030-01-01")
	f.Add("partner_id=1&activity_id=1&kind=uang&amount=1%2C50&date=2019-12-10&beneficiaries=1e3")
	f.Fuzz(func(t *testing.T, raw string) {
		c, problems := decodeContribution(formInput(raw))
		assertDecoded(t, problems, c, func() error { x := c; return x.Validate(s.today()) })
	})
}

// FuzzDecodeJSON sends arbitrary bodies to the API's JSON decoder, into
// each record type (which selects it). Refusals are Invalid errors with a
// message; an accepted record validates or fails with field messages, and
// encodes to JSON that decodes to the same record.
func FuzzDecodeJSON(f *testing.F) {
	today := kampungkb.NewDate(2026, 11, 28)
	targets := []struct {
		new      func() any
		validate func(any) error
	}{
		{func() any { return new(kampungkb.Partner) }, func(v any) error { return v.(*kampungkb.Partner).Validate() }},
		{func() any { return new(kampungkb.Kampung) }, func(v any) error { return v.(*kampungkb.Kampung).Validate(today) }},
		{func() any { return new(kampungkb.Profile) }, func(v any) error { return v.(*kampungkb.Profile).Validate(today) }},
		{func() any { return new(kampungkb.Agreement) }, func(v any) error { return v.(*kampungkb.Agreement).Validate() }},
		{func() any { return new(kampungkb.Activity) }, func(v any) error { return v.(*kampungkb.Activity).Validate() }},
		{func() any { return new(kampungkb.Contribution) }, func(v any) error { return v.(*kampungkb.Contribution).Validate(today) }},
	}
	f.Add(uint8(0), `{"name":"Rumah Kreatif BUMN","category":"bumn_bumd","regions":["5203071001"],"contacts":[{"name":"A"}]}`)
	f.Add(uint8(1), `{"name":"Tumbuh Jaya","village_code":"5203132007","coverage":"dusun","coverage_detail":"D","launch_date":"2017-11-14","latitude":-8.56,"longitude":116.52}`)
	f.Add(uint8(2), `{"as_of":"2024-01-31","pokja_exists":true,"pokja_members":3,"mechanisms":[{"code":"laporan","frequency":"bulanan"}]}`)
	f.Add(uint8(3), `{"type":"mou","title":"T","signed_on":"2019-12-10","parties":[{"kind":"mitra","partner_id":1},{"kind":"bkkbn","name":"B","region_code":"52"}]}`)
	f.Add(uint8(4), `{"title":"T","date":"2019-12-10","kampung_ids":[1],"category":"ekonomi","type":"pelatihan","attendees":[{"name":"\ud800","sex":"p"}]}`)
	f.Add(uint8(5), `{"partner_id":1,"kampung_id":1,"kind":"uang","amount":1500000,"date":"2019-12-10"}`)
	f.Add(uint8(0), `{"name":"X"} {}`)
	f.Add(uint8(1), `{"launch_date":"2017-13-01"}`)
	f.Add(uint8(4), `{"kampung_ids":"1"}`)
	f.Add(uint8(5), `{"amount":1e400}`)
	f.Add(uint8(3), `{"unknown":1}`)
	f.Add(uint8(2), ``)
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		target := targets[int(which)%len(targets)]
		decode := func(body string) (any, error) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			v := target.new()
			return v, decodeJSON(httptest.NewRecorder(), r, v)
		}
		v, err := decode(body)
		if err != nil {
			var e *kampungkb.Error
			if !errors.As(err, &e) || e.Kind != kampungkb.Invalid || e.Message == "" {
				t.Fatalf("refusal is not an Invalid error with a message: %#v", err)
			}
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("accepted record does not encode: %v", err)
		}
		w, err := decode(string(b))
		if err != nil {
			t.Fatalf("accepted record encodes as %s, which is refused: %v", b, err)
		}
		if b2, _ := json.Marshal(w); string(b2) != string(b) {
			t.Fatalf("JSON round trip changes the record:\n%s\n%s", b, b2)
		}
		assertDecoded(t, nil, v, func() error { return target.validate(v) })
	})
}

// FuzzListQuery sends arbitrary query strings (search boxes, filters,
// paging) to the lists of the API and the pages, over a database with
// records: the answer is a list or a refusal (4xx), never a server error,
// whatever the search text holds (SQL and LIKE metacharacters included).
func FuzzListQuery(f *testing.F) {
	s := fuzzServer(f)
	for _, m := range []kampungkb.Partner{{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"52.03"}},
		{Name: `100%_\ O'Brien`, Category: "lsm"}} {
		if err := s.db.CreatePartner(fuzzCtx, &m); err != nil {
			f.Fatal(err)
		}
	}
	paths := []string{"/api/v1/partners", "/api/v1/kampung", "/api/v1/agreements", "/api/v1/activities", "/api/v1/contributions",
		"/api/v1/regions", "/api/v1/coverage", "/mitra", "/kampung", "/kegiatan", "/kontribusi", "/perjanjian", "/wilayah", "/cakupan"}
	f.Add(uint8(0), "q=muslimat&region=52.03&limit=10&offset=0")
	f.Add(uint8(0), "q=%25&category=lsm&archived=1&limit=500")
	f.Add(uint8(1), "q=_&region=Lombok+Timur&partner=1&from=2019-01-01&to=2018-01-01")
	f.Add(uint8(3), "q=%27%3B+DROP+TABLE+activities%3B--&kampung=1&agreement=x&limit=-1")
	f.Add(uint8(5), "q=5203132007&level=9&region=52")
	f.Add(uint8(8), "q=%5C&region=Suralaga&format=csv")
	f.Add(uint8(6), "region=52.03&from=2026-01-01&to=2026-12-31")
	f.Add(uint8(12), "q=&offset=99999999999999999999")
	f.Fuzz(func(t *testing.T, which uint8, query string) {
		path := paths[int(which)%len(paths)]
		r := httptest.NewRequest("GET", path, nil)
		r.URL.RawQuery = query // any bytes a client may send after "?"
		r = r.WithContext(kampungkb.WithActor(r.Context(), kampungkb.SystemActor))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%s: %d %s", path, query, w.Code, w.Body.String())
		}
		if strings.HasPrefix(path, "/api/") && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("GET %s?%s: %d, not JSON: %s", path, query, w.Code, w.Body.String())
		}
	})
}
