#!/usr/bin/env bash
# Same input, same version: byte-identical DOCX and PDF, whatever the clock or the time zone says.
. "$(dirname "$0")/lib.sh"
for ed in $EDITIONS; do
  "$CLUSTERFORM" fill "$SOURCE_DIR/examples/$ed.json" -o "$WORK/a" >/dev/null 2>&1
  sleep 1
  TZ=Asia/Shanghai "$CLUSTERFORM" fill "$SOURCE_DIR/examples/$ed.json" -o "$WORK/b" >/dev/null 2>&1
  "$CLUSTERFORM" fill --blank -e "$ed" -o "$WORK/a" >/dev/null
  TZ=America/New_York "$CLUSTERFORM" fill --blank -e "$ed" -o "$WORK/b" >/dev/null
done
for f in "$WORK/a"/*.docx "$WORK/a"/*.pdf; do
  expect "$(basename "$f") is byte-identical across runs" cmp -s "$f" "$WORK/b/$(basename "$f")"
done
expect "eight DOCX and eight PDF compared" test "$(ls "$WORK/a" | wc -l)" -eq 16
finish
