// The account page: sign up, sign in, sign out, password reset and the
// current plan, against Netlify Identity's endpoints (GoTrue). Sign-in asks
// Identity to set the nf_jwt cookie (X-Use-Cookie), which is what Netlify's
// role rules read; app.js refreshes it before it expires. Loaded only on
// /account/.
(function () {
  "use strict";
  var root = document.querySelector("[data-account]");
  if (!root) return;
  var id = window.sitegenIdentity;
  var status = root.querySelector("[data-status]");
  var params = new URLSearchParams(location.search);
  var next = params.get("next") || "";
  if (!/^\/[^\/\\]/.test(next)) next = ""; // same-site paths only

  function say(msg, bad) {
    status.textContent = msg;
    status.classList.toggle("error", !!bad);
  }

  function show(name) {
    root.querySelectorAll("[data-panel]").forEach(function (p) { p.hidden = p.getAttribute("data-panel") !== name; });
  }

  function render() {
    var u = id.user();
    if (!u) { show("signin"); return; }
    show("signedin");
    root.querySelector("[data-email]").textContent = u.email;
    var premium = u.roles.indexOf(root.getAttribute("data-role")) >= 0;
    root.querySelector("[data-plan]").textContent = premium ? "Premium: every module and answer is open to you." : "Free: three quarters of the course. Premium opens the rest.";
    root.querySelector("[data-upgrade]").hidden = premium;
  }

  function form(name, fn) {
    var f = root.querySelector("form[data-form=" + name + "]");
    if (!f) return;
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new FormData(f);
      var button = f.querySelector("button");
      button.disabled = true;
      fn(data).then(function (msg) { if (msg) say(msg); render(); }, function (err) { say(err.message, true); })
        .then(function () { button.disabled = false; });
    });
  }

  form("signin", function (d) {
    return id.signIn(d.get("email"), d.get("password")).then(function () {
      if (next) { location.href = next; return ""; }
      return "Signed in.";
    });
  });
  form("signup", function (d) {
    return id.signUp(d.get("email"), d.get("password")).then(function () {
      return "Check your inbox: the confirmation link signs you in.";
    });
  });
  form("recover", function (d) {
    return id.recover(d.get("email")).then(function () {
      return "If that address has an account, a reset link is on its way.";
    });
  });
  form("password", function (d) {
    return id.setPassword(d.get("password")).then(function () { return "Password changed."; });
  });
  root.querySelectorAll("[data-show]").forEach(function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("data-show")); say(""); });
  });
  root.querySelector("[data-signout]").addEventListener("click", function () {
    id.signOut().then(function () { say("Signed out."); render(); });
  });

  // Links from Identity's e-mails come back with a token in the fragment.
  var hash = new URLSearchParams(location.hash.slice(1));
  var confirm = hash.get("confirmation_token"), recovery = hash.get("recovery_token");
  if (confirm || recovery) {
    history.replaceState(null, "", location.pathname + location.search);
    id.verify(confirm || recovery, confirm ? "signup" : "recovery").then(function () {
      render();
      if (recovery) { show("password"); say("Choose a new password."); }
      else say("Your address is confirmed and you are signed in.");
    }, function (err) { say(err.message, true); });
  }
  root.hidden = false;
  render();
})();
