package site

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"net/url"
	"path"
	"slices"
	"strings"

	"sitegen/build/diag"
	"sitegen/build/load"
	"sitegen/build/markdown"
	"sitegen/build/par"
)

// Build makes the site graph from loaded content: it parses every body with
// eng, resolves and checks links, collects questions and scenarios, and
// renders the Markdown. Problems come back sorted; the site is still usable
// for reporting when there are errors.
// cache, which may be nil, keeps parsed and rendered bodies between builds.
func Build(c *load.Content, eng *markdown.Engine, cache *Cache) (*Site, diag.List) {
	b := &builder{c: c, eng: eng, cache: cache, s: &Site{}, targets: map[string]*target{}}
	cache.begin()
	defer cache.end()
	b.settings()
	b.nodes()
	b.parse()
	b.resolve()
	b.blocks()
	b.graph()
	b.render()
	return b.s, b.diags.Sort()
}

type builder struct {
	c       *load.Content
	eng     *markdown.Engine
	cache   *Cache
	s       *Site
	diags   diag.List
	docs    []parsed           // every body, in a fixed order
	targets map[string]*target // by source path: what a relative link may point at
}

// parsed is one body to parse, resolve and render.
type parsed struct {
	src  load.Doc
	self string // topic id, for topic pages
	doc  **markdown.Doc
	html *markdown.Rendered
	tgt  *target
	memo *cached
}

// target is what a link to a source file resolves to.
type target struct {
	url     string
	anchors map[string]bool
	module  *Module
	file    string
}

func (b *builder) settings() {
	if b.c.Home != nil {
		b.s.Settings = b.c.Home.Settings
	}
	st := &b.s.Settings
	st.Title = cmp.Or(st.Title, "Course")
	st.Language = cmp.Or(st.Language, "en")
	st.PremiumRole = cmp.Or(st.PremiumRole, load.Premium)
	st.BaseURL = strings.TrimSuffix(cmp.Or(st.BaseURL, "http://localhost"), "/")
}

// nodes creates the site's nodes and their URLs.
func (b *builder) nodes() {
	s, c := b.s, b.c
	if c.Home != nil {
		s.Home = &Home{Src: c.Home}
		b.add(c.Home.Doc, "", "/", nil, &s.Home.Doc, &s.Home.HTML)
	}
	parts := map[*load.Part]*Part{}
	for _, lp := range c.Parts {
		p := &Part{Src: lp, URL: "/parts/" + lp.Slug + "/"}
		parts[lp] = p
		s.Parts = append(s.Parts, p)
		b.add(lp.Doc, "", p.URL, nil, &p.Doc, &p.HTML)
	}
	for _, lm := range c.Modules {
		m := &Module{Src: lm, URL: "/modules/" + lm.Slug + "/", Part: parts[lm.Part]}
		if lm.Premium() {
			m.FullURL = "/premium/" + lm.Slug + "/"
		}
		if m.Part != nil {
			m.Part.Modules = append(m.Part.Modules, m)
		}
		s.Modules = append(s.Modules, m)
		b.add(lm.Doc, "", m.URL, m, &m.Doc, &m.HTML)
	}
	for i, m := range s.Modules {
		if i > 0 {
			m.Prev = s.Modules[i-1]
		}
		if i+1 < len(s.Modules) {
			m.Next = s.Modules[i+1]
		}
	}
	for _, lt := range c.Topics {
		t := &Topic{Src: lt, URL: TopicsURL + lt.ID + "/"}
		s.Topics = append(s.Topics, t)
		b.add(lt.Doc, lt.ID, t.URL, nil, &t.Doc, &t.HTML)
	}
	for _, lp := range c.Pages {
		p := &Page{Src: lp, URL: "/" + lp.Slug + "/"}
		s.Pages = append(s.Pages, p)
		b.add(lp.Doc, "", p.URL, nil, &p.Doc, &p.HTML)
	}
	for _, m := range s.Modules {
		for _, id := range m.Src.Topics {
			if t := b.topic(id); t != nil {
				m.Topics = append(m.Topics, t)
				t.Modules = append(t.Modules, m)
			}
		}
		if m.Src.Updated.After(s.Updated) {
			s.Updated = m.Src.Updated
		}
	}
}

func (b *builder) add(d load.Doc, self, url string, m *Module, doc **markdown.Doc, html *markdown.Rendered) {
	t := &target{url: url, anchors: map[string]bool{}, module: m, file: d.File.Name}
	b.targets[d.File.Name] = t
	b.docs = append(b.docs, parsed{src: d, self: self, doc: doc, html: html, tgt: t})
}

func (b *builder) topic(id string) *Topic {
	i, ok := slices.BinarySearchFunc(b.s.Topics, id, func(t *Topic, id string) int { return cmp.Compare(t.Src.ID, id) })
	if !ok {
		return nil
	}
	return b.s.Topics[i]
}

// parse parses every body on all cores and records anchors and diagnostics.
func (b *builder) parse() {
	topics := topicsKey(b.c.Topics)
	par.For(len(b.docs), func(i int) {
		p := &b.docs[i]
		*p.doc, p.memo = b.cache.parse(b.eng, p.src.Body(), p.self, topics)
	})
	for _, p := range b.docs {
		d := *p.doc
		for _, md := range d.Diags {
			pos := p.src.BodyPos(md.Offset)
			if md.Severity == markdown.Warning {
				b.diags.Warn(pos, "%s", md.Msg)
			} else {
				b.diags.Add(pos, "%s", md.Msg)
			}
		}
		for _, a := range d.Anchors {
			p.tgt.anchors[a] = true
		}
	}
}

// resolve checks every link and points relative ones at their target's URL.
func (b *builder) resolve() {
	files := make([]string, 0, len(b.targets))
	for f := range b.targets {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, p := range b.docs {
		d := *p.doc
		for i, l := range d.Links {
			pos := p.src.BodyPos(l.Offset)
			switch l.Kind {
			case markdown.TopicRef:
				if t := b.topic(l.Dest); t != nil {
					d.SetHref(i, t.URL)
				}
			case markdown.Fragment:
				anchor, _ := url.PathUnescape(l.Dest[1:])
				if anchor != "" && !p.tgt.anchors[anchor] {
					b.diags.Add(pos, "broken link %q: this page has no anchor %q%s", l.Dest, anchor, hint(anchor, p.tgt.anchors))
				}
			case markdown.Relative:
				if href, ok := b.relative(p, l, pos, files); ok {
					d.SetHref(i, href)
				}
			}
		}
	}
}

func (b *builder) relative(p parsed, l markdown.Link, pos diag.Pos, files []string) (string, bool) {
	raw, anchor, _ := strings.Cut(l.Dest, "#")
	if strings.HasPrefix(raw, "/") {
		return "", false // a site URL, written by hand
	}
	rel, err := url.PathUnescape(raw)
	if err != nil {
		b.diags.Add(pos, "broken link %q: %v", l.Dest, err)
		return "", false
	}
	if !strings.HasSuffix(rel, ".md") {
		b.diags.Add(pos, "link %q is relative but not to a Markdown file (link to the .md file, e.g. ../01-foundations/03-iam.md, or use an absolute URL)", l.Dest)
		return "", false
	}
	file := path.Join(path.Dir(p.src.File.Name), rel)
	t := b.targets[file]
	if t == nil {
		msg := "broken link %q: %s does not exist"
		if s := diag.Suggest(file, files); s != "" {
			b.diags.Add(pos, msg+" — did you mean %q?", l.Dest, file, relPath(path.Dir(p.src.File.Name), s))
		} else {
			b.diags.Add(pos, msg+" (check the file name and the ../ steps)", l.Dest, file)
		}
		return "", false
	}
	anchor, _ = url.PathUnescape(anchor)
	if anchor != "" && !t.anchors[anchor] {
		b.diags.Add(pos, "broken link %q: %s has no anchor %q%s", l.Dest, file, anchor, hint(anchor, t.anchors))
		return "", false
	}
	href := t.url
	if anchor != "" {
		href += "#" + anchor
	}
	if src := b.targets[p.src.File.Name]; src != nil && src.module != nil && t.module != nil && src.module != t.module {
		link(src.module, t.module)
	}
	return href, true
}

func hint(anchor string, anchors map[string]bool) string {
	names := make([]string, 0, len(anchors))
	for a := range anchors {
		names = append(names, a)
	}
	slices.Sort(names)
	return diag.Hint(anchor, names)
}

// relPath writes target relative to dir, for a did-you-mean.
func relPath(dir, target string) string {
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

// link records that a and b are linked, in whichever direction.
func link(a, b *Module) {
	if a.Src.Number > b.Src.Number {
		a, b = b, a
	}
	if !slices.Contains(b.BuildsOn, a) {
		b.BuildsOn = append(b.BuildsOn, a)
		a.LeadsTo = append(a.LeadsTo, b)
	}
}

// blocks collects questions and scenarios and checks their ids course-wide.
func (b *builder) blocks() {
	seen := map[string]diag.Pos{}
	for _, p := range b.docs {
		d := *p.doc
		m := p.tgt.module
		check := func(id string, off int) {
			pos := p.src.BodyPos(off)
			if prev, dup := seen[id]; dup {
				b.diags.Add(pos, "id %q is already used at %s (question and scenario ids must be unique in the course)", id, prev)
				return
			}
			seen[id] = pos
		}
		for _, q := range d.Questions {
			check(q.ID, q.Offset)
			sq := &Question{ID: q.ID, Text: q.Text, Module: m, URL: p.tgt.url + "#" + q.ID, Premium: m != nil && m.Premium()}
			for _, id := range q.Topics {
				if t := b.topic(id); t != nil {
					sq.Topics = append(sq.Topics, t)
					t.Questions = append(t.Questions, sq)
				}
			}
			if m != nil {
				m.Questions = append(m.Questions, sq)
			}
			b.s.Questions = append(b.s.Questions, sq)
		}
		for _, sc := range d.Scenarios {
			check(sc.ID, sc.Offset)
			ss := &Scenario{ID: sc.ID, Title: sc.Title, Prompt: sc.Prompt, Module: m, URL: p.tgt.url + "#" + sc.ID, Premium: m != nil && m.Premium()}
			for _, id := range sc.Topics {
				if t := b.topic(id); t != nil {
					ss.Topics = append(ss.Topics, t)
					t.Scenarios = append(t.Scenarios, ss)
				}
			}
			if m != nil {
				m.Scenarios = append(m.Scenarios, ss)
			}
			b.s.Scenarios = append(b.s.Scenarios, ss)
		}
		if m != nil && m.Premium() && !d.HasMore {
			b.diags.Add(diag.Pos{File: p.src.File.Name, Line: 1, Col: 1}, "premium module has no teaser: add a line <!--more--> after the paragraphs that every reader may see")
		}
	}
}

// graph orders the links between modules and computes related modules.
func (b *builder) graph() {
	b.requirePricing()
	byNum := func(a, b *Module) int { return cmp.Compare(a.Src.Number, b.Src.Number) }
	// Related modules depend only on which modules carry which topics: a
	// rebuild that changed none of that reuses the last ranking.
	key := relatedKey(b.s.Modules)
	byNumber := map[int]*Module{}
	for _, m := range b.s.Modules {
		byNumber[m.Src.Number] = m
	}
	reuse := b.cache != nil && b.cache.related != nil && b.cache.relatedKey == key
	par.For(len(b.s.Modules), func(i int) {
		m := b.s.Modules[i]
		slices.SortFunc(m.BuildsOn, byNum)
		slices.SortFunc(m.LeadsTo, byNum)
		if reuse {
			for _, n := range b.cache.related[m.Src.Number] {
				m.Related = append(m.Related, byNumber[n])
			}
		} else {
			m.Related = related(m, 5)
		}
		m.Minutes = max(1, int(math.Ceil(float64(m.Doc.Words)/220)))
	})
	if b.cache != nil && !reuse {
		b.cache.relatedKey, b.cache.related = key, map[int][]int{}
		for _, m := range b.s.Modules {
			for _, o := range m.Related {
				b.cache.related[m.Src.Number] = append(b.cache.related[m.Src.Number], o.Src.Number)
			}
		}
	}
}

// relatedKey hashes every module's number and topics: all that related reads.
func relatedKey(ms []*Module) uint64 {
	h := fnv.New64a()
	for _, m := range ms {
		fmt.Fprintf(h, "%d:", m.Src.Number)
		for _, t := range m.Topics {
			h.Write([]byte(t.Src.ID + ","))
		}
		h.Write([]byte{';'})
	}
	return h.Sum64()
}

// related ranks other modules by shared topics, each topic weighted by how
// rare it is (a topic on two modules says more than one on thirty).
func related(m *Module, n int) []*Module {
	type cand struct {
		m     *Module
		score float64
	}
	index := map[*Module]int{}
	var cands []cand
	for _, t := range m.Topics {
		w := 1 / math.Log2(1+float64(len(t.Modules)))
		for _, o := range t.Modules {
			if o == m {
				continue
			}
			i, ok := index[o]
			if !ok {
				i = len(cands)
				index[o] = i
				cands = append(cands, cand{m: o})
			}
			cands[i].score += w
		}
	}
	slices.SortFunc(cands, func(a, c cand) int {
		if a.score != c.score {
			return cmp.Compare(c.score, a.score)
		}
		da, dc := abs(a.m.Src.Number-m.Src.Number), abs(c.m.Src.Number-m.Src.Number)
		return cmp.Or(cmp.Compare(da, dc), cmp.Compare(a.m.Src.Number, c.m.Src.Number))
	})
	out := make([]*Module, 0, min(n, len(cands)))
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.m)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// render renders every body on all cores, then hands question and scenario
// parts to their nodes.
func (b *builder) render() {
	errs := make([]error, len(b.docs))
	par.For(len(b.docs), func(i int) {
		p := b.docs[i]
		*p.html, errs[i] = b.cache.render(b.eng, *p.doc, p.memo)
		if b.cache == nil {
			(*p.doc).Release() // nothing renders it again
		}
	})
	for i, err := range errs {
		if err != nil {
			b.diags.Add(diag.Pos{File: b.docs[i].src.File.Name}, "cannot render: %v", err)
		}
	}
	qi, si := 0, 0
	for _, p := range b.docs {
		for _, rq := range p.html.Questions {
			if qi < len(b.s.Questions) {
				b.s.Questions[qi].Ask, b.s.Questions[qi].Answer = rq.Ask, rq.Answer
			}
			qi++
		}
		for _, rs := range p.html.Scenarios {
			if si < len(b.s.Scenarios) {
				b.s.Scenarios[si].Ask, b.s.Scenarios[si].Answer = rs.Ask, rs.Answer
			}
			si++
		}
	}
}

// requirePricing checks that a course with premium modules has the pricing
// page the gate sends non-members to.
func (b *builder) requirePricing() {
	for _, m := range b.s.Modules {
		if !m.Premium() {
			continue
		}
		for _, p := range b.s.Pages {
			if p.URL == PricingURL {
				return
			}
		}
		b.diags.Add(diag.Pos{File: m.Src.File.Name, Line: 1, Col: 1}, "premium modules need a pricing page, where the gate sends visitors without the role: create content/pages/pricing.md (with layout: pricing)")
		return
	}
}
