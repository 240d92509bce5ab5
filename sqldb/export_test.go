package sqldb

import "context"

// ImportSetting returns a PostgreSQL setting as an import's transaction
// sees it, and as a reader sees it.
func (db *DB) ImportSetting(ctx context.Context, name string) (inImport, outside string, err error) {
	err = db.importTx(ctx, ImportOptions{}, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT current_setting(?)`, name).Scan(&inImport)
	})
	if err != nil {
		return "", "", err
	}
	err = db.read().queryRow(ctx, `SELECT current_setting(?)`, name).Scan(&outside)
	return inImport, outside, err
}
