package markdown

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// collect walks the tree once and records, as data, what the site needs.
func (d *Doc) collect(e *Engine) {
	src := d.src
	var boxes []*Container
	ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if id, ok := n.AttributeString("id"); ok {
			if b, isBytes := id.([]byte); isBytes {
				d.Anchors = append(d.Anchors, string(b))
			}
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			d.Headings = append(d.Headings, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src), Offset: blockOffset(n), Boxed: boxed(n)})
		case *More:
			if d.HasMore {
				break
			}
			d.HasMore, d.MoreOff = true, blockOffset(n)
		case *ast.HTMLBlock:
			if bytes.Contains(blockText(n, src), moreMarker) {
				msg := "<!--more--> must stand alone on a line at the top level of the page, with blank lines around it, not inside a list, quote or ::: block"
				if n.Parent() == d.root {
					msg = "a second <!--more--> line: a page has one teaser, so keep only the first"
				}
				d.Diags = append(d.Diags, Diag{Offset: blockOffset(n), Severity: Error, Msg: msg})
			}
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				if seg := n.Segments.At(i); bytes.Contains(seg.Value(src), moreMarker) {
					d.Diags = append(d.Diags, Diag{Offset: seg.Start, Severity: Error,
						Msg: "<!--more--> must stand alone on its own line, with blank lines around it, not inside a paragraph"})
				}
			}
		case *ast.Blockquote:
			if msg, off, bad := unknownCallout(n, src); bad {
				d.Diags = append(d.Diags, Diag{Offset: off, Severity: Warning, Msg: msg})
			}
		case *Container:
			boxes = append(boxes, n)
		case *ast.Link:
			dest := string(n.Destination)
			kind := linkKind(dest)
			if d.auto[n] {
				kind = TopicRef
			}
			d.Links = append(d.Links, Link{Dest: dest, Kind: kind, Offset: inlineOffset(n), node: n})
			if kind == TopicRef {
				return ast.WalkSkipChildren, nil
			}
		case *ast.FencedCodeBlock:
			d.checkFence(e, n)
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			d.Words += countWords(n.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	d.containers(e, boxes)
}

// containers checks each ::: block and records it as a question or scenario.
func (d *Doc) containers(e *Engine, boxes []*Container) {
	ids := map[string]bool{}
	for _, a := range d.Anchors {
		ids[a] = true
	}
	fail := func(off int, msg string) { d.Diags = append(d.Diags, Diag{Offset: off, Severity: Error, Msg: msg}) }
	for _, n := range boxes {
		off := n.Start
		for _, msg := range n.AttrErr {
			fail(off, msg)
		}
		nested := false
		for p := n.Parent(); p != nil; p = p.Parent() {
			if outer, ok := p.(*Container); ok {
				fail(off, "::: "+n.Variant+" inside ::: "+outer.Variant+": close the first with a ::: line before opening the next")
				nested = true
				break
			}
		}
		if !n.Closed && !nested {
			fail(off, "::: "+n.Variant+" is not closed: add a line ::: after its "+answerWord(n))
		}
		ask, ans := n.parts()
		asked := ""
		if ask != nil && ask.FirstChild() != nil {
			asked = plainText(ask, d.src)
		}
		if asked == "" {
			what := "the question"
			if n.Variant == "scenario" {
				what = "the prompt"
			}
			fail(off, "::: "+n.Variant+" must start with a paragraph that states "+what)
		}
		if ans == nil || ans.FirstChild() == nil {
			fail(off, "::: "+n.Variant+" has no "+answerWord(n)+": write it after the first paragraph, separated by a blank line")
		}
		if n.Variant == "scenario" && strings.TrimSpace(n.Title) == "" {
			fail(off, `::: scenario needs a title: write {#id title="…"}`)
		}
		for _, t := range n.Topics {
			if !e.topics[t] {
				fail(off, `unknown topic "`+t+`" in topics="…" (create content/topics/`+t+`.md, or use an existing topic)`+hintFor(t, e.topicIDs))
			}
		}
		if n.ID == "" {
			base := asked
			prefix := "q-"
			if n.Variant == "scenario" {
				base, prefix = n.Title, "sc-"
			}
			n.ID = prefix + shortSlug(base)
		}
		if ids[n.ID] {
			fail(off, `the id "`+n.ID+`" is used twice on this page (give the ::: block its own {#id})`)
		}
		ids[n.ID] = true
		d.Anchors = append(d.Anchors, n.ID)
		if n.Variant == "question" {
			d.Questions = append(d.Questions, Question{ID: n.ID, Text: asked, Topics: n.Topics, Offset: off, node: n})
		} else {
			d.Scenarios = append(d.Scenarios, Scenario{ID: n.ID, Title: n.Title, Prompt: asked, Topics: n.Topics, Offset: off, node: n})
		}
	}
}

func answerWord(n *Container) string {
	if n.Variant == "scenario" {
		return "walkthrough"
	}
	return "answer"
}

// shortSlug is Slug cut to at most 60 bytes at a hyphen.
func shortSlug(s string) string {
	slug := Slug(s)
	for strings.Contains(slug, "--") {
		slug = strings.ReplaceAll(slug, "--", "-")
	}
	slug = strings.Trim(slug, "-")
	if len(slug) <= 60 {
		return slug
	}
	cut := strings.LastIndexByte(slug[:60], '-')
	if cut < 20 {
		cut = 60
	}
	return slug[:cut]
}

func (d *Doc) checkFence(e *Engine, n *ast.FencedCodeBlock) {
	if n.Info == nil {
		return
	}
	info := n.Info.Segment.Value(d.src)
	cb := parseInfo(info)
	off := n.Info.Segment.Start
	if cb.lang == "diagram" {
		d.checkDiagram(n, info)
		return
	}
	if cb.attrErr != "" {
		d.Diags = append(d.Diags, Diag{Offset: off, Severity: Error, Msg: cb.attrErr})
	}
	if cb.lang != "" && cb.lang != "diagram" && !e.KnownLanguage(cb.lang) {
		d.Diags = append(d.Diags, Diag{Offset: off, Severity: Warning,
			Msg: "unknown code language \"" + cb.lang + "\": the block is shown without highlighting (use a chroma language name such as python, sql, json, bash, yaml, or text)"})
	}
}

func linkKind(dest string) LinkKind {
	switch {
	case strings.HasPrefix(dest, "#"):
		return Fragment
	case strings.HasPrefix(dest, "//"), hasScheme(dest):
		return External
	}
	return Relative
}

// hasScheme reports whether dest starts with a URL scheme (https:, mailto:).
func hasScheme(dest string) bool {
	for i, r := range dest {
		switch {
		case r == ':':
			return i > 0
		case unicode.IsLetter(r), i > 0 && (unicode.IsDigit(r) || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return false
}

// blockOffset is where a block's first line starts.
func blockOffset(n ast.Node) int {
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := blockOffset(c); off >= 0 {
			return off
		}
	}
	if n.Type() == ast.TypeInline {
		return inlineOffset(n)
	}
	return 0
}

// inlineOffset finds an inline node's position from its first text; for a
// link that is just after the opening bracket.
func inlineOffset(n ast.Node) int {
	var off = -1
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		if _, isLink := n.(*ast.Link); isLink && off > 0 {
			off-- // the '['
		}
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

func blockText(n ast.Node, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		b = append(b, segValue(n.Lines().At(i), src)...)
	}
	if h, ok := n.(*ast.HTMLBlock); ok && h.HasClosure() {
		b = append(b, h.ClosureLine.Value(src)...)
	}
	return b
}

// plainText is the text of an inline subtree, markup dropped.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if tx, ok := g.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func countWords(b []byte) int {
	n, in := 0, false
	for _, r := range string(b) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !in {
				n++
			}
			in = true
		} else if r != '\'' && r != '-' && r != '’' {
			in = false
		}
	}
	return n
}

func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }
