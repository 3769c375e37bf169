/* clusterform summary: the 推荐汇总表 of many clusters, as DOCX, XLSX, PDF and OFD. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "cli/commands.h"
#include "layout/docmodel.h"
#include "layout/layout.h"
#include "ooxml/package.h"
#include "input/inputs.h"
#include "record/record.h"
#include "render/render.h"
#include "summary/summary.h"
#include "util/fileio.h"
#include "util/staged.h"
#include "print/print_set.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static const char USAGE[] =
    "用法: clusterform summary -e 版本 [-o 文件夹] [--format 列表] [--authority 名称] [--contact 姓名]\n"
    "                          [--phone 号码] [--copies 份数 [--simplex]] [数据 ...]\n"
    "\n"
    "把多个集群的数据汇成该版本的《推荐汇总表》：每个集群一行，按给出的顺序编序号；集群简介取数据中的\n"
    "\"intro\"（不得超过该版本的字数限制），没有时按填报要求由数据生成。不给数据文件时写出空白汇总表。\n"
    "数据可以是 JSON 文件、填报工作簿（.xlsx，一个工作簿可有多个集群，按行的顺序）、CSV 文件或装有它们的文件夹。\n"
    "\n"
    "  -e, --edition 版本      汇总表的版本（必须给出）；clusterform editions 注明哪些版本有推荐汇总表\n"
    "  -o, --output 文件夹     写到这个文件夹（默认当前文件夹；不存在时自动创建）\n"
    "      --format 列表       写出哪些文件：docx、xlsx、pdf、ofd，用逗号分开（默认 docx,xlsx,pdf）；PDF 和\n"
    "                          OFD 由 clusterform 自己排版同一份 DOCX 得到\n"
    "      --authority 名称    推荐单位（中小企业主管部门）的名称\n"
    "      --contact 姓名      联系人\n"
    "      --phone 号码        联系人的手机\n"
    "      --copies 份数       写出可以直接打印的汇总表：PDF（及 OFD）中含这么多份，每份从正面开始，文件名\n"
    "                          为 \"推荐汇总表-版本-打印.pdf\"（只写 pdf、ofd；clusterform print --summary 用它）\n"
    "      --simplex           与 --copies 一起：按单面打印排页，不插空白页（默认按双面）\n"
    "      --templates 文件夹  各版本模板所在的文件夹（默认为安装时的 templates/）\n"
    "  -h, --help              显示本说明\n"
    "\n"
    "文件名为 \"推荐汇总表-版本.docx\"（以及 .xlsx、.pdf、.ofd）。每个数据文件都像 clusterform fill 一样读入，\n"
    "检查字段、取值和集群简介的字数（申报表的其他检查见 clusterform check），所有问题一并列出；有错误时不写\n"
    "任何文件，文件夹中原有的文件保持不变。\n"
    "\n"
    "退出码: 0 成功; 1 数据有错误; 2 命令行用法错误; 4 无法写出文件; 5 安装不完整。\n";

enum { FMT_DOCX = 1, FMT_XLSX = 2, FMT_PDF = 4, FMT_OFD = 8 };

/* The creation time written into the XLSX: SOURCE_DATE_EPOCH when set, else a fixed time, so that
   equal input gives equal bytes. */
static long long xlsx_created(void) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (e && *e) {
    char *end;
    long long v = strtoll(e, &end, 10);
    if (!*end && v > 0) return v;
  }
  return 1672531200LL; /* 2023-01-01T00:00:00Z */
}

/* The editions under templates that publish a 汇总表, as "miit-2022、miit-2023" (malloc'd). */
static char *summary_editions(const char *templates) {
  size_t n = 0;
  char **ids = edition_ids(templates, &n);
  strbuf b = {0};
  diag_list quiet = {0};
  for (size_t i = 0; i < n; i++) {
    edition e;
    if (edition_load(&e, templates, ids[i], &quiet)) {
      if (e.summary) sb_printf(&b, "%s%s", b.len ? "、" : "", e.id);
      edition_free(&e);
    }
    free(ids[i]);
  }
  free(ids);
  diag_free(&quiet);
  return b.s ? sb_take(&b) : xstrdup("（没有）");
}

static bool check_option(const catalog *cat, const char *key, const char *opt, const char *value) {
  if (!value) return true;
  const field *f = catalog_find(cat, key);
  size_t n = utf8_length(value);
  if (!utf8_validate(value, strlen(value), &(int){0}, &(int){0})) {
    fprintf(stderr, "clusterform summary: %s 的值不是有效的 UTF-8 文本。\n", opt);
    return false;
  }
  if (f && f->limit && n > (size_t)f->limit) {
    fprintf(stderr, "clusterform summary: %s 的值有 %zu 个字符，超过 %d 个字符的限制。\n", opt, n, f->limit);
    return false;
  }
  /* Written into the DOCX, the XLSX and the PDF's metadata: nothing XML cannot carry. */
  for (const char *p = value; *p;) {
    uint32_t cp;
    size_t k = utf8_decode(p, strlen(p), &cp);
    if ((cp < 0x20 && cp != '\t') || cp == 0xFFFE || cp == 0xFFFF) {
      fprintf(stderr, "clusterform summary: %s 的值中有不能写入汇总表的字符 U+%04X，请删去。\n", opt, (unsigned)cp);
      return false;
    }
    p += k ? k : 1;
  }
  return true;
}

int cmd_summary(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'},
                                       {"output", required_argument, 0, 'o'},
                                       {"format", required_argument, 0, 'f'},
                                       {"authority", required_argument, 0, 'A'},
                                       {"contact", required_argument, 0, 'C'},
                                       {"phone", required_argument, 0, 'P'},
                                       {"copies", required_argument, 0, 'c'},
                                       {"simplex", no_argument, 0, 'S'},
                                       {"duplex", no_argument, 0, 'D'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *edition_id = NULL, *outdir = ".";
  summary_meta meta = {0};
  int formats = FMT_DOCX | FMT_XLSX | FMT_PDF;
  int copies = 0, c;
  bool duplex = true;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': edition_id = optarg; break;
    case 'o': outdir = optarg; break;
    case 'A': meta.authority = optarg; break;
    case 'C': meta.contact = optarg; break;
    case 'P': meta.phone = optarg; break;
    case 'S': duplex = false; break;
    case 'D': duplex = true; break;
    case 'c': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || end == optarg || v < 1 || v > 20) {
        fprintf(stderr, "clusterform summary: --copies 要给出 1 到 20 之间的整数，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      copies = (int)v;
      break;
    }
    case 'f': {
      formats = 0;
      char *list = xstrdup(optarg), *save = NULL;
      for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "docx")) formats |= FMT_DOCX;
        else if (!strcmp(t, "xlsx")) formats |= FMT_XLSX;
        else if (!strcmp(t, "pdf")) formats |= FMT_PDF;
        else if (!strcmp(t, "ofd")) formats |= FMT_OFD;
        else {
          fprintf(stderr, "clusterform summary: --format 中的 \"%s\" 不是 docx、xlsx、pdf 或 ofd。\n", t);
          free(list);
          return EXIT_USAGE;
        }
      }
      free(list);
      if (!formats) {
        fprintf(stderr, "clusterform summary: --format 没有给出任何格式。\n");
        return EXIT_USAGE;
      }
      break;
    }
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform summary: 无法识别的选项或缺少选项的值：\"%s\"。\n\n%s", argv[optind - 1], USAGE);
      return EXIT_USAGE;
    }
  }
  if (copies) {
    /* The print-ready set is a PDF (and OFD) only; the editable files are the ordinary run's. */
    formats &= FMT_PDF | FMT_OFD;
    if (!formats) formats = FMT_PDF;
  }
  if (!edition_id) {
    fprintf(stderr, "clusterform summary: 请用 -e 指定汇总表的版本，例如 -e miit-2023。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  size_t n_inputs = (size_t)(argc - optind);
  char **inputs = argv + optind;

  diag_list d = {0};
  catalog cat = {0};
  edition ed = {0};
  bool has_cat = false, has_ed = false;
  input_set in = {0};
  record *recs = NULL;
  size_t n_recs = 0;
  json_t *root = NULL;
  package pkg = {0};
  char *title = NULL;
  staged_outputs out = {0};
  document doc;
  display_list dl = {0};
  bool laid_out = false;
  int rc = EXIT_OK;

  char *fields_path = path_join(templates, "fields.json");
  has_cat = catalog_load(&cat, fields_path, &d);
  free(fields_path);
  if (!has_cat) {
    rc = EXIT_INSTALL;
    goto done;
  }
  if (!check_option(&cat, "summary.authority", "--authority", meta.authority) ||
      !check_option(&cat, "summary.contact", "--contact", meta.contact) ||
      !check_option(&cat, "summary.phone", "--phone", meta.phone)) {
    rc = EXIT_USAGE;
    goto done;
  }
  has_ed = edition_load(&ed, templates, edition_id, &d);
  if (!has_ed) {
    rc = EXIT_USAGE;
    goto done;
  }
  if (!ed.summary) {
    diag_place at = {.where = "版本", .key = "edition", .label = "申报表版本"};
    char *with = summary_editions(templates);
    char *fix = xasprintf("有推荐汇总表的版本：%s。", with);
    diag_add(&d, DIAG_ERROR, &at, fix, "%s 版没有推荐汇总表（其发布的申报材料中没有汇总表）。", ed.id);
    free(fix);
    free(with);
    rc = EXIT_USAGE;
    goto done;
  }

  /* Every input (JSON records, workbooks with one or many clusters, CSV, folders), read and checked
     against the catalog like fill reads it; all problems together. */
  inputs_load(inputs, n_inputs, &cat, ed.id, templates, &in, &d);
  bool inputs_ok = inputs_failed(&in) == 0;
  n_recs = in.n;
  recs = calloc(n_recs + 1, sizeof *recs);
  for (size_t i = 0; i < n_recs; i++) {
    recs[i] = in.v[i].rec; /* borrowed: `in` frees them */
    if (!recs[i].root) continue;
    size_t before = diag_count(&d, DIAG_ERROR);
    record_validate(&recs[i], &cat, &ed, &d);
    if (diag_count(&d, DIAG_ERROR) > before) inputs_ok = false;
    /* The same cluster twice is most likely a slip. */
    const char *name = json_string_value(record_get(&recs[i], "name"));
    for (size_t j = 0; name && j < i; j++) {
      const char *other = recs[j].root ? json_string_value(record_get(&recs[j], "name")) : NULL;
      if (other && !strcmp(other, name)) {
        diag_place at = {.file = recs[i].file, .where = "$.name", .key = "name", .label = "集群名称"};
        diag_add(&d, DIAG_WARNING, &at, "同一个集群只应占一行；去掉重复的数据文件。", "集群「%s」已由 %s 给出，汇总表中将出现两次。",
                 name, in.v[j].source);
        break;
      }
    }
  }
  /* The rows, with each 集群简介 within its limit (all records are looked at). */
  if (inputs_ok) {
    root = summary_build(recs, n_recs, &cat, &ed, &meta, &d);
    if (!root) inputs_ok = false;
  } else {
    /* Still report the 简介 problems of the records that could be read. */
    for (size_t i = 0; i < n_recs; i++) {
      if (!recs[i].root) continue;
      json_t *one = summary_build(&recs[i], 1, &cat, &ed, &meta, &d);
      json_decref(one);
    }
  }
  if (!inputs_ok) {
    rc = EXIT_INPUT;
    goto done;
  }
  if (!summary_fill(&pkg, &cat, &ed, root, n_recs == 0, &title, &d)) {
    rc = EXIT_INSTALL;
    goto done;
  }

  /* Outputs: each to a temporary file in the output folder; renamed into place only when every
     one of them was written, so a failed run leaves the folder as it was. */
  char *err = NULL;
  if (!make_directory(outdir, &err)) {
    diag_place at = {.file = outdir};
    diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹的路径和写入权限。", "%s", err);
    free(err);
    rc = EXIT_OUTPUT;
    goto done;
  }
  static const struct {
    int fmt;
    const char *ext;
  } KINDS[] = {{FMT_DOCX, "docx"}, {FMT_XLSX, "xlsx"}, {FMT_PDF, "pdf"}, {FMT_OFD, "ofd"}};
  /* PDF and OFD: our own layout of the filled DOCX, as fill does it. */
  if (formats & (FMT_PDF | FMT_OFD)) {
    if (!docmodel_read(&doc, &pkg, title, &d)) {
      rc = EXIT_OUTPUT;
      goto done;
    }
    laid_out = true;
    layout_document(&doc, &dl);
    if (!layout_fits(&dl, title, &d)) rc = EXIT_INPUT;
    dl.title = xstrdup(title);
    dl.author = xstrdup(meta.authority ? meta.authority : "");
    dl.subject = xstrdup(ed.title);
    if (copies) {
      /* The copies the notice asks for, each from a front page; no 正本/副本 marks (they stand on
         the 申报表's covers). */
      print_plan plan = {.copies = copies, .originals = 0, .duplex = duplex};
      display_list set = {0};
      PangoFontMap *fm = layout_font_map();
      print_set(&dl, NULL, &plan, fm, &set);
      g_object_unref(fm);
      dl_free(&dl);
      dl = set;
    }
  }
  for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS && rc == EXIT_OK; k++) {
    if (!(formats & KINDS[k].fmt)) continue;
    char *base = xasprintf("推荐汇总表-%s%s.%s", ed.id, copies ? "-打印" : "", KINDS[k].ext);
    const char *tmp = staged_add(&out, outdir, base);
    const char *final = out.final[out.n - 1];
    free(base);
    if (KINDS[k].fmt == FMT_DOCX) {
      size_t len;
      char *bytes = package_zip(&pkg, &len, &err);
      if (!bytes || !write_file_atomic(tmp, bytes, len, &err)) {
        diag_place at = {.file = final};
        diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。", "无法写出推荐汇总表：%s",
                 err ? err : "");
        rc = EXIT_OUTPUT;
      }
      free(bytes);
      free(err);
      err = NULL;
    } else if (KINDS[k].fmt == FMT_XLSX) {
      if (!summary_xlsx(&pkg, tmp, title, ed.title, xlsx_created(), &d)) rc = EXIT_OUTPUT;
    } else if (KINDS[k].fmt == FMT_PDF) {
      if (!render_pdf(&dl, NULL, tmp, getenv("CLUSTERFORM_PDF_DATE"), &d)) rc = EXIT_OUTPUT;
    } else {
      if (!render_ofd(&dl, tmp, getenv("CLUSTERFORM_PDF_DATE"), &d)) rc = EXIT_OUTPUT;
    }
  }
  if (rc == EXIT_OK && !staged_commit(&out, &d)) rc = EXIT_OUTPUT;
  for (size_t i = 0; i < out.n && rc == EXIT_OK; i++) printf("已写出 %s\n", out.final[i]);

done:
  if (laid_out) {
    dl_free(&dl);
    docmodel_free(&doc);
  }
  staged_name_problems(&out, &d);
  staged_free(&out); /* a failed run's temporary files removed */
  diag_print(stderr, &d);
  size_t ne = diag_count(&d, DIAG_ERROR), nw = diag_count(&d, DIAG_WARNING);
  if (ne)
    fprintf(stderr, "共 %zu 个错误、%zu 个警告；没有写出文件，输出文件夹中原有的文件保持不变。\n", ne, nw);
  else if (nw)
    fprintf(stderr, "共 %zu 个警告。\n", nw);
  free(title);
  package_free(&pkg);
  json_decref(root);
  free(recs);
  inputs_free(&in);
  if (has_ed) edition_free(&ed);
  if (has_cat) catalog_free(&cat);
  diag_free(&d);
  return rc;
}
