package web

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// parseSVG checks that s is well-formed XML and returns the text of its
// character data and the elements it holds, by name.
func parseSVG(t *testing.T, s string) (text string, elems map[string][]xml.StartElement) {
	t.Helper()
	elems = map[string][]xml.StartElement{}
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			elems[x.Name.Local] = append(elems[x.Name.Local], x.Copy())
		case xml.CharData:
			b.Write(x)
			b.WriteByte('|')
		}
	}
	return b.String(), elems
}

func xmlAttr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestBarChartEscapesAndParses(t *testing.T) {
	c := barChart{
		Title:  `Cakupan <Lombok> & "Timur"`,
		Desc:   "Terjangkau dan belum terjangkau per kecamatan",
		Series: []string{"Terjangkau", `Belum <terjangkau>`},
		Bars: []bar{
			{Label: `Sakra & "Sakra" <Timur>`, Values: []int{1, 2}, Href: "/cakupan?region=52.03.04&from=2026-01-01", Note: "1 dari 3 · 33,3 %"},
			{Label: "Kampung 'KB' Pijot", Values: []int{0, 4}, Href: "javascript:alert(1)"},
			{Label: "Suralaga", Values: []int{3, 0}, Href: "//evil.example/x"},
		},
	}
	svg := string(c.SVG())
	text, elems := parseSVG(t, svg)
	for _, raw := range []string{"<Lombok>", `"Timur"`, "<terjangkau>", `<Timur>`, "javascript:", "evil.example"} {
		if strings.Contains(svg, raw) {
			t.Errorf("SVG holds %q unescaped or unfiltered", raw)
		}
	}
	// the decoded text is what was given, escaped only on the wire
	for _, want := range []string{`Cakupan <Lombok> & "Timur"`, `Belum <terjangkau>`, `Sakra & "Sakra" <Timur>`, "Kampung 'KB' Pijot", "1 dari 3 · 33,3 %"} {
		if !strings.Contains(text, want) {
			t.Errorf("SVG text lacks %q: %s", want, text)
		}
	}
	root := elems["svg"][0]
	if xmlAttr(root, "role") != "group" || xmlAttr(root, "aria-labelledby") == "" {
		t.Errorf("svg attributes: %v", root.Attr)
	}
	if len(elems["title"]) != 4 || len(elems["desc"]) != 1 {
		t.Errorf("%d title and %d desc elements", len(elems["title"]), len(elems["desc"]))
	}
	if as := elems["a"]; len(as) != 1 || xmlAttr(as[0], "href") != "/cakupan?region=52.03.04&from=2026-01-01" {
		t.Errorf("links: %v", as)
	}
	// bars 1+2, 0+4 (one segment), 3+0 (one segment), plus 2 legend swatches
	if n := len(elems["rect"]); n != 2+1+1+2 {
		t.Errorf("%d rects", n)
	}
	if strings.Contains(svg, "style=") {
		t.Error("SVG uses style attributes, which the CSP blocks")
	}
	// scale: 0..4 by 1 → 5 tick labels and lines
	if n := len(elems["line"]); n != 5 {
		t.Errorf("%d scale lines, want 5", n)
	}
}

func TestBarChartWithoutLinksIsOneImage(t *testing.T) {
	svg := string(barChart{Title: "Kosong"}.SVG())
	_, elems := parseSVG(t, svg)
	if xmlAttr(elems["svg"][0], "role") != "img" {
		t.Errorf("role: %s", svg)
	}
	long := strings.Repeat("Desa Panjang Sekali ", 5)
	svg = string(barChart{Title: "Panjang", Bars: []bar{{Label: long, Values: []int{5}}}}.SVG())
	text, _ := parseSVG(t, svg)
	if !strings.Contains(text, "…") || !strings.Contains(text, long+": nilai 1 5") {
		t.Errorf("long label not shortened with the full text in its title: %s", text)
	}
}

func TestChartScale(t *testing.T) {
	for _, c := range []struct{ max, step, top int }{
		{0, 1, 1}, {1, 1, 1}, {3, 1, 3}, {5, 1, 5}, {6, 2, 6}, {7, 2, 8}, {11, 5, 15}, {26, 10, 30}, {254, 100, 300}, {1000, 200, 1000},
	} {
		step, top := chartScale(c.max)
		if step != c.step || top != c.top {
			t.Errorf("chartScale(%d) = %d, %d; want %d, %d", c.max, step, top, c.step, c.top)
		}
	}
}

func TestMeter(t *testing.T) {
	for _, c := range []struct {
		num, den int
		want     string
	}{{1, 3, `width="33.33%"`}, {0, 0, `width="0%"`}, {5, 4, `width="100%" height="8" fill="#0b6e4f"`}} {
		svg := string(meter(c.num, c.den))
		parseSVG(t, svg)
		if !strings.Contains(svg, c.want) {
			t.Errorf("meter(%d, %d) = %s", c.num, c.den, svg)
		}
	}
}
