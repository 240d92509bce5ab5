package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"kampungkb"
)

// ChartSource gives the WHO reference curves of a growth chart: for the
// chart's indicator ("lenhei", "weight", "wfl") and sex (l/p), the x values
// (age in days, or length/height in cm) with the measurement at each of
// the z-scores asked for.
type ChartSource interface {
	Curves(indicator, sex string, zs []float64) (xs []float64, ys [][]float64)
}

// chartSVG is one drawn growth chart.
type chartSVG struct {
	Title string
	SVG   template.HTML
}

// childCharts draws the growth charts of a child (none without tables).
func (s *Server) childCharts(c kampungkb.Child, ms []kampungkb.Measurement) []chartSVG {
	if s.charts == nil {
		return nil
	}
	return growthCharts(s.charts, c, ms)
}

// chartZ are the WHO curves drawn: −3, −2, 0, +2, +3 SD.
var chartZ = []float64{-3, -2, 0, 2, 3}

// growthCharts draws length/height-for-age, weight-for-age and
// weight-for-length/height for a child: the WHO curves from the tables and
// the child's points joined by a line.
func growthCharts(src ChartSource, c kampungkb.Child, ms []kampungkb.Measurement) []chartSVG {
	type point struct{ x, y float64 }
	var lenPts, weiPts, wflPts []point
	for _, m := range ms {
		months := float64(m.AgeDays) / 30.4375
		if m.Z.LenHeiCm != nil {
			lenPts = append(lenPts, point{months, *m.Z.LenHeiCm})
		} else if m.LenHeiCm != nil {
			lenPts = append(lenPts, point{months, *m.LenHeiCm})
		}
		if m.WeightKg != nil {
			weiPts = append(weiPts, point{months, *m.WeightKg})
			if l := m.Z.LenHeiCm; l != nil {
				wflPts = append(wflPts, point{*l, *m.WeightKg})
			} else if m.LenHeiCm != nil {
				wflPts = append(wflPts, point{*m.LenHeiCm, *m.WeightKg})
			}
		}
	}
	draw := func(title, indicator, xLabel, yLabel string, xScale float64, pts []point) chartSVG {
		xs, ys := src.Curves(indicator, c.Sex, chartZ)
		lc := lineChart{Title: title, XLabel: xLabel, YLabel: yLabel}
		for i, z := range chartZ {
			cv := curve{Label: zLabel(z), Z: z}
			for j, x := range xs {
				cv.X = append(cv.X, x*xScale)
				cv.Y = append(cv.Y, ys[i][j])
			}
			lc.Curves = append(lc.Curves, cv)
		}
		for _, p := range pts {
			lc.PX = append(lc.PX, p.x)
			lc.PY = append(lc.PY, p.y)
		}
		return chartSVG{Title: title, SVG: lc.svg()}
	}
	// weight-for-length under 2 years (731 days), weight-for-height from
	// then on: the chart follows the child's latest measurement.
	wfl, wflTitle := "wfl", "Berat badan menurut panjang badan (BB/PB)"
	if len(ms) > 0 && ms[len(ms)-1].AgeDays >= 731 {
		wfl, wflTitle = "wfh", "Berat badan menurut tinggi badan (BB/TB)"
	}
	return []chartSVG{
		draw("Panjang/tinggi badan menurut umur (PB/U, TB/U)", "lenhei", "Umur (bulan)", "cm", 1/30.4375, lenPts),
		draw("Berat badan menurut umur (BB/U)", "weight", "Umur (bulan)", "kg", 1/30.4375, weiPts),
		draw(wflTitle, wfl, "Panjang/tinggi badan (cm)", "kg", 1, wflPts),
	}
}

func zLabel(z float64) string {
	switch {
	case z == 0:
		return "median"
	case z > 0:
		return "+" + strconv.FormatFloat(z, 'f', 0, 64) + " SD"
	}
	return strconv.FormatFloat(z, 'f', 0, 64) + " SD"
}

type curve struct {
	Label string
	Z     float64
	X, Y  []float64
}

// lineChart is a small server-side SVG line chart: reference curves and
// the child's points, black on white so that it prints.
type lineChart struct {
	Title, XLabel, YLabel string
	Curves                []curve
	PX, PY                []float64
}

func (c lineChart) svg() template.HTML {
	const w, h, left, right, top, bottom = 480.0, 340.0, 40.0, 62.0, 16.0, 40.0
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, cv := range c.Curves {
		for i := range cv.X {
			minX, maxX = math.Min(minX, cv.X[i]), math.Max(maxX, cv.X[i])
			minY, maxY = math.Min(minY, cv.Y[i]), math.Max(maxY, cv.Y[i])
		}
	}
	for i := range c.PX {
		minY, maxY = math.Min(minY, c.PY[i]), math.Max(maxY, c.PY[i])
	}
	if math.IsInf(minX, 0) || maxX == minX || maxY == minY {
		return ""
	}
	minY = math.Floor(minY)
	maxY = math.Ceil(maxY)
	sx := func(x float64) float64 { return left + (x-minX)/(maxX-minX)*(w-left-right) }
	sy := func(y float64) float64 { return h - bottom - (y-minY)/(maxY-minY)*(h-top-bottom) }
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="growth-chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(c.Title))
	fmt.Fprintf(&b, `<title>%s</title><rect x="0" y="0" width="%.0f" height="%.0f" fill="#fff"/>`, esc(c.Title), w, h)
	// grid and axis ticks
	for _, t := range ticks(minX, maxX, 8) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd" stroke-width="1"/>`, sx(t), top, sx(t), h-bottom)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="14" text-anchor="middle" fill="#333">%s</text>`, sx(t), h-bottom+16, fmtNum(t))
	}
	for _, t := range ticks(minY, maxY, 8) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd" stroke-width="1"/>`, left, sy(t), w-right, sy(t))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="14" text-anchor="end" fill="#333">%s</text>`, left-4, sy(t)+4, fmtNum(t))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="14" text-anchor="middle" fill="#333">%s</text>`, (left+w-right)/2, h-6, esc(c.XLabel))
	fmt.Fprintf(&b, `<text x="12" y="%.1f" font-size="14" fill="#333">%s</text>`, top+4, esc(c.YLabel))
	// reference curves: median solid, ±2 dashed, ±3 dotted
	for _, cv := range c.Curves {
		dash, width, color := "", "1.5", "#0b6e4f"
		switch math.Abs(cv.Z) {
		case 2:
			dash, color = ` stroke-dasharray="6 4"`, "#b36b00"
		case 3:
			dash, color = ` stroke-dasharray="2 3"`, "#b00020"
		}
		var pts strings.Builder
		for i := range cv.X {
			fmt.Fprintf(&pts, "%.1f,%.1f ", sx(cv.X[i]), sy(cv.Y[i]))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"%s/>`, strings.TrimSpace(pts.String()), color, width, dash)
		last := len(cv.X) - 1
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" fill="%s">%s</text>`, sx(cv.X[last])+4, sy(cv.Y[last])+4, color, esc(cv.Label))
	}
	// the child's points and line
	if len(c.PX) > 0 {
		var pts strings.Builder
		for i := range c.PX {
			if c.PX[i] < minX || c.PX[i] > maxX {
				continue
			}
			fmt.Fprintf(&pts, "%.1f,%.1f ", sx(c.PX[i]), sy(c.PY[i]))
		}
		if p := strings.TrimSpace(pts.String()); p != "" {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#000" stroke-width="2"/>`, p)
			for _, xy := range strings.Fields(p) {
				x, y, _ := strings.Cut(xy, ",")
				fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4" fill="#000"/>`, x, y)
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// ticks returns about n round tick values between lo and hi.
func ticks(lo, hi float64, n int) []float64 {
	step := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(n))))
	for _, m := range []float64{1, 2, 5, 10} {
		if (hi-lo)/(step*m) <= float64(n) {
			step *= m
			break
		}
	}
	var out []float64
	for t := math.Ceil(lo/step) * step; t <= hi+1e-9; t += step {
		out = append(out, t)
	}
	return out
}

func fmtNum(x float64) string {
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1)
}
