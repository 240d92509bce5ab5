// Package importer runs an import of a family data file (formats.md
// "Family data": families.csv, members.csv, measurements.csv) into the
// database: the one path behind "kampungkb import families|members|
// measurements" and the upload page, so that both check the same things
// and report the same way. Reading streams; the file goes in one
// transaction, all or nothing.
package importer

import (
	"context"
	"fmt"
	"io"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/sqldb"
)

// Kinds are the family data files with their Indonesian names, in the
// order they must be imported.
var Kinds = kampungkb.CodeList{Name: "kind", Title: "Jenis berkas", Items: []kampungkb.Code{
	{Code: "families", Label: "Keluarga (families.csv)"},
	{Code: "members", Label: "Anggota keluarga (members.csv)"},
	{Code: "measurements", Label: "Pengukuran posyandu (measurements.csv)"},
}}

// Nouns name what a kind's rows are, for messages.
var Nouns = map[string]string{"families": "keluarga", "members": "anggota keluarga", "measurements": "pengukuran"}

// Options tune an import.
type Options struct {
	// DryRun checks everything and counts what would change, storing
	// nothing.
	DryRun bool
	// Score computes a measurement's WHO z-scores; measurements need it.
	Score func(kampungkb.Child, kampungkb.Measurement) kampungkb.ZScores
	// Progress, when set, is called every exchange.ProgressEvery rows.
	Progress func(rows int)
	// InScope, when set, limits the villages whose data may change (the
	// user's capture scope); nil allows every village (the command line).
	InScope func(village string) bool
}

// Result is what an import did (or with DryRun would do).
type Result struct {
	sqldb.ImportResult
	// Children is the number of child records made from members
	// (measurements only; -1 otherwise).
	Children int `json:"children"`
	// Report lists the bad rows (nothing changed when there are any) and
	// the warnings.
	Report *exchange.Report `json:"report"`
}

// Run imports file name read from r as kind. Bad rows are returned as an
// exchange.RowErrors error (also in Result.Report); nothing is changed
// then.
func Run(ctx context.Context, db *sqldb.DB, kind string, r io.Reader, name string, opt Options) (Result, error) {
	res := Result{Children: -1}
	ropt := exchange.ReadOptions{Today: db.Today(), Progress: opt.Progress, InScope: opt.InScope}
	// The readers refuse repeated keys, naming the first line.
	iopt := sqldb.ImportOptions{DryRun: opt.DryRun, KeysChecked: true}
	var err error
	switch kind {
	case "families":
		known, kerr := db.RegionCodes(ctx)
		if kerr != nil {
			return res, kerr
		}
		ropt.KnownVillage = func(c string) bool { return known[c] }
		res.ImportResult, err = db.ImportFamilies(ctx, func(yield func(*kampungkb.Family) error) error {
			var err error
			res.Report, err = exchange.ReadFamilies(r, name, ropt, yield)
			if err != nil {
				return err
			}
			return res.Report.Err()
		}, iopt)
	case "members":
		ropt.Family = db.FamilyLookup(ctx)
		res.ImportResult, err = db.ImportMembers(ctx, func(yield func(*kampungkb.Member) error) error {
			var err error
			res.Report, err = exchange.ReadMembers(r, name, ropt, yield)
			if err != nil {
				return err
			}
			return res.Report.Err()
		}, iopt)
	case "measurements":
		if opt.Score == nil {
			return res, kampungkb.Errorf(kampungkb.Conflict,
				"Tabel pertumbuhan WHO belum terpasang: z-skor pengukuran tidak dapat dihitung. Jalankan kampungkb growth fetch-tables.")
		}
		ropt.Member = db.MemberLookup(ctx)
		var mres sqldb.MeasurementResult
		mres, err = db.ImportMeasurements(ctx, func(yield func(*sqldb.MeasurementRow) error) error {
			var err error
			res.Report, err = exchange.ReadMeasurements(r, name, ropt, func(rec *exchange.MeasurementRecord) error {
				rec.Z = opt.Score(rec.Child, rec.Measurement)
				return yield(&sqldb.MeasurementRow{FamilyID: rec.FamilyID, MemberNo: rec.MemberNo, Measurement: rec.Measurement})
			})
			if err != nil {
				return err
			}
			return res.Report.Err()
		}, iopt)
		res.ImportResult, res.Children = mres.ImportResult, mres.ChildrenCreated
	default:
		return res, kampungkb.Errorf(kampungkb.Invalid, "Jenis berkas %q tidak dikenal: families, members atau measurements.", kind)
	}
	return res, err
}

// Summary says in Indonesian what an import did or, with dryRun, would do.
func (res Result) Summary(kind string, dryRun bool) string {
	n := func(x int) string { return kampungkb.FormatInt(int64(x)) }
	extra := ""
	if res.Children >= 0 {
		extra = fmt.Sprintf(", %s anak baru", n(res.Children))
	}
	if dryRun {
		return fmt.Sprintf("Uji coba impor %s, tidak ada yang disimpan: %s dibaca, %s akan ditambahkan, %s akan diperbarui, %s tidak berubah%s.",
			Nouns[kind], n(res.Read), n(res.Inserted), n(res.Updated), n(res.Unchanged), extra)
	}
	return fmt.Sprintf("Impor %s selesai: %s dibaca, %s baru, %s diperbarui, %s tidak berubah%s.",
		Nouns[kind], n(res.Read), n(res.Inserted), n(res.Updated), n(res.Unchanged), extra)
}
