package auth

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("rahasia-kampung-123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash = %s", h)
	}
	h2, _ := HashPassword("rahasia-kampung-123")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	for pw, want := range map[string]bool{"rahasia-kampung-123": true, "rahasia-kampung-124": false, "": false} {
		ok, err := CheckPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=0,t=1,p=1$AA$AA", "$bcrypt$x$y$z$w", "$argon2id$v=19$m=65536,t=3,p=2$!!$AA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword(%q) accepted a bad hash", bad)
		}
	}
}

func TestTokens(t *testing.T) {
	a, _ := NewToken("kkb_")
	b, _ := NewToken("kkb_")
	if a == b || !strings.HasPrefix(a, "kkb_") || len(a) < 40 {
		t.Errorf("tokens %q %q", a, b)
	}
	if TokenHash(a) == TokenHash(b) || len(TokenHash(a)) != 64 || TokenHash(a) != TokenHash(a) {
		t.Error("TokenHash")
	}
}
