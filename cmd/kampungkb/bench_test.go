package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestBenchGet(t *testing.T) {
	var hits, authorized atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") == "Bearer rahasia" {
			authorized.Add(1)
		}
		if r.URL.Path == "/gagal" {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"bench", "get", "--url", srv.URL, "--token", "rahasia", "--clients", "3",
		"--requests", "30", "--warmup", "0", "--duration", "0", "--format", "json", "--label", "uji", "/ok", "/gagal", "/ok"},
		strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res benchJSON
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if res.Label != "uji" || res.Requests != 30 || res.Errors != 10 || res.Status[500] != 10 || hits.Load() != 30 || authorized.Load() != 30 {
		t.Errorf("result %+v, %d hits (%d with the token)", res, hits.Load(), authorized.Load())
	}
	if !strings.Contains(errb.String(), "10 permintaan gagal") {
		t.Errorf("stderr: %s", errb.String())
	}
	if code := run(context.Background(), []string{"bench", "get", "--url", srv.URL}, strings.NewReader(""), &out, &errb); code != exitUsage {
		t.Errorf("without a path: exit %d", code)
	}
}
