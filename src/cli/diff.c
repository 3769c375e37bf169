/* clusterform diff: what changed between two versions of a cluster's data, as a person reads it,
   and as the 修改对照表 that goes with a corrected application. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "check/evidence_docx.h"
#include "cli/commands.h"
#include "diff/record_diff.h"
#include "input/inputs.h"
#include "read/read_docx.h"
#include "render/render_docx.h"
#include "util/fileio.h"
#include "util/staged.h"
#include "util/strbuf.h"

static const char USAGE[] =
    "用法: clusterform diff [-e 版本] [--format text|json] [--docx 修改对照表.docx [--pdf] [--ofd]] 原数据 新数据\n"
    "\n"
    "列出同一集群两份数据之间的全部修改：按申报表的顺序，每处修改给出栏目（中文）、原填报内容和修改后内容，\n"
    "均按申报表的写法（两位小数、“无”、选项的文字）。发展目标表、企业名单等清单按内容逐行对应，插入一行只算\n"
    "一处修改。数据可以是 JSON 文件、只含一个集群的工作簿，或在 WPS/Word 中改过的申报表 DOCX\n"
    "（按 clusterform read 读回；申报表上没有的内容取自原数据）。\n"
    "\n"
    "  -e, --edition 版本      按哪个版本的申报表列出（默认为新数据的 \"edition\"）\n"
    "      --format text|json  输出格式（默认 text）\n"
    "      --docx 文件         另写出修改对照表（序号、栏目、原填报内容、修改后内容、修改说明）\n"
    "      --pdf, --ofd        同时写出修改对照表的 PDF、OFD（与 DOCX 同名，需要 --docx）\n"
    "      --templates 文件夹  各版本模板所在的文件夹（默认为安装时的 templates/）\n"
    "  -h, --help              显示本说明\n"
    "\n"
    "退出码: 0 成功（有无修改都是 0）; 1 数据有错误; 2 命令行用法错误; 4 无法写出文件; 5 安装不完整。\n";

static const char *kind_word(change_kind k) {
  return k == CHANGE_ADDED ? "新增" : k == CHANGE_REMOVED ? "删除" : "修改";
}

/* One record from one input (a JSON file, or a workbook of one cluster). */
static bool one_record(const char *path, const catalog *cat, const char *edition_id, const char *templates,
                       input_set *set, record **out, diag_list *d) {
  char *paths[] = {(char *)path};
  inputs_load(paths, 1, cat, edition_id, templates, set, d);
  if (inputs_failed(set)) return false;
  if (set->n != 1) {
    diag_place at = {.file = path};
    diag_add(d, DIAG_ERROR, &at, "给出只含这一个集群的数据文件，或从工作簿中另存出这个集群。",
             "这里有 %zu 个集群，diff 比较的是同一个集群的两份数据。", set->n);
    return false;
  }
  *out = &set->v[0].rec;
  return true;
}

static bool is_docx(const char *path) {
  size_t n = strlen(path);
  return n > 5 && !strcasecmp(path + n - 5, ".docx");
}

/* A corrected 申报表 DOCX read back (clusterform read); what the form does not show comes from base. */
static bool docx_record(const char *path, const catalog *cat, const char *edition_id, const char *templates,
                        const record *base, record *own, record **out, bool *install_fault, diag_list *d) {
  json_t *root = read_docx(path, cat, templates, edition_id, base ? base->root : NULL, NULL, install_fault, d);
  if (!root) return false;
  char *text = json_dumps(root, JSON_INDENT(2));
  json_decref(root);
  bool ok = record_parse(own, path, text, strlen(text), d);
  free(text);
  /* The JSON is ours, not a file the person has: problems are placed by their path alone. */
  free(own->text);
  own->text = NULL;
  own->len = 0;
  if (ok) *out = own;
  return ok;
}

int cmd_diff(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'}, {"format", required_argument, 0, 'f'},
                                       {"docx", required_argument, 0, 'D'},    {"pdf", no_argument, 0, 'P'},
                                       {"ofd", no_argument, 0, 'O'},           {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *edition_id = NULL, *docx = NULL;
  bool json = false, want_pdf = false, want_ofd = false;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': edition_id = optarg; break;
    case 'D': docx = optarg; break;
    case 'P': want_pdf = true; break;
    case 'O': want_ofd = true; break;
    case 'f':
      if (!strcmp(optarg, "json")) json = true;
      else if (strcmp(optarg, "text")) {
        fprintf(stderr, "clusterform diff: --format 只能是 text 或 json，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform diff: 无法识别的选项或缺少选项的值：\"%s\"。\n\n%s", argv[optind - 1], USAGE);
      return EXIT_USAGE;
    }
  }
  if (argc - optind != 2) {
    fprintf(stderr, "clusterform diff: 请给出两份数据：原数据和新数据。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  if ((want_pdf || want_ofd) && !docx) {
    fprintf(stderr, "clusterform diff: --pdf 和 --ofd 写在修改对照表 DOCX 旁边，请同时用 --docx 给出它的文件名。\n");
    return EXIT_USAGE;
  }
  diag_list d = {0};
  catalog cat = {0};
  edition ed = {0};
  input_set a = {0}, b = {0};
  change_list changes = {0};
  staged_outputs out = {0};
  bool has_cat = false, has_ed = false, has_changes = false;
  record *ra = NULL, *rb = NULL, doc_a = {0}, doc_b = {0};
  int rc = EXIT_OK;
  char *fields_path = path_join(templates, "fields.json");
  has_cat = catalog_load(&cat, fields_path, &d);
  free(fields_path);
  if (!has_cat) {
    rc = EXIT_INSTALL;
    goto done;
  }
  const char *pa = argv[optind], *pb = argv[optind + 1];
  bool install_fault = false;
  bool ok_a = is_docx(pa) ? docx_record(pa, &cat, edition_id, templates, NULL, &doc_a, &ra, &install_fault, &d)
                          : one_record(pa, &cat, edition_id, templates, &a, &ra, &d);
  bool ok_b = is_docx(pb) ? docx_record(pb, &cat, edition_id, templates, ok_a ? ra : NULL, &doc_b, &rb, &install_fault, &d)
                          : one_record(pb, &cat, edition_id, templates, &b, &rb, &d);
  if (!ok_a || !ok_b) {
    rc = install_fault ? EXIT_INSTALL : EXIT_INPUT;
    goto done;
  }
  const char *id = edition_id ? edition_id : record_edition(rb) ? record_edition(rb) : record_edition(ra);
  if (!id) {
    diag_place at = {.file = rb->file, .where = "$.edition", .key = "edition", .label = "申报表版本"};
    diag_add(&d, DIAG_ERROR, &at, "用 -e 指定，例如 -e miit-2023。", "没有指定按哪个版本的申报表列出修改。");
    rc = EXIT_USAGE;
    goto done;
  }
  has_ed = edition_load(&ed, templates, id, &d);
  if (!has_ed) {
    rc = edition_id ? EXIT_USAGE : EXIT_INPUT;
    goto done;
  }
  record_validate(ra, &cat, &ed, &d);
  record_validate(rb, &cat, &ed, &d);
  if (diag_count(&d, DIAG_ERROR)) {
    rc = EXIT_INPUT;
    goto done;
  }
  has_changes = record_diff(&cat, &ed, ra, rb, &changes, &d);
  if (!has_changes) {
    rc = EXIT_INSTALL;
    goto done;
  }
  const char *name = json_string_value(record_get(rb, "name"));
  if (json) {
    json_t *arr = json_array();
    for (size_t i = 0; i < changes.n; i++) {
      const change *x = &changes.v[i];
      json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", x->kind == CHANGE_ADDED ? "added" : x->kind == CHANGE_REMOVED ? "removed" : "modified",
                            "key", x->key, "item", x->item, "old", x->old_value, "new", x->new_value);
      if (x->year) json_object_set_new(o, "year", json_integer(x->year));
      json_array_append_new(arr, o);
    }
    json_t *root = json_pack("{s:s, s:s, s:s?, s:s, s:o}", "old", argv[optind], "new", argv[optind + 1], "name", name,
                             "edition", ed.id, "changes", arr);
    json_dumpf(root, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(root);
  } else {
    printf("修改对照（%s，%s 版申报表）\n原数据: %s\n新数据: %s\n\n", name ? name : "集群", ed.id, argv[optind], argv[optind + 1]);
    for (size_t i = 0; i < changes.n; i++) {
      const change *x = &changes.v[i];
      printf("%zu. 【%s】%s\n   原: %s\n   新: %s\n", i + 1, kind_word(x->kind), x->item, x->old_value, x->new_value);
    }
    if (changes.n) printf("\n共 %zu 处修改。\n", changes.n);
    else printf("两份数据在申报表上没有不同。\n");
  }
  if (docx) {
    json_t *root = json_object();
    if (name) json_object_set_new(root, "name", json_string(name));
    json_t *rows = json_array();
    for (size_t i = 0; i < changes.n; i++)
      json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "item", changes.v[i].item, "old", changes.v[i].old_value,
                                            "new", changes.v[i].new_value, "note", kind_word(changes.v[i].kind)));
    json_object_set_new(root, "changes", rows);
    char *dir = path_dirname(docx), *err = NULL;
    const char *base = strrchr(docx, '/') ? strrchr(docx, '/') + 1 : docx;
    check_input in = {.cat = &cat, .ed = &ed, .rec = rb, .templates = templates};
    char *title = xasprintf("%s%s修改对照表", name ? name : "", name ? " " : "");
    if (!make_directory(dir, &err)) {
      diag_place at = {.file = dir};
      diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹的路径和写入权限。", "%s", err);
      rc = EXIT_OUTPUT;
    } else {
      const char *tmp = staged_add(&out, dir, base);
      if (!annex_docx(&in, "change-list/form", root, "修改对照表", tmp, &d)) rc = EXIT_OUTPUT;
      size_t stem = strlen(base) > 5 && !strcmp(base + strlen(base) - 5, ".docx") ? strlen(base) - 5 : strlen(base);
      for (int k = 0; k < 2 && rc == EXIT_OK; k++) {
        if (!(k ? want_ofd : want_pdf)) continue;
        char *file = xasprintf("%.*s.%s", (int)stem, base, k ? "ofd" : "pdf");
        if (!render_docx_file(tmp, staged_add(&out, dir, file), k, title, "修改对照表", &d)) rc = EXIT_OUTPUT;
        free(file);
      }
      if (rc == EXIT_OK && !staged_commit(&out, &d)) rc = EXIT_OUTPUT;
      for (size_t i = 0; i < out.n && rc == EXIT_OK; i++) fprintf(stderr, "已写出 %s\n", out.final[i]);
    }
    free(title);
    free(err);
    free(dir);
    json_decref(root);
  }

done:
  staged_name_problems(&out, &d);
  staged_free(&out);
  diag_print(stderr, &d);
  if (diag_count(&d, DIAG_ERROR)) fprintf(stderr, "共 %zu 个错误。\n", diag_count(&d, DIAG_ERROR));
  if (has_changes) change_list_free(&changes);
  inputs_free(&a);
  inputs_free(&b);
  record_free(&doc_a);
  record_free(&doc_b);
  if (has_ed) edition_free(&ed);
  if (has_cat) catalog_free(&cat);
  diag_free(&d);
  return rc;
}
