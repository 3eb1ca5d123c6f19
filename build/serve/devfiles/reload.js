// sitegen dev server: live reload over Server-Sent Events. Served only by
// `sitegen serve`, as a file of the site, so the CSP needs no inline script.
(function () {
  "use strict";
  var KEY = "sitegen-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  var buildID = null;

  function reload() {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  }

  // A CSS-only change: fetch the page again and swap in its stylesheets
  // (their fingerprinted names changed), without reloading.
  function swapCSS() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.querySelectorAll('link[rel="stylesheet"]');
      var old = document.querySelectorAll('link[rel="stylesheet"]:not([data-sitegen])');
      old.forEach(function (l) { l.remove(); });
      fresh.forEach(function (l) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = l.getAttribute("href");
        var sri = l.getAttribute("integrity");
        if (sri) link.integrity = sri;
        document.head.appendChild(link);
      });
      document.documentElement.setAttribute("data-sitegen-css", String(Date.now()));
    }).catch(reload);
  }

  function overlayCSS() {
    if (document.querySelector("link[data-sitegen]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "/_sitegen/overlay.css";
    link.setAttribute("data-sitegen", "");
    document.head.appendChild(link);
  }

  function hideOverlay() {
    var o = document.getElementById("sitegen-overlay");
    if (o) o.remove();
  }

  function showOverlay(errors) {
    overlayCSS();
    hideOverlay();
    var o = document.createElement("div");
    o.id = "sitegen-overlay";
    o.setAttribute("role", "alertdialog");
    o.setAttribute("aria-label", "Build failed");
    var h = document.createElement("h2");
    h.textContent = "Build failed: " + errors.length + " problem" + (errors.length === 1 ? "" : "s") + " (the last good build is still served)";
    o.appendChild(h);
    var list = document.createElement("ol");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = e.pos;
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + e.msg));
      if (e.line) {
        var pre = document.createElement("pre");
        pre.textContent = e.line;
        li.appendChild(pre);
      }
      list.appendChild(li);
    });
    o.appendChild(list);
    document.body.appendChild(o);
  }

  function connect() {
    var es = new EventSource("/_sitegen/events");
    es.addEventListener("hello", function (e) {
      var msg = JSON.parse(e.data);
      if (buildID !== null && msg.build !== buildID && msg.ok) { reload(); return; }
      buildID = msg.build;
      if (msg.ok) hideOverlay(); else showOverlay(msg.errors);
    });
    es.addEventListener("reload", reload);
    es.addEventListener("css", function (e) { buildID = JSON.parse(e.data).build; hideOverlay(); swapCSS(); });
    es.addEventListener("errors", function (e) { showOverlay(JSON.parse(e.data).errors); });
    es.onerror = function () {
      es.close();
      setTimeout(connect, 300);
    };
  }
  connect();
})();
