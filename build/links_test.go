package build

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"sitegen/build/internal/gensite"
	"sitegen/build/output"
)

var (
	hrefRe = regexp.MustCompile(`(?:href|src)="?([^"\s>]+)`)
	idRe   = regexp.MustCompile(`\sid="?([^"\s>]+)`)
)

// TestInternalLinksResolve checks every internal href and #fragment in the
// output of a generated site: the file exists, and so does the anchor.
func TestInternalLinksResolve(t *testing.T) {
	res, diags := Build(sources(gensite.Site(40)), Options{})
	if res == nil {
		t.Fatal(diags)
	}
	checkLinks(t, res.Files)
}

func checkLinks(t *testing.T, files []output.File) {
	t.Helper()
	pages := map[string]string{}
	for _, f := range files {
		pages["/"+f.Path] = string(f.Data)
		if strings.HasSuffix(f.Path, "index.html") {
			pages["/"+strings.TrimSuffix(f.Path, "index.html")] = string(f.Data)
		}
	}
	ids := map[string]map[string]bool{}
	anchors := func(p string) map[string]bool {
		if m, ok := ids[p]; ok {
			return m
		}
		m := map[string]bool{}
		for _, x := range idRe.FindAllStringSubmatch(pages[p], -1) {
			m[x[1]] = true
		}
		ids[p] = m
		return m
	}
	checked := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		from := "/" + strings.TrimSuffix(f.Path, "index.html")
		for _, m := range hrefRe.FindAllStringSubmatch(string(f.Data), -1) {
			raw := m[1]
			if strings.HasPrefix(raw, "http") || strings.HasPrefix(raw, "mailto:") || strings.HasPrefix(raw, "data:") {
				continue
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: bad href %q", f.Path, raw)
				continue
			}
			target := u.Path
			if target == "" {
				target = from
			}
			if !strings.HasPrefix(target, "/") {
				t.Errorf("%s: relative href %q (sitegen writes root-relative URLs)", f.Path, raw)
				continue
			}
			if _, ok := pages[target]; !ok {
				t.Errorf("%s: link to missing %s", f.Path, raw)
				continue
			}
			if u.Fragment != "" && !anchors(target)[u.Fragment] {
				t.Errorf("%s: link to missing anchor %s", f.Path, raw)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d internal links checked", checked)
	}
}
