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
expect "editions lists four editions" test "$("$CLUSTERFORM" editions | wc -l)" -eq 4
finish
