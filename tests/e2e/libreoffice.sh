#!/usr/bin/env bash
# LibreOffice, a real client, opens and converts every DOCX we write, blank and filled, and in its
# PDF each of parts 一–九 begins a new page (一至七部分不得串页).
. "$(dirname "$0")/lib.sh"
command -v soffice >/dev/null || { echo "soffice is missing: run scripts/setup-debian.sh"; exit 1; }
mkdir -p "$WORK/docx"
for ed in $EDITIONS; do
  "$CLUSTERFORM" fill --blank -e "$ed" -o "$WORK/docx" >/dev/null
  "$CLUSTERFORM" fill "$SOURCE_DIR/examples/$ed.json" -o "$WORK/docx" >/dev/null 2>&1
done
"$CLUSTERFORM" fill --force "$SOURCE_DIR/examples/sparse.json" -o "$WORK/docx" >/dev/null 2>&1
# XML specials and a character outside the BMP must not break the file.
cat >"$WORK/tricky.json" <<'JSON'
{"edition": "miit-2023", "name": "A&B <测试> \"引号\" 'x' 𠮷集群", "authority": "甲\t乙", "operator": "丙\n丁",
 "chain": {"strengthening": "第一段 <&>\n第二段 𠮷𠮷"}}
JSON
"$CLUSTERFORM" fill --force "$WORK/tricky.json" -o "$WORK/docx" >/dev/null 2>&1
n_docx=$(ls "$WORK/docx"/*.docx | wc -l)
expect "ten DOCX files to convert (found $n_docx)" test "$n_docx" -eq 10
soffice_pdf "$WORK/pdf" "$WORK/docx"/*.docx
expect "soffice converted without error" test $? -eq 0
headings="一、基本情况 二、主导产业情况 三、创新能力情况 四、数字化升级情况 五、绿色化转型情况 六、开放合作情况 七、治理和服务水平 八、未来三年中小企业特色产业集群发展规划 九、真实性声明及推荐意见"
for docx in "$WORK/docx"/*.docx; do
  name=$(basename "$docx" .docx)
  pdf="$WORK/pdf/$name.pdf"
  expect "$name: LibreOffice wrote a PDF" test -s "$pdf"
  [ -s "$pdf" ] || continue
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  # The first line of text of each page.
  : >"$WORK/tops"
  for ((i = 1; i <= pages; i++)); do
    pdftotext -f $i -l $i -layout "$pdf" - | sed 's/^ *//' | grep -v '^$' | head -1 >>"$WORK/tops"
  done
  last=0
  for h in $headings; do
    page=$(grep -nxF -- "$h" "$WORK/tops" | head -1 | cut -d: -f1)
    if [ -n "$page" ] && [ "$page" -gt "$last" ]; then pass; last=$page; else fail "$name: $h does not begin a page"; fi
  done
done
# The tricky values come back exactly as given.
pdftotext "$WORK/pdf/"*A\&B*.pdf "$WORK/tricky.txt"
expect "XML specials and 𠮷 survive into LibreOffice's PDF" contains "$WORK/tricky.txt" "A&B <测试> \"引号\" 'x' 𠮷集群"
# The 佐证材料清单 (fill --evidence): LibreOffice converts it, the header row repeats on every page,
# and the list is as long as check's.
mkdir -p "$WORK/evidence"
"$CLUSTERFORM" fill --evidence "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/evidence" >/dev/null 2>&1
ev=$(ls "$WORK/evidence"/*佐证材料清单*.docx 2>/dev/null | head -1)
expect "fill --evidence wrote the 佐证材料清单" test -n "$ev"
if [ -n "$ev" ]; then
  soffice_pdf "$WORK/evidence-pdf" "$ev"
  evpdf="$WORK/evidence-pdf/$(basename "$ev" .docx).pdf"
  expect "LibreOffice converted the 佐证材料清单" test -s "$evpdf"
  pdftotext -layout "$evpdf" "$WORK/evidence.txt"
  n=$("$CLUSTERFORM" check --format json "$SOURCE_DIR/examples/miit-2023.json" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["evidence"]))')
  pages=$(pdfinfo "$evpdf" | awk '/^Pages:/ {print $2}')
  expect "the list names the cluster" contains "$WORK/evidence.txt" "河北省保定市高阳县毛巾家纺产业集群"
  expect "the list's last row is number $n" grep -qE "^ *$n +" "$WORK/evidence.txt"
  expect "the header row repeats on each of the $pages pages" test "$(grep -c '所属部分' "$WORK/evidence.txt")" -eq "$pages"
fi
finish
