package markdown

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Chroma styles for the two colour schemes; one stylesheet carries both.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// lexerCache looks each language up once: chroma's lexers.Get falls back to
// matching every lexer's file-name globs for a name it does not know, which
// would dominate a build if done per block.
type lexerCache struct {
	mu sync.Mutex
	m  map[string]chromaLexer
}

func (c *lexerCache) get(lang string) chromaLexer {
	lang = strings.ToLower(lang)
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.m[lang]; ok {
		return l
	}
	l := lexers.Get(lang)
	if l != nil {
		l = chroma.Coalesce(l)
	}
	c.m[lang] = l
	return l
}

// codeBlock is how a fenced block's info string reads: "lang {attrs}".
type codeBlock struct {
	lang    string
	hlLines [][2]int
	attrErr string
}

// parseInfo reads a fence's info string: a language, then optional
// attributes in braces, e.g. python {hl_lines=[2,"4-6"]}.
func parseInfo(info []byte) codeBlock {
	var cb codeBlock
	info = bytes.TrimSpace(info)
	lang, rest, _ := bytes.Cut(info, []byte(" "))
	if i := bytes.IndexByte(lang, '{'); i >= 0 {
		lang, rest = lang[:i], info[i:]
	}
	cb.lang = string(lang)
	rest = bytes.TrimSpace(rest)
	if len(rest) == 0 || rest[0] != '{' {
		return cb
	}
	attrs, ok := parser.ParseAttributes(text.NewReader(rest))
	if !ok {
		cb.attrErr = fmt.Sprintf("cannot read the attributes %q (write them as {hl_lines=[2,\"4-6\"]})", rest)
		return cb
	}
	for _, a := range attrs {
		if string(a.Name) != "hl_lines" {
			continue
		}
		items, ok := a.Value.([]any)
		if !ok {
			cb.attrErr = "hl_lines must be a list, like hl_lines=[2,\"4-6\"]"
			return cb
		}
		for _, it := range items {
			r, err := lineRange(it)
			if err != nil {
				cb.attrErr = err.Error()
				return cb
			}
			cb.hlLines = append(cb.hlLines, r)
		}
	}
	return cb
}

func lineRange(v any) ([2]int, error) {
	switch t := v.(type) {
	case float64:
		if t < 1 || t != float64(int(t)) {
			return [2]int{}, fmt.Errorf("hl_lines item %v is not a line number (lines count from 1)", t)
		}
		return [2]int{int(t), int(t)}, nil
	case []byte:
		a, b, isRange := strings.Cut(string(t), "-")
		from, err1 := strconv.Atoi(strings.TrimSpace(a))
		to := from
		var err2 error
		if isRange {
			to, err2 = strconv.Atoi(strings.TrimSpace(b))
		}
		if err1 != nil || err2 != nil || from < 1 || to < from {
			return [2]int{}, fmt.Errorf("hl_lines item %q is not a line or a range like \"4-6\"", t)
		}
		return [2]int{from, to}, nil
	}
	return [2]int{}, fmt.Errorf("hl_lines item %v is not a line number or a range", v)
}

// codeRenderer renders fenced code with chroma classes, a language label
// and a slot the site's script turns into a copy button.
type codeRenderer struct {
	lexers *lexerCache
	plain  *chromahtml.Formatter
}

func (c *codeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindFencedCodeBlock, c.render)
}

func (c *codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var cb codeBlock
	if n.Info != nil {
		cb = parseInfo(n.Info.Segment.Value(src))
	}
	if cb.lang == "diagram" {
		renderDiagram(w, src, n, n.Info.Segment.Value(src))
		return ast.WalkSkipChildren, nil
	}
	var body bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		body.Write(segValue(n.Lines().At(i), src))
	}
	var l chroma.Lexer
	if cb.lang != "" {
		l = c.lexers.get(cb.lang)
	}
	if cb.lang != "" {
		fmt.Fprintf(w, `<div class="code" data-lang="%s"><span class="code-lang">%s</span>`, html.EscapeString(cb.lang), html.EscapeString(cb.lang))
	} else {
		w.WriteString(`<div class="code">`)
	}
	defer w.WriteString("</div>\n")
	if l == nil {
		w.WriteString(`<pre class="chroma"><code>`)
		w.WriteString(html.EscapeString(body.String()))
		w.WriteString("</code></pre>")
		return ast.WalkSkipChildren, nil
	}
	it, err := l.Tokenise(nil, body.String())
	if err != nil {
		return ast.WalkStop, err
	}
	f := c.plain
	if len(cb.hlLines) > 0 {
		f = chromahtml.New(chromahtml.WithClasses(true), chromahtml.HighlightLines(cb.hlLines))
	}
	return ast.WalkSkipChildren, f.Format(w, styles.Fallback, it)
}

// KnownLanguage reports whether chroma can highlight lang.
func (e *Engine) KnownLanguage(lang string) bool { return e.lexers.get(lang) != nil }

// CodeCSS returns the stylesheet for highlighted code: the light style, and
// the dark one under prefers-color-scheme and an explicit data-theme.
func CodeCSS() ([]byte, error) {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var light, dark bytes.Buffer
	if err := f.WriteCSS(&light, styles.Get(lightStyle)); err != nil {
		return nil, err
	}
	if err := f.WriteCSS(&dark, styles.Get(darkStyle)); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(light.Bytes())
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	out.WriteString(strings.ReplaceAll(dark.String(), ".chroma", ":root:not([data-theme=light]) .chroma"))
	out.WriteString("}\n")
	out.WriteString(strings.ReplaceAll(dark.String(), ".chroma", ":root[data-theme=dark] .chroma"))
	return out.Bytes(), nil
}

type chromaLexer = chroma.Lexer

func newFormatter() *chromahtml.Formatter { return chromahtml.New(chromahtml.WithClasses(true)) }
