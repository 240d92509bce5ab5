package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func hashDir(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	for _, n := range []string{"families.csv", "members.csv", "measurements.csv", "errors.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestGenCommand(t *testing.T) {
	wil := testutil.WilayahDir(t)
	tables := filepath.Join(testutil.SharedDir(t), "who-growth")
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	args := func(out string, extra ...string) []string {
		return append([]string{"gen", "--scale", "desa", "--seed", "9", "--out", out, "--wilayah", wil, "--who-tables", tables, "--errors", "7"}, extra...)
	}
	code, out, errs := runCmd(t, args(a)...)
	if code != 0 || !strings.Contains(out, "1 desa") || !strings.Contains(out, "7 galat sengaja") || strings.Contains(out, "rumus kasar") {
		t.Fatalf("gen: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := runCmd(t, args(b)...); code != 0 {
		t.Fatal("second run failed")
	}
	if hashDir(t, a) != hashDir(t, b) {
		t.Error("same seed, different files")
	}
	lines, _ := os.ReadFile(filepath.Join(a, "errors.txt"))
	if n := strings.Count(string(lines), "\n"); n != 7 {
		t.Errorf("errors.txt has %d lines", n)
	}
	// Existing files are kept unless --force.
	if code, _, errs := runCmd(t, args(a)...); code != exitError || !strings.Contains(errs, "--force") {
		t.Errorf("overwrite: exit %d %s", code, errs)
	}
	if code, _, _ := runCmd(t, append(args(a, "--force"), "--seed", "10")...); code != 0 || hashDir(t, a) == hashDir(t, b) {
		t.Errorf("--force with another seed: exit %d, same files", code)
	}
	// --force without --errors removes the old errors.txt.
	if code, _, _ := runCmd(t, "gen", "--scale", "desa", "--out", a, "--wilayah", wil, "--force"); code != 0 || fileExists(filepath.Join(a, "errors.txt")) {
		t.Errorf("--force without --errors: exit %d, errors.txt kept", code)
	}
	// Without tables: the rough formula, said so.
	c := filepath.Join(t.TempDir(), "c")
	t.Setenv("KAMPUNGKB_WHO_TABLES", "")
	if code, out, errs := runCmd(t, "gen", "--region", "52.03.07.1001", "--out", c, "--wilayah", wil); code != 0 || !strings.Contains(out, "rumus kasar") {
		t.Errorf("no tables: exit %d %s %s", code, out, errs)
	}
	for _, bad := range [][]string{
		{"gen", "--seed", "1", "--out", c},
		{"gen", "--scale", "dunia", "--out", c},
		{"gen", "--scale", "desa"},
		{"gen", "--scale", "desa", "--out", c, "--at", "kemarin"},
		{"gen", "--scale", "desa", "--out", c, "--errors", "-1"},
	} {
		if code, _, _ := runCmd(t, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	if code, _, _ := runCmd(t, "gen", "--region", "99.99", "--out", filepath.Join(t.TempDir(), "d"), "--wilayah", wil); code != exitError {
		t.Errorf("unknown region: exit %d, want 1", code)
	}
}

// TestGenFromDatabase: without a wilayah folder the regions come from the
// database, and give the same files as the folder.
func TestGenFromDatabase(t *testing.T) {
	dsn := testutil.MustDSN(t, sqldb.SQLite)
	db, err := sqldb.OpenMigrated(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	testutil.MustLoadRegions(t, db, "52.03")
	db.Close()
	pop := filepath.Join(testutil.WilayahDir(t), "ntb_regency_stats.csv")
	t.Setenv("KAMPUNGKB_WHO_TABLES", "")
	fromDB, fromDir := filepath.Join(t.TempDir(), "db"), filepath.Join(t.TempDir(), "dir")
	code, stdout, errs := runCmd(t, "--db", dsn, "gen", "--scale", "kecamatan", "--seed", "3", "--out", fromDB, "--population", pop)
	if code != 0 || !strings.Contains(stdout, "15 desa") {
		t.Fatalf("gen from db: exit %d %s %s", code, stdout, errs)
	}
	if code, _, errs := runCmd(t, "gen", "--scale", "kecamatan", "--seed", "3", "--out", fromDir, "--wilayah", testutil.WilayahDir(t)); code != 0 {
		t.Fatal(errs)
	}
	if hashDir(t, fromDB) != hashDir(t, fromDir) {
		t.Error("regions from the database and from the folder give different files")
	}
	if code, _, _ := runCmd(t, "--db", dsn, "gen", "--region", "52.01", "--out", filepath.Join(t.TempDir(), "x")); code != exitError {
		t.Errorf("region not in the database: exit %d, want 1", code)
	}
}
