//! The brand of a deck (accent colour, logo, footer) from its settings: the accent validated,
//! the logo found relative to the file that names it and embedded like any image of that
//! file. File I/O happens here, so that `render` only lays out data.

use crate::assets::{self, Asset, AssetOptions, ImageCache};
use crate::build::{ReadKind, Reads};
use crate::error::{Result, Warning};
use crate::render::{Brand, Rgb};
use crate::settings::Settings;
use crate::slides::ImageRef;

/// The brand of a deck built with `settings`. An invalid accent is an error at the file and
/// line that set it; a missing or refused logo is a warning there.
pub(crate) fn resolve(
    settings: &Settings,
    options: &AssetOptions,
    cache: &ImageCache,
    reads: &mut Reads,
) -> Result<(Brand, Vec<Warning>)> {
    let mut brand = Brand {
        footer: settings.footer.clone(),
        ..Brand::default()
    };
    if let Some(accent) = &settings.accent {
        let rgb = Rgb::parse(&accent.value).ok_or_else(|| {
            accent.error(
                "accent",
                format!(
                    "invalid accent {:?}: use a hex colour (#0b6bcb, #06c) or rgb(11, 107, 203)",
                    accent.value
                ),
            )
        })?;
        brand.accent = Some(rgb);
    }
    let mut warnings = Vec::new();
    if let Some(logo) = &settings.logo {
        if let Some(at) = &logo.at {
            // Relative to the file that names it, like any image of that file.
            let image = ImageRef {
                src: logo.value.clone(),
                line: at.line.unwrap_or(1),
            };
            let found = assets::embed_images(&at.path, &[image], options, cache);
            reads.extend(found.probed, ReadKind::Image);
            warnings = found.warnings;
            if let Some(Asset::Embedded(image)) = found.assets.get(&logo.value) {
                brand.logo = Some(image.clone());
            }
        }
    }
    Ok((brand, warnings))
}
