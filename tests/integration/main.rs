//! The integration-test harness: one binary, one module per area.
//!
//! `cdp` is a tiny Chrome DevTools Protocol client (headless Chromium over
//! `--remote-debugging-pipe`); `browser` opens real decks in it.

mod batch;
mod browser;
mod cdp;
mod check;
mod cli;
mod controls;
mod fit;
mod gfm;
mod hostile;
mod images;
mod noscript;
mod present;
mod props;
mod real_notes_table;
mod references;
mod share;
mod shared;
mod snapshots;
mod themes;
mod title_slides;
mod watch;
