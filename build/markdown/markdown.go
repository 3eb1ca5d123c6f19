// Package markdown owns goldmark and chroma: the one configured Markdown
// engine and the course's extensions. It turns a Markdown body into a parsed
// document that carries, as data, what later stages need (headings, links,
// anchors, the teaser boundary, diagnostics with byte offsets into the body)
// and renders it to HTML. It knows no URLs, no files and no disk: links are
// resolved by the caller and handed back before rendering.
package markdown

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Engine is the one goldmark instance of a build. It is safe for concurrent use.
type Engine struct {
	md       goldmark.Markdown
	lexers   *lexerCache
	opts     Options
	topics   map[string]bool // valid topic ids, for ::: topics="…"
	topicIDs []string
	names    *matcher
}

// Topic is what auto-linking needs to know of a topic.
type Topic struct {
	ID      string
	Title   string
	Aliases []string
}

// Options configure the engine for one build.
type Options struct {
	Topics []Topic // the first mention of a title or alias in prose links to the topic
}

// New returns the configured engine.
func New(opts Options) *Engine {
	e := &Engine{lexers: &lexerCache{m: map[string]chromaLexer{}}, opts: opts, topics: map[string]bool{}, names: newMatcher(opts.Topics)}
	for _, t := range opts.Topics {
		e.topics[t.ID] = true
		e.topicIDs = append(e.topicIDs, t.ID)
	}
	e.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, &teaser{}, containers{}, callouts{}, newTabs{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(rawHTML{}, 100),
			util.Prioritized(&codeRenderer{lexers: e.lexers, plain: newFormatter()}, 100),
		)),
	)
	return e
}

// Severity of a Markdown diagnostic.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diag is a problem found in a body, at a byte offset into it.
type Diag struct {
	Offset   int
	Severity Severity
	Msg      string
}

// Heading is a section heading with its anchor.
type Heading struct {
	Level  int
	ID     string
	Text   string
	Offset int
	Boxed  bool // inside a ::: question or scenario block
}

// Outlined reports whether the heading belongs in a page's outline: an h2
// or h3 of the page itself, not one inside a question or scenario.
func (h Heading) Outlined() bool { return (h.Level == 2 || h.Level == 3) && !h.Boxed }

// LinkKind sorts links by what resolves them.
type LinkKind int

const (
	External LinkKind = iota // has a scheme or is protocol-relative: left alone
	Relative                 // a relative path, maybe with #anchor: resolved by the site
	Fragment                 // #anchor on the same page
	TopicRef                 // an automatic link to a topic; Dest is the topic id
)

// Link is a link as written, with its offset into the body.
type Link struct {
	Dest   string
	Kind   LinkKind
	Offset int
	node   *ast.Link
}

// Doc is one parsed body. Render it once its links are resolved.
type Doc struct {
	src      []byte
	root     ast.Node
	Headings []Heading
	Links    []Link
	Anchors  []string // every id on the page: headings, and explicit ids
	Diags    []Diag
	HasMore  bool // a <!--more--> line splits teaser from body
	MoreOff  int  // its offset, when HasMore
	Words    int  // words of prose, code excluded

	Questions []Question
	Scenarios []Scenario

	blocksOnce sync.Once
	blocks     []Block
	auto       map[*ast.Link]bool // links made by topic auto-linking
}

// Question is a ::: question block: the first paragraph asks, the rest answers.
type Question struct {
	ID     string
	Text   string // the question as plain text
	Topics []string
	Offset int
	node   ast.Node
}

// Scenario is a ::: scenario block: a prompt, then the walkthrough.
type Scenario struct {
	ID     string
	Title  string
	Prompt string // the prompt as plain text
	Topics []string
	Offset int
	node   ast.Node
}

// Parse parses a Markdown body. self is the id of the topic the body
// belongs to, if any, so that a topic page never links to itself.
func (e *Engine) Parse(src []byte, self string) *Doc {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	root := e.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	d := &Doc{src: src, root: root}
	d.auto = e.names.autolink(root, src, self)
	d.collect(e)
	return d
}

// SetHref replaces the destination of link i, as the site resolved it.
func (d *Doc) SetHref(i int, href string) { d.Links[i].node.Destination = []byte(href) }

// Rendered is a document's HTML, with the teaser boundary.
type Rendered struct {
	HTML      []byte
	TeaserEnd int // HTML[:TeaserEnd] is the teaser; len(HTML) when there is no marker

	// Questions and Scenarios hold each block's parts rendered on their own,
	// in the order of Doc.Questions and Doc.Scenarios, for the question bank,
	// the scenarios index and the public views (which carry no answers).
	Questions []RenderedBlock
	Scenarios []RenderedBlock
}

// RenderedBlock is a question (or scenario) split into what is asked and the answer.
type RenderedBlock struct {
	Ask    []byte // the question text, or the scenario prompt, as HTML
	Answer []byte // the model answer, or the walkthrough, as HTML
}

// Teaser returns the HTML above the <!--more--> line.
func (r Rendered) Teaser() []byte { return r.HTML[:r.TeaserEnd] }

// Render renders the document. Top-level blocks render one by one so that
// the teaser boundary falls between blocks of the tree, never inside markup;
// a top-level question or scenario renders part by part, so its ask and
// answer come out of the same pass as slices of the page.
func (e *Engine) Render(d *Doc) (Rendered, error) {
	var buf bytes.Buffer
	r := e.md.Renderer()
	out := Rendered{TeaserEnd: -1}
	spans := map[*Container][4]int{}
	w := bufio.NewWriter(&buf)
	for c := d.root.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == KindMore {
			w.Flush()
			out.TeaserEnd = buf.Len()
			continue
		}
		if n, ok := c.(*Container); ok {
			w.Flush()
			span, err := e.renderContainerParts(w, &buf, d, n)
			if err != nil {
				return Rendered{}, err
			}
			spans[n] = span
			continue
		}
		// w is a util.BufWriter, so goldmark writes through it unwrapped.
		if err := r.Render(w, d.src, c); err != nil {
			return Rendered{}, err
		}
	}
	w.Flush()
	out.HTML = buf.Bytes()
	if out.TeaserEnd < 0 {
		out.TeaserEnd = len(out.HTML)
	}
	part := func(n ast.Node) (RenderedBlock, error) {
		c := n.(*Container)
		if sp, ok := spans[c]; ok {
			return RenderedBlock{Ask: bytes.TrimSpace(out.HTML[sp[0]:sp[1]]), Answer: out.HTML[sp[2]:sp[3]]}, nil
		}
		return e.renderParts(d, c) // a container inside a list or quote
	}
	for _, q := range d.Questions {
		rb, err := part(q.node)
		if err != nil {
			return Rendered{}, err
		}
		out.Questions = append(out.Questions, rb)
	}
	for _, s := range d.Scenarios {
		rb, err := part(s.node)
		if err != nil {
			return Rendered{}, err
		}
		out.Scenarios = append(out.Scenarios, rb)
	}
	return out, nil
}

// renderContainerParts writes a container as its node renderers would,
// and returns the byte spans of its ask and its answer in buf.
func (e *Engine) renderContainerParts(w *bufio.Writer, buf *bytes.Buffer, d *Doc, n *Container) ([4]int, error) {
	r := e.md.Renderer()
	var span [4]int
	ask, ans := n.parts()
	openContainer(w, n)
	openAsk(w, n)
	w.Flush()
	span[0] = buf.Len()
	if err := e.renderAskContent(w, d, ask); err != nil {
		return span, err
	}
	w.Flush()
	span[1] = buf.Len()
	closeAsk(w, n)
	openAnswer(w, n)
	w.Flush()
	span[2] = buf.Len()
	if ans != nil {
		for c := ans.FirstChild(); c != nil; c = c.NextSibling() {
			if err := r.Render(w, d.src, c); err != nil {
				return span, err
			}
		}
	}
	w.Flush()
	span[3] = buf.Len()
	w.WriteString("</div>\n</section>\n")
	w.Flush()
	return span, nil
}

// renderAskContent renders what an Ask holds: a question's inline text
// (without the paragraph), or a scenario's prompt paragraph.
func (e *Engine) renderAskContent(buf *bufio.Writer, d *Doc, ask *Ask) error {
	if ask == nil {
		return nil
	}
	r := e.md.Renderer()
	for c := ask.FirstChild(); c != nil; c = c.NextSibling() {
		if tb, ok := c.(*ast.TextBlock); ok {
			for in := tb.FirstChild(); in != nil; in = in.NextSibling() {
				if err := r.Render(buf, d.src, in); err != nil {
					return err
				}
			}
			if tb.NextSibling() != nil {
				buf.WriteByte('\n')
			}
			continue
		}
		if err := r.Render(buf, d.src, c); err != nil {
			return err
		}
	}
	return nil
}

func questionNodes(d *Doc) []ast.Node {
	out := make([]ast.Node, len(d.Questions))
	for i, q := range d.Questions {
		out[i] = q.node
	}
	return out
}

func scenarioNodes(d *Doc) []ast.Node {
	out := make([]ast.Node, len(d.Scenarios))
	for i, s := range d.Scenarios {
		out[i] = s.node
	}
	return out
}

// renderParts renders a container's ask and answer on their own.
func (e *Engine) renderParts(d *Doc, n *Container) (RenderedBlock, error) {
	r := e.md.Renderer()
	ask, ans := n.parts()
	var a, b bytes.Buffer
	aw, bw := bufio.NewWriter(&a), bufio.NewWriter(&b)
	if err := e.renderAskContent(aw, d, ask); err != nil {
		return RenderedBlock{}, err
	}
	if ans != nil {
		for c := ans.FirstChild(); c != nil; c = c.NextSibling() {
			if err := r.Render(bw, d.src, c); err != nil {
				return RenderedBlock{}, err
			}
		}
	}
	aw.Flush()
	bw.Flush()
	return RenderedBlock{Ask: bytes.TrimSpace(a.Bytes()), Answer: b.Bytes()}, nil
}
