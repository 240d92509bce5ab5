// Command kampungkb is the Kampung KB information system: one binary with
// subcommands (formats.md "Command line"). It is the only place that reads
// configuration (flags with environment fallbacks) and wires the packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones on machines without a zoneinfo database

	"kampungkb/sqldb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("KAMPUNGKB_CPUPROFILE"), os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the command to path (none when
// empty), for `go tool pprof`: how imports and builds were measured
// (README, "Benchmarks"). It returns the function that finishes it.
func startProfile(path string, stderr io.Writer) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "kampungkb: profil CPU %s: %v\n", path, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// Exit codes (formats.md): 0 success, 1 user error, 2 usage error.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// errUsage marks usage errors (exit 2).
var errUsage = errors.New("usage")

// env holds what every command gets.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	db             string // DSN: a file path (SQLite) or postgres://...
}

type command struct {
	name, args, help string
	run              func(ctx context.Context, e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "[--addr 127.0.0.1:8080] [--demo]", "web UI dan JSON API", runServe},
		{"migrate", "", "membuat/memperbarui skema basis data", runMigrate},
		{"demo", "", "memuat data contoh ke basis data kosong", runDemo},
		{"import", "regions DIR | families|members|measurements FILE.csv", "impor data: wilayah (folder), keluarga, anggota, pengukuran (CSV)", runImport},
		{"user", "add --username N --role R [--region C]", "membuat akun; reset-password mengatur ulang kata sandi", runUser},
		{"token", "create --username N [--expires 30d]", "mencetak token akses pribadi untuk API", runToken},
		{"report", "indicators --region C [--at D]", "indikator program per wilayah atau Kampung KB (CSV/JSON)", runReport},
		{"rollup", "[--rebuild]", "memperbarui ringkasan indikator per desa (server melakukannya otomatis)", runRollup},
		{"growth", "zscore|fetch-tables [opsi]", "z-skor WHO untuk berkas CSV; memasang tabel WHO", runGrowth},
		{"gen", "--scale S --seed N --out DIR", "data keluarga sintetis untuk uji (families, members, measurements)", runGen},
		{"backup", "FILE [--force]", "menyalin basis data SQLite dengan aman selagi server berjalan (PostgreSQL: pg_dump)", runBackup},
		{"restore", "FILE", "mengganti basis data SQLite dengan cadangan; yang lama disimpan (PostgreSQL: pg_restore)", runRestore},
		{"bench", "get|writes|scan [opsi]", "mengukur server yang berjalan dengan pembangkit beban terbatas (scripts/bench)", runBench},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Penggunaan: kampungkb [--db DSN] PERINTAH [opsi]")
	fmt.Fprintln(w, "\nPerintah:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %-40s %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\n--db (env KAMPUNGKB_DB): path berkas SQLite (bawaan kampungkb.db) atau postgres://...")
	fmt.Fprintln(w, "Bantuan tiap perintah: kampungkb PERINTAH -h")
}

// run is main without the process: testable.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, db: envOr("KAMPUNGKB_DB", "kampungkb.db")}
	global := flag.NewFlagSet("kampungkb", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.StringVar(&e.db, "db", e.db, "basis data: path SQLite atau postgres://... (env KAMPUNGKB_DB)")
	global.Usage = func() { usage(stderr) }
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := rest[0]
	if name == "help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			err := c.run(ctx, e, rest[1:])
			return report(stderr, err)
		}
	}
	fmt.Fprintf(stderr, "kampungkb: perintah tidak dikenal %q\n\n", name)
	usage(stderr)
	return exitUsage
}

// report prints err for a person and returns the exit code.
func report(w io.Writer, err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		if msg := strings.TrimPrefix(err.Error(), "usage: "); msg != "usage" {
			fmt.Fprintln(w, "kampungkb:", msg)
		}
		return exitUsage
	}
	fmt.Fprintln(w, "kampungkb:", err)
	return exitError
}

// newFlags returns a subcommand's flag set; --db is accepted after the
// subcommand too.
func newFlags(e *env, name, args, help string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.db, "db", e.db, "basis data: path SQLite atau postgres://... (env KAMPUNGKB_DB)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Penggunaan: kampungkb %s %s\n%s\n\nOpsi:\n", name, args, help)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// defaultTimezone is WITA, the time zone of Nusa Tenggara Barat where the
// programme's seed data come from; --timezone / KAMPUNGKB_TIMEZONE change it.
const defaultTimezone = "Asia/Makassar"

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// openDB opens and migrates the configured database.
func (e *env) openDB(ctx context.Context) (*sqldb.DB, error) {
	db, err := sqldb.OpenMigrated(ctx, e.db)
	if err != nil {
		return nil, fmt.Errorf("buka basis data %s: %w", redact(e.db), err)
	}
	if loc, err := time.LoadLocation(envOr("KAMPUNGKB_TIMEZONE", defaultTimezone)); err == nil {
		db.Location = loc
	}
	return db, nil
}

// redact hides a password in a DSN before printing it.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			cred := dsn[i+3 : at]
			if c := strings.IndexByte(cred, ':'); c >= 0 {
				return dsn[:i+3] + cred[:c] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "", "Membuat atau memperbarui skema basis data.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, e.db)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "Skema %s sudah mutakhir.\n", db.Dialect())
	}
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "Diterapkan: %s\n", m)
	}
	return nil
}
