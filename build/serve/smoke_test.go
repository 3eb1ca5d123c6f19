package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func smokeAgainst(t *testing.T, h http.Handler, s *Site) []Problem {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	premium, err := PremiumPaths(s.files["/_redirects"])
	if err != nil || len(premium) != 2 || premium[0] != "/premium/questions/" || premium[1] != "/premium/02-paid/" {
		t.Fatalf("PremiumPaths = %v, %v", premium, err)
	}
	return (&Smoke{Base: base, Premium: premium}).Run(context.Background())
}

// TestSmokePassesOnTheLocalGate: a host that plays the generated rules passes.
func TestSmokePassesOnTheLocalGate(t *testing.T) {
	s := tinySite(t)
	g := &Gate{Site: func() *Site { return s }, Roles: func(*http.Request) []string { return nil }}
	if probs := smokeAgainst(t, g, s); len(probs) > 0 {
		t.Errorf("smoke found problems on a correct host:\n%v", probs)
	}
}

// TestSmokeFailsOnALeakyHost: a host that serves files but ignores role
// rules must fail loudly, naming the leak.
func TestSmokeFailsOnALeakyHost(t *testing.T) {
	s := tinySite(t)
	leaky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := normalizedForTest(r)
		if err != nil {
			http.Error(w, "bad", 400)
			return
		}
		s.headersFor(w, p)
		if _, data, ok := s.file(p); ok {
			w.Write(data)
			return
		}
		http.NotFound(w, r)
	})
	probs := smokeAgainst(t, leaky, s)
	var leaks int
	for _, p := range probs {
		if strings.Contains(p.Msg, "LEAK") {
			leaks++
		}
	}
	if leaks == 0 {
		t.Fatalf("smoke did not report the leak; problems: %v", probs)
	}
}

// TestSmokeChecksHeaders: a host that drops _headers fails on every page.
func TestSmokeChecksHeaders(t *testing.T) {
	s := tinySite(t)
	bare := *s
	bare.headers = nil
	g := &Gate{Site: func() *Site { return &bare }, Roles: func(*http.Request) []string { return nil }}
	probs := smokeAgainst(t, g, s)
	var csp, immutable, nostore bool
	for _, p := range probs {
		csp = csp || strings.Contains(p.Msg, "no Content-Security-Policy")
		immutable = immutable || strings.Contains(p.Msg, "immutable")
		nostore = nostore || strings.Contains(p.Msg, "no-store")
	}
	if !csp || !immutable || !nostore {
		t.Errorf("missing header problems (csp %v, immutable %v, no-store %v): %v", csp, immutable, nostore, probs)
	}
}
