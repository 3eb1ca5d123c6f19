package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenTopics are the topics every golden case may link to.
var goldenTopics = []Topic{
	{ID: "s3", Title: "Amazon S3", Aliases: []string{"S3", "Simple Storage Service"}},
	{ID: "kinesis", Title: "Amazon Kinesis Data Streams", Aliases: []string{"Kinesis Data Streams", "KDS"}},
	{ID: "iam", Title: "AWS Identity and Access Management", Aliases: []string{"IAM"}},
	{ID: "data-lake", Title: "Data lake", Aliases: []string{"lakehouse"}},
}

// lineCol converts a byte offset of src to line:col (1-based, bytes).
func lineCol(src []byte, off int) string {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
	return fmt.Sprintf("%d:%d", line, col)
}

// run renders a case: the HTML (with each question and scenario's parts)
// and the diagnostics, one per line.
func run(src []byte, self string) (string, string) {
	e := New(Options{Topics: goldenTopics})
	d := e.Parse(src, self)
	r, err := e.Render(d)
	if err != nil {
		return "render error: " + err.Error(), ""
	}
	var html strings.Builder
	html.Write(r.HTML)
	if r.TeaserEnd < len(r.HTML) {
		fmt.Fprintf(&html, "<!-- teaser ends at byte %d -->\n", r.TeaserEnd)
	}
	for i, q := range r.Questions {
		fmt.Fprintf(&html, "<!-- question %s ask: %s -->\n<!-- answer: %s -->\n", d.Questions[i].ID, q.Ask, bytes.TrimSpace(q.Answer))
	}
	for i, s := range r.Scenarios {
		fmt.Fprintf(&html, "<!-- scenario %s prompt: %s -->\n", d.Scenarios[i].ID, bytes.TrimSpace(s.Ask))
	}
	for _, l := range d.Links {
		if l.Kind == TopicRef {
			fmt.Fprintf(&html, "<!-- topic link %s at %s -->\n", l.Dest, lineCol(src, l.Offset))
		}
	}
	var diags strings.Builder
	for _, dg := range d.Diags {
		sev := "error"
		if dg.Severity == Warning {
			sev = "warning"
		}
		fmt.Fprintf(&diags, "%s: %s: %s\n", lineCol(src, dg.Offset), sev, dg.Msg)
	}
	return html.String(), diags.String()
}

// TestGolden runs every testdata/<construct>/*.txtar case: in.md (and an
// optional self, the page's own topic) against out.html and diagnostics.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(file[len("testdata/"):], ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string][]byte{}
			for _, f := range ar.Files {
				sections[f.Name] = f.Data
			}
			html, diags := run(sections["in.md"], strings.TrimSpace(string(sections["self"])))
			if *update {
				var out []txtar.File
				for _, f := range ar.Files {
					if f.Name == "in.md" || f.Name == "self" {
						out = append(out, f)
					}
				}
				out = append(out, txtar.File{Name: "out.html", Data: []byte(html)}, txtar.File{Name: "diagnostics", Data: []byte(diags)})
				ar.Files = out
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got, want := html, string(sections["out.html"]); got != want {
				t.Errorf("out.html differs (go test -run Golden -update rewrites it):\n%s", diffLines(want, got))
			}
			if got, want := diags, string(sections["diagnostics"]); got != want {
				t.Errorf("diagnostics differ:\n%s", diffLines(want, got))
			}
		})
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, x, y)
		}
	}
	return b.String()
}
