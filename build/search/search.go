// Package search builds the site's search index from the public copy of
// the site graph (never by scraping HTML, never from a premium body): one
// record per module section, question, scenario, topic and page, in a
// compact, versioned JSON format that assets/js/search.js reads.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"sitegen/build/markdown"
	"sitegen/build/par"
	"sitegen/build/site"
)

// Version of the index format; the client refuses any other.
const Version = 1

// Kinds of record.
const (
	KindModule   = "m" // a module, or one section of it
	KindQuestion = "q"
	KindScenario = "s"
	KindTopic    = "t"
	KindPage     = "p"
)

// Record is one search result. In JSON it is an array, to keep the file
// small: [kind, url index, anchor, title, context, text, flags].
type Record struct {
	Kind    string
	URL     int    // index into Index.URLs
	Anchor  string // without '#'; "" for the page itself
	Title   string // what the result shows first
	Context string // where it is: "Module 23 · Kinesis Data Streams"
	Text    string // cleaned, truncated text to match and show
	Locked  bool   // premium: shown with a lock, text never past the teaser
}

// Index is the whole search index.
type Index struct {
	URLs    []string
	Records []Record
}

// Limits on text, in runes.
const (
	sectionText = 320
	answerText  = 200
	pageText    = 300
)

// Cache keeps each module's records between builds (serve), keyed by what
// they are made of.
type Cache struct {
	mu   sync.Mutex
	recs map[string][]Record
	used map[string]bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{recs: map[string][]Record{}, used: map[string]bool{}} }

// recordsKey names what a module's records depend on: its place and
// title, and its text (the cached document, by identity, for a free
// module; headings and questions for the public view of a premium one).
func recordsKey(m *site.Module) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%s\x00%d\x00%s\x00%s\x00%v\x00", m.URL, m.Src.Title, m.Src.Number, partName(m), m.Src.Description, m.Premium())
	if !m.Premium() {
		fmt.Fprintf(&b, "%p", m.Doc)
		for _, q := range m.Questions {
			fmt.Fprintf(&b, "\x00%p", q.Answer)
		}
		return b.String()
	}
	for _, h := range m.Doc.Headings {
		fmt.Fprintf(&b, "%d %s %s\x00", h.Level, h.ID, h.Text)
	}
	for _, q := range m.Questions {
		b.WriteString(q.ID + " " + q.Text + "\x00")
	}
	for _, sc := range m.Scenarios {
		b.WriteString(sc.ID + " " + sc.Title + " " + sc.Prompt + "\x00")
	}
	return b.String()
}

func (c *Cache) records(m *site.Module) []Record {
	if c == nil {
		return moduleRecords(m)
	}
	k := recordsKey(m)
	c.mu.Lock()
	r, ok := c.recs[k]
	c.used[k] = true
	c.mu.Unlock()
	if ok {
		return r
	}
	r = moduleRecords(m)
	c.mu.Lock()
	c.recs[k] = r
	c.mu.Unlock()
	return r
}

func (c *Cache) sweep() {
	if c == nil {
		return
	}
	for k := range c.recs {
		if !c.used[k] {
			delete(c.recs, k)
		}
	}
	clear(c.used)
}

// Build makes the index from the public copy of the site (site.Public()):
// premium modules there hold only their teaser, so no premium body can
// reach the index. cache may be nil.
func Build(pub *site.Site, cache *Cache) *Index {
	defer cache.sweep()
	ix := &Index{}
	urls := map[string]int{}
	url := func(u string) int {
		if i, ok := urls[u]; ok {
			return i
		}
		urls[u] = len(ix.URLs)
		ix.URLs = append(ix.URLs, u)
		return len(ix.URLs) - 1
	}
	// Each module's records are made on all cores, then added in order.
	perModule := make([][]Record, len(pub.Modules))
	par.For(len(pub.Modules), func(i int) { perModule[i] = cache.records(pub.Modules[i]) })
	for i, m := range pub.Modules {
		u := url(m.URL)
		for _, r := range perModule[i] {
			r.URL = u
			ix.Records = append(ix.Records, r)
		}
	}
	for _, t := range pub.Topics {
		text := t.Src.Description
		if len(t.Src.Aliases) > 0 {
			text = strings.Join(t.Src.Aliases, ", ") + " · " + text
		}
		ix.Records = append(ix.Records, Record{Kind: KindTopic, URL: url(t.URL), Title: t.Src.Title, Context: "Topic", Text: truncate(text+" "+textOf(t.HTML.HTML, pageText), pageText)})
	}
	for _, p := range pub.Pages {
		ix.Records = append(ix.Records, Record{Kind: KindPage, URL: url(p.URL), Title: p.Src.Title, Context: "Page", Text: truncate(p.Src.Description+" "+textOf(p.HTML.HTML, pageText), pageText)})
	}
	return ix
}

// moduleRecords are a module's records (URL index left to the caller).
func moduleRecords(m *site.Module) []Record {
	var out []Record
	ctx := "Module " + itoa(m.Src.Number)
	locked := m.Premium()
	intro, secs := sections(m)
	out = append(out, Record{Kind: KindModule, Title: m.Src.Title, Context: ctx + partName(m), Text: truncate(m.Src.Description+" "+intro, sectionText), Locked: locked})
	for _, sec := range secs {
		out = append(out, Record{Kind: KindModule, Anchor: sec.id, Title: sec.title, Context: ctx + " · " + m.Src.Title, Text: truncate(sec.text, sectionText), Locked: locked})
	}
	for _, q := range m.Questions {
		r := Record{Kind: KindQuestion, Anchor: q.ID, Title: q.Text, Context: ctx + " · " + m.Src.Title, Locked: q.Premium}
		if !q.Premium {
			r.Text = truncate(firstSentences(textOf(q.Answer, answerText), answerText), answerText)
		}
		out = append(out, r)
	}
	for _, sc := range m.Scenarios {
		out = append(out, Record{Kind: KindScenario, Anchor: sc.ID, Title: sc.Title, Context: ctx + " · " + m.Src.Title, Text: truncate(sc.Prompt, sectionText), Locked: sc.Premium})
	}
	return out
}

func partName(m *site.Module) string {
	if m.Part == nil {
		return ""
	}
	return " · " + m.Part.Src.Title
}

// section is a module's text between two h2/h3 headings.
type section struct {
	id, title, text string
}

// sections splits a module's public text at its h2 and h3 headings. For a
// premium module the public copy holds only the teaser's blocks, so the
// sections past it carry their heading and no text. The text before the
// first heading is returned apart: it describes the module as a whole.
// Questions and scenarios have records of their own, and code says little
// in words, so neither counts as a section's text; a section that holds
// nothing else (a "Check yourself") has no record.
func sections(m *site.Module) (intro string, out []section) {
	var heads []markdown.Heading
	for _, h := range m.Doc.Headings {
		if h.Outlined() {
			heads = append(heads, h)
		}
	}
	// Text goes to the section its block stands in, up to the limit. A
	// premium module's text is never read, whatever copy this is.
	texts := make([]strings.Builder, len(heads)+1)
	boxes := make([]bool, len(heads)+1)
	var blocks []markdown.Block
	if !m.Premium() {
		blocks = m.Doc.TextBlocks(0)
	}
	for _, b := range blocks {
		i, _ := slices.BinarySearchFunc(heads, b.Offset, func(h markdown.Heading, off int) int { return h.Offset - off })
		switch {
		case b.Boxed:
			boxes[i] = true
		case !b.Code && texts[i].Len() < 4*sectionText:
			texts[i].WriteString(b.Text)
			texts[i].WriteByte(' ')
		}
	}
	for i, h := range heads {
		if boxes[i+1] && texts[i+1].Len() == 0 {
			continue
		}
		out = append(out, section{id: h.ID, title: h.Text, text: texts[i+1].String()})
	}
	return texts[0].String(), out
}

// textOf turns rendered HTML into plain text, stopping once it has about
// limit bytes: only the start of a long answer is ever shown.
func textOf(html []byte, limit int) string {
	var b strings.Builder
	in := false
	for _, c := range html {
		switch {
		case c == '<':
			in = true
		case c == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteByte(c)
			if b.Len() > 2*limit+64 {
				return strings.Join(strings.Fields(unescape(b.String())), " ")
			}
		}
	}
	return strings.Join(strings.Fields(unescape(b.String())), " ")
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#34;", `"`).Replace(s)
}

// firstSentences keeps whole sentences up to about n runes.
func firstSentences(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	end, runes := 0, 0
	for i, r := range s {
		runes++
		if runes > n {
			break
		}
		if i > 0 && (r == '.' || r == '?' || r == '!') && (i+1 == len(s) || s[i+1] == ' ') {
			end = i + 1
		}
	}
	if end == 0 {
		return s
	}
	return s[:end]
}

// truncate cuts s to at most n runes at a word boundary, folding runs of
// white space to one space, in one pass over the part that survives.
func truncate(s string, n int) string {
	var b strings.Builder
	b.Grow(min(len(s), 4*n))
	runes, space, lastSpace := 0, false, -1
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = runes > 0
			continue
		}
		if space {
			if runes+1 >= n {
				return cut(b.String(), lastSpace, n) + "…"
			}
			lastSpace = b.Len()
			b.WriteByte(' ')
			runes++
			space = false
		}
		if runes >= n {
			return cut(b.String(), lastSpace, n) + "…"
		}
		b.WriteRune(r)
		runes++
	}
	return b.String()
}

// cut ends text at its last space when that keeps at least half of it.
func cut(text string, lastSpace, n int) string {
	if lastSpace > 0 && utf8.RuneCountInString(text[:lastSpace]) > n/2 {
		return text[:lastSpace]
	}
	return text
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// JSON encodes the index compactly: {"v":1,"u":[urls],"r":[records]}.
func (ix *Index) JSON() []byte {
	rows := make([][]any, len(ix.Records))
	for i, r := range ix.Records {
		flags := 0
		if r.Locked {
			flags = 1
		}
		rows[i] = []any{r.Kind, r.URL, r.Anchor, r.Title, r.Context, r.Text, flags}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"v": Version, "u": ix.URLs, "r": rows})
	return bytes.TrimSpace(b.Bytes())
}
