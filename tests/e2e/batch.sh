#!/usr/bin/env bash
# A batch in one run: every cluster's files are those a single fill writes, byte for byte, whether
# the clusters run in one process (-j1) or in worker processes (-j2); messages come out in the
# clusters' order; a cluster with an error does not stop the others; two clusters of one name are
# refused, not overwritten; the result table and --report json say what happened to each.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/in"
python3 "$SOURCE_DIR/bench/make-clusters.py" 8 "$WORK/in" "$SOURCE_DIR/examples"
# One cluster broken: text where a number goes.
python3 - "$WORK/in/cluster-003.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
r['area'] = '很大'
json.dump(r, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)
PY
for f in "$WORK"/in/cluster-00[1245].json; do
  "$CLUSTERFORM" fill --format docx,pdf,ofd -o "$WORK/single" "$f" >/dev/null 2>&1
done
for j in 1 2; do
  "$CLUSTERFORM" fill -j$j --format docx,pdf,ofd -o "$WORK/j$j" "$WORK/in" >"$WORK/j$j.out" 2>"$WORK/j$j.err"
  rc=$?
  expect "-j$j: exit 1 (one cluster has an error)" test $rc -eq 1
  expect "-j$j: seven clusters written (21 files)" test "$(ls "$WORK/j$j" | wc -l)" -eq 21
  for f in "$WORK"/single/*; do
    expect "-j$j: $(basename "$f") as a single fill writes it" cmp -s "$f" "$WORK/j$j/$(basename "$f")"
  done
  expect "-j$j: the broken cluster's error, with its place" contains "$WORK/j$j.err" 'cluster-003.json:'
  expect "-j$j: the table" contains "$WORK/j$j.out" "共 8 个集群：7 个完成，1 个未完成"
done
# What a person reads (less the time taken, the folder's name and LeakSanitizer's summary of a
# sanitizer build at exit).
readable() { grep -v -e '用时' -e '^---' -e '^Suppressions used' -e '^  count' -e '\.so$' -e '^$' "$1" | sed "s|$WORK/j[12]|OUT|g"; }
expect "-j1 and -j2 print the same, in the same order" diff <(readable "$WORK/j1.out") <(readable "$WORK/j2.out")
expect "-j1 and -j2 report the same problems, in the same order" diff <(readable "$WORK/j1.err") <(readable "$WORK/j2.err")
expect "messages in the clusters' order" python3 - "$WORK/j2.out" <<'PY'
import re, sys
nums = [int(n) for n in re.findall(r'第(\d+)产业集群-申报表', open(sys.argv[1], encoding='utf-8').read())]
sys.exit(0 if nums == sorted(nums) and len(nums) == 21 else 1)
PY
# The same cluster twice: the second is refused, the first written.
cp "$WORK/in/cluster-001.json" "$WORK/in/cluster-009.json"
"$CLUSTERFORM" fill --format docx -o "$WORK/dup" "$WORK/in/cluster-001.json" "$WORK/in/cluster-009.json" \
  >"$WORK/dup.out" 2>"$WORK/dup.err"
rc=$?
expect "same name twice: exit 1" test $rc -eq 1
expect "same name twice: said" contains "$WORK/dup.err" "在这批数据中出现了两次"
expect "same name twice: the first written" test "$(ls "$WORK/dup" | wc -l)" -eq 1
# --report json: every cluster, its files and errors.
"$CLUSTERFORM" fill -j2 --report json --format docx -o "$WORK/rep" "$WORK/in/cluster-00"[1-4].json >"$WORK/rep.json" 2>/dev/null
expect "--report json" python3 - "$WORK/rep.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
ok = [x['ok'] for x in r['results']]
sys.exit(0 if r['clusters'] == 4 and r['failed'] == 1 and ok == [True, True, False, True]
         and r['results'][2]['errors'] >= 1 and all(len(x['written']) == 1 for x in r['results'] if x['ok']) else 1)
PY
# check of the folder: the same report with one process or two.
"$CLUSTERFORM" check -j1 "$WORK/in" >"$WORK/c1.out" 2>&1
"$CLUSTERFORM" check -j2 "$WORK/in" >"$WORK/c2.out" 2>&1
expect "check: -j1 and -j2 report the same" diff <(readable "$WORK/c1.out") <(readable "$WORK/c2.out")
expect "check: bad -j refused" test "$("$CLUSTERFORM" check -j0 "$WORK/in" >/dev/null 2>&1; echo $?)" -eq 2
finish
