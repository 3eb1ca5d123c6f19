// Package render owns html/template: it turns the site graph into pages
// (HTML files) and the machine files (sitemap, robots.txt, feed). It
// decides nothing about access beyond choosing which view of a module a
// page shows; it writes no files.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"sitegen/build/diag"
	"sitegen/build/load"
	"sitegen/build/markdown"
	"sitegen/build/par"
	"sitegen/build/site"
)

// File is one rendered output file, at a slash path relative to the output root.
type File struct {
	Path string
	Data []byte
}

// Asset is a processed stylesheet or script the pages reference.
type Asset struct {
	URL       string
	Integrity string
}

// Options are what rendering needs besides the site.
type Options struct {
	Layouts fs.FS            // *.html templates
	Assets  map[string]Asset // by logical name, e.g. "app.css"
}

// kinds are the page layouts every site must provide, besides base.html.
var kinds = []string{"home", "part", "module", "topic", "topics", "page", "pricing", "questions", "scenarios", "search", "account", "contact", "404"}

// Templates are the parsed layouts: base.html plus one file per kind.
type Templates struct {
	kind   map[string]*template.Template
	assets map[string]Asset
	Source uint64 // a hash of every layout file, for the page cache
}

// Parse reads the layouts: base.html and partials (_*.html) shared by all,
// and one file per kind. Errors name the file.
func Parse(layouts fs.FS, assets map[string]Asset) (Templates, diag.List) {
	var diags diag.List
	funcs := funcMap(assets)
	base := template.New("base.html").Funcs(funcs)
	shared, _ := fs.Glob(layouts, "_*.html")
	srcHash := newFnv()
	for _, name := range append([]string{"base.html"}, shared...) {
		src, err := fs.ReadFile(layouts, name)
		srcHash.add(name, src)
		if err != nil {
			diags.Add(diag.Pos{File: "layouts/" + name}, "cannot read layout: %v", err)
			continue
		}
		t := base
		if name != "base.html" {
			t = base.New(name)
		}
		if _, err := t.Parse(string(src)); err != nil {
			diags.Add(templatePos(name, err), "%s", templateMsg(err))
		}
	}
	ts := Templates{kind: map[string]*template.Template{}, assets: assets}
	for _, k := range kinds {
		name := k + ".html"
		src, err := fs.ReadFile(layouts, name)
		srcHash.add(name, src)
		if err != nil {
			diags.Add(diag.Pos{File: "layouts/" + name}, "missing layout %s (every site needs one per page kind: %s)", name, strings.Join(kinds, ", "))
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t.Funcs(funcs)
		}
		if err == nil {
			_, err = t.New(name).Parse(string(src))
		}
		if err != nil {
			diags.Add(templatePos(name, err), "%s", templateMsg(err))
			continue
		}
		ts.kind[k] = t
	}
	ts.Source = srcHash.sum()
	return ts, diags
}

// templatePos pulls "name:line:" out of a template error.
func templatePos(name string, err error) diag.Pos {
	p := diag.Pos{File: "layouts/" + name}
	msg := err.Error()
	if i := strings.Index(msg, name+":"); i >= 0 {
		var line int
		if _, e := fmt.Sscanf(msg[i+len(name)+1:], "%d", &line); e == nil {
			p.Line = line
		}
	}
	return p
}

func templateMsg(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.HasPrefix(msg, "template: ") {
		return "template error: " + msg[i+2:]
	}
	return msg
}

// View is what every template receives.
type View struct {
	Site        *site.Site
	S           load.Settings
	Kind        string
	Full        bool   // a members-only view (under /premium/)
	Title       string // the page's own title; the site title is added by base.html
	Description string
	URL         string
	NoIndex     bool
	Body        template.HTML
	Crumbs      []Crumb

	Module *ModuleView
	Part   *site.Part
	Topic  *site.Topic
	Page   *site.Page
	// For the question bank and scenarios index.
	Questions []*QuestionView
	Scenarios []*ScenarioView
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Title string
	URL   string
}

// ModuleView is a module as one of its two views shows it. The public view
// of a premium module is built from the teaser and the outline only.
type ModuleView struct {
	M        *site.Module
	Full     bool // the whole module; false: the public view of a premium module
	Body     template.HTML
	Outline  []markdown.Heading // h2 and h3 of the whole module (the table of contents)
	Locked   []LockedQuestion   // question texts, shown in the locked panel
	Sections []markdown.Heading // what the locked panel says the module covers
}

// LockedQuestion is a premium question as the public view lists it: its
// anchor (so links to it land on the locked panel) and its text.
type LockedQuestion struct {
	ID  string
	Ask template.HTML
}

// QuestionView is a question as the bank shows it.
type QuestionView struct {
	Q      *site.Question
	Ask    template.HTML
	Answer template.HTML // empty for premium questions in public artifacts
	Topics []*site.Topic // the question's own topics, else its module's
}

// TopicIDs lists the question's topics for the practice filter.
func (q *QuestionView) TopicIDs() string {
	ids := make([]string, len(q.Topics))
	for i, t := range q.Topics {
		ids[i] = t.Src.ID
	}
	return strings.Join(ids, " ")
}

// ScenarioView is a scenario as the index shows it.
type ScenarioView struct {
	S      *site.Scenario
	Prompt template.HTML
}

// Pages renders every page of the site, concurrently, in a fixed order.
// Every page but the premium full views is rendered from s.Public(), a
// copy of the site that holds no premium body.
// With a cache, pages whose inputs did not change come from it. post, if
// not nil, finishes each page as it is rendered (the caller minifies), so
// the unfinished bytes are garbage at once; the cache keeps finished pages.
func Pages(s *site.Site, ts Templates, cache *Cache, post func(File) (File, error)) ([]File, diag.List) {
	views := append(views(s.Public()), fullViews(s)...)
	files := make([]File, len(views))
	errs := make([]error, len(views))
	var skel uint64
	if cache != nil {
		skel = cache.skeleton(s, ts.assets, ts.Source)
		defer cache.sweep()
	}
	par.For(len(views), func(i int) {
		v := views[i]
		var key uint64
		if cache != nil {
			key = cache.key(skel, v)
			if b, ok := cache.get(key); ok {
				files[i] = File{Path: outPath(v.URL, v.Kind), Data: b}
				return
			}
		}
		var buf bytes.Buffer
		errs[i] = ts.kind[v.Kind].ExecuteTemplate(&buf, "base.html", v)
		files[i] = File{Path: outPath(v.URL, v.Kind), Data: buf.Bytes()}
		if errs[i] == nil && post != nil {
			files[i], errs[i] = post(files[i])
		}
		if cache != nil && errs[i] == nil {
			cache.put(key, files[i].Data)
		}
	})
	// One broken template breaks many pages: report each problem once.
	var diags diag.List
	type problem struct {
		first string
		count int
	}
	seen := map[string]*problem{}
	var order []string
	for i, err := range errs {
		if err == nil {
			continue
		}
		key := views[i].Kind + "\x00" + err.Error()
		if p, ok := seen[key]; ok {
			p.count++
			continue
		}
		seen[key] = &problem{first: views[i].URL, count: 1}
		order = append(order, key)
	}
	for _, key := range order {
		p := seen[key]
		kind, msg, _ := strings.Cut(key, "\x00")
		more := ""
		if p.count > 1 {
			more = fmt.Sprintf(" (and %d more pages)", p.count-1)
		}
		diags.Add(templatePos(kind+".html", errors.New(msg)), "rendering %s%s: %s", p.first, more, msg)
	}
	return files, diags
}

func outPath(url, kind string) string {
	if kind == "404" {
		return "404.html"
	}
	return strings.TrimPrefix(path.Join(url, "index.html"), "/")
}

// views lists every page to render, in a fixed order.
func views(s *site.Site) []*View {
	base := func(kind, title, desc, url string) *View {
		return &View{Site: s, S: s.Settings, Kind: kind, Title: title, Description: cmpOr(desc, s.Settings.Description), URL: url}
	}
	var out []*View
	if s.Home != nil {
		v := base("home", "", s.Settings.Description, "/")
		v.Body = html(s.Home.HTML.HTML)
		out = append(out, v)
	}
	for _, p := range s.Parts {
		v := base("part", p.Src.Title, p.Src.Description, p.URL)
		v.Part, v.Body = p, html(p.HTML.HTML)
		v.Crumbs = []Crumb{{"Home", "/"}}
		out = append(out, v)
	}
	for _, m := range s.Modules {
		out = append(out, moduleView(base, m, !m.Premium()))
	}
	out = append(out, base("topics", "Topics", "Every topic of the course, A to Z.", site.TopicsURL))
	for _, t := range s.Topics {
		v := base("topic", t.Src.Title, t.Src.Description, t.URL)
		v.Topic, v.Body = t, html(t.HTML.HTML)
		v.Crumbs = []Crumb{{"Home", "/"}, {"Topics", site.TopicsURL}}
		out = append(out, v)
	}
	for _, p := range s.Pages {
		kind := "page"
		if p.Src.Layout != "" {
			kind = p.Src.Layout
		}
		v := base(kind, p.Src.Title, p.Src.Description, p.URL)
		v.Page, v.Body = p, html(p.HTML.HTML)
		out = append(out, v)
	}
	out = append(out, bankView(s, base, false))
	sv := base("scenarios", "System-design scenarios", "Every system-design scenario of the course.", site.ScenariosURL)
	for _, sc := range s.Scenarios {
		sv.Scenarios = append(sv.Scenarios, &ScenarioView{S: sc, Prompt: html(sc.Ask)})
	}
	out = append(out, sv)
	sr := base("search", "Search", "Search the course.", "/search/")
	sr.NoIndex = true
	out = append(out, sr)
	nf := base("404", "Page not found", "", "/404.html")
	nf.NoIndex = true
	out = append(out, nf)
	return out
}

// bankView is the question bank. The public one is built from the public
// copy of the site, whose premium questions carry no answer.
func bankView(s *site.Site, base func(kind, title, desc, url string) *View, full bool) *View {
	qv := base("questions", "Question bank", "Every question of the course, grouped by part and topic, with a practice mode.", site.QuestionsURL)
	qv.Full = full
	for _, q := range s.Questions {
		view := &QuestionView{Q: q, Ask: html(q.Ask), Answer: html(q.Answer), Topics: q.Topics}
		if len(view.Topics) == 0 && q.Module != nil {
			view.Topics = q.Module.Topics
		}
		qv.Questions = append(qv.Questions, view)
	}
	return qv
}

// fullViews are the members-only pages: the premium modules' full views
// and the question bank with every answer.
func fullViews(s *site.Site) []*View {
	base := func(kind, title, desc, url string) *View {
		return &View{Site: s, S: s.Settings, Kind: kind, Title: title, Description: cmpOr(desc, s.Settings.Description), URL: url}
	}
	bank := bankView(s, base, true)
	bank.URL, bank.NoIndex = site.FullQuestionsURL, true
	out := []*View{bank}
	for _, m := range s.Modules {
		if m.Premium() {
			v := moduleView(base, m, true)
			v.URL, v.NoIndex = m.FullURL, true
			out = append(out, v)
		}
	}
	return out
}

func moduleView(base func(kind, title, desc, url string) *View, m *site.Module, full bool) *View {
	v := base("module", m.Src.Title, m.Src.Description, m.URL)
	mv := &ModuleView{M: m, Full: full}
	mv.Outline = outline(m)
	if full {
		mv.Body = html(m.HTML.HTML)
	} else {
		// The public view: the teaser (all the public copy holds), and a
		// list of what is locked.
		mv.Body = html(m.HTML.Teaser())
		for _, h := range m.Doc.Headings {
			if h.Outlined() && h.Level == 2 && h.Offset > m.Doc.MoreOff {
				mv.Sections = append(mv.Sections, h)
			}
		}
		for _, q := range m.Questions {
			mv.Locked = append(mv.Locked, LockedQuestion{ID: q.ID, Ask: html(q.Ask)})
		}
		mv.Outline = slices.DeleteFunc(slices.Clone(mv.Outline), func(h markdown.Heading) bool { return h.Offset > m.Doc.MoreOff })
	}
	v.Module = mv
	v.Crumbs = []Crumb{{"Home", "/"}}
	if m.Part != nil {
		v.Crumbs = append(v.Crumbs, Crumb{m.Part.Src.Title, m.Part.URL})
	}
	return v
}

// outline is a module's table of contents: its h2 and h3 headings, and
// each scenario by its title where it stands. Headings inside a question or
// scenario (a walkthrough's "Design", "Costs") belong to their block, not
// to the page's outline.
func outline(m *site.Module) []markdown.Heading {
	var out []markdown.Heading
	for _, h := range m.Doc.Headings {
		if h.Outlined() {
			out = append(out, h)
		}
	}
	for _, sc := range m.Doc.Scenarios {
		out = append(out, markdown.Heading{Level: 3, ID: sc.ID, Text: sc.Title, Offset: sc.Offset})
	}
	slices.SortStableFunc(out, func(a, b markdown.Heading) int { return a.Offset - b.Offset })
	return out
}

func html(b []byte) template.HTML { return template.HTML(b) }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// fnv accumulates a hash of named files.
type fnv struct{ h uint64 }

func newFnv() *fnv { return &fnv{h: 14695981039346656037} }

func (f *fnv) add(name string, data []byte) {
	for _, part := range [][]byte{[]byte(name), {0}, data, {0}} {
		for _, c := range part {
			f.h = (f.h ^ uint64(c)) * 1099511628211
		}
	}
}

func (f *fnv) sum() uint64 { return f.h }
