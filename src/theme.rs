//! Themes: a handlebars page template and its CSS.
//!
//! The built-in themes are embedded with `include_str!`. A user's theme folder overrides them
//! file by file (as mdBook's `Theme::new`): a folder holding only `theme.css` keeps the
//! default template. The runtime (navigation, fitting) is not part of a theme: `render`
//! injects it after rendering, so a user's template never has to carry it and keeps working
//! when meetdeck is upgraded.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// The page template's file name in a theme folder.
pub const TEMPLATE_FILE: &str = "deck.hbs";
/// The theme stylesheet's file name in a theme folder.
pub const CSS_FILE: &str = "theme.css";

/// The file of a theme folder naming the built-in theme it is based on (`extends = "dark"`):
/// each file the folder lacks comes from that theme. `meetdeck theme eject` writes it.
pub const SETTINGS_FILE: &str = "theme.toml";

/// The files of a theme folder a deck depends on (what watch mode and folder builds check).
pub const FOLDER_FILES: [&str; 4] = [TEMPLATE_FILE, CSS_FILE, HIGHLIGHT_CSS_FILE, SETTINGS_FILE];

/// The code-highlighting stylesheet's file name in a theme folder (colours of the `hl-*`
/// classes of [`crate::highlight`]).
pub const HIGHLIGHT_CSS_FILE: &str = "highlight.css";

/// A theme's files.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The built-in name, or the folder the theme was loaded from.
    pub name: String,
    /// Where the template came from (for error messages).
    pub template_path: PathBuf,
    /// The handlebars page template.
    pub template: String,
    /// The theme's stylesheet.
    pub css: String,
    /// Colours of highlighted code; only put into decks that have highlighted code.
    pub highlight_css: Option<String>,
}

/// A built-in theme. A file it does not have is the default theme's (as for a user's
/// folder), so a theme that only restyles carries no copy of the template.
struct Builtin {
    name: &'static str,
    template: Option<&'static str>,
    css: &'static str,
    highlight_css: Option<&'static str>,
}

const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "default",
        template: Some(include_str!("../themes/default/deck.hbs")),
        css: include_str!("../themes/default/theme.css"),
        highlight_css: Some(include_str!("../themes/default/highlight.css")),
    },
    Builtin {
        name: "dark",
        template: None,
        css: include_str!("../themes/dark/theme.css"),
        highlight_css: Some(include_str!("../themes/dark/highlight.css")),
    },
    Builtin {
        name: "brand",
        template: Some(include_str!("../themes/brand/deck.hbs")),
        css: include_str!("../themes/brand/theme.css"),
        highlight_css: None,
    },
];

/// The runtime's sources, as readable files in `themes/runtime/`.
const RUNTIME_JS_SOURCES: &[&str] = &[
    include_str!("../themes/runtime/fit.js"),
    include_str!("../themes/runtime/meetdeck.js"),
];
/// The fitting code only some decks need (see [`runtime_js_of`]).
const FIT_MORE_JS_SOURCE: &str = include_str!("../themes/runtime/fit-more.js");
/// Watch mode's hook into the runtime (`meetdeck.refresh`), put into `meetdeck.js` at its
/// [`LIVE_HOOK_LINE`] by [`runtime_js_of`].
const LIVE_HOOK_SOURCE: &str = include_str!("../themes/runtime/live-hook.js");
/// How the line of `meetdeck.js` where [`LIVE_HOOK_SOURCE`] goes starts: a whole-line comment,
/// so that other decks lose it with the comments.
const LIVE_HOOK_LINE: &str = "// @live-hook";
const SHARED_IMAGES_JS_SOURCE: &str = include_str!("../themes/runtime/images.js");
const RUNTIME_CSS_SOURCE: &str = include_str!("../themes/runtime/meetdeck.css");
const GFM_CSS_SOURCE: &str = include_str!("../themes/runtime/gfm.css");
const LANG_CSS_SOURCE: &str = include_str!("../themes/runtime/lang.css");
const ANCHORS_JS_SOURCE: &str = include_str!("../themes/runtime/anchors.js");

/// Names of the built-in themes.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.name)
}

impl Theme {
    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let default = &BUILTINS[0];
        BUILTINS.iter().find(|b| b.name == name).map(|b| {
            let (template_owner, template) = match b.template {
                Some(template) => (b.name, template),
                None => (default.name, default.template.unwrap_or_default()),
            };
            Theme {
                name: b.name.to_string(),
                template_path: PathBuf::from(format!("themes/{template_owner}/{TEMPLATE_FILE}")),
                template: template.to_string(),
                css: b.css.to_string(),
                highlight_css: b
                    .highlight_css
                    .or(default.highlight_css)
                    .map(str::to_string),
            }
        })
    }

    /// The default theme.
    pub fn default_theme() -> Theme {
        Theme::builtin("default").expect("the default theme is built in")
    }

    /// A user's theme folder; each file it lacks falls back to the built-in theme its
    /// `theme.toml` extends, else to the default theme.
    pub fn from_dir(dir: &Path) -> Result<Theme> {
        let mut theme = match base_of(dir)? {
            Some(base) => base,
            None => Theme::default_theme(),
        };
        theme.name = dir.display().to_string();
        let template_path = dir.join(TEMPLATE_FILE);
        if let Some(template) = read_optional(&template_path)? {
            theme.template = template;
            theme.template_path = template_path;
        }
        if let Some(css) = read_optional(&dir.join(CSS_FILE))? {
            theme.css = css;
        }
        if let Some(css) = read_optional(&dir.join(HIGHLIGHT_CSS_FILE))? {
            theme.highlight_css = Some(css);
        }
        Ok(theme)
    }
}

/// Writes the files of the built-in theme `name` into `dir` for editing (`meetdeck theme
/// eject`). Existing files are never overwritten. The runtime is not written: it is injected
/// into every deck, so an ejected theme keeps working when meetdeck is upgraded.
pub fn eject(name: &str, dir: &Path) -> Result<Vec<PathBuf>> {
    let theme = Theme::builtin(name).ok_or_else(|| {
        let known: Vec<&str> = builtin_names().collect();
        Error::Usage(format!(
            "unknown theme `{name}`: one of {}",
            known.join(", ")
        ))
    })?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let settings = format!(
        "# The built-in theme this folder is based on: a file deleted here comes from it.\n\
         extends = \"{name}\"\n"
    );
    let mut files = vec![
        (TEMPLATE_FILE, &theme.template),
        (CSS_FILE, &theme.css),
        (SETTINGS_FILE, &settings),
    ];
    if let Some(css) = &theme.highlight_css {
        files.push((HIGHLIGHT_CSS_FILE, css));
    }
    for (file, _) in &files {
        let path = dir.join(file);
        if path.exists() {
            return Err(Error::Usage(format!(
                "{}: already exists; eject into an empty folder",
                crate::error::shown_path(&path)
            )));
        }
    }
    let mut written = Vec::new();
    for (file, content) in files {
        let path = dir.join(file);
        crate::write::write_atomic(&path, content.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// A theme folder's `theme.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderSettings {
    /// The built-in theme the folder is based on.
    extends: Option<String>,
}

/// The built-in theme `dir/theme.toml` extends, if it names one.
fn base_of(dir: &Path) -> Result<Option<Theme>> {
    let path = dir.join(SETTINGS_FILE);
    let Some(text) = read_optional(&path)? else {
        return Ok(None);
    };
    let invalid = |message: String| Error::Theme {
        path: path.clone(),
        message,
    };
    let settings: FolderSettings =
        toml::from_str(&text).map_err(|e| invalid(e.message().to_string()))?;
    let Some(name) = settings.extends else {
        return Ok(None);
    };
    match Theme::builtin(&name) {
        Some(theme) => Ok(Some(theme)),
        None => {
            let known: Vec<&str> = builtin_names().collect();
            Err(invalid(format!(
                "extends unknown theme `{name}`: one of {}",
                known.join(", ")
            )))
        }
    }
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The runtime script of most decks (fitting pass, then navigation), compacted once.
pub fn runtime_js() -> &'static str {
    runtime_js_of(false, false)
}

/// The runtime script, compacted once for each kind of deck. With `fit_more`, the fitting
/// code only some decks need (`fit-more.js`: lists in columns, tables split by columns, long
/// slides broken at deeper headings, the fill pass) goes between the fitting pass and
/// navigation. With `live` (as `meetdeck watch` serves it), watch mode's hook for the live
/// client, `themes/runtime/live-hook.js`, is spliced into `meetdeck.js` at its
/// [`LIVE_HOOK_LINE`], inside the runtime's closure (it needs the runtime's own state).
pub fn runtime_js_of(fit_more: bool, live: bool) -> &'static str {
    static JS: [OnceLock<String>; 4] = [const { OnceLock::new() }; 4];
    JS[usize::from(fit_more) | usize::from(live) << 1].get_or_init(|| {
        let mut sources = RUNTIME_JS_SOURCES.to_vec();
        if fit_more {
            sources.insert(1, FIT_MORE_JS_SOURCE);
        }
        sources
            .iter()
            .map(|src| {
                if !live {
                    return compact(src, "//");
                }
                let spliced: Vec<&str> = src
                    .lines()
                    .map(|line| {
                        if line.trim_start().starts_with(LIVE_HOOK_LINE) {
                            LIVE_HOOK_SOURCE
                        } else {
                            line
                        }
                    })
                    .collect();
                compact(&spliced.join("\n"), "//")
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The script that gives an image's later uses the source of its first (see
/// `themes/runtime/images.js`), compacted once. Only decks that use an image more than once
/// carry it, ahead of [`runtime_js`].
pub fn shared_images_js() -> &'static str {
    static JS: OnceLock<String> = OnceLock::new();
    JS.get_or_init(|| compact(SHARED_IMAGES_JS_SOURCE, "//"))
}

/// The runtime stylesheet, compacted once.
pub fn runtime_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| compact(RUNTIME_CSS_SOURCE, "/*"))
}

/// The runtime's styles of GitHub's markup (alerts, HackMD author tags), compacted once. Only
/// decks that use them carry it, after [`runtime_css`].
pub fn gfm_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| compact(GFM_CSS_SOURCE, "/*"))
}

/// The runtime's fonts by language (`--md-cjk`, see `themes/runtime/lang.css`), compacted
/// once. Only decks in a CJK language or with `lang` attributes carry it.
pub fn lang_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| compact(LANG_CSS_SOURCE, "/*"))
}

/// The script that makes a `#id` hash show the slide holding that element (see
/// `themes/runtime/anchors.js`), compacted once. Only decks with ids carry it, after
/// [`runtime_js`].
pub fn anchors_js() -> &'static str {
    static JS: OnceLock<String> = OnceLock::new();
    JS.get_or_init(|| compact(ANCHORS_JS_SOURCE, "//"))
}

/// Compacts a theme stylesheet the same way as the runtime's.
pub fn compact_css(css: &str) -> String {
    compact(css, "/*")
}

/// Drops what a reader needs and a browser does not: leading indentation, blank lines,
/// whole-line `//` comments (JS) and `/* ... */` comments that start a line.
///
/// Deliberately line-based and conservative (no tokenizer): code and trailing comments are
/// kept as written (but for spaces next to punctuation outside strings in JS lines without
/// regexes or comments), so a `//` inside a string can never be cut. The runtime's sources keep
/// their comments on lines of their own.
fn compact(source: &str, line_comment: &str) -> String {
    let mut out = String::with_capacity(source.len() / 2);
    let mut in_block_comment = false;
    // JS: in a template string spanning lines; whether the last line may be joined to the
    // next, and whether it ends where a line break cannot matter.
    let (mut in_template, mut joinable, mut open) = (false, false, false);
    // JS, by indentation: the keyword of the last statement there if it declares (`const`,
    // `let`): the next declaration of that kind there joins it (`const a=1,b=2;`).
    let mut decls: [Option<&str>; 64] = [None; 64];
    for raw in source.lines() {
        let line = raw.trim();
        let indent = raw.len() - raw.trim_start().len();
        if in_block_comment {
            if let Some(end) = line.find("*/") {
                in_block_comment = false;
                let rest = line[end + 2..].trim();
                if !rest.is_empty() {
                    out.push_str(rest);
                    out.push('\n');
                    (joinable, open) = (false, false);
                }
            }
            continue;
        }
        if line.is_empty() || (line_comment == "//" && line.starts_with("//")) {
            continue;
        }
        if line.starts_with("/*") {
            match line.find("*/") {
                Some(end) => {
                    let rest = line[end + 2..].trim();
                    if !rest.is_empty() {
                        out.push_str(rest);
                        out.push('\n');
                        (joinable, open) = (false, false);
                    }
                }
                None => in_block_comment = true,
            }
            continue;
        }
        // A line break goes where it cannot matter: in CSS after `{ } ; ,`; in JS after
        // `{ ( [ , ; => && ||` or before `} ) ] , ; . ? : && ||`, but not after a line
        // with a `//` (a trailing comment) nor in or next to a multi-line template string.
        let js = line_comment == "//";
        let inside = in_template;
        if js && line.matches('`').count() % 2 == 1 {
            in_template = !in_template;
        }
        let starts = ["}", ")", "]", ",", ";", ".", "?", ":", "&&", "||"];
        let joins = if js {
            !inside && joinable && (open || starts.iter().any(|s| line.starts_with(s)))
        } else {
            open
        };
        if joins {
            out.pop();
        }
        let kw = ["const ", "let "].into_iter().find(|k| line.starts_with(k));
        let mut line = line;
        if js && !inside {
            let indent = indent.min(63);
            // Blocks deeper than this line are over.
            decls[indent + 1..].fill(None);
            if kw.is_some() && kw == decls[indent] && joins && out.ends_with(';') {
                out.pop();
                out.push(',');
                line = &line[kw.unwrap_or_default().len()..];
            }
            // A new statement (not the end of the last one: `});`) is the last one here.
            if !starts.iter().take(3).any(|s| line.starts_with(s)) {
                decls[indent] = kw;
            }
            squeeze_into(&mut out, line);
        } else {
            out.push_str(line);
        }
        out.push('\n');
        let ends = if js {
            &["{", "(", "[", ",", ";", "=>", "&&", "||"][..]
        } else {
            &["{", "}", ";", ","][..]
        };
        open = ends.iter().any(|e| line.ends_with(e));
        joinable = !in_template && !line.contains("//");
    }
    out
}

/// Pushes a JS line, without the spaces next to punctuation outside its strings and
/// regexes (`a = f(b, 'c d') {` becomes `a=f(b,'c d'){`); a space between two signs
/// (`a - -b`) stays. A `/` starts a regex after punctuation or a keyword, else it is a
/// division (its spaces stay). A line with a comment is pushed as it is.
fn squeeze_into(out: &mut String, line: &str) {
    let punct = |c: char| "=,;:?&|(){}[]<>+-*%!".contains(c);
    let sign = |c: char| c == '+' || c == '-';
    let chars: Vec<char> = line.chars().collect();
    let mut squeezed = String::with_capacity(line.len());
    // In a string or a template (its quote), or a regex ('/'; `class`: in a [...]).
    let mut quote = None;
    let mut class = false;
    for (i, &c) in chars.iter().enumerate() {
        let escaped = i > 0 && chars[i - 1] == '\\' && !(i > 1 && chars[i - 2] == '\\');
        match quote {
            Some('/') if !escaped && c == '[' => class = true,
            Some('/') if !escaped && c == ']' => class = false,
            Some(q) if c == q && !escaped && !class => quote = None,
            Some(_) => {}
            None if c == '/' => {
                if matches!(chars.get(i + 1), Some('/' | '*')) {
                    out.push_str(line);
                    return;
                }
                let before = squeezed.trim_end();
                let word = before
                    .rsplit(|c: char| !c.is_ascii_alphabetic())
                    .next()
                    .unwrap_or("");
                let regex = before
                    .chars()
                    .last()
                    .is_none_or(|b| "(,=:[!&|?{};+-*%<>~^".contains(b))
                    || [
                        "return", "typeof", "case", "void", "in", "of", "else", "yield", "await",
                    ]
                    .contains(&word);
                if regex {
                    quote = Some('/');
                    class = false;
                }
            }
            None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
            None if c == ' ' && i > 0 && i + 1 < chars.len() => {
                let (a, b) = (chars[i - 1], chars[i + 1]);
                if (punct(a) || punct(b)) && !(sign(a) && sign(b)) {
                    continue;
                }
            }
            None => {}
        }
        squeezed.push(c);
    }
    out.push_str(&squeezed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_watch_mode_carries_the_live_hook() {
        let normal = runtime_js();
        let live = runtime_js_of(false, true);
        assert!(
            !normal.contains("refresh"),
            "the hook costs normal decks nothing"
        );
        assert!(live.contains("api.refresh=el=>"), "{live}");
        // The hook goes inside the runtime's closure, which it needs, exactly once.
        assert_eq!(live.matches("api.refresh=").count(), 1);
        let hook = live.find("api.refresh=").unwrap();
        assert!(live[..hook].contains("function buildIndex()"));
        assert!(live[hook..].contains("start();"));
        // Nothing else differs (but a line break where the compacted hook meets the rest).
        let hook_len = compact(LIVE_HOOK_SOURCE, "//").len();
        assert!((live.len() - normal.len()).abs_diff(hook_len) <= 1);
    }

    #[test]
    fn compact_drops_comments_and_indentation_only() {
        let js = "// head\n  let a = '//x'; // tail\n/* block\n still */\n\n  b();\n";
        assert_eq!(compact(js, "//"), "let a = '//x'; // tail\nb();\n");
        // Spaces next to punctuation go, but in strings and in lines with a slash or a
        // backquote; line breaks where they cannot matter.
        let js = "const a = f(b, c) => {\nx = y - -z + ++w;\nreturn -1;\n\
                  if (a && !b) s = 'a = \\' b' + \"c , d\";\nx = a / b;\ny = `${a} + b`;\n\
                  r = /a [/] \\/ b/.test(x) || c;\nreturn / b/g;\nz = 1; // c\n";
        assert_eq!(
            compact(js, "//"),
            "const a=f(b,c)=>{x=y- -z+ ++w;return-1;if(a&&!b)s='a = \\' b'+\"c , d\";\
             x=a / b;y=`${a} + b`;r=/a [/] \\/ b/.test(x)||c;return / b/g;z = 1; // c\n"
        );
        // Declarations in a row are one.
        let js =
            "const a = 1;\nconst f = () => {\n  const b = 2;\n  let c;\n  let d = {\n  };\n};\n\
                  if (a) {\n  const e = 3;\n}\nconst g = 4\nconst h = 5;\n";
        assert_eq!(
            compact(js, "//"),
            "const a=1,f=()=>{const b=2;let c,d={};};if(a){const e=3;}\nconst g=4\nconst h=5;\n"
        );
        // But around and in template strings, and where a line break may end a statement.
        let js = "if (a) {\n  f(b,\n  c)\n}\nx = 1\n(y)\nt = `a\nb;\n`;\nz()\n";
        assert_eq!(
            compact(js, "//"),
            "if(a){f(b,c)}\nx=1\n(y)\nt=`a\nb;\n`;z()\n"
        );
        let css = "/* c */\n.a {\n  color: red; /* keep */\n}\n.b\n.c{x:y}\n";
        assert_eq!(
            compact(css, "/*"),
            ".a {color: red; /* keep */\n}.b\n.c{x:y}\n"
        );
    }

    #[test]
    fn user_folder_overrides_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CSS_FILE), "body{color:red}").unwrap();
        let theme = Theme::from_dir(dir.path()).unwrap();
        assert_eq!(theme.css, "body{color:red}");
        assert_eq!(theme.template, Theme::default_theme().template);
    }

    #[test]
    fn ejected_theme_loads_and_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let written = eject("default", dir.path()).unwrap();
        assert_eq!(written.len(), 4);
        let theme = Theme::from_dir(dir.path()).unwrap();
        assert_eq!(theme.css, Theme::default_theme().css);
        let err = eject("default", dir.path()).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
    }

    #[test]
    fn builtins_are_complete() {
        let names: Vec<&str> = builtin_names().collect();
        assert_eq!(names, ["default", "dark", "brand"]);
        for name in names {
            let theme = Theme::builtin(name).unwrap();
            assert!(theme.template.contains("{{{highlight_css}}}"), "{name}");
            assert!(theme.template.contains("{{{theme_css}}}"), "{name}");
            assert!(theme.highlight_css.is_some(), "{name}");
        }
        // dark only restyles: it renders with the default template.
        let dark = Theme::builtin("dark").unwrap();
        assert_eq!(dark.template, Theme::default_theme().template);
        assert_eq!(dark.template_path, Path::new("themes/default/deck.hbs"));
    }

    #[test]
    fn missing_highlight_css_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CSS_FILE), "body{color:red}").unwrap();
        let theme = Theme::from_dir(dir.path()).unwrap();
        assert_eq!(theme.highlight_css, Theme::default_theme().highlight_css);
        std::fs::write(dir.path().join(HIGHLIGHT_CSS_FILE), ".hl-comment{}").unwrap();
        let theme = Theme::from_dir(dir.path()).unwrap();
        assert_eq!(theme.highlight_css.as_deref(), Some(".hl-comment{}"));
    }

    #[test]
    fn an_ejected_theme_missing_a_file_takes_it_from_its_own_base() {
        let dir = tempfile::tempdir().unwrap();
        eject("dark", dir.path()).unwrap();
        std::fs::remove_file(dir.path().join(HIGHLIGHT_CSS_FILE)).unwrap();
        std::fs::remove_file(dir.path().join(CSS_FILE)).unwrap();
        let theme = Theme::from_dir(dir.path()).unwrap();
        let dark = Theme::builtin("dark").unwrap();
        assert_eq!(theme.css, dark.css);
        assert_eq!(theme.highlight_css, dark.highlight_css);
        assert_ne!(theme.highlight_css, Theme::default_theme().highlight_css);
        // Named, but unknown or misspelt: errors naming the file.
        std::fs::write(dir.path().join(SETTINGS_FILE), "extends = \"drak\"\n").unwrap();
        let err = Theme::from_dir(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("theme.toml") && err.contains("`drak`"),
            "{err}"
        );
        std::fs::write(dir.path().join(SETTINGS_FILE), "extend = \"dark\"\n").unwrap();
        let err = Theme::from_dir(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("theme.toml") && err.contains("extend"),
            "{err}"
        );
    }
}
