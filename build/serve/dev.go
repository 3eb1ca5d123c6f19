package serve

import (
	"bufio"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sitegen/build"
	"sitegen/build/diag"
	"sitegen/build/gate"
	"sitegen/build/output"
)

//go:embed devfiles
var devFiles embed.FS

// Dev is the authors' dev server: it builds in memory with the one build
// function, serves the last good build through the local gate, rebuilds on
// change, and tells browsers over Server-Sent Events.
type Dev struct {
	Dir     string        // the site folder (content/, layouts/, assets/)
	Sources build.Sources // what the build reads (fresh from disk each time)
	Options build.Options // Drafts; the cache is the server's own
	As      string        // "free" or "premium": the visitor's role without a cookie
	Log     io.Writer

	site    atomic.Pointer[Site]
	state   atomic.Pointer[buildState]
	hub     hub
	builds  atomic.Int64
	buildMu sync.Mutex
}

// buildState is what browsers are told: the build number and its errors.
type buildState struct {
	Build  int64       `json:"build"`
	OK     bool        `json:"ok"`
	Errors []ShownDiag `json:"errors,omitempty"`
}

// ShownDiag is a diagnostic as the overlay shows it, with its source line.
type ShownDiag struct {
	Pos  string `json:"pos"`
	Msg  string `json:"msg"`
	Line string `json:"line,omitempty"`
}

// Rebuild builds the site. On success it swaps the served site and tells
// browsers to reload (or only to swap stylesheets, when cssOnly); on
// failure it keeps the last good site and shows the errors in browsers.
func (d *Dev) Rebuild(cssOnly bool) (ok bool, elapsed time.Duration) {
	d.buildMu.Lock()
	defer d.buildMu.Unlock()
	start := time.Now()
	if d.Options.Cache == nil {
		d.Options.Cache = build.NewCache()
	}
	// The page is served as soon as it is built; the leak audit follows,
	// and a leak puts the last good build back.
	opts := d.Options
	opts.DeferAudit = true
	res, diags := build.Build(d.Sources, opts)
	elapsed = time.Since(start)
	n := d.builds.Add(1)
	if res == nil {
		d.fail(n, diags, elapsed)
		return false, elapsed
	}
	s, err := NewDevSite(res.Files)
	if err != nil {
		fmt.Fprintf(d.Log, "internal error: %v\n", err)
		return false, elapsed
	}
	hadErrors := d.state.Load() != nil && !d.state.Load().OK
	previous := d.site.Swap(s)
	defer func() {
		if leaks := build.Audit(res); leaks.Errors() > 0 {
			if previous != nil {
				d.site.Store(previous)
			}
			d.fail(n, leaks, time.Since(start))
			ok = false
		}
	}()
	st := &buildState{Build: n, OK: true}
	d.state.Store(st)
	if n > 1 {
		if diags.Warnings() > 0 {
			fmt.Fprint(d.Log, diags.String())
		}
		if cssOnly && !hadErrors {
			d.hub.send("css", st)
		} else {
			d.hub.send("reload", st)
		}
		fmt.Fprintf(d.Log, "rebuilt in %d ms\n", elapsed.Milliseconds())
	} else {
		fmt.Fprint(d.Log, diags.String())
	}
	return true, elapsed
}

// fail reports a failed build to the log and to every browser.
func (d *Dev) fail(n int64, diags diag.List, elapsed time.Duration) {
	st := &buildState{Build: n, Errors: d.shown(diags)}
	d.state.Store(st)
	d.hub.send("errors", st)
	fmt.Fprintf(d.Log, "%sbuild failed in %d ms; still serving the last good build\n", diags.String(), elapsed.Milliseconds())
}

// shown adds each diagnostic's source line, for the overlay.
func (d *Dev) shown(diags diag.List) []ShownDiag {
	var out []ShownDiag
	for _, dg := range diags {
		if dg.Severity != diag.Error {
			continue
		}
		sd := ShownDiag{Pos: dg.Pos.String(), Msg: dg.Msg}
		if dg.Pos.Line > 0 {
			sd.Line = sourceLine(filepath.Join(d.Dir, filepath.FromSlash(dg.Pos.File)), dg.Pos.Line)
		}
		out = append(out, sd)
	}
	return out
}

func sourceLine(file string, line int) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == line {
			return sc.Text()
		}
	}
	return ""
}

// NewDevSite is NewSite for the dev server: every page loads the reload
// script, and the headers suit plain HTTP on loopback (no HSTS, no
// upgrade-insecure-requests), otherwise as deployed.
func NewDevSite(files []output.File) (*Site, error) {
	s, err := NewSite(files)
	if err != nil {
		return nil, err
	}
	s.reloadTag = true
	for i := range s.headers {
		vals := s.headers[i].Values[:0]
		for _, kv := range s.headers[i].Values {
			switch kv[0] {
			case "Strict-Transport-Security":
				continue
			case "Content-Security-Policy":
				kv[1] = strings.TrimSuffix(strings.ReplaceAll(kv[1], "; upgrade-insecure-requests", ""), "upgrade-insecure-requests")
			}
			vals = append(vals, kv)
		}
		s.headers[i].Values = vals
	}
	return s, nil
}

// Handler serves the dev endpoints and, for everything else, the site
// through the local gate.
func (d *Dev) Handler(ctx context.Context) http.Handler {
	g := &Gate{
		Site: func() *Site { return d.site.Load() },
		Roles: func(r *http.Request) []string {
			if roles := gate.Roles(r, gate.DevSecret()); roles != nil {
				return roles
			}
			if s := d.site.Load(); d.As == "premium" && s != nil {
				return []string{s.premiumRole}
			}
			return nil
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sitegen/events", func(w http.ResponseWriter, r *http.Request) { d.events(ctx, w, r) })
	mux.HandleFunc("GET /_sitegen/signin", d.signin)
	mux.HandleFunc("POST /_sitegen/signin", d.signin)
	mux.Handle("GET /_sitegen/reload.js", devFile("devfiles/reload.js", "text/javascript; charset=utf-8"))
	mux.Handle("GET /_sitegen/overlay.css", devFile("devfiles/overlay.css", "text/css; charset=utf-8"))
	mux.Handle("/", g)
	return mux
}

func devFile(name, ct string) http.Handler {
	data, _ := devFiles.ReadFile(name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Cache-Control", "no-store")
		w.Write(data)
	})
}

// events streams build news to one browser tab until it or the server goes.
func (d *Dev) events(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := d.hub.join()
	defer d.hub.leave(ch)
	writeEvent(w, "hello", d.state.Load())
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.Context().Done():
			return
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
			fl.Flush()
		case ev := <-ch:
			writeEvent(w, ev.name, ev.data)
			fl.Flush()
		}
	}
}

func writeEvent(w io.Writer, name string, v any) {
	data, _ := json.Marshal(v)
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
}

type event struct {
	name string
	data any
}

// hub fans events out to every connected browser.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
}

func (h *hub) join() chan event {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients == nil {
		h.clients = map[chan event]bool{}
	}
	ch := make(chan event, 8)
	h.clients[ch] = true
	return ch
}

func (h *hub) leave(ch chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, ch)
}

func (h *hub) send(name string, data any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- event{name, data}:
		default: // a stalled tab misses an event rather than stalling the server
		}
	}
}

// Clients counts the connected browsers.
func (h *hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Serve listens on addr and serves until ctx ends, then shuts down: open
// event streams are closed and the server stops within a second.
func (d *Dev) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           d.Handler(ctx),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		err = nil
	}
	return err
}
