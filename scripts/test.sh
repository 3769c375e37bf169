#!/bin/sh
# Quick start, step 2 (as root on Debian 12): build with AddressSanitizer and UBSan, and run every
# test: cmocka unit tests and end-to-end tests against LibreOffice, poppler, form-text-check and an OFD reader.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup-debian.sh
# The independent OFD reader (ofd.js in Debian's chromium) the OFD is checked with.
sh scripts/setup-reader.sh
# The shared folder the tests judge by: ../shared, or CLUSTERFORM_SHARED_DIR when set.
cmake -S . -B build-tests -DCMAKE_BUILD_TYPE=Debug -DCLUSTERFORM_SANITIZE=ON \
  ${CLUSTERFORM_SHARED_DIR:+"-DCLUSTERFORM_SHARED_DIR=$CLUSTERFORM_SHARED_DIR"} >/dev/null
cmake --build build-tests -j2 >/dev/null
# The normal build too: the hostile inputs are run against both (tests/e2e/hostile.sh).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCLUSTERFORM_SANITIZE=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j2 >/dev/null
export CLUSTERFORM_RELEASE="$PWD/build/clusterform"
cd build-tests && ctest -j2 --output-on-failure
