#!/usr/bin/env bash
# The figures of docs/ofd-reader.md: every page of every edition's blank and complete example, as
# the OFD reader draws our OFD, against the same page of our PDF drawn by pdftoppm at the same dpi.
#
#   tests/ofd-reader/measure.sh [--dpi N] [--images DIR]
#
# Prints one line a page (F1 within 1 px, IoU, glyphs the reader drew in another font than the OFD
# names) and a Markdown table a document. --images DIR also writes, for each edition, the page
# where part 一 of the complete example starts at 50 dpi: DIR/ofd-EDITION-reader.png and
# DIR/ofd-EDITION-pdf.png. Takes about 10 minutes at 100 dpi. CLUSTERFORM (default build/clusterform).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CLUSTERFORM=${CLUSTERFORM:-$root/build/clusterform}
EDITIONS="miit-2022 miit-2023 ningbo-2023 nmg-2023"
dpi=100
images=""
while [ $# -gt 0 ]; do
  case $1 in
    --dpi) dpi=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    *) echo "usage: $0 [--dpi N] [--images DIR]" >&2; exit 2 ;;
  esac
done
[ -x "$CLUSTERFORM" ] || { echo "measure.sh: $CLUSTERFORM is missing: build first" >&2; exit 2; }
export FONTCONFIG_FILE="${FONTCONFIG_FILE:-$root/fonts/fonts.conf}"
work=$(mktemp -d "${TMPDIR:-/tmp}/ofd-measure.XXXXXX")
trap 'rm -rf "$work"' EXIT
for ed in $EDITIONS; do
  "$CLUSTERFORM" fill --format pdf,ofd --blank -e "$ed" -o "$work/out" >/dev/null 2>&1
  "$CLUSTERFORM" fill --format pdf,ofd "$root/examples/$ed.json" -o "$work/out" >/dev/null 2>&1
done
: >"$work/all.tsv"
for ed in $EDITIONS; do
  for kind in blank complete; do
    if [ $kind = blank ]; then ofd="$work/out/申报表-$ed-空白.ofd"; else ofd=$(ls "$work/out"/*-申报表-"$ed".ofd | head -1); fi
    pdf=${ofd%.ofd}.pdf
    n=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    for p in $(seq 1 "$n"); do
      if ! node "$here/render.mjs" "$ofd" "$p" "$work/r.png" --dpi "$dpi" >"$work/log" 2>&1; then
        echo "$ed $kind page $p: the reader failed: $(tail -3 "$work/log")"
        printf '%s\t%s\t%s\tFAIL\t\t\n' "$ed" "$kind" "$p" >>"$work/all.tsv"
        continue
      fi
      pdftoppm -r "$dpi" -png -f "$p" -l "$p" -singlefile "$pdf" "$work/p"
      fb=$(sed -n 's/^fallback: \([0-9]*\) of.*/\1/p' "$work/log")
      python3 "$here/compare.py" "$work/r.png" "$work/p.png" --json >"$work/c.json"
      read -r f1 iou < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["f1"], d["iou"])' "$work/c.json")
      part1=""
      pdftotext -f "$p" -l "$p" -enc UTF-8 "$pdf" - | grep -q '^一、基本情况' && part1=yes
      echo "$ed $kind page $p/$n: F1 $f1 IoU $iou fallback $fb${part1:+ (part 一)}"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ed" "$kind" "$p" "$f1" "$iou" "$fb" "$part1" >>"$work/all.tsv"
      if [ -n "$images" ] && [ $kind = complete ] && [ -n "$part1" ]; then
        mkdir -p "$images"
        node "$here/render.mjs" "$ofd" "$p" "$images/ofd-$ed-reader.png" --dpi 50 >/dev/null
        pdftoppm -r 50 -png -f "$p" -l "$p" -singlefile "$pdf" "$images/ofd-$ed-pdf"
      fi
    done
  done
done
python3 - "$work/all.tsv" "$dpi" <<'PY'
import sys
from statistics import median
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
print(f"\n| edition | OFD | pages | F1 part 一 | F1 min | F1 median | IoU median | pages with fallback glyphs |")
print("|---|---|---|---|---|---|---|---|")
for ed in dict.fromkeys(r[0] for r in rows):
    for kind in ('blank', 'complete'):
        rs = [r for r in rows if r[0] == ed and r[1] == kind]
        ok = [r for r in rs if r[3] != 'FAIL']
        f1 = [float(r[3]) for r in ok]
        p1 = [r[3] for r in ok if r[6]]
        fb = [f"{r[2]} ({r[5]})" for r in ok if r[5] not in ('', '0')]
        fails = len(rs) - len(ok)
        print(f"| {ed} | {kind} | {len(rs)}{f' ({fails} failed)' if fails else ''} | {p1[0] if p1 else '—'} | "
              f"{min(f1):.4f} | {median(f1):.4f} | {median(float(r[4]) for r in ok):.4f} | {', '.join(fb) or '—'} |")
PY
