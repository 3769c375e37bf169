#!/usr/bin/env bash
# clusterform package: the 电子版 folder and its .zip; every file in the 文件清单 with the right
# SHA-256 and pages; the zip holds the same files; the same input gives the same zip; a correction
# that makes the input invalid leaves the earlier 电子版 (folder and zip) as it was.
. "$(dirname "$0")/lib.sh"
ex="$SOURCE_DIR/examples"
cd "$WORK" || exit 1
"$CLUSTERFORM" package -o 电子版 --authority 某某市经济和信息化局 "$ex/miit-2023.json" "$ex/miit-2022.json" \
  "$ex/ningbo-2023.json" >"$WORK/p.out" 2>"$WORK/p.err"
expect "package: exit 0" test $? -eq 0
expect "package: the folder and the zip" test -d 电子版 -a -s 电子版.zip
for c in 河北省保定市高阳县毛巾家纺产业集群 湖北省十堰市张湾区商用车关键零部件产业集群 浙江省宁波市慈溪市智能小家电产业集群; do
  for k in docx pdf ofd; do
    expect "package: $c's 申报表 .$k" sh -c "ls 电子版/申报材料/$c/$c-申报表-*.$k >/dev/null"
  done
  expect "package: $c's 佐证材料清单" sh -c "ls 电子版/申报材料/$c/$c-佐证材料清单-*.docx >/dev/null"
done
for k in docx xlsx pdf ofd; do expect "package: 推荐汇总表 .$k" test -s "电子版/推荐汇总表/推荐汇总表-miit-2023.$k"; done
expect "package: 文件清单 as text and PDF" test -s 电子版/文件清单.txt -a -s 电子版/文件清单.pdf
expect "package: every file listed, with its SHA-256 and a PDF's pages" python3 - 电子版 <<'PY'
import hashlib, os, subprocess, sys
root = sys.argv[1]
rows = [l.split('\t') for l in open(os.path.join(root, '文件清单.txt'), encoding='utf-8-sig', newline='').read().split('\r\n')[2:] if l]
listed = {r[1]: r for r in rows}
files = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
files = [f for f in files if not f.startswith('文件清单.')]
assert sorted(listed) == files, (sorted(listed), files)
for f, r in listed.items():
    data = open(os.path.join(root, f), 'rb').read()
    assert r[4] == hashlib.sha256(data).hexdigest() and r[3] == str(len(data)), f
    if f.endswith('.pdf'):
        info = subprocess.run(['pdfinfo', os.path.join(root, f)], capture_output=True, text=True).stdout
        pages = [l.split()[-1] for l in info.splitlines() if l.startswith('Pages:')][0]
        assert r[2] == pages, (f, r[2], pages)
PY
expect "package: the zip holds the folder, byte for byte" python3 - 电子版 电子版.zip <<'PY'
import os, sys, zipfile
root, z = sys.argv[1], zipfile.ZipFile(sys.argv[2])
names = sorted(n for n in z.namelist())
files = sorted('电子版/' + os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
assert names == files, (names, files)
for n in names:
    assert z.read(n) == open(os.path.join(root, os.path.relpath(n, '电子版')), 'rb').read(), n
PY
pdftotext 电子版/文件清单.pdf - | tr -d ' \n' >"$WORK/list.txt"
expect "package: the 文件清单 PDF lists the files" contains "$WORK/list.txt" "miit-2023.xlsx"
sha=$(sha256sum 电子版.zip | cut -d' ' -f1)
list=$(sha256sum 电子版/文件清单.txt | cut -d' ' -f1)
"$CLUSTERFORM" package -o 电子版 --authority 某某市经济和信息化局 "$ex/miit-2023.json" "$ex/miit-2022.json" \
  "$ex/ningbo-2023.json" >/dev/null 2>&1
expect "package: the same input, the same zip" test "$sha" = "$(sha256sum 电子版.zip | cut -d' ' -f1)"
# A correction that makes a cluster invalid: nothing replaced.
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["area"]="很大"; json.dump(r,open(sys.argv[2],"w"),ensure_ascii=False)' \
  "$ex/miit-2022.json" "$WORK/bad.json"
"$CLUSTERFORM" package -o 电子版 "$ex/miit-2023.json" "$WORK/bad.json" >"$WORK/bad.out" 2>"$WORK/bad.err"
expect "invalid correction: exit 1" test $? -eq 1
expect "invalid correction: said, with the place" contains "$WORK/bad.err" 'bad.json:'
expect "invalid correction: said that nothing changed" contains "$WORK/bad.err" '电子版没有写出'
expect "invalid correction: the zip as it was" test "$sha" = "$(sha256sum 电子版.zip | cut -d' ' -f1)"
expect "invalid correction: the folder as it was" test "$list" = "$(sha256sum 电子版/文件清单.txt | cut -d' ' -f1)"
expect "invalid correction: nothing left beside it" test -z "$(ls -A "$WORK" | grep '^\.电子版')"
# A cluster whose name is long: every name in the folder and in the zip within the 64 UTF-16 units
# a data disc (Joliet) holds; a cluster's files keep the same head of its name.
python3 -c "
import json
r = json.load(open('$SOURCE_DIR/examples/miit-2023.json'))
r['name'] = '河北省保定市高阳县毛巾浴巾床上用品及其他家用纺织品和纺织机械配套服务与设计研发及电子商务物流特色产业集群'
json.dump(r, open('$WORK/long.json', 'w'), ensure_ascii=False)"
"$CLUSTERFORM" package -o "$WORK/long/电子版" "$WORK/long.json" >/dev/null 2>"$WORK/long.err"
expect "long name: packaged" test -s "$WORK/long/电子版.zip"
expect "long name: said that names were shortened" contains "$WORK/long.err" '已截短集群名称的末尾'
expect "long name: every name within 64 UTF-16 units, folder and zip alike" python3 - "$WORK/long" <<'PY'
import os, sys, zipfile
root = sys.argv[1]
units = lambda s: len(s.encode('utf-16-le')) // 2
names = [n for d, _, fs in os.walk(os.path.join(root, '电子版')) for n in fs + [os.path.basename(d)]]
names += [c for n in zipfile.ZipFile(os.path.join(root, '电子版.zip')).namelist() for c in n.split('/') if c]
assert names and all(units(n) <= 64 for n in names), [n for n in names if units(n) > 64]
heads = {n.split('-')[0] for n in names if '-申报表-' in n or '-佐证材料清单-' in n or '-企业清单-' in n}
assert len(heads) == 1, heads
PY
finish
