package sqldb

import (
	"testing"
	"time"

	"kampungkb"
)

// TestScanDateAgreesWithDateScan checks that scanDate's fast path gives
// what kampungkb.Date.Scan gives, for good dates and for text it must
// leave to Date.Scan.
func TestScanDateAgreesWithDateScan(t *testing.T) {
	inputs := []any{nil, "", "2026-06-30", "2024-02-29", "2025-02-29", "1900-01-01", "1899-12-31", "2026-13-01",
		"2026-00-10", "2026-04-31", "2026-4-30", "2026/06/30", "2026-06-30 00:00:00", "2026-06-30T23:00:00-05:00",
		" 2026-06-30", "abcd-ef-gh", "9999-12-31", time.Date(2026, 6, 30, 23, 0, 0, 0, time.FixedZone("WITA", 8*3600))}
	// every day of a leap and a common year, and their neighbours
	for d := time.Date(2023, 12, 30, 0, 0, 0, 0, time.UTC); d.Year() < 2025; d = d.AddDate(0, 0, 1) {
		inputs = append(inputs, d.Format("2006-01-02"))
	}
	for _, in := range inputs {
		var want kampungkb.Date
		wantErr := want.Scan(in)
		got, err := scanDate(in)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Errorf("scanDate(%q) = %v, %v; Date.Scan gives %v, %v", in, got, err, want, wantErr)
		}
	}
}
