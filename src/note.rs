//! Stage 1: a note file becomes a [`Note`]: decoded text, the editor's header comment and the
//! optional front matter. Nothing here knows about slides or HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result, Warning};

/// A meeting note as read from disk.
#[derive(Debug, Clone)]
pub struct Note {
    /// The note's path, as given.
    pub path: PathBuf,
    /// The whole text, decoded, with `\n` line endings.
    pub text: String,
    /// Byte offset in `text` where the Markdown body starts (after header and front matter).
    pub body_start: usize,
    /// `@Key: value` lines of an editor's leading HTML comment (koroFileHeader and the like).
    pub header: BTreeMap<String, String>,
    /// Front matter (`---` YAML or `+++` TOML), if any.
    pub front_matter: FrontMatter,
    /// Non-fatal problems found while reading.
    pub warnings: Vec<Warning>,
}

/// Keys a note's front matter may set; each overrides what meetdeck would derive.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FrontMatter {
    /// The deck's title.
    pub title: Option<String>,
    /// The meeting's date, e.g. `2024-05-02`.
    pub date: Option<String>,
    /// The meeting's time range, e.g. `19:00-19:30`.
    pub time: Option<String>,
    /// The meeting's end time, e.g. `19:30`.
    pub end: Option<String>,
    /// A built-in theme name, or a theme folder relative to the note.
    pub theme: Option<String>,
    #[serde(alias = "slide_level")]
    /// The heading level that starts a slide.
    pub slide_level: Option<u8>,
    /// The deck's language (`zh-CN`, `en`...).
    pub lang: Option<String>,
    /// The join link of the call.
    #[serde(alias = "join")]
    pub link: Option<String>,
    #[serde(alias = "meeting_id")]
    /// The call's meeting ID.
    pub meeting_id: Option<String>,
    /// Brand settings, as in `meetdeck.toml` (the note's own win): accent colour, logo
    /// (relative to the note), footer text.
    pub accent: Option<String>,
    /// Brand logo, relative to the note.
    pub logo: Option<String>,
    /// Brand footer text.
    pub footer: Option<String>,
    /// Widest image kept as is, in pixels.
    #[serde(alias = "max_image_width")]
    pub max_image_width: Option<u32>,
    /// Keys meetdeck does not know: reported as warnings (other tools' front matter is common).
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde::de::IgnoredAny>,
    /// The 1-based line in the note of each key written, from the parser's spans (for
    /// messages about a value).
    #[serde(skip)]
    pub lines: BTreeMap<String, usize>,
}

impl FrontMatter {
    /// The line of `key` (kebab-case, as documented) in the note, where it was written (in
    /// either spelling: `slide-level` or `slide_level`).
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines
            .get(key)
            .or_else(|| self.lines.get(&key.replace('-', "_")))
            .copied()
    }
}

impl Note {
    /// Reads and parses the note at `path` (a regular file of at most [`MAX_NOTE_BYTES`],
    /// see [`read_bytes`]).
    pub fn read(path: &Path) -> Result<Note> {
        let bytes = read_bytes(path)?;
        Note::from_bytes(path, &bytes)
    }

    /// Parses a note from its bytes; `path` is used for messages and relative paths only.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Note> {
        let text = decode(path, bytes)?;
        Note::from_text(path, text)
    }

    /// Parses a note from decoded text.
    pub fn from_text(path: &Path, text: String) -> Result<Note> {
        let text = normalize_newlines(text);
        let mut note = Note {
            path: path.to_path_buf(),
            text,
            body_start: 0,
            header: BTreeMap::new(),
            front_matter: FrontMatter::default(),
            warnings: Vec::new(),
        };
        note.parse_preamble()?;
        Ok(note)
    }

    /// The Markdown body (after header comment and front matter).
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The 1-based line of byte `offset` in [`Note::text`].
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// Strips the leading front matter and editor header comment (in either order).
    fn parse_preamble(&mut self) -> Result<()> {
        loop {
            let rest = &self.text[self.body_start..];
            let skipped_ws = rest.len() - rest.trim_start().len();
            let rest = rest.trim_start();
            if self.body_start == 0 && (rest.starts_with("---\n") || rest.starts_with("+++\n")) {
                let fence = &rest[..3];
                let start = self.body_start + skipped_ws + 4;
                let Some(end) = find_closing_fence(&self.text[start..], fence) else {
                    // An unclosed `---` is a thematic break, not front matter.
                    return Ok(());
                };
                let fence = fence.to_string();
                let block = self.text[start..start + end].to_string();
                let after = start + end + 3;
                let first_line = self.line_of(start);
                self.front_matter = self.parse_front_matter(&fence, &block, first_line)?;
                self.body_start = skip_line_end(&self.text, after);
                continue;
            }
            if rest.starts_with("<!--") && self.header.is_empty() {
                let start = self.body_start + skipped_ws;
                let Some(end) = self.text[start..].find("-->") else {
                    return Ok(());
                };
                // `<!-->` and `<!--->` close where they open: an empty comment, as in HTML.
                let comment = self.text.get(start + 4..start + end).unwrap_or("");
                // A leading speaker-note comment is content, not a header.
                let first_word = comment.trim_start().to_ascii_lowercase();
                if first_word.starts_with("notes:") || first_word.starts_with("note:") {
                    return Ok(());
                }
                self.header = parse_header_comment(comment);
                if self.header.is_empty() {
                    // Keep a marker so an empty header is not parsed twice.
                    self.header.insert(String::new(), String::new());
                }
                self.body_start = skip_line_end(&self.text, start + end + 3);
                continue;
            }
            self.header.remove("");
            return Ok(());
        }
    }

    /// Parses the front matter `block` (YAML after `---`, TOML after `+++`) that starts on
    /// line `first_line` of the note.
    fn parse_front_matter(
        &mut self,
        fence: &str,
        block: &str,
        first_line: usize,
    ) -> Result<FrontMatter> {
        let line_in_block = |offset: usize| {
            block.as_bytes()[..offset.min(block.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        };
        let yaml_error = |e: serde_saphyr::Error| {
            let at = e
                .location()
                .map_or(0, |l| l.line().saturating_sub(1) as usize);
            let message = one_line(&e.without_snippet().to_string());
            Error::input(
                &self.path,
                Some(first_line + at),
                format!("invalid YAML front matter: {message}"),
            )
        };
        let toml_error = |e: toml::de::Error| {
            let at = e.span().map_or(0, |span| line_in_block(span.start));
            let message = one_line(e.message());
            Error::input(
                &self.path,
                Some(first_line + at),
                format!("invalid TOML front matter: {message}"),
            )
        };
        let mut lines = BTreeMap::new();
        let mut front: FrontMatter = if fence == "---" {
            let front = serde_saphyr::from_str(block).map_err(yaml_error)?;
            // The keys' lines, from a second pass over the (small) block: serde's `flatten`
            // of unknown keys loses the spans of a one-pass parse.
            let spans: BTreeMap<String, serde_saphyr::Spanned<serde::de::IgnoredAny>> =
                serde_saphyr::from_str(block).unwrap_or_default();
            for (key, span) in spans {
                let line = span.referenced.line().max(1) as usize;
                lines.insert(key, first_line + line - 1);
            }
            front
        } else {
            let spanned: BTreeMap<String, toml::Spanned<toml::Value>> =
                toml::from_str(block).map_err(toml_error)?;
            let mut table = toml::Table::new();
            for (key, value) in spanned {
                lines.insert(key.clone(), first_line + line_in_block(value.span().start));
                let value = match value.into_inner() {
                    // TOML has a date type; meetdeck wants dates as text.
                    toml::Value::Datetime(dt) => toml::Value::String(dt.to_string()),
                    value => value,
                };
                table.insert(key, value);
            }
            table.try_into().map_err(toml_error)?
        };
        front.lines = lines;
        for key in front.unknown.keys() {
            self.warnings.push(Warning::new(
                &self.path,
                Some(front.line_of(key).unwrap_or(first_line)),
                format!("unknown front matter key `{key}` ignored"),
            ));
        }
        Ok(front)
    }
}

/// The largest note read, in bytes: far above any real meeting note (a 50 MB note builds),
/// far below what would exhaust memory before the build starts.
pub const MAX_NOTE_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of the note at `path`, refused in one line, and without blocking, when it is not
/// a regular file (a FIFO, a socket, a device such as `/dev/zero`) or is larger than
/// [`MAX_NOTE_BYTES`].
///
/// The file is opened non-blocking (opening a FIFO with no writer would wait forever) and its
/// kind and size are checked on the opened file, before reading; the read itself stops one
/// byte past the cap, should the file grow meanwhile.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    check_readable(path, &metadata)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No effect on a regular file; on a FIFO swapped in since `metadata`, no wait.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| Error::io(path, e))?;
    let metadata = file.metadata().map_err(|e| Error::io(path, e))?;
    check_readable(path, &metadata)?;
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(MAX_NOTE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_NOTE_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// Refuses, in one line, what is not a regular file, and a file over [`MAX_NOTE_BYTES`]
/// (`metadata` is that of `path`, symlinks followed).
pub fn check_readable(path: &Path, metadata: &std::fs::Metadata) -> Result<()> {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return Err(Error::input(path, None, "is a folder, not a note"));
    }
    if !kind.is_file() {
        return Err(Error::input(
            path,
            None,
            format!(
                "not a regular file ({}); a note must be one",
                kind_name(&kind)
            ),
        ));
    }
    if metadata.len() > MAX_NOTE_BYTES {
        return Err(too_large(path));
    }
    Ok(())
}

fn too_large(path: &Path) -> Error {
    Error::input(
        path,
        None,
        format!(
            "the note is larger than {} MB; a note may be at most that",
            MAX_NOTE_BYTES >> 20
        ),
    )
}

/// What kind of file `kind` is, for a message.
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    let _ = kind;
    "not a file"
}

/// A parser's message as one line (the command prints every error on one line).
fn one_line(message: &str) -> String {
    let message = message.trim().trim_start_matches("error: ");
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Decodes a note's bytes: UTF-8 (BOM or not) or UTF-16 with a BOM.
fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == encoding_rs::UTF_8 => {
            return decode_utf8(path, &bytes[bom..])
        }
        Some((encoding, bom)) => return decode_utf16(path, &bytes[bom..], encoding),
        None => {}
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Err(Error::input(
            path,
            Some(1),
            format!("the note looks like {encoding} without a byte order mark; save it as UTF-8"),
        ));
    }
    decode_utf8(path, bytes)
}

/// UTF-16 without a BOM: ASCII characters (`#`, spaces, newlines) leave a NUL in every other
/// byte, always on the same side. (It would pass as UTF-8 and render as mojibake.) A stray
/// NUL in a UTF-8 note is not enough: the note must start with such a unit, or have many.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 2 || bytes.len() % 2 != 0 {
        return None;
    }
    let head = &bytes[..bytes.len().min(1024)];
    let nuls = |first: usize| {
        head.iter()
            .skip(first)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let units = head.len() / 2;
    let looks_like =
        |nuls: usize, first_unit_ascii: bool| nuls > 0 && (first_unit_ascii || nuls * 16 >= units);
    // A CJK unit may hold a zero byte too (一 is U+4E00), far less often than ASCII does.
    match (nuls(0), nuls(1)) {
        (even, odd) if even * 8 <= odd && looks_like(odd, bytes[1] == 0) => Some("UTF-16LE"),
        (even, odd) if odd * 8 <= even && looks_like(even, bytes[0] == 0) => Some("UTF-16BE"),
        _ => None,
    }
}

fn decode_utf8(path: &Path, bytes: &[u8]) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let rest = &bytes[e.valid_up_to()..];
            let guess = if looks_like_gbk(rest) {
                " (it looks like GBK/GB18030)"
            } else if looks_like_latin1(rest) {
                " (it looks like Latin-1/Windows-1252)"
            } else {
                ""
            };
            Err(Error::input(
                path,
                Some(line),
                format!("the note is not valid UTF-8{guess}; save it as UTF-8"),
            ))
        }
    }
}

/// GBK encodes CJK as a lead byte 0x81–0xFE followed by a trail byte 0x40–0xFE (not 0x7F).
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let mut pairs = 0;
    let mut i = 0;
    while i + 1 < bytes.len() && i < 4096 {
        let (lead, trail) = (bytes[i], bytes[i + 1]);
        if lead < 0x80 {
            i += 1;
            continue;
        }
        if (0x81..=0xFE).contains(&lead) && (0x40..=0xFE).contains(&trail) && trail != 0x7F {
            pairs += 1;
            i += 2;
        } else {
            return false;
        }
    }
    pairs > 0
}

/// Latin-1 and Windows-1252 put accented letters in single bytes 0xA0–0xFF between ASCII
/// (`caf\xe9 `): a high byte that is neither a UTF-8 sequence nor a GBK pair. (C1 bytes
/// 0x80–0x9F alone are more likely binary.)
fn looks_like_latin1(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let high = head.iter().filter(|&&b| b >= 0x80).count();
    let letters = head.iter().filter(|&&b| b >= 0xA0).count();
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    high > 0 && letters * 2 >= high && controls == 0
}

/// UTF-16 (`encoding` says which byte order) after its byte order mark.
fn decode_utf16(
    path: &Path,
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
) -> Result<String> {
    if bytes.len() % 2 != 0 {
        return Err(Error::input(
            path,
            None,
            "the note is UTF-16 but has an odd number of bytes",
        ));
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
        .ok_or_else(|| Error::input(path, None, "the note is not valid UTF-16"))
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Finds a line consisting of `fence` in `text` (which starts right after the opening fence);
/// returns the offset of that line's start.
fn find_closing_fence(text: &str, fence: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn skip_line_end(text: &str, offset: usize) -> usize {
    let rest = &text[offset..];
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..line_end].trim().is_empty() {
        offset + line_end
    } else {
        offset
    }
}

/// Parses ` * @Author: name` lines of an editor's file header.
fn parse_header_comment(comment: &str) -> BTreeMap<String, String> {
    comment
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches('*').trim();
            let rest = line.strip_prefix('@')?;
            let (key, value) = rest.split_once(':')?;
            Some((key.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str) -> Note {
        Note::from_text(Path::new("n.md"), text.to_string()).unwrap()
    }

    #[test]
    fn header_comment_is_metadata_not_body() {
        let n = note("<!--\n * @Author: someone\n * @Date: 2023-04-13 10:44:12\n-->\n## Time\n");
        assert_eq!(n.header["Author"], "someone");
        assert_eq!(n.header["Date"], "2023-04-13 10:44:12");
        assert_eq!(n.body(), "## Time\n");
        assert_eq!(n.line_of(n.body_start), 5);
    }

    #[test]
    fn leading_speaker_note_is_not_a_header() {
        let n = note("<!-- notes: say hi -->\n# T\n");
        assert!(n.header.is_empty());
        assert_eq!(n.body_start, 0);
    }

    #[test]
    fn yaml_front_matter() {
        let n =
            note("---\ntitle: Weekly\ndate: 2024-05-02\nslide-level: 3\nlayout: x\n---\n# Body\n");
        assert_eq!(n.front_matter.title.as_deref(), Some("Weekly"));
        assert_eq!(n.front_matter.date.as_deref(), Some("2024-05-02"));
        assert_eq!(n.front_matter.slide_level, Some(3));
        assert_eq!(n.body(), "# Body\n");
        assert_eq!(n.warnings.len(), 1, "unknown key warned: {:?}", n.warnings);
    }

    #[test]
    fn toml_front_matter_with_date_type() {
        let n = note("+++\ntitle = \"T\"\ndate = 2024-05-02\n+++\nbody\n");
        assert_eq!(n.front_matter.date.as_deref(), Some("2024-05-02"));
        assert_eq!(n.body(), "body\n");
    }

    #[test]
    fn bad_front_matter_names_file_and_line() {
        let err = Note::from_text(Path::new("x.md"), "---\ntitle: [\n---\n".into()).unwrap_err();
        assert!(err.to_string().starts_with("x.md:2: invalid YAML"), "{err}");
    }

    #[test]
    fn front_matter_errors_are_one_line_at_their_line() {
        for (text, start) in [
            (
                "---\ntitle: T\nslide-level: 300\n---\n",
                "x.md:3: invalid YAML front matter: ",
            ),
            (
                "+++\ntitle = \"T\"\nslide-level = \n+++\n",
                "x.md:3: invalid TOML front matter: ",
            ),
            (
                "+++\ntitle = [1]\n+++\n",
                "x.md:2: invalid TOML front matter: ",
            ),
        ] {
            let err = Note::from_text(Path::new("x.md"), text.into()).unwrap_err();
            let msg = err.to_string();
            assert!(msg.starts_with(start) && !msg.contains('\n'), "{msg}");
        }
    }

    #[test]
    fn abrupt_empty_comment_first_does_not_panic() {
        // proptest: `<!-->` first in the body sliced text[4..2].
        for (text, body) in [
            ("<!-->\n# T\n", "# T\n"),
            ("<!--->\n# T\n", "# T\n"),
            (
                "---\ntitle: x\n---\n\n<!-->\n\ntext <!-- notes: n -->\n",
                "\ntext <!-- notes: n -->\n",
            ),
        ] {
            assert_eq!(note(text).body(), body, "{text:?}");
        }
    }

    #[test]
    fn thematic_break_is_not_front_matter() {
        let n = note("---\nno closing fence\n");
        assert_eq!(n.body_start, 0);
    }

    #[test]
    fn decodes_boms_and_line_endings() {
        let n = Note::from_bytes(Path::new("a.md"), b"\xEF\xBB\xBF# A\r\nb\rc").unwrap();
        assert_eq!(n.text, "# A\nb\nc");
        let utf16: Vec<u8> = std::iter::once(0xFEFFu16)
            .chain("# 会议".encode_utf16())
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let n = Note::from_bytes(Path::new("a.md"), &utf16).unwrap();
        assert_eq!(n.text, "# 会议");
    }

    #[test]
    fn utf16_without_bom_is_refused_by_name() {
        let text = "# 会议\n## Agenda\n- 第一项\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let msg = Note::from_bytes(Path::new("w.md"), &bytes)
                .unwrap_err()
                .to_string();
            assert!(msg.starts_with("w.md:1: ") && msg.contains(name), "{msg}");
        }
        // A stray NUL in a UTF-8 note is not UTF-16.
        let stray = b"# Title\n\nA stray NUL here: \0, in a note long enough to tell.\n\n";
        assert!(Note::from_bytes(Path::new("n.md"), stray).is_ok());
    }

    fn mkfifo(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        mkfifo(&fifo);
        // Opening a FIFO with no writer blocks: read on a thread, with a deadline.
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            tx.send(Note::read(&path).map(|_| ()).map_err(|e| e.to_string()))
        });
        let result = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a FIFO must not block");
        let msg = result.unwrap_err();
        assert!(
            msg.ends_with("pipe.md: not a regular file (a FIFO); a note must be one"),
            "{msg}"
        );
    }

    #[test]
    fn devices_and_folders_are_refused() {
        let msg = Note::read(Path::new("/dev/zero")).unwrap_err().to_string();
        assert_eq!(
            msg,
            "/dev/zero: not a regular file (a device); a note must be one"
        );
        let dir = tempfile::tempdir().unwrap();
        let msg = Note::read(dir.path()).unwrap_err().to_string();
        assert!(msg.ends_with(": is a folder, not a note"), "{msg}");
    }

    #[test]
    fn a_note_over_the_cap_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.md");
        let file = std::fs::File::create(&path).unwrap();
        // Sparse: the size is in the metadata, no bytes written.
        file.set_len(MAX_NOTE_BYTES + 1).unwrap();
        let msg = Note::read(&path).unwrap_err().to_string();
        assert!(
            msg.ends_with("huge.md: the note is larger than 64 MB; a note may be at most that"),
            "{msg}"
        );
        file.set_len(MAX_NOTE_BYTES).unwrap();
        let bytes = read_bytes(&path).unwrap();
        assert_eq!(bytes.len() as u64, MAX_NOTE_BYTES);
    }

    #[test]
    fn gbk_is_refused_by_name() {
        // "会议" in GBK.
        let err = Note::from_bytes(Path::new("g.md"), b"# \xbb\xe1\xd2\xe9\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("g.md:1: ") && msg.contains("GBK"), "{msg}");
    }
}
