package sqldb

import (
	"context"
	"strings"
)

// Villages whose roll-ups are out of date (migration 0006): every change of
// families, members, children or measurements marks the villages it
// touches in the same transaction, so that a roll-up is never silently
// stale, whoever changed the data (this server, another one, the command
// line). Package rollup rebuilds marked villages and clears their marks.

// touchSQL marks one village; gen grows with every mark.
const touchSQL = `INSERT INTO rollup_dirty (village_code, gen) VALUES (?, 1)
	ON CONFLICT (village_code) DO UPDATE SET gen = rollup_dirty.gen + 1`

// touchVillages marks villages (desa codes) dirty. Empty codes are
// skipped, duplicates marked once.
func (tx *Tx) touchVillages(ctx context.Context, codes ...string) error {
	seen := make(map[string]bool, len(codes))
	for _, c := range codes {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		if _, err := tx.exec(ctx, touchSQL, c); err != nil {
			return err
		}
	}
	if len(seen) > 0 {
		tx.touched = true
	}
	return nil
}

// touchFamilies marks the villages of families (by family_id) dirty, in
// batches of touchBatch ids.
func (tx *Tx) touchFamilies(ctx context.Context, familyIDs ...string) error {
	for len(familyIDs) > 0 {
		n := min(len(familyIDs), touchBatch)
		args := make([]any, n)
		for i, id := range familyIDs[:n] {
			args[i] = id
		}
		res, err := tx.exec(ctx, `INSERT INTO rollup_dirty (village_code, gen)
			SELECT DISTINCT village_code, 1 FROM families WHERE family_id IN (?`+strings.Repeat(", ?", n-1)+`)
			ON CONFLICT (village_code) DO UPDATE SET gen = rollup_dirty.gen + 1`, args...)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			tx.touched = true
		}
		familyIDs = familyIDs[n:]
	}
	return nil
}

// touchAllFamilies marks every village that has families or roll-up
// rows (a village whose last family moved away): for imports that changed
// too many families to list.
func (tx *Tx) touchAllFamilies(ctx context.Context) error {
	_, err := tx.exec(ctx, `INSERT INTO rollup_dirty (village_code, gen)
		SELECT village_code, 1 FROM (SELECT DISTINCT village_code FROM families
			UNION SELECT DISTINCT village_code FROM village_indicators) v WHERE TRUE
		ON CONFLICT (village_code) DO UPDATE SET gen = rollup_dirty.gen + 1`)
	tx.touched = true
	return err
}

// familyToucher collects the families an import changed and marks their
// villages at the end: by id up to touchListMax families, else every
// village with families.
type familyToucher struct {
	ids  []string
	seen map[string]bool
	all  bool
}

// touchListMax is the number of changed families above which an import
// marks every village instead of listing them.
const touchListMax = 20000

func (t *familyToucher) add(familyID string) {
	if t.all {
		return
	}
	if t.seen == nil {
		t.seen = map[string]bool{}
	}
	if t.seen[familyID] {
		return
	}
	if len(t.ids) == touchListMax {
		t.all, t.ids, t.seen = true, nil, nil
		return
	}
	t.seen[familyID] = true
	t.ids = append(t.ids, familyID)
}

// touch marks the villages; call it after the changes are written (a
// family's village is read from the families table).
func (t *familyToucher) touch(ctx context.Context, tx *Tx) error {
	if t.all {
		return tx.touchAllFamilies(ctx)
	}
	return tx.touchFamilies(ctx, t.ids...)
}

// touchBatch is the number of family ids marked in one statement.
const touchBatch = 500

// Dirty is a village's change count (gen) as a roll-up build saw it
// before reading the village: WriteRollups records it as built.
type Dirty struct {
	VillageCode string
	Gen         int64
}

// DirtyVillages returns up to limit villages in region ("": all) whose
// roll-ups are out of date (limit ≤ 0: all), with their change counts.
func (db *DB) DirtyVillages(ctx context.Context, region string, limit int) ([]Dirty, error) {
	w := where{}
	w.add(`gen > built_gen`)
	w.inRegion("village_code", region)
	q := `SELECT village_code, gen FROM rollup_dirty` + w.String() + ` ORDER BY village_code`
	args := w.args
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.read().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dirty
	for rows.Next() {
		var d Dirty
		if err := rows.Scan(&d.VillageCode, &d.Gen); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RollupChanged returns a channel that receives a value (without blocking
// the writer: one pending value at most) after every committed
// transaction that marked villages dirty in this process.
func (db *DB) RollupChanged() <-chan struct{} { return db.rollupSignal }

// signalRollup wakes a roll-up worker waiting on RollupChanged.
func (db *DB) signalRollup() {
	select {
	case db.rollupSignal <- struct{}{}:
	default:
	}
}

// touchChildVillage marks the village of a child record.
func (tx *Tx) touchChildVillage(ctx context.Context, childID int64) error {
	var village string
	if err := tx.queryRow(ctx, `SELECT village_code FROM children WHERE id = ?`, childID).Scan(&village); err != nil {
		return err
	}
	return tx.touchVillages(ctx, village)
}
