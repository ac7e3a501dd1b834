/*
 * meetdeck watch: patching a deck in place. Injected by `meetdeck watch` only, ahead of
 * livereload.js in the same <script>, never part of a built deck or of a theme.
 *
 * window.meetdeckLive = { patch(known, live, follow, stale) -> Promise, knownOf(live),
 *                         sections(el), scroll(), restoreScroll(saved) }
 * livereload.js calls patch() with a state's `live` (the deck's slides as rendered, a hash
 * of the rest, its title: src/serve.rs, LivePage): the slides whose source changed are
 * replaced and fitted again (fit.js), the others keep their nodes, so their images are not
 * decoded again; then the runtime indexes the slides again and shows the slide to show
 * (meetdeck.refresh, themes/runtime/live-hook.js).
 */
(function () {
  'use strict';

  function childSections(el) {
    var out = [];
    for (var i = 0; i < el.children.length; i++) {
      if (el.children[i].tagName === 'SECTION') out.push(el.children[i]);
    }
    return out;
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

  // The unit is a slide of the source (a leaf <section>: a slide, or one of a stack's).
  // Its key is its HTML as rendered, without its data-line (a line inserted above moves
  // it, not changes it). On the page, fitting made each source slide a group: the slide,
  // then its continuation parts (class "continued", or "md-topic" for the parts broken at
  // deeper headings), and a top-level slide that was split sits in a stack of its own.
  // The groups are in the order of the source slides, so the i-th group is the i-th key.
  //
  // A page's `known` describes what it shows, made from the first state of its own build
  // (the page cannot read its source back: the runtime fitted it before the client ran).

  function parse(body) {
    var t = document.createElement('template');
    t.innerHTML = body;
    return t.content;
  }

  function bodyOf(el) {
    return el.querySelector(':scope > .slide-body') || el;
  }

  // A parsed body → { frame, tops: [{ node, leaves: [i] | null, leaf: i }], leaves: [{
  // node, key, line, text }], images: { id: src } }, or null if it has no slides. frame:
  // everything but the slides (when it changes, the page reloads).
  function describe(frag) {
    var slides = frag.querySelector('.reveal .slides');
    if (!slides) return null;
    var out = { tops: [], leaves: [] };
    var add = function (node) {
      var line = node.getAttribute('data-line');
      node.removeAttribute('data-line');
      var key = node.outerHTML;
      if (line !== null) node.setAttribute('data-line', line);
      out.leaves.push({ node: node, key: key, line: line, text: bodyOf(node).textContent });
      return out.leaves.length - 1;
    };
    var tops = childSections(slides);
    for (var h = 0; h < tops.length; h++) {
      var kids = childSections(tops[h]);
      out.tops.push(
        kids.length
          ? { node: tops[h], leaves: kids.map(add) }
          : { node: tops[h], leaves: null, leaf: add(tops[h]) }
      );
    }
    // The source of each image, from its first use (later uses have none: see images.js).
    out.images = {};
    var firsts = slides.querySelectorAll('img[data-meetdeck-img]');
    for (var i = 0; i < firsts.length; i++) {
      var id = firsts[i].getAttribute('data-meetdeck-img');
      if (!(id in out.images)) out.images[id] = firsts[i].getAttribute('src');
    }
    slides.replaceChildren();
    var frame = '';
    for (var n = frag.firstChild; n; n = n.nextSibling) {
      frame += n.nodeType === 1 ? n.outerHTML : n.textContent;
    }
    out.frame = frame;
    return out;
  }

  // What a page made from `live` (a state's) shows, as patch() takes it; null if it has no
  // slides.
  function knownOf(live, d) {
    d = d || (live && describe(parse(live.body)));
    return d && {
      shell: live.shell,
      frame: d.frame,
      keys: d.leaves.map(function (l) { return l.key; }),
      texts: d.leaves.map(function (l) { return l.text; }),
    };
  }

  // The page's groups (see above), in order.
  function liveGroups(slidesEl) {
    var groups = [];
    var tops = childSections(slidesEl);
    for (var h = 0; h < tops.length; h++) {
      var kids = childSections(tops[h]);
      var list = kids.length ? kids : [tops[h]];
      for (var v = 0; v < list.length; v++) {
        var cl = list[v].classList;
        if (groups.length && (cl.contains('continued') || cl.contains('md-topic'))) {
          groups[groups.length - 1].push(list[v]);
        } else {
          groups.push([list[v]]);
        }
      }
    }
    return groups;
  }

  // The slide element shown now.
  function shownSlide(slidesEl) {
    var c = window.meetdeck.current();
    var top = childSections(slidesEl)[c.h];
    if (!top) return null;
    var kids = childSections(top);
    return kids.length ? kids[c.v] || null : top;
  }

  // The first character where two texts differ, or -1.
  function firstDiff(a, b) {
    if (a === b) return -1;
    var i = 0;
    while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    return i;
  }

  // The part of a group holding character `at` of the source slide's body text.
  function partAt(group, at) {
    var seen = 0;
    for (var i = 0; i < group.length; i++) {
      seen += bodyOf(group[i]).textContent.length;
      if (at < seen) return i;
    }
    return group.length - 1;
  }

  // Images of new slides: later uses of an image get the first use's source (as images.js
  // does at load), and every image loads at once. Resolves when those without both sizes
  // are loaded (fitting measures them), or after a moment.
  function loadImages(nodes, first) {
    var waits = [];
    nodes.forEach(function (node) {
      var imgs = node.querySelectorAll('img');
      for (var j = 0; j < imgs.length; j++) {
        var img = imgs[j];
        var same = img.getAttribute('data-meetdeck-same');
        var src = same && (first[same] || (window.meetdeckImageSource && window.meetdeckImageSource(same)));
        if (src && !img.hasAttribute('src')) img.setAttribute('src', src);
        img.loading = 'eager';
        if (!img.complete && !(img.getAttribute('width') && img.getAttribute('height'))) {
          waits.push(
            new Promise(function (r) {
              img.addEventListener('load', r, { once: true });
              img.addEventListener('error', r, { once: true });
            })
          );
        }
      }
    });
    if (!waits.length) return Promise.resolve();
    return Promise.race([
      Promise.all(waits),
      new Promise(function (r) { setTimeout(r, 1000); }),
    ]);
  }

  // Patches the page, which shows `known`, to `live` (a state's; the runtime must be
  // ready). Resolves to { known, edit } when done (what the page shows now; the edit
  // followed, if any), to null when the page must reload instead, or to undefined when
  // `stale()` said, before anything changed, that a newer state came meanwhile.
  function patch(known, live, follow, stale) {
    var d = window.meetdeck;
    var root = document.documentElement;
    var slidesEl = document.querySelector('.reveal .slides');
    var none = Promise.resolve(null);
    if (!live || !known || live.shell !== known.shell || !slidesEl) return none;
    if (!d || typeof d.refresh !== 'function' || root.classList.contains('md-print')) return none;
    var next = describe(parse(live.body));
    if (!next || next.frame !== known.frame) return none;
    if (liveGroups(slidesEl).length !== known.keys.length) return none;
    // New slides are made (their images decoding) before the page changes.
    var fresh = [];
    var pool = {};
    for (var i = 0; i < known.keys.length; i++) (pool[known.keys[i]] = pool[known.keys[i]] || []).push(i);
    var reuse = next.leaves.map(function (l) {
      var q = pool[l.key];
      if (q && q.length) return q.shift();
      l.fresh = document.importNode(l.node, true);
      fresh.push(l.fresh);
      return -1;
    });
    return loadImages(fresh, next.images).then(function () {
      if (stale()) return undefined;
      return commit(known, live, next, reuse, fresh, slidesEl, follow);
    });
  }

  // The synchronous part of a patch: no paint between the old slides and the new, fitted
  // ones.
  function commit(known, live, next, reuse, fresh, slidesEl, follow) {
    var root = document.documentElement;
    var groups = liveGroups(slidesEl);
    // Where the page is: the group and part shown.
    var shown = shownSlide(slidesEl);
    var at = { group: -1, part: 0 };
    groups.forEach(function (g, i) {
      var p = g.indexOf(shown);
      if (p >= 0) at = { group: i, part: p };
    });
    var scrollView = root.classList.contains('md-scroll');
    var scrolled = scrollPositions();
    // The edit: the first source slide whose key changed, and where in its text.
    var keys = next.leaves.map(function (l) { return l.key; });
    var edited = -1;
    for (var k = 0; k < Math.max(keys.length, known.keys.length); k++) {
      if (keys[k] !== known.keys[k]) {
        edited = Math.min(k, keys.length - 1);
        break;
      }
    }
    var offset = -1;
    if (edited >= 0 && reuse[edited] < 0 && edited < known.texts.length) {
      offset = firstDiff(known.texts[edited], next.leaves[edited].text);
    }

    // The slides: every group in its new place, kept or new.
    var nodesOf = function (i) {
      if (reuse[i] < 0) return [next.leaves[i].fresh];
      var g = groups[reuse[i]];
      var line = next.leaves[i].line;
      g.forEach(function (n) {
        if (line === null) n.removeAttribute('data-line');
        else n.setAttribute('data-line', line);
      });
      return g;
    };
    var tops = next.tops.map(function (t) {
      var nodes;
      var wrap;
      if (t.leaves) {
        wrap = document.importNode(t.node, false);
        t.leaves.forEach(function (i) {
          nodesOf(i).forEach(function (n) { wrap.appendChild(n); });
        });
        return wrap;
      }
      nodes = nodesOf(t.leaf);
      if (nodes.length === 1) return nodes[0];
      // A split top-level slide sits in a stack of its own, as fitting made it.
      wrap = document.createElement('section');
      wrap.className = 'stack';
      nodes.forEach(function (n) { wrap.appendChild(n); });
      return wrap;
    });
    // Fitting measures slides as presented: not as the reading view or the overview.
    var views = ['md-scroll', 'md-overview'].filter(function (c) {
      return root.classList.contains(c);
    });
    views.forEach(function (c) { root.classList.remove(c); });
    slidesEl.replaceChildren.apply(slidesEl, tops);
    // While fitting, every slide is laid out (fit.js: md-fitting): the kept ones are left
    // out, so that fitting a slide costs the same in a deck of ten slides or of three hundred.
    var aside = tops.filter(function (t) {
      return !fresh.some(function (n) { return t.contains(n); });
    });
    aside.forEach(function (t) { t.style.display = 'none'; });
    if (fresh.length && window.MeetdeckFit) {
      // fitAll fits every slide under its first argument: given a stand-in for the slides
      // that answers with the new ones only, it fits those (fit.js uses only these two).
      var only = {
        classList: slidesEl.classList,
        querySelectorAll: function (sel) {
          var out = [];
          fresh.forEach(function (n) {
            if (n.matches(sel)) out.push(n);
            out.push.apply(out, n.querySelectorAll(sel));
          });
          return out;
        },
      };
      try {
        window.MeetdeckFit.fitAll(only, { height: 720 });
      } catch (e) {
        slidesEl.classList.remove('md-fitting');
      }
    }
    aside.forEach(function (t) { t.style.removeProperty('display'); });
    views.forEach(function (c) { root.classList.add(c); });

    // Where to go: the part holding the edit when following it (the part shown when the
    // edit is on the slide shown and where in it is not known), else stay.
    var now = liveGroups(slidesEl);
    var target = null;
    var edit = null;
    if (follow && edited >= 0 && now[edited]) {
      var g = now[edited];
      var here = reuse[edited] < 0 ? at.group === edited : reuse[edited] === at.group;
      var part = offset >= 0 ? partAt(g, offset) : here ? Math.min(at.part, g.length - 1) : 0;
      target = g[part];
      edit = { slide: edited, at: offset, part: part, parts: g.length, here: here };
    }
    if (!target && shown && shown.isConnected) target = shown;
    if (!target && at.group >= 0) {
      var same = now[Math.min(at.group, now.length - 1)];
      target = same && same[Math.min(at.part, same.length - 1)];
    }
    window.meetdeck.refresh(target);
    if (scrollView) {
      // The reading view stays where it was, unless the edit followed is out of sight.
      restoreScroll(scrolled);
      var r = edit && target && target.getBoundingClientRect();
      if (r && (r.bottom < 0 || r.top > innerHeight)) target.scrollIntoView();
    }
    var t = document.createElement('textarea');
    t.innerHTML = live.title;
    if (t.value) document.title = t.value;
    return { known: knownOf(live, next), edit: edit };
  }

  window.meetdeckLive = {
    patch: patch,
    knownOf: knownOf,
    sections: childSections,
    scroll: scrollPositions,
    restoreScroll: restoreScroll,
  };
})();
