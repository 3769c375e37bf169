#!/usr/bin/env bash
# Every edition's blank form keeps the whole published text, in order (form-text-check: 100 %).
. "$(dirname "$0")/lib.sh"
for ed in $EDITIONS; do
  "$CLUSTERFORM" fill --blank -e "$ed" -o "$WORK/out" >/dev/null
  expect "$ed: blank form written" test -f "$WORK/out/申报表-$ed-空白.docx"
  "$TEXTCHECK" "$REF/$ed.form.txt" "$WORK/out/申报表-$ed-空白.docx" >"$WORK/check.txt"
  rc=$?
  expect "$ed: blank form keeps the published text ($(tail -1 "$WORK/check.txt"))" test $rc -eq 0
done
finish
