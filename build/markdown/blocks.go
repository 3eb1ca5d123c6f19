package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark/ast"
)

// Block is the text of one leaf block (a paragraph, list item text, table
// cell, code block or raw HTML block), for the leak audit and the search
// index.
type Block struct {
	Offset int
	Text   string
	Code   bool // a code block or diagram: kept verbatim
	Boxed  bool // inside a ::: question or scenario block
}

// TextBlocks returns the text of every leaf block that starts at or after
// offset from, headings excluded (they are public by design), in order.
// Inline markup is dropped; link text, code spans and image alt text stay.
func (d *Doc) TextBlocks(from int) []Block {
	d.blocksOnce.Do(func() { d.blocks = d.textBlocks() })
	i, _ := slices.BinarySearchFunc(d.blocks, from, func(b Block, off int) int { return b.Offset - off })
	return d.blocks[i:]
}

// textBlocks walks the tree once; a Doc is immutable but for its links'
// destinations, so the result is kept (and shared by cached builds).
func (d *Doc) textBlocks() []Block {
	var out []Block
	if d.root == nil {
		return nil
	}
	ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if _, isHeading := n.(*ast.Heading); isHeading {
			return ast.WalkSkipChildren, nil
		}
		leaf := n.FirstChild() == nil || n.FirstChild().Type() == ast.TypeInline
		if !leaf {
			return ast.WalkContinue, nil
		}
		off := blockOffset(n)
		var text string
		code := false
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			text, code = string(bytes.TrimSpace(blockText(n, d.src))), true
		default:
			text = plainText(n, d.src)
		}
		if text != "" {
			out = append(out, Block{Offset: off, Text: text, Code: code, Boxed: boxed(n)})
		}
		return ast.WalkSkipChildren, nil
	})
	// Footnotes are moved to the end of the tree; keep source order.
	slices.SortStableFunc(out, func(a, b Block) int { return a.Offset - b.Offset })
	return out
}

// Release drops the syntax tree once the document is rendered, keeping
// what later stages read (headings, links' destinations, text blocks), so
// a one-off build of a large course does not hold every tree at once.
// Render must not be called after Release.
func (d *Doc) Release() {
	d.TextBlocks(0)
	d.root = nil
	d.auto = nil
	for i := range d.Links {
		d.Links[i].node = nil
	}
	for i := range d.Questions {
		d.Questions[i].node = nil
	}
	for i := range d.Scenarios {
		d.Scenarios[i].node = nil
	}
}

// boxed reports whether n stands inside a ::: container.
func boxed(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*Container); ok {
			return true
		}
	}
	return false
}
