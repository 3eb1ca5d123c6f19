// Package output owns tdewolff/minify and the disk: it minifies files by
// media type, fingerprints stylesheets and scripts (with SRI hashes), and
// writes a build into place atomically. It never decides what a page holds.
package output

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/maphash"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"sitegen/build/diag"
	"sitegen/build/par"
)

// File is one output file at a slash path relative to the output root.
type File struct {
	Path string
	Data []byte
}

// Asset is a fingerprinted file and its subresource-integrity hash.
type Asset struct {
	URL       string
	Integrity string
}

// Minifier minifies by media type; one registry for every kind of file.
// With a cache it remembers results by content hash between builds.
type Minifier struct {
	m     *minify.M
	cache *minCache
}

type minCache struct {
	seeds [2]maphash.Seed
	mu    sync.Mutex
	m     map[[2]uint64]minEntry
	used  map[[2]uint64]bool
}

type minEntry struct{ data []byte }

// Option configures a Minifier.
type Option func(*Minifier)

// WithCache keeps minified results between builds, by content hash.
func WithCache() Option {
	return func(mn *Minifier) {
		mn.cache = &minCache{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, m: map[[2]uint64]minEntry{}, used: map[[2]uint64]bool{}}
	}
}

// Sweep forgets results not used since the last Sweep.
func (mn *Minifier) Sweep() {
	if mn.cache == nil {
		return
	}
	c := mn.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if !c.used[k] {
			delete(c.m, k)
		}
	}
	clear(c.used)
}

// NewMinifier returns the registry for HTML, CSS, JS, JSON, SVG and XML.
func NewMinifier(opts ...Option) *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]json$"), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]xml$"), xml.Minify)
	mn := &Minifier{m: m}
	for _, o := range opts {
		o(mn)
	}
	return mn
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "application/xml",
}

// File minifies one file by its extension; other files pass unchanged.
func (mn *Minifier) File(f File) (File, error) {
	mt, ok := mediaTypes[path.Ext(f.Path)]
	if !ok {
		return f, nil
	}
	var key [2]uint64
	if c := mn.cache; c != nil {
		// 128 bits of two seeded hashes: a cache key, not a signature.
		for i, seed := range c.seeds {
			var h maphash.Hash
			h.SetSeed(seed)
			h.WriteString(mt)
			h.Write(f.Data)
			key[i] = h.Sum64()
		}
		c.mu.Lock()
		e, hit := c.m[key]
		c.used[key] = true
		c.mu.Unlock()
		if hit {
			return File{Path: f.Path, Data: e.data}, nil
		}
	}
	var out bytes.Buffer
	out.Grow(len(f.Data))
	if err := mn.m.Minify(mt, &out, bytes.NewReader(f.Data)); err != nil {
		return f, fmt.Errorf("minifying %s: %w", f.Path, err)
	}
	if c := mn.cache; c != nil {
		c.mu.Lock()
		c.m[key] = minEntry{data: out.Bytes()}
		c.mu.Unlock()
	}
	return File{Path: f.Path, Data: out.Bytes()}, nil
}

// Minify minifies files on all cores, in place.
func (mn *Minifier) Minify(files []File) diag.List {
	errs := make([]error, len(files))
	par.For(len(files), func(i int) {
		files[i], errs[i] = mn.File(files[i])
	})
	var diags diag.List
	for i, err := range errs {
		if err != nil {
			diags.Add(diag.Pos{File: files[i].Path}, "%v", err)
		}
	}
	return diags
}

// Assets processes the assets folder plus generated files (extra, by
// path): stylesheets, scripts and JSON data are minified and fingerprinted
// (app.css → app.3f9c1e2a.css); everything else is copied as it is.
// The manifest maps each logical path to its URL and integrity.
func (mn *Minifier) Assets(fsys fs.FS, extra map[string][]byte) ([]File, map[string]Asset, diag.List) {
	var diags diag.List
	var files []File
	if fsys != nil {
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags.Add(diag.Pos{File: "assets/" + p}, "cannot read: %v", err)
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") || path.Ext(p) == ".go" {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Add(diag.Pos{File: "assets/" + p}, "cannot read: %v", err)
				return nil
			}
			files = append(files, File{Path: p, Data: data})
			return nil
		})
	}
	for p, data := range extra {
		files = append(files, File{Path: p, Data: data})
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	manifest := map[string]Asset{}
	for i, f := range files {
		ext := path.Ext(f.Path)
		if ext != ".css" && ext != ".js" && ext != ".json" {
			manifest[f.Path] = Asset{URL: "/" + f.Path}
			continue
		}
		m, err := mn.File(f)
		if err != nil {
			diags.Add(diag.Pos{File: "assets/" + f.Path}, "%v", err)
			continue
		}
		sum := sha256.Sum256(m.Data)
		name := strings.TrimSuffix(f.Path, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		files[i] = File{Path: name, Data: m.Data}
		manifest[f.Path] = Asset{URL: "/" + name, Integrity: Integrity(m.Data)}
	}
	return files, manifest, diags
}

// Integrity is the SRI value of data (sha384, as browsers prefer).
func Integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}
