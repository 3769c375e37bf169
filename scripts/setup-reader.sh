#!/bin/sh
# Installs the independent OFD reader the tests render our OFD with (tests/ofd-reader/,
# docs/ofd-reader.md), as root on Debian 12:
#   - Debian's chromium (/usr/bin/chromium), run headless; never a browser downloaded by a test tool;
#   - the fonts it draws with: scripts/setup-fonts.sh (Fandol in fonts/, Noto CJK, fonts.conf);
#   - ofd.js 0.2.6 and playwright-core from the npm registry, at the versions pinned in
#     tests/ofd-reader/package-lock.json (npm ci; install scripts are not run).
# Needs Node.js 20 or newer with npm (playwright-core's minimum). Idempotent and quiet: does
# nothing when everything is already in place.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
reader="$root/tests/ofd-reader"

die() {
  echo "setup-reader: $*" >&2
  exit 1
}

[ -f "$reader/package-lock.json" ] || die "$reader/package-lock.json is missing (run from a full checkout)"

# chromium from Debian
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  [ "$(id -u)" -eq 0 ] || die "Debian's chromium is missing; run as root to install it"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! apt-get install -y -qq --no-install-recommends chromium >"$log" 2>&1; then
    # A fresh machine may have no package lists yet, or stale ones naming a version gone.
    apt-get update -qq >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; die "apt-get update failed"; }
    apt-get install -y -qq --no-install-recommends chromium >"$log" 2>&1 ||
      { cat "$log" >&2; rm -f "$log"; die "could not install chromium"; }
  fi
  rm -f "$log"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing Debian's chromium"

# The fonts the reader asks chromium for by name.
sh "$root/scripts/setup-fonts.sh"

# Node.js and npm: on the machine (Debian 12's own nodejs is 18, too old for playwright-core).
command -v node >/dev/null 2>&1 || die "node is missing: install Node.js 20 or newer with npm"
command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js 20 or newer with npm"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] || die "node $(node --version 2>/dev/null) is too old: playwright-core needs Node.js 20 or newer"

# ofd.js and playwright-core, exactly as package-lock.json pins them. npm keeps its own record of
# what it installed in node_modules/.package-lock.json: newer than both package files means done.
stamp="$reader/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ -n "$(find "$reader/package.json" "$reader/package-lock.json" -newer "$stamp")" ] ||
  [ ! -f "$reader/node_modules/ofd.js/lib/ofd.umd.min.js" ] || [ ! -f "$reader/node_modules/playwright-core/package.json" ]; then
  log=$(mktemp)
  # --ignore-scripts: no package runs code at install (none needs to; nothing downloads a browser).
  if ! (cd "$reader" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    grep -v 'Unknown user config' "$log" >&2 || true
    rm -f "$log"
    die "npm ci in tests/ofd-reader failed (the npm registry must be reachable)"
  fi
  rm -f "$log"
  touch "$stamp"
fi
