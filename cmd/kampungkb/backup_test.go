package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/demo"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// TestBackupRestoreRoundTrip backs up a database while a server over it
// answers requests and stores new partners, restores the backup into a new
// path and compares: every table's row count lies between the counts
// before and after the backup (a snapshot), the restored partners are
// exactly the source's first ones (a consistent prefix), sample records and
// an uploaded photo's bytes are equal.
func TestBackupRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "kampungkb.db")
	ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
	db, err := sqldb.OpenMigrated(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(db, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	admin := kampungkb.Actor{Username: "penguji", Role: kampungkb.RoleAdmin, CaptureRegions: []string{""}}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r.WithContext(kampungkb.WithActor(r.Context(), admin)))
	}))
	defer hs.Close()

	// A photo uploaded through the page, before the backup.
	rows, _, err := db.KampungList(ctx, kampungkb.Filter{Q: "Tumbuh Jaya"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("demo Kampung KB: %v %d", err, len(rows))
	}
	kampungID := rows[0].ID
	photo := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 300<<10)...)
	rand.Read(photo[8:])
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("photo", "tumbuh-jaya.png")
	part.Write(photo)
	mw.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", hs.URL+fmt.Sprintf("/kampung/%d/foto", kampungID), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := client.Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("photo upload: %v %v", err, res.Status)
	}
	res.Body.Close()
	k, err := db.Kampung(ctx, kampungID)
	if err != nil || k.PhotoFileID == 0 {
		t.Fatalf("photo not stored: %v %+v", err, k)
	}

	before, err := db.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// Readers and a writer keep the server busy during the backup.
	var created atomic.Int64
	stop := make(chan struct{})
	errs := make(chan error, 100)
	var wg sync.WaitGroup
	for _, path := range []string{"/kampung", "/api/v1/partners?limit=500", fmt.Sprintf("/berkas/%d", k.PhotoFileID)} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := client.Get(hs.URL + path)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET %s: %s", path, res.Status)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			res, err := client.Post(hs.URL+"/api/v1/partners", "application/json",
				strings.NewReader(fmt.Sprintf(`{"name":"Mitra selama pencadangan %d","category":"lsm","regions":["52.03"]}`, i)))
			if err != nil {
				errs <- err
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				errs <- fmt.Errorf("POST partner: %s", res.Status)
				return
			}
			created.Add(1)
		}
	}()
	waitFor := func(n int64) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for created.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("only %d partners created", created.Load())
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	waitFor(3)
	backup := filepath.Join(dir, "cadangan", "kampungkb-2026-11-28.db")
	os.Mkdir(filepath.Dir(backup), 0o700)
	code, out, stderr := runCmd(t, "--db", dsn, "backup", backup)
	if code != 0 || !strings.Contains(out, "Cadangan tersimpan") {
		t.Fatalf("backup: exit %d %q %q", code, out, stderr)
	}
	waitFor(created.Load() + 3)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("request during the backup: %v", err)
	}
	after, err := db.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(backup)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v (want 0600: it holds personal data)", err, st.Mode())
	}

	// The server's database is in use: restoring over it is refused.
	code, _, stderr = runCmd(t, "--db", dsn, "restore", backup)
	if code != exitError || !strings.Contains(stderr, "sedang dipakai") {
		t.Errorf("restore over the running server's database: exit %d %q", code, stderr)
	}
	if n, _ := db.TableCounts(ctx); n["partners"] != after["partners"] {
		t.Errorf("refused restore changed the database: %d partners, want %d", n["partners"], after["partners"])
	}
	// An existing backup file is not overwritten without --force.
	if code, _, stderr := runCmd(t, "--db", dsn, "backup", backup); code != exitError || !strings.Contains(stderr, "--force") {
		t.Errorf("backup over an existing file: exit %d %q", code, stderr)
	}

	// Restore into a new path.
	restored := filepath.Join(dir, "pulih", "kampungkb.db")
	os.Mkdir(filepath.Dir(restored), 0o700)
	code, out, stderr = runCmd(t, "--db", restored, "restore", backup)
	if code != 0 || !strings.Contains(out, "dipulihkan") || strings.Contains(out, "sebelumnya disimpan") {
		t.Fatalf("restore: exit %d %q %q", code, out, stderr)
	}
	rdb, err := sqldb.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	got, err := rdb.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(after) {
		t.Errorf("restored tables %v, source %v", got, after)
	}
	for table, n := range after {
		if got[table] < before[table] || got[table] > n {
			t.Errorf("%s: %d rows restored; source had %d before and %d after the backup", table, got[table], before[table], n)
		}
	}
	if got["partners"] <= before["partners"] || got["partners"] >= after["partners"] {
		t.Errorf("partners %d, before %d, after %d: the backup did not happen while partners were stored", got["partners"], before["partners"], after["partners"])
	}
	// The restored partners are the source's first ones, unchanged.
	srcPartners, _, err := db.Partners(ctx, kampungkb.Filter{Archived: true, Limit: kampungkb.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	maxID := int64(0)
	for _, p := range mustPartners(t, rdb) {
		maxID = max(maxID, p.ID)
	}
	for _, p := range srcPartners {
		a, errA := db.Partner(ctx, p.ID)
		b, errB := rdb.Partner(ctx, p.ID)
		if p.ID > maxID {
			if errB == nil {
				t.Errorf("partner %d restored although newer than the snapshot", p.ID)
			}
			continue
		}
		if errA != nil || errB != nil || jsonOf(a) != jsonOf(b) {
			t.Errorf("partner %d differs:\nsource   %s %v\nrestored %s %v", p.ID, jsonOf(a), errA, jsonOf(b), errB)
		}
	}
	ka, _ := db.Kampung(ctx, kampungID)
	kb, err := rdb.Kampung(ctx, kampungID)
	if err != nil || jsonOf(ka) != jsonOf(kb) {
		t.Errorf("Kampung KB differs:\n%s\n%s %v", jsonOf(ka), jsonOf(kb), err)
	}
	aa, _ := db.Agreement(ctx, 1)
	ab, err := rdb.Agreement(ctx, 1)
	if err != nil || jsonOf(aa) != jsonOf(ab) {
		t.Errorf("agreement 1 differs:\n%s\n%s %v", jsonOf(aa), jsonOf(ab), err)
	}
	f, err := rdb.File(ctx, k.PhotoFileID)
	if err != nil || !bytes.Equal(f.Data, photo) {
		t.Errorf("photo bytes differ after restore: %v (%d bytes, want %d)", err, len(f.Data), len(photo))
	}

	// Restoring over a database no longer in use keeps it beside.
	hs.Close()
	db.Close()
	code, out, stderr = runCmd(t, "--db", dsn, "restore", backup)
	if code != 0 || !strings.Contains(out, ".before-restore-") {
		t.Fatalf("restore over the stopped database: exit %d %q %q", code, out, stderr)
	}
	kept, _ := filepath.Glob(dsn + ".before-restore-*")
	if len(kept) != 1 {
		t.Fatalf("kept files: %v", kept)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(kept[0] + suffix); err == nil {
			t.Errorf("kept database has a %s file: its log was not folded in", suffix)
		}
	}
	kdb, err := sqldb.Open(ctx, kept[0])
	if err != nil {
		t.Fatal(err)
	}
	defer kdb.Close()
	if n, _ := kdb.TableCounts(ctx); n["partners"] != after["partners"] {
		t.Errorf("kept database has %d partners, want %d", n["partners"], after["partners"])
	}
}

func mustPartners(t *testing.T, db *sqldb.DB) []sqldb.PartnerRow {
	t.Helper()
	rows, _, err := db.Partners(context.Background(), kampungkb.Filter{Archived: true, Limit: kampungkb.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestBackupCommandsWithPostgres(t *testing.T) {
	const dsn = "postgres://kkb:rahasia-sekali@db.example:5432/kampungkb?sslmode=require"
	for _, cmd := range []string{"backup", "restore"} {
		code, _, stderr := runCmd(t, "--db", dsn, cmd, "/tmp/kampungkb.dump")
		tool := map[string]string{"backup": "pg_dump --format=custom --file=/tmp/kampungkb.dump", "restore": "pg_restore --clean"}[cmd]
		if code != exitError || !strings.Contains(stderr, tool) || !strings.Contains(stderr, "postgres://kkb@db.example:5432/kampungkb?sslmode=require") {
			t.Errorf("%s: exit %d %q", cmd, code, stderr)
		}
		if strings.Contains(stderr, "rahasia") {
			t.Errorf("%s printed the password: %q", cmd, stderr)
		}
	}
	for _, args := range [][]string{{"backup"}, {"restore"}, {"backup", "a", "b"}} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCmd(t, "--db", filepath.Join(t.TempDir(), "tidak-ada.db"), "backup", "x.db"); code != exitError || !strings.Contains(stderr, "tidak ada") {
		t.Errorf("backup of a missing database: %d %q", code, stderr)
	}
}
