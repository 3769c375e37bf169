#!/bin/bash
# clusterform read (issue 15, item 4): a 申报表 DOCX back to its record. Our own DOCX of every
# edition reads back to the record it came from (the same DOCX when filled again, and no change by
# diff); so does the DOCX after LibreOffice saved it. A correction made as Word writes it (runs split,
# rsids, a _GoBack bookmark, a Wingdings 2 box, a tick typed over a box, a row added to the goal
# table, a narrative paragraph changed and one added) reads back to exactly those changes, before
# and after LibreOffice saves it again. What cannot be read is reported with its place.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
SRC="$SOURCE_DIR/examples"

for ed in $EDITIONS; do
  "$CLUSTERFORM" fill "$SRC/$ed.json" -o "$ed" >/dev/null 2>&1
  doc=$(ls "$ed"/*.docx)
  cp "$doc" "$ed.docx"
  expect "$ed: read exits 0" "$CLUSTERFORM" read "$ed.docx" -o "$ed.read.json"
  "$CLUSTERFORM" fill "$ed.read.json" -o "$ed.again" >/dev/null 2>&1
  expect "$ed: the record read back fills the same DOCX, byte for byte" cmp -s "$doc" "$(ls "$ed.again"/*.docx)"
  "$CLUSTERFORM" read "$ed.docx" --base "$SRC/$ed.json" -o "$ed.based.json" 2>/dev/null
  "$CLUSTERFORM" diff "$SRC/$ed.json" "$ed.based.json" >"$ed.diff" 2>&1
  expect "$ed: read with --base: no change against the example" contains "$ed.diff" '两份数据在申报表上没有不同'
  "$CLUSTERFORM" diff "$SRC/$ed.json" "$ed.docx" >"$ed.diff2" 2>&1
  expect "$ed: diff takes the DOCX itself: no change" contains "$ed.diff2" '两份数据在申报表上没有不同'
  # Fields the form does not show come from --base (the 汇总表's 简介); the form's own from the DOCX.
  expect "$ed: --base keeps the 集群简介" python3 -c "
import json, sys
a = json.load(open('$SRC/$ed.json')); b = json.load(open('$ed.based.json'))
sys.exit(0 if a.get('intro') == b.get('intro') and a['name'] == b['name'] else 1)"
done

# LibreOffice saves each of them again (its own XML): they still read back.
mkdir lo
soffice -env:UserInstallation=file://$WORK/lo-profile --headless --convert-to 'docx:MS Word 2007 XML' --outdir lo \
  miit-2022.docx miit-2023.docx ningbo-2023.docx nmg-2023.docx >soffice.log 2>&1
for ed in $EDITIONS; do
  expect "$ed: LibreOffice wrote its DOCX" test -s "lo/$ed.docx"
  "$CLUSTERFORM" read "lo/$ed.docx" --base "$SRC/$ed.json" -o "lo/$ed.json" 2>"lo/$ed.err"
  expect "$ed: read after LibreOffice saved it" test -s "lo/$ed.json"
  "$CLUSTERFORM" diff "$SRC/$ed.json" "lo/$ed.json" >"lo/$ed.diff" 2>&1
  expect "$ed: after LibreOffice, no change" contains "lo/$ed.diff" '两份数据在申报表上没有不同'
done

# A correction as Word writes it.
python3 "$SOURCE_DIR/tests/e2e/word_edit.py" miit-2023.docx edited.docx
"$CLUSTERFORM" read edited.docx --base "$SRC/miit-2023.json" -o edited.json 2>edited.err
expect "Word's edit: read exits 0" test -s edited.json
check_edited() {
  python3 - "$1" "$SRC/miit-2023.json" <<'PY'
import json, sys
new, old = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bad = []
def want(what, ok):
    if not ok: bad.append(what)
want('area 45.10', new['area'] == 45.1)
want('industry_type tertiary (Wingdings 2 box)', new['industry_type'] == 'tertiary')
want('provincial_cluster false (tick typed over the box)', new['provincial_cluster'] is False)
goals = new['plan']['goals']
want('one goal row more', len(goals) == len(old['plan']['goals']) + 1)
row = [g for g in goals if g['indicator'] == '单位产值利润率']
want('the new row, under 主导产业, its unit and numbers read',
     row == [{'direction': '主导产业', 'indicator': '单位产值利润率', 'baseline': 6.5, 'target': 8.0, 'unit': '%'}])
want('the new row right after 集群产值年均增速', goals[1]['indicator'] == '单位产值利润率')
ov = new['plan']['overview'].split('\n')
want('overview: first paragraph changed', ov[0].startswith('高阳县是全国最大的毛巾家纺生产基地。'))
want('overview: a paragraph added', ov[1] == '2023年，集群新增规模以上企业12家。' and len(ov) == len(old['plan']['overview'].split('\n')) + 1)
# Everything else as it was (the options of a multiple choice in the form's order).
def norm(v):
    if isinstance(v, dict): return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list) and all(isinstance(x, str) for x in v): return sorted(v)
    return v
for k in old:
    if k not in ('area', 'industry_type', 'provincial_cluster', 'plan'):
        want('unchanged: ' + k, norm(old[k]) == norm(new.get(k)))
for k in old['plan']:
    if k not in ('goals', 'overview'):
        want('unchanged: plan.' + k, old['plan'][k] == new['plan'][k])
for b in bad:
    print('not read:', b)
sys.exit(1 if bad else 0)
PY
}
expect "Word's edit: exactly the values typed" check_edited edited.json
"$CLUSTERFORM" diff --format json "$SRC/miit-2023.json" edited.docx >edited.diff.json 2>&1
expect "Word's edit: diff of the DOCX lists the five changes" python3 -c "
import json, sys
c = json.load(open('edited.diff.json'))['changes']
keys = [x['key'] for x in c]
sys.exit(0 if keys == ['area', 'industry_type', 'provincial_cluster', 'plan.overview', 'plan.goals'] and c[-1]['kind'] == 'added' else 1)"
soffice -env:UserInstallation=file://$WORK/lo-profile --headless --convert-to 'docx:MS Word 2007 XML' --outdir lo edited.docx \
  >soffice.log 2>&1
"$CLUSTERFORM" read lo/edited.docx --base "$SRC/miit-2023.json" -o lo/edited.json 2>/dev/null
expect "Word's edit saved again by LibreOffice: the same record" cmp -s edited.json lo/edited.json
# The corrected record regenerates the set.
"$CLUSTERFORM" fill --format docx,pdf edited.json -o regen >/dev/null 2>&1
expect "regenerated: the PDF says 45.10" sh -c "pdftotext regen/*.pdf - | grep -q '45.10'"

# What cannot be read, with its place.
edit_xml() { # edit_xml IN OUT OLD NEW
  python3 - "$@" <<'PY'
import sys, zipfile
src, dst, old, new = sys.argv[1:5]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == 'word/document.xml':
            s = data.decode()
            assert old in s, old
            data = s.replace(old, new, 1).encode()
        zout.writestr(item, data)
PY
}
bad_case() { # bad_case NAME OLD NEW MESSAGE PLACE
  edit_xml miit-2023.docx "$1.docx" "$2" "$3"
  "$CLUSTERFORM" read "$1.docx" >"$1.json" 2>"$1.err"
  expect "$1: exit 1" test $? -eq 1
  expect "$1: says what" contains "$1.err" "$4"
  expect "$1: says where" contains "$1.err" "$5"
  expect "$1: writes nothing" test ! -s "$1.json"
}
bad_case two_names '河北省保定市高阳县毛巾家纺产业集群' '河北省保定市高阳县毛巾产业集群' '内容不同' '第1个表格第1行第2格'
bad_case two_ticks '☐第一产业' '☑第一产业' '只能勾选一项' '第1个表格第7行第2格'
bad_case label_changed '集群占地面积（平方公里）' '集群面积' '申报表这里应是「集群占地面积（平方公里）」' '第1个表格第6行第1格'
bad_case not_a_number '>42.80<' '>约45<' '却是文字「约45」' '「集群占地面积」'
bad_case region_unsplit '河北省保定市高阳县<' '保定高阳<' '读不出各自的内容' '「省（区、市）」(region.province)'
"$CLUSTERFORM" summary -e miit-2023 --format docx -o sum "$SRC/miit-2023.json" >/dev/null 2>&1
"$CLUSTERFORM" read sum/*.docx >/dev/null 2>sum.err
expect "a 汇总表 is no 申报表: exit 1" test $? -eq 1
expect "a 汇总表 is no 申报表: said" contains sum.err '对不上'
cp "$(ls miit-2023/*.pdf)" notzip.docx
"$CLUSTERFORM" read notzip.docx >/dev/null 2>notzip.err
expect "a PDF named .docx: exit 1, said" contains notzip.err '无法作为 .docx 打开'
"$CLUSTERFORM" read -e nosuch miit-2023.docx >/dev/null 2>nosuch.err
expect "an unknown edition: exit 2" test $? -eq 2
finish
