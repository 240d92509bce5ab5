package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/sqldb"
)

// Contributions of partners (money, goods, services, labour valued in
// Rupiah; domain.md §7.4): pages under /kontribusi, API under
// /api/v1/contributions.

// contributionFormValues writes a contribution into form values (for the
// edit form).
func contributionFormValues(c kampungkb.Contribution) url.Values {
	v := url.Values{}
	v.Set("partner_id", idString(c.PartnerID))
	v.Set("kampung_id", idString(c.KampungID))
	v.Set("activity_id", idString(c.ActivityID))
	v.Set("agreement_id", idString(c.AgreementID))
	v.Set("kind", c.Kind)
	v.Set("amount", kampungkb.FormatInt(c.Amount))
	v.Set("date", c.Date.String())
	v.Set("description", c.Description)
	v.Set("beneficiaries", strconv.Itoa(c.Beneficiaries))
	v.Set("version", strconv.Itoa(c.Version))
	return v
}

// formRupiah reads an amount of Rupiah as people type it ("1.500.000",
// "Rp 1.500.000"); empty is 0.
func formRupiah(p *kampungkb.Problems, v url.Values, name string) int64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	n, err := kampungkb.ParseRupiah(s)
	if err != nil {
		rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "Rp"), "rp"), "RP"))
		if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "−") {
			p.Add(name, "Jumlah tidak boleh negatif.")
		} else {
			p.Add(name, "Tulis jumlah dalam Rupiah tanpa sen, mis. 1.500.000.")
		}
		return 0
	}
	return n
}

// decodeContribution reads a contribution from a posted form.
func decodeContribution(v url.Values) (kampungkb.Contribution, kampungkb.Problems) {
	var p kampungkb.Problems
	c := kampungkb.Contribution{Kind: v.Get("kind"), Description: v.Get("description")}
	c.PartnerID = formID(&p, v, "partner_id")
	c.KampungID = formID(&p, v, "kampung_id")
	c.ActivityID = formID(&p, v, "activity_id")
	c.AgreementID = formID(&p, v, "agreement_id")
	c.Amount = formRupiah(&p, v, "amount")
	c.Date = formDate(&p, v, "date")
	c.Beneficiaries = formInt(&p, v, "beneficiaries")
	c.Version, _ = strconv.Atoi(v.Get("version"))
	return c, p
}

type contributionListData struct {
	Rows       []kampungkb.Contribution
	Pager      pager
	Sum        int64
	Kampung    []kampungkb.Ref
	Partners   []kampungkb.Ref
	Agreements []kampungkb.Ref
	// Activity is the activity the list is filtered by, if any.
	Activity kampungkb.Activity
	Region   kampungkb.Region
}

func (s *Server) contributionList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, ferr := s.listFilter(r)
	f = scoped(r, f)
	if format := r.URL.Query().Get("format"); format != "" && ferr == nil {
		s.exportContributions(w, r, f, format)
		return
	}
	var d contributionListData
	var err error
	status := http.StatusOK
	form := newForm(r.URL.Query())
	if ferr != nil {
		if kampungkb.ErrorKind(ferr) != kampungkb.Invalid {
			s.htmlError(w, r, ferr)
			return
		}
		status = http.StatusBadRequest
		form.fail(ferr)
	} else {
		var total int
		if d.Rows, total, d.Sum, err = s.db.Contributions(ctx, f); err != nil {
			s.htmlError(w, r, err)
			return
		}
		d.Pager = newPager(r, total, f)
		if f.Region != "" {
			d.Region, _ = s.db.Region(ctx, f.Region)
		}
		if f.ActivityID != 0 && s.canView(r, sqldb.EntityActivity, f.ActivityID) {
			d.Activity, _ = s.db.Activity(ctx, f.ActivityID)
		}
	}
	if d.Kampung, err = s.kampungOptions(r, form.Get("kampung")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Partners, err = s.partnerOptions(r, []string{form.Get("partner")}); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Agreements, err = s.agreementOptions(r, form.Get("agreement")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.render(w, r, status, "contribution_list.html", &page{Title: "Kontribusi mitra", Section: "kontribusi", Data: d, Form: form})
}

var contributionColumns = []string{"id", "tanggal", "mitra", "kampung_kb", "kegiatan", "perjanjian", "jenis", "jumlah_rp",
	"keterangan", "penerima_manfaat"}

func (s *Server) exportContributions(w http.ResponseWriter, r *http.Request, f kampungkb.Filter, format string) {
	s.export(w, r, format, "kontribusi", contributionColumns, func(f kampungkb.Filter) ([][]any, int, error) {
		rows, total, _, err := s.db.Contributions(r.Context(), f)
		out := make([][]any, len(rows))
		for i, c := range rows {
			out[i] = []any{c.ID, c.Date, c.PartnerName, c.KampungName, c.ActivityTitle, c.AgreementTitle,
				kampungkb.ContributionKinds.Label(c.Kind), c.Amount, c.Description, c.Beneficiaries}
		}
		return out, total, err
	}, f)
}

// contributionActivityLimit is how many recent activities the
// contribution form offers; older ones are reached from their own page
// ("Tambah kontribusi" there preselects the activity).
const contributionActivityLimit = 200

type contributionFormData struct {
	Contribution kampungkb.Contribution
	Action       string
	Partners     []kampungkb.Ref
	Kampung      []kampungkb.Ref
	Activities   []kampungkb.Ref
	Agreements   []kampungkb.Ref
}

// activityOptions returns the most recent activities in the actor's view
// scope as choices ("10 Desember 2019 · Title"), plus the selected one
// when it is older and in view.
func (s *Server) activityOptions(r *http.Request, selected string) ([]kampungkb.Ref, error) {
	ctx := r.Context()
	rows, _, err := s.db.Activities(ctx, scoped(r, kampungkb.Filter{Limit: contributionActivityLimit}))
	if err != nil {
		return nil, err
	}
	ref := func(a kampungkb.Activity) kampungkb.Ref {
		name := kampungkb.FormatDate(a.Date) + " · " + a.Title
		if len(a.Kampung) > 0 {
			name += " (" + joinRefs(a.Kampung) + ")"
		}
		return kampungkb.Ref{ID: a.ID, Name: name}
	}
	refs := make([]kampungkb.Ref, len(rows))
	for i, a := range rows {
		refs[i] = ref(a.Activity)
	}
	if selected != "" && !hasRef(refs, selected) {
		if n, err := strconv.ParseInt(selected, 10, 64); err == nil && s.canView(r, sqldb.EntityActivity, n) {
			if a, err := s.db.Activity(ctx, n); err == nil {
				refs = append(refs, ref(a))
			}
		}
	}
	return refs, nil
}

func (s *Server) contributionFormPage(w http.ResponseWriter, r *http.Request, status int, c kampungkb.Contribution, f *form) {
	d := contributionFormData{Contribution: c, Action: "/kontribusi"}
	var err error
	if d.Partners, err = s.partnerOptions(r, []string{f.Get("partner_id")}); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Kampung, err = s.kampungCaptureOptions(r, f.Get("kampung_id")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Activities, err = s.activityOptions(r, f.Get("activity_id")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Agreements, err = s.agreementOptions(r, f.Get("agreement_id")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	title := "Tambah kontribusi"
	crumbs := []crumb{{"Kontribusi", "/kontribusi"}}
	if c.ID != 0 {
		d.Action = "/kontribusi/" + strconv.FormatInt(c.ID, 10)
		title = "Ubah kontribusi"
		crumbs = append(crumbs, crumb{contributionTitle(c), d.Action})
	}
	s.render(w, r, status, "contribution_form.html", &page{Title: title, Section: "kontribusi", Crumbs: crumbs, Form: f, Data: d})
}

// contributionTitle names a contribution for headings and flashes:
// "Uang Rp 1.500.000 dari Rumah Zakat".
func contributionTitle(c kampungkb.Contribution) string {
	t := kampungkb.ContributionKinds.Label(c.Kind)
	if c.Amount != 0 || c.Kind == "uang" {
		t += " " + kampungkb.FormatRupiah(c.Amount)
	}
	if c.PartnerName != "" {
		t += " dari " + c.PartnerName
	}
	return t
}

// contributionNew shows an empty form dated today. ?partner=ID,
// ?kampung=ID and ?activity=ID preselect; an activity also preselects its
// first Kampung KB, its agreement and, when it has exactly one, its
// partner.
func (s *Server) contributionNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{}
	v.Set("date", s.today().String())
	param := func(name string) int64 {
		id, err := strconv.ParseInt(q.Get(name), 10, 64)
		if err != nil || id <= 0 {
			return 0
		}
		return id
	}
	if id := param("activity"); id != 0 && s.canView(r, sqldb.EntityActivity, id) {
		if a, err := s.db.Activity(r.Context(), id); err == nil {
			v.Set("activity_id", idString(a.ID))
			if len(a.KampungIDs) > 0 {
				v.Set("kampung_id", idString(a.KampungIDs[0]))
			}
			if len(a.PartnerIDs) == 1 {
				v.Set("partner_id", idString(a.PartnerIDs[0]))
			}
			v.Set("agreement_id", idString(a.AgreementID))
		}
	}
	if id := param("partner"); id != 0 {
		v.Set("partner_id", idString(id))
	}
	if id := param("kampung"); id != 0 {
		v.Set("kampung_id", idString(id))
	}
	s.contributionFormPage(w, r, http.StatusOK, kampungkb.Contribution{}, newForm(v))
}

func (s *Server) contributionCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	c, problems := decodeContribution(r.PostForm)
	if err := s.captureContribution(r, c); err != nil {
		s.htmlError(w, r, err)
		return
	}
	today := s.today()
	err := checkDecoded("kontribusi", problems, func() error { x := c; return x.Validate(today) })
	if err == nil {
		err = s.db.CreateContribution(r.Context(), &c)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.contributionFormPage(w, r, statusOf(err), kampungkb.Contribution{}, f)
		return
	}
	redirect(w, r, "/kontribusi/"+strconv.FormatInt(c.ID, 10), "Kontribusi tersimpan.")
}

// contributionFor loads the contribution of the {id} path value: it must
// be in the actor's view scope (else 404) and, for a change, lie in the
// capture scope (else 403).
func (s *Server) contributionFor(r *http.Request, change bool) (kampungkb.Contribution, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return kampungkb.Contribution{}, err
	}
	if err := s.inScope(r, sqldb.EntityContribution, id); err != nil {
		return kampungkb.Contribution{}, err
	}
	c, err := s.db.Contribution(r.Context(), id)
	if err == nil && change {
		err = s.captureContribution(r, c)
	}
	return c, err
}

func (s *Server) contributionEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.contributionFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.contributionFormPage(w, r, http.StatusOK, c, newForm(contributionFormValues(c)))
}

func (s *Server) contributionUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.contributionFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := old.ID
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	c, problems := decodeContribution(r.PostForm)
	c.ID = id
	if err := s.captureContribution(r, c); err != nil {
		s.htmlError(w, r, err)
		return
	}
	today := s.today()
	err = checkDecoded("kontribusi", problems, func() error { x := c; return x.Validate(today) })
	if err == nil {
		err = s.db.UpdateContribution(r.Context(), &c)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.contributionFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/kontribusi/"+strconv.FormatInt(id, 10), "Perubahan kontribusi tersimpan.")
}

type contributionShowData struct {
	Contribution kampungkb.Contribution
	CanEdit      bool // the actor may change the contribution
	// The linked records the actor may open (their names show either way).
	ShowKampung, ShowActivity, ShowAgreement bool
}

func (s *Server) contributionShow(w http.ResponseWriter, r *http.Request) {
	c, err := s.contributionFor(r, false)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := contributionShowData{Contribution: c, CanEdit: s.canEditContribution(r, c),
		ShowKampung:   c.KampungID != 0 && s.canView(r, sqldb.EntityKampung, c.KampungID),
		ShowActivity:  c.ActivityID != 0 && s.canView(r, sqldb.EntityActivity, c.ActivityID),
		ShowAgreement: c.AgreementID != 0 && s.canView(r, sqldb.EntityAgreement, c.AgreementID)}
	s.render(w, r, http.StatusOK, "contribution_show.html", &page{Title: contributionTitle(c), Section: "kontribusi",
		Crumbs: []crumb{{"Kontribusi", "/kontribusi"}}, Data: d})
}

// contributionDelete deletes a contribution (nothing refers to one) and
// returns to its activity's page when it had one, else to the list.
func (s *Server) contributionDelete(w http.ResponseWriter, r *http.Request) {
	c, err := s.contributionFor(r, true)
	id := c.ID
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.DeleteContribution(r.Context(), id); err != nil {
		s.htmlError(w, r, err)
		return
	}
	target := "/kontribusi"
	if c.ActivityID != 0 {
		target = "/kegiatan/" + strconv.FormatInt(c.ActivityID, 10) + "#kontribusi"
	}
	redirect(w, r, target, "Kontribusi dihapus.")
}

// API

// contributionList is the API's list of contributions: items and total
// as every list, plus the sum of the amounts of every matching
// contribution (not only the page).
type contributionList struct {
	Items []kampungkb.Contribution `json:"items"`
	Total int                      `json:"total"`
	Sum   int64                    `json:"sum"`
}

func (s *Server) apiContributions(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rows, total, sum, err := s.db.Contributions(r.Context(), scoped(r, f))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if rows == nil {
		rows = []kampungkb.Contribution{}
	}
	writeJSON(w, http.StatusOK, contributionList{Items: rows, Total: total, Sum: sum})
}
