/* clusterform read: a corrected 申报表 DOCX back to the cluster's data (JSON). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "cli/commands.h"
#include "read/read_docx.h"
#include "util/fileio.h"
#include "util/staged.h"
#include "util/strbuf.h"

static const char USAGE[] =
    "用法: clusterform read [-e 版本] [--base 原数据.json] [-o 新数据.json] 申报表.docx\n"
    "\n"
    "从 clusterform 写出、又在 WPS、Word 或 LibreOffice 中改过的申报表 DOCX 读回集群数据（JSON）：\n"
    "改写的内容、重新勾选的方框（☑、■、√ 都算勾选）、发展目标表增删的行、改过的文字。\n"
    "读不出的地方（改动了表格样式、几栏写在一起分不开、同一栏两处不一致）逐一报告位置，不做猜测。\n"
    "\n"
    "  -e, --edition 版本  文档是哪个版本的申报表（默认：逐个版本对照，取对得上的那个）\n"
    "      --base 文件     原数据（JSON）：申报表上没有的内容（汇总表的集群简介、企业名单等）从这里保留\n"
    "  -o, --output 文件   写到这个 JSON 文件（默认输出到屏幕）\n"
    "      --templates 文件夹  各版本模板所在的文件夹（默认为安装时的 templates/）\n"
    "  -h, --help          显示本说明\n"
    "\n"
    "改正的流程: clusterform read 改过的.docx --base 原数据.json -o 新数据.json\n"
    "            clusterform diff 原数据.json 新数据.json --docx 修改对照表.docx\n"
    "            clusterform fill 新数据.json        （重新写出 DOCX、PDF、OFD，汇总表同理）\n"
    "\n"
    "退出码: 0 成功; 1 文档读不出或有不一致（未写出文件）; 2 命令行用法错误; 4 无法写出文件;\n"
    "        5 安装不完整。\n";

int cmd_read(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'}, {"base", required_argument, 0, 'b'},
                                       {"output", required_argument, 0, 'o'},  {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *edition_id = NULL, *base_path = NULL, *output = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': edition_id = optarg; break;
    case 'b': base_path = optarg; break;
    case 'o': output = optarg; break;
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform read: 无法识别的选项或缺少选项的值：\"%s\"。\n\n%s", argv[optind - 1], USAGE);
      return EXIT_USAGE;
    }
  }
  if (argc - optind != 1) {
    fprintf(stderr, "clusterform read: 请给出一个申报表 DOCX 文件。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  const char *path = argv[optind];
  diag_list d = {0};
  catalog cat = {0};
  json_t *base = NULL, *rec = NULL;
  char *edition_read = NULL;
  int rc = EXIT_OK;
  char *fields_path = path_join(templates, "fields.json");
  bool has_cat = catalog_load(&cat, fields_path, &d);
  free(fields_path);
  if (!has_cat) {
    rc = EXIT_INSTALL;
    goto done;
  }
  if (edition_id) {
    size_t n = 0;
    char **ids = edition_ids(templates, &n);
    bool known = false;
    strbuf all = {0};
    for (size_t i = 0; i < n; i++) {
      known |= !strcmp(ids[i], edition_id);
      sb_printf(&all, "%s%s", i ? "、" : "", ids[i]);
      free(ids[i]);
    }
    free(ids);
    if (!known) {
      fprintf(stderr, "clusterform read: 没有名为 \"%s\" 的申报表版本。可用的版本：%s。\n", edition_id, all.s ? all.s : "");
      sb_free(&all);
      rc = EXIT_USAGE;
      goto done;
    }
    sb_free(&all);
  }
  if (base_path) {
    json_error_t jerr;
    base = json_load_file(base_path, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(base)) {
      diag_place at = {.file = base_path, .line = base ? 0 : jerr.line, .col = base ? 0 : jerr.column};
      diag_add(&d, DIAG_ERROR, &at, "给出集群的 JSON 数据文件（clusterform check 可以指出其中的错误）。",
               "原数据读不出：%s", base ? "最外层不是 JSON 对象" : jerr.text);
      rc = EXIT_INPUT;
      goto done;
    }
  }
  bool install_fault = false;
  rec = read_docx(path, &cat, templates, edition_id, base, &edition_read, &install_fault, &d);
  if (!rec) {
    rc = install_fault ? EXIT_INSTALL : EXIT_INPUT;
    goto done;
  }
  char *text = json_dumps(rec, JSON_INDENT(2));
  strbuf s = {0};
  sb_puts(&s, text);
  sb_putc(&s, '\n');
  free(text);
  if (!output) {
    fputs(s.s, stdout);
  } else {
    staged_outputs out = {0};
    char *dir = path_dirname(output), *err = NULL;
    const char *base_name = strrchr(output, '/') ? strrchr(output, '/') + 1 : output;
    if (!make_directory(dir, &err) || !write_file_atomic(staged_add(&out, dir, base_name), s.s, s.len, &err)) {
      diag_place at = {.file = output};
      diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹的路径和写入权限。", "%s", err ? err : "无法写出");
      rc = EXIT_OUTPUT;
    } else if (!staged_commit(&out, &d)) {
      rc = EXIT_OUTPUT;
    } else {
      fprintf(stderr, "已写出 %s（%s 版申报表）\n", output, edition_read);
    }
    staged_name_problems(&out, &d);
    staged_free(&out);
    free(err);
    free(dir);
  }
  sb_free(&s);

done:
  diag_print(stderr, &d);
  if (diag_count(&d, DIAG_ERROR)) fprintf(stderr, "共 %zu 个错误。\n", diag_count(&d, DIAG_ERROR));
  free(edition_read);
  json_decref(rec);
  json_decref(base);
  if (has_cat) catalog_free(&cat);
  diag_free(&d);
  return rc;
}
