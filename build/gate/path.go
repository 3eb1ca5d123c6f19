package gate

import (
	"errors"
	"net/url"
	"path"
	"strings"
)

// ErrAmbiguous is a request path the gate will not interpret: it fails closed.
var ErrAmbiguous = errors.New("ambiguous request path")

// Normalize turns a request's escaped path into the one path the rules are
// matched against: percent-escapes decoded (repeatedly, so that double
// encoding cannot hide a segment), backslashes treated as slashes, repeated
// slashes collapsed, dot segments resolved, lower-cased (every URL the site
// writes is lower case), with the trailing slash kept. Control characters
// or undecodable escapes are ambiguous.
func Normalize(escaped string) (string, error) {
	p := escaped
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for i := 0; strings.Contains(p, "%"); i++ {
		d, err := url.PathUnescape(p)
		if err != nil || i > 3 {
			return "", ErrAmbiguous
		}
		p = d
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return "", ErrAmbiguous
		}
	}
	p = strings.ReplaceAll(p, "\\", "/")
	trailing := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
	p = path.Clean("/" + p)
	if trailing && p != "/" {
		p += "/"
	}
	return strings.ToLower(p), nil
}
