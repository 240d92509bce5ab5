package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/sqldb"
)

// Agreements: MoU/Nota Kesepahaman, PKS and Kesepahaman Bersama
// (domain.md §7.1). Pages under /perjanjian, API under /api/v1/agreements.

// partyFields are the form names of one party row, in the order the form
// template and repeatRows use them.
var partyFields = []string{"party_kind", "party_partner", "party_kampung", "party_region", "party_name", "party_signatory"}

// agreementFormValues writes an agreement into form values (for the edit
// form).
func agreementFormValues(a kampungkb.Agreement) url.Values {
	v := url.Values{}
	v.Set("type", a.Type)
	v.Set("number", a.Number)
	v.Set("title", a.Title)
	v.Set("signed_on", a.SignedOn.String())
	v.Set("valid_from", a.ValidFrom.String())
	v.Set("valid_to", a.ValidTo.String())
	if a.ParentID != 0 {
		v.Set("parent_id", strconv.FormatInt(a.ParentID, 10))
	}
	for _, p := range a.Parties {
		v.Add("party_kind", p.Kind)
		v.Add("party_partner", idString(p.PartnerID))
		v.Add("party_kampung", idString(p.KampungID))
		v.Add("party_region", p.RegionCode)
		v.Add("party_name", p.Name)
		v.Add("party_signatory", p.Signatory)
	}
	v["functions"] = append([]string(nil), a.Functions...)
	v["program_areas"] = append([]string(nil), a.Areas...)
	v.Set("description", a.Description)
	v.Set("version", strconv.Itoa(a.Version))
	return v
}

// idString writes an id for a form, "" for none.
func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// decodeAgreement reads an agreement from a posted form. Party rows left
// entirely empty are skipped (that is how a row is removed without
// JavaScript). A government party's region may be typed as a code or as a
// name that matches one region.
func (s *Server) decodeAgreement(ctx context.Context, v url.Values) (kampungkb.Agreement, kampungkb.Problems) {
	var p kampungkb.Problems
	a := kampungkb.Agreement{
		Type:        v.Get("type"),
		Number:      v.Get("number"),
		Title:       v.Get("title"),
		Description: v.Get("description"),
		Functions:   v["functions"],
		Areas:       v["program_areas"],
	}
	a.SignedOn = formDate(&p, v, "signed_on")
	a.ValidFrom = formDate(&p, v, "valid_from")
	a.ValidTo = formDate(&p, v, "valid_to")
	a.ParentID = formID(&p, v, "parent_id")
	a.Version, _ = strconv.Atoi(v.Get("version"))
	n := 0
	for _, name := range partyFields {
		n = max(n, len(v[name]))
	}
	for i := 0; i < n; i++ {
		var row [6]string
		empty := true
		for j, name := range partyFields {
			row[j] = strings.TrimSpace(at(v[name], i))
			empty = empty && row[j] == ""
		}
		if empty {
			continue
		}
		pt := kampungkb.Party{Kind: row[0], RegionCode: row[3], Name: row[4], Signatory: row[5]}
		if pt.Kind == "" {
			p.Add("parties", "Pilih jenis pihak pada setiap baris pihak yang diisi (atau kosongkan barisnya).")
			continue
		}
		pt.PartnerID = partyID(&p, row[1], "Pilihan mitra tidak valid.")
		pt.KampungID = partyID(&p, row[2], "Nomor Kampung KB harus bilangan bulat, mis. 12.")
		if pt.RegionCode != "" && pt.Kind != "mitra" && pt.Kind != "kampung" {
			if _, _, ok := kampungkb.NormalizeRegionCode(pt.RegionCode); !ok {
				code, problem := s.resolvePartyRegion(ctx, pt.Kind, pt.RegionCode)
				if problem != "" {
					p.Add("parties", problem)
				} else {
					pt.RegionCode = code
				}
			}
		}
		a.Parties = append(a.Parties, pt)
	}
	return a, p
}

// resolvePartyRegion finds the region a government party's region name
// means. A desa party's region is a desa/kelurahan; for the other kinds
// the highest level with a matching name wins, so that "Lombok Timur" is
// the kabupaten, not a desa of that name elsewhere.
func (s *Server) resolvePartyRegion(ctx context.Context, kind, name string) (string, string) {
	levels := []kampungkb.Level{kampungkb.Provinsi, kampungkb.Kabupaten, kampungkb.Kecamatan, kampungkb.Desa}
	if kind == "desa" {
		levels = levels[3:]
	}
	for _, lv := range levels {
		_, total, err := s.db.SearchRegions(ctx, name, lv, "", 1)
		if err != nil {
			return "", "Pencarian wilayah gagal; ketik kodenya."
		}
		if total > 0 {
			codes, problem := s.resolveRegions(ctx, []string{name}, lv)
			if problem == "" && len(codes) != 1 {
				problem = "Wilayah \"" + name + "\" tidak ditemukan. Ketik kodenya, mis. 52.03."
			}
			if problem != "" {
				return "", problem
			}
			return codes[0], ""
		}
	}
	_, problem := s.resolveRegions(ctx, []string{name}, levels[0])
	return "", problem
}

// partyID reads the id of a party's partner or Kampung KB.
func partyID(p *kampungkb.Problems, s, msg string) int64 {
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.Add("parties", msg)
		return 0
	}
	return n
}

// checkAgreementForm returns the error to show when decoding found
// problems: those, plus what validation finds in the rest of the form, so
// that the user sees every message at once.
func checkAgreementForm(a kampungkb.Agreement, problems kampungkb.Problems) error {
	err := problems.Err("perjanjian")
	if err == nil {
		return nil
	}
	a.Parties = append([]kampungkb.Party(nil), a.Parties...)
	return mergeProblems(err, kampungkb.Problems(kampungkb.ErrorFields(a.Validate())))
}

// agreementShortType returns the short name of an agreement type ("MoU",
// "PKS"), as kampungkb.Agreement.Label writes it.
func agreementShortType(t string) string {
	return strings.TrimSuffix(kampungkb.Agreement{Type: t}.Label(), " — ")
}

// agreementRowView is a list row with what the template shows besides the
// stored fields.
type agreementRowView struct {
	sqldb.AgreementRow
}

// ShortType returns the short type name.
func (r agreementRowView) ShortType() string { return agreementShortType(r.Type) }

type agreementListData struct {
	Rows     []agreementRowView
	Pager    pager
	Partners []kampungkb.Ref
	Region   kampungkb.Region
}

func (s *Server) agreementList(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	f = scoped(r, f)
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportAgreements(w, r, f, format)
		return
	}
	rows, total, err := s.db.Agreements(r.Context(), f)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	partners, err := s.db.PartnerRefs(r.Context(), f.Archived, f.Scope)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := agreementListData{Pager: newPager(r, total, f), Partners: partners}
	for _, row := range rows {
		d.Rows = append(d.Rows, agreementRowView{row})
	}
	if f.Region != "" {
		d.Region, _ = s.db.Region(r.Context(), f.Region)
	}
	s.render(w, r, http.StatusOK, "agreement_list.html", &page{Title: "Perjanjian kerja sama", Section: "perjanjian",
		Data: d, Form: newForm(r.URL.Query())})
}

var agreementColumns = []string{"id", "jenis", "nomor", "judul", "tanggal_ttd", "berlaku_mulai", "berlaku_sampai",
	"status", "pihak_mitra", "induk", "jumlah_kegiatan", "diarsipkan"}

func (s *Server) exportAgreements(w http.ResponseWriter, r *http.Request, f kampungkb.Filter, format string) {
	s.export(w, r, format, "perjanjian", agreementColumns, func(f kampungkb.Filter) ([][]any, int, error) {
		rows, total, err := s.db.Agreements(r.Context(), f)
		out := make([][]any, len(rows))
		for i, a := range rows {
			out[i] = []any{a.ID, kampungkb.AgreementTypes.Label(a.Type), a.Number, a.Title, a.SignedOn, a.ValidFrom,
				a.ValidTo, kampungkb.AgreementStatuses.Label(a.Status), strings.Join(a.PartnerNames, "; "), a.ParentTitle,
				a.ActivityCount, a.Archived}
		}
		return out, total, err
	}, f)
}

type agreementFormData struct {
	Agreement kampungkb.Agreement
	Action    string
	Partners  []kampungkb.Ref
	Parents   []kampungkb.Ref
	// Kampung lists the Kampung KB a party may be; while it is nil the
	// form asks for the Kampung KB's number instead of offering a select.
	Kampung []kampungkb.Ref
}

func (s *Server) agreementFormPage(w http.ResponseWriter, r *http.Request, status int, a kampungkb.Agreement, f *form) {
	ctx := r.Context()
	partners, err := s.partnerOptions(r, f.All("party_partner"))
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	refs, err := s.db.AgreementRefs(ctx, scopeOf(r))
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	// Only MoU and Kesepahaman Bersama can be parents (kampungkb.CheckParent).
	var parents []kampungkb.Ref
	pks := agreementShortType("pks") + " "
	for _, x := range refs {
		if x.ID != a.ID && !strings.HasPrefix(x.Name, pks) {
			parents = append(parents, x)
		}
	}
	if id := f.Get("parent_id"); id != "" && !hasRef(parents, id) {
		// Keep an archived (or otherwise unlisted) parent selectable.
		if pid, err := strconv.ParseInt(id, 10, 64); err == nil && s.canView(r, sqldb.EntityAgreement, pid) {
			if p, err := s.db.Agreement(ctx, pid); err == nil {
				parents = append(parents, kampungkb.Ref{ID: p.ID, Name: p.Label()})
			}
		}
	}
	title, action := "Tambah perjanjian", "/perjanjian"
	crumbs := []crumb{{"Perjanjian", "/perjanjian"}}
	if a.ID != 0 {
		action = "/perjanjian/" + strconv.FormatInt(a.ID, 10)
		title = "Ubah perjanjian"
		crumbs = append(crumbs, crumb{a.Label(), action})
	}
	s.render(w, r, status, "agreement_form.html", &page{Title: title, Section: "perjanjian", Crumbs: crumbs, Form: f,
		Data: agreementFormData{Agreement: a, Action: action, Partners: partners, Parents: parents}})
}

// partnerOptions returns the partners a party may be: those in the
// actor's view scope and not archived, plus any of the selected ids that
// are archived, so that editing an old agreement keeps its parties.
func (s *Server) partnerOptions(r *http.Request, selected []string) ([]kampungkb.Ref, error) {
	ctx := r.Context()
	refs, err := s.db.PartnerRefs(ctx, false, scopeOf(r))
	if err != nil {
		return nil, err
	}
	missing := false
	for _, id := range selected {
		if id != "" && !hasRef(refs, id) {
			missing = true
		}
	}
	if !missing {
		return refs, nil
	}
	all, err := s.db.PartnerRefs(ctx, true, scopeOf(r))
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		for _, id := range selected {
			if id == strconv.FormatInt(x.ID, 10) && !hasRef(refs, id) {
				refs = append(refs, kampungkb.Ref{ID: x.ID, Name: x.Name + " (arsip)"})
			}
		}
	}
	return refs, nil
}

func hasRef(refs []kampungkb.Ref, id string) bool {
	for _, x := range refs {
		if strconv.FormatInt(x.ID, 10) == id {
			return true
		}
	}
	return false
}

// agreementNew shows an empty form. ?partner=ID makes that partner the
// first party; ?parent=ID makes the form a PKS under that agreement, with
// the parent's partners as parties.
func (s *Server) agreementNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{}
	addPartner := func(id string) {
		if hasValue(v["party_partner"], id) {
			return
		}
		v.Add("party_kind", "mitra")
		v.Add("party_partner", id)
		for _, name := range partyFields[2:] {
			v.Add(name, "")
		}
	}
	if p := q.Get("parent"); p != "" {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil && s.canView(r, sqldb.EntityAgreement, id) {
			if parent, err := s.db.Agreement(r.Context(), id); err == nil {
				v.Set("parent_id", p)
				v.Set("type", "pks")
				v["functions"] = append([]string(nil), parent.Functions...)
				v["program_areas"] = append([]string(nil), parent.Areas...)
				for _, pt := range parent.Parties {
					if pt.Kind == "mitra" {
						addPartner(strconv.FormatInt(pt.PartnerID, 10))
					}
				}
			}
		}
	}
	if p := q.Get("partner"); p != "" {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil && id > 0 {
			addPartner(p)
		}
	}
	s.agreementFormPage(w, r, http.StatusOK, kampungkb.Agreement{}, newForm(v))
}

func hasValue(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *Server) agreementCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	a, problems := s.decodeAgreement(r.Context(), r.PostForm)
	if err := s.captureAgreement(r, a); err != nil {
		s.htmlError(w, r, err)
		return
	}
	err := checkAgreementForm(a, problems)
	if err == nil {
		err = s.db.CreateAgreement(r.Context(), &a)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.agreementFormPage(w, r, statusOf(err), kampungkb.Agreement{}, f)
		return
	}
	redirect(w, r, "/perjanjian/"+strconv.FormatInt(a.ID, 10), "Perjanjian \""+a.Title+"\" tersimpan.")
}

// agreementFor loads the agreement of the {id} path value: it must be in
// the actor's view scope (else 404) and, for a change, its regional
// parties in the capture scope (else 403).
func (s *Server) agreementFor(r *http.Request, change bool) (kampungkb.Agreement, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return kampungkb.Agreement{}, err
	}
	if err := s.inScope(r, sqldb.EntityAgreement, id); err != nil {
		return kampungkb.Agreement{}, err
	}
	a, err := s.db.Agreement(r.Context(), id)
	if err == nil && change {
		err = s.captureAgreement(r, a)
	}
	return a, err
}

func (s *Server) agreementEdit(w http.ResponseWriter, r *http.Request) {
	a, err := s.agreementFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.agreementFormPage(w, r, http.StatusOK, a, newForm(agreementFormValues(a)))
}

func (s *Server) agreementUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.agreementFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := old.ID
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	a, problems := s.decodeAgreement(r.Context(), r.PostForm)
	a.ID, a.Archived = id, old.Archived
	if err := s.captureAgreement(r, a); err != nil {
		s.htmlError(w, r, err)
		return
	}
	err = checkAgreementForm(a, problems)
	if err == nil {
		err = s.db.UpdateAgreement(r.Context(), &a)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.agreementFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/perjanjian/"+strconv.FormatInt(id, 10), "Perubahan perjanjian \""+a.Title+"\" tersimpan.")
}

type agreementShowData struct {
	Agreement  kampungkb.Agreement
	CanEdit    bool // the actor may change the agreement
	Status     string
	StatusNote string
	Documents  []documentView
	// Regions holds the regions of government parties, by code.
	Regions   map[string]kampungkb.Region
	Error     string
	MaxUpload string
}

// documentView is a document with its size written for people.
type documentView struct {
	kampungkb.Document
	SizeText string
}

// agreementStatusNote says how far the agreement is from its next date:
// "berakhir dalam 45 hari".
func agreementStatusNote(a kampungkb.Agreement, status string, today kampungkb.Date) string {
	days := func(n int) string { return kampungkb.FormatInt(int64(n)) + " hari" }
	switch status {
	case kampungkb.StatusNotYet:
		return "mulai berlaku dalam " + days(today.DaysUntil(a.ValidFrom))
	case kampungkb.StatusEnded:
		n := a.ValidTo.DaysUntil(today)
		if n == 1 {
			return "berakhir kemarin"
		}
		return "berakhir " + days(n) + " yang lalu"
	}
	if a.ValidTo.IsZero() {
		return "tanpa batas akhir"
	}
	if n := today.DaysUntil(a.ValidTo); n > 0 {
		return "berakhir dalam " + days(n)
	}
	return "berakhir hari ini"
}

func (s *Server) agreementShow(w http.ResponseWriter, r *http.Request) {
	s.agreementShowPage(w, r, http.StatusOK, "", nil)
}

// agreementShowPage shows an agreement. problem is a message about a
// refused action (delete); upload, when set, is the document upload form
// shown again with its messages.
func (s *Server) agreementShowPage(w http.ResponseWriter, r *http.Request, status int, problem string, upload *form) {
	a, err := s.agreementFor(r, false)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	today := s.today()
	d := agreementShowData{Agreement: a, Status: a.Status(today), Error: problem, CanEdit: s.canEditAgreement(r, a),
		MaxUpload: kampungkb.FormatInt(kampungkb.MaxDocumentSize>>20) + " MB"}
	d.StatusNote = agreementStatusNote(a, d.Status, today)
	d.Regions = map[string]kampungkb.Region{}
	for _, pt := range a.Parties {
		if pt.RegionCode != "" {
			if reg, err := s.db.Region(r.Context(), pt.RegionCode); err == nil {
				d.Regions[pt.RegionCode] = reg
			}
		}
	}
	for _, doc := range a.Documents {
		d.Documents = append(d.Documents, documentView{Document: doc, SizeText: fileSize(doc.Size)})
	}
	if upload == nil {
		upload = newForm(nil)
	}
	s.render(w, r, status, "agreement_show.html", &page{Title: a.Label(), Section: "perjanjian",
		Crumbs: []crumb{{"Perjanjian", "/perjanjian"}}, Data: d, Form: upload})
}

// fileSize writes a size in bytes as "850 KB" or "2,4 MB".
func fileSize(n int64) string {
	switch {
	case n < 1<<10:
		return kampungkb.FormatInt(n) + " byte"
	case n < 1<<20:
		return kampungkb.FormatInt((n+1<<9)>>10) + " KB"
	}
	tenths := (n*10 + 1<<19) >> 20
	return kampungkb.FormatInt(tenths/10) + "," + strconv.FormatInt(tenths%10, 10) + " MB"
}

func (s *Server) agreementArchive(w http.ResponseWriter, r *http.Request) {
	ag, err := s.agreementFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := ag.ID
	archive := r.PostFormValue("archived") != "0"
	if err := s.db.SetAgreementArchived(r.Context(), id, archive); err != nil {
		s.htmlError(w, r, err)
		return
	}
	msg := "Perjanjian diarsipkan: tidak lagi muncul di daftar dan pilihan, riwayatnya tetap tersimpan."
	if !archive {
		msg = "Perjanjian dipulihkan dari arsip."
	}
	redirect(w, r, "/perjanjian/"+strconv.FormatInt(id, 10), msg)
}

func (s *Server) agreementDelete(w http.ResponseWriter, r *http.Request) {
	ag, err := s.agreementFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := ag.ID
	if err := s.db.DeleteAgreement(r.Context(), id); err != nil {
		if kampungkb.ErrorKind(err) == kampungkb.Conflict {
			s.agreementShowPage(w, r, http.StatusConflict, kampungkb.ErrorMessage(err), nil)
			return
		}
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/perjanjian", "Perjanjian dihapus.")
}

// agreementUpload attaches an uploaded PDF or image to the agreement. A
// refused file shows the agreement again with the message; nothing is
// stored.
func (s *Server) agreementUpload(w http.ResponseWriter, r *http.Request) {
	ag, err := s.agreementFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := ag.ID
	title, f, err := readDocumentUpload(w, r)
	if err == nil {
		_, err = s.db.AddAgreementDocument(r.Context(), id, title, &f)
	}
	if err != nil {
		if kampungkb.ErrorKind(err) != kampungkb.Invalid {
			s.htmlError(w, r, err)
			return
		}
		v := url.Values{}
		if r.MultipartForm != nil {
			v.Set("title", r.FormValue("title"))
		}
		upload := newForm(v)
		upload.fail(err)
		s.agreementShowPage(w, r, http.StatusBadRequest, "", upload)
		return
	}
	redirect(w, r, "/perjanjian/"+strconv.FormatInt(id, 10)+"#dokumen", "Dokumen \""+title+"\" terunggah.")
}

func (s *Server) agreementDocumentDelete(w http.ResponseWriter, r *http.Request) {
	ag, err := s.agreementFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := ag.ID
	doc, err := pathID(r, "doc")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.RemoveAgreementDocument(r.Context(), id, doc); err != nil {
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/perjanjian/"+strconv.FormatInt(id, 10)+"#dokumen", "Dokumen dihapus.")
}

// partnerAgreements returns the agreements partnerID is a party to, in
// the actor's view scope, archived ones included (Archived is set on
// them), most recently signed first, for the partner's page. At most
// kampungkb.MaxPageSize are returned; the partner's page links to
// /perjanjian?partner=ID for all.
func (s *Server) partnerAgreements(r *http.Request, partnerID int64) ([]sqldb.AgreementRow, error) {
	rows, _, err := s.db.Agreements(r.Context(), scoped(r, kampungkb.Filter{PartnerID: partnerID, Archived: true, Limit: kampungkb.MaxPageSize}))
	return rows, err
}

// API

func (s *Server) apiAgreementUpload(w http.ResponseWriter, r *http.Request) {
	ag, err := s.agreementFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	id := ag.ID
	title, f, err := readDocumentUpload(w, r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, err := s.db.AddAgreementDocument(r.Context(), id, title, &f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/files/"+strconv.FormatInt(d.FileID, 10))
	writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiAgreementDocumentDelete(w http.ResponseWriter, r *http.Request) {
	ag, err := s.agreementFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	id := ag.ID
	doc, err := pathID(r, "doc")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.RemoveAgreementDocument(r.Context(), id, doc); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
