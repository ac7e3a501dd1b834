/*
 * meetdeck runtime: navigation for one self-contained deck.
 *
 * Runs at the end of <body>, after fit.js (window.MeetdeckFit). Public API:
 *   window.meetdeck = { ready, go(h, v), current() -> {h, v}, total(), next(), prev(),
 *                       slides() -> [{h, v, title}], fit (fit.js statistics) }
 * Navigation is linear: next/prev walk every slide in document order, vertical ones too.
 * URL hash: #/h/v (0-based; #/h means v = 0).
 * Classes on <html>: md-js, md-loading (until fitted), md-print (?print-pdf),
 * md-scroll (?view=scroll), md-overview, md-blackout.
 * Slides: the current section and its stack get "present", the others "past"/"future".
 */
(() => {
  'use strict';

  const W = 1280;
  const H = 720;
  const doc = document;
  const root = doc.documentElement;
  const query = new URLSearchParams(location.search);
  const PRINT = query.has('print-pdf');
  const SCROLL = !PRINT && query.get('view') === 'scroll';

  // Leaf slides in document order: {h, v, el, top, title}; top is the horizontal section.
  let flat = [];
  let tops = [];
  let idx = 0;
  let overview = false;
  let slidesEl = null;
  let progress = null;
  let number = null;
  let live = null;
  let started = false;
  let resolveReady;
  const ready = new Promise((r) => { resolveReady = r; });

  const current = () => {
    const s = flat[idx];
    return s ? { h: s.h, v: s.v } : { h: 0, v: 0 };
  };

  const api = Object.assign(window.meetdeck || {}, {
    ready,
    go: (h, v) => go(h, v, false),
    current,
    total: () => flat.length,
    next: () => show(idx + 1),
    prev: () => show(idx - 1),
    slides: () => flat.map(({ h, v, title }) => ({ h, v, title })),
    fit: null,
  });
  window.meetdeck = api;

  // Event handlers never let an error reach the console.
  const guard = (fn) => function (e) {
    try {
      return fn.call(this, e);
    } catch (err) {
      return undefined;
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
    if (SCROLL) root.classList.add('md-scroll');
    const imgs = Array.from(slidesEl.querySelectorAll('img'));
    // Images without both sizes must be loaded before slides are measured.
    const pending = imgs.filter((img) => {
      img.loading = 'eager';
      return !img.complete && !(img.getAttribute('width') && img.getAttribute('height'));
    });
    const loaded = (img) => new Promise((r) => {
      img.addEventListener('load', r, { once: true });
      img.addEventListener('error', r, { once: true });
    });
    const safety = new Promise((r) => setTimeout(r, 3000));
    const after = () => setup(imgs);
    if (!pending.length) after();
    else Promise.race([Promise.all(pending.map(loaded)), safety]).then(after);
  }

  function setup(imgs) {
    if (started) return;
    started = true;
    try {
      if (window.MeetdeckFit) {
        api.fit = window.MeetdeckFit.fitAll(slidesEl, { width: W, height: H, minFontPx: 20 });
      }
    } catch (err) {
      // An unfitted deck is still a deck.
      slidesEl.classList.remove('md-fitting');
    }
    buildIndex();
    buildUi();
    layout();
    bind();
    fromHash();
    root.classList.remove('md-loading');
    if (SCROLL && location.hash) flat[idx] && flat[idx].el.scrollIntoView();
    const waits = imgs.map((img) => (img.decode ? img.decode().catch(() => {}) : null));
    if (doc.fonts && doc.fonts.ready) waits.push(doc.fonts.ready.catch(() => {}));
    // decode() may never settle in some headless setups: do not wait more than a moment.
    const done = () => resolveReady(api);
    Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 800))]).then(done, done);
  }

  // The index of slides, after pagination.
  function buildIndex() {
    flat = [];
    tops = Array.from(slidesEl.children).filter((s) => s.tagName === 'SECTION');
    tops.forEach((top, h) => {
      const kids = Array.from(top.children).filter((c) => c.tagName === 'SECTION');
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
    return { h, v, el, top, title: title.replace(/\s+/g, ' ').trim() };
  }

  function buildUi() {
    const reveal = slidesEl.parentNode;
    progress = doc.createElement('div');
    progress.className = 'progress';
    progress.setAttribute('aria-hidden', 'true');
    progress.append(doc.createElement('span'));
    number = doc.createElement('div');
    number.className = 'slide-number';
    number.setAttribute('aria-hidden', 'true');
    live = doc.createElement('div');
    live.className = 'md-live';
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-atomic', 'true');
    reveal.append(progress, number, live);
  }

  // Scale factor of the 1280x720 slide to the window; thumbnail size for the overview.
  function layout() {
    const s = Math.min(innerWidth / W, innerHeight / H) || 1;
    root.style.setProperty('--md-scale', SCROLL ? Math.min(1, root.clientWidth / W) : s);
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
      live.textContent = `Slide ${i + 1} of ${n}` + (cur.title ? `: ${cur.title}` : '');
      doc.dispatchEvent(new CustomEvent('meetdeck:slidechanged', { detail: current() }));
    }
    if (!fromHash) writeHash();
    if (overview) cur.el.scrollIntoView({ block: 'nearest' });
    else if (SCROLL && fromHash !== 'scroll' && changed) cur.el.scrollIntoView();
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
    const { h, v } = current();
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
    if (PRINT || SCROLL) return;
    overview = on === undefined ? !overview : on;
    root.classList.toggle('md-overview', overview);
    layout();
    if (overview) flat[idx].el.scrollIntoView({ block: 'center' });
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
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || PRINT || SCROLL) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    switch (e.key) {
      case 'ArrowRight': case 'PageDown': case 'n': case 'N':
        show(idx + 1);
        break;
      case 'ArrowLeft': case 'PageUp': case 'p': case 'P':
        show(idx - 1);
        break;
      case ' ': case 'Spacebar':
        show(e.shiftKey ? idx - 1 : idx + 1);
        break;
      case 'ArrowDown':
        down();
        break;
      case 'ArrowUp':
        up();
        break;
      case 'Home':
        show(0);
        break;
      case 'End':
        show(flat.length - 1);
        break;
      case 'Escape': case 'o': case 'O':
        toggleOverview();
        break;
      case 'Enter':
        if (!overview) return;
        toggleOverview(false);
        break;
      case 'f': case 'F':
        fullscreen();
        break;
      case 'b': case 'B': case '.':
        root.classList.toggle('md-blackout');
        break;
      case 's': case 'S':
        if (typeof api.openSpeakerView === 'function') api.openSpeakerView();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  // In the overview, a click on a thumbnail goes to that slide.
  function onClick(e) {
    if (!overview) return;
    const sec = e.target.closest && e.target.closest('section');
    const j = flat.findIndex((s) => s.el === sec || s.el.contains(sec));
    if (j < 0) return;
    e.preventDefault();
    e.stopPropagation();
    show(j);
    toggleOverview(false);
  }

  // Swipes: left/right = next/prev, up/down = within the stack. Pinch zoom is left alone.
  let touch = null;
  function onTouchStart(e) {
    touch = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY } : null;
  }

  function onTouchEnd(e) {
    const t0 = touch;
    touch = null;
    if (!t0 || overview || PRINT || SCROLL || !e.changedTouches.length) return;
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

  // Reading view: the slide at the top of the window is the current one.
  let scrollQueued = false;
  function onScroll() {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(guard(() => {
      scrollQueued = false;
      let j = 0;
      while (j + 1 < flat.length && flat[j + 1].el.getBoundingClientRect().top < innerHeight / 3) j++;
      if (j !== idx) show(j, 'scroll');
    }));
  }

  function bind() {
    const opts = { passive: true };
    addEventListener('keydown', guard(onKey));
    addEventListener('resize', guard(layout));
    addEventListener('hashchange', guard(fromHash));
    addEventListener('touchstart', guard(onTouchStart), opts);
    addEventListener('touchend', guard(onTouchEnd), opts);
    slidesEl.addEventListener('click', guard(onClick), true);
    if (SCROLL) addEventListener('scroll', guard(onScroll), opts);
    // The browser's own print dialog gets the print layout too.
    addEventListener('beforeprint', guard(() => root.classList.add('md-print')));
    addEventListener('afterprint', guard(() => { if (!PRINT) root.classList.remove('md-print'); }));
  }

  try {
    start();
  } catch (err) {
    root.classList.remove('md-loading');
    resolveReady(api);
  }
})();
