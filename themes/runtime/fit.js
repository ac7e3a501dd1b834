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
  // A character of a word that is not to be cut (not a space, not CJK).
  const WORD = /[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
  // Helpers; kid(e, s): a direct child of e matching selector s.
  const doc = document,
    rect = e => e.getBoundingClientRect(),
    css = e => getComputedStyle(e),
    px = v => parseFloat(v) || 0,
    kid = (e, s) => e.querySelector(':scope>' + s),
    copy = e => e.cloneNode(true),
    // The smallest text (px).
    MIN = 20;

  // Where the part being planned starts (a viewport y): a sentence end above it is no
  // place to break.
  let floor = -Infinity;

  // A block, or an element of raw HTML (<meeting>, <font>...) holding blocks.
  const isBlock = e => BLOCK.test(e.tagName) || [...e.children].some(c => BLOCK.test(c.tagName));

  // The units a container can be split between, or null if it cannot be split. An <li>
  // may start with inline content (its "head"), which stays in the first part.
  function unitsOf(el) {
    const units = [];
    for (const n of el.childNodes) {
      if (n.nodeType === 1 && isBlock(n)) units.push(n);
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
      top = Math.max(rect(el).top, floor),
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
      let at = lo,
        sentence = false;
      // (Not in code.)
      for (const m of el.tagName === 'PRE' ? [] : n.data.slice(0, lo).matchAll(SENTENCE)) {
        const e = m.index + m[0].length;
        if (e < lo && box(n, e, e + 1).top >= (top + line) / 2) at = e, sentence = true;
      }
      // A link is one piece: the cut goes before it if a line stays above it, else the
      // text is not split here (it moves on whole).
      const a = n.parentElement.closest('a');
      if (a && a !== el && el.contains(a)) {
        return a.getClientRects()[0].top - top < lh / 2 ? null
          : [{el, at: [a.parentNode, [...a.parentNode.childNodes].indexOf(a)]}];
      } else if (!sentence) {
        // A word too (a long one that wraps anywhere), but in CJK text.
        let w = at;
        while (w > 0 && WORD.test(n.data[w - 1]) && WORD.test(n.data[w] || ' ')) w--;
        // A word (a URL) starting on the first line moves on whole, unless it is huge.
        if (w < at) {
          if (box(n, w, w + 1).top - top >= lh / 2) at = w;
          else if (at - w < 400) return null;
        }
      }
      return [{el, at: [n, at], sentence}];
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
      : (CONTAINER.test(tag) || !BLOCK.test(tag) && isBlock(el)) && unitsOf(el);
    // A paragraph, code, or an item of text only, is split between lines.
    if (/^(P|PRE)$/.test(tag) || units && !units.length && !table) return planText(el, limit);
    const k = units ? units.findIndex(u => rect(u).bottom > limit) : -1;
    if (k < 0) return null;
    const sub = !table && plan(units[k], limit);
    if (sub) return [{el, units, i: k, deep: 1}, ...sub];
    // The first part must keep at least one unit: an item keeps its first sub-item.
    const min = 1;
    let j = k;
    // Keep a question with its answer, and a heading with what follows it.
    const prev = units[j - 1];
    if (j > min && /^(P|LI)$/.test(prev.tagName) && /[?？]\s*$/.test(prev.textContent)) j--;
    while (j > min && HEADING.test(units[j - 1].tagName)) j--;
    return k < min ? null : [{el, units, i: j}];
  }

  // Carries out cut n of a chain; returns the new element holding the rest.
  function cut(chain, n) {
    const {el, units, i, deep, at, sentence} = chain[n],
      tag = el.tagName,
      rest = el.cloneNode(),
      // Running text cut elsewhere than at a sentence end: "…" at the end of the first
      // part and at the start of the next (CSS: md-cut, md-cut-rest).
      dots = !!at && !sentence && tag !== 'PRE';
    rest.classList.toggle('md-cut-rest', dots);
    el.classList.toggle('md-cut', dots);
    if (at) {
      // Text: everything from the cut on, inline elements split where they are cut.
      const r = doc.createRange();
      r.setStart(...at);
      r.setEndAfter(el.lastChild);
      rest.append(r.extractContents());
    } else if (tag === 'TABLE') {
      // The header is repeated.
      if (el.tHead) rest.append(copy(el.tHead));
      rest.appendChild(doc.createElement('tbody')).append(...units.slice(i).filter(r => el.contains(r)));
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

  // Marks a slide about to be split: the first part of its section, with a part marker
  // in its title at about its widest (final numbers are written at the end).
  function mark(sec, parts) {
    if (sec.mdOrig) return;
    parts.push(sec.mdOrig = sec);
    const title = kid(sec, '.slide-title');
    if (title) title.insertAdjacentHTML('beforeend', '<span class=md-part> (10/10)</span>');
  }

  // Moves the rest of a slide, from the cut `chain` on, to a new continuation slide right
  // after it; returns the new slide.
  function split(sec, chain, slidesEl, parts) {
    mark(sec, parts);
    const c = sec.cloneNode();
    c.classList.add('continued');
    c.mdOrig = sec.mdOrig;
    // Every part has the title (and sub-title) and the speaker notes.
    const keep = [kid(sec, '.md-of'), kid(sec, '.slide-title')].filter(Boolean).map(copy);
    c.append(...keep, cut(chain, 0), ...[kid(sec, 'aside.notes')].filter(Boolean).map(copy));
    stack(sec, slidesEl);
    sec.after(c);
    return c;
  }

  // A top-level slide first becomes a vertical stack of one.
  function stack(sec, slidesEl) {
    if (sec.parentNode === slidesEl) {
      sec.insertAdjacentHTML('beforebegin', '<section class=stack></section>');
      sec.previousSibling.append(sec);
    }
  }

  // The amount of content in a slide body (characters and elements), to check progress.
  const sizeOf = b => b.textContent.length + b.getElementsByTagName('*').length;

  // Where the content moved by a cut starts (a viewport y), and how much higher it will
  // start on its new slide than the arithmetic assumes: the padding of the containers
  // cloned around it, a repeated table header, its own top margin.
  function resume(chain) {
    const c = chain[chain.length - 1];
    let y, extra = 0;
    if (c.at) {
      const [node, i] = c.at,
        r = doc.createRange();
      if (node.nodeType === 3) {
        r.setStart(node, i);
        r.setEnd(node, Math.min(i + 1, node.length));
      } else r.selectNode(node.childNodes[i]);
      y = r.getClientRects()[0].top;
    } else {
      const u = c.units[c.i];
      y = rect(u).top;
      extra += px(css(u).marginTop);
      if (c.el.tHead) extra += rect(c.el.tHead).height;
    }
    for (const {el} of chain.slice(1)) {
      const s = css(el);
      extra += px(s.paddingTop) + px(s.borderTopWidth);
    }
    return [y, extra + 1];
  }

  // Slides that need more than this many continuation slides are broken at their deeper
  // headings (#### and #####): each starts a slide of its own (README: Fitting).
  const MANY = 6;

  // The plan for an overflowing slide `s` whose content must end above `limit`:
  //  {s, chains}: every cut, in order; the parts between them each fill one slide;
  //  {s, topics}: the slide is long and has deeper headings, which start slides;
  //  {s, img, h, chains}: an image shrinks to the room left, what follows moves on;
  //  {s, big, ratio, chains}: a first block that cannot be split gets a smaller font.
  function planSlide(s, limit) {
    const b = kid(s, '.slide-body'),
      units = [...b.children],
      k = units.findIndex(u => rect(u).bottom > limit),
      u = units[k],
      top = rect(b).top,
      room = limit - top,
      end = rect(units[units.length - 1]).bottom,
      next = units[k + 1] ? [[{el: b, units, i: k + 1}]] : [];
    if (!s.mdTopic && (end - top) / room > MANY + 1) {
      const heads = units.filter(h => /^H[45]$/.test(h.tagName));
      if (heads.length) return {s, topics: heads};
    }
    // An image shrinks to the room left if it keeps most of its size there.
    const ur = rect(u),
      img = !u.textContent.trim() && (u.tagName === 'IMG' ? u : u.querySelector('img')),
      ir = img && rect(img);
    if (img && limit - ir.top > Math.max(150, ir.height * 0.6)) {
      return {s, img, h: limit - ir.top - (ur.bottom - ir.bottom), chains: next};
    }
    const chains = [];
    let lim = limit - 0.5,
      last = -Infinity;
    for (;;) {
      floor = last;
      const chain = plan(b, lim);
      if (!chain) break;
      const [y, extra] = resume(chain);
      // No progress (a block taller than a slide): the next round measures that part.
      if (y <= last + 1) break;
      chains.push(chain);
      last = y;
      lim = y - extra + room - 0.5;
      if (end <= lim) break;
    }
    // If the first block cannot be split, it stays alone with a smaller font.
    return chains.length ? {s, chains} : {s, chains: next, big: u, ratio: (limit - ur.top) / ur.height};
  }

  // Breaks a long slide at its deeper headings: each heading and what follows it, up to
  // the next, moves to a slide of its own, titled with the heading and showing the
  // section's title as a sub-title line. Returns the slides to measure.
  function topics(s, heads, slidesEl) {
    const title = kid(s, '.slide-title'),
      section = (s.dataset.title || (title ? title.textContent : '')).replace(/\s*\(\d+\/\d+\)$/, ''),
      notes = kid(s, 'aside.notes'),
      made = [s];
    stack(s, slidesEl);
    for (let i = heads.length - 1; i >= 0; i--) {
      const h = heads[i],
        c = s.cloneNode(),
        body = kid(s, '.slide-body').cloneNode(),
        t = doc.createElement('h2');
      c.classList.remove('continued');
      c.classList.add('md-topic');
      c.mdTopic = 1;
      c.mdOrig = null;
      c.dataset.title = h.textContent.trim();
      t.className = 'slide-title';
      t.append(...h.childNodes);
      for (let e = h.nextSibling; e && !heads.includes(e);) {
        const n = e.nextSibling;
        body.append(e);
        e = n;
      }
      h.remove();
      c.insertAdjacentHTML('beforeend', '<p class=md-of></p>');
      c.lastChild.textContent = section;
      c.append(t, body, ...[notes].filter(Boolean).map(copy));
      s.after(c);
      made.push(c);
    }
    s.mdTopic = 1;
    return made;
  }

  // A table too wide even when only its columns of prose wrap (to a sixth of the width)
  // becomes one table per group of columns, each repeating the first column and the
  // header, one below the other: the split passes then spread them over slides.
  function splitColumns(table) {
    const room = table.parentNode.clientWidth - 2,
      groups = [[0]];
    table.style.width = 'max-content';
    const w = [...table.rows[0].cells].map(c => Math.min(rect(c).width, room / 6));
    table.style.width = '';
    let used = w[0];
    for (let i = 1; i < w.length; i++) {
      if (used + w[i] > room && groups[groups.length - 1].length > 1) groups.push([0]) && (used = w[0]);
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

      // Split rounds. Each round measures the pending slides once (reads only), plans every
      // cut of each overflowing slide on that one layout, then carries the cuts out (writes
      // only). A slide needing n parts is cut n - 1 times in one round: the cuts are placed
      // by arithmetic on the measured heights (each part holds the room of a slide), and
      // carried out from the last to the first so that each plan still holds. The new
      // parts are measured in the next round, which fits what the arithmetic missed.
      // Rounds end by progress, not by a count: a part is measured again only if it holds
      // less than the slide it came from, or if something on it was shrunk (a few tries).
      let queue = leaves;
      while (queue.length) {
        stats.passes++;
        // Read: the overflowing slides.
        const over = queue.filter(s => {
          const units = bodyOf(s).children;
          return units.length && rect(units[units.length - 1]).bottom > limitOf(s) + 0.5;
        });
        // Write: the part marker, so that the title has its final height when measured.
        over.forEach(s => mark(s, parts));
        // Read: the plan of each.
        const todo = over.map(s => planSlide(s, limitOf(s) + 0.5));
        // Write.
        queue = [];
        for (const t of todo) {
          const size = sizeOf(bodyOf(t.s));
          if (t.topics) queue.push(...topics(t.s, t.topics, slidesEl));
          for (let c = (t.chains || []).length - 1; c >= 0; c--) {
            const part = split(t.s, t.chains[c], slidesEl, parts);
            // Progress: a part holding as much as its slide would be cut again forever.
            if (sizeOf(bodyOf(part)) < size && !window.__noVerify) queue.push(part);
          }
          // An image gets a max-height, a block a smaller font (a few tries at most).
          const el = t.img || t.big;
          if (el && (el.mdTries = (el.mdTries | 0) + 1) < 4
            && (t.img ? (t.img.style.maxHeight = (t.h | 0) + 'px') : shrink(el, t.ratio))) queue.push(t.s);
        }
        queue = [...new Set(queue)];
      }

      // Final titles: "Title (i/n)" on every part of a split slide.
      for (const orig of parts) {
        const all = [...orig.parentNode.children].filter(s => s.mdOrig === orig),
          base = orig.dataset.title;
        all.forEach((s, i) => {
          const tag = all.length > 1 ? ` (${i + 1}/${all.length})` : '',
            span = s.querySelector('.md-part');
          if (span) span.textContent = tag;
          if (base) s.dataset.title = base + tag;
          // The title without its part, for the reading view's contents.
          if (base) s.dataset.section = base;
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
