#!/usr/bin/env bash
# One record renders into every edition, and where editions ask the same fact the opposite way
# (miit-2022 "近三年未发生…事故" vs miit-2023 "近三年是否发生…事故"), the same fact ticks the right box.
. "$(dirname "$0")/lib.sh"
answers() { # the ticks after a question: "☑是☐否" etc.
  docx_text "$1" | python3 -c '
import sys
lines = [l.strip() for l in sys.stdin]
q = sys.argv[1]
i = next(i for i, l in enumerate(lines) if q in l)
print("".join(lines[i + 1:i + 3]))' "$2"
}
for fact in false true; do
  python3 - "$SOURCE_DIR/examples/miit-2022.json" "$WORK/r-$fact.json" "$fact" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
r['incident_3y'] = sys.argv[3] == 'true'
r['violation'] = sys.argv[3] == 'true'
r.pop('edition')
json.dump(r, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
  for ed in $EDITIONS; do
    "$CLUSTERFORM" fill --force -e "$ed" "$WORK/r-$fact.json" -o "$WORK/$fact-$ed" >"$WORK/log" 2>&1
    expect "the miit-2022 record renders into $ed" test $? -eq 0
  done
  clean=$([ $fact = false ] && echo yes || echo no)
  a22=$(answers "$WORK/$fact-miit-2022"/*.docx "近三年未发生较大及以上")
  a23=$(answers "$WORK/$fact-miit-2023"/*.docx "近三年是否发生较大及以上")
  anmg=$(answers "$WORK/$fact-nmg-2023"/*.docx "近三年未发生较大及以上")
  t22=$(answers "$WORK/$fact-miit-2022"/*.docx "不存在偷税漏税")
  t23=$(answers "$WORK/$fact-miit-2023"/*.docx "是否存在偷税漏税")
  if [ $clean = yes ]; then
    expect "clean cluster: miit-2022 未发生 → 是 (got $a22)" test "$a22" = "☑是☐否"
    expect "clean cluster: miit-2023 是否发生 → 否 (got $a23)" test "$a23" = "☐是☑否"
    expect "clean cluster: nmg-2023 未发生 → 是 (got $anmg)" test "$anmg" = "☑是☐否"
    expect "clean cluster: miit-2022 不存在 → 是 (got $t22)" test "$t22" = "☑是☐否"
    expect "clean cluster: miit-2023 是否存在 → 否 (got $t23)" test "$t23" = "☐是☑否"
  else
    expect "incident: miit-2022 未发生 → 否 (got $a22)" test "$a22" = "☐是☑否"
    expect "incident: miit-2023 是否发生 → 是 (got $a23)" test "$a23" = "☑是☐否"
    expect "violation: miit-2022 不存在 → 否 (got $t22)" test "$t22" = "☐是☑否"
    expect "violation: miit-2023 是否存在 → 是 (got $t23)" test "$t23" = "☑是☐否"
  fi
done
# The year columns follow the edition: 2019–2021 in miit-2022, 2020–2022 in miit-2023.
docx_text "$WORK/false-miit-2022"/*.docx >"$WORK/t22"
docx_text "$WORK/false-miit-2023"/*.docx >"$WORK/t23"
total=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["output"]["total"]; print(format(t["2019"], ".2f"), format(t["2022"], ".2f"))' "$SOURCE_DIR/examples/miit-2022.json")
expect "miit-2022 shows the 2019 output" grep -qxF "${total% *}" "$WORK/t22"
expect "miit-2023 shows the 2022 output" grep -qxF "${total#* }" "$WORK/t23"
finish
