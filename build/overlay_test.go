package build

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	site := fstest.MapFS{"base.html": {Data: []byte("mine")}, "extra.html": {Data: []byte("x")}}
	def := fstest.MapFS{"base.html": {Data: []byte("default")}, "home.html": {Data: []byte("h")}}
	o := Overlay(site, def)
	if b, _ := fs.ReadFile(o, "base.html"); string(b) != "mine" {
		t.Errorf("base.html = %q, want the site's own", b)
	}
	if b, _ := fs.ReadFile(o, "home.html"); string(b) != "h" {
		t.Errorf("home.html = %q, want the default", b)
	}
	names, _ := fs.Glob(o, "*.html")
	if len(names) != 3 || names[0] != "base.html" || names[1] != "extra.html" || names[2] != "home.html" {
		t.Errorf("Glob = %v", names)
	}
	if _, err := fs.ReadFile(o, "missing.html"); err == nil {
		t.Error("missing file opened")
	}
	var walked []string
	fs.WalkDir(o, ".", func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			walked = append(walked, p)
		}
		return nil
	})
	if len(walked) != 3 {
		t.Errorf("WalkDir found %v, want the union of both layers", walked)
	}
}

func mustGlob(t *testing.T, fsys fs.FS, pattern string) []string {
	t.Helper()
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func mustRead(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
