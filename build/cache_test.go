package build

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"sitegen/assets"
	"sitegen/build/internal/gensite"
	"sitegen/layouts"
)

// TestCachedRebuildMatchesFresh edits a site in every way an author can and
// checks that a rebuild through the cache gives exactly the bytes of a
// fresh build of the same tree.
func TestCachedRebuildMatchesFresh(t *testing.T) {
	content := gensite.Site(12)
	lay := fstest.MapFS{}
	for _, name := range mustGlob(t, layouts.FS, "*.html") {
		lay[name] = &fstest.MapFile{Data: mustRead(t, layouts.FS, name)}
	}
	ast := fstest.MapFS{}
	for _, name := range append(mustGlob(t, assets.FS, "css/*"), mustGlob(t, assets.FS, "js/*")...) {
		ast[name] = &fstest.MapFile{Data: mustRead(t, assets.FS, name)}
	}
	src := Sources{Content: content, Layouts: lay, Assets: ast}
	cache := NewCache()
	if _, diags := Build(src, Options{Cache: cache}); diags.Errors() > 0 {
		t.Fatal(diags)
	}
	modPath := firstModule(content)
	edits := []struct {
		name string
		do   func()
	}{
		{"module body", func() { appendTo(content, modPath, "\nA new closing paragraph about shards.\n") }},
		{"module front matter", func() {
			content[modPath].Data = bytes.Replace(content[modPath].Data, []byte("access: free"), []byte("access: free\nupdated: 2026-11-01"), 1)
		}},
		{"module title", func() {
			content[modPath].Data = bytes.Replace(content[modPath].Data, []byte("title: \"Module 1:"), []byte("title: \"Renamed module 1:"), 1)
		}},
		{"a new link between modules", func() {
			appendTo(content, "content/modules/02-pipelines/05-module-5.md", "\nSee also [module 2](../01-foundations/02-module-2.md).\n")
		}},
		{"premium module body", func() { appendTo(content, premiumModule(content), "\nA members-only closing paragraph.\n") }},
		{"topic", func() { appendTo(content, "content/topics/glue.md", "\nGlue also has a catalog.\n") }},
		{"topic aliases", func() {
			content["content/topics/s3.md"].Data = bytes.Replace(content["content/topics/s3.md"].Data, []byte("aliases: ["), []byte("aliases: [\"pipeline\", "), 1)
		}},
		{"part index", func() {
			appendTo(content, "content/modules/02-pipelines/_index.md", "\nThe part's new introduction.\n")
		}},
		{"layout", func() {
			lay["404.html"].Data = []byte(`{{define "main"}}<h1>Lost?</h1>{{end}}`)
		}},
		{"asset", func() { appendTo(ast, "css/app.css", "\n.new { color: red; }\n") }},
		{"rename", func() {
			f := content["content/pages/about.md"]
			delete(content, "content/pages/about.md")
			content["content/pages/about-us.md"] = f
		}},
		{"delete", func() { delete(content, "content/pages/about-us.md") }},
		{"new module", func() {
			content["content/modules/04-interview/13-extra.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Extra\nmodule: 13\ndescription: d\n---\nSee [the first](../01-foundations/" + strings.TrimPrefix(modPath, "content/modules/01-foundations/") + ").\n")}
		}},
	}
	for _, e := range edits {
		e.do()
		cached, diags := Build(src, Options{Cache: cache})
		if diags.Errors() > 0 {
			t.Fatalf("%s: cached build failed:\n%s", e.name, diags)
		}
		fresh, diags := Build(src, Options{})
		if diags.Errors() > 0 {
			t.Fatalf("%s: fresh build failed:\n%s", e.name, diags)
		}
		if len(cached.Files) != len(fresh.Files) {
			t.Fatalf("%s: %d files cached, %d fresh", e.name, len(cached.Files), len(fresh.Files))
		}
		for i := range fresh.Files {
			if cached.Files[i].Path != fresh.Files[i].Path || !bytes.Equal(cached.Files[i].Data, fresh.Files[i].Data) {
				t.Fatalf("%s: %s differs from a fresh build", e.name, fresh.Files[i].Path)
			}
		}
	}
}

func appendTo(fsys fstest.MapFS, name, s string) {
	f := fsys[name]
	fsys[name] = &fstest.MapFile{Data: append(append([]byte{}, f.Data...), s...)}
}

// firstModule is the first module file of the first part.
func firstModule(fsys fstest.MapFS) string {
	first := ""
	for name := range fsys {
		if strings.HasPrefix(name, "content/modules/01-foundations/") && !strings.HasSuffix(name, "_index.md") && (first == "" || name < first) {
			first = name
		}
	}
	return first
}

// BenchmarkRebuild1000 is a rebuild, through the cache, of a generated
// 1,000-module course after one module changed: what `serve` does per edit
// before it serves the page (the audit follows).
func BenchmarkRebuild1000(b *testing.B) {
	content := gensite.Site(1000)
	src := sources(content)
	cache := NewCache()
	if _, diags := Build(src, Options{Cache: cache}); diags.Errors() > 0 {
		b.Fatal(diags)
	}
	mod := firstModule(content)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		appendTo(content, mod, "\nEdit "+strings.Repeat("x", i%7)+".\n")
		if _, diags := Build(src, Options{Cache: cache, DeferAudit: true}); diags.Errors() > 0 {
			b.Fatal(diags)
		}
	}
}

// premiumModule is the first premium module's file.
func premiumModule(fsys fstest.MapFS) string {
	first := ""
	for name, f := range fsys {
		if bytes.Contains(f.Data, []byte("access: premium")) && (first == "" || name < first) {
			first = name
		}
	}
	return first
}

// BenchmarkRebuildSite is BenchmarkRebuild1000 on the site at $BENCH_SITE.
func BenchmarkRebuildSite(b *testing.B) {
	dir := os.Getenv("BENCH_SITE")
	if dir == "" {
		b.Skip("set BENCH_SITE to a site folder to run this benchmark")
	}
	content := readContent(dir)
	src := sources(content)
	cache := NewCache()
	if _, diags := Build(src, Options{Cache: cache}); diags.Errors() > 0 {
		b.Fatal(diags)
	}
	mod := firstModule(content)
	for i := 0; b.Loop(); i++ {
		appendTo(content, mod, "\n\nEdit token "+strings.Repeat("x", i%7)+".\n")
		if _, diags := Build(src, Options{Cache: cache, DeferAudit: true}); diags.Errors() > 0 {
			b.Fatal(diags)
		}
	}
}

// BenchmarkBuildSite is a full one-off build of the site at $BENCH_SITE.
func BenchmarkBuildSite(b *testing.B) {
	dir := os.Getenv("BENCH_SITE")
	if dir == "" {
		b.Skip("set BENCH_SITE to a site folder to run this benchmark")
	}
	content := readContent(dir)
	src := sources(content)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Build(src, Options{}); diags.Errors() > 0 {
			b.Fatal(diags)
		}
	}
}

// readContent loads a site folder's content/ into memory.
func readContent(dir string) fstest.MapFS {
	content := fstest.MapFS{}
	fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(os.DirFS(dir), p)
			content[p] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	return content
}
