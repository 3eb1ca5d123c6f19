package diag

import "testing"

func TestFilePos(t *testing.T) {
	f := NewFile("a.md", []byte("ab\ncd\n\nxyz"))
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3},
		{10, 4, 4}, {99, 4, 4}, {-5, 1, 1},
	}
	for _, tt := range tests {
		got := f.Pos(tt.off)
		if got.Line != tt.line || got.Col != tt.col || got.File != "a.md" {
			t.Errorf("Pos(%d) = %v, want a.md:%d:%d", tt.off, got, tt.line, tt.col)
		}
		if tt.off >= 0 && tt.off <= 10 {
			if back := f.Offset(got.Line, got.Col); back != tt.off {
				t.Errorf("Offset(%d,%d) = %d, want %d", got.Line, got.Col, back, tt.off)
			}
		}
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		p    Pos
		want string
	}{
		{Pos{"a.md", 3, 4}, "a.md:3:4"},
		{Pos{"a.md", 3, 0}, "a.md:3"},
		{Pos{"a.md", 0, 0}, "a.md"},
		{Pos{}, "-"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestListSort(t *testing.T) {
	var l List
	l.Add(Pos{"b.md", 1, 1}, "second file")
	l.Warn(Pos{"a.md", 2, 1}, "a warning")
	l.Add(Pos{"a.md", 2, 1}, "an error")
	l.Add(Pos{"a.md", 1, 5}, "first")
	l.Add(Pos{"a.md", 1, 5}, "first")
	got := l.Sort().String()
	want := "a.md:1:5: first\na.md:2:1: an error\na.md:2:1: warning: a warning\nb.md:1:1: second file\n"
	if got != want {
		t.Errorf("sorted:\n%s\nwant:\n%s", got, want)
	}
	if l := l.Sort(); l.Errors() != 3 || l.Warnings() != 1 || !l.Failed(false) {
		t.Errorf("counts: %d errors, %d warnings", l.Errors(), l.Warnings())
	}
	var w List
	w.Warn(Pos{"a.md", 1, 1}, "w")
	if w.Failed(false) || !w.Failed(true) {
		t.Error("a warning fails only a strict build")
	}
}

func TestSuggest(t *testing.T) {
	fields := []string{"title", "module", "description", "access", "topics", "draft", "updated"}
	tests := []struct{ in, want string }{
		{"acess", "access"},
		{"titel", "title"},
		{"descripton", "description"},
		{"topic", "topics"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, fields); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
