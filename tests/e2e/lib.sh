# Shared by the end-to-end tests: where things are, and small assertions that say what failed.
set -u
: "${CLUSTERFORM:?set CLUSTERFORM to the built binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the project root}"
SHARED="${SHARED:-$SOURCE_DIR/../shared}"
TEXTCHECK="$SHARED/tools/form-text-check"
REF="$SHARED/forms/ref"
EDITIONS="miit-2022 miit-2023 ningbo-2023 nmg-2023"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cf-e2e.XXXXXX")
[ -n "${CF_KEEP_TMP:-}" ] || trap 'rm -rf "$WORK"' EXIT
# Our renderer and LibreOffice see the same fonts (fonts/fonts.conf maps the official names).
if [ -f "$SOURCE_DIR/fonts/fonts.conf" ]; then export FONTCONFIG_FILE="$SOURCE_DIR/fonts/fonts.conf"; fi
failures=0
checks=0

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*" >&2; }
expect() { # expect DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass; else fail "$what"; fi
}
contains() { grep -qF -- "$2" "$1"; }
finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
# The text of a DOCX, one paragraph a line.
docx_text() {
  python3 - "$1" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))
# Boxes are Wingdings 2 symbols (w:sym), as Word and WPS users make them: read as □ and ☑.
SYM = {'F052': '☑', 'F0A3': '□', 'F054': '☒'}
for p in root.iter(W + 'p'):
    print(''.join((e.text or '') if e.tag == W + 't' else SYM.get(e.get(W + 'char'), '')
                  for e in p.iter() if e.tag in (W + 't', W + 'sym')))
PY
}
# The values of a complete example that must be in its form exactly as the form writes them: names,
# two decimals, the plan's paragraphs; one a line.
record_values() {
  python3 - "$1" <<'PY'
import json, sys
from decimal import Decimal, ROUND_HALF_UP
rec = json.load(open(sys.argv[1], encoding='utf-8'))
def two(x):
    return str(Decimal(repr(x)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))
want = [rec['name'], rec['operator'], rec['authority'], two(rec['area'])]
years = sorted(rec['output']['total'])[-3:]
if rec['edition'] == 'miit-2022': years = ['2019', '2020', '2021']
want += [two(rec['output']['total'][y]) for y in years]
want += [p for p in rec['plan']['overview'].split('\n') if p.strip()]
print('\n'.join(want))
PY
}
# values_in_text JSON TEXTFILE WHAT: every value of the record (record_values) is in the text, apart
# from the line breaks and spaces a layout adds, and a ticked box is there; WHAT names the file kind.
values_in_text() {
  record_values "$1" >"$WORK/values.txt"
  python3 - "$WORK/values.txt" "$2" "$3" <<'PY'
import re, sys
want = open(sys.argv[1], encoding='utf-8').read().splitlines()
text = re.sub(r'\s+', '', open(sys.argv[2], encoding='utf-8').read())
missing = [w for w in want if re.sub(r'\s+', '', w) not in text]
if missing:
    print('missing in the %s:' % sys.argv[3], missing, file=sys.stderr); sys.exit(1)
if '☑' not in text: print('no ticked box in the %s' % sys.argv[3], file=sys.stderr); sys.exit(1)
PY
}
soffice_pdf() { # soffice_pdf OUTDIR FILES... — one LibreOffice start for many files
  local out=$1; shift
  soffice -env:UserInstallation=file://$WORK/lo-profile --headless --convert-to pdf --outdir "$out" "$@" \
    >"$WORK/soffice.log" 2>&1
}
