package load

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"sitegen/build/diag"
)

// frontMatter decodes one file's YAML front matter against a schema,
// reporting every problem with its position in the file, not just the first.
type frontMatter struct {
	file     *diag.File
	fmOff    int // byte offset of the YAML text inside the file
	baseLine int // the file line of the YAML text's first line
	diags    *diag.List
}

// field is one key a schema accepts: decode stores the value, or reports why not.
type field struct {
	name     string
	required bool
	decode   func(fm *frontMatter, n ast.Node)
}

// pos converts a YAML node's position to a file position.
func (fm *frontMatter) pos(n ast.Node) diag.Pos {
	if n == nil || n.GetToken() == nil {
		return fm.file.Pos(fm.fmOff)
	}
	p := n.GetToken().Position
	return diag.Pos{File: fm.file.Name, Line: fm.baseLine + p.Line - 1, Col: p.Column}
}

// parse parses the YAML text and decodes its top-level mapping by schema.
// start is the position to blame for missing required fields.
func (fm *frontMatter) parse(text []byte, start diag.Pos, schema []field) {
	if len(strings.TrimSpace(string(text))) == 0 {
		fm.mapping(nil, start, schema, "")
		return
	}
	f, err := parser.ParseBytes(text, 0)
	if err != nil {
		var ye yaml.Error
		p := start
		msg := err.Error()
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil {
				p = diag.Pos{File: fm.file.Name, Line: fm.baseLine + tk.Position.Line - 1, Col: tk.Position.Column}
			}
		}
		fm.diags.Add(p, "invalid YAML in front matter: %s (check indentation, and quote values that contain \": \" or start with a special character)", msg)
		return
	}
	var body ast.Node
	if len(f.Docs) > 0 {
		body = f.Docs[0].Body
	}
	if len(f.Docs) > 1 {
		fm.diags.Add(fm.pos(f.Docs[1].Body), "front matter holds more than one YAML document (remove the extra \"---\")")
	}
	fm.mapping(body, start, schema, "")
}

// mapping decodes a mapping node by schema; prefix names the enclosing key
// in messages ("plans[0].").
func (fm *frontMatter) mapping(n ast.Node, start diag.Pos, schema []field, prefix string) {
	var pairs []*ast.MappingValueNode
	switch m := unwrap(n).(type) {
	case nil, *ast.NullNode:
	case *ast.MappingNode:
		pairs = m.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{m}
	default:
		fm.diags.Add(fm.pos(n), "%sfront matter must be a mapping of fields (key: value), got %s", prefix, kind(n))
		return
	}
	names := make([]string, len(schema))
	for i, f := range schema {
		names[i] = f.name
	}
	seen := map[string]bool{}
	for _, kv := range pairs {
		key := keyString(kv.Key)
		i := slices.Index(names, key)
		if i < 0 {
			fm.diags.Add(fm.pos(kv.Key), "unknown field %q%s", prefix+key, hintOr(key, names))
			continue
		}
		if seen[key] {
			fm.diags.Add(fm.pos(kv.Key), "field %q is set twice (keep one)", prefix+key)
			continue
		}
		seen[key] = true
		schema[i].decode(fm, kv.Value)
	}
	for _, f := range schema {
		if f.required && !seen[f.name] {
			fm.diags.Add(start, "missing required field %q (add `%s: …` to the front matter)", prefix+f.name, f.name)
		}
	}
}

func hintOr(key string, names []string) string {
	if h := diag.Hint(key, names); h != "" {
		return h
	}
	return " (known fields: " + strings.Join(names, ", ") + ")"
}

func keyString(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	return strings.TrimSpace(k.String())
}

// unwrap skips tags and anchors to the value they decorate.
func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.AnchorNode:
			n = t.Value
		default:
			return n
		}
	}
}

func kind(n ast.Node) string {
	switch unwrap(n).(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.StringNode, *ast.LiteralNode:
		return "text"
	case *ast.IntegerNode:
		return "a number"
	case *ast.FloatNode:
		return "a decimal number"
	case *ast.BoolNode:
		return "true/false"
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	}
	return "a " + strings.ToLower(n.Type().String())
}

// str decodes a non-empty text value.
func str(name string, dst *string) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		switch v := unwrap(n).(type) {
		case *ast.StringNode:
			*dst = v.Value
		case *ast.LiteralNode:
			*dst = strings.TrimRight(v.Value.Value, "\n")
		default:
			fm.diags.Add(fm.pos(n), "field %q must be text, got %s (put the value in quotes)", name, kind(n))
			return
		}
		if strings.TrimSpace(*dst) == "" {
			fm.diags.Add(fm.pos(n), "field %q is empty (give it a value or remove it)", name)
		}
	}
}

// integer decodes a whole number.
func integer(name string, dst *int, at *diag.Pos) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		*at = fm.pos(n)
		v, ok := unwrap(n).(*ast.IntegerNode)
		if !ok {
			fm.diags.Add(fm.pos(n), "field %q must be a whole number, got %s", name, kind(n))
			return
		}
		i, err := strconv.Atoi(fmt.Sprint(v.Value))
		if err != nil {
			fm.diags.Add(fm.pos(n), "field %q: %v", name, err)
			return
		}
		*dst = i
	}
}

// number decodes an integer or decimal amount (prices).
func number(name string, dst *float64) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		switch v := unwrap(n).(type) {
		case *ast.IntegerNode:
			f, _ := strconv.ParseFloat(fmt.Sprint(v.Value), 64)
			*dst = f
		case *ast.FloatNode:
			*dst = v.Value
		default:
			fm.diags.Add(fm.pos(n), "field %q must be a number, got %s", name, kind(n))
		}
	}
}

func boolean(name string, dst *bool) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		v, ok := unwrap(n).(*ast.BoolNode)
		if !ok {
			fm.diags.Add(fm.pos(n), "field %q must be true or false, got %s", name, kind(n))
			return
		}
		*dst = v.Value
	}
}

// list decodes a list of non-empty texts, keeping each item's position.
func list(name string, dst *[]string, at *[]diag.Pos) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		seq, ok := unwrap(n).(*ast.SequenceNode)
		if !ok {
			if s, isStr := unwrap(n).(*ast.StringNode); isStr {
				fm.diags.Add(fm.pos(n), "field %q must be a list, got text (write [%s])", name, s.Value)
			} else {
				fm.diags.Add(fm.pos(n), "field %q must be a list of texts, got %s", name, kind(n))
			}
			return
		}
		for _, item := range seq.Values {
			s, ok := unwrap(item).(*ast.StringNode)
			if !ok || strings.TrimSpace(s.Value) == "" {
				fm.diags.Add(fm.pos(item), "each item of %q must be non-empty text, got %s", name, kind(item))
				continue
			}
			*dst = append(*dst, s.Value)
			if at != nil {
				*at = append(*at, fm.pos(item))
			}
		}
	}
}

// access decodes free|premium.
func access(dst *string, at *diag.Pos) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		*at = fm.pos(n)
		var s string
		str("access", &s)(fm, n)
		if s == "" {
			return
		}
		if s != Free && s != Premium {
			fm.diags.Add(fm.pos(n), "access must be %q or %q, got %q%s", Free, Premium, s, diag.Hint(s, []string{Free, Premium}))
			return
		}
		*dst = s
	}
}

// date decodes a YYYY-MM-DD date.
func date(name string, dst *time.Time) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		var s string
		str(name, &s)(fm, n)
		if s == "" {
			return
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			fm.diags.Add(fm.pos(n), "field %q must be a date written YYYY-MM-DD, got %q", name, s)
			return
		}
		*dst = d
	}
}

// url decodes an absolute http(s) URL.
func url(name string, dst *string) func(*frontMatter, ast.Node) {
	return func(fm *frontMatter, n ast.Node) {
		str(name, dst)(fm, n)
		if *dst != "" && !strings.HasPrefix(*dst, "https://") && !strings.HasPrefix(*dst, "http://") {
			fm.diags.Add(fm.pos(n), "field %q must be an absolute URL starting with https://, got %q", name, *dst)
			*dst = ""
		}
	}
}
