//! Coalescing file events into rebuilds: a burst of events, one rebuild as soon as it is
//! complete.
//!
//! A save is over when its writer says so: the file is closed after writing
//! (`IN_CLOSE_WRITE`), or a finished file is renamed onto the watched name (`IN_MOVED_TO`).
//! Such an event makes the burst [settled](Burst::settled): it is rebuilt [`SETTLE`] later
//! (the events the same save reports at once, such as the rename's pair, are still taken
//! in), not [`QUIET`] later. Any other change (a truncation, a write still open, the note
//! renamed away or deleted) leaves the file possibly half written, so the burst waits for
//! its completion or for [`QUIET`] without events. So the rebuild starts as soon as the save
//! is complete, and never reads a half-written file.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::EventKind;
use tokio::sync::watch;

use super::arm::Armed;
use super::{Msg, Target};
use crate::serve::Site;

/// A burst whose last event completed a save is rebuilt this long after it: the events the
/// same save reports together (a rename's `To`, then its `Both`) come within microseconds.
const SETTLE: Duration = Duration::from_millis(2);
/// A burst that is not settled is over once no event came for this long: a deletion, or a
/// writer that never closes. Editors' save patterns (truncate + write, temp + rename, backup
/// + write) span a few milliseconds; 30 ms covers them with room to spare.
const QUIET: Duration = Duration::from_millis(30);
/// A stream of events that never goes quiet (an autosave storm) still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_millis(250);
/// Rebuilds closer than this are merged: twenty saves in a second give a handful of
/// rebuilds, not twenty reloads. Never felt by a human saving by hand.
const MIN_GAP: Duration = Duration::from_millis(100);
/// While the note is missing (deleted, or its folder replaced), look for it this often.
const MISSING_POLL: Duration = Duration::from_millis(500);

/// Whether an event kind may change a file's content. inotify also reports opens and
/// reads — including the rebuild's own read of the note, which must not trigger another.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// What an event says of the save it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The file is complete: closed after writing, or renamed onto its name.
    Completes,
    /// The file may be half written: truncated, written, created, renamed away, deleted.
    Opens,
    /// Says nothing new: a rename's `Both`, which follows its `From` and `To`; a change of
    /// permissions or times.
    Neutral,
}

/// What an event of `kind` says of its save (see the top of this file).
fn step(kind: &EventKind) -> Step {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Step::Completes,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both) | ModifyKind::Metadata(_)) => {
            Step::Neutral
        }
        _ => Step::Opens,
    }
}

/// A burst of relevant events, rebuilt once when it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Burst {
    first: Instant,
    last: Instant,
    /// The last event that said anything completed a save.
    settled: bool,
}

impl Burst {
    fn new(at: Instant) -> Burst {
        Burst {
            first: at,
            last: at,
            settled: false,
        }
    }

    /// Takes in an event of `step` at `at`.
    fn add(&mut self, at: Instant, step: Step) {
        self.last = at;
        match step {
            Step::Completes => self.settled = true,
            Step::Opens => self.settled = false,
            Step::Neutral => {}
        }
    }

    /// When to rebuild: [`SETTLE`] after a save completed, else after [`QUIET`] without
    /// events; at most [`MAX_WAIT`] after the first, and not within [`MIN_GAP`] of the end
    /// of the previous rebuild.
    fn due(&self, previous_end: Option<Instant>) -> Instant {
        let wait = if self.settled { SETTLE } else { QUIET };
        let settled = (self.last + wait).min(self.first + MAX_WAIT);
        match previous_end {
            Some(end) => settled.max(end + MIN_GAP),
            None => settled,
        }
    }
}

/// The rebuild thread: events in, coalesced into bursts, one rebuild each, sites out.
pub(super) fn rebuild_loop<T: Target>(
    mut target: T,
    mut armed: Armed,
    events: Receiver<Msg>,
    publish: watch::Sender<Arc<Site>>,
) {
    let mut burst: Option<Burst> = None;
    let mut previous_end: Option<Instant> = None;
    let mut last_poll = Instant::now();
    loop {
        let now = Instant::now();
        if let Some(due) = burst.map(|b| b.due(previous_end)) {
            if now >= due {
                burst = None;
                let was_waiting = target.waiting();
                if target.rebuild() {
                    publish.send_replace(target.site());
                }
                armed.apply(&target.watches(), was_waiting && !target.waiting());
                previous_end = Some(Instant::now());
                continue;
            }
        }
        if target.waiting() && now.duration_since(last_poll) >= MISSING_POLL {
            // What is missing may be back without an event reaching us: a folder deleted
            // and created again is not the folder we were watching.
            last_poll = now;
            if target.is_back() {
                burst.get_or_insert(Burst::new(now));
                continue;
            }
        }
        let wait = match burst {
            Some(b) => b.due(previous_end).saturating_duration_since(now),
            None if target.waiting() => MISSING_POLL,
            None => Duration::from_secs(3600),
        };
        match events.recv_timeout(wait) {
            Ok(Msg::Fs(Ok(event))) => {
                if (event.need_rescan() || is_change(&event.kind)) && target.event(&event) {
                    let now = Instant::now();
                    let step = if event.need_rescan() {
                        Step::Opens
                    } else {
                        step(&event.kind)
                    };
                    burst.get_or_insert(Burst::new(now)).add(now, step);
                }
            }
            Ok(Msg::Fs(Err(e))) => {
                // Lost events (queue overflow...): rebuild to be sure.
                eprintln!("warning: file watching: {e}");
                target.lost_events();
                let now = Instant::now();
                burst.get_or_insert(Burst::new(now)).add(now, Step::Opens);
            }
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};

    #[test]
    fn bursts_wait_for_quiet_but_not_forever() {
        let t0 = Instant::now();
        let ms = |n: u64| Duration::from_millis(n);
        // One save: rebuild 30 ms after its last event.
        let mut b = Burst::new(t0);
        b.last = t0 + ms(2);
        assert_eq!(b.due(None), t0 + ms(32));
        // Events every 10 ms forever: still a rebuild 250 ms after the first.
        b.last = t0 + ms(240);
        assert_eq!(b.due(None), t0 + MAX_WAIT);
        // Right after a rebuild, the next waits for the gap.
        let b = Burst::new(t0);
        assert_eq!(b.due(Some(t0 - ms(10))), t0 - ms(10) + MIN_GAP);
        // Long after one, it does not.
        assert_eq!(b.due(Some(t0 - ms(1000))), t0 + QUIET);
    }

    /// The events inotify reports for each way editors save, in order (`None`: a path the
    /// deck is not made of, which never reaches the burst).
    fn save_events(pattern: &str) -> Vec<EventKind> {
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let name = |mode| EventKind::Modify(ModifyKind::Name(mode));
        match pattern {
            "in place" => vec![data, data, close],
            "truncate + write" => vec![data, data, data, close],
            // From(tmp) is another file; To(note), then Both(tmp, note).
            "temp + rename" => vec![name(RenameMode::To), name(RenameMode::Both)],
            // The note renamed away (From, Both), created again, written, closed.
            "vim" => vec![
                name(RenameMode::From),
                name(RenameMode::Both),
                EventKind::Create(CreateKind::File),
                data,
                close,
            ],
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_complete_save_rebuilds_at_once_a_partial_one_waits() {
        let t0 = Instant::now();
        let ms = |n: u64| Duration::from_millis(n);
        for pattern in ["in place", "truncate + write", "temp + rename", "vim"] {
            let events = save_events(pattern);
            let mut b = Burst::new(t0);
            // Every event but the last: the file may be half written; a rebuild waits.
            for (i, kind) in events.iter().enumerate() {
                b.add(t0 + ms(i as u64), step(kind));
                let last = i + 1 == events.len();
                let done = pattern == "temp + rename" && i == 0;
                if !last && !done {
                    assert_eq!(
                        b.due(None),
                        t0 + ms(i as u64) + QUIET,
                        "{pattern}, event {i}"
                    );
                }
            }
            // Complete: rebuilt right away.
            let end = t0 + ms(events.len() as u64 - 1);
            assert_eq!(b.due(None), end + SETTLE, "{pattern}");
            // A truncation after the completion opens the file again.
            b.add(
                end,
                step(&EventKind::Modify(ModifyKind::Data(DataChange::Any))),
            );
            assert_eq!(b.due(None), end + QUIET, "{pattern}");
        }
        // A deletion is no completion.
        assert_eq!(step(&EventKind::Remove(RemoveKind::File)), Step::Opens);
    }

    #[test]
    fn opens_and_reads_are_not_changes() {
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Any));
        // The rebuild reads the note: that must not trigger the next rebuild.
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Read)));
    }
}
