package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newTabs gives rel="noopener" to links that open a new tab (a target
// attribute of _blank); every other link is left as written.
type newTabs struct{}

func (t newTabs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(t, 200)))
}

func (newTabs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			if v, ok := l.AttributeString("target"); ok {
				if b, _ := v.([]byte); bytes.EqualFold(b, []byte("_blank")) {
					l.SetAttributeString("rel", []byte("noopener noreferrer"))
				}
			}
		}
		return ast.WalkContinue, nil
	})
}
