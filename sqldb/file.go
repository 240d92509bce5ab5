package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"kampungkb"
)

// insertFile stores an uploaded file's bytes in the database (so that a
// copy of the database is a complete backup) and returns its id.
func (tx *Tx) insertFile(ctx context.Context, f *kampungkb.File) error {
	sum := sha256.Sum256(f.Data)
	f.SHA256 = hex.EncodeToString(sum[:])
	f.Size = int64(len(f.Data))
	f.CreatedAt, f.CreatedBy = tx.Now, tx.By
	id, err := tx.insert(ctx, `INSERT INTO files (name, content_type, size, sha256, data, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, tx.Now, tx.By)
	f.ID = id
	return err
}

// deleteFile removes a file no longer referred to.
func (tx *Tx) deleteFile(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `DELETE FROM files WHERE id = ?`, id)
	return err
}

// File returns a stored file with its bytes.
func (db *DB) File(ctx context.Context, id int64) (kampungkb.File, error) {
	var f kampungkb.File
	err := db.read().queryRow(ctx, `SELECT id, name, content_type, size, sha256, data, created_at, created_by FROM files WHERE id = ?`, id).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.Data, &f.CreatedAt, &f.CreatedBy)
	if err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return f, notFound("Berkas", id)
		}
		return f, err
	}
	return f, nil
}
