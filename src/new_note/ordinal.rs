//! The count of a series' meetings in its title, moved on by one: `第三次会议` → `第四次会议`,
//! `六十三次会议纪要` → `六十四次会议纪要`, `第30次例会` → `第31次例会`.

/// `title` with the count of its meeting (`…次`, Chinese numerals or digits) moved on by
/// one; `None` when it counts none.
pub(super) fn next_count(title: &str) -> Option<String> {
    let at = title.find('次')?;
    let before = &title[..at];
    let digits_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || value_of(*c).is_some())
        .last()
        .map(|(i, _)| i)?;
    let written = &before[digits_start..];
    let next = if written.bytes().all(|b| b.is_ascii_digit()) {
        (written.parse::<u32>().ok()? + 1).to_string()
    } else {
        chinese(parse_chinese(written)? + 1)?
    };
    Some(format!("{}{next}{}", &title[..digits_start], &title[at..]))
}

/// The value of a Chinese digit or unit.
fn value_of(c: char) -> Option<u32> {
    "零一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|v| v as u32)
        .or(match c {
            '两' => Some(2),
            '十' => Some(10),
            '百' => Some(100),
            _ => None,
        })
}

/// `二十一` → 21, `十` → 10, `一百零五` → 105 (up to 999).
fn parse_chinese(text: &str) -> Option<u32> {
    let mut total = 0;
    let mut digit: Option<u32> = None;
    for c in text.chars() {
        match value_of(c)? {
            unit @ (10 | 100) => {
                total += digit.take().unwrap_or(1) * unit;
            }
            d => digit = Some(d),
        }
    }
    let total = total + digit.unwrap_or(0);
    (total > 0 && total < 1000).then_some(total)
}

/// 21 → `二十一`, 10 → `十`, 105 → `一百零五` (1 to 999).
fn chinese(n: u32) -> Option<String> {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if !(1..1000).contains(&n) {
        return None;
    }
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    let mut out = String::new();
    if h > 0 {
        out.push_str(DIGITS[h as usize]);
        out.push('百');
    }
    match t {
        0 if h > 0 && u > 0 => out.push('零'),
        0 => {}
        1 if h == 0 => out.push('十'),
        _ => {
            out.push_str(DIGITS[t as usize]);
            out.push('十');
        }
    }
    if u > 0 {
        out.push_str(DIGITS[u as usize]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_move_on_by_one() {
        let next = |t: &str| next_count(t);
        assert_eq!(
            next("# 某某俱乐部 第三次会议").as_deref(),
            Some("# 某某俱乐部 第四次会议")
        );
        assert_eq!(
            next("# 某某俱乐部 六十三次会议纪要").as_deref(),
            Some("# 某某俱乐部 六十四次会议纪要")
        );
        assert_eq!(
            next("## 第二十一次 OCR 研讨会").as_deref(),
            Some("## 第二十二次 OCR 研讨会")
        );
        assert_eq!(next("# 第九次例会").as_deref(), Some("# 第十次例会"));
        assert_eq!(next("# 第十九次例会").as_deref(), Some("# 第二十次例会"));
        assert_eq!(next("# 第九十九次").as_deref(), Some("# 第一百次"));
        assert_eq!(next("# 第一百零四次").as_deref(), Some("# 第一百零五次"));
        assert_eq!(next("# 第30次例会").as_deref(), Some("# 第31次例会"));
        assert_eq!(next("# Weekly sync"), None);
        assert_eq!(next("# 本次会议"), None);
    }
}
