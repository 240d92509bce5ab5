package main

import (
	"context"
	"errors"
	"fmt"
	"kampungkb/rollup"
	"log/slog"
	"net"
	"net/http"
	"time"

	"kampungkb"
	"kampungkb/demo"
	"kampungkb/growth"
	"kampungkb/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--addr 127.0.0.1:8080] [--demo]", "Menjalankan web UI dan JSON API.")
	addr := fs.String("addr", envOr("KAMPUNGKB_ADDR", "127.0.0.1:8080"), "alamat dan port (env KAMPUNGKB_ADDR)")
	demoFlag := fs.Bool("demo", false, "muat data contoh bila basis data masih kosong")
	tz := fs.String("timezone", envOr("KAMPUNGKB_TIMEZONE", defaultTimezone), "zona waktu untuk \"hari ini\" (env KAMPUNGKB_TIMEZONE): Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)")
	verbose := fs.Bool("v", false, "catat setiap permintaan")
	behindProxy := fs.Bool("behind-proxy", envOr("KAMPUNGKB_BEHIND_PROXY", "") == "1", "di belakang reverse proxy TLS: percayai X-Forwarded-For/Proto dan tandai cookie Secure (env KAMPUNGKB_BEHIND_PROXY=1)")
	tlsCert := fs.String("tls-cert", envOr("KAMPUNGKB_TLS_CERT", ""), "berkas sertifikat TLS (PEM)")
	tlsKey := fs.String("tls-key", envOr("KAMPUNGKB_TLS_KEY", ""), "berkas kunci TLS (PEM)")
	idle := fs.Duration("session-idle", 2*time.Hour, "sesi berakhir setelah tidak aktif selama ini")
	maxAge := fs.Duration("session-max", 12*time.Hour, "sesi berakhir paling lama setelah ini sejak masuk")
	whoTables := fs.String("who-tables", "", "folder tabel pertumbuhan WHO (env KAMPUNGKB_WHO_TABLES; bawaan: who-growth di samping berkas SQLite, lalu di folder kerja)")
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
	useTLS := *tlsCert != "" || *tlsKey != ""
	if useTLS && (*tlsCert == "" || *tlsKey == "") {
		return fmt.Errorf("%w: --tls-cert dan --tls-key harus diisi bersama", errUsage)
	}
	if !isLoopback(host) && !useTLS && !*behindProxy {
		return fmt.Errorf("server menolak mendengarkan di %s tanpa TLS: data pribadi tidak boleh lewat jaringan tanpa enkripsi. "+
			"Pakai --tls-cert dan --tls-key, atau jalankan di belakang reverse proxy TLS dengan --behind-proxy (lihat README), "+
			"atau dengarkan di 127.0.0.1", *addr)
	}
	tables, err := findWHOTables(e, *whoTables)
	var growthTables *growth.Tables
	if errors.Is(err, growth.ErrNoTables) {
		fmt.Fprintln(e.stderr, "Catatan:", err) // what to run; everything but z-scores works
	} else if err != nil {
		return err
	} else if growthTables, err = loadWHOTables(tables); err != nil {
		return err
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
		accounts, err := demo.Accounts(ctx, db)
		if err != nil {
			fmt.Fprintln(e.stderr, "Akun contoh tidak dibuat:", err)
		} else {
			fmt.Fprintf(e.stdout, "Akun contoh (kata sandi semuanya: %s):\n", demo.Password)
			for _, a := range accounts {
				fmt.Fprintf(e.stdout, "  %-20s %-16s %s\n", a.Username, a.Role, a.Scope)
			}
		}
	} else if n, err := db.CountUsers(ctx); err == nil && n == 0 {
		fmt.Fprintln(e.stderr, "Belum ada akun. Buat admin pertama: kampungkb user add --username admin --role admin")
	}
	if *demoFlag && growthTables != nil {
		if n, err := demo.Children(ctx, db, growthTables); err != nil {
			return err
		} else if n > 0 {
			fmt.Fprintf(e.stdout, "Data contoh anak dimuat: %d anak dengan pengukuran posyandu.\n", n)
		}
	}
	if *demoFlag {
		var g demo.Growth
		if growthTables != nil {
			g = growthTables
		}
		if fs, err := demo.Families(ctx, db, g); err != nil {
			return err
		} else if fs.Families > 0 {
			measured := kampungkb.FormatInt(int64(fs.Measurements)) + " pengukuran"
			if g == nil {
				measured = "pengukuran tidak dimuat (tabel WHO belum terpasang)"
			}
			fmt.Fprintf(e.stdout, "Data contoh keluarga dimuat (sintetis, 5 desa Kecamatan Suralaga): %s keluarga, %s anggota, %s.\n",
				kampungkb.FormatInt(int64(fs.Families)), kampungkb.FormatInt(int64(fs.Members)), measured)
		}
	}
	opts := web.Options{Logger: log, Location: loc, BehindProxy: *behindProxy, SecureCookies: useTLS,
		SessionIdle: *idle, SessionMax: *maxAge, WHOTables: tables, RollupWorker: true}
	if growthTables != nil {
		opts.Scorer, opts.Charts = growthTables.Score, growthTables
	}
	srv, err := web.New(db, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("tidak bisa mendengarkan di %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 1 << 20}
	scheme := "http"
	if useTLS {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "kampungkb siap di %s://%s/ (basis data %s: %s). Tekan Ctrl+C untuk berhenti.\n", scheme, ln.Addr(), db.Dialect(), redact(e.db))
	// The roll-up worker keeps the village indicators the dashboards read
	// up to date (package rollup): it builds the kept dates on the first
	// start and each new day, and refreshes a village as soon as a change
	// to it commits.
	wctx, stopWorker := context.WithCancel(ctx)
	defer stopWorker()
	worker := &rollup.Worker{DB: db, Logf: func(format string, args ...any) { log.Info(fmt.Sprintf(format, args...)) }}
	go worker.Run(kampungkb.WithActor(wctx, kampungkb.SystemActor))
	errc := make(chan error, 1)
	go func() {
		if useTLS {
			errc <- hs.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
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
