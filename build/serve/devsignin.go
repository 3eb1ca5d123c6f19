package serve

import (
	"html/template"
	"net/http"
	"time"

	"sitegen/build/gate"
)

// signinPage is the dev server's sign-in: choose what a visitor is, and it
// mints an nf_jwt with the dev secret, as Identity would in production.
var signinPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dev sign-in · sitegen serve</title><link rel="stylesheet" href="/_sitegen/overlay.css"></head>
<body class="sitegen-dev">
<main>
<h1>Dev sign-in</h1>
<p>You are {{if .Roles}}signed in with the roles: {{range .Roles}}{{.}} {{end}}{{else}}not signed in (the server's default: {{.As}}){{end}}.</p>
<form method="post" action="/_sitegen/signin">
<input type="hidden" name="next" value="{{.Next}}">
<button name="as" value="premium" type="submit">Sign in as a premium member</button>
<button name="as" value="free" type="submit">Sign in as a free member</button>
<button name="as" value="out" type="submit">Sign out</button>
</form>
<p>The token is signed with SITEGEN_DEV_JWT_SECRET and read by the local gate exactly as Netlify reads a real one.</p>
</main></body></html>`))

// signin serves the dev sign-in page (GET) and sets or clears the cookie (POST).
func (d *Dev) signin(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	if len(next) == 0 || next[0] != '/' || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		next = "/"
	}
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		signinPage.Execute(w, map[string]any{"Roles": gate.Roles(r, gate.DevSecret()), "As": d.As, "Next": next})
		return
	}
	switch r.FormValue("as") {
	case "out":
		http.SetCookie(w, &http.Cookie{Name: gate.CookieName, Value: "", Path: "/", MaxAge: -1})
	case "premium", "free":
		role := "free"
		if r.FormValue("as") == "premium" {
			if s := d.site.Load(); s != nil && s.premiumRole != "" {
				role = s.premiumRole
			} else {
				role = "premium"
			}
		}
		exp := time.Now().Add(12 * time.Hour)
		tok, err := gate.SignDev(gate.DevSecret(), "dev-"+r.FormValue("as"), []string{role}, exp.Unix())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: gate.CookieName, Value: tok, Path: "/", Expires: exp, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	default:
		http.Error(w, "choose premium, free or out", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
