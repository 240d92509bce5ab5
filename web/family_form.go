package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
)

// Forms to add and correct families and members one at a time (the
// register's bulk path is the import). A family's version covers its
// members: two cadres correcting the same family notice each other.

// familyFor loads the family of the {fid} path value when it is in the
// actor's view scope (404 otherwise, like a missing family); with change,
// its village must also be in the capture scope (403).
func (s *Server) familyFor(r *http.Request, change bool) (kampungkb.Family, error) {
	return s.familyLoad(r, change, s.db.Family)
}

// familyLoad is familyFor with the loader: s.db.Family (with members) or
// s.db.FamilyRecord (without, for API changes that do not need them).
func (s *Server) familyLoad(r *http.Request, change bool, load func(context.Context, string) (kampungkb.Family, error)) (kampungkb.Family, error) {
	fid := r.PathValue("fid")
	fam, err := load(r.Context(), fid)
	a := actorOf(r)
	if err != nil || a.PartnerID != 0 || !a.CanView(fam.VillageCode) {
		return kampungkb.Family{}, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Keluarga " + fid + " tidak ditemukan."}
	}
	if change {
		if err := captureVillage(a, "Keluarga "+fam.FamilyID, fam.VillageCode); err != nil {
			return fam, err
		}
	}
	return fam, nil
}

func familyFormValues(f kampungkb.Family) url.Values {
	v := url.Values{}
	v.Set("family_id", f.FamilyID)
	v.Set("no_kk", f.NoKK)
	v.Set("village", f.VillageCode)
	v.Set("dusun", f.Dusun)
	v.Set("rw", f.RW)
	v.Set("rt", f.RT)
	v.Set("address", f.Address)
	v.Set("water_source", f.WaterSource)
	v.Set("toilet", f.Toilet)
	if f.WelfareDecile > 0 {
		v.Set("welfare_decile", strconv.Itoa(f.WelfareDecile))
	}
	v.Set("version", strconv.Itoa(f.Version))
	return v
}

// decodeFamily reads a family from a form; the village may be typed as a
// code or a name.
func (s *Server) decodeFamily(r *http.Request, v url.Values) (kampungkb.Family, kampungkb.Problems) {
	var p kampungkb.Problems
	f := kampungkb.Family{FamilyID: v.Get("family_id"), NoKK: strings.ReplaceAll(v.Get("no_kk"), " ", ""),
		Dusun: v.Get("dusun"), RW: v.Get("rw"), RT: v.Get("rt"), Address: v.Get("address"),
		WaterSource: v.Get("water_source"), Toilet: v.Get("toilet")}
	f.WelfareDecile = formInt(&p, v, "welfare_decile")
	f.Version, _ = strconv.Atoi(v.Get("version"))
	if village := strings.TrimSpace(v.Get("village")); village != "" {
		codes, problem := s.resolveRegions(r.Context(), []string{village}, kampungkb.Desa)
		if problem != "" {
			p.Add("village_code", problem)
		} else if len(codes) == 1 {
			f.VillageCode = codes[0]
		}
	} else {
		p.Add("village_code", "Desa/kelurahan wajib diisi.")
	}
	return f, p
}

// validateFamily returns a copy's own validation messages, so that a form
// with decode problems shows every message at once (an empty family id is
// allowed: it is made on save).
func validateFamily(f kampungkb.Family) error {
	if strings.TrimSpace(f.FamilyID) == "" {
		f.FamilyID = "-"
	}
	return f.Validate()
}

// validateMember is validateFamily for a member (member number 0 is the
// next free one).
func validateMember(m kampungkb.Member, today kampungkb.Date) error {
	if m.MemberNo == 0 {
		m.MemberNo = 1
	}
	return m.Validate(today)
}

type familyFormData struct {
	Family  kampungkb.Family
	Action  string
	Deciles []kampungkb.Code
}

// deciles are the welfare deciles 1–10 as options.
func deciles() []kampungkb.Code {
	out := make([]kampungkb.Code, 10)
	for i := range out {
		n := strconv.Itoa(i + 1)
		out[i] = kampungkb.Code{Code: n, Label: "Desil " + n}
	}
	out[0].Label += " (termiskin)"
	return out
}

func (s *Server) familyFormPage(w http.ResponseWriter, r *http.Request, status int, fam kampungkb.Family, f *form) {
	title, action := "Tambah keluarga", "/keluarga"
	crumbs := []crumb{{"Keluarga", "/keluarga"}}
	if fam.ID != 0 {
		title, action = "Ubah data keluarga "+fam.FamilyID, "/keluarga/"+url.PathEscape(fam.FamilyID)
		crumbs = append(crumbs, crumb{"Keluarga " + fam.FamilyID, action})
	}
	if f.Errors["village_code"] != "" {
		f.Errors["village"] = f.Errors["village_code"]
		delete(f.Errors, "village_code")
	}
	s.render(w, r, status, "family_form.html", &page{Title: title, Section: "keluarga", Crumbs: crumbs, Form: f,
		Data: familyFormData{Family: fam, Action: action, Deciles: deciles()}})
}

func (s *Server) familyNew(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	for _, k := range []string{"village", "dusun", "rw", "rt"} {
		if x := r.URL.Query().Get(k); x != "" {
			v.Set(k, x)
		}
	}
	s.familyFormPage(w, r, http.StatusOK, kampungkb.Family{}, newForm(v))
}

func (s *Server) familyCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	fam, problems := s.decodeFamily(r, r.PostForm)
	err := captureRegions(actorOf(r), fam.VillageCode)
	if err == nil && len(problems) > 0 {
		err = mergeProblems(validateFamily(fam), problems)
	}
	if err == nil {
		err = s.db.CreateFamily(r.Context(), &fam)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.familyFormPage(w, r, statusOf(err), kampungkb.Family{}, f)
		return
	}
	redirect(w, r, "/keluarga/"+url.PathEscape(fam.FamilyID)+"/anggota/baru",
		"Keluarga "+fam.FamilyID+" tersimpan. Tambahkan anggotanya, mulai dari kepala keluarga.")
}

func (s *Server) familyEdit(w http.ResponseWriter, r *http.Request) {
	fam, err := s.familyFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.familyFormPage(w, r, http.StatusOK, fam, newForm(familyFormValues(fam)))
}

func (s *Server) familyUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.familyFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	fam, problems := s.decodeFamily(r, r.PostForm)
	fam.FamilyID = old.FamilyID // the import key does not change
	err = captureRegions(actorOf(r), fam.VillageCode)
	if err == nil && len(problems) > 0 {
		err = mergeProblems(validateFamily(fam), problems)
	}
	if err == nil {
		err = s.db.UpdateFamily(r.Context(), &fam)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.familyFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/keluarga/"+url.PathEscape(fam.FamilyID), "Perubahan data keluarga tersimpan.")
}

func memberFormValues(m kampungkb.Member, version int) url.Values {
	v := url.Values{}
	v.Set("member_no", strconv.Itoa(m.MemberNo))
	v.Set("nik", m.NIK)
	v.Set("name", m.Name)
	v.Set("sex", m.Sex)
	v.Set("birth_date", m.BirthDate.String())
	v.Set("relation", m.Relation)
	v.Set("marital_status", m.MaritalStatus)
	if m.MarriageAge != nil {
		v.Set("marriage_age", strconv.Itoa(*m.MarriageAge))
	}
	if m.Pregnant != nil {
		v.Set("pregnant", map[bool]string{true: "y", false: "n"}[*m.Pregnant])
	}
	if m.ChildrenBorn != nil {
		v.Set("children_born", strconv.Itoa(*m.ChildrenBorn))
	}
	v.Set("last_birth_date", m.LastBirthDate.String())
	v.Set("kb_method", m.KBMethod)
	v.Set("kb_reason", m.KBReason)
	v.Set("version", strconv.Itoa(version))
	return v
}

// formOptInt reads an optional whole number: nil when empty.
func formOptInt(p *kampungkb.Problems, v url.Values, name string) *int {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(name, "Isi dengan angka bulat, atau kosongkan bila tidak diketahui.")
		return nil
	}
	return &n
}

// decodeMember reads a member from a form.
func decodeMember(v url.Values, familyID string) (kampungkb.Member, int, kampungkb.Problems) {
	var p kampungkb.Problems
	m := kampungkb.Member{FamilyID: familyID, NIK: strings.ReplaceAll(v.Get("nik"), " ", ""), Name: v.Get("name"),
		Sex: v.Get("sex"), Relation: v.Get("relation"), MaritalStatus: v.Get("marital_status"),
		KBMethod: v.Get("kb_method"), KBReason: v.Get("kb_reason")}
	if no := formOptInt(&p, v, "member_no"); no != nil {
		m.MemberNo = *no
		if *no < 1 {
			p.Add("member_no", "Nomor urut anggota harus 1–999.")
		}
	}
	m.BirthDate = formDate(&p, v, "birth_date")
	m.LastBirthDate = formDate(&p, v, "last_birth_date")
	m.MarriageAge = formOptInt(&p, v, "marriage_age")
	m.ChildrenBorn = formOptInt(&p, v, "children_born")
	switch v.Get("pregnant") {
	case "y":
		t := true
		m.Pregnant = &t
	case "n":
		f := false
		m.Pregnant = &f
	case "":
	default:
		p.Add("pregnant", "Pilihan tidak valid.")
	}
	version, _ := strconv.Atoi(v.Get("version"))
	return m, version, p
}

type memberFormData struct {
	Family    kampungkb.Family
	Member    kampungkb.Member
	Action    string
	Pregnancy []kampungkb.Code
}

func (s *Server) memberFormPage(w http.ResponseWriter, r *http.Request, status int, fam kampungkb.Family, m kampungkb.Member, f *form) {
	base := "/keluarga/" + url.PathEscape(fam.FamilyID)
	title, action := "Tambah anggota keluarga "+fam.FamilyID, base+"/anggota"
	if m.MemberNo != 0 {
		title = "Ubah anggota " + strconv.Itoa(m.MemberNo) + " keluarga " + fam.FamilyID + ": " + m.Name
		action = base + "/anggota/" + strconv.Itoa(m.MemberNo)
	}
	s.render(w, r, status, "member_form.html", &page{Title: title, Section: "keluarga", Form: f,
		Crumbs: []crumb{{"Keluarga", "/keluarga"}, {"Keluarga " + fam.FamilyID, base}},
		Data: memberFormData{Family: fam, Member: m, Action: action, Pregnancy: []kampungkb.Code{
			{Code: "y", Label: "Ya, sedang hamil"}, {Code: "n", Label: "Tidak hamil"}}}})
}

// memberFor loads the family of the {fid} path value for a change (see
// familyFor) and its member of the {no} path value.
func (s *Server) memberFor(r *http.Request) (kampungkb.Family, kampungkb.Member, error) {
	fam, err := s.familyFor(r, true)
	if err != nil {
		return fam, kampungkb.Member{}, err
	}
	if no, err := strconv.Atoi(r.PathValue("no")); err == nil {
		for _, m := range fam.Members {
			if m.MemberNo == no {
				return fam, m, nil
			}
		}
	}
	return fam, kampungkb.Member{}, &kampungkb.Error{Kind: kampungkb.NotFound,
		Message: "Anggota " + r.PathValue("no") + " keluarga " + fam.FamilyID + " tidak ditemukan."}
}

func (s *Server) memberNew(w http.ResponseWriter, r *http.Request) {
	fam, err := s.familyFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	v := url.Values{"version": {strconv.Itoa(fam.Version)}}
	if len(fam.Members) == 0 {
		v.Set("relation", "kepala")
	}
	s.memberFormPage(w, r, http.StatusOK, fam, kampungkb.Member{}, newForm(v))
}

// memberSaved is the flash after a member is saved, with the NIK warning
// (a NIK that disagrees with birth date or sex is saved: the record may be
// right and the NIK wrong, or the other way round; domain.md §11.1).
func memberSaved(m kampungkb.Member, what string) string {
	msg := "Anggota " + strconv.Itoa(m.MemberNo) + " (" + m.Name + ") " + what + "."
	if w := kampungkb.NIKWarning(m.NIK, m.Sex, m.BirthDate); w != "" {
		msg += " Perhatian: " + w
	}
	return msg
}

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) {
	fam, err := s.familyFor(r, true)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	m, version, problems := decodeMember(r.PostForm, fam.FamilyID)
	if len(problems) > 0 {
		err = mergeProblems(validateMember(m, s.today()), problems)
	}
	if err == nil {
		err = s.db.SaveMember(r.Context(), &m, version)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.memberFormPage(w, r, statusOf(err), fam, kampungkb.Member{}, f)
		return
	}
	target := "/keluarga/" + url.PathEscape(fam.FamilyID)
	if r.PostForm.Get("next") == "another" {
		target += "/anggota/baru"
	}
	redirect(w, r, target, memberSaved(m, "tersimpan"))
}

func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request) {
	fam, m, err := s.memberFor(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.auditPersonalViewKey(r, "family", fam.FamilyID, m.NIK != "")
	s.memberFormPage(w, r, http.StatusOK, fam, m, newForm(memberFormValues(m, fam.Version)))
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) {
	fam, old, err := s.memberFor(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	m, version, problems := decodeMember(r.PostForm, fam.FamilyID)
	m.ID, m.MemberNo = old.ID, old.MemberNo // the member number is part of the key
	delete(problems, "member_no")
	if len(problems) > 0 {
		err = mergeProblems(validateMember(m, s.today()), problems)
	}
	if err == nil {
		err = s.db.SaveMember(r.Context(), &m, version)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(mergeProblems(err, problems))
		s.memberFormPage(w, r, statusOf(err), fam, old, f)
		return
	}
	redirect(w, r, "/keluarga/"+url.PathEscape(fam.FamilyID), memberSaved(m, "diperbarui"))
}

func (s *Server) memberDelete(w http.ResponseWriter, r *http.Request) {
	fam, m, err := s.memberFor(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := s.db.DeleteMember(r.Context(), fam.FamilyID, m.MemberNo, version); err != nil {
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/keluarga/"+url.PathEscape(fam.FamilyID), "Anggota "+strconv.Itoa(m.MemberNo)+" ("+m.Name+") dihapus dari keluarga.")
}
