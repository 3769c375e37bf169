#!/usr/bin/env bash
# The input workbook: written for every example, re-saved by LibreOffice as XLSX and as CSV (one
# file a sheet, also converted to GB18030), each read back into the same 申报表 (byte for byte) as
# the JSON it came from; many clusters in one workbook and in one run; bad workbooks refused with
# the sheet!cell and the field's label, nothing else lost. The workbook is valid OOXML.
. "$(dirname "$0")/lib.sh"
run() { # run NAME ARGS... → exit code in $rc, messages in $WORK/NAME.err
  local name=$1; shift
  "$CLUSTERFORM" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  rc=$?
  if grep -qE 'Sanitizer|Segmentation|core dumped|Assertion' "$WORK/$name.err"; then fail "$name: crashed"; fi
}
LO="soffice -env:UserInstallation=file://$WORK/lo-profile --headless"

# 1. Every example: JSON → workbook → DOCX equals JSON → DOCX.
for ed in $EDITIONS; do
  run "wb-$ed" workbook -e "$ed" -o "$WORK/$ed.xlsx" "$SOURCE_DIR/examples/$ed.json"
  expect "$ed: workbook written" test $rc -eq 0 -a -s "$WORK/$ed.xlsx"
  run "json-$ed" fill --format docx -o "$WORK/json-$ed" "$SOURCE_DIR/examples/$ed.json"
  run "xlsx-$ed" fill --format docx -o "$WORK/xlsx-$ed" "$WORK/$ed.xlsx"
  expect "$ed: fill from the workbook: exit 0" test $rc -eq 0
  expect "$ed: the same DOCX from the workbook as from the JSON" cmp -s "$WORK"/json-$ed/*.docx "$WORK"/xlsx-$ed/*.docx
done
expect "the workbook is valid OOXML (ISO 29500)" "$SHARED/tools/ooxml-validate" "$WORK/miit-2023.xlsx"
# Deterministic: the same records give the same bytes.
run again workbook -e miit-2023 -o "$WORK/again.xlsx" "$SOURCE_DIR/examples/miit-2023.json"
expect "workbook: same input, same bytes" cmp -s "$WORK/miit-2023.xlsx" "$WORK/again.xlsx"
# The empty workbook of each edition is valid too, and LibreOffice opens it.
run blank workbook -e nmg-2023 -o "$WORK/blank-nmg.xlsx"
expect "blank workbook written" test $rc -eq 0
expect "blank workbook valid" "$SHARED/tools/ooxml-validate" "$WORK/blank-nmg.xlsx"

# 2. Many clusters in one workbook, re-saved by LibreOffice (XLSX, and CSV of every sheet).
all="$SOURCE_DIR/examples/miit-2023.json $SOURCE_DIR/examples/miit-2022.json $SOURCE_DIR/examples/ningbo-2023.json"
# shellcheck disable=SC2086
run many workbook -e miit-2023 -o "$WORK/many.xlsx" $all
expect "three clusters in one workbook" contains "$WORK/many.out" "3 个集群"
# shellcheck disable=SC2086
run json-many fill --format docx -o "$WORK/json-many" $all
mkdir -p "$WORK/lo" "$WORK/csv"
$LO --convert-to xlsx --outdir "$WORK/lo" "$WORK/many.xlsx" >"$WORK/lo.log" 2>&1
expect "LibreOffice re-saved the workbook" test -s "$WORK/lo/many.xlsx"
expect "LibreOffice's re-save is not our bytes" test "$(cmp -s "$WORK/lo/many.xlsx" "$WORK/many.xlsx"; echo $?)" -ne 0
(cd "$WORK/csv" && $LO --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir . "$WORK/many.xlsx" >"$WORK/csv.log" 2>&1)
expect "LibreOffice wrote a CSV per sheet" test "$(ls "$WORK/csv" | wc -l)" -ge 9
mkdir -p "$WORK/gb"
for f in "$WORK"/csv/*.csv; do iconv -f UTF-8 -t GB18030 "$f" >"$WORK/gb/$(basename "$f")"; done
for kind in lo csv gb; do
  if [ $kind = lo ]; then src=("$WORK/lo/many.xlsx"); else src=("$WORK/$kind"/*.csv); fi
  run "fill-$kind" fill --format docx -o "$WORK/out-$kind" "${src[@]}"
  expect "$kind: three clusters filled" test $rc -eq 0 -a "$(ls "$WORK/out-$kind" | wc -l)" -eq 3
  for f in "$WORK"/json-many/*.docx; do
    expect "$kind: $(basename "$f") as from the JSON" cmp -s "$f" "$WORK/out-$kind/$(basename "$f")"
  done
done
expect "the batch ends with a table of the clusters" contains "$WORK/fill-lo.out" "共 3 个集群：3 个完成，0 个未完成"
# A folder of inputs; check and summary read workbooks too.
mkdir -p "$WORK/folder" && cp "$WORK/lo/many.xlsx" "$SOURCE_DIR/examples/nmg-2023.json" "$WORK/folder/"
run check-folder check "$WORK/folder"
expect "check of a folder: every cluster" contains "$WORK/check-folder.out" "共 4 个集群"
run check-json check --format json "$WORK/lo/many.xlsx"
expect "check --format json of a workbook: an array of three reports" \
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if isinstance(r,list) and len(r)==3 else 1)' "$WORK/check-json.out"
run summary summary -e miit-2023 --format docx -o "$WORK/summary" "$WORK/lo/many.xlsx"
expect "summary of a workbook" test $rc -eq 0 -a -s "$WORK/summary/推荐汇总表-miit-2023.docx"
expect "summary rows in the workbook's order" python3 - "$WORK/summary/推荐汇总表-miit-2023.docx" <<'PY'
import sys, zipfile, re
t = zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode()
a, b = t.find('高阳县毛巾家纺'), t.find('十堰市张湾区')
sys.exit(0 if 0 < a < b else 1)
PY
run fill-json fill --report json --format docx -o "$WORK/rep" "$WORK/lo/many.xlsx"
expect "fill --report json: every cluster and its files" python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))
sys.exit(0 if r["clusters"]==3 and r["failed"]==0 and all(len(x["written"])==1 for x in r["results"]) else 1)' "$WORK/fill-json.out"

# 3. Bad workbooks: each refused with its place; a good cluster beside it is still written, and the
# files an earlier run wrote stay as they were.
edit() { # edit IN OUT PART PYTHON-EXPR(s) — rewrites one part of a workbook
  python3 - "$@" <<'PY'
import sys, zipfile
src, dst, part, expr = sys.argv[1:5]
zin = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for i in zin.infolist():
        data = zin.read(i.filename)
        if i.filename == part:
            s = data.decode()
            s = eval(expr)
            data = s.encode()
        if part == 'DROP-SHEET2' and i.filename in ('xl/workbook.xml',):
            import re
            data = re.sub(r'<sheet name="三、[^"]*"[^>]*/>', '', data.decode()).encode()
        z.writestr(i, data)
PY
}
base="$WORK/miit-2023.xlsx"
sheet_of() { # the part of a sheet named $1 in $base
  python3 - "$base" "$1" <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1]); wb = z.read('xl/workbook.xml').decode()
rid = re.search(r'<sheet name="%s" sheetId="\d+" r:id="(rId\d+)"' % re.escape(sys.argv[2]), wb).group(1)
rels = z.read('xl/_rels/workbook.xml.rels').decode()
print('xl/' + re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (rid, rid), rels).group(1))
PY
}
S2=$(sheet_of "二、主导产业情况")
S1=$(sheet_of "一、基本情况")
good="$SOURCE_DIR/examples/nmg-2023.json"
bad_case() { # bad_case NAME FILE EXPECTED-TEXT... : exit 1, each text in the messages, the good one written
  local name=$1 file=$2; shift 2
  mkdir -p "$WORK/bad-$name" && echo keep >"$WORK/bad-$name/earlier.txt"
  run "bad-$name" fill --format docx -o "$WORK/bad-$name" "$file" "$good"
  expect "$name: exit 1" test $rc -eq 1
  for t in "$@"; do expect "$name: says \"$t\"" contains "$WORK/bad-$name.err" "$t"; done
  expect "$name: the good cluster beside it is written" test -s "$WORK/bad-$name/包头市九原区稀土永磁材料产业集群-申报表-nmg-2023.docx"
  expect "$name: nothing written for the bad workbook" test "$(ls "$WORK/bad-$name" | wc -l)" -eq 2
  expect "$name: earlier files untouched" test "$(cat "$WORK/bad-$name/earlier.txt")" = keep
}
# Text in a number cell (集群总产值 2020 is the second column of part 二).
edit "$base" "$WORK/text-in-number.xlsx" "$S2" 're.sub(r"<c r=\"B4\"([^>]*?)( t=\"[a-z]+\")?><v>[^<]*</v></c>", "<c r=\"B4\" t=\"inlineStr\"><is><t>约118亿</t></is></c>", s, 1) if (re:=__import__("re")) else s'
bad_case text-in-number "$WORK/text-in-number.xlsx" "二、主导产业情况!B4" "「集群总产值」" "这里应为数字，却是文字「约118亿」"
# A missing sheet.
edit "$base" "$WORK/missing-sheet.xlsx" DROP-SHEET2 's'
bad_case missing-sheet "$WORK/missing-sheet.xlsx" "工作簿缺少工作表「三、创新能力情况」"
# The same cluster twice.
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["area"]=1.5; json.dump(r,open(sys.argv[2],"w"),ensure_ascii=False)' \
  "$SOURCE_DIR/examples/miit-2023.json" "$WORK/again.json"
run twice-wb workbook -e miit-2023 -o "$WORK/twice.xlsx" "$SOURCE_DIR/examples/miit-2023.json" "$WORK/again.json"
bad_case twice "$WORK/twice.xlsx" "一、基本情况!A5" "出现了两次（第 4 行和第 5 行）"
# A merged cell where values are expected.
edit "$base" "$WORK/merged.xlsx" "$S2" 's.replace("</sheetData>", "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"B4:C4\"/></mergeCells>", 1)'
bad_case merged "$WORK/merged.xlsx" "二、主导产业情况!B4:C4" "合并单元格" "取消合并单元格"
# A date typed as text (申报时间), as a person types it in a text cell.
col=$(python3 - "$base" "$S1" <<'PY'
import sys, zipfile, re
s = zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode()
ss = zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode()
strings = re.findall(r'<si><t[^>]*>([^<]*)</t></si>', ss)
for ref, v in re.findall(r'<c r="([A-Z]+)3"[^>]*t="s"[^>]*><v>(\d+)</v>', s):
    if strings[int(v)] == 'applied_on': print(ref)
PY
)
edit "$base" "$WORK/date-text.xlsx" "$S1" "re.sub(r'<c r=\"${col}4\"[^>]*>.*?</c>', '<c r=\"${col}4\" t=\"inlineStr\"><is><t>2023年7月下旬</t></is></c>', s, 1) if (re:=__import__('re')) else s"
bad_case date-text "$WORK/date-text.xlsx" "一、基本情况!${col}4" "「申报时间」" "不是能确定的日期"
# A corrupt zip.
head -c 20000 "$base" >"$WORK/corrupt.xlsx"
bad_case corrupt "$WORK/corrupt.xlsx" "corrupt.xlsx" "不是有效的 .xlsx"
# Entries that would expand past the limit (300 MB of a sheet, a few hundred KB packed).
python3 - "$base" "$WORK/bomb.xlsx" "$S2" <<'PY'
import sys, zipfile
src, dst, part = sys.argv[1:4]
zin = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for i in zin.infolist():
        if i.filename == part:
            with z.open(part, 'w', force_zip64=True) as w:
                w.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                chunk = b' ' * (1 << 20)
                for _ in range(300): w.write(chunk)
                w.write(b'</sheetData></worksheet>')
        else:
            z.writestr(i, zin.read(i.filename))
PY
start=$(date +%s)
bad_case bomb "$WORK/bomb.xlsx" "超过" "可能是恶意构造的文件"
expect "bomb: refused within seconds" test $(($(date +%s) - start)) -lt 20
# A workbook whose rows name no edition is read as the edition its 填写说明 names.
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); del r["edition"]; json.dump(r,open(sys.argv[2],"w"),ensure_ascii=False)' \
  "$SOURCE_DIR/examples/miit-2023.json" "$WORK/no-edition.json"
run noed-wb workbook -e miit-2023 -o "$WORK/no-edition.xlsx" "$WORK/no-edition.json"
run noed fill --format docx -o "$WORK/noed" "$WORK/no-edition.xlsx"
expect "no edition in the rows: the workbook's own, the same DOCX" cmp -s "$WORK"/json-miit-2023/*.docx "$WORK"/noed/*.docx
# A number left out: the check names the empty cell it goes in.
edit "$base" "$WORK/missing-value.xlsx" "$S2" 're.sub(r"<c r=\"B4\"[^>]*><v>[^<]*</v></c>", "", s, 1) if (re:=__import__("re")) else s'
bad_case missing-value "$WORK/missing-value.xlsx" "二、主导产业情况!B4" "「集群总产值」" "缺少数字"
# A formula where a value goes: its cached value is read (Excel and WPS store it with the formula).
edit "$base" "$WORK/formula.xlsx" "$S2" 're.sub(r"<c r=\"B4\"([^>]*)><v>([^<]*)</v></c>", lambda m: "<c r=\"B4\"" + m.group(1) + "><f>100+18.6</f><v>" + m.group(2) + "</v></c>", s, 1) if (re:=__import__("re")) else s'
expect "formula: the edit made a formula" python3 -c 'import sys,zipfile; sys.exit(0 if b"<f>100+18.6</f>" in zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]) else 1)' "$WORK/formula.xlsx" "$S2"
run formula fill --format docx -o "$WORK/formula" "$WORK/formula.xlsx"
expect "formula: its cached value, the same DOCX as the JSON's" cmp -s "$WORK"/json-miit-2023/*.docx "$WORK"/formula/*.docx
# An XML part cut in half: one error in our words, none of libxml2's own on the terminal.
edit "$base" "$WORK/cut-xml.xlsx" xl/sharedStrings.xml 's[:len(s) // 2]'
bad_case cut-xml "$WORK/cut-xml.xlsx" "xl/sharedStrings.xml" "工作簿中的 XML 格式错误"
expect "cut XML: told once" test "$(grep -c 'XML 格式错误' "$WORK/bad-cut-xml.err")" -eq 1
expect "cut XML: no parser message of libxml2's" test "$(grep -c 'parser error' "$WORK/bad-cut-xml.err")" -eq 0
# An XML part with a DOCTYPE (an entity that would expand 20 000 times).
edit "$base" "$WORK/doctype.xlsx" xl/sharedStrings.xml \
  's.replace("<sst ", "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">]><sst ", 1)'
bad_case doctype "$WORK/doctype.xlsx" "xl/sharedStrings.xml" "DOCTYPE"
finish
