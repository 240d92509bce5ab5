package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb/growth"
	"kampungkb/internal/testutil"
)

// fetchEnv returns an env with a SQLite file in a new folder, the shared
// tables, and a working directory without tables.
func fetchEnv(t *testing.T) (e *env, out, errb *bytes.Buffer, shared string) {
	t.Helper()
	shared = filepath.Join(testutil.SharedDir(t), "who-growth")
	t.Setenv("KAMPUNGKB_WHO_TABLES", "")
	t.Chdir(t.TempDir())
	out, errb = &bytes.Buffer{}, &bytes.Buffer{}
	e = &env{stdin: strings.NewReader(""), stdout: out, stderr: errb, db: filepath.Join(t.TempDir(), "k.db")}
	return e, out, errb, shared
}

func TestGrowthFetchFromDir(t *testing.T) {
	e, out, _, shared := fetchEnv(t)
	if err := runGrowthFetch(context.Background(), e, []string{"--from", shared}); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(filepath.Dir(e.db), "who-growth") // next to the SQLite file
	if err := growth.Verify(os.DirFS(want)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{want, "Sumber: " + shared, growth.Anthro.String(), growth.AnthroPlus.String()} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output does not say %q:\n%s", s, out)
		}
	}
	// serve and the CLI now find them next to the SQLite file.
	if dir, err := findWHOTables(e, ""); err != nil || dir != want {
		t.Errorf("findWHOTables: %q, %v", dir, err)
	}

	// --dir chooses; PostgreSQL without --dir installs in the working directory.
	other := filepath.Join(t.TempDir(), "tabel")
	if err := runGrowthFetch(context.Background(), e, []string{"--from", shared, "--dir", other}); err != nil {
		t.Fatal(err)
	}
	if err := growth.Verify(os.DirFS(other)); err != nil {
		t.Fatal(err)
	}
	e.db = "postgres://u:secret@127.0.0.1/x"
	if err := runGrowthFetch(context.Background(), e, []string{"--from", shared}); err != nil {
		t.Fatal(err)
	}
	if err := growth.Verify(os.DirFS("who-growth")); err != nil {
		t.Fatal(err)
	}
}

func TestGrowthFetchFromMirror(t *testing.T) {
	e, out, _, shared := fetchEnv(t)
	good, err := os.ReadFile(filepath.Join(shared, "who2006", "hcanthro.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := false
	files := http.FileServer(http.Dir(shared))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tampered && r.URL.Path == "/who2006/hcanthro.txt" {
			w.Write(bytes.Replace(good, []byte("34.4618"), []byte("35.4618"), 1))
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	if err := runGrowthFetch(context.Background(), e, []string{"--from", srv.URL, "--timeout", "30s"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(e.db), "who-growth")
	if err := growth.Verify(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Sumber: "+srv.URL) {
		t.Errorf("output does not name the mirror:\n%s", out)
	}

	// A tampered mirror: exit 1, both sums named, the installation kept.
	tampered = true
	err = runGrowthFetch(context.Background(), e, []string{"--from", srv.URL})
	var msg bytes.Buffer
	if code := report(&msg, err); code != exitError {
		t.Fatalf("tampered mirror: exit %d, want 1 (%v)", code, err)
	}
	for _, s := range []string{"who2006/hcanthro.txt: sha256 ", "seharusnya e794e46f06b91223ad2c6435148dc08794a1d75b67613a652c3151201a98bf7c", "tidak ada yang dipasang"} {
		if !strings.Contains(msg.String(), s) {
			t.Errorf("message does not say %q:\n%s", s, msg.String())
		}
	}
	if err := growth.Verify(os.DirFS(dir)); err != nil {
		t.Error("the installed tables were touched:", err)
	}
}

func TestGrowthFetchErrors(t *testing.T) {
	e, _, _, _ := fetchEnv(t)
	for _, args := range [][]string{{"extra"}, {"--timeout", "-1s"}, {"--nope"}} {
		if code := report(io.Discard, runGrowthFetch(context.Background(), e, args)); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	err := runGrowthFetch(context.Background(), e, []string{"--from", filepath.Join(t.TempDir(), "usb")})
	if err == nil || !strings.Contains(err.Error(), "folder tidak ada") {
		t.Errorf("--from a missing folder: %v", err)
	}
	// WHO's own source cannot be reached here; the error says how to work offline.
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	err = runGrowthFetch(context.Background(), e, []string{"--from", srv.URL})
	if err == nil || !strings.Contains(err.Error(), "who2006/acanthro.txt") || strings.Contains(err.Error(), "bmianthro") {
		t.Errorf("unreachable mirror: want one error, for the first file: %v", err)
	}
}

// serveStderr runs serve until it is ready (or fails) and returns its exit
// code and stderr.
func serveStderr(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, args, strings.NewReader(""), pw, &errb)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "kampungkb siap di ") {
			cancel()
			break
		}
	}
	go io.Copy(io.Discard, pr)
	code := <-done
	return code, errb.String()
}

func TestServeWHOTables(t *testing.T) {
	_, _, _, shared := fetchEnv(t)
	dsn := filepath.Join(t.TempDir(), "s.db")

	// Missing: one line that says what to run, and the server still starts.
	code, errs := serveStderr(t, "--db", dsn, "serve", "--addr", "127.0.0.1:0")
	if code != exitOK {
		t.Fatalf("serve without tables: exit %d\n%s", code, errs)
	}
	var note string
	for _, l := range strings.Split(errs, "\n") {
		if strings.Contains(l, "fetch-tables") {
			note = l
		}
	}
	for _, s := range []string{"Catatan: tabel pertumbuhan WHO belum terpasang", "kampungkb growth fetch-tables --dir " + filepath.Join(filepath.Dir(dsn), "who-growth"), "--from FOLDER", "--who-tables"} {
		if !strings.Contains(note, s) {
			t.Errorf("serve's note does not say %q:\n%s", s, errs)
		}
	}

	// Present and good: no note.
	code, errs = serveStderr(t, "--db", dsn, "serve", "--addr", "127.0.0.1:0", "--who-tables", shared)
	if code != exitOK || strings.Contains(errs, "fetch-tables") {
		t.Errorf("serve with the shared tables: exit %d\n%s", code, errs)
	}

	// Present but tampered: serve refuses to start and says why.
	bad := filepath.Join(t.TempDir(), "who-growth")
	if err := growth.Install(context.Background(), growth.FromDir(shared), bad, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "who2007", "hfawho2007.txt"), []byte("sex\tage\tl\tm\ts\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KAMPUNGKB_WHO_TABLES", bad)
	code, errs = serveStderr(t, "--db", dsn, "serve", "--addr", "127.0.0.1:0")
	if code != exitError || !strings.Contains(errs, "who2007/hfawho2007.txt: sha256 ") || !strings.Contains(errs, "fetch-tables --dir "+bad) {
		t.Errorf("serve with tampered tables: exit %d\n%s", code, errs)
	}
}
