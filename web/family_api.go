package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kampungkb"
)

// The families and members API (formats.md "HTTP": collections families
// and members). It follows the pages (family.go, family_form.go): the same
// view and capture scope, NIK and No. KK masked unless ?nik=1 asks for
// them in full on a single family, and the same audit entries. Members
// live under their family: /families/{fid}/members/{no}.

// familyJSON is a family with its members (always a list).
type familyJSON struct {
	kampungkb.Family
	Members []kampungkb.Member `json:"members"`
}

// familyInput is what a client sends to add or change a family. Members
// are added one at a time under /members.
type familyInput struct {
	FamilyID      string `json:"family_id"`
	NoKK          string `json:"no_kk"`
	VillageCode   string `json:"village_code"`
	Dusun         string `json:"dusun"`
	RW            string `json:"rw"`
	RT            string `json:"rt"`
	Address       string `json:"address"`
	WaterSource   string `json:"water_source"`
	Toilet        string `json:"toilet"`
	WelfareDecile int    `json:"welfare_decile"`
	// Version, when not 0, must be the family's current version (PUT).
	Version int `json:"version"`
}

func (in familyInput) family() kampungkb.Family {
	f := kampungkb.Family{FamilyID: strings.TrimSpace(in.FamilyID), NoKK: strings.ReplaceAll(in.NoKK, " ", ""),
		VillageCode: strings.TrimSpace(in.VillageCode), Dusun: in.Dusun, RW: in.RW, RT: in.RT, Address: in.Address,
		WaterSource: in.WaterSource, Toilet: in.Toilet, WelfareDecile: in.WelfareDecile}
	if code, _, ok := kampungkb.NormalizeRegionCode(f.VillageCode); ok {
		f.VillageCode = code // the dotless form is accepted on input (formats.md "Regions")
	}
	f.Version = in.Version
	return f
}

// memberInput is what a client sends to add or change a member: the
// member's fields and the family's version (0: not checked).
type memberInput struct {
	MemberNo      int            `json:"member_no"`
	NIK           string         `json:"nik"`
	Name          string         `json:"name"`
	Sex           string         `json:"sex"`
	BirthDate     kampungkb.Date `json:"birth_date"`
	Relation      string         `json:"relation"`
	MaritalStatus string         `json:"marital_status"`
	MarriageAge   *int           `json:"marriage_age"`
	Pregnant      *bool          `json:"pregnant"`
	ChildrenBorn  *int           `json:"children_born"`
	LastBirthDate kampungkb.Date `json:"last_birth_date"`
	KBMethod      string         `json:"kb_method"`
	KBReason      string         `json:"kb_reason"`
	Version       int            `json:"version"`
}

func (in memberInput) member(familyID string) kampungkb.Member {
	return kampungkb.Member{FamilyID: familyID, MemberNo: in.MemberNo, NIK: strings.ReplaceAll(in.NIK, " ", ""), Name: in.Name,
		Sex: in.Sex, BirthDate: in.BirthDate, Relation: in.Relation, MaritalStatus: in.MaritalStatus, MarriageAge: in.MarriageAge,
		Pregnant: in.Pregnant, ChildrenBorn: in.ChildrenBorn, LastBirthDate: in.LastBirthDate, KBMethod: in.KBMethod, KBReason: in.KBReason}
}

// memberJSON is a saved member with the NIK warning of the pages (a NIK
// that disagrees with birth date or sex is saved; domain.md §11.1).
type memberJSON struct {
	kampungkb.Member
	Warning string `json:"warning,omitempty"`
}

// maskFamily masks the identity numbers of a family and its members.
func maskFamily(f *kampungkb.Family) {
	f.NoKK = kampungkb.MaskNIK(f.NoKK)
	for i := range f.Members {
		f.Members[i].NIK = kampungkb.MaskNIK(f.Members[i].NIK)
	}
}

// apiFamilies lists families like the page /keluarga: q (name, NIK, No.
// KK, family id), region, dusun, rw, rt, limit, offset; No. KK masked. A
// search by NIK or No. KK is recorded in the audit trail.
func (s *Server) apiFamilies(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	q := r.URL.Query()
	f.Dusun, f.RW, f.RT = q.Get("dusun"), q.Get("rw"), q.Get("rt")
	rows, total, err := s.db.Families(r.Context(), scoped(r, f))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if f.Q != "" && kampungkb.IsNIK(f.Q) {
		if err := s.db.Audit(r.Context(), "view_personal", "family", "", "Mencari keluarga menurut NIK/No. KK"); err != nil {
			s.log.Error("audit family search", "err", err)
		}
	}
	if rows == nil {
		rows = []kampungkb.Family{}
	}
	for i := range rows {
		maskFamily(&rows[i])
	}
	writeJSON(w, http.StatusOK, list[kampungkb.Family]{Items: rows, Total: total})
}

// apiFamily answers one family with its members; ?nik=1 shows NIK and No.
// KK in full. Both views are audited, like the page.
func (s *Server) apiFamily(w http.ResponseWriter, r *http.Request) {
	fam, err := s.familyFor(r, false)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	full := r.URL.Query().Get("nik") == "1"
	s.auditPersonalViewKey(r, "family", fam.FamilyID, full)
	if !full {
		maskFamily(&fam)
	}
	s.answerFamily(w, http.StatusOK, fam)
}

func (s *Server) answerFamily(w http.ResponseWriter, status int, fam kampungkb.Family) {
	members := fam.Members
	if members == nil {
		members = []kampungkb.Member{}
	}
	writeJSON(w, status, familyJSON{Family: fam, Members: members})
}

func (s *Server) apiFamilyCreate(w http.ResponseWriter, r *http.Request) {
	var in familyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	fam := in.family()
	fam.Version = 0
	if fam.VillageCode == "" {
		// with the other fields' messages, like the form
		s.apiFail(w, r, mergeProblems(validateFamily(fam), kampungkb.Problems{"village_code": "Desa/kelurahan wajib diisi."}))
		return
	}
	if err := captureRegions(actorOf(r), fam.VillageCode); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.CreateFamily(r.Context(), &fam); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/families/"+url.PathEscape(fam.FamilyID))
	s.answerFamily(w, http.StatusCreated, fam)
}

// apiFamilyUpdate changes a family's own fields (not its key or members);
// version, when sent, must match. The answer is the family's own record
// without "members" (GET answers them).
func (s *Server) apiFamilyUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.familyLoad(r, true, s.db.FamilyRecord)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in familyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if in.FamilyID != "" && in.FamilyID != old.FamilyID {
		s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
			Fields: map[string]string{"family_id": "ID keluarga tidak dapat diubah."}})
		return
	}
	fam := in.family()
	fam.FamilyID = old.FamilyID
	if err := captureRegions(actorOf(r), fam.VillageCode); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.db.UpdateFamily(r.Context(), &fam); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, fam)
}

// apiMemberCreate adds a member (member_no 0 or absent: the next free
// number); version, when sent, must be the family's.
func (s *Server) apiMemberCreate(w http.ResponseWriter, r *http.Request) {
	fam, err := s.familyLoad(r, true, s.db.FamilyRecord)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in memberInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if in.MemberNo < 0 || in.MemberNo > 999 {
		s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
			Fields: map[string]string{"member_no": "Nomor urut anggota harus 1–999."}})
		return
	}
	m := in.member(fam.FamilyID)
	if err := s.db.SaveMember(r.Context(), &m, in.Version); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/families/"+url.PathEscape(fam.FamilyID)+"/members/"+strconv.Itoa(m.MemberNo))
	writeJSON(w, http.StatusCreated, memberJSON{m, kampungkb.NIKWarning(m.NIK, m.Sex, m.BirthDate)})
}

// apiMemberUpdate stores changes to a member; its number does not change.
func (s *Server) apiMemberUpdate(w http.ResponseWriter, r *http.Request) {
	fam, old, err := s.memberFor(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in memberInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if in.MemberNo != 0 && in.MemberNo != old.MemberNo {
		s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
			Fields: map[string]string{"member_no": "Nomor urut anggota tidak dapat diubah."}})
		return
	}
	m := in.member(fam.FamilyID)
	m.ID, m.MemberNo = old.ID, old.MemberNo
	if err := s.db.SaveMember(r.Context(), &m, in.Version); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, memberJSON{m, kampungkb.NIKWarning(m.NIK, m.Sex, m.BirthDate)})
}

// apiMemberDelete removes a member entered by mistake; ?version=N, when
// given, must be the family's version.
func (s *Server) apiMemberDelete(w http.ResponseWriter, r *http.Request) {
	fam, m, err := s.memberFor(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	version := 0
	if v := r.URL.Query().Get("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version < 0 {
			s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
				Fields: map[string]string{"version": "Harus bilangan bulat ≥ 0."}})
			return
		}
	}
	if err := s.db.DeleteMember(r.Context(), fam.FamilyID, m.MemberNo, version); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
