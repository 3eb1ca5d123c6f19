package gate

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"html"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"

	"sitegen/build/diag"
	"sitegen/build/par"
)

// Window is the fingerprint size in words: a text block of fewer words is
// too short to be told apart from ordinary phrasing, and is not audited.
const Window = 8

// Run is how many consecutive words of a block must appear in a public
// file for a leak (a shorter block: all of it). Eight shared words can be
// coincidence (a module's number and title quoted in its own body); a
// sixteen-word run of the same block is not.
const Run = 16

// Secret is a text block of a premium body, past the teaser.
type Secret struct {
	Pos  diag.Pos
	Text string
}

// Artifact is a file served without a role.
type Artifact struct {
	Path string
	Data []byte
}

// Auditor finds premium text in public artifacts. Every run of Window
// consecutive words of a secret block is a fingerprint; fingerprints that
// also occur in text meant to be public (teasers, free modules, question
// texts, headings) are dropped, since they prove nothing. Artifacts are
// decoded to text (HTML entities, JSON escapes, attribute values, comments)
// and folded (case, punctuation, white space) before they are searched.
type Auditor struct {
	basis   uint64 // per-auditor hash seed
	secrets []Secret
	need    []int          // per secret: how many consecutive windows make a leak
	prints  map[uint64]ref // fingerprint → where it stands in a secret
	// filter has a bit set for every fingerprint's top bits: almost every
	// window of a public file misses it, at the cost of one cached load.
	filter []uint64
}

const filterBits = 23 // 8 Mbit, 1 MiB

// ref is a fingerprint's place: which secret, and which of its windows.
type ref struct{ secret, at int32 }

func (a *Auditor) mayHave(h uint64) bool {
	i := h >> (64 - filterBits)
	return a.filter[i/64]&(1<<(i%64)) != 0
}

// NewAuditor indexes the secrets, minus what public texts also say.
func NewAuditor(secrets []Secret, public []string) *Auditor {
	a := &Auditor{basis: 14695981039346656037 ^ maphash.Comparable(maphash.MakeSeed(), len(secrets)), secrets: secrets, prints: map[uint64]ref{}}
	a.need = make([]int, len(secrets))
	// Hash on all cores, then index in secret order (the first place of a
	// repeated window wins, as it would serially).
	hashes := make([][]uint64, len(secrets))
	par.For(len(secrets), func(i int) {
		a.windows(secrets[i].Text, func(h uint64) { hashes[i] = append(hashes[i], h) })
	})
	for i, hs := range hashes {
		for n, h := range hs {
			if _, seen := a.prints[h]; !seen {
				a.prints[h] = ref{secret: int32(i), at: int32(n)}
			}
		}
		// n windows means n+Window-1 words.
		a.need[i] = min(len(hs), Run-Window+1)
	}
	a.filter = make([]uint64, (1<<filterBits)/64)
	for h := range a.prints {
		i := h >> (64 - filterBits)
		a.filter[i/64] |= 1 << (i % 64)
	}
	drop := make([][]uint64, len(public))
	par.For(len(public), func(i int) {
		a.windows(public[i], func(h uint64) {
			if a.mayHave(h) {
				drop[i] = append(drop[i], h)
			}
		})
	})
	for _, hs := range drop {
		for _, h := range hs {
			delete(a.prints, h)
		}
	}
	return a
}

// Leak is premium text found in a public artifact.
type Leak struct {
	Secret   Secret
	Artifact string
}

// Audit searches every artifact, on all cores, and reports each secret
// block found, once per artifact, in a fixed order.
func (a *Auditor) Audit(artifacts []Artifact) []Leak {
	if len(a.prints) == 0 {
		return nil
	}
	found := make([][]int, len(artifacts))
	par.For(len(artifacts), func(i int) {
		seen := map[int]bool{}
		for _, seg := range Decode(artifacts[i]) {
			// A run is consecutive windows of the file that are consecutive
			// windows of one secret block.
			var prev ref
			run := 0
			a.windows(seg, func(h uint64) {
				r, ok := ref{}, false
				if a.mayHave(h) {
					r, ok = a.prints[h]
				}
				switch {
				case !ok:
					run = 0
					return
				case run > 0 && r.secret == prev.secret && r.at == prev.at+1:
					run++
				default:
					run = 1
				}
				prev = r
				if s := int(r.secret); run >= a.need[s] && !seen[s] {
					seen[s] = true
					found[i] = append(found[i], s)
				}
			})
		}
	})
	var leaks []Leak
	for i, list := range found {
		slices.Sort(list)
		for _, s := range list {
			leaks = append(leaks, Leak{Secret: a.secrets[s], Artifact: artifacts[i].Path})
		}
	}
	return leaks
}

// windows calls fn with the hash of every run of Window words of text.
// Words are hashed (FNV-1a over folded runes) and combined by a
// polynomial rolling hash, so each window costs a multiply and an add.
func (a *Auditor) windows(text string, fn func(uint64)) {
	const prime = 1099511628211
	var ring [Window]uint64
	var h, word uint64
	n, inWord := 0, false
	for i := 0; i <= len(text); {
		var r rune = ' '
		size := 1
		if i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				r = rune(c)
			} else {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
		}
		i += size
		alnum := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if alnum {
			if !inWord {
				word, inWord = a.basis, true
			}
			if r < utf8.RuneSelf {
				if r >= 'A' && r <= 'Z' {
					r += 'a' - 'A'
				}
			} else {
				r = unicode.ToLower(r)
			}
			word = (word ^ uint64(r)) * prime
			continue
		}
		if !inWord {
			continue
		}
		inWord = false
		// h is the sum of word_k * base^(Window-1-k) over the last Window words.
		h = h*rollBase + word - ring[n%Window]*rollTop
		ring[n%Window] = word
		n++
		if n >= Window {
			fn(h)
		}
	}
}

// rollBase is the rolling hash's base; rollTop is rollBase^Window, which
// removes the word that leaves the window.
const rollBase = 0x9E3779B97F4A7C15

var rollTop = func() uint64 {
	t := uint64(1)
	for i := 0; i < Window; i++ {
		t *= rollBase
	}
	return t
}()

// Decode turns an artifact into the texts a reader or a crawler could get
// from it: for HTML and XML the text, comments and attribute values with
// entities decoded (and JSON escapes inside scripts); for JSON every string;
// for anything else its text.
func Decode(f Artifact) []string {
	switch path.Ext(f.Path) {
	case ".html", ".htm", ".xml", ".svg":
		return decodeMarkup(f.Data)
	case ".json":
		if json.Valid(f.Data) {
			return jsonStringLiterals(f.Data)
		}
	}
	return []string{unescapeAll(string(f.Data))}
}

func decodeMarkup(data []byte) []string {
	l := htmllex.NewLexer(parse.NewInputBytes(data))
	var text strings.Builder
	var attrs []string
	for {
		tt, raw := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			return append([]string{text.String()}, attrs...)
		case htmllex.TextToken, htmllex.CommentToken:
			if bytes.ContainsAny(raw, "&\\") {
				text.WriteString(unescapeAll(string(raw)))
			} else {
				text.Write(raw)
			}
			text.WriteByte(' ')
		case htmllex.AttributeToken:
			v := l.AttrVal()
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
				v = v[1 : len(v)-1]
			}
			if len(bytes.TrimSpace(v)) > 0 {
				attrs = append(attrs, unescapeAll(string(v)))
			}
		}
	}
}

// unescapeAll undoes HTML entities (twice, for double escaping) and JSON
// string escapes, so that escaping cannot hide a leak.
func unescapeAll(s string) string {
	if !strings.ContainsAny(s, "&\\") {
		return s
	}
	s = html.UnescapeString(html.UnescapeString(s))
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case 'u':
			if i+6 <= len(s) {
				if r, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += 5
					continue
				}
			}
			b.WriteByte(s[i])
		case 'n', 't', 'r':
			b.WriteByte(' ')
			i++
		case '"', '\\', '/':
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// jsonStringLiterals returns every string of a valid JSON document,
// unescaped, scanning the bytes rather than building a tree.
func jsonStringLiterals(data []byte) []string {
	var out []string
	for i := 0; i < len(data); i++ {
		if data[i] != '"' {
			continue
		}
		j, escaped := i+1, false
		for ; j < len(data) && data[j] != '"'; j++ {
			if data[j] == '\\' {
				escaped = true
				j++
			}
		}
		lit := data[i : j+1]
		if escaped {
			if s, err := strconv.Unquote(string(lit)); err == nil {
				out = append(out, unescapeAll(s))
			} else {
				var v string
				json.Unmarshal(lit, &v)
				out = append(out, unescapeAll(v))
			}
		} else {
			out = append(out, unescapeAll(string(lit[1:len(lit)-1])))
		}
		i = j
	}
	return out
}
