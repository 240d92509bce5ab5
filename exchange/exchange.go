// Package exchange reads and writes the files kampungkb exchanges with
// people and other systems: region CSV files (../shared/wilayah layout),
// and CSV/XLSX exports of lists. Readers stream and report every bad row
// with its file and line; nothing here touches the database or HTTP.
package exchange

import (
	"fmt"
	"strings"
)

// RowError is one problem in an input file, printed as FILE:LINE: column: problem.
type RowError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Problem string `json:"problem"`
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Column, e.Problem)
}

// MaxListedErrors is how many row errors a report lists before counting the rest.
const MaxListedErrors = 100

// RowErrors is the error of an import with bad rows: nothing was changed.
type RowErrors []RowError

func (es RowErrors) Error() string {
	var b strings.Builder
	type fileLine struct {
		file string
		line int
	}
	lines := map[fileLine]bool{}
	for _, e := range es {
		lines[fileLine{e.File, e.Line}] = true
	}
	if len(lines) == len(es) {
		fmt.Fprintf(&b, "%d baris tidak valid; tidak ada yang diubah", len(es))
	} else {
		fmt.Fprintf(&b, "%d baris tidak valid (%d masalah); tidak ada yang diubah", len(lines), len(es))
	}
	for i, e := range es {
		if i == MaxListedErrors {
			fmt.Fprintf(&b, "\n... dan %d kesalahan lain", len(es)-MaxListedErrors)
			break
		}
		b.WriteString("\n")
		b.WriteString(e.String())
	}
	return b.String()
}
