package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// Block is the text of one leaf block (a paragraph, list item text, table
// cell, code block or raw HTML block), for the leak audit.
type Block struct {
	Offset int
	Text   string
}

// TextBlocks returns the text of every leaf block that starts at or after
// offset from, headings excluded (they are public by design), in order.
// Inline markup is dropped; link text, code spans and image alt text stay.
func (d *Doc) TextBlocks(from int) []Block {
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
		if off < from {
			return ast.WalkSkipChildren, nil
		}
		var text string
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			text = string(bytes.TrimSpace(blockText(n, d.src)))
		default:
			text = plainText(n, d.src)
		}
		if text != "" {
			out = append(out, Block{Offset: off, Text: text})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}
