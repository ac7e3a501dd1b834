#!/usr/bin/env bash
# Regenerates the README's screenshots from the example meeting with headless Chromium.
# Usage: bash docs/screenshots.sh   (needs chromium; builds meetdeck in release mode)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
note=meetings/2026-11-19-storage-sig.md
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The brand theme takes its accent, logo and footer from a meetdeck.toml: the example is
# shown from a copy of meetings/ under one (the repo's own folder is left untouched).
mkdir -p "$out/brand"
cp -r meetings/. "$out/brand/"
cp docs/example-logo.svg "$out/brand/logo.svg"
printf 'accent = "#e8590c"\nlogo = "logo.svg"\n' >"$out/brand/meetdeck.toml"

shoot() { # theme, slide hash, png name
  local deck="$out/deck-$1.html" src="$note"
  [ "$1" = brand ] && src="$out/brand/$(basename "$note")"
  [ -f "$deck" ] || ./target/release/meetdeck build "$src" --theme "$1" -o "$deck" 2>/dev/null
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$out/profile" --window-size=1280,720 --hide-scrollbars \
    --virtual-time-budget=3000 --screenshot="docs/$3" "file://$deck#/$2" 2>/dev/null
  echo "docs/$3"
}

for theme in $(./target/release/meetdeck themes 2>/dev/null || echo default); do
  shoot "$theme" 0 "screenshot-$theme-title.png"
  shoot "$theme" 2/2 "screenshot-$theme-slide.png"
done
