package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"kampungkb"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// How imports write (issue "imports at NTB scale"): the import decides in
// Go which rows are new, changed or unchanged (import_family.go), and a
// rowWriter writes the new and changed ones: on SQLite as multi-row
// upserts (an in-process B-tree insert is as fast as anything SQLite
// offers), on PostgreSQL through COPY, new rows straight into the table
// and changed rows into a temporary staging table that one UPDATE ... FROM
// applies at the end. Both run inside the import's one transaction, so a
// failing COPY rolls everything back.

// rowWriter writes the rows of one table for an import.
type rowWriter interface {
	// insert writes a new row; args follow the insert columns.
	insert(ctx context.Context, args ...any) error
	// update writes a changed row; args follow the update columns.
	update(ctx context.Context, args ...any) error
	// flush writes everything buffered and applies the updates.
	flush(ctx context.Context) error
	close()
}

// tableSpec describes how an import writes a table.
type tableSpec struct {
	table      string
	insertCols []string
	// conflict is the SQLite upsert's ON CONFLICT clause; empty when new
	// rows are plain inserts and updates go by id (updateSQL).
	conflict string
	// updateCols are the columns of an update row; the first ones form
	// the key (keyCols of them).
	updateCols []string
	keyCols    int
	// set is the SET list of PostgreSQL's UPDATE ... FROM staging, with
	// s. naming the new values and t. the stored row. (SQLite's updates
	// by key set every update column.)
	set   string
	batch int // rows per SQLite multi-row statement
}

// writer returns the engine's rowWriter for spec.
func (tx *Tx) writer(spec tableSpec) rowWriter {
	if tx.conn != nil {
		return &copyWriter{tx: tx, spec: spec}
	}
	w := &sqliteWriter{tx: tx, spec: spec}
	suffix := ""
	if spec.conflict != "" {
		suffix = " " + spec.conflict
	}
	w.b = newBatcher(tx, `INSERT INTO `+spec.table+` (`+strings.Join(spec.insertCols, ", ")+`) VALUES `, suffix,
		len(spec.insertCols), spec.batch)
	return w
}

// sqliteWriter upserts in multi-row statements; updates keyed by id (no
// conflict clause) run one UPDATE each.
type sqliteWriter struct {
	tx   *Tx
	spec tableSpec
	b    *batcher
	upd  *sql.Stmt
}

func (w *sqliteWriter) insert(ctx context.Context, args ...any) error { return w.b.add(ctx, args...) }

func (w *sqliteWriter) update(ctx context.Context, args ...any) error {
	if w.spec.conflict != "" {
		return w.b.add(ctx, args...)
	}
	if w.upd == nil {
		var set, where []string
		for _, c := range w.spec.updateCols[w.spec.keyCols:] {
			set = append(set, c+" = ?")
		}
		for _, c := range w.spec.updateCols[:w.spec.keyCols] {
			where = append(where, c+" = ?")
		}
		var err error
		w.upd, err = w.tx.q.(*sql.Tx).PrepareContext(ctx, `UPDATE `+w.spec.table+` SET `+strings.Join(set, ", ")+` WHERE `+strings.Join(where, " AND "))
		if err != nil {
			return err
		}
	}
	k := w.spec.keyCols
	a := append(append([]any{}, args[k:]...), args[:k]...)
	_, err := w.upd.ExecContext(ctx, w.tx.db.args(a)...)
	return err
}

func (w *sqliteWriter) flush(ctx context.Context) error { return w.b.flush(ctx) }

func (w *sqliteWriter) close() {
	w.b.close()
	if w.upd != nil {
		w.upd.Close()
	}
}

// copyBatch is the number of rows per COPY: large enough that the
// statement's round trip does not count, small enough to bound memory.
const copyBatch = 5000

// copyWriter writes through COPY on PostgreSQL.
type copyWriter struct {
	tx       *Tx
	spec     tableSpec
	ins, upd [][]any
	staged   bool // the staging table exists
	updated  bool // rows were staged
}

func (w *copyWriter) insert(ctx context.Context, args ...any) error {
	w.ins = append(w.ins, args)
	if len(w.ins) == copyBatch {
		return w.flushInserts(ctx)
	}
	return nil
}

func (w *copyWriter) update(ctx context.Context, args ...any) error {
	w.upd = append(w.upd, args)
	if len(w.upd) == copyBatch {
		return w.flushUpdates(ctx)
	}
	return nil
}

func (w *copyWriter) stage() string { return "import_" + w.spec.table }

func (w *copyWriter) flushInserts(ctx context.Context) error {
	if len(w.ins) == 0 {
		return nil
	}
	err := w.tx.copyFrom(ctx, w.spec.table, w.spec.insertCols, w.ins)
	clear(w.ins)
	w.ins = w.ins[:0]
	return err
}

func (w *copyWriter) flushUpdates(ctx context.Context) error {
	if len(w.upd) == 0 {
		return nil
	}
	if !w.staged {
		// A staging table with the columns' types and no constraints,
		// dropped at the end of the transaction.
		if _, err := w.tx.exec(ctx, `CREATE TEMP TABLE `+w.stage()+` ON COMMIT DROP AS SELECT `+
			strings.Join(w.spec.updateCols, ", ")+` FROM `+w.spec.table+` WITH NO DATA`); err != nil {
			return err
		}
		w.staged = true
	}
	err := w.tx.copyFrom(ctx, w.stage(), w.spec.updateCols, w.upd)
	clear(w.upd)
	w.upd, w.updated = w.upd[:0], true
	return err
}

func (w *copyWriter) flush(ctx context.Context) error {
	if err := w.flushInserts(ctx); err != nil {
		return err
	}
	if err := w.flushUpdates(ctx); err != nil {
		return err
	}
	if !w.updated {
		return nil
	}
	// A join of many staged rows may hash (importTx turned scans off for
	// the lookups).
	if _, err := w.tx.exec(ctx, `SET LOCAL enable_seqscan = on`); err != nil {
		return err
	}
	var where []string
	for _, c := range w.spec.updateCols[:w.spec.keyCols] {
		where = append(where, "t."+c+" = s."+c)
	}
	_, err := w.tx.exec(ctx, `UPDATE `+w.spec.table+` t SET `+unqualifySet(w.spec.set)+` FROM `+w.stage()+
		` s WHERE `+strings.Join(where, " AND "))
	w.updated = false
	return err
}

func (w *copyWriter) close() {}

// unqualifySet removes the t. of the SET targets ("t.a = s.a" -> "a =
// s.a"); values may still name t.
func unqualifySet(set string) string {
	parts := strings.Split(set, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		parts[i] = strings.TrimPrefix(p, "t.")
	}
	return strings.Join(parts, ", ")
}

// copyFrom runs COPY into table on the transaction's connection.
func (tx *Tx) copyFrom(ctx context.Context, table string, cols []string, rows [][]any) error {
	for _, r := range rows {
		for i, v := range r {
			// pgx encodes DATE columns from time.Time in COPY's binary
			// format, not from a driver.Valuer's text.
			if d, ok := v.(kampungkb.Date); ok {
				if d.IsZero() {
					r[i] = nil
				} else {
					r[i] = d.Time()
				}
			}
		}
	}
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: not a pgx connection", table)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		return nil
	})
}

// inList returns "(?, ?, ...)" and the arguments for keys, padded with the
// last key to a power of two (at least 16) so that a few statement shapes
// serve every chunk: each new text would be rebound, cached and prepared
// anew.
func inList(keys []string) (string, []any) {
	n := 16
	for n < len(keys) {
		n *= 2
	}
	args := make([]any, n)
	for i := range args {
		args[i] = keys[min(i, len(keys)-1)]
	}
	return "(?" + strings.Repeat(", ?", n-1) + ")", args
}
