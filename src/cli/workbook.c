/* clusterform workbook: the input workbook of an edition, laid out like its form, empty or
   prefilled from records (sheet/book_layout.h says how it is laid out). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "cli/commands.h"
#include "input/inputs.h"
#include "sheet/book_layout.h"
#include "sheet/book_write.h"
#include "util/fileio.h"
#include "util/staged.h"
#include "util/strbuf.h"

static const char USAGE[] =
    "用法: clusterform workbook -e 版本 [-o 工作簿.xlsx] [数据.json|工作簿.xlsx ...]\n"
    "\n"
    "写出该版本申报表的数据填报工作簿（.xlsx）：申报表每个部分一个工作表，表头为栏目、单位和年度，\n"
    "批注写明填报要求，选择题有下拉列表，数字保留两位小数；发展目标表等清单每项一行。每个集群占一行\n"
    "（A 列为集群名称），一个工作簿可以填一个或多个集群。给出数据文件时，把它们的数据预先填入。\n"
    "填好后可直接用 clusterform check / fill / summary 读取工作簿（也可读取另存的 CSV）。\n"
    "\n"
    "  -e, --edition 版本      申报表版本（必须给出；clusterform editions 列出全部）\n"
    "  -o, --output 文件       写到这个文件（默认为当前文件夹中的 \"申报数据-版本.xlsx\"）\n"
    "      --templates 文件夹  各版本模板所在的文件夹（默认为安装时的 templates/）\n"
    "  -h, --help              显示本说明\n"
    "\n"
    "退出码: 0 成功; 1 数据有错误（未写出文件）; 2 命令行用法错误; 4 无法写出文件; 5 安装不完整。\n";

/* The creation time written into the workbook: SOURCE_DATE_EPOCH when set, else fixed. */
static long long created_time(void) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (e && *e) {
    char *end;
    long long v = strtoll(e, &end, 10);
    if (!*end && v > 0) return v;
  }
  return 1672531200LL;
}

int cmd_workbook(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *edition_id = NULL, *output = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': edition_id = optarg; break;
    case 'o': output = optarg; break;
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform workbook: 无法识别的选项或缺少选项的值：\"%s\"。\n\n%s", argv[optind - 1], USAGE);
      return EXIT_USAGE;
    }
  }
  if (!edition_id) {
    fprintf(stderr, "clusterform workbook: 请用 -e 指定申报表版本，例如 -e miit-2023。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  diag_list d = {0};
  catalog cat = {0};
  edition ed = {0};
  input_set in = {0};
  book_layout layout = {0};
  staged_outputs out = {0};
  bool has_cat = false, has_ed = false, has_layout = false;
  record *recs = NULL;
  size_t n = 0;
  int rc = EXIT_OK;
  char *fields_path = path_join(templates, "fields.json");
  has_cat = catalog_load(&cat, fields_path, &d);
  free(fields_path);
  if (!has_cat) {
    rc = EXIT_INSTALL;
    goto done;
  }
  has_ed = edition_load(&ed, templates, edition_id, &d);
  if (!has_ed) {
    rc = EXIT_USAGE;
    goto done;
  }
  inputs_load(argv + optind, (size_t)(argc - optind), &cat, edition_id, templates, &in, &d);
  recs = calloc(in.n + 1, sizeof *recs);
  for (size_t i = 0; i < in.n; i++) {
    if (in.v[i].failed || !in.v[i].rec.root) continue;
    record_validate(&in.v[i].rec, &cat, &ed, &d);
    recs[n++] = in.v[i].rec; /* borrowed: in still owns it */
  }
  if (diag_count(&d, DIAG_ERROR) || inputs_failed(&in)) {
    rc = EXIT_INPUT;
    goto done;
  }
  has_layout = book_layout_make(&layout, &cat, &ed, recs, n, &d);
  if (!has_layout) {
    rc = EXIT_INSTALL;
    goto done;
  }
  char *name = output ? NULL : xasprintf("申报数据-%s.xlsx", ed.id);
  const char *path = output ? output : name;
  char *dir = path_dirname(path);
  const char *slash = strrchr(path, '/');
  char *err = NULL;
  if (!make_directory(dir, &err)) {
    diag_place at = {.file = dir};
    diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹的路径和写入权限。", "%s", err);
    free(err);
    rc = EXIT_OUTPUT;
  } else {
    const char *tmp = staged_add(&out, dir, slash ? slash + 1 : path);
    if (!book_write(&layout, &ed, recs, n, tmp, out.final[0], created_time(), &d) || !staged_commit(&out, &d))
      rc = EXIT_OUTPUT;
    else
      printf("已写出 %s（%zu 个集群）\n", out.final[0], n);
  }
  free(dir);
  free(name);

done:
  staged_name_problems(&out, &d);
  staged_free(&out);
  diag_print(stderr, &d);
  size_t ne = diag_count(&d, DIAG_ERROR);
  if (ne) fprintf(stderr, "共 %zu 个错误；没有写出工作簿，原有的文件保持不变。\n", ne);
  if (has_layout) book_layout_free(&layout);
  free(recs);
  inputs_free(&in);
  if (has_ed) edition_free(&ed);
  if (has_cat) catalog_free(&cat);
  diag_free(&d);
  return rc;
}
