package diag

import (
	"sort"
)

// File maps byte offsets of one source file to line and column. It indexes
// line starts lazily, once, so converting many offsets stays cheap.
type File struct {
	Name  string
	Src   []byte
	lines []int
}

// NewFile returns a File for src named name (relative, slash-separated).
func NewFile(name string, src []byte) *File { return &File{Name: name, Src: src} }

// Pos converts a byte offset into the file to a position. Offsets past the
// end clamp to the end, so a diagnostic is never lost to a bad offset.
func (f *File) Pos(offset int) Pos {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	if offset < 0 {
		offset = 0
	}
	if offset > len(f.Src) {
		offset = len(f.Src)
	}
	i := sort.SearchInts(f.lines, offset+1) - 1
	return Pos{File: f.Name, Line: i + 1, Col: offset - f.lines[i] + 1}
}

// Offset returns the byte offset of a 1-based line and column, the inverse of Pos.
func (f *File) Offset(line, col int) int {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return len(f.Src)
	}
	off := f.lines[line-1] + col - 1
	if off > len(f.Src) {
		off = len(f.Src)
	}
	return off
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
