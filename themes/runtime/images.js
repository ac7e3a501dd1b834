/*
 * meetdeck images: one copy of each image, however often the deck uses it.
 *
 * DESIGN: each image is embedded once per deck. An image the note uses more than once has
 * its data: URI once, in the runtime's stylesheet, as a rule of `@media (scripting:none)`:
 *   img[data-meetdeck-same="N"]{content:url("data:…")}
 * and every use of it is an <img data-meetdeck-same="N"> with its own alt, title and width
 * but no src. Where scripts do not run (a mail client, a chat preview), that rule shows the
 * image in every use. Where they do, this script gives each use the source as its src.
 * (An image found to repeat only while rendering keeps the older form: its first <img>
 * carries the data: URI and data-meetdeck-img="N", later uses take that source here.)
 *
 * meetdeck injects this, in the runtime's <script>, ahead of fit.js and meetdeck.js, and
 * only into decks that have such images. So it runs before the runtime waits for images,
 * before slides are measured and split, and before anything is printed (?print-pdf), laid
 * out as the reading view or cloned into the speaker view. No request: data: URIs only.
 */
(() => {
  'use strict';
  try {
    const source = new Map();
    // The stylesheet's rules, id → data: URI (CSSOM keeps the rules of a media query that
    // does not apply).
    const sheet = document.getElementById('meetdeck-runtime-css');
    for (const rule of (sheet && sheet.sheet ? sheet.sheet.cssRules : [])) {
      for (const inner of rule.cssRules || []) {
        const id = /same="(\d+)"\]/.exec(inner.selectorText || '');
        const url = /^url\("?(.*?)"?\)$/.exec(inner.style.getPropertyValue('content'));
        if (id && url) source.set(id[1], url[1]);
      }
    }
    for (const img of document.querySelectorAll('img[data-meetdeck-img]')) {
      const id = img.dataset.meetdeckImg;
      if (!source.has(id)) source.set(id, img.getAttribute('src'));
    }
    for (const img of document.querySelectorAll('img[data-meetdeck-same]')) {
      const src = source.get(img.dataset.meetdeckSame);
      if (src && !img.hasAttribute('src')) img.setAttribute('src', src);
    }
    // Watch mode's client gives the slides it replaces their images the same way.
    window.meetdeckImageSource = (id) => source.get(id);
  } catch (err) {
    // A use left without its source is an empty image, never a broken deck.
  }
})();
