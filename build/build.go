// Package build knows the order of the stages and nothing else: load →
// markdown → site → render → output. `sitegen build`, `check` and (later)
// `serve` all call Build; there is no second build path.
package build

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"

	"sitegen/build/diag"
	"sitegen/build/gate"
	"sitegen/build/load"
	"sitegen/build/markdown"
	"sitegen/build/output"
	"sitegen/build/render"
	"sitegen/build/search"
	"sitegen/build/site"
	"sitegen/layouts"
)

// Sources are the three trees a build reads. Content holds content/ at its
// root; Layouts and Assets hold the templates and the static files.
type Sources struct {
	Content fs.FS
	Layouts fs.FS
	Assets  fs.FS
}

// Options change what a build does.
type Options struct {
	Drafts  bool   // include drafts
	BaseURL string // overrides the site settings' base URL
	Cache   *Cache // keeps work between builds (serve); nil for one-off builds
	// DeferAudit leaves the leak audit to a separate call of Audit, so the
	// dev server can show a page before the audit of every file finishes.
	DeferAudit bool
}

// Cache holds each stage's work between builds, keyed by content hash, so
// that a rebuild redoes only what changed and gives the same bytes as a
// fresh build. One build at a time may use it.
type Cache struct {
	site   *site.Cache
	min    *output.Minifier
	pages  *render.Cache
	search *search.Cache
	// builtinLayouts is the hash of sitegen's own layouts: the page cache
	// knows what those show, so it is used only with them.
	builtinLayouts uint64
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	ts, _ := render.Parse(layouts.FS, nil)
	return &Cache{site: site.NewCache(), min: output.NewMinifier(output.WithCache()), pages: render.NewCache(), search: search.NewCache(), builtinLayouts: ts.Source}
}

// Result is a finished build: every output file, sorted by path, and the
// site graph it came from.
type Result struct {
	Files []output.File
	Site  *site.Site
	Mix   gate.Mix
}

// Stats summarise a build for the one-line report.
type Stats struct {
	Modules, Questions, Scenarios, Topics, Files int
}

// Stats counts what the build produced.
func (r *Result) Stats() Stats {
	return Stats{
		Modules:   len(r.Site.Modules),
		Questions: len(r.Site.Questions),
		Scenarios: len(r.Site.Scenarios),
		Topics:    len(r.Site.Topics),
		Files:     len(r.Files),
	}
}

// Build runs every stage. It returns all diagnostics, sorted; when they
// hold an error the result is nil and nothing should be written.
func Build(src Sources, opts Options) (*Result, diag.List) {
	var diags diag.List
	content, ds := load.Load(src.Content, load.Options{Drafts: opts.Drafts})
	diags.Append(ds)
	if opts.BaseURL != "" && content.Home != nil {
		content.Home.Settings.BaseURL = opts.BaseURL
	}

	eng := markdown.New(markdown.Options{Topics: topics(content)})
	var siteCache *site.Cache
	mn := output.NewMinifier()
	if opts.Cache != nil {
		siteCache, mn = opts.Cache.site, opts.Cache.min
		defer mn.Sweep()
	}
	s, ds := site.Build(content, eng, siteCache)
	diags.Append(ds)

	codeCSS, err := markdown.CodeCSS()
	if err != nil {
		diags.Add(diag.Pos{File: "assets"}, "generating the code stylesheet: %v", err)
	}
	var searchCache *search.Cache
	if opts.Cache != nil {
		searchCache = opts.Cache.search
	}
	index := search.Build(s.Public(), searchCache).JSON()
	assetFiles, manifest, ds := mn.Assets(src.Assets, map[string][]byte{"css/code.css": codeCSS, indexAsset: index})
	diags.Append(ds)

	// Pages name the search index by a stand-in, swapped for its
	// fingerprinted URL once they are rendered: the index changes with every
	// edit, and the pages cached for serve should not.
	renderAssets := assetsForRender(manifest)
	indexURL := renderAssets[indexAsset].URL
	renderAssets[indexAsset] = render.Asset{URL: indexStandIn}
	ts, ds := render.Parse(src.Layouts, renderAssets)
	diags.Append(ds)
	if diags.Errors() > 0 {
		return nil, diags.Sort()
	}
	var pageCache *render.Cache
	if opts.Cache != nil && ts.Source == opts.Cache.builtinLayouts {
		pageCache = opts.Cache.pages
	}
	minifyPage := func(f render.File) (render.File, error) {
		m, err := mn.File(output.File(f))
		return render.File(m), err
	}
	pages, ds := render.Pages(s, ts, pageCache, minifyPage)
	diags.Append(ds)
	files := make([]output.File, 0, len(pages)+len(assetFiles)+8)
	standIn := []byte(indexStandIn)
	for _, f := range pages {
		if bytes.Contains(f.Data, standIn) {
			f.Data = bytes.ReplaceAll(f.Data, standIn, []byte(indexURL))
		}
		files = append(files, output.File(f))
	}
	machine := make([]output.File, 0, 4)
	for _, f := range render.Machine(s) {
		machine = append(machine, output.File(f))
	}
	diags.Append(mn.Minify(machine))
	files = append(files, machine...)
	files = append(files, assetFiles...)
	gated := []gate.ModuleRule{{Public: site.QuestionsURL, Full: site.FullQuestionsURL}}
	for _, m := range s.Modules {
		if m.Premium() {
			gated = append(gated, gate.ModuleRule{Public: m.URL, Full: m.FullURL})
		}
	}
	files = append(files,
		output.File{Path: "_headers", Data: gate.Headers(gated)},
		output.File{Path: "_redirects", Data: gate.FormatRedirects(gate.Redirects(s.Settings.PremiumRole, gated))})
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			diags.Add(diag.Pos{File: files[i].Path}, "two outputs want the path %s (rename a page or an asset)", files[i].Path)
		}
	}
	if !opts.DeferAudit {
		diags.Append(gate.AuditSite(s, files))
	}
	mix, ds := gate.ContentMix(s)
	diags.Append(ds)
	if diags.Errors() > 0 {
		return nil, diags.Sort()
	}
	return &Result{Files: files, Site: s, Mix: mix}, diags.Sort()
}

// The search index's logical name, and what pages carry until the build
// puts its fingerprinted URL in.
const (
	indexAsset   = "data/search.json"
	indexStandIn = "/data/search.index-url-stand-in.json"
)

func topics(c *load.Content) []markdown.Topic {
	out := make([]markdown.Topic, len(c.Topics))
	for i, t := range c.Topics {
		out[i] = markdown.Topic{ID: t.ID, Title: t.Title, Aliases: t.Aliases}
	}
	return out
}

func assetsForRender(m map[string]output.Asset) map[string]render.Asset {
	out := make(map[string]render.Asset, len(m))
	for k, v := range m {
		out[k] = render.Asset(v)
	}
	return out
}

// Audit runs the leak audit over a finished build: the step Build skips
// with DeferAudit.
func Audit(r *Result) diag.List {
	return gate.AuditSite(r.Site, r.Files).Sort()
}
