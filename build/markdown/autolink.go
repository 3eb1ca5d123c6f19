package markdown

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// name is one way to write a topic: its title or an alias, as words.
type name struct {
	words []string // as written; compared folded unless exact
	exact bool     // an acronym (no lower-case letter): case must match
	topic string
}

// matcher finds topic names in prose. It is built once per engine: names
// are indexed by their first word, folded, longest first.
type matcher struct {
	byFirst map[string][]name
}

func newMatcher(topics []Topic) *matcher {
	m := &matcher{byFirst: map[string][]name{}}
	for _, t := range topics {
		for _, n := range append([]string{t.Title}, t.Aliases...) {
			ws := words(n)
			if len(ws) == 0 {
				continue
			}
			exact := !strings.ContainsFunc(n, unicode.IsLower)
			key := strings.ToLower(ws[0].text)
			var texts []string
			for _, w := range ws {
				texts = append(texts, w.text)
			}
			m.byFirst[key] = append(m.byFirst[key], name{words: texts, exact: exact, topic: t.ID})
		}
	}
	for k, list := range m.byFirst {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
		m.byFirst[k] = list
	}
	return m
}

// word is a run of letters and digits at a byte offset of its text.
type word struct {
	text       string
	start, end int
}

// words splits s at anything that is not a letter or digit: "S3Client" is
// one word, "S3-compatible" is two.
func words(s string) []word { return wordsN(s, -1) }

// wordsN is words stopping after n words (all of them when n < 0).
func wordsN(s string, n int) []word {
	var out []word
	start := -1
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			out = append(out, word{s[start:i], start, i})
			start = -1
			if len(out) == n {
				return out
			}
		}
	}
	if start >= 0 {
		out = append(out, word{s[start:], start, len(s)})
	}
	return out
}

// match finds the first name in s not yet linked; it returns the byte span
// and topic. Words are looked up as they are scanned, without allocating;
// the following words are split out only when a first word is a candidate.
func (m *matcher) match(s string, done map[string]bool, self string) (start, end int, topic string, ok bool) {
	var buf [64]byte
	wordStart := -1
	for i := 0; i <= len(s); {
		r, size := rune(' '), 1
		if i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				r = rune(c)
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		alnum := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if alnum && wordStart < 0 {
			wordStart = i
		}
		if !alnum && wordStart >= 0 {
			w := s[wordStart:i]
			key := lowerInto(buf[:0], w)
			if cands := m.byFirst[string(key)]; len(cands) > 0 {
				if a, b, t, found := m.matchAt(s, wordStart, cands, done, self); found {
					return a, b, t, true
				}
			}
			wordStart = -1
		}
		i += size
	}
	return 0, 0, "", false
}

// lowerInto appends s lower-cased to b (ASCII fast, Unicode otherwise).
func lowerInto(b []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

// matchAt tries the candidate names at the word starting at byte at.
func (m *matcher) matchAt(s string, at int, cands []name, done map[string]bool, self string) (start, end int, topic string, ok bool) {
	longest := 0
	for _, n := range cands {
		longest = max(longest, len(n.words))
	}
	ws := wordsN(s[at:], longest)
	for _, n := range cands {
		if done[n.topic] || n.topic == self || len(n.words) > len(ws) {
			continue
		}
		if !sameWords(s[at:], ws[:len(n.words)], n) {
			continue
		}
		last := ws[len(n.words)-1]
		return at + ws[0].start, at + last.end, n.topic, true
	}
	return 0, 0, "", false
}

// sameWords compares words with a name: folded or exact, separated by
// spaces only.
func sameWords(s string, ws []word, n name) bool {
	for k, w := range ws {
		if n.exact && w.text != n.words[k] || !n.exact && !strings.EqualFold(w.text, n.words[k]) {
			return false
		}
		if k > 0 && strings.TrimSpace(s[ws[k-1].end:w.start]) != "" {
			return false
		}
	}
	return true
}

// autolink links the first mention of each topic in prose to the topic.
// Headings, code, links, images, question texts, callout titles (which are
// not in the tree) and diagram art (code) are never touched.
func (m *matcher) autolink(root ast.Node, src []byte, self string) map[*ast.Link]bool {
	made := map[*ast.Link]bool{}
	if m == nil || len(m.byFirst) == 0 {
		return made
	}
	done := map[string]bool{}
	var texts []*ast.Text
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.Link, *ast.Image, *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML,
			*ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *Ask:
			if n.Parent().(*Container).Variant == "question" {
				return ast.WalkSkipChildren, nil
			}
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		m.linkText(t, src, done, self, made)
	}
	return made
}

// linkText links names in one text node, splitting it around each link.
func (m *matcher) linkText(t *ast.Text, src []byte, done map[string]bool, self string, made map[*ast.Link]bool) {
	for {
		seg := t.Segment
		s := string(seg.Value(src))
		start, end, topic, ok := m.match(s, done, self)
		if !ok {
			return
		}
		done[topic] = true
		parent := t.Parent()
		link := ast.NewLink()
		link.Destination = []byte(topic)
		made[link] = true
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+end)))
		if start > 0 {
			before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+start))
			parent.InsertBefore(parent, t, before)
		}
		parent.InsertBefore(parent, t, link)
		rest := text.NewSegment(seg.Start+end, seg.Stop)
		if rest.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
			parent.RemoveChild(parent, t)
			return
		}
		t.Segment = rest
		if rest.Len() == 0 {
			return
		}
	}
}
