package build

import (
	"bytes"
	"io/fs"
	"testing"
	"testing/fstest"

	"sitegen/assets"
	"sitegen/build/internal/gensite"
	"sitegen/layouts"
)

func sources(content fs.FS) Sources {
	return Sources{Content: content, Layouts: layouts.FS, Assets: assets.FS}
}

// TestDeterministic builds the same input twice and compares every byte.
func TestDeterministic(t *testing.T) {
	site := gensite.Site(30)
	a, diags := Build(sources(site), Options{})
	if diags.Errors() > 0 {
		t.Fatalf("build failed:\n%s", diags)
	}
	b, _ := Build(sources(site), Options{})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("file counts differ: %d and %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Fatalf("output differs at %s / %s", a.Files[i].Path, b.Files[i].Path)
		}
	}
}

// TestOrderIndependent checks that output does not depend on the order in
// which files are listed (map order, directory order).
func TestOrderIndependent(t *testing.T) {
	site := gensite.Site(12)
	renamed := fstest.MapFS{}
	for k, v := range site {
		renamed[k] = v
	}
	a, diags := Build(sources(site), Options{})
	if diags.Errors() > 0 {
		t.Fatalf("build failed:\n%s", diags)
	}
	for i := 0; i < 3; i++ {
		b, _ := Build(sources(renamed), Options{})
		for j := range a.Files {
			if !bytes.Equal(a.Files[j].Data, b.Files[j].Data) {
				t.Fatalf("run %d: %s differs", i, a.Files[j].Path)
			}
		}
	}
}

// BenchmarkBuild1000 is a full build, in memory, of a generated 1,000-module course.
func BenchmarkBuild1000(b *testing.B) {
	site := gensite.Site(1000)
	b.ReportAllocs()
	b.ResetTimer()
	var pages int
	for b.Loop() {
		res, diags := Build(sources(site), Options{})
		if diags.Errors() > 0 {
			b.Fatalf("build failed:\n%s", diags)
		}
		pages = len(res.Site.Modules)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pages), "ns/page")
}

// BenchmarkAudit1000 is the leak audit alone over a generated 1,000-module
// course's output; compare with BenchmarkBuild1000 for its share of a build.
func BenchmarkAudit1000(b *testing.B) {
	site := gensite.Site(1000)
	res, diags := Build(sources(site), Options{DeferAudit: true})
	if res == nil {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		if d := Audit(res); d.Errors() > 0 {
			b.Fatal(d)
		}
	}
}
