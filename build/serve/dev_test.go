package serve

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/layouts"
)

// devSite writes a tiny site to a temporary folder.
func devSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/_index.md":                   "---\ntitle: Dev\n---\nHome.\n",
		"content/modules/01-basics/_index.md": "---\ntitle: Basics\n---\n",
		"content/modules/01-basics/01-one.md": "---\ntitle: One\nmodule: 1\ndescription: d\n---\nFirst version.\n",
		"content/modules/01-basics/02-two.md": "---\ntitle: Two\nmodule: 2\ndescription: d\naccess: premium\n---\nTeaser.\n\n<!--more-->\n\nMembers read this sentence about rotating keys every ninety days.\n",
		"content/pages/pricing.md":            "---\ntitle: Pricing\nlayout: pricing\n---\nPlans.\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sourcesFor reads a site folder as the CLI does: its own layouts and
// assets over the built-in ones.
func sourcesFor(dir string) build.Sources {
	ownA, _ := fs.Sub(os.DirFS(dir), "assets")
	ownL, _ := fs.Sub(os.DirFS(dir), "layouts")
	return build.Sources{Content: os.DirFS(dir), Layouts: build.Overlay(ownL, layouts.FS), Assets: build.Overlay(ownA, assets.FS)}
}

// startDev runs a dev server on a free loopback port.
func startDev(t *testing.T, dir, as string) (*Dev, string, context.CancelFunc, chan error) {
	t.Helper()
	d, base, cancel, done := startDevTB(t, dir, as)
	t.Cleanup(cancel)
	return d, base, cancel, done
}

// startDevWithCSS starts a server whose base layout also links assets/css/extra.css.
func startDevWithCSS(t *testing.T, dir string) (*Dev, string, context.CancelFunc, chan error) {
	t.Helper()
	base, _ := fs.ReadFile(layouts.FS, "base.html")
	withExtra := strings.Replace(string(base), "</head>", `<link rel="stylesheet" href="{{asset "css/extra.css"}}" integrity="{{integrity "css/extra.css"}}"></head>`, 1)
	write(t, dir, "layouts/base.html", withExtra)
	d, url, cancel, done := startDevTB(t, dir, "free")
	t.Cleanup(cancel)
	return d, url, cancel, done
}

func startDevB(b *testing.B, dir string) (*Dev, string, context.CancelFunc, chan error) {
	return startDevTB(b, dir, "free")
}

func startDevTB(t testing.TB, dir, as string) (*Dev, string, context.CancelFunc, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dev{Dir: dir, Sources: sourcesFor(dir), As: as, Log: devLog()}
	if ok, _ := d.Rebuild(false); !ok {
		t.Fatal("first build failed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Run(ctx, 0); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Serve(ctx, ln) }()
	return d, "http://" + ln.Addr().String(), cancel, done
}

func getB(b *testing.B, url string) string {
	b.Helper()
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls url until its body satisfies ok, or fails after 5 s.
func waitFor(t *testing.T, url string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body := get(t, url)
		if ok(body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never satisfied the condition; last body:\n%.400s", url, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDevServesWhatAFreshBuildWrites edits, renames and deletes files on
// disk and checks each time that the served page equals a fresh build's.
func TestDevServesWhatAFreshBuildWrites(t *testing.T) {
	dir := devSite(t)
	_, base, _, _ := startDev(t, dir, "free")
	mod := "content/modules/01-basics/01-one.md"
	write(t, dir, mod, "---\ntitle: One\nmodule: 1\ndescription: d\n---\nSecond version.\n")
	waitFor(t, base+"/modules/01-one/", func(b string) bool { return strings.Contains(b, "Second version.") })
	checkFresh(t, dir, base, "/modules/01-one/")

	write(t, dir, "content/topics/kms.md", "---\ntitle: KMS\n---\nKeys.\n")
	waitFor(t, base+"/topics/kms/", func(b string) bool { return strings.Contains(b, "Keys.") })
	checkFresh(t, dir, base, "/topics/")

	os.Rename(filepath.Join(dir, "content/topics/kms.md"), filepath.Join(dir, "content/topics/keys.md"))
	waitFor(t, base+"/topics/keys/", func(b string) bool { return strings.Contains(b, "Keys.") })
	if code, _ := get(t, base+"/topics/kms/"); code != http.StatusNotFound {
		t.Errorf("the renamed topic's old URL answers %d, want 404", code)
	}
	os.Remove(filepath.Join(dir, "content/topics/keys.md"))
	waitFor(t, base+"/topics/", func(b string) bool { return !strings.Contains(b, "/topics/keys/") })
	checkFresh(t, dir, base, "/topics/")
}

func checkFresh(t *testing.T, dir, base, page string) {
	t.Helper()
	res, diags := build.Build(sourcesFor(dir), build.Options{})
	if res == nil {
		t.Fatal(diags)
	}
	fresh, err := NewDevSite(res.Files)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	(&Gate{Site: func() *Site { return fresh }, Roles: func(*http.Request) []string { return nil }}).ServeHTTP(rec, httptest.NewRequest("GET", page, nil))
	want := rec.Body.String()
	_, got := get(t, base+page)
	if got != want {
		t.Errorf("%s served differs from a fresh build", page)
	}
}

// TestDevKeepsLastGoodSite: a broken file keeps the last good site served
// and sends the errors, with the source line, to the browser; fixing it
// reloads.
func TestDevKeepsLastGoodSite(t *testing.T) {
	dir := devSite(t)
	_, base, _, _ := startDev(t, dir, "free")
	events := openEvents(t, base)
	expectEvent(t, events, "hello", `"ok":true`)
	mod := "content/modules/01-basics/01-one.md"
	write(t, dir, mod, "---\ntitle: One\nmodule: one\ndescription: d\n---\nBroken.\n")
	ev := expectEvent(t, events, "errors", `01-one.md:3:9`)
	if !strings.Contains(ev, `"line":"module: one"`) {
		t.Errorf("errors event without the source line: %s", ev)
	}
	if _, body := get(t, base+"/modules/01-one/"); !strings.Contains(body, "First version.") {
		t.Error("the last good page is no longer served")
	}
	write(t, dir, mod, "---\ntitle: One\nmodule: 1\ndescription: d\n---\nFixed.\n")
	expectEvent(t, events, "reload", `"ok":true`)
	waitFor(t, base+"/modules/01-one/", func(b string) bool { return strings.Contains(b, "Fixed.") })
}

// TestDevDebounce: a burst of saves gives one rebuild.
func TestDevDebounce(t *testing.T) {
	dir := devSite(t)
	d, base, _, _ := startDev(t, dir, "free")
	before := d.builds.Load()
	mod := filepath.Join(dir, "content/modules/01-basics/01-one.md")
	for i := 0; i < 5; i++ {
		os.WriteFile(mod+".swp", []byte("x"), 0o644)
		os.WriteFile(mod, []byte("---\ntitle: One\nmodule: 1\ndescription: d\n---\nBurst "+string(rune('a'+i))+".\n"), 0o644)
		os.Chmod(mod, 0o644)
	}
	waitFor(t, base+"/modules/01-one/", func(b string) bool { return strings.Contains(b, "Burst e.") })
	time.Sleep(100 * time.Millisecond)
	if n := d.builds.Load() - before; n != 1 {
		t.Errorf("a burst of %d writes gave %d rebuilds, want 1", 5, n)
	}
}

// TestDevCSSOnly: a stylesheet change tells browsers to swap CSS, not reload.
func TestDevCSSOnly(t *testing.T) {
	dir := devSite(t)
	write(t, dir, "assets/css/extra.css", ".a { color: red }\n")
	_, base, _, _ := startDev(t, dir, "free")
	events := openEvents(t, base)
	expectEvent(t, events, "hello", "")
	write(t, dir, "assets/css/extra.css", ".a { color: blue }\n")
	expectEvent(t, events, "css", `"ok":true`)
}

// TestDevConfined: traversal and encoded slashes never leave the site, and
// the dev server's own files are not served from disk.
func TestDevConfined(t *testing.T) {
	dir := devSite(t)
	os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.txt"), []byte("outside"), 0o644)
	_, base, _, _ := startDev(t, dir, "free")
	for _, p := range []string{"/../secret.txt", "/..%2Fsecret.txt", "/%2e%2e/secret.txt", "/content/_index.md", "/_redirects", "/_headers", "/..\\secret.txt"} {
		req, _ := http.NewRequest("GET", base+"/", nil)
		req.URL.Opaque = "//" + req.URL.Host + p
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "outside") || strings.Contains(string(body), "title: Dev") || strings.Contains(string(body), "premium/*") {
			t.Errorf("GET %s served a file from outside the site (status %d)", p, resp.StatusCode)
		}
	}
}

// TestDevShutdown: cancelling closes open event streams and stops within a second.
func TestDevShutdown(t *testing.T) {
	dir := devSite(t)
	_, base, cancel, done := startDev(t, dir, "free")
	events := openEvents(t, base)
	expectEvent(t, events, "hello", "")
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the server did not stop")
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("shutdown took %v", el)
	}
}

// TestDevAsPremium: --as premium serves the full view at the module's URL.
func TestDevAsPremium(t *testing.T) {
	dir := devSite(t)
	_, base, _, _ := startDev(t, dir, "premium")
	if _, body := get(t, base+"/modules/02-two/"); !strings.Contains(body, "rotating keys every ninety days") {
		t.Error("--as premium did not serve the full view at the module's URL")
	}
	_, free, _, _ := startDev(t, devSite(t), "free")
	if _, body := get(t, free+"/modules/02-two/"); strings.Contains(body, "rotating keys") {
		t.Error("--as free served premium text")
	}
}

func openEvents(t *testing.T, base string) *bufio.Reader {
	t.Helper()
	resp, err := http.Get(base + "/_sitegen/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return bufio.NewReader(resp.Body)
}

// expectEvent reads events until one named name whose data contains want.
func expectEvent(t *testing.T, r *bufio.Reader, name, want string) string {
	t.Helper()
	type ev struct{ name, data string }
	ch := make(chan ev, 1)
	go func() {
		var cur ev
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(ch)
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				cur.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				cur.data = strings.TrimPrefix(line, "data: ")
			case line == "" && cur.name != "":
				if cur.name == name && strings.Contains(cur.data, want) {
					ch <- cur
					return
				}
				cur = ev{}
			}
		}
	}()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatalf("event stream closed before %q", name)
		}
		return e.data
	case <-time.After(5 * time.Second):
		t.Fatalf("no %q event containing %q within 5 s", name, want)
	}
	return ""
}

// TestDevLeakRestoresLastGood: a change that leaks premium text into a
// public page is caught by the audit after the swap; the last good build
// comes back and browsers get the error.
func TestDevLeakRestoresLastGood(t *testing.T) {
	dir := devSite(t)
	_, base, _, _ := startDev(t, dir, "free")
	events := openEvents(t, base)
	expectEvent(t, events, "hello", `"ok":true`)
	write(t, dir, "layouts/404.html", `{{define "main"}}<p>members read this sentence about rotating keys every ninety days</p>{{end}}`)
	ev := expectEvent(t, events, "errors", "premium text leaks into the public file 404.html")
	if !strings.Contains(ev, "02-two.md:11:1") {
		t.Errorf("the error does not point at the premium block: %s", ev)
	}
	if code, body := get(t, base+"/nowhere/"); code != 404 || strings.Contains(body, "rotating keys") {
		t.Errorf("the leaking build is still served (status %d)", code)
	}
}

// TestDevSignIn: the dev sign-in mints a token the local gate honours.
func TestDevSignIn(t *testing.T) {
	dir := devSite(t)
	_, base, _, _ := startDev(t, dir, "free")
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	page := func() string {
		resp, err := client.Get(base + "/modules/02-two/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if strings.Contains(page(), "rotating keys") {
		t.Fatal("premium text before signing in")
	}
	signin := func(as string) {
		resp, err := client.PostForm(base+"/_sitegen/signin", url.Values{"as": {as}, "next": {"/modules/02-two/"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Request.URL.Path != "/modules/02-two/" {
			t.Errorf("after sign-in landed on %s", resp.Request.URL)
		}
	}
	signin("premium")
	if !strings.Contains(page(), "rotating keys") {
		t.Error("a dev premium sign-in does not open the full view")
	}
	signin("out")
	if strings.Contains(page(), "rotating keys") {
		t.Error("premium text after signing out")
	}
	resp, err := client.PostForm(base+"/_sitegen/signin", url.Values{"as": {"premium"}, "next": {"//evil.example/"}})
	if err == nil {
		resp.Body.Close()
		if resp.Request.URL.Host != strings.TrimPrefix(base, "http://") {
			t.Errorf("sign-in redirected off the site, to %s", resp.Request.URL)
		}
	}
}

// devLog is where test servers log: nowhere, unless SITEGEN_TEST_LOG is set.
func devLog() io.Writer {
	if os.Getenv("SITEGEN_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
