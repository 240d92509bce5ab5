package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kampungkb"
)

// ImportResult says what a region import changed.
type ImportResult struct {
	Read      int `json:"read"`
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// regionBatch is the number of rows per multi-row INSERT (5 parameters a
// row stays far below both engines' parameter limits).
const regionBatch = 500

// ImportRegions upserts regions (parents before children) in one
// transaction: all or nothing. Existing regions missing from the input are
// kept, so a file that adds new regions (pemekaran) imports the same way;
// changed names are updated; identical rows are left untouched.
func (db *DB) ImportRegions(ctx context.Context, regions []kampungkb.Region) (ImportResult, error) {
	res := ImportResult{Read: len(regions)}
	existing, err := db.regionNames(ctx)
	if err != nil {
		return res, err
	}
	var todo []kampungkb.Region
	for _, r := range regions {
		name, ok := existing[r.Code]
		switch {
		case !ok:
			res.Inserted++
			todo = append(todo, r)
		case name != r.Name:
			res.Updated++
			todo = append(todo, r)
		default:
			res.Unchanged++
		}
	}
	if len(todo) == 0 {
		return res, nil
	}
	err = db.write(ctx, func(tx *Tx) error {
		for i := 0; i < len(todo); i += regionBatch {
			batch := todo[i:min(i+regionBatch, len(todo))]
			var b strings.Builder
			b.WriteString("INSERT INTO regions (code, parent_code, level, name, updated_at) VALUES ")
			args := make([]any, 0, len(batch)*5)
			for j, r := range batch {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?)")
				var parent any
				if r.ParentCode != "" {
					parent = r.ParentCode
				}
				args = append(args, r.Code, parent, int(r.Level), r.Name, tx.Now)
			}
			b.WriteString(" ON CONFLICT (code) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at")
			if _, err := tx.exec(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("import regions: %w", err)
			}
		}
		// One entry for the whole import, with its counts: not a row per
		// region (a national file has some 90,000).
		return tx.auditSummary(ctx, "import", "region", "", fmt.Sprintf("Impor wilayah: %s dibaca, %s baru, %s diubah, %s tetap",
			kampungkb.FormatInt(int64(res.Read)), kampungkb.FormatInt(int64(res.Inserted)),
			kampungkb.FormatInt(int64(res.Updated)), kampungkb.FormatInt(int64(res.Unchanged))), nil, res)
	})
	if err != nil {
		return ImportResult{Read: len(regions)}, err
	}
	return res, nil
}

// regionNames returns every region code with its name.
func (db *DB) regionNames(ctx context.Context) (map[string]string, error) {
	rows, err := db.read().query(ctx, `SELECT code, name FROM regions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		m[c] = n
	}
	return m, rows.Err()
}

// RegionCodes returns the set of known region codes (for import checks).
func (db *DB) RegionCodes(ctx context.Context) (map[string]bool, error) {
	names, err := db.regionNames(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(names))
	for c := range names {
		m[c] = true
	}
	return m, nil
}

// RegionCounts returns how many regions there are per level.
func (db *DB) RegionCounts(ctx context.Context) (map[kampungkb.Level]int, error) {
	rows, err := db.read().query(ctx, `SELECT level, count(*) FROM regions GROUP BY level`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[kampungkb.Level]int{}
	for rows.Next() {
		var lv, n int
		if err := rows.Scan(&lv, &n); err != nil {
			return nil, err
		}
		m[kampungkb.Level(lv)] = n
	}
	return m, rows.Err()
}

const regionCols = `code, name, level, COALESCE(parent_code, '')`

func scanRegion(s interface{ Scan(...any) error }) (kampungkb.Region, error) {
	var r kampungkb.Region
	var lv int
	err := s.Scan(&r.Code, &r.Name, &lv, &r.ParentCode)
	r.Level = kampungkb.Level(lv)
	return r, err
}

// Region returns the region with the given code (dotted or dotless).
func (db *DB) Region(ctx context.Context, code string) (kampungkb.Region, error) {
	c, _, ok := kampungkb.NormalizeRegionCode(code)
	if !ok {
		return kampungkb.Region{}, kampungkb.Errorf(kampungkb.Invalid, "Kode wilayah %q tidak valid.", code)
	}
	r, err := scanRegion(db.read().queryRow(ctx, `SELECT `+regionCols+` FROM regions WHERE code = ?`, c))
	if err != nil {
		if classify(err) != nil && kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return r, notFound("Wilayah", c)
		}
		return r, err
	}
	return r, nil
}

// RegionPath returns the region and its ancestors, province first.
func (db *DB) RegionPath(ctx context.Context, code string) ([]kampungkb.Region, error) {
	codes := kampungkb.RegionAncestors(code)
	if len(codes) == 0 {
		return nil, nil
	}
	q := `SELECT ` + regionCols + ` FROM regions WHERE code IN (?` + strings.Repeat(", ?", len(codes)-1) + `) ORDER BY level`
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := db.read().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegionChildren returns the regions directly below code ("" = provinces),
// ordered by code.
func (db *DB) RegionChildren(ctx context.Context, code string) ([]kampungkb.Region, error) {
	var rows interface {
		Next() bool
		Scan(...any) error
		Close() error
		Err() error
	}
	var err error
	if code == "" {
		rows, err = db.read().query(ctx, `SELECT `+regionCols+` FROM regions WHERE level = 1 ORDER BY code`)
	} else {
		rows, err = db.read().query(ctx, `SELECT `+regionCols+` FROM regions WHERE parent_code = ? ORDER BY code`, code)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungkb.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegionHit is a search result with the names of its ancestors.
type RegionHit struct {
	kampungkb.Region
	Path string `json:"path"` // "Kec. Suralaga, Kab. Lombok Timur, Nusa Tenggara Barat"
}

// SearchRegions finds regions whose name contains q, or whose code starts
// with q (dotted or dotless), optionally only at level, within region.
func (db *DB) SearchRegions(ctx context.Context, q string, level kampungkb.Level, within string, limit int) ([]RegionHit, int, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var w where
	q = strings.TrimSpace(q)
	if q != "" {
		if code, _, ok := kampungkb.NormalizeRegionCode(q); ok {
			cond, args := regionRange("r.code", code)
			w.add(cond, args...)
		} else {
			w.add(`lower(r.name) LIKE ? ESCAPE '\'`, likeQ(q))
		}
	}
	if level > 0 {
		w.add(`r.level = ?`, int(level))
	}
	if within != "" {
		cond, args := regionRange("r.code", within)
		w.add(cond, args...)
	}
	query := `SELECT r.code, r.name, r.level, COALESCE(r.parent_code, ''),
		COALESCE(p1.name, ''), COALESCE(p2.name, ''), COALESCE(p3.name, ''), count(*) OVER()
		FROM regions r
		LEFT JOIN regions p1 ON p1.code = r.parent_code
		LEFT JOIN regions p2 ON p2.code = p1.parent_code
		LEFT JOIN regions p3 ON p3.code = p2.parent_code` + w.String() + ` ORDER BY r.level, r.code LIMIT ?`
	rows, err := db.read().query(ctx, query, append(w.args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []RegionHit
	total := 0
	for rows.Next() {
		var h RegionHit
		var lv int
		var n1, n2, n3 string
		if err := rows.Scan(&h.Code, &h.Name, &lv, &h.ParentCode, &n1, &n2, &n3, &total); err != nil {
			return nil, 0, err
		}
		h.Level = kampungkb.Level(lv)
		var parts []string
		for i, n := range []string{n1, n2, n3} {
			if n == "" {
				continue
			}
			if h.Level-kampungkb.Level(i+1) == kampungkb.Kecamatan {
				n = "Kec. " + n
			}
			parts = append(parts, n)
		}
		h.Path = strings.Join(parts, ", ")
		out = append(out, h)
	}
	return out, total, rows.Err()
}
