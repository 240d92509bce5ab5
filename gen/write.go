package gen

import "strconv"

// rowBuf builds one CSV row and remembers where each field starts, so an
// injected error can replace one field.
type rowBuf struct {
	b   []byte
	off []int
}

func (r *rowBuf) reset() {
	r.b = r.b[:0]
	r.off = append(r.off[:0], 0)
}

// next ends a field.
func (r *rowBuf) next() {
	r.b = append(r.b, ',')
	r.off = append(r.off, len(r.b))
}

// field returns the bytes of field i.
func (r *rowBuf) field(i int) string {
	end := len(r.b)
	if i+1 < len(r.off) {
		end = r.off[i+1] - 1
	}
	return string(r.b[r.off[i]:end])
}

// replace sets field i to v.
func (r *rowBuf) replace(i int, v string) {
	end := len(r.b)
	if i+1 < len(r.off) {
		end = r.off[i+1] - 1
	}
	tail := append([]byte(v), r.b[end:]...)
	r.b = append(r.b[:r.off[i]], tail...)
}

// emit finishes the row, applies an injected error when this row is the
// target, and writes it to file f.
func (g *generator) emit(f int, target bool) {
	g.lines[f]++
	if target {
		g.applyError(f, g.lines[f])
	}
	g.row.b = append(g.row.b, '\n')
	g.out[f].Write(g.row.b)
}

// write writes the family's rows to the three files.
func (g *generator) write() {
	r := g.r
	t := g.inj.target(g)
	row := &g.row

	// families.csv
	row.reset()
	row.b = append(row.b, g.fid...)
	row.next()
	if r.Float64() >= 0.03 { // no. KK: kecamatan code, issue date DDMMYY, serial
		row.b = append(row.b, g.kec...)
		day := g.at - int32(r.IntN(16*365))
		y, m, d := civilFromDays(day)
		row.b = append2(append2(append2(row.b, d), m), y%100)
		row.b = appendN(row.b, 1+r.IntN(9999), 4)
	}
	row.next()
	row.b = append(row.b, g.v.Code...)
	row.next()
	row.b = append(row.b, g.dusuns[g.dIdx].name...)
	row.next()
	row.b = appendN(row.b, g.dIdx+1, 3)
	row.next()
	row.b = appendN(row.b, g.rt, 3)
	row.next()
	if u := r.Float64(); u >= 0.01 {
		if r.Float64() < g.pNotWater {
			row.b = append(row.b, waterNotDecent[weighted(r, waterNotDecentW)]...)
		} else {
			row.b = append(row.b, waterDecent[weighted(r, waterDecentW)]...)
		}
	}
	row.next()
	if u := r.Float64(); u >= 0.01 {
		if r.Float64() < g.pNotToilet {
			row.b = append(row.b, toiletNot[weighted(r, toiletNotW)]...)
		} else {
			row.b = append(row.b, toiletDecent[weighted(r, toiletDecentW)]...)
		}
	}
	row.next()
	if r.Float64() >= 0.04 {
		row.b = strconv.AppendInt(row.b, int64(1+weighted(r, decileW)), 10)
	}
	g.emit(0, t.file == 0)
	g.st.Families++

	// members.csv
	for i := range g.ps {
		p := &g.ps[i]
		row.reset()
		row.b = append(row.b, g.fid...)
		row.next()
		row.b = strconv.AppendInt(row.b, int64(i+1), 10)
		row.next()
		if p.nik { // NIK: kecamatan code, DD (+40 women), MM, YY, serial
			y, m, d := civilFromDays(p.birth)
			if p.sex == 'p' {
				d += 40
			}
			row.b = append(row.b, g.kec...)
			row.b = append2(append2(append2(row.b, d), m), y%100)
			row.b = appendN(row.b, 1+r.IntN(9999), 4)
		}
		row.next()
		if p.title {
			if p.sex == 'l' {
				row.b = append(row.b, "Lalu "...)
			} else {
				row.b = append(row.b, "Baiq "...)
			}
		}
		if p.sex == 'l' {
			row.b = append(row.b, maleNames[p.first]...)
		} else {
			row.b = append(row.b, femaleNames[p.first]...)
		}
		if p.sec >= 0 {
			row.b = append(append(row.b, ' '), secondNames[p.sec]...)
		}
		row.next()
		row.b = append(row.b, p.sex)
		row.next()
		row.b = appendDate(row.b, p.birth)
		row.next()
		row.b = append(row.b, p.rel...)
		row.next()
		row.b = append(row.b, p.marital...)
		row.next()
		if p.mAge >= 0 && p.marital != "belum_kawin" {
			row.b = strconv.AppendInt(row.b, int64(p.mAge), 10)
		}
		row.next()
		if p.preg != 0 {
			row.b = append(row.b, p.preg)
		}
		row.next()
		if p.born >= 0 && p.sex == 'p' {
			row.b = strconv.AppendInt(row.b, int64(p.born), 10)
		}
		row.next()
		if p.hasLast {
			row.b = appendDate(row.b, p.last)
		}
		row.next()
		row.b = append(row.b, p.kb...)
		row.next()
		row.b = append(row.b, p.reason...)
		g.emit(1, t.file == 1 && t.row == i)
		g.st.Members++
		if p.child {
			g.st.Children++
		}
	}

	// measurements.csv
	posyandu := g.dusuns[g.dIdx].name
	for i := range g.ms {
		x := &g.ms[i]
		p := &g.ps[x.member]
		if !p.measured {
			p.measured = true
			g.st.MeasuredChildren++
		}
		row.reset()
		row.b = append(row.b, g.fid...)
		row.next()
		row.b = strconv.AppendInt(row.b, int64(x.member+1), 10)
		row.next()
		row.b = appendDate(row.b, x.date)
		row.next()
		row.b = appendDec1(row.b, x.weight)
		row.next()
		row.b = appendDec1(row.b, x.lenhei)
		row.next()
		row.b = append(row.b, x.measure)
		row.next()
		if x.oedema != 0 {
			row.b = append(row.b, x.oedema)
		}
		row.next()
		row.b = append(append(row.b, "Posyandu "...), posyandu...)
		g.emit(2, t.file == 2 && t.row == i)
		g.st.Measurements++
	}
}
