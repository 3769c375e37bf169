#!/usr/bin/env bash
# clusterform print: the paper set of each edition's default (一式四份 正本1份; Ningbo 一式五份 正本2份):
# copies × an even number of pages; every copy and every part begins on an odd (front) page; 正本 and
# 副本 on the right covers; the pages of each copy are the form's; poppler and qpdf accept the PDF.
. "$(dirname "$0")/lib.sh"
for ed in $EDITIONS; do
  case $ed in ningbo-2023) copies=5 originals=2 ;; *) copies=4 originals=1 ;; esac
  "$CLUSTERFORM" fill --format pdf -o "$WORK/one-$ed" "$SOURCE_DIR/examples/$ed.json" >/dev/null 2>&1
  "$CLUSTERFORM" print -o "$WORK/print-$ed" "$SOURCE_DIR/examples/$ed.json" >"$WORK/$ed.out" 2>"$WORK/$ed.err"
  expect "$ed: print exit 0" test $? -eq 0
  pdf=$(ls "$WORK/print-$ed"/*-打印.pdf 2>/dev/null | head -1)
  expect "$ed: the print PDF" test -s "$pdf"
  expect "$ed: qpdf accepts it" qpdf --check "$pdf"
  expect "$ed: the set" python3 - "$pdf" "$(ls "$WORK/one-$ed"/*.pdf)" "$copies" "$originals" <<'PY'
import re, subprocess, sys
pdf, one, copies, originals = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def pages(f): return int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', f], capture_output=True, text=True).stdout).group(1))
def text(f, p): return re.sub(r'\s+', '', subprocess.run(['pdftotext', '-f', str(p), '-l', str(p), f, '-'], capture_output=True, text=True).stdout)
n, single = pages(pdf), pages(one)
assert n % copies == 0, (n, copies)
per = n // copies
assert per % 2 == 0 and per >= single, (per, single)
heads = ('填报说明', '一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、', '九、')
for c in range(copies):
    first = c * per + 1                                   # 1-based
    assert first % 2 == 1
    cover = text(pdf, first)
    want = '正本' if c < originals else '副本'
    assert cover.startswith(want), (c, cover[:20])
    # The copy holds the form's pages, in order, with blank backs between.
    filled = [p for p in range(first, first + per) if text(pdf, p)]
    assert len(filled) == single, (c, len(filled), single)
    for k, p in enumerate(filled):
        body = text(pdf, p)
        ref = text(one, k + 1)
        assert body.endswith(ref) or body == ref or (k == 0 and body == want + ref), (c, p)
        if any(body.startswith(h) for h in heads) and k > 0:
            assert p % 2 == 1, ('a part begins on a back page', c, p, body[:10])
PY
  expect "$ed: bookmarks per copy, the parts under each, at their pages" python3 - "$pdf" "$copies" "$originals" <<'PY'
import json, re, subprocess, sys
pdf, copies, originals = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
o = json.loads(subprocess.run(['qpdf', '--json', '--json-key=outlines', pdf], capture_output=True, text=True).stdout)['outlines']
assert [x['title'] for x in o] == ['第%d份（%s）' % (c + 1, '正本' if c < originals else '副本') for c in range(copies)], o
per = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout).group(1)) // copies
for c, copy in enumerate(o):
    assert copy['destpageposfrom1'] == c * per + 1, copy['destpageposfrom1']
    kids = copy['kids']
    assert kids[0]['title'] == '封面' and any(k['title'].startswith('一、') for k in kids), [k['title'] for k in kids]
    for k in kids:
        if re.match(r'[一二三四五六七八九]、|填报说明', k['title']):
            assert k['destpageposfrom1'] % 2 == 1, (k['title'], k['destpageposfrom1'])
PY
done
# --simplex: no blanks; the counts given on the command line.
"$CLUSTERFORM" print --simplex --copies 2 --originals 0 -o "$WORK/simplex" "$SOURCE_DIR/examples/miit-2023.json" >/dev/null 2>&1
one=$(pdfinfo "$(ls "$WORK/one-miit-2023"/*.pdf)" | awk '/^Pages:/ {print $2}')
two=$(pdfinfo "$(ls "$WORK/simplex"/*-打印.pdf)" | awk '/^Pages:/ {print $2}')
expect "simplex: two copies, no blank page" test "$two" -eq $((2 * one))
expect "simplex: no mark with --originals 0" test -z "$(pdftotext -f 1 -l 1 "$(ls "$WORK/simplex"/*-打印.pdf)" - | grep -E '正本|副本')"
# --evidence: each copy ends with the 佐证材料清单, from a front page, with a bookmark of its own.
"$CLUSTERFORM" print --evidence -o "$WORK/evidence" "$SOURCE_DIR/examples/miit-2023.json" >/dev/null 2>"$WORK/ev.err"
expect "evidence: only the print PDF written" test "$(ls -A "$WORK/evidence" | wc -l)" -eq 1
expect "evidence: in every copy, from a front page" python3 - "$(ls "$WORK/evidence"/*-打印.pdf)" <<'PY'
import json, re, subprocess, sys
pdf = sys.argv[1]
o = json.loads(subprocess.run(['qpdf', '--json', '--json-key=outlines', pdf], capture_output=True, text=True).stdout)['outlines']
assert len(o) == 4
for copy in o:
    ev = [k for k in copy['kids'] if k['title'] == '佐证材料清单']
    assert len(ev) == 1 and ev[0]['destpageposfrom1'] % 2 == 1, copy['kids'][-1]
    p = ev[0]['destpageposfrom1']
    t = subprocess.run(['pdftotext', '-f', str(p), '-l', str(p), pdf, '-'], capture_output=True, text=True).stdout
    assert re.sub(r'\s+', '', t).startswith('佐证材料清单'), t[:40]
PY
# --summary: the 推荐汇总表 of the same clusters, as many copies as the edition's set (ningbo: 5),
# each from a front page; the 汇总表 has one page here, so each copy is it and a blank back.
"$CLUSTERFORM" print -e ningbo-2023 --summary --authority 某某市经济和信息化局 -o "$WORK/with-summary" \
  "$SOURCE_DIR/examples/ningbo-2023.json" >/dev/null 2>&1
sp="$WORK/with-summary/推荐汇总表-ningbo-2023-打印.pdf"
expect "summary: written beside the form's set" test -s "$sp"
"$CLUSTERFORM" summary -e ningbo-2023 --format pdf --authority 某某市经济和信息化局 -o "$WORK/summary-one" \
  "$SOURCE_DIR/examples/ningbo-2023.json" >/dev/null 2>&1
one=$(pdfinfo "$WORK/summary-one/推荐汇总表-ningbo-2023.pdf" | awk '/^Pages:/ {print $2}')
expect "summary: five copies, each rounded up to even" test "$(pdfinfo "$sp" | awk '/^Pages:/ {print $2}')" -eq $((5 * (one + one % 2)))
expect "summary: every copy starts with the 汇总表's title on a front page" python3 - "$sp" "$one" <<'PY'
import re, subprocess, sys
pdf, one = sys.argv[1], int(sys.argv[2])
length = one + one % 2
for c in range(5):
    first = c * length + 1
    t = subprocess.run(['pdftotext', '-f', str(first), '-l', str(first), pdf, '-'], capture_output=True, text=True).stdout
    assert first % 2 == 1 and '推荐' in t and '慈溪市' in re.sub(r'\s+', '', t), (first, t[:60])
    if one % 2:
        back = subprocess.run(['pdftotext', '-f', str(first + one), '-l', str(first + one), pdf, '-'], capture_output=True, text=True).stdout
        assert not back.strip(), back[:40]
PY
expect "summary: qpdf accepts it" qpdf --check "$sp" >/dev/null
expect "print --summary without -e refused" test "$("$CLUSTERFORM" print --summary "$SOURCE_DIR/examples/miit-2023.json" >/dev/null 2>&1; echo $?)" -eq 2
expect "print: more 正本 than copies refused" test "$("$CLUSTERFORM" print --copies 2 --originals 3 "$SOURCE_DIR/examples/miit-2023.json" >/dev/null 2>&1; echo $?)" -eq 2
finish
