package sqldb

// Test-only helpers for the activity, contribution and coverage tests: they
// insert Kampung KB and agreement rows with plain SQL, since the storage of
// those records lives elsewhere, and seed activities in bulk for benchmarks.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"kampungkb"
)

// SeedKampung inserts a Kampung KB in village (dotted code) and returns its id.
func SeedKampung(tb testing.TB, db *DB, name, village string) int64 {
	tb.Helper()
	var id int64
	err := db.write(context.Background(), func(tx *Tx) error {
		var err error
		id, err = tx.insert(context.Background(), `INSERT INTO kampung (name, village_code, coverage, launch_date,
			archived, version, created_at, updated_at, created_by, updated_by) VALUES (?, ?, 'desa', ?, ?, 1, ?, ?, 'test', 'test')`,
			name, village, kampungkb.MustDate("2019-06-01"), false, tx.Now, tx.Now)
		return err
	})
	if err != nil {
		tb.Fatalf("seed kampung %s: %v", name, err)
	}
	return id
}

// SeedArchiveKampung archives a Kampung KB.
func SeedArchiveKampung(tb testing.TB, db *DB, id int64) {
	tb.Helper()
	if err := db.SetKampungArchived(context.Background(), id, true); err != nil {
		tb.Fatal(err)
	}
}

// SeedAgreement inserts an agreement valid from..to (to may be "") with the
// partners as parties, plus a government party for region when given, and
// returns its id.
func SeedAgreement(tb testing.TB, db *DB, title, from, to string, region string, partners ...int64) int64 {
	tb.Helper()
	var id int64
	ctx := context.Background()
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.insert(ctx, `INSERT INTO agreements (type, title, signed_on, valid_from, valid_to, archived, version,
			created_at, updated_at, created_by, updated_by) VALUES ('mou', ?, ?, ?, ?, ?, 1, ?, ?, 'test', 'test')`,
			title, kampungkb.MustDate(from), kampungkb.MustDate(from), kampungkb.MustDate(to), false, tx.Now, tx.Now)
		if err != nil {
			return err
		}
		for i, p := range partners {
			if _, err := tx.exec(ctx, `INSERT INTO agreement_parties (agreement_id, position, kind, partner_id) VALUES (?, ?, 'mitra', ?)`,
				id, i, p); err != nil {
				return err
			}
		}
		if region != "" {
			_, err = tx.exec(ctx, `INSERT INTO agreement_parties (agreement_id, position, kind, region_code, name) VALUES (?, ?, 'opd_kb', ?, 'DP3AKB')`,
				id, len(partners), region)
		}
		return err
	})
	if err != nil {
		tb.Fatalf("seed agreement %s: %v", title, err)
	}
	return id
}

// SeedActivities inserts n activities in one transaction with multi-row
// INSERTs: each in one Kampung KB (every fifth in two), two of three with a
// partner (every tenth with two), dated over four years from 2021.
func SeedActivities(tb testing.TB, db *DB, n int, kampung, partners []int64) {
	tb.Helper()
	ctx := context.Background()
	start := kampungkb.MustDate("2021-01-01")
	err := db.write(ctx, func(tx *Tx) error {
		ids := make([]int64, n)
		const batch = 500
		for i := 0; i < n; i += batch {
			m := min(batch, n-i)
			var b strings.Builder
			b.WriteString(`INSERT INTO activities (title, date, place, category, type, description, version,
				created_at, updated_at, created_by, updated_by) VALUES `)
			var args []any
			for j := i; j < i+m; j++ {
				if j > i {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, 1, ?, ?, 'seed', 'seed')")
				args = append(args, fmt.Sprintf("Kegiatan %06d", j), start.AddDays(j*37%1460), "Balai desa",
					kampungkb.Functions.Items[j%len(kampungkb.Functions.Items)].Code,
					kampungkb.ActivityTypes.Items[j%len(kampungkb.ActivityTypes.Items)].Code,
					"Penyuluhan dan pelayanan bagi keluarga di Kampung KB.", tx.Now, tx.Now)
			}
			b.WriteString(" RETURNING id, title")
			rows, err := tx.query(ctx, b.String(), args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var title string
				if err := rows.Scan(&id, &title); err != nil {
					rows.Close()
					return err
				}
				var j int
				fmt.Sscanf(title, "Kegiatan %d", &j)
				ids[j] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		var links, parts []any
		for j, id := range ids {
			k := j * 7919 % len(kampung)
			links = append(links, id, kampung[k])
			if j%5 == 0 {
				links = append(links, id, kampung[(k+1)%len(kampung)])
			}
			if j%3 != 0 && len(partners) > 0 {
				p := j * 31 % len(partners)
				parts = append(parts, id, partners[p])
				if j%10 == 1 && len(partners) > 1 {
					parts = append(parts, id, partners[(p+1)%len(partners)])
				}
			}
		}
		if err := tx.insertValues(ctx, `INSERT INTO activity_kampung (activity_id, kampung_id)`, 2, links); err != nil {
			return err
		}
		return tx.insertValues(ctx, `INSERT INTO activity_partners (activity_id, partner_id)`, 2, parts)
	})
	if err != nil {
		tb.Fatalf("seed activities: %v", err)
	}
	if db.dialect == Postgres {
		if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	}
}
