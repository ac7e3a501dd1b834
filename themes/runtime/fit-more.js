/*
 * meetdeck fit pass, the parts only some decks need (window.MeetdeckFit.more). The Rust side
 * puts this file between fit.js and meetdeck.js in a deck that has a long slide, a long
 * list or a table (src/render/mod.rs, `fit_more`); fit.js works without it.
 *
 *  - pre(leaves), lists(leaves, limitOf, parts): a very long slide breaks at its deeper
 *    headings; long lists of short items (a roll call, attendees, handles) go to CSS columns
 *    when that lets them fit on a slide;
 *  - split(table): a table too wide for the slide becomes groups of columns;
 *  - fill(parts, limitOf): a continued part left nearly empty takes the next part's blocks.
 */
(() => {
  'use strict';

  const {rect, css, px, body, copy, after, mark} = window.MeetdeckFit.h,
    doc = document,
    // Slides needing more continuation slides than this are broken at deeper headings
    // (README: Fitting; src/estimate.rs, MANY).
    MANY = 6;

  // Before anything is measured: the slides the build found far longer than MANY + 1
  // slides (data-topics) are broken at their deeper headings, a layout of them fewer.
  function pre(leaves) {
    for (const s of leaves) if (s.hasAttribute('data-topics')) leaves.push(...topics(s));
  }

  // A list of 8 items or more, each of one line of text only, that runs past the slide goes
  // to the fewest columns (up to 6) in which it fits, where it is or else on a slide of its
  // own (then it moves there whole: fit.js does not split a list in columns), in a smaller
  // font if need be (three quarters of its own at least, never under 20 px). Measured for
  // every list first (reads only), then the columns are set (writes only).
  // On the same layout, the other slides longer than MANY + 1 slides are found, and broken
  // at their deeper headings first (their lists are not put in columns: they move).
  function lists(leaves, limitOf, parts) {
    const r = doc.createRange(),
      todo = [],
      long = leaves.filter(s => {
        const b = body(s),
          u = b.lastElementChild;
        return u && rect(u).bottom - limitOf(s) > MANY * (limitOf(s) - rect(b).top);
      });
    for (const s of leaves) {
      const b = body(s),
        limit = limitOf(s);
      for (const l of long.includes(s) ? [] : b.querySelectorAll(':scope>ul,:scope>ol')) {
        const items = [...l.children],
          last = items.at(-1),
          f = px(css(l).fontSize),
          lh = px(css(l).lineHeight) || f * 1.3;
        if (items.length < 8 || rect(last).bottom <= limit || items.some(li => li.querySelector('ul,ol,p,pre,table,img'))) continue;
        // The widest item's text, and the height each item takes in the flow.
        let w = 0;
        for (const li of items) {
          if (rect(li).height > lh * 1.6) w = 1e9;
          r.selectNodeContents(li);
          w = Math.max(w, rect(r).width);
        }
        const gap = f * 1.2,
          pitch = (rect(last).bottom - rect(items[0]).top)/(items.length - 1),
          // The scale of the font at which n columns fit the width and `room` (at most 1).
          scale = (n, room) => Math.min(1, (l.clientWidth - 4 * n)/(n * w + (n - 1) * gap), (room - 4)/(Math.ceil(items.length/n) * pitch)),
          best = room => {
            let b = [0, 0];
            for (let n = 2, k; n < 7; n++) if ((k = scale(n, room)) > b[1]) b = [n, k];
            return b[1] > 0.75 && b[1] * f >= 20 && b;
          },
          nk = best(limit - rect(l).top) || best(limit - rect(b).top);
        if (nk) todo.push([l, ...nk, gap, f]);
      }
    }
    for (const s of long) for (const c of topics(s)) mark(c, parts), leaves.push(c);
    for (const [l, n, k, gap, f] of todo) {
      l.style.columns = n;
      l.style.columnGap = gap * k + 'px';
      if (k < 1) l.style.fontSize = f * k * 0.98 + 'px';
    }
  }

  // A table too wide even when only its columns of prose wrap (to a sixth of the width, but
  // never inside a word: as wide as its longest word at least) becomes one table per group of columns,
  // each repeating the first column and the header, one below the other: the split rounds
  // then spread them over slides.
  function split(table) {
    const room = table.parentNode.clientWidth - 2,
      groups = [[0]],
      widths = v => (table.style.width = v, [...table.rows[0].cells].map(c => rect(c).width)),
      most = widths('max-content'),
      least = widths('min-content'),
      w = most.map((m, i) => Math.min(room, Math.max(least[i], Math.min(m, room/6))));
    // A word wider than the slide (a long URL) is the one thing cut in a cell.
    if (Math.max(...least) > room) table.style.overflowWrap = 'anywhere';
    table.style.width = '';
    let used = w[0];
    for (let i = 1; i < w.length; i++) {
      if (used + w[i] > room && groups.at(-1)[1]) groups.push([0]) && (used = w[0]);
      groups.at(-1).push(i);
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

  // Breaks a long slide at its deeper headings (#### and #####) if it has any: each heading
  // and what follows it, up to the next, moves to a slide of its own, titled with the
  // heading, the section's title above it. Returns the new slides (to mark as the first
  // parts of their own sections).
  function topics(s) {
    const made = [],
      heads = [...body(s).children].filter(h => /^H[45]$/.test(h.tagName)),
      of = doc.createElement('p');
    of.className = 'md-of';
    of.textContent = s.dataset.title;
    for (const h of heads.reverse()) {
      const t = doc.createElement('h2'),
        b = body(s).cloneNode();
      t.className = 'slide-title';
      t.append(...h.childNodes);
      for (let e = h.nextSibling; e && !heads.includes(e); e = h.nextSibling) b.append(e);
      const c = after(s, 'md-topic', copy(of), t, b);
      c.classList.remove('continued');
      c.dataset.title = t.textContent.trim();
      h.remove();
      made.push(c);
    }
    return made;
  }

  // Fill: a continued part left nearly empty (a paragraph's tail, cut in an earlier round)
  // takes the next part's first blocks while they fit; a question stays with its answer.
  // The parts are measured once (reads), and the blocks that fit are found by arithmetic on
  // their heights; then moved (writes): one layout for the whole deck a call. Returns the
  // number of moves: fit.js calls it again until there are none.
  function fill(parts, limitOf) {
    const moves = [];
    for (const o of parts) {
      const a = [...o.parentNode.children].filter(s => s.mdOrig === o && !s.matches('.md-topic'));
      for (let i = 1; i < a.length; i++) {
        const b = body(a[i - 1]),
          top = rect(b).top,
          limit = limitOf(a[i - 1]),
          f = body(a[i]),
          next = [...f.children];
        let end = rect(b.lastElementChild || b).bottom;
        if ((end - top) * 4 > limit - top || !next[0]) continue;
        // A block moved up starts where the last one ends, after the larger of the margins.
        const last = b.lastElementChild,
          gap = e => Math.max(last ? px(css(last).marginBottom) : 0, px(css(e).marginTop)),
          shift = end - rect(next[0]).top + gap(next[0]);
        let k = 0;
        while (next[k] && rect(next[k]).bottom + shift <= limit) k++;
        if (k && k < next.length && /[?？]\s*$/.test(next[k - 1].textContent)) k--;
        // The next pair holds a part that changes: it waits for the next call.
        if (k) moves.push([b, next.slice(0, k), a[i++], k === next.length]);
      }
    }
    for (const [b, blocks, s, all] of moves) {
      b.append(...blocks);
      if (all) s.remove();
    }
    return moves.length;
  }

  window.MeetdeckFit.more = {pre, lists, split, fill};
})();
