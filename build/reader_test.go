package build_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rogpeppe/go-internal/txtar"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/build/gate"
	"sitegen/build/internal/browser"
	"sitegen/build/serve"
	"sitegen/layouts"
)

// readerSite builds testdata/reader.txtar and serves it through the local
// gate; members are visitors with a valid nf_jwt.
func readerSite(t *testing.T) string {
	t.Helper()
	res := buildReader(t)
	s, err := serve.NewSite(res.Files)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&serve.Gate{Site: func() *serve.Site { return s }, Roles: func(r *http.Request) []string { return gate.Roles(r, gate.DevSecret()) }})
	t.Cleanup(srv.Close)
	return srv.URL
}

func waitJS(t *testing.T, ctx context.Context, cond string) { browser.WaitJS(t, ctx, cond) }

// click clicks an element through the DOM, wherever it is on screen.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitJS(t, ctx, `document.querySelector(`+"`"+sel+"`"+`) !== null`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector(`+"`"+sel+"`"+`).click(), true)`)); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.readyState === "complete"`)
}

var readerPages = []struct{ name, path string }{
	{"home", "/"},
	{"free-module", "/modules/01-storage/"},
	{"premium-public", "/modules/02-streaming/"},
	{"question-bank", "/questions/"},
	{"topic", "/topics/s3/"},
	{"topics", "/topics/"},
	{"pricing", "/pricing/"},
	{"404", "/no/such/page/"},
}

// TestReaderPagesClean opens every kind of page, light and dark, desktop
// and mobile: no console errors, no CSP violations, no failed resources,
// no layout shift; screenshots go to $SCREENSHOTS when set.
func TestReaderPagesClean(t *testing.T) {
	ctx := browser.New(t)
	browser.Watch(t, ctx)
	base := readerSite(t)
	for _, scheme := range []string{"light", "dark"} {
		browser.Scheme(t, ctx, scheme)
		for _, vp := range []struct {
			name string
			w, h int64
		}{{"desktop", 1280, 900}, {"mobile", 390, 844}} {
			browser.Viewport(t, ctx, vp.w, vp.h)
			for _, p := range readerPages {
				open(t, ctx, base+p.path)
				time.Sleep(150 * time.Millisecond)
				if probs := browser.Problems(t, ctx); len(probs) > 0 {
					t.Errorf("%s (%s, %s): %v", p.name, scheme, vp.name, probs)
				}
				if cls := browser.LayoutShift(t, ctx); cls > 0 {
					t.Errorf("%s (%s, %s): cumulative layout shift %.4f, want 0", p.name, scheme, vp.name, cls)
				}
				browser.Screenshot(t, ctx, p.name+"-"+vp.name+"-"+scheme)
			}
		}
	}
}

// TestReaderAccessibility runs axe-core (WCAG 2.2 A and AA) on every kind
// of page, light and dark.
func TestReaderAccessibility(t *testing.T) {
	axe := browser.AxeSource(t)
	ctx := browser.New(t)
	base := readerSite(t)
	for _, scheme := range []string{"light", "dark"} {
		browser.Scheme(t, ctx, scheme)
		for _, p := range readerPages {
			open(t, ctx, base+p.path)
			browser.AxeClean(t, ctx, axe, p.name+" ("+scheme+")")
		}
	}
}

// TestReaderNavigation follows the TOC, breadcrumb and prev/next links.
func TestReaderNavigation(t *testing.T) {
	ctx := browser.New(t)
	base := readerSite(t)
	open(t, ctx, base+"/")
	waitJS(t, ctx, `document.body.innerText.includes("50% of the course is free")`)
	if err := chromedp.Do(ctx, chromedp.Click(`a[href="/modules/01-storage/"]`)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `location.pathname === "/modules/01-storage/"`)
	if err := chromedp.Do(ctx, chromedp.Click(`.toc a[href="#storage-classes"]`)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `location.hash === "#storage-classes" && document.getElementById("storage-classes").getBoundingClientRect().top < 200`)
	// (a DOM click: the page may still be scrolling smoothly to the anchor)
	click(t, ctx, `a[rel=next]`)
	waitJS(t, ctx, `location.pathname === "/modules/02-streaming/" && document.querySelector(".locked") !== null && !document.body.innerText.includes("arithmetic")`)
	click(t, ctx, `.crumbs a[href="/"]`)
	waitJS(t, ctx, `location.pathname === "/"`)
}

// TestReaderDarkToggle: the toggle flips the scheme and the choice survives a reload.
func TestReaderDarkToggle(t *testing.T) {
	ctx := browser.New(t)
	base := readerSite(t)
	browser.Scheme(t, ctx, "light")
	open(t, ctx, base+"/modules/01-storage/")
	bg := `getComputedStyle(document.body).backgroundColor`
	waitJS(t, ctx, bg+` === "rgb(255, 255, 255)"`)
	if err := chromedp.Do(ctx, chromedp.Click(`[data-theme-toggle]`)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.documentElement.dataset.theme === "dark" && `+bg+` === "rgb(13, 17, 23)"`)
	open(t, ctx, base+"/topics/")
	waitJS(t, ctx, bg+` === "rgb(13, 17, 23)" && document.querySelector("[data-theme-toggle]").getAttribute("aria-pressed") === "true"`)
}

// TestReaderPracticeMode: answers hide, reveal, shuffle, and progress
// survives a reload.
func TestReaderPracticeMode(t *testing.T) {
	ctx := browser.New(t)
	base := readerSite(t)
	open(t, ctx, base+"/questions/")
	waitJS(t, ctx, `!document.querySelector("[data-action=practice]").disabled`)
	answer := `getComputedStyle(document.querySelector("#bank-q-01-consistency .answer")).display`
	waitJS(t, ctx, answer+` !== "none"`)
	click(t, ctx, `[data-action=practice]`)
	waitJS(t, ctx, answer+` === "none"`)
	click(t, ctx, `#bank-q-01-consistency .reveal`)
	waitJS(t, ctx, answer+` !== "none"`)
	// The premium answer is not in the public bank at all.
	waitJS(t, ctx, `!document.body.innerText.includes("records may expire") && document.querySelector("#bank-q-02-iterator .locked-note") !== null`)
	// Keyboard: j focuses the first question, y marks it known.
	if err := chromedp.Do(ctx, chromedp.Click(`h1`), chromedp.KeyEvent("j"), chromedp.KeyEvent("y")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector(".practice-progress").innerText.startsWith("1 of 3")`)
	click(t, ctx, `[data-action=shuffle]`)
	waitJS(t, ctx, `JSON.parse(localStorage.getItem("sitegen-practice")).order.length === 3`)
	open(t, ctx, base+"/questions/")
	waitJS(t, ctx, `document.querySelector(".practice-progress").innerText.startsWith("1 of 3") && document.getElementById("main").classList.contains("practicing")`)
	// Filter by topic.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(s => (s.value = "kinesis", s.dispatchEvent(new Event("change")), true))(document.querySelector("[data-action=filter]"))`)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelectorAll(".bank-question:not([hidden])").length === 1`)
}

// TestReaderMemberSeesFullView: with a premium token the module's own URL
// serves the full view, and the bank shows every answer.
func TestReaderMemberSeesFullView(t *testing.T) {
	ctx := browser.New(t)
	base := readerSite(t)
	tok, err := gate.SignDev(gate.DevSecret(), "member", []string{"premium"}, time.Now().Add(time.Hour).Unix())
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"/")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.cookie = "nf_jwt=`+tok+`; path=/", true)`)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"/modules/02-streaming/")
	waitJS(t, ctx, `document.body.innerText.includes("arithmetic") && document.querySelector(".locked") === null`)
	open(t, ctx, base+"/questions/")
	waitJS(t, ctx, `document.body.innerText.includes("records may expire")`)
	if !strings.Contains(base, "127.0.0.1") {
		t.Fatal("test server is not on loopback")
	}
}

// TestPageWeight keeps a module page's critical path (HTML, CSS and the
// scripts it loads, minified and gzipped) under 50 KB, and every script
// but the tiny theme switch deferred.
func TestPageWeight(t *testing.T) {
	res := buildReader(t)
	files := map[string][]byte{}
	for _, f := range res.Files {
		files["/"+f.Path] = f.Data
	}
	page := files["/modules/01-storage/index.html"]
	total := gz(page)
	refs := regexp.MustCompile(`(?:href|src)="?(/(?:css|js)/[^"\s>]+)`).FindAllSubmatch(page, -1)
	for _, m := range refs {
		total += gz(files[string(m[1])])
	}
	t.Logf("module page critical path: %d bytes gzipped (%d resources)", total, len(refs)+1)
	if total > 50<<10 {
		t.Errorf("critical path is %d bytes gzipped, budget 50 KB", total)
	}
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAll(page, -1) {
		tag := string(m)
		if strings.Contains(tag, "ld+json") || strings.Contains(tag, "theme.") {
			continue
		}
		if !strings.Contains(tag, "defer") {
			t.Errorf("render-blocking script: %s", tag)
		}
	}
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func buildReader(t *testing.T) *build.Result {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/reader.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	res, diags := build.Build(build.Sources{Content: fsys, Layouts: layouts.FS, Assets: assets.FS}, build.Options{})
	if res == nil {
		t.Fatal(diags)
	}
	return res
}
