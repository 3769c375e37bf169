#!/usr/bin/env bash
# clusterform check: the complete examples check clean (notes at most); an example built to break
# every rule triggers each rule with a readable message; fill refuses data with errors unless
# --force; the JSON report keeps its documented shape.
. "$(dirname "$0")/lib.sh"
for ed in $EDITIONS; do
  "$CLUSTERFORM" check "$SOURCE_DIR/examples/$ed.json" --format json >"$WORK/$ed.json"
  expect "$ed: the complete example checks without errors" test $? -eq 0
  expect "$ed: ... and without warnings" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
bad = [f for f in r["findings"] if f["severity"] != "note"]
for f in bad: print(f["severity"], f["rule"], f["key"], f["message"])
sys.exit(1 if bad else 0)' "$WORK/$ed.json"
  expect "$ed: every 认定标准 met or left to the reviewer" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
bad = [c for c in r["criteria"]["items"] + r["targets"] if c["result"] not in ("met", "judgement")]
for c in bad: print(c["result"], c["text"], c["figures"])
sys.exit(1 if bad or not r["criteria"]["items"] else 0)' "$WORK/$ed.json"
done

# The broken example: each rule fires, each finding readable.
"$CLUSTERFORM" check "$SOURCE_DIR/examples/broken.json" --format json >"$WORK/broken.json"
expect "broken example: check exits 1" test $? -eq 1
for rule in input completeness format length derived consistency criteria targets; do
  expect "broken example: rule $rule fires" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
hits = [f for f in r["findings"] if f["rule"] == sys.argv[2]]
ok = hits and all(f["message"] and f["where"] and (f["label"] or f["rule"] == "input") for f in hits)
sys.exit(0 if ok else 1)' "$WORK/broken.json" "$rule"
done
expect "broken example: the JSON report has its documented shape" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["format"] == "clusterform-check/1"
assert set(r) == {"format", "file", "edition", "summary", "findings", "criteria", "targets", "derived", "evidence"}
assert set(r["summary"]) == {"errors", "warnings", "notes", "ok"} and r["summary"]["ok"] is False
for f in r["findings"]:
    assert set(f) == {"severity", "rule", "key", "label", "value", "where", "line", "column", "message", "fix"}
    assert f["severity"] in ("error", "warning", "note")
for c in r["criteria"]["items"] + r["targets"]:
    assert set(c) == {"id", "text", "result", "figures"} and c["result"] in ("met", "not_met", "cannot_tell", "judgement")
for e in r["evidence"]:
    assert set(e) == {"part", "item", "material"}
' "$WORK/broken.json"
"$CLUSTERFORM" check "$SOURCE_DIR/examples/broken.json" >"$WORK/broken.txt"
expect "text report: 字数 with Word's count beside it" grep -q '共 216 字（不计空白；Word 字数统计为 207），超过 200 字的限制' "$WORK/broken.txt"
expect "text report: the 2020 output below 40亿元 named" grep -q '不符合' "$WORK/broken.txt"

# fill refuses, and says how to go on; --force writes.
"$CLUSTERFORM" fill "$SOURCE_DIR/examples/broken.json" -o "$WORK/out" >/dev/null 2>"$WORK/fill.err"
expect "fill refuses data with errors (exit 1)" test $? -eq 1
expect "fill refuses: nothing written" test ! -e "$WORK/out"
expect "fill refuses: says --force" grep -q -- '--force' "$WORK/fill.err"
"$CLUSTERFORM" fill --force "$SOURCE_DIR/examples/broken.json" -o "$WORK/out" >/dev/null 2>&1
expect "fill --force writes" test -n "$(ls "$WORK/out"/*.docx 2>/dev/null)"
# Derived values reach the form: a record without 近三年年均增速 but with the yearly rates.
python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); del r["output"]["leading_cagr"]
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False)' "$SOURCE_DIR/examples/miit-2023.json" "$WORK/nocagr.json"
"$CLUSTERFORM" fill "$WORK/nocagr.json" -o "$WORK/nocagr" >/dev/null 2>&1
expect "a derived value is filled in when the record lacks it" test "$(docx_text "$WORK"/nocagr/*.docx | grep -A1 -x '近三年主导产业产值年均增速（%）' | tail -1)" != "无"
finish
