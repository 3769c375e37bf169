#!/bin/bash
# A link planted in the output folder at a name an output's temporary file could have (issue 16,
# item 7) changes nothing outside the folder. The names used to be predictable: the process id and
# a serial number (".NAME.PID.SERIAL.tmp"); the command is started from a shell that knows its own
# process id and plants a link at every such name for each output, serials 0 to 99, before it
# becomes clusterform (exec keeps the id). Every writer (cairo's PDF, libxlsxwriter's XLSX, libzip's
# OFD and DOCX, the PNG pages, the JSON of read) now writes into a file created here exclusively,
# with a part no one can guess.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
SRC="$SOURCE_DIR/examples"
mkdir outside out
printf 'precious\n' >outside/victim
before=$(sha256sum outside/victim)

# plant_and_run NAMES... -- COMMAND...: links at every predictable temporary name of each output.
plant_and_run() {
  local names=()
  while [ "$1" != -- ]; do names+=("$1"); shift; done
  shift
  bash -c '
    out=$1; shift; victim=$1; shift
    n=$1; shift
    names=("${@:1:$n}"); shift "$n"
    for name in "${names[@]}"; do
      for s in $(seq 0 99); do
        ln -sf "$victim" "$out/.$name.$$.$s.tmp"
        ln -sf "$victim" "$out/.$name.$$.tmp"
      done
    done
    exec "$@"' _ out "$WORK/outside/victim" "${#names[@]}" "${names[@]}" "$@"
}

n=河北省保定市高阳县毛巾家纺产业集群
plant_and_run "$n-申报表-miit-2023.docx" "$n-申报表-miit-2023.pdf" "$n-申报表-miit-2023.ofd" \
  "$n-申报表-miit-2023-1.png" "$n-申报表-miit-2023-2.png" -- \
  "$CLUSTERFORM" fill --format docx,pdf,ofd,png -o out "$SRC/miit-2023.json" >fill.log 2>&1
expect "fill: written" test -s "out/$n-申报表-miit-2023.pdf"
plant_and_run 推荐汇总表-miit-2023.docx 推荐汇总表-miit-2023.xlsx 推荐汇总表-miit-2023.pdf 推荐汇总表-miit-2023.ofd -- \
  "$CLUSTERFORM" summary -e miit-2023 --format docx,xlsx,pdf,ofd -o out "$SRC/miit-2023.json" >summary.log 2>&1
expect "summary: the XLSX written" test -s out/推荐汇总表-miit-2023.xlsx
plant_and_run 申报数据.xlsx -- "$CLUSTERFORM" workbook -e miit-2023 -o out/申报数据.xlsx "$SRC/miit-2023.json" >wb.log 2>&1
expect "workbook: written" test -s out/申报数据.xlsx
plant_and_run 修改对照表.docx 修改对照表.pdf 修改对照表.ofd -- \
  "$CLUSTERFORM" diff --docx out/修改对照表.docx --pdf --ofd "$SRC/miit-2023.json" "$SRC/miit-2023.json" >diff.log 2>&1
expect "diff: written" test -s out/修改对照表.pdf
plant_and_run read.json -- "$CLUSTERFORM" read -o out/read.json "out/$n-申报表-miit-2023.docx" >read.log 2>&1
expect "read: written" test -s out/read.json

expect "nothing outside the output folder changed" test "$before" = "$(sha256sum outside/victim)"
expect "the outputs are files, not links" test -z "$(find out -maxdepth 1 -type l ! -name '.*')"
expect "every output a regular file" test "$(find out -maxdepth 1 -type f ! -name '.*' | wc -l)" -ge 15
finish
