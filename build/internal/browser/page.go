package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// watcher records, from before any page script runs, console errors,
// uncaught exceptions, failed resources (an SRI mismatch among them) and
// Content-Security-Policy violations, and measures layout shift.
const watcher = `(() => {
  window.__problems = [];
  window.__cls = 0;
  const note = (s) => window.__problems.push(String(s));
  const orig = console.error;
  console.error = function () { note("console.error: " + Array.from(arguments).join(" ")); return orig.apply(console, arguments); };
  window.addEventListener("error", (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) note("failed to load " + (t.src || t.href));
    else note("uncaught: " + e.message);
  }, true);
  window.addEventListener("unhandledrejection", (e) => note("unhandled rejection: " + e.reason));
  document.addEventListener("securitypolicyviolation", (e) => note("CSP violation: " + e.violatedDirective + " " + e.blockedURI));
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  } catch (e) {}
})();`

// Watch installs the problem recorder for every document the tab loads.
func Watch(t testing.TB, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watcher}); err != nil {
		t.Fatal(err)
	}
}

// Problems returns what the recorder saw on the current page.
func Problems(t testing.TB, ctx context.Context) []string {
	t.Helper()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__problems || ["the problem recorder is not installed"]`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// LayoutShift returns the page's cumulative layout shift so far.
func LayoutShift(t testing.TB, ctx context.Context) float64 {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__cls`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Scheme emulates the system colour scheme ("light" or "dark").
func Scheme(t testing.TB, ctx context.Context, scheme string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Viewport sets the window size in CSS pixels; mobile widths get a
// device scale of 3 and touch, like a phone.
func Viewport(t testing.TB, ctx context.Context, width, height int64) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if width < 600 {
		opts = append(opts, chromedp.EmulateScale(3), chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		t.Fatal(err)
	}
}

// AxeSource finds axe-core's axe.min.js: $AXE_CORE_JS, or skips.
func AxeSource(t testing.TB) string {
	t.Helper()
	p := os.Getenv("AXE_CORE_JS")
	if p == "" {
		t.Skip("axe-core not found: run `npm install --prefix /tmp/axe axe-core@4` and set AXE_CORE_JS=/tmp/axe/node_modules/axe-core/axe.min.js (.ci/run does this)")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("AXE_CORE_JS: %v", err)
	}
	return string(b)
}

// Violation is one axe-core rule that failed, with the elements that fail it.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Axe runs axe-core on the current page against WCAG 2.2 A and AA.
func Axe(t testing.TB, ctx context.Context, axeJS string) []Violation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	js := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
	  .then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

// AxeClean runs axe-core on the current page and reports every violation
// as a test error naming where the page was.
func AxeClean(t testing.TB, ctx context.Context, axeJS, where string) {
	t.Helper()
	for _, v := range Axe(t, ctx, axeJS) {
		t.Errorf("%s: %s [%s] %s: %v", where, v.ID, v.Impact, v.Help, v.Nodes)
	}
}

// Screenshot saves a full-page PNG under $SCREENSHOTS (when set), for a
// person to look at.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	time.Sleep(100 * time.Millisecond)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "screenshot:", filepath.Join(dir, name+".png"))
}

// WaitJS polls a JavaScript condition in the page until it holds, or
// fails the test after ten seconds.
func WaitJS(t testing.TB, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition never held: %s (last error %v)", cond, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}
