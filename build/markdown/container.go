package markdown

import (
	"bytes"
	"sitegen/build/diag"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindContainer is the node kind of ::: question and ::: scenario blocks.
var KindContainer = ast.NewNodeKind("Container")

// KindAsk and KindAnswer are the two halves of a container: the question
// (or prompt) and the answer (or walkthrough).
var (
	KindAsk    = ast.NewNodeKind("Ask")
	KindAnswer = ast.NewNodeKind("Answer")
)

// Container is a ::: question or ::: scenario block.
type Container struct {
	ast.BaseBlock
	Variant string // "question" or "scenario"
	ID      string
	Title   string
	Topics  []string
	AttrErr []string // problems with the attributes, reported by collect
	Start   int      // offset of the opening line
	Closed  bool     // a ::: line closed it
}

func (n *Container) Kind() ast.NodeKind { return KindContainer }

func (n *Container) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant, "ID": n.ID}, nil)
}

// Ask holds the question text (a TextBlock) or the scenario prompt.
type Ask struct{ ast.BaseBlock }

func (n *Ask) Kind() ast.NodeKind         { return KindAsk }
func (n *Ask) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Answer holds the blocks after the first paragraph.
type Answer struct{ ast.BaseBlock }

func (n *Answer) Kind() ast.NodeKind         { return KindAnswer }
func (n *Answer) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// containers is the extension: the block parser and the renderers.
type containers struct{}

func (containers) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(containerParser{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(containerRenderer{}, 100)))
}

var containerAttrs = []string{"id", "topics", "title"}

// openLine reads "::: question {#id topics="a,b"}"; ok is false when the
// line is not an opening line of a known container.
func openLine(line []byte) (typ string, attrs []byte, ok bool) {
	line = bytes.TrimSpace(line)
	rest, found := bytes.CutPrefix(line, []byte(":::"))
	if !found {
		return "", nil, false
	}
	rest = bytes.TrimLeft(rest, " \t")
	word := rest
	if i := bytes.IndexAny(rest, " \t{"); i >= 0 {
		word, rest = rest[:i], bytes.TrimSpace(rest[i:])
	} else {
		rest = nil
	}
	switch string(word) {
	case "question", "scenario":
		return string(word), rest, true
	}
	return "", nil, false
}

// isClose reports whether a line is a closing ":::".
func isClose(line []byte) bool { return string(bytes.TrimSpace(line)) == ":::" }

type containerParser struct{}

func (containerParser) Trigger() []byte { return []byte{':'} }

func (containerParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if w, _ := util.IndentWidth(line, reader.LineOffset()); w > 3 {
		return nil, parser.NoChildren
	}
	typ, attrs, ok := openLine(line)
	if !ok {
		return nil, parser.NoChildren
	}
	n := &Container{Variant: typ, Start: seg.Start}
	n.readAttrs(attrs)
	reader.AdvanceToEOL()
	return n, parser.HasChildren
}

// readAttrs parses {#id topics="a,b" title="…"}.
func (n *Container) readAttrs(raw []byte) {
	if len(raw) == 0 {
		return
	}
	if raw[0] != '{' {
		n.AttrErr = append(n.AttrErr, "expected attributes in braces after ::: "+n.Variant+`, like {#q-my-id topics="s3,iam"}`)
		return
	}
	attrs, ok := parser.ParseAttributes(text.NewReader(raw))
	if !ok {
		n.AttrErr = append(n.AttrErr, "cannot read the attributes "+string(raw)+` (write them as {#q-my-id topics="s3,iam"}, with double quotes)`)
		return
	}
	for _, a := range attrs {
		name := string(a.Name)
		v, _ := a.Value.([]byte)
		switch name {
		case "id":
			n.ID = string(v)
		case "title":
			n.Title = string(v)
		case "topics":
			for _, t := range strings.Split(string(v), ",") {
				if t = strings.TrimSpace(t); t != "" {
					n.Topics = append(n.Topics, t)
				}
			}
		default:
			n.AttrErr = append(n.AttrErr, "unknown attribute \""+name+"\" on ::: "+n.Variant+hintFor(name, containerAttrs))
		}
	}
}

func (containerParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if isClose(line) && !insideCode(node, pc) {
		node.(*Container).Closed = true
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

// insideCode reports whether the innermost open block below n is code,
// where a ::: line is content, not the container's end.
func insideCode(n ast.Node, pc parser.Context) bool {
	blocks := pc.OpenedBlocks()
	if len(blocks) == 0 {
		return false
	}
	last := blocks[len(blocks)-1].Node
	switch last.(type) {
	case *ast.FencedCodeBlock, *ast.HTMLBlock:
	default:
		return false
	}
	for p := last.Parent(); p != nil; p = p.Parent() {
		if p == n {
			return true
		}
	}
	return false
}

// Close splits the children into the ask (the first paragraph) and the answer.
func (containerParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	n := node.(*Container)
	ask, answer := &Ask{}, &Answer{}
	first := n.FirstChild()
	if p, ok := first.(*ast.Paragraph); ok {
		n.RemoveChild(n, p)
		if n.Variant == "question" {
			tb := ast.NewTextBlock()
			tb.SetLines(p.Lines())
			ask.AppendChild(ask, tb)
		} else {
			ask.AppendChild(ask, p)
		}
	}
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		n.RemoveChild(n, c)
		answer.AppendChild(answer, c)
	}
	n.AppendChild(n, ask)
	n.AppendChild(n, answer)
}

func (containerParser) CanInterruptParagraph() bool { return true }
func (containerParser) CanAcceptIndentedLine() bool { return false }

// parts returns the ask and answer of a container.
func (n *Container) parts() (*Ask, *Answer) {
	var ask *Ask
	var ans *Answer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *Ask:
			ask = c
		case *Answer:
			ans = c
		}
	}
	return ask, ans
}

type containerRenderer struct{}

func (containerRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(KindContainer, renderContainer)
	r.Register(KindAsk, renderAsk)
	r.Register(KindAnswer, renderAnswer)
}

func renderContainer(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Container)
	if entering {
		openContainer(w, n)
	} else {
		w.WriteString("</section>\n")
	}
	return ast.WalkContinue, nil
}

func renderAsk(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.Parent().(*Container)
	if entering {
		openAsk(w, n)
	} else {
		closeAsk(w, n)
	}
	return ast.WalkContinue, nil
}

func renderAnswer(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.Parent().(*Container)
	if entering {
		openAnswer(w, n)
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

// The markup around a container's parts, shared by the node renderers and
// Engine.Render, which renders top-level containers part by part.

func openContainer(w util.BufWriter, n *Container) {
	w.WriteString(`<section class="` + n.Variant + `" id="`)
	w.Write(util.EscapeHTML([]byte(n.ID)))
	w.WriteString("\">\n")
}

// openAsk writes up to where the question's inline text (or the
// scenario's prompt paragraph) begins.
func openAsk(w util.BufWriter, n *Container) {
	if n.Variant == "question" {
		w.WriteString(`<h3 class="question-text">`)
		anchor(w, n.ID, "question")
		return
	}
	w.WriteString(`<h3 class="scenario-title">`)
	anchor(w, n.ID, "scenario")
	w.Write(util.EscapeHTML([]byte(n.Title)))
	w.WriteString("</h3>\n<div class=\"prompt\">\n")
}

func closeAsk(w util.BufWriter, n *Container) {
	if n.Variant == "question" {
		w.WriteString("</h3>\n")
	} else {
		w.WriteString("</div>\n")
	}
}

func openAnswer(w util.BufWriter, n *Container) {
	w.WriteString(`<div class="` + answerClass(n) + "\">\n")
}

func answerClass(n *Container) string {
	if n.Variant == "scenario" {
		return "walkthrough"
	}
	return "answer"
}

// anchor writes the self-link of a container's heading.
func anchor(w util.BufWriter, id, what string) {
	w.WriteString(`<a class="anchor" href="#`)
	w.Write(util.EscapeHTML([]byte(id)))
	w.WriteString(`" aria-label="Link to this ` + what + `">#</a> `)
}

// hintFor is a did-you-mean suffix, or "".
func hintFor(word string, candidates []string) string { return diag.Hint(word, candidates) }
