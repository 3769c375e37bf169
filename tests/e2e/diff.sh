#!/usr/bin/env bash
# clusterform diff: exactly the changed fields, in the form's order, with their labels and the values
# as the form writes them; an inserted row of the goal table is one change; the 修改对照表 as DOCX
# (valid OOXML; LibreOffice converts it and keeps its text in order), PDF and OFD.
. "$(dirname "$0")/lib.sh"
ex="$SOURCE_DIR/examples/miit-2023.json"
python3 - "$ex" "$WORK/v2.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
r['output']['total']['2021'] = 140.0          # a figure of a year
r['area'] = 43.5                              # a figure of part 一
r['quality']['work'] = r['quality']['work'][:-1]   # an option un-ticked
g = r['plan']['goals']
g.insert(2, {"direction": "主导产业", "indicator": "新增规上企业数量", "unit": "家", "baseline": 12, "target": 30})
g[4]['target'] = 7                            # a row after the inserted one, changed
del r['enterprises'][0]                       # a row of the 企业名单 taken out
json.dump(r, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
"$CLUSTERFORM" diff --format json "$ex" "$WORK/v2.json" >"$WORK/d.json" 2>"$WORK/d.err"
expect "diff: exit 0" test $? -eq 0
expect "diff: exactly the six changes, in the form's order" python3 - "$WORK/d.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1], encoding='utf-8'))['changes']
got = [(x['kind'], x['key'], x.get('year')) for x in c]
want = [('modified', 'area', None), ('modified', 'output.total', 2021), ('modified', 'quality.work', None),
        ('added', 'plan.goals', None), ('modified', 'plan.goals', None), ('removed', 'enterprises', None)]
if got != want:
    print(got, file=sys.stderr); sys.exit(1)
assert c[0]['old'] == '42.80' and c[0]['new'] == '43.50', c[0]
assert c[1]['item'] == '集群总产值（亿元）2021年' and c[1]['old'] == '136.20' and c[1]['new'] == '140.00', c[1]
assert '新增规上企业数量' in c[3]['item'] and c[3]['old'] == '无', c[3]
assert '小巨人' in c[4]['item'] and '目标值：6' in c[4]['old'] and '目标值：7' in c[4]['new'], c[4]
assert '河北瑞春纺织集团有限公司' in c[5]['old'], c[5]
PY
"$CLUSTERFORM" diff "$ex" "$ex" >"$WORK/same.txt" 2>&1
expect "the same data: no change" contains "$WORK/same.txt" "两份数据在申报表上没有不同"
# A workbook of the same record against the JSON: nothing changed.
"$CLUSTERFORM" workbook -e miit-2023 -o "$WORK/wb.xlsx" "$ex" >/dev/null 2>&1
"$CLUSTERFORM" diff "$ex" "$WORK/wb.xlsx" >"$WORK/wb.txt" 2>&1
expect "the workbook of the same record: no change" contains "$WORK/wb.txt" "两份数据在申报表上没有不同"
# The 修改对照表.
"$CLUSTERFORM" diff --docx "$WORK/t/修改对照表.docx" --pdf --ofd "$ex" "$WORK/v2.json" >"$WORK/t.txt" 2>"$WORK/t.err"
expect "对照表: DOCX, PDF and OFD written" test -s "$WORK/t/修改对照表.docx" -a -s "$WORK/t/修改对照表.pdf" -a -s "$WORK/t/修改对照表.ofd"
expect "对照表: valid OOXML" "$SHARED/tools/ooxml-validate" "$WORK/t/修改对照表.docx"
mkdir -p "$WORK/lo"
soffice_pdf "$WORK/lo" "$WORK/t/修改对照表.docx"
# The 对照表's words in reading order (title, cluster, header, then each row), for form-text-check.
python3 - "$WORK/d.json" "$WORK/ref.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
lines = ['修改对照表', d['name'], '序号', '栏目', '原填报内容', '修改后内容', '修改说明']
word = {'modified': '修改', 'added': '新增', 'removed': '删除'}
for i, c in enumerate(d['changes'], 1):
    lines += [str(i), c['item'], c['old'], c['new'], word[c['kind']]]
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
PY
expect "对照表: the DOCX keeps the text in order" "$TEXTCHECK" "$WORK/ref.txt" "$WORK/t/修改对照表.docx"
expect "对照表: LibreOffice's PDF of it keeps the text in order" "$TEXTCHECK" "$WORK/ref.txt" "$WORK/lo/修改对照表.pdf"
expect "对照表: our PDF keeps the text in order" "$TEXTCHECK" "$WORK/ref.txt" "$WORK/t/修改对照表.pdf"
expect "对照表: our OFD keeps the text in order" "$TEXTCHECK" "$WORK/ref.txt" "$WORK/t/修改对照表.ofd"
expect "对照表: --pdf without --docx refused" test "$("$CLUSTERFORM" diff --pdf "$ex" "$WORK/v2.json" >/dev/null 2>&1; echo $?)" -eq 2
finish
