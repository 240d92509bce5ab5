package sqldb

import (
	"context"
	"database/sql"
	"strconv"

	"kampungkb"
)

// regionKeyLen is the length of a dotted code at each level: 52, 52.03,
// 52.03.13, 52.03.13.2007.
var regionKeyLen = map[kampungkb.Level]int{kampungkb.Provinsi: 2, kampungkb.Kabupaten: 5, kampungkb.Kecamatan: 8, kampungkb.Desa: 13}

// Prevalence computes the nutrition prevalence of the children in region
// (and the scope) for the period, one row per area at level (a region
// level, or 0 for one row per Kampung KB), plus a total row first (Code =
// region). See kampungkb.Prevalence for the rules.
func (db *DB) Prevalence(ctx context.Context, region string, level kampungkb.Level, period kampungkb.Period, scope kampungkb.Scope) ([]kampungkb.Prevalence, error) {
	if scope.PartnerID != 0 {
		return nil, nil // partner users never see child-level aggregates built from personal data
	}
	from, to := period.From, period.To
	if from.IsZero() {
		from = kampungkb.NewDate(1900, 1, 1)
	}
	if to.IsZero() {
		to = kampungkb.NewDate(9999, 12, 31)
	}
	var w where
	w.add(`NOT c.archived`)
	if region != "" {
		cond, args := regionRange("c.village_code", region)
		w.add(cond, args...)
	}
	if scope.Region != "" {
		cond, args := regionRange("c.village_code", scope.Region)
		w.add(cond, args...)
	}
	key, name, join := prevalenceGroup(level)
	q := `WITH latest AS (
		SELECT m.child_id, m.zlen, m.flen, m.zwfl, m.fwfl, m.zwei, m.fwei, m.oedema
		FROM measurements m JOIN children c ON c.id = m.child_id` + w.String() + ` AND m.date BETWEEN ? AND ?
			AND m.id = (SELECT m2.id FROM measurements m2 WHERE m2.child_id = m.child_id AND m2.date BETWEEN ? AND ?
				ORDER BY m2.date DESC, m2.id DESC LIMIT 1))
	SELECT ` + key + `, ` + name + `, count(*),
		sum(CASE WHEN l.zlen IS NOT NULL AND NOT l.flen THEN 1 ELSE 0 END),
		sum(CASE WHEN l.zlen IS NOT NULL AND NOT l.flen AND l.zlen < -2 THEN 1 ELSE 0 END),
		sum(CASE WHEN l.zlen IS NOT NULL AND NOT l.flen AND l.zlen < -3 THEN 1 ELSE 0 END),
		sum(CASE WHEN l.oedema OR (l.zwfl IS NOT NULL AND NOT l.fwfl) THEN 1 ELSE 0 END),
		sum(CASE WHEN l.oedema OR (l.zwfl IS NOT NULL AND NOT l.fwfl AND l.zwfl < -2) THEN 1 ELSE 0 END),
		sum(CASE WHEN l.oedema OR (l.zwfl IS NOT NULL AND NOT l.fwfl AND l.zwfl < -3) THEN 1 ELSE 0 END),
		sum(CASE WHEN NOT l.oedema AND l.zwfl IS NOT NULL AND NOT l.fwfl AND l.zwfl > 2 THEN 1 ELSE 0 END),
		sum(CASE WHEN l.oedema OR (l.zwei IS NOT NULL AND NOT l.fwei) THEN 1 ELSE 0 END),
		sum(CASE WHEN l.oedema OR (l.zwei IS NOT NULL AND NOT l.fwei AND l.zwei < -2) THEN 1 ELSE 0 END),
		sum(CASE WHEN l.oedema OR (l.zwei IS NOT NULL AND NOT l.fwei AND l.zwei < -3) THEN 1 ELSE 0 END)
	FROM latest l JOIN children c ON c.id = l.child_id` + join + `
	GROUP BY ` + key + `, ` + name + ` ORDER BY ` + key
	args := append(append([]any{}, w.args...), from, to, from, to)
	rows, err := db.read().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return prevalenceRows(rows, region)
}

// prevalenceGroup returns the grouping key, its name and the join that
// names it, for a level (0: per Kampung KB) over a table aliased c with
// village_code and kampung_id.
func prevalenceGroup(level kampungkb.Level) (key, name, join string) {
	key, name = "''", "''"
	switch {
	case level == 0:
		key = "COALESCE(c.kampung_id, 0)"
		name = "COALESCE(k.name, '')"
		join = " LEFT JOIN kampung k ON k.id = c.kampung_id"
	case regionKeyLen[level] > 0:
		key = "substr(c.village_code, 1, " + strconv.Itoa(regionKeyLen[level]) + ")"
		name = "COALESCE(rg.name, '')"
		join = " LEFT JOIN regions rg ON rg.code = " + key
	}
	return key, name, join
}

// prevalenceRows reads grouped prevalence rows (key, name, then the
// counts) and puts their total first.
func prevalenceRows(rows *sql.Rows, region string) ([]kampungkb.Prevalence, error) {
	defer rows.Close()
	total := kampungkb.Prevalence{Code: region, Name: "Jumlah"}
	out := []kampungkb.Prevalence{}
	for rows.Next() {
		var p kampungkb.Prevalence
		var k any
		if err := rows.Scan(&k, &p.Name, &p.Children, &p.LenDen, &p.Stunted, &p.SeverelyStunt, &p.WflDen, &p.Wasted,
			&p.SeverelyWasted, &p.Overweight, &p.WeiDen, &p.Underweight, &p.SeverelyUnder); err != nil {
			return nil, err
		}
		switch x := k.(type) {
		case int64:
			p.Code = "kampung:" + strconv.FormatInt(x, 10)
			if x == 0 {
				p.Name = "(tanpa Kampung KB)"
			}
		case string:
			p.Code = x
		case []byte:
			p.Code = string(x)
		}
		total = total.Plus(p)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append([]kampungkb.Prevalence{total}, out...), nil
}
