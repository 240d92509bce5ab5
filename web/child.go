package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
)

// Scorer computes the WHO z-scores of a measurement of a child (package
// growth, wired by cmd). A nil Scorer means the WHO tables are not
// installed: measurements cannot be added, pages say what to run.
type Scorer func(c kampungkb.Child, m kampungkb.Measurement) kampungkb.ZScores

// growthNote says what to run when z-scores cannot be computed ("" when
// they can).
func (s *Server) growthNote() string {
	if s.scorer != nil {
		return ""
	}
	if n := s.growthTablesNote(); n != "" {
		return n
	}
	return "Tabel pertumbuhan WHO tidak dapat dimuat; periksa log server dan pasang ulang dengan kampungkb growth fetch-tables."
}

// childFor loads the child of the {id} path value when it is in the
// actor's view scope (404 otherwise, like a missing child); with change,
// the child's village must also be in the capture scope (403).
func (s *Server) childFor(r *http.Request, change bool) (kampungkb.Child, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return kampungkb.Child{}, err
	}
	c, err := s.db.Child(r.Context(), id)
	a := actorOf(r)
	if err != nil || a.PartnerID != 0 || !a.CanView(c.VillageCode) {
		return kampungkb.Child{}, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Anak " + strconv.FormatInt(id, 10) + " tidak ditemukan."}
	}
	if change {
		if err := captureVillage(a, c.Name, c.VillageCode); err != nil {
			return c, err
		}
	}
	return c, nil
}

func childFormValues(c kampungkb.Child) url.Values {
	v := url.Values{}
	v.Set("name", c.Name)
	v.Set("sex", c.Sex)
	v.Set("birth_date", c.BirthDate.String())
	v.Set("mother_name", c.MotherName)
	v.Set("village", c.VillageCode)
	if c.KampungID != 0 {
		v.Set("kampung_id", strconv.FormatInt(c.KampungID, 10))
	}
	v.Set("version", strconv.Itoa(c.Version))
	return v
}

// decodeChild reads a child from a form; the village may be typed as a
// code or a name.
func (s *Server) decodeChild(r *http.Request, v url.Values) (kampungkb.Child, kampungkb.Problems) {
	var p kampungkb.Problems
	c := kampungkb.Child{Name: v.Get("name"), Sex: v.Get("sex"), MotherName: v.Get("mother_name")}
	c.BirthDate = formDate(&p, v, "birth_date")
	c.KampungID = formID(&p, v, "kampung_id")
	c.Version, _ = strconv.Atoi(v.Get("version"))
	c.FamilyID = strings.TrimSpace(v.Get("family_id"))
	if c.FamilyID != "" {
		c.MemberNo, _ = strconv.Atoi(v.Get("member_no"))
	}
	if village := strings.TrimSpace(v.Get("village")); village != "" {
		codes, problem := s.resolveRegions(r.Context(), []string{village}, kampungkb.Desa)
		if problem != "" {
			p.Add("village_code", problem)
		} else if len(codes) == 1 {
			c.VillageCode = codes[0]
		}
	}
	return c, p
}

type childListData struct {
	Rows    []kampungkb.Child
	Pager   pager
	Export  bool
	Growth  string
	Kampung []kampungkb.Ref
}

func (s *Server) childList(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	f = scoped(r, f)
	if format := r.URL.Query().Get("format"); format != "" {
		if !actorOf(r).Can(kampungkb.PermExportPersonal) {
			s.htmlError(w, r, &kampungkb.Error{Kind: kampungkb.Forbidden, Message: "Unduhan data anak (data pribadi) hanya untuk admin."})
			return
		}
		s.export(w, r, format, "anak", []string{"id", "nama", "jenis_kelamin", "tanggal_lahir", "nama_ibu", "kode_desa", "desa", "kampung_kb"},
			func(f kampungkb.Filter) ([][]any, int, error) {
				rows, total, err := s.db.Children(r.Context(), f)
				out := make([][]any, len(rows))
				for i, c := range rows {
					out[i] = []any{c.ID, c.Name, c.Sex, c.BirthDate.String(), c.MotherName, c.VillageCode, c.VillageName, c.KampungName}
				}
				return out, total, err
			}, f)
		return
	}
	rows, total, err := s.db.Children(r.Context(), f)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := childListData{Rows: rows, Pager: newPager(r, total, f), Export: actorOf(r).Can(kampungkb.PermExportPersonal)}
	d.Growth = s.growthNote()
	s.render(w, r, http.StatusOK, "child_list.html", &page{Title: "Anak dan pengukuran", Section: "anak", Data: d, Form: newForm(r.URL.Query())})
}

type childFormData struct {
	Child   kampungkb.Child
	Action  string
	Kampung []kampungkb.Ref
}

func (s *Server) childFormPage(w http.ResponseWriter, r *http.Request, status int, c kampungkb.Child, f *form) {
	refs, err := s.db.KampungRefs(r.Context(), "", scopeOf(r))
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	title, action := "Tambah anak", "/anak"
	crumbs := []crumb{{"Anak", "/anak"}}
	if c.ID != 0 {
		title, action = "Ubah data anak: "+c.Name, "/anak/"+strconv.FormatInt(c.ID, 10)
		crumbs = append(crumbs, crumb{c.Name, action})
	}
	s.render(w, r, status, "child_form.html", &page{Title: title, Section: "anak", Crumbs: crumbs, Form: f,
		Data: childFormData{Child: c, Action: action, Kampung: refs}})
}

// childNew shows an empty child form; ?family=ID&member=N fills it from
// the family register and links the child to that member.
func (s *Server) childNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{}
	if k := q.Get("village"); k != "" {
		v.Set("village", k)
	}
	if fid := q.Get("family"); fid != "" {
		no, _ := strconv.Atoi(q.Get("member"))
		c, err := s.db.ChildFromMember(r.Context(), fid, no)
		a := actorOf(r)
		if err != nil || !a.CanView(c.VillageCode) {
			s.htmlError(w, r, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Anggota " + q.Get("member") + " keluarga " + fid + " tidak ditemukan."})
			return
		}
		v = childFormValues(c)
		v.Set("family_id", c.FamilyID)
		v.Set("member_no", strconv.Itoa(c.MemberNo))
	}
	s.childFormPage(w, r, http.StatusOK, kampungkb.Child{}, newForm(v))
}

func (s *Server) childCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	c, problems := s.decodeChild(r, r.PostForm)
	err := captureRegions(actorOf(r), c.VillageCode)
	if err == nil {
		err = problems.Err("anak")
	}
	if err == nil {
		err = s.db.CreateChild(r.Context(), &c)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		if f.Errors["village_code"] != "" {
			f.Errors["village"] = f.Errors["village_code"]
			delete(f.Errors, "village_code")
		}
		s.childFormPage(w, r, statusOf(err), kampungkb.Child{}, f)
		return
	}
	redirect(w, r, "/anak/"+strconv.FormatInt(c.ID, 10), "Data anak \""+c.Name+"\" tersimpan. Catat pengukurannya di bawah.")
}

func (s *Server) childEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.childFormPage(w, r, http.StatusOK, c, newForm(childFormValues(c)))
}

func (s *Server) childUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.childFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	c, problems := s.decodeChild(r, r.PostForm)
	c.ID, c.Archived = old.ID, old.Archived
	err = captureRegions(actorOf(r), c.VillageCode)
	if err == nil {
		err = problems.Err("anak")
	}
	if err == nil {
		err = s.db.UpdateChild(r.Context(), &c)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		if f.Errors["village_code"] != "" {
			f.Errors["village"] = f.Errors["village_code"]
			delete(f.Errors, "village_code")
		}
		s.childFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/anak/"+strconv.FormatInt(c.ID, 10), "Perubahan data anak tersimpan.")
}

func (s *Server) childArchive(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	archive := r.PostFormValue("archived") != "0"
	if err := s.db.SetChildArchived(r.Context(), c.ID, archive); err != nil {
		s.htmlError(w, r, err)
		return
	}
	msg := "Data anak diarsipkan (mis. pindah atau sudah berumur 5 tahun); riwayatnya tetap tersimpan."
	if !archive {
		msg = "Data anak dipulihkan dari arsip."
	}
	redirect(w, r, "/anak/"+strconv.FormatInt(c.ID, 10), msg)
}

type childShowData struct {
	Child        kampungkb.Child
	Measurements []kampungkb.Measurement
	Latest       *kampungkb.Measurement
	Statuses     []kampungkb.Status
	CanEdit      bool
	Growth       string
	Charts       []chartSVG
}

func (s *Server) childShow(w http.ResponseWriter, r *http.Request) {
	s.childShowPage(w, r, http.StatusOK, nil)
}

func (s *Server) childShowPage(w http.ResponseWriter, r *http.Request, status int, f *form) {
	c, err := s.childFor(r, false)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	ms, err := s.db.Measurements(r.Context(), c.ID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.auditPersonalView(r.Context(), "child", c.ID)
	a := actorOf(r)
	d := childShowData{Child: c, Measurements: ms, CanEdit: canChangeIn(a, kampungkb.PermEditChildren, c.VillageCode)}
	if len(ms) > 0 {
		d.Latest = &ms[len(ms)-1]
		d.Statuses = d.Latest.Z.Statuses()
	}
	d.Growth = s.growthNote()
	d.Charts = s.childCharts(c, ms)
	if f == nil {
		f = newForm(url.Values{"date": {s.today().String()}})
	}
	s.render(w, r, status, "child_show.html", &page{Title: c.Name, Section: "anak", Crumbs: []crumb{{"Anak", "/anak"}}, Form: f, Data: d})
}

// decodeMeasurement reads a measurement from a form: decimals with a dot
// or a comma.
func decodeMeasurement(v url.Values) (kampungkb.Measurement, kampungkb.Problems) {
	var p kampungkb.Problems
	m := kampungkb.Measurement{Measure: v.Get("measure"), Oedema: v.Get("oedema") == "y", Posyandu: v.Get("posyandu")}
	m.Date = formDate(&p, v, "date")
	num := func(name string) *float64 {
		s := strings.TrimSpace(strings.ReplaceAll(v.Get(name), ",", "."))
		if s == "" {
			return nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			p.Add(name, "Isi dengan angka, mis. 9,5.")
			return nil
		}
		return &x
	}
	m.WeightKg, m.LenHeiCm, m.HeadCm, m.ArmCm = num("weight_kg"), num("lenhei_cm"), num("headc_cm"), num("armc_cm")
	return m, p
}

func (s *Server) measurementAdd(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	m, problems := decodeMeasurement(r.PostForm)
	m.ChildID = c.ID
	err = problems.Err("pengukuran")
	if err == nil && s.scorer == nil {
		err = &kampungkb.Error{Kind: kampungkb.Conflict, Message: s.growthNote()}
	}
	if err == nil {
		if err = m.Validate(c.BirthDate, s.db.Today()); err == nil {
			m.Z = s.scorer(c, m)
			err = s.db.AddMeasurement(r.Context(), &m)
		}
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.childShowPage(w, r, statusOf(err), f)
		return
	}
	msg := "Pengukuran " + kampungkb.FormatDate(m.Date) + " tersimpan."
	for _, st := range m.Z.Statuses() {
		if st.Level == "flag" {
			msg += " Perhatian: ada nilai tidak wajar (" + st.Index + "); periksa ulang pengukurannya."
			break
		}
	}
	redirect(w, r, "/anak/"+strconv.FormatInt(c.ID, 10)+"#pengukuran", msg)
}

func (s *Server) measurementDelete(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := s.db.DeleteMeasurement(r.Context(), c.ID, mid); err != nil {
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/anak/"+strconv.FormatInt(c.ID, 10)+"#pengukuran", "Pengukuran dihapus.")
}

// API

func (s *Server) apiChildren(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rows, total, err := s.db.Children(r.Context(), scoped(r, f))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if rows == nil {
		rows = []kampungkb.Child{}
	}
	writeJSON(w, http.StatusOK, list[kampungkb.Child]{Items: rows, Total: total})
}

type childJSON struct {
	kampungkb.Child
	Measurements []kampungkb.Measurement `json:"measurements"`
}

func (s *Server) apiChild(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, false)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ms, err := s.db.Measurements(r.Context(), c.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if ms == nil {
		ms = []kampungkb.Measurement{}
	}
	s.auditPersonalView(r.Context(), "child", c.ID)
	writeJSON(w, http.StatusOK, childJSON{c, ms})
}

func (s *Server) apiChildCreate(w http.ResponseWriter, r *http.Request) {
	var c kampungkb.Child
	if err := decodeJSON(w, r, &c); err != nil {
		s.apiFail(w, r, err)
		return
	}
	c.ID = 0
	if err := captureRegions(actorOf(r), c.VillageCode); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.CreateChild(r.Context(), &c); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/children/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiChildUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.childFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var c kampungkb.Child
	if err := decodeJSON(w, r, &c); err != nil {
		s.apiFail(w, r, err)
		return
	}
	c.ID = old.ID
	if err := captureRegions(actorOf(r), c.VillageCode); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.UpdateChild(r.Context(), &c); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// measurementInput is what a client sends to add a measurement.
type measurementInput struct {
	Date     kampungkb.Date `json:"date"`
	WeightKg *float64       `json:"weight_kg"`
	LenHeiCm *float64       `json:"lenhei_cm"`
	Measure  string         `json:"measure"`
	Oedema   bool           `json:"oedema"`
	HeadCm   *float64       `json:"headc_cm"`
	ArmCm    *float64       `json:"armc_cm"`
	Posyandu string         `json:"posyandu"`
}

func (s *Server) apiMeasurementAdd(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in measurementInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if s.scorer == nil {
		s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.Conflict, Message: s.growthNote()})
		return
	}
	m := kampungkb.Measurement{ChildID: c.ID, Date: in.Date, WeightKg: in.WeightKg, LenHeiCm: in.LenHeiCm, Measure: in.Measure,
		Oedema: in.Oedema, HeadCm: in.HeadCm, ArmCm: in.ArmCm, Posyandu: in.Posyandu}
	if err := m.Validate(c.BirthDate, s.db.Today()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	m.Z = s.scorer(c, m)
	if err := s.db.AddMeasurement(r.Context(), &m); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

func (s *Server) apiMeasurementDelete(w http.ResponseWriter, r *http.Request) {
	c, err := s.childFor(r, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.DeleteMeasurement(r.Context(), c.ID, mid); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
