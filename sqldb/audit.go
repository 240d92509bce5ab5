package sqldb

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"kampungkb"
)

// AuditEntry is one line of the audit trail: who, when, from where, what
// (entity, id) and the values before and after (JSON).
type AuditEntry struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	Username string          `json:"username"`
	UserID   int64           `json:"user_id,omitempty"`
	IP       string          `json:"ip"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Summary  string          `json:"summary"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
}

type ipKey struct{}

// WithIP returns a context carrying the client address for the audit trail.
func WithIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

func ipFrom(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}

// audit appends an entry in the transaction of the change it records, so
// that a change is never stored without its trace. before and after are
// marshalled to JSON (nil is omitted).
func (tx *Tx) audit(ctx context.Context, action, entity string, id any, before, after any) error {
	return tx.auditSummary(ctx, action, entity, id, "", before, after)
}

// auditSummary is audit with a one-line summary for people.
func (tx *Tx) auditSummary(ctx context.Context, action, entity string, id any, summary string, before, after any) error {
	var b, a any
	if before != nil {
		j, err := json.Marshal(before)
		if err != nil {
			return err
		}
		b = string(j)
	}
	if after != nil {
		j, err := json.Marshal(after)
		if err != nil {
			return err
		}
		a = string(j)
	}
	actor, _ := kampungkb.ActorFrom(ctx)
	var uid any
	if actor.ID != 0 {
		uid = actor.ID
	}
	eid := ""
	switch x := id.(type) {
	case int64:
		if x != 0 {
			eid = strconv.FormatInt(x, 10)
		}
	case string:
		eid = x
	}
	_, err := tx.exec(ctx, `INSERT INTO audit (at, username, user_id, ip, action, entity, entity_id, summary, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tx.Now, tx.By, uid, ipFrom(ctx), action, entity, eid, truncate(summary, 500), b, a)
	return err
}

// Audit records an event that changes nothing (a login, an export, a view
// of personal data) in its own transaction.
func (db *DB) Audit(ctx context.Context, action, entity string, id any, summary string) error {
	return db.write(ctx, func(tx *Tx) error {
		return tx.auditSummary(ctx, action, entity, id, summary, nil, nil)
	})
}
