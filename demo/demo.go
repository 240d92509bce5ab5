// Package demo loads the demo data set: the seed's real actors in Lombok
// Timur (Nusa Tenggara Barat) — Kampung KB Tumbuh Jaya, Muslimat NW and its
// Pancor branch, Rumah Kreatif BUMN Pertamina Pancor, IPeKB, the 10 December
// 2019 accessories training — plus clearly labelled example records
// ("(contoh)") so that lists, filters and the coverage view show something
// meaningful. Facts come from ../shared/docs/domain.md (§3.7, §7.3, §7.6);
// everything marked "contoh" is invented for demonstration.
package demo

import (
	"context"
	"errors"
	"fmt"

	"kampungkb"
	"kampungkb/sqldb"
)

// ErrNotEmpty is returned when the database already holds records.
var ErrNotEmpty = errors.New("basis data sudah berisi data: data contoh hanya dimuat ke basis data kosong")

// Summary counts what Load created.
type Summary struct {
	Regions, Kampung, Partners, Agreements, Activities, Contributions int
}

func (s Summary) String() string {
	return fmt.Sprintf("%d wilayah, %d Kampung KB, %d mitra, %d perjanjian, %d kegiatan, %d kontribusi",
		s.Regions, s.Kampung, s.Partners, s.Agreements, s.Activities, s.Contributions)
}

// regions are the regions the demo needs (Kemendagri codes as in
// ../shared/wilayah); loading them is idempotent, so a database with every
// region imported keeps its data.
var regions = []kampungkb.Region{
	{Code: "52", Name: "Nusa Tenggara Barat"},
	{Code: "52.03", Name: "Kabupaten Lombok Timur"},
	{Code: "52.03.04", Name: "Sikur"},
	{Code: "52.03.05", Name: "Masbagik"},
	{Code: "52.03.07", Name: "Selong"},
	{Code: "52.03.09", Name: "Aikmel"},
	{Code: "52.03.13", Name: "Suralaga"},
	{Code: "52.03.04.2007", Name: "Kembang Kuning"},
	{Code: "52.03.04.2011", Name: "Tetebatu Selatan"},
	{Code: "52.03.07.1001", Name: "Pancor"},
	{Code: "52.03.07.1002", Name: "Selong"},
	{Code: "52.03.07.1003", Name: "Kelayu Selatan"},
	{Code: "52.03.07.1006", Name: "Majidi"},
	{Code: "52.03.07.1007", Name: "Rakam"},
	{Code: "52.03.13.2001", Name: "Anjani"},
	{Code: "52.03.13.2005", Name: "Suralaga"},
	{Code: "52.03.13.2007", Name: "Tumbuh Mulia"},
	{Code: "52.03.13.2008", Name: "Dasan Borok"},
	{Code: "52.03.13.2012", Name: "Waringin"},
}

// Load fills an empty database with the demo data set.
func Load(ctx context.Context, db *sqldb.DB) (Summary, error) {
	var sum Summary
	ctx = kampungkb.WithActor(ctx, kampungkb.Actor{Username: "demo", Name: "Data contoh", Role: "admin"})
	empty, err := isEmpty(ctx, db)
	if err != nil {
		return sum, err
	}
	if !empty {
		return sum, ErrNotEmpty
	}
	rs := make([]kampungkb.Region, len(regions))
	for i, r := range regions {
		r.Level = kampungkb.RegionLevel(r.Code)
		r.ParentCode = kampungkb.ParentRegionCode(r.Code)
		rs[i] = r
	}
	if _, err := db.ImportRegions(ctx, rs); err != nil {
		return sum, fmt.Errorf("demo: wilayah: %w", err)
	}
	sum.Regions = len(rs)
	l := &loader{db: db, ctx: ctx, sum: &sum, today: db.Today()}
	l.load()
	return sum, l.err
}

func isEmpty(ctx context.Context, db *sqldb.DB) (bool, error) {
	_, np, err := db.Partners(ctx, kampungkb.Filter{Limit: 1, Archived: true})
	if err != nil {
		return false, err
	}
	_, nk, err := db.KampungList(ctx, kampungkb.Filter{Limit: 1, Archived: true})
	if err != nil {
		return false, err
	}
	return np == 0 && nk == 0, nil
}

// loader keeps the first error so that load reads as a script.
type loader struct {
	db    *sqldb.DB
	ctx   context.Context
	sum   *Summary
	today kampungkb.Date
	err   error
}

func (l *loader) do(what string, fn func() error) {
	if l.err != nil {
		return
	}
	if err := fn(); err != nil {
		l.err = fmt.Errorf("demo: %s: %w", what, err)
	}
}

func (l *loader) kampung(k kampungkb.Kampung) int64 {
	l.do("Kampung KB "+k.Name, func() error { return l.db.CreateKampung(l.ctx, &k) })
	l.sum.Kampung++
	return k.ID
}

func (l *loader) partner(m kampungkb.Partner) int64 {
	l.do("mitra "+m.Name, func() error { return l.db.CreatePartner(l.ctx, &m) })
	l.sum.Partners++
	return m.ID
}

func (l *loader) agreement(a kampungkb.Agreement) int64 {
	l.do("perjanjian "+a.Title, func() error { return l.db.CreateAgreement(l.ctx, &a) })
	l.sum.Agreements++
	return a.ID
}

func (l *loader) profile(p kampungkb.Profile) {
	l.do("profil", func() error { return l.db.SaveProfile(l.ctx, &p) })
}

func d(s string) kampungkb.Date { return kampungkb.MustDate(s) }

func f(x float64) *float64 { return &x }

const contoh = "Data contoh untuk demonstrasi, bukan data resmi."
