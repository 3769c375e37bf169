#!/usr/bin/env bash
# Each complete example fills its edition: every label of parts 一–七 and 九 stays, in order, and
# the record's values are in the document exactly as the form writes them.
. "$(dirname "$0")/lib.sh"
labels_ref() { # the reference without the cover (its blanks are filled) and without part 八
  python3 - "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8').read()
start = text.index('一、基本情况')
eight = text.index('八、未来三年')
nine = text.index('九、真实性声明')
open(sys.argv[2], 'w', encoding='utf-8').write(text[start:eight] + text[nine:])
PY
}
for ed in $EDITIONS; do
  "$CLUSTERFORM" fill "$SOURCE_DIR/examples/$ed.json" -o "$WORK/$ed" >"$WORK/fill.txt" 2>&1
  expect "$ed: example fills without warnings" test "$(cat "$WORK/fill.txt" | grep -c 警告)" -eq 0
  docx=$(ls "$WORK/$ed"/*.docx)
  labels_ref "$REF/$ed.form.txt" "$WORK/$ed.labels.txt"
  "$TEXTCHECK" "$WORK/$ed.labels.txt" "$docx" >"$WORK/check.txt"
  rc=$?
  expect "$ed: labels of parts 一–七 and 九 kept ($(tail -1 "$WORK/check.txt"))" test $rc -eq 0
  docx_text "$docx" >"$WORK/$ed.txt"
  # No tag survives, no cell is left blank where the form asks a value.
  expect "$ed: no tag left in the document" test "$(grep -c '{{' "$WORK/$ed.txt")" -eq 0
  # Values as the form writes them: names, two decimals, ticked boxes, the plan's text.
  values_present() {
    record_values "$SOURCE_DIR/examples/$ed.json" >"$WORK/$ed.values"
    python3 - "$WORK/$ed.values" "$WORK/$ed.txt" <<'PY'
import sys
want = open(sys.argv[1], encoding='utf-8').read().splitlines()
text = open(sys.argv[2], encoding='utf-8').read()
missing = [w for w in want if w not in text]
if missing:
    print('missing in the DOCX:', missing); sys.exit(1)
if '☑' not in text: print('no ticked box'); sys.exit(1)
PY
  }
  expect "$ed: the record's values are in the document as the form writes them" values_present
done
# The sparse example: what the record leaves empty reads 无.
"$CLUSTERFORM" fill --force "$SOURCE_DIR/examples/sparse.json" -o "$WORK/sparse" >/dev/null 2>&1
docx_text "$WORK"/sparse/*.docx >"$WORK/sparse.txt"
expect "sparse: empty cells read 无" test "$(grep -cx '无' "$WORK/sparse.txt")" -gt 20
finish
