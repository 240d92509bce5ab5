package web

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"kampungkb"
	"kampungkb/indicator"
	"kampungkb/report"
	"kampungkb/sqldb"
)

// Kampung KB pages and API: the registry record (domain.md §3.5) and its
// versioned profile (§3.4), like the official portal.

// kampungFormValues writes a Kampung KB into form values (for the edit form).
func kampungFormValues(k kampungkb.Kampung) url.Values {
	v := url.Values{}
	v.Set("name", k.Name)
	v.Set("village", k.VillageCode)
	v.Set("coverage", k.Coverage)
	v.Set("coverage_detail", k.CoverageDetail)
	v.Set("launch_date", k.LaunchDate.String())
	v["criteria"] = append([]string(nil), k.Criteria...)
	v.Set("criteria_other", k.CriteriaOther)
	v["area_types"] = append([]string(nil), k.AreaTypes...)
	v.Set("description", k.Description)
	if k.Latitude != nil {
		v.Set("latitude", strconv.FormatFloat(*k.Latitude, 'f', -1, 64))
	}
	if k.Longitude != nil {
		v.Set("longitude", strconv.FormatFloat(*k.Longitude, 'f', -1, 64))
	}
	v.Set("version", strconv.Itoa(k.Version))
	return v
}

// decodeKampung reads a Kampung KB from a posted form. The village may be
// typed as a code (dotted or 10 digits) or as a name matching one
// desa/kelurahan. Problems are keyed by form field names.
func (s *Server) decodeKampung(ctx context.Context, v url.Values) (kampungkb.Kampung, kampungkb.Problems) {
	var p kampungkb.Problems
	k := kampungkb.Kampung{
		Name:           v.Get("name"),
		Coverage:       v.Get("coverage"),
		CoverageDetail: strings.TrimSpace(v.Get("coverage_detail")),
		Criteria:       v["criteria"],
		CriteriaOther:  strings.TrimSpace(v.Get("criteria_other")),
		AreaTypes:      v["area_types"],
		Description:    strings.TrimSpace(v.Get("description")),
	}
	k.LaunchDate = formDate(&p, v, "launch_date")
	k.Version, _ = strconv.Atoi(v.Get("version"))
	if village := strings.TrimSpace(v.Get("village")); village != "" {
		codes, problem := s.resolveRegions(ctx, []string{village}, kampungkb.Desa)
		if problem != "" {
			p.Add("village", problem)
		} else if len(codes) == 1 {
			k.VillageCode = codes[0]
		}
	}
	k.Latitude = formCoord(&p, v, "latitude")
	k.Longitude = formCoord(&p, v, "longitude")
	if k.Coverage == "desa" {
		k.CoverageDetail = "" // the whole village: no RW or dusun to name
	}
	return k, p
}

// formCoord reads an optional decimal coordinate, accepting a decimal
// comma and the typographic minus ("−8,56") as people type them.
func formCoord(p *kampungkb.Problems, v url.Values, name string) *float64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	s = strings.NewReplacer("−", "-", "–", "-", ",", ".", " ", "").Replace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.Add(name, "Isi dengan angka desimal, mis. -8,56 atau 116,52.")
		return nil
	}
	return &f
}

// kampungProblems joins the problems found while reading a form (which
// win: they say what was typed wrong) with those of validation or storage,
// and names fields as the form does.
func kampungProblems(decoded kampungkb.Problems, err error) error {
	fields := map[string]string{}
	for k, v := range kampungkb.ErrorFields(err) {
		if k == "village_code" {
			k = "village"
		}
		fields[k] = v
	}
	for k, v := range decoded {
		fields[k] = v
	}
	if len(fields) == 0 {
		return err
	}
	return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.", Fields: fields}
}

// Lists

type kampungListData struct {
	Rows     []sqldb.KampungRow
	Pager    pager
	Filter   kampungkb.Filter
	Region   kampungkb.Region
	Partners []kampungkb.Ref
	// Ambiguous says the typed region name fits several regions.
	Ambiguous bool
	// Editable holds the rows the actor may change (in its capture scope).
	Editable map[int64]bool
}

// kampungFilter reads the list filters. Unlike other lists, region may be
// typed as a name; it is resolved to a code (see widestRegionNamed), and
// ambiguous reports that other regions have that name too. Problems are
// returned apart so the page can show them on the filter form; err is
// for failures of the database only.
func (s *Server) kampungFilter(r *http.Request) (f kampungkb.Filter, p kampungkb.Problems, ambiguous bool, err error) {
	q := r.URL.Query()
	region := strings.TrimSpace(q.Get("region"))
	if _, _, ok := kampungkb.NormalizeRegionCode(region); region != "" && !ok {
		q.Del("region")
	} else {
		region = ""
	}
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.RawQuery = q.Encode()
	r2.URL = &u
	f, perr := parseFilter(r2)
	for k, v := range kampungkb.ErrorFields(perr) {
		p.Add(k, v)
	}
	if region != "" {
		code, others, err := s.widestRegionNamed(r.Context(), region)
		if err != nil {
			return f, p, false, err
		}
		if code != "" {
			f.Region, ambiguous = code, others
		} else {
			codes, problem := s.resolveRegions(r.Context(), []string{region}, 0)
			if problem != "" {
				p.Add("region", problem)
			} else if len(codes) == 1 {
				f.Region = codes[0]
			}
		}
	}
	return f, p, ambiguous, nil
}

// widestRegionNamed returns the code of the one region named name (in any
// case; for kabupaten/kota also without the word "Kabupaten" or "Kota")
// at the highest level among the regions so named, "" when there is none
// or several there. others reports that regions at lower levels have the
// name too. A filter typed as "Lombok Timur" thus means Kabupaten Lombok
// Timur rather than the desa Lombok Timur in Lampung, and "Selong" means
// Kecamatan Selong rather than Kelurahan Selong within it.
func (s *Server) widestRegionNamed(ctx context.Context, name string) (code string, others bool, err error) {
	hits, _, err := s.db.SearchRegions(ctx, name, 0, "", 200)
	if err != nil {
		return "", false, err
	}
	named := func(h sqldb.RegionHit) bool {
		return strings.EqualFold(h.Name, name) || (h.Level == kampungkb.Kabupaten &&
			(strings.EqualFold(h.Name, "Kabupaten "+name) || strings.EqualFold(h.Name, "Kota "+name)))
	}
	var level kampungkb.Level
	n := 0
	for _, h := range hits { // ordered by level
		switch {
		case !named(h):
		case n == 0 || h.Level == level:
			code, level = h.Code, h.Level
			n++
		default:
			others = true
		}
	}
	if n != 1 {
		return "", false, nil
	}
	return code, others, nil
}

func (s *Server) kampungList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, problems, ambiguous, err := s.kampungFilter(r)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	f = scoped(r, f)
	format := r.URL.Query().Get("format")
	if format != "" && len(problems) == 0 {
		s.exportKampung(w, r, f, format)
		return
	}
	d := kampungListData{Filter: f, Ambiguous: ambiguous}
	form := newForm(r.URL.Query())
	status := http.StatusOK
	if d.Partners, err = s.db.PartnerRefs(ctx, true, f.Scope); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if len(problems) > 0 {
		form.fail(problems.Err("saringan"))
		form.Message = "Saringan tidak dapat dipakai: periksa isian yang ditandai."
		status = http.StatusBadRequest
	} else {
		var total int
		if d.Rows, total, err = s.db.KampungList(ctx, f); err != nil {
			s.htmlError(w, r, err)
			return
		}
		d.Pager = newPager(r, total, f)
		if f.Region != "" {
			d.Region, _ = s.db.Region(ctx, f.Region)
		}
		d.Editable = map[int64]bool{}
		for _, k := range d.Rows {
			d.Editable[k.ID] = s.canEditKampung(r, k.Kampung)
		}
	}
	s.render(w, r, status, "kampung_list.html", &page{Title: "Kampung KB", Section: "kampung", Data: d, Form: form})
}

var kampungColumns = []string{"id", "nama", "kode_desa", "desa_kelurahan", "kecamatan", "kabupaten_kota", "cakupan",
	"nama_rw_dusun", "tanggal_pencanangan", "kriteria", "kriteria_lainnya", "kriteria_wilayah", "lintang", "bujur",
	"jumlah_kegiatan", "jumlah_mitra", "kegiatan_terakhir", "profil", "diarsipkan"}

func (s *Server) exportKampung(w http.ResponseWriter, r *http.Request, f kampungkb.Filter, format string) {
	coord := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	s.export(w, r, format, "kampung_kb", kampungColumns, func(f kampungkb.Filter) ([][]any, int, error) {
		rows, total, err := s.db.KampungList(r.Context(), f)
		out := make([][]any, len(rows))
		for i, k := range rows {
			out[i] = []any{k.ID, k.Name, k.VillageCode, k.Village.Name, k.KecamatanName, k.KabupatenName,
				kampungkb.Coverages.Label(k.Coverage), k.CoverageDetail, k.LaunchDate,
				strings.Join(kampungkb.Criteria.Labels(k.Criteria), "; "), k.CriteriaOther,
				strings.Join(kampungkb.AreaTypes.Labels(k.AreaTypes), "; "), coord(k.Latitude), coord(k.Longitude),
				k.Activity, k.Partners, k.LastActivity, k.HasProfile, k.Archived}
		}
		return out, total, err
	}, f)
}

// Create and edit

type kampungFormData struct {
	Kampung kampungkb.Kampung
	Action  string
	// Village names the desa/kelurahan whose code is in the village field.
	Village string
}

func (s *Server) kampungFormPage(w http.ResponseWriter, r *http.Request, status int, k kampungkb.Kampung, f *form) {
	title, action := "Tambah Kampung KB", "/kampung"
	crumbs := []crumb{{"Kampung KB", "/kampung"}}
	if k.ID != 0 {
		action = "/kampung/" + strconv.FormatInt(k.ID, 10)
		title = "Ubah " + k.Name
		crumbs = append(crumbs, crumb{k.Name, action})
	}
	d := kampungFormData{Kampung: k, Action: action}
	if code, lv, ok := kampungkb.NormalizeRegionCode(f.Get("village")); ok && lv == kampungkb.Desa && f.Err("village") == "" {
		if path, err := s.db.RegionPath(r.Context(), code); err == nil && len(path) == int(kampungkb.Desa) {
			d.Village = "Terpilih: " + regionPathText(path) + ". Untuk mengganti, ketik kode atau nama desa/kelurahan lain."
		}
	}
	s.render(w, r, status, "kampung_form.html", &page{Title: title, Section: "kampung", Crumbs: crumbs, Form: f, Data: d})
}

// regionPathText names a region with its ancestors, the region first:
// "Desa Tumbuh Mulia, Kecamatan Suralaga, Kabupaten Lombok Timur, ...".
func regionPathText(path []kampungkb.Region) string {
	names := make([]string, 0, len(path))
	for i := len(path) - 1; i >= 0; i-- {
		names = append(names, regionTitle(path[i]))
	}
	return strings.Join(names, ", ")
}

func (s *Server) kampungNew(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	if village := r.URL.Query().Get("village"); village != "" {
		v.Set("village", village)
	}
	s.kampungFormPage(w, r, http.StatusOK, kampungkb.Kampung{}, newForm(v))
}

func (s *Server) kampungCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	k, problems := s.decodeKampung(r.Context(), r.PostForm)
	if err := captureVillage(actorOf(r), k.Name, k.VillageCode); err != nil {
		s.htmlError(w, r, err)
		return
	}
	var err error
	if len(problems) > 0 {
		err = kampungProblems(problems, k.Validate(s.today()))
	} else if err = s.db.CreateKampung(r.Context(), &k); err != nil {
		err = kampungProblems(nil, err)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.kampungFormPage(w, r, statusOf(err), kampungkb.Kampung{}, f)
		return
	}
	redirect(w, r, "/kampung/"+strconv.FormatInt(k.ID, 10), "Kampung KB \""+k.Name+"\" tersimpan. Lengkapi profilnya bila sudah ada datanya.")
}

func (s *Server) kampungEdit(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	s.kampungFormPage(w, r, http.StatusOK, k, newForm(kampungFormValues(k)))
}

func (s *Server) kampungUpdate(w http.ResponseWriter, r *http.Request) {
	old, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	k, problems := s.decodeKampung(r.Context(), r.PostForm)
	k.ID, k.Archived = old.ID, old.Archived
	if err := captureVillage(actorOf(r), k.Name, k.VillageCode); err != nil {
		s.htmlError(w, r, err)
		return
	}
	var err error
	if len(problems) > 0 {
		err = kampungProblems(problems, k.Validate(s.today()))
	} else if err = s.db.UpdateKampung(r.Context(), &k); err != nil {
		err = kampungProblems(nil, err)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.fail(err)
		s.kampungFormPage(w, r, statusOf(err), old, f)
		return
	}
	redirect(w, r, "/kampung/"+strconv.FormatInt(k.ID, 10), "Perubahan Kampung KB \""+k.Name+"\" tersimpan.")
}

// kampungOr404 loads the Kampung KB of the {id} path value, answering
// the error page itself when it cannot: 404 when it is missing or outside
// the actor's view scope.
func (s *Server) kampungOr404(w http.ResponseWriter, r *http.Request) (kampungkb.Kampung, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.inScope(r, sqldb.EntityKampung, id)
	}
	if err != nil {
		s.htmlError(w, r, err)
		return kampungkb.Kampung{}, false
	}
	k, err := s.db.Kampung(r.Context(), id)
	if err != nil {
		s.htmlError(w, r, err)
		return k, false
	}
	return k, true
}

// kampungForChange is kampungOr404 for a change: the Kampung KB must
// also lie in the actor's capture scope (else 403).
func (s *Server) kampungForChange(w http.ResponseWriter, r *http.Request) (kampungkb.Kampung, bool) {
	k, ok := s.kampungOr404(w, r)
	if !ok {
		return k, false
	}
	if err := captureVillage(actorOf(r), k.Name, k.VillageCode); err != nil {
		s.htmlError(w, r, err)
		return k, false
	}
	return k, true
}

// Show page

type kampungShowData struct {
	Kampung kampungkb.Kampung
	CanEdit bool // the actor may change the Kampung KB
	// CanAddActivity: the actor may record activities and contributions here.
	CanAddActivity bool
	Path           []kampungkb.Region // village first
	Profile        *kampungkb.Profile
	Facts          []profileFact
	Profiles       int
	Error          string
	// Coords writes the coordinates the Indonesian way; MapURL shows them
	// on OpenStreetMap. Both are empty without coordinates.
	Coords, MapURL string
	PhotoLabel     string
	// Activities are the latest activities in the Kampung KB; Contributions
	// and ContributionSum summarise what partners brought.
	Activities      []sqldb.ActivityRow
	ActivityN       int // activities in the actor's view scope
	Contributions   int
	ContributionSum int64
	// Class is the Kampung KB's classification (domain.md §2.6);
	// ClassFamilies the families its output index was computed from.
	Class         indicator.Classification
	ClassFamilies int
}

func (s *Server) kampungShow(w http.ResponseWriter, r *http.Request) {
	s.kampungShowPage(w, r, http.StatusOK, "", nil)
}

// kampungShowPage shows a Kampung KB; problem explains a refused action
// (delete) and f carries the photo upload's message.
func (s *Server) kampungShowPage(w http.ResponseWriter, r *http.Request, status int, problem string, f *form) {
	k, ok := s.kampungOr404(w, r)
	if !ok {
		return
	}
	d := kampungShowData{Kampung: k, Error: problem, PhotoLabel: "Unggah foto", CanEdit: s.canEditKampung(r, k),
		CanAddActivity: actorOf(r).Can(kampungkb.PermEditActivities) && captureVillage(actorOf(r), k.Name, k.VillageCode) == nil}
	if k.PhotoFileID != 0 {
		d.PhotoLabel = "Ganti foto"
	}
	if k.Latitude != nil && k.Longitude != nil {
		lat, lon := strconv.FormatFloat(*k.Latitude, 'f', -1, 64), strconv.FormatFloat(*k.Longitude, 'f', -1, 64)
		d.Coords = "lintang " + decimalComma(lat) + ", bujur " + decimalComma(lon)
		d.MapURL = "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=16/" + lat + "/" + lon
	}
	for i := len(k.Path) - 1; i >= 0; i-- {
		d.Path = append(d.Path, k.Path[i])
	}
	profiles, err := s.db.Profiles(r.Context(), k.ID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d.Profiles = len(profiles)
	for i := range profiles {
		if profiles[i].Current {
			d.Profile = &profiles[i]
			d.Facts = profileFacts(profiles[i])
		}
	}
	insts, err := s.db.KampungInstitutions(r.Context(), k.ID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	// the output index reads the Kampung KB's family indicators today
	counts, err := report.KampungCounts(r.Context(), s.db, k, s.today())
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	in := indicator.ClassInput{Profile: d.Profile, Institutions: insts}
	if counts.Families > 0 {
		in.Counts = &counts
		d.ClassFamilies = counts.Families
	}
	d.Class = indicator.DefaultClassRules().Classify(in)
	if d.Activities, d.ActivityN, err = s.recentActivities(r, kampungkb.Filter{KampungID: k.ID}); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if _, d.Contributions, d.ContributionSum, err = s.db.Contributions(r.Context(), scoped(r, kampungkb.Filter{KampungID: k.ID, Limit: 1})); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if f == nil {
		f = newForm(nil)
	}
	s.render(w, r, status, "kampung_show.html", &page{Title: k.Name, Section: "kampung",
		Crumbs: []crumb{{"Kampung KB", "/kampung"}}, Form: f, Data: d})
}

// decimalComma writes a decimal number the Indonesian way, with a comma
// and a typographic minus.
func decimalComma(s string) string {
	return strings.NewReplacer(".", ",", "-", "−").Replace(s)
}

func (s *Server) kampungArchive(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	id := k.ID
	archive := r.PostFormValue("archived") != "0"
	if err := s.db.SetKampungArchived(r.Context(), id, archive); err != nil {
		s.htmlError(w, r, err)
		return
	}
	msg := "Kampung KB diarsipkan: tidak lagi muncul di daftar, riwayatnya tetap tersimpan."
	if !archive {
		msg = "Kampung KB dipulihkan dari arsip."
	}
	redirect(w, r, "/kampung/"+strconv.FormatInt(id, 10), msg)
}

func (s *Server) kampungDelete(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	id := k.ID
	if err := s.db.DeleteKampung(r.Context(), id); err != nil {
		if kampungkb.ErrorKind(err) == kampungkb.Conflict {
			s.kampungShowPage(w, r, http.StatusConflict, kampungkb.ErrorMessage(err), nil)
			return
		}
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/kampung", "Kampung KB dihapus.")
}

// Photo

// maxPhotoBody bounds a photo upload request: the photo plus room for the
// multipart envelope.
const maxPhotoBody = kampungkb.MaxPhotoSize + 256<<10

// readPhoto reads the "photo" part of a multipart upload, keeping at most
// one byte more than the limit so an oversize file is recognised. Its
// content type is sniffed from the bytes, never taken from the client.
func readPhoto(w http.ResponseWriter, r *http.Request) (kampungkb.File, error) {
	tooBig := &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Foto tidak tersimpan.", Fields: map[string]string{
		"photo": "Berkas terlalu besar: paling besar " + kampungkb.FormatInt(kampungkb.MaxPhotoSize>>20) + " MB. Perkecil fotonya lalu unggah lagi."}}
	none := &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Foto tidak tersimpan.", Fields: map[string]string{
		"photo": "Pilih berkas foto (JPEG, PNG atau WebP) yang akan diunggah."}}
	r.Body = http.MaxBytesReader(w, r.Body, maxPhotoBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return kampungkb.File{}, none
	}
	for {
		part, err := mr.NextPart()
		var big *http.MaxBytesError
		switch {
		case errors.As(err, &big):
			return kampungkb.File{}, tooBig
		case err == io.EOF:
			return kampungkb.File{}, none
		case err != nil:
			return kampungkb.File{}, kampungkb.Errorf(kampungkb.Invalid, "Unggahan tidak terbaca: %v.", err)
		}
		if part.FormName() != "photo" {
			part.Close()
			continue
		}
		return photoFromPart(part, tooBig, none)
	}
}

func photoFromPart(part *multipart.Part, tooBig, none error) (kampungkb.File, error) {
	defer part.Close()
	data, err := io.ReadAll(io.LimitReader(part, kampungkb.MaxPhotoSize+1))
	var big *http.MaxBytesError
	if errors.As(err, &big) || len(data) > kampungkb.MaxPhotoSize {
		return kampungkb.File{}, tooBig
	}
	if err != nil {
		return kampungkb.File{}, kampungkb.Errorf(kampungkb.Invalid, "Unggahan tidak terbaca: %v.", err)
	}
	name := strings.TrimSpace(part.FileName())
	if name == "" && len(data) == 0 {
		return kampungkb.File{}, none
	}
	if !utf8.ValidString(name) {
		name = "foto"
	}
	if rs := []rune(name); len(rs) > 200 {
		name = string(rs[len(rs)-200:])
	}
	f := kampungkb.File{Name: name, ContentType: http.DetectContentType(data), Size: int64(len(data)), Data: data}
	if err := kampungkb.CheckUpload("photo", f, kampungkb.PhotoTypes, kampungkb.MaxPhotoSize); err != nil {
		return f, &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Foto tidak tersimpan.", Fields: kampungkb.ErrorFields(err)}
	}
	return f, nil
}

func (s *Server) kampungPhoto(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	id := k.ID
	f, err := readPhoto(w, r)
	if err == nil {
		err = s.db.SetKampungPhoto(r.Context(), id, &f)
	}
	if err != nil {
		if kampungkb.ErrorKind(err) != kampungkb.Invalid {
			s.htmlError(w, r, err)
			return
		}
		fm := newForm(nil)
		fm.fail(err)
		s.kampungShowPage(w, r, http.StatusBadRequest, "", fm)
		return
	}
	redirect(w, r, "/kampung/"+strconv.FormatInt(id, 10)+"#foto", "Foto tersimpan.")
}

func (s *Server) kampungPhotoRemove(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	id := k.ID
	if err := s.db.RemoveKampungPhoto(r.Context(), id); err != nil {
		s.htmlError(w, r, err)
		return
	}
	redirect(w, r, "/kampung/"+strconv.FormatInt(id, 10)+"#foto", "Foto dihapus.")
}

// Profile

// profileFact is one line of a profile summary: a label and its value,
// or a list of values.
type profileFact struct {
	Label string
	Value string
	Items []string
}

// profileFacts summarises a profile snapshot for people, in the order of
// the profile form (domain.md §3.4).
func profileFacts(p kampungkb.Profile) []profileFact {
	orNone := func(xs []string, none string) []string {
		if len(xs) == 0 {
			return []string{none}
		}
		return xs
	}
	var out []profileFact
	pokja := "Belum ada"
	if p.PokjaExists {
		pokja = "Ada, belum ber-SK"
		if p.PokjaSK {
			pokja = "Ada, ber-SK"
			if p.PokjaSKNumber != "" {
				pokja += " (nomor " + p.PokjaSKNumber + ")"
			}
		}
	}
	out = append(out, profileFact{Label: "Pokja Kampung KB", Value: pokja})
	if p.PokjaExists {
		members := kampungkb.FormatInt(int64(p.PokjaMembers)) + " orang, " + kampungkb.FormatInt(int64(p.PokjaTrained)) + " sudah terlatih"
		if p.PokjaTrainingNote != "" {
			members += " (" + p.PokjaTrainingNote + ")"
		}
		out = append(out, profileFact{Label: "Anggota Pokja", Value: members})
	}
	if p.PKBAssigned {
		v := p.PKBName
		if p.PKBNIP != "" {
			v += ", NIP " + p.PKBNIP
		}
		if p.PKBContact != "" {
			v += " · " + p.PKBContact
		}
		out = append(out, profileFact{Label: "PKB/PLKB pendamping", Value: v})
	} else {
		v := "Tidak ada"
		if p.Guide != "" {
			g := kampungkb.Guides.Label(p.Guide)
			if p.Guide == "lainnya" && p.GuideOther != "" {
				g = p.GuideOther
			}
			v += "; diarahkan oleh " + g
		}
		out = append(out, profileFact{Label: "PKB/PLKB pendamping", Value: v})
	}
	out = append(out, profileFact{Label: "Regulasi", Items: orNone(kampungkb.Regulations.Labels(p.Regulations), "Belum ada")})
	rkm := "Belum ada"
	if p.RKM {
		rkm = "Ada"
	}
	out = append(out, profileFact{Label: "Rencana Kerja Masyarakat (RKM)", Value: rkm})
	var poktan, sarana []string
	for _, c := range p.Programs {
		if kampungkb.IsFacility(c) {
			sarana = append(sarana, c)
		} else {
			poktan = append(poktan, c)
		}
	}
	out = append(out,
		profileFact{Label: "Poktan dan program", Items: orNone(kampungkb.Programs.Labels(poktan), "Belum ada")},
		profileFact{Label: "Sarana", Items: orNone(kampungkb.Programs.Labels(sarana), "Belum ada")},
		profileFact{Label: "Sumber dana", Items: orNone(kampungkb.FundingSources.Labels(p.Funding), "Belum ada")},
		profileFact{Label: "Penggunaan data", Items: orNone(kampungkb.DataUses.Labels(p.DataUses), "Belum ada")})
	var mech []string
	for _, m := range p.Mechanisms {
		f := strings.ToLower(kampungkb.Frequencies.Label(m.Frequency))
		if m.Frequency == "lainnya" && m.FrequencyOther != "" {
			f = m.FrequencyOther
		}
		mech = append(mech, kampungkb.Mechanisms.Label(m.Code)+": "+f)
	}
	out = append(out, profileFact{Label: "Mekanisme operasional", Items: orNone(mech, "Belum ada yang dijalankan")})
	if p.Note != "" {
		out = append(out, profileFact{Label: "Catatan", Value: p.Note})
	}
	return out
}

// profileFormValues writes a profile snapshot into form values, so that
// a new snapshot starts from the current one.
func profileFormValues(p kampungkb.Profile) url.Values {
	v := url.Values{}
	flag := func(name string, b bool) {
		if b {
			v.Set(name, "1")
		}
	}
	flag("pokja_exists", p.PokjaExists)
	flag("pokja_sk", p.PokjaSK)
	v.Set("pokja_sk_number", p.PokjaSKNumber)
	if p.PokjaExists || p.PokjaMembers != 0 {
		v.Set("pokja_members", strconv.Itoa(p.PokjaMembers))
		v.Set("pokja_trained", strconv.Itoa(p.PokjaTrained))
	}
	v.Set("pokja_training_note", p.PokjaTrainingNote)
	flag("pkb_assigned", p.PKBAssigned)
	v.Set("pkb_name", p.PKBName)
	v.Set("pkb_nip", p.PKBNIP)
	v.Set("pkb_contact", p.PKBContact)
	v.Set("guide", p.Guide)
	v.Set("guide_other", p.GuideOther)
	v["regulations"] = append([]string(nil), p.Regulations...)
	flag("rkm", p.RKM)
	v["data_uses"] = append([]string(nil), p.DataUses...)
	v["programs"] = append([]string(nil), p.Programs...)
	v["funding"] = append([]string(nil), p.Funding...)
	for _, m := range p.Mechanisms {
		v.Set("mechanism_"+m.Code, "1")
		v.Set("frequency_"+m.Code, m.Frequency)
		v.Set("frequency_other_"+m.Code, m.FrequencyOther)
	}
	v.Set("note", p.Note)
	return v
}

// decodeProfile reads a profile snapshot from a posted form.
func decodeProfile(v url.Values) (kampungkb.Profile, kampungkb.Problems) {
	var p kampungkb.Problems
	on := func(name string) bool { return v.Get(name) != "" }
	s := kampungkb.Profile{
		PokjaExists:       on("pokja_exists"),
		PokjaSK:           on("pokja_sk"),
		PokjaSKNumber:     strings.TrimSpace(v.Get("pokja_sk_number")),
		PokjaTrainingNote: strings.TrimSpace(v.Get("pokja_training_note")),
		PKBAssigned:       on("pkb_assigned"),
		Guide:             v.Get("guide"),
		GuideOther:        strings.TrimSpace(v.Get("guide_other")),
		Regulations:       v["regulations"],
		RKM:               on("rkm"),
		DataUses:          v["data_uses"],
		Programs:          v["programs"],
		Funding:           v["funding"],
		Note:              strings.TrimSpace(v.Get("note")),
	}
	s.AsOf = formDate(&p, v, "as_of")
	s.PokjaMembers = formInt(&p, v, "pokja_members")
	s.PokjaTrained = formInt(&p, v, "pokja_trained")
	if s.PKBAssigned {
		s.PKBName = strings.TrimSpace(v.Get("pkb_name"))
		s.PKBNIP = strings.TrimSpace(v.Get("pkb_nip"))
		s.PKBContact = strings.TrimSpace(v.Get("pkb_contact"))
	}
	if s.Guide != "lainnya" {
		s.GuideOther = ""
	}
	for _, c := range kampungkb.Mechanisms.Items {
		freq, other := v.Get("frequency_"+c.Code), strings.TrimSpace(v.Get("frequency_other_"+c.Code))
		if !on("mechanism_" + c.Code) {
			if freq != "" {
				p.Add("mechanism_"+c.Code, "Centang \"Dijalankan\" bila mekanisme ini berjalan, atau kosongkan frekuensinya.")
			}
			continue
		}
		if freq != "lainnya" {
			other = ""
		}
		s.Mechanisms = append(s.Mechanisms, kampungkb.Mechanism{Code: c.Code, Frequency: freq, FrequencyOther: other})
	}
	return s, p
}

type profileFormData struct {
	Kampung kampungkb.Kampung
	Poktan  []kampungkb.Code
	Sarana  []kampungkb.Code
	// Since is the date of the snapshot the form starts from (zero: none).
	Since kampungkb.Date
}

func (s *Server) profileFormPage(w http.ResponseWriter, r *http.Request, status int, k kampungkb.Kampung, since kampungkb.Date, f *form) {
	d := profileFormData{Kampung: k, Since: since}
	for _, c := range kampungkb.Programs.Items {
		if kampungkb.IsFacility(c.Code) {
			d.Sarana = append(d.Sarana, c)
		} else {
			d.Poktan = append(d.Poktan, c)
		}
	}
	id := strconv.FormatInt(k.ID, 10)
	s.render(w, r, status, "kampung_profile_form.html", &page{Title: "Perbarui profil " + k.Name, Section: "kampung",
		Crumbs: []crumb{{"Kampung KB", "/kampung"}, {k.Name, "/kampung/" + id}}, Form: f, Data: d})
}

func (s *Server) profileNew(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	v := url.Values{}
	var since kampungkb.Date
	cur, err := s.db.CurrentProfile(r.Context(), k.ID)
	switch {
	case err == nil:
		v, since = profileFormValues(cur), cur.AsOf
	case kampungkb.ErrorKind(err) != kampungkb.NotFound:
		s.htmlError(w, r, err)
		return
	}
	v.Set("as_of", s.today().String())
	s.profileFormPage(w, r, http.StatusOK, k, since, newForm(v))
}

func (s *Server) profileCreate(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungForChange(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.htmlError(w, r, kampungkb.Errorf(kampungkb.Invalid, "Isian formulir tidak terbaca."))
		return
	}
	p, problems := decodeProfile(r.PostForm)
	p.KampungID = k.ID
	var err error
	if len(problems) > 0 {
		err = kampungProblems(problems, p.Validate(s.today()))
	} else {
		err = s.db.SaveProfile(r.Context(), &p)
	}
	if err != nil {
		nameMechanisms(err)
		f := newForm(r.PostForm)
		f.fail(err)
		var since kampungkb.Date
		if cur, cerr := s.db.CurrentProfile(r.Context(), k.ID); cerr == nil {
			since = cur.AsOf
		}
		s.profileFormPage(w, r, statusOf(err), k, since, f)
		return
	}
	msg := "Profil per " + kampungkb.FormatDate(p.AsOf) + " tersimpan sebagai profil terkini."
	if !p.Current {
		msg = "Profil per " + kampungkb.FormatDate(p.AsOf) + " tersimpan di riwayat. Profil terkini tetap yang bertanggal lebih baru."
	}
	redirect(w, r, "/kampung/"+strconv.FormatInt(k.ID, 10), msg)
}

// nameMechanisms starts each mechanism's message with the mechanism's
// name, so the error summary at the top of the form says which one.
func nameMechanisms(err error) {
	fields := kampungkb.ErrorFields(err)
	for _, c := range kampungkb.Mechanisms.Items {
		if msg, ok := fields["mechanism_"+c.Code]; ok && msg != "" {
			first, size := utf8.DecodeRuneInString(msg)
			fields["mechanism_"+c.Code] = c.Label + ": " + strings.ToLower(string(first)) + msg[size:]
		}
	}
}

// profileEntry is one snapshot in the history with what changed from the
// snapshot before it.
type profileEntry struct {
	Profile kampungkb.Profile
	Facts   []profileFact
	Changes []kampungkb.Change
	First   bool // the oldest snapshot: nothing to compare with
}

type profilesData struct {
	Kampung kampungkb.Kampung
	Entries []profileEntry
	// One is set when the page shows a single snapshot.
	One bool
	// CanEdit: the actor may add a snapshot.
	CanEdit bool
}

func (s *Server) profileHistory(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungOr404(w, r)
	if !ok {
		return
	}
	ps, err := s.db.Profiles(r.Context(), k.ID)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := profilesData{Kampung: k, CanEdit: s.canEditKampung(r, k)}
	for i, p := range ps {
		e := profileEntry{Profile: p, First: i == len(ps)-1}
		if !e.First {
			e.Changes = kampungkb.ProfileDiff(ps[i+1], p)
		}
		d.Entries = append(d.Entries, e)
	}
	id := strconv.FormatInt(k.ID, 10)
	s.render(w, r, http.StatusOK, "kampung_profiles.html", &page{Title: "Riwayat profil " + k.Name, Section: "kampung",
		Crumbs: []crumb{{"Kampung KB", "/kampung"}, {k.Name, "/kampung/" + id}}, Data: d})
}

func (s *Server) profileShow(w http.ResponseWriter, r *http.Request) {
	k, ok := s.kampungOr404(w, r)
	if !ok {
		return
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	p, err := s.db.Profile(r.Context(), k.ID, pid)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	d := profilesData{Kampung: k, One: true, Entries: []profileEntry{{Profile: p, Facts: profileFacts(p)}}, CanEdit: s.canEditKampung(r, k)}
	id := strconv.FormatInt(k.ID, 10)
	s.render(w, r, http.StatusOK, "kampung_profiles.html", &page{Title: "Profil per " + kampungkb.FormatDate(p.AsOf),
		Section: "kampung", Crumbs: []crumb{{"Kampung KB", "/kampung"}, {k.Name, "/kampung/" + id},
			{"Riwayat profil", "/kampung/" + id + "/profil"}}, Data: d})
}

// API

// apiKampungID reads the {id} of a Kampung KB in the actor's view scope
// (else NotFound, as for a missing one).
func (s *Server) apiKampungID(r *http.Request) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	return id, s.inScope(r, sqldb.EntityKampung, id)
}

func (s *Server) apiProfiles(w http.ResponseWriter, r *http.Request) {
	id, err := s.apiKampungID(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ps, err := s.db.Profiles(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if ps == nil {
		ps = []kampungkb.Profile{}
	}
	writeJSON(w, http.StatusOK, list[kampungkb.Profile]{Items: ps, Total: len(ps)})
}

func (s *Server) apiProfileCreate(w http.ResponseWriter, r *http.Request) {
	id, err := s.apiKampungID(r)
	var k kampungkb.Kampung
	if err == nil {
		k, err = s.db.Kampung(r.Context(), id)
	}
	if err == nil {
		err = captureVillage(actorOf(r), k.Name, k.VillageCode)
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var p kampungkb.Profile
	if err := decodeJSON(w, r, &p); err != nil {
		s.apiFail(w, r, err)
		return
	}
	p.ID, p.KampungID = 0, id
	if err := s.db.SaveProfile(r.Context(), &p); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if p, err = s.db.Profile(r.Context(), id, p.ID); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/kampung/"+strconv.FormatInt(id, 10)+"/profiles/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiProfileCurrent(w http.ResponseWriter, r *http.Request) {
	id, err := s.apiKampungID(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	p, err := s.db.CurrentProfile(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiProfile(w http.ResponseWriter, r *http.Request) {
	id, err := s.apiKampungID(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	p, err := s.db.Profile(r.Context(), id, pid)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
