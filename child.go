package kampungkb

import (
	"math"
	"strings"
)

// Child is an under-five child followed at the posyandu (issue 4). It can
// be linked to a family member once family data exist.
type Child struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Sex         string `json:"sex"` // l or p
	BirthDate   Date   `json:"birth_date"`
	MotherName  string `json:"mother_name"`
	VillageCode string `json:"village_code"`
	KampungID   int64  `json:"kampung_id,omitempty"`
	Archived    bool   `json:"archived"`
	// FamilyID and MemberNo link the child to its member in the family
	// register, when it was made from one ("" and 0 otherwise).
	FamilyID string `json:"family_id,omitempty"`
	MemberNo int    `json:"member_no,omitempty"`

	// Read-only, filled by storage.
	VillageName string `json:"village_name,omitempty"`
	KampungName string `json:"kampung_name,omitempty"`
	Meta
}

// Validate checks the child's record; today bounds the birth date.
func (c *Child) Validate(today Date) error {
	var p Problems
	c.Name = strings.TrimSpace(c.Name)
	requireText(&p, "name", c.Name, "Nama anak", maxName)
	if !Sexes.Has(c.Sex) {
		p.Add("sex", "Pilih jenis kelamin: laki-laki atau perempuan.")
	}
	switch {
	case c.BirthDate.IsZero():
		p.Add("birth_date", "Tanggal lahir wajib diisi.")
	case c.BirthDate.After(today):
		p.Add("birth_date", "Tanggal lahir tidak boleh di masa depan.")
	case c.BirthDate.Before(today.AddMonths(-19 * 12)):
		p.Add("birth_date", "Anak berumur lebih dari 19 tahun: modul ini untuk balita dan anak sampai 19 tahun.")
	}
	c.MotherName = strings.TrimSpace(c.MotherName)
	checkLen(&p, "mother_name", c.MotherName, maxName)
	if code, lv, ok := NormalizeRegionCode(c.VillageCode); !ok || lv != Desa {
		p.Add("village_code", "Pilih desa/kelurahan tempat anak tinggal (kode 10 digit).")
	} else {
		c.VillageCode = code
	}
	if c.KampungID < 0 {
		p.Add("kampung_id", "Kampung KB tidak valid.")
	}
	return p.Err("anak")
}

// Positions of a length/height measurement.
const (
	Lying    = "l" // recumbent length
	Standing = "h" // standing height
)

// Measurement is one posyandu weighing and measuring of a child, with the
// WHO z-scores computed when it is saved (nil when not computable).
type Measurement struct {
	ID       int64    `json:"id"`
	ChildID  int64    `json:"child_id"`
	Date     Date     `json:"date"`
	WeightKg *float64 `json:"weight_kg"`
	LenHeiCm *float64 `json:"lenhei_cm"`
	Measure  string   `json:"measure"` // l, h or "" (unknown)
	Oedema   bool     `json:"oedema"`
	HeadCm   *float64 `json:"headc_cm"`
	ArmCm    *float64 `json:"armc_cm"`
	Posyandu string   `json:"posyandu"`

	// Computed on save (read-only for clients).
	AgeDays int     `json:"age_days"`
	Z       ZScores `json:"z"`
	Meta    `json:"-"`
}

// ZScores are the stored WHO z-scores of a measurement (2 decimals, as WHO
// prints them) and their flags (biologically implausible values).
type ZScores struct {
	LenHeiCm *float64 `json:"clenhei,omitempty"` // length/height after the ±0.7 cm adjustment
	BMI      *float64 `json:"cbmi,omitempty"`
	Len      *float64 `json:"zlen,omitempty"` // length/height-for-age
	Wei      *float64 `json:"zwei,omitempty"` // weight-for-age
	Wfl      *float64 `json:"zwfl,omitempty"` // weight-for-length/height
	BMIz     *float64 `json:"zbmi,omitempty"` // BMI-for-age
	HC       *float64 `json:"zhc,omitempty"`  // head circumference-for-age
	AC       *float64 `json:"zac,omitempty"`  // arm circumference-for-age
	FLen     bool     `json:"flen,omitempty"`
	FWei     bool     `json:"fwei,omitempty"`
	FWfl     bool     `json:"fwfl,omitempty"`
	FBMI     bool     `json:"fbmi,omitempty"`
	FHC      bool     `json:"fhc,omitempty"`
	FAC      bool     `json:"fac,omitempty"`
}

// MaxChildAgeDays is the last day of the 0–5 year standards in the current
// anthro package: z-scores exist for age < 60 months (who-algorithm.md §3).
const MaxChildAgeDays = 1826

// Validate checks a measurement of a child born on birth; today bounds
// its date. Impossible values are refused with field messages (issue 4
// point 8); implausible but possible ones are accepted and flagged by the
// z-score computation.
func (m *Measurement) Validate(birth, today Date) error {
	var p Problems
	switch {
	case m.Date.IsZero():
		p.Add("date", "Tanggal pengukuran wajib diisi.")
	case m.Date.After(today):
		p.Add("date", "Tanggal pengukuran tidak boleh di masa depan.")
	case !birth.IsZero() && m.Date.Before(birth):
		p.Add("date", "Tanggal pengukuran sebelum tanggal lahir anak.")
	case !birth.IsZero() && birth.DaysUntil(m.Date) > MaxChildAgeDays:
		p.Add("date", "Pada tanggal ini anak sudah berumur 5 tahun atau lebih: modul balita hanya untuk umur di bawah 60 bulan.")
	}
	if m.WeightKg == nil && m.LenHeiCm == nil && m.HeadCm == nil && m.ArmCm == nil {
		p.Add("weight_kg", "Isi paling sedikit berat badan atau panjang/tinggi badan.")
	}
	checkMeasure(&p, "weight_kg", m.WeightKg, 0, 100, "Berat badan harus lebih dari 0 dan paling besar 100 kg.")
	checkMeasure(&p, "lenhei_cm", m.LenHeiCm, 0, 200, "Panjang/tinggi badan harus lebih dari 0 dan paling besar 200 cm.")
	checkMeasure(&p, "headc_cm", m.HeadCm, 0, 80, "Lingkar kepala harus lebih dari 0 dan paling besar 80 cm.")
	checkMeasure(&p, "armc_cm", m.ArmCm, 0, 50, "Lingkar lengan atas harus lebih dari 0 dan paling besar 50 cm.")
	m.Measure = strings.ToLower(strings.TrimSpace(m.Measure))
	if m.Measure != "" && m.Measure != Lying && m.Measure != Standing {
		p.Add("measure", "Cara ukur: terlentang (l) atau berdiri (h).")
	}
	m.Posyandu = strings.TrimSpace(m.Posyandu)
	checkLen(&p, "posyandu", m.Posyandu, maxName)
	return p.Err("pengukuran")
}

// checkMeasure refuses a value outside (min, max] and non-numbers.
func checkMeasure(p *Problems, field string, v *float64, min, max float64, msg string) {
	if v == nil {
		return
	}
	if math.IsNaN(*v) || math.IsInf(*v, 0) || *v <= min || *v > max {
		p.Add(field, msg)
	}
}

// Positions lists the measuring positions with labels.
var Positions = CodeList{Name: "measure", Title: "Cara ukur", Items: []Code{
	{Code: Lying, Label: "Terlentang (panjang badan)"},
	{Code: Standing, Label: "Berdiri (tinggi badan)"},
}}
