/*
 * meetdeck images: one copy of each image, however often the deck uses it.
 *
 * DESIGN: each image is embedded once per deck. The first <img> of an image carries its
 * data: URI and data-meetdeck-img="N"; every later use of the same image is an
 * <img data-meetdeck-same="N"> with its own alt, title and width but no src, so it costs a
 * few bytes instead of another copy.
 *
 * This gives each later use the first one's source. meetdeck injects it, in the runtime's
 * <script>, ahead of fit.js and meetdeck.js, and only into decks that have such images.
 * So it runs before the runtime waits for images, before slides are measured and split,
 * and before anything is printed (?print-pdf), laid out as the reading view or cloned into
 * the speaker view. The source is the same data: URI: no request.
 */
(() => {
  'use strict';
  try {
    const first = new Map();
    for (const img of document.querySelectorAll('img[data-meetdeck-img]')) {
      const id = img.dataset.meetdeckImg;
      if (!first.has(id)) first.set(id, img.getAttribute('src'));
    }
    for (const img of document.querySelectorAll('img[data-meetdeck-same]')) {
      const src = first.get(img.dataset.meetdeckSame);
      if (src && !img.hasAttribute('src')) img.setAttribute('src', src);
    }
  } catch (err) {
    // A later use left without its source is an empty image, never a broken deck.
  }
})();
