//! `srcset` candidate lists, parsed as the HTML standard's algorithm reads them: a URL runs
//! to the next whitespace (commas inside it, as in a `data:` URI, are its own), then the
//! descriptors (`2x`, `640w`) to the next comma outside parentheses.

/// One candidate of a `srcset`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The URL as written.
    pub url: String,
    /// Its descriptors, trimmed (`2x`, `640w`, or empty for `1x`).
    pub descriptor: String,
}

impl Candidate {
    /// How large the candidate is: width descriptors beat densities (a mixed list is
    /// invalid anyway); no descriptor is `1x`.
    fn size(&self) -> (u8, f64) {
        let d = self.descriptor.as_str();
        let number = |suffix: char| {
            d.strip_suffix(suffix)
                .and_then(|n| n.trim().parse::<f64>().ok())
                .filter(|n| n.is_finite())
        };
        if let Some(w) = number('w') {
            (1, w)
        } else {
            (0, number('x').unwrap_or(1.0))
        }
    }
}

/// The candidates of a `srcset` value, in order.
pub fn srcset_candidates(srcset: &str) -> Vec<Candidate> {
    let bytes = srcset.as_bytes();
    let len = bytes.len();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < len && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= len {
            break;
        }
        let start = i;
        while i < len && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &srcset[start..i];
        let mut descriptor = "";
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            let from = i;
            let mut depth = 0usize;
            while i < len {
                match bytes[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
            descriptor = srcset[from..i].trim();
        }
        if !url.is_empty() {
            out.push(Candidate {
                url: url.to_string(),
                descriptor: descriptor.to_string(),
            });
        }
    }
    out
}

/// The largest candidate `usable` accepts (the first of equals).
pub fn best_candidate(
    candidates: &[Candidate],
    mut usable: impl FnMut(&str) -> bool,
) -> Option<&Candidate> {
    let mut best: Option<&Candidate> = None;
    for candidate in candidates {
        if !usable(&candidate.url) {
            continue;
        }
        let larger = best.is_none_or(|b| {
            candidate
                .size()
                .partial_cmp(&b.size())
                .is_some_and(|o| o.is_gt())
        });
        if larger {
            best = Some(candidate);
        }
    }
    best
}
