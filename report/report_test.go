package report_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/internal/testutil"
	"kampungkb/report"
	"kampungkb/sqldb"
)

const fixture = "../indicator/testdata/fixture"

// TestIndicatorsFromTheDatabase imports the indicator package's hand-made
// fixture through the real importers and checks that the report computed
// from the database equals the hand-computed rows for desa, kecamatan and
// kabupaten (indicator/testdata/fixture/README.md explains each family).
// loadFixture imports the fixture into db through the real importers and
// returns the expected rows by code (the indicator columns joined by
// commas) and a function opening the fixture's files.
func loadFixture(t *testing.T, db *sqldb.DB) map[string]string {
	t.Helper()
	{
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		testutil.MustLoadRegions(t, db, "52.03")
		open := func(name string) *os.File {
			f, err := os.Open(filepath.Join(fixture, name))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}
		opt := exchange.ReadOptions{Today: kampungkb.MustDate("2026-11-28"), KnownVillage: func(string) bool { return true },
			KnownFamily: func(string) bool { return true }}
		if _, err := db.ImportFamilies(ctx, func(yield func(*kampungkb.Family) error) error {
			rep, err := exchange.ReadFamilies(open("families.csv"), "families.csv", opt, yield)
			if err == nil && len(rep.Errors) > 0 {
				t.Fatalf("families.csv: %v", rep.Errors)
			}
			return err
		}, sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportMembers(ctx, func(yield func(*kampungkb.Member) error) error {
			rep, err := exchange.ReadMembers(open("members.csv"), "members.csv", opt, yield)
			if err == nil && len(rep.Errors) > 0 {
				t.Fatalf("members.csv: %v", rep.Errors)
			}
			return err
		}, sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// The fixture gives the z-scores of its measurements directly.
		recs, err := csv.NewReader(open("measurements.csv")).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var rows []sqldb.MeasurementRow
		for _, r := range recs[1:] {
			no, _ := strconv.Atoi(r[1])
			z, _ := strconv.ParseFloat(r[8], 64)
			m := sqldb.MeasurementRow{FamilyID: r[0], MemberNo: no}
			m.Date = kampungkb.MustDate(r[2])
			m.Z.Len, m.Z.FLen = &z, r[9] == "1"
			rows = append(rows, m)
		}
		if _, err := db.ImportMeasurements(ctx, func(yield func(*sqldb.MeasurementRow) error) error {
			for i := range rows {
				if err := yield(&rows[i]); err != nil {
					return err
				}
			}
			return nil
		}, sqldb.ImportOptions{}); err != nil {
			t.Fatal(err)
		}

		expected, err := csv.NewReader(open("expected.csv")).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, r := range expected[1:] {
			want[r[0]] = strings.Join(r[2:], ",")
		}
		return want
	}
}

func TestIndicatorsFromTheDatabase(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		want := loadFixture(t, db)
		at := kampungkb.MustDate("2025-07-15")
		got := map[string]string{}
		for _, q := range []struct {
			region string
			level  kampungkb.Level
		}{{"52.03", kampungkb.Desa}, {"52.03", kampungkb.Kecamatan}, {"52", kampungkb.Kabupaten}} {
			out, _, err := report.Indicators(ctx, db, q.region, q.level, at, kampungkb.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range out {
				got[r.Code] = strings.Join(r.Record()[2:], ",")
			}
		}
		for code, w := range want {
			if got[code] != w {
				t.Errorf("%s:\n got %s\nwant %s", code, got[code], w)
			}
		}
	})
}
