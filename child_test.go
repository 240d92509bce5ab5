package kampungkb_test

import (
	"math"
	"testing"

	"kampungkb"
)

func f64(x float64) *float64 { return &x }

func TestMeasurementValidate(t *testing.T) {
	birth := kampungkb.MustDate("2024-01-15")
	today := kampungkb.MustDate("2026-11-28")
	ok := func() kampungkb.Measurement {
		return kampungkb.Measurement{Date: kampungkb.MustDate("2025-01-15"), WeightKg: f64(9.2), LenHeiCm: f64(74.5), Measure: "l"}
	}
	for _, c := range []struct {
		name  string
		edit  func(*kampungkb.Measurement)
		field string
	}{
		{"ok", func(*kampungkb.Measurement) {}, ""},
		{"zero length", func(m *kampungkb.Measurement) { m.LenHeiCm = f64(0) }, "lenhei_cm"},
		{"negative length", func(m *kampungkb.Measurement) { m.LenHeiCm = f64(-3) }, "lenhei_cm"},
		{"weight over 100 kg", func(m *kampungkb.Measurement) { m.WeightKg = f64(100.1) }, "weight_kg"},
		{"weight 100 kg", func(m *kampungkb.Measurement) { m.WeightKg = f64(100) }, ""},
		{"weight zero", func(m *kampungkb.Measurement) { m.WeightKg = f64(0) }, "weight_kg"},
		{"NaN", func(m *kampungkb.Measurement) { m.WeightKg = f64(math.NaN()) }, "weight_kg"},
		{"before birth", func(m *kampungkb.Measurement) { m.Date = kampungkb.MustDate("2024-01-14") }, "date"},
		{"on the birth day", func(m *kampungkb.Measurement) { m.Date = birth }, ""},
		{"in the future", func(m *kampungkb.Measurement) { m.Date = today.AddDays(1) }, "date"},
		{"day 1827", func(m *kampungkb.Measurement) { m.Date = birth.AddDays(1827) }, "date"},
		{"day 1826", func(m *kampungkb.Measurement) { m.Date = birth.AddDays(1826) }, ""},
		{"nothing measured", func(m *kampungkb.Measurement) { m.WeightKg, m.LenHeiCm = nil, nil }, "weight_kg"},
		{"bad position", func(m *kampungkb.Measurement) { m.Measure = "x" }, "measure"},
		{"position in capitals", func(m *kampungkb.Measurement) { m.Measure = "H" }, ""},
		{"implausible but possible: 3 kg at one year", func(m *kampungkb.Measurement) { m.WeightKg = f64(3) }, ""},
	} {
		m := ok()
		c.edit(&m)
		// days 1826/1827 lie in the future for this birth date: use a later today
		err := m.Validate(birth, kampungkb.MustDate("2030-01-01"))
		if c.name == "in the future" {
			err = m.Validate(birth, today)
		}
		fields := kampungkb.ErrorFields(err)
		if c.field == "" && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.field != "" && fields[c.field] == "" {
			t.Errorf("%s: err = %v, want a message for %s", c.name, err, c.field)
		}
	}
	m := ok()
	m.Date = birth.AddDays(1826)
	if err := m.Validate(birth, kampungkb.MustDate("2030-01-01")); err != nil {
		t.Errorf("day 1826 is under 60 months: %v", err)
	}
}

func TestChildValidate(t *testing.T) {
	today := kampungkb.MustDate("2026-11-28")
	c := kampungkb.Child{Name: " Siti ", Sex: "p", BirthDate: kampungkb.MustDate("2024-01-15"), VillageCode: "5203132007"}
	if err := c.Validate(today); err != nil || c.Name != "Siti" || c.VillageCode != "52.03.13.2007" {
		t.Errorf("valid child: %v %+v", err, c)
	}
	bad := kampungkb.Child{Sex: "x", BirthDate: today.AddDays(1), VillageCode: "52.03.13"}
	fields := kampungkb.ErrorFields(bad.Validate(today))
	for _, f := range []string{"name", "sex", "birth_date", "village_code"} {
		if fields[f] == "" {
			t.Errorf("no message for %s", f)
		}
	}
}
