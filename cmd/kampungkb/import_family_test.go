package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

const (
	familiesCSV = "family_id,no_kk,village_code,dusun,rw,rt,address,water_source,toilet,welfare_decile\n" +
		"K1,5203130101200001,5203132007,Dasan Baru,01,02,Jl. Raya 1,sumur_bor,sendiri_septik,2\n" +
		"K2,,52.03.13.2007,Lendang,,,,ledeng,,\n"
	membersCSV = "family_id,member_no,nik,name,sex,birth_date,relation,marital_status,marriage_age,pregnant,children_born,last_birth_date,kb_method,kb_reason,pekerjaan\n" +
		"K1,1,5203130506900001,Ahmad,l,1990-06-05,kepala,kawin,22,,,,,,petani\n" +
		"K1,2,5203134506950009,Siti Aminah,p,1995-06-06,istri,kawin,18,n,1,2025-02-01,suntik,,\n" +
		"K1,3,,Budi,l,2025-02-01,anak,belum_kawin,,,,,,,\n" +
		"K2,1,,Wayan,l,1970-01-01,kepala,kawin,,,,,,,\n"
	measurementsCSV = "family_id,member_no,date,weight_kg,lenhei_cm,measure,oedema,posyandu\n" +
		"K1,3,2026-02-01,8.9,71.0,l,n,Melati\n" +
		"K1,3,2026-03-01,9.1,72.5,l,n,Melati\n"
)

func TestImportFamilyFilesCommand(t *testing.T) {
	t.Setenv("KAMPUNGKB_WHO_TABLES", filepath.Join(testutil.SharedDir(t), "who-growth"))
	for _, d := range testutil.Engines() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := testutil.MustDSN(t, d)
			db, err := sqldb.OpenMigrated(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			testutil.MustLoadRegions(t, db, "52.03.13")
			dir := t.TempDir()
			file := func(name, content string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			families := file("families.csv", familiesCSV)
			members := file("members.csv", membersCSV)
			measurements := file("measurements.csv", measurementsCSV)
			count := func(kind string) int {
				t.Helper()
				var n int
				var err error
				switch kind {
				case "families":
					_, n, err = db.Families(ctx, kampungkb.Filter{})
				case "children":
					_, n, err = db.Children(ctx, kampungkb.Filter{})
				}
				if err != nil {
					t.Fatal(err)
				}
				return n
			}

			// Members before families: every row names an unknown family.
			code, _, stderr := runCmd(t, "--db", dsn, "import", "members", members)
			if code != exitError || !strings.Contains(stderr, "members.csv:2: family_id: K1 tidak dikenal") ||
				!strings.Contains(stderr, "members.csv:5: family_id: K2 tidak dikenal") {
				t.Fatalf("members first: %d\n%s", code, stderr)
			}

			// A file with bad rows lists them all and changes nothing.
			bad := file("bad.csv", familiesCSV+"K3,123,5203132007,,,,,pam,,\nK1,,52.03.13.2099,,,,,,,\n")
			code, _, stderr = runCmd(t, "--db", dsn, "import", "families", bad)
			for _, w := range []string{"2 baris tidak valid (4 masalah); tidak ada yang diubah", "bad.csv:4: no_kk:", "bad.csv:4: water_source:",
				"bad.csv:5: village_code: 52.03.13.2099 tidak dikenal", "bad.csv:5: family_id: K1 sudah ada di baris 2"} {
				if !strings.Contains(stderr, w) {
					t.Errorf("bad file: stderr lacks %q:\n%s", w, stderr)
				}
			}
			if code != exitError || count("families") != 0 {
				t.Fatalf("bad file: exit %d, %d families stored", code, count("families"))
			}

			// --dry-run (after the file name) checks and stores nothing.
			code, out, stderr := runCmd(t, "--db", dsn, "import", "families", families, "--dry-run")
			if code != 0 || !strings.Contains(out, "2 akan ditambahkan") || count("families") != 0 {
				t.Fatalf("dry run: %d %q %q", code, out, stderr)
			}
			code, out, stderr = runCmd(t, "--db", dsn, "import", "families", families)
			if code != 0 || !strings.Contains(out, "2 baru") {
				t.Fatalf("families: %d %q %q", code, out, stderr)
			}
			code, out, stderr = runCmd(t, "--db", dsn, "import", "members", members)
			if code != 0 || !strings.Contains(out, "4 baru") {
				t.Fatalf("members: %d %q %q", code, out, stderr)
			}
			for _, w := range []string{"2 peringatan", "members.csv:1: pekerjaan: kolom tidak dikenal, diabaikan",
				"members.csv:3: nik: NIK 5203134506950009 menunjukkan tanggal lahir 05-06-95"} {
				if !strings.Contains(stderr, w) {
					t.Errorf("members: stderr lacks %q:\n%s", w, stderr)
				}
			}
			// Re-import is idempotent.
			for _, f := range []string{families, members} {
				kind := strings.TrimSuffix(filepath.Base(f), ".csv")
				code, out, _ = runCmd(t, "--db", dsn, "import", kind, f)
				if code != 0 || !strings.Contains(out, "0 baru, 0 diperbarui") {
					t.Errorf("re-import %s: %d %q", kind, code, out)
				}
			}

			// Measurements create the child and store z-scores.
			code, out, stderr = runCmd(t, "--db", dsn, "import", "measurements", "--dry-run", measurements)
			if code != 0 || !strings.Contains(out, "2 akan ditambahkan") || !strings.Contains(out, "1 anak baru") || count("children") != 0 {
				t.Fatalf("measurements dry run: %d %q %q", code, out, stderr)
			}
			code, out, stderr = runCmd(t, "--db", dsn, "import", "measurements", measurements)
			if code != 0 || !strings.Contains(out, "2 baru") || !strings.Contains(out, "1 anak baru") {
				t.Fatalf("measurements: %d %q %q", code, out, stderr)
			}
			cs, _, _ := db.Children(ctx, kampungkb.Filter{})
			if len(cs) != 1 || cs[0].Name != "Budi" || cs[0].MotherName != "Siti Aminah" {
				t.Fatalf("children %+v", cs)
			}
			ms, err := db.Measurements(ctx, cs[0].ID)
			if err != nil || len(ms) != 2 || ms[0].Z.Len == nil || ms[0].Z.Wei == nil || ms[0].Z.Wfl == nil {
				t.Fatalf("measurements %+v %v", ms, err)
			}
			code, out, _ = runCmd(t, "--db", dsn, "import", "measurements", measurements)
			if code != 0 || !strings.Contains(out, "0 baru, 0 diperbarui, 2 tidak berubah, 0 anak baru") {
				t.Errorf("re-import measurements: %d %q", code, out)
			}

			// Missing WHO tables: exit 1 saying what to run.
			t.Setenv("KAMPUNGKB_WHO_TABLES", filepath.Join(dir, "nowhere"))
			code, _, stderr = runCmd(t, "--db", dsn, "import", "measurements", measurements)
			if code != exitError || !strings.Contains(stderr, "fetch-tables") {
				t.Errorf("no tables: %d %q", code, stderr)
			}
			t.Setenv("KAMPUNGKB_WHO_TABLES", filepath.Join(testutil.SharedDir(t), "who-growth"))
		})
	}
}

func TestImportFamilyUsage(t *testing.T) {
	for _, args := range [][]string{{"import", "families"}, {"import", "members", "a.csv", "b.csv"}, {"import", "families", "--nope", "a.csv"}} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCmd(t, "--db", filepath.Join(t.TempDir(), "x.db"), "import", "families", "/nonexistent.csv"); code != exitError || !strings.Contains(stderr, "nonexistent.csv") {
		t.Errorf("missing file: %d %q", code, stderr)
	}
}
