package web

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"kampungkb"
)

// Charts are SVG drawn here, on the server (style.md "HTTP and pages"):
// no JavaScript, no external fonts, and only presentation attributes,
// never style attributes, which the Content-Security-Policy would block.
//
// Horizontal positions are percentages of the chart's width, so that the
// chart fills its container from a 360 px phone to a desktop while its
// text keeps its real size; only heights are fixed in pixels.

// chartPalette fills the series in order: dark and light first, so that a
// two-series chart (done / not done) stays readable printed in grey.
var chartPalette = []string{"#0b6e4f", "#c5cdd3", "#e0a526", "#0a5a9c", "#8e44ad", "#b00020", "#5b6770"}

const (
	chartInk      = "#1b1f23"
	chartMuted    = "#4a5560"
	chartLink     = "#0a5a9c"
	chartGrid     = "#cfd6dd"
	chartFontSize = 13
	chartLegendH  = 24 // one line of legend
	chartLabelH   = 18 // the label line above a bar
	chartBarH     = 18
	chartRowGap   = 10
	chartAxisH    = 22
	chartMaxLabel = 44 // runes of a label before it is shortened
	// chartMinWidth is the narrowest width the legend is laid out for
	// (a 360 px phone less the page's padding).
	chartMinWidth = 320
)

// bar is one bar of a barChart: a label and one value per series, stacked
// from left to right.
type bar struct {
	Label  string
	Values []int
	// Href, when set, links the bar (a path on this site, e.g.
	// "/cakupan?region=52.03.13"); other addresses are dropped.
	Href string
	// Note is written at the end of the label line ("1 dari 3 · 33,3 %");
	// empty, the total is written.
	Note string
}

// Total returns the sum of the bar's values.
func (b bar) Total() int {
	n := 0
	for _, v := range b.Values {
		n += v
	}
	return n
}

// barChart is a horizontal stacked bar chart with a legend and a scale.
type barChart struct {
	// Title and Desc name and describe the chart for screen readers
	// (<title> and <desc>); Title is required.
	Title, Desc string
	// Series names the values of each bar, in order, for the legend.
	Series []string
	// Colors optionally overrides chartPalette, one fill per series.
	Colors []string
	Bars   []bar
	// ID prefixes the ids of the title and desc elements; by default it
	// is derived from the title, so it only needs setting when one page
	// has two charts with the same title.
	ID string
	// Tick, when set, writes the scale's values (e.g. tenths of a percent
	// as "12,5 %"); by default they are whole numbers.
	Tick func(v int) string
}

// SVG draws the chart as inline SVG, every text escaped.
func (c barChart) SVG() template.HTML {
	id := c.ID
	if id != "" {
		id = xmlEscape(id)
	} else {
		h := fnv.New32a()
		h.Write([]byte(c.Title))
		id = fmt.Sprintf("chart-%08x", h.Sum32())
	}
	maxTotal := 0
	linked := false
	for _, b := range c.Bars {
		maxTotal = max(maxTotal, b.Total())
		linked = linked || safeHref(b.Href) != ""
	}
	step, top := chartScale(maxTotal)

	var body strings.Builder
	y := 0
	if len(c.Series) > 0 {
		y = c.legend(&body)
	}
	first := y
	for i, b := range c.Bars {
		c.drawBar(&body, b, y, top, i)
		y += chartLabelH + chartBarH + chartRowGap
	}
	// scale: dashed lines at each tick, labels below
	last := y - chartRowGap
	var axis strings.Builder
	for v := 0; v <= top; v += step {
		x := pct(v, top)
		dash := ` stroke-dasharray="3 3"`
		if v == 0 {
			dash = "" // the base line is solid
		}
		fmt.Fprintf(&axis, `<line x1="%s" x2="%s" y1="%d" y2="%d" stroke="%s" stroke-width="1"%s/>`,
			x, x, first+chartLabelH, last+4, chartGrid, dash)
		anchor := "middle"
		if v == 0 {
			anchor = "start"
		} else if v == top {
			anchor = "end"
		}
		fmt.Fprintf(&axis, `<text x="%s" y="%d" text-anchor="%s" fill="%s" font-size="12">%s</text>`,
			x, last+chartAxisH-4, anchor, chartMuted, xmlEscape(c.tick(v)))
	}
	height := last + chartAxisH
	if len(c.Bars) == 0 {
		height = y + chartAxisH
	}

	var out strings.Builder
	role := "img"
	if linked {
		role = "group" // role=img would hide the links inside
	}
	labelledBy := id + "-t"
	if c.Desc != "" {
		labelledBy += " " + id + "-d"
	}
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%%" height="%d" role="%s" aria-labelledby="%s" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="%d" fill="%s">`,
		height, role, labelledBy, chartFontSize, chartInk)
	fmt.Fprintf(&out, `<title id="%s-t">%s</title>`, id, xmlEscape(c.Title))
	if c.Desc != "" {
		fmt.Fprintf(&out, `<desc id="%s-d">%s</desc>`, id, xmlEscape(c.Desc))
	}
	out.WriteString(axis.String()) // under the bars
	out.WriteString(body.String())
	out.WriteString(`</svg>`)
	return template.HTML(out.String())
}

// tick writes a value of the scale.
func (c barChart) tick(v int) string {
	if c.Tick != nil {
		return c.Tick(v)
	}
	return kampungkb.FormatInt(int64(v))
}

// legend draws the series names with their colours, wrapping lines at
// chartMinWidth, and returns the height used.
func (c barChart) legend(w *strings.Builder) int {
	x, y := 0, 0
	for i, name := range c.Series {
		width := 14 + 6 + textWidth(name) + 18
		if x > 0 && x+width > chartMinWidth {
			x, y = 0, y+chartLegendH
		}
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="%s" stroke-width="0.5"/>`,
			x, y+3, c.color(i), chartMuted)
		fmt.Fprintf(w, `<text x="%d" y="%d">%s</text>`, x+20, y+15, xmlEscape(name))
		x += width
	}
	return y + chartLegendH + 6
}

func (c barChart) color(i int) string {
	if i < len(c.Colors) && c.Colors[i] != "" {
		return c.Colors[i]
	}
	return chartPalette[i%len(chartPalette)]
}

// drawBar draws bar b with its label line at y.
func (c barChart) drawBar(w *strings.Builder, b bar, y, top, index int) {
	var parts []string
	for i, v := range b.Values {
		name := "nilai " + strconv.Itoa(i+1)
		if i < len(c.Series) {
			name = c.Series[i]
		}
		parts = append(parts, name+" "+c.tick(v))
	}
	summary := b.Label + ": " + strings.Join(parts, ", ")
	if b.Note != "" {
		summary += " (" + b.Note + ")"
	}
	href := safeHref(b.Href)
	if href != "" {
		fmt.Fprintf(w, `<a href="%s" aria-label="%s">`, xmlEscape(href), xmlEscape(summary))
	} else {
		w.WriteString(`<g>`)
	}
	fmt.Fprintf(w, `<title>%s</title>`, xmlEscape(summary))
	label := b.Label
	if utf8.RuneCountInString(label) > chartMaxLabel {
		label = string([]rune(label)[:chartMaxLabel-1]) + "…"
	}
	if href != "" {
		fmt.Fprintf(w, `<text x="0" y="%d" fill="%s" text-decoration="underline">%s</text>`, y+13, chartLink, xmlEscape(label))
	} else {
		fmt.Fprintf(w, `<text x="0" y="%d">%s</text>`, y+13, xmlEscape(label))
	}
	note := b.Note
	if note == "" {
		note = kampungkb.FormatInt(int64(b.Total()))
	}
	fmt.Fprintf(w, `<text x="100%%" y="%d" text-anchor="end" fill="%s">%s</text>`, y+13, chartMuted, xmlEscape(note))
	sum := 0
	for i, v := range b.Values {
		if v <= 0 {
			continue
		}
		fmt.Fprintf(w, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s"/>`,
			pct(sum, top), y+chartLabelH, pct(v, top), chartBarH, c.color(i))
		sum += v
	}
	if href != "" {
		w.WriteString(`</a>`)
	} else {
		w.WriteString(`</g>`)
	}
}

// chartScale returns a tick step of 1, 2 or 5 times a power of ten and the
// top of the scale, a multiple of the step at or above max, with at most
// about five ticks.
func chartScale(maxValue int) (step, top int) {
	if maxValue <= 0 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if (maxValue+step-1)/step <= 5 {
				return step, (maxValue + step - 1) / step * step
			}
		}
	}
}

// pct writes v/top as a percentage attribute value.
func pct(v, top int) string {
	if top <= 0 {
		return "0%"
	}
	return strconv.FormatFloat(math.Round(10000*float64(v)/float64(top))/100, 'f', -1, 64) + "%"
}

// textWidth estimates the width in pixels of s at chartFontSize in a
// sans-serif font (no font metrics on the server).
func textWidth(s string) int { return utf8.RuneCountInString(s) * chartFontSize * 6 / 10 }

// xmlEscape escapes text for SVG content and attribute values (XML).
func xmlEscape(s string) string { return html.EscapeString(s) }

// safeHref returns href if it is a path on this site, else "": chart
// links bypass html/template's URL filtering, so only "/…" is let through.
func safeHref(href string) string {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") || strings.HasPrefix(href, `/\`) {
		return ""
	}
	return href
}

// meter draws a small bar showing num out of den, for a table cell next to
// the figures it repeats (hidden from screen readers).
func meter(num, den int) template.HTML {
	w := "0%"
	if den > 0 {
		w = pct(min(max(num, 0), den), den)
	}
	return template.HTML(`<svg xmlns="http://www.w3.org/2000/svg" class="meter" width="100%" height="8" aria-hidden="true" focusable="false">` +
		`<rect width="100%" height="8" fill="` + chartPalette[1] + `"/>` +
		`<rect width="` + w + `" height="8" fill="` + chartPalette[0] + `"/></svg>`)
}
