package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"import"}, {"import", "people"}, {"serve", "--nope"}, {"import", "regions"}} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runCmd(t, "help"); code != 0 || !strings.Contains(out, "import") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestImportRegionsCommand(t *testing.T) {
	for _, d := range testutil.Engines() {
		t.Run(string(d), func(t *testing.T) {
			dsn := testutil.MustDSN(t, d)
			dir := t.TempDir()
			write := func(name, content string) {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("provinces.csv", "code,name\n52,Nusa Tenggara Barat\n")
			write("regencies.csv", "code,province_code,name\n52.03,52,Kabupaten Lombok Timur\n")
			write("districts.csv", "code,regency_code,name\n52.03.13,52.03,Suralaga\n")
			write("villages.csv", "code,district_code,name\n5203132007,52.03.13,Tumbuh Mulia\n52.03.13.2008,52.03.14,Salah\n52.03.13.20x9,52.03.13,Rusak\n")
			code, _, stderr := runCmd(t, "--db", dsn, "import", "regions", dir)
			if code != exitError {
				t.Fatalf("bad file: exit %d, want 1", code)
			}
			for _, want := range []string{"villages.csv:3: district_code:", "villages.csv:4: code:", "tidak ada yang diubah"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			db, err := sqldb.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if counts, _ := db.RegionCounts(context.Background()); len(counts) != 0 {
				t.Errorf("a failed import stored regions: %v", counts)
			}
			write("villages.csv", "code,district_code,name\n5203132007,52.03.13,Tumbuh Mulia\n")
			code, out, stderr := runCmd(t, "--db", dsn, "import", "regions", dir)
			if code != 0 || !strings.Contains(out, "4 baru") {
				t.Fatalf("import: %d %q %q", code, out, stderr)
			}
			code, out, _ = runCmd(t, "import", "regions", "--db", dsn, dir)
			if code != 0 || !strings.Contains(out, "0 baru") || !strings.Contains(out, "4 tidak berubah") {
				t.Errorf("re-import: %d %q", code, out)
			}
		})
	}
}

func TestDemoAndMigrateCommands(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "demo.db")
	if code, out, errs := runCmd(t, "--db", dsn, "migrate"); code != 0 || !strings.Contains(out, "Diterapkan") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if code, out, _ := runCmd(t, "--db", dsn, "migrate"); code != 0 || !strings.Contains(out, "mutakhir") {
		t.Errorf("second migrate: %d %q", code, out)
	}
	if code, out, errs := runCmd(t, "--db", dsn, "demo"); code != 0 || !strings.Contains(out, "Data contoh dimuat") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCmd(t, "--db", dsn, "demo"); code != exitError || !strings.Contains(errs, "sudah berisi data") {
		t.Errorf("second demo: %d %q", code, errs)
	}
}

func TestServeRefusesPublicAddress(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "s.db")
	code, _, errs := runCmd(t, "--db", dsn, "serve", "--addr", "0.0.0.0:8080")
	if code != exitError || !strings.Contains(errs, "tanpa TLS") || !strings.Contains(errs, "--behind-proxy") {
		t.Errorf("serve on 0.0.0.0: %d %q", code, errs)
	}
	if code, _, _ := runCmd(t, "--db", dsn, "serve", "--addr", "0.0.0.0:8080", "--tls-cert", "x.pem"); code != exitUsage {
		t.Errorf("cert without key: %d", code)
	}
	if code, _, _ := runCmd(t, "--db", dsn, "serve", "--addr", "nonsense"); code != exitUsage {
		t.Errorf("bad address: %d", code)
	}
}

func TestRedact(t *testing.T) {
	if got := redact("postgres://u:secret@h:5432/db"); strings.Contains(got, "secret") {
		t.Errorf("redact = %q", got)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "u.db")
	if code, _, errs := runCmd(t, "--db", dsn, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"--db", dsn, "user", "add", "--username", "ani", "--role", "kader", "--region", "5203132007", "--password-stdin"},
		strings.NewReader("sandi-rahasia-kader\n"), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "Akun ani") {
		t.Fatalf("user add: %d %q %q", code, out.String(), errb.String())
	}
	code, _, errs := runCmd(t, "--db", dsn, "user", "add", "--username", "budi", "--role", "kader", "--region", "52.03")
	if code != exitError || !strings.Contains(errs, "--region") {
		t.Errorf("kader with a kabupaten: %d %q", code, errs)
	}
	code, stdout, _ := runCmd(t, "--db", dsn, "user", "add", "--username", "root", "--role", "admin")
	if code != 0 || !strings.Contains(stdout, "Kata sandi sementara") {
		t.Errorf("generated password: %d %q", code, stdout)
	}
	code, stdout, _ = runCmd(t, "--db", dsn, "token", "create", "--username", "ani", "--expires", "7d")
	if code != 0 || !strings.HasPrefix(stdout, "kkb_") {
		t.Errorf("token: %d %q", code, stdout)
	}
	if code, _, _ := runCmd(t, "--db", dsn, "token", "create", "--username", "ani", "--expires", "10y"); code != exitUsage {
		t.Errorf("bad expiry: %d", code)
	}
}

func TestReportIndicatorsCommand(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "r.db")
	if code, _, errs := runCmd(t, "--db", dsn, "import", "regions", testutil.WilayahDir(t)); code != 0 {
		t.Fatalf("regions: %s", errs)
	}
	fx := filepath.Join("..", "..", "indicator", "testdata", "fixture")
	for _, f := range []string{"families", "members"} {
		if code, _, errs := runCmd(t, "--db", dsn, "import", f, filepath.Join(fx, f+".csv")); code != 0 {
			t.Fatalf("import %s: %s", f, errs)
		}
	}
	code, out, errs := runCmd(t, "--db", dsn, "report", "indicators", "--region", "5203", "--level", "kecamatan", "--at", "2025-07-15")
	if code != 0 || !strings.HasPrefix(out, "code,name,families,members,pus") || !strings.Contains(out, "52.03.13,Suralaga,6,17,") {
		t.Errorf("report: %d %q %q", code, out[:min(len(out), 400)], errs)
	}
	code, out, _ = runCmd(t, "--db", dsn, "report", "indicators", "--region", "52.03.13", "--at", "2025-07-15", "--format", "json")
	if code != 0 || !strings.Contains(out, `"rule_set": "2021.1"`) || !strings.Contains(out, `"52.03.13.2001"`) {
		t.Errorf("json report: %d %.300s", code, out)
	}
	for _, args := range [][]string{{"report"}, {"report", "indicators", "--level", "rt"}, {"report", "indicators", "--format", "pdf"}, {"report", "indicators", "--region", "5x"}} {
		if code, _, _ := runCmd(t, append([]string{"--db", dsn}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
