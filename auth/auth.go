// Package auth holds the cryptography of accounts: argon2id password
// hashes, random session and access tokens, and the hashes under which
// tokens are stored (never the tokens themselves).
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106 second recommendation, memory-constrained:
// 64 MiB, 3 passes) — about 60 ms on the 2-core target machine.
var (
	argonTime   uint32 = 3
	argonMemory uint32 = 64 * 1024
)

const (
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16
)

// UseFastHashesForTests lowers the cost of new hashes (1 pass, 1 MiB) so
// that test suites that create and log in many accounts stay fast. Hashes
// carry their parameters, so checking works either way. Only tests call it.
func UseFastHashesForTests() {
	argonTime, argonMemory = 1, 1024
	dummyHash, _ = HashPassword("kampungkb-dummy-password")
}

// HashPassword returns an encoded argon2id hash of password in the PHC
// string format: $argon2id$v=19$m=65536,t=3,p=2$SALT$HASH.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// ErrBadHash is returned for a stored hash that cannot be read.
var ErrBadHash = errors.New("auth: unreadable password hash")

// CheckPassword reports whether password matches the encoded hash, in
// constant time. The parameters are read from the hash, so hashes made with
// older parameters keep working.
func CheckPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 100 {
		return false, ErrBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NewToken returns a random token of 32 bytes, URL-safe base64 encoded,
// with an optional prefix that makes tokens recognisable ("kkb_").
func NewToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// TokenHash returns the hex SHA-256 of a token: what is stored and looked
// up. Tokens carry 256 random bits, so a fast hash is enough.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// dummyHash is checked against when a username does not exist, so that
// a failed login takes as long either way. It is made on first use, not at
// package init: an argon2id hash costs 64 MiB and ~0.2 s, which every
// command line run (growth zscore, import, ...) would otherwise pay.
var (
	dummyOnce sync.Once
	dummyHash string
)

// CheckMissingUser spends the time of a password check, for unknown users.
func CheckMissingUser(password string) {
	dummyOnce.Do(func() {
		if dummyHash == "" {
			dummyHash, _ = HashPassword("kampungkb-dummy-password")
		}
	})
	CheckPassword(dummyHash, password)
}
