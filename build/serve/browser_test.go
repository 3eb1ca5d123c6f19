package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sitegen/build/internal/browser"
)

func longModule(marker string) string {
	return "---\ntitle: One\nmodule: 1\ndescription: d\n---\n" + marker + "\n\n" + strings.Repeat("A paragraph that takes room on the page so that it scrolls.\n\n", 120)
}

func waitJS(t *testing.T, ctx context.Context, cond string) { browser.WaitJS(t, ctx, cond) }

// TestBrowserReloadKeepsScroll: an edit reloads the page at the same scroll position.
func TestBrowserReloadKeepsScroll(t *testing.T) {
	ctx := browser.New(t)
	dir := devSite(t)
	write(t, dir, "content/modules/01-basics/01-one.md", longModule("Version one."))
	_, base, _, _ := startDev(t, dir, "free")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/modules/01-one/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.body.innerText.includes("Version one.")`)
	waitJS(t, ctx, `(window.scrollTo(0, 900), window.scrollY === 900)`)
	time.Sleep(300 * time.Millisecond) // let the event stream connect
	write(t, dir, "content/modules/01-basics/01-one.md", longModule("Version two."))
	waitJS(t, ctx, `document.body.innerText.includes("Version two.")`)
	waitJS(t, ctx, `Math.abs(window.scrollY - 900) < 5`)
}

// TestBrowserCSSWithoutReload: a stylesheet edit applies in place.
func TestBrowserCSSWithoutReload(t *testing.T) {
	ctx := browser.New(t)
	dir := devSite(t)
	write(t, dir, "assets/css/extra.css", "body { outline: 1px solid rgb(1, 2, 3); }\n")
	_, base, _, _ := startDevWithCSS(t, dir)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/modules/01-one/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.__notReloaded = true)`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	write(t, dir, "assets/css/extra.css", "body { outline: 1px solid rgb(4, 5, 6); }\n")
	waitJS(t, ctx, `getComputedStyle(document.body).outlineColor === "rgb(4, 5, 6)"`)
	waitJS(t, ctx, `window.__notReloaded === true`)
}

// TestBrowserOverlayInTwoTabs: a broken file shows the errors in every tab;
// fixing it clears them.
func TestBrowserOverlayInTwoTabs(t *testing.T) {
	ctx := browser.New(t)
	tab2 := browser.Tab(t, ctx)
	dir := devSite(t)
	_, base, _, _ := startDev(t, dir, "free")
	for _, c := range []context.Context{ctx, tab2} {
		if err := chromedp.Do(c, chromedp.Navigate(base+"/modules/01-one/")); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	write(t, dir, "content/modules/01-basics/01-one.md", "---\ntitle: One\nmodule: 1\ndescription: d\nacess: free\n---\nBody.\n")
	for _, c := range []context.Context{ctx, tab2} {
		waitJS(t, c, `!!document.getElementById("sitegen-overlay") && document.getElementById("sitegen-overlay").innerText.includes('unknown field "acess"') && document.getElementById("sitegen-overlay").innerText.includes("acess: free")`)
	}
	write(t, dir, "content/modules/01-basics/01-one.md", "---\ntitle: One\nmodule: 1\ndescription: d\n---\nFixed body.\n")
	for _, c := range []context.Context{ctx, tab2} {
		waitJS(t, c, `!document.getElementById("sitegen-overlay") && document.body.innerText.includes("Fixed body.")`)
	}
}
