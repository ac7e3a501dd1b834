//! Colours: the accent, validated, and the colours derived from it for contrast.

/// An opaque sRGB colour: the accent, as validated from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb`, `#rrggbb`, `rgb(r, g, b)` or `rgb(r g b)` (0–255 or percentages).
    /// Nothing else is accepted: the value ends up in the deck's CSS, and a colour must not
    /// be able to carry anything but a colour.
    pub fn parse(text: &str) -> Option<Rgb> {
        let text = text.trim();
        if let Some(hex) = text.strip_prefix('#') {
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
            let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            return match hex.len() {
                3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
                6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
                _ => None,
            };
        }
        let lower = text.to_ascii_lowercase();
        let inner = lower.strip_prefix("rgb(")?.strip_suffix(')')?;
        let parts: Vec<&str> = if inner.contains(',') {
            inner.split(',').map(str::trim).collect()
        } else {
            inner.split_whitespace().collect()
        };
        let [r, g, b] = parts.as_slice() else {
            return None;
        };
        let channel = |part: &str| -> Option<u8> {
            let value = match part.strip_suffix('%') {
                Some(percent) => percent.parse::<f64>().ok()? / 100.0 * 255.0,
                None => part.parse::<f64>().ok()?,
            };
            (value.is_finite() && (0.0..=255.0).contains(&value)).then(|| value.round() as u8)
        };
        Some(Rgb(channel(r)?, channel(g)?, channel(b)?))
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Contrast ratio with `other` (WCAG 2), from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour, darkened just enough to be read as text on white (≥ 4.5:1): a light
    /// brand colour still gives readable links and dates.
    pub fn ink_on_white(self) -> Rgb {
        const WHITE: Rgb = Rgb(255, 255, 255);
        let mut colour = self;
        let mut step = 0u8;
        while colour.contrast(WHITE) < 4.6 && step < 20 {
            step += 1;
            let keep = 1.0 - f64::from(step) * 0.05;
            let scale = |c: u8| (f64::from(c) * keep).round() as u8;
            colour = Rgb(scale(self.0), scale(self.1), scale(self.2));
        }
        colour
    }

    /// Black or white, whichever contrasts more with this colour.
    pub fn text_on(self) -> Rgb {
        let (white, black) = (Rgb(255, 255, 255), Rgb(0, 0, 0));
        if self.contrast(white) >= self.contrast(black) {
            white
        } else {
            black
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_only_as_colours() {
        assert_eq!(Rgb::parse("#0b6bcb"), Some(Rgb(11, 107, 203)));
        assert_eq!(Rgb::parse(" #06C "), Some(Rgb(0, 102, 204)));
        assert_eq!(Rgb::parse("rgb(11, 107, 203)"), Some(Rgb(11, 107, 203)));
        assert_eq!(Rgb::parse("RGB(11 107 203)"), Some(Rgb(11, 107, 203)));
        assert_eq!(Rgb::parse("rgb(100%, 0%, 50%)"), Some(Rgb(255, 0, 128)));
        for bad in [
            "red",
            "#12345",
            "#0b6bcb;}body{display:none",
            "#ggg",
            "rgb(1,2)",
            "rgb(1,2,3,4)",
            "rgb(300,0,0)",
            "rgb(1,2,3);x:y",
            "</style><script>",
            "#é12",
            "",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn derived_colours_are_readable() {
        let white = Rgb(255, 255, 255);
        for accent in [
            "#ffd400", "#e8590c", "#0f766e", "#000000", "#ffffff", "#7fdbff",
        ] {
            let c = Rgb::parse(accent).unwrap();
            assert!(c.ink_on_white().contrast(white) >= 4.5, "{accent}");
            assert!(c.text_on().contrast(c) >= 4.5, "{accent}");
        }
        // A dark enough accent is kept as is.
        assert_eq!(Rgb(11, 92, 173).ink_on_white(), Rgb(11, 92, 173));
    }
}
