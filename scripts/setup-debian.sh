#!/bin/sh
# Installs everything clusterform needs to build, run and test on Debian 12, as root.
# Idempotent: packages already present are skipped by apt-get.
set -eu
PKGS="build-essential cmake pkg-config
 libzip-dev libxml2-dev libjansson-dev libcmocka-dev
 libcairo2-dev libpango1.0-dev libharfbuzz-dev libxlsxwriter-dev
 fonts-noto-cjk fonts-dejavu-core fontconfig
 python3 poppler-utils qpdf libxml2-utils zip unzip
 libreoffice-writer-nogui libreoffice-calc-nogui"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
# Open substitutes for the form's fonts (Fandol from texlive-lang-chinese, without TeX): fonts/.
sh "$(dirname "$0")/setup-fonts.sh"
