package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"kampungkb"
	"kampungkb/sqldb"
)

// Growth is what the demo needs of the WHO tables (package growth): the
// z-scores of a measurement, and the measurement at a z-score.
type Growth interface {
	Score(kampungkb.Child, kampungkb.Measurement) kampungkb.ZScores
	Value(indicator, sex string, days int, z float64) (float64, bool)
}

// Children adds example children ("(contoh)") with six monthly posyandu
// measurements each, scored with the WHO tables, when the database has no
// children yet. It returns how many children it added. The figures are
// invented (a fixed seed), with about a third of the children stunted, like
// Lombok Timur's survey level (domain.md §6.2).
func Children(ctx context.Context, db *sqldb.DB, g Growth) (int, error) {
	ctx = kampungkb.WithActor(ctx, kampungkb.Actor{Username: "demo", Name: "Data contoh", Role: kampungkb.RoleAdmin, CaptureRegions: []string{""}})
	if _, n, err := db.Children(ctx, kampungkb.Filter{Limit: 1, Archived: true}); err != nil || n > 0 {
		return 0, err
	}
	ks, _, err := db.KampungList(ctx, kampungkb.Filter{Limit: 20})
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	today := db.Today()
	names := []struct{ name, sex string }{{"Aisyah", "p"}, {"Lalu Rizki", "l"}, {"Baiq Nurul", "p"}, {"Muhammad Fikri", "l"},
		{"Siti Hajar", "p"}, {"Zainal", "l"}, {"Nurul Aini", "p"}, {"Ahmad Fauzi", "l"}, {"Husnul", "p"}, {"Abdul Rahman", "l"},
		{"Rahmawati", "p"}, {"Lalu Hamdi", "l"}, {"Baiq Sari", "p"}, {"Irwan", "l"}, {"Fatimah", "p"}, {"Yusuf", "l"}}
	n := 0
	for i, nm := range names {
		k := ks[i%len(ks)]
		name, sex := nm.name, nm.sex
		ageDays := 120 + rng.IntN(1500)
		c := kampungkb.Child{Name: name + " (contoh)", Sex: sex, BirthDate: today.AddDays(-ageDays),
			MotherName: "Ibu " + name + " (contoh)", VillageCode: k.VillageCode, KampungID: k.ID}
		if err := db.CreateChild(ctx, &c); err != nil {
			return n, fmt.Errorf("demo: anak %s: %w", c.Name, err)
		}
		n++
		// a child's own growth path: a fixed length-for-age and weight
		// offset (in SD) with small monthly noise
		zh := rng.NormFloat64()*1.1 - 1.3
		zw := zh*0.5 + rng.NormFloat64()*0.8
		for month := 5; month >= 0; month-- {
			date := today.AddMonths(-month).AddDays(-rng.IntN(5))
			age := c.BirthDate.DaysUntil(date)
			if age < 0 {
				continue
			}
			length, ok1 := g.Value("lenhei", sex, age, zh+rng.NormFloat64()*0.1)
			weight, ok2 := g.Value("weight", sex, age, zw+rng.NormFloat64()*0.15)
			if !ok1 || !ok2 {
				continue
			}
			l := math.Round(length*10) / 10
			w := math.Round(weight*10) / 10
			measure := kampungkb.Lying
			if age >= 731 {
				measure = kampungkb.Standing
			}
			m := kampungkb.Measurement{ChildID: c.ID, Date: date, WeightKg: &w, LenHeiCm: &l, Measure: measure, Posyandu: "Posyandu " + k.Name}
			if err := m.Validate(c.BirthDate, today); err != nil {
				continue
			}
			m.Z = g.Score(c, m)
			if err := db.AddMeasurement(ctx, &m); err != nil {
				return n, fmt.Errorf("demo: pengukuran %s: %w", c.Name, err)
			}
		}
	}
	return n, nil
}
