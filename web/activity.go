package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/sqldb"
)

// Activities (kegiatan, the portal's intervensi; domain.md §3.5): pages
// under /kegiatan, API under /api/v1/activities.

// attendeeFields are the form names of one named-attendee row, in the
// order the form template and repeatRows use them.
var attendeeFields = []string{"attendee_name", "attendee_sex", "attendee_role"}

// activityFormValues writes an activity into form values (for the edit
// form).
func activityFormValues(a kampungkb.Activity) url.Values {
	v := url.Values{}
	v.Set("title", a.Title)
	v.Set("date", a.Date.String())
	v.Set("start_time", a.StartTime)
	v.Set("end_time", a.EndTime)
	v.Set("place", a.Place)
	v["kampung_ids"] = idStrings(a.KampungIDs)
	v.Set("category", a.Category)
	v.Set("type", a.Type)
	v["partner_ids"] = idStrings(a.PartnerIDs)
	v["institutions"] = append([]string(nil), a.Institutions...)
	v.Set("other_institutions", a.OtherInstitutions)
	v["targets"] = append([]string(nil), a.Targets...)
	v.Set("participants_male", strconv.Itoa(a.ParticipantsMale))
	v.Set("participants_female", strconv.Itoa(a.ParticipantsFemale))
	for _, x := range a.Attendees {
		v.Add("attendee_name", x.Name)
		v.Add("attendee_sex", x.Sex)
		v.Add("attendee_role", x.Role)
	}
	v.Set("agreement_id", idString(a.AgreementID))
	v.Set("description", a.Description)
	v.Set("outcome", a.Outcome)
	v.Set("version", strconv.Itoa(a.Version))
	return v
}

func idStrings(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

// formIDs reads a list of ids (checkboxes) from a form field.
func formIDs(p *kampungkb.Problems, v url.Values, name string) []int64 {
	var out []int64
	for _, s := range v[name] {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			p.Add(name, "Pilihan tidak valid.")
			continue
		}
		out = append(out, n)
	}
	return out
}

// decodeActivity reads an activity from a posted form. Attendee rows left
// entirely empty are skipped (the form always offers two empty rows).
func decodeActivity(v url.Values) (kampungkb.Activity, kampungkb.Problems) {
	var p kampungkb.Problems
	a := kampungkb.Activity{
		Title:             v.Get("title"),
		StartTime:         v.Get("start_time"),
		EndTime:           v.Get("end_time"),
		Place:             v.Get("place"),
		Category:          v.Get("category"),
		Type:              v.Get("type"),
		Institutions:      v["institutions"],
		OtherInstitutions: v.Get("other_institutions"),
		Targets:           v["targets"],
		Description:       v.Get("description"),
		Outcome:           v.Get("outcome"),
	}
	a.Date = formDate(&p, v, "date")
	a.KampungIDs = formIDs(&p, v, "kampung_ids")
	a.PartnerIDs = formIDs(&p, v, "partner_ids")
	a.AgreementID = formID(&p, v, "agreement_id")
	a.ParticipantsMale = formInt(&p, v, "participants_male")
	a.ParticipantsFemale = formInt(&p, v, "participants_female")
	a.Version, _ = strconv.Atoi(v.Get("version"))
	for _, row := range repeatRows(newForm(v), 0, attendeeFields...) {
		a.Attendees = append(a.Attendees, kampungkb.Attendee{Name: row[0], Sex: row[1], Role: row[2]})
	}
	return a, p
}

// checkDecoded returns the error to show when decoding a form found
// problems: those, plus what validate finds in the rest of the form, so
// that the user sees every message at once. validate must work on a copy.
func checkDecoded(op string, problems kampungkb.Problems, validate func() error) error {
	err := problems.Err(op)
	if err == nil {
		return nil
	}
	return mergeProblems(err, kampungkb.Problems(kampungkb.ErrorFields(validate())))
}

// listFilter reads a list's filters like parseFilter, but also accepts a
// region typed as a name ("Lombok Timur"): the highest level with a region
// of that name wins, as for agreement parties.
func (s *Server) listFilter(r *http.Request) (kampungkb.Filter, error) {
	q := r.URL.Query()
	v := strings.TrimSpace(q.Get("region"))
	if v == "" {
		return parseFilter(r)
	}
	if _, _, ok := kampungkb.NormalizeRegionCode(v); ok {
		return parseFilter(r)
	}
	code, problem := s.resolvePartyRegion(r.Context(), "", v)
	q.Set("region", code)
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.RawQuery = q.Encode()
	r2.URL = &u
	f, err := parseFilter(r2)
	if problem == "" {
		return f, err
	}
	p := kampungkb.Problems(kampungkb.ErrorFields(err))
	p.Add("region", problem)
	return f, &kampungkb.Error{Kind: kampungkb.Invalid, Op: "filter", Message: "Periksa kembali saringan.", Fields: p}
}

// joinRefs writes the names of refs joined with "; " (for downloads).
func joinRefs(refs []kampungkb.Ref) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.Name
	}
	return strings.Join(names, "; ")
}

// kampungOptions returns the Kampung KB a list may be filtered by: those
// in the actor's view scope and not archived, plus any of the selected
// ids in view that are archived.
func (s *Server) kampungOptions(r *http.Request, selected ...string) ([]kampungkb.Ref, error) {
	refs, err := s.db.KampungRefs(r.Context(), "", scopeOf(r))
	if err != nil {
		return nil, err
	}
	return s.withSelectedKampung(r, refs, selected)
}

// kampungCaptureOptions returns the Kampung KB an activity or contribution
// may name: those in the actor's capture (and view) scope and not
// archived, plus any of the selected ids in view that are archived or
// outside the capture scope, so that editing an old record keeps its
// Kampung KB (saving checks the capture scope).
func (s *Server) kampungCaptureOptions(r *http.Request, selected ...string) ([]kampungkb.Ref, error) {
	a := actorOf(r)
	if a.CapturesEverywhere() {
		return s.kampungOptions(r, selected...)
	}
	var refs []kampungkb.Ref
	for _, region := range a.CaptureRegions {
		more, err := s.db.KampungRefs(r.Context(), region, scopeOf(r))
		if err != nil {
			return nil, err
		}
		for _, x := range more {
			if !hasRef(refs, strconv.FormatInt(x.ID, 10)) {
				refs = append(refs, x)
			}
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return strings.ToLower(refs[i].Name) < strings.ToLower(refs[j].Name) })
	return s.withSelectedKampung(r, refs, selected)
}

// withSelectedKampung adds to refs the selected Kampung KB the actor can
// see that refs lack, marked as archived or outside the capture scope.
func (s *Server) withSelectedKampung(r *http.Request, refs []kampungkb.Ref, selected []string) ([]kampungkb.Ref, error) {
	ctx := r.Context()
	for _, id := range selected {
		if id == "" || hasRef(refs, id) {
			continue
		}
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		if !s.canView(r, sqldb.EntityKampung, n) {
			continue
		}
		if k, err := s.db.Kampung(ctx, n); err == nil {
			note := ", arsip"
			if !k.Archived {
				note = ", di luar wilayah input Anda"
			}
			refs = append(refs, kampungkb.Ref{ID: k.ID, Name: k.Name + " (" + k.Village.Name + note + ")"})
		}
	}
	return refs, nil
}

// agreementOptions returns the agreements an activity or contribution may
// name: those in the actor's view scope and not archived, plus the
// selected one when the actor can see it.
func (s *Server) agreementOptions(r *http.Request, selected string) ([]kampungkb.Ref, error) {
	ctx := r.Context()
	refs, err := s.db.AgreementRefs(ctx, scopeOf(r))
	if err != nil {
		return nil, err
	}
	if selected != "" && !hasRef(refs, selected) {
		if n, err := strconv.ParseInt(selected, 10, 64); err == nil && s.canView(r, sqldb.EntityAgreement, n) {
			if a, err := s.db.Agreement(ctx, n); err == nil {
				refs = append(refs, kampungkb.Ref{ID: a.ID, Name: a.Label() + " (arsip)"})
			}
		}
	}
	return refs, nil
}

// recentActivities returns the most recent activities matching f (10
// unless f.Limit says otherwise) and how many match in all, for the
// activity tables of other pages ({{template "activitytable" rows}},
// web/templates/part_activities.html); those pages link to
// /kegiatan?kampung=ID or /kegiatan?partner=ID for the rest.
func (s *Server) recentActivities(r *http.Request, f kampungkb.Filter) ([]sqldb.ActivityRow, int, error) {
	if f.Limit <= 0 {
		f.Limit = 10
	}
	f.Offset = 0
	return s.db.Activities(r.Context(), scoped(r, f))
}

type activityListData struct {
	Rows       []sqldb.ActivityRow
	Pager      pager
	Kampung    []kampungkb.Ref
	Partners   []kampungkb.Ref
	Agreements []kampungkb.Ref
	Region     kampungkb.Region
}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, ferr := s.listFilter(r)
	f = scoped(r, f)
	if format := r.URL.Query().Get("format"); format != "" && ferr == nil {
		s.exportActivities(w, r, f, format)
		return
	}
	var d activityListData
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
		f = scoped(r, kampungkb.Filter{})
	} else {
		var total int
		if d.Rows, total, err = s.db.Activities(ctx, f); err != nil {
			s.htmlError(w, r, err)
			return
		}
		d.Pager = newPager(r, total, f)
		if f.Region != "" {
			d.Region, _ = s.db.Region(ctx, f.Region)
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
	s.render(w, r, status, "activity_list.html", &page{Title: "Kegiatan", Section: "kegiatan", Data: d, Form: form})
}

var activityColumns = []string{"id", "tanggal", "judul", "jam_mulai", "jam_selesai", "tempat", "kampung_kb", "mitra",
	"kategori", "jenis", "peserta_laki_laki", "peserta_perempuan", "peserta_jumlah", "perjanjian"}

// exportActivities downloads the activities of f. Named attendees are
// member-level personal data: only actors with PermExportPersonal get
// their column.
func (s *Server) exportActivities(w http.ResponseWriter, r *http.Request, f kampungkb.Filter, format string) {
	personal := actorOf(r).Can(kampungkb.PermExportPersonal)
	cols := activityColumns
	if personal {
		cols = append(append([]string(nil), activityColumns...), "peserta_bernama")
	}
	s.export(w, r, format, "kegiatan", cols, func(f kampungkb.Filter) ([][]any, int, error) {
		rows, total, err := s.db.Activities(r.Context(), f)
		if err != nil {
			return nil, 0, err
		}
		var attendees map[int64][]kampungkb.Attendee
		if personal {
			ids := make([]int64, len(rows))
			for i, a := range rows {
				ids[i] = a.ID
			}
			if attendees, err = s.db.ActivityAttendees(r.Context(), ids); err != nil {
				return nil, 0, err
			}
		}
		out := make([][]any, len(rows))
		for i, a := range rows {
			out[i] = []any{a.ID, a.Date, a.Title, a.StartTime, a.EndTime, a.Place, joinRefs(a.Kampung), joinRefs(a.Partners),
				kampungkb.Functions.Label(a.Category), kampungkb.ActivityTypes.Label(a.Type), a.ParticipantsMale,
				a.ParticipantsFemale, a.Participants(), a.AgreementTitle}
			if personal {
				out[i] = append(out[i], attendeeText(attendees[a.ID]))
			}
		}
		return out, total, nil
	}, f)
}

// attendeeText writes named attendees for a download:
// "Ani (perempuan, kader); Budi (laki-laki)".
func attendeeText(xs []kampungkb.Attendee) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		var detail []string
		if x.Sex != "" {
			detail = append(detail, strings.ToLower(kampungkb.Sexes.Label(x.Sex)))
		}
		if x.Role != "" {
			detail = append(detail, x.Role)
		}
		out[i] = x.Name
		if len(detail) > 0 {
			out[i] += " (" + strings.Join(detail, ", ") + ")"
		}
	}
	return strings.Join(out, "; ")
}

type activityFormData struct {
	Activity   kampungkb.Activity
	Action     string
	Kampung    []kampungkb.Ref
	Partners   []kampungkb.Ref
	Agreements []kampungkb.Ref
}

func (s *Server) activityFormPage(w http.ResponseWriter, r *http.Request, status int, a kampungkb.Activity, f *form) {
	d := activityFormData{Activity: a, Action: "/kegiatan"}
	var err error
	if d.Kampung, err = s.kampungCaptureOptions(r, f.All("kampung_ids")...); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Partners, err = s.partnerOptions(r, f.All("partner_ids")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Agreements, err = s.agreementOptions(r, f.Get("agreement_id")); err != nil {
		s.htmlError(w, r, err)
		return
	}
	title := "Tambah kegiatan"
	crumbs := []crumb{{"Kegiatan", "/kegiatan"}}
	if a.ID != 0 {
		d.Action = "/kegiatan/" + strconv.FormatInt(a.ID, 10)
		title = "Ubah kegiatan"
		crumbs = append(crumbs, crumb{a.Title, d.Action})
	}
	s.render(w, r, status, "activity_form.html", &page{Title: title, Section: "kegiatan", Crumbs: crumbs, Form: f, Data: d})
}

// activityNew shows an empty form; ?kampung=ID, ?partner=ID and
// ?agreement=ID preselect (from the pages of those records).
func (s *Server) activityNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{}
	for param, name := range map[string]string{"kampung": "kampung_ids", "partner": "partner_ids", "agreement": "agreement_id"} {
		if id, err := strconv.ParseInt(q.Get(param), 10, 64); err == nil && id > 0 {
			v.Set(name, strconv.FormatInt(id, 10))
		}
	}
	s.activityFormPage(w, r, http.StatusOK, kampungkb.Activity{}, newForm(v))
}

func (s *Server) activityCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	a, problems := decodeActivity(r.PostForm)
	if err := s.captureKampung(r, a.KampungIDs...); err != nil {
		s.htmlError(w, r, err)
		return
	}
	err := checkDecoded("kegiatan", problems, func() error { c := a; return c.Validate() })
	if err == nil {
		err = s.db.CreateActivity(r.Context(), &a)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.activityFormPage(w, r, statusOf(err), kampungkb.Activity{}, f)
		return
	}
	redirect(w, r, "/kegiatan/"+strconv.FormatInt(a.ID, 10), "Kegiatan \""+a.Title+"\" tersimpan.")
}

// activityFor loads the activity of the {id} path value: it must be in
// the actor's view scope (else 404) and, for a change, its Kampung KB in
// the capture scope (else 403).
func (s *Server) activityFor(r *http.Request, change bool) (kampungkb.Activity, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return kampungkb.Activity{}, err
	}
	if err := s.inScope(r, sqldb.EntityActivity, id); err != nil {
		return kampungkb.Activity{}, err
	}
	a, err := s.db.Activity(r.Context(), id)
	if err != nil {
		return a, err
	}
	if change {
		if err := s.captureKampung(r, a.KampungIDs...); err != nil {
			return a, err
		}
	}
	stripPersonal(r, &a)
	return a, nil
}

func (s *Server) activityEdit(w http.ResponseWriter, r *http.Request) {
	a, err := s.activityFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.activityFormPage(w, r, http.StatusOK, a, newForm(activityFormValues(a)))
}

func (s *Server) activityUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.activityFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := old.ID
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	a, problems := decodeActivity(r.PostForm)
	a.ID = id
	if err := s.captureKampung(r, a.KampungIDs...); err != nil {
		s.htmlError(w, r, err)
		return
	}
	err = checkDecoded("kegiatan", problems, func() error { c := a; return c.Validate() })
	if err == nil {
		err = s.db.UpdateActivity(r.Context(), &a)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.activityFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/kegiatan/"+strconv.FormatInt(id, 10), "Perubahan kegiatan \""+a.Title+"\" tersimpan.")
}

// photoGroup is the photos of one tag, for the show page.
type photoGroup struct {
	Label  string
	Photos []kampungkb.Photo
}

// photoGroupOrder is the order photo groups are shown in: before, after,
// then the activity itself.
var photoGroupOrder = []string{"sebelum", "sesudah", "kegiatan"}

func groupPhotos(photos []kampungkb.Photo) []photoGroup {
	var out []photoGroup
	for _, tag := range photoGroupOrder {
		g := photoGroup{Label: kampungkb.PhotoTags.Label(tag)}
		for _, p := range photos {
			if p.Tag == tag {
				g.Photos = append(g.Photos, p)
			}
		}
		if len(g.Photos) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// activityContributionLimit bounds the contributions listed on an
// activity's page; the page links to the full list beyond it.
const activityContributionLimit = 50

type activityShowData struct {
	Activity           kampungkb.Activity
	CanEdit            bool // the actor may change the activity
	CanAddContribution bool
	// OpenKampung and OpenPartner hold the Kampung KB and partners the
	// actor may open (the others are named without a link).
	OpenKampung, OpenPartner map[int64]bool
	PhotoGroups              []photoGroup
	Contributions            []kampungkb.Contribution
	ContributionTotal        int
	ContributionSum          int64
	// Nearby holds, per Kampung KB of the activity, its other recent
	// activities (only Kampung KB that have some).
	Nearby    []nearbyActivities
	Error     string
	MaxUpload string
}

// nearbyActivities are the other recent activities of one Kampung KB.
type nearbyActivities struct {
	Kampung kampungkb.Ref
	Rows    []sqldb.ActivityRow
	More    bool // the Kampung KB has more than Rows
}

// Limits of the "other activities" on an activity's page: so many Kampung
// KB, so many activities each.
const (
	nearbyKampung = 3
	nearbyLimit   = 5
)

func (s *Server) activityShow(w http.ResponseWriter, r *http.Request) {
	s.activityShowPage(w, r, http.StatusOK, "", nil)
}

// activityShowPage shows an activity. problem is a message about a
// refused action (delete); upload, when set, is the photo upload form shown
// again with its messages.
func (s *Server) activityShowPage(w http.ResponseWriter, r *http.Request, status int, problem string, upload *form) {
	ctx := r.Context()
	a, err := s.activityFor(r, false)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := a.ID
	if len(a.Attendees) > 0 { // named attendees are personal data
		s.auditPersonalView(ctx, "activity", id)
	}
	d := activityShowData{Activity: a, PhotoGroups: groupPhotos(a.Photos), Error: problem,
		MaxUpload: kampungkb.FormatInt(kampungkb.MaxPhotoSize>>20) + " MB", CanEdit: s.canEditActivity(r, a)}
	d.CanAddContribution = d.CanEdit
	d.OpenKampung, d.OpenPartner = map[int64]bool{}, map[int64]bool{}
	for _, k := range a.Kampung {
		d.OpenKampung[k.ID] = s.canView(r, sqldb.EntityKampung, k.ID)
	}
	for _, p := range a.Partners {
		d.OpenPartner[p.ID] = s.canView(r, sqldb.EntityPartner, p.ID)
	}
	d.Contributions, d.ContributionTotal, d.ContributionSum, err = s.db.Contributions(ctx,
		scoped(r, kampungkb.Filter{ActivityID: id, Limit: activityContributionLimit}))
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	for i, k := range a.Kampung {
		if i == nearbyKampung {
			break
		}
		rows, total, err := s.recentActivities(r, kampungkb.Filter{KampungID: k.ID, Limit: nearbyLimit + 1})
		if err != nil {
			s.htmlError(w, r, err)
			return
		}
		n := nearbyActivities{Kampung: k}
		for _, x := range rows {
			if x.ID != a.ID && len(n.Rows) < nearbyLimit {
				n.Rows = append(n.Rows, x)
			}
		}
		n.More = total-1 > len(n.Rows) // total counts this activity too
		if len(n.Rows) > 0 {
			d.Nearby = append(d.Nearby, n)
		}
	}
	if upload == nil {
		upload = newForm(url.Values{"tag": {"kegiatan"}})
	}
	s.render(w, r, status, "activity_show.html", &page{Title: a.Title, Section: "kegiatan",
		Crumbs: []crumb{{"Kegiatan", "/kegiatan"}}, Data: d, Form: upload})
}

func (s *Server) activityDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.activityFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := a.ID
	if err := s.db.DeleteActivity(r.Context(), id); err != nil {
		if kampungkb.ErrorKind(err) == kampungkb.Conflict {
			s.activityShowPage(w, r, http.StatusConflict, kampungkb.ErrorMessage(err), nil)
			return
		}
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/kegiatan", "Kegiatan dihapus.")
}

// readPhotoUpload reads a multipart upload of an activity photo: the
// image in field "photo", its "tag" and "caption". The body is limited to a
// little more than kampungkb.MaxPhotoSize and the content type is sniffed
// from the bytes (the client's type is ignored); checking type and size is
// left to sqldb.AddActivityPhoto, which reports them, under "photo",
// together with the tag's and caption's problems.
func readPhotoUpload(w http.ResponseWriter, r *http.Request) (tag, caption string, f kampungkb.File, err error) {
	f, err = readFormFile(w, r, uploadField{name: "photo", noun: "foto", types: kampungkb.PhotoTypes, max: kampungkb.MaxPhotoSize})
	if r.MultipartForm != nil {
		tag, caption = r.FormValue("tag"), r.FormValue("caption")
	}
	return tag, caption, f, err
}

// activityPhotoUpload adds an uploaded photo to the activity. A refused
// photo shows the activity again with the message; nothing is stored.
func (s *Server) activityPhotoUpload(w http.ResponseWriter, r *http.Request) {
	a, err := s.activityFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := a.ID
	tag, caption, f, err := readPhotoUpload(w, r)
	if err == nil {
		_, err = s.db.AddActivityPhoto(r.Context(), id, tag, caption, &f)
	}
	if err != nil {
		if kampungkb.ErrorKind(err) != kampungkb.Invalid {
			s.htmlError(w, r, err)
			return
		}
		upload := newForm(url.Values{"tag": {tag}, "caption": {caption}})
		upload.fail(err)
		s.activityShowPage(w, r, http.StatusBadRequest, "", upload)
		return
	}
	redirect(w, r, "/kegiatan/"+strconv.FormatInt(id, 10)+"#foto", "Foto terunggah.")
}

func (s *Server) activityPhotoDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.activityFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	id := a.ID
	photo, err := pathID(r, "photo")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.RemoveActivityPhoto(r.Context(), id, photo); err != nil {
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/kegiatan/"+strconv.FormatInt(id, 10)+"#foto", "Foto dihapus.")
}

// API

func (s *Server) apiActivityPhotoUpload(w http.ResponseWriter, r *http.Request) {
	a, err := s.activityFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	id := a.ID
	tag, caption, f, err := readPhotoUpload(w, r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	p, err := s.db.AddActivityPhoto(r.Context(), id, tag, caption, &f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/files/"+strconv.FormatInt(p.FileID, 10))
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiActivityPhotoDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.activityFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	id := a.ID
	photo, err := pathID(r, "photo")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.RemoveActivityPhoto(r.Context(), id, photo); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
