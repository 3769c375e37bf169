#!/bin/sh
# Puts the open substitutes for the form's official fonts in place, as root on Debian 12:
#   - fonts-noto-cjk, fonts-dejavu-core (☑ □) and fontconfig from Debian;
#   - the six Fandol fonts (仿宋/宋体/黑体/楷体 look-alikes), taken out of Debian's
#     texlive-lang-chinese package with dpkg -x into fonts/, without installing TeX.
# fonts/fonts.conf maps the official names to them: use it as FONTCONFIG_FILE (docs/fonts.md).
# Idempotent and quiet: does nothing when everything is already there.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
fontdir="$root/fonts"
FANDOL="FandolFang-Regular.otf FandolSong-Regular.otf FandolSong-Bold.otf
 FandolHei-Regular.otf FandolHei-Bold.otf FandolKai-Regular.otf"
PKGS="fonts-noto-cjk fonts-dejavu-core fontconfig"

die() {
  echo "setup-fonts: $*" >&2
  exit 1
}

[ -f "$fontdir/fonts.conf" ] || die "$fontdir/fonts.conf is missing (run from a full checkout)"
for c in apt-get dpkg dpkg-query; do
  command -v "$c" >/dev/null 2>&1 || die "needs Debian's $c (this script is for Debian 12)"
done
export DEBIAN_FRONTEND=noninteractive

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  [ "$(id -u)" -eq 0 ] || die "packages missing:$missing; run as root to install them"
  # shellcheck disable=SC2086
  if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
      die "could not install$missing"
  fi
fi

need=""
for f in $FANDOL; do
  [ -s "$fontdir/$f" ] || need="$need $f"
done

if [ -n "$need" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 1' HUP INT TERM
  # apt's download user (_apt) must be able to write here, or apt warns and downloads as root.
  chmod 755 "$tmp"
  download() {
    (cd "$tmp" && apt-get download -qq texlive-lang-chinese) >"$tmp/apt.log" 2>&1
  }
  if ! download; then
    # A fresh machine may have no package lists yet, or stale ones naming a version gone.
    apt-get update -qq >"$tmp/update.log" 2>&1 ||
      { cat "$tmp/update.log" >&2; die "apt-get update failed (run as root, with Debian's mirrors reachable)"; }
    download || { cat "$tmp/apt.log" >&2; die "apt-get download texlive-lang-chinese failed"; }
  fi
  deb=$(find "$tmp" -maxdepth 1 -name 'texlive-lang-chinese_*.deb' | head -n 1)
  [ -n "$deb" ] || die "apt-get download left no texlive-lang-chinese .deb"
  dpkg -x "$deb" "$tmp/x" || die "dpkg -x $(basename "$deb") failed"
  for f in $need; do
    src=$(find "$tmp/x" -type f -name "$f" | head -n 1)
    [ -n "$src" ] || die "$f not found in $(basename "$deb")"
    # Copy, then rename: an interrupted run never leaves a half-written font behind.
    if ! { cp "$src" "$fontdir/$f.tmp-$$" && mv -f "$fontdir/$f.tmp-$$" "$fontdir/$f"; }; then
      rm -f "$fontdir/$f.tmp-$$"
      die "could not write $fontdir/$f"
    fi
  done
fi

# fontconfig caches fonts/ as its fonts.conf's scan rules saw it (they fix Fandol's bold
# weights) and does not notice when that file changes: rebuild the cache after new fonts or a
# newer fonts.conf. The stamp is made before fc-cache: a new file in fonts/ would outdate it.
stamp="$fontdir/.fc-cache-stamp"
if [ -n "$need" ] || [ ! -e "$stamp" ] || [ -n "$(find "$fontdir/fonts.conf" -newer "$stamp")" ]; then
  [ -e "$stamp" ] || : >"$stamp"
  FONTCONFIG_FILE="$fontdir/fonts.conf" fc-cache -f "$fontdir" >/dev/null 2>&1 ||
    echo "setup-fonts: warning: fc-cache $fontdir failed" >&2
  touch "$stamp"
fi
