package gate

import (
	"fmt"
	"strconv"
	"strings"
)

// Rule is one line of Netlify's _redirects file.
type Rule struct {
	From   string // path pattern; may end in /* (the splat)
	To     string // target; :splat is replaced by what * matched
	Status int
	Force  bool   // "!": applies even when a file exists at From
	Role   string // Role=<name>: applies only to visitors with that role
}

func (r Rule) String() string {
	s := fmt.Sprintf("%s  %s  %d", r.From, r.To, r.Status)
	if r.Force {
		s += "!"
	}
	if r.Role != "" {
		s += "  Role=" + r.Role
	}
	return s
}

// ModuleRule names a premium module's two URLs.
type ModuleRule struct {
	Public string // /modules/<slug>/
	Full   string // /premium/<slug>/
}

// Redirects returns the _redirects rules: the gate pair first and forced
// (members get /premium/*, everyone else the pricing page), then, for each
// premium module, a forced role-conditioned rewrite of its public URL to
// its full view. No rule without the role condition targets /premium/.
func Redirects(role string, modules []ModuleRule) []Rule {
	rules := []Rule{
		{From: "/premium/*", To: "/premium/:splat", Status: 200, Force: true, Role: role},
		{From: "/premium/*", To: "/pricing/", Status: 302, Force: true},
	}
	for _, m := range modules {
		rules = append(rules, Rule{From: m.Public, To: m.Full, Status: 200, Force: true, Role: role})
		rules = append(rules, Rule{From: m.Public + "index.html", To: m.Full, Status: 200, Force: true, Role: role})
	}
	return rules
}

// FormatRedirects writes rules in _redirects syntax.
func FormatRedirects(rules []Rule) []byte {
	var b strings.Builder
	b.WriteString("# Written by sitegen: the gate rules stand first and are forced.\n")
	for _, r := range rules {
		b.WriteString(r.String())
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// ParseRedirects reads a _redirects file (the subset sitegen writes and
// Netlify documents: from, to, status with optional !, Role= conditions).
func ParseRedirects(data []byte) ([]Rule, error) {
	var rules []Rule
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("_redirects:%d: a rule needs a source and a target", i+1)
		}
		r := Rule{From: f[0], To: f[1], Status: 301}
		for _, field := range f[2:] {
			switch {
			case strings.HasPrefix(field, "Role="):
				r.Role = strings.TrimPrefix(field, "Role=")
			case field != "" && field[0] >= '0' && field[0] <= '9':
				code, force := strings.CutSuffix(field, "!")
				n, err := strconv.Atoi(code)
				if err != nil {
					return nil, fmt.Errorf("_redirects:%d: bad status %q", i+1, field)
				}
				r.Status, r.Force = n, force
			default:
				return nil, fmt.Errorf("_redirects:%d: unsupported field %q", i+1, field)
			}
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// Match reports whether path matches the rule's source, and the target with
// :splat filled in.
func (r Rule) Match(path string) (string, bool) {
	if prefix, ok := strings.CutSuffix(r.From, "*"); ok {
		if !strings.HasPrefix(path, prefix) && path+"/" != prefix {
			return "", false
		}
		splat := strings.TrimPrefix(path, prefix)
		return strings.ReplaceAll(r.To, ":splat", splat), true
	}
	// Netlify matches with and without a trailing slash alike.
	if strings.TrimSuffix(path, "/") == strings.TrimSuffix(r.From, "/") {
		return r.To, true
	}
	return "", false
}
