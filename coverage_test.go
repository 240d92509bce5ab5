package kampungkb

import "testing"

func TestCoveragePercent(t *testing.T) {
	tests := []struct {
		reached, total int
		want           float64
	}{{0, 0, 0}, {0, 4, 0}, {1, 4, 25}, {3, 3, 100}}
	for _, tt := range tests {
		if got := (CoverageReport{Reached: tt.reached, Total: tt.total}).Percent(); got != tt.want {
			t.Errorf("%d of %d: %v%%, want %v%%", tt.reached, tt.total, got, tt.want)
		}
		if got := (CoverageArea{Reached: tt.reached, Total: tt.total}).Percent(); got != tt.want {
			t.Errorf("area %d of %d: %v%%, want %v%%", tt.reached, tt.total, got, tt.want)
		}
	}
}
