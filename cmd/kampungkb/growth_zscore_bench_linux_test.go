//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"kampungkb/internal/testutil"
)

// TestMain lets the benchmark run the command in a child process (the
// test binary itself), so that its time and peak memory are its own.
func TestMain(m *testing.M) {
	switch os.Getenv("KAMPUNGKB_TEST_EXEC") {
	case "run":
		os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	case "csv-copy":
		if err := csvCopy(os.Args[1], os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if benchCSVDir != "" {
		os.RemoveAll(benchCSVDir)
	}
	os.Exit(code)
}

// csvCopy is the floor of the benchmark: read and write the same CSV with
// encoding/csv, computing nothing.
func csvCopy(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	defer o.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	bw := bufio.NewWriterSize(o, 1<<20)
	w := csv.NewWriter(bw)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

const benchRows = 1_000_000

var (
	benchCSVOnce sync.Once
	benchCSVDir  string
	benchCSVErr  error
)

// benchCSV writes a 1M-row measurement file once per test binary.
func benchCSV(b *testing.B) string {
	benchCSVOnce.Do(func() {
		benchCSVDir, benchCSVErr = os.MkdirTemp("", "kampungkb-bench-")
		if benchCSVErr != nil {
			return
		}
		f, err := os.Create(filepath.Join(benchCSVDir, "in.csv"))
		if err != nil {
			benchCSVErr = err
			return
		}
		w := bufio.NewWriter(f)
		rng := rand.New(rand.NewPCG(3, 5))
		w.WriteString("id,sex,age_days,weight_kg,lenhei_cm,measure,oedema,headc_cm,armc_cm,triskin_mm,subskin_mm\n")
		var buf []byte
		dec := func(x float64) { buf = strconv.AppendFloat(buf, float64(int(max(x, 0.5)*10))/10, 'f', -1, 64) }
		for i := range benchRows {
			age := 91 + rng.IntN(1736)
			f := float64(age) / 1826
			m, oed := "l", "n"
			if age >= 731 {
				m = "h"
			}
			if rng.IntN(500) == 0 {
				oed = "y"
			}
			buf = strconv.AppendInt(buf[:0], int64(i+1), 10)
			buf = append(buf, ',', byte('1'+rng.IntN(2)), ',')
			buf = strconv.AppendInt(buf, int64(age), 10)
			buf = append(buf, ',')
			dec(4 + 12*f + rng.NormFloat64()*1.5)
			buf = append(buf, ',')
			dec(55 + 55*f + rng.NormFloat64()*4)
			buf = append(buf, ',')
			buf = append(buf, m...)
			buf = append(buf, ',')
			buf = append(buf, oed...)
			buf = append(buf, ',')
			dec(40 + 10*f + rng.NormFloat64())
			buf = append(buf, ',')
			dec(14 + 2*f + rng.NormFloat64())
			buf = append(buf, ',')
			dec(9 + rng.NormFloat64()*1.5)
			buf = append(buf, ',')
			dec(7 + rng.NormFloat64()*1.2)
			buf = append(buf, '\n')
			w.Write(buf)
		}
		if err := w.Flush(); err != nil {
			benchCSVErr = err
		}
		benchCSVErr = f.Close()
	})
	if benchCSVErr != nil {
		b.Fatal(benchCSVErr)
	}
	return filepath.Join(benchCSVDir, "in.csv")
}

// BenchmarkZscoreCLI runs "kampungkb growth zscore" end to end (parse,
// compute, write) on a 1M-row CSV in a child process, reporting its wall
// time and peak memory (max RSS), beside the floor: the same file read
// and written by encoding/csv without computing (issue item 9: ≤ 2 s,
// ≤ 100 MB).
func BenchmarkZscoreCLI(b *testing.B) {
	in := benchCSV(b)
	tables := filepath.Join(testutil.SharedDir(b), "who-growth")
	out := filepath.Join(filepath.Dir(in), "out.csv")
	for _, c := range []struct {
		name string
		env  string
		args []string
	}{
		{"zscore", "run", []string{"growth", "zscore", "--who-tables", tables, "--in", in, "--out", out}},
		{"floor-csv-copy", "csv-copy", []string{in, out}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var peak int64
			var total time.Duration
			for b.Loop() {
				cmd := exec.Command(os.Args[0], c.args...)
				cmd.Env = append(os.Environ(), "KAMPUNGKB_TEST_EXEC="+c.env)
				cmd.Stderr = os.Stderr
				start := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatalf("%s: %v", c.name, err)
				}
				total += time.Since(start)
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss) // KiB on Linux
				}
			}
			sec := total.Seconds() / float64(b.N)
			b.ReportMetric(sec, "s/1M-rows")
			b.ReportMetric(sec*1e9/benchRows, "ns/row")
			b.ReportMetric(benchRows/sec, "rows/s")
			b.ReportMetric(float64(peak)/1024, "peak-MB")
		})
	}
}
