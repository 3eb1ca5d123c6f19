package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// specFile finds goldmark's copy of the CommonMark spec examples in the
// module cache.
func specFile(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("cannot locate goldmark's module (go list: %v); the spec examples are unavailable", err)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("goldmark's spec examples are not in the module cache: %v", err)
	}
	return p
}

// plain is goldmark with the same base options as the Engine (GFM,
// footnotes, definition lists, GitHub heading ids, attributes, escaped raw
// HTML, chroma code) and none of the course's extensions.
func plain(e *Engine) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(rawHTML{}, 100),
			util.Prioritized(&codeRenderer{lexers: e.lexers, plain: newFormatter()}, 100),
		)),
	)
}

// TestConformance renders every CommonMark spec example through the Engine
// and through plain goldmark: our extensions must change nothing.
func TestConformance(t *testing.T) {
	data, err := os.ReadFile(specFile(t))
	if err != nil {
		t.Fatal(err)
	}
	var examples []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
		Section  string `json:"section"`
	}
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatal(err)
	}
	e := New(Options{})
	ref := plain(e)
	for _, ex := range examples {
		src := []byte(ex.Markdown)
		d := e.Parse(src, "")
		got, err := e.Render(d)
		if err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		var want bytes.Buffer
		ctx := parser.NewContext(parser.WithIDs(newIDs()))
		doc := ref.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
		if err := ref.Renderer().Render(&want, src, doc); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.HTML, want.Bytes()) {
			t.Errorf("example %d (%s) differs:\n--- markdown\n%s--- ours\n%s--- plain goldmark\n%s", ex.Example, ex.Section, ex.Markdown, got.HTML, want.Bytes())
		}
	}
	t.Logf("%d spec examples identical", len(examples))
}
