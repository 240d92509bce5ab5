package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeDemoAccountsLogIn runs `serve --demo` on a free port and logs in
// with every demo account it prints (one per role).
func TestServeDemoAccountsLogIn(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "demo.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--db", dsn, "serve", "--demo", "--addr", "127.0.0.1:0"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()

	var password, base string
	var users []string
	account := regexp.MustCompile(`^  (\S+)\s+(\S+)\s`)
	lines := bufio.NewScanner(pr)
	for base == "" && lines.Scan() {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "Akun contoh (kata sandi semuanya: "):
			password = strings.TrimSuffix(strings.TrimPrefix(line, "Akun contoh (kata sandi semuanya: "), "):")
		case account.MatchString(line):
			users = append(users, account.FindStringSubmatch(line)[1])
		case strings.HasPrefix(line, "kampungkb siap di "):
			base = strings.TrimSuffix(strings.Fields(line)[3], "/")
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" || password == "" || len(users) != 9 {
		t.Fatalf("serve --demo printed base %q, password %q, accounts %v", base, password, users)
	}

	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, u := range users {
		r, err := client.PostForm(base+"/masuk", url.Values{"username": {u}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		var session string
		for _, c := range r.Cookies() {
			if c.Name == "kkb_session" {
				session = c.Value
			}
		}
		if r.StatusCode != http.StatusSeeOther || session == "" {
			t.Errorf("%s: login %d", u, r.StatusCode)
			continue
		}
		req, _ := http.NewRequest("GET", base+"/akun", nil)
		req.AddCookie(&http.Cookie{Name: "kkb_session", Value: session})
		r, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusOK || !strings.Contains(string(body), u) {
			t.Errorf("%s: /akun %d", u, r.StatusCode)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
