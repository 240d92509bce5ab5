package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/sqldb"
)

// The audit trail's pages and API: admins browse and filter it; nothing in
// the product changes it (every route here is a GET, and the database
// refuses UPDATE and DELETE on the table).

// auditOnly restricts a route to actors who may read the audit trail.
func auditOnly(rt Route) Route {
	rt.Perm = kampungkb.PermViewAudit
	return rt
}

// auditPersonalView records that the acting user opened member-level
// personal data (named attendees and the like) of entity id. A failure to
// record is logged, not shown: the page has already been authorised.
func (s *Server) auditPersonalView(ctx context.Context, entity string, id int64) {
	summary := "Membuka data pribadi: " + kampungkb.AuditEntities.Label(entity) + " " + strconv.FormatInt(id, 10)
	if err := s.db.Audit(ctx, "view_personal", entity, id, summary); err != nil {
		s.log.Error("audit personal view", "entity", entity, "id", id, "err", err)
	}
}

// auditExport records a download of list name (the filters in the query
// string and the number of rows). s.export calls it before sending a byte:
// a download that cannot be recorded is not made.
func (s *Server) auditExport(r *http.Request, name, format string, rows int) error {
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "format" && k != "offset" && k != "limit" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var filters []string
	for _, k := range keys {
		if v := strings.Join(kampungkb.TrimAll(q[k]), ","); v != "" {
			filters = append(filters, k+"="+v)
		}
	}
	summary := "Unduh " + name + " (" + format + "), " + kampungkb.FormatInt(int64(rows)) + " baris"
	if len(filters) > 0 {
		summary += "; saringan: " + strings.Join(filters, " ")
	} else {
		summary += "; tanpa saringan"
	}
	return s.db.Audit(r.Context(), "export", name, "", summary)
}

// parseAuditFilter reads the audit filters from the query string (pages
// and API alike): user, action, entity, entity_id, ip, from, to (dates, in
// the server's time zone, both included), limit, offset.
func (s *Server) parseAuditFilter(r *http.Request) (sqldb.AuditFilter, error) {
	q := r.URL.Query()
	var p kampungkb.Problems
	f := sqldb.AuditFilter{
		Username: strings.TrimSpace(q.Get("user")),
		Action:   strings.TrimSpace(q.Get("action")),
		Entity:   strings.TrimSpace(q.Get("entity")),
		EntityID: strings.TrimSpace(q.Get("entity_id")),
		IP:       strings.TrimSpace(q.Get("ip")),
	}
	from, err := kampungkb.ParseDate(q.Get("from"))
	if err != nil {
		p.Add("from", err.Error())
	}
	to, err := kampungkb.ParseDate(q.Get("to"))
	if err != nil {
		p.Add("to", err.Error())
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		p.Add("to", "Tanggal akhir tidak boleh sebelum tanggal awal.")
	}
	if !from.IsZero() {
		f.From = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, s.loc)
	}
	if !to.IsZero() {
		f.To = time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, s.loc)
	}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				p.Add(name, "Harus bilangan bulat ≥ 0.")
			}
			*dst = n
		}
	}
	return f, p.Err("saringan jejak audit")
}

// auditEntryView is an audit entry with what its pages show: labels, a
// link to the record, and the record's fields before and after.
type auditEntryView struct {
	sqldb.AuditEntry
	When        string // the time, to the second, in the server's time zone
	ActionLabel string
	EntityLabel string
	RecordURL   string       // the record's page, "" when there is none (or it is gone)
	HistoryURL  string       // the entries about the same record
	Fields      []auditField // every field, for an entry with one side (create, delete)
	// For an entry with both sides (update, archive): the changed fields
	// and, apart, those that stayed the same.
	Both          bool
	ChangedFields []auditField
	SameFields    []auditField
}

// auditField is one field of a record in an audit entry.
type auditField struct {
	Name     string // JSON name
	Label    string
	Old, New string // readable values; "" for none
	Changed  bool
}

func (s *Server) auditView(e sqldb.AuditEntry) auditEntryView {
	v := auditEntryView{AuditEntry: e, When: s.auditTime(e.At), ActionLabel: kampungkb.AuditActions.Label(e.Action),
		EntityLabel: kampungkb.AuditEntities.Label(e.Entity), Both: len(e.Before) > 0 && len(e.After) > 0}
	v.Fields = s.auditFields(e.Before, e.After)
	if v.Both {
		for _, f := range v.Fields {
			if f.Changed {
				v.ChangedFields = append(v.ChangedFields, f)
			} else {
				v.SameFields = append(v.SameFields, f)
			}
		}
	}
	if e.EntityID != "" && e.Entity != "" {
		v.HistoryURL = "/audit?" + url.Values{"entity": {e.Entity}, "entity_id": {e.EntityID}}.Encode()
	}
	if e.Action != "delete" {
		v.RecordURL = auditRecordURL(e)
	}
	return v
}

// auditTime writes t to the second ("28 November 2026 10.00.05"): entries
// within one minute are told apart.
func (s *Server) auditTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return kampungkb.FormatTimestamp(t, s.loc) + t.In(s.loc).Format(".05")
}

// auditRecordPages maps entities to the path of their pages.
var auditRecordPages = map[string]string{
	"partner": "/mitra/", "kampung": "/kampung/", "agreement": "/perjanjian/",
	"activity": "/kegiatan/", "contribution": "/kontribusi/",
}

// auditRecordURL returns the page of the record an entry is about: the
// record itself, or for a profile, document or photo the record it belongs
// to.
func auditRecordURL(e sqldb.AuditEntry) string {
	if p, ok := auditRecordPages[e.Entity]; ok && e.EntityID != "" {
		return p + e.EntityID
	}
	var ref struct {
		KampungID   int64 `json:"kampung_id"`
		AgreementID int64 `json:"agreement_id"`
		ActivityID  int64 `json:"activity_id"`
	}
	raw := e.After
	if len(raw) == 0 {
		raw = e.Before
	}
	if len(raw) == 0 || json.Unmarshal(raw, &ref) != nil {
		return ""
	}
	switch e.Entity {
	case "kampung_profile":
		if ref.KampungID != 0 {
			return "/kampung/" + strconv.FormatInt(ref.KampungID, 10) + "/profil/" + e.EntityID
		}
	case "agreement_document":
		if ref.AgreementID != 0 {
			return "/perjanjian/" + strconv.FormatInt(ref.AgreementID, 10)
		}
	case "activity_photo":
		if ref.ActivityID != 0 {
			return "/kegiatan/" + strconv.FormatInt(ref.ActivityID, 10)
		}
	}
	return ""
}

// auditFields lists the fields of the records before and after, in the
// records' own order, with readable values.
func (s *Server) auditFields(before, after json.RawMessage) []auditField {
	bKeys, bVals := objectFields(before)
	aKeys, aVals := objectFields(after)
	keys := aKeys
	seen := map[string]bool{}
	for _, k := range aKeys {
		seen[k] = true
	}
	for _, k := range bKeys {
		if !seen[k] {
			keys = append(keys, k)
		}
	}
	both := len(before) > 0 && len(after) > 0
	var out []auditField
	for _, k := range keys {
		f := auditField{Name: k, Label: auditFieldLabel(k), Old: s.auditValue(bVals[k]), New: s.auditValue(aVals[k])}
		f.Changed = both && compactJSON(bVals[k]) != compactJSON(aVals[k])
		out = append(out, f)
	}
	return out
}

// objectFields returns the keys of a JSON object in their order, with the
// values; nothing when raw is not an object.
func objectFields(raw json.RawMessage) ([]string, map[string]json.RawMessage) {
	vals := map[string]json.RawMessage{}
	if len(raw) == 0 {
		return nil, vals
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, vals
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		keys = append(keys, k)
		vals[k] = v
	}
	return keys, vals
}

// compactJSON normalises a value for comparison: a missing field and null
// are the same.
func compactJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// auditValue writes a JSON value for people: text as it is, times in the
// server's time zone, true/false as ya/tidak, lists with commas (lists of
// records one per line), records as "name: value" pairs.
func (s *Server) auditValue(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case 'n':
		return ""
	case 't':
		return "ya"
	case 'f':
		return "tidak"
	case '"':
		var str string
		if json.Unmarshal(raw, &str) != nil {
			return string(raw)
		}
		if len(str) >= 20 && str[10] == 'T' {
			if t, err := time.Parse(time.RFC3339Nano, str); err == nil {
				if t.IsZero() || t.Year() <= 1 {
					return ""
				}
				return s.auditTime(t)
			}
		}
		return str
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return string(raw)
		}
		sep := ", "
		parts := make([]string, 0, len(items))
		for _, it := range items {
			if it = bytes.TrimSpace(it); len(it) > 0 && it[0] == '{' {
				sep = "\n"
			}
			if v := s.auditValue(it); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, sep)
	case '{':
		keys, vals := objectFields(raw)
		var parts []string
		for _, k := range keys {
			if v := s.auditValue(vals[k]); v != "" {
				parts = append(parts, auditFieldLabel(k)+": "+strings.ReplaceAll(v, "\n", "; "))
			}
		}
		return strings.Join(parts, "; ")
	}
	return string(raw)
}

// auditFieldLabels names the JSON fields of the records in Indonesian;
// other fields show their JSON name.
var auditFieldLabels = map[string]string{
	"id": "ID", "name": "Nama", "title": "Judul", "category": "Kategori", "type": "Jenis", "kind": "Jenis",
	"parent_id": "Induk (id)", "parent_name": "Induk", "parent_title": "Perjanjian induk", "institution": "Instansi (portal)",
	"regions": "Wilayah kerja", "region_names": "Wilayah kerja (nama)", "address": "Alamat", "phone": "Telepon",
	"email": "Email", "website": "Situs web", "notes": "Catatan", "note": "Catatan", "contacts": "Narahubung",
	"archived": "Diarsipkan", "children": "Unit/turunan", "version": "Versi", "created_at": "Dibuat",
	"updated_at": "Diubah", "created_by": "Dibuat oleh", "updated_by": "Diubah oleh",
	"village_code": "Desa/kelurahan (kode)", "village": "Desa/kelurahan", "path": "Wilayah", "coverage": "Cakupan",
	"coverage_detail": "Rincian cakupan", "launch_date": "Tanggal pencanangan", "criteria": "Kriteria",
	"criteria_other": "Kriteria lain", "area_types": "Jenis wilayah", "description": "Keterangan",
	"latitude": "Lintang", "longitude": "Bujur", "photo_file_id": "Foto (berkas)", "activity_count": "Jumlah kegiatan",
	"number": "Nomor", "signed_on": "Tanggal tanda tangan", "valid_from": "Berlaku sejak", "valid_to": "Berlaku sampai",
	"parties": "Para pihak", "functions": "Fungsi keluarga", "areas": "Bidang program", "documents": "Dokumen",
	"date": "Tanggal", "start_time": "Mulai", "end_time": "Selesai", "place": "Tempat",
	"kampung_ids": "Kampung KB (id)", "kampung": "Kampung KB", "partner_ids": "Mitra (id)", "partners": "Mitra",
	"institutions": "Instansi", "other_institutions": "Instansi lain", "targets": "Sasaran",
	"participants_male": "Peserta laki-laki", "participants_female": "Peserta perempuan", "attendees": "Peserta bernama",
	"agreement_id": "Perjanjian (id)", "agreement_title": "Perjanjian", "outcome": "Hasil", "photos": "Foto",
	"partner_id": "Mitra (id)", "partner_name": "Mitra", "kampung_id": "Kampung KB (id)", "kampung_name": "Kampung KB",
	"activity_id": "Kegiatan (id)", "activity_title": "Kegiatan", "amount": "Jumlah (Rp)", "beneficiaries": "Penerima manfaat",
	"file_id": "Berkas (id)", "content_type": "Jenis berkas", "size": "Ukuran (byte)", "tag": "Jenis foto", "caption": "Keterangan foto",
	"as_of": "Per tanggal", "current": "Profil terkini",
	"read": "Dibaca", "inserted": "Baru", "updated": "Diubah", "unchanged": "Tetap",
	"sex": "Jenis kelamin", "position": "Jabatan", "signatory": "Penanda tangan", "code": "Kode", "level": "Tingkat",
	"parent_code": "Induk (kode)", "frequency": "Frekuensi", "frequency_other": "Frekuensi lain", "region_code": "Wilayah (kode)",
	"username": "Nama pengguna", "role": "Peran", "region": "Wilayah", "capture": "Wilayah input", "disabled": "Nonaktif",
}

func auditFieldLabel(name string) string {
	if l, ok := auditFieldLabels[name]; ok {
		return l
	}
	return name
}

type auditListData struct {
	Entries  []auditEntryView
	Pager    pager
	Actions  kampungkb.CodeList
	Entities kampungkb.CodeList
}

// auditList shows the audit trail, newest first, filtered; ?format=csv or
// xlsx downloads every matching entry (itself recorded as an export).
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	f, err := s.parseAuditFilter(r)
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "audit_list.html", s.auditListPage(r, err, auditListData{}))
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportAudit(w, r, f, format)
		return
	}
	rows, total, err := s.db.AuditEntries(r.Context(), f)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := auditListData{Pager: newPager(r, total, kampungkb.Filter{Limit: f.Limit, Offset: f.Offset})}
	for _, e := range rows {
		d.Entries = append(d.Entries, s.auditView(e))
	}
	s.render(w, r, http.StatusOK, "audit_list.html", s.auditListPage(r, nil, d))
}

func (s *Server) auditListPage(r *http.Request, err error, d auditListData) *page {
	f := newForm(r.URL.Query())
	if err != nil {
		f.fail(err)
	}
	d.Actions, d.Entities = kampungkb.AuditActions, kampungkb.AuditEntities
	return &page{Title: "Jejak audit", Section: "audit", Form: f, Data: d}
}

var auditColumns = []string{"id", "waktu", "pengguna", "id_pengguna", "alamat_ip", "tindakan", "data", "id_data",
	"ringkasan", "sebelum", "sesudah"}

func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request, af sqldb.AuditFilter, format string) {
	s.export(w, r, format, "audit", auditColumns, func(f kampungkb.Filter) ([][]any, int, error) {
		af.Limit, af.Offset = f.Limit, f.Offset
		rows, total, err := s.db.AuditEntries(r.Context(), af)
		out := make([][]any, len(rows))
		for i, e := range rows {
			out[i] = []any{e.ID, e.At.In(s.loc).Format("2006-01-02 15:04:05"), e.Username, e.UserID, e.IP, e.Action,
				e.Entity, e.EntityID, e.Summary, string(e.Before), string(e.After)}
		}
		return out, total, err
	}, kampungkb.Filter{})
}

// auditShow shows one audit entry.
func (s *Server) auditShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	e, err := s.db.AuditEntry(r.Context(), id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit_show.html", &page{Title: "Catatan audit #" + strconv.FormatInt(id, 10),
		Section: "audit", Crumbs: []crumb{{"Jejak audit", "/audit"}}, Data: s.auditView(e)})
}

func (s *Server) apiAuditList(w http.ResponseWriter, r *http.Request) {
	f, err := s.parseAuditFilter(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rows, total, err := s.db.AuditEntries(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if rows == nil {
		rows = []sqldb.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, list[sqldb.AuditEntry]{Items: rows, Total: total})
}

func (s *Server) apiAuditEntry(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	e, err := s.db.AuditEntry(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// The audit list's query parameters in openapi.json (registered here so
// that the audit trail's API stays in this file).
func init() {
	queryParams["/audit"] = []string{"user", "action", "entity", "entity_id", "ip", "from", "to", "limit", "offset"}
	paramDoc["user"] = "nama pengguna (persis, huruf besar/kecil sama saja)"
	paramDoc["action"] = "tindakan: create, update, delete, archive, unarchive, import, export, view_personal, login, login_failed, logout, password_change, password_reset, revoke"
	paramDoc["entity"] = "jenis data: partner, kampung, kampung_profile, agreement, agreement_document, activity, activity_photo, contribution, region, user, token, atau nama daftar yang diunduh"
	paramDoc["entity_id"] = "id data"
	paramDoc["ip"] = "alamat IP atau awalnya (mis. 10.1.)"
}
