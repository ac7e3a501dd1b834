// meetdeck watch only: src/theme.rs (runtime_js_live) puts this file into meetdeck.js's
// closure, at its `// @live-hook` line; decks built without `meetdeck watch` never carry it.
//
// meetdeck.refresh(el): the live client (livereload.js) has replaced slides in place and
// fitted them. Index the slides again, build the controls and the contents again, and show
// the slide `el` (else the one at the same place), keeping the view (slides, reading view,
// overview) and the speaker view, whose window is redrawn. The reading view is not
// scrolled: the client puts its scroll position back.
api.refresh = el => {
  if (!slidesEl || !started) return current();
  for (const e of [progress, number, live, viewBtn, slidesEl.querySelector(':scope>.md-toc')]) {
    if (e) e.remove();
  }
  buildIndex();
  buildUi();
  layout();
  const i = flat.findIndex(s => s.el === el);
  show(i < 0 ? idx : i, scroll && 'scroll');
  if (scroll) writeHash();
  return current();
};
