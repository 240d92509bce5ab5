package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kampungkb"
)

// CreateUser validates and stores a new account with its password hash
// (made by package auth; storage never sees passwords).
func (db *DB) CreateUser(ctx context.Context, u *kampungkb.User, passwordHash string) error {
	p, err := problemsOf(u.Validate())
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.checkUserRefs(ctx, u, p); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO users (username, name, role, region_code, partner_id, password_hash,
			must_change_password, disabled, version, created_at, updated_at, created_by, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			u.Username, u.Name, u.Role, nullStr(u.Region), nullID(u.PartnerID), passwordHash,
			u.MustChangePassword, u.Disabled, tx.Now, tx.Now, tx.By, tx.By)
		if err != nil {
			if kampungkb.ErrorKind(classify(err)) == kampungkb.Conflict {
				return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
					Fields: map[string]string{"username": "Nama pengguna " + u.Username + " sudah dipakai."}}
			}
			return err
		}
		u.ID = id
		u.Meta = kampungkb.Meta{Version: 1, CreatedAt: tx.Now, UpdatedAt: tx.Now, CreatedBy: tx.By, UpdatedBy: tx.By}
		if err := tx.writeUserCapture(ctx, u); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "user", id, nil, u)
	})
}

// UpdateUser stores changes to an account (not its password).
func (db *DB) UpdateUser(ctx context.Context, u *kampungkb.User) error {
	p, err := problemsOf(u.Validate())
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		before, err := tx.user(ctx, `u.id = ?`, u.ID)
		if err != nil {
			return err
		}
		if err := tx.checkUserRefs(ctx, u, p); err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "users", "Pengguna", u.ID, u.Version); err != nil {
			return err
		}
		tx.authChanged = true
		if _, err := tx.exec(ctx, `UPDATE users SET username = ?, name = ?, role = ?, region_code = ?, partner_id = ?,
			must_change_password = ?, disabled = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			u.Username, u.Name, u.Role, nullStr(u.Region), nullID(u.PartnerID), u.MustChangePassword, u.Disabled,
			tx.Now, tx.By, u.ID); err != nil {
			if kampungkb.ErrorKind(classify(err)) == kampungkb.Conflict {
				return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Periksa kembali isian yang ditandai.",
					Fields: map[string]string{"username": "Nama pengguna " + u.Username + " sudah dipakai."}}
			}
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM user_capture WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
		if err := tx.writeUserCapture(ctx, u); err != nil {
			return err
		}
		if u.Disabled {
			if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
		}
		if err := tx.metaInto(ctx, "users", u.ID, &u.Meta); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "user", u.ID, before, u)
	})
}

func (tx *Tx) checkUserRefs(ctx context.Context, u *kampungkb.User, p kampungkb.Problems) error {
	if u.Region != "" {
		if err := tx.checkRegions(ctx, &p, "region", []string{u.Region}); err != nil {
			return err
		}
	}
	if err := tx.checkRegions(ctx, &p, "capture", u.Capture); err != nil {
		return err
	}
	if u.PartnerID > 0 {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM partners WHERE id = ?`, u.PartnerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			p.Add("partner_id", fmt.Sprintf("Mitra %d tidak ditemukan.", u.PartnerID))
		}
	}
	return p.Err("pengguna")
}

func (tx *Tx) writeUserCapture(ctx context.Context, u *kampungkb.User) error {
	for _, c := range u.Capture {
		if _, err := tx.exec(ctx, `INSERT INTO user_capture (user_id, region_code) VALUES (?, ?)`, u.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// SetPassword stores a new password hash; mustChange forces a change at
// the next login (after an admin reset), and then also revokes the user's
// access tokens. Every session of the user ends.
func (db *DB) SetPassword(ctx context.Context, userID int64, passwordHash string, mustChange bool) error {
	return db.write(ctx, func(tx *Tx) error {
		tx.authChanged = true
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			passwordHash, mustChange, tx.Now, tx.By, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Pengguna", userID)
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if mustChange {
			// an admin reset means the account may be in the wrong hands:
			// its access tokens end too
			if _, err := tx.exec(ctx, `UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, tx.Now, userID); err != nil {
				return err
			}
		}
		action := "password_change"
		if mustChange {
			action = "password_reset"
		}
		return tx.audit(ctx, action, "user", userID, nil, nil)
	})
}

const userCols = `u.id, u.username, u.name, u.role, COALESCE(u.region_code, ''), COALESCE(u.partner_id, 0),
	u.must_change_password, u.disabled, u.last_login_at, COALESCE(r.name, ''), COALESCE(p.name, ''),
	u.version, u.created_at, u.updated_at, u.created_by, u.updated_by, u.password_hash`

const userFrom = ` FROM users u LEFT JOIN regions r ON r.code = u.region_code LEFT JOIN partners p ON p.id = u.partner_id`

func scanUser(s interface{ Scan(...any) error }, extra ...any) (kampungkb.User, string, error) {
	var u kampungkb.User
	var hash string
	var last *time.Time
	dest := []any{&u.ID, &u.Username, &u.Name, &u.Role, &u.Region, &u.PartnerID, &u.MustChangePassword, &u.Disabled,
		&last, &u.RegionName, &u.PartnerName, &u.Version, &u.CreatedAt, &u.UpdatedAt, &u.CreatedBy, &u.UpdatedBy, &hash}
	err := s.Scan(append(dest, extra...)...)
	if last != nil {
		u.LastLoginAt = *last
	}
	return u, hash, err
}

func (tx *Tx) user(ctx context.Context, cond string, args ...any) (kampungkb.User, error) {
	u, _, err := tx.userWithHash(ctx, cond, args...)
	return u, err
}

func (tx *Tx) userWithHash(ctx context.Context, cond string, args ...any) (kampungkb.User, string, error) {
	u, hash, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+userFrom+` WHERE `+cond, args...))
	if err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return u, "", notFound("Pengguna", args[0])
		}
		return u, "", err
	}
	rows, err := tx.query(ctx, `SELECT region_code FROM user_capture WHERE user_id = ? ORDER BY region_code`, u.ID)
	if err != nil {
		return u, "", err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return u, "", err
		}
		u.Capture = append(u.Capture, c)
	}
	return u, hash, rows.Err()
}

// User returns an account.
func (db *DB) User(ctx context.Context, id int64) (kampungkb.User, error) {
	var u kampungkb.User
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		u, err = tx.user(ctx, `u.id = ?`, id)
		return err
	})
	return u, err
}

// UserByUsername returns an account and its password hash, for logging in.
func (db *DB) UserByUsername(ctx context.Context, username string) (kampungkb.User, string, error) {
	var u kampungkb.User
	var hash string
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		u, hash, err = tx.userWithHash(ctx, `lower(u.username) = lower(?)`, strings.TrimSpace(username))
		return err
	})
	return u, hash, err
}

// Users lists accounts: Q searches username and name, Region keeps the
// accounts whose home region lies in it (an admin of a region manages
// those), Type filters the role.
func (db *DB) Users(ctx context.Context, f kampungkb.Filter) ([]kampungkb.User, int, error) {
	var w where
	if f.Q != "" {
		w.add(`(lower(u.username) LIKE ? ESCAPE '\' OR lower(u.name) LIKE ? ESCAPE '\')`, likeQ(f.Q), likeQ(f.Q))
	}
	if f.Region != "" {
		cond, args := regionRange("u.region_code", f.Region)
		w.add(cond, args...)
	}
	if f.Type != "" {
		w.add(`u.role = ?`, f.Type)
	}
	if !f.Archived {
		w.add(`NOT u.disabled`)
	}
	limit, offset := f.Page()
	rows, err := db.read().query(ctx, `SELECT `+userCols+`, count(*) OVER()`+userFrom+w.String()+
		` ORDER BY u.username LIMIT ? OFFSET ?`, append(w.args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []kampungkb.User
	total := 0
	for rows.Next() {
		u, _, err := scanUser(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// CountUsers returns the number of accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.read().queryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// Session is a server-side login session; the browser holds only the
// random token whose hash keys it.
type Session struct {
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
	IP        string
}

// CreateSession stores a new session for the user (after a successful
// login) and records the login.
func (db *DB) CreateSession(ctx context.Context, tokenHash string, userID int64, ip, userAgent string, maxAge time.Duration) error {
	return db.write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenHash, userID, tx.Now, tx.Now, tx.Now.Add(maxAge), ip, truncate(userAgent, 300)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, tx.Now, userID)
		return err
	})
}

// SessionUser returns the user of a live session: not past its absolute
// expiry, and seen within idle. It refreshes last_seen at most once a
// minute. Expired sessions are deleted.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (kampungkb.User, Session, error) {
	var s Session
	now := db.Now().UTC()
	err := db.read().queryRow(ctx, `SELECT user_id, created_at, last_seen, expires_at, ip FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&s.UserID, &s.CreatedAt, &s.LastSeen, &s.ExpiresAt, &s.IP)
	if err != nil {
		return kampungkb.User{}, s, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Sesi tidak ditemukan; silakan masuk."}
	}
	if now.After(s.ExpiresAt) || now.Sub(s.LastSeen) > idle {
		db.DeleteSession(ctx, tokenHash)
		return kampungkb.User{}, s, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Sesi Anda berakhir; silakan masuk lagi."}
	}
	u, err := db.User(ctx, s.UserID)
	if err != nil || u.Disabled {
		return kampungkb.User{}, s, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Akun tidak aktif."}
	}
	if now.Sub(s.LastSeen) > time.Minute {
		db.writeOnly(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, now, tokenHash)
			return err
		})
	}
	return u, s, nil
}

// DeleteSession ends a session (logout).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// Token is a personal access token's record (never the token itself).
type Token struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// CreateToken stores a personal access token's hash, valid for validFor.
func (db *DB) CreateToken(ctx context.Context, userID int64, name, tokenHash string, validFor time.Duration) (Token, error) {
	t := Token{UserID: userID, Name: strings.TrimSpace(name)}
	if t.Name == "" {
		t.Name = "token"
	}
	err := db.write(ctx, func(tx *Tx) error {
		t.CreatedAt, t.ExpiresAt = tx.Now, tx.Now.Add(validFor)
		id, err := tx.insert(ctx, `INSERT INTO tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			userID, truncate(t.Name, 100), tokenHash, tx.Now, t.ExpiresAt)
		t.ID = id
		if err != nil {
			return err
		}
		return tx.audit(ctx, "create", "token", id, nil, t)
	})
	return t, err
}

// tokenLastUsedStep is how stale a token's last_used may get.
const tokenLastUsedStep = time.Minute

// tokenCacheTTL is how long a checked token is trusted without asking the
// database again. Every API request names its token; looking the token
// and its user up each time was a tenth of a data-entry write's CPU. A
// revocation, password reset or account change made through this DB
// empties the cache at once (authGen); one made by another process (the
// command line) takes effect within tokenCacheTTL.
const tokenCacheTTL = 5 * time.Second

type cachedToken struct {
	user    kampungkb.User
	expires time.Time // the token's own expiry
	until   time.Time // trusted until
	gen     uint64    // authGen when read
}

// TokenUser returns the user of a valid (not revoked, not expired) token.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (kampungkb.User, error) {
	now := db.Now().UTC()
	gen := db.authGen.Load()
	if v, ok := db.tokens.Load(tokenHash); ok {
		c := v.(cachedToken)
		if c.gen == gen && now.Before(c.until) && !now.After(c.expires) {
			return c.user, nil
		}
		db.tokens.Delete(tokenHash)
	}
	var id, userID int64
	var expires time.Time
	var revoked, lastUsed *time.Time
	err := db.read().queryRow(ctx, `SELECT id, user_id, expires_at, revoked_at, last_used FROM tokens WHERE token_hash = ?`, tokenHash).
		Scan(&id, &userID, &expires, &revoked, &lastUsed)
	if err != nil || revoked != nil || now.After(expires) {
		return kampungkb.User{}, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Token akses tidak valid, dicabut atau kedaluwarsa."}
	}
	u, err := db.User(ctx, userID)
	if err != nil || u.Disabled {
		return kampungkb.User{}, &kampungkb.Error{Kind: kampungkb.Unauthenticated, Message: "Akun pemilik token tidak aktif."}
	}
	// last_used says when a token was last used, to the minute: writing
	// it on every request would make every API read a write transaction
	// and halve the data-entry API's throughput (BENCHMARKS.md). It is
	// bookkeeping, not a change of data (writeOnly: report caches stay).
	if lastUsed == nil || now.Sub(*lastUsed) >= tokenLastUsedStep || now.Before(*lastUsed) {
		db.writeOnly(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `UPDATE tokens SET last_used = ? WHERE id = ?`, now, id)
			return err
		})
	}
	db.tokens.Store(tokenHash, cachedToken{user: u, expires: expires, until: now.Add(tokenCacheTTL), gen: gen})
	return u, nil
}

// Tokens lists a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := db.read().query(ctx, `SELECT id, user_id, name, created_at, expires_at, last_used, revoked_at FROM tokens
		WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.ExpiresAt, &t.LastUsed, &t.RevokedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the user's tokens.
func (db *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return db.write(ctx, func(tx *Tx) error {
		tx.authChanged = true
		res, err := tx.exec(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, tx.Now, tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Token", tokenID)
		}
		return tx.audit(ctx, "revoke", "token", tokenID, nil, nil)
	})
}

// RecordLoginFailure notes a failed login (for rate limiting) and audits it.
func (db *DB) RecordLoginFailure(ctx context.Context, username, ip string) error {
	return db.write(ctx, func(tx *Tx) error {
		username = truncate(strings.ToLower(strings.TrimSpace(username)), 100)
		if _, err := tx.exec(ctx, `INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)`, username, ip, tx.Now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO audit (at, username, ip, action, entity, entity_id, summary) VALUES (?, ?, ?, 'login_failed', 'user', '', ?)`,
			tx.Now, username, ip, "login gagal untuk "+username)
		return err
	})
}

// LoginFailures counts the failed logins within the last window for the
// username and for the address.
func (db *DB) LoginFailures(ctx context.Context, username, ip string, window time.Duration) (byUser, byIP int, err error) {
	username = strings.ToLower(strings.TrimSpace(username))
	since := db.Now().UTC().Add(-window)
	r := db.read()
	if err = r.queryRow(ctx, `SELECT count(*) FROM login_failures WHERE username = ? AND at >= ?`, username, since).Scan(&byUser); err != nil {
		return
	}
	err = r.queryRow(ctx, `SELECT count(*) FROM login_failures WHERE ip = ? AND at >= ?`, ip, since).Scan(&byIP)
	return
}

// ClearLoginFailures forgets an account's failures after a good login.
func (db *DB) ClearLoginFailures(ctx context.Context, username string) error {
	return db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM login_failures WHERE username = ?`, strings.ToLower(strings.TrimSpace(username)))
		return err
	})
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
