package indicator

import (
	"bytes"
	"encoding/json"
)

// Row is one row of the indicator report (formats.md "Programme
// indicators"): a region or Kampung KB with its counts.
type Row struct {
	Code string // region code, or "kampung:ID"
	Name string
	Counts
}

// Header returns the report's CSV header: code, name and Columns.
func Header() []string { return append([]string{"code", "name"}, Columns()...) }

// Record returns the row as CSV cells in the order of Header.
func (r Row) Record() []string { return append([]string{r.Code, r.Name}, r.Counts.Record()...) }

// MarshalJSON writes one flat object: code, name and every column.
func (r Row) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}{r.Code, r.Name})
	if err != nil {
		return nil, err
	}
	counts, err := r.Counts.MarshalJSON()
	if err != nil {
		return nil, err
	}
	// {"code":..,"name":..} + {"families":..} → {"code":..,"name":..,"families":..}
	var b bytes.Buffer
	b.Write(head[:len(head)-1])
	b.WriteByte(',')
	b.Write(counts[1:])
	return b.Bytes(), nil
}
