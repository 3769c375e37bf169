#!/usr/bin/env bash
# Our OFD (fill --format pdf,ofd), for every edition, blank and complete example: every XML part of the
# package validates against the GB/T 33190 schema of its root element (xmllint, ../shared/ofd-schema);
# every FontFile is in the package and holds every character drawn with that font (fc-query reads the
# subset); every word pdftotext finds in our PDF starts where the OFD puts that character; the blank
# keeps the published text (form-text-check 100 %); the complete example's values are in the OFD's
# text; the complete example's OFD is at most 1 MB; two runs give the same bytes.
. "$(dirname "$0")/lib.sh"
SCHEMAS="$SHARED/ofd-schema"
fill_all() { # fill_all OUTDIR
  local ed
  # Issue 17: every Font carries its FontFile; the body text's Font is named 仿宋_GB2312 (and the
# others as the DOCX names them; a fallback face, drawing what none of them has, keeps its own
# name); Bold said where it is bold; no TextObject holds only a line break (U+2028) or a tab.
ofd_fonts_official() {
  python3 - "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
res = z.read('Doc_0/PublicRes.xml').decode()
fonts = re.findall(r'<ofd:Font ([^>]*)>(.*?)</ofd:Font>', res, re.S)
official = {'仿宋_GB2312', '黑体', '楷体_GB2312', '宋体', '方正小标宋简体'}
names = set()
for attrs, body in fonts:
    name = re.search(r'FontName="([^"]*)"', attrs).group(1)
    fam = re.search(r'FamilyName="([^"]*)"', attrs).group(1)
    assert '<ofd:FontFile>' in body, ('no file', attrs)
    if fam in official:
        assert name == fam, attrs
    names.add(fam)
assert '仿宋_GB2312' in names, names
assert len(names - official) <= 1, names  # the fallback face of the boxes ☐ ☑ (DejaVu Sans), at most
for n in z.namelist():
    if n.endswith('Content.xml'):
        for code in re.findall(r'<ofd:TextCode[^>]*>([^<]*)</ofd:TextCode>', z.read(n).decode()):
            assert code not in ('\u2028', '\t') and set(code) - {'\u2028', '\t'}, (n, repr(code))
PY
}

for ed in $EDITIONS; do
    "$CLUSTERFORM" fill --format pdf,ofd --blank -e "$ed" -o "$1" >/dev/null 2>&1
    "$CLUSTERFORM" fill --format pdf,ofd "$SOURCE_DIR/examples/$ed.json" -o "$1" >/dev/null 2>&1
  done
}
fill_all "$WORK/ours"
n_ofd=$(ls "$WORK/ours"/*.ofd 2>/dev/null | wc -l)
expect "eight OFDs written (found $n_ofd)" test "$n_ofd" -eq 8
[ "$n_ofd" -gt 0 ] || { finish; exit; }

# schema_valid OFD: unzips it and validates each .xml part with the schema named by its root element
schema_valid() {
  local dir="$WORK/unzipped" part root bad=0 n=0
  rm -rf "$dir" && mkdir -p "$dir"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$dir" || return 1
  while IFS= read -r part; do
    root=$(xmllint --xpath 'local-name(/*)' "$part" 2>/dev/null)
    case "$root" in
      OFD | Document | Res | Page) ;;
      *) echo "$part: root element '$root' has no schema here" >&2; bad=1; continue ;;
    esac
    n=$((n + 1))
    xmllint --noout --schema "$SCHEMAS/$root.xsd" "$part" >"$WORK/xmllint.txt" 2>&1 || {
      head -3 "$WORK/xmllint.txt" >&2; bad=1; }
  done < <(find "$dir" -name '*.xml' | sort)
  [ "$n" -ge 4 ] || { echo "only $n XML parts" >&2; bad=1; }
  return $bad
}

# ofd_report OFD PDF: fonts against their subsets, positions against the PDF's words; prints one line
# of figures, exits 1 on a miss
ofd_report() {
  python3 - "$1" "$2" <<'PY'
import html, os, re, subprocess, sys, tempfile, unicodedata, zipfile
import xml.etree.ElementTree as ET
NS = '{http://www.ofdspec.org/2016}'
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
bad = []

def deltas(s):
    out, t, i = [], (s or '').split(), 0
    while i < len(t):
        if t[i] == 'g': out += [float(t[i + 2])] * int(t[i + 1]); i += 3
        else: out.append(float(t[i])); i += 1
    return out

# Every Font's file, its characters as fontconfig reads them.
res = ET.fromstring(z.read('Doc_0/PublicRes.xml'))
base = 'Doc_0/' + res.get('BaseLoc') + '/'
cover = {}
with tempfile.TemporaryDirectory() as tmp:
    for f in res.iter(NS + 'Font'):
        ff = f.find(NS + 'FontFile')
        if ff is None or base + ff.text not in names:
            bad.append(f"font {f.get('ID')} has no embedded file"); continue
        p = os.path.join(tmp, ff.text)
        open(p, 'wb').write(z.read(base + ff.text))
        cs = subprocess.run(['fc-query', '-f', '%{charset}', p], capture_output=True, text=True).stdout
        s = set()
        for r in cs.split():
            a, _, b = r.partition('-'); s.update(range(int(a, 16), int(b or a, 16) + 1))
        cover[f.get('ID')] = (f.get('FamilyName'), s, ff.text)

# Characters in page order: where they are, whose font draws them.
doc = ET.fromstring(z.read('Doc_0/Document.xml'))
pages, missing, drawn = [], {}, 0
for pg in doc.iter(NS + 'Page'):
    chars = []
    for to in ET.fromstring(z.read('Doc_0/' + pg.get('BaseLoc'))).iter(NS + 'TextObject'):
        bx, by, bw, bh = map(float, to.get('Boundary').split())
        fam, s, _ = cover.get(to.get('Font'), ('?', set(), 0))
        for tc in to.iter(NS + 'TextCode'):
            x, d = bx + float(tc.get('X')), deltas(tc.get('DeltaX'))
            for i, ch in enumerate(tc.text or ''):
                chars.append((ch, x, by, by + bh))
                if i < len(d): x += d[i]
                # line separators and controls draw no glyph (pango gives them an empty one)
                if unicodedata.category(ch) in ('Cc', 'Cf', 'Zl', 'Zp'): continue
                drawn += 1
                if ord(ch) not in s: missing.setdefault(fam, set()).add(ch)
    pages.append(chars)
if missing: bad.append(f"characters not in their font's subset: {missing}")

# The PDF's words (pdftotext -bbox): each must start where the OFD puts its first character.
out = subprocess.run(['pdftotext', '-bbox', sys.argv[2], '-'], capture_output=True, text=True).stdout
words, n, ok, worst = [], 0, 0, 0.0
for line in out.splitlines():
    if '<page ' in line: words.append([])
    m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
    if m: words[-1].append((html.unescape(m.group(5)),) + tuple(float(m.group(i)) * 25.4 / 72 for i in range(1, 5)))
if len(words) != len(pages): bad.append(f"{len(pages)} pages in the OFD, {len(words)} in the PDF")
for chars, ws in zip(pages, words):
    for w, x0, y0, x1, y1 in ws:
        n += 1
        best = min((abs(c[1] - x0) for c in chars if c[0] == w[0] and c[2] < y1 and c[3] > y0), default=99)
        if best <= 0.05: ok += 1; worst = max(worst, best)
        elif len(bad) < 8: bad.append(f"PDF word {w!r} at x = {x0:.3f} mm: nearest in the OFD {best:.3f} mm away")
if ok < n: bad.append(f"{n - ok} of {n} words placed elsewhere")
fonts = ', '.join(sorted({f"{fam} {z.getinfo(base + file).file_size // 1024} KB" for fam, _, file in cover.values()}))
print(f"{drawn} characters drawn, all in their font's subset; {ok}/{n} PDF words start at the OFD's "
      f"character (worst {worst * 1000:.1f} µm); subsets: {fonts}" if not bad else '; '.join(bad))
sys.exit(1 if bad else 0)
PY
}

# values_in_ofd JSON OFD: every value of the record is in the OFD's text (TextCode in page order;
# values_in_text)
values_in_ofd() {
  python3 - "$2" >"$WORK/ofd.txt" <<'PY' || return 1
import sys, zipfile
import xml.etree.ElementTree as ET
NS = '{http://www.ofdspec.org/2016}'
z = zipfile.ZipFile(sys.argv[1])
doc = ET.fromstring(z.read('Doc_0/Document.xml'))
print(''.join(tc.text or '' for p in doc.iter(NS + 'Page')
              for tc in ET.fromstring(z.read('Doc_0/' + p.get('BaseLoc'))).iter(NS + 'TextCode')))
PY
  values_in_text "$1" "$WORK/ofd.txt" OFD
}

for ed in $EDITIONS; do
  for kind in blank complete; do
    if [ $kind = blank ]; then
      name="申报表-$ed-空白"
    else
      pdf=$(ls "$WORK/ours"/*-申报表-"$ed".pdf 2>/dev/null | head -1)
      name=$(basename "${pdf:-missing-$ed.pdf}" .pdf)
    fi
    ofd="$WORK/ours/$name.ofd"
    expect "$ed $kind: OFD written" test -s "$ofd"
    [ -s "$ofd" ] || continue
    expect "$ed $kind: every XML part validates against its GB/T 33190 schema" schema_valid "$ofd"
    ofd_report "$ofd" "$WORK/ours/$name.pdf" >"$WORK/report.txt"
    rc=$?
    expect "$ed $kind: fonts and positions ($(cat "$WORK/report.txt"))" test $rc -eq 0
    expect "$ed $kind: fonts named as the form names them, each with its file; no object that draws nothing" \
      ofd_fonts_official "$ofd"
    echo "$ed $kind: $(cat "$WORK/report.txt")"
    if [ $kind = blank ]; then
      "$TEXTCHECK" "$REF/$ed.form.txt" "$ofd" >"$WORK/check.txt"
      rc=$?
      expect "$ed blank: the OFD keeps the published text ($(tail -1 "$WORK/check.txt"))" test $rc -eq 0
    else
      expect "$ed complete: every value of the record is in the OFD's text" \
        values_in_ofd "$SOURCE_DIR/examples/$ed.json" "$ofd"
      size=$(stat -c %s "$ofd")
      expect "$ed complete: the OFD ($size bytes) is at most 1 MB" test "$size" -le 1048576
      echo "$ed complete: OFD $size bytes, PDF $(stat -c %s "$WORK/ours/$name.pdf") bytes"
    fi
  done
done
# Same input, another run, another time zone, later: the same bytes.
TZ=America/New_York fill_all "$WORK/again"
for f in "$WORK/ours"/*.ofd; do
  expect "$(basename "$f") is byte-identical across runs" cmp -s "$f" "$WORK/again/$(basename "$f")"
done
finish
