// Package gen generates seeded synthetic family data for kampungkb:
// families.csv, members.csv and measurements.csv in the layout of
// formats.md ("Family data") for real village codes, with distributions
// modelled on Lombok Timur (domain.md §1.13–1.18, §2, §5, §6.2, §10), and
// optionally a list of deliberate errors for import tests (errors.txt).
//
// Output depends only on the Config, the regions and the growth tables: the
// same seed gives the same bytes. Each village draws from its own PCG
// stream keyed by the seed and the village code, so a village's rows are
// the same whichever scale it is generated in (errors aside). Rows are
// written as they are made: memory stays constant whatever the scale.
package gen

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"kampungkb"
)

// Scales maps a --scale name to the region it covers. "national-sample"
// is not a region: one village of every kabupaten/kota in Indonesia.
var Scales = map[string]string{
	"desa":      "52.03.13.2007", // Desa Tumbuh Mulia, Kecamatan Suralaga
	"kecamatan": "52.03.13",      // Suralaga
	"kabupaten": "52.03",         // Lombok Timur
	"ntb":       "52",            // Nusa Tenggara Barat
}

// NationalSample is the scale of one village per kabupaten/kota.
const NationalSample = "national-sample"

// DefaultAt is the default reference date: ages, pregnancies and the six
// months of posyandu measurements are as of this day. A fixed date keeps
// output deterministic; report indicators should use the same --at.
var DefaultAt = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// defaultVillagePop sizes villages of regencies without population figures:
// Indonesia's ~281.6 M people over 83,762 villages.
const defaultVillagePop = 3360

// personsPerFamily converts a village's population into families; it is
// the mean family size the household model below produces (measured by
// TestKabupatenTotals; Lombok Timur: 1,457,591 people, ~440,000 families).
const personsPerFamily = 3.315

// Growth gives the length/height or weight at a z-score (growth.Tables).
type Growth interface {
	Value(indicator, sex string, days int, z float64) (float64, bool)
}

// Config says what to generate.
type Config struct {
	Scale  string // a key of Scales or NationalSample; ignored when Region is set
	Region string // any region code (dotted or dotless): generate its villages
	Seed   uint64
	At     time.Time // reference date; zero means DefaultAt
	Errors int       // deliberate errors to inject (listed in Writers.Errors)
	// Population is people per kabupaten/kota code (ReadPopulation of
	// ntb_regency_stats.csv): villages of those regencies are sized so the
	// regency totals match. Other villages get ~3,360 people.
	Population map[string]int
	// Growth, when set, gives realistic lengths and weights from the WHO
	// tables; without it a rough formula of WHO medians is used.
	Growth Growth
	// Progress, when set, is called after each village.
	Progress func(villagesDone, villages int, s Stats)
}

// Writers receive the files. Errors may be nil when Config.Errors is 0.
type Writers struct {
	Families, Members, Measurements, Errors io.Writer
}

// Stats counts what was written.
type Stats struct {
	Villages         int
	Families         int
	Members          int
	Children         int // members aged 0–59 months on the reference date
	MeasuredChildren int
	Measurements     int
	Errors           int
	Bytes            int64
}

// Villages returns the villages cfg covers, sorted by code.
func Villages(cfg Config, regions []kampungkb.Region) ([]kampungkb.Region, error) {
	var vs []kampungkb.Region
	for _, r := range regions {
		if r.Level == kampungkb.Desa {
			vs = append(vs, r)
		}
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].Code < vs[j].Code })
	code := cfg.Region
	if code == "" {
		if cfg.Scale == NationalSample {
			return nationalSample(cfg.Seed, vs), nil
		}
		c, ok := Scales[cfg.Scale]
		if !ok {
			return nil, fmt.Errorf("skala %q tidak dikenal (desa, kecamatan, kabupaten, ntb, national-sample)", cfg.Scale)
		}
		code = c
	}
	c, _, ok := kampungkb.NormalizeRegionCode(code)
	if !ok {
		return nil, fmt.Errorf("kode wilayah %q tidak sah (contoh 52.03.13 atau 5203132007)", code)
	}
	var out []kampungkb.Region
	for _, v := range vs {
		if v.Code == c || strings.HasPrefix(v.Code, c+".") {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("tidak ada desa/kelurahan di wilayah %s: impor wilayah dulu atau periksa kodenya", c)
	}
	return out, nil
}

// nationalSample picks one village of every kabupaten/kota.
func nationalSample(seed uint64, vs []kampungkb.Region) []kampungkb.Region {
	r := rand.New(rand.NewPCG(seed, hashString("national-sample")))
	var out []kampungkb.Region
	for i := 0; i < len(vs); {
		j := i
		for j < len(vs) && vs[j].Code[:5] == vs[i].Code[:5] {
			j++
		}
		out = append(out, vs[i+r.IntN(j-i)])
		i = j
	}
	return out
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// ReadPopulation reads code and population_total from a CSV such as
// ../shared/wilayah/ntb_regency_stats.csv.
func ReadPopulation(r io.Reader) (map[string]int, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("baca statistik penduduk: %w", err)
	}
	ci, pi := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(h) {
		case "code":
			ci = i
		case "population_total":
			pi = i
		}
	}
	if ci < 0 || pi < 0 {
		return nil, errors.New("statistik penduduk: kolom code dan population_total wajib ada")
	}
	out := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("statistik penduduk baris %d: %w", line, err)
		}
		n, err := strconv.Atoi(strings.TrimSpace(rec[pi]))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("statistik penduduk baris %d: population_total %q bukan bilangan", line, rec[pi])
		}
		out[strings.TrimSpace(rec[ci])] = n
	}
}

// villagePlan is one village to generate.
type villagePlan struct {
	region   kampungkb.Region
	families int
}

// plan sizes the villages: a village's weight is lognormal (σ 0.4) from a
// stream keyed by its code, and regencies in cfg.Population share their
// population over all their villages by weight.
func plan(cfg Config, all []kampungkb.Region, vs []kampungkb.Region) []villagePlan {
	weight := func(code string) float64 {
		r := rand.New(rand.NewPCG(cfg.Seed^0x5eed51e, hashString(code)))
		return math.Exp(0.4 * r.NormFloat64())
	}
	sum := map[string]float64{}
	for _, r := range all {
		if r.Level == kampungkb.Desa {
			if _, ok := cfg.Population[r.Code[:5]]; ok {
				sum[r.Code[:5]] += weight(r.Code)
			}
		}
	}
	out := make([]villagePlan, len(vs))
	for i, v := range vs {
		pop := defaultVillagePop * weight(v.Code)
		if p, ok := cfg.Population[v.Code[:5]]; ok && sum[v.Code[:5]] > 0 {
			pop = float64(p) * weight(v.Code) / sum[v.Code[:5]]
		}
		out[i] = villagePlan{region: v, families: max(1, int(math.Round(pop/personsPerFamily)))}
	}
	return out
}

// Headers of the files (formats.md "Family data").
const (
	familiesHeader     = "family_id,no_kk,village_code,dusun,rw,rt,water_source,toilet,welfare_decile\n"
	membersHeader      = "family_id,member_no,nik,name,sex,birth_date,relation,marital_status,marriage_age,pregnant,children_born,last_birth_date,kb_method,kb_reason\n"
	measurementsHeader = "family_id,member_no,date,weight_kg,lenhei_cm,measure,oedema,posyandu\n"
)

// countWriter counts bytes written.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Generate writes the data cfg describes for the villages among regions.
// regions should hold every village of the regencies involved (the whole
// wilayah folder is fine): village sizes are shares of their regency.
func Generate(cfg Config, regions []kampungkb.Region, w Writers) (Stats, error) {
	var st Stats
	vs, err := Villages(cfg, regions)
	if err != nil {
		return st, err
	}
	if cfg.At.IsZero() {
		cfg.At = DefaultAt
	}
	if cfg.Errors < 0 {
		return st, fmt.Errorf("jumlah galat %d negatif", cfg.Errors)
	}
	if cfg.Errors > 0 && w.Errors == nil {
		return st, errors.New("galat sengaja diminta tetapi tidak ada tujuan errors.txt")
	}
	plans := plan(cfg, regions, vs)
	total := 0
	for _, p := range plans {
		total += p.families
	}
	inj, err := newInjector(cfg.Seed, cfg.Errors, total)
	if err != nil {
		return st, err
	}
	starts := make([]int, len(plans))
	for i, n := 0, 0; i < len(plans); i++ {
		starts[i], n = n, n+plans[i].families
	}
	cw := [3]*countWriter{{w: w.Families}, {w: w.Members}, {w: w.Measurements}}
	var bw [3]*bufio.Writer
	for i := range bw {
		bw[i] = bufio.NewWriterSize(cw[i], 1<<20)
	}
	bw[0].WriteString(familiesHeader)
	bw[1].WriteString(membersHeader)
	bw[2].WriteString(measurementsHeader)

	// Villages are generated in parallel, each into its own buffers, and
	// written in order: at most 2×workers villages are held in memory.
	workers := min(runtime.GOMAXPROCS(0), len(plans), 8)
	type result struct {
		i int
		g *generator
	}
	jobs := make(chan int)
	results := make(chan result, workers)
	free := make(chan *generator, 2*workers)
	at := dayOf(cfg.At)
	for range 2 * workers {
		g := &generator{cfg: cfg, at: at, inj: inj}
		g.atY, g.atM, g.atD = civilFromDays(at)
		for f := range g.out {
			g.out[f] = new(bytes.Buffer)
		}
		free <- g
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				// Take a generator before a job, so the lowest job not
				// yet written always has one: no deadlock.
				var g *generator
				select {
				case g = <-free:
				case <-quit:
					return
				}
				i, ok := <-jobs
				if !ok {
					return
				}
				g.reset(starts[i])
				g.village(plans[i])
				results <- result{i, g}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range plans {
			select {
			case jobs <- i:
			case <-quit:
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var errList []injected
	base := [3]int{1, 1, 1} // header lines
	pending := map[int]*generator{}
	next := 0
	var werr error
	for res := range results {
		pending[res.i] = res.g
		for g := pending[next]; g != nil; g = pending[next] {
			delete(pending, next)
			next++
			if werr == nil {
				for f := range g.out {
					if _, err := bw[f].Write(g.out[f].Bytes()); err != nil {
						werr = fmt.Errorf("tulis %s: %w", fileNames[f], err)
						close(quit)
						break
					}
				}
			}
			for _, e := range g.errs {
				e.line += base[e.file]
				errList = append(errList, e)
			}
			for f := range base {
				base[f] += g.lines[f]
			}
			st.add(g.st)
			free <- g
			if cfg.Progress != nil && werr == nil {
				cfg.Progress(next, len(plans), st)
			}
		}
	}
	if werr != nil {
		return st, werr
	}
	for i := range bw {
		if err := bw[i].Flush(); err != nil {
			return st, fmt.Errorf("tulis %s: %w", fileNames[i], err)
		}
	}
	st.Villages = len(plans)
	if cfg.Errors > 0 {
		n, err := writeErrors(errList, w.Errors)
		if err != nil {
			return st, err
		}
		st.Errors = n
	}
	st.Bytes = cw[0].n + cw[1].n + cw[2].n
	return st, nil
}

func (s *Stats) add(o Stats) {
	s.Families += o.Families
	s.Members += o.Members
	s.Children += o.Children
	s.MeasuredChildren += o.MeasuredChildren
	s.Measurements += o.Measurements
}

// reset prepares g for a village whose first family has ordinal fam.
func (g *generator) reset(fam int) {
	for f := range g.out {
		g.out[f].Reset()
	}
	g.lines = [3]int{}
	g.st = Stats{}
	g.errs = g.errs[:0]
	g.fam = fam
}

var fileNames = [3]string{"families.csv", "members.csv", "measurements.csv"}
