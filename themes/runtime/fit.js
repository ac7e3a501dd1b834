/*
 * meetdeck fit pass: makes every slide fit its logical 1280x720 box.
 *
 * window.MeetdeckFit.fitAll(slidesEl, {height: 720}) -> {ms, passes}
 * measures the slides (all laid out at scale 1 while it works: class md-fitting) and
 *  - moves the trailing blocks of an overflowing .slide-body to continuation <section>s
 *    inserted right after it, inside the same vertical stack (a top-level slide is first
 *    wrapped into a section.stack), titled "Title (2/3)", with class "continued", the
 *    same data-line and a copy of the speaker notes;
 *  - splits between blocks, list items, table rows, lines of code and lines of a long
 *    paragraph (at a sentence end when one is near, else with "…" on both sides), never
 *    inside a link or a word, keeping a heading with what follows, a question with its
 *    answer, a caption with its image and a list item with its first sub-item;
 *  - with fit-more.js (only in decks that may need it: a long slide, a long list, a table):
 *    breaks a slide that needs more than 6 continuation slides at its deeper headings
 *    (#### and #####): each starts a slide (class md-topic) titled with it, the section's
 *    title above as a sub-title line (.md-of); splits a table too wide for the slide into
 *    groups of columns, each repeating the first column and the header; puts a long list
 *    of short items in columns; fills a continued part left nearly empty;
 *  - fits what cannot be split: an image shrinks to the room left; wide code and tables, a
 *    block too big for a slide and a too full title slide get a smaller font, never under
 *    20 px.
 *
 * Cost: fitting works in rounds. A round measures the pending slides once (reads only),
 * plans every cut of each overflowing slide on that one layout, then carries the cuts out
 * (writes only). A slide needing n parts is cut n - 1 times in one round: the cuts are
 * placed by arithmetic on the measured heights (each part holds the room of one slide),
 * and carried out from the last to the first, so that each plan still holds. The next
 * round measures the new parts, and fits what the arithmetic missed. When the last part
 * of a run would be less than half full, the parts after the first share it evenly. So
 * the work is about proportional to the content, and a deck is laid out a few times, not
 * once per part.
 * Rounds end by progress, not by a count: a part is measured again only if it holds less
 * than the slide it came from, or if something on it was shrunk (three tries at most), so
 * nothing is ever left over, however long a section is.
 */
(() => {
  'use strict';

  // Block-level children: the split points inside a container.
  const BLOCK = /^(P|DIV|UL|OL|LI|PRE|TABLE|BLOCKQUOTE|H\d|D[LTD]|HR|FIGURE|DETAILS|IMG)$/,
    // Sentence ends (and a closing quote): 。！？ anywhere, . ! ? before a space or a CJK character.
    SENTENCE = /[。！？][”’」』）]?|[.!?][”’"')\]]?(?=\s|[^\0-\u2fff])/g,
    // A character of a word that is not to be cut (not a space, not CJK).
    WORD = /[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/,
    // Helpers; kid(e, s): a direct child of e matching selector s; body(s): a slide's body.
    doc = document,
    rect = e => e.getBoundingClientRect(),
    css = e => getComputedStyle(e),
    px = v => parseFloat(v) || 0,
    kid = (e, s) => e.querySelector(':scope>' + s),
    body = s => kid(s, '.slide-body'),
    copy = e => e.cloneNode(true),
    copies = (...l) => l.filter(Boolean).map(copy),
    // A block, or an element of raw HTML (<meeting>, <font>...) holding blocks.
    isBlock = e => BLOCK.test(e.tagName) || [...e.children].some(c => BLOCK.test(c.tagName)),
    // An image alone (in its paragraph or link), or nothing.
    pic = u => !u.textContent.trim() && (u.tagName === 'IMG' ? u : u.querySelector('img')),
    // The amount of content in a slide (characters and elements), to check progress.
    size = s => s.textContent.length + s.getElementsByTagName('*').length,
    // The first i in [lo, hi) for which f(i) holds (f is false, then true), else hi: a
    // binary search, so that planning the many parts of a long list or paragraph on one
    // layout stays cheap.
    first = (lo, hi, f) => {
      while (lo < hi) {
        const m = lo + hi >> 1;
        if (f(m)) hi = m;
        else lo = m + 1;
      }
      return lo;
    },
    // The first of units in flow (their bottoms grow) whose bottom is below y.
    below = (units, y) => first(0, units.length, i => rect(units[i]).bottom > y);

  // Where the part being planned starts (a viewport y): a sentence end above it is no
  // place to break. more: fit-more.js's parts, in the decks that carry it, else {}. memo:
  // the units of each container planned in this round (the many cuts of a long slide all
  // plan from its body: reading its children once keeps planning linear).
  let floor, more, memo;

  // The units a container can be split between, or null if it cannot be split. An <li>
  // may start with inline content (its "head"), which stays in the first part.
  function unitsOf(el) {
    const units = [];
    for (const n of el.childNodes) {
      if (n.nodeType === 1 && isBlock(n)) units.push(n);
      else if ((n.nodeType === 1 || n.nodeType === 3 && n.data.trim()) && (units.length || el.tagName !== 'LI')) return null;
    }
    return units;
  }

  // How to split running text so that its first part ends above `limit`: [{el, at:
  // [node, offset], sentence}], at a sentence end in the lower half of the first part,
  // else between two lines, but before a link or a word cut by the line break; null if
  // not even a line would stay, or if a link or a short word starts on the first line.
  function planText(el, limit) {
    // out(n, b): is the text of n up to b out? A line box is its glyphs (1em at least) and
    // half the leading. Measured on its last two characters (a range over a long text
    // costs its length), or its last 80 or all of it if they are collapsed spaces. (4: text
    // nodes.)
    const r = doc.createRange(),
      box = (n, a, b) => (r.setStart(n, a), r.setEnd(n, b), rect(r)),
      s = css(el),
      lh = px(s.lineHeight) || px(s.fontSize) * 1.3,
      end = (n, b, q = box(n, Math.max(0, b - 2), b)) => q.height ? q : (q = box(n, Math.max(0, b - 80), b)).height ? q : box(n, 0, b),
      out = (n, b) => end(n, b).bottom + (lh - px(s.fontSize))/2 > limit,
      top = Math.max(rect(el).top, floor),
      nodes = [];
    for (let n, w = doc.createTreeWalker(el, 4); (n = w.nextNode());) nodes.push(n);
    // The first text node, and in it the first character, on a line that is out.
    const n = nodes[first(0, nodes.length, i => out(nodes[i], nodes[i].length))];
    if (!n) return null;
    const lo = first(0, n.length - 1, i => out(n, i + 1)),
      line = box(n, lo, lo + 1).top,
      // The first character in the lower half of the part.
      half = first(0, lo, i => box(n, i, i + 1).top >= (top + line)/2);
    if (line - top < lh * 1.5) return null;
    let at = lo,
      sentence = false;
    // The last sentence end in the lower half (not in code).
    for (const m of el.tagName === 'PRE' ? [] : n.data.slice(half, lo).matchAll(SENTENCE)) {
      const e = half + m.index + m[0].length;
      if (e < lo) at = e, sentence = true;
    }
    // A link is one piece.
    const a = n.parentElement.closest('a');
    if (a && a !== el && el.contains(a)) {
      const p = a.parentNode;
      return rect(a).top - top < lh/2 ? null : [{el, at: [p, [...p.childNodes].indexOf(a)]}];
    }
    // A word too (a long one that wraps anywhere), but in CJK text; a word of less than
    // 400 characters (a URL) starting on the first line moves on whole.
    let w = at;
    while (!sentence && w > 0 && WORD.test(n.data[w - 1]) && WORD.test(n.data[w] || ' ')) w--;
    if (w < at) {
      if (box(n, w, w + 1).top - top >= lh/2) at = w;
      else if (at - w < 400) return null;
    }
    return [{el, at: [n, at], sentence}];
  }

  // How to split `el` so that its first part ends above `limit` (a viewport y): a chain of
  // cuts [{el, units, i, deep, at}], outermost first, or null when it cannot be done.
  function plan(el, limit) {
    const tag = el.tagName,
      table = tag === 'TABLE',
      units = table
      ? [...el.querySelectorAll(':scope>tbody>tr')]
      // (Elements whose children may be spread over several slides; not a list in columns.)
      : memo.get(el) || memo.set(el, (/^(DIV|UL|OL|BLOCKQUOTE|LI|DL|DETAILS|FIGURE)$/.test(tag) || !BLOCK.test(tag) && isBlock(el)) && !el.style.columns && unitsOf(el)).get(el);
    // A paragraph, code, or an item of text only, is split between lines.
    if (/^(P|PRE)$/.test(tag) || units && !units.length && !table) return planText(el, limit);
    const k = units ? below(units, limit) : -1;
    if (!units || !units[k]) return null;
    const sub = !table && plan(units[k], limit);
    if (sub) return [{el, units, i: k, deep: 1}, ...sub];
    // The first part keeps at least one unit (an item its first sub-item), a question
    // its answer, a heading what follows it, a caption (a short text) its image.
    let j = k;
    const prev = units[j - 1];
    if (j > 1 && /^(P|LI)$/.test(prev.tagName) && /[?？]\s*$/.test(prev.textContent)) j--;
    while (j > 1 && (/^(H\d|DT)$/.test(units[j - 1].tagName) || pic(units[j]) && units[j - 1].textContent.length < 120)) j--;
    return k < 1 ? null : [{el, units, i: j}];
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
      // The header is repeated; rows a later cut took are not taken back.
      rest.append(...copies(el.tHead), doc.createElement('tbody'));
      rest.lastChild.append(...units.slice(i).filter(r => el.contains(r)));
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

  // Where the content moved by a cut starts (a viewport y), less what it will gain above
  // it on its new slide: the top padding of the containers cloned around it, a repeated
  // table header, its own top margin.
  function resume(chain) {
    const c = chain.at(-1),
      [n, i] = c.at || [],
      r = doc.createRange(),
      u = c.at ? null : c.units[c.i];
    let y;
    if (!n) y = rect(u).top - px(css(u).marginTop) - (c.el.tHead ? rect(c.el.tHead).height : 0);
    else if (n.nodeType === 3) y = (r.setStart(n, i), r.setEnd(n, Math.min(i + 1, n.length)), rect(r).top);
    else y = rect(n.childNodes[i]).top;
    for (const {el} of chain.slice(1)) y -= px(css(el).paddingTop);
    return y - 1;
  }

  // Marks a slide as the first part of its section, with a part marker in its title about
  // as wide as its final one (written at the end; emptied if the slide is not split): its
  // title has its final height when it is measured, without one more layout.
  function mark(s, parts) {
    parts.push(s.mdOrig = s);
    const t = kid(s, '.slide-title');
    if (t) t.insertAdjacentHTML('beforeend', '<span class=md-part> (10/10)</span>');
  }

  // A new slide after s, a copy of its attributes, holding `nodes` and s's notes.
  function after(s, cls, ...nodes) {
    const c = s.cloneNode();
    c.classList.add(cls);
    c.append(...nodes, ...copies(kid(s, 'aside.notes')));
    // A top-level slide first becomes a vertical stack of one.
    if (s.parentNode.matches('.slides')) {
      s.insertAdjacentHTML('beforebegin', '<section class=stack></section>');
      s.previousSibling.append(s);
    }
    s.after(c);
    return c;
  }

  // The plan for an overflowing slide `s` whose content must end above `limit`:
  //  {s, chains}: every cut, in order; the parts between them each fill a slide;
  //  {s, img, h, chains}: an image shrinks to the room left, what follows moves on;
  //  {s, big, ratio, chains}: a first block that cannot be split gets a smaller font.
  function planSlide(s, limit) {
    const b = body(s),
      units = [...b.children],
      k = below(units, limit),
      u = units[k],
      ur = rect(u),
      top = rect(b).top,
      room = limit - top,
      end = rect(units.at(-1)).bottom,
      next = units[k + 1] ? [[{el: b, units, i: k + 1}]] : [],
      img = pic(u),
      ir = img && rect(img);
    // An image shrinks to the room left if it keeps most of its size there.
    if (img && limit - ir.top > Math.max(150, ir.height * 0.6)) return {s, img, h: limit - ir.top - (ur.bottom - ir.bottom), chains: next};
    // The cuts: the first part ends at the limit, each next one `span` below where it
    // starts (a slide's room at most), until the rest fits. A block taller than a slide
    // ends the plan: the next round measures that part again. (cs.y: where the parts
    // after the first start, cs.z: where the last starts.)
    const cuts = span => {
      const cs = [];
      for (let lim = limit - 0.5, y = floor = -1e9, c; end > lim && (c = plan(b, lim)); floor = cs.z = y) {
        y = resume(c);
        if (y <= floor + 2) break;
        cs.y = cs.y || y;
        cs.push(c);
        lim = y + span - 0.5;
      }
      return cs;
    };
    let chains = cuts(room);
    // Balanced runs: if the last part would be less than half full, the parts after the
    // first share the rest evenly (if they can without one more part).
    if (chains[1] && end - chains.z < room/2) {
      const even = cuts(Math.min(room, (end - chains.y)/chains.length * 1.1));
      if (even.length === chains.length) chains = even;
    }
    // If the first block cannot be split, it stays alone with a smaller font.
    return chains[0] ? {s, chains} : {s, chains: next, big: u, ratio: (limit - ur.top)/ur.height};
  }

  // A smaller font for what cannot be split, never under the minimum (20 px). False if
  // no change.
  function shrink(el, ratio) {
    const font = px(css(el).fontSize),
      f = Math.max(20, font * ratio * 0.97 | 0);
    if (f < font) el.style.fontSize = f + 'px';
    return f < font;
  }

  // slidesEl is used for its classList and querySelectorAll only: watch mode's live client
  // (livereload.js) passes a stand-in answering with the slides it replaced, to fit those.
  function fitAll(slidesEl, opts) {
    const t0 = performance.now(),
      {height: H = 720} = opts || {},
      stats = {passes: 0},
      parts = [];
    more = window.MeetdeckFit.more || {};
    slidesEl.classList.add('md-fitting');
    try {
      const leaves = [...slidesEl.querySelectorAll('section')].filter(body);
      // Slides the build found far too long broken at their deeper headings (fit-more.js).
      if (more.pre) more.pre(leaves);
      const padB = leaves[0] ? px(css(leaves[0]).paddingBottom) : 0,
        limitOf = s => rect(s).top + H - padB + 0.5,

        // Pass 0, read: room left for images on each slide; code and tables too wide; a
        // title slide too full.
        wide = [...slidesEl.querySelectorAll('.title-slide')].map(s => [s, s.clientHeight/s.scrollHeight]),
        room = leaves.map(s => {
          for (const el of body(s).querySelectorAll('pre, table')) {
            wide.push([el, el.tagName === 'PRE' ? el.clientWidth/el.scrollWidth : el.parentNode.clientWidth/el.offsetWidth]);
          }
          return limitOf(s) - rect(body(s)).top;
        });
      // Pass 0, write: the room for images, part markers; tables still too wide are split
      // by columns (one layout each: they are rare).
      leaves.forEach((s, i) => {
        s.style.setProperty('--md-avail', Math.max(60, room[i] | 0) + 'px');
        mark(s, parts);
      });
      for (const [el, ratio] of wide) {
        if (ratio > 0.999) continue;
        if (shrink(el, ratio)) el.classList.add('md-wrap');
        if (el.tagName === 'TABLE' && el.rows[0] && more.split) more.split(el);
      }
      // Long slides broken at their deeper headings, long lists of short items in columns.
      if (more.lists) more.lists(leaves, limitOf, parts);

      // The split rounds (see the top of this file).
      for (let queue = leaves; queue.length; stats.passes++) {
        // Read: the overflowing slides, and the plan of each.
        memo = new Map();
        const todo = queue.filter(s => {
          const u = body(s).lastElementChild;
          return u && rect(u).bottom > limitOf(s);
        }).map(s => planSlide(s, limitOf(s)));
        // Write: the cuts, the last first, each part to measure next if it holds less.
        queue = [];
        for (const t of todo) {
          const {s, chains = [], img, big} = t,
            n = size(body(s));
          for (const c of chains.reverse()) {
            const part = after(s, 'continued', ...copies(kid(s, '.md-of'), kid(s, '.slide-title')), cut(c, 0));
            part.mdOrig = s.mdOrig;
            if (size(body(part)) < n) queue.push(part);
          }
          // An image gets a max-height, a block a smaller font (a few tries at most).
          const el = img || big;
          if (el && (el.mdTries = (el.mdTries | 0) + 1) < 4
            && (img ? (img.style.maxHeight = (t.h | 0) + 'px') : shrink(el, t.ratio))) queue.push(s);
        }
      }

      // Fill: a continued part left nearly empty takes the next part's first blocks.
      while (more.fill && more.fill(parts, limitOf));

      // Final titles: "Title (i/n)" on every part of a split slide; data-section: the
      // title without its part, for the reading view's contents.
      for (const orig of parts) {
        const all = [...orig.parentNode.children].filter(s => s.mdOrig === orig),
          base = orig.dataset.title;
        all.forEach((s, i) => {
          const tag = all[1] ? ` (${i + 1}/${all.length})` : '',
            m = s.querySelector('.md-part');
          if (m) m.textContent = tag;
          if (base) s.dataset.title = base + tag, s.dataset.section = base;
        });
      }
    } finally {
      slidesEl.classList.remove('md-fitting');
    }
    stats.ms = +(performance.now() - t0).toFixed(1);
    return stats;
  }

  // fitAll, and the helpers fit-more.js uses.
  window.MeetdeckFit = {fitAll, h: {rect, css, px, body, copy, after, mark}};
})();
