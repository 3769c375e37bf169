#!/usr/bin/env bash
# clusterform summary, the 推荐汇总表: for each edition that has one, the empty table keeps the
# published text (form-text-check 100 %); a table of several clusters is written as DOCX, XLSX and
# PDF, LibreOffice converts the DOCX and the XLSX, the 序号 run 1..N, every cluster is named, and the
# header row repeats on each page. Bad input writes nothing; the builder knows landscape pages.
. "$(dirname "$0")/lib.sh"
command -v soffice >/dev/null || { echo "soffice is missing: run scripts/setup-debian.sh"; exit 1; }
EX="$SOURCE_DIR/examples"

# The clusters of each edition: every example whose own 简介 is within the edition's limit (150 字
# in ningbo-2023, where the miit-2023 example's 238 字 are refused), given twice so that the table
# runs over several pages.
inputs_for() {
  case $1 in
    ningbo-2023) set -- "$EX/miit-2022.json" "$EX/ningbo-2023.json" "$EX/nmg-2023.json" "$EX/sparse.json" ;;
    *) set -- "$EX/miit-2022.json" "$EX/miit-2023.json" "$EX/ningbo-2023.json" "$EX/nmg-2023.json" "$EX/sparse.json" ;;
  esac
  echo "$@" "$@"
}

# The names of the clusters in these files, one a line, in order.
names_of() {
  python3 -c 'import json, sys
for p in sys.argv[1:]: print(json.load(open(p, encoding="utf-8"))["name"])' "$@"
}

# The first cell of every row of the DOCX table after the header, one a line.
docx_numbers() {
  python3 - "$1" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))
for tr in list(root.iter(W + 'tr'))[1:]:
    tc = next(tr.iter(W + 'tc'))
    print(''.join(t.text or '' for t in tc.iter(W + 't')))
PY
}

# The 序号 column of the XLSX: the numeric cells of column A, one a line ("s" for a text cell).
xlsx_numbers() {
  python3 - "$1" <<'PY'
import re, sys, zipfile
sheet = zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode()
for m in re.finditer(r'<c r="A(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet):
    attrs, body = m.group(2), m.group(3) or ''
    v = re.search(r'<v>(.*?)</v>', body)
    if 't="s"' in attrs: print('s')
    elif v: print(v.group(1))
PY
}

for ed in miit-2022 miit-2023 ningbo-2023; do
  # The empty table, as published.
  out="$WORK/blank-$ed"
  "$CLUSTERFORM" summary -e "$ed" -o "$out" >"$WORK/log" 2>&1
  expect "$ed: the empty summary is written ($(tail -1 "$WORK/log"))" test $? -eq 0
  docx="$out/推荐汇总表-$ed.docx"
  expect "$ed: empty summary has DOCX, XLSX and PDF" test -s "$docx" -a -s "$out/推荐汇总表-$ed.xlsx" -a -s "$out/推荐汇总表-$ed.pdf"
  "$TEXTCHECK" "$REF/$ed.summary.txt" "$docx" >"$WORK/check.txt"
  rc=$?
  expect "$ed: the empty summary keeps the published text ($(tail -1 "$WORK/check.txt"))" test $rc -eq 0
  expect "$ed: at 100.00%" grep -q '^100.00%' "$WORK/check.txt"
  unzip -p "$docx" word/document.xml >"$WORK/document.xml"
  expect "$ed: A4 landscape" contains "$WORK/document.xml" 'w:w="16838" w:h="11906" w:orient="landscape"'

  # Several clusters.
  out="$WORK/filled-$ed"
  # shellcheck disable=SC2046
  set -- $(inputs_for "$ed")
  n=$#
  "$CLUSTERFORM" summary -e "$ed" -o "$out" --authority "某某市经济和信息化局" --contact "张三" --phone "13800000000" "$@" \
    >"$WORK/log" 2>&1
  rc=$?
  expect "$ed: a summary of $n clusters is written (rc $rc: $(grep -m1 错误 "$WORK/log"))" test $rc -eq 0
  base="$out/推荐汇总表-$ed"
  for ext in docx xlsx pdf; do expect "$ed: $ext written" test -s "$base.$ext"; done
  [ -s "$base.docx" ] || continue
  docx_text "$base.docx" >"$WORK/docx.txt"
  expect "$ed: the authority is in the table" contains "$WORK/docx.txt" "某某市经济和信息化局"
  seq 1 "$n" >"$WORK/want-numbers"
  docx_numbers "$base.docx" >"$WORK/docx-numbers"
  expect "$ed: DOCX 序号 run 1..$n in order" cmp -s "$WORK/want-numbers" "$WORK/docx-numbers"
  xlsx_numbers "$base.xlsx" | grep -v '^s$' >"$WORK/xlsx-numbers"
  expect "$ed: XLSX 序号 are the numbers 1..$n" cmp -s "$WORK/want-numbers" "$WORK/xlsx-numbers"

  # Our PDF: every cluster named, in order; the header row on every page.
  pdftotext -raw "$base.pdf" - | tr -d ' \n' >"$WORK/pdf.txt"
  names_of "$@" >"$WORK/names"
  python3 - "$WORK/names" "$WORK/pdf.txt" <<'PY'
import sys
names = open(sys.argv[1], encoding='utf-8').read().split('\n')
text = open(sys.argv[2], encoding='utf-8').read()
at = 0
for n in filter(None, names):
    k = text.find(n, at)
    if k < 0:
        sys.exit('not found in order: ' + n)
    at = k + len(n)
PY
  expect "$ed: each cluster's name is in our PDF, in order" test $? -eq 0
  pages=$(pdfinfo "$base.pdf" | awk '/^Pages:/ {print $2}')
  expect "$ed: the table runs over several pages ($pages)" test "$pages" -ge 2
  for ((i = 1; i <= pages; i++)); do
    heads=$(pdftotext -raw -f $i -l $i "$base.pdf" - | tr -d ' \n' | grep -o '序号集群名称' | wc -l)
    expect "$ed: page $i of our PDF has the header row once ($heads)" test "$heads" -eq 1
  done

  # LibreOffice converts both files; its pages of the DOCX repeat the header row too.
  soffice_pdf "$WORK/lo-docx-$ed" "$base.docx"
  expect "$ed: LibreOffice converted the DOCX" test -s "$WORK/lo-docx-$ed/推荐汇总表-$ed.pdf"
  soffice_pdf "$WORK/lo-xlsx-$ed" "$base.xlsx"
  expect "$ed: LibreOffice converted the XLSX" test -s "$WORK/lo-xlsx-$ed/推荐汇总表-$ed.pdf"
  for kind in docx xlsx; do
    lo="$WORK/lo-$kind-$ed/推荐汇总表-$ed.pdf"
    [ -s "$lo" ] || continue
    lp=$(pdfinfo "$lo" | awk '/^Pages:/ {print $2}')
    pdfinfo "$lo" >"$WORK/lo-info"
    expect "$ed: LibreOffice's PDF of the $kind is A4 landscape" grep -q 'Page size: *841.* x 595' "$WORK/lo-info"
    for ((i = 1; i <= lp; i++)); do
      pdftotext -f $i -l $i -layout "$lo" "$WORK/lo-page.txt"
      expect "$ed: page $i of LibreOffice's PDF of the $kind has the header row" contains "$WORK/lo-page.txt" '集群名称'
    done
    pdftotext -raw "$lo" - | tr -d ' \n' >"$WORK/lo.txt"
    while read -r name; do
      expect "$ed: LibreOffice's PDF of the $kind names $name" contains "$WORK/lo.txt" "$name"
    done < <(names_of "$EX/sparse.json" "$EX/nmg-2023.json")
  done
done

# The empty table may carry the authority's name; its rows stay the published empty ones.
"$CLUSTERFORM" summary -e ningbo-2023 --format docx --authority "某某区经济和信息化局" -o "$WORK/blank-auth" >/dev/null 2>&1
docx_text "$WORK/blank-auth/推荐汇总表-ningbo-2023.docx" >"$WORK/docx.txt"
expect "the empty table with --authority names it" contains "$WORK/docx.txt" "区（县、市）中小企业主管部门：某某区经济和信息化局（盖章）"
"$TEXTCHECK" "$REF/ningbo-2023.summary.txt" "$WORK/blank-auth/推荐汇总表-ningbo-2023.docx" >/dev/null
expect "… and keeps the published text" test $? -eq 0
expect "… with no 无 in its empty rows" test "$(grep -c '无' "$WORK/docx.txt")" -eq 0

# The same input gives the same bytes (the XLSX's creation time is fixed).
"$CLUSTERFORM" summary -e miit-2023 -o "$WORK/again" "$EX/miit-2022.json" "$EX/sparse.json" >/dev/null 2>&1
sleep 1
"$CLUSTERFORM" summary -e miit-2023 -o "$WORK/again2" "$EX/miit-2022.json" "$EX/sparse.json" >/dev/null 2>&1
for ext in docx xlsx pdf; do
  expect "two runs give the same $ext" cmp -s "$WORK/again/推荐汇总表-miit-2023.$ext" "$WORK/again2/推荐汇总表-miit-2023.$ext"
done

# A 简介 over the limit (the miit-2023 example's 238 字 in ningbo-2023) and a broken file: both are
# reported, with file and place, and nothing is written; files already there stay as they were.
mkdir -p "$WORK/fail"
echo keep >"$WORK/fail/推荐汇总表-ningbo-2023.docx"
printf '{"name": "坏集群", "output": {"total": {"2022": "很多"}}' >"$WORK/broken.json"
"$CLUSTERFORM" summary -e ningbo-2023 -o "$WORK/fail" "$EX/ningbo-2023.json" "$EX/miit-2023.json" "$WORK/broken.json" \
  >"$WORK/log" 2>&1
rc=$?
expect "input errors: exit 1 (rc $rc)" test $rc -eq 1
expect "the 简介 over 150 字 names the cluster and its file" \
  grep -q 'miit-2023.json:[0-9]*:[0-9]*: .*河北省保定市高阳县毛巾家纺产业集群.*238 字.*150 字' "$WORK/log"
expect "the broken file is reported with its place" grep -q 'broken.json:1:' "$WORK/log"
expect "nothing written" test "$(ls -A "$WORK/fail")" = "推荐汇总表-ningbo-2023.docx"
expect "the earlier file is untouched" test "$(cat "$WORK/fail/推荐汇总表-ningbo-2023.docx")" = keep

# OFD, through the same layout: the empty table keeps the published text there too.
"$CLUSTERFORM" summary -e miit-2023 --format ofd -o "$WORK/ofd" >/dev/null 2>&1
expect "--format ofd writes the OFD" test "$(ls "$WORK/ofd")" = "推荐汇总表-miit-2023.ofd"
"$TEXTCHECK" "$REF/miit-2023.summary.txt" "$WORK/ofd/推荐汇总表-miit-2023.ofd" >/dev/null 2>&1
expect "… which keeps the published text" test $? -eq 0

# An output folder that cannot be made: exit 4.
echo file >"$WORK/not-a-folder"
"$CLUSTERFORM" summary -e miit-2023 -o "$WORK/not-a-folder/sub" "$EX/sparse.json" >/dev/null 2>&1
expect "unwritable output: exit 4" test $? -eq 4

# The command line.
"$CLUSTERFORM" summary "$EX/miit-2022.json" >/dev/null 2>&1
expect "no -e: exit 2" test $? -eq 2
"$CLUSTERFORM" summary -e nmg-2023 -o "$WORK/nmg" >"$WORK/log" 2>&1
expect "nmg-2023 has no 汇总表: exit 2" test $? -eq 2
expect "… and says so" grep -q '没有推荐汇总表' "$WORK/log"
"$CLUSTERFORM" summary -e miit-2023 --format docx,rtf >/dev/null 2>&1
expect "unknown format: exit 2" test $? -eq 2
"$CLUSTERFORM" summary --help >"$WORK/help" 2>&1
expect "--help: exit 0" test $? -eq 0
expect "--help names the options" grep -q -- '--authority' "$WORK/help"
"$CLUSTERFORM" summary -e miit-2022 --format xlsx -o "$WORK/only" "$EX/miit-2022.json" >/dev/null 2>&1
expect "--format xlsx writes only the XLSX" test "$(ls "$WORK/only")" = "推荐汇总表-miit-2022.xlsx"

# The builder: a landscape page has the landscape text width (247 mm), a portrait one 156 mm.
mkdir -p "$WORK/tpl/common" "$WORK/tpl/wide"
cp -r "$SOURCE_DIR/templates/common/." "$WORK/tpl/common/"
printf '<form orientation="landscape"><table widths="100 147"><tr><td>a</td><td>b</td></tr></table></form>' \
  >"$WORK/tpl/wide/summary.src.xml"
expect "landscape: a 247 mm table builds" "$SOURCE_DIR/tools/build-template" "$WORK/tpl/wide"
expect "landscape: summary/ written" test -f "$WORK/tpl/wide/summary/word/document.xml"
printf '<form orientation="landscape"><table widths="100 150"><tr><td>a</td><td>b</td></tr></table></form>' \
  >"$WORK/tpl/wide/summary.src.xml"
"$SOURCE_DIR/tools/build-template" "$WORK/tpl/wide" 2>"$WORK/log"
expect "landscape: a 250 mm table is refused" test $? -ne 0
expect "… naming the landscape text width" grep -q '247.0 mm' "$WORK/log"
printf '<form><table widths="100 100"><tr><td>a</td><td>b</td></tr></table></form>' >"$WORK/tpl/wide/summary.src.xml"
"$SOURCE_DIR/tools/build-template" "$WORK/tpl/wide" 2>"$WORK/log"
expect "portrait: a 200 mm table is refused at 156 mm" grep -q '156.0 mm' "$WORK/log"
finish
