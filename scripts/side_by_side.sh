#!/usr/bin/env bash
# Renders our SVGs of the n3p2 example (written by `cargo test --test figures_reference` to
# $CARGO_TARGET_DIR/figures/) at 150 dpi with rsvg-convert and puts them left of the matplotlib reference
# PNGs (tests/fixtures/reference/) into docs/figures/{ranked,counts}_side_by_side.png.
# Needs: rsvg-convert (librsvg2-bin), ImageMagick `convert`, fonts-dejavu-core.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
cargo test --quiet --test figures_reference >/dev/null
mkdir -p docs/figures
for pair in "ranked:fig_ranked_information_sweep" "counts:fig_informative_counts_sweep"; do
  short="${pair%%:*}"; name="${pair#*:}"
  rsvg-convert --dpi-x 150 --dpi-y 150 -b white "$TARGET/figures/$name.svg" -o "$TARGET/figures/$name.png"
  convert "$TARGET/figures/$name.png" -gravity north -splice 0x24 -pointsize 16 -annotate +0+2 "infosweep (SVG via rsvg-convert)" \
    "$TARGET/figures/$name.top.png"
  convert "tests/fixtures/reference/$name.png" -background white -flatten -gravity north -splice 0x24 -pointsize 16 \
    -annotate +0+2 "matplotlib reference" "$TARGET/figures/$name.ref.png"
  convert "$TARGET/figures/$name.top.png" "$TARGET/figures/$name.ref.png" -bordercolor gray -border 1 +append \
    +repage "docs/figures/${short}_side_by_side.png"
  echo "docs/figures/${short}_side_by_side.png"
done
