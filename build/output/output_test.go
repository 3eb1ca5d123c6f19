package output

import (
	"crypto/sha512"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWriteReplacesAtomically(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := Write(dir, []File{{"index.html", []byte("one")}, {"old/page.html", []byte("stale")}}); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []File{{"index.html", []byte("two")}, {"new/page.html", []byte("fresh")}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "two" {
		t.Errorf("index.html = %q, want the new build", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Errorf("a file of the previous build survived: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 2 || entries[0].Name() != ".public.prev" || entries[1].Name() != "public" {
		t.Errorf("beside the output: %v, want only public and .public.prev", entries)
	}
	// The third build reuses .public.prev: unchanged files keep their
	// inode, changed ones are rewritten, stale ones go.
	if err := Write(dir, []File{{"index.html", []byte("three")}, {"new/page.html", []byte("fresh")}, {"x.html", []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "three" {
		t.Errorf("index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Errorf("a file two builds old survived: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "new/page.html")); string(b) != "fresh" {
		t.Errorf("new/page.html = %q", b)
	}
}

func TestWriteFailureKeepsPrevious(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := Write(dir, []File{{"index.html", []byte("good")}}); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, []File{{"index.html", []byte("bad")}, {"../escape.html", []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "outside the output folder") {
		t.Fatalf("Write with an escaping path: err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "good" {
		t.Errorf("the previous build was touched: index.html = %q", b)
	}
}

// TestWritePrunesWhereFoldersChange: a file where a folder must now be
// (and a folder where a file must be) from two builds ago is replaced.
func TestWritePrunesWhereFoldersChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	for _, files := range [][]File{
		{{"a", []byte("file a")}, {"b/index.html", []byte("b")}},
		{{"c.html", nil}},
		{{"a/index.html", []byte("a is a folder now")}, {"b", []byte("b is a file now")}},
	} {
		if err := Write(dir, files); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a/index.html")); string(b) != "a is a folder now" {
		t.Errorf("a/index.html = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b")); string(b) != "b is a file now" {
		t.Errorf("b = %q", b)
	}
}

func TestWriteRefusesSourceFolders(t *testing.T) {
	for _, marker := range []string{"content", "go.mod", ".git"} {
		dir := t.TempDir()
		os.Mkdir(filepath.Join(dir, marker), 0o755)
		if err := Write(dir, []File{{"index.html", nil}}); err == nil || !strings.Contains(err.Error(), "looks like a source folder") {
			t.Errorf("with %s: err = %v, want a refusal", marker, err)
		}
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			t.Errorf("with %s: the folder was touched: %v", marker, err)
		}
	}
}

func TestAssetsFingerprint(t *testing.T) {
	fsys := fstest.MapFS{
		"css/app.css":  {Data: []byte("body {  color : red ; }\n")},
		"js/app.js":    {Data: []byte("function  f ( a ) { return a + 1 ; }\n")},
		"img/logo.svg": {Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")},
		"embed.go":     {Data: []byte("package assets")},
	}
	mn := NewMinifier()
	files, manifest, diags := mn.Assets(fsys, map[string][]byte{"css/code.css": []byte(".chroma { color: blue }")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(files) != 4 {
		t.Fatalf("got %d files, want 4 (the .go file is not an asset): %v", len(files), files)
	}
	re := regexp.MustCompile(`^/css/app\.[0-9a-f]{8}\.css$`)
	if a := manifest["css/app.css"]; !re.MatchString(a.URL) {
		t.Errorf("app.css URL = %q, want a fingerprinted name", a.URL)
	}
	for _, f := range files {
		if f.Path == strings.TrimPrefix(manifest["css/app.css"].URL, "/") {
			if string(f.Data) != "body{color:red}" {
				t.Errorf("app.css not minified: %q", f.Data)
			}
			sum := sha512.Sum384(f.Data)
			if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); manifest["css/app.css"].Integrity != want {
				t.Errorf("integrity = %q, want %q", manifest["css/app.css"].Integrity, want)
			}
		}
	}
	if a := manifest["img/logo.svg"]; a.URL != "/img/logo.svg" || a.Integrity != "" {
		t.Errorf("logo.svg = %+v, want its own name and no integrity", a)
	}
	if _, ok := manifest["css/code.css"]; !ok {
		t.Error("generated code.css missing from the manifest")
	}
}

func TestMinifyByType(t *testing.T) {
	mn := NewMinifier()
	tests := []struct{ path, in, want string }{
		{"a.html", "<p>  hello   world </p>\n", "<p>hello world</p>"},
		{"a.json", "{ \"a\" : 1 }", `{"a":1}`},
		{"a.xml", "<a>\n  <b>x</b>\n</a>", "<a><b>x</b></a>"},
		{"a.txt", "  kept  ", "  kept  "},
	}
	for _, tt := range tests {
		got, err := mn.File(File{tt.path, []byte(tt.in)})
		if err != nil || string(got.Data) != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.path, got.Data, err, tt.want)
		}
	}
}
