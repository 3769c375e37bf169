#!/usr/bin/env bash
# The committed OOXML parts of every edition are what tools/build-template makes of form.src.xml,
# and the command-line documentation tools agree with the catalog.
. "$(dirname "$0")/lib.sh"
expect "templates/*/form/ are up to date with form.src.xml" "$SOURCE_DIR/tools/build-template" --all --check
"$CLUSTERFORM" fields --markdown >"$WORK/fields.md"
expect "docs/fields.md is what 'clusterform fields --markdown' prints" diff -q "$WORK/fields.md" <(sed -n '/^| 键 |/,$p' "$SOURCE_DIR/docs/fields.md")
for ed in $EDITIONS; do
  "$CLUSTERFORM" schema -e "$ed" >"$WORK/$ed.schema.json"
  expect "$ed: schema is JSON Schema 2020-12 with the form's fields" python3 - "$WORK/$ed.schema.json" "$ed" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding='utf-8'))
assert s['$schema'] == 'https://json-schema.org/draft/2020-12/schema'
p = s['properties']
assert p['output']['properties']['total']['title'] == '集群总产值'
assert p['output']['properties']['total']['type'] == 'object'
assert 'name' in s['required']
ed = sys.argv[2]
assert ('plan' in p and 'goals' in p['plan']['properties']) == (ed != 'nmg-2023'), 'goal table where the edition has one'
assert ('firms' in p and 'innovative' in p['firms']['properties']) == (ed == 'miit-2023')
PY
done
# A user's own .docx with tags works as a template: the edition's form, zipped as Word would save
# it, gives the same document as the edition itself.
(cd "$SOURCE_DIR/templates/miit-2023/form" && zip -qX -r "$WORK/own.docx" .)
"$CLUSTERFORM" fill -e miit-2023 "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/ed" >/dev/null 2>&1
"$CLUSTERFORM" fill -e miit-2023 --template "$WORK/own.docx" "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/own" >/dev/null 2>&1
expect "--template FILE.docx fills a user's .docx" test -s "$(ls "$WORK"/own/*.docx)"
expect "--template gives the same text as the edition" diff -q <(docx_text "$WORK"/ed/*.docx) <(docx_text "$WORK"/own/*.docx)
expect "editions lists four editions" test "$("$CLUSTERFORM" editions | wc -l)" -eq 4
finish
