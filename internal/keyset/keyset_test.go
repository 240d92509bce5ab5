package keyset

import (
	"strconv"
	"testing"
)

func TestSet(t *testing.T) {
	var s Set
	const n = 100_000
	for i := range n {
		if v, seen := s.Add("K"+strconv.Itoa(i), uint32(i+2)); seen || v != uint32(i+2) {
			t.Fatalf("Add(K%d) = %d, %v on first sight", i, v, seen)
		}
	}
	for i := range n {
		if v, seen := s.Add("K"+strconv.Itoa(i), 1); !seen || v != uint32(i+2) {
			t.Fatalf("Add(K%d) again = %d, %v, want %d, true", i, v, seen, i+2)
		}
	}
	if s.Len() != n {
		t.Errorf("Len = %d, want %d", s.Len(), n)
	}
	if per := float64(s.Bytes()) / n; per > 43 {
		t.Errorf("%.1f bytes a key", per)
	}
}

func BenchmarkAdd(b *testing.B) {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = "5201011001-" + strconv.Itoa(i)
	}
	b.ResetTimer()
	var s Set
	for i := 0; b.Loop(); i++ {
		if i%len(keys) == 0 {
			s = Set{}
		}
		s.Add(keys[i%len(keys)], uint32(i))
	}
}
