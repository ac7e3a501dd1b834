/*
 * meetdeck anchors: a #id hash (a note's in-note link [x](#slug), or a URL) shows the slide
 * holding the element with that id. Headings carry GitHub's slugs, so the links a writer
 * checked on GitHub work in the deck.
 *
 * meetdeck injects it after fit.js and meetdeck.js, only into decks that have ids. It relies
 * on the DOM contract alone: an element with its id ends up inside some <section>; after
 * fitting (which may move it to a continuation slide) it looks for the leaf section holding
 * it and goes there with meetdeck.go(h, v), h counting the top-level sections and v the
 * sections of a stack. The reading view then shows the element itself.
 */
(() => {
  'use strict';

  const doc = document;
  const kids = e => [...e.children].filter(c => c.tagName === 'SECTION');

  // Goes to the element the hash names, if any (#/h/v hashes are the runtime's own).
  function follow() {
    const hash = location.hash;
    let id = hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (err) {
      // A malformed escape: the id as written.
    }
    // Slugs are lower case; a link written with capitals (#Agenda-for-the-October-meeting)
    // still finds its heading, as on GitHub.
    const el = !hash.startsWith('#/') && id && (doc.getElementById(id) || doc.getElementById(id.toLowerCase()));
    const slides = doc.querySelector('.reveal .slides');
    if (!el || !slides || !window.meetdeck) return;
    const tops = kids(slides);
    const h = tops.findIndex(t => t.contains(el));
    if (h < 0) return;
    const v = Math.max(0, kids(tops[h]).findIndex(s => s.contains(el)));
    window.meetdeck.go(h, v);
    if (doc.documentElement.classList.contains('md-scroll')) el.scrollIntoView();
    // Following the link may have scrolled a clipped slide or the deck: undo it.
    else for (let e = el; e !== doc.body; e = e.parentElement) e.scrollTop = e.scrollLeft = 0;
  }

  // After the runtime's own hash handling (its listener was added first).
  if (window.meetdeck) {
    window.meetdeck.ready.then(() => {
      follow();
      addEventListener('hashchange', follow);
    });
  }
})();
