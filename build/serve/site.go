// Package serve owns net/http: it serves a built site from memory and plays
// the host's part, applying the generated _redirects and _headers as
// Netlify does, with roles from a verified nf_jwt cookie. The dev server
// (watching, rebuilding, reloading) is built on it.
package serve

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"

	"sitegen/build/gate"
	"sitegen/build/output"
)

// Site is one finished build held in memory, with its host rules parsed.
type Site struct {
	files       map[string][]byte
	rules       []gate.Rule
	headers     []gate.HeaderRule
	premiumRole string
	reloadTag   bool // dev server: pages load the live-reload script
}

// devScript is what the dev server adds before </head> of every page.
var devScript = []byte(`<script src="/_sitegen/reload.js" defer></script>`)

// NewSite indexes a build's files and reads its _redirects and _headers.
func NewSite(files []output.File) (*Site, error) {
	s := &Site{files: make(map[string][]byte, len(files))}
	for _, f := range files {
		s.files["/"+f.Path] = f.Data
	}
	var err error
	if data, ok := s.files["/_redirects"]; ok {
		if s.rules, err = gate.ParseRedirects(data); err != nil {
			return nil, err
		}
	}
	for _, r := range s.rules {
		if r.Role != "" {
			s.premiumRole = r.Role
			break
		}
	}
	if data, ok := s.files["/_headers"]; ok {
		if s.headers, err = gate.ParseHeaders(data); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// file finds the file a URL path names: the path itself, or its index.html.
// The host's own files (_redirects, _headers) are never served.
func (s *Site) file(p string) (string, []byte, bool) {
	if base := path.Base(p); base == "_redirects" || base == "_headers" {
		return "", nil, false
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if data, ok := s.files[p]; ok {
		return p, data, true
	}
	if data, ok := s.files[p+"/index.html"]; ok {
		return p + "/index.html", data, true
	}
	return "", nil, false
}

// Gate serves a Site as the host would for a visitor with some roles.
type Gate struct {
	Site  func() *Site                 // the current build
	Roles func(*http.Request) []string // the visitor's roles
}

func (g *Gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s := g.Site()
	p, err := gate.Normalize(r.URL.EscapedPath())
	if err != nil {
		http.Error(w, "bad request path", http.StatusBadRequest)
		return
	}
	roles := g.Roles(r)
	for _, rule := range s.rules {
		target, ok := rule.Match(p)
		if !ok || (rule.Role != "" && !gate.HasRole(roles, rule.Role)) {
			continue
		}
		if _, _, exists := s.file(p); exists && !rule.Force {
			continue // shadowed by a file, as Netlify does for unforced rules
		}
		if rule.Status == 200 {
			s.respond(w, r, p, target, http.StatusOK)
			return
		}
		s.headersFor(w, p)
		http.Redirect(w, r, target, rule.Status)
		return
	}
	s.respond(w, r, p, p, http.StatusOK)
}

// respond writes the file at target for the request path p, or the 404 page.
func (s *Site) respond(w http.ResponseWriter, r *http.Request, p, target string, status int) {
	name, data, ok := s.file(target)
	if !ok {
		name, data, ok = s.file("/404.html")
		status = http.StatusNotFound
		if !ok {
			data = []byte("404 page not found\n")
		}
	}
	s.headersFor(w, p)
	if target != p {
		s.headersFor(w, target) // a rewrite carries the target's headers too (no-store for /premium/)
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	// The dev server's script goes in as the page is written: the build's
	// bytes are never copied or changed.
	head := -1
	if s.reloadTag && strings.HasSuffix(name, ".html") {
		head = bytes.Index(data, []byte("</head>"))
	}
	n := len(data)
	if head >= 0 {
		n += len(devScript)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", fmt.Sprint(n))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if head < 0 {
		w.Write(data)
		return
	}
	w.Write(data[:head])
	w.Write(devScript)
	w.Write(data[head:])
}

func (s *Site) headersFor(w http.ResponseWriter, p string) {
	for _, h := range s.headers {
		if h.Matches(p) {
			for _, kv := range h.Values {
				w.Header().Set(kv[0], kv[1])
			}
		}
	}
}
