package exchange

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Formats of list downloads.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// ContentType returns the MIME type of a download format.
func ContentType(format string) string {
	if format == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// TableWriter streams a table (a header, then rows) as CSV or XLSX.
type TableWriter interface {
	Header(cols []string) error
	Row(vals []any) error
	Close() error
}

// NewTableWriter returns a writer of format (csv or xlsx) to w. sheet names
// the XLSX sheet.
func NewTableWriter(w io.Writer, format, sheet string) (TableWriter, error) {
	switch format {
	case CSV:
		return &csvTable{w: csv.NewWriter(w)}, nil
	case XLSX:
		f := excelize.NewFile()
		if sheet == "" {
			sheet = "Data"
		}
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return nil, err
		}
		return &xlsxTable{f: f, sw: sw, out: w}, nil
	}
	return nil, fmt.Errorf("format %q tidak dikenal: pilih csv atau xlsx", format)
}

type csvTable struct {
	w   *csv.Writer
	rec []string
}

func (t *csvTable) Header(cols []string) error { return t.w.Write(cols) }

func (t *csvTable) Row(vals []any) error {
	t.rec = t.rec[:0]
	for _, v := range vals {
		t.rec = append(t.rec, cell(v))
	}
	return t.w.Write(t.rec)
}

func (t *csvTable) Close() error {
	t.w.Flush()
	return t.w.Error()
}

// cell writes a value for CSV: numbers plain (no thousands separators) so
// that other tools read them.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "ya"
		}
		return "tidak"
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

type xlsxTable struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	out io.Writer
	row int
}

func (t *xlsxTable) Header(cols []string) error {
	vals := make([]any, len(cols))
	style, _ := t.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, c := range cols {
		vals[i] = excelize.Cell{Value: c, StyleID: style}
	}
	return t.next(vals)
}

func (t *xlsxTable) Row(vals []any) error {
	out := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case int, int64, float64, string, nil:
			out[i] = x
		case bool:
			out[i] = cell(x)
		case fmt.Stringer:
			out[i] = x.String()
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return t.next(out)
}

func (t *xlsxTable) next(vals []any) error {
	t.row++
	axis, err := excelize.CoordinatesToCellName(1, t.row)
	if err != nil {
		return err
	}
	return t.sw.SetRow(axis, vals)
}

func (t *xlsxTable) Close() error {
	if err := t.sw.Flush(); err != nil {
		return err
	}
	_, err := t.f.WriteTo(t.out)
	if e := t.f.Close(); err == nil {
		err = e
	}
	return err
}
