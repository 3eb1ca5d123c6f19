package markdown

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// rawHTML renders raw HTML from content as escaped text, so that content
// can never inject markup or script; the reader sees what the author wrote.
type rawHTML struct{}

func (rawHTML) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindHTMLBlock, renderHTMLBlock)
	r.Register(ast.KindRawHTML, renderRawHTML)
}

func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	w.WriteString("<p>")
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		w.WriteString(html.EscapeString(string(segValue(lines.At(i), src))))
	}
	if n.HasClosure() {
		w.WriteString(html.EscapeString(string(n.ClosureLine.Value(src))))
	}
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		w.WriteString(html.EscapeString(string(segValue(n.Segments.At(i), src))))
	}
	return ast.WalkSkipChildren, nil
}
