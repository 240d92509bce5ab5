package growth_test

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"kampungkb/growth"
	"kampungkb/internal/testutil"
)

// TestMonotone: for a fixed child, a larger measurement never gives a
// smaller z-score, for every indicator, inside and beyond ±3 SD.
func TestMonotone(t *testing.T) {
	tab := mustTables(t)
	rng := rand.New(rand.NewPCG(1, 2))
	set := func(i *growth.Input, k growth.Indicator, y float64) {
		switch k {
		case growth.Len, growth.HFA:
			i.LenHei = y
		case growth.Wei, growth.Wfl, growth.WFA:
			i.Weight = y
		case growth.HC:
			i.HeadC = y
		case growth.AC:
			i.ArmC = y
		case growth.TS:
			i.TriSkin = y
		case growth.SS:
			i.SubSkin = y
		}
	}
	for range 300 {
		sex := growth.Sex(1 + rng.IntN(2))
		base := mk(sex, float64(91+rng.IntN(1736)), 12, 90, 0)
		base.HeadC, base.ArmC, base.TriSkin, base.SubSkin = 48, 15, 8, 7
		old := mkm(sex, 60+rng.Float64()*60, 25, 130, 0)
		for k := growth.Indicator(0); k < growth.NumIndicators; k++ {
			if k == growth.BMI || k == growth.BFA {
				continue // BMI is derived, not set
			}
			i := base
			if k >= growth.HFA {
				i = old
			}
			prev := math.Inf(-1)
			n := 0
			for y := 0.5; y < 200; y *= 1.01 {
				set(&i, k, y)
				r := tab.Compute(i)
				if !r.Computed(k) {
					continue
				}
				n++
				if r.Z[k] < prev {
					t.Fatalf("%+v: z%s falls from %v to %v at %v", i, k.Name(), prev, r.Z[k], y)
				}
				prev = r.Z[k]
			}
			if n == 0 {
				t.Fatalf("%+v: z%s never computed", i, k.Name())
			}
		}
	}
}

// TestLoadRefuses: a missing, truncated or malformed table is an error
// naming the file (and the line).
func TestLoadRefuses(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "who-growth")
	good := fstest.MapFS{}
	for _, f := range growth.Files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			t.Fatal(err)
		}
		good[f.Name] = &fstest.MapFile{Data: b}
	}
	if _, err := growth.Load(good); err != nil {
		t.Fatalf("Load(copy) = %v", err)
	}
	edit := func(name string, fn func(string) string) fs.FS {
		m := fstest.MapFS{}
		for k, v := range good {
			m[k] = v
		}
		if fn == nil {
			delete(m, name)
		} else {
			m[name] = &fstest.MapFile{Data: []byte(fn(string(good[name].Data)))}
		}
		return m
	}
	for _, c := range []struct {
		name string
		fsys fs.FS
		want string
	}{
		{"missing", edit("who2006/weianthro.txt", nil), "who2006/weianthro.txt"},
		{"truncated", edit("who2006/lenanthro.txt", func(s string) string { return s[:len(s)/2] }), "who2006/lenanthro.txt"},
		{"truncated mid-line", edit("who2006/wflanthro.txt", func(s string) string { return s[:len(s)-9] }), "who2006/wflanthro.txt"},
		{"bad number", edit("who2006/bmianthro.txt", func(s string) string { return strings.Replace(s, "13.4069", "13,4069", 1) }), "who2006/bmianthro.txt:2:"},
		{"bad header", edit("who2007/hfawho2007.txt", func(s string) string { return strings.Replace(s, "sex", "sexe", 1) }), "who2007/hfawho2007.txt:1:"},
		{"empty", edit("who2006/hcanthro.txt", func(string) string { return "" }), "who2006/hcanthro.txt"},
		{"row missing", edit("who2006/acanthro.txt", func(s string) string { return strings.Replace(s, "1\t92\t", "1\t93\t", 1) }), "who2006/acanthro.txt:3:"},
	} {
		_, err := growth.Load(c.fsys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Load = %v, want an error naming %q", c.name, err, c.want)
		}
	}
}

// TestComputeAllocs: Compute does not allocate (issue item 1).
func TestComputeAllocs(t *testing.T) {
	tab := mustTables(t)
	ins := benchInputs(64)
	ins = append(ins, mk(1, 100, 3, 45.05, 0), mkm(1, 100.5, 25, 130, 0), mk(1, nan, 12, 86.95, 0))
	var sink growth.Result
	n := testing.AllocsPerRun(100, func() {
		for _, i := range ins {
			sink = tab.Compute(i)
		}
	})
	if n != 0 {
		t.Errorf("Compute allocates %v times per run", n)
	}
	_ = sink
}

// TestComputeAll: the parallel helper gives what Compute gives.
func TestComputeAll(t *testing.T) {
	tab := mustTables(t)
	ins := benchInputs(50_000)
	out := make([]growth.Result, len(ins))
	tab.ComputeAll(ins, out, 3)
	for i := range ins {
		want := tab.Compute(ins[i])
		for k := range want.Z {
			if (want.Z[k] != out[i].Z[k] && !(math.IsNaN(want.Z[k]) && math.IsNaN(out[i].Z[k]))) || want.Flag[k] != out[i].Flag[k] {
				t.Fatalf("row %d: ComputeAll %+v, Compute %+v", i, out[i], want)
			}
		}
	}
}
