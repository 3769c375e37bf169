#!/bin/sh
# What bench/compare.sh compares against, installed here and never by the tests: LibreOffice's
# Python bridge (to drive a running soffice) and docxtemplater from the npm registry, at the
# versions pinned in bench/docxtemplater/package-lock.json. As root on Debian 12.
set -eu
cd "$(dirname "$0")"
sh ../scripts/setup-debian.sh
need=""
for p in python3-uno nodejs npm time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && need=$(echo "$need" | sed 's/ nodejs//; s/ npm//')
fi
if [ -n "$(echo "$need" | tr -d ' ')" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need
fi
(cd docxtemplater && npm ci --no-audit --no-fund --loglevel=error)
