package kampungkb

import "strings"

// MaskNIK masks a 16-digit NIK or No. KK for display, keeping the first 4
// digits (province and kabupaten) and the last 4: 5203••••••••0001. Other
// values are masked entirely except their length. Issue 3: identity numbers
// are shown in full only to roles that need them, and the view is audited.
func MaskNIK(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) == 16 && allDigits(s) {
		return s[:4] + strings.Repeat("•", 8) + s[12:]
	}
	return strings.Repeat("•", len([]rune(s)))
}
