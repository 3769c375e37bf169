#!/bin/sh
# Quick start, step 1 (as root on Debian 12): install what is missing, build, and write the example
# submission set into out/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCLUSTERFORM_SANITIZE=OFF >/dev/null
cmake --build build -j2 >/dev/null
rm -rf out.new
for ed in miit-2022 miit-2023 ningbo-2023 nmg-2023; do
  ./build/clusterform fill "examples/$ed.json" -o "out.new/$ed"
  ./build/clusterform fill --blank -e "$ed" -o "out.new/$ed"
done
./build/clusterform fill --force examples/sparse.json -o out.new/sparse
# Replace the previous set only once the new one is complete.
rm -rf out && mv out.new out
echo "示例申报材料已写入 out/（clusterform 位于 build/clusterform）。"
