package exchange_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"kampungkb"
	"kampungkb/exchange"
)

func TestTableWriters(t *testing.T) {
	rows := [][]any{{int64(1), "Muslimat NW, Pancor", int64(1500000), true}, {2, "RKB \"Pertamina\"", 0, false}}
	var buf bytes.Buffer
	w, err := exchange.NewTableWriter(&buf, exchange.CSV, "mitra")
	if err != nil {
		t.Fatal(err)
	}
	w.Header([]string{"id", "nama", "kontribusi_rp", "aktif"})
	for _, r := range rows {
		w.Row(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][1] != "Muslimat NW, Pancor" || recs[1][2] != "1500000" || recs[2][1] != `RKB "Pertamina"` || recs[1][3] != "ya" {
		t.Errorf("csv = %v %v", recs, err)
	}
	buf.Reset()
	w, _ = exchange.NewTableWriter(&buf, exchange.XLSX, "mitra")
	w.Header([]string{"id", "nama", "kontribusi_rp", "aktif"})
	for _, r := range rows {
		w.Row(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.GetRows("mitra")
	if len(got) != 3 || got[1][2] != "1500000" || got[2][1] != `RKB "Pertamina"` {
		t.Errorf("xlsx = %v", got)
	}
	if _, err := exchange.NewTableWriter(&buf, "pdf", ""); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestReadRegionsProblems(t *testing.T) {
	for _, c := range []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"no files", fstest.MapFS{"other.csv": {Data: []byte("x")}}, "tidak ada berkas wilayah"},
		{"missing column", fstest.MapFS{"provinces.csv": {Data: []byte("kode,nama\n52,NTB\n")}}, "provinces.csv:1: code: kolom wajib tidak ada"},
		{"empty file", fstest.MapFS{"provinces.csv": {Data: []byte("")}}, "provinces.csv:1: berkas kosong"},
		{"bad quoting", fstest.MapFS{"provinces.csv": {Data: []byte("code,name\n52,\"NTB\n")}}, "provinces.csv:2"},
		{"wrong level", fstest.MapFS{"provinces.csv": {Data: []byte("code,name\n52.03,Lotim\n")}}, "provinces.csv:2: code: 52.03 adalah kode Kabupaten/Kota"},
	} {
		_, err := exchange.ReadRegions(c.files, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	// BOM and dotless codes are accepted; order of columns is free.
	rs, err := exchange.ReadRegions(fstest.MapFS{
		"provinces.csv": {Data: []byte("\ufeffname,code\nNusa Tenggara Barat,52\n")},
		"regencies.csv": {Data: []byte("code,province_code,name\n5203,52,Kabupaten Lombok Timur\n")},
	}, nil)
	if err != nil || len(rs) != 2 || rs[1].Code != "52.03" || rs[1].ParentCode != "52" || rs[1].Level != kampungkb.Kabupaten {
		t.Errorf("regions = %+v %v", rs, err)
	}
	// Many bad rows: all are listed, the message caps at 100.
	var b strings.Builder
	b.WriteString("code,name\n")
	for i := 0; i < 150; i++ {
		b.WriteString("x,Bad\n")
	}
	_, err = exchange.ReadRegions(fstest.MapFS{"provinces.csv": {Data: []byte(b.String())}}, nil)
	var rows exchange.RowErrors
	if !errors.As(err, &rows) || len(rows) != 150 || !strings.Contains(err.Error(), "dan 50 kesalahan lain") {
		t.Errorf("150 bad rows: %d, %v", len(rows), err)
	}
}
