// Package diag owns positions and diagnostics: the one way every stage of the
// build reports a problem. It knows nothing of Markdown, YAML or the site;
// stages carry byte offsets and convert them here, once, through a File.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity orders diagnostics: errors fail a build, warnings do not (unless strict).
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a position in a source file: a slash-separated path relative to the
// source root, a 1-based line and a 1-based column counted in bytes, as Go's
// own tools print them. A zero Line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Less orders positions by file, then line, then column.
func (p Pos) Less(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Diagnostic is one problem found in the sources.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// List collects diagnostics from every stage; it is sorted before it is shown.
type List []Diagnostic

// Add appends an error at p.
func (l *List) Add(p Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: p, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warn appends a warning at p.
func (l *List) Warn(p Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: p, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Append adds all of m to l.
func (l *List) Append(m List) { *l = append(*l, m...) }

// Sort orders the list by position, then severity, then message, and drops
// exact duplicates, so that the same input always prints the same report.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos != b.Pos {
			return a.Pos.Less(b.Pos)
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Msg < b.Msg
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Errors counts the diagnostics of severity Error.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts the diagnostics of severity Warning.
func (l List) Warnings() int { return len(l) - l.Errors() }

// Failed reports whether the list holds an error, or, when strict, any diagnostic.
func (l List) Failed(strict bool) bool {
	if strict {
		return len(l) > 0
	}
	return l.Errors() > 0
}

func (l List) String() string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
