package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"kampungkb"
)

// maxJSONBody bounds API request bodies.
const maxJSONBody = 1 << 20

// list is the shape of every API list answer (formats.md "HTTP").
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// apiError is the error body of the API.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

// writeError answers err as JSON with the status of its kind.
func writeError(w http.ResponseWriter, err error) {
	var body apiError
	body.Error.Code = string(kampungkb.ErrorKind(err))
	body.Error.Message = kampungkb.ErrorMessage(err)
	body.Error.Fields = kampungkb.ErrorFields(err)
	writeJSON(w, statusOf(err), body)
}

func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if statusOf(err) >= 500 {
		s.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeError(w, err)
}

// decodeJSON reads one JSON object into v: unknown fields, trailing data,
// wrong types and oversize bodies are Invalid errors naming the problem.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return kampungkb.Errorf(kampungkb.Invalid, "Content-Type harus application/json.")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return kampungkb.Errorf(kampungkb.Invalid, "JSON tidak valid: ada data setelah objek.")
	}
	return nil
}

func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &syn):
		return kampungkb.Errorf(kampungkb.Invalid, "JSON tidak valid pada posisi %d: %v.", syn.Offset, syn)
	case errors.As(err, &typ):
		return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Jenis nilai salah.",
			Fields: map[string]string{typ.Field: fmt.Sprintf("harus %s, bukan %s", typ.Type, typ.Value)}}
	case errors.As(err, &big):
		return kampungkb.Errorf(kampungkb.Invalid, "Isi permintaan terlalu besar (paling besar %d byte).", big.Limit)
	case errors.Is(err, io.EOF):
		return kampungkb.Errorf(kampungkb.Invalid, "Isi permintaan kosong: kirim objek JSON.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Field tidak dikenal: " + name + ".",
			Fields: map[string]string{name: "field tidak dikenal"}}
	}
	return kampungkb.Errorf(kampungkb.Invalid, "JSON tidak valid: %v.", err)
}

// pathID reads the {id} path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Alamat tidak valid: " + r.PathValue(name) + " bukan nomor data."}
	}
	return id, nil
}

// parseFilter reads list filters from the query string; the same names
// serve pages and the API: q, region, category, type, partner, kampung,
// agreement, activity, from, to, status, archived, limit, offset.
func parseFilter(r *http.Request) (kampungkb.Filter, error) {
	q := r.URL.Query()
	var f kampungkb.Filter
	var p kampungkb.Problems
	f.Q = strings.TrimSpace(q.Get("q"))
	if v := strings.TrimSpace(q.Get("region")); v != "" {
		code, _, ok := kampungkb.NormalizeRegionCode(v)
		if !ok {
			p.Add("region", "Kode wilayah tidak valid: "+v+".")
		}
		f.Region = code
	}
	f.Category = q.Get("category")
	f.Type = q.Get("type")
	f.Status = q.Get("status")
	ids := map[string]*int64{"partner": &f.PartnerID, "kampung": &f.KampungID, "agreement": &f.AgreementID, "activity": &f.ActivityID}
	for name, dst := range ids {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				p.Add(name, "Harus nomor data.")
			}
			*dst = n
		}
	}
	var err error
	if f.Period.From, err = kampungkb.ParseDate(q.Get("from")); err != nil {
		p.Add("from", err.Error())
	}
	if f.Period.To, err = kampungkb.ParseDate(q.Get("to")); err != nil {
		p.Add("to", err.Error())
	}
	if !f.Period.From.IsZero() && !f.Period.To.IsZero() && f.Period.To.Before(f.Period.From) {
		p.Add("to", "Tanggal akhir tidak boleh sebelum tanggal awal.")
	}
	f.Archived = q.Get("archived") == "1" || q.Get("archived") == "true"
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				p.Add(name, "Harus bilangan bulat ≥ 0.")
			}
			*dst = n
		}
	}
	return f, p.Err("filter")
}
