package build_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	metaRe   = regexp.MustCompile(`<(?:meta|link rel="?canonical"?)[^>]*>`)
	jsonLDRe = regexp.MustCompile(`<script type="?application/ld\+json"?>(.*?)</script>`)
)

// TestHeadGolden pins the meta tags and JSON-LD of a free module, the
// public view of a premium module and the home page: descriptions only,
// never bodies; paywall markup on the premium one; valid JSON throughout.
func TestHeadGolden(t *testing.T) {
	res := buildReader(t)
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	ar := &txtar.Archive{Comment: []byte("Meta tags and JSON-LD of the reader test site (go test ./build -run HeadGolden -update rewrites this).\n")}
	for _, page := range []string{"index.html", "modules/01-storage/index.html", "modules/02-streaming/index.html"} {
		html := files[page]
		var out bytes.Buffer
		for _, m := range metaRe.FindAll(html, -1) {
			out.Write(m)
			out.WriteByte('\n')
		}
		for _, m := range jsonLDRe.FindAllSubmatch(html, -1) {
			var v any
			if err := json.Unmarshal(m[1], &v); err != nil {
				t.Errorf("%s: JSON-LD is not valid JSON: %v", page, err)
			}
			pretty, _ := json.MarshalIndent(v, "", "  ")
			out.Write(pretty)
			out.WriteByte('\n')
		}
		ar.Files = append(ar.Files, txtar.File{Name: page, Data: out.Bytes()})
	}
	const golden = "testdata/head.golden.txtar"
	got := txtar.Format(ar)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("head markup differs from %s (run with -update if the change is intended):\n%s", golden, lineDiff(string(want), string(got)))
	}
	if bytes.Contains(got, []byte("arithmetic")) {
		t.Error("premium body text in the head of a public page")
	}
}

// lineDiff shows the lines that differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out.WriteString("- " + x + "\n+ " + y + "\n")
		}
	}
	return out.String()
}
