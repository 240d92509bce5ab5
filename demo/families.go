package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/gen"
	"kampungkb/importer"
	"kampungkb/sqldb"
)

// FamilySummary counts what Families imported.
type FamilySummary struct {
	Families, Members, Measurements int
}

// Families fills an empty family register with synthetic families of the
// demo's five villages of Kecamatan Suralaga (package gen: Lombok's
// distributions, seed 2026, ages as of today), so that the family pages
// and the indicator dashboard show something. Every name is invented.
// With the WHO tables (g not nil) the balita's posyandu measurements are
// imported too. It does nothing when the register already has families.
func Families(ctx context.Context, db *sqldb.DB, g Growth) (FamilySummary, error) {
	var sum FamilySummary
	ctx = kampungkb.WithActor(ctx, kampungkb.Actor{Username: "demo", Name: "Data contoh", Role: kampungkb.RoleAdmin, CaptureRegions: []string{""}})
	if _, n, err := db.Families(ctx, kampungkb.Filter{Limit: 1}); err != nil || n > 0 {
		return sum, err
	}
	rs := make([]kampungkb.Region, len(regions))
	for i, r := range regions {
		r.Level = kampungkb.RegionLevel(r.Code)
		r.ParentCode = kampungkb.ParentRegionCode(r.Code)
		rs[i] = r
	}
	today := db.Today()
	cfg := gen.Config{Region: "52.03.13", Seed: 2026, At: time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)}
	if g != nil {
		cfg.Growth = g
	}
	var fams, mems, meas bytes.Buffer
	if _, err := gen.Generate(cfg, rs, gen.Writers{Families: &fams, Members: &mems, Measurements: &meas}); err != nil {
		return sum, fmt.Errorf("demo: keluarga: %w", err)
	}
	// The registry's dusun-level Kampung KB lie in dusun the generator does
	// not know: give one generated dusun of each village that name.
	fams = *bytes.NewBuffer(renameDusun(fams.Bytes(), map[string]string{
		"52.03.13.2007": "Dasan Tumbu",       // Kampung KB Tumbuh Jaya (domain.md §3.7)
		"52.03.13.2008": "Dusun Borok Timur", // Dasan Borok Mandiri (contoh)
	}))
	opt := importer.Options{}
	if g != nil {
		opt.Score = g.Score
	}
	for _, f := range []struct {
		kind string
		buf  *bytes.Buffer
		n    *int
	}{{"families", &fams, &sum.Families}, {"members", &mems, &sum.Members}, {"measurements", &meas, &sum.Measurements}} {
		if f.kind == "measurements" && g == nil {
			break
		}
		res, err := importer.Run(ctx, db, f.kind, f.buf, "demo-"+f.kind+".csv", opt)
		if err != nil {
			return sum, fmt.Errorf("demo: impor %s: %w", f.kind, err)
		}
		*f.n = res.Inserted
	}
	return sum, nil
}

// renameDusun renames, in a families.csv of package gen (village_code the
// third column, dusun the fourth), the first dusun of each village of to.
func renameDusun(csv []byte, to map[string]string) []byte {
	lines := strings.SplitAfter(string(csv), "\n")
	from := map[string]string{}
	for i, line := range lines[1:] {
		cols := strings.Split(line, ",")
		if len(cols) < 4 {
			continue
		}
		name, ok := to[cols[2]]
		if !ok {
			continue
		}
		if _, seen := from[cols[2]]; !seen {
			from[cols[2]] = cols[3]
		}
		if cols[3] == from[cols[2]] {
			cols[3] = name
			lines[i+1] = strings.Join(cols, ",")
		}
	}
	return []byte(strings.Join(lines, ""))
}
