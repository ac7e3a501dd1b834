//! What a note writes before its first section, once the meeting's metadata has left it: a
//! logo (an image alone in the first paragraph) goes to the title slide; what else is left
//! becomes a slide headed with the note's title, or `Attendees` (in the deck's language)
//! when it is an attendee list — never an untitled slide.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::render::labels::Labels;
use crate::slides::{plain_text, Heading, Stack};

/// Labels that introduce a list of attendees (lower-case, as written before the colon), and
/// Chinese endings of such labels (`本次拟参会人员`).
const ATTENDEE_LABELS: &[&str] = &[
    "attendees",
    "attendance",
    "present",
    "participants",
    "in attendance",
    "people present",
    "参会人",
    "参会人员",
    "参会者",
    "与会人员",
    "与会者",
    "出席",
    "出席人员",
    "與會人員",
    "出席者",
];

/// Takes the logo from the content before the note's first section (it belongs on the
/// title slide) and heads what is left there: with `title`, or with the attendees' label of
/// `lang` when it lists attendees.
pub(crate) fn settle(stacks: &mut Vec<Stack>, title: &str, lang: &str) -> Vec<Event<'static>> {
    let Some(first) = stacks.first_mut().and_then(|s| s.slides.first_mut()) else {
        return Vec::new();
    };
    if first.heading.is_some() {
        return Vec::new();
    }
    let logo = take_logo(&mut first.body);
    let blank = first
        .body
        .iter()
        .all(|e| matches!(e, Event::Html(h) if h.trim().is_empty()));
    if blank && first.notes.is_empty() {
        stacks[0].slides.remove(0);
        if stacks[0].slides.is_empty() {
            stacks.remove(0);
        }
        return logo;
    }
    // The first block says what the content is (a note without headings is one slide).
    let first_block = first
        .body
        .get(..=block_end(&first.body))
        .unwrap_or_default();
    let text = if is_attendee_list(&plain_text(first_block)) {
        Labels::for_lang(lang).attendees.to_string()
    } else {
        title.to_string()
    };
    first.heading = Some(Heading {
        level: crate::slides::DEFAULT_SLIDE_LEVEL,
        events: vec![Event::Text(text.clone().into())],
        text,
    });
    logo
}

/// The inline events of the body's first block when it is a paragraph of images only (a
/// logo), taken out of the body.
fn take_logo(body: &mut Vec<Event<'static>>) -> Vec<Event<'static>> {
    if !matches!(body.first(), Some(Event::Start(Tag::Paragraph))) {
        return Vec::new();
    }
    let Some(end) = body
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
    else {
        return Vec::new();
    };
    let inner = &body[1..end];
    let mut images = 0;
    let mut in_image = 0usize;
    for event in inner {
        match event {
            Event::Start(Tag::Image { .. }) => {
                images += 1;
                in_image += 1;
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::SoftBreak | Event::HardBreak => {}
            Event::Text(t) if t.trim().is_empty() => {}
            _ => return Vec::new(),
        }
    }
    if images == 0 {
        return Vec::new();
    }
    let logo = inner.to_vec();
    body.drain(..=end);
    logo
}

/// The index of the event that ends the body's first block (the last event if none does).
fn block_end(body: &[Event<'_>]) -> usize {
    let mut depth = 0usize;
    for (i, event) in body.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return i;
        }
    }
    body.len().saturating_sub(1)
}

/// Whether a text starts by saying it lists attendees (`Attendees:`, `**Present**`,
/// `参会人员：`).
fn is_attendee_list(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let key = first
        .split_once([':', '：'])
        .map_or(first, |(key, _)| key)
        .trim_matches(|c: char| c.is_whitespace() || "*_#-".contains(c))
        .to_lowercase();
    ATTENDEE_LABELS
        .iter()
        .any(|label| key == *label || (!label.is_ascii() && key.ends_with(label)))
}

#[cfg(test)]
mod tests {
    use crate::deck::{Deck, DeckOptions};
    use crate::slides::plain_text;
    use std::path::Path;

    fn deck(path: &str, text: &str) -> Deck {
        Deck::from_text(Path::new(path), text, &DeckOptions::default()).expect("a deck")
    }

    fn headings(deck: &Deck) -> Vec<String> {
        deck.stacks
            .iter()
            .flat_map(|s| &s.slides)
            .map(|s| s.heading.as_ref().map_or("-".into(), |h| h.text.clone()))
            .collect()
    }

    #[test]
    fn an_opening_paragraph_is_headed_with_the_title() {
        let d = deck(
            "team/2024-05-02.md",
            "# Weekly sync\n\nWe met briefly; minutes below.\n\n## Actions\n\n- ship\n",
        );
        assert_eq!(headings(&d), ["Weekly sync", "Actions"]);
        let d = deck("team/x.md", "No minutes were taken. See the issue.\n");
        assert_eq!(headings(&d), ["x"]);
    }

    #[test]
    fn an_attendee_list_is_headed_attendees_in_the_decks_language() {
        let d = deck(
            "g/2021/SG-12-03.md",
            "# Group meeting on 2021-12-03\n\nAttendees:\n\n- Ada\n- Brian\n\n## Notes\n\nx\n",
        );
        assert_eq!(headings(&d), ["Attendees", "Notes"]);
        let d = deck(
            "g/2021/SG-12-03.md",
            "# Group meeting\n\n**Present**: Ada, Brian, Chen\n\n## Notes\n\nx\n",
        );
        assert_eq!(headings(&d)[0], "Attendees");
        let d = deck(
            "组/2024-05-02.md",
            "# 工作组例会\n\n- 本次参会人员：张三、李四\n\n## 议程\n\n讨论\n",
        );
        assert_eq!(headings(&d), ["参会人员", "议程"]);
        let d = deck(
            "组/2024-05-02.md",
            "---\nlang: zh-TW\n---\n# 例會\n\n與會人員：王五\n\n## 議程\n\n討論\n",
        );
        assert_eq!(headings(&d)[0], "與會人員");
    }

    #[test]
    fn a_logo_before_the_first_heading_goes_to_the_title_slide() {
        let d = deck(
            "g/2020/CG-04-02.md",
            "![Group logo](/images/logo.png)\n\n## Agenda for the April 2nd video call of the Group\n\n\
             - **When**: April 2nd, 16:00-17:00 UTC\n\n## Agenda items\n\n1. Opening\n",
        );
        assert_eq!(headings(&d), ["Agenda items"]);
        assert!(
            matches!(d.logo.first(), Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. })) if dest_url.as_ref() == "/images/logo.png"),
            "{:?}",
            d.logo
        );
        assert_eq!(d.images.len(), 1, "still embedded");
        // An image with words around it is content, not a logo.
        let d = deck(
            "n.md",
            "# T\n\n![chart](c.png) shows the trend\n\n## A\n\nx\n",
        );
        assert!(d.logo.is_empty());
        assert_eq!(headings(&d), ["T", "A"]);
        assert!(plain_text(&d.stacks[0].slides[0].body).contains("shows the trend"));
        // A logo followed by an opening paragraph: the paragraph keeps a slide.
        let d = deck("n.md", "# T\n\n![logo](l.png)\n\nWelcome.\n\n## A\n\nx\n");
        assert!(!d.logo.is_empty());
        assert_eq!(headings(&d), ["T", "A"]);
        // Speaker notes alone before the first section keep a (titled) slide.
        let d = deck(
            "n.md",
            "# T\n\n<!-- note: welcome everyone -->\n\n## A\n\nx\n",
        );
        assert_eq!(headings(&d), ["T", "A"]);
    }
}
