package search

import "testing"

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short text", 20, "short text"},
		{"  spaced \n\t out  ", 20, "spaced out"},
		{"one two three four five", 13, "one two…"},
		{"abcdefghijklmnop", 5, "abcde…"},
		{"één twee drie vier", 9, "één twee…"},
		{"", 5, ""},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestFirstSentences(t *testing.T) {
	s := "First one. Second one is longer. Third."
	if got := firstSentences(s, 20); got != "First one." {
		t.Errorf("firstSentences = %q", got)
	}
	if got := firstSentences(s, 100); got != s {
		t.Errorf("firstSentences = %q", got)
	}
}

func FuzzTruncate(f *testing.F) {
	f.Add("one two three", 5)
	f.Add("  \u00a0é ", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			return
		}
		out := []rune(truncate(s, n))
		if len(out) > n+1 {
			t.Fatalf("truncate(%q, %d) has %d runes", s, n, len(out))
		}
	})
}
