#!/usr/bin/env bash
# Our PDF (fill --format docx,pdf), for every edition, blank and complete example, shows the form as
# LibreOffice shows our DOCX: as many pages, each part on the same page (tests/compare-layout); the
# blank keeps the published text (form-text-check 100 %); the complete example's values come back
# from pdftotext; qpdf finds no error; every font is embedded; the complete example's PDF is no larger
# than LibreOffice's; two runs give the same bytes; on every page the median displacement of the words
# from LibreOffice's is at most 2 mm (the goal of issue 4).
. "$(dirname "$0")/lib.sh"
# The catalog says the language and opens the bookmarks; the XMP packet has the Info's title.
pdf_archive_ready() {
  local root
  root=$(qpdf --show-object=trailer "$1" | grep -o '/Root [0-9]*' | cut -d' ' -f2)
  local cat
  cat=$(qpdf --show-object="$root" "$1")
  case "$cat" in *"/Lang (zh-CN)"*) ;; *) return 1 ;; esac
  case "$cat" in *"/PageMode /UseOutlines"*) ;; *) return 1 ;; esac
  local title
  title=$(pdfinfo "$1" | sed -n 's/^Title: *//p')
  pdfinfo -meta "$1" | grep -qF "<rdf:li xml:lang=\"x-default\">$title</rdf:li>"
}
COMPARE="$SOURCE_DIR/tests/compare-layout"
command -v soffice >/dev/null || { echo "soffice is missing: run scripts/setup-debian.sh"; exit 1; }
fill_all() { # fill_all OUTDIR: the blank form and the complete example of every edition, DOCX and PDF
  local ed
  for ed in $EDITIONS; do
    "$CLUSTERFORM" fill --format docx,pdf --blank -e "$ed" -o "$1" >/dev/null 2>&1
    "$CLUSTERFORM" fill --format docx,pdf "$SOURCE_DIR/examples/$ed.json" -o "$1" >/dev/null 2>&1
  done
}
fill_all "$WORK/ours"
n_pdf=$(ls "$WORK/ours"/*.pdf 2>/dev/null | wc -l)
expect "eight PDFs written next to their DOCX (found $n_pdf)" test "$n_pdf" -eq 8
[ "$n_pdf" -gt 0 ] || { finish; exit; }
soffice_pdf "$WORK/lo" "$WORK/ours"/*.docx
expect "soffice converted our DOCX without error" test $? -eq 0

# summary JSON: the figures of one compare-layout run, one line each; the exit status says whether
# the page counts and the part start pages agree
layout_summary() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
print(f"pages {r['ours']['pages']} ours, {r['theirs']['pages']} LibreOffice")
missing = [p['heading'] for p in r['parts'] if p['theirs'] is None]
differ = [f"{p['heading']} {p['ours']}/{p['theirs']}" for p in r['parts'] if not p['agree']]
print('parts: ' + ('; '.join(differ) if differ else 'same pages') + (f"; not in LibreOffice's: {missing}" if missing else ''))
med = ' '.join('—' if p.get('median_mm') is None else f"{p['median_mm']:.2f}" for p in r['per_page'])
o = r['overall']
print(f"median displacement of words per page (mm): {med}; all words {o['median_mm']} mm "
      f"({o['matched_share'] * 100:.1f} % matched), all characters {o['chars_median_mm']} mm "
      f"({o['chars_matched_share'] * 100:.1f} % matched); ≤ {r['goal_mm']:g} mm on "
      f"{r['pages_within_goal']}/{r['pages_compared']} pages")
far = [f"p. {p['page']}" for p in r['per_page'] if not p.get('within_goal')]
print('within goal' if r['goal_met'] else 'beyond the goal: ' + ', '.join(far))
sys.exit(0 if r['pages_agree'] and r['parts_agree'] and not missing else 1)
PY
}
# pdf_fonts_embedded PDF: every font embedded, with a ToUnicode map (text extracts)
pdf_fonts_embedded() {
  pdffonts "$1" >"$WORK/fonts.txt" 2>&1 || return 1
  awk 'NR > 2 { n++; if ($(NF - 4) != "yes" || $(NF - 2) != "yes") { print "not embedded or no ToUnicode: " $0; bad = 1 } }
       END { if (n == 0) { print "no font"; bad = 1 }; exit bad }' "$WORK/fonts.txt" >&2
}
# values_in_pdf JSON PDF: every value of the record is in pdftotext's text (values_in_text)
values_in_pdf() {
  pdftotext -enc UTF-8 "$2" "$WORK/pdf.txt" || return 1
  values_in_text "$1" "$WORK/pdf.txt" PDF
}
for ed in $EDITIONS; do
  for kind in blank complete; do
    if [ $kind = blank ]; then
      name="申报表-$ed-空白"
    else
      docx=$(ls "$WORK/ours"/*-申报表-"$ed".docx 2>/dev/null | head -1)
      name=$(basename "${docx:-missing-$ed.docx}" .docx)
    fi
    ours="$WORK/ours/$name.pdf"
    lo="$WORK/lo/$name.pdf"
    expect "$ed $kind: our PDF written" test -s "$ours"
    expect "$ed $kind: LibreOffice's PDF of our DOCX written" test -s "$lo"
    if [ ! -s "$ours" ] || [ ! -s "$lo" ]; then continue; fi
    "$COMPARE" "$ours" "$lo" --json >"$WORK/cmp.json"
    layout_summary "$WORK/cmp.json" >"$WORK/summary.txt"
    rc=$?  # ($? can't go in expect's arguments after a $(…): it would be that command's status)
    expect "$ed $kind: same page count and part start pages as LibreOffice ($(sed -n 1p "$WORK/summary.txt"); $(sed -n 2p "$WORK/summary.txt"))" test $rc -eq 0
    echo "$ed $kind: $(sed -n 3p "$WORK/summary.txt")"
    expect "$ed $kind: every page's words within 2 mm of LibreOffice's ($(sed -n 4p "$WORK/summary.txt"))" \
      grep -q '^within goal$' "$WORK/summary.txt"
    qpdf --check "$ours" >"$WORK/qpdf.txt" 2>&1
    rc=$?
    expect "$ed $kind: qpdf --check passes ($(grep -v '^checking\|^PDF Version\|^File is' "$WORK/qpdf.txt" | head -3 | tr '\n' ' '))" test $rc -eq 0
    expect "$ed $kind: every font embedded, with ToUnicode" pdf_fonts_embedded "$ours"
    expect "$ed $kind: for archives: /Lang zh-CN, the bookmarks pane open, XMP with the title" pdf_archive_ready "$ours"
    if [ $kind = blank ]; then
      "$TEXTCHECK" "$REF/$ed.form.txt" "$ours" >"$WORK/check.txt"
      rc=$?
      expect "$ed blank: our PDF keeps the published text ($(tail -1 "$WORK/check.txt"))" test $rc -eq 0
    else
      expect "$ed complete: pdftotext returns every value of the record" \
        values_in_pdf "$SOURCE_DIR/examples/$ed.json" "$ours"
      s_ours=$(stat -c %s "$ours"); s_lo=$(stat -c %s "$lo")
      expect "$ed complete: our PDF ($s_ours bytes) no larger than LibreOffice's ($s_lo bytes)" \
        test "$s_ours" -le "$s_lo"
    fi
  done
done
# The 推荐汇总表's first bookmark is its title, not a form's 封面 (it has none).
"$CLUSTERFORM" summary -e miit-2023 --format pdf -o "$WORK/summary" "$SOURCE_DIR/examples/miit-2023.json" >/dev/null 2>&1
expect "汇总表: archive-ready too" pdf_archive_ready "$WORK/summary/推荐汇总表-miit-2023.pdf"
expect "汇总表: its bookmark is its title" sh -c "qpdf --json --json-key=outlines '$WORK/summary/推荐汇总表-miit-2023.pdf' | grep -q '\"title\": \"推荐集群汇总表\"'"
# Same input, another run, another time zone, later: the same bytes.
TZ=America/New_York fill_all "$WORK/again"
for f in "$WORK/ours"/*.pdf; do
  expect "$(basename "$f") is byte-identical across runs" cmp -s "$f" "$WORK/again/$(basename "$f")"
done
finish
