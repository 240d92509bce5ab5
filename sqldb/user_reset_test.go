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
