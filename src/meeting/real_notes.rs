//! The real notes of `../shared/notes/` and `../shared/notes-world/`.

use std::path::{Path, PathBuf};

use crate::deck::{Deck, DeckOptions};
use crate::note::Note;

fn notes_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            notes_under(&path, out);
        } else if path.extension().is_some_and(|x| x == "md")
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            out.push(path);
        }
    }
}

#[test]
fn survey() {
    let mut notes = Vec::new();
    notes_under(Path::new("../shared/notes"), &mut notes);
    notes_under(Path::new("../shared/notes-world"), &mut notes);
    notes.sort();
    for path in notes {
        let note = Note::read(&path).expect("read");
        let deck = Deck::of(&note, &DeckOptions::default());
        let m = &deck.meeting;
        println!(
            "SURVEY\t{}\t{}\t{:?}\t{:?}\t{:?}\t{:?}",
            path.display(),
            deck.title,
            m.date.map(|d| d.iso()),
            m.time_range(),
            m.timezone,
            m.join
                .as_ref()
                .map(|j| (j.link.clone(), j.meeting_id.clone()))
        );
    }
}
