// sitegen's page script: progressive enhancements only. Served as a file
// of the site so the Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  "use strict";

  // A copy button on every code block.
  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".code").forEach(function (block) {
      var pre = block.querySelector("pre");
      if (!pre || block.querySelector(".copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.innerText).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        }, function () {
          button.textContent = "Copy failed";
        });
      });
      block.appendChild(button);
    });
  }

  // The colour-scheme toggle: system by default, the reader's choice kept.
  function themeToggle() {
    var b = document.querySelector("[data-theme-toggle]");
    if (!b) return;
    var root = document.documentElement;
    var media = window.matchMedia("(prefers-color-scheme: dark)");
    function current() { return root.getAttribute("data-theme") || (media.matches ? "dark" : "light"); }
    function label() {
      var dark = current() === "dark";
      b.setAttribute("aria-pressed", String(dark));
      b.setAttribute("aria-label", dark ? "Switch to light mode" : "Switch to dark mode");
    }
    b.hidden = false;
    label();
    b.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("sitegen-theme", next); } catch (e) { /* not kept */ }
      label();
    });
    media.addEventListener("change", label);
  }

  function init() {
    addCopyButtons();
    themeToggle();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
