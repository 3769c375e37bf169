#!/bin/sh
# Quick start, step 1 (as root on Debian 12): install what is missing, build, and write the example
# submission set into out/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCLUSTERFORM_SANITIZE=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j2 >/dev/null
rm -rf out.new
for ed in miit-2022 miit-2023 ningbo-2023 nmg-2023; do
  ./build/clusterform fill --format docx,pdf,ofd --evidence "examples/$ed.json" -o "out.new/$ed"
  ./build/clusterform fill --format docx,pdf,ofd --blank -e "$ed" -o "out.new/$ed"
done
# The 推荐汇总表 of the example clusters, in each edition that publishes one (Ningbo's holds the
# 集群简介 to 150 字, which the 2023 example's own 238 字 exceeds, so it lists the other three).
all="examples/miit-2022.json examples/miit-2023.json examples/ningbo-2023.json examples/nmg-2023.json"
for ed in miit-2022 miit-2023 ningbo-2023; do
  [ "$ed" = ningbo-2023 ] && all="examples/ningbo-2023.json examples/miit-2022.json examples/nmg-2023.json"
  # shellcheck disable=SC2086
  ./build/clusterform summary -e "$ed" --format docx,xlsx,pdf,ofd --authority 某某市经济和信息化局 \
    --contact 张三 --phone 13800000000 -o "out.new/summary-$ed" $all
done
./build/clusterform fill --force examples/sparse.json -o out.new/sparse
# The data workbook officials fill in, prefilled with the example clusters, and the 申报表 of every
# cluster in it, in one run.
./build/clusterform workbook -e miit-2023 -o out.new/workbook/申报数据-miit-2023.xlsx \
  examples/miit-2023.json examples/miit-2022.json examples/ningbo-2023.json
./build/clusterform fill --format docx,pdf -o out.new/workbook out.new/workbook/申报数据-miit-2023.xlsx
# Replace the previous set only once the new one is complete.
rm -rf out && mv out.new out
echo "示例申报材料已写入 out/（clusterform 位于 build/clusterform）。"
