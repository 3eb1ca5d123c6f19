package site

import (
	"crypto/sha256"
	"hash/fnv"
	"sync"

	"sitegen/build/load"
	"sitegen/build/markdown"
)

// Cache keeps parsed and rendered bodies between builds, keyed by content:
// the body's hash, the page's own topic, and the topics that auto-link. A
// body renders again only when its links resolve differently. One build
// at a time may use a Cache.
type Cache struct {
	mu   sync.Mutex
	docs map[docKey]*cached
	gen  int
	// related modules, by module number, for the module-topic map they
	// were ranked from.
	relatedKey uint64
	related    map[int][]int
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{docs: map[docKey]*cached{}} }

type docKey struct {
	sum    [32]byte
	self   string
	topics uint64
}

type cached struct {
	doc   *markdown.Doc
	hrefs uint64
	html  markdown.Rendered
	done  bool
	used  int
}

// parse returns the parsed body, from the cache when its key matches.
func (c *Cache) parse(eng *markdown.Engine, src []byte, self string, topics uint64) (*markdown.Doc, *cached) {
	if c == nil {
		return eng.Parse(src, self), nil
	}
	k := docKey{sum: sha256.Sum256(src), self: self, topics: topics}
	c.mu.Lock()
	e, ok := c.docs[k]
	if ok {
		e.used = c.gen
		c.mu.Unlock()
		return e.doc, e
	}
	c.mu.Unlock()
	d := eng.Parse(src, self)
	e = &cached{doc: d, used: c.gen}
	c.mu.Lock()
	c.docs[k] = e
	c.mu.Unlock()
	return d, e
}

// render renders d unless the cache holds its rendering for the same links.
func (c *Cache) render(eng *markdown.Engine, d *markdown.Doc, e *cached) (markdown.Rendered, error) {
	if e == nil {
		return eng.Render(d)
	}
	h := fnv.New64a()
	for i := range d.Links {
		h.Write([]byte(d.Href(i)))
		h.Write([]byte{0})
	}
	sum := h.Sum64()
	if e.done && e.hrefs == sum {
		return e.html, nil
	}
	r, err := eng.Render(d)
	if err == nil {
		e.html, e.hrefs, e.done = r, sum, true
	}
	return r, err
}

// begin starts a build's use of the cache.
func (c *Cache) begin() {
	if c != nil {
		c.gen++
	}
}

// end drops what this build did not use.
func (c *Cache) end() {
	if c == nil {
		return
	}
	for k, e := range c.docs {
		if e.used < c.gen {
			delete(c.docs, k)
		}
	}
}

// topicsKey hashes what auto-linking depends on.
func topicsKey(ts []*load.Topic) uint64 {
	h := fnv.New64a()
	for _, t := range ts {
		h.Write([]byte(t.ID + "\x00" + t.Title + "\x00"))
		for _, a := range t.Aliases {
			h.Write([]byte(a + "\x00"))
		}
		h.Write([]byte{1})
	}
	return h.Sum64()
}
