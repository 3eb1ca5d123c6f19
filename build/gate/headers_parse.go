package gate

import (
	"fmt"
	"strings"
)

// HeaderRule is one path block of Netlify's _headers file.
type HeaderRule struct {
	Path   string // exact, or a prefix ending in /*
	Values [][2]string
}

// ParseHeaders reads a _headers file.
func ParseHeaders(data []byte) ([]HeaderRule, error) {
	var rules []HeaderRule
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			rules = append(rules, HeaderRule{Path: strings.TrimSpace(line)})
			continue
		}
		name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || len(rules) == 0 {
			return nil, fmt.Errorf("_headers:%d: expected \"Name: value\" under a path", i+1)
		}
		last := &rules[len(rules)-1]
		last.Values = append(last.Values, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	return rules, nil
}

// Matches reports whether the rule applies to path.
func (h HeaderRule) Matches(path string) bool {
	if prefix, ok := strings.CutSuffix(h.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == h.Path
}
