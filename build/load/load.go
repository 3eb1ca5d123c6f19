package load

import (
	"bytes"
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"sitegen/build/diag"
	"sitegen/build/par"
)

// Options select what is loaded.
type Options struct {
	Drafts bool // include modules and pages marked draft: true
}

// Load reads content/ from fsys and returns the validated content with every
// problem found, sorted. Content is usable (for reporting) even with errors.
func Load(fsys fs.FS, opts Options) (*Content, diag.List) {
	l := &loader{fsys: fsys, opts: opts}
	l.walk()
	l.validate()
	return &l.c, l.diags.Sort()
}

type loader struct {
	fsys  fs.FS
	opts  Options
	c     Content
	diags diag.List
	parts map[string]*Part
}

func (l *loader) walk() {
	l.parts = map[string]*Part{}
	var modules []string
	err := fs.WalkDir(l.fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.diags.Add(diag.Pos{File: p}, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p != "content" && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel := strings.TrimPrefix(p, "content/")
		dir, name := path.Split(rel)
		switch {
		case rel == "_index.md":
			l.home(p)
		case strings.HasPrefix(rel, "modules/") && strings.Count(rel, "/") == 2 && name == "_index.md":
			l.part(p, path.Base(dir))
		case strings.HasPrefix(rel, "modules/") && strings.Count(rel, "/") == 2:
			modules = append(modules, p) // after every part is known
		case strings.HasPrefix(rel, "topics/") && strings.Count(rel, "/") == 1:
			l.topic(p)
		case strings.HasPrefix(rel, "pages/") && strings.Count(rel, "/") == 1:
			l.page(p)
		default:
			l.diags.Add(diag.Pos{File: p}, "file is outside the content layout (expected _index.md, modules/NN-part/_index.md, modules/NN-part/NN-slug.md, topics/<id>.md or pages/<slug>.md)")
		}
		return nil
	})
	if err != nil {
		l.diags.Add(diag.Pos{File: "content"}, "cannot read the content folder: %v", err)
	}
	// Modules are most of the files: read and decode them on all cores,
	// then keep them, and their problems, in path order.
	found := make([]*Module, len(modules))
	diags := make([]diag.List, len(modules))
	par.For(len(modules), func(i int) {
		found[i] = l.module(modules[i], &diags[i])
	})
	for i, m := range found {
		l.diags.Append(diags[i])
		if m != nil {
			l.c.Modules = append(l.c.Modules, m)
		}
	}
}

// read loads a file and decodes its front matter by schema.
func (l *loader) read(p string, schema []field) (Doc, bool) {
	return l.readInto(p, schema, &l.diags)
}

// readInto is read reporting into diags, for files read concurrently.
func (l *loader) readInto(p string, schema []field, diags *diag.List) (Doc, bool) {
	src, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		diags.Add(diag.Pos{File: p}, "cannot read: %v", err)
		return Doc{}, false
	}
	f := diag.NewFile(p, src)
	fmText, fmOff, bodyOff, ok, closed := Split(src)
	start := diag.Pos{File: p, Line: 1, Col: 1}
	if !ok {
		diags.Add(start, "missing front matter (start the file with a line \"---\", the fields, and another \"---\")")
		return Doc{File: f, BodyOff: 0}, false
	}
	if !closed {
		diags.Add(start, "front matter is not closed (add a line \"---\" after the fields)")
		return Doc{File: f, BodyOff: bodyOff}, false
	}
	// The YAML text starts on the line after the opening "---"; counting
	// that far avoids indexing every line of the body.
	fm := &frontMatter{file: f, fmOff: fmOff, baseLine: 1 + bytes.Count(src[:fmOff], []byte("\n")), diags: diags}
	fm.parse(fmText, start, schema)
	return Doc{File: f, BodyOff: bodyOff}, true
}

func (l *loader) home(p string) {
	h := &Home{}
	s := &h.Settings
	doc, _ := l.read(p, []field{
		{name: "title", required: true, decode: str("title", &s.Title)},
		{name: "tagline", decode: str("tagline", &s.Tagline)},
		{name: "description", decode: str("description", &s.Description)},
		{name: "base_url", decode: url("base_url", &s.BaseURL)},
		{name: "language", decode: str("language", &s.Language)},
		{name: "author", decode: str("author", &s.Author)},
		{name: "premium_role", decode: str("premium_role", &s.PremiumRole)},
		{name: "repository", decode: url("repository", &s.Repository)},
		{name: "plans", decode: plans(&s.Plans)},
		{name: "free_share_min", decode: integer("free_share_min", &s.FreeShareMin, &s.freeSharePos)},
		{name: "free_share_max", decode: integer("free_share_max", &s.FreeShareMax, &s.freeSharePos)},
	})
	if s.FreeShareMin < 0 || s.FreeShareMax > 100 || (s.FreeShareMax > 0 && s.FreeShareMin > s.FreeShareMax) {
		l.diags.Add(s.freeSharePos, "free_share_min and free_share_max must be percentages with min ≤ max, got %d and %d", s.FreeShareMin, s.FreeShareMax)
	}
	h.Doc = doc
	l.c.Home = h
}

func plans(dst *[]Plan) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		seq, ok := unwrap(n).(*ast.SequenceNode)
		if !ok {
			fm.diags.Add(fm.pos(n), "field \"plans\" must be a list of plans (- id: monthly …), got %s", kind(n))
			return
		}
		for i, item := range seq.Values {
			var pl Plan
			prefix := "plans[" + strconv.Itoa(i) + "]."
			fm.mapping(item, fm.pos(item), []field{
				{name: "id", required: true, decode: str(prefix+"id", &pl.ID)},
				{name: "name", required: true, decode: str(prefix+"name", &pl.Name)},
				{name: "price", required: true, decode: number(prefix+"price", &pl.Price)},
				{name: "currency", decode: str(prefix+"currency", &pl.Currency)},
				{name: "interval", required: true, decode: func(fm *frontMatter, n ast.Node) {
					str(prefix+"interval", &pl.Interval)(fm, n)
					if pl.Interval != "" && pl.Interval != "month" && pl.Interval != "year" {
						fm.diags.Add(fm.pos(n), "%sinterval must be \"month\" or \"year\", got %q", prefix, pl.Interval)
					}
				}},
				{name: "checkout", decode: url(prefix+"checkout", &pl.Checkout)},
				{name: "features", decode: list(prefix+"features", &pl.Features, nil)},
			}, prefix)
			if pl.Currency == "" {
				pl.Currency = "USD"
			}
			*dst = append(*dst, pl)
		}
	}
}

func (l *loader) part(p, dir string) {
	pt := &Part{Dir: dir}
	var accessPos diag.Pos
	doc, _ := l.read(p, []field{
		{name: "title", required: true, decode: str("title", &pt.Title)},
		{name: "description", decode: str("description", &pt.Description)},
		{name: "access", decode: access(&pt.Access, &accessPos)},
	})
	pt.Doc = doc
	num, slug, ok := numbered(dir)
	if !ok {
		l.diags.Add(diag.Pos{File: p}, "part folder %q must start with its number, like 01-foundations", dir)
	}
	pt.Order, pt.Slug = num, slug
	l.parts[dir] = pt
	l.c.Parts = append(l.c.Parts, pt)
}

// module reads one module; it returns nil for a draft left out. It runs
// concurrently with other modules: it only reads l.parts and l.opts.
func (l *loader) module(p string, diags *diag.List) *Module {
	m := &Module{}
	var accessPos diag.Pos
	var accessVal string
	doc, _ := l.readInto(p, []field{
		{name: "title", required: true, decode: str("title", &m.Title)},
		{name: "module", required: true, decode: integer("module", &m.Number, &m.NumberPos)},
		{name: "description", required: true, decode: str("description", &m.Description)},
		{name: "access", decode: access(&accessVal, &accessPos)},
		{name: "topics", decode: list("topics", &m.Topics, &m.TopicPos)},
		{name: "draft", decode: boolean("draft", &m.Draft)},
		{name: "updated", decode: date("updated", &m.Updated)},
	}, diags)
	m.Doc = doc
	m.Slug = strings.TrimSuffix(path.Base(p), ".md")
	dir := path.Base(path.Dir(p))
	m.Part = l.parts[dir]
	if m.Part == nil {
		diags.Add(diag.Pos{File: p}, "module is in folder %q, which has no _index.md (add %s/_index.md with the part's title)", dir, path.Dir(p))
	}
	if m.Draft && !l.opts.Drafts {
		return nil
	}
	switch {
	case accessVal != "":
		m.Access = accessVal
	case m.Part != nil && m.Part.Access != "":
		m.Access = m.Part.Access
	default:
		m.Access = Free
	}
	if m.NumberPos.File == "" {
		m.NumberPos = diag.Pos{File: p, Line: 1, Col: 1}
	}
	return m
}

func (l *loader) topic(p string) {
	t := &Topic{ID: strings.TrimSuffix(path.Base(p), ".md")}
	doc, _ := l.read(p, []field{
		{name: "title", required: true, decode: str("title", &t.Title)},
		{name: "description", decode: str("description", &t.Description)},
		{name: "aliases", decode: list("aliases", &t.Aliases, nil)},
		{name: "docs", decode: url("docs", &t.Docs)},
	})
	t.Doc = doc
	if !validID(t.ID) {
		l.diags.Add(diag.Pos{File: p}, "topic file name %q must be a lowercase id (letters, digits, hyphens), like kinesis.md", path.Base(p))
	}
	l.c.Topics = append(l.c.Topics, t)
}

func (l *loader) page(p string) {
	pg := &Page{Slug: strings.TrimSuffix(path.Base(p), ".md")}
	doc, _ := l.read(p, []field{
		{name: "title", required: true, decode: str("title", &pg.Title)},
		{name: "description", decode: str("description", &pg.Description)},
		{name: "layout", decode: func(fm *frontMatter, n ast.Node) {
			str("layout", &pg.Layout)(fm, n)
			if pg.Layout != "" && !slices.Contains(pageLayouts, pg.Layout) {
				fm.diags.Add(fm.pos(n), "unknown layout %q (use one of: %s)%s", pg.Layout, strings.Join(pageLayouts, ", "), diag.Hint(pg.Layout, pageLayouts))
			}
		}},
		{name: "draft", decode: boolean("draft", &pg.Draft)},
		{name: "updated", decode: date("updated", &pg.Updated)},
	})
	pg.Doc = doc
	if pg.Draft && !l.opts.Drafts {
		return
	}
	if !validID(pg.Slug) {
		l.diags.Add(diag.Pos{File: p}, "page file name %q must be lowercase letters, digits and hyphens, like about.md", path.Base(p))
	}
	l.c.Pages = append(l.c.Pages, pg)
}

// validate checks what spans files: numbering, topic ids, required files.
func (l *loader) validate() {
	c := &l.c
	if c.Home == nil {
		l.diags.Add(diag.Pos{File: "content/_index.md"}, "missing home page (create content/_index.md with at least `title:` in its front matter)")
	}
	slices.SortFunc(c.Parts, func(a, b *Part) int { return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Dir, b.Dir)) })
	for i := 1; i < len(c.Parts); i++ {
		if c.Parts[i].Order == c.Parts[i-1].Order {
			l.diags.Add(diag.Pos{File: c.Parts[i].File.Name}, "part number %d is also used by %s (give each part folder its own number)", c.Parts[i].Order, c.Parts[i-1].Dir)
		}
	}
	slices.SortFunc(c.Topics, func(a, b *Topic) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(c.Pages, func(a, b *Page) int { return cmp.Compare(a.Slug, b.Slug) })
	l.numbers()
	l.topicRefs()
}

// numbers checks that module numbers are unique and run 1..N without gaps.
func (l *loader) numbers() {
	c := &l.c
	slices.SortStableFunc(c.Modules, func(a, b *Module) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.File.Name, b.File.Name))
	})
	byNum := map[int]*Module{}
	max := 0
	for _, m := range c.Modules {
		if m.Number <= 0 {
			if m.Number < 0 || m.NumberPos.Line > 1 {
				l.diags.Add(m.NumberPos, "module number must be 1 or more, got %d", m.Number)
			}
			continue
		}
		if prev, dup := byNum[m.Number]; dup {
			l.diags.Add(m.NumberPos, "module number %d is already used by %s (each module needs its own number; the next free one is %d)", m.Number, prev.File.Name, len(c.Modules)+1)
			continue
		}
		byNum[m.Number] = m
		max = maxInt(max, m.Number)
	}
	for n := 1; n < max; n++ {
		if byNum[n] == nil {
			after := byNum[n+1]
			for k := n + 1; after == nil; k++ {
				after = byNum[k]
			}
			l.diags.Add(after.NumberPos, "module numbers have a gap: no module %d before module %d (renumber so modules run 1..N)", n, after.Number)
		}
	}
	// The part folders order the course: a module's number must not run
	// backwards across parts.
	for i := 1; i < len(c.Modules); i++ {
		a, b := c.Modules[i-1], c.Modules[i]
		if a.Part != nil && b.Part != nil && a.Part.Order > b.Part.Order {
			l.diags.Add(b.NumberPos, "module %d is in part %s but module %d before it is in the later part %s (number modules in part order)", b.Number, b.Part.Dir, a.Number, a.Part.Dir)
		}
	}
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// topicRefs checks that every topic a module names exists.
func (l *loader) topicRefs() {
	ids := make([]string, len(l.c.Topics))
	for i, t := range l.c.Topics {
		ids[i] = t.ID
	}
	for _, m := range l.c.Modules {
		for i, id := range m.Topics {
			if _, found := slices.BinarySearch(ids, id); !found {
				l.diags.Add(m.TopicPos[i], "unknown topic %q (create content/topics/%s.md, or use an existing topic)%s", id, id, diag.Hint(id, ids))
			}
		}
	}
}

// TopicIDs returns the sorted ids of all topics.
func (c *Content) TopicIDs() []string {
	ids := make([]string, len(c.Topics))
	for i, t := range c.Topics {
		ids[i] = t.ID
	}
	return ids
}

// numbered splits "01-foundations" into 1 and "foundations".
func numbered(name string) (int, string, bool) {
	num, slug, ok := strings.Cut(name, "-")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || slug == "" {
		return 0, name, false
	}
	return n, slug, true
}

func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
