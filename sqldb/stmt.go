package sqldb

import (
	"context"
	"database/sql"
	"sync"
)

// A statement cache for SQLite. The driver compiles every statement it is
// sent; database/sql does not keep them. For the data-entry API that
// compiling was the largest single cost of a write (about 30 % of CPU in
// BenchmarkAPIWrites), so statements written in the code are prepared
// once per pool and reused, on each connection of the pool and inside
// transactions (sql.Tx.StmtContext reuses a statement already prepared on
// the transaction's connection). PostgreSQL's driver (pgx) caches
// prepared statements itself.

// Statements longer than stmtMaxLen (bulk inserts with many rows, long
// IN lists) are sent as text; the cache holds at most stmtMax statements
// and then prepares no more, so that queries built from varying parts
// cannot grow it without bound.
const (
	stmtMaxLen = 2048
	stmtMax    = 512
)

type stmtCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// get returns q prepared on the pool, or nil: no cache, q too long, the
// cache full, or q failing to prepare (the caller's plain call then
// reports the error). Inside a transaction (inTx), which holds one of the
// pool's connections, a miss is not prepared at once: preparing on the
// pool may need another connection, and the writer pool has only one. The
// transaction sends the text and lists q in pending, for prepareAll after
// it ends.
func (c *stmtCache) get(ctx context.Context, q string, inTx bool, pending *[]string) *sql.Stmt {
	if c == nil || len(q) > stmtMaxLen {
		return nil
	}
	c.mu.Lock()
	st, ok := c.m[q]
	full := len(c.m) >= stmtMax
	c.mu.Unlock()
	switch {
	case ok:
		return st
	case full:
		return nil
	case inTx:
		*pending = append(*pending, q)
		return nil
	}
	return c.prepare(ctx, q)
}

// prepare prepares q on the pool and keeps it. The lock is not held
// while preparing: preparing waits for a connection of the pool, which a
// transaction asking the cache (get) may hold.
func (c *stmtCache) prepare(ctx context.Context, q string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.m[q]
	full := len(c.m) >= stmtMax
	c.mu.Unlock()
	if ok {
		return st
	}
	if full {
		return nil
	}
	st, err := c.pool.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[q]; ok { // prepared meanwhile by another caller
		st.Close()
		return old
	}
	if len(c.m) >= stmtMax {
		st.Close()
		return nil
	}
	c.m[q] = st
	return st
}

// prepareAll prepares the statements a finished transaction missed.
func (c *stmtCache) prepareAll(ctx context.Context, qs []string) {
	for _, q := range qs {
		c.prepare(ctx, q)
	}
}

// close closes the cached statements.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
