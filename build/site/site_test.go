package site

import (
	"testing"

	"sitegen/build/load"
)

func TestRelPath(t *testing.T) {
	tests := []struct{ dir, target, want string }{
		{"content/modules/01-a", "content/modules/01-a/02-x.md", "02-x.md"},
		{"content/modules/01-a", "content/modules/02-b/05-y.md", "../02-b/05-y.md"},
		{"content/modules/01-a", "content/topics/s3.md", "../../topics/s3.md"},
		{"content/pages", "content/_index.md", "../_index.md"},
	}
	for _, tt := range tests {
		if got := relPath(tt.dir, tt.target); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.target, got, tt.want)
		}
	}
}

func TestRelated(t *testing.T) {
	mod := func(n int) *Module { return &Module{Src: &load.Module{Number: n}} }
	m1, m2, m3, m4 := mod(1), mod(2), mod(3), mod(4)
	common := &Topic{Modules: []*Module{m1, m2, m3, m4}} // on every module: weak evidence
	rare := &Topic{Modules: []*Module{m1, m4}}           // on two: strong evidence
	m1.Topics = []*Topic{common, rare}
	got := related(m1, 2)
	if len(got) != 2 || got[0] != m4 || got[1] != m2 {
		t.Errorf("related(m1) = %v, want [4 2]: the rare shared topic first, then the nearest", nums(got))
	}
	if r := related(m3, 5); len(r) != 0 {
		t.Errorf("a module without topics has related modules: %v", nums(r))
	}
}

func nums(ms []*Module) []int {
	var out []int
	for _, m := range ms {
		out = append(out, m.Src.Number)
	}
	return out
}

func TestLinkDirections(t *testing.T) {
	a, b := &Module{Src: &load.Module{Number: 3}}, &Module{Src: &load.Module{Number: 7}}
	link(b, a) // module 7 links back to module 3
	link(a, b) // and 3 forward to 7: recorded once
	if len(b.BuildsOn) != 1 || b.BuildsOn[0] != a || len(a.LeadsTo) != 1 || a.LeadsTo[0] != b {
		t.Errorf("7 builds on %v, 3 leads to %v", nums(b.BuildsOn), nums(a.LeadsTo))
	}
}
