// Practice mode for the question bank: answers hidden until revealed,
// shuffle, filter by topic, progress kept in localStorage, keyboard
// shortcuts. Without JavaScript the bank is a plain list with answers.
(function () {
  "use strict";
  var bar = document.querySelector("[data-practice]");
  if (!bar) return;
  var KEY = "sitegen-practice";
  var main = document.getElementById("main");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".bank-question"));
  var progress = bar.querySelector(".practice-progress");
  var toggle = bar.querySelector("[data-action=practice]");
  var filter = bar.querySelector("[data-action=filter]");
  var state = load();
  var current = -1;

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY) || "{}");
      return { known: s.known || {}, order: s.order || null, on: !!s.on, topic: s.topic || "" };
    } catch (e) {
      return { known: {}, order: null, on: false, topic: "" };
    }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: progress lasts the visit */ }
  }

  function visible() { return cards.filter(function (c) { return !c.hidden; }); }

  function render() {
    main.classList.toggle("practicing", state.on);
    toggle.setAttribute("aria-pressed", String(state.on));
    filter.value = state.topic;
    cards.forEach(function (c) {
      var topics = (c.getAttribute("data-topics") || "").split(" ");
      c.hidden = state.topic !== "" && topics.indexOf(state.topic) < 0;
      c.classList.toggle("known", !!state.known[c.getAttribute("data-id")]);
    });
    var vis = visible(), known = vis.filter(function (c) { return state.known[c.getAttribute("data-id")]; }).length;
    progress.textContent = known + " of " + vis.length + " marked known" + (state.topic ? " in this topic" : "");
  }

  // Controls on each card: reveal, knew it, again.
  cards.forEach(function (c) {
    var answer = c.querySelector(".answer, .locked-note");
    if (!answer) return;
    answer.id = answer.id || "ans-" + c.getAttribute("data-id");
    var row = document.createElement("div");
    row.className = "practice-controls";
    var reveal = button("Reveal answer", function () { setRevealed(c, !c.classList.contains("revealed")); });
    reveal.className = "reveal";
    reveal.setAttribute("aria-controls", answer.id);
    reveal.setAttribute("aria-expanded", "false");
    row.appendChild(reveal);
    row.appendChild(button("I knew it", function () { mark(c, true); }));
    row.appendChild(button("Review again", function () { mark(c, false); }));
    c.insertBefore(row, answer);
  });

  function button(text, fn) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", fn);
    return b;
  }

  function setRevealed(c, on) {
    c.classList.toggle("revealed", on);
    var r = c.querySelector(".reveal");
    r.setAttribute("aria-expanded", String(on));
    r.textContent = on ? "Hide answer" : "Reveal answer";
  }

  function mark(c, known) {
    var id = c.getAttribute("data-id");
    if (known) state.known[id] = true; else delete state.known[id];
    save();
    render();
    move(1);
  }

  function shuffle() {
    var ids = cards.map(function (c) { return c.getAttribute("data-id"); });
    for (var i = ids.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = ids[i];
      ids[i] = ids[j]; ids[j] = t;
    }
    state.order = ids;
    save();
    applyOrder();
  }

  // applyOrder reorders the cards within each part's list.
  function applyOrder() {
    if (!state.order) return;
    var rank = {};
    state.order.forEach(function (id, i) { rank[id] = i; });
    document.querySelectorAll(".bank-list").forEach(function (list) {
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (a, b) { return (rank[a.getAttribute("data-id")] || 0) - (rank[b.getAttribute("data-id")] || 0); });
      items.forEach(function (el) { list.appendChild(el); });
    });
    cards = Array.prototype.slice.call(document.querySelectorAll(".bank-question"));
  }

  function move(delta) {
    var vis = visible();
    if (!vis.length) return;
    var at = vis.indexOf(cards[current]);
    at = at < 0 ? (delta > 0 ? 0 : vis.length - 1) : Math.min(vis.length - 1, Math.max(0, at + delta));
    current = cards.indexOf(vis[at]);
    vis[at].querySelector(".bank-ask").focus();
  }

  toggle.addEventListener("click", function () {
    state.on = !state.on;
    if (!state.on) cards.forEach(function (c) { setRevealed(c, false); });
    save();
    render();
  });
  bar.querySelector("[data-action=shuffle]").addEventListener("click", shuffle);
  bar.querySelector("[data-action=reset]").addEventListener("click", function () {
    state.known = {};
    state.order = null;
    save();
    location.reload();
  });
  filter.addEventListener("change", function () { state.topic = filter.value; save(); render(); });
  cards.forEach(function (c, i) { c.addEventListener("focusin", function () { current = i; }); });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var c = cards[current];
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "r": if (c) setRevealed(c, !c.classList.contains("revealed")); break;
      case "y": if (c) mark(c, true); break;
      case "n": if (c) mark(c, false); break;
      case "s": shuffle(); break;
      default: return;
    }
    e.preventDefault();
  });

  bar.querySelectorAll("button, select").forEach(function (el) { el.disabled = false; });
  applyOrder();
  render();
})();
