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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addCopyButtons);
  } else {
    addCopyButtons();
  }
})();
