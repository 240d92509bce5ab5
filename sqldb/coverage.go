package sqldb

import (
	"context"
	"sort"
	"strings"

	"kampungkb"
)

// This file answers "which Kampung KB did partners reach?": the coverage
// report, the partner × Kampung KB matrix and the partner summaries. All
// select Kampung KB by the prefix of their village code (regionRange) and
// records by date within a period whose zero ends are open. A contribution
// lies in the Kampung KB it names, or, naming none, in every Kampung KB of
// its activity.

// reportRegion normalises a report's region code ("" = everything) and
// returns its name.
func (tx *Tx) reportRegion(ctx context.Context, region string) (code, name string, err error) {
	if strings.TrimSpace(region) == "" {
		return "", "", nil
	}
	code, _, ok := kampungkb.NormalizeRegionCode(region)
	if !ok {
		return "", "", kampungkb.Errorf(kampungkb.Invalid, "Kode wilayah %q tidak valid.", region)
	}
	if err := tx.queryRow(ctx, `SELECT name FROM regions WHERE code = ?`, code).Scan(&name); err != nil {
		if kampungkb.ErrorKind(classify(err)) == kampungkb.NotFound {
			return "", "", notFound("Wilayah", code)
		}
		return "", "", err
	}
	return code, name, nil
}

// kampungFilter returns the region to filter Kampung KB by: region, or ""
// when every Kampung KB lies in it (see regionHoldsAllKampung). Besides
// sparing work, this keeps PostgreSQL's generic plans for prepared
// statements, which guess that a code range selects few Kampung KB, from
// choosing nested loops for a district's whole kabupaten.
func (tx *Tx) kampungFilter(ctx context.Context, region string) (string, error) {
	if region == "" {
		return "", nil
	}
	all, err := tx.regionHoldsAllKampung(ctx, region)
	if err != nil || all {
		return "", err
	}
	return region, nil
}

// inRegion adds the condition that the Kampung KB column col lies in region.
func (w *where) inRegion(col, region string) {
	if region != "" {
		cond, args := regionRange(col, region)
		w.add(cond, args...)
	}
}

type kampungPlace struct {
	kampungkb.KampungPlace
	archived, reached bool
}

// kampungPlaces returns the Kampung KB of region (archived ones too) with
// their village and kecamatan, ordered by village code and name, and
// whether an activity with a partner took place in each during period.
// With a partner user's scope (its region already merged into region) only
// the Kampung KB its organisation reached are returned, and reached means
// reached by its organisation.
func (tx *Tx) kampungPlaces(ctx context.Context, region string, period kampungkb.Period, sc scopeSQL) ([]kampungPlace, error) {
	var act where
	act.dateIn("a.date", period)
	byPartner := ""
	if sc.byPartner {
		cond, args := sc.partnerIn("ap.partner_id")
		byPartner = " AND " + cond
		act.args = append(act.args, args...)
	}
	var w where
	w.inRegion("k.village_code", region)
	sc.region = ""
	sc.kampung(&w, "k.id", "k.village_code")
	q := `SELECT k.id, k.name, k.village_code, COALESCE(v.name, ''), COALESCE(v.parent_code, ''), COALESCE(kc.name, ''),
		k.archived, EXISTS (SELECT 1 FROM activity_kampung ak JOIN activities a ON a.id = ak.activity_id
			WHERE ak.kampung_id = k.id` + act.and() + `
			AND EXISTS (SELECT 1 FROM activity_partners ap WHERE ap.activity_id = a.id` + byPartner + `))
		FROM kampung k
		LEFT JOIN regions v ON v.code = k.village_code
		LEFT JOIN regions kc ON kc.code = v.parent_code` + w.String() + `
		ORDER BY k.village_code, lower(k.name), k.id`
	rows, err := tx.query(ctx, q, append(act.args, w.args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kampungPlace
	for rows.Next() {
		var p kampungPlace
		if err := rows.Scan(&p.ID, &p.Name, &p.VillageCode, &p.Village, &p.KecamatanCode, &p.Kecamatan,
			&p.archived, &p.reached); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// reportScope merges a report's region (normalised) with the scope: it
// returns the region to select Kampung KB by (see kampungFilter), the
// scope without its region, and none when the report's region and the
// scope's do not overlap or a partner user's organisation is unknown (the
// report then holds nothing).
func (tx *Tx) reportScope(ctx context.Context, region string, s kampungkb.Scope) (kf string, sc scopeSQL, none bool, err error) {
	if sc, err = tx.resolveScope(ctx, s); err != nil {
		return "", sc, false, err
	}
	eff, ok := intersectRegion(region, sc.region)
	sc.region = ""
	if !ok || (sc.byPartner && len(sc.partners) == 0) {
		return "", sc, true, nil
	}
	kf, err = tx.kampungFilter(ctx, eff)
	return kf, sc, false, err
}

// partnerIDs returns the partners a report is about: all (nil) or the
// scope's.
func (sc scopeSQL) partnerIDs() []int64 {
	if sc.byPartner {
		return sc.partners
	}
	return nil
}

// Coverage reports how many of the non-archived Kampung KB of region had
// at least one activity with at least one partner during period, names the
// ones that had none, and counts both per region one level below region.
// Only Kampung KB in scope count: in the scope's region and, for a partner
// user, those its organisation ever reached, reached in the period meaning
// by its organisation.
func (db *DB) Coverage(ctx context.Context, region string, period kampungkb.Period, scope kampungkb.Scope) (kampungkb.CoverageReport, error) {
	r := kampungkb.CoverageReport{Period: period, NotReached: []kampungkb.KampungPlace{}, Areas: []kampungkb.CoverageArea{}}
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		if r.Region, r.RegionName, err = tx.reportRegion(ctx, region); err != nil {
			return err
		}
		level := kampungkb.RegionLevel(r.Region) + 1
		if level > kampungkb.Desa {
			level = kampungkb.Desa
		}
		r.AreaLevel = level
		var areas []kampungkb.Region
		if r.Region != "" && kampungkb.RegionLevel(r.Region) == kampungkb.Desa {
			areas = []kampungkb.Region{{Code: r.Region, Name: r.RegionName}}
		} else if r.Region == "" {
			areas, err = tx.regionList(ctx, `level = 1`)
		} else {
			areas, err = tx.regionList(ctx, `parent_code = ?`, r.Region)
		}
		if err != nil {
			return err
		}
		index := map[string]int{}
		for i, a := range areas {
			r.Areas = append(r.Areas, kampungkb.CoverageArea{Code: a.Code, Name: a.Name})
			index[a.Code] = i
		}
		kf, sc, none, err := tx.reportScope(ctx, r.Region, scope)
		if err != nil || none {
			return err
		}
		places, err := tx.kampungPlaces(ctx, kf, period, sc)
		if err != nil {
			return err
		}
		for _, p := range places {
			if p.archived {
				continue
			}
			r.Total++
			if p.reached {
				r.Reached++
			} else {
				r.NotReached = append(r.NotReached, p.KampungPlace)
			}
			code := regionPrefix(p.VillageCode, level)
			i, ok := index[code]
			if !ok { // a village missing from the region table; keep the count right
				i = len(r.Areas)
				index[code] = i
				r.Areas = append(r.Areas, kampungkb.CoverageArea{Code: code, Name: code})
			}
			r.Areas[i].Total++
			if p.reached {
				r.Areas[i].Reached++
			}
		}
		return nil
	})
	if err != nil {
		return kampungkb.CoverageReport{}, err
	}
	return r, nil
}

// regionList returns the regions matching cond, ordered by code.
func (tx *Tx) regionList(ctx context.Context, cond string, args ...any) ([]kampungkb.Region, error) {
	rows, err := tx.query(ctx, `SELECT `+regionCols+` FROM regions WHERE `+cond+` ORDER BY code`, args...)
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

// regionPrefix returns the ancestor of a dotted code at level (or the code).
func regionPrefix(code string, level kampungkb.Level) string {
	for c := code; c != ""; c = kampungkb.ParentRegionCode(c) {
		if kampungkb.RegionLevel(c) == level {
			return c
		}
	}
	return code
}

// reachLink is one partner's activity or contribution in one Kampung KB.
type reachLink struct {
	partner, record, kampung int64
	kampungName              string
	amount                   int64
}

// partnerLinks returns the activities and the contributions of partners
// (all when nil) in the Kampung KB of region during period, one link per
// partner, record and Kampung KB.
func (tx *Tx) partnerLinks(ctx context.Context, region string, period kampungkb.Period, partners []int64) (acts, contribs []reachLink, err error) {
	if partners != nil && len(partners) == 0 {
		return nil, nil, nil
	}
	scan := func(q string, args []any) ([]reachLink, error) {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []reachLink
		for rows.Next() {
			var l reachLink
			if err := rows.Scan(&l.partner, &l.record, &l.kampung, &l.kampungName, &l.amount); err != nil {
				return nil, err
			}
			out = append(out, l)
		}
		return out, rows.Err()
	}
	filter := func(partnerCol, dateCol string) where {
		var w where
		w.dateIn(dateCol, period)
		w.inRegion("k.village_code", region)
		if partners != nil {
			in, args := inIDs(partners)
			w.add(partnerCol+` IN (`+in+`)`, args...)
		}
		return w
	}
	w := filter("ap.partner_id", "a.date")
	acts, err = scan(`SELECT ap.partner_id, a.id, k.id, k.name, 0 FROM activities a
		JOIN activity_partners ap ON ap.activity_id = a.id
		JOIN activity_kampung ak ON ak.activity_id = a.id
		JOIN kampung k ON k.id = ak.kampung_id`+w.String(), w.args)
	if err != nil {
		return nil, nil, err
	}
	w = filter("c.partner_id", "c.date")
	w2 := filter("c.partner_id", "c.date")
	w2.add(`c.kampung_id IS NULL`)
	contribs, err = scan(`SELECT c.partner_id, c.id, k.id, k.name, c.amount FROM contributions c
		JOIN kampung k ON k.id = c.kampung_id`+w.String()+`
		UNION ALL
		SELECT c.partner_id, c.id, k.id, k.name, c.amount FROM contributions c
		JOIN activity_kampung ak ON ak.activity_id = c.activity_id
		JOIN kampung k ON k.id = ak.kampung_id`+w2.String(), append(w.args, w2.args...))
	if err != nil {
		return nil, nil, err
	}
	return acts, contribs, nil
}

// partnerAgreements returns, per partner (all when partners is nil), the
// agreements it is a party to that were in force during period and
// concern region: a party is a region on the path to region or below it,
// or a Kampung KB in it, or an activity or contribution under the
// agreement lies in it.
func (tx *Tx) partnerAgreements(ctx context.Context, region string, period kampungkb.Period, partners []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if partners != nil && len(partners) == 0 {
		return out, nil
	}
	var w where
	w.add(`ap.partner_id IS NOT NULL`)
	if !period.To.IsZero() {
		w.add(`g.valid_from <= ?`, period.To)
	}
	if !period.From.IsZero() {
		w.add(`(g.valid_to IS NULL OR g.valid_to >= ?)`, period.From)
	}
	if partners != nil {
		in, args := inIDs(partners)
		w.add(`ap.partner_id IN (`+in+`)`, args...)
	}
	if region != "" {
		rc, ra := regionRange("x.region_code", region)
		anc := kampungkb.RegionAncestors(region)
		in := strings.TrimSuffix(strings.Repeat("?, ", len(anc)), ", ")
		for _, a := range anc {
			ra = append(ra, a)
		}
		kc, ka := regionRange("k.village_code", region)
		cc, ca := contributionInRegion(region)
		args := append([]any{}, ra...)
		args = append(args, ka...)
		args = append(args, ka...)
		args = append(args, ca...)
		w.add(`(EXISTS (SELECT 1 FROM agreement_parties x WHERE x.agreement_id = g.id AND (`+rc+` OR x.region_code IN (`+in+`)))
			OR EXISTS (SELECT 1 FROM agreement_parties x JOIN kampung k ON k.id = x.kampung_id WHERE x.agreement_id = g.id AND `+kc+`)
			OR EXISTS (SELECT 1 FROM activities a JOIN activity_kampung ak ON ak.activity_id = a.id
				JOIN kampung k ON k.id = ak.kampung_id WHERE a.agreement_id = g.id AND `+kc+`)
			OR EXISTS (SELECT 1 FROM contributions c WHERE c.agreement_id = g.id AND `+cc+`))`, args...)
	}
	rows, err := tx.query(ctx, `SELECT DISTINCT ap.partner_id, g.id FROM agreements g
		JOIN agreement_parties ap ON ap.agreement_id = g.id`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p, g int64
		if err := rows.Scan(&p, &g); err != nil {
			return nil, err
		}
		out[p] = append(out[p], g)
	}
	return out, rows.Err()
}

// partnerNode is a partner in the tree of partners and units.
type partnerNode struct {
	kampungkb.Ref
	category string
	parent   int64
	children []*partnerNode
	depth    int
}

// partnerTree loads every partner and returns them by id, with the roots
// (partners without parent) sorted by name, children too.
func (tx *Tx) partnerTree(ctx context.Context) (map[int64]*partnerNode, []*partnerNode, error) {
	rows, err := tx.query(ctx, `SELECT id, name, category, COALESCE(parent_id, 0) FROM partners ORDER BY lower(name), id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byID := map[int64]*partnerNode{}
	var all []*partnerNode
	for rows.Next() {
		n := &partnerNode{}
		if err := rows.Scan(&n.ID, &n.Name, &n.category, &n.parent); err != nil {
			return nil, nil, err
		}
		byID[n.ID] = n
		all = append(all, n)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var roots []*partnerNode
	for _, n := range all { // in name order, so children lists are too
		if p := byID[n.parent]; p != nil {
			p.children = append(p.children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for _, n := range all {
		for p := byID[n.parent]; p != nil && n.depth < len(all); p = byID[p.parent] {
			n.depth++
		}
	}
	return byID, roots, nil
}

// walk calls fn for n and its descendants, depth first, each once even if
// the stored parents formed a cycle (UpdatePartner refuses them).
func (n *partnerNode) walk(fn func(*partnerNode)) {
	seen := map[*partnerNode]bool{}
	var visit func(*partnerNode)
	visit = func(m *partnerNode) {
		if seen[m] {
			return
		}
		seen[m] = true
		fn(m)
		for _, c := range m.children {
			visit(c)
		}
	}
	visit(n)
}

// figureSets collects records without counting one twice.
type figureSets struct {
	agreements, activities map[int64]bool
	contributions          map[int64]int64 // id → amount
	kampung                map[int64]string
}

func newFigureSets() *figureSets {
	return &figureSets{map[int64]bool{}, map[int64]bool{}, map[int64]int64{}, map[int64]string{}}
}

func (s *figureSets) merge(o *figureSets) {
	for id := range o.agreements {
		s.agreements[id] = true
	}
	for id := range o.activities {
		s.activities[id] = true
	}
	for id, amt := range o.contributions {
		s.contributions[id] = amt
	}
	for id, name := range o.kampung {
		s.kampung[id] = name
	}
}

func (s *figureSets) figures() kampungkb.PartnerFigures {
	f := kampungkb.PartnerFigures{Agreements: len(s.agreements), Activities: len(s.activities),
		Contributions: len(s.contributions), Kampung: []kampungkb.Ref{}}
	for _, amt := range s.contributions {
		f.Amount += amt
	}
	for id, name := range s.kampung {
		f.Kampung = append(f.Kampung, kampungkb.Ref{ID: id, Name: name})
	}
	sortRefs(f.Kampung)
	return f
}

func sortRefs(refs []kampungkb.Ref) {
	sort.Slice(refs, func(i, j int) bool {
		a, b := strings.ToLower(refs[i].Name), strings.ToLower(refs[j].Name)
		if a != b {
			return a < b
		}
		return refs[i].ID < refs[j].ID
	})
}

// partnerSets loads each partner's own records in region and period.
func (tx *Tx) partnerSets(ctx context.Context, region string, period kampungkb.Period, partners []int64) (map[int64]*figureSets, error) {
	kf, err := tx.kampungFilter(ctx, region)
	if err != nil {
		return nil, err
	}
	return tx.partnerSetsIn(ctx, kf, region, period, partners)
}

// partnerSetsIn is partnerSets with the Kampung KB filter kf already
// worked out for region.
func (tx *Tx) partnerSetsIn(ctx context.Context, kf, region string, period kampungkb.Period, partners []int64) (map[int64]*figureSets, error) {
	acts, contribs, err := tx.partnerLinks(ctx, kf, period, partners)
	if err != nil {
		return nil, err
	}
	agreements, err := tx.partnerAgreements(ctx, region, period, partners)
	if err != nil {
		return nil, err
	}
	sets := map[int64]*figureSets{}
	get := func(p int64) *figureSets {
		s := sets[p]
		if s == nil {
			s = newFigureSets()
			sets[p] = s
		}
		return s
	}
	for _, l := range acts {
		s := get(l.partner)
		s.activities[l.record] = true
		s.kampung[l.kampung] = l.kampungName
	}
	for _, l := range contribs {
		s := get(l.partner)
		s.contributions[l.record] = l.amount
		s.kampung[l.kampung] = l.kampungName
	}
	for p, ids := range agreements {
		s := get(p)
		for _, id := range ids {
			s.agreements[id] = true
		}
	}
	return sets, nil
}

// summarize returns the summary of partner n from the partners' own sets.
func summarize(n *partnerNode, sets map[int64]*figureSets) kampungkb.PartnerSummary {
	s := kampungkb.PartnerSummary{Partner: n.Ref, Category: n.category, ParentID: n.parent, Depth: n.depth}
	own := sets[n.ID]
	if own == nil {
		own = newFigureSets()
	}
	s.Own = own.figures()
	if len(n.children) > 0 {
		all := newFigureSets()
		n.walk(func(m *partnerNode) {
			if ms := sets[m.ID]; ms != nil {
				all.merge(ms)
			}
		})
		f := all.figures()
		s.IncludingUnits = &f
		for _, c := range n.children {
			s.Units = append(s.Units, c.Ref)
		}
	}
	return s
}

// PartnerSummaries sums up, per partner, its work in the Kampung KB of
// region during period: agreements in force that concern the region,
// activities, contributions (count and Rupiah) and the Kampung KB reached
// through either. Each partner's row counts its own records; a partner
// with units also has the total including its units (see
// kampungkb.PartnerSummary). Partners without any figure, own or through
// units, are left out; the rest come in tree order, units after their
// partner, by name. Only records in scope count (in the scope's region);
// a partner user sees the rows of its organisation and units only.
func (db *DB) PartnerSummaries(ctx context.Context, region string, period kampungkb.Period, scope kampungkb.Scope) ([]kampungkb.PartnerSummary, error) {
	out := []kampungkb.PartnerSummary{}
	err := db.readTx(ctx, func(tx *Tx) error {
		code, _, err := tx.reportRegion(ctx, region)
		if err != nil {
			return err
		}
		kf, sc, none, err := tx.reportScope(ctx, code, scope)
		if err != nil || none {
			return err
		}
		eff, _ := intersectRegion(code, scope.Region)
		_, roots, err := tx.partnerTree(ctx)
		if err != nil {
			return err
		}
		sets, err := tx.partnerSetsIn(ctx, kf, eff, period, sc.partnerIDs())
		if err != nil {
			return err
		}
		keep := map[int64]bool{}
		for _, id := range sc.partners {
			keep[id] = true
		}
		for _, r := range roots {
			r.walk(func(n *partnerNode) {
				if sc.byPartner && !keep[n.ID] {
					return
				}
				s := summarize(n, sets)
				if s.Own.IsZero() && (s.IncludingUnits == nil || s.IncludingUnits.IsZero()) {
					return
				}
				out = append(out, s)
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PartnerSummary sums up one partner's work everywhere in scope during
// period, as a row of PartnerSummaries (with the total including its units
// when it has some).
func (db *DB) PartnerSummary(ctx context.Context, partnerID int64, period kampungkb.Period, scope kampungkb.Scope) (kampungkb.PartnerSummary, error) {
	var s kampungkb.PartnerSummary
	err := db.readTx(ctx, func(tx *Tx) error {
		byID, _, err := tx.partnerTree(ctx)
		if err != nil {
			return err
		}
		n := byID[partnerID]
		if n == nil {
			return notFound("Mitra", partnerID)
		}
		sc, err := tx.resolveScope(ctx, scope)
		if err != nil {
			return err
		}
		keep := map[int64]bool{}
		for _, id := range sc.partners {
			keep[id] = true
		}
		ids := []int64{}
		n.walk(func(m *partnerNode) {
			if !sc.byPartner || keep[m.ID] {
				ids = append(ids, m.ID)
			}
		})
		sets, err := tx.partnerSets(ctx, sc.region, period, ids)
		if err != nil {
			return err
		}
		s = summarize(n, sets)
		return nil
	})
	return s, err
}

// PartnerMatrix crosses the partners that had activities or contributions
// in the Kampung KB of region during period with those Kampung KB (see
// kampungkb.Matrix for how records are counted). Only Kampung KB in scope
// are columns; a partner user sees the rows of its organisation and units.
func (db *DB) PartnerMatrix(ctx context.Context, region string, period kampungkb.Period, scope kampungkb.Scope) (kampungkb.Matrix, error) {
	m := kampungkb.Matrix{Period: period, Kampung: []kampungkb.KampungPlace{}, Rows: []kampungkb.MatrixRow{}, Totals: []kampungkb.MatrixCell{}}
	err := db.readTx(ctx, func(tx *Tx) error {
		var err error
		if m.Region, _, err = tx.reportRegion(ctx, region); err != nil {
			return err
		}
		kf, sc, none, err := tx.reportScope(ctx, m.Region, scope)
		if err != nil || none {
			return err
		}
		places, err := tx.kampungPlaces(ctx, kf, period, sc)
		if err != nil {
			return err
		}
		acts, contribs, err := tx.partnerLinks(ctx, kf, period, sc.partnerIDs())
		if err != nil {
			return err
		}
		_, roots, err := tx.partnerTree(ctx)
		if err != nil {
			return err
		}
		used := map[int64]bool{}
		for _, l := range acts {
			used[l.kampung] = true
		}
		for _, l := range contribs {
			used[l.kampung] = true
		}
		col := map[int64]int{}
		for _, p := range places {
			if !p.archived || used[p.ID] {
				col[p.ID] = len(m.Kampung)
				m.Kampung = append(m.Kampung, p.KampungPlace)
			}
		}
		m.Totals = make([]kampungkb.MatrixCell, len(m.Kampung))
		cells := map[int64][]kampungkb.MatrixCell{}
		row := func(p int64) []kampungkb.MatrixCell {
			c := cells[p]
			if c == nil {
				c = make([]kampungkb.MatrixCell, len(m.Kampung))
				cells[p] = c
			}
			return c
		}
		sets := map[int64]*figureSets{}
		set := func(p int64) *figureSets {
			s := sets[p]
			if s == nil {
				s = newFigureSets()
				sets[p] = s
			}
			return s
		}
		colActs := make([]map[int64]bool, len(m.Kampung))
		colContribs := make([]map[int64]int64, len(m.Kampung))
		for j := range m.Kampung {
			colActs[j], colContribs[j] = map[int64]bool{}, map[int64]int64{}
		}
		all := newFigureSets()
		for _, l := range acts {
			j := col[l.kampung]
			row(l.partner)[j].Activities++
			set(l.partner).activities[l.record] = true
			colActs[j][l.record] = true
			all.activities[l.record] = true
		}
		for _, l := range contribs {
			j := col[l.kampung]
			c := &row(l.partner)[j]
			c.Contributions++
			c.Amount += l.amount
			set(l.partner).contributions[l.record] = l.amount
			colContribs[j][l.record] = l.amount
			all.contributions[l.record] = l.amount
		}
		total := func(s *figureSets) kampungkb.MatrixCell {
			f := s.figures()
			return kampungkb.MatrixCell{Activities: f.Activities, Contributions: f.Contributions, Amount: f.Amount}
		}
		for j := range m.Kampung {
			s := newFigureSets()
			s.activities, s.contributions = colActs[j], colContribs[j]
			m.Totals[j] = total(s)
		}
		m.Total = total(all)
		for _, r := range roots {
			r.walk(func(n *partnerNode) {
				if c := cells[n.ID]; c != nil {
					m.Rows = append(m.Rows, kampungkb.MatrixRow{Partner: n.Ref, ParentID: n.parent, Cells: c, Total: total(sets[n.ID])})
				}
			})
		}
		return nil
	})
	if err != nil {
		return kampungkb.Matrix{}, err
	}
	return m, nil
}
