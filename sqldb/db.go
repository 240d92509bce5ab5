// Package sqldb is the one SQL layer of kampungkb, over database/sql, for
// SQLite (modernc.org/sqlite, the default) and PostgreSQL (pgx). SQL is
// written once with ? placeholders; the dialect rewrites them for
// PostgreSQL. Storage persists; validation and rules live in the domain
// package kampungkb.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kampungkb"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names a database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. For SQLite it holds one writer connection and a
// pool of readers (WAL lets them read while the writer writes); for
// PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	w, r    *sql.DB
	source  string // file path for SQLite, DSN for PostgreSQL

	// Now returns the current time; tests replace it. Every write
	// transaction reads it once.
	Now func() time.Time
	// Location is the time zone of "today" for rules that depend on the
	// date (agreement status, dates not in the future); the server sets
	// it, like the web layer's, from --timezone.
	Location *time.Location

	rebindMu sync.Mutex
	rebinds  map[string]string

	// generation counts committed changes of data (not audit entries of
	// views), so that caches of computed reports know when to recompute.
	generation atomic.Uint64

	// rollupSignal wakes the roll-up worker after a change that marked
	// villages dirty (rollup_dirty.go).
	rollupSignal chan struct{}

	// wstmts and rstmts keep SQLite's prepared statements of the writer
	// and the readers (stmt.go); nil for PostgreSQL, whose driver keeps
	// its own.
	wstmts, rstmts *stmtCache

	// tokens caches checked access tokens (TokenUser); authGen grows with
	// every committed change of accounts or tokens, which voids it.
	tokens  sync.Map // token hash -> cachedToken
	authGen atomic.Uint64
}

// Generation returns a number that grows with every committed change of
// data made through this DB (audit entries of views and downloads do not
// count). Reports computed at one generation are still right while it
// stays the same; changes made by another process are not seen.
func (db *DB) Generation() uint64 { return db.generation.Load() }

// DialectOf returns the engine a DSN selects: postgres:// and
// postgresql:// mean PostgreSQL, anything else is a SQLite file path.
func DialectOf(dsn string) Dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// Open opens the database named by dsn without migrating it.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{dialect: DialectOf(dsn), source: dsn, Now: time.Now, Location: time.Local, rebinds: map[string]string{},
		rollupSignal: make(chan struct{}, 1)}
	switch db.dialect {
	case Postgres:
		p, err := sql.Open("pgx", pgDSN(dsn))
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		p.SetMaxOpenConns(16)
		p.SetMaxIdleConns(8)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.w, db.r = p, p
	default:
		path := strings.TrimPrefix(dsn, "file:")
		if dir := filepath.Dir(path); dir != "" {
			if _, err := os.Stat(dir); err != nil {
				return nil, fmt.Errorf("open %s: folder %s does not exist", path, dir)
			}
		}
		db.source = path
		w, err := sql.Open("sqlite", sqliteDSN(path, false))
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetConnMaxIdleTime(0)
		r, err := sql.Open("sqlite", sqliteDSN(path, true))
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(4)
		db.w, db.r = w, r
		db.wstmts, db.rstmts = newStmtCache(w), newStmtCache(r)
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", db.dialect, err)
	}
	return db, nil
}

// pgDSN adds plan_cache_mode=force_custom_plan unless the DSN sets it:
// pgx prepares and caches statements, and after five runs PostgreSQL may
// switch to a generic plan that ignores the region-range and date
// parameters (measured: 5x slower partner summaries).
func pgDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if q.Get("plan_cache_mode") == "" {
		q.Set("plan_cache_mode", "force_custom_plan")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// sqliteDSN puts the pragmas in the DSN so every pooled connection has them:
// busy_timeout first, then WAL, foreign keys and synchronous=NORMAL.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	db.wstmts.close()
	db.rstmts.close()
	var err error
	if db.w != nil {
		err = db.w.Close()
	}
	if db.r != nil && db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Today returns the current date in the database's Location.
func (db *DB) Today() kampungkb.Date {
	loc := db.Location
	if loc == nil {
		loc = time.Local
	}
	return kampungkb.DateOf(db.Now().In(loc))
}

// Dialect returns the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Source returns the SQLite file path or the PostgreSQL DSN.
func (db *DB) Source() string { return db.source }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// rebind rewrites ? placeholders to $1, $2 ... for PostgreSQL. Queries are
// constants or built from constants, so results are cached. Placeholders
// inside string literals are not supported (we never write them).
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	db.rebindMu.Lock()
	defer db.rebindMu.Unlock()
	if r, ok := db.rebinds[q]; ok {
		return r
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	r := b.String()
	if len(db.rebinds) < 10000 {
		db.rebinds[q] = r
	}
	return r
}

// args converts argument values for the engine: times go to SQLite as
// UTC text that sorts correctly.
func (db *DB) args(args []any) []any {
	if db.dialect != SQLite {
		return args
	}
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = t.UTC().Format("2006-01-02 15:04:05.000000Z07:00")
		}
	}
	return args
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a transaction with the dialect's rewriting and a fixed now.
type Tx struct {
	db *DB
	q  querier
	// stmts are the prepared statements of q's pool (nil: none); sqlTx
	// is q when q is a transaction.
	stmts   *stmtCache
	sqlTx   *sql.Tx
	pending []string // statements to prepare after the transaction
	// authChanged: the transaction changed accounts or tokens (voids
	// the token cache on commit).
	authChanged bool
	Now         time.Time
	By          string // the acting user's name, for created_by/updated_by

	touched bool // villages were marked dirty (rollup_dirty.go)

	// conn is the connection of an import's transaction on PostgreSQL,
	// for COPY (import_copy.go); nil otherwise.
	conn *sql.Conn
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, t.db.args(args)...)
	}
	return t.q.ExecContext(ctx, t.db.rebind(q), t.db.args(args)...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, t.db.args(args)...)
	}
	return t.q.QueryContext(ctx, t.db.rebind(q), t.db.args(args)...)
}

// column runs q on t and returns the values of its one column, in order.
func column[T any](ctx context.Context, t *Tx, q string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, t.db.args(args)...)
	}
	return t.q.QueryRowContext(ctx, t.db.rebind(q), t.db.args(args)...)
}

// stmt returns q prepared, for this transaction when t is one, or nil
// when q is not cached (the caller then sends the text).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	st := t.stmts.get(ctx, t.db.rebind(q), t.sqlTx != nil, &t.pending)
	if st == nil || t.sqlTx == nil {
		return st
	}
	return t.sqlTx.StmtContext(ctx, st)
}

// insert runs an INSERT ... RETURNING id and returns the id.
func (t *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// write runs fn in a write transaction and commits when fn returns nil.
func (db *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	if err := db.writeOnly(ctx, fn); err != nil {
		return err
	}
	db.generation.Add(1)
	return nil
}

// writeOnly is write without counting a change of data (audit entries).
func (db *DB) writeOnly(ctx context.Context, fn func(tx *Tx) error) error {
	return db.writeOn(ctx, nil, fn)
}

// writeOn is writeOnly on a given connection of the writer pool (nil: any).
func (db *DB) writeOn(ctx context.Context, conn *sql.Conn, fn func(tx *Tx) error) error {
	var sqlTx *sql.Tx
	var err error
	if conn != nil {
		sqlTx, err = conn.BeginTx(ctx, nil)
	} else {
		sqlTx, err = db.w.BeginTx(ctx, nil)
	}
	if err != nil {
		return classify(err)
	}
	tx := &Tx{db: db, q: sqlTx, stmts: db.wstmts, sqlTx: sqlTx, Now: db.Now().UTC().Truncate(time.Microsecond),
		By: kampungkb.ActorName(ctx), conn: conn}
	defer func() { db.wstmts.prepareAll(ctx, tx.pending) }()
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return classify(err)
	}
	if tx.authChanged {
		// before and after the commit: a lookup that read the old state
		// cannot store it under the new generation
		db.authGen.Add(1)
		defer db.authGen.Add(1)
	}
	if err := sqlTx.Commit(); err != nil {
		return classify(err)
	}
	if tx.touched {
		db.signalRollup()
	}
	return nil
}

// read returns a Tx-like reader over the reader pool (no transaction).
func (db *DB) read() *Tx {
	return &Tx{db: db, q: db.r, stmts: db.rstmts, Now: db.Now().UTC()}
}

// readTx runs fn in a read-only snapshot (a transaction on the readers).
func (db *DB) readTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect == Postgres})
	if err != nil {
		return classify(err)
	}
	tx := &Tx{db: db, q: sqlTx, stmts: db.rstmts, sqlTx: sqlTx, Now: db.Now().UTC()}
	defer func() {
		sqlTx.Rollback()
		db.rstmts.prepareAll(ctx, tx.pending)
	}()
	return classify(fn(tx))
}

// classify turns driver errors into domain errors by code, never by text:
// unique violations are Conflict, foreign-key and check violations Invalid,
// sql.ErrNoRows NotFound.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var de *kampungkb.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Data tidak ditemukan.", Err: err}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: "Data yang sama sudah ada.", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: "Data masih dirujuk oleh data lain, atau merujuk data yang tidak ada.", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Data tidak memenuhi aturan penyimpanan.", Err: err}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: "Data yang sama sudah ada.", Err: err}
		case "23503":
			return &kampungkb.Error{Kind: kampungkb.Conflict, Message: "Data masih dirujuk oleh data lain, atau merujuk data yang tidak ada.", Err: err}
		case "23514", "23502":
			return &kampungkb.Error{Kind: kampungkb.Invalid, Message: "Data tidak memenuhi aturan penyimpanan.", Err: err}
		}
	}
	return err
}

// notFound returns a NotFound error for an entity.
func notFound(what string, id any) error {
	return &kampungkb.Error{Kind: kampungkb.NotFound, Message: fmt.Sprintf("%s %v tidak ditemukan.", what, id)}
}

// regionRange returns a condition selecting col in region code (the region
// itself and everything below it) as an index-friendly range: codes below
// 52.03 lie in ["52.03.", "52.03/") since '/' follows '.' in byte order.
func regionRange(col, code string) (string, []any) {
	return "(" + col + " = ? OR (" + col + " >= ? AND " + col + " < ?))", []any{code, code + ".", code + "/"}
}

// likeQ returns a LIKE pattern matching s anywhere, with LIKE's special
// characters escaped (use with ESCAPE '\').
func likeQ(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(strings.TrimSpace(s))) + "%"
}

// where builds a WHERE clause from conditions.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// problemsOf returns the field problems of a validation error, so that
// storage checks (unknown references) can add theirs and the user sees
// every message at once. Other errors are returned as they are.
func problemsOf(err error) (kampungkb.Problems, error) {
	if err == nil {
		return kampungkb.Problems{}, nil
	}
	var e *kampungkb.Error
	if errors.As(err, &e) && e.Kind == kampungkb.Invalid && len(e.Fields) > 0 {
		p := kampungkb.Problems{}
		for k, v := range e.Fields {
			p[k] = v
		}
		return p, nil
	}
	return nil, err
}
