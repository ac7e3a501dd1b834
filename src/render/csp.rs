//! The Content-Security-Policy every page meetdeck writes carries, as a `<meta http-equiv>`
//! first in its `<head>`: a deck holds everything it shows (inline style and script, `data:`
//! images and fonts), so the policy allows nothing else, and no reference overlooked
//! elsewhere (a `srcset`, a CSS `url()`, an `<iframe>`, a theme's `<link>`) can fetch
//! anything. Watch mode's pages also connect to their own server's event stream.

/// Which policy a page carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Policy {
    /// A page written to disk and shared: no request of any kind.
    #[default]
    Offline,
    /// A page watch mode serves: the same, plus `connect-src 'self'` for the live-reload
    /// client's event stream (`/__meetdeck/events`).
    Served,
}

impl Policy {
    /// The policy's text, the `content` of its `<meta>`.
    pub fn directives(self) -> &'static str {
        match self {
            Policy::Offline => OFFLINE,
            Policy::Served => SERVED,
        }
    }

    /// The `<meta http-equiv="Content-Security-Policy">` element.
    pub fn meta(self) -> String {
        format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            self.directives()
        )
    }
}

/// `default-src 'none'` covers what is not named: frames, objects, media, workers,
/// manifests, prefetches and (offline) connections. `base-uri` and `form-action` do not fall
/// back to it.
const OFFLINE: &str = "default-src 'none';script-src 'unsafe-inline';\
    style-src 'unsafe-inline';img-src data:;font-src data:;base-uri 'none';\
    form-action 'none'";
const SERVED: &str = "default-src 'none';script-src 'unsafe-inline';\
    style-src 'unsafe-inline';img-src data:;font-src data:;base-uri 'none';\
    form-action 'none';connect-src 'self'";

/// `page` with `policy`'s `<meta>` right after its `<head ...>` (at the very start when it
/// has none), so it applies before anything the head loads.
pub fn with_policy(page: &str, policy: Policy) -> String {
    let meta = policy.meta();
    let at = head_end(page).unwrap_or(0);
    let mut out = String::with_capacity(page.len() + meta.len() + 1);
    out.push_str(&page[..at]);
    out.push_str(&meta);
    out.push_str(&page[at..]);
    out
}

/// Byte offset right after the `>` of the page's `<head ...>` tag (not `<header>`).
pub(super) fn head_end(page: &str) -> Option<usize> {
    let lower = page.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<head") {
        let start = from + i;
        let after = start + "<head".len();
        if matches!(
            lower.as_bytes().get(after),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            return lower[after..].find('>').map(|close| after + close + 1);
        }
        from = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_goes_first_in_head_and_allows_no_url() {
        let page = "<!DOCTYPE html><html><head lang=x><meta charset=\"utf-8\"></head></html>";
        let out = with_policy(page, Policy::Offline);
        assert!(out.starts_with(
            "<!DOCTYPE html><html><head lang=x><meta http-equiv=\"Content-Security-Policy\""
        ));
        // No source allows a scheme or a host other than data:.
        for directive in OFFLINE.split(';') {
            for source in directive.split_whitespace().skip(1) {
                assert!(
                    ["'none'", "'unsafe-inline'", "data:"].contains(&source),
                    "{directive}"
                );
            }
        }
        assert!(!OFFLINE.contains("connect-src"));
        assert!(SERVED.starts_with(OFFLINE) && SERVED.ends_with(";connect-src 'self'"));
    }

    #[test]
    fn a_header_element_is_not_the_head() {
        let page = "<header>x</header><HEAD>";
        assert_eq!(head_end(page), Some(page.len()));
        assert_eq!(head_end("<body><header>"), None);
        assert!(with_policy("<p>", Policy::Served).starts_with("<meta http-equiv"));
    }
}
