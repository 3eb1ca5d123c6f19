// sitegen search: a small client over the site's own index (no CDN, no
// eval, no inline script). The index loads on first focus; results come
// as you type, grouped by kind, ranked BM25-style with title boosts and a
// preference for the exact phrase. The box is an ARIA combobox.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var box = form.querySelector("[role=listbox]");
  var page = document.getElementById("search-page-results");
  var KINDS = { m: "Modules", q: "Questions", s: "Scenarios", t: "Topics", p: "Pages" };
  var FIELD = [3, 1, 1]; // weights of title, context, text
  var K1 = 1.2, B = 0.75;
  var db = null, loading = null, active = -1, shown = [];

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function raw(s) { return fold(s).match(/[\p{L}\p{N}]+/gu) || []; }
  // Terms are stems, so that "splittable" finds "splittability" and
  // "partitions" finds "partitioned"; completions and typos are matched on
  // the words as written, then mapped to their stems.
  var SUFFIXES = ["abilities", "ability", "ibility", "ations", "ation", "ities", "ings", "able", "ible", "ing", "ity", "ies", "ed", "es", "s"];
  function stem(w) {
    if (w.length < 5 || /\d/.test(w)) return w;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var x = SUFFIXES[i];
      if (w.length - x.length >= 4 && w.slice(-x.length) === x) return w.slice(0, -x.length);
    }
    return w;
  }
  // Words that say little about what is wanted ("vs", "what is the") do not
  // have to match, unless the query holds nothing else.
  var STOP = new Set("a an and are as at be by can do does for from how i in into is it its of on or should the to vs versus what when where which who why will with you your".split(" "));
  function queryWords(q) {
    var all = raw(q), kept = all.filter(function (w) { return !STOP.has(w); });
    return kept.length ? kept : all;
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index")).then(function (r) {
        if (!r.ok) throw new Error("search index: HTTP " + r.status);
        return r.json();
      }).then(build);
    }
    return loading;
  }

  // build makes the inverted index: term → postings [record, weighted tf].
  function build(data) {
    if (data.v !== 1) throw new Error("search index: unknown version " + data.v);
    var recs = [], post = new Map(), forms = new Map(), total = 0;
    data.r.forEach(function (r, i) {
      var rec = { kind: r[0], url: data.u[r[1]] + (r[2] ? "#" + r[2] : ""), title: r[3], ctx: r[4], text: r[5], locked: r[6] === 1 };
      // A module's own record sums up the whole module; a section or a
      // question that matches as well is the more precise place to land.
      // A question is practice on what a section teaches: on a near tie the
      // section, where the explanation is, comes first. A locked result
      // shows only its heading to most readers: when a free one matches
      // about as well, the free one comes first.
      rec.prior = (r[0] === "m" && !r[2] ? 0.7 : r[0] === "q" ? 0.93 : 1) * (rec.locked ? 0.85 : 1);
      var tf = new Map(), len = 0, stems = [[], [], []];
      rec.twords = [];
      [rec.title, rec.ctx, rec.text].forEach(function (f, fi) {
        var once = new Set();
        raw(f).forEach(function (w) {
          var st = forms.get(w);
          if (st === undefined) forms.set(w, st = stem(w));
          stems[fi].push(st);
          if (fi === 0 && !STOP.has(w)) rec.twords.push(st);
          len++;
          // A word said twice in a title does not make the title more
          // about it; in the text, BM25 weighs repeats.
          if (fi === 0 && once.has(st)) return;
          once.add(st);
          tf.set(st, (tf.get(st) || 0) + FIELD[fi]);
        });
      });
      // Phrases are matched on stems, so "express workflow" finds
      // "Express workflows"; a leading space anchors them at a word.
      rec.ftitle = " " + stems[0].join(" ");
      rec.hay = rec.ftitle + " " + stems[2].join(" ");
      rec.len = len;
      rec.bare = !rec.text;
      total += len;
      tf.forEach(function (n, w) {
        var p = post.get(w);
        if (!p) post.set(w, p = []);
        p.push(i, n);
      });
      recs.push(rec);
    });
    // Words as written, sorted for completions and by first letter for typos.
    var written = Array.from(forms.keys()).sort();
    var byFirst = new Map();
    written.forEach(function (t) {
      var k = t[0];
      if (!byFirst.has(k)) byFirst.set(k, []);
      byFirst.get(k).push(t);
    });
    var avg = total / Math.max(1, recs.length);
    // A record with a title and no text (a premium section's heading) is
    // scored as if of average length: being empty is no sign of relevance.
    recs.forEach(function (rec) { if (rec.bare) rec.len = Math.max(rec.len, avg); });
    db = { recs: recs, post: post, forms: forms, written: written, byFirst: byFirst, avg: avg };
    return db;
  }

  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // within1 reports whether a and b differ by at most one edit.
  function within1(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else if (a[i + 1] === b[j] && a[i] === b[j + 1] && a[i + 2] === b[j + 2]) { i += 2; j += 2; }
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  // expand lists the terms (stems) a query word stands for, with a weight:
  // its own stem, then (last word) the stems of the words it begins, then
  // the stems of words one typo away.
  function expand(w, last) {
    var out = [], seen = new Set(), st = stem(w);
    function add(t, weight) { if (!seen.has(t)) { seen.add(t); out.push([t, weight]); } }
    if (db.post.has(st)) add(st, 1);
    if (last) {
      for (var i = lowerBound(db.written, w); i < db.written.length && db.written[i].lastIndexOf(w, 0) === 0 && out.length < 60; i++) {
        add(db.forms.get(db.written[i]), 0.7);
      }
    }
    if (w.length >= 5 && out.length === 0) {
      (db.byFirst.get(w[0]) || []).forEach(function (t) { if (within1(w, t)) add(db.forms.get(t), 0.5); });
    }
    return out;
  }

  function search(q) {
    var qw = queryWords(q);
    if (!db || qw.length === 0) return [];
    var n = db.recs.length, scores = new Map(), hits = new Map();
    var matched = new Set();
    qw.forEach(function (w, qi) {
      var seen = new Set();
      expand(w, qi === qw.length - 1).forEach(function (tw) {
        matched.add(tw[0]);
        var p = db.post.get(tw[0]), df = p.length / 2;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (var k = 0; k < p.length; k += 2) {
          var r = p[k], tf = p[k + 1], len = db.recs[r].len;
          var s = tw[1] * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / db.avg));
          scores.set(r, (scores.get(r) || 0) + s);
          if (!seen.has(r)) { seen.add(r); hits.set(r, (hits.get(r) || 0) + 1); }
        }
      });
    });
    // Every word must match in a query of one or two words; a longer one
    // may miss a word, at a price.
    var need = qw.length <= 2 ? qw.length : qw.length - 1;
    var phrase = " " + raw(q).map(stem).join(" "), res = [];
    scores.forEach(function (s, r) {
      var h = hits.get(r);
      if (h < need) return;
      var rec = db.recs[r];
      s *= rec.prior * (h / qw.length) * (h / qw.length);
      if (qw.length > 1 && rec.hay.indexOf(phrase) >= 0) s *= 1.6;
      if (rec.ftitle.indexOf(phrase) >= 0) s *= 1.4;
      // A title that is mostly the query is about it: "Lifecycle rules"
      // beats a long question that mentions a lifecycle rule.
      var tm = 0;
      rec.twords.forEach(function (t) { if (matched.has(t)) tm++; });
      if (rec.twords.length) s *= 1 + 0.5 * tm / rec.twords.length;
      res.push({ rec: rec, score: s });
    });
    res.sort(function (a, b) { return b.score - a.score || (a.rec.url < b.rec.url ? -1 : 1); });
    return res;
  }

  // highlight appends text to el with the query words marked.
  function highlight(el, text, qw) {
    if (!qw.length) { el.textContent = text; return; }
    // Words match from their start, as the search does: "shard" marks
    // "shards", not the middle of "resharding".
    var re = new RegExp("(?<![\\p{L}\\p{N}])(" + qw.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "giu");
    var folded = fold(text), last = 0, m;
    if (folded.length !== text.length) { el.textContent = text; return; }
    while ((m = re.exec(folded)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m.index, m.index + m[0].length);
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function snippet(text, qw) {
    if (text.length <= 160) return text;
    var f = fold(text), at = -1;
    qw.forEach(function (w) { var i = f.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 50);
    return (start > 0 ? "…" : "") + text.slice(start, start + 160) + "…";
  }

  // render draws grouped results into container; options get ids for
  // aria-activedescendant when the container is the combobox's listbox.
  function render(container, results, q, limit, asOptions) {
    container.textContent = "";
    var qw = queryWords(q).map(stem), groups = {}, order = [], count = 0, items = [];
    // Groups stand in the order of their best result, so the first result
    // shown is the best one overall.
    results.forEach(function (r, i) {
      r.rank = i + 1;
      var k = r.rec.kind;
      if (!groups[k]) { groups[k] = []; order.push(k); }
      groups[k].push(r);
    });
    order.forEach(function (k) {
      var g = groups[k];
      if (!g) return;
      var group = document.createElement(asOptions ? "div" : "section");
      var head = document.createElement(asOptions ? "div" : "h2");
      head.className = "search-group";
      head.id = (asOptions ? "sg-" : "sp-") + k;
      head.textContent = KINDS[k];
      if (asOptions) { group.setAttribute("role", "group"); group.setAttribute("aria-labelledby", head.id); head.setAttribute("role", "presentation"); }
      group.appendChild(head);
      g.slice(0, limit).forEach(function (r) {
        var el = document.createElement(asOptions ? "div" : "a");
        el.className = "search-result" + (r.rec.locked ? " locked-result" : "");
        if (asOptions) {
          el.setAttribute("role", "option");
          el.id = "so-" + count;
          el.setAttribute("aria-selected", "false");
          el.setAttribute("data-href", r.rec.url);
          el.setAttribute("data-rank", r.rank);
          el.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = r.rec.url; });
        } else {
          el.href = r.rec.url;
        }
        var t = document.createElement("span");
        t.className = "search-title";
        highlight(t, r.rec.title, qw);
        if (r.rec.locked) {
          var lock = document.createElement("span");
          lock.className = "search-lock";
          lock.textContent = " (premium)";
          t.appendChild(lock);
        }
        var c = document.createElement("span");
        c.className = "search-context";
        c.textContent = r.rec.ctx;
        el.appendChild(t);
        el.appendChild(c);
        if (r.rec.text) {
          var x = document.createElement("span");
          x.className = "search-text";
          highlight(x, snippet(r.rec.text, qw), qw);
          el.appendChild(x);
        }
        group.appendChild(el);
        items.push(el);
        count++;
      });
      container.appendChild(group);
    });
    if (count === 0 && q.trim()) {
      var none = document.createElement("div");
      none.className = "search-empty";
      none.textContent = "No results for “" + q + "”";
      container.appendChild(none);
    }
    return items;
  }

  function setActive(i) {
    if (shown.length === 0) return;
    if (active >= 0 && shown[active]) shown[active].setAttribute("aria-selected", "false");
    active = (i + shown.length) % shown.length;
    shown[active].setAttribute("aria-selected", "true");
    shown[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", shown[active].id);
  }

  function close() {
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function update() {
    var q = input.value;
    if (!q.trim()) { close(); box.textContent = ""; shown = []; return; }
    load().then(function () {
      if (input.value !== q) return;
      shown = render(box, search(q), q, 5, true);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    });
  }

  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (box.hidden) update(); else setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Enter" && active >= 0 && !box.hidden) { e.preventDefault(); location.href = shown[active].getAttribute("data-href"); }
    else if (e.key === "Escape") { if (!box.hidden) { e.preventDefault(); close(); } else { input.value = ""; input.blur(); } }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  // Enter submits the form to /search/ unless a result is selected.
  form.addEventListener("submit", function (e) {
    if (active >= 0 && !box.hidden && shown[active]) {
      e.preventDefault();
      location.href = shown[active].getAttribute("data-href");
    }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if ((e.key === "/" && !typing) || (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  // The /search/?q= page: full results for a shared link.
  if (page) {
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    var status = document.getElementById("search-page-status");
    load().then(function () {
      var results = search(q);
      render(page, results, q, 50, false);
      if (status) status.textContent = q ? results.length + " result" + (results.length === 1 ? "" : "s") + " for “" + q + "”" : "Type in the search box above.";
    }).catch(function (err) { if (status) status.textContent = "Search is unavailable: " + err.message; });
  }
})();
