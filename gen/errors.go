package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
)

// errKind is one kind of deliberate error: a bad value in one column.
type errKind struct {
	file    int // 0 families, 1 members, 2 measurements
	col     int // index in the file's header
	column  string
	problem string
	bad     func(r *rand.Rand, old string) string
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// errKinds are the errors --errors injects (issue 8): bad dates, unknown
// codes, a 15-digit NIK or no. KK, an unknown village, a member of a
// missing family, a negative weight. Each touches one column of one line.
var errKinds = []errKind{
	{0, 2, "village_code", "desa/kelurahan tidak dikenal", func(r *rand.Rand, old string) string { return old[:8] + ".9999" }},
	{0, 6, "water_source", "kode tidak dikenal", func(*rand.Rand, string) string { return "pam" }},
	{0, 7, "toilet", "kode tidak dikenal", func(*rand.Rand, string) string { return "wc_umum" }},
	{0, 1, "no_kk", "bukan 16 digit", func(r *rand.Rand, old string) string {
		if len(old) == 16 {
			return old[:15]
		}
		return "5203" + digits(r, 11)
	}},
	{0, 8, "welfare_decile", "di luar 1–10", func(*rand.Rand, string) string { return "11" }},
	{1, 2, "nik", "bukan 16 digit", func(r *rand.Rand, old string) string {
		if len(old) == 16 {
			return old[:15]
		}
		return "5203" + digits(r, 11)
	}},
	{1, 5, "birth_date", "tanggal tidak sah", func(r *rand.Rand, old string) string { return old[:5] + "02-30" }},
	{1, 4, "sex", "kode tidak dikenal", func(*rand.Rand, string) string { return "x" }},
	{1, 6, "relation", "kode tidak dikenal", func(*rand.Rand, string) string { return "pembantu" }},
	{1, 7, "marital_status", "kode tidak dikenal", func(*rand.Rand, string) string { return "nikah" }},
	{1, 12, "kb_method", "kode tidak dikenal", func(*rand.Rand, string) string { return "susuk" }},
	{1, 0, "family_id", "keluarga tidak ada", func(r *rand.Rand, old string) string { return old + "X" }},
	{2, 3, "weight_kg", "berat negatif", func(r *rand.Rand, old string) string { return "-" + old }},
	{2, 2, "date", "tanggal tidak sah", func(r *rand.Rand, old string) string { return old[:5] + "13" + old[7:] }},
	{2, 5, "measure", "kode tidak dikenal", func(*rand.Rand, string) string { return "x" }},
	{2, 6, "oedema", "kode tidak dikenal", func(*rand.Rand, string) string { return "t" }},
}

const missingFamily = 11 // index of the family_id kind in errKinds

type target struct{ file, row, kind int }

type injected struct {
	file, line int // line within the village's rows until merged
	column     string
	problem    string
	value      string
}

// injector chooses distinct families for the errors; within each family
// the line and value come from a stream keyed by the family's ordinal, so
// villages can be generated in any order. The data apart from the
// injected values are the same with or without --errors.
type injector struct {
	seed uint64
	at   map[int]int // family ordinal → kind
}

func newInjector(seed uint64, n, families int) (*injector, error) {
	if n == 0 {
		return nil, nil
	}
	if n > families {
		return nil, fmt.Errorf("%d galat diminta, tetapi hanya ada %d keluarga (paling banyak satu galat per keluarga)", n, families)
	}
	r := rand.New(rand.NewPCG(seed, hashString("errors")))
	inj := &injector{seed: seed, at: make(map[int]int, n)}
	for len(inj.at) < n {
		f := r.IntN(families)
		if _, ok := inj.at[f]; !ok {
			inj.at[f] = r.IntN(len(errKinds))
		}
	}
	return inj, nil
}

// memberKinds lists the kinds in members.csv (fallback for families
// without measurements).
var memberKinds = func() []int {
	var ks []int
	for i, k := range errKinds {
		if k.file == 1 {
			ks = append(ks, i)
		}
	}
	return ks
}()

// target returns where the current family's error goes (file -1: none).
func (inj *injector) target(g *generator) target {
	g.errT = target{file: -1}
	if inj == nil {
		return g.errT
	}
	k, ok := inj.at[g.fam]
	if !ok {
		return g.errT
	}
	r := rand.New(rand.NewPCG(inj.seed, uint64(g.fam)))
	g.errR = r
	if errKinds[k].file == 2 && len(g.ms) == 0 {
		k = memberKinds[r.IntN(len(memberKinds))]
	}
	t := target{file: errKinds[k].file, kind: k}
	switch {
	case t.file == 1 && k == missingFamily:
		// A member without measurements, so that no measurement row
		// refers to the missing family as well. The head is an adult,
		// so there is always one.
		var cand []int
		for i := range g.ps {
			if !g.ps[i].child || g.ps[i].attend == 0 {
				cand = append(cand, i)
			}
		}
		t.row = cand[r.IntN(len(cand))]
	case t.file == 1:
		t.row = r.IntN(len(g.ps))
	case t.file == 2:
		t.row = r.IntN(len(g.ms))
	}
	g.errT = t
	return t
}

// applyError puts the family's error into the row being written.
func (g *generator) applyError(file, line int) {
	k := errKinds[g.errT.kind]
	old := g.row.field(k.col)
	v := k.bad(g.errR, old)
	g.row.replace(k.col, v)
	g.errs = append(g.errs, injected{file: file, line: line, column: k.column, problem: k.problem, value: v})
}

// write writes errors.txt: one line per error, "FILE:LINE: column:
// problem (value)", the form the importer reports (formats.md), sorted by
// file and line.
func writeErrors(list []injected, w io.Writer) (int, error) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.file != b.file {
			return a.file < b.file
		}
		return a.line < b.line
	})
	bw := bufio.NewWriter(w)
	for _, e := range list {
		fmt.Fprintf(bw, "%s:%d: %s: %s (%q)\n", fileNames[e.file], e.line, e.column, e.problem, e.value)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("tulis errors.txt: %w", err)
	}
	return len(list), nil
}
