package sqldb

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestStmtCacheUnderConcurrentWrites runs writers and readers that each
// send statements the cache has not seen, so that statements are prepared
// after transactions while other transactions hold the one writer
// connection and ask the cache: a lock held while preparing deadlocked
// them (found by scripts/bench at NTB scale).
func TestStmtCacheUnderConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "stmt.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE t (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 200 {
					q := fmt.Sprintf(`INSERT INTO t (n) VALUES (? + %d)`, (g*200+i)%300) // repeats: hits and misses
					if err := db.write(ctx, func(tx *Tx) error {
						_, err := tx.exec(ctx, q, i)
						return err
					}); err != nil {
						t.Error(err)
						return
					}
					var n int
					if err := db.readTx(ctx, func(tx *Tx) error {
						return tx.queryRow(ctx, fmt.Sprintf(`SELECT count(*) + %d FROM t`, i%50)).Scan(&n)
					}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("writers still waiting after 60 s: deadlock in the statement cache") // db left open: closing would wait too
	}
	defer db.Close()
	var n int
	if err := db.read().queryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 1600 {
		t.Errorf("rows %d, want 1600: %v", n, err)
	}
	if len(db.wstmts.m) == 0 || len(db.wstmts.m) > stmtMax {
		t.Errorf("%d cached writer statements", len(db.wstmts.m))
	}
}
