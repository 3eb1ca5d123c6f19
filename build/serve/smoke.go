package serve

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"sitegen/build/gate"
)

// Smoke checks a deployed site from outside, as an anonymous visitor: every
// public page of the sitemap answers 200 with the security headers; every
// premium full view, asked for in every bypass form, answers with the
// pricing redirect and never the content; premium responses are not
// cached; fingerprinted assets are cached immutably. premium lists the
// premium modules' full-view paths (from the build's _redirects).
type Smoke struct {
	Base    *url.URL
	Premium []string
	Client  *http.Client
	Log     io.Writer
}

// Problem is one failed check.
type Problem struct {
	URL string
	Msg string
}

func (p Problem) String() string { return p.URL + ": " + p.Msg }

// PremiumPaths reads the premium full-view paths from a _redirects file.
func PremiumPaths(redirects []byte) ([]string, error) {
	rules, err := gate.ParseRedirects(redirects)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rules {
		if r.Role != "" && strings.HasPrefix(r.To, "/premium/") && !strings.Contains(r.To, ":splat") && !slices.Contains(out, r.To) {
			out = append(out, r.To)
		}
	}
	return out, nil
}

// Bypasses are the spellings of a premium path that a host must treat as
// the path itself (or refuse): the gate's normalisation table.
func Bypasses(p string) []string {
	rest := strings.TrimPrefix(p, "/premium/")
	return []string{
		p, strings.TrimSuffix(p, "/"), p + "index.html", "/" + p,
		"/premium%2F" + rest, "/premium%252F" + rest, "/%70remium/" + rest,
		"/Premium/" + rest, strings.ToUpper(p), "/./premium/" + rest,
		"/modules/../premium/" + rest, "/modules/..%2Fpremium/" + rest,
		p + "?preview=1", p + "#top", "/premium/./" + rest, "/premium//" + rest,
	}
}

// Run performs every check and returns the problems found.
func (s *Smoke) Run(ctx context.Context) []Problem {
	var probs []Problem
	fail := func(u, format string, args ...any) {
		probs = append(probs, Problem{URL: u, Msg: fmt.Sprintf(format, args...)})
	}
	pages, err := s.sitemap(ctx)
	if err != nil {
		return []Problem{{URL: s.abs("/sitemap.xml"), Msg: err.Error()}}
	}
	assets := map[string]bool{}
	for _, p := range pages {
		resp, body, err := s.get(ctx, p)
		if err != nil {
			fail(s.abs(p), "%v", err)
			continue
		}
		if resp.StatusCode != http.StatusOK {
			fail(s.abs(p), "status %d, want 200", resp.StatusCode)
			continue
		}
		for _, msg := range securityProblems(resp.Header) {
			fail(s.abs(p), "%s", msg)
		}
		if strings.Contains(body, "premium-body") {
			fail(s.abs(p), "an anonymous visitor got a premium full view")
		}
		for _, m := range assetRef.FindAllStringSubmatch(body, -1) {
			assets[m[1]] = true
		}
	}
	for _, a := range sortedKeys(assets) {
		resp, _, err := s.get(ctx, a)
		if err != nil {
			fail(s.abs(a), "%v", err)
			continue
		}
		if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || !strings.Contains(cc, "immutable") {
			fail(s.abs(a), "fingerprinted asset: status %d, Cache-Control %q, want 200 and immutable", resp.StatusCode, cc)
		}
	}
	for _, p := range s.Premium {
		for _, v := range Bypasses(p) {
			resp, body, err := s.get(ctx, v)
			if err != nil {
				fail(s.abs(v), "%v", err)
				continue
			}
			switch {
			case strings.Contains(body, "premium-body"):
				fail(s.abs(v), "LEAK: an anonymous visitor got the premium full view (status %d)", resp.StatusCode)
			case isRedirect(resp.StatusCode):
				if loc := resp.Header.Get("Location"); !strings.HasSuffix(strings.SplitN(loc, "?", 2)[0], "/pricing/") {
					fail(s.abs(v), "redirects to %q, want the pricing page", loc)
				}
			case resp.StatusCode == http.StatusOK:
				fail(s.abs(v), "answered 200 to an anonymous visitor, want the pricing redirect")
			}
			if strings.HasPrefix(v, "/premium/") && (isRedirect(resp.StatusCode) || resp.StatusCode == http.StatusOK) {
				if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
					fail(s.abs(v), "premium response with Cache-Control %q, want private, no-store", cc)
				}
			}
		}
	}
	return probs
}

var assetRef = regexp.MustCompile(`(?:href|src)="?(/(?:css|js)/[^"\s>]+\.[0-9a-f]{8}\.(?:css|js))`)

func isRedirect(code int) bool { return code >= 300 && code < 400 }

// securityProblems checks the headers every page must carry.
func securityProblems(h http.Header) []string {
	var out []string
	csp := h.Get("Content-Security-Policy")
	switch {
	case csp == "":
		out = append(out, "no Content-Security-Policy header")
	case strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval"):
		out = append(out, "Content-Security-Policy allows unsafe-inline or unsafe-eval")
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		out = append(out, "X-Content-Type-Options is not nosniff")
	}
	if h.Get("Referrer-Policy") == "" {
		out = append(out, "no Referrer-Policy header")
	}
	if h.Get("Strict-Transport-Security") == "" {
		out = append(out, "no Strict-Transport-Security header")
	}
	return out
}

func (s *Smoke) abs(p string) string { return strings.TrimSuffix(s.Base.String(), "/") + p }

// get fetches a path exactly as written (escapes kept), without following redirects.
func (s *Smoke) get(ctx context.Context, p string) (*http.Response, string, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	u := *s.Base
	raw, query, _ := strings.Cut(p, "?")
	raw, _, _ = strings.Cut(raw, "#")
	u.Path, u.RawPath, u.RawQuery = "", "", query
	u.Opaque = "//" + u.Host + strings.TrimSuffix(s.Base.Path, "/") + raw
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", err
	}
	client := *s.clientOrDefault()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp, string(body), err
}

func (s *Smoke) clientOrDefault() *http.Client {
	if s.Client != nil {
		return s.Client
	}
	return http.DefaultClient
}

// sitemap returns the paths of the sitemap's pages, on the deployed host.
func (s *Smoke) sitemap(ctx context.Context) ([]string, error) {
	resp, body, err := s.get(ctx, "/sitemap.xml")
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &sm); err != nil {
		return nil, fmt.Errorf("not a sitemap: %v", err)
	}
	var out []string
	for _, u := range sm.URLs {
		loc, err := url.Parse(u.Loc)
		if err != nil {
			return nil, fmt.Errorf("bad <loc> %q", u.Loc)
		}
		if strings.HasPrefix(loc.Path, "/premium/") {
			return nil, fmt.Errorf("the sitemap lists the premium URL %s", u.Loc)
		}
		out = append(out, loc.EscapedPath())
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the sitemap lists no pages")
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
