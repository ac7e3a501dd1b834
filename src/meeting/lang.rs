//! The page language of a note, guessed from its text when neither the note nor
//! `meetdeck.toml` says it: browsers pick fonts and line breaking by it.

/// Guesses the page language (BCP 47) of `text`.
pub fn detect_lang(text: &str) -> String {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF => hangul += 1,
            0x4E00..=0x9FFF => {
                han += 1;
                if "们这会与为个时间来说发对开关门东车么".contains(c) {
                    simplified += 1;
                } else if "們這會與為個時間來說發對開關門東車麼".contains(c) {
                    traditional += 1;
                }
            }
            _ if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    // A few CJK characters among English words do not make a Chinese page; a tenth of
    // the letters does (CJK characters carry far more per character than Latin letters).
    let cjk = han + kana + hangul;
    if cjk * 10 < latin || cjk < 2 {
        "en".into()
    } else if kana * 10 >= han.max(1) {
        "ja".into()
    } else if hangul > han {
        "ko".into()
    } else if traditional > simplified {
        "zh-TW".into()
    } else {
        "zh-CN".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_languages() {
        assert_eq!(detect_lang("这是我们的会议记录"), "zh-CN");
        assert_eq!(detect_lang("這是我們的會議記錄"), "zh-TW");
        assert_eq!(detect_lang("これは会議のメモです"), "ja");
        assert_eq!(detect_lang("Meeting notes with one 字"), "en");
    }
}
