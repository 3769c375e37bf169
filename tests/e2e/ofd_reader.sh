#!/usr/bin/env bash
# Our OFD in an independent reader: ofd.js 0.2.6 in Debian's headless chromium (tests/ofd-reader,
# installed by scripts/setup-reader.sh). First the harness itself, on a hand-written OFD
# (tests/ofd-reader/fixture): it validates, renders, and the reader finds the Fandol fonts. Then for
# every edition: the reader opens the blank and the complete example's OFD with as many pages as
# our PDF, draws every character with the font the OFD names (no fallback), and the page where
# part 一 starts, drawn by the reader, matches the same page of our PDF drawn by pdftoppm at the
# same dpi: F1 of ink pixels within 1 px ≥ FLOOR (docs/ofd-reader.md gives the figures and why).
. "$(dirname "$0")/lib.sh"
READER="$SOURCE_DIR/tests/ofd-reader"
SCHEMA="$SHARED/ofd-schema"
DPI=100
# Measured (docs/ofd-reader.md): part 一 of the four complete examples 0.960-0.964; every page of
# every blank and complete OFD 0.937-0.993. Against another page of the form: 0.16-0.30; the right
# page moved by 0.5 mm (2 px): 0.81. 0.90 sits between: it passes anti-aliasing, fails a shift.
FLOOR=0.90
if [ ! -f "$READER/node_modules/ofd.js/lib/ofd.umd.min.js" ] || [ ! -x /usr/bin/chromium ]; then
  echo "the OFD reader is not installed: run scripts/setup-reader.sh"
  exit 1
fi
render() { # render OFD PAGE OUT.png: the reader's log in $WORK/render.log
  FONTCONFIG_FILE="${READER_FONTS:-$FONTCONFIG_FILE}" node "$READER/render.mjs" "$1" "$2" "$3" --dpi "$DPI" >"$WORK/render.log" 2>&1
}
# A government PC: the official fonts installed under their own names (仿宋_GB2312 and Windows'
# 仿宋/FangSong, 黑体/SimHei, 楷体_GB2312, 宋体/SimSun, 方正小标宋简体). Our OFD names those fonts, as
# the DOCX does; here the Fandol faces and Noto Serif CJK SC Bold stand in for them, renamed when
# fontconfig scans a folder of links to them, so the reader finds each by the name the OFD gives.
official_fonts() {
  local dir="$WORK/official-fonts"
  mkdir -p "$dir/fonts" "$dir/cache"
  ln -sf "$SOURCE_DIR"/fonts/Fandol*.otf "$dir/fonts/"
  ln -sf "$(FONTCONFIG_FILE="$SOURCE_DIR/fonts/fonts.conf" fc-match -f '%{file}' 'Noto Serif CJK SC:bold')" "$dir/fonts/"
  python3 - "$dir" "$SOURCE_DIR/fonts/fonts.conf" >"$dir/fonts.conf" <<'PY'
import sys
d, base = sys.argv[1:3]
names = [('FandolFang', '', ['仿宋_GB2312', '仿宋', 'FangSong', 'FangSong_GB2312']),
         ('FandolHei', '', ['黑体', 'SimHei']),
         ('FandolKai', '', ['楷体_GB2312', '楷体', 'KaiTi', 'KaiTi_GB2312']),
         ('FandolSong', '', ['宋体', 'SimSun']),
         ('Noto Serif CJK SC', '<test name="weight" compare="more_eq"><const>bold</const></test>',
          ['方正小标宋简体', 'FZXiaoBiaoSong-B05S'])]
print('<?xml version="1.0"?>\n<fontconfig>\n  <dir>%s/fonts</dir>\n  <cachedir>%s/cache</cachedir>' % (d, d))
print('  <include ignore_missing="yes">%s</include>' % base)
for fam, weight, new in names:
    print('  <match target="scan"><test name="family"><string>%s</string></test>%s'
          '<edit name="family" mode="assign_replace" binding="same">%s</edit></match>'
          % (fam, weight, ''.join('<string>%s</string>' % n for n in new)))
print('</fontconfig>')
PY
  echo "$dir/fonts.conf"
}
log_has() { grep -qF -- "$1" "$WORK/render.log"; }
fallback_count() { sed -n 's/^fallback: \([0-9]*\) of.*/\1/p' "$WORK/render.log"; }
reader_pages() { sed -n 's/^reader: .*; \([0-9]*\) page(s).*/\1/p' "$WORK/render.log"; }
figure() { # figure KEY: one figure of compare.py's JSON in $WORK/cmp.json
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/cmp.json" "$1"
}
validates() { # validates XSD FILE
  xmllint --noout --schema "$1" "$2" 2>"$WORK/xmllint.txt" || { head -5 "$WORK/xmllint.txt" >&2; return 1; }
}
at_least() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$1" "$2"; }

# The harness, on a package written by hand.
(cd "$READER/fixture" && zip -X -q -r "$WORK/fixture.ofd" OFD.xml Doc_0)
for part in OFD.xml:OFD Doc_0/Document.xml:Document Doc_0/PublicRes.xml:Res Doc_0/Pages/Page_0/Content.xml:Page; do
  expect "fixture ${part%%:*} validates against ${part##*:}.xsd" \
    validates "$SCHEMA/${part##*:}.xsd" "$READER/fixture/${part%%:*}"
done
render "$WORK/fixture.ofd" 1 "$WORK/fixture.png"
rc=$?  # (not in expect's arguments after a $(…): it would be that command's status)
expect "the reader renders the fixture ($(tail -1 "$WORK/render.log"))" test $rc -eq 0
fixture_fonts() { log_has "drawn with FandolFang" && log_has "drawn with FandolHei" && [ "$(fallback_count)" = 0 ]; }
expect "the reader draws the fixture with FandolFang and FandolHei from fonts/ ($(grep '^fallback' "$WORK/render.log"))" \
  fixture_fonts
render "$WORK/fixture.ofd" 2 "$WORK/none.png"
expect "the reader reports a page the file does not have" test $? -ne 0

READER_FONTS=$(official_fonts)
expect "the stand-ins answer to the official names" \
  sh -c "FONTCONFIG_FILE='$READER_FONTS' fc-match -f '%{family}' 仿宋_GB2312 | grep -q '^仿宋_GB2312'"
for ed in $EDITIONS; do
  "$CLUSTERFORM" fill --format pdf,ofd --blank -e "$ed" -o "$WORK/ours" >/dev/null 2>&1
  "$CLUSTERFORM" fill --format pdf,ofd "$SOURCE_DIR/examples/$ed.json" -o "$WORK/ours" >/dev/null 2>&1
done
for ed in $EDITIONS; do
  for kind in blank complete; do
    if [ $kind = blank ]; then
      ofd="$WORK/ours/申报表-$ed-空白.ofd"
    else
      ofd=$(ls "$WORK/ours"/*-申报表-"$ed".ofd 2>/dev/null | head -1)
      ofd=${ofd:-$WORK/ours/missing-$ed.ofd}
    fi
    pdf="${ofd%.ofd}.pdf"
    expect "$ed $kind: OFD and PDF written" test -s "$ofd" -a -s "$pdf"
    if [ ! -s "$ofd" ] || [ ! -s "$pdf" ]; then continue; fi
    n_pdf=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    page=1
    if [ $kind = complete ]; then # the page where part 一 starts (3 in every edition today)
      for p in $(seq 1 "$n_pdf"); do
        if pdftotext -f "$p" -l "$p" -enc UTF-8 "$pdf" - | grep -q '^一、基本情况'; then page=$p; break; fi
      done
    fi
    render "$ofd" "$page" "$WORK/reader.png"
    rc=$?
    expect "$ed $kind: the reader renders page $page ($(grep -m1 'render.mjs:' "$WORK/render.log" || tail -1 "$WORK/render.log"))" test $rc -eq 0
    [ $rc -eq 0 ] || continue
    expect "$ed $kind: the reader sees $n_pdf pages, as the PDF has ($(reader_pages))" test "$(reader_pages)" = "$n_pdf"
    expect "$ed $kind: every character of page $page in the font the OFD names ($(grep '^fallback' "$WORK/render.log"))" \
      test "$(fallback_count)" = 0
    [ $kind = complete ] || continue
    pdftoppm -r "$DPI" -png -f "$page" -l "$page" -singlefile "$pdf" "$WORK/pdf"
    python3 "$READER/compare.py" "$WORK/reader.png" "$WORK/pdf.png" --json >"$WORK/cmp.json"
    f1=$(figure f1)
    echo "$ed page $page: reader vs our PDF at $DPI dpi: F1 $f1 within 1 px (precision $(figure precision), recall $(figure recall)), IoU $(figure iou), pixels agreeing $(figure agree)"
    expect "$ed complete page $page: the reader's page matches our PDF's (F1 $f1 ≥ $FLOOR)" at_least "$f1" "$FLOOR"
  done
done
finish
