#!/usr/bin/env bash
# clusterform against what a user would otherwise run, side by side in one run (bench/README.md):
#
#   (1) one cluster, N rounds, the four measures alternating within each round:
#       ours      clusterform fill --format docx,pdf (a whole process, start to exit)
#       soffice   soffice --convert-to pdf of the same DOCX, a process a run, on a profile that is
#                 warm for real (see warm_profile below)
#       running   a LibreOffice that is already running converts the same DOCX (UNO, python3-uno;
#                 bench/lo_convert.py reports the conversion's own time)
#       dt+LO     docxtemplater (an already running node process, bench/docxtemplater/fill.mjs) fills
#                 the same form with the record, and the running LibreOffice converts that
#   (2) a batch of M distinct clusters (bench/make-clusters.py): clusterform fill --format docx,pdf of
#       all of them in one run, then the 推荐汇总表 of all of them, against two running LibreOffices
#       (one per core) converting the same M DOCX files between them; check of all M.
#
#   bench/compare.sh [-n N] [-m M] [-o FILE.md] [EXAMPLE.json]
#
# N (default 5) rounds; M (default 300) clusters; -o writes the results as Markdown too (the
# project keeps them in docs/benchmarks.md). Run bench/setup.sh first (python3-uno, docxtemplater).
# CLUSTERFORM names the binary; by default an optimised build without sanitizers is made in
# build-bench/. Tests never run this.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
N=5 M=300 MD=""
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2 ;;
    -m) M=$2; shift 2 ;;
    -o) MD=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
EXAMPLE=${1:-$here/examples/miit-2023.json}
for v in "$N" "$M"; do case $v in ''|*[!0-9]*|0) echo "-n and -m want positive numbers" >&2; exit 2 ;; esac; done
if [ -z "${CLUSTERFORM:-}" ]; then
  echo "building an optimised clusterform without sanitizers in build-bench/ …"
  { cmake -S "$here" -B "$here/build-bench" -DCMAKE_BUILD_TYPE=Release -DCLUSTERFORM_SANITIZE=OFF \
      -DBUILD_TESTING=OFF && cmake --build "$here/build-bench" -j"$(nproc)" --target clusterform; } \
    >"${TMPDIR:-/tmp}/cf-bench-build.log" 2>&1 \
    || { echo "the build failed: see ${TMPDIR:-/tmp}/cf-bench-build.log (or set CLUSTERFORM)" >&2; exit 2; }
  CLUSTERFORM=$here/build-bench/clusterform
fi
PY=/usr/bin/python3 # Debian's, which has LibreOffice's uno module
for tool in "$CLUSTERFORM" soffice node "$PY"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (run bench/setup.sh)" >&2; exit 2; }
done
"$PY" -c 'import uno' 2>/dev/null || { echo "missing: python3-uno (run bench/setup.sh)" >&2; exit 2; }
[ -d "$here/bench/docxtemplater/node_modules/docxtemplater" ] || { echo "missing: docxtemplater (run bench/setup.sh)" >&2; exit 2; }
if ldd "$CLUSTERFORM" 2>/dev/null | grep -q libasan; then
  echo "WARNING: $CLUSTERFORM is built with AddressSanitizer: its figures are not representative."
fi
[ -f "$here/fonts/fonts.conf" ] && export FONTCONFIG_FILE="$here/fonts/fonts.conf"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cf-bench.XXXXXX")
LO_PIDS=""
cleanup() {
  exec 3>&- 4<&- 5>&- 6<&- 7>&- 8<&- 2>/dev/null
  # shellcheck disable=SC2086
  [ -n "$LO_PIDS" ] && kill $LO_PIDS 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

ms_since() { awk -v a="${1/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'; }
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f %.1f %.1f\n", v[1], m, v[NR] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "NOT met"; fi; }

# A LibreOffice profile that is warm for real. A headless start never records ooSetupLastVersion,
# so every start takes itself for the first after an upgrade and runs the graphics self-test
# (GraphicsRenderTests.log appears in the profile): about a second here, three on slower hosts. One
# start makes the profile; the version is then written into it as an interactive start would.
warm_profile() {
  local p=$1 docx=$2
  soffice "-env:UserInstallation=file://$p" --headless --convert-to pdf --outdir "$WORK/lo-warmup" "$docx" >/dev/null 2>&1
  local ver
  ver=$(soffice --version | awk '{ split($2, v, "."); print v[1] "." v[2]; exit }')
  "$PY" - "$p/user/registrymodifications.xcu" "$ver" <<'PYX'
import sys
path, ver = sys.argv[1:3]
s = open(path, encoding='utf-8').read()
item = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
        '<value>%s</value></prop></item>\n' % ver)
if 'ooSetupLastVersion' not in s:
    s = s.replace('</oor:items>', item + '</oor:items>')
open(path, 'w', encoding='utf-8').write(s)
PYX
}

# ---- what is compared --------------------------------------------------------------------------
"$CLUSTERFORM" fill --format docx "$EXAMPLE" -o "$WORK/docx" >/dev/null 2>&1 || { echo "fill failed" >&2; exit 1; }
docx=$(ls "$WORK/docx"/*.docx | head -1)
edition=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["edition"])' "$EXAMPLE")
years=$("$PY" - "$here/templates/$edition/edition.json" "$EXAMPLE" <<'PYX'
import json, sys
e = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
y = e.get('years')
if not isinstance(y, list): y = [r['year'] - 2, r['year'] - 1, r['year']]
print(','.join(str(v) for v in y))
PYX
)
form=$(ls -d "$here/templates/$edition/form" 2>/dev/null || "$PY" -c 'import json,sys,os; e=json.load(open(sys.argv[1])); print(os.path.normpath(os.path.join(sys.argv[2], e["form"])))' "$here/templates/$edition/edition.json" "$here/templates/$edition")
(cd "$form" && zip -qX -r "$WORK/form.docx" .)
warm_profile "$WORK/warm" "$docx"
# Two running LibreOffices (a profile each, warmed the same way), each with its client, as a user
# who converts many files keeps one per core; (1) uses the first, (2) both at once.
LO_PIDS=""
for k in 1 2; do
  warm_profile "$WORK/running$k" "$docx"
  soffice "-env:UserInstallation=file://$WORK/running$k" --headless --invisible --nologo --norestore \
    "--accept=pipe,name=cfbench$$_$k;urp;" >/dev/null 2>&1 &
  LO_PIDS="$LO_PIDS $!"
  mkfifo "$WORK/lo$k.in" "$WORK/lo$k.out"
  "$PY" "$here/bench/lo_convert.py" "cfbench$$_$k" <"$WORK/lo$k.in" >"$WORK/lo$k.out" &
done
exec 3>"$WORK/lo1.in" 4<"$WORK/lo1.out" 7>"$WORK/lo2.in" 8<"$WORK/lo2.out"
read -r ready <&4 && read -r ready <&8 || { echo "the running LibreOffice did not answer" >&2; exit 1; }
mkfifo "$WORK/dt.in" "$WORK/dt.out"
node "$here/bench/docxtemplater/fill.mjs" "$WORK/form.docx" <"$WORK/dt.in" >"$WORK/dt.out" &
exec 5>"$WORK/dt.in" 6<"$WORK/dt.out"
lo_convert() { printf '%s\t%s\n' "$1" "$2" >&3; read -r t <&4; echo "$t"; }
lo_convert2() { printf '%s\t%s\n' "$1" "$2" >&7; read -r t <&8; echo "$t"; }
dt_fill() { printf '%s\t%s\t%s\n' "$1" "$years" "$2" >&5; read -r t <&6; echo "$t"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -h | awk '/^Mem:/ {print $2}') RAM"
echo "         $(soffice --version 2>/dev/null | head -1); $("$CLUSTERFORM" --version 2>&1 | head -1); docxtemplater $(node -p 'require("'"$here"'/bench/docxtemplater/node_modules/docxtemplater/package.json").version')"
echo "input:   $EXAMPLE; $N rounds, the measures alternating in each, after one untimed round"
echo

# ---- (1) one cluster -----------------------------------------------------------------------------
: >"$WORK/t.ours"; : >"$WORK/t.soffice"; : >"$WORK/t.running"; : >"$WORK/t.running_rt"; : >"$WORK/t.dt"
for ((r = 0; r <= N; r++)); do
  t0=$EPOCHREALTIME
  "$CLUSTERFORM" fill --format docx,pdf "$EXAMPLE" -o "$WORK/ours" >/dev/null 2>&1 || { echo "fill failed" >&2; exit 1; }
  t_ours=$(ms_since "$t0")
  t0=$EPOCHREALTIME
  soffice "-env:UserInstallation=file://$WORK/warm" --headless --convert-to pdf --outdir "$WORK/lo" "$docx" >/dev/null 2>&1
  t_soffice=$(ms_since "$t0")
  t0=$EPOCHREALTIME
  t_running=$(lo_convert "$docx" "$WORK/running.pdf")
  t_running_rt=$(ms_since "$t0")
  t_fill=$(dt_fill "$EXAMPLE" "$WORK/dt.docx")
  t_conv=$(lo_convert "$WORK/dt.docx" "$WORK/dt.pdf")
  t_dt=$(awk -v a="$t_fill" -v b="$t_conv" 'BEGIN { printf "%.1f", a + b }')
  [ $r = 0 ] && continue # the untimed round: files in the page cache, each tool's caches filled
  echo "$t_ours" >>"$WORK/t.ours"; echo "$t_soffice" >>"$WORK/t.soffice"; echo "$t_running" >>"$WORK/t.running"
  echo "$t_running_rt" >>"$WORK/t.running_rt"; echo "$t_dt" >>"$WORK/t.dt"
done
[ -s "$WORK/running.pdf" ] && [ -s "$WORK/dt.pdf" ] && [ -s "$WORK/lo/$(basename "$docx" .docx).pdf" ] \
  || { echo "a comparison wrote no PDF" >&2; exit 1; }
read -r o_min o_med o_max < <(stats "$WORK/t.ours")
read -r s_min s_med s_max < <(stats "$WORK/t.soffice")
read -r r_min r_med r_max < <(stats "$WORK/t.running")
read -r q_min q_med q_max < <(stats "$WORK/t.running_rt")
read -r d_min d_med d_max < <(stats "$WORK/t.dt")
read -r rss_ours pss_ours < <("$PY" "$here/bench/peak_rss.py" "$CLUSTERFORM" fill --format docx,pdf "$EXAMPLE" -o "$WORK/ours")

# ---- (2) a batch -------------------------------------------------------------------------------
"$PY" "$here/bench/make-clusters.py" "$M" "$WORK/batch/in" "$here/examples"
"$CLUSTERFORM" fill --format docx -o "$WORK/batch/docx" "$WORK/batch/in" >/dev/null 2>&1
t0=$EPOCHREALTIME
"$CLUSTERFORM" fill --format docx,pdf -o "$WORK/batch/ours" "$WORK/batch/in" >"$WORK/batch.out" 2>&1
rc=$?
t_batch=$(ms_since "$t0")
n_pdf=$(ls "$WORK/batch/ours"/*.pdf 2>/dev/null | wc -l)
t0=$EPOCHREALTIME
"$CLUSTERFORM" summary -e miit-2023 --format docx,xlsx,pdf -o "$WORK/batch/summary" "$WORK/batch/in" >/dev/null 2>&1
t_summary=$(ms_since "$t0")
t0=$EPOCHREALTIME
"$CLUSTERFORM" check "$WORK/batch/in" >/dev/null 2>&1
t_check=$(ms_since "$t0")
read -r rss_batch pss_batch < <("$PY" "$here/bench/peak_rss.py" "$CLUSTERFORM" fill --format docx,pdf -o "$WORK/batch/ours2" "$WORK/batch/in")
# The two running LibreOffices take every other file, both at once.
t0=$EPOCHREALTIME
files=("$WORK"/batch/docx/*.docx)
( for ((i = 0; i < ${#files[@]}; i += 2)); do lo_convert "${files[i]}" "$WORK/batch/lo1.pdf" >/dev/null; done ) &
half1=$!
( for ((i = 1; i < ${#files[@]}; i += 2)); do lo_convert2 "${files[i]}" "$WORK/batch/lo2.pdf" >/dev/null; done ) &
half2=$!
wait "$half1" "$half2"
t_lo_batch=$(ms_since "$t0")
t_ours_total=$(awk -v a="$t_batch" -v b="$t_summary" 'BEGIN { printf "%.1f", a + b }')

# ---- report --------------------------------------------------------------------------------------
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }'; }
s() { awk -v m="$1" 'BEGIN { printf "%.1f", m / 1000 }'; }
{
  echo "## One cluster ($N rounds, min / median / max, ms)"
  echo
  echo "| what | min | median | max | ratio to ours (median) |"
  echo "|---|---:|---:|---:|---:|"
  echo "| **ours**: \`clusterform fill --format docx,pdf\`, whole process | $o_min | $o_med | $o_max | 1 |"
  echo "| soffice --convert-to pdf of our DOCX, warm profile, whole process | $s_min | $s_med | $s_max | $(ratio "$s_med" "$o_med")× |"
  echo "| running LibreOffice (UNO) converts our DOCX: its own time | $r_min | $r_med | $r_max | $(ratio "$r_med" "$o_med")× |"
  echo "| the same, round trip from this script | $q_min | $q_med | $q_max | $(ratio "$q_med" "$o_med")× |"
  echo "| running docxtemplater fills + running LibreOffice converts | $d_min | $d_med | $d_max | $(ratio "$d_med" "$o_med")× |"
  echo
  echo "Ratio range against the running LibreOffice (its min/ours' max … its max/ours' min): $(ratio "$r_min" "$o_max")× … $(ratio "$r_max" "$o_min")×."
  echo "Peak memory of ours (all its threads): $(mb "$rss_ours") MB resident."
  echo
  echo "## A batch of $M clusters"
  echo
  echo "| what | time | throughput |"
  echo "|---|---:|---:|"
  echo "| **ours**: \`fill --format docx,pdf\` of all $M (one run, worker processes) | $(s "$t_batch") s | $(awk -v n="$M" -v t="$t_batch" 'BEGIN { printf "%.1f", n / t * 1000 }') clusters/s |"
  echo "| **ours**: \`summary\` (DOCX, XLSX, PDF) of all $M | $(s "$t_summary") s | |"
  echo "| **ours**: \`check\` of all $M | $(s "$t_check") s | |"
  echo "| two running LibreOffices (one per core) converting the same $M DOCX to PDF | $(s "$t_lo_batch") s | $(awk -v n="$M" -v t="$t_lo_batch" 'BEGIN { printf "%.1f", n / t * 1000 }') clusters/s |"
  echo
  echo "Throughput ours / running LibreOffice: $(ratio "$t_lo_batch" "$t_batch")× (ours also checks each cluster and writes its DOCX)."
  echo "Peak memory of the batch, the parent and its workers together: $(mb "$pss_batch") MB (PSS: each shared page counted"
  echo "once), $(mb "$rss_batch") MB if each process's resident pages are added up (shared libraries and the pages a"
  echo "worker shares with the parent counted once per process). Fill exit code $rc, $n_pdf PDFs."
  echo
  echo "## Goals (issue 14)"
  echo
  echo "- $M sets (DOCX+PDF) + 汇总表 ≤ 12 s: $(s "$t_ours_total") s — $(verdict "$t_ours_total <= 12000")"
  echo "- ≥ 4× the throughput of a running LibreOffice: $(ratio "$t_lo_batch" "$t_batch")× — $(verdict "$t_lo_batch / $t_batch >= 4")"
  echo "- peak memory ≤ 200 MB: $(mb "$pss_batch") MB (PSS) — $(verdict "$pss_batch * 1024 <= 200e6"); summed RSS $(mb "$rss_batch") MB — $(verdict "$rss_batch * 1024 <= 200e6")"
  echo "- check of $M ≤ 2 s: $(s "$t_check") s — $(verdict "$t_check <= 2000")"
} >"$WORK/report.md"
cat "$WORK/report.md"
if [ -n "$MD" ]; then
  {
    echo "# Benchmarks"
    echo
    echo "Written by \`bench/compare.sh -o docs/benchmarks.md\` (bench/README.md says what each measure is"
    echo "and how the competitors are run). Commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d)."
    echo
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(soffice --version 2>/dev/null | head -1);"
    echo "docxtemplater $(node -p 'require("'"$here"'/bench/docxtemplater/node_modules/docxtemplater/package.json").version'), node $(node --version); input $(basename "$EXAMPLE")."
    echo
    cat "$WORK/report.md"
  } >"$MD"
  echo "written to $MD"
fi
