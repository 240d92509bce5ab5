package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"kampungkb/growth"
)

// growthCommands are the subcommands of "kampungkb growth". zscore is
// registered below; growth_fetch.go registers fetch-tables in its init, so
// neither file needs the other to compile.
var growthCommands = map[string]func(ctx context.Context, e *env, args []string) error{}

func init() {
	growthCommands["zscore"] = runGrowthZscore
	growthCommands["fetch-tables"] = runGrowthFetch
}

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
