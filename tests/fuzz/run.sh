#!/bin/sh
# Builds the fuzz targets with clang (libFuzzer, ASan, UBSan) and runs each for SECONDS (default 60),
# from seeds made from the examples. A crash leaves its reproducer in tests/fuzz/out/.
#   sh tests/fuzz/run.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
out="$here/tests/fuzz/out"
mkdir -p "$out/seeds-xlsx" "$out/seeds-csv"
src="$here/src"
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -I"$src" \
  -DCLUSTERFORM_TEMPLATE_DIR="\"$here/templates\"" $(pkg-config --cflags jansson libxml-2.0 libzip) \
  "$here/tests/fuzz/fuzz_workbook.c" "$src"/sheet/grid.c "$src"/sheet/xlsx_read.c "$src"/sheet/csv_read.c \
  "$src"/sheet/cell_value.c "$src"/sheet/book_records.c "$src"/sheet/book_layout.c "$src"/catalog/*.c \
  "$src"/record/*.c "$src"/util/*.c "$src"/merge/*.c "$src"/ooxml/package.c \
  $(pkg-config --libs jansson libxml-2.0 libzip) -lm -o "$out/fuzz_workbook"
# Seeds: the examples' workbooks, and their sheets as CSV.
cf=${CLUSTERFORM:-$here/build/clusterform}
for ed in miit-2022 miit-2023 nmg-2023; do
  "$cf" workbook -e "$ed" -o "$out/seeds-xlsx/$ed.xlsx" "$here/examples/$ed.json" >/dev/null
done
python3 - "$out/seeds-xlsx/miit-2023.xlsx" "$out/seeds-csv" <<'PY'
import csv, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = re.findall(r'<si><t[^>]*>(.*?)</t></si>', z.read('xl/sharedStrings.xml').decode(), re.S)
for n in (2, 3, 9):
    rows = {}
    for r, c, t, v in re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*?(?: t="(\w+)")?[^>]*><v>([^<]*)</v>',
                                 z.read('xl/worksheets/sheet%d.xml' % n).decode()):
        rows.setdefault(int(c), []).append(ss[int(v)] if t == 's' else v)
    with open('%s/sheet%d.csv' % (sys.argv[2], n), 'w', newline='') as f:
        csv.writer(f).writerows(rows[k] for k in sorted(rows))
PY
cd "$out"
./fuzz_workbook -max_total_time="$secs" -rss_limit_mb=2048 -max_len=300000 seeds-xlsx
FUZZ_CSV=1 ./fuzz_workbook -max_total_time="$secs" -rss_limit_mb=2048 seeds-csv
