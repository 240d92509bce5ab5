package web_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/demo"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
	"kampungkb/web"
)

// chromiumPath finds Debian's Chromium (or another Chrome) for browser
// tests; "" when none is installed.
func chromiumPath() string {
	if p := os.Getenv("KAMPUNGKB_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a real server on 127.0.0.1 over db and a headless
// Chromium, and returns the server's base URL and a browser context.
// It skips the test, saying why, only when Chromium is missing.
func browser(t *testing.T, db *sqldb.DB, srv *web.Server) (string, context.Context) {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("browser test skipped: Chromium not found (apt-get install -y chromium, or set KAMPUNGKB_CHROMIUM)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	// The profile folder is removed after Chromium has exited (its
	// helpers may still write for a moment), not by t.TempDir's cleanup.
	profile, err := os.MkdirTemp("", "kkb-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(390, 844),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		chromedp.Cancel(ctx)
		cancelC()
		cancelB()
		cancelA()
		for i := 0; i < 20; i++ {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	base := "http://" + ln.Addr().String()
	// Log in through the form as an admin made for the test.
	const user, password = "admin-uji", "sandi-uji-rahasia-1"
	mustUser(t, db, kampungkb.User{Username: user, Role: kampungkb.RoleAdmin}, password)
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/masuk"),
		chromedp.WaitVisible(`#f-username`, chromedp.ByID),
		chromedp.SendKeys(`#f-username`, user, chromedp.ByID),
		chromedp.SendKeys(`#f-password`, password, chromedp.ByID),
		chromedp.Click(`button.primary`, chromedp.ByQuery),
		chromedp.WaitVisible(`.who`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	return base, ctx
}

// mustUser creates an account with a password.
func mustUser(t *testing.T, db *sqldb.DB, u kampungkb.User, password string) kampungkb.User {
	t.Helper()
	h, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(context.Background(), &u, h); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestBrowserCreatePartnerThroughForm(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	base, ctx := browser(t, db, srv)

	var msg, kept string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/mitra/baru"),
		chromedp.WaitVisible(`#f-name`, chromedp.ByID),
		// submit without a name: the page answers with field messages and
		// keeps what was typed
		chromedp.SetValue(`#f-category`, "ormas_keagamaan", chromedp.ByID),
		chromedp.SendKeys(`#f-phone`, "0376-21234", chromedp.ByID),
		chromedp.Click(`button.primary`, chromedp.ByQuery),
		chromedp.WaitVisible(`.error-summary`, chromedp.ByQuery),
		chromedp.Text(`#f-name-err`, &msg, chromedp.ByID),
		chromedp.Value(`#f-phone`, &kept, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "Nama mitra wajib diisi") {
		t.Errorf("validation message = %q", msg)
	}
	if kept != "0376-21234" {
		t.Errorf("typed phone not kept: %q", kept)
	}
	var title, listed string
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#f-name`, "Muslimat NW Pancor", chromedp.ByID),
		chromedp.Click(`button.primary`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`h1`, &title, chromedp.ByQuery),
		chromedp.Navigate(base+"/mitra?q=pancor"),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
		chromedp.Text(`table tbody`, &listed, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "Muslimat NW Pancor") {
		t.Errorf("after saving, page title = %q", title)
	}
	if !strings.Contains(listed, "Muslimat NW Pancor") || !strings.Contains(listed, "Ormas keagamaan") {
		t.Errorf("list = %q", listed)
	}
}

func TestBrowserOpenKampungAndSeeItsActivities(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	srv := newServer(t, db)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	base, ctx := browser(t, db, srv)
	var heading, activities string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/kampung?q=tumbuh"),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
		chromedp.Click(`//a[normalize-space(text())="Tumbuh Jaya"]`, chromedp.BySearch),
		chromedp.WaitVisible(`#kegiatan`, chromedp.ByID),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
		chromedp.Text(`#kegiatan`, &activities, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, "Tumbuh Jaya") {
		t.Errorf("heading = %q", heading)
	}
	for _, want := range []string{"10 Desember 2019", "aksesoris", "Rumah Kreatif BUMN Pertamina Pancor", "Kontribusi mitra"} {
		if !strings.Contains(activities, want) {
			t.Errorf("activities section lacks %q:\n%s", want, activities)
		}
	}
	// follow the training to its own page
	var title string
	err = chromedp.Run(ctx,
		chromedp.Click(`//section[@id="kegiatan"]//a[contains(., "aksesoris")]`, chromedp.BySearch),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
		chromedp.Text(`h1`, &title, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "Pelatihan membuat aksesoris") {
		t.Errorf("activity page title = %q", title)
	}
}
