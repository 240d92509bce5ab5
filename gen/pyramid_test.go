package gen_test

import (
	"bufio"
	"strconv"
	"strings"
	"testing"
	"time"

	"kampungkb/gen"
)

// TestAgePyramid: a young pyramid (0–14 ≈ 27–30 %), ~9 % under five, and
// ~40 % of women married before 19 (domain.md §2.9, §10).
func TestAgePyramid(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	o := generate(t, gen.Config{Scale: "kecamatan", Seed: 5, Growth: mustTables(t)})
	probs, s := check(o.fam.Bytes(), o.mem.Bytes(), o.mea.Bytes(), villageSet(t), gen.DefaultAt, mustTables(t))
	bands := make([]int, 17)
	var n, wM, w19, cerai, kawin int
	sc := bufio.NewScanner(&o.mem)
	sc.Scan()
	at := gen.DefaultAt
	for sc.Scan() {
		f := strings.Split(sc.Text(), ",")
		b, _ := time.Parse("2006-01-02", f[5])
		age := at.Year() - b.Year()
		if at.YearDay() < b.YearDay() {
			age--
		}
		bands[min(age/5, 16)]++
		n++
		if f[4] == "p" && f[8] != "" {
			wM++
			m, _ := strconv.Atoi(f[8])
			if m < 19 {
				w19++
			}
		}
		if f[7] == "kawin" {
			kawin++
		} else if f[7] != "belum_kawin" {
			cerai++
		}
	}
	for i, c := range bands {
		t.Logf("%2d-%2d %5.1f%%", i*5, i*5+4, 100*float64(c)/float64(n))
	}
	t.Logf("women married before 19: %.1f%%; kawin %d cerai %d", 100*float64(w19)/float64(wM), kawin, cerai)
	t.Logf("%d problems, stunted %.1f%% of %d", len(probs), 100*float64(s.stunted)/float64(s.measuredChildren), s.measuredChildren)
	share := func(i, j int) float64 {
		c := 0
		for _, x := range bands[i:j] {
			c += x
		}
		return 100 * float64(c) / float64(n)
	}
	if v := share(0, 3); v < 25 || v > 33 {
		t.Errorf("0–14 years %.1f %%, want 25–33", v)
	}
	if v := share(13, 17); v < 4 || v > 9 {
		t.Errorf("65+ years %.1f %%, want 4–9", v)
	}
	if v := 100 * float64(w19) / float64(wM); v < 30 || v > 50 {
		t.Errorf("women married before 19: %.1f %%, want 30–50", v)
	}
	if len(probs) > 0 {
		t.Errorf("%d problems, first %s", len(probs), probs[0])
	}
}
