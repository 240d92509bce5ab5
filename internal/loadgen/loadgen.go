// Package loadgen is a small, bounded HTTP load generator for the
// benchmark suite (scripts/bench, kampungkb bench): a fixed number of
// clients each send one request at a time (a closed loop, so the load can
// never exceed what the server answers) for a duration or a count, and the
// run reports throughput and latency percentiles.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one request to send.
type Request struct {
	Method string
	URL    string
	Body   []byte
	Header http.Header
}

// Config says what to send and for how long.
type Config struct {
	// Clients is the number of concurrent clients (at least 1).
	Clients int
	// Duration stops the run after this long; Requests after this many
	// requests in all. At least one must be set; the first reached wins.
	Duration time.Duration
	Requests int
	// Warmup requests are sent (by all clients together) before
	// measuring and are not counted.
	Warmup int
	// Next returns the n-th request (n counts from 0 over all clients,
	// warm-up included); it is called from several goroutines.
	Next func(n int) Request
	// OK says whether a status counts as a success (default: 2xx).
	OK func(status int) bool
	// Client sends the requests (default: keep-alive connections, one
	// per client).
	Client *http.Client
}

// Result is what a run measured. Latencies are of successful and failed
// requests alike; Errors counts failures (transport errors and statuses
// that OK refuses).
type Result struct {
	Clients    int
	Requests   int
	Errors     int
	Elapsed    time.Duration
	Throughput float64 // requests per second
	Mean       time.Duration
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	Max        time.Duration
	Status     map[int]int
	// FirstError describes the first failure, for the report.
	FirstError string
}

// String formats the result on one line.
func (r Result) String() string {
	return fmt.Sprintf("%d permintaan, %d klien, %.1f s: %.0f/s; p50 %s p95 %s p99 %s maks %s; galat %d",
		r.Requests, r.Clients, r.Elapsed.Seconds(), r.Throughput, ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.Errors)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// Percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted latencies.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100+0.999999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// Run sends the requests and measures them. It stops early, with what
// it measured so far and ctx's error, when ctx ends.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Clients < 1 {
		return Result{}, errors.New("loadgen: Clients must be at least 1")
	}
	if cfg.Duration <= 0 && cfg.Requests <= 0 {
		return Result{}, errors.New("loadgen: set Duration or Requests")
	}
	if cfg.Next == nil {
		return Result{}, errors.New("loadgen: Next is nil")
	}
	ok := cfg.OK
	if ok == nil {
		ok = func(s int) bool { return s >= 200 && s < 300 }
	}
	client := cfg.Client
	if client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = cfg.Clients
		tr.MaxConnsPerHost = cfg.Clients
		client = &http.Client{Transport: tr, Timeout: time.Minute}
		defer tr.CloseIdleConnections()
	}
	var seq atomic.Int64
	send := func(ctx context.Context) (time.Duration, int, error) {
		req := cfg.Next(int(seq.Add(1) - 1))
		var body io.Reader
		if req.Body != nil {
			body = strings.NewReader(string(req.Body))
		}
		hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
		if err != nil {
			return 0, 0, err
		}
		for k, v := range req.Header {
			hr.Header[k] = v
		}
		start := time.Now()
		resp, err := client.Do(hr)
		if err != nil {
			return time.Since(start), 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start), resp.StatusCode, err
	}

	// warm-up: shared among the clients, not measured
	if cfg.Warmup > 0 {
		var left atomic.Int64
		left.Store(int64(cfg.Warmup))
		var wg sync.WaitGroup
		for range min(cfg.Clients, cfg.Warmup) {
			wg.Go(func() {
				for left.Add(-1) >= 0 && ctx.Err() == nil {
					send(ctx)
				}
			})
		}
		wg.Wait()
	}

	runCtx := ctx
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	var budget atomic.Int64
	budget.Store(int64(cfg.Requests))
	type clientResult struct {
		lat    []time.Duration
		status map[int]int
		errors int
		first  string
	}
	results := make([]clientResult, cfg.Clients)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range cfg.Clients {
		wg.Go(func() {
			cr := &results[c]
			cr.status = map[int]int{}
			for runCtx.Err() == nil {
				if cfg.Requests > 0 && budget.Add(-1) < 0 {
					return
				}
				d, status, err := send(runCtx)
				if err != nil && runCtx.Err() != nil {
					return // cut off by the end of the run: not a result
				}
				cr.lat = append(cr.lat, d)
				cr.status[status]++
				if err != nil || !ok(status) {
					cr.errors++
					if cr.first == "" {
						if err != nil {
							cr.first = err.Error()
						} else {
							cr.first = fmt.Sprintf("status %d", status)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	res := Result{Clients: cfg.Clients, Elapsed: elapsed, Status: map[int]int{}}
	var all []time.Duration
	var sum time.Duration
	for _, cr := range results {
		all = append(all, cr.lat...)
		res.Errors += cr.errors
		for k, v := range cr.status {
			res.Status[k] += v
		}
		if res.FirstError == "" {
			res.FirstError = cr.first
		}
	}
	slices.Sort(all)
	for _, d := range all {
		sum += d
	}
	res.Requests = len(all)
	if res.Requests > 0 {
		res.Mean = sum / time.Duration(res.Requests)
		res.P50, res.P95, res.P99 = Percentile(all, 50), Percentile(all, 95), Percentile(all, 99)
		res.Max = all[len(all)-1]
	}
	if elapsed > 0 {
		res.Throughput = float64(res.Requests) / elapsed.Seconds()
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	return res, nil
}
