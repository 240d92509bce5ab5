package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"kampungkb"
	"kampungkb/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--addr 127.0.0.1:8080] [--demo]", "Menjalankan web UI dan JSON API.")
	addr := fs.String("addr", envOr("KAMPUNGKB_ADDR", "127.0.0.1:8080"), "alamat dan port (env KAMPUNGKB_ADDR)")
	demoFlag := fs.Bool("demo", false, "muat data contoh bila basis data masih kosong")
	tz := fs.String("timezone", envOr("KAMPUNGKB_TIMEZONE", defaultTimezone), "zona waktu untuk \"hari ini\" (env KAMPUNGKB_TIMEZONE): Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)")
	verbose := fs.Bool("v", false, "catat setiap permintaan")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("zona waktu %q tidak dikenal", *tz)
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("%w: alamat %q tidak valid (contoh 127.0.0.1:8080)", errUsage, *addr)
	}
	if !isLoopback(host) {
		return fmt.Errorf("server menolak mendengarkan di %s: akun dan hak akses belum tersedia, jadi server hanya boleh melayani komputer ini (127.0.0.1 atau localhost)", *addr)
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Location = loc
	if *demoFlag {
		loaded, err := loadDemo(ctx, e, db)
		if err != nil {
			return err
		}
		if !loaded {
			fmt.Fprintln(e.stderr, "Basis data sudah berisi data; data contoh tidak dimuat ulang.")
		}
	}
	srv, err := web.New(db, web.Options{Logger: log, Location: loc, LocalOnly: true})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("tidak bisa mendengarkan di %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 1 << 20}
	fmt.Fprintf(e.stdout, "kampungkb siap di http://%s/ (basis data %s: %s)\n", ln.Addr(), db.Dialect(), redact(e.db))
	fmt.Fprintln(e.stdout, "Hanya melayani komputer ini (127.0.0.1); akun dan hak akses menyusul. Tekan Ctrl+C untuk berhenti.")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		fmt.Fprintln(e.stderr, "Server berhenti.")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
