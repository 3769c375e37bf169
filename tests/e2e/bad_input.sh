#!/usr/bin/env bash
# Bad input gets a clear error that says where and how to fix it, never a crash, and a failed run
# leaves earlier output untouched. Exit codes are those documented in README.md.
. "$(dirname "$0")/lib.sh"
run() { # run NAME ARGS... → exit code in $rc, messages in $WORK/NAME.err
  local name=$1; shift
  "$CLUSTERFORM" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  rc=$?
  # Sanitizers and crashes show here; a person never sees a bare C error.
  if grep -qE 'Sanitizer|Segmentation|core dumped|Assertion' "$WORK/$name.err"; then fail "$name: crashed"; fi
}
mkdir -p "$WORK/in"

# Malformed JSON: file, line and column.
printf '{\n  "name": "甲集群",\n  "area": 12.5,\n}\n' >"$WORK/in/malformed.json"
run malformed fill -e miit-2022 "$WORK/in/malformed.json" -o "$WORK/o"
expect "malformed JSON: exit 1" test $rc -eq 1
expect "malformed JSON: file:line:column" contains "$WORK/malformed.err" "malformed.json:4:"

# Wrong type: JSON path, line:column, the Chinese label and a fix; and all problems together.
cat >"$WORK/in/types.json" <<'JSON'
{
  "edition": "miit-2022",
  "name": "甲集群",
  "area": "12.5",
  "output": {"total": {"2021": "很多"}},
  "incident_3y": "否",
  "firms": {"sme": {"2021": 3.5}}
}
JSON
run types fill "$WORK/in/types.json" -o "$WORK/o"
expect "wrong types: exit 1" test $rc -eq 1
expect "wrong type: place and label" contains "$WORK/types.err" 'types.json:4:11: $.area 「集群占地面积」(area) 错误: 这里应为数字，却是文本。 改正方法: 去掉引号，写成 12.5。'
expect "wrong type in a year series: place and label" contains "$WORK/types.err" 'types.json:5:32: $.output.total.2021 「集群总产值」'
expect "bool given as text: how to fix" contains "$WORK/types.err" '写 true（是）或 false（否），不加引号。'
expect "all four errors reported together" contains "$WORK/types.err" '共 4 个错误'
expect "nothing written" test ! -e "$WORK/o"

# Unknown edition: the editions that exist, and the nearest one.
run edition fill -e miit-2024 "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/o"
expect "unknown edition: exit 2" test $rc -eq 2
expect "unknown edition: nearest named" contains "$WORK/edition.err" '是不是要用 miit-2022？'

# Unknown key: a warning naming the nearest known key; the form is still written.
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["fonded"]=r.pop("founded"); json.dump(r,open(sys.argv[2],"w"),ensure_ascii=False)' \
  "$SOURCE_DIR/examples/miit-2023.json" "$WORK/in/typo.json"
run typo fill "$WORK/in/typo.json" -o "$WORK/typo"
expect "unknown key: exit 0" test $rc -eq 0
expect "unknown key: nearest known key" contains "$WORK/typo.err" '警告: 未知字段 "fonded"，它的值不会写进申报表。 改正方法: 最接近的已知字段是 "founded"（集群成立时间）。'

# Invalid UTF-8 (a GBK file): line and column, and what to do.
printf '{\n  "name": "\xbc\xaf\xc8\xba"\n}\n' >"$WORK/in/gbk.json"
run gbk fill -e miit-2022 "$WORK/in/gbk.json" -o "$WORK/o"
expect "invalid UTF-8: exit 1" test $rc -eq 1
expect "invalid UTF-8: line:column and fix" contains "$WORK/gbk.err" 'gbk.json:2:12: 错误: 文件不是有效的 UTF-8 编码'

# <&>"' and 𠮷: written as they are, and the DOCX is well-formed.
cat >"$WORK/in/specials.json" <<'JSON'
{"edition": "miit-2023", "name": "A&B <甲> \"乙\" '丙' 𠮷集群", "authority": "x", "operator": "y"}
JSON
run specials fill --force "$WORK/in/specials.json" -o "$WORK/specials"
expect "specials: exit 0" test $rc -eq 0
docx_text "$WORK/specials"/*.docx >"$WORK/specials.txt"
expect "specials: value written exactly" contains "$WORK/specials.txt" "A&B <甲> \"乙\" '丙' 𠮷集群"

# A 10 MB value: refused with the field's label, quickly, without a crash.
python3 -c 'import json; json.dump({"edition":"miit-2022","name":"甲","chain":{"cultivation":"字"*(10*1024*1024//3)}}, open("'"$WORK/in/huge.json"'","w"), ensure_ascii=False)'
run huge fill "$WORK/in/huge.json" -o "$WORK/o"
expect "10 MB value: exit 1" test $rc -eq 1
expect "10 MB value: label named" contains "$WORK/huge.err" '「集群产业链培育和招商情况」(chain.cultivation) 错误: 文本长达'

# Not JSON at all, an empty file, a folder, a missing file.
printf '' >"$WORK/in/empty.json"
run empty fill -e miit-2022 "$WORK/in/empty.json" -o "$WORK/o"
expect "empty file: exit 1 with a message" test $rc -eq 1 -a -s "$WORK/empty.err"
run missing fill -e miit-2022 "$WORK/in/nothing.json" -o "$WORK/o"
expect "missing file: exit 1, says so" contains "$WORK/missing.err" '无法打开文件'
run folder fill -e miit-2022 "$WORK/in" -o "$WORK/o"
expect "a folder as input: exit 1" test $rc -eq 1

# A failed run leaves the earlier output untouched.
mkdir -p "$WORK/keep"
"$CLUSTERFORM" fill "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/keep" >/dev/null 2>&1
before=$(sha256sum "$WORK/keep"/*.docx)
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["area"]="x"; json.dump(r,open(sys.argv[2],"w"),ensure_ascii=False)' \
  "$SOURCE_DIR/examples/miit-2023.json" "$WORK/in/broken.json"
run broken fill "$WORK/in/broken.json" -o "$WORK/keep"
expect "broken run: exit 1" test $rc -eq 1
expect "broken run: earlier output untouched" test "$before" = "$(sha256sum "$WORK/keep"/*.docx)"
expect "broken run: says nothing was written" contains "$WORK/broken.err" '没有写出文件'
# An output folder that cannot be written: exit 4, the earlier file stays.
chmod a-w "$WORK/keep"
if [ "$(id -u)" != 0 ]; then
  run readonly fill "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/keep"
  expect "read-only folder: exit 4" test $rc -eq 4
fi
chmod u+w "$WORK/keep"
run notdir fill "$SOURCE_DIR/examples/miit-2023.json" -o "$(ls "$WORK"/keep/*.docx)"
expect "output path is a file: exit 4" test $rc -eq 4
expect "output path is a file: earlier output untouched" test "$before" = "$(sha256sum "$WORK/keep"/*.docx)"
# One output that can't be put in place (a folder has its name) fails the run before any other
# is replaced: the earlier DOCX and PDF stay as they were, and no temporary file is left behind.
before_all=$(cd "$WORK/keep" && sha256sum *.docx *.pdf)
mkdir "$WORK/keep/河北省保定市高阳县毛巾家纺产业集群-佐证材料清单-miit-2023.docx"
echo "the 2021 output" >"$WORK/keep/河北省保定市高阳县毛巾家纺产业集群-申报表-miit-2023.ofd"
run lastfails fill --evidence --format docx,pdf,ofd "$SOURCE_DIR/examples/miit-2023.json" -o "$WORK/keep"
expect "a later output fails: exit 4" test $rc -eq 4
expect "a later output fails: says which and why" contains "$WORK/lastfails.err" "佐证材料清单-miit-2023.docx: 错误: 这里已有一个同名的文件夹"
expect "a later output fails: DOCX and PDF untouched" test "$before_all" = "$(cd "$WORK/keep" && sha256sum *.docx *.pdf)"
expect "a later output fails: OFD untouched" test "$(cat "$WORK/keep"/*.ofd)" = "the 2021 output"
expect "a later output fails: no temporary files" test -z "$(ls -A "$WORK/keep" | grep '^\.')"
expect "a later output fails: says the folder is as it was" contains "$WORK/lastfails.err" '输出文件夹中原有的文件保持不变'

rmdir "$WORK/keep/河北省保定市高阳县毛巾家纺产业集群-佐证材料清单-miit-2023.docx"

# A user's template with bad tags: every problem, with its place, exit 3.
mkdir -p "$WORK/tpl"
cp -r "$SOURCE_DIR/templates/miit-2022/form/." "$WORK/tpl/"
sed -i 's/{{authority}}/{{authorty}}/; s/{{area}}/{{area@y1}}/' "$WORK/tpl/word/document.xml"
(cd "$WORK/tpl" && zip -qX -r "$WORK/user.docx" .)
run template fill -e miit-2022 --template "$WORK/user.docx" "$SOURCE_DIR/examples/miit-2022.json" -o "$WORK/o"
expect "bad template: exit 3" test $rc -eq 3
expect "bad template: unknown key with suggestion" grep -q '{{authorty}}.*字段目录中没有 "authorty"。 改正方法: 是不是 authority？' "$WORK/template.err"
expect "bad template: year on a plain field" contains "$WORK/template.err" 'area 不是按年份填写的字段，不能加 @y1。'
run notdocx fill -e miit-2022 --template "$WORK/in/typo.json" "$SOURCE_DIR/examples/miit-2022.json" -o "$WORK/o"
expect "not a docx as template: exit 3" test $rc -eq 3

# The command line: no input, unknown option.
run noinput fill -e miit-2022
expect "no input: exit 2" test $rc -eq 2
run badopt fill --frobnicate
expect "unknown option: exit 2" test $rc -eq 2
# --templates, which every command's --help lists, works after the command too.
run tplafter fill --blank -e miit-2022 --templates "$SOURCE_DIR/templates" --format docx -o "$WORK/tplafter"
expect "--templates after the command: exit 0" test $rc -eq 0 -a -s "$WORK/tplafter/申报表-miit-2022-空白.docx"
run tplmissing summary -e miit-2022 --templates "$WORK/none" "$SOURCE_DIR/examples/miit-2022.json"
expect "--templates to a missing folder: exit 5, names it" test $rc -eq 5 && contains "$WORK/tplmissing.err" "$WORK/none"
run tplnoarg fill --blank -e miit-2022 --templates
expect "--templates without a folder: exit 2" test $rc -eq 2
finish
