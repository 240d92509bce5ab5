package importer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/importer"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

func TestRun(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		testutil.MustLoadRegions(t, db, "52.03")
		ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
		fams := "family_id,village_code\nA1,52.03.13.2007\nA2,52.03.13.2001\n"
		res, err := importer.Run(ctx, db, "families", strings.NewReader(fams), "f.csv", importer.Options{DryRun: true})
		if err != nil || res.Inserted != 2 || res.Children != -1 {
			t.Fatalf("dry run: %+v %v", res, err)
		}
		if got := res.Summary("families", true); got != "Uji coba impor keluarga, tidak ada yang disimpan: 2 dibaca, 2 akan ditambahkan, 0 akan diperbarui, 0 tidak berubah." {
			t.Errorf("summary: %s", got)
		}
		// the capture scope: a row of another village is a row error and nothing is stored
		in := func(v string) bool { return v == "52.03.13.2007" }
		_, err = importer.Run(ctx, db, "families", strings.NewReader(fams), "f.csv", importer.Options{InScope: in})
		var rows exchange.RowErrors
		if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Line != 3 || rows[0].Column != "village_code" {
			t.Fatalf("out of scope: %v", err)
		}
		if _, n, _ := db.Families(ctx, kampungkb.Filter{Limit: 1}); n != 0 {
			t.Fatalf("%d families stored after a refused import", n)
		}
		if res, err = importer.Run(ctx, db, "families", strings.NewReader(fams), "f.csv", importer.Options{}); err != nil || res.Inserted != 2 {
			t.Fatalf("import: %+v %v", res, err)
		}
		// measurements need the WHO tables; an unknown kind is refused
		_, err = importer.Run(ctx, db, "measurements", strings.NewReader("family_id,member_no,date\n"), "m.csv", importer.Options{})
		if kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Errorf("measurements without tables: %v", err)
		}
		if _, err = importer.Run(ctx, db, "regions", strings.NewReader(""), "r.csv", importer.Options{}); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("unknown kind: %v", err)
		}
	})
}
