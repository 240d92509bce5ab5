package growth_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kampungkb/growth"
	"kampungkb/internal/testutil"
)

func sharedTables(t *testing.T) string {
	t.Helper()
	return filepath.Join(testutil.SharedDir(t), "who-growth")
}

// mustInstalled checks that dir holds exactly the shared tables.
func mustInstalled(t *testing.T, dir string) {
	t.Helper()
	if err := growth.Verify(os.DirFS(dir)); err != nil {
		t.Fatalf("Verify(%s): %v", dir, err)
	}
	want, err := os.ReadFile(filepath.Join(sharedTables(t), "who2007", "wfawho2007.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "who2007", "wfawho2007.txt"))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("installed wfawho2007.txt differs from the shared copy (err %v)", err)
	}
}

// noLeftovers checks that Install left nothing but dir in its parent.
func noLeftovers(t *testing.T, parent string, keep ...string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !contains(keep, e.Name()) {
			t.Errorf("left behind in %s: %s", parent, e.Name())
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestInstallFromDir(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "data", "who-growth") // parent folders are created
	var seen []string
	err := growth.Install(context.Background(), growth.FromDir(sharedTables(t)), dir, func(name string, n, total int) {
		if total != len(growth.Files) || n != len(seen)+1 {
			t.Errorf("progress(%s, %d, %d) after %d files", name, n, total, len(seen))
		}
		seen = append(seen, name)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(growth.Files) {
		t.Errorf("progress reported %d files, want %d", len(seen), len(growth.Files))
	}
	mustInstalled(t, dir)
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil || !strings.Contains(string(readme), growth.Anthro.Commit) || !strings.Contains(string(readme), "World Health Organization") {
		t.Errorf("README.md does not credit WHO and name the commit (err %v):\n%s", err, readme)
	}
	if _, err := os.Stat(filepath.Join(dir, "who2006", "legacy-0-1856-days")); err == nil {
		t.Error("legacy tables were installed; only Files belong in a tables directory")
	}
	noLeftovers(t, filepath.Join(parent, "data"), "who-growth")
}

func TestInstallFromFlatDir(t *testing.T) {
	flat := t.TempDir()
	for _, f := range growth.Files {
		b, err := os.ReadFile(filepath.Join(sharedTables(t), filepath.FromSlash(f.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(flat, filepath.Base(f.Name)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "who-growth")
	if err := growth.Install(context.Background(), growth.FromDir(flat), dir, nil); err != nil {
		t.Fatal(err)
	}
	mustInstalled(t, dir)
}

// mirror serves the shared tables; tamper replaces files' content, and a
// nil content is a 404.
func mirror(t *testing.T, tamper map[string][]byte) *httptest.Server {
	t.Helper()
	files := http.FileServer(http.Dir(sharedTables(t)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/mirror/")
		if b, ok := tamper[name]; ok {
			if b == nil {
				http.NotFound(w, r)
				return
			}
			w.Write(b)
			return
		}
		r.URL.Path = "/" + name
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestInstallFromMirror(t *testing.T) {
	srv := mirror(t, nil)
	dir := filepath.Join(t.TempDir(), "who-growth")
	if err := growth.Install(context.Background(), growth.FromMirror(srv.URL+"/mirror/", time.Minute), dir, nil); err != nil {
		t.Fatal(err)
	}
	mustInstalled(t, dir)
}

// installed returns a tables directory installed from the shared copy,
// with a marker file to tell it apart.
func installed(t *testing.T) (dir, marker string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "who-growth")
	if err := growth.Install(context.Background(), growth.FromDir(sharedTables(t)), dir, nil); err != nil {
		t.Fatal(err)
	}
	marker = filepath.Join(dir, "who2006", "marker")
	if err := os.WriteFile(marker, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, marker
}

func TestInstallRefusesTamperedFile(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(sharedTables(t), "who2006", "weianthro.txt"))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(good, []byte("3.3464"), []byte("3.9464"), 1) // boys' median weight at birth
	srv := mirror(t, map[string][]byte{"who2006/weianthro.txt": bad})
	dir, marker := installed(t)
	err = growth.Install(context.Background(), growth.FromMirror(srv.URL+"/mirror", time.Minute), dir, nil)
	if err == nil {
		t.Fatal("a tampered weianthro.txt was installed")
	}
	var ce *growth.ChecksumError
	if !errors.As(err, &ce) || ce.Name != "who2006/weianthro.txt" {
		t.Fatalf("error is not a ChecksumError for weianthro.txt: %v", err)
	}
	for _, want := range []string{"who2006/weianthro.txt", "bc15a6a623dd1d5beaeed1497666332aa54bc4ccd15ff9658c487d79694ab77b", ce.Got, "tidak ada yang dipasang"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("the existing installation was touched:", err)
	}
	mustInstalled(t, dir)
	noLeftovers(t, filepath.Dir(dir), "who-growth")
}

func TestInstallRefusesMissingFile(t *testing.T) {
	srv := mirror(t, map[string][]byte{"who2007/hfawho2007.txt": nil})
	dir := filepath.Join(t.TempDir(), "who-growth")
	err := growth.Install(context.Background(), growth.FromMirror(srv.URL+"/mirror", time.Minute), dir, nil)
	if err == nil || !strings.Contains(err.Error(), "who2007/hfawho2007.txt") || !strings.Contains(err.Error(), "404") {
		t.Fatalf("missing file: got %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("a refused install created", dir)
	}
	noLeftovers(t, filepath.Dir(dir))

	// The same from a local folder.
	src := t.TempDir()
	err = growth.Install(context.Background(), growth.FromDir(src), dir, nil)
	if err == nil || !strings.Contains(err.Error(), "who2006/acanthro.txt: tidak ada di "+src) {
		t.Fatalf("empty folder: got %v", err)
	}
}

func TestReinstallReplacesAtomically(t *testing.T) {
	dir, marker := installed(t)
	if err := growth.Install(context.Background(), growth.FromDir(sharedTables(t)), dir, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Error("the old installation was not replaced (marker still there)")
	}
	mustInstalled(t, dir)
	noLeftovers(t, filepath.Dir(dir), "who-growth")
}

func TestInstallKeepsOtherFolders(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kampungkb.db"), []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := growth.Install(context.Background(), growth.FromDir(sharedTables(t)), dir, nil)
	if err == nil || !strings.Contains(err.Error(), "kampungkb.db") {
		t.Fatalf("a folder with other files: got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "kampungkb.db")); err != nil {
		t.Fatal("Install touched another file:", err)
	}
	file := filepath.Join(dir, "kampungkb.db")
	if err := growth.Install(context.Background(), growth.FromDir(sharedTables(t)), file, nil); err == nil {
		t.Fatal("Install replaced a file")
	}
}

func TestInstallCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "who-growth")
	if err := growth.Install(ctx, growth.FromDir(sharedTables(t)), dir, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestVerify(t *testing.T) {
	if err := growth.Verify(os.DirFS(sharedTables(t))); err != nil {
		t.Fatal("the shared tables:", err)
	}
	dir, _ := installed(t)
	name := filepath.Join(dir, "who2006", "lenanthro.txt")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, append(b, "1\t1827\t1\t110\t0.04\tH\r\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "who2007", "bfawho2007.txt")); err != nil {
		t.Fatal(err)
	}
	err = growth.Verify(os.DirFS(dir))
	if err == nil {
		t.Fatal("Verify accepted a changed and a missing file")
	}
	for _, want := range []string{"who2006/lenanthro.txt: sha256 ", "709f7a11881451daf7820f022d363d5bdb93746b5361d6bd9218af6ff838e0c2", "who2007/bfawho2007.txt: tidak ada"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Verify error does not say %q:\n%v", want, err)
		}
	}
}

func TestWHOURL(t *testing.T) {
	var wei, wfa growth.TableFile
	for _, f := range growth.Files {
		switch f.Name {
		case "who2006/weianthro.txt":
			wei = f
		case "who2007/wfawho2007.txt":
			wfa = f
		}
	}
	if got, want := wei.URL(), "https://raw.githubusercontent.com/WorldHealthOrganization/anthro/b776d8a12b1c97369c748b561159fd2ec4f4db58/data-raw/growthstandards/weianthro.txt"; got != want {
		t.Errorf("weianthro URL\n got %s\nwant %s", got, want)
	}
	if got, want := wfa.URL(), "https://raw.githubusercontent.com/WorldHealthOrganization/anthroplus/799a7deaf7dff57f2abef5781f74b243f0aa6194/data-raw/growthstandards/wfawho2007.txt"; got != want {
		t.Errorf("wfawho2007 URL\n got %s\nwant %s", got, want)
	}
	if s := growth.FromWHO(0).String(); !strings.Contains(s, "WorldHealthOrganization/anthro@b776d8a12b1c97369c748b561159fd2ec4f4db58") {
		t.Errorf("FromWHO names %q", s)
	}
}

func TestFindTables(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	mk := func(dir string) string {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	flagDir, envDir := mk(filepath.Join(root, "flag")), mk(filepath.Join(root, "env"))
	data := mk(filepath.Join(root, "data"))
	db := filepath.Join(data, "kampungkb.db")

	// Nothing installed: the error says what to run.
	_, err := growth.FindTables("", "", db)
	if !errors.Is(err, growth.ErrNoTables) {
		t.Fatalf("no tables: got %v", err)
	}
	for _, want := range []string{"kampungkb growth fetch-tables --dir " + filepath.Join(data, "who-growth"), "--from FOLDER", "--who-tables", "KAMPUNGKB_WHO_TABLES", filepath.Join(root, "who-growth")} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line:\n%v", err)
	}
	// A default database in the working directory: fetch-tables needs no --dir.
	if _, err := growth.FindTables("", "", "kampungkb.db"); err == nil || !strings.Contains(err.Error(), "Pasang: kampungkb growth fetch-tables (") {
		t.Errorf("default database: got %v", err)
	}

	cwd := mk(filepath.Join(root, "who-growth"))
	next := mk(filepath.Join(data, "who-growth"))
	for _, c := range []struct {
		name, flag, env, db, want string
	}{
		{"flag first", flagDir, envDir, db, flagDir},
		{"then env", "", envDir, db, envDir},
		{"then next to the SQLite file", "", "", db, next},
		{"PostgreSQL: working directory", "", "", "", "who-growth"},
		{"SQLite file elsewhere without tables", "", "", filepath.Join(flagDir, "k.db"), "who-growth"},
	} {
		got, err := growth.FindTables(c.flag, c.env, c.db)
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	_ = cwd

	// An explicit folder that does not exist is not replaced by a default.
	_, err = growth.FindTables(filepath.Join(root, "typo"), "", db)
	if !errors.Is(err, growth.ErrNoTables) || !strings.Contains(err.Error(), "--who-tables") ||
		!strings.Contains(err.Error(), "fetch-tables --dir "+filepath.Join(root, "typo")) {
		t.Errorf("missing --who-tables folder: got %v", err)
	}
	_, err = growth.FindTables("", filepath.Join(root, "typo"), db)
	if !errors.Is(err, growth.ErrNoTables) || !strings.Contains(err.Error(), "KAMPUNGKB_WHO_TABLES") {
		t.Errorf("missing KAMPUNGKB_WHO_TABLES folder: got %v", err)
	}
}

func TestInstallTimeoutPerFile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // a mirror that never answers
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "who-growth")
	start := time.Now()
	err := growth.Install(context.Background(), growth.FromMirror(srv.URL, 100*time.Millisecond), dir, nil)
	if err == nil || !strings.Contains(err.Error(), "batas waktu") || !strings.Contains(err.Error(), "who2006/acanthro.txt") {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Install took %s with a 100ms timeout per file", d)
	}
}
