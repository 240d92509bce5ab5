package growth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The tables are not committed (formats.md "WHO tables"): Install puts
// them into a tables directory, Verify checks one, FindTables finds one.

// maxTableSize bounds one table file (the largest is 121 kB), so that a
// wrong URL cannot make Install read without end.
const maxTableSize = 4 << 20

// Fetcher reads the bytes of one table file from a source. String names
// the source for messages.
type Fetcher interface {
	Fetch(ctx context.Context, f TableFile) ([]byte, error)
	String() string
}

// FromWHO fetches each file from WHO's repository at its pinned commit
// (TableFile.URL); timeout bounds each file (0: no bound).
func FromWHO(timeout time.Duration) Fetcher {
	return &httpFetcher{client: &http.Client{}, timeout: timeout}
}

// FromMirror fetches each file from base + "/" + Name: a web server
// holding a copy laid out like a tables directory. timeout bounds each
// file (0: no bound).
func FromMirror(base string, timeout time.Duration) Fetcher {
	return &httpFetcher{client: &http.Client{}, timeout: timeout, base: strings.TrimRight(base, "/")}
}

// FromDir reads each file from dir/Name, or from dir/BASENAME when the
// copy is flat (the .txt files side by side, as on a USB stick).
func FromDir(dir string) Fetcher { return dirFetcher(dir) }

type httpFetcher struct {
	client  *http.Client
	timeout time.Duration
	base    string // "" for WHO's repositories
}

func (h *httpFetcher) String() string {
	if h.base == "" {
		return Anthro.String() + " dan " + AnthroPlus.String() + " (raw.githubusercontent.com)"
	}
	if u, err := url.Parse(h.base); err == nil {
		return u.Redacted() // a mirror's password is not printed
	}
	return h.base
}

func (h *httpFetcher) url(f TableFile) string {
	if h.base == "" {
		return f.URL()
	}
	return h.base + "/" + f.Name
}

func (h *httpFetcher) Fetch(ctx context.Context, f TableFile) ([]byte, error) {
	if h.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.timeout)
		defer cancel()
	}
	u := h.url(f)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := h.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			return nil, fmt.Errorf("unduh %s: melewati batas waktu %s", u, h.timeout)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it repeats the URL
		}
		return nil, fmt.Errorf("unduh %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone {
		return nil, notFound("unduh " + u + ": " + resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("unduh %s: %s", u, resp.Status)
	}
	b, err := readLimited(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("unduh %s: %w", u, err)
	}
	return b, nil
}

type dirFetcher string

func (d dirFetcher) String() string { return string(d) }

func (d dirFetcher) Fetch(ctx context.Context, f TableFile) ([]byte, error) {
	name := filepath.Join(string(d), filepath.FromSlash(f.Name))
	r, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		if flat, ferr := os.Open(filepath.Join(string(d), path.Base(f.Name))); ferr == nil {
			r, err = flat, nil
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, notFound("tidak ada di " + string(d))
		}
		return nil, err
	}
	defer r.Close()
	return readLimited(r)
}

// notFound is a file missing from a source; it is fs.ErrNotExist.
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == fs.ErrNotExist }

func readLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTableSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxTableSize {
		return nil, fmt.Errorf("lebih dari %d MB: bukan tabel WHO", maxTableSize>>20)
	}
	return b, nil
}

// String returns "owner/name@commit".
func (s Source) String() string { return s.Repo + "@" + s.Commit }

// ChecksumError reports a table file whose content is not the one pinned
// in Files: tampered with, damaged, or another version.
type ChecksumError struct {
	Name string // the file, e.g. who2006/weianthro.txt
	Want string // the sha256 in Files
	Got  string // the sha256 of what was read
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%s: sha256 %s, seharusnya %s (isinya bukan berkas WHO yang dipatok: rusak, diubah, atau versi lain)", e.Name, e.Got, e.Want)
}

func check(f TableFile, b []byte) error {
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		return &ChecksumError{Name: f.Name, Want: f.SHA256, Got: got}
	}
	return nil
}

// Install fetches every file in Files from src, checks each sha256 before
// anything is written, writes them into a new directory beside dir and
// renames it into place. An existing dir is moved aside first and removed
// once the new one is in place; on any failure the existing installation
// is left as it was and the new directory is removed. progress, when not
// nil, is called after each file is fetched and checked (n of total).
//
// dir is replaced only when it is missing, empty or a tables directory
// (who2006/, who2007/, README.md): Install never removes anything else.
func Install(ctx context.Context, src Fetcher, dir string, progress func(name string, n, total int)) error {
	if dir == "" {
		return errors.New("pasang tabel WHO: folder tujuan kosong")
	}
	dir = filepath.Clean(dir)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real // replace the directory a link points to, not the link
	}
	if err := replaceable(dir); err != nil {
		return err
	}

	data := make([][]byte, len(Files))
	var errs []error
	for i, f := range Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := src.Fetch(ctx, f)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			// The source is unreachable or broken: the other files
			// would fail the same way.
			return fmt.Errorf("tabel WHO dari %s tidak terpasang: %s: %w", src, f.Name, err)
		}
		if err == nil {
			err = check(f, b)
		} else {
			err = fmt.Errorf("%s: %w", f.Name, err)
		}
		if err != nil { // a missing or different file: list them all
			errs = append(errs, err)
			continue
		}
		data[i] = b
		if progress != nil {
			progress(f.Name, i+1, len(Files))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(errs) > 0 {
		return fmt.Errorf("tabel WHO dari %s ditolak, tidak ada yang dipasang:\n%w", src, errors.Join(errs...))
	}

	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}
	for i, f := range Files {
		if err := writeFile(filepath.Join(tmp, filepath.FromSlash(f.Name)), data[i]); err != nil {
			return fmt.Errorf("pasang tabel WHO: %w", err)
		}
	}
	if err := writeFile(filepath.Join(tmp, "README.md"), []byte(installedReadme(src))); err != nil {
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}

	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("pasang tabel WHO: memindahkan %s yang lama: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dir); rerr != nil {
				return fmt.Errorf("pasang tabel WHO: %w; tabel lama tersimpan di %s (kembalikan namanya menjadi %s)", err, old, dir)
			}
		}
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}
	done = true
	syncDir(parent)
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("tabel WHO terpasang di %s, tetapi salinan lama %s tidak bisa dihapus: %w", dir, old, err)
		}
	}
	return nil
}

// tablesEntries are the names a tables directory may hold at its top.
var tablesEntries = map[string]bool{"who2006": true, "who2007": true, "README.md": true}

// replaceable refuses a dir that Install must not replace: a file, or a
// folder holding anything but tables.
func replaceable(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("pasang tabel WHO: %s sudah ada dan bukan folder; pilih folder lain dengan --dir", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("pasang tabel WHO: %w", err)
	}
	var other []string
	for _, e := range entries {
		if !tablesEntries[e.Name()] {
			other = append(other, e.Name())
		}
	}
	if len(other) > 0 {
		if len(other) > 5 {
			other = append(other[:5], "...")
		}
		return fmt.Errorf("pasang tabel WHO: folder %s berisi berkas lain (%s) dan tidak akan ditimpa; pilih folder baru atau kosong dengan --dir",
			dir, strings.Join(other, ", "))
	}
	return nil
}

func writeFile(name string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable where the system allows it (not on
// Windows, where opening a directory for sync fails; the error is moot).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func installedReadme(src Fetcher) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# WHO growth reference tables (LMS)\n\n")
	fmt.Fprintf(&b, "Installed by `kampungkb growth fetch-tables` from %s.\n", src)
	fmt.Fprintf(&b, "Every file matched the sha256 below, so it is byte-identical to WHO's\n")
	fmt.Fprintf(&b, "`%s` (%s, who2006/) and `%s` (%s, who2007/).\n\n",
		Anthro, Anthro.Path, AnthroPlus, AnthroPlus.Path)
	fmt.Fprintf(&b, "Data: WHO Child Growth Standards (2006) and WHO Growth Reference 2007,\n")
	fmt.Fprintf(&b, "(c) World Health Organization, from WHO's repositories published under GPL-3.\n")
	fmt.Fprintf(&b, "Credit WHO as the source.\n\n")
	fmt.Fprintf(&b, "```\n")
	for _, f := range Files {
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Name)
	}
	fmt.Fprintf(&b, "```\n")
	return b.String()
}

// Verify checks that fsys holds every file in Files with its sha256. The
// error lists every missing or different file.
func Verify(fsys fs.FS) error {
	var errs []error
	for _, f := range Files {
		b, err := fs.ReadFile(fsys, f.Name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, fmt.Errorf("%s: tidak ada", f.Name))
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", f.Name, err))
		default:
			if err := check(f, b); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// ErrNoTables means no tables directory was found; the error that wraps
// it says what to run.
var ErrNoTables = errors.New("tabel pertumbuhan WHO belum terpasang")

// DirName is the name of a tables directory in its default places: next
// to the SQLite file, or in the working directory.
const DirName = "who-growth"

// FindTables returns the tables directory to use: flagDir (--who-tables)
// when set, else envDir (KAMPUNGKB_WHO_TABLES) when set, else DirName next
// to the SQLite file dbFile, else DirName in the working directory. Pass
// dbFile "" for PostgreSQL (no file: only the working directory). The
// directory found is not verified (see Verify).
//
// When the directory is missing (an explicit one, or all the defaults)
// the error wraps ErrNoTables and says exactly what to run.
func FindTables(flagDir, envDir, dbFile string) (string, error) {
	for _, c := range []struct{ dir, origin string }{{flagDir, "--who-tables"}, {envDir, "KAMPUNGKB_WHO_TABLES"}} {
		if c.dir == "" {
			continue
		}
		st, err := os.Stat(c.dir)
		if err == nil && st.IsDir() {
			return c.dir, nil
		}
		return "", fmt.Errorf("%w: folder %s (%s) tidak ada. Pasang: kampungkb growth fetch-tables --dir %s "+
			"(perlu internet ke github.com), atau kampungkb growth fetch-tables --from FOLDER --dir %s (salinan lokal, mis. USB)",
			ErrNoTables, c.dir, c.origin, c.dir, c.dir)
	}
	var tried []string
	if dbFile != "" {
		tried = append(tried, filepath.Join(filepath.Dir(dbFile), DirName))
	}
	if len(tried) == 0 || filepath.Clean(tried[0]) != DirName {
		tried = append(tried, DirName)
	}
	for _, d := range tried {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, nil
		}
	}
	install := "kampungkb growth fetch-tables"
	if tried[0] != DirName {
		install += " --dir " + tried[0]
	}
	return "", fmt.Errorf("%w (dicari di %s). Pasang: %s (perlu internet ke github.com), atau %s --from FOLDER "+
		"(salinan lokal, mis. USB), atau tunjuk folder tabel yang ada dengan --who-tables FOLDER / KAMPUNGKB_WHO_TABLES",
		ErrNoTables, strings.Join(absAll(tried), " dan "), install, install)
}

func absAll(dirs []string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		if a, err := filepath.Abs(d); err == nil {
			d = a
		}
		out[i] = d
	}
	return out
}
