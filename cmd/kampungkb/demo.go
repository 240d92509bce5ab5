package main

import (
	"context"
	"errors"
	"fmt"

	"kampungkb/demo"

	"kampungkb/sqldb"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "", "Memuat data contoh (NTB, Lombok Timur, Kampung KB Tumbuh Jaya, Muslimat NW, Rumah Kreatif BUMN ...) ke basis data kosong.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	loaded, err := loadDemo(ctx, e, db)
	if err != nil {
		return err
	}
	if !loaded {
		return fmt.Errorf("basis data %s sudah berisi data: data contoh hanya dimuat ke basis data kosong", redact(e.db))
	}
	return nil
}

// loadDemo loads the demo data set when the database holds no Kampung KB,
// partners or activities yet, and reports whether it did.
func loadDemo(ctx context.Context, e *env, db *sqldb.DB) (bool, error) {
	sum, err := demo.Load(ctx, db)
	if errors.Is(err, demo.ErrNotEmpty) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	fmt.Fprintf(e.stdout, "Data contoh dimuat: %s.\n", sum)
	return true, nil
}
