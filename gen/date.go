package gen

import "time"

// Dates are day numbers since 1970-01-01 (UTC): cheap to add and compare,
// formatted without time.Time on the hot path.

const daysPerYear = 365.2425

func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return daysFromCivil(y, int(m), d)
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms
// (proleptic Gregorian calendar).
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

func civilFromDays(z int32) (y, m, d int) {
	zz := int(z) + 719468
	era := zz / 146097
	if zz < 0 && zz%146097 != 0 {
		era = (zz - 146096) / 146097
	}
	doe := zz - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

// ageYears is the age in completed years on day at (formats.md).
func ageYears(birth, at int32) int {
	by, bm, bd := civilFromDays(birth)
	ay, am, ad := civilFromDays(at)
	a := ay - by
	if am < bm || (am == bm && ad < bd) {
		a--
	}
	return a
}

// ageMonths is the age in completed calendar months on day at.
func ageMonths(birth, at int32) int {
	by, bm, bd := civilFromDays(birth)
	ay, am, ad := civilFromDays(at)
	m := (ay-by)*12 + am - bm
	if ad < bd {
		m--
	}
	return m
}

func daysIn(y, m int) int {
	return int(daysFromCivil(y, m+1, 1) - daysFromCivil(y, m, 1))
}

// appendDate appends YYYY-MM-DD.
func appendDate(b []byte, day int32) []byte {
	y, m, d := civilFromDays(day)
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return b
}

// append2 appends a two-digit number.
func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

// appendN appends n zero-padded to width digits.
func appendN(b []byte, n, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for w := 0; w < width || n > 0; w++ {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[i:]...)
}

// appendDec1 appends x with one decimal ("12.3", "-3.4").
func appendDec1(b []byte, x float64) []byte {
	n := int(x*10 + 0.5)
	if x < 0 {
		n = int(x*10 - 0.5)
		b = append(b, '-')
		n = -n
	}
	b = appendN(b, n/10, 1)
	return append(b, '.', byte('0'+n%10))
}
