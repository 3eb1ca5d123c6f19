package search_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/build/internal/browser"
	"sitegen/build/internal/gensite"
	"sitegen/build/serve"
	"sitegen/layouts"
)

// BenchmarkKeystroke1000 measures, in Chromium, the time from a keystroke
// in the search box to painted results, on a generated 1,000-module course
// (index loaded). It reports the median and the index size.
func BenchmarkKeystroke1000(b *testing.B) {
	res, diags := build.Build(build.Sources{Content: gensite.Site(1000), Layouts: layouts.FS, Assets: assets.FS}, build.Options{})
	if res == nil {
		b.Fatal(diags)
	}
	var raw, gz int
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "data/search.") {
			raw = len(f.Data)
			var buf bytes.Buffer
			w := gzip.NewWriter(&buf)
			w.Write(f.Data)
			w.Close()
			gz = buf.Len()
		}
	}
	s, err := serve.NewSite(res.Files)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(&serve.Gate{Site: func() *serve.Site { return s }, Roles: func(*http.Request) []string { return nil }})
	defer srv.Close()
	ctx := browser.New(b)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady("#search-input"), chromedp.Focus("#search-input")); err != nil {
		b.Fatal(err)
	}
	// Wait for the index, then time keystrokes: input event to the frame
	// after the results are in the DOM.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => { const i = document.getElementById("search-input"); i.value = "a"; i.dispatchEvent(new Event("input")); const t = setInterval(() => { if (!document.getElementById("search-listbox").hidden) { clearInterval(t); r(true); } }, 20); })`, chromedp.EvalAwaitPromise)); err != nil {
		b.Fatal(err)
	}
	queries := []string{"shard", "iterator age", "partition", "glue catal", "cost of athena", "checkpoint", "watermark late", "reshardnig", "schema evolution", "dms cdc"}
	var times []float64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(r => {
			const i = document.getElementById("search-input"), box = document.getElementById("search-listbox");
			box.textContent = "";
			const t0 = performance.now();
			i.value = `+"`"+q+"`"+`;
			i.dispatchEvent(new Event("input"));
			// The results are in the DOM once the input handler's promise
			// settles; they are painted in the next frame: time to the end
			// of that frame (a task queued from its animation callback).
			const wait = () => box.childElementCount > 0 ? setTimeout(() => r(performance.now() - t0), 0) : requestAnimationFrame(wait);
			requestAnimationFrame(wait);
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, ms)
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(times[len(times)/2], "median-ms")
	b.ReportMetric(float64(raw)/1024, "index-KiB")
	b.ReportMetric(float64(gz)/1024, "index-gz-KiB")
}
