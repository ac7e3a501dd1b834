/*
 * meetdeck fit pass: makes every slide fit its logical 1280x720 box.
 *
 * window.MeetdeckFit.fitAll(slidesEl, {height: 720, minFontPx: 20}) -> {ms, passes, added, shrunk}
 * measures the slides (all laid out at scale 1 while it works: class md-fitting) and
 *  - moves the trailing blocks of an overflowing .slide-body to a continuation <section>
 *    inserted right after it, inside the same vertical stack (a top-level slide is first
 *    wrapped into a section.stack), titled "Title (2/3)", with class "continued" and the
 *    same data-line;
 *  - splits between blocks, list items, table rows and lines of code, keeping a heading
 *    with what follows and a question with its answer;
 *  - fits what cannot be split: an image shrinks to the room left; wide code and tables, a
 *    block too big for a slide and a too full title slide get a smaller font, never under
 *    minFontPx.
 * Reads and writes are batched: each pass measures every pending slide, then changes them.
 */
(() => {
  'use strict';

  // Elements whose children may be spread over several slides.
  const CONTAINER = /^(DIV|UL|OL|BLOCKQUOTE|LI|DL|DETAILS|FIGURE)$/;
  // Block-level children: the split points inside a container.
  const BLOCK = /^(P|DIV|UL|OL|LI|PRE|TABLE|BLOCKQUOTE|H\d|DL|DT|DD|HR|FIGURE|DETAILS|IMG)$/;
  // Never left alone at the bottom of a slide.
  const HEADING = /^(H\d|DT)$/;
  const rect = (e) => e.getBoundingClientRect();
  const css = (e) => getComputedStyle(e);
  const px = (v) => parseFloat(v) || 0;
  let MIN = 20;

  // The units a container can be split between, or null if it cannot be split. An <li>
  // may start with inline content (its "head"), which stays in the first part.
  function unitsOf(el) {
    const units = [];
    for (const n of el.childNodes) {
      if (n.nodeType === 1 && BLOCK.test(n.tagName)) units.push(n);
      else if (n.nodeType === 1 || n.nodeType === 3 && n.data.trim()) {
        if (units.length || el.tagName !== 'LI') return null;
        units.head = 1;
      }
    }
    return units;
  }

  // How to split `el` so that its first part ends above `limit` (a viewport y): a chain of
  // cuts [{el, units, i, deep, lines}], outermost first, or null when it cannot be done.
  function plan(el, limit) {
    const tag = el.tagName;
    if (tag === 'PRE') {
      // Between lines of code.
      const lines = el.textContent.replace(/\n$/, '').split('\n');
      const s = css(el);
      // (Padding and border taken as the same at the bottom as at the top.)
      const edge = px(s.paddingTop) + px(s.borderTopWidth);
      const room = limit - rect(el).top - 2 * edge;
      const n = Math.min(Math.floor(room / (px(s.lineHeight) || px(s.fontSize) * 1.3)), lines.length - 1);
      return n > 0 ? [{ el, i: n, lines }] : null;
    }
    const units = tag === 'TABLE'
      ? [].concat(...Array.from(el.tBodies, (b) => Array.from(b.rows)))
      : CONTAINER.test(tag) && unitsOf(el);
    const k = units ? units.findIndex((u) => rect(u).bottom > limit) : -1;
    if (k < 0) return null;
    const sub = tag !== 'TABLE' && plan(units[k], limit);
    if (sub) return [{ el, units, i: k, deep: 1 }].concat(sub);
    // The first part must keep something: the head, or at least one unit.
    const min = units.head ? 0 : 1;
    let j = k;
    // Keep a question with its answer, and a heading with what follows it.
    const prev = units[j - 1];
    if (j > min && /^(P|LI)$/.test(prev.tagName) && /[?？]\s*$/.test(prev.textContent)) j--;
    while (j > min && HEADING.test(units[j - 1].tagName)) j--;
    return k < min ? null : [{ el, units, i: j }];
  }

  // Carries out cut n of a chain; returns the new element holding the rest.
  function cut(chain, n) {
    const { el, units, i, deep, lines } = chain[n];
    const tag = el.tagName;
    const rest = el.cloneNode(false);
    if (lines) {
      const code = el.querySelector('code');
      const to = code ? rest.appendChild(code.cloneNode(false)) : rest;
      (code || el).textContent = lines.slice(0, i).join('\n') + '\n';
      to.textContent = lines.slice(i).join('\n') + '\n';
      return rest;
    }
    if (tag === 'TABLE') {
      // The header is repeated.
      if (el.tHead) rest.append(el.tHead.cloneNode(true));
      rest.appendChild(document.createElement('tbody')).append(...units.slice(i));
      return rest;
    }
    let from = units[i];
    if (deep) {
      rest.append(cut(chain, n + 1));
      from = from.nextSibling;
    }
    while (from) {
      const next = from.nextSibling;
      rest.append(from);
      from = next;
    }
    // A continued list counts on; a split item goes on without a marker.
    if (tag === 'OL') rest.start = el.start + i;
    if (tag === 'LI') rest.classList.add('md-cont');
    return rest;
  }

  // Moves the rest of an overflowing slide to a new continuation slide right after it.
  function split(sec, chain, slidesEl, parts) {
    const title = sec.querySelector(':scope > .slide-title');
    if (!sec.mdOrig) {
      sec.mdOrig = sec;
      parts.push(sec);
      // A placeholder until every part is known (about the final width).
      if (title) title.insertAdjacentHTML('beforeend', '<span class="md-part"> (1/2)</span>');
    }
    const c = sec.cloneNode(false);
    c.classList.add('continued');
    c.mdOrig = sec.mdOrig;
    if (title) c.append(title.cloneNode(true));
    c.append(cut(chain, 0));
    if (sec.parentNode === slidesEl) {
      const stack = document.createElement('section');
      stack.className = 'stack';
      sec.before(stack);
      stack.append(sec);
    }
    sec.after(c);
    return c;
  }

  // A smaller font for what cannot be split, never under the minimum. False if no change.
  function shrink(el, ratio) {
    const font = px(css(el).fontSize);
    const f = Math.max(MIN, Math.floor(font * ratio * 0.97));
    if (f < font) el.style.fontSize = f + 'px';
    return f < font;
  }

  function fitAll(slidesEl, opts) {
    const t0 = performance.now();
    const { height: H = 720, minFontPx = 20 } = opts || {};
    MIN = minFontPx;
    const stats = { passes: 0, added: 0, shrunk: 0 };
    const parts = [];
    slidesEl.classList.add('md-fitting');
    try {
      const bodyOf = (s) => s.querySelector(':scope > .slide-body');
      const leaves = Array.from(slidesEl.querySelectorAll('section')).filter(bodyOf);
      const padB = leaves.length ? px(css(leaves[0]).paddingBottom) : 0;
      const limitOf = (s) => rect(s).top + H - padB;

      // Pass 0, read: room left for images on each slide; code and tables too wide; a
      // title slide too full.
      const wide = Array.from(slidesEl.querySelectorAll('.title-slide'), (s) => [s, s.clientHeight / s.scrollHeight]);
      const room = leaves.map((s) => {
        const b = bodyOf(s);
        for (const el of b.querySelectorAll('pre, table')) {
          const pre = el.tagName === 'PRE';
          const avail = pre ? el.clientWidth : el.parentNode.clientWidth;
          wide.push([el, avail / (pre ? el.scrollWidth : rect(el).width)]);
        }
        return limitOf(s) - rect(b).top;
      });
      // Pass 0, write.
      leaves.forEach((s, i) => s.style.setProperty('--md-avail', Math.max(60, room[i] | 0) + 'px'));
      for (const [el, ratio] of wide) {
        if (ratio < 0.999 && shrink(el, ratio)) {
          el.classList.add('md-wrap');
          stats.shrunk++;
        }
      }

      // Split passes: measure every pending slide, then split or shrink them.
      let queue = leaves;
      while (queue.length && stats.passes++ < 100) {
        const todo = [];
        for (const s of queue) {
          const b = bodyOf(s);
          const limit = limitOf(s);
          if (rect(b).bottom <= limit + 0.5) continue;
          const units = Array.from(b.children);
          const k = units.findIndex((u) => rect(u).bottom > limit + 0.5);
          const u = units[k];
          if (!u) continue;
          const ur = rect(u);
          const next = k + 1 < units.length && [{ el: b, units, i: k + 1 }];
          // An image shrinks to the room left if it keeps most of its size there.
          const img = !u.textContent.trim() && (u.tagName === 'IMG' ? u : u.querySelector('img'));
          const ir = img && rect(img);
          if (img && limit - ir.top > Math.max(150, ir.height * 0.6)) {
            todo.push({ s, img, h: limit - ir.top - (ur.bottom - ir.bottom), chain: next });
            continue;
          }
          // Else split; if the first block cannot be, it stays alone with a smaller font.
          const chain = plan(b, limit);
          todo.push(chain ? { s, chain } : { s, chain: next, big: u, ratio: (limit - ur.top) / ur.height });
        }
        queue = [];
        for (const t of todo) {
          if (t.chain) {
            queue.push(t.s, split(t.s, t.chain, slidesEl, parts));
            stats.added++;
          }
          // An image gets a max-height, a block a smaller font (a few tries at most).
          const el = t.img || t.big;
          if (el && (el.mdTries = (el.mdTries | 0) + 1) < 4
            && (t.img ? (t.img.style.maxHeight = (t.h | 0) + 'px') : shrink(el, t.ratio))) {
            stats.shrunk++;
            if (!t.chain) queue.push(t.s);
          }
        }
      }

      // Final titles: "Title (i/n)" on every part of a split slide.
      for (const orig of parts) {
        const all = Array.from(orig.parentNode.children).filter((s) => s.mdOrig === orig);
        const base = orig.dataset.title;
        all.forEach((s, i) => {
          const tag = ` (${i + 1}/${all.length})`;
          const span = s.querySelector(':scope > .slide-title > .md-part');
          if (span) span.textContent = tag;
          if (base) s.dataset.title = base + tag;
        });
      }
    } finally {
      slidesEl.classList.remove('md-fitting');
    }
    stats.ms = +(performance.now() - t0).toFixed(1);
    return stats;
  }

  window.MeetdeckFit = { fitAll };
})();
