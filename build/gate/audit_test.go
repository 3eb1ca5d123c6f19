package gate

import (
	"strings"
	"testing"

	"sitegen/build/diag"
)

func TestAudit(t *testing.T) {
	secret := "The shard iterator expires after five minutes, so checkpoint before every long pause."
	a := NewAuditor([]Secret{
		{Pos: diag.Pos{File: "m.md", Line: 9, Col: 1}, Text: secret},
		{Pos: diag.Pos{File: "m.md", Line: 12, Col: 1}, Text: "Too short to matter here."},
		{Pos: diag.Pos{File: "m.md", Line: 14, Col: 1}, Text: "By the end of this module you will be able to do things."},
	}, []string{"By the end of this module you will be able to build a pipeline."})
	tests := []struct {
		name, path, data string
		leak             bool
	}{
		{"plain html", "a/index.html", "<p>" + secret + "</p>", true},
		{"split by inline tags", "a/index.html", "<p>The <strong>shard</strong> iterator <code>expires</code> after five minutes, so checkpoint before every long pause.</p>", true},
		{"entity-encoded", "a/index.html", "<p>The shard iterator &#101;xpires after five minutes, so checkpoint before every long pause</p>", true},
		{"in a meta attribute", "a/index.html", `<meta name="description" content="the SHARD   iterator expires after five minutes, so checkpoint before every long pause">`, true},
		{"in a comment", "a/index.html", "<!-- the shard iterator expires after five minutes so checkpoint before every long pause -->", true},
		{"json escapes in a script", "a/index.html", `<script type="application/ld+json">{"text":"the shard iterator \u0065xpires after five minutes, so checkpoint before every long pause"}</script>`, true},
		{"search json", "search.json", `{"d":[["the shard iterator expires after five minutes, so checkpoint before every long pause"]]}`, true},
		{"xml feed", "feed.xml", "<summary>the shard iterator expires after five minutes, so checkpoint before every long pause</summary>", true},
		{"plain text", "robots.txt", "the shard iterator expires after five minutes so checkpoint before every long pause", true},
		{"a block's first sixteen words", "a/index.html", "<p>x The shard iterator expires after five minutes, so checkpoint before every long pause. And more.</p>", true},
		{"eight words are not enough", "a/index.html", "<p>the shard iterator expires after five minutes, so</p>", false},
		{"seven words only", "a/index.html", "<p>the shard iterator expires after five minutes</p>", false},
		{"public phrase shared with a secret", "a/index.html", "<p>By the end of this module you will be able to</p>", false},
		{"unrelated", "a/index.html", "<p>Nothing to see here at all, just a page about other matters entirely.</p>", false},
	}
	for _, tt := range tests {
		leaks := a.Audit([]Artifact{{Path: tt.path, Data: []byte(tt.data)}})
		if (len(leaks) > 0) != tt.leak {
			t.Errorf("%s: leaks = %v, want leak %v", tt.name, leaks, tt.leak)
		}
		if tt.leak && len(leaks) > 0 && (leaks[0].Secret.Pos.Line != 9 || leaks[0].Artifact != tt.path) {
			t.Errorf("%s: leak = %+v, want the block at line 9 in %s", tt.name, leaks[0], tt.path)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	got := strings.Join(Decode(Artifact{Path: "x.json", Data: []byte(`{"a":["x &amp; y","\u003cb\u003e"]}`)}), "|")
	if !strings.Contains(got, "x & y") || !strings.Contains(got, "<b>") {
		t.Errorf("Decode = %q", got)
	}
}

func FuzzAuditDecode(f *testing.F) {
	f.Add("x.html", "<p a='1'>t &amp; \\u0041</p><!-- c -->")
	f.Add("x.json", `{"a":[1,"b"]}`)
	f.Add("x.txt", `\u12`)
	f.Fuzz(func(t *testing.T, name, data string) {
		a := NewAuditor([]Secret{{Text: "one two three four five six seven eight"}}, nil)
		a.Audit([]Artifact{{Path: name, Data: []byte(data)}})
	})
}
