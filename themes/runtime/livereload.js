// meetdeck watch client. Injected before </body> by `meetdeck watch` only, never part of a
// built deck or of a theme. It listens to the server's event stream; every event is the
// whole current state { build, error, line }:
// - error: shown as an overlay over the last good deck (which stays usable), removed when
//   a later build succeeds;
// - build differs from this page's: the page reloads (the server only ever serves a
//   complete deck from memory, so a reload can never land on a half-written file), on the
//   same slide and scroll position -- or, when following edits, on the slide holding the
//   first changed line.
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
    // When this page's new content was on screen (epoch ms, sub-ms precision).
    shownAt: 0,
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

  function onState(event) {
    var s;
    try {
      s = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    api.state = s;
    showError(s.error);
    if (s.build && s.build !== build) reload(s.line);
  }

  function connect() {
    source = new EventSource(url);
    source.addEventListener('state', onState);
    source.onerror = function () {
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
