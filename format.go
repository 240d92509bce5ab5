package kampungkb

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Indonesian month names, for dates written the Indonesian way
// ("10 Desember 2019").
var monthsID = [...]string{"", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"}

// MonthName returns the Indonesian name of m.
func MonthName(m time.Month) string { return monthsID[m] }

// FormatDate writes d as "10 Desember 2019"; "" for the zero date.
func FormatDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day(), monthsID[d.Month()], d.Year())
}

// FormatTimestamp writes t in the given location as "10 Desember 2019 09.30".
func FormatTimestamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d %02d.%02d", t.Day(), monthsID[t.Month()], t.Year(), t.Hour(), t.Minute())
}

// FormatInt writes n with Indonesian thousands separators: 1.500.000.
func FormatInt(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FormatRupiah writes an amount in Rupiah: "Rp 1.500.000".
func FormatRupiah(n int64) string { return "Rp " + FormatInt(n) }

// FormatPercent writes a ratio in percent with one decimal and a comma:
// "58,1 %". The empty string when den is 0.
func FormatPercent(num, den int64) string {
	if den == 0 {
		return ""
	}
	// round half up on the exact ratio: (num*1000/den + 5) / 10 tenths
	tenths := (num*1000*2/den + 1) / 2
	return fmt.Sprintf("%d,%d %%", tenths/10, tenths%10)
}

// ParseRupiah reads an amount of Rupiah as people type it: "1500000",
// "1.500.000", "Rp 1.500.000", "Rp1.500.000,00". Cents other than ,00 are
// refused (Rupiah amounts are whole). Negative amounts are refused.
func ParseRupiah(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "Rp"), "rp")
	s = strings.TrimPrefix(s, ".")
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("jumlah kosong")
	}
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("jumlah tidak boleh negatif")
	}
	if i := strings.IndexByte(s, ','); i >= 0 {
		frac := s[i+1:]
		if strings.Trim(frac, "0") != "" {
			return 0, fmt.Errorf("jumlah rupiah harus bilangan bulat")
		}
		s = s[:i]
	}
	s = strings.ReplaceAll(s, ".", "")
	s = strings.ReplaceAll(s, " ", "")
	if !allDigits(s) {
		return 0, fmt.Errorf("%q bukan jumlah rupiah yang valid", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > 1e15 {
		return 0, fmt.Errorf("jumlah terlalu besar")
	}
	return n, nil
}
