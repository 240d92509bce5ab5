package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/sqldb"
)

// partnerFormValues writes a partner into form values (for the edit form).
func partnerFormValues(m kampungkb.Partner) url.Values {
	v := url.Values{}
	v.Set("name", m.Name)
	v.Set("category", m.Category)
	if m.ParentID != 0 {
		v.Set("parent_id", strconv.FormatInt(m.ParentID, 10))
	}
	v.Set("institution", m.Institution)
	v.Set("regions", strings.Join(m.Regions, "\n"))
	v.Set("address", m.Address)
	v.Set("phone", m.Phone)
	v.Set("email", m.Email)
	v.Set("website", m.Website)
	v.Set("notes", m.Notes)
	for _, c := range m.Contacts {
		v.Add("contact_name", c.Name)
		v.Add("contact_position", c.Position)
		v.Add("contact_phone", c.Phone)
		v.Add("contact_email", c.Email)
	}
	v.Set("version", strconv.Itoa(m.Version))
	return v
}

// decodePartner reads a partner from a posted form. Region lines may hold
// codes or names; names are resolved when they match exactly one region.
func (s *Server) decodePartner(ctx context.Context, v url.Values) (kampungkb.Partner, kampungkb.Problems) {
	var p kampungkb.Problems
	m := kampungkb.Partner{
		Name:        v.Get("name"),
		Category:    v.Get("category"),
		Institution: v.Get("institution"),
		Address:     v.Get("address"),
		Phone:       v.Get("phone"),
		Email:       v.Get("email"),
		Website:     v.Get("website"),
		Notes:       v.Get("notes"),
	}
	m.ParentID = formID(&p, v, "parent_id")
	m.Version, _ = strconv.Atoi(v.Get("version"))
	codes, problem := s.resolveRegions(ctx, splitLines(v.Get("regions")), 0)
	if problem != "" {
		p.Add("regions", problem)
	}
	m.Regions = codes
	names, pos, phones, emails := v["contact_name"], v["contact_position"], v["contact_phone"], v["contact_email"]
	for i := range names {
		m.Contacts = append(m.Contacts, kampungkb.Contact{Name: names[i], Position: at(pos, i), Phone: at(phones, i), Email: at(emails, i)})
	}
	return m, p
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

func splitLines(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' })
	return kampungkb.TrimAll(f)
}

// formID reads an optional positive id from a form field.
func formID(p *kampungkb.Problems, v url.Values, name string) int64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.Add(name, "Pilihan tidak valid.")
		return 0
	}
	return n
}

// formInt reads an optional non-negative integer from a form field.
func formInt(p *kampungkb.Problems, v url.Values, name string) int {
	s := strings.TrimSpace(strings.ReplaceAll(v.Get(name), ".", ""))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(name, "Isi dengan angka bulat.")
		return 0
	}
	return n
}

// formDate reads an optional date (YYYY-MM-DD, as <input type=date> sends).
func formDate(p *kampungkb.Problems, v url.Values, name string) kampungkb.Date {
	d, err := kampungkb.ParseDate(v.Get(name))
	if err != nil {
		p.Add(name, "Tanggal tidak valid: gunakan format TTTT-BB-HH, mis. 2019-12-10.")
	}
	return d
}

// resolveRegions turns lines typed by a user (codes, dotted or not, or
// names) into region codes. A name must match one region (at level, if
// level > 0; otherwise at the highest level where the name matches, so
// that "Lombok Timur" is the kabupaten, not a desa of that name elsewhere);
// when it matches several, the problem lists candidates with their codes.
func (s *Server) resolveRegions(ctx context.Context, lines []string, level kampungkb.Level) ([]string, string) {
	var codes []string
	for _, line := range lines {
		code, problem := s.resolveRegion(ctx, line, level)
		if problem != "" {
			return codes, problem
		}
		codes = append(codes, code)
	}
	return codes, ""
}

func (s *Server) resolveRegion(ctx context.Context, line string, level kampungkb.Level) (string, string) {
	if code, lv, ok := kampungkb.NormalizeRegionCode(line); ok {
		if level > 0 && lv != level {
			return "", line + " bukan kode " + level.Label() + "."
		}
		return code, ""
	}
	levels := []kampungkb.Level{level}
	if level == 0 {
		levels = []kampungkb.Level{kampungkb.Provinsi, kampungkb.Kabupaten, kampungkb.Kecamatan, kampungkb.Desa}
	}
	for _, lv := range levels {
		hits, total, err := s.db.SearchRegions(ctx, line, lv, "", 6)
		if err != nil {
			return "", "Pencarian wilayah gagal; ketik kodenya."
		}
		if total == 0 {
			continue
		}
		if total == 1 {
			return hits[0].Code, ""
		}
		var exact []string
		for _, h := range hits {
			n := strings.ToLower(h.Name)
			l := strings.ToLower(line)
			if n == l || n == "kabupaten "+l || n == "kota "+l {
				exact = append(exact, h.Code)
			}
		}
		if len(exact) == 1 {
			return exact[0], ""
		}
		var cands []string
		for _, h := range hits {
			cands = append(cands, h.Code+" "+h.Name+" ("+h.Path+")")
		}
		return "", "Ada " + kampungkb.FormatInt(int64(total)) + " wilayah yang cocok dengan \"" + line + "\"; ketik kodenya: " + strings.Join(cands, "; ") + "."
	}
	return "", "Wilayah \"" + line + "\" tidak ditemukan. Ketik kodenya, mis. 52.03.13.2007, atau cari di menu Wilayah."
}

type partnerListData struct {
	Rows   []sqldb.PartnerRow
	Pager  pager
	Filter kampungkb.Filter
	Region kampungkb.Region
}

func (s *Server) partnerList(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	f = scoped(r, f)
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportPartners(w, r, f, format)
		return
	}
	rows, total, err := s.db.Partners(r.Context(), f)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := partnerListData{Rows: rows, Pager: newPager(r, total, f), Filter: f}
	if f.Region != "" {
		d.Region, _ = s.db.Region(r.Context(), f.Region)
	}
	s.render(w, r, http.StatusOK, "partner_list.html", &page{Title: "Mitra", Section: "mitra", Data: d, Form: newForm(r.URL.Query())})
}

var partnerColumns = []string{"id", "nama", "kategori", "induk", "instansi_portal", "wilayah_kerja", "telepon", "email",
	"jumlah_perjanjian", "jumlah_kegiatan", "kontribusi_rp", "diarsipkan"}

func (s *Server) exportPartners(w http.ResponseWriter, r *http.Request, f kampungkb.Filter, format string) {
	s.export(w, r, format, "mitra", partnerColumns, func(f kampungkb.Filter) ([][]any, int, error) {
		rows, total, err := s.db.Partners(r.Context(), f)
		out := make([][]any, len(rows))
		for i, m := range rows {
			out[i] = []any{m.ID, m.Name, kampungkb.PartnerCategories.Label(m.Category), m.ParentName,
				kampungkb.Institutions.Label(m.Institution), strings.Join(m.Regions, "; "), m.Phone, m.Email, m.Agreements, m.Activities, m.Contributions, m.Archived}
		}
		return out, total, err
	}, f)
}

// export streams every row matching f as CSV or XLSX, fetching pages of
// the largest size until the total is reached. The download is recorded in
// the audit trail first; one that cannot be recorded is not made. f must be
// scoped (see scoped): the callers' handlers set the actor's scope.
func (s *Server) export(w http.ResponseWriter, r *http.Request, format, name string, header []string,
	fetch func(kampungkb.Filter) ([][]any, int, error), f kampungkb.Filter) {
	if format != exchange.CSV && format != exchange.XLSX {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Format unduhan %q tidak dikenal: pilih csv atau xlsx.", format))
		return
	}
	f.Limit, f.Offset = kampungkb.MaxPageSize, 0
	rows, total, err := fetch(f)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.auditExport(r, name, format, total); err != nil {
		s.htmlError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", exchange.ContentType(format))
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+s.today().String()+"."+format+`"`)
	tw, err := exchange.NewTableWriter(w, format, name)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	tw.Header(header)
	for {
		for _, row := range rows {
			if err := tw.Row(row); err != nil {
				s.log.Warn("export", "err", err)
				return
			}
		}
		f.Offset += len(rows)
		if len(rows) == 0 || f.Offset >= total {
			break
		}
		if rows, _, err = fetch(f); err != nil {
			s.log.Error("export", "err", err)
			return
		}
	}
	if err := tw.Close(); err != nil {
		s.log.Warn("export", "err", err)
	}
}

type partnerFormData struct {
	Partner  kampungkb.Partner
	Partners []kampungkb.Ref
	Action   string
}

func (s *Server) partnerFormPage(w http.ResponseWriter, r *http.Request, status int, m kampungkb.Partner, f *form) {
	refs, err := s.db.PartnerRefs(r.Context(), false, scopeOf(r))
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	var others []kampungkb.Ref
	for _, x := range refs {
		if x.ID != m.ID {
			others = append(others, x)
		}
	}
	title, action := "Tambah mitra", "/mitra"
	crumbs := []crumb{{"Mitra", "/mitra"}}
	if m.ID != 0 {
		title, action = "Ubah mitra: "+m.Name, "/mitra/"+strconv.FormatInt(m.ID, 10)
		crumbs = append(crumbs, crumb{m.Name, action})
	}
	s.render(w, r, status, "partner_form.html", &page{Title: title, Section: "mitra", Crumbs: crumbs, Form: f,
		Data: partnerFormData{Partner: m, Partners: others, Action: action}})
}

func (s *Server) partnerNew(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	if p := r.URL.Query().Get("parent"); p != "" {
		v.Set("parent_id", p)
	}
	s.partnerFormPage(w, r, http.StatusOK, kampungkb.Partner{}, newForm(v))
}

func (s *Server) partnerCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	m, problems := s.decodePartner(r.Context(), r.PostForm)
	if _, typo := problems["regions"]; !typo {
		if err := capturePartner(actorOf(r), m.Regions); err != nil {
			s.htmlError(w, r, err)
			return
		}
	}
	err := problems.Err("mitra")
	if err == nil {
		err = s.db.CreatePartner(r.Context(), &m)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.partnerFormPage(w, r, statusOf(err), kampungkb.Partner{}, f)
		return
	}
	redirect(w, r, "/mitra/"+strconv.FormatInt(m.ID, 10), "Mitra \""+m.Name+"\" tersimpan.")
}

// mergeProblems adds decode problems to a storage/validation error so the
// form shows every message at once.
func mergeProblems(err error, p kampungkb.Problems) error {
	if len(p) == 0 {
		return err
	}
	fields := map[string]string{}
	for k, v := range kampungkb.ErrorFields(err) {
		fields[k] = v
	}
	for k, v := range p {
		if _, ok := fields[k]; !ok {
			fields[k] = v
		}
	}
	return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.", Fields: fields}
}

// partnerFor loads the partner of the {id} path value for a change: it must
// be in the actor's view scope (else 404) and capture scope (else 403).
func (s *Server) partnerFor(r *http.Request, change bool) (kampungkb.Partner, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return kampungkb.Partner{}, err
	}
	if err := s.inScope(r, sqldb.EntityPartner, id); err != nil {
		return kampungkb.Partner{}, err
	}
	m, err := s.db.Partner(r.Context(), id)
	if err == nil && change {
		err = capturePartner(actorOf(r), m.Regions)
	}
	return m, err
}

func (s *Server) partnerEdit(w http.ResponseWriter, r *http.Request) {
	m, err := s.partnerFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.partnerFormPage(w, r, http.StatusOK, m, newForm(partnerFormValues(m)))
}

func (s *Server) partnerUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.partnerFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := old.ID
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	m, problems := s.decodePartner(r.Context(), r.PostForm)
	m.ID, m.Archived = id, old.Archived
	if _, typo := problems["regions"]; !typo {
		if err := capturePartner(actorOf(r), m.Regions); err != nil {
			s.htmlError(w, r, err)
			return
		}
	}
	err = problems.Err("mitra")
	if err == nil {
		err = s.db.UpdatePartner(r.Context(), &m)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.partnerFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/mitra/"+strconv.FormatInt(id, 10), "Perubahan mitra \""+m.Name+"\" tersimpan.")
}

type partnerShowData struct {
	Partner    kampungkb.Partner
	CanEdit    bool // the actor may change the partner
	Agreements []sqldb.AgreementRow
	Activities []sqldb.ActivityRow
	ActivityN  int
	Summary    kampungkb.PartnerSummary
	Error      string
}

func (s *Server) partnerShow(w http.ResponseWriter, r *http.Request) {
	s.partnerShowPage(w, r, http.StatusOK, "")
}

func (s *Server) partnerShowPage(w http.ResponseWriter, r *http.Request, status int, problem string) {
	id, err := pathID(r, "id")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.inScope(r, sqldb.EntityPartner, id); err != nil {
		s.htmlError(w, r, err)
		return
	}
	m, err := s.db.Partner(r.Context(), id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	ags, err := s.partnerAgreements(r, id)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := partnerShowData{Partner: m, Agreements: ags, Error: problem, CanEdit: canEditPartner(r, m)}
	if d.Activities, d.ActivityN, err = s.recentActivities(r, kampungkb.Filter{PartnerID: id}); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Summary, err = s.db.PartnerSummary(r.Context(), id, kampungkb.Period{}, scopeOf(r)); err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, status, "partner_show.html", &page{Title: m.Name, Section: "mitra",
		Crumbs: []crumb{{"Mitra", "/mitra"}}, Data: d})
}

func (s *Server) partnerArchive(w http.ResponseWriter, r *http.Request) {
	m, err := s.partnerFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := m.ID
	archive := r.PostFormValue("archived") != "0"
	if err := s.db.SetPartnerArchived(r.Context(), id, archive); err != nil {
		s.htmlError(w, r, err)
		return
	}
	msg := "Mitra diarsipkan: tidak lagi muncul di daftar, riwayatnya tetap tersimpan."
	if !archive {
		msg = "Mitra dipulihkan dari arsip."
	}
	redirect(w, r, "/mitra/"+strconv.FormatInt(id, 10), msg)
}

func (s *Server) partnerDelete(w http.ResponseWriter, r *http.Request) {
	m, err := s.partnerFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := m.ID
	if err := s.db.DeletePartner(r.Context(), id); err != nil {
		if kampungkb.ErrorKind(err) == kampungkb.Conflict {
			s.partnerShowPage(w, r, http.StatusConflict, kampungkb.ErrorMessage(err))
			return
		}
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/mitra", "Mitra dihapus.")
}

// API
