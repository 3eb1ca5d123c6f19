package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/build/gate"
	"sitegen/build/internal/browser"
	"sitegen/build/output"
	"sitegen/build/serve"
	"sitegen/layouts"
)

var tiny = fstest.MapFS{
	"content/_index.md":                   {Data: []byte("---\ntitle: Tiny\n---\nHome.\n")},
	"content/modules/01-basics/_index.md": {Data: []byte("---\ntitle: Basics\n---\n")},
	"content/modules/01-basics/01-streams.md": {Data: []byte("---\ntitle: Streaming with Kinesis\nmodule: 1\ndescription: Shards, iterators and consumers.\ntopics: [kinesis]\n---\n" +
		"Intro text.\n\n## Iterator age\n\nWhen consumers fall behind, the iterator age climbs and records expire after the retention period.\n\n## Resharding\n\nSplit hot shards to add throughput.\n")},
	"content/modules/01-basics/02-lake.md": {Data: []byte("---\ntitle: Designing a Lake\nmodule: 2\ndescription: Zones and formats.\naccess: premium\n---\nA teaser about lake zones.\n\n<!--more-->\n\n## Compaction secrets\n\nThe compaction job merges small objects every night into large parquet files.\n")},
	"content/topics/kinesis.md":            {Data: []byte("---\ntitle: Amazon Kinesis Data Streams\naliases: [KDS]\ndescription: Managed streaming.\n---\nShards and records.\n")},
	"content/pages/pricing.md":             {Data: []byte("---\ntitle: Pricing\nlayout: pricing\n---\nPlans.\n")},
}

func buildTiny(t *testing.T) []output.File { return buildTinyResult(t).Files }

func buildTinyResult(t *testing.T) *build.Result {
	t.Helper()
	res, diags := build.Build(build.Sources{Content: tiny, Layouts: layouts.FS, Assets: assets.FS}, build.Options{})
	if res == nil {
		t.Fatal(diags)
	}
	return res
}

func indexOf(t *testing.T, files []output.File) (string, map[string]any) {
	for _, f := range files {
		if strings.HasPrefix(f.Path, "data/search.") {
			var v map[string]any
			if err := json.Unmarshal(f.Data, &v); err != nil {
				t.Fatal(err)
			}
			return string(f.Data), v
		}
	}
	t.Fatal("no search index in the output")
	return "", nil
}

func TestIndex(t *testing.T) {
	files := buildTiny(t)
	raw, ix := indexOf(t, files)
	if ix["v"].(float64) != 1 {
		t.Errorf("version = %v", ix["v"])
	}
	if strings.Contains(raw, "compaction job merges") {
		t.Error("the index holds premium body text")
	}
	for _, want := range []string{"Compaction secrets", "Designing a Lake", "iterator age climbs", "Iterator age", "KDS"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the index lacks %q", want)
		}
	}
	// Every record's anchor exists on its page.
	pages := map[string]string{}
	for _, f := range files {
		pages["/"+strings.TrimSuffix(f.Path, "index.html")] = string(f.Data)
	}
	urls := ix["u"].([]any)
	for _, r := range ix["r"].([]any) {
		rec := r.([]any)
		u, anchor := urls[int(rec[1].(float64))].(string), rec[2].(string)
		page, ok := pages[u]
		if !ok {
			t.Errorf("record %v: no page %s", rec, u)
			continue
		}
		if anchor != "" && !strings.Contains(page, `id="`+anchor+`"`) && !strings.Contains(page, "id="+anchor) {
			t.Errorf("record %v: %s has no anchor %q", rec[3], u, anchor)
		}
	}
}

func serveTiny(t *testing.T) string { return serveTinyServer(t).URL }

func serveTinyServer(t *testing.T) *httptest.Server {
	t.Helper()
	s, err := serve.NewSite(buildTiny(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&serve.Gate{Site: func() *serve.Site { return s }, Roles: func(*http.Request) []string { return nil }})
	t.Cleanup(srv.Close)
	return srv
}

// TestIndexPassesTheAudit runs the gate's leak audit over the index: the
// real one passes, and one carrying a premium sentence is caught, through
// the JSON encoding.
func TestIndexPassesTheAudit(t *testing.T) {
	res := buildTinyResult(t)
	var index output.File
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "data/search.") {
			index = f
		}
	}
	if diags := gate.AuditSite(res.Site, []output.File{index}); len(diags) > 0 {
		t.Errorf("the index leaks:\n%s", diags)
	}
	leaky := index
	leaky.Data = bytes.Replace(index.Data, []byte(`"Zones and formats."`), []byte(`"Zones and formats. The compaction job merges small objects every night into large parquet files."`), 1)
	if bytes.Equal(leaky.Data, index.Data) {
		t.Fatal("the premium module's record was not found to plant the leak in")
	}
	if diags := gate.AuditSite(res.Site, []output.File{leaky}); diags.Errors() == 0 {
		t.Error("the audit missed premium body text planted in the index")
	}
}

// TestBrowserSearchLoading: the index is fetched on first focus, not with
// the page; Ctrl+K focuses the box; accents are folded; results are grouped
// by kind; ArrowUp moves back; once loaded, search works with the site gone.
func TestBrowserSearchLoading(t *testing.T) {
	ctx := browser.New(t)
	srv := serveTinyServer(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady("#search-input")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.readyState === "complete"`)
	const fetched = `performance.getEntriesByType("resource").some(e => e.name.includes("/data/search."))`
	if loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fetched)); err != nil || loaded {
		t.Fatalf("the index was fetched before the search box was used (loaded=%v, err=%v)", loaded, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.activeElement.id === "search-input"`)
	waitJS(t, ctx, fetched)

	if err := chromedp.Do(ctx, clear(), chromedp.SendKeys("#search-input", "itérator")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `[...document.querySelectorAll("#search-listbox [role=option]")].some(e => e.getAttribute("data-href").endsWith("#iterator-age"))`)
	waitJS(t, ctx, `document.querySelectorAll("#search-listbox [role=option]").length >= 2 && document.querySelector("#search-listbox [role=group] .search-group") !== null`)
	for _, key := range []string{kb.ArrowDown, kb.ArrowDown, kb.ArrowUp} {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
	}
	waitJS(t, ctx, `document.querySelector("#search-input").getAttribute("aria-activedescendant") === "so-0"`)

	srv.Close()
	if err := chromedp.Do(ctx, clear(), chromedp.SendKeys("#search-input", "resharding")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `[...document.querySelectorAll("#search-listbox [role=option]")].some(e => e.getAttribute("data-href").endsWith("#resharding"))`)
}

func waitJS(t *testing.T, ctx context.Context, cond string) { browser.WaitJS(t, ctx, cond) }

// TestBrowserSearch types into the header box and drives the results with
// the keyboard, in Chromium, against the real client and index.
func TestBrowserSearch(t *testing.T) {
	ctx := browser.New(t)
	base := serveTiny(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady("#search-input")); err != nil {
		t.Fatal(err)
	}
	// "/" focuses the box.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.activeElement.id === "search-input"`)
	// (DevTools delivers the key's character separately from keydown, so
	// clear what a real browser would not have typed.)
	if err := chromedp.Do(ctx, clear(), chromedp.SendKeys("#search-input", "iterator ag")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `!document.getElementById("search-listbox").hidden && document.querySelectorAll("#search-listbox [role=option]").length > 0`)
	waitJS(t, ctx, `document.querySelector("#search-input").getAttribute("aria-expanded") === "true"`)
	// The first result is the section, highlighted.
	waitJS(t, ctx, `document.querySelector("#search-listbox [role=option]").getAttribute("data-href").endsWith("/modules/01-streams/#iterator-age")`)
	waitJS(t, ctx, `document.querySelector("#search-listbox [role=option] mark") !== null`)
	// Down arrow selects it; Enter goes to the anchor.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector("#search-input").getAttribute("aria-activedescendant") === "so-0"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `location.pathname === "/modules/01-streams/" && location.hash === "#iterator-age"`)

	// A premium heading is found, with a lock, and never with body text.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady("#search-input"), chromedp.SendKeys("#search-input", "compaction")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `[...document.querySelectorAll("#search-listbox .locked-result")].some(e => e.innerText.includes("Compaction secrets") && e.innerText.includes("premium"))`)
	waitJS(t, ctx, `!document.getElementById("search-listbox").innerText.includes("merges small objects")`)

	// Typos of long words are forgiven; Escape closes.
	if err := chromedp.Do(ctx, clear(), chromedp.SendKeys("#search-input", "reshardnig")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `[...document.querySelectorAll("#search-listbox [role=option]")].some(e => e.getAttribute("data-href").endsWith("#resharding"))`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("search-listbox").hidden`)

	// The /search/ page answers shared links.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/?q=kds")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("search-page-status").innerText.includes("for “kds”") && document.querySelector("#search-page-results a[href='/topics/kinesis/']") !== null`)
}

// clear empties the search box as a user would, before typing.
func clear() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(document.getElementById("search-input").value = "", true)`)(ctx, t)
		return err
	})
}

// TestSearchAccessibility runs axe-core with the combobox open, results
// shown and one selected, light and dark, and on the /search/ page.
func TestSearchAccessibility(t *testing.T) {
	axe := browser.AxeSource(t)
	ctx := browser.New(t)
	base := serveTiny(t)
	for _, scheme := range []string{"light", "dark"} {
		browser.Scheme(t, ctx, scheme)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady("#search-input"), chromedp.SendKeys("#search-input", "shard")); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `!document.getElementById("search-listbox").hidden && document.querySelectorAll("#search-listbox [role=option]").length > 0`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.querySelector("#search-listbox [aria-selected=true]") !== null`)
		browser.Screenshot(t, ctx, "search-open-"+scheme)
		browser.AxeClean(t, ctx, axe, "open combobox ("+scheme+")")
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/?q=kinesis")); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.querySelector("#search-page-results a") !== null`)
		browser.AxeClean(t, ctx, axe, "/search/ page ("+scheme+")")
	}
}
