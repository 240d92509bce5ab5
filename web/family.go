package web

import (
	"net/http"
	"strings"

	"kampungkb"
	"kampungkb/indicator"
)

type familyListData struct {
	Rows      []kampungkb.Family
	Pager     pager
	CanAdd    bool
	CanImport bool
}

// familyList lists the families of the actor's area: filters region,
// dusun, RW, RT, and a search by name, NIK, No. KK or family id.
func (s *Server) familyList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := actorOf(r)
	f, err := parseFilter(r)
	if kampungkb.ErrorKind(err) == kampungkb.Invalid {
		// the filters again with every problem at its field, no rows
		form := newForm(q)
		form.fail(err)
		form.Message = "Saringan tidak dapat dipakai: periksa isian yang ditandai."
		s.render(w, r, http.StatusBadRequest, "family_list.html", &page{Title: "Keluarga", Section: "keluarga", Form: form,
			Data: familyListData{CanAdd: a.Can(kampungkb.PermEditFamilies), CanImport: a.Can(kampungkb.PermImportFamilies)}})
		return
	}
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	f.Dusun, f.RW, f.RT = q.Get("dusun"), q.Get("rw"), q.Get("rt")
	f = scoped(r, f)
	rows, total, err := s.db.Families(r.Context(), f)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	if f.Q != "" && kampungkb.IsNIK(strings.TrimSpace(f.Q)) {
		s.db.Audit(r.Context(), "view_personal", "family", "", "Mencari keluarga menurut NIK/No. KK")
	}
	s.render(w, r, http.StatusOK, "family_list.html", &page{Title: "Keluarga", Section: "keluarga", Form: newForm(q),
		Data: familyListData{Rows: rows, Pager: newPager(r, total, f), CanAdd: a.Can(kampungkb.PermEditFamilies),
			CanImport: a.Can(kampungkb.PermImportFamilies)}})
}

type memberView struct {
	kampungkb.Member
	NIKShown string
	Age      int
	Child    bool
	// ChildID is the member's child record (growth page), 0 for none.
	ChildID int64
}

type familyShowData struct {
	Family  kampungkb.Family
	Members []memberView
	Flags   indicator.Flags
	Reasons []string
	ShowNIK bool
	NoKK    string
	At      kampungkb.Date
	CanEdit bool
	// CanAddChild: the actor may open a growth record for a balita.
	CanAddChild bool
}

// familyShow shows a family with its members, its KRS status and the
// reasons. NIK and No. KK are masked unless the user asks to see them
// (?nik=1), which is recorded in the audit trail.
func (s *Server) familyShow(w http.ResponseWriter, r *http.Request) {
	fam, err := s.familyFor(r, false)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	a := actorOf(r)
	d := familyShowData{Family: fam, At: s.today(), ShowNIK: r.URL.Query().Get("nik") == "1", CanEdit: canChangeIn(a, kampungkb.PermEditFamilies, fam.VillageCode),
		CanAddChild: canChangeIn(a, kampungkb.PermEditChildren, fam.VillageCode)}
	kids, err := s.db.FamilyChildren(r.Context(), fam.FamilyID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	s.auditPersonalViewKey(r, "family", fam.FamilyID, d.ShowNIK)
	rs := indicator.For(d.At)
	d.Flags = rs.Flags(fam, fam.Members, d.At)
	for _, m := range fam.Members {
		v := memberView{Member: m, Age: kampungkb.AgeOn(m.BirthDate, d.At)}
		months := kampungkb.MonthsOn(m.BirthDate, d.At)
		v.Child = months >= 0 && months < 60
		v.ChildID = kids[m.MemberNo]
		v.NIKShown = kampungkb.MaskNIK(m.NIK)
		if d.ShowNIK {
			v.NIKShown = m.NIK
		}
		d.Members = append(d.Members, v)
	}
	d.NoKK = kampungkb.MaskNIK(fam.NoKK)
	if d.ShowNIK {
		d.NoKK = fam.NoKK
	}
	for _, x := range []struct {
		on   bool
		text string
	}{
		{d.Flags.WaterRisk, "Sumber air minum tidak layak (" + kampungkb.WaterSources.Label(fam.WaterSource) + ")"},
		{d.Flags.ToiletRisk, "Jamban tidak layak (" + kampungkb.Toilets.Label(fam.Toilet) + ")"},
		{d.Flags.Muda, "Terlalu muda: PUS berumur di bawah 20 tahun"},
		{d.Flags.Tua, "Terlalu tua: PUS berumur di atas 35 tahun"},
		{d.Flags.Dekat, "Terlalu dekat: kelahiran terakhir kurang dari 24 bulan lalu"},
		{d.Flags.Banyak, "Terlalu banyak: lebih dari 3 anak dilahirkan"},
		{d.Flags.PUSNotModern && rs.KRSExtra.PUSNotModern, "PUS tidak memakai kontrasepsi modern"},
		{d.Flags.Poor && len(rs.KRSExtra.PovertyDeciles) > 0, "Keluarga miskin (desil kesejahteraan)"},
	} {
		if x.on {
			d.Reasons = append(d.Reasons, x.text)
		}
	}
	s.render(w, r, http.StatusOK, "family_show.html", &page{Title: "Keluarga " + fam.FamilyID, Section: "keluarga",
		Crumbs: []crumb{{"Keluarga", "/keluarga"}}, Data: d})
}

// auditPersonalViewKey records a view of a record keyed by a string, and
// says whether identity numbers were shown in full.
func (s *Server) auditPersonalViewKey(r *http.Request, entity, key string, full bool) {
	summary := "Membuka data keluarga " + key
	if full {
		summary += " dengan NIK/No. KK lengkap"
	}
	if err := s.db.Audit(r.Context(), "view_personal", entity, key, summary); err != nil {
		s.log.Error("audit personal view", "entity", entity, "key", key, "err", err)
	}
}
