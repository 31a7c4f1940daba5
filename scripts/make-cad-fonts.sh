#!/bin/sh
# Regenerates the fonts the DXF viewer draws text with (apps/portal/public/cad-fonts/): a Latin font and a
# Chinese one cut down to GB 2312 (6,763 hanzi plus its symbols), so a drawing's text renders without a
# multi-megabyte download. The viewer fetches the Chinese font only when a drawing holds a character the
# Latin one lacks. Needs Debian's fonts-dejavu-core, fonts-droid-fallback and python3-fonttools.
set -eu
out="$(dirname "$0")/../apps/portal/public/cad-fonts"
text="$(mktemp)"
/usr/bin/python3 - "$text" <<'PY'
import sys
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(sorted(chars)))
PY
subset() {
  /usr/bin/python3 -m fontTools.subset "$1" --output-file="$2" --no-hinting --layout-features='' \
    --drop-tables+=GSUB,GPOS,GDEF,kern "$3" "$4"
}
subset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$out/latin.ttf" \
  --unicodes=U+0020-007E,U+00A0-017F,U+0370-03FF,U+2010-2027,U+2030-205E,U+2190-2199,U+2200-23FF \
  --name-IDs='*'
subset /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf "$out/chinese.ttf" \
  --text-file="$text" --unicodes=U+3000-303F,U+FF00-FFEF
rm -f "$text"
