package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb/growth"
	"kampungkb/internal/testutil"
)

// runIn runs the command line with stdin and the shared WHO tables.
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("KAMPUNGKB_WHO_TABLES", filepath.Join(testutil.SharedDir(t), "who-growth"))
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const zscoreHeader = "clenhei,cbmi,zlen,flen,zwei,fwei,zwfl,fwfl,zbmi,fbmi,zhc,fhc,zac,fac,zts,fts,zss,fss,zhfa,fhfa,zwfa,fwfa,zbfa,fbfa"

func TestGrowthZscore(t *testing.T) {
	// who-algorithm.md §8, plus a 5–19 year row, a row without age and
	// quoting of copied columns.
	in := "id,sex,age_days,weight_kg,lenhei_cm,measure,oedema,note\n" +
		"1,1,1001,18,120,,n,\"a, b\"\n" +
		"2,2,1000,15,80,,,\n" +
		"3,M,1010,10,100,,N,\n" +
		"4,l,1000,15,100,,,\n" +
		"5,1,987,,72.86,l,,\n" +
		"6,p,,3,50,l,,\"say \"\"hi\"\"\"\n" +
		"7,1,2000,20,115,h,,\n" +
		"8,2,400,9,75,,y,\n"
	want := "id,sex,age_days,weight_kg,lenhei_cm,measure,oedema,note," + zscoreHeader + "\n" +
		"1,1,1001,18,120,,n,\"a, b\",120,12.5,7.31,1,2.20,0,-2.39,0,-3.01,0,,,,,,,,,,,,,,\n" +
		"2,2,1000,15,80,,,,80,23.4375,-3.50,0,0.95,0,4.13,0,4.66,0,,,,,,,,,,,,,,\n" +
		"3,M,1010,10,100,,N,,100,10,1.62,0,-2.76,0,-5.19,1,-5.61,1,,,,,,,,,,,,,,\n" +
		"4,l,1000,15,100,,,,100,15,1.70,0,0.69,0,-0.29,0,-0.58,0,,,,,,,,,,,,,,\n" +
		"5,1,987,,72.86,l,,,72.16,,-6.09,1,,,,,,,,,,,,,,,,,,,,\n" +
		"6,p,,3,50,l,,\"say \"\"hi\"\"\",50,12,,,,,-1.25,0,,,,,,,,,,,,,,,,\n" +
		"7,1,2000,20,115,h,,,115,15.1229,,,,,,,,,,,,,,,,,0.47,0,0.25,0,-0.11,0\n" +
		"8,2,400,9,75,,y,,75,16,-0.15,0,,,,,,,,,,,,,,,,,,,,\n"
	code, out, stderr := runIn(t, in, "growth", "zscore")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}

	// The same children with anthro's argument names, age in months for
	// some, separated by semicolons with decimal commas as Indonesian Excel
	// writes CSV (a decimal point is accepted too).
	anthro := "sex;age;is_age_in_month;weight;lenhei;measure\n" +
		"1;1001;FALSE;18;120;\n" +
		"f;24;TRUE;;77,5;\n" +
		"f;24;TRUE;;77.5;\n"
	code, out, stderr = runIn(t, anthro, "growth", "zscore")
	if code != 0 {
		t.Fatalf("anthro names: exit %d: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[1], "1;1001;FALSE;18;120;;120;12,5;7,31;1;2,20;0;-2,39;0;-3,01;0;") ||
		!strings.HasPrefix(lines[2], "f;24;TRUE;;77,5;;77,5;;-2,55;0;") ||
		!strings.HasPrefix(lines[3], "f;24;TRUE;;77.5;;77,5;;-2,55;0;") {
		t.Errorf("anthro names:\n%s", out)
	}
}

func TestGrowthZscoreErrors(t *testing.T) {
	dir := t.TempDir()
	outFile := filepath.Join(dir, "out.csv")
	os.WriteFile(outFile, []byte("old\n"), 0o644)
	in := "sex,age_days,weight_kg,measure,oedema\n" +
		"1,100,5,l,n\n" +
		"3,100,5,,\n" +
		"1,1x,5,,\n" +
		"2,100,5,s,\n" +
		"2,100,5,,maybe\n" +
		"2,100,5,5\n" +
		"1,100,\"5,2\",,\n" +
		"1,-1,5,,\n"
	inFile := filepath.Join(dir, "in.csv")
	os.WriteFile(inFile, []byte(in), 0o644)
	code, _, stderr := runIn(t, "", "growth", "zscore", "--in", inFile, "--out", outFile)
	if code != exitError {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"in.csv:3: sex: kode \"3\"", "in.csv:4: age_days: \"1x\" bukan angka", "in.csv:5: measure: kode \"s\"",
		"in.csv:6: oedema: kode \"maybe\"", "in.csv:7: baris:", "in.csv:8: weight_kg: \"5,2\" bukan angka (desimal",
		"in.csv:9: age_days: \"-1\" negatif", "7 kesalahan",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if b, _ := os.ReadFile(outFile); string(b) != "old\n" {
		t.Errorf("--out was changed on error: %q", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".kampungkb-zscore-*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}

	// More than 100 errors: the first 100, then a count; nothing on stdout.
	var b strings.Builder
	b.WriteString("sex,weight_kg\n")
	for range 150 {
		b.WriteString("1,x\n")
	}
	code, out, stderr := runIn(t, b.String(), "growth", "zscore")
	if code != exitError || out != "" || !strings.Contains(stderr, "stdin:101: weight_kg") ||
		strings.Contains(stderr, "stdin:102:") || !strings.Contains(stderr, "dan 50 kesalahan lain") {
		t.Errorf("150 errors: exit %d, stdout %q, stderr:\n%s", code, out, stderr)
	}

	// Success writes --out.
	code, _, stderr = runIn(t, "sex,age_days,lenhei_cm\n1,44,50\n", "growth", "zscore", "--out", outFile)
	if got, _ := os.ReadFile(outFile); code != 0 || !strings.HasPrefix(string(got), "sex,age_days,lenhei_cm,clenhei") {
		t.Errorf("--out: exit %d %s, file %q", code, stderr, got)
	}

	for _, c := range []struct {
		in, want string
	}{
		{"", "kosong"},
		{"age_days\n1\n", "kolom sex tidak ada"},
		{"sex,weight,weight_kg\n", "berisi hal yang sama"},
		{"sex,zlen\n", "kolom \"zlen\" sudah ada"},
	} {
		code, _, stderr := runIn(t, c.in, "growth", "zscore")
		if code != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.in, code, stderr, c.want)
		}
	}
}

func TestGrowthTablesMissing(t *testing.T) {
	t.Setenv("KAMPUNGKB_WHO_TABLES", "")
	t.Chdir(t.TempDir())
	code, _, stderr := runCmd(t, "growth", "zscore")
	if code != exitError || !strings.Contains(stderr, "kampungkb growth fetch-tables") || !strings.Contains(stderr, "--from FOLDER") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, args := range [][]string{{"growth"}, {"growth", "nope"}, {"growth", "zscore", "--nope"}, {"growth", "zscore", "extra"}} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestGrowthZscoreMatchesCompute: every output cell of a few thousand
// random rows is what growth.Compute gives, formatted with %.2f.
func TestGrowthZscoreMatchesCompute(t *testing.T) {
	tab, err := growth.Load(os.DirFS(filepath.Join(testutil.SharedDir(t), "who-growth")))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	var b strings.Builder
	b.WriteString("sex,age_days,weight_kg,lenhei_cm,measure,oedema,headc_cm,armc_cm,triskin_mm,subskin_mm\n")
	var ins []growth.Input
	for range 5000 {
		in := growth.Input{
			Sex: growth.Sex(1 + rng.IntN(2)), Age: float64(rng.IntN(7000)),
			Weight: float64(rng.IntN(800)) / 10, LenHei: float64(rng.IntN(19000)) / 100,
			Measure: []growth.Measure{0, growth.Lying, growth.Standing}[rng.IntN(3)], Oedema: rng.IntN(20) == 0,
			HeadC: float64(rng.IntN(600)) / 10, ArmC: float64(rng.IntN(250)) / 10,
			TriSkin: float64(rng.IntN(250)) / 10, SubSkin: float64(rng.IntN(250)) / 10,
		}
		ins = append(ins, in)
		m := map[growth.Measure]string{0: "", growth.Lying: "l", growth.Standing: "h"}[in.Measure]
		o := "n"
		if in.Oedema {
			o = "y"
		}
		fmt.Fprintf(&b, "%d,%v,%v,%v,%s,%s,%v,%v,%v,%v\n", in.Sex, in.Age, in.Weight, in.LenHei, m, o, in.HeadC, in.ArmC, in.TriSkin, in.SubSkin)
	}
	var out bytes.Buffer
	if _, err := zscoreStream(context.Background(), tab, strings.NewReader(b.String()), "t", &out, nil); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range ins {
		r := tab.Compute(in)
		rec := recs[i+1][12:]
		for k := growth.Indicator(0); k < growth.NumIndicators; k++ {
			wantZ, wantF := "", ""
			if r.Computed(k) {
				wantZ, wantF = fmt.Sprintf("%.2f", r.Z[k]), "0"
				if wantZ == "-0.00" {
					wantZ = "0.00"
				}
				if r.Flag[k] {
					wantF = "1"
				}
			}
			if rec[2*k] != wantZ || rec[2*k+1] != wantF {
				t.Fatalf("row %d z%s: got %q,%q want %q,%q", i+2, k.Name(), rec[2*k], rec[2*k+1], wantZ, wantF)
			}
		}
	}
}
