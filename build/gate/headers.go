// Package gate decides what is public and what is premium, and writes the
// rules the host enforces: security headers, caching, and (with gating)
// role-conditioned redirects. It reads the site graph; it renders nothing.
package gate

import "strings"

// CSP is the Content-Security-Policy of every page: scripts and styles only
// from the site's own files, so no inline script or style attribute runs.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// Headers returns Netlify's _headers file: strict security headers on every
// response, immutable caching for fingerprinted assets, and no caching or
// indexing of premium views. The public URL of a premium module is not
// cached either: members are served the full view there.
func Headers(modules []ModuleRule) []byte {
	var b strings.Builder
	rule := func(path string, kv ...string) {
		b.WriteString(path + "\n")
		for i := 0; i < len(kv); i += 2 {
			b.WriteString("  " + kv[i] + ": " + kv[i+1] + "\n")
		}
	}
	rule("/*",
		"Content-Security-Policy", CSP,
		"X-Content-Type-Options", "nosniff",
		"X-Frame-Options", "DENY",
		"Referrer-Policy", "strict-origin-when-cross-origin",
		"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()",
		"Strict-Transport-Security", "max-age=31536000; includeSubDomains",
		"Cross-Origin-Opener-Policy", "same-origin",
	)
	immutable := "public, max-age=31536000, immutable"
	rule("/css/*", "Cache-Control", immutable)
	rule("/js/*", "Cache-Control", immutable)
	rule("/data/*", "Cache-Control", immutable)
	rule("/premium/*", "Cache-Control", "private, no-store", "X-Robots-Tag", "noindex")
	for _, m := range modules {
		rule(m.Public, "Cache-Control", "private, no-store")
	}
	return []byte(b.String())
}
