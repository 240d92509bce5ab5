package exchange

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/internal/keyset"
)

// Readers of the family data files (formats.md "Family data"):
// families.csv, members.csv and measurements.csv. They stream: each valid
// row goes to a callback as it is read, and every bad row is reported with
// its line and column. Once a bad row has been found the callback is not
// called any more (the import will change nothing) but reading goes on, so
// that one run lists every problem of the file.

// FamilyColumns, MemberColumns and MeasurementColumns are the columns of
// the three files, in the order formats.md lists them.
var (
	FamilyColumns = []string{"family_id", "no_kk", "village_code", "dusun", "rw", "rt", "address", "water_source",
		"toilet", "welfare_decile"}
	MemberColumns = []string{"family_id", "member_no", "nik", "name", "sex", "birth_date", "relation", "marital_status",
		"marriage_age", "pregnant", "children_born", "last_birth_date", "kb_method", "kb_reason"}
	MeasurementColumns = []string{"family_id", "member_no", "date", "weight_kg", "lenhei_cm", "measure", "oedema",
		"headc_cm", "armc_cm", "posyandu"}
)

// Report is what reading a file found: the number of data rows, the bad
// rows (the import must change nothing) and warnings (unknown columns, NIKs
// that disagree with the member's record), which do not block it.
type Report struct {
	Rows     int       `json:"rows"`
	Errors   RowErrors `json:"errors,omitempty"`
	Warnings RowErrors `json:"warnings,omitempty"`
}

// Err returns the row errors as an error, or nil.
func (r *Report) Err() error {
	if r == nil || len(r.Errors) == 0 {
		return nil
	}
	return r.Errors
}

// ReadOptions give the readers what they check rows against.
type ReadOptions struct {
	// Today bounds dates (no dates in the future).
	Today kampungkb.Date
	// KnownVillage reports whether a desa/kelurahan code (dotted) is in
	// the database (families.csv).
	KnownVillage func(code string) bool
	// KnownFamily reports whether a family_id is in the database
	// (members.csv).
	KnownFamily func(familyID string) bool
	// Member finds a member as a child record (measurements.csv).
	Member func(familyID string, memberNo int) (kampungkb.Child, bool, error)
	// Progress, when set, is called every ProgressEvery rows.
	Progress func(rows int)
	// InScope, when set, reports whether the importing user may change
	// data of a village (dotted code): rows of other villages are errors,
	// so that an upload cannot reach outside the user's capture scope.
	InScope func(village string) bool
	// FamilyVillage gives a known family's village (members.csv, with
	// InScope).
	FamilyVillage func(familyID string) string
	// Family, when set, replaces KnownFamily and FamilyVillage: it finds
	// a family's village, ok false for an unknown family (members.csv).
	Family func(familyID string) (village string, ok bool, err error)
}

// outOfScope is the problem of a row outside the user's capture scope.
func outOfScope(village string) string {
	return "desa " + village + " di luar wilayah kerja Anda; data desa ini tidak dapat Anda ubah"
}

// ProgressEvery is how often the readers report progress, in rows.
const ProgressEvery = 10000

// table reads a CSV file with a header, in any column order.
type table struct {
	name   string
	cr     *csv.Reader
	col    map[string]int // column name -> index in the record
	order  map[string]int // column name -> position in the known list (error order)
	rec    []string
	line   int
	rep    *Report
	report func(int)
}

// openTable reads the header: required columns missing are errors (the
// file is not read further), unknown ones are warnings.
func openTable(r io.Reader, name string, known, required []string, rep *Report, progress func(int)) (*table, bool) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &table{name: name, cr: cr, col: map[string]int{}, order: map[string]int{}, rep: rep, report: progress}
	for i, c := range known {
		t.order[c] = i
	}
	header, err := cr.Read()
	if err == io.EOF {
		rep.Errors = append(rep.Errors, RowError{File: name, Line: 1, Problem: "berkas kosong, harus ada baris judul"})
		return nil, false
	}
	if err != nil {
		rep.Errors = append(rep.Errors, RowError{File: name, Line: 1, Problem: err.Error()})
		return nil, false
	}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, ok := t.order[h]; !ok {
			rep.Warnings = append(rep.Warnings, RowError{File: name, Line: 1, Column: h, Problem: "kolom tidak dikenal, diabaikan"})
			continue
		}
		if _, dup := t.col[h]; dup {
			rep.Errors = append(rep.Errors, RowError{File: name, Line: 1, Column: h, Problem: "kolom muncul dua kali"})
			continue
		}
		t.col[h] = i
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			rep.Errors = append(rep.Errors, RowError{File: name, Line: 1, Column: c, Problem: "kolom wajib tidak ada"})
		}
	}
	return t, len(rep.Errors) == 0
}

// next reads the next record; it reports CSV syntax errors itself and
// returns false at the end of the file.
func (t *table) next() (bool, error) {
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.rep.Rows++
				t.rep.Errors = append(t.rep.Errors, RowError{File: t.name, Line: pe.Line, Problem: pe.Err.Error()})
				continue
			}
			return false, fmt.Errorf("baca %s: %w", t.name, err)
		}
		t.rec = rec
		t.line, _ = t.cr.FieldPos(0)
		t.rep.Rows++
		if t.report != nil && t.rep.Rows%ProgressEvery == 0 {
			t.report(t.rep.Rows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		return true, nil
	}
}

func (t *table) get(c string) string {
	i, ok := t.col[c]
	if !ok || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// row collects the problems of one row.
type row struct {
	t    *table
	errs []RowError
}

func (r *row) add(col, problem string) {
	r.errs = append(r.errs, RowError{File: r.t.name, Line: r.t.line, Column: col, Problem: problem})
}

// problems adds the field messages of a validation error, in column order.
func (r *row) problems(err error) {
	fields := kampungkb.ErrorFields(err)
	if err != nil && len(fields) == 0 {
		r.add("", err.Error())
		return
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if !r.has(k) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return r.t.order[keys[i]] < r.t.order[keys[j]] })
	for _, k := range keys {
		r.add(k, fields[k])
	}
}

// has reports whether col already has a problem (a parse error is more
// precise than the validation message that follows from it).
func (r *row) has(col string) bool {
	for _, e := range r.errs {
		if e.Column == col {
			return true
		}
	}
	return false
}

func (r *row) code(col string) string { return strings.ToLower(r.t.get(col)) }

func (r *row) date(col string) kampungkb.Date {
	d, err := kampungkb.ParseDate(r.t.get(col))
	if err != nil {
		r.add(col, err.Error())
	}
	return d
}

func (r *row) int(col string) *int {
	s := r.t.get(col)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.add(col, fmt.Sprintf("%q bukan bilangan bulat", s))
		return nil
	}
	return &n
}

func (r *row) float(col string) *float64 {
	s := r.t.get(col)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if strings.Contains(s, ",") {
			r.add(col, fmt.Sprintf("%q: gunakan titik sebagai pemisah desimal", s))
		} else {
			r.add(col, fmt.Sprintf("%q bukan angka", s))
		}
		return nil
	}
	return &f
}

func (r *row) yn(col string) *bool {
	switch s := r.code(col); s {
	case "":
		return nil
	case "y":
		b := true
		return &b
	case "n":
		b := false
		return &b
	default:
		r.add(col, fmt.Sprintf("%q: isi y atau n (kosong bila tidak diketahui)", s))
		return nil
	}
}

// finish records the row's problems and reports whether it is valid.
func (r *row) finish() bool {
	r.t.rep.Errors = append(r.t.rep.Errors, r.errs...)
	return len(r.errs) == 0
}

// ReadFamilies reads families.csv from r (named name in messages) and
// calls fn with each valid family while the file has no bad row. family_id
// must be unique in the file and village_code known (opt.KnownVillage).
// The error is fn's or a read error; bad rows are in the report.
func ReadFamilies(r io.Reader, name string, opt ReadOptions, fn func(*kampungkb.Family) error) (*Report, error) {
	rep := &Report{}
	t, ok := openTable(r, name, FamilyColumns, []string{"family_id", "village_code"}, rep, opt.Progress)
	if !ok {
		return rep, nil
	}
	var seen keyset.Set // family_id -> first line
	for {
		more, err := t.next()
		if err != nil || !more {
			return rep, err
		}
		rw := &row{t: t}
		f := kampungkb.Family{FamilyID: t.get("family_id"), NoKK: t.get("no_kk"), VillageCode: t.get("village_code"),
			Dusun: t.get("dusun"), RW: t.get("rw"), RT: t.get("rt"), Address: t.get("address"),
			WaterSource: rw.code("water_source"), Toilet: rw.code("toilet")}
		if d := rw.int("welfare_decile"); d != nil {
			if *d < 1 || *d > 10 {
				rw.add("welfare_decile", fmt.Sprintf("%d: desil harus 1–10 (kosong bila tidak diketahui)", *d))
			} else {
				f.WelfareDecile = *d
			}
		}
		rw.problems(f.Validate())
		if f.FamilyID != "" {
			if first, dup := seen.Add(f.FamilyID, uint32(t.line)); dup {
				rw.add("family_id", fmt.Sprintf("%s sudah ada di baris %d", f.FamilyID, first))
			}
		}
		if !rw.has("village_code") && opt.KnownVillage != nil && !opt.KnownVillage(f.VillageCode) {
			rw.add("village_code", f.VillageCode+" tidak dikenal di basis data (impor wilayah dulu atau periksa kodenya)")
		}
		if !rw.has("village_code") && opt.InScope != nil && !opt.InScope(f.VillageCode) {
			rw.add("village_code", outOfScope(f.VillageCode))
		}
		if rw.finish() && len(rep.Errors) == 0 && fn != nil {
			if err := fn(&f); err != nil {
				return rep, err
			}
		}
	}
}

// ReadMembers reads members.csv like ReadFamilies. (family_id, member_no)
// must be unique in the file and the family known (opt.KnownFamily). A NIK
// that disagrees with the birth date or sex is a warning.
func ReadMembers(r io.Reader, name string, opt ReadOptions, fn func(*kampungkb.Member) error) (*Report, error) {
	rep := &Report{}
	t, ok := openTable(r, name, MemberColumns, []string{"family_id", "member_no", "name", "sex", "birth_date"}, rep, opt.Progress)
	if !ok {
		return rep, nil
	}
	var seen keyset.Set // family_id, member_no -> first line
	for {
		more, err := t.next()
		if err != nil || !more {
			return rep, err
		}
		rw := &row{t: t}
		m := kampungkb.Member{FamilyID: t.get("family_id"), NIK: t.get("nik"), Name: t.get("name"), Sex: rw.code("sex"),
			BirthDate: rw.date("birth_date"), Relation: rw.code("relation"), MaritalStatus: rw.code("marital_status"),
			MarriageAge: rw.int("marriage_age"), Pregnant: rw.yn("pregnant"), ChildrenBorn: rw.int("children_born"),
			LastBirthDate: rw.date("last_birth_date"), KBMethod: rw.code("kb_method"), KBReason: rw.code("kb_reason")}
		if no := rw.int("member_no"); no != nil {
			m.MemberNo = *no
		} else if !rw.has("member_no") {
			rw.add("member_no", "wajib diisi")
		}
		rw.problems(m.Validate(opt.Today))
		if m.FamilyID != "" && !rw.has("member_no") {
			k := m.FamilyID + "\x00" + strconv.Itoa(m.MemberNo)
			if first, dup := seen.Add(k, uint32(t.line)); dup {
				rw.add("member_no", fmt.Sprintf("anggota %d keluarga %s sudah ada di baris %d", m.MemberNo, m.FamilyID, first))
			}
		}
		if !rw.has("family_id") && opt.Family != nil {
			v, ok, err := opt.Family(m.FamilyID)
			if err != nil {
				return rep, err
			}
			if !ok {
				rw.add("family_id", m.FamilyID+" tidak dikenal di basis data (impor families.csv dulu)")
			} else if opt.InScope != nil && !opt.InScope(v) {
				rw.add("family_id", outOfScope(v))
			}
		} else if !rw.has("family_id") && opt.KnownFamily != nil && !opt.KnownFamily(m.FamilyID) {
			rw.add("family_id", m.FamilyID+" tidak dikenal di basis data (impor families.csv dulu)")
		}
		if !rw.has("family_id") && opt.InScope != nil && opt.FamilyVillage != nil {
			if v := opt.FamilyVillage(m.FamilyID); !opt.InScope(v) {
				rw.add("family_id", outOfScope(v))
			}
		}
		if rw.finish() {
			if w := kampungkb.NIKWarning(m.NIK, m.Sex, m.BirthDate); w != "" {
				rep.Warnings = append(rep.Warnings, RowError{File: name, Line: t.line, Column: "nik", Problem: w})
			}
			if len(rep.Errors) == 0 && fn != nil {
				if err := fn(&m); err != nil {
					return rep, err
				}
			}
		}
	}
}

// MeasurementRecord is one valid row of measurements.csv with the child
// record its member gives (for the z-scores).
type MeasurementRecord struct {
	FamilyID string
	MemberNo int
	Child    kampungkb.Child
	kampungkb.Measurement
}

// ReadMeasurements reads measurements.csv like ReadFamilies. The member
// must exist (opt.Member) and the measurement be valid for the member's
// birth date; a member is measured at most once a day.
func ReadMeasurements(r io.Reader, name string, opt ReadOptions, fn func(*MeasurementRecord) error) (*Report, error) {
	rep := &Report{}
	t, ok := openTable(r, name, MeasurementColumns, []string{"family_id", "member_no", "date"}, rep, opt.Progress)
	if !ok {
		return rep, nil
	}
	var seen keyset.Set // family_id, member_no, date -> first line
	for {
		more, err := t.next()
		if err != nil || !more {
			return rep, err
		}
		rw := &row{t: t}
		rec := MeasurementRecord{FamilyID: t.get("family_id")}
		rec.Date = rw.date("date")
		rec.WeightKg, rec.LenHeiCm = rw.float("weight_kg"), rw.float("lenhei_cm")
		rec.HeadCm, rec.ArmCm = rw.float("headc_cm"), rw.float("armc_cm")
		rec.Measure, rec.Posyandu = rw.code("measure"), t.get("posyandu")
		if o := rw.yn("oedema"); o != nil {
			rec.Oedema = *o
		}
		if rec.FamilyID == "" {
			rw.add("family_id", "wajib diisi")
		}
		if no := rw.int("member_no"); no != nil {
			rec.MemberNo = *no
		} else if !rw.has("member_no") {
			rw.add("member_no", "wajib diisi")
		}
		var birth kampungkb.Date
		if !rw.has("family_id") && !rw.has("member_no") && opt.Member != nil {
			c, ok, err := opt.Member(rec.FamilyID, rec.MemberNo)
			if err != nil {
				return rep, err
			}
			switch {
			case ok && opt.InScope != nil && !opt.InScope(c.VillageCode):
				rw.add("family_id", outOfScope(c.VillageCode))
			case ok:
				rec.Child, birth = c, c.BirthDate
			default:
				rw.add("member_no", fmt.Sprintf("anggota %d keluarga %s tidak ada di basis data (impor families.csv dan members.csv dulu)", rec.MemberNo, rec.FamilyID))
			}
		}
		rw.problems(rec.Measurement.Validate(birth, opt.Today))
		if !rw.has("member_no") && !rec.Date.IsZero() {
			k := rec.FamilyID + "\x00" + strconv.Itoa(rec.MemberNo) + "\x00" + rec.Date.String()
			if first, dup := seen.Add(k, uint32(t.line)); dup {
				rw.add("date", fmt.Sprintf("anggota ini sudah diukur pada %s di baris %d", rec.Date, first))
			}
		}
		if rw.finish() && len(rep.Errors) == 0 && fn != nil {
			if err := fn(&rec); err != nil {
				return rep, err
			}
		}
	}
}
