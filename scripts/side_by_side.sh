#!/usr/bin/env bash
# Writes all three figures for the example folder (`cargo run --example figures`), renders our SVGs at
# 150 dpi with rsvg-convert and puts each left of matplotlib's reference PNG (tests/fixtures/reference/):
# docs/figures/{ranked,counts,png_counts}_side_by_side.png. Also renders our PDF of Fig. S9A and
# matplotlib's with pdftoppm at 150 dpi: docs/figures/pdf_side_by_side.png.
# Needs: rsvg-convert (librsvg2-bin), pdftoppm (poppler-utils), python3 with Pillow, fonts-dejavu-core.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/figures/example"
cargo run --quiet --release --example figures -- "$OUT" >/dev/null
mkdir -p docs/figures
# label IN TEXT OUT: IN on white with a 24 px caption strip on top.
label() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFont
src, text, out = sys.argv[1:]
im = Image.open(src).convert("RGBA")
bg = Image.new("RGBA", im.size, "white"); bg.alpha_composite(im)
res = Image.new("RGB", (im.width, im.height + 24), "white"); res.paste(bg.convert("RGB"), (0, 24))
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 16)
ImageDraw.Draw(res).text((im.width // 2, 2), text, fill="black", font=font, anchor="ma")
res.save(out)
PY
}
# pair LEFT RIGHT OUT: side by side with a gray border.
pair() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
from PIL import Image, ImageOps
a, b = (ImageOps.expand(Image.open(p).convert("RGB"), 1, "gray") for p in sys.argv[1:3])
res = Image.new("RGB", (a.width + b.width, max(a.height, b.height)), "white")
res.paste(a, (0, 0)); res.paste(b, (a.width, 0)); res.save(sys.argv[3])
PY
  echo "$3"
}
for p in "ranked:fig_ranked_information_sweep" "counts:fig_informative_counts_sweep" "png_counts:fig_png_counts_sweep"; do
  short="${p%%:*}"; name="${p#*:}"
  rsvg-convert --dpi-x 150 --dpi-y 150 -b white "$OUT/$name.svg" -o "$OUT/$name.svg.png"
  label "$OUT/$name.svg.png" "infosweep (SVG via rsvg-convert)" "$OUT/$name.top.png"
  label "tests/fixtures/reference/$name.png" "matplotlib reference" "$OUT/$name.ref.png"
  pair "$OUT/$name.top.png" "$OUT/$name.ref.png" "docs/figures/${short}_side_by_side.png"
done
name=fig_ranked_information_sweep
pdftoppm -r 150 -png -singlefile "$OUT/$name.pdf" "$OUT/$name.pdfpage"
pdftoppm -r 150 -png -singlefile "tests/fixtures/reference/$name.pdf" "$OUT/$name.refpdfpage"
label "$OUT/$name.pdfpage.png" "infosweep PDF (pdftoppm)" "$OUT/$name.pdf.top.png"
label "$OUT/$name.refpdfpage.png" "matplotlib PDF (pdftoppm)" "$OUT/$name.pdf.ref.png"
pair "$OUT/$name.pdf.top.png" "$OUT/$name.pdf.ref.png" docs/figures/pdf_side_by_side.png
