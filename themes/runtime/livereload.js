// meetdeck watch client. Injected before </body> by `meetdeck watch` only, never part of a
// built deck or of a theme. It listens to the server's event stream; every event is the
// whole current state { build, error, line, live }:
// - error: shown as an overlay over the last good deck (which stays usable), removed when
//   a later build succeeds;
// - build differs from this page's: the page is patched in place from `live` (by
//   livepatch.js, which comes first in the same <script>): the slides whose source changed are replaced and fitted again, the
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

  var inPlace = window.meetdeckLive;
  var childSections = inPlace.sections;
  var scrollPositions = inPlace.scroll;
  var restoreScroll = inPlace.restoreScroll;
  // What this page shows (see livepatch.js); a state coming while a patch is under way.
  var known = null;
  var busy = false;
  var queued = null;

  function ready() {
    var d = deck();
    if (d && d.ready && typeof d.ready.then === 'function') {
      return d.ready.then(null, function () {});
    }
    return Promise.resolve();
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

  // Brings the page to the state `s`: in place if it can (livepatch.js), else by reloading.
  // One at a time; a state coming meanwhile waits, and only the latest is shown.
  function update(s) {
    if (busy) {
      queued = s;
      return;
    }
    busy = true;
    var t0 = 0;
    ready()
      .then(function () {
        t0 = performance.now();
        return inPlace.patch(known, s.live, follow, function () { return !!queued; });
      })
      .then(null, function () { return null; })
      .then(function (done) {
        busy = false;
        if (done === null) return reload(s.line);
        if (done) {
          api.patchMs = performance.now() - t0;
          known = done.known;
          build = s.build;
          api.build = build;
          api.patches++;
          api.lastEdit = done.edit;
          api.shownAt = 0;
          requestAnimationFrame(function () {
            api.shownAt = performance.timeOrigin + performance.now();
          });
        }
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
    if (s.build && s.build === build && !known) known = inPlace.knownOf(s.live);
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
