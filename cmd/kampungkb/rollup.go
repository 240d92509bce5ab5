package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"kampungkb"
	"kampungkb/rollup"
)

// runRollup brings the roll-ups (package rollup) up to date: the kept
// dates that are missing are built, and the villages changed since their
// last build are refreshed; --rebuild recomputes everything. A running
// server does the same by itself; this command is for a database without
// a server (after an import) and for measuring a full rebuild.
func runRollup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "rollup", "[--rebuild]",
		"Memperbarui ringkasan indikator per desa dan Kampung KB (roll-up) yang dibaca dasbor: tanggal hari ini dan akhir\n12 bulan sebelumnya. Server memperbaruinya sendiri; perintah ini untuk basis data tanpa server yang berjalan.")
	rebuild := fs.Bool("rebuild", false, "hitung ulang semua desa pada semua tanggal")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: argumen tidak dikenal %q", errUsage, fs.Arg(0))
	}
	// A build streams every family once; fewer garbage collections make
	// it faster (as for report indicators), and memory stays bounded by
	// the stream.
	debug.SetGCPercent(400)
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *rebuild {
		st, err := rollup.Rebuild(ctx, db, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Roll-up dibangun ulang: %s.\n", st)
		return nil
	}
	w := &rollup.Worker{DB: db, Logf: func(format string, args ...any) { fmt.Fprintf(e.stdout, format+"\n", args...) }}
	if err := w.Step(ctx); err != nil {
		return err
	}
	n, err := db.PendingVillages(ctx, "", "")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Roll-up mutakhir (%d desa menunggu).\n", n)
	return nil
}
