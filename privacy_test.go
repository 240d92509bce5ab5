package kampungkb_test

import (
	"testing"

	"kampungkb"
)

func TestMaskNIK(t *testing.T) {
	for in, want := range map[string]string{
		"5203134101900001":   "5203••••••••0001",
		" 5203134101900001 ": "5203••••••••0001",
		"":                   "",
		"12a":                "•••",
		"52031341019000011":  "•••••••••••••••••",
	} {
		if got := kampungkb.MaskNIK(in); got != want {
			t.Errorf("MaskNIK(%q) = %q, want %q", in, got, want)
		}
	}
}
