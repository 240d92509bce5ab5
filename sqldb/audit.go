package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
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
	return db.writeOnly(ctx, func(tx *Tx) error {
		return tx.auditSummary(ctx, action, entity, id, summary, nil, nil)
	})
}

// auditChange records a change of a record in the transaction of the
// change, with the summary kampungkb.AuditSummary makes from label (the
// record's name or title). before and after are the record as stored
// before and after the change (nil for a create's before and a delete's
// after), read inside the transaction.
func (tx *Tx) auditChange(ctx context.Context, action, entity string, id int64, label string, before, after any) error {
	return tx.auditSummary(ctx, action, entity, id, kampungkb.AuditSummary(action, entity, label), before, after)
}

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	Username string // exact, case-insensitive
	Action   string
	Entity   string
	EntityID string
	IP       string // the address or its beginning ("10.1.")
	// From and To bound the time: From <= at < To.
	From, To      time.Time
	Limit, Offset int
}

// Page normalises Limit and Offset as kampungkb.Filter.Page does.
func (f AuditFilter) Page() (limit, offset int) {
	return kampungkb.Filter{Limit: f.Limit, Offset: f.Offset}.Page()
}

const auditCols = `id, at, username, COALESCE(user_id, 0), ip, action, entity, entity_id, summary, before, after`

func scanAudit(s interface{ Scan(...any) error }) (AuditEntry, error) {
	var e AuditEntry
	var before, after sql.NullString
	err := s.Scan(&e.ID, &e.At, &e.Username, &e.UserID, &e.IP, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &before, &after)
	if before.Valid {
		e.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		e.After = json.RawMessage(after.String)
	}
	return e, err
}

// AuditEntries lists audit entries, newest first, with the total for
// paging.
func (db *DB) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	var w where
	if v := strings.TrimSpace(f.Username); v != "" {
		w.add(`lower(username) = lower(?)`, v)
	}
	if f.Action != "" {
		w.add(`action = ?`, f.Action)
	}
	if f.Entity != "" {
		w.add(`entity = ?`, f.Entity)
	}
	if v := strings.TrimSpace(f.EntityID); v != "" {
		w.add(`entity_id = ?`, v)
	}
	if v := strings.TrimSpace(f.IP); v != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
		w.add(`ip LIKE ? ESCAPE '\'`, esc.Replace(v)+"%")
	}
	if !f.From.IsZero() {
		w.add(`at >= ?`, f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add(`at < ?`, f.To.UTC())
	}
	limit, offset := f.Page()
	var out []AuditEntry
	total := 0
	err := db.readTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT count(*) FROM audit`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+auditCols+` FROM audit`+w.String()+` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
			append(w.args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// AuditEntry returns one audit entry.
func (db *DB) AuditEntry(ctx context.Context, id int64) (AuditEntry, error) {
	e, err := scanAudit(db.read().queryRow(ctx, `SELECT `+auditCols+` FROM audit WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("Catatan audit", id)
	}
	return e, err
}
