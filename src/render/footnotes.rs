//! Footnotes on the slide where they are referenced: a note defines them at its end (the
//! last slide), a deck shows each beside its reference.

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::deck::Deck;

/// The footnote definitions of a deck that some slide references, by label (lower case).
#[derive(Debug, Default)]
pub(super) struct Footnotes {
    definitions: HashMap<String, Vec<Event<'static>>>,
}

impl Footnotes {
    /// The referenced definitions of `deck`. (One referenced nowhere stays where it is.)
    pub(super) fn of(deck: &Deck) -> Footnotes {
        let bodies = deck.stacks.iter().flat_map(|s| &s.slides).map(|s| &s.body);
        let mut definitions = HashMap::new();
        let mut referenced = Vec::new();
        for body in bodies {
            let mut events = body.iter();
            while let Some(event) = events.next() {
                match event {
                    Event::FootnoteReference(label) => referenced.push(label.to_lowercase()),
                    Event::Start(Tag::FootnoteDefinition(label)) => {
                        let mut definition = vec![event.clone()];
                        let mut depth = 0usize;
                        for inner in events.by_ref() {
                            definition.push(inner.clone());
                            match inner {
                                Event::Start(_) => depth += 1,
                                Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                                Event::End(_) => depth = depth.saturating_sub(1),
                                Event::FootnoteReference(label) => {
                                    referenced.push(label.to_lowercase())
                                }
                                _ => {}
                            }
                        }
                        definitions
                            .entry(label.to_lowercase())
                            .or_insert(definition);
                    }
                    _ => {}
                }
            }
        }
        definitions.retain(|label, _| referenced.contains(label));
        Footnotes { definitions }
    }

    /// A slide's `body` with the definitions moved away taken out, and the definitions of its
    /// references put at its end, in the order referenced.
    pub(super) fn body<'a>(&self, body: &'a [Event<'static>]) -> Cow<'a, [Event<'static>]> {
        if self.definitions.is_empty() {
            return Cow::Borrowed(body);
        }
        let mut out = Vec::with_capacity(body.len());
        let mut labels: Vec<String> = Vec::new();
        let mut skipping = false;
        let mut depth = 0usize;
        for event in body {
            if skipping {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) if depth == 0 => skipping = false,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::FootnoteDefinition(label))
                    if self.definitions.contains_key(&label.to_lowercase()) =>
                {
                    skipping = true;
                    depth = 0;
                    continue;
                }
                Event::FootnoteReference(label) => {
                    let label = label.to_lowercase();
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                _ => {}
            }
            out.push(event.clone());
        }
        for label in labels {
            if let Some(definition) = self.definitions.get(&label) {
                out.extend(definition.iter().cloned());
            }
        }
        Cow::Owned(out)
    }
}
