package load

import "testing"

func TestSplit(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		fm, body   string
		ok, closed bool
	}{
		{"plain", "---\ntitle: x\n---\nbody\n", "title: x\n", "body\n", true, true},
		{"crlf", "---\r\ntitle: x\r\n---\r\nbody", "title: x\r\n", "body", true, true},
		{"empty fm", "---\n---\nbody", "", "body", true, true},
		{"no fm", "# hi\n", "", "# hi\n", false, false},
		{"dashes later", "text\n---\nmore", "", "text\n---\nmore", false, false},
		{"unclosed", "---\ntitle: x\n", "title: x\n", "", true, false},
		{"fence at eof", "---\ntitle: x\n---", "title: x\n", "", true, true},
		{"four dashes is not a fence", "----\nx\n", "", "----\nx\n", false, false},
		{"trailing spaces", "---  \na: 1\n--- \nb", "a: 1\n", "b", true, true},
		{"empty", "", "", "", false, false},
	}
	for _, tt := range tests {
		fm, fmOff, bodyOff, ok, closed := Split([]byte(tt.src))
		if ok != tt.ok || closed != tt.closed || string(fm) != tt.fm || tt.src[bodyOff:] != tt.body {
			t.Errorf("%s: Split = (%q, body %q, ok %v, closed %v), want (%q, %q, %v, %v)",
				tt.name, fm, tt.src[bodyOff:], ok, closed, tt.fm, tt.body, tt.ok, tt.closed)
		}
		if ok && tt.src[fmOff:fmOff+len(fm)] != string(fm) {
			t.Errorf("%s: fmOff %d does not locate the front matter", tt.name, fmOff)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"---\ntitle: x\n---\nbody\n", "---\n", "---\r\n---\r\n", "x\n---\n", "", "---"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fm, fmOff, bodyOff, ok, closed := Split([]byte(src))
		if bodyOff < 0 || bodyOff > len(src) {
			t.Fatalf("bodyOff %d out of range", bodyOff)
		}
		if !ok {
			if bodyOff != 0 || fm != nil || closed {
				t.Fatalf("no front matter but bodyOff=%d fm=%q closed=%v", bodyOff, fm, closed)
			}
			return
		}
		if fmOff+len(fm) > bodyOff || src[fmOff:fmOff+len(fm)] != string(fm) {
			t.Fatalf("front matter %q not at %d before body %d", fm, fmOff, bodyOff)
		}
	})
}
