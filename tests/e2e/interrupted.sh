#!/usr/bin/env bash
# An interrupted run leaves no temporary files and the earlier outputs as they were; what a killed
# run left (its process gone) is cleared by the next run into the folder, and nothing else is.
. "$(dirname "$0")/lib.sh"
ex="$SOURCE_DIR/examples/miit-2023.json"
out="$WORK/out"
"$CLUSTERFORM" fill --format docx -o "$out" "$ex" >/dev/null 2>&1
before=$(sha256sum "$out"/*.docx)
# Ctrl-C while the files are being written: wait until a temporary file is there, then interrupt.
# (A background job of a script starts with SIGINT ignored, and clusterform leaves an ignored signal
# ignored, as nohup wants: the job is started with the signal's default action, as from a terminal.)
with_signals() { exec python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' "$@"; }
for sig in INT TERM; do
  with_signals "$CLUSTERFORM" fill --format docx,pdf,ofd,png -o "$out" "$ex" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 2000); do
    ls -A "$out" | grep -q '\.tmp$' && break
    sleep 0.005
  done
  expect "$sig: a temporary file was there to interrupt" sh -c "ls -A '$out' | grep -q '\.tmp\$'"
  kill -$sig $pid
  wait $pid
  rc=$?
  expect "$sig: the run ended by the signal (exit $rc)" test $rc -ge 128
  sleep 0.1
  expect "$sig: no temporary file left" test -z "$(ls -A "$out" | grep '\.tmp' )"
  expect "$sig: the earlier DOCX as it was" test "$before" = "$(sha256sum "$out"/*.docx)"
done
# What killed runs left: their processes are gone. A live process's files and the user's own stay.
sh -c 'exit 0' & dead=$!; wait $dead
mkdir -p "$WORK/stale"
for f in ".甲-申报表.pdf.$dead.3.tmp" ".甲-申报表.docx.$dead.tmp" ".甲.$dead.7.png-2.png" \
         ".甲.docx.$dead.4.tmp.tmp-Ab3dEf" ".甲.docx.$dead.4.tmp.bak" \
         ".乙.pdf.$$.2.tmp" ".notes.tmp" "甲.$dead.1.tmp"; do
  echo x >"$WORK/stale/$f"
done
"$CLUSTERFORM" fill --format docx -o "$WORK/stale" "$ex" >/dev/null 2>&1
expect "stale: a killed run's temporary files cleared" test -z "$(ls -A "$WORK/stale" | grep "\.$dead\." | grep '^\.')"
expect "stale: a live process's temporary file kept" test -e "$WORK/stale/.乙.pdf.$$.2.tmp"
expect "stale: the user's own hidden file kept" test -e "$WORK/stale/.notes.tmp"
expect "stale: a file that is not hidden kept" test -e "$WORK/stale/甲.$dead.1.tmp"
expect "stale: the run wrote its file" test -s "$WORK/stale/河北省保定市高阳县毛巾家纺产业集群-申报表-miit-2023.docx"
finish
