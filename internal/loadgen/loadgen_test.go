package loadgen_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"kampungkb/internal/loadgen"
)

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {95, 95 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := loadgen.Percentile(d, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if got := loadgen.Percentile(nil, 50); got != 0 {
		t.Errorf("empty: %v", got)
	}
}

// TestRunIsBoundedAndCounts checks the load generator against a server
// that records its concurrency: never more requests in flight than
// clients, exactly the requested count, failures counted, and latencies
// at least the server's delay.
func TestRunIsBoundedAndCounts(t *testing.T) {
	var inFlight, peak, served atomic.Int64
	const delay = 2 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		served.Add(1)
		time.Sleep(delay)
		if r.URL.Path == "/gagal" {
			http.Error(w, "gagal", http.StatusInternalServerError)
			return
		}
		if r.Method == "POST" && r.Header.Get("Authorization") != "Bearer rahasia" {
			http.Error(w, "tanpa token", http.StatusUnauthorized)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()

	res, err := loadgen.Run(context.Background(), loadgen.Config{Clients: 4, Requests: 200, Warmup: 10,
		Next: func(n int) loadgen.Request {
			if n%10 == 9 {
				return loadgen.Request{Method: "GET", URL: srv.URL + "/gagal"}
			}
			return loadgen.Request{Method: "POST", URL: srv.URL + "/ok", Body: []byte(`{}`),
				Header: http.Header{"Authorization": {"Bearer rahasia"}}}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || served.Load() != 210 {
		t.Errorf("requests %d (served %d), want 200 measured after 10 warm-up", res.Requests, served.Load())
	}
	if p := peak.Load(); p > 4 || p < 2 {
		t.Errorf("peak concurrency %d, want 2–4 with 4 clients", p)
	}
	if res.Errors < 15 || res.Errors > 25 || res.Status[500] != res.Errors || res.Status[401] != 0 {
		t.Errorf("errors %d, status %v: want about one in ten 500s", res.Errors, res.Status)
	}
	if res.P50 < delay || res.P95 < res.P50 || res.P99 < res.P95 || res.Max < res.P99 {
		t.Errorf("latencies out of order or below the server's delay: %+v", res)
	}
	if res.Throughput <= 0 || res.Throughput > 4/delay.Seconds()*1.05 {
		t.Errorf("throughput %.0f/s impossible with 4 clients and %v per request", res.Throughput, delay)
	}

	// a duration bound stops the run
	start := time.Now()
	res, err = loadgen.Run(context.Background(), loadgen.Config{Clients: 2, Duration: 100 * time.Millisecond,
		Next: func(int) loadgen.Request { return loadgen.Request{Method: "GET", URL: srv.URL + "/ok"} }})
	if err != nil || time.Since(start) > time.Second || res.Requests == 0 || res.Errors != 0 {
		t.Errorf("duration run: %v %v %+v", err, time.Since(start), res)
	}

	if _, err := loadgen.Run(context.Background(), loadgen.Config{Clients: 1, Next: func(int) loadgen.Request { return loadgen.Request{} }}); err == nil {
		t.Error("a run without a bound should be refused")
	}
}
