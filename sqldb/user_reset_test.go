package sqldb_test

import (
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestAdminResetEndsSessionsAndTokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		u := kampungkb.User{Username: "ani", Role: kampungkb.RoleAdmin}
		if err := db.CreateUser(ctx, &u, "hash"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, u.ID, "skrip", "tokenhash", 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "sessionhash", u.ID, "127.0.0.1", "test", time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "tokenhash"); err != nil {
			t.Fatalf("token before reset: %v", err)
		}
		// a user's own password change ends sessions but keeps tokens
		if err := db.SetPassword(ctx, u.ID, "hash2", false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SessionUser(ctx, "sessionhash", time.Hour); err == nil {
			t.Error("session survived a password change")
		}
		if _, err := db.TokenUser(ctx, "tokenhash"); err != nil {
			t.Errorf("token after own password change: %v", err)
		}
		// an admin reset revokes tokens too
		if err := db.SetPassword(ctx, u.ID, "hash3", true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "tokenhash"); kampungkb.ErrorKind(err) != kampungkb.Unauthenticated {
			t.Errorf("token after admin reset: %v", err)
		}
	})
}

// TestTokenCacheFollowsChanges checks that a checked token is trusted
// again only while nothing changed: a revocation, a disabled account and
// a change of the account take effect on the next request.
func TestTokenCacheFollowsChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		u := kampungkb.User{Username: "budi", Name: "Budi", Role: kampungkb.RoleAdmin}
		if err := db.CreateUser(ctx, &u, "hash"); err != nil {
			t.Fatal(err)
		}
		tok, err := db.CreateToken(ctx, u.ID, "skrip", "hash-a", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, u.ID, "lain", "hash-b", 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second answer comes from the cache
			if got, err := db.TokenUser(ctx, "hash-a"); err != nil || got.Name != "Budi" {
				t.Fatalf("token: %v %+v", err, got)
			}
		}
		u, _ = db.User(ctx, u.ID)
		u.Name = "Budi Santoso"
		if err := db.UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if got, err := db.TokenUser(ctx, "hash-a"); err != nil || got.Name != "Budi Santoso" {
			t.Errorf("after a change of the account: %v %+v", err, got)
		}
		if err := db.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "hash-a"); kampungkb.ErrorKind(err) != kampungkb.Unauthenticated {
			t.Errorf("revoked token: %v", err)
		}
		if _, err := db.TokenUser(ctx, "hash-b"); err != nil {
			t.Fatalf("other token: %v", err)
		}
		u, _ = db.User(ctx, u.ID)
		u.Disabled = true
		if err := db.UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "hash-b"); kampungkb.ErrorKind(err) != kampungkb.Unauthenticated {
			t.Errorf("token of a disabled account: %v", err)
		}
	})
}
