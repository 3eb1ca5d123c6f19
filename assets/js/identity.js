// A small client for Netlify Identity (GoTrue) under /.netlify/identity.
// It keeps the session (tokens, e-mail, roles) in localStorage so pages
// can say who is signed in, and refreshes the token, with X-Use-Cookie so
// Identity re-issues the nf_jwt cookie, before it expires: a member is not
// bounced to pricing mid-session. No CDN, no eval; works with the CSP.
(function () {
  "use strict";
  var API = "/.netlify/identity";
  var KEY = "sitegen-session";
  var EARLY = 120; // refresh this many seconds before expiry

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function store(s) {
    try {
      if (s) localStorage.setItem(KEY, JSON.stringify(s)); else localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the session lasts the page */ }
  }

  function request(path, opts) {
    opts = opts || {};
    var headers = opts.headers || {};
    if (opts.token) headers.Authorization = "Bearer " + opts.token;
    return fetch(API + path, { method: opts.method || "GET", headers: headers, body: opts.body, credentials: "same-origin" })
      .then(function (r) {
        return r.text().then(function (t) {
          var body = null;
          try { body = t ? JSON.parse(t) : null; } catch (e) { body = null; }
          if (!r.ok) {
            var msg = (body && (body.error_description || body.msg || body.error)) || ("Identity answered " + r.status);
            throw new Error(msg);
          }
          return body;
        });
      });
  }

  // claims reads a JWT's payload (no verification: the server verifies).
  function claims(token) {
    var part = token.split(".")[1] || "";
    var json = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(decodeURIComponent(Array.prototype.map.call(json, function (c) {
      return "%" + ("00" + c.charCodeAt(0).toString(16)).slice(-2);
    }).join("")));
  }

  function session(tok) {
    var c = claims(tok.access_token);
    var s = {
      access: tok.access_token, refresh: tok.refresh_token,
      exp: c.exp || Math.floor(Date.now() / 1000) + (tok.expires_in || 3600),
      email: c.email || "", id: c.sub || "",
      roles: (c.app_metadata && c.app_metadata.roles) || []
    };
    store(s);
    window.dispatchEvent(new CustomEvent("sitegen:session"));
    return s;
  }

  function token(form) {
    return request("/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Use-Cookie": "1" },
      body: new URLSearchParams(form).toString()
    }).then(session);
  }

  var refreshing = null;
  function refresh() {
    var s = load();
    if (!s || !s.refresh) return Promise.resolve(null);
    if (!refreshing) {
      refreshing = token({ grant_type: "refresh_token", refresh_token: s.refresh })
        .catch(function () { store(null); return null; })
        .then(function (r) { refreshing = null; return r; });
    }
    return refreshing;
  }

  // keepFresh refreshes now if the token is close to expiry, then again later.
  function keepFresh() {
    var s = load();
    if (!s) return;
    var wait = (s.exp - EARLY) * 1000 - Date.now();
    if (wait <= 0) { refresh().then(function (r) { if (r) keepFresh(); }); return; }
    setTimeout(keepFresh, Math.min(wait, 2147483647));
  }

  window.sitegenIdentity = {
    user: function () {
      var s = load();
      return s && s.exp > Date.now() / 1000 - 30 * 86400 ? { id: s.id, email: s.email, roles: s.roles } : null;
    },
    signIn: function (email, password) {
      return token({ grant_type: "password", username: email, password: password }).then(keepFresh);
    },
    signUp: function (email, password) {
      return request("/signup", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: email, password: password }) });
    },
    recover: function (email) {
      return request("/recover", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: email }) });
    },
    verify: function (tok, type) {
      return request("/verify", {
        method: "POST", headers: { "Content-Type": "application/json", "X-Use-Cookie": "1" },
        body: JSON.stringify({ token: tok, type: type })
      }).then(session).then(keepFresh);
    },
    setPassword: function (password) {
      var s = load();
      if (!s) return Promise.reject(new Error("Sign in first."));
      return request("/user", { method: "PUT", token: s.access, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ password: password }) });
    },
    signOut: function () {
      var s = load();
      store(null);
      window.dispatchEvent(new CustomEvent("sitegen:session"));
      // Identity clears the nf_jwt cookie on logout.
      return request("/logout", { method: "POST", token: s && s.access }).catch(function () {});
    },
    refresh: refresh
  };

  // The header says who is signed in; plan buttons carry the user's id to
  // the hosted checkout, or ask a visitor to sign in first.
  function reflect() {
    var u = window.sitegenIdentity.user();
    var link = document.querySelector("[data-account-link]");
    if (link) {
      var role = link.getAttribute("data-role");
      link.textContent = u ? (u.roles.indexOf(role) >= 0 ? "Account · Premium" : "Account") : "Sign in";
    }
    document.querySelectorAll("a[data-checkout]").forEach(function (a) {
      if (u) {
        var url = new URL(a.getAttribute("data-checkout"));
        url.searchParams.set("client_reference_id", u.id);
        url.searchParams.set("prefilled_email", u.email);
        a.href = url.toString();
        a.textContent = a.getAttribute("data-label");
      } else {
        a.href = "/account/?next=" + encodeURIComponent(location.pathname + "#" + (a.closest("[id]") || { id: "" }).id);
        a.textContent = "Sign in to subscribe";
      }
    });
  }
  window.addEventListener("sitegen:session", reflect);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reflect);
  else reflect();
  keepFresh();
})();
