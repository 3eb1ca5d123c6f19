package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCallout is the node kind of GitHub-style alerts.
var KindCallout = ast.NewNodeKind("Callout")

// calloutKinds are the markers GitHub knows, in its order.
var calloutKinds = []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}

// Callout is a blockquote that starts with [!NOTE] (or another marker).
type Callout struct {
	ast.BaseBlock
	Variant string // note, tip, important, warning, caution
	Title   string // the text after the marker, or ""
}

func (n *Callout) Kind() ast.NodeKind { return KindCallout }

func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant, "Title": n.Title}, nil)
}

// Label is what a screen reader hears for the callout.
func (n *Callout) Label() string {
	return strings.ToUpper(n.Variant[:1]) + n.Variant[1:]
}

var calloutMarker = regexp.MustCompile(`^\s*\[!([A-Za-z]+)\][ \t]*(.*?)\s*$`)

// calloutMarkerOf reads "[!WARNING] Title" from a blockquote's first line.
func calloutMarkerOf(line []byte) (marker, title string, ok bool) {
	m := calloutMarker.FindSubmatch(line)
	if m == nil {
		return "", "", false
	}
	return string(m[1]), string(m[2]), true
}

type callouts struct{}

func (c callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(c, 90)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(c, 100)))
}

// Transform turns blockquotes with a known marker into callouts; the marker
// line leaves the body. Unknown markers stay blockquotes (collect warns).
func (callouts) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		marker, title, ok := calloutMarkerOf(first.Value(src))
		if !ok || !isCalloutKind(marker) {
			continue
		}
		c := &Callout{Variant: strings.ToLower(marker), Title: title}
		dropFirstLine(p, first)
		if p.FirstChild() == nil {
			q.RemoveChild(q, p)
		}
		for ch := q.FirstChild(); ch != nil; ch = q.FirstChild() {
			q.RemoveChild(q, ch)
			c.AppendChild(c, ch)
		}
		c.Lines().Append(first)
		q.Parent().ReplaceChild(q.Parent(), q, c)
	}
}

func isCalloutKind(marker string) bool {
	for _, k := range calloutKinds {
		if strings.EqualFold(k, marker) {
			return true
		}
	}
	return false
}

// dropFirstLine removes the inline nodes that stand on the paragraph's
// first line (the marker and title).
func dropFirstLine(p *ast.Paragraph, first text.Segment) {
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		start := inlineStart(c)
		if start < 0 || start >= first.Stop {
			break
		}
		p.RemoveChild(p, c)
		c = next
	}
	if p.Lines().Len() > 1 {
		lines := text.NewSegments()
		for i := 1; i < p.Lines().Len(); i++ {
			lines.Append(p.Lines().At(i))
		}
		p.SetLines(lines)
	}
}

// inlineStart is the source offset where an inline node begins, or -1.
func inlineStart(n ast.Node) int {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := inlineStart(c); s >= 0 {
			return s
		}
	}
	return -1
}

func (callouts) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(KindCallout, renderCallout)
}

func renderCallout(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	if !entering {
		w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	title := n.Title
	if title == "" {
		title = n.Label()
	}
	w.WriteString(`<div class="callout callout-` + n.Variant + `" role="note" aria-label="`)
	w.Write(util.EscapeHTML([]byte(n.Label())))
	w.WriteString(`">` + "\n" + `<p class="callout-title">`)
	w.Write(util.EscapeHTML([]byte(title)))
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

// unknownCallout reports a blockquote whose first line looks like a marker
// that is not one of GitHub's, with a suggestion.
func unknownCallout(q *ast.Blockquote, src []byte) (msg string, off int, ok bool) {
	p, isPara := q.FirstChild().(*ast.Paragraph)
	if !isPara || p.Lines().Len() == 0 {
		return "", 0, false
	}
	first := p.Lines().At(0)
	marker, _, found := calloutMarkerOf(first.Value(src))
	if !found || isCalloutKind(marker) {
		return "", 0, false
	}
	upper := strings.ToUpper(marker)
	hint := hintFor(upper, calloutKinds)
	if hint == "" {
		hint = " (use NOTE, TIP, IMPORTANT, WARNING or CAUTION)"
	}
	return `unknown callout "` + marker + `"` + hint + "; it is shown as a plain quote", first.Start + bytes.IndexByte(first.Value(src), '['), true
}
