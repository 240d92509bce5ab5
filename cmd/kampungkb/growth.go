package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"kampungkb/growth"
	"kampungkb/sqldb"
)

// growthCommands are the subcommands of "kampungkb growth". zscore is
// registered below; growth_fetch.go registers fetch-tables in its init, so
// neither file needs the other to compile.
var growthCommands = map[string]func(ctx context.Context, e *env, args []string) error{}

func init() { growthCommands["zscore"] = runGrowthZscore }

// runGrowth dispatches "kampungkb growth SUBCOMMAND".
func runGrowth(ctx context.Context, e *env, args []string) error {
	names := make([]string, 0, len(growthCommands))
	for n := range growthCommands {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(e.stderr, "Penggunaan: kampungkb growth PERINTAH [opsi]\nPerintah: %s\nBantuan: kampungkb growth PERINTAH -h\n", strings.Join(names, ", "))
		if len(args) == 0 {
			return fmt.Errorf("%w: sebutkan perintah growth (%s)", errUsage, strings.Join(names, ", "))
		}
		return nil
	}
	run, ok := growthCommands[args[0]]
	if !ok {
		return fmt.Errorf("%w: perintah growth tidak dikenal %q (tersedia: %s)", errUsage, args[0], strings.Join(names, ", "))
	}
	return run(ctx, e, args[1:])
}

// whoTablesDir is where the WHO tables are looked for (formats.md "WHO
// tables"): --who-tables DIR, else $KAMPUNGKB_WHO_TABLES, else who-growth/
// next to the SQLite file, else who-growth/ in the working directory.
func whoTablesDir(e *env, flagDir string) string {
	if flagDir != "" {
		return flagDir
	}
	if d := os.Getenv("KAMPUNGKB_WHO_TABLES"); d != "" {
		return d
	}
	if sqldb.DialectOf(e.db) != sqldb.Postgres {
		d := filepath.Join(filepath.Dir(e.db), "who-growth")
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	return "who-growth"
}

// loadWHOTables loads the tables from dir, saying what to run when they
// are missing or damaged.
func loadWHOTables(dir string) (*growth.Tables, error) {
	t, err := growth.Load(os.DirFS(dir))
	if err == nil {
		return t, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("tabel WHO tidak ditemukan di %s (%v).\n"+
			"Pasang dengan: kampungkb growth fetch-tables\n"+
			"Tanpa internet (salinan di flashdisk): kampungkb growth fetch-tables --from DIR\n"+
			"Atau tunjuk folder yang sudah ada dengan --who-tables DIR atau KAMPUNGKB_WHO_TABLES", dir, err)
	}
	return nil, fmt.Errorf("tabel WHO di %s rusak: %v.\nPasang ulang dengan: kampungkb growth fetch-tables (atau --from DIR)", dir, err)
}
