package render

import (
	"hash/maphash"
	"sort"
	"strconv"
	"sync"

	"sitegen/build/site"
)

// Cache keeps rendered pages between builds. A page is rendered again only
// when something it can show changed: its own content, or the site's
// skeleton (every title, number, URL, access, reading time, topic, part,
// page, setting and asset any page lists). That dependency list is known
// for the built-in layouts only, so a site with its own layouts renders
// every page every time (the caller decides; see Options).
type Cache struct {
	seed  maphash.Seed
	mu    sync.Mutex
	pages map[uint64][]byte
	used  map[uint64]bool
}

// NewCache returns an empty page cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), pages: map[uint64][]byte{}, used: map[uint64]bool{}}
}

func (c *Cache) get(k uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pages[k]
	if ok {
		c.used[k] = true
	}
	return b, ok
}

func (c *Cache) put(k uint64, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[k] = b
	c.used[k] = true
}

// sweep forgets pages this build did not use.
func (c *Cache) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.pages {
		if !c.used[k] {
			delete(c.pages, k)
		}
	}
	clear(c.used)
}

// hasher writes fields with separators into a maphash.
type hasher struct{ h maphash.Hash }

func (h *hasher) s(xs ...string) {
	for _, x := range xs {
		h.h.WriteString(x)
		h.h.WriteByte(0)
	}
}

func (h *hasher) b(x []byte) { h.h.Write(x); h.h.WriteByte(0) }
func (h *hasher) i(x int)    { h.s(strconv.Itoa(x)) }

// skeleton hashes what any page may show of other pages.
func (c *Cache) skeleton(s *site.Site, assets map[string]Asset, layouts uint64) uint64 {
	var h hasher
	h.h.SetSeed(c.seed)
	h.i(int(layouts))
	st := s.Settings
	h.s(st.Title, st.Tagline, st.Description, st.BaseURL, st.Language, st.Author, st.PremiumRole, st.Repository)
	for _, p := range st.Plans {
		h.s(p.ID, p.Name, strconv.FormatFloat(p.Price, 'g', -1, 64), p.Currency, p.Interval, p.Checkout)
		h.s(p.Features...)
	}
	names := make([]string, 0, len(assets))
	for k := range assets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		h.s(k, assets[k].URL, assets[k].Integrity)
	}
	h.s(s.Updated.String())
	for _, p := range s.Parts {
		h.s(p.URL, p.Src.Title, p.Src.Description, p.Src.Slug, strconv.Itoa(len(p.Modules)))
	}
	ref := func(m *site.Module) {
		if m != nil {
			h.s(m.URL)
		} else {
			h.s("")
		}
	}
	for _, m := range s.Modules {
		src := m.Src
		h.s(m.URL, m.FullURL, src.Title, src.Description, src.Access, src.Updated.String())
		h.i(src.Number)
		h.i(m.Minutes)
		if m.Part != nil {
			h.s(m.Part.URL)
		}
		for _, list := range [][]*site.Module{m.BuildsOn, m.LeadsTo, m.Related} {
			h.i(len(list))
			for _, o := range list {
				ref(o)
			}
		}
		for _, t := range m.Topics {
			h.s(t.URL)
		}
		for _, q := range m.Questions {
			h.s(q.ID, q.Text, q.URL)
		}
		for _, sc := range m.Scenarios {
			h.s(sc.ID, sc.Title, sc.URL)
		}
	}
	for _, t := range s.Topics {
		h.s(t.URL, t.Src.Title, t.Src.Description, t.Src.Docs)
		h.s(t.Src.Aliases...)
		h.i(len(t.Modules))
		for _, q := range t.Questions {
			h.s(q.ID)
		}
		for _, sc := range t.Scenarios {
			h.s(sc.ID)
		}
	}
	for _, p := range s.Pages {
		h.s(p.URL, p.Src.Title, p.Src.Description, p.Src.Layout)
	}
	return h.h.Sum64()
}

// key hashes one view: the skeleton and the view's own content.
func (c *Cache) key(skel uint64, v *View) uint64 {
	var h hasher
	h.h.SetSeed(c.seed)
	h.i(int(skel))
	h.s(v.Kind, v.URL, v.Title, v.Description)
	h.b([]byte(v.Body))
	if v.Full {
		h.s("full")
	}
	if v.NoIndex {
		h.s("noindex")
	}
	if mv := v.Module; mv != nil {
		h.b([]byte(mv.Body))
		if mv.Full {
			h.s("full-module")
		}
		if mv.M.Src.File != nil {
			h.s(mv.M.Src.File.Name)
		}
		// The table of contents and the locked panel's list, as shown.
		for _, hd := range mv.Outline {
			h.s(hd.ID, hd.Text, strconv.Itoa(hd.Level))
		}
		h.s("sections")
		for _, hd := range mv.Sections {
			h.s(hd.ID, hd.Text)
		}
		for _, q := range mv.M.Questions {
			h.b(q.Ask)
			h.b(q.Answer)
		}
	}
	for _, q := range v.Questions {
		h.b([]byte(q.Ask))
		h.b([]byte(q.Answer))
		for _, t := range q.Topics {
			h.s(t.URL)
		}
	}
	for _, sc := range v.Scenarios {
		h.b([]byte(sc.Prompt))
	}
	return h.h.Sum64()
}
