package sqldb_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// Lombok Timur's size (issue 9): 254 villages, ~440,000 families, ~1.46
// million members.
const (
	benchFamilies = 440_000
	benchMembers  = 1_460_000
)

// writeFamilyFiles writes families.csv and members.csv of a synthetic
// kabupaten over villages into dir (math/rand with a fixed seed; the gen
// command will make realistic ones).
func writeFamilyFiles(tb testing.TB, dir string, villages []string, families, members int) {
	tb.Helper()
	rng := rand.New(rand.NewSource(52_03))
	sizes := make([]int, families)
	for i := range sizes {
		sizes[i] = members / families
	}
	for _, i := range rng.Perm(families)[:members-families*(members/families)] {
		sizes[i]++
	}
	ff, err := os.Create(filepath.Join(dir, "families.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	mf, err := os.Create(filepath.Join(dir, "members.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	fw, mw := bufio.NewWriterSize(ff, 1<<20), bufio.NewWriterSize(mf, 1<<20)
	fmt.Fprintln(fw, "family_id,no_kk,village_code,dusun,rw,rt,address,water_source,toilet,welfare_decile")
	fmt.Fprintln(mw, "family_id,member_no,nik,name,sex,birth_date,relation,marital_status,marriage_age,pregnant,children_born,last_birth_date,kb_method,kb_reason")
	water, toilets := kampungkb.WaterSources.Codes(), kampungkb.Toilets.Codes()
	methods, reasons := kampungkb.KBMethods.Codes(), kampungkb.KBReasons.Codes()
	names := []string{"Ahmad", "Siti", "Baiq", "Lalu", "Muhammad", "Nurul", "Hadi", "Aminah", "Rizki", "Fitri", "Zainal", "Hj. Rohani"}
	today := kampungkb.MustDate("2026-06-30")
	nik := func(v string, sex string, birth kampungkb.Date, serial int) string {
		d := birth.Day()
		if sex == "p" {
			d += 40
		}
		return fmt.Sprintf("%s%s%02d%02d%02d%04d", v[0:2]+v[3:5], v[6:8], d, int(birth.Month()), birth.Year()%100, serial%10000)
	}
	born := func(minAge, maxAge int) kampungkb.Date {
		return today.AddDays(-(minAge*365 + rng.Intn((maxAge-minAge)*365+1)))
	}
	for i := 0; i < families; i++ {
		v := villages[rng.Intn(len(villages))]
		id := fmt.Sprintf("LT%07d", i+1)
		kk := ""
		if rng.Intn(10) > 0 {
			kk = fmt.Sprintf("%s%s%010d", v[0:2]+v[3:5], v[6:8], i+1)
		}
		decile := ""
		if rng.Intn(3) > 0 {
			decile = fmt.Sprint(1 + rng.Intn(10))
		}
		fmt.Fprintf(fw, "%s,%s,%s,Dusun %d,%02d,%03d,Jalan %d,%s,%s,%s\n", id, kk, v, 1+rng.Intn(6), 1+rng.Intn(5), 1+rng.Intn(12),
			rng.Intn(200), water[rng.Intn(len(water))], toilets[rng.Intn(len(toilets))], decile)
		for no := 1; no <= sizes[i]; no++ {
			var sex, rel, marital, marriageAge, pregnant, childrenBorn, lastBirth, method, reason string
			var birth kampungkb.Date
			switch no {
			case 1:
				sex, rel, marital, birth = "l", "kepala", "kawin", born(25, 75)
				marriageAge = fmt.Sprint(18 + rng.Intn(6))
			case 2:
				sex, rel, marital, birth = "p", "istri", "kawin", born(19, 55)
				marriageAge = fmt.Sprint(15 + rng.Intn(4))
				pregnant = "n"
				if rng.Intn(12) == 0 {
					pregnant, reason = "y", "hamil"
				} else if rng.Intn(4) > 0 {
					method = methods[rng.Intn(len(methods))]
				} else {
					reason = reasons[1+rng.Intn(len(reasons)-1)]
				}
				childrenBorn = fmt.Sprint(sizes[i] - 2)
				if sizes[i] > 2 {
					lastBirth = born(0, 4).String()
				}
			default:
				sex, rel, marital, birth = []string{"l", "p"}[rng.Intn(2)], "anak", "belum_kawin", born(0, 14)
			}
			n := ""
			if rng.Intn(20) > 0 {
				n = nik(v, sex, birth, i*7+no)
			}
			fmt.Fprintf(mw, "%s,%d,%s,%s %d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", id, no, n, names[rng.Intn(len(names))], i%1000,
				sex, birth, rel, marital, marriageAge, pregnant, childrenBorn, lastBirth, method, reason)
		}
	}
	for _, w := range []*bufio.Writer{fw, mw} {
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
	}
	ff.Close()
	mf.Close()
}

// importFamilyFiles imports dir's families.csv then members.csv as the
// import command does: read, check, write, all in one stream per file.
func importFamilyFiles(tb testing.TB, db *sqldb.DB, dir string, today kampungkb.Date) (sqldb.ImportResult, sqldb.ImportResult) {
	tb.Helper()
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	known, err := db.RegionCodes(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "families.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	fres, err := db.ImportFamilies(ctx, func(yield func(*kampungkb.Family) error) error {
		rep, err := exchange.ReadFamilies(bufio.NewReaderSize(f, 1<<20), "families.csv",
			exchange.ReadOptions{Today: today, KnownVillage: func(c string) bool { return known[c] }}, yield)
		if err != nil {
			return err
		}
		return rep.Err()
	}, sqldb.ImportOptions{KeysChecked: true})
	if err != nil {
		tb.Fatalf("import families: %v", err)
	}
	m, err := os.Open(filepath.Join(dir, "members.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer m.Close()
	mres, err := db.ImportMembers(ctx, func(yield func(*kampungkb.Member) error) error {
		rep, err := exchange.ReadMembers(bufio.NewReaderSize(m, 1<<20), "members.csv",
			exchange.ReadOptions{Today: today, Family: db.FamilyLookup(ctx)}, yield)
		if err != nil {
			return err
		}
		return rep.Err()
	}, sqldb.ImportOptions{KeysChecked: true})
	if err != nil {
		tb.Fatalf("import members: %v", err)
	}
	return fres, mres
}

// BenchmarkImportFamilies measures issue 9's target: a kabupaten the size
// of Lombok Timur imports in at most 30 s on SQLite. "parse" is the floor:
// reading and checking the same files without a database.
//
//	go test -run x -bench ImportFamilies -benchtime 1x ./sqldb
func BenchmarkImportFamilies(b *testing.B) {
	var villages []string
	for _, r := range testutil.Regions(b, "52.03") {
		if r.Level == kampungkb.Desa {
			villages = append(villages, r.Code)
		}
	}
	if len(villages) != 254 {
		b.Fatalf("%d villages in 52.03, want 254", len(villages))
	}
	dir := b.TempDir()
	start := time.Now()
	writeFamilyFiles(b, dir, villages, benchFamilies, benchMembers)
	b.Logf("generated %d families, %d members in %v", benchFamilies, benchMembers, time.Since(start).Round(time.Millisecond))
	today := kampungkb.MustDate("2026-06-30")
	b.Run("parse", func(b *testing.B) {
		known := map[string]bool{}
		for _, v := range villages {
			known[v] = true
		}
		for b.Loop() {
			ids := map[string]bool{}
			f, _ := os.Open(filepath.Join(dir, "families.csv"))
			rep, err := exchange.ReadFamilies(bufio.NewReaderSize(f, 1<<20), "families.csv",
				exchange.ReadOptions{Today: today, KnownVillage: func(c string) bool { return known[c] }},
				func(f *kampungkb.Family) error { ids[f.FamilyID] = true; return nil })
			f.Close()
			if err != nil || rep.Err() != nil || rep.Rows != benchFamilies {
				b.Fatalf("%d rows, %v %v", rep.Rows, err, rep.Err())
			}
			m, _ := os.Open(filepath.Join(dir, "members.csv"))
			rep, err = exchange.ReadMembers(bufio.NewReaderSize(m, 1<<20), "members.csv",
				exchange.ReadOptions{Today: today, KnownFamily: func(id string) bool { return ids[id] }}, nil)
			m.Close()
			if err != nil || rep.Err() != nil || rep.Rows != benchMembers {
				b.Fatalf("%d rows, %v %v", rep.Rows, err, rep.Err())
			}
		}
	})
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := testutil.MustOpenDB(b, d)
				testutil.MustLoadRegions(b, db, "52.03")
				b.StartTimer()
				fres, mres := importFamilyFiles(b, db, dir, today)
				if fres.Inserted != benchFamilies || mres.Inserted != benchMembers {
					b.Fatalf("%+v %+v", fres, mres)
				}
			}
		})
	}
}

// TestWriteBenchFamilyFiles writes the benchmark's files into
// $KAMPUNGKB_BENCH_FAMILIES (skipped when unset), to time the import
// command itself:
//
//	KAMPUNGKB_BENCH_FAMILIES=/tmp/lt go test -run WriteBenchFamilyFiles ./sqldb
//	kampungkb --db /tmp/lt/k.db import families /tmp/lt/families.csv
func TestWriteBenchFamilyFiles(t *testing.T) {
	dir := os.Getenv("KAMPUNGKB_BENCH_FAMILIES")
	if dir == "" {
		t.Skip("KAMPUNGKB_BENCH_FAMILIES is not set")
	}
	var villages []string
	for _, r := range testutil.Regions(t, "52.03") {
		if r.Level == kampungkb.Desa {
			villages = append(villages, r.Code)
		}
	}
	writeFamilyFiles(t, dir, villages, benchFamilies, benchMembers)
}
