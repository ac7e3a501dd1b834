//! What a note is of its meeting: the agenda written before it, or the minutes written
//! during or after it, as its file name says (`2022-05-12-meeting-agenda.md`,
//! `2023-03-07-meeting-minutes.md`), else its title (`Agenda for the …`, `…会议纪要`). An
//! index tells an agenda and the minutes of the same day apart by it.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What a note is of its meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// What the meeting will discuss.
    Agenda,
    /// What the meeting discussed and decided.
    Minutes,
}

/// Words naming each kind (lower-case): Latin ones match whole words, CJK ones anywhere.
const KIND_WORDS: &[(&str, NoteKind)] = &[
    ("agenda", NoteKind::Agenda),
    ("agendas", NoteKind::Agenda),
    ("议程", NoteKind::Agenda),
    ("議程", NoteKind::Agenda),
    ("议题", NoteKind::Agenda),
    ("アジェンダ", NoteKind::Agenda),
    ("minutes", NoteKind::Minutes),
    ("notes", NoteKind::Minutes),
    ("纪要", NoteKind::Minutes),
    ("紀要", NoteKind::Minutes),
    ("会议记录", NoteKind::Minutes),
    ("會議記錄", NoteKind::Minutes),
    ("議事録", NoteKind::Minutes),
];

/// The kind a note's file name says, else the kind its title says; `None` when neither says
/// one (or a text names both).
pub fn note_kind(path: &Path, title: &str) -> Option<NoteKind> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    kind_in(&stem).or_else(|| kind_in(title))
}

/// The one kind `text` names.
fn kind_in(text: &str) -> Option<NoteKind> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() || !c.is_ascii())
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = KIND_WORDS.iter().filter(|(word, _)| {
        if word.is_ascii() {
            words.contains(word)
        } else {
            lower.contains(word)
        }
    });
    let (_, kind) = found.next()?;
    found.all(|(_, k)| k == kind).then_some(*kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str, title: &str) -> Option<NoteKind> {
        note_kind(Path::new(path), title)
    }

    #[test]
    fn from_the_file_name_else_the_title() {
        assert_eq!(
            kind("pfcc/2022-05-12-meeting-agenda.md", "某某俱乐部 第三次会议"),
            Some(NoteKind::Agenda)
        );
        assert_eq!(
            kind("wg/2023-03-07-meeting-minutes.md", "Agenda"),
            Some(NoteKind::Minutes),
            "the file name first"
        );
        assert_eq!(
            kind(
                "main/2017/CG-08-22.md",
                "Agenda for the August 22nd video call"
            ),
            Some(NoteKind::Agenda)
        );
        assert_eq!(
            kind("pfcc/2024-01-25.md", "某某俱乐部 第三十四次会议纪要"),
            Some(NoteKind::Minutes)
        );
        assert_eq!(kind("sync/2024-05-02.md", "Weekly sync"), None);
        assert_eq!(kind("x/agendas-and-minutes.md", "x"), None, "both");
        assert_eq!(
            kind("x/2024-05-02.md", "Agendaless chat"),
            None,
            "whole words"
        );
    }
}
