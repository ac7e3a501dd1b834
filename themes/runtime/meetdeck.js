/*
 * meetdeck runtime: navigation for one self-contained deck.
 *
 * Runs at the end of <body>, after fit.js (window.MeetdeckFit) and, in a deck that uses an
 * image more than once, after images.js (which gives the later uses their source). Public API:
 *   window.meetdeck = { ready, go(h, v), current() -> {h, v}, total(), next(), prev(),
 *                       slides() -> [{h, v, title}], fit (fit.js statistics),
 *                       openSpeakerView(), speakerView() -> its window or null,
 *                       toggleView() (slides <-> reading view) }
 * Navigation is linear: next/prev walk every slide in document order, vertical ones too.
 * URL hash: #/h/v (0-based; #/h means v = 0).
 * Classes on <html>: md-js, md-loading (until fitted), md-print (?print-pdf), md-active
 * (the mouse moved in the last 3 s: controls shown),
 * md-scroll (the reading view: ?view=scroll, key R, the default on a narrow portrait
 * screen unless ?view=slides), md-overview, md-blackout.
 * Speaker view (key S): a second window built from this one (works from file://), showing
 * the current and next slide, the notes, the clock, the time elapsed and, while the meeting
 * is on, the time left to its end (else its planned length; .reveal data-date/data-start/
 * data-end/data-timezone); both windows drive the same navigation. Tests may fix the clock with window.__meetdeckNow = () => ms.
 * Slides: the current section and its stack get "present", the others "past"/"future".
 * Words: every word shown comes from the deck's language table, window.meetdeckWords, set
 * ahead of this script (src/render/labels.rs); {0} and {1} are filled in.
 */
(() => {
  'use strict';

  const W = 1280,
    H = 720,
    doc = document,
    root = doc.documentElement,
    query = new URLSearchParams(location.search),
    PRINT = query.has('print-pdf'),
    // The reading view: asked for, or by default on a narrow portrait screen.
    view = query.get('view');
  let scroll = !PRINT && (view ? view === 'scroll' : innerWidth < 600 && innerHeight > innerWidth),
    // Leaf slides in document order: {h, v, el, top, title}; top is the horizontal section.
    flat = [],
    tops = [],
    idx = 0,
    overview = false,
    slidesEl = null,
    progress = null,
    number = null,
    live = null,
    viewBtn = null,
    started = false,
    resolveReady;
  const ready = new Promise(r => { resolveReady = r; });
  // The deck's words (no table: the keys stand in).
  const WORDS = window.meetdeckWords || {};
  const say = (k, a, b) => (WORDS[k] || k).replace('{0}', a).replace('{1}', b);

  const current = () => {
    const s = flat[idx];
    return s ? {h: s.h, v: s.v} : {h: 0, v: 0};
  };

  const api = Object.assign(window.meetdeck || {}, {
    ready,
    go: (h, v) => go(h, v, false),
    current,
    total: () => flat.length,
    next: () => show(idx + 1),
    prev: () => show(idx - 1),
    slides: () => flat.map(({h, v, title}) => ({h, v, title})),
    fit: null,
    openSpeakerView,
    speakerView: () => (sv && !sv.closed ? sv : null),
    toggleView,
  });
  window.meetdeck = api;

  // Event handlers never let an error reach the console.
  const guard = fn => function (e) {
    try {
      return fn.call(this, e);
    } catch (err) {
      // Swallowed: the handler returns undefined.
    }
  };

  function start() {
    const reveal = doc.querySelector('.reveal');
    slidesEl = reveal && reveal.querySelector('.slides');
    root.classList.add('md-js');
    if (!slidesEl) {
      resolveReady(api);
      return;
    }
    root.classList.add('md-loading');
    if (PRINT) root.classList.add('md-print');
    const imgs = [...slidesEl.querySelectorAll('img')];
    // Images without both sizes must be loaded before slides are measured.
    const pending = imgs.filter(img => {
      img.loading = 'eager';
      return !img.complete && !(img.getAttribute('width') && img.getAttribute('height'));
    });
    const loaded = img => new Promise(r => {
      img.addEventListener('load', r, {once: true});
      img.addEventListener('error', r, {once: true});
    });
    const safety = new Promise(r => setTimeout(r, 3000));
    const after = () => setup(imgs);
    if (!pending.length) after();
    else Promise.race([Promise.all(pending.map(loaded)), safety]).then(after);
  }

  function setup(imgs) {
    if (started) return;
    started = true;
    try {
      if (window.MeetdeckFit) {
        api.fit = window.MeetdeckFit.fitAll(slidesEl, {height: H});
      }
    } catch (err) {
      // An unfitted deck is still a deck.
      slidesEl.classList.remove('md-fitting');
    }
    // The reading view reflows the slides: only once they are paginated as presented.
    root.classList.toggle('md-scroll', scroll);
    buildIndex();
    buildUi();
    layout();
    bind();
    fromHash();
    root.classList.remove('md-loading');
    if (scroll && location.hash) flat[idx] && flat[idx].el.scrollIntoView();
    const waits = imgs.map(img => (img.decode ? img.decode().catch(() => {}) : null));
    if (doc.fonts && doc.fonts.ready) waits.push(doc.fonts.ready.catch(() => {}));
    // decode() may never settle in some headless setups: do not wait more than a moment.
    const done = () => resolveReady(api);
    Promise.race([Promise.all(waits), new Promise(r => setTimeout(r, 800))]).then(done, done);
  }

  // The index of slides, after pagination.
  function buildIndex() {
    flat = [];
    tops = [...slidesEl.children].filter(s => s.tagName === 'SECTION');
    tops.forEach((top, h) => {
      const kids = [...top.children].filter(c => c.tagName === 'SECTION');
      if (kids.length) kids.forEach((el, v) => flat.push(entry(el, h, v, top)));
      else flat.push(entry(top, h, 0, top));
    });
  }

  function entry(el, h, v, top) {
    const head = el.querySelector('h1, h2, h3');
    // A slide with a title and nothing else is a section divider (styled by the theme).
    const body = el.querySelector(':scope > .slide-body');
    if (body && !body.textContent.trim() && !body.querySelector('img, svg, hr, table')) {
      el.classList.add('md-divider');
    }
    const title = el.dataset.title || (head ? head.textContent : '');
    return {h, v, el, top, title: title.replace(/\s+/g, ' ').trim()};
  }

  function buildUi() {
    // An element from HTML.
    const make = html => {
      const t = doc.createElement('template');
      t.innerHTML = html;
      return t.content.firstChild;
    };
    progress = make('<div class="progress" aria-hidden="true"><span></span></div>');
    number = make('<div class="slide-number" aria-hidden="true"></div>');
    live = make('<div class="md-live" aria-live="polite" aria-atomic="true"></div>');
    // A button for the reading view (and back), and its table of contents.
    viewBtn = make('<button class="md-view" type="button"></button>');
    viewBtn.onclick = guard(toggleView);
    slidesEl.parentNode.append(progress, number, live, viewBtn);
    const toc = make('<nav class="md-toc"><h2></h2><ol></ol></nav>');
    toc.firstChild.textContent = say('toc');
    for (const s of flat) {
      if (!s.title || s.el.classList.contains('continued')) continue;
      const a = toc.lastChild.appendChild(make('<li><a></a></li>')).firstChild;
      a.href = s.v ? `#/${s.h}/${s.v}` : `#/${s.h}`;
      // A split section once, without its part "(1/n)".
      a.textContent = s.el.dataset.section || s.title;
    }
    if (tops[0]) tops[0].after(toc);
  }

  // Scale factor of the 1280x720 slide to the window; thumbnail size for the overview.
  function layout() {
    const s = Math.min(innerWidth / W, innerHeight / H) || 1;
    const cw = root.clientWidth;
    // Reading view: a column up to 1280 px wide, zoomed so that a phone shows 640 px of it.
    root.style.setProperty('--md-scale', scroll ? Math.min(1, Math.floor(cw / 0.64) / 1000) : s);
    root.style.setProperty('--md-rw', Math.max(640, Math.min(W, cw)) + 'px');
    viewBtn.textContent = say(scroll ? 'slides' : 'read');
    const cols = Math.max(2, Math.round(innerWidth / 320));
    const thumb = (innerWidth - 48 - 24 * (cols - 1) - 20) / cols;
    root.style.setProperty('--md-ov', Math.max(0.05, thumb / W).toFixed(4));
  }

  function setState(el, state) {
    el.classList.toggle('past', state < 0);
    el.classList.toggle('present', state === 0);
    el.classList.toggle('future', state > 0);
  }

  // Shows slide i of the flat list. fromHash: the hash already says so.
  function show(i, fromHash) {
    if (!flat.length) return current();
    i = Math.max(0, Math.min(flat.length - 1, Math.floor(Number(i)) || 0));
    const changed = i !== idx || !number.textContent;
    idx = i;
    const cur = flat[i];
    flat.forEach((s, j) => setState(s.el, j - i));
    tops.forEach((t, h) => setState(t, h - cur.h));
    const n = flat.length;
    progress.firstChild.style.width = (n > 1 ? (i / (n - 1)) * 100 : 100) + '%';
    number.textContent = `${i + 1} / ${n}`;
    if (changed) {
      live.textContent = say('slide', i + 1, n) + (cur.title ? `: ${cur.title}` : '');
      doc.dispatchEvent(new CustomEvent('meetdeck:slidechanged', {detail: current()}));
    }
    if (!fromHash) writeHash();
    if (overview) cur.el.scrollIntoView({block: 'nearest'});
    else if (scroll && fromHash !== 'scroll' && changed) cur.el.scrollIntoView();
    speaker();
    return current();
  }

  // Goes to slide (h, v); out-of-range values go to the nearest slide before them.
  function go(h, v, fromHash) {
    h = Math.max(0, Math.floor(Number(h)) || 0);
    v = Math.max(0, Math.floor(Number(v)) || 0);
    let best = 0;
    for (let j = 0; j < flat.length; j++) {
      const s = flat[j];
      if (s.h > h || (s.h === h && s.v > v)) break;
      best = j;
    }
    return show(best, fromHash);
  }

  function writeHash() {
    const {h, v} = current();
    const hash = v ? `#/${h}/${v}` : `#/${h}`;
    if (location.hash === hash) return;
    try {
      history.replaceState(history.state, '', hash);
    } catch (err) {
      // Some sandboxed frames refuse; the deck still works.
    }
  }

  function fromHash() {
    const m = /^#\/?(\d*)(?:\/(\d*))?/.exec(location.hash);
    if (m) go(m[1], m[2], true);
    else show(idx, true);
  }

  // Up/down: within the current vertical stack only.
  function down() {
    const n = flat[idx + 1];
    if (n && n.h === flat[idx].h) show(idx + 1);
  }

  function up() {
    const p = flat[idx - 1];
    if (p && p.h === flat[idx].h) show(idx - 1);
  }

  function toggleOverview(on) {
    if (PRINT || scroll) return;
    overview = on === undefined ? !overview : on;
    root.classList.toggle('md-overview', overview);
    layout();
    if (overview) flat[idx].el.scrollIntoView({block: 'center'});
  }

  function fullscreen() {
    // Browsers refuse (and log) fullscreen without a user gesture, e.g. synthetic keys.
    if (navigator.userActivation && !navigator.userActivation.isActive) return;
    const req = root.requestFullscreen || root.webkitRequestFullscreen;
    const exit = doc.exitFullscreen || doc.webkitExitFullscreen;
    const p = doc.fullscreenElement || doc.webkitFullscreenElement
      ? exit && exit.call(doc)
      : req && req.call(root);
    if (p && p.catch) p.catch(() => {});
  }

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || PRINT) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    // The reading view leaves the keys to the browser, but R and S.
    if (scroll && !/^[rs]$/i.test(e.key)) return;
    const next = () => show(idx + 1);
    const prev = () => show(idx - 1);
    const black = () => root.classList.toggle('md-blackout');
    const act = {
      arrowright: next, pagedown: next, n: next,
      arrowleft: prev, pageup: prev, p: prev,
      ' ': e.shiftKey ? prev : next, spacebar: next,
      arrowdown: down, arrowup: up,
      home: () => show(0), end: () => show(flat.length - 1),
      escape: () => toggleOverview(), o: () => toggleOverview(),
      enter: overview && (() => toggleOverview(false)),
      f: fullscreen, b: black, '.': black,
      s: openSpeakerView, r: toggleView,
    }[e.key.toLowerCase()];
    if (!act) return;
    act();
    e.preventDefault();
  }

  // In the overview, a click on a thumbnail goes to that slide.
  function onClick(e) {
    if (!overview) return;
    const sec = e.target.closest && e.target.closest('section');
    const j = flat.findIndex(s => s.el === sec || s.el.contains(sec));
    if (j < 0) return;
    e.preventDefault();
    e.stopPropagation();
    show(j);
    toggleOverview(false);
  }

  // Swipes: left/right = next/prev, up/down = within the stack. Pinch zoom is left alone.
  let touch = null;
  function onTouchStart(e) {
    wake();
    touch = e.touches.length === 1 ? {x: e.touches[0].clientX, y: e.touches[0].clientY} : null;
  }

  function onTouchEnd(e) {
    const t0 = touch;
    touch = null;
    if (!t0 || overview || PRINT || scroll || !e.changedTouches.length) return;
    if (window.visualViewport && visualViewport.scale > 1.01) return;
    const dx = e.changedTouches[0].clientX - t0.x;
    const dy = e.changedTouches[0].clientY - t0.y;
    if (Math.abs(dx) > Math.abs(dy)) {
      if (Math.abs(dx) > 40) show(dx < 0 ? idx + 1 : idx - 1);
    } else if (Math.abs(dy) > 40) {
      if (dy < 0) down();
      else up();
    }
  }

  // Controls show while the mouse moves (or a finger touches) and fade when it rests, as
  // in reveal.js, so they stay out of a screen share.
  let idle = 0;
  function wake() {
    root.classList.add('md-active');
    clearTimeout(idle);
    idle = setTimeout(() => root.classList.remove('md-active'), 3000);
  }

  // Reading view: the slide at the top of the window is the current one (at the end of
  // the page, the one shown or gone to stays).
  let scrollQueued = false;
  function onScroll() {
    if (scrollQueued || !scroll) return;
    scrollQueued = true;
    requestAnimationFrame(guard(() => {
      scrollQueued = false;
      if (scrollY + innerHeight > root.scrollHeight - 2) return;
      let j = 0;
      while (j + 1 < flat.length && flat[j + 1].el.getBoundingClientRect().top < 8) j++;
      if (j !== idx) show(j, 'scroll');
    }));
  }

  function bind() {
    const opts = {passive: true};
    addEventListener('keydown', guard(onKey));
    addEventListener('resize', guard(layout));
    addEventListener('hashchange', guard(fromHash));
    addEventListener('touchstart', guard(onTouchStart), opts);
    addEventListener('touchend', guard(onTouchEnd), opts);
    slidesEl.addEventListener('click', guard(onClick), true);
    addEventListener('scroll', guard(onScroll), opts);
    // The browser's own print dialog gets the print layout too.
    addEventListener('beforeprint', guard(() => root.classList.replace('md-scroll', 'md-print') || root.classList.add('md-print')));
    addEventListener('afterprint', guard(() => {
      root.classList.toggle('md-print', PRINT);
      root.classList.toggle('md-scroll', scroll);
    }));
    addEventListener('mousemove', wake, opts);
    // The speaker view goes with its deck (a reload too: press S again).
    addEventListener('pagehide', guard(() => sv && sv.close()));
  }

  // Switches between the slides and the reading view, on the same slide; the URL says
  // which, so that a reload keeps it.
  function toggleView() {
    if (PRINT) return;
    toggleOverview(false);
    scroll = !scroll;
    root.classList.toggle('md-scroll', scroll);
    const u = new URL(location.href);
    u.searchParams.set('view', scroll ? 'scroll' : 'slides');
    try {
      history.replaceState(history.state, '', u);
    } catch (err) {
      // As in writeHash.
    }
    layout();
    if (scroll) flat[idx].el.scrollIntoView();
  }

  // The speaker view: a window of its own, built and kept up to date from here.
  const SV_CSS = `.md-sv body{display:grid;grid:56% 1fr/62% 1fr;gap:1%;padding:1%;box-sizing:border-box;background:#f4f6f8;color:#1f2328;font:22px/1.4 system-ui}
.md-sv .reveal{position:relative;outline:1px solid}
.md-svnext{cursor:pointer}
.md-svnotes{overflow:auto;font-size:28px}
.md-svtime{margin:0;font-size:30px;font-variant-numeric:tabular-nums}
.md-svtime span{display:block;width:max-content;padding:0 8px}
.md-svnotes a{color:#0b5cad}.md-svnotes code{background:#e4e8ed}
.md-amber{background:#ffb020;color:#000}.md-red{background:#c62828;color:#fff}`;
  let sv = null;
  let svStart = 0;
  let svTimer = 0;
  const now = () => (window.__meetdeckNow || Date.now)();

  function openSpeakerView() {
    if (sv && !sv.closed) {
      sv.focus();
      return sv;
    }
    sv = window.open('', 'md-speaker', 'width=1200,height=760');
    if (!sv) return null;
    const d = sv.document;
    d.open();
    const pane = c => `<div class="reveal md-sv${c}"><div class="slides"></div></div>`;
    d.write(`<!DOCTYPE html><html class="md-js md-sv"><title></title><style></style>${pane('now')}${pane('next')}`
      + `<div class="md-svnotes"></div><p class="md-svtime">${'<span></span>'.repeat(4)}</p>`);
    d.close();
    d.title = say('speaker') + ': ' + doc.title;
    d.querySelector('style').textContent = [...doc.querySelectorAll('style')].map(s => s.textContent).join('\n') + SV_CSS;
    sv.addEventListener('keydown', guard(onKey));
    sv.addEventListener('resize', guard(speaker));
    d.querySelector('.md-svnext').onclick = guard(() => show(idx + 1));
    svStart = now();
    clearInterval(svTimer);
    svTimer = setInterval(guard(tick), 1000);
    speaker();
    return sv;
  }

  // Shows the current and next slide and the notes in the speaker view.
  function speaker() {
    if (!sv || sv.closed) return;
    const d = sv.document;
    [flat[idx], flat[idx + 1]].forEach((s, i) => {
      const pane = d.querySelector(i ? '.md-svnext' : '.md-svnow');
      pane.style.setProperty('--md-scale', Math.min(pane.clientWidth / W, pane.clientHeight / H));
      const c = s ? s.el.cloneNode(true) : d.createElement('section');
      c.classList.remove('past', 'future');
      c.classList.add('present');
      pane.firstChild.replaceChildren(c);
    });
    const notes = flat[idx] && flat[idx].el.querySelector(':scope > aside.notes');
    const box = d.querySelector('.md-svnotes');
    box.innerHTML = notes ? notes.innerHTML : '<i></i>';
    if (!notes) box.firstChild.textContent = say('notes');
    tick();
  }

  // Minutes and seconds (hours when needed) of a duration in ms.
  function hms(ms) {
    const t = Math.round(Math.abs(ms) / 1000);
    const two = n => String(n).padStart(2, '0');
    const m = Math.floor(t / 60);
    return (m >= 60 ? `${Math.floor(m / 60)}:${two(m % 60)}` : m) + ':' + two(t % 60);
  }

  // The meeting's start and end (ms) from .reveal's data-date, data-start, data-end and
  // data-timezone ("GMT+08:00", "UTC-5"; else the local time); NaN where not known.
  function meeting() {
    const a = slidesEl.parentNode.dataset;
    const d = /^(\d{4})-(\d\d)-(\d\d)/.exec(a.date || '');
    const z = /(?:GMT|UTC)\s*(?:([+-])(\d\d?):?(\d\d)?)?/i.exec(a.timezone || '');
    const at = v => {
      const m = /^(\d\d?):(\d\d)/.exec(v || '');
      if (!d || !m) return NaN;
      return z
        ? Date.UTC(d[1], d[2] - 1, d[3], m[1], m[2]) - (z[1] === '-' ? -1 : 1) * ((z[2] | 0) * 60 + (z[3] | 0)) * 6e4
        : new Date(d[1], d[2] - 1, d[3], m[1], m[2]).getTime();
    };
    const s = at(a.start);
    const e = at(a.end);
    // A meeting over midnight ends the next day.
    return [s, e < s ? e + 864e5 : e];
  }

  // The clock and the time since the speaker view opened; while the meeting is on (from an
  // hour before its start to an hour after its end, on its date) the time left, else its
  // planned length when known. An old meeting's deck is never "over by" years.
  function tick() {
    if (!sv || sv.closed) {
      clearInterval(svTimer);
      return;
    }
    const t = now();
    const [pos, clock, gone, left] = sv.document.querySelectorAll('.md-svtime span');
    pos.textContent = `${idx + 1} / ${flat.length}`;
    clock.textContent = new Date(t).toTimeString().slice(0, 8);
    gone.textContent = say('elapsed', hms(t - svStart));
    const [s, e] = meeting();
    // Without a start time, the meeting is taken to begin up to three hours before its end.
    const on = t >= (isNaN(s) ? e - 108e5 : s) - 36e5 && t <= e + 36e5;
    const l = e - t;
    left.textContent = on ? say(l < 0 ? 'over' : 'left', hms(l)) : e > s ? say('planned', hms(e - s)) : '';
    left.className = !on || l > 3e5 ? '' : l > 6e4 ? 'md-amber' : 'md-red';
  }

  // @live-hook: meetdeck watch puts live-hook.js here (meetdeck.refresh); other decks never.

  try {
    start();
  } catch (err) {
    root.classList.remove('md-loading');
    resolveReady(api);
  }
})();
