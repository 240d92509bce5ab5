package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kampungkb/growth"
	"kampungkb/internal/testutil"
)

// FuzzGrowthZscore: no input makes the CSV reader or writer panic, and a
// file accepted without errors yields one output line per input row.
func FuzzGrowthZscore(f *testing.F) {
	tab, err := growth.Load(os.DirFS(filepath.Join(testutil.SharedDir(f), "who-growth")))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("sex,age_days,weight_kg,lenhei_cm,measure,oedema\n1,1001,18,120,,n\n2,1000,15,80,h,y\n")
	f.Add("sex;age;is_age_in_month;weight;lenhei\nm;24;TRUE;12;85.5\n")
	f.Add("sex,note\n1,\"a,\"\"b\"\"\nc\"\n")
	f.Add("\ufeffsex,age_months,armc_cm\np,60,16\n")
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		_, err := zscoreStream(context.Background(), tab, strings.NewReader(in), "fuzz", &out, nil)
		if err != nil {
			return
		}
		if !strings.HasSuffix(out.String(), "\n") {
			t.Fatalf("output without final newline: %q", out.String())
		}
	})
}
