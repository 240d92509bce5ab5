// Package keyset is a compact set of string keys, for finding keys that
// occur twice in a file of millions of rows without keeping the keys: an
// import of a province's 5.7 million members checks (family_id, member_no)
// in about 128 MB instead of the 600 MB a map[string]int took.
//
// A key is kept as a 96-bit hash (hash/maphash with two seeds) and a
// 32-bit value (the line of its first occurrence), 16 bytes a slot in an
// open-addressing table that doubles when it is 3/4 full: 21 to 43 bytes a
// key, 22 for 5.7 million keys. Two different keys share a hash with a
// probability of about n²/2⁹⁷ (10⁻¹⁶ for 5.7 million keys), so a key
// reported as seen was seen.
package keyset

import "hash/maphash"

// Set is a set of keys with a value each. The zero Set is empty and ready
// to use; a Set is not safe for concurrent use.
type Set struct {
	seeds [2]maphash.Seed
	slots []slot // len is a power of two, or 0
	n     int
}

// slot holds a key's hash: hi (never 0: 0 marks an empty slot) and the
// upper 32 bits of lo, with the value in the lower 32 bits of lo.
type slot struct{ hi, lo uint64 }

func (s *Set) hash(key string) (hi, lo uint64) {
	if s.slots == nil {
		s.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
		s.slots = make([]slot, 1024)
	}
	hi = maphash.String(s.seeds[0], key) | 1
	lo = maphash.String(s.seeds[1], key) &^ 0xffff_ffff
	return hi, lo
}

// Add adds key with value v unless it is in the set already, and returns
// the value stored with the key and whether it was there before.
func (s *Set) Add(key string, v uint32) (first uint32, seen bool) {
	hi, lo := s.hash(key)
	if (s.n+1)*4 > len(s.slots)*3 {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := hi & mask; ; i = (i + 1) & mask {
		sl := &s.slots[i]
		switch {
		case sl.hi == 0:
			*sl = slot{hi, lo | uint64(v)}
			s.n++
			return v, false
		case sl.hi == hi && sl.lo&^0xffff_ffff == lo:
			return uint32(sl.lo), true
		}
	}
}

// Len returns the number of keys.
func (s *Set) Len() int { return s.n }

// Bytes returns the memory the set holds.
func (s *Set) Bytes() int { return len(s.slots) * 16 }

func (s *Set) grow() {
	old := s.slots
	s.slots = make([]slot, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, sl := range old {
		if sl.hi == 0 {
			continue
		}
		i := sl.hi & mask
		for s.slots[i].hi != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = sl
	}
}
