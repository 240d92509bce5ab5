package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/indicator"
)

// page is what every HTML page template receives.
type page struct {
	Title   string
	Section string // active navigation item
	Crumbs  []crumb
	Flash   string
	Actor   *kampungkb.Actor
	Today   kampungkb.Date
	Form    *form
	Data    any
	Path    string
	Query   url.Values
}

// Can reports whether the page's actor has permission p (for menus and
// buttons; the routes enforce it).
func (p *page) Can(perm string) bool {
	return p.Actor != nil && p.Actor.Can(kampungkb.Permission(perm))
}

type crumb struct {
	Label, URL string
}

// parseTemplates parses each page with the layout and partials, once.
func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return err
	}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || strings.HasPrefix(base, "part_") {
			continue
		}
		t, err := template.New(base).Funcs(s.funcs()).ParseFS(assets, "templates/layout.html", "templates/part_*.html", name)
		if err != nil {
			return fmt.Errorf("template %s: %w", base, err)
		}
		if t.Lookup("content") == nil {
			return fmt.Errorf("template %s: no \"content\" block", base)
		}
		s.pages[base] = t
	}
	return nil
}

// render writes a page with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "Terjadi kesalahan di server.", http.StatusInternalServerError)
		return
	}
	if a, ok := kampungkb.ActorFrom(r.Context()); ok {
		p.Actor = &a
	}
	p.Today = s.today()
	p.Path = r.URL.Path
	p.Query = r.URL.Query()
	if p.Flash == "" {
		p.Flash = takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Terjadi kesalahan di server.", http.StatusInternalServerError)
		return
	}
	if p.Form != nil && len(p.Form.Errors) > 1 {
		// List the messages in the error summary in the order the fields
		// appear on the page: learn it from this rendering, render again.
		p.Form.orderBy(buf.Bytes())
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
			s.log.Error("render", "template", name, "err", err)
			http.Error(w, "Terjadi kesalahan di server.", http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// htmlError renders an error page whose status follows the error's kind.
func (s *Server) htmlError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.render(w, r, status, "error.html", &page{Title: statusTitle(status), Data: kampungkb.ErrorMessage(err)})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Alamat API tidak dikenal: " + r.Method + " " + r.URL.Path})
		return
	}
	s.render(w, r, http.StatusNotFound, "error.html", &page{Title: "Halaman tidak ditemukan",
		Data: "Halaman yang Anda cari tidak ada. Periksa alamatnya, atau kembali ke beranda."})
}

func statusTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Tidak ditemukan"
	case http.StatusConflict:
		return "Tidak dapat dilakukan"
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "Permintaan tidak valid"
	case http.StatusForbidden:
		return "Tidak diizinkan"
	}
	return "Terjadi kesalahan"
}

// statusOf maps error kinds to HTTP status codes (one table for HTML and JSON).
func statusOf(err error) int {
	switch kampungkb.ErrorKind(err) {
	case kampungkb.Invalid:
		return http.StatusBadRequest
	case kampungkb.NotFound:
		return http.StatusNotFound
	case kampungkb.Conflict:
		return http.StatusConflict
	case kampungkb.Forbidden:
		return http.StatusForbidden
	case kampungkb.Unauthenticated:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// Flash messages survive one redirect in a short cookie.
const flashCookie = "kkb_flash"

func setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	v, _ := url.QueryUnescape(c.Value)
	return v
}

// redirect sends the browser to target after a successful POST, with a
// flash message.
func redirect(w http.ResponseWriter, r *http.Request, target, flash string) {
	if flash != "" {
		setFlash(w, flash)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// form carries what the user typed and the messages about it, so that a
// form shown again after an error keeps every value.
type form struct {
	Values  url.Values
	Errors  map[string]string
	Message string
	order   []string
}

// fieldError is one message of the error summary.
type fieldError struct {
	Field, Message string
}

// ErrorList returns the field messages in page order (alphabetical until
// the order is known).
func (f *form) ErrorList() []fieldError {
	keys := make([]string, 0, len(f.Errors))
	for k := range f.Errors {
		keys = append(keys, k)
	}
	rank := map[string]int{}
	for i, k := range f.order {
		rank[k] = i + 1
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri == 0 {
			ri = 1 << 30
		}
		if rj == 0 {
			rj = 1 << 30
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	out := make([]fieldError, len(keys))
	for i, k := range keys {
		out[i] = fieldError{k, f.Errors[k]}
	}
	return out
}

// orderBy learns the order of the fields with errors from where their
// elements appear in a rendered page.
func (f *form) orderBy(html []byte) {
	pos := map[string]int{}
	for k := range f.Errors {
		i := bytes.Index(html, []byte(`id="f-`+k+`"`))
		if i < 0 {
			i = bytes.Index(html, []byte(`name="`+k+`"`))
		}
		if i < 0 {
			i = len(html)
		}
		pos[k] = i
	}
	f.order = f.order[:0]
	for k := range pos {
		f.order = append(f.order, k)
	}
	sort.Slice(f.order, func(i, j int) bool {
		if pos[f.order[i]] != pos[f.order[j]] {
			return pos[f.order[i]] < pos[f.order[j]]
		}
		return f.order[i] < f.order[j]
	})
}

func newForm(v url.Values) *form {
	if v == nil {
		v = url.Values{}
	}
	return &form{Values: v, Errors: map[string]string{}}
}

// fail records err on the form: field messages, and a general message.
func (f *form) fail(err error) {
	for k, v := range kampungkb.ErrorFields(err) {
		f.Errors[k] = v
	}
	f.Message = kampungkb.ErrorMessage(err)
}

// Get returns the value typed for name.
func (f *form) Get(name string) string { return f.Values.Get(name) }

// All returns every value typed for name.
func (f *form) All(name string) []string { return f.Values[name] }

// Has reports whether value is among the values of name (checkboxes).
func (f *form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Err returns the message for name.
func (f *form) Err(name string) string { return f.Errors[name] }

// field describes one form control for the _form.html partials.
type field struct {
	Form     *form
	Name     string
	Label    string
	Help     string
	Type     string
	Required bool
	Options  []kampungkb.Code
	Attrs    map[string]string
	Value    string
	Index    int
}

// ID returns the element id of the field.
func (f field) ID() string {
	if f.Index > 0 {
		return "f-" + f.Name + "-" + strconv.Itoa(f.Index)
	}
	return "f-" + f.Name
}

// Val returns the field's current value.
func (f field) Val() string {
	if f.Value != "" {
		return f.Value
	}
	return f.Form.Get(f.Name)
}

// Err returns the field's message.
func (f field) Err() string { return f.Form.Err(f.Name) }

// Checked reports whether option value is selected.
func (f field) Checked(value string) bool { return f.Form.Has(f.Name, value) }

// pager describes one page of a list.
type pager struct {
	Total, Limit, Offset int
	base                 url.Values
	path                 string
}

func newPager(r *http.Request, total int, f kampungkb.Filter) pager {
	limit, offset := f.Page()
	return pager{Total: total, Limit: limit, Offset: offset, base: r.URL.Query(), path: r.URL.Path}
}

// From and To are the 1-based positions of the first and last row shown.
func (p pager) From() int {
	if p.Total == 0 {
		return 0
	}
	return p.Offset + 1
}

// To returns the position of the last row shown.
func (p pager) To() int { return min(p.Offset+p.Limit, p.Total) }

// PrevURL and NextURL return the neighbouring pages, "" at the ends.
func (p pager) PrevURL() string {
	if p.Offset == 0 {
		return ""
	}
	return p.url(max(p.Offset-p.Limit, 0))
}

// NextURL returns the next page's URL, "" on the last page.
func (p pager) NextURL() string {
	if p.Offset+p.Limit >= p.Total {
		return ""
	}
	return p.url(p.Offset + p.Limit)
}

func (p pager) url(offset int) string {
	q := cloneValues(p.base)
	if offset == 0 {
		q.Del("offset")
	} else {
		q.Set("offset", strconv.Itoa(offset))
	}
	return p.path + "?" + q.Encode()
}

// DownloadURL returns the URL of the whole filtered list as format.
func (p pager) DownloadURL(format string) string {
	q := cloneValues(p.base)
	q.Del("offset")
	q.Del("limit")
	q.Set("format", format)
	return p.path + "?" + q.Encode()
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"tanggal": kampungkb.FormatDate,
		"waktu": func(t time.Time) string {
			return kampungkb.FormatTimestamp(t, s.loc)
		},
		"rupiah": kampungkb.FormatRupiah,
		"angka": func(n any) string {
			switch x := n.(type) {
			case int:
				return kampungkb.FormatInt(int64(x))
			case int64:
				return kampungkb.FormatInt(x)
			}
			return fmt.Sprint(n)
		},
		"persen": func(num, den int) string { return kampungkb.FormatPercent(int64(num), int64(den)) },
		"label":  func(l kampungkb.CodeList, code string) string { return l.Label(code) },
		"labels": func(l kampungkb.CodeList, codes []string) string {
			return strings.Join(l.Labels(codes), ", ")
		},
		"codes": codeList,
		"field": func(f *form, name, label string, opts ...any) field {
			fl := field{Form: f, Name: name, Label: label, Type: "text"}
			for i := 0; i+1 < len(opts); i += 2 {
				k, _ := opts[i].(string)
				switch k {
				case "help":
					fl.Help, _ = opts[i+1].(string)
				case "type":
					fl.Type, _ = opts[i+1].(string)
				case "required":
					fl.Required, _ = opts[i+1].(bool)
				case "options":
					switch o := opts[i+1].(type) {
					case kampungkb.CodeList:
						fl.Options = o.Items
					case []kampungkb.Code:
						fl.Options = o
					}
				case "value":
					fl.Value, _ = opts[i+1].(string)
				case "index":
					fl.Index, _ = opts[i+1].(int)
				default:
					if fl.Attrs == nil {
						fl.Attrs = map[string]string{}
					}
					fl.Attrs[k] = fmt.Sprint(opts[i+1])
				}
			}
			return fl
		},
		"refOptions": func(refs any) []kampungkb.Code {
			var out []kampungkb.Code
			switch rs := refs.(type) {
			case []kampungkb.Ref:
				for _, r := range rs {
					out = append(out, kampungkb.Code{Code: strconv.FormatInt(r.ID, 10), Label: r.Name})
				}
			}
			return out
		},
		"levelLabel":  func(l kampungkb.Level) string { return l.Label() },
		"regionTitle": regionTitle,
		"villageKind": kampungkb.VillageKind,
		"status": func(a kampungkb.Agreement) string {
			return a.Status(s.today())
		},
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"add":    func(a, b int) int { return a + b },
		"repeat": repeatRows,
		"zone":   kampungkb.StuntingZone,
		"mask":   kampungkb.MaskNIK,
		// dec writes a decimal the Indonesian way (comma), with n decimals;
		// a nil pointer writes nothing.
		"dec": func(n int, v any) string {
			var x float64
			switch p := v.(type) {
			case *float64:
				if p == nil {
					return ""
				}
				x = *p
			case float64:
				x = p
			default:
				return ""
			}
			return strings.Replace(strings.Replace(strconv.FormatFloat(x, 'f', n, 64), "-", "−", 1), ".", ",", 1)
		},
		"itoa": func(n int64) string { return strconv.FormatInt(n, 10) },
		"lines": func(s string) []string {
			return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"querySet": func(q url.Values, path string, kv ...string) string {
			c := cloneValues(q)
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					c.Del(kv[i])
				} else {
					c.Set(kv[i], kv[i+1])
				}
			}
			c.Del("offset")
			if len(c) == 0 {
				return path
			}
			return path + "?" + c.Encode()
		},
	}
}

// codeList returns a code list by name, for templates.
func codeList(name string) (kampungkb.CodeList, error) {
	for _, l := range kampungkb.AllCodeLists() {
		if l.Name == name {
			return l, nil
		}
	}
	if name == kampungkb.AgreementStatuses.Name {
		return kampungkb.AgreementStatuses, nil
	}
	if name == indicator.Classes.Name {
		return indicator.Classes, nil
	}
	return kampungkb.CodeList{}, errors.New("unknown code list " + name)
}

// repeatRows returns the rows of a repeated group of form fields (contacts,
// attendees): one row per typed row, values in the order of names, plus
// extra empty rows to type into.
func repeatRows(f *form, extra int, names ...string) [][]string {
	n := 0
	for _, name := range names {
		n = max(n, len(f.Values[name]))
	}
	rows := make([][]string, 0, n+extra)
	for i := 0; i < n; i++ {
		row := make([]string, len(names))
		empty := true
		for j, name := range names {
			if vs := f.Values[name]; i < len(vs) {
				row[j] = vs[i]
				empty = empty && strings.TrimSpace(vs[i]) == ""
			}
		}
		if !empty {
			rows = append(rows, row)
		}
	}
	for i := 0; i < extra; i++ {
		rows = append(rows, make([]string, len(names)))
	}
	return rows
}
