// meetdeck watch client. Injected before </body> by `meetdeck watch` only, never part of a
// built deck or of a theme. It listens to the server's event stream; every event is the
// whole current state { build, error, line, live }:
// - error: shown as an overlay over the last good deck (which stays usable), removed when
//   a later build succeeds;
// - build differs from this page's: the page is patched in place from `live` (see "In
//   place" below): the slides whose source changed are replaced and fitted again, the
//   others keep their nodes (no image is decoded again), and the page stays where it is --
//   or, when following edits, goes to the part of the slide holding the edit. The page
//   reloads instead when what is around the slides changed (theme, runtime: `live.shell`),
//   or when it cannot tell what it was made from; the server only ever serves a complete
//   deck from memory, so neither can land on a half-written file.
// EventSource reconnects by itself when the server goes away; the first event after a
// reconnect tells whether the deck changed meanwhile (a restarted server has new build ids).
(function () {
  'use strict';
  var me = document.currentScript;
  var attr = function (name, fallback) {
    return (me && me.getAttribute(name)) || fallback;
  };
  var build = attr('data-build', '');
  var follow = attr('data-follow', '1') === '1';
  var url = attr('data-events', '/__meetdeck/events');
  var KEY = 'meetdeck-watch:' + location.pathname;
  var reloading = false;
  var source = null;

  // The server answers nothing but the deck; without an icon of its own the browser would
  // ask for /favicon.ico after every reload and log the 404.
  if (!document.querySelector('link[rel~="icon"]')) {
    var icon = document.createElement('link');
    icon.rel = 'icon';
    icon.href = 'data:,';
    (document.head || document.documentElement).appendChild(icon);
  }

  var api = (window.__meetdeckWatch = {
    build: build,
    follow: follow,
    state: null,
    // When this page's new content was on screen (epoch ms, sub-ms precision); 0 from a
    // patch until it is painted.
    shownAt: 0,
    // Patches applied in place, and how long the last took, from its state's arrival to
    // the new slides fitted and shown (ms; before the paint).
    patches: 0,
    patchMs: 0,
    // The event stream is open (false while the server is away).
    online: false,
    slideStarts: slideStarts,
    slideForLine: slideForLine,
  });

  function deck() {
    return window.meetdeck;
  }

  function ready() {
    var d = deck();
    if (d && d.ready && typeof d.ready.then === 'function') {
      return d.ready.then(null, function () {});
    }
    return Promise.resolve();
  }

  function childSections(el) {
    var out = [];
    for (var i = 0; i < el.children.length; i++) {
      if (el.children[i].tagName === 'SECTION') out.push(el.children[i]);
    }
    return out;
  }

  // Every slide in document order: { h, v, line } where line is the note line it starts
  // at. A slide without data-line (a continuation the runtime added) keeps the line of
  // the slide before it, so it belongs to the same part of the note.
  function slideStarts() {
    var out = [];
    var last = 1;
    var slides = document.querySelector('.reveal .slides');
    if (!slides) return out;
    var tops = childSections(slides);
    for (var h = 0; h < tops.length; h++) {
      var kids = childSections(tops[h]);
      var list = kids.length ? kids : [tops[h]];
      for (var v = 0; v < list.length; v++) {
        var n = parseInt(list[v].getAttribute('data-line') || '', 10);
        if (!(n > 0) && v === 0) n = parseInt(tops[h].getAttribute('data-line') || '', 10);
        if (n > 0) last = n;
        out.push({ h: h, v: kids.length ? v : 0, line: last });
      }
    }
    return out;
  }

  // The first slide of the part of the note holding `line`: the greatest start <= line.
  function slideForLine(line, starts) {
    starts = starts || slideStarts();
    var best = null;
    for (var i = 0; i < starts.length; i++) {
      if (starts[i].line <= line && (!best || starts[i].line > best.line)) best = starts[i];
    }
    return best || starts[0] || null;
  }

  function current() {
    var d = deck();
    if (d && typeof d.current === 'function') {
      try {
        var c = d.current();
        if (c && typeof c.h === 'number') return { h: c.h, v: c.v || 0 };
      } catch (e) {}
    }
    var m = /^#\/(\d+)(?:\/(\d+))?/.exec(location.hash);
    return m ? { h: +m[1], v: +(m[2] || 0) } : { h: 0, v: 0 };
  }

  function lineOf(pos, starts) {
    for (var i = 0; i < starts.length; i++) {
      if (starts[i].h === pos.h && starts[i].v === pos.v) return starts[i].line;
    }
    return null;
  }

  // The slide to show for an edit at `line`, or null to stay: when the slide shown is
  // already in the edited part (e.g. its continuation 2/3), stay there.
  function target(line) {
    var starts = slideStarts();
    var t = slideForLine(line, starts);
    if (!t) return null;
    return lineOf(current(), starts) === t.line ? null : t;
  }

  var SCROLLERS = ['.reveal', '.reveal .slides', '.reveal .slides > section.present'];

  function scrollPositions() {
    var se = document.scrollingElement || document.documentElement;
    var out = { page: [se.scrollLeft, se.scrollTop], parts: [] };
    for (var i = 0; i < SCROLLERS.length; i++) {
      var el = document.querySelector(SCROLLERS[i]);
      out.parts.push(el ? [el.scrollLeft, el.scrollTop] : [0, 0]);
    }
    return out;
  }

  function restoreScroll(s) {
    if (!s || !s.page) return;
    var se = document.scrollingElement || document.documentElement;
    se.scrollLeft = s.page[0];
    se.scrollTop = s.page[1];
    for (var i = 0; i < SCROLLERS.length && i < s.parts.length; i++) {
      var el = document.querySelector(SCROLLERS[i]);
      if (el && (s.parts[i][0] || s.parts[i][1])) {
        el.scrollLeft = s.parts[i][0];
        el.scrollTop = s.parts[i][1];
      }
    }
  }

  function reload(line) {
    if (reloading) return;
    reloading = true;
    var saved = { scroll: scrollPositions(), line: null };
    if (follow && line) {
      // Lines before the first changed one are the same in the old and new note, so the
      // slides of this page already point at the right place; the new page checks again.
      var t = target(line);
      saved.line = line;
      if (t) {
        history.replaceState(history.state, '', '#/' + t.h + '/' + t.v);
        saved.scroll = null;
      }
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify(saved));
    } catch (e) {}
    if (source) source.close();
    location.reload();
  }

  function showError(message) {
    var el = document.getElementById('meetdeck-watch-error');
    if (!message) {
      if (el) el.parentNode.removeChild(el);
      return;
    }
    if (!el) {
      el = document.createElement('div');
      el.id = 'meetdeck-watch-error';
      el.setAttribute('role', 'alert');
      el.style.cssText =
        'all:initial;position:fixed;z-index:2147483647;top:0;left:0;right:0;' +
        'max-height:50vh;overflow:auto;box-sizing:border-box;padding:12px 16px;' +
        'background:#fff0f0;color:#5c0000;border-bottom:3px solid #d00;' +
        'font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;' +
        'white-space:pre-wrap;box-shadow:0 2px 12px rgba(0,0,0,.25)';
      var head = document.createElement('div');
      head.style.cssText = 'font-weight:bold;margin-bottom:4px';
      // The page's words (src/render/labels.rs), in its language; else the tool's name.
      var words = window.meetdeckWords || {};
      head.textContent = words.watch || 'meetdeck';
      var body = document.createElement('div');
      body.className = 'meetdeck-watch-message';
      el.appendChild(head);
      el.appendChild(body);
      (document.body || document.documentElement).appendChild(el);
    }
    el.lastChild.textContent = message;
  }

  // ---- In place ----
  //
  // The unit is a slide of the source (a leaf <section>: a slide, or one of a stack's).
  // Its key is its HTML as rendered, without its data-line (a line inserted above moves
  // it, not changes it). On the page, fitting made each source slide a group: the slide,
  // then its continuation parts (class "continued", or "md-topic" for the parts broken at
  // deeper headings), and a top-level slide that was split sits in a stack of its own.
  // The groups are in the order of the source slides, so the i-th group is the i-th key.
  //
  // `known` describes what this page shows, from the first state of this page's own build
  // (the page cannot read its source back: the runtime fitted it before this script ran).

  var known = null;
  var busy = false;
  var queued = null;

  function parse(body) {
    var t = document.createElement('template');
    t.innerHTML = body;
    return t.content;
  }

  function bodyOf(el) {
    return el.querySelector(':scope > .slide-body') || el;
  }

  // A parsed body → { frame, tops: [{ node, leaves: [i] | null, leaf: i }], leaves: [{
  // node, key, line, text }], images: { id: src } }, or null if it has no slides. frame:
  // everything but the slides (when it changes, the page reloads).
  function describe(frag) {
    var slides = frag.querySelector('.reveal .slides');
    if (!slides) return null;
    var out = { tops: [], leaves: [] };
    var add = function (node) {
      var line = node.getAttribute('data-line');
      node.removeAttribute('data-line');
      var key = node.outerHTML;
      if (line !== null) node.setAttribute('data-line', line);
      out.leaves.push({ node: node, key: key, line: line, text: bodyOf(node).textContent });
      return out.leaves.length - 1;
    };
    var tops = childSections(slides);
    for (var h = 0; h < tops.length; h++) {
      var kids = childSections(tops[h]);
      out.tops.push(
        kids.length
          ? { node: tops[h], leaves: kids.map(add) }
          : { node: tops[h], leaves: null, leaf: add(tops[h]) }
      );
    }
    // The source of each image, from its first use (later uses have none: see images.js).
    out.images = {};
    var firsts = slides.querySelectorAll('img[data-meetdeck-img]');
    for (var i = 0; i < firsts.length; i++) {
      var id = firsts[i].getAttribute('data-meetdeck-img');
      if (!(id in out.images)) out.images[id] = firsts[i].getAttribute('src');
    }
    slides.replaceChildren();
    var frame = '';
    for (var n = frag.firstChild; n; n = n.nextSibling) {
      frame += n.nodeType === 1 ? n.outerHTML : n.textContent;
    }
    out.frame = frame;
    return out;
  }

  function remember(s) {
    var d = s.live && describe(parse(s.live.body));
    known = d && {
      shell: s.live.shell,
      frame: d.frame,
      keys: d.leaves.map(function (l) { return l.key; }),
      texts: d.leaves.map(function (l) { return l.text; }),
    };
  }

  // The page's groups (see above), in order.
  function liveGroups(slidesEl) {
    var groups = [];
    var tops = childSections(slidesEl);
    for (var h = 0; h < tops.length; h++) {
      var kids = childSections(tops[h]);
      var list = kids.length ? kids : [tops[h]];
      for (var v = 0; v < list.length; v++) {
        var cl = list[v].classList;
        if (groups.length && (cl.contains('continued') || cl.contains('md-topic'))) {
          groups[groups.length - 1].push(list[v]);
        } else {
          groups.push([list[v]]);
        }
      }
    }
    return groups;
  }

  // The slide element shown now.
  function shownSlide(slidesEl) {
    var c = current();
    var top = childSections(slidesEl)[c.h];
    if (!top) return null;
    var kids = childSections(top);
    return kids.length ? kids[c.v] || null : top;
  }

  // The first character where two texts differ, or -1.
  function firstDiff(a, b) {
    if (a === b) return -1;
    var i = 0;
    while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    return i;
  }

  // The part of a group holding character `at` of the source slide's body text.
  function partAt(group, at) {
    var seen = 0;
    for (var i = 0; i < group.length; i++) {
      seen += bodyOf(group[i]).textContent.length;
      if (at < seen) return i;
    }
    return group.length - 1;
  }

  // Images of new slides: later uses of an image get the first use's source (as images.js
  // does at load), and every image loads at once. Resolves when those without both sizes
  // are loaded (fitting measures them), or after a moment.
  function loadImages(nodes, first) {
    var waits = [];
    nodes.forEach(function (node) {
      var imgs = node.querySelectorAll('img');
      for (var j = 0; j < imgs.length; j++) {
        var img = imgs[j];
        var same = img.getAttribute('data-meetdeck-same');
        if (same && !img.hasAttribute('src') && first[same]) img.setAttribute('src', first[same]);
        img.loading = 'eager';
        if (!img.complete && !(img.getAttribute('width') && img.getAttribute('height'))) {
          waits.push(
            new Promise(function (r) {
              img.addEventListener('load', r, { once: true });
              img.addEventListener('error', r, { once: true });
            })
          );
        }
      }
    });
    if (!waits.length) return Promise.resolve();
    return Promise.race([
      Promise.all(waits),
      new Promise(function (r) { setTimeout(r, 1000); }),
    ]);
  }

  // Patches the page to the state `s`; resolves true when done, false when the page must
  // reload instead.
  function patch(s) {
    var t0 = performance.now();
    var d = deck();
    var root = document.documentElement;
    var slidesEl = document.querySelector('.reveal .slides');
    if (!s.live || !known || s.live.shell !== known.shell || !slidesEl) return Promise.resolve(false);
    if (!d || typeof d.refresh !== 'function' || root.classList.contains('md-print')) {
      return Promise.resolve(false);
    }
    var frag = parse(s.live.body);
    var next = describe(frag);
    if (!next || next.frame !== known.frame) return Promise.resolve(false);
    if (liveGroups(slidesEl).length !== known.keys.length) return Promise.resolve(false);
    // New slides are made (their images decoding) before the page changes.
    var fresh = [];
    var pool = {};
    for (var i = 0; i < known.keys.length; i++) (pool[known.keys[i]] = pool[known.keys[i]] || []).push(i);
    var reuse = next.leaves.map(function (l) {
      var q = pool[l.key];
      if (q && q.length) return q.shift();
      l.fresh = document.importNode(l.node, true);
      fresh.push(l.fresh);
      return -1;
    });
    return loadImages(fresh, next.images).then(function () {
      if (queued) return true; // A newer state came meanwhile: it is the one to show.
      commit(s, next, reuse, fresh, slidesEl);
      api.patchMs = performance.now() - t0;
      return true;
    });
  }

  // The synchronous part of a patch: no paint between the old slides and the new, fitted
  // ones.
  function commit(s, next, reuse, fresh, slidesEl) {
    var root = document.documentElement;
    var groups = liveGroups(slidesEl);
    // Where the page is: the group and part shown.
    var shown = shownSlide(slidesEl);
    var at = { group: -1, part: 0 };
    groups.forEach(function (g, i) {
      var p = g.indexOf(shown);
      if (p >= 0) at = { group: i, part: p };
    });
    var scrollView = root.classList.contains('md-scroll');
    var scrolled = scrollPositions();
    // The edit: the first source slide whose key changed, and where in its text.
    var keys = next.leaves.map(function (l) { return l.key; });
    var edited = -1;
    for (var k = 0; k < Math.max(keys.length, known.keys.length); k++) {
      if (keys[k] !== known.keys[k]) {
        edited = Math.min(k, keys.length - 1);
        break;
      }
    }
    var offset = -1;
    if (edited >= 0 && reuse[edited] < 0 && edited < known.texts.length) {
      offset = firstDiff(known.texts[edited], next.leaves[edited].text);
    }

    // The slides: every group in its new place, kept or new.
    var nodesOf = function (i) {
      if (reuse[i] < 0) return [next.leaves[i].fresh];
      var g = groups[reuse[i]];
      var line = next.leaves[i].line;
      g.forEach(function (n) {
        if (line === null) n.removeAttribute('data-line');
        else n.setAttribute('data-line', line);
      });
      return g;
    };
    var tops = next.tops.map(function (t) {
      var nodes;
      var wrap;
      if (t.leaves) {
        wrap = document.importNode(t.node, false);
        t.leaves.forEach(function (i) {
          nodesOf(i).forEach(function (n) { wrap.appendChild(n); });
        });
        return wrap;
      }
      nodes = nodesOf(t.leaf);
      if (nodes.length === 1) return nodes[0];
      // A split top-level slide sits in a stack of its own, as fitting made it.
      wrap = document.createElement('section');
      wrap.className = 'stack';
      nodes.forEach(function (n) { wrap.appendChild(n); });
      return wrap;
    });
    // Fitting measures slides as presented: not as the reading view or the overview.
    var views = ['md-scroll', 'md-overview'].filter(function (c) {
      return root.classList.contains(c);
    });
    views.forEach(function (c) { root.classList.remove(c); });
    slidesEl.replaceChildren.apply(slidesEl, tops);
    // While fitting, every slide is laid out (fit.js: md-fitting): the kept ones are left
    // out, so that fitting a slide costs the same in a deck of ten slides or of three hundred.
    var aside = tops.filter(function (t) {
      return !fresh.some(function (n) { return t.contains(n); });
    });
    aside.forEach(function (t) { t.style.display = 'none'; });
    if (fresh.length && window.MeetdeckFit) {
      // fitAll fits every slide under its first argument: given a stand-in for the slides
      // that answers with the new ones only, it fits those (fit.js uses only these two).
      var only = {
        classList: slidesEl.classList,
        querySelectorAll: function (sel) {
          var out = [];
          fresh.forEach(function (n) {
            if (n.matches(sel)) out.push(n);
            out.push.apply(out, n.querySelectorAll(sel));
          });
          return out;
        },
      };
      try {
        window.MeetdeckFit.fitAll(only, { height: 720 });
      } catch (e) {
        slidesEl.classList.remove('md-fitting');
      }
    }
    aside.forEach(function (t) { t.style.removeProperty('display'); });
    views.forEach(function (c) { root.classList.add(c); });

    // Where to go: the part holding the edit when following it (the part shown when the
    // edit is on the slide shown and where in it is not known), else stay.
    var now = liveGroups(slidesEl);
    var target = null;
    if (follow && edited >= 0 && now[edited]) {
      var g = now[edited];
      var here = reuse[edited] < 0 ? at.group === edited : reuse[edited] === at.group;
      var part = offset >= 0 ? partAt(g, offset) : here ? Math.min(at.part, g.length - 1) : 0;
      target = g[part];
      api.lastEdit = { slide: edited, at: offset, part: part, parts: g.length, here: here };
    }
    if (!target && shown && shown.isConnected) target = shown;
    if (!target && at.group >= 0) {
      var same = now[Math.min(at.group, now.length - 1)];
      target = same && same[Math.min(at.part, same.length - 1)];
    }
    deck().refresh(target);
    if (scrollView) restoreScroll(scrolled);
    known = {
      shell: s.live.shell,
      frame: next.frame,
      keys: keys,
      texts: next.leaves.map(function (l) { return l.text; }),
    };
    build = s.build;
    api.build = build;
    api.patches++;
    var t = document.createElement('textarea');
    t.innerHTML = s.live.title;
    if (t.value) document.title = t.value;
    api.shownAt = 0;
    requestAnimationFrame(function () {
      api.shownAt = performance.timeOrigin + performance.now();
    });
  }

  // Brings the page to the state `s`: in place if it can, else by reloading. One at a
  // time; a state coming meanwhile waits, and only the latest is shown.
  function update(s) {
    if (busy) {
      queued = s;
      return;
    }
    busy = true;
    ready()
      .then(function () { return patch(s); })
      .then(null, function () { return false; })
      .then(function (done) {
        busy = false;
        if (!done) return reload(s.line);
        var q = queued;
        queued = null;
        if (q && q.build && q.build !== build) update(q);
      });
  }

  function onState(event) {
    var s;
    try {
      s = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    api.state = s;
    showError(s.error);
    if (s.build && s.build === build && !known) remember(s);
    if (s.build && s.build !== build) update(s);
  }

  function connect() {
    source = new EventSource(url);
    source.addEventListener('state', onState);
    source.onopen = function () {
      api.online = true;
    };
    source.onerror = function () {
      api.online = false;
      // CONNECTING: the browser retries by itself. CLOSED (e.g. something else answered
      // on the port meanwhile): retry ourselves.
      if (source.readyState === 2 && !reloading) setTimeout(connect, 1000);
    };
  }

  // After a reload: back to the saved place, then check the followed line in the new DOM.
  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
  } catch (e) {}
  ready().then(function () {
    if (saved) {
      if (saved.line && follow) {
        var t = target(saved.line);
        var d = deck();
        if (t && d && typeof d.go === 'function') d.go(t.h, t.v);
      }
      restoreScroll(saved.scroll);
    }
    requestAnimationFrame(function () {
      api.shownAt = performance.timeOrigin + performance.now();
    });
  });

  window.addEventListener('pagehide', function () {
    if (source) source.close();
  });
  connect();
})();
