package markdown

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// seeds adds every golden input to a fuzz corpus.
func seeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			continue
		}
		for _, fl := range ar.Files {
			if fl.Name == "in.md" {
				f.Add(string(fl.Data))
			}
		}
	}
}

// FuzzParse runs the whole engine (containers, callouts, diagrams, teaser,
// auto-links) on any input: no panic, offsets inside the source.
func FuzzParse(f *testing.F) {
	seeds(f)
	e := New(Options{Topics: goldenTopics})
	f.Fuzz(func(t *testing.T, src string) {
		d := e.Parse([]byte(src), "")
		if _, err := e.Render(d); err != nil {
			t.Fatal(err)
		}
		for _, dg := range d.Diags {
			if dg.Offset < 0 || dg.Offset > len(src) {
				t.Fatalf("diagnostic offset %d outside a %d-byte source: %s", dg.Offset, len(src), dg.Msg)
			}
		}
		for _, l := range d.Links {
			if l.Offset < 0 || l.Offset > len(src) {
				t.Fatalf("link offset %d outside the source", l.Offset)
			}
		}
	})
}

// FuzzDiagramLint checks the box lint on any art.
func FuzzDiagramLint(f *testing.F) {
	f.Add("┌──┐\n│a │\n└──┘")
	f.Add("+--+\n|a  |\n+--+")
	f.Add("┌─┐┌\n│東│\n└─┘")
	f.Fuzz(func(t *testing.T, art string) {
		rows := strings.Split(art, "\n")
		for _, m := range lintDiagram(rows) {
			if m.row < 0 || m.row >= len(rows) {
				t.Fatalf("row %d outside %d rows", m.row, len(rows))
			}
		}
	})
}

// FuzzInfo checks fence info strings (language and {hl_lines=…}).
func FuzzInfo(f *testing.F) {
	for _, s := range []string{`python {hl_lines=[2,"4-6"]}`, `diagram title="x"`, `sql{hl_lines=[1]}`, `go {hl_lines="x"}`, `{`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, info string) {
		cb := parseInfo([]byte(info))
		for _, r := range cb.hlLines {
			if r[0] < 1 || r[1] < r[0] {
				t.Fatalf("bad range %v from %q", r, info)
			}
		}
	})
}

// FuzzAutolink checks the topic matcher: a match is a span of the text.
func FuzzAutolink(f *testing.F) {
	f.Add("Amazon S3 and KDS, S3Client, S3-compatible")
	f.Add("kinesis data streams")
	m := newMatcher(goldenTopics)
	f.Fuzz(func(t *testing.T, s string) {
		start, end, topic, ok := m.match(s, map[string]bool{}, "")
		if !ok {
			return
		}
		if start < 0 || end > len(s) || start >= end || topic == "" || !utf8.ValidString(s[start:end]) && utf8.ValidString(s) {
			t.Fatalf("match %d..%d %q in %q", start, end, topic, s)
		}
	})
}

// FuzzCalloutMarker checks the alert marker reader.
func FuzzCalloutMarker(f *testing.F) {
	f.Add("[!NOTE]")
	f.Add("  [!warning] Title  ")
	f.Add("[!]")
	f.Fuzz(func(t *testing.T, line string) {
		marker, _, ok := calloutMarkerOf([]byte(line))
		if ok && marker == "" {
			t.Fatalf("empty marker from %q", line)
		}
	})
}

// FuzzContainerOpen checks the ::: opening-line reader.
func FuzzContainerOpen(f *testing.F) {
	f.Add(`::: question {#q-a topics="s3"}`)
	f.Add(`:::scenario{title="x"}`)
	f.Fuzz(func(t *testing.T, line string) {
		typ, attrs, ok := openLine([]byte(line))
		if ok && typ != "question" && typ != "scenario" {
			t.Fatalf("type %q", typ)
		}
		(&Container{Variant: typ}).readAttrs(attrs)
	})
}
