package build

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOutlineScenarios: a module's table of contents lists each scenario by
// its title, and leaves out the headings inside the walkthroughs ("Design",
// "Costs"), which would otherwise repeat once per scenario.
func TestOutlineScenarios(t *testing.T) {
	scenario := func(id, title string) string {
		return "::: scenario {#" + id + ` title="` + title + `"}` + "\nThe prompt, with its numbers.\n\n### Design\n\n1. A step.\n\n### Costs\n\nSome dollars.\n:::\n\n"
	}
	fsys := fstest.MapFS{
		"content/_index.md":                     {Data: []byte("---\ntitle: T\n---\nHome.\n")},
		"content/modules/01-part/_index.md":     {Data: []byte("---\ntitle: P\n---\n")},
		"content/modules/01-part/01-designs.md": {Data: []byte("---\ntitle: Designs\nmodule: 1\ndescription: Two designs.\n---\nIntro.\n\n## How to read them\n\nText.\n\n## The scenarios\n\n" + scenario("sd-one", "First design") + scenario("sd-two", "Second design"))},
	}
	res, diags := Build(sources(fsys), Options{})
	if res == nil {
		t.Fatal(diags)
	}
	var page string
	for _, f := range res.Files {
		if f.Path == "modules/01-designs/index.html" {
			page = string(f.Data)
		}
	}
	toc := regexp.MustCompile(`(?s)<nav class="?toc"?.*?</nav>`).FindString(page)
	if toc == "" {
		t.Fatalf("no table of contents in the page:\n%s", page)
	}
	entries := regexp.MustCompile(`href="?#([^">]+)"?>([^<]+)<`).FindAllStringSubmatch(toc, -1)
	var got []string
	for _, e := range entries {
		got = append(got, e[1]+" "+e[2])
	}
	want := []string{"how-to-read-them How to read them", "the-scenarios The scenarios", "sd-one First design", "sd-two Second design"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("table of contents:\n got %q\nwant %q", got, want)
	}
}
