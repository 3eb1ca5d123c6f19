package build_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sitegen/build/gate"
	"sitegen/build/internal/browser"
	"sitegen/build/serve"
)

// fakeIdentity plays Netlify Identity's token endpoints for one member:
// it issues HS256 tokens signed with the local gate's dev secret, and sets
// the nf_jwt cookie when asked to (X-Use-Cookie), as Identity does.
type fakeIdentity struct {
	ttl       time.Duration
	refreshes atomic.Int32
}

func (f *fakeIdentity) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimPrefix(r.URL.Path, "/.netlify/identity") {
	case "/token":
		r.ParseForm()
		switch r.Form.Get("grant_type") {
		case "password":
			if r.Form.Get("username") != "ada@example.com" || r.Form.Get("password") != "correct horse" {
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"error":"invalid_grant","error_description":"No user found with that email, or password invalid."}`))
				return
			}
		case "refresh_token":
			if r.Form.Get("refresh_token") != "refresh-1" {
				http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
				return
			}
			f.refreshes.Add(1)
		}
		exp := time.Now().Add(f.ttl)
		tok, _ := gate.SignDev(gate.DevSecret(), "user-ada", []string{"premium"}, exp.Unix())
		if r.Header.Get("X-Use-Cookie") != "" {
			http.SetCookie(w, &http.Cookie{Name: gate.CookieName, Value: tok, Path: "/", HttpOnly: true, Expires: exp})
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"` + tok + `","token_type":"bearer","expires_in":` + itoa(int(f.ttl.Seconds())) + `,"refresh_token":"refresh-1"}`))
	case "/logout":
		http.SetCookie(w, &http.Cookie{Name: gate.CookieName, Value: "", Path: "/", MaxAge: -1})
		w.WriteHeader(http.StatusNoContent)
	default:
		http.NotFound(w, r)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func memberSite(t *testing.T, ttl time.Duration) (string, *fakeIdentity) {
	t.Helper()
	res := buildReader(t)
	s, err := serve.NewSite(res.Files)
	if err != nil {
		t.Fatal(err)
	}
	id := &fakeIdentity{ttl: ttl}
	mux := http.NewServeMux()
	mux.Handle("/.netlify/identity/", id)
	mux.Handle("/", &serve.Gate{Site: func() *serve.Site { return s }, Roles: func(r *http.Request) []string { return gate.Roles(r, gate.DevSecret()) }})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, id
}

// TestBrowserSignInOut signs in on /account/, reads a premium module at its
// own URL, and signs out again, in Chromium, with the CSP in force.
func TestBrowserSignInOut(t *testing.T) {
	ctx := browser.New(t)
	browser.Watch(t, ctx)
	base, _ := memberSite(t, time.Hour)
	open(t, ctx, base+"/account/?next=/modules/02-streaming/")
	waitJS(t, ctx, `!document.querySelector("[data-account]").hidden`)
	// A wrong password says so.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys("#signin-email", "ada@example.com"),
		chromedp.SendKeys("#signin-password", "wrong")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `form[data-form=signin] button[type=submit]`)
	waitJS(t, ctx, `document.querySelector("[data-status]").innerText.includes("password invalid")`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById("signin-password").value = "", true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys("#signin-password", "correct horse")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `form[data-form=signin] button[type=submit]`)
	// Signing in goes on to where the reader was headed: the full view.
	waitJS(t, ctx, `location.pathname === "/modules/02-streaming/" && document.body.innerText.includes("arithmetic")`)
	waitJS(t, ctx, `document.querySelector("[data-account-link]").innerText === "Account · Premium"`)
	open(t, ctx, base+"/account/")
	waitJS(t, ctx, `!document.querySelector("[data-panel=signedin]").hidden && document.querySelector("[data-plan]").innerText.startsWith("Premium")`)
	click(t, ctx, `[data-signout]`)
	waitJS(t, ctx, `document.querySelector("[data-status]").innerText === "Signed out."`)
	open(t, ctx, base+"/modules/02-streaming/")
	waitJS(t, ctx, `!document.body.innerText.includes("arithmetic") && document.querySelector(".locked") !== null && document.querySelector("[data-account-link]").innerText === "Sign in"`)
	if probs := browser.Problems(t, ctx); len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
}

// TestBrowserTokenRefresh: a token close to expiry is refreshed (and the
// cookie re-issued) before a member is bounced to pricing.
func TestBrowserTokenRefresh(t *testing.T) {
	ctx := browser.New(t)
	base, id := memberSite(t, 125*time.Second) // expires inside the refresh margin
	open(t, ctx, base+"/account/")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys("#signin-email", "ada@example.com"),
		chromedp.SendKeys("#signin-password", "correct horse")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `form[data-form=signin] button[type=submit]`)
	deadline := time.Now().Add(10 * time.Second)
	for id.refreshes.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the token was never refreshed")
		}
		time.Sleep(50 * time.Millisecond)
	}
	open(t, ctx, base+"/modules/02-streaming/")
	waitJS(t, ctx, `document.body.innerText.includes("arithmetic")`)
}

// TestAccountAccessibility runs axe-core on /account/, light and dark.
func TestAccountAccessibility(t *testing.T) {
	axe := browser.AxeSource(t)
	ctx := browser.New(t)
	base, _ := memberSite(t, time.Hour)
	for _, scheme := range []string{"light", "dark"} {
		browser.Scheme(t, ctx, scheme)
		open(t, ctx, base+"/account/")
		waitJS(t, ctx, `!document.querySelector("[data-account]").hidden`)
		browser.AxeClean(t, ctx, axe, "/account/ ("+scheme+")")
	}
}
