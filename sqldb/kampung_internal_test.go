package sqldb

import "context"

// KampungTestInsert runs an INSERT in a write transaction and returns the
// new row's id. It exists only in tests, to create the activities,
// contributions and agreements referring to a Kampung KB before their own
// storage functions are written, and is exported for package sqldb_test.
func (db *DB) KampungTestInsert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.insert(ctx, q, args...)
		return err
	})
	return id, err
}

// KampungTestExec runs a statement in a write transaction, for tests (see
// KampungTestInsert).
func (db *DB) KampungTestExec(ctx context.Context, q string, args ...any) error {
	return db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, q, args...)
		return err
	})
}
