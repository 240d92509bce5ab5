package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/internal/loadgen"
)

// bench drives a running server with the bounded load generator (package
// loadgen) for the benchmark suite (scripts/bench): a fixed number of
// clients, each one request at a time, for a duration or a count.

const benchHelp = `Mengukur server yang sedang berjalan dengan pembangkit beban terbatas: --clients klien
bersamaan, masing-masing satu permintaan pada satu waktu, selama --duration atau sebanyak
--requests. Melaporkan throughput dan latensi p50/p95/p99 (--format json untuk skrip).

Skenario:
  get PATH...     GET jalur-jalur itu bergiliran (halaman atau API), mis. /healthz /indikator?region=52
  writes          campuran pengisian data lewat API, bergiliran: POST anggota keluarga,
                  POST pengukuran anak, PUT keluarga; atas keluarga dan anak di --region
                  (perlu token peran yang boleh mengubah keluarga dan anak di wilayah itu)
  scan            (tanpa server; --db) membaca keluarga, anggota dan pengukuran --region seperti
                  laporan indikator membacanya, tanpa menghitung: lantai untuk report indicators

Token: --token, atau env KAMPUNGKB_TOKEN (buat dengan kampungkb token create).`

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "get" && args[0] != "writes" && args[0] != "scan") {
		fmt.Fprintln(e.stderr, "Penggunaan: kampungkb bench get|writes|scan [opsi]\n\n"+benchHelp)
		return fmt.Errorf("%w: sebutkan get, writes atau scan", errUsage)
	}
	scenario := args[0]
	fs := newFlags(e, "bench "+scenario, "[opsi] [PATH...]", benchHelp)
	base := fs.String("url", envOr("KAMPUNGKB_BENCH_URL", "http://127.0.0.1:8080"), "alamat server")
	token := fs.String("token", os.Getenv("KAMPUNGKB_TOKEN"), "token akses API (env KAMPUNGKB_TOKEN)")
	clients := fs.Int("clients", 8, "klien bersamaan")
	duration := fs.Duration("duration", 10*time.Second, "lama pengukuran (0: tanpa batas waktu, pakai --requests)")
	requests := fs.Int("requests", 0, "jumlah permintaan (0: tanpa batas jumlah, pakai --duration)")
	warmup := fs.Int("warmup", 50, "permintaan pemanasan yang tidak dihitung")
	region := fs.String("region", "52", "wilayah keluarga dan anak (writes, scan)")
	format := fs.String("format", "text", "text atau json")
	label := fs.String("label", "", "nama pengukuran di keluaran")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format text atau json", errUsage)
	}
	code, _, ok := kampungkb.NormalizeRegionCode(*region)
	if !ok {
		return fmt.Errorf("%w: --region %q bukan kode wilayah", errUsage, *region)
	}
	if scenario == "scan" {
		return benchScan(ctx, e, code, *format, *label)
	}
	if *clients < 1 || (*duration <= 0 && *requests <= 0) {
		return fmt.Errorf("%w: --clients ≥ 1 dan --duration atau --requests", errUsage)
	}
	root := strings.TrimRight(*base, "/")
	header := http.Header{}
	if *token != "" {
		header.Set("Authorization", "Bearer "+*token)
	}
	cfg := loadgen.Config{Clients: *clients, Duration: *duration, Requests: *requests, Warmup: *warmup}
	switch scenario {
	case "get":
		paths := fs.Args()
		if len(paths) == 0 {
			return fmt.Errorf("%w: sebutkan paling sedikit satu PATH", errUsage)
		}
		cfg.Next = func(n int) loadgen.Request {
			return loadgen.Request{Method: "GET", URL: root + paths[n%len(paths)], Header: header}
		}
	case "writes":
		next, err := writeMix(ctx, root, header, code)
		if err != nil {
			return err
		}
		cfg.Next = next
	}
	res, err := loadgen.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := printBench(e.stdout, *format, *label, res); err != nil {
		return err
	}
	if res.Errors > 0 {
		fmt.Fprintf(e.stderr, "bench: %d permintaan gagal (%v), yang pertama: %s\n", res.Errors, res.Status, res.FirstError)
	}
	return nil
}

// benchJSON is the machine-readable result (scripts/bench reads it).
type benchJSON struct {
	Label      string      `json:"label,omitempty"`
	Clients    int         `json:"clients"`
	Requests   int         `json:"requests"`
	Errors     int         `json:"errors"`
	Seconds    float64     `json:"seconds"`
	Throughput float64     `json:"throughput"`
	MeanMs     float64     `json:"mean_ms"`
	P50Ms      float64     `json:"p50_ms"`
	P95Ms      float64     `json:"p95_ms"`
	P99Ms      float64     `json:"p99_ms"`
	MaxMs      float64     `json:"max_ms"`
	Status     map[int]int `json:"status,omitempty"`
	FirstError string      `json:"first_error,omitempty"`
}

func printBench(w io.Writer, format, label string, r loadgen.Result) error {
	if format == "text" {
		if label != "" {
			label += ": "
		}
		_, err := fmt.Fprintln(w, label+r.String())
		return err
	}
	msf := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return json.NewEncoder(w).Encode(benchJSON{Label: label, Clients: r.Clients, Requests: r.Requests, Errors: r.Errors,
		Seconds: r.Elapsed.Seconds(), Throughput: r.Throughput, MeanMs: msf(r.Mean), P50Ms: msf(r.P50), P95Ms: msf(r.P95),
		P99Ms: msf(r.P99), MaxMs: msf(r.Max), Status: r.Status, FirstError: r.FirstError})
}

// writeMix prepares the data-entry mix: it reads up to 500 families and
// 500 children of region through the API (the families in full, for the
// PUT), then returns requests in turn: add a member to a family, record a
// measurement of a child (dated yesterday, UTC, so never in the future),
// store a family's own fields unchanged but its address. Versions are not
// sent (no conflicts between clients); each write is one transaction with
// its audit entry and roll-up mark, as from a form.
func writeMix(ctx context.Context, root string, header http.Header, region string) (func(int) loadgen.Request, error) {
	get := func(path string, v any) error {
		req, err := http.NewRequestWithContext(ctx, "GET", root+path, nil)
		if err != nil {
			return err
		}
		req.Header = header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
			return fmt.Errorf("GET %s: %s: %s", path, resp.Status, b)
		}
		return json.NewDecoder(resp.Body).Decode(v)
	}
	var fams struct {
		Items []kampungkb.Family `json:"items"`
	}
	if err := get("/api/v1/families?limit=500&region="+url.QueryEscape(region), &fams); err != nil {
		return nil, fmt.Errorf("bench writes: keluarga: %w", err)
	}
	yesterday := kampungkb.DateOf(time.Now().UTC().AddDate(0, 0, -1))
	var kids struct {
		Items []kampungkb.Child `json:"items"`
	}
	if err := get("/api/v1/children?limit=500&region="+url.QueryEscape(region), &kids); err != nil {
		return nil, fmt.Errorf("bench writes: anak: %w", err)
	}
	var children []int64
	for _, c := range kids.Items {
		if m := kampungkb.MonthsOn(c.BirthDate, yesterday); m >= 0 && m < 59 {
			children = append(children, c.ID)
		}
	}
	if len(fams.Items) == 0 || len(children) == 0 {
		return nil, fmt.Errorf("bench writes: wilayah %s tidak punya keluarga (%d) atau balita (%d) untuk diisi", region, len(fams.Items), len(children))
	}
	type body struct{ path, json string }
	var puts []body
	for i, f := range fams.Items {
		if i >= 100 {
			break
		}
		var full kampungkb.Family
		if err := get("/api/v1/families/"+url.PathEscape(f.FamilyID)+"?nik=1", &full); err != nil {
			return nil, fmt.Errorf("bench writes: keluarga %s: %w", f.FamilyID, err)
		}
		b, _ := json.Marshal(map[string]any{"no_kk": full.NoKK, "village_code": full.VillageCode, "dusun": full.Dusun,
			"rw": full.RW, "rt": full.RT, "address": "Uji beban", "water_source": full.WaterSource, "toilet": full.Toilet,
			"welfare_decile": full.WelfareDecile})
		puts = append(puts, body{"/api/v1/families/" + url.PathEscape(f.FamilyID), string(b)})
	}
	jsonHeader := header.Clone()
	jsonHeader.Set("Content-Type", "application/json")
	return func(n int) loadgen.Request {
		i := n / 3
		switch n % 3 {
		case 0:
			f := fams.Items[i%len(fams.Items)]
			return loadgen.Request{Method: "POST", URL: root + "/api/v1/families/" + url.PathEscape(f.FamilyID) + "/members",
				Header: jsonHeader, Body: []byte(fmt.Sprintf(`{"name":"Uji Beban %d","sex":"p","birth_date":"1990-01-01","relation":"lainnya"}`, n))}
		case 1:
			return loadgen.Request{Method: "POST", URL: fmt.Sprintf("%s/api/v1/children/%d/measurements", root, children[i%len(children)]),
				Header: jsonHeader, Body: []byte(fmt.Sprintf(`{"date":"%s","weight_kg":%.1f,"lenhei_cm":%.1f,"measure":"h","posyandu":"Uji beban"}`,
					yesterday, 9+float64(n%40)/10, 75+float64(n%100)/10))}
		default:
			p := puts[i%len(puts)]
			return loadgen.Request{Method: "PUT", URL: root + p.path, Header: jsonHeader, Body: []byte(p.json)}
		}
	}, nil
}

// benchScan reads the region's families, members and measurements as the
// indicator report does (sqldb.EachFamily) without computing anything.
func benchScan(ctx context.Context, e *env, region, format, label string) error {
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	var families, members, measurements int
	err = db.EachFamily(ctx, region, kampungkb.Scope{}, func(f kampungkb.Family, ms []kampungkb.Member, mm map[int][]kampungkb.Measurement) error {
		families++
		members += len(ms)
		for _, x := range mm {
			measurements += len(x)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sec := time.Since(start).Seconds()
	if format == "json" {
		return json.NewEncoder(e.stdout).Encode(map[string]any{"label": label, "seconds": sec, "families": families,
			"members": members, "measurements": measurements})
	}
	_, err = fmt.Fprintf(e.stdout, "%s dibaca dalam %.2f detik: %d keluarga, %d anggota, %d pengukuran\n", region, sec, families, members, measurements)
	return err
}
