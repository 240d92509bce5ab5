package web

import (
	"fmt"
	"html/template"
	"strings"

	"kampungkb/indicator"
)

// trendPoint is one month of a trend chart.
type trendPoint struct {
	Label string
	P     indicator.Percent
}

// trendChart draws one percentage over months as an SVG line with its
// values written at each point (so that it reads printed and without
// colour); months without a denominator leave a gap. Like barChart it
// scales to its container's width through a viewBox.
type trendChart struct {
	Title  string
	Points []trendPoint
}

func (c trendChart) SVG() template.HTML {
	const w, h, left, right, top, bottom = 640.0, 240.0, 44.0, 30.0, 24.0, 34.0
	maxT := int64(0)
	for _, p := range c.Points {
		if t, ok := p.P.Tenths(); ok {
			maxT = max(maxT, t)
		}
	}
	// the scale: 0 to the next multiple of 10 % above the highest value
	topPct := (maxT/100 + 1) * 10
	n := len(c.Points)
	if n == 0 {
		return ""
	}
	sx := func(i int) float64 {
		if n == 1 {
			return (left + w - right) / 2
		}
		return left + float64(i)*(w-left-right)/float64(n-1)
	}
	sy := func(tenths int64) float64 { return h - bottom - float64(tenths)/float64(topPct*10)*(h-top-bottom) }
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="trend-t" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13" fill="%s">`, w, h, chartInk)
	fmt.Fprintf(&b, `<title id="trend-t">%s</title>`, esc(c.Title))
	step := max(topPct/5, 1)
	for v := int64(0); v <= topPct; v += step {
		y := sy(v * 10)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1"%s/>`, left, w-right, y, y, chartGrid,
			map[bool]string{true: "", false: ` stroke-dasharray="3 3"`}[v == 0])
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" fill="%s" font-size="12">%d %%</text>`, left-6, y+4, chartMuted, v)
	}
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(seg, " "), chartPalette[0])
		}
		seg = seg[:0]
	}
	for i, p := range c.Points {
		x := sx(i)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" fill="%s" font-size="12">%s</text>`, x, h-bottom+18, chartMuted, esc(p.Label))
		t, ok := p.P.Tenths()
		if !ok {
			flush()
			continue
		}
		seg = append(seg, fmt.Sprintf("%.1f,%.1f", x, sy(t)))
	}
	flush()
	for i, p := range c.Points {
		t, ok := p.P.Tenths()
		if !ok {
			continue
		}
		x, y := sx(i), sy(t)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s (%d/%d)</title></circle>`, x, y, chartPalette[0], esc(p.Label), esc(p.P.Format()), p.P.Num, p.P.Den)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11">%s</text>`, x, y-8, esc(strings.TrimSuffix(p.P.Format(), " %")))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
