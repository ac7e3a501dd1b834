/*
 * meetdeck fit pass: makes every slide fit its logical 1280x720 box.
 *
 * window.MeetdeckFit.fitAll(slidesEl, {height: 720}) -> {ms, passes}
 * measures the slides (all laid out at scale 1 while it works: class md-fitting) and
 *  - moves the trailing blocks of an overflowing .slide-body to a continuation <section>
 *    inserted right after it, inside the same vertical stack (a top-level slide is first
 *    wrapped into a section.stack), titled "Title (2/3)", with class "continued", the
 *    same data-line and a copy of the speaker notes;
 *  - splits between blocks, list items, table rows, lines of code and lines of a long
 *    paragraph (at a sentence end when one is near), keeping a heading with what follows
 *    and a question with its answer;
 *  - splits a table too wide for the slide into groups of columns, each repeating the
 *    first column and the header;
 *  - fits what cannot be split: an image shrinks to the room left; wide code and tables, a
 *    block too big for a slide and a too full title slide get a smaller font, never under
 *    20 px.
 * Reads and writes are batched: each pass measures every pending slide, then changes them.
 */
(() => {
  'use strict';

  // Elements whose children may be spread over several slides.
  const CONTAINER = /^(DIV|UL|OL|BLOCKQUOTE|LI|DL|DETAILS|FIGURE)$/;
  // Block-level children: the split points inside a container.
  const BLOCK = /^(P|DIV|UL|OL|LI|PRE|TABLE|BLOCKQUOTE|H\d|D[LTD]|HR|FIGURE|DETAILS|IMG)$/;
  // Never left alone at the bottom of a slide.
  const HEADING = /^(H\d|DT)$/;
  // Sentence ends (and a closing quote): 。！？ anywhere, . ! ? before a space or a CJK character.
  const SENTENCE = /[。！？][”’」』）]?|[.!?][”’"')\]]?(?=\s|[^\0-\u2fff])/g;
  // Helpers; kid(e, s): a direct child of e matching selector s.
  const doc = document,
    rect = e => e.getBoundingClientRect(),
    css = e => getComputedStyle(e),
    px = v => parseFloat(v) || 0,
    kid = (e, s) => e.querySelector(':scope>' + s),
    copy = e => e.cloneNode(true),
    // The smallest text (px).
    MIN = 20;

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

  // How to split running text so that its first part ends above `limit`: [{el, at:
  // [textNode, offset]}], at a sentence end in the lower half of the first part, else
  // between two lines; null if fewer than two lines would stay.
  function planText(el, limit) {
    // out(n, b): is the text of n up to b out? A line box is its glyphs (1em at least) and
    // half the leading. (4: text nodes.)
    const r = doc.createRange(),
      box = (n, a, b) => (r.setStart(n, a), r.setEnd(n, b), rect(r)),
      s = css(el),
      lh = px(s.lineHeight) || px(s.fontSize) * 1.3,
      out = (n, b) => box(n, 0, b).bottom + (lh - px(s.fontSize)) / 2 > limit,
      top = rect(el).top,
      walk = doc.createTreeWalker(el, 4);
    for (let n; (n = walk.nextNode());) {
      if (!out(n, n.length)) continue;
      let lo = 0,
        hi = n.length - 1;
      // Binary search for the first character on a line that is out.
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (out(n, mid + 1)) hi = mid;
        else lo = mid + 1;
      }
      const line = box(n, lo, lo + 1).top;
      if (line - top < lh * 1.5) return null;
      let at = lo;
      // (Not in code.)
      for (const m of el.tagName === 'PRE' ? [] : n.data.slice(0, lo).matchAll(SENTENCE)) {
        const e = m.index + m[0].length;
        if (e < lo && box(n, e, e + 1).top >= (top + line) / 2) at = e;
      }
      return [{el, at: [n, at]}];
    }
    return null;
  }

  // How to split `el` so that its first part ends above `limit` (a viewport y): a chain of
  // cuts [{el, units, i, deep, at}], outermost first, or null when it cannot be done.
  function plan(el, limit) {
    const tag = el.tagName,
      table = tag === 'TABLE',
      units = table
      ? [...el.querySelectorAll(':scope>tbody>tr')]
      : CONTAINER.test(tag) && unitsOf(el);
    // A paragraph, code, or an item of text only, is split between lines.
    if (/^(P|PRE)$/.test(tag) || units && !units.length && !table) return planText(el, limit);
    const k = units ? units.findIndex(u => rect(u).bottom > limit) : -1;
    if (k < 0) return null;
    const sub = !table && plan(units[k], limit);
    if (sub) return [{el, units, i: k, deep: 1}, ...sub];
    // The first part must keep something: the head, or at least one unit.
    const min = units.head ? 0 : 1;
    let j = k;
    // Keep a question with its answer, and a heading with what follows it.
    const prev = units[j - 1];
    if (j > min && /^(P|LI)$/.test(prev.tagName) && /[?？]\s*$/.test(prev.textContent)) j--;
    while (j > min && HEADING.test(units[j - 1].tagName)) j--;
    return k < min ? null : [{el, units, i: j}];
  }

  // Carries out cut n of a chain; returns the new element holding the rest.
  function cut(chain, n) {
    const {el, units, i, deep, at} = chain[n],
      tag = el.tagName,
      rest = el.cloneNode();
    if (at) {
      // Text: everything from the cut on, inline elements split where they are cut.
      const r = doc.createRange();
      r.setStart(...at);
      r.setEndAfter(el.lastChild);
      rest.append(r.extractContents());
    } else if (tag === 'TABLE') {
      // The header is repeated.
      if (el.tHead) rest.append(copy(el.tHead));
      rest.appendChild(doc.createElement('tbody')).append(...units.slice(i));
    } else {
      // The rest of the unit cut into, if any, then every unit from i on.
      const moved = deep ? [cut(chain, n + 1)] : [];
      for (let e = deep ? units[i].nextSibling : units[i]; e; e = e.nextSibling) moved.push(e);
      rest.append(...moved);
      // A continued list counts on.
      if (tag === 'OL') rest.start = el.start + i;
    }
    // A split item or paragraph goes on without a marker.
    if (at || tag === 'LI') rest.classList.add('md-cont');
    return rest;
  }

  // Moves the rest of an overflowing slide to a new continuation slide right after it.
  function split(sec, chain, slidesEl, parts) {
    const title = kid(sec, '.slide-title'),
      notes = kid(sec, 'aside.notes');
    if (!sec.mdOrig) {
      parts.push(sec.mdOrig = sec);
      // A placeholder until every part is known (about the final width).
      if (title) title.insertAdjacentHTML('beforeend', '<span class=md-part> (1/2)</span>');
    }
    const c = sec.cloneNode();
    c.classList.add('continued');
    c.mdOrig = sec.mdOrig;
    // Every part has the title and the speaker notes.
    c.append(...[title && copy(title), cut(chain, 0), notes && copy(notes)].filter(Boolean));
    // A top-level slide first becomes a vertical stack of one.
    if (sec.parentNode === slidesEl) {
      sec.insertAdjacentHTML('beforebegin', '<section class=stack></section>');
      sec.previousSibling.append(sec);
    }
    sec.after(c);
    return c;
  }

  // A table too wide even when only its columns of prose wrap (to a sixth of the width)
  // becomes one table per group of columns, each repeating the first column and the
  // header, one below the other: the split passes then spread them over slides.
  function splitColumns(table) {
    const room = table.parentNode.clientWidth - 2,
      groups = [];
    let used = room;
    table.style.width = 'max-content';
    const w = [...table.rows[0].cells].map(c => Math.min(rect(c).width, room / 6));
    table.style.width = '';
    for (let i = 1; i < w.length; i++) {
      if (used + w[i] > room) groups.push([0]) && (used = w[0]);
      groups[groups.length - 1].push(i);
      used += w[i];
    }
    if (groups[1]) {
      table.replaceWith(...groups.map(g => {
        const t = table.cloneNode();
        for (const part of table.children) {
          const p = t.appendChild(part.cloneNode());
          for (const tr of part.rows || []) {
            p.appendChild(tr.cloneNode()).append(...g.filter(i => tr.cells[i]).map(i => copy(tr.cells[i])));
          }
        }
        return t;
      }));
    }
  }

  // A smaller font for what cannot be split, never under the minimum. False if no change.
  function shrink(el, ratio) {
    const font = px(css(el).fontSize),
      f = Math.max(MIN, font * ratio * 0.97 | 0);
    if (f < font) el.style.fontSize = f + 'px';
    return f < font;
  }

  function fitAll(slidesEl, opts) {
    const t0 = performance.now(),
      {height: H = 720} = opts || {},
      stats = {passes: 0},
      parts = [];
    slidesEl.classList.add('md-fitting');
    try {
      const bodyOf = s => kid(s, '.slide-body'),
        leaves = [...slidesEl.querySelectorAll('section')].filter(bodyOf),
        padB = leaves[0] ? px(css(leaves[0]).paddingBottom) : 0,
        limitOf = s => rect(s).top + H - padB,

        // Pass 0, read: room left for images on each slide; code and tables too wide; a
        // title slide too full.
        wide = [...slidesEl.querySelectorAll('.title-slide')].map(s => [s, s.clientHeight / s.scrollHeight]),
        room = leaves.map(s => {
          const b = bodyOf(s);
          for (const el of b.querySelectorAll('pre, table')) {
            wide.push([el, el.tagName === 'PRE' ? el.clientWidth / el.scrollWidth : el.parentNode.clientWidth / el.offsetWidth]);
          }
          return limitOf(s) - rect(b).top;
        });
      // Pass 0, write; tables still too wide are split by columns (one layout each: they
      // are rare).
      leaves.forEach((s, i) => s.style.setProperty('--md-avail', Math.max(60, room[i] | 0) + 'px'));
      for (const [el, ratio] of wide) {
        if (ratio > 0.999) continue;
        if (shrink(el, ratio)) el.classList.add('md-wrap');
        if (el.tagName === 'TABLE' && el.rows[0]) splitColumns(el);
      }

      // Split passes: measure every pending slide, then split or shrink them.
      let queue = leaves;
      while (queue.length && stats.passes++ < 100) {
        const todo = [];
        for (const s of queue) {
          const b = bodyOf(s),
            limit = limitOf(s) + 0.5,
            units = [...b.children],
            k = units.findIndex(u => rect(u).bottom > limit),
            u = units[k];
          if (!u) continue;
          // An image shrinks to the room left if it keeps most of its size there.
          const ur = rect(u),
            next = units[k + 1] && [{el: b, units, i: k + 1}],
            img = !u.textContent.trim() && (u.tagName === 'IMG' ? u : u.querySelector('img')),
            ir = img && rect(img);
          if (img && limit - ir.top > Math.max(150, ir.height * 0.6)) {
            todo.push({s, img, h: limit - ir.top - (ur.bottom - ir.bottom), chain: next});
          } else {
            // Else split; if the first block cannot be, it stays alone with a smaller font.
            const chain = plan(b, limit - 0.5);
            todo.push(chain ? {s, chain} : {s, chain: next, big: u, ratio: (limit - ur.top) / ur.height});
          }
        }
        queue = [];
        for (const t of todo) {
          if (t.chain) queue.push(t.s, split(t.s, t.chain, slidesEl, parts));
          // An image gets a max-height, a block a smaller font (a few tries at most).
          const el = t.img || t.big;
          if (el && (el.mdTries = (el.mdTries | 0) + 1) < 4
            && (t.img ? (t.img.style.maxHeight = (t.h | 0) + 'px') : shrink(el, t.ratio))
            && !t.chain) queue.push(t.s);
        }
      }

      // Final titles: "Title (i/n)" on every part of a split slide.
      for (const orig of parts) {
        const all = [...orig.parentNode.children].filter(s => s.mdOrig === orig),
          base = orig.dataset.title;
        all.forEach((s, i) => {
          const tag = ` (${i + 1}/${all.length})`,
            span = s.querySelector('.md-part');
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

  window.MeetdeckFit = {fitAll};
})();
