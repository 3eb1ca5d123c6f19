package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMore is the node kind of the teaser boundary.
var KindMore = ast.NewNodeKind("More")

// More marks the end of a module's teaser: the one HTML comment we
// recognise. It is a top-level block of the tree, so the split is structural.
type More struct {
	ast.BaseBlock
}

func (n *More) Kind() ast.NodeKind { return KindMore }

func (n *More) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var moreMarker = []byte("<!--more-->")

// teaser replaces a top-level HTML block that is exactly <!--more--> with
// a More node. Anywhere else the comment is raw HTML, and escaped.
type teaser struct{}

func (t *teaser) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(t, 100)))
}

func (t *teaser) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		h, ok := c.(*ast.HTMLBlock)
		if !ok || h.Lines().Len() != 1 {
			continue
		}
		line := h.Lines().At(0)
		if !bytes.Equal(bytes.TrimSpace(line.Value(src)), moreMarker) {
			continue
		}
		m := &More{}
		m.Lines().Append(line)
		doc.ReplaceChild(doc, c, m)
		return
	}
}
