/*
 * meetdeck fit pass: makes every slide fit its logical 1280x720 box.
 *
 * window.MeetdeckFit.fitAll(slidesEl, {width, height, minFontPx}) measures the laid-out
 * slides (all shown at scale 1 while it works) and
 *  - moves the trailing blocks of an overflowing .slide-body to a continuation <section>
 *    inserted right after it, inside the same vertical stack (a top-level slide is first
 *    wrapped into a section.stack), titled "Title (2/3)", with class "continued";
 *  - splits between blocks, between list items, table rows and lines of code, keeping a
 *    heading with what follows and a question with its answer;
 *  - shrinks what cannot be split (wide tables and code, a huge block) down to minFontPx.
 * Reads and writes are batched: each pass measures every pending slide, then changes them.
 */
(() => {
  'use strict';

  // Elements whose children may be spread over several slides.
  const CONTAINER = /^(DIV|UL|OL|BLOCKQUOTE|LI|DL|DETAILS|FIGURE|SECTION)$/;
  // Block-level children: split points inside a container.
  const BLOCK = /^(P|DIV|UL|OL|LI|PRE|TABLE|BLOCKQUOTE|H[1-6]|DL|DT|DD|HR|FIGURE|DETAILS|SECTION|IMG)$/;
  // Never left alone at the bottom of a slide.
  const HEADING = /^(H[1-6]|DT)$/;
  const QUESTION = /[?？]\s*$/;

  let MIN = 20;

  const px = (v) => parseFloat(v) || 0;

  // The units a container can be split between, or null if it cannot be split. An <li>
  // may start with inline content (its "head") that stays in the first part.
  function unitsOf(el) {
    if (el.classList.contains('slide-body')) return Array.from(el.children);
    const units = [];
    let head = false;
    for (const n of el.childNodes) {
      if (n.nodeType === 1 && BLOCK.test(n.tagName)) units.push(n);
      else if (n.nodeType === 1 || (n.nodeType === 3 && n.data.trim())) {
        if (units.length || el.tagName !== 'LI') return null;
        head = true;
      }
    }
    units.head = head;
    return units;
  }

  const isQuestion = (u) => (u.tagName === 'P' || u.tagName === 'LI') && QUESTION.test(u.textContent);

  // A plan to split `el` so that its first part ends above `limit` (a viewport y): a chain
  // of cuts [{el, i, deep}], outermost first, or null if no such split exists.
  function plan(el, limit) {
    const tag = el.tagName;
    if (tag === 'PRE') return planPre(el, limit);
    if (tag === 'TABLE') return planTable(el, limit);
    if (!CONTAINER.test(tag)) return null;
    const units = unitsOf(el);
    if (!units || !units.length) return null;
    const k = units.findIndex((u) => u.getBoundingClientRect().bottom > limit);
    if (k < 0) return null;
    // The first part must keep something: the head, or at least one unit.
    const min = units.head ? 0 : 1;
    const sub = plan(units[k], limit);
    if (sub) return [{ el, units, i: k, deep: true }].concat(sub);
    if (k < min) return null;
    let j = k;
    // Keep a question with its answer, and a heading with what follows it.
    if (j - 1 >= min && isQuestion(units[j - 1])) j--;
    while (j - 1 >= min && HEADING.test(units[j - 1].tagName)) j--;
    return [{ el, units, i: j }];
  }

  // Split a code block between lines.
  function planPre(pre, limit) {
    const code = pre.querySelector('code') || pre;
    const lines = code.textContent.replace(/\n$/, '').split('\n');
    if (lines.length < 2) return null;
    const ps = getComputedStyle(pre);
    let lh = px(getComputedStyle(code).lineHeight) || px(ps.lineHeight);
    if (!lh) lh = px(ps.fontSize) * 1.3;
    const top = pre.getBoundingClientRect().top + px(ps.paddingTop) + px(ps.borderTopWidth);
    const room = limit - top - px(ps.paddingBottom) - px(ps.borderBottomWidth);
    const n = Math.min(Math.floor(room / lh), lines.length - 1);
    return n >= 1 ? [{ el: pre, i: n, lines }] : null;
  }

  // Split a table between body rows (the header is repeated).
  function planTable(t, limit) {
    let rows = [];
    for (const b of t.tBodies) rows = rows.concat(Array.from(b.rows));
    const k = rows.findIndex((r) => r.getBoundingClientRect().bottom > limit);
    return k >= 1 ? [{ el: t, i: k, rows }] : null;
  }

  // An empty copy of an element (no id: ids stay unique).
  function shell(el) {
    const c = el.cloneNode(false);
    c.removeAttribute('id');
    return c;
  }

  // Carries out cut n of a chain; returns the new element holding the rest.
  function cut(chain, n) {
    const c = chain[n];
    const el = c.el;
    const rest = shell(el);
    if (el.tagName === 'PRE') {
      const code = el.querySelector('code');
      const holder = code ? shell(code) : rest;
      if (code) rest.append(holder);
      (code || el).textContent = c.lines.slice(0, c.i).join('\n') + '\n';
      holder.textContent = c.lines.slice(c.i).join('\n') + '\n';
    } else if (el.tagName === 'TABLE') {
      if (el.caption) rest.append(el.caption.cloneNode(true));
      if (el.tHead) rest.append(el.tHead.cloneNode(true));
      const tb = document.createElement('tbody');
      tb.append(...c.rows.slice(c.i));
      rest.append(tb);
      // Drop the body sections left empty.
      for (const b of Array.from(el.tBodies)) if (!b.rows.length) b.remove();
    } else {
      let from = c.units[c.i];
      if (c.deep) {
        rest.append(cut(chain, n + 1));
        from = from.nextSibling;
      }
      while (from) {
        const next = from.nextSibling;
        rest.append(from);
        from = next;
      }
      // The continued list counts on; a split item goes on without a marker.
      if (el.tagName === 'OL') rest.start = (el.start || 1) + c.i;
      if (el.tagName === 'LI') rest.classList.add('md-cont');
    }
    return rest;
  }

  // Adds " (i/n)" to a slide's title (a placeholder until renumbering).
  function markPart(sec) {
    const t = sec.querySelector(':scope > .slide-title');
    if (t && !t.querySelector('.md-part')) {
      const s = document.createElement('span');
      s.className = 'md-part';
      s.textContent = ' (1/2)';
      t.append(s);
    }
  }

  // Moves the rest of an overflowing section to a new continuation section after it.
  function split(sec, chain, slidesEl) {
    const orig = sec.mdOrig || sec;
    if (!orig.mdBase) orig.mdBase = orig.dataset.title || '';
    markPart(sec);
    const body = cut(chain, 0);
    const c = shell(sec);
    c.classList.remove('present', 'past', 'future');
    c.classList.add('continued');
    c.mdOrig = orig;
    const title = sec.querySelector(':scope > .slide-title');
    if (title) {
      const t = title.cloneNode(true);
      for (const e of t.querySelectorAll('[id]')) e.removeAttribute('id');
      t.removeAttribute('id');
      c.append(t);
    }
    c.append(body);
    const first = body.firstElementChild;
    const line = first && first.closest('[data-line]');
    if (line && line !== first.parentNode && body.contains(line)) c.dataset.line = line.dataset.line;
    else if (first && first.dataset && first.dataset.line) c.dataset.line = first.dataset.line;
    if (sec.parentNode === slidesEl) {
      const stack = document.createElement('section');
      stack.className = 'stack';
      sec.before(stack);
      stack.append(sec);
    }
    sec.after(c);
    return c;
  }

  // Shrinks the font of a block that cannot be split (never below the minimum).
  function shrink(el, font, ratio) {
    const f = Math.max(MIN, Math.floor(font * ratio));
    if (f >= font) return false;
    el.style.fontSize = f + 'px';
    return true;
  }

  // Final titles: "Title (i/n)" on every part of a split slide.
  function renumber(slidesEl) {
    const groups = new Map();
    for (const s of slidesEl.querySelectorAll('section')) {
      const o = s.mdOrig || (s.mdBase !== undefined ? s : null);
      if (!o) continue;
      if (!groups.has(o)) groups.set(o, []);
      groups.get(o).push(s);
    }
    for (const [o, parts] of groups) {
      parts.forEach((s, i) => {
        const tag = ` (${i + 1}/${parts.length})`;
        const span = s.querySelector(':scope > .slide-title > .md-part');
        if (span) span.textContent = tag;
        if (o.mdBase) s.dataset.title = o.mdBase + tag;
      });
    }
  }

  function fitAll(slidesEl, opts) {
    const t0 = performance.now();
    const o = Object.assign({ width: 1280, height: 720, minFontPx: 20 }, opts);
    MIN = o.minFontPx;
    slidesEl.classList.add('md-fitting');
    const stats = { ms: 0, passes: 0, added: 0, shrunk: 0, overflowing: 0 };
    try {
      const leaves = Array.from(slidesEl.querySelectorAll('section')).filter(
        (s) => !s.querySelector(':scope > section') && s.querySelector(':scope > .slide-body'));
      const first = leaves[0];
      const padB = first ? px(getComputedStyle(first).paddingBottom) : 0;
      const bodyOf = (s) => s.querySelector(':scope > .slide-body');
      const limitOf = (s) => s.getBoundingClientRect().top + o.height - padB;

      // Pass 0, read: room left for images on each slide; code and tables too wide.
      const wide = [];
      const room = leaves.map((s) => {
        const b = bodyOf(s);
        for (const el of b.querySelectorAll('pre, table')) {
          const w = el.tagName === 'PRE' ? el.scrollWidth : el.getBoundingClientRect().width;
          const avail = el.tagName === 'PRE' ? el.clientWidth : el.parentNode.clientWidth;
          if (w > avail + 1) wide.push([el, px(getComputedStyle(el).fontSize), avail / w]);
        }
        return limitOf(s) - b.getBoundingClientRect().top;
      });
      // Pass 0, write.
      leaves.forEach((s, i) => s.style.setProperty('--md-avail', Math.max(60, Math.floor(room[i])) + 'px'));
      for (const [el, font, ratio] of wide) {
        shrink(el, font, ratio * 0.98);
        el.classList.add('md-wrap');
        stats.shrunk++;
      }

      // Split passes: measure every pending slide, then split or shrink them.
      let queue = leaves;
      const tries = new Map();
      while (queue.length && stats.passes < 100) {
        stats.passes++;
        const plans = [];
        for (const s of queue) {
          const b = bodyOf(s);
          const limit = limitOf(s);
          const r = b.getBoundingClientRect();
          if (r.bottom <= limit + 0.5 && b.scrollWidth <= b.clientWidth + 1) continue;
          const chain = plan(b, limit);
          if (chain) {
            plans.push({ s, chain });
            continue;
          }
          // The first block cannot be split: put it alone on the slide and shrink it.
          const big = b.firstElementChild;
          if (!big) continue;
          const br = big.getBoundingClientRect();
          const p = { s };
          if (b.children.length > 1) p.chain = [{ el: b, units: Array.from(b.children), i: 1 }];
          if (br.bottom > limit + 0.5 || br.right > r.right + 1) {
            const ratio = Math.min((limit - br.top) / br.height, r.width / br.width);
            p.big = [big, px(getComputedStyle(big).fontSize), ratio * 0.98];
          }
          plans.push(p);
        }
        queue = [];
        for (const p of plans) {
          if (p.chain) {
            const c = split(p.s, p.chain, slidesEl);
            stats.added++;
            queue.push(p.s, c);
          }
          if (p.big) {
            const n = (tries.get(p.big[0]) || 0) + 1;
            tries.set(p.big[0], n);
            if (n <= 3 && shrink(...p.big)) {
              stats.shrunk++;
              if (!p.chain) queue.push(p.s);
            } else {
              p.s.classList.add('md-overflow');
              stats.overflowing++;
            }
          }
        }
      }
      renumber(slidesEl);
    } finally {
      slidesEl.classList.remove('md-fitting');
    }
    stats.ms = Math.round((performance.now() - t0) * 10) / 10;
    return stats;
  }

  window.MeetdeckFit = { fitAll };
})();
