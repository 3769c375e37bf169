#!/bin/sh
# Builds the libFuzzer targets with clang (ASan and UBSan in every object: cmake -DCLUSTERFORM_FUZZ=ON)
# and runs each for SECONDS (default 60) from seeds made from examples/ and templates/. Runs two
# at a time (the machines have two cores). A crash, leak or sanitizer report stops that target and
# leaves its reproducer in tests/fuzz/out/TARGET/ (crash-*, leak-*, timeout-*); keep it as a
# regression test in tests/hostile/ and tests/e2e/hostile.sh.
#   sh tests/fuzz/run.sh [SECONDS] [TARGET ...]      (FUZZ_JOBS=N: N targets at a time, default 2)
#   targets: workbook-xlsx workbook-csv record template layout read (default: all)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-workbook-xlsx workbook-csv record template layout read}
out="$here/tests/fuzz/out"
build="$out/build"
mkdir -p "$out"
CC=clang cmake -S "$here" -B "$build" -DCLUSTERFORM_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target fuzz_workbook fuzz_record fuzz_template fuzz_layout fuzz_read >/dev/null
cf=${CLUSTERFORM:-$here/build/clusterform}
# The caches fontconfig, pango and cairo keep for the life of a process are not our leaks (the same
# suppressions as ctest's sanitizer build); our own code is not suppressed.
export LSAN_OPTIONS="suppressions=$here/tests/lsan.supp"
export FONTCONFIG_FILE="$here/fonts/fonts.conf"

# ---- seeds
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/workbook-xlsx" "$seeds/workbook-csv" "$seeds/record" "$seeds/template" "$seeds/layout" "$seeds/read"
for ed in miit-2022 miit-2023 nmg-2023; do
  "$cf" workbook -e "$ed" -o "$seeds/workbook-xlsx/$ed.xlsx" "$here/examples/$ed.json" >/dev/null
done
cp "$here"/examples/*.json "$seeds/record/"
for ed in miit-2022 miit-2023 ningbo-2023 nmg-2023; do
  "$cf" fill -o "$out/filled" "$here/examples/$ed.json" >/dev/null 2>&1 || true
done
python3 - "$here" "$seeds" "$out/filled" <<'PY'
import csv, glob, os, re, sys, zipfile
here, seeds, filled = sys.argv[1:4]
# Workbook sheets as CSV.
z = zipfile.ZipFile(os.path.join(seeds, 'workbook-xlsx', 'miit-2023.xlsx'))
ss = re.findall(r'<si><t[^>]*>(.*?)</t></si>', z.read('xl/sharedStrings.xml').decode(), re.S)
for n in (2, 3, 9):
    rows = {}
    for r, c, t, v in re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*?(?: t="(\w+)")?[^>]*><v>([^<]*)</v>',
                                 z.read('xl/worksheets/sheet%d.xml' % n).decode()):
        rows.setdefault(int(c), []).append(ss[int(v)] if t == 's' else v)
    with open(os.path.join(seeds, 'workbook-csv', 'sheet%d.csv' % n), 'w', newline='') as f:
        csv.writer(f).writerows(rows[k] for k in sorted(rows))
# Templates: every form folder as a .docx; their document.xml for layout.
for form in glob.glob(os.path.join(here, 'templates', '*', 'form')) + glob.glob(os.path.join(here, 'templates', '*', 'summary')):
    name = form.split(os.sep)[-2] + '-' + form.split(os.sep)[-1]
    with zipfile.ZipFile(os.path.join(seeds, 'template', name + '.docx'), 'w', zipfile.ZIP_DEFLATED) as zo:
        for d, _, fs in os.walk(form):
            for f in fs:
                full = os.path.join(d, f)
                zo.write(full, os.path.relpath(full, form))
    xml = open(os.path.join(form, 'word', 'document.xml'), 'rb').read()
    open(os.path.join(seeds, 'layout', name + '.xml'), 'wb').write(xml)
# A small table with merged cells and spans, the shapes layout finds hardest.
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
open(os.path.join(seeds, 'layout', 'merged.xml'), 'w').write(
    '<w:document %s><w:body><w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>主导产业</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>{{name}}</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val="1"/></w:tcPr>'
    '<w:p><w:r><w:t>{{? industry_type=primary}}第一产业</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>' % W)
# Filled forms' document.xml for read.
for docx in glob.glob(os.path.join(filled, '*.docx')):
    xml = zipfile.ZipFile(docx).read('word/document.xml')
    open(os.path.join(seeds, 'read', os.path.basename(docx) + '.xml'), 'wb').write(xml)
PY
cp "$here"/tests/hostile/*.docx "$seeds/template/"

# ---- runs, two at a time
run() {
  t=$1
  mkdir -p "$out/$t/corpus"
  case $t in
    workbook-xlsx) bin=fuzz_workbook; extra="-max_len=300000" ;;
    workbook-csv) bin=fuzz_workbook; extra="-max_len=65536"; export FUZZ_CSV=1 ;;
    record) bin=fuzz_record; extra="-max_len=65536" ;;
    template) bin=fuzz_template; extra="-max_len=300000" ;;
    layout) bin=fuzz_layout; extra="-max_len=400000 -dict=$here/tests/fuzz/ooxml.dict" ;;
    read) bin=fuzz_read; extra="-max_len=400000 -dict=$here/tests/fuzz/ooxml.dict" ;;
  esac
  cd "$out/$t"
  # shellcheck disable=SC2086
  "$build/$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 $extra \
    corpus "$seeds/$t" >"$out/$t.log" 2>&1
  echo "$t: $(grep -E '^#[0-9]+.*(DONE|cov)' "$out/$t.log" | tail -1)"
}
pids=""
n=0
for t in $targets; do
  run "$t" &
  pids="$pids $!"
  n=$((n + 1))
  if [ $((n % ${FUZZ_JOBS:-2})) -eq 0 ]; then wait; fi
done
wait
