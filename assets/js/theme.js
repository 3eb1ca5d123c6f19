// Applies the reader's saved colour scheme before the page paints, so a
// dark-mode reader never sees a white flash. Tiny and synchronous on
// purpose; everything else is deferred.
(function () {
  try {
    var t = localStorage.getItem("sitegen-theme");
    if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage blocked: follow the system */ }
})();
