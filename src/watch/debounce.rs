//! Coalescing file events into rebuilds: a burst of events, one rebuild when it is over.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::EventKind;
use tokio::sync::watch;

use super::arm::Armed;
use super::{Msg, Target};
use crate::serve::Site;

/// A burst is over once no event came for this long. Editors' save patterns (truncate +
/// write, temp + rename, backup + write) span a few milliseconds; 30 ms covers them with
/// room to spare while keeping save → reload well under 100 ms.
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

/// A burst of relevant events, rebuilt once when it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Burst {
    first: Instant,
    last: Instant,
}

impl Burst {
    fn new(at: Instant) -> Burst {
        Burst {
            first: at,
            last: at,
        }
    }

    /// When to rebuild: after [`QUIET`] without events, at most [`MAX_WAIT`] after the
    /// first, and not within [`MIN_GAP`] of the end of the previous rebuild.
    fn due(&self, previous_end: Option<Instant>) -> Instant {
        let settled = (self.last + QUIET).min(self.first + MAX_WAIT);
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
                    burst.get_or_insert(Burst::new(now)).last = now;
                }
            }
            Ok(Msg::Fs(Err(e))) => {
                // Lost events (queue overflow...): rebuild to be sure.
                eprintln!("warning: file watching: {e}");
                target.lost_events();
                let now = Instant::now();
                burst.get_or_insert(Burst::new(now)).last = now;
            }
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};

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
