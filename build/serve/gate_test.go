package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/build/gate"
	"sitegen/layouts"
)

const canary = "zebra canary walks past the lighthouse at midnight"

func tinySite(t *testing.T) *Site {
	t.Helper()
	fsys := fstest.MapFS{
		"content/_index.md":                    {Data: []byte("---\ntitle: T\n---\n")},
		"content/pages/pricing.md":             {Data: []byte("---\ntitle: Pricing\nlayout: pricing\n---\nPlans.\n")},
		"content/modules/01-basics/_index.md":  {Data: []byte("---\ntitle: Basics\n---\n")},
		"content/modules/01-basics/01-free.md": {Data: []byte("---\ntitle: Free\nmodule: 1\ndescription: d\n---\nOpen text.\n")},
		"content/modules/01-basics/02-paid.md": {Data: []byte("---\ntitle: Paid\nmodule: 2\ndescription: d\naccess: premium\n---\nTeaser.\n\n<!--more-->\n\n## Inside\n\nThe " + canary + ".\n")},
	}
	res, diags := build.Build(build.Sources{Content: fsys, Layouts: layouts.FS, Assets: assets.FS}, build.Options{})
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	s, err := NewSite(res.Files)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/premium/x/", "/premium/x/"},
		{"//premium/x/", "/premium/x/"},
		{"/premium%2Fx/", "/premium/x/"},
		{"/premium%252Fx/", "/premium/x/"},
		{"/%70remium/x/", "/premium/x/"},
		{"/Premium/X/", "/premium/x/"},
		{"/./premium/x/", "/premium/x/"},
		{"/modules/../premium/x/", "/premium/x/"},
		{"/modules/..%2Fpremium/x/", "/premium/x/"},
		{"/premium\\x/", "/premium/x/"},
		{"/premium/x/index.html", "/premium/x/index.html"},
		{"/premium/x/?a=b", "/premium/x/"},
		{"/premium/x/#top", "/premium/x/"},
		{"/../../premium/x", "/premium/x"},
		{"/premium/x/.", "/premium/x/"},
	}
	for _, tt := range tests {
		got, err := gate.Normalize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"/premium/%zz/", "/premium/x%00/", "/a%0a/"} {
		if _, err := gate.Normalize(bad); err == nil {
			t.Errorf("Normalize(%q) accepted an ambiguous path", bad)
		}
	}
}

// TestGateTable runs every way of asking for the premium module against
// every kind of visitor: only a valid premium token ever gets the body.
func TestGateTable(t *testing.T) {
	s := tinySite(t)
	secret := []byte("test-secret")
	hour := time.Now().Add(time.Hour).Unix()
	sign := func(key []byte, roles []string, exp int64) string {
		tok, err := gate.SignDev(key, "u1", roles, exp)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	visitors := []struct {
		name   string
		token  string
		member bool
	}{
		{"anonymous", "", false},
		{"free role", sign(secret, []string{"free"}, hour), false},
		{"premium role", sign(secret, []string{"premium"}, hour), true},
		{"expired premium", sign(secret, []string{"premium"}, time.Now().Add(-time.Minute).Unix()), false},
		{"wrongly signed premium", sign([]byte("other-secret"), []string{"premium"}, hour), false},
		{"garbage", "not.a.jwt", false},
	}
	paths := []string{
		"/premium/02-paid/", "/premium/02-paid", "/premium/02-paid/index.html",
		"//premium/02-paid/", "/premium%2F02-paid/", "/%70remium/02-paid/", "/Premium/02-paid/",
		"/./premium/02-paid/", "/modules/../premium/02-paid/", "/premium/02-paid/?x=1",
		"/premium%252F02-paid/", "/PREMIUM/02-PAID/INDEX.HTML", "/premium\\02-paid/",
		"/modules/02-paid/", "/modules/02-paid", "/modules/02-paid/index.html",
	}
	g := &Gate{Site: func() *Site { return s }, Roles: func(r *http.Request) []string { return gate.Roles(r, secret) }}
	for _, v := range visitors {
		for _, p := range paths {
			req := httptest.NewRequest("GET", "http://localhost"+strings.ReplaceAll(p, "\\", "%5C"), nil)
			req.URL.RawPath = ""
			if strings.Contains(p, "%") || strings.Contains(p, "\\") {
				req.URL.RawPath = strings.ReplaceAll(strings.SplitN(p, "?", 2)[0], "\\", "%5C")
			}
			if v.token != "" {
				req.AddCookie(&http.Cookie{Name: gate.CookieName, Value: v.token})
			}
			rec := httptest.NewRecorder()
			g.ServeHTTP(rec, req)
			body := rec.Body.String()
			leaked := strings.Contains(body, canary)
			if leaked != v.member {
				t.Errorf("%s GET %s: status %d, body has premium text = %v, want %v", v.name, p, rec.Code, leaked, v.member)
			}
			if leaked && !strings.Contains(rec.Header().Get("Cache-Control"), "no-store") {
				t.Errorf("%s GET %s: premium response without no-store: %q", v.name, p, rec.Header().Get("Cache-Control"))
			}
			if !v.member && strings.Contains(p, "remium") && rec.Code != http.StatusFound && rec.Code != http.StatusBadRequest {
				t.Errorf("%s GET %s: status %d, want a redirect to pricing", v.name, p, rec.Code)
			}
			if rec.Code == http.StatusFound && rec.Header().Get("Location") != "/pricing/" {
				t.Errorf("%s GET %s: redirect to %q, want /pricing/", v.name, p, rec.Header().Get("Location"))
			}
		}
	}
}

func TestRulesInvariants(t *testing.T) {
	s := tinySite(t)
	rules := s.rules
	if len(rules) < 2 {
		t.Fatalf("got %d rules", len(rules))
	}
	first, second := rules[0], rules[1]
	if first.From != "/premium/*" || first.Status != 200 || !first.Force || first.Role != "premium" {
		t.Errorf("first rule = %v, want the forced members' rewrite", first)
	}
	if second.From != "/premium/*" || second.To != "/pricing/" || second.Status != 302 || !second.Force || second.Role != "" {
		t.Errorf("second rule = %v, want the forced redirect to pricing", second)
	}
	for _, r := range rules {
		if strings.HasPrefix(strings.ToLower(r.To), "/premium/") && r.Role == "" {
			t.Errorf("rule %v targets /premium/ without the role condition", r)
		}
		if strings.HasPrefix(r.To, "/premium/") && !r.Force {
			t.Errorf("rule %v is not forced", r)
		}
	}
	found := false
	for _, r := range rules {
		if r.From == "/modules/02-paid/" && r.To == "/premium/02-paid/" && r.Role == "premium" && r.Force {
			found = true
		}
	}
	if !found {
		t.Error("no member rewrite for /modules/02-paid/")
	}
	var csp string
	for _, h := range s.headers {
		for _, kv := range h.Values {
			if h.Path == "/*" && kv[0] == "Content-Security-Policy" {
				csp = kv[1]
			}
		}
	}
	if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
}

func normalizedForTest(r *http.Request) (string, error) {
	return gate.Normalize(r.URL.EscapedPath())
}
