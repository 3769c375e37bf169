/* clusterform editions / clusterform fields: what the program knows, for people and for docs/. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "cli/commands.h"
#include "cli/edition_keys.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static const char EDITIONS_USAGE[] =
    "用法: clusterform editions\n"
    "\n"
    "列出可用的申报表版本（templates/ 下的每个文件夹是一个版本）。\n"
    "\n"
    "退出码: 0 成功; 2 命令行用法错误; 5 找不到模板文件夹。\n";

int cmd_editions(int argc, char **argv, const char *templates) {
  if (argc > 1) {
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) return fputs(EDITIONS_USAGE, stdout), EXIT_OK;
    fprintf(stderr, "clusterform editions: 不需要参数。\n\n%s", EDITIONS_USAGE);
    return EXIT_USAGE;
  }
  size_t n;
  char **ids = edition_ids(templates, &n);
  if (!n) {
    fprintf(stderr, "%s: 错误: 这里没有任何申报表版本。 改正方法: 用 --templates 指向 clusterform 的 templates 文件夹。\n",
            templates);
    return EXIT_INSTALL;
  }
  diag_list d = {0};
  for (size_t i = 0; i < n; i++) {
    edition ed;
    if (edition_load(&ed, templates, ids[i], &d)) {
      printf("%-12s  %s%s\n", ed.id, ed.title, ed.summary ? "；有推荐汇总表（clusterform summary）" : "");
      edition_free(&ed);
    }
    free(ids[i]);
  }
  free(ids);
  diag_print(stderr, &d);
  int rc = d.n ? EXIT_INSTALL : EXIT_OK;
  diag_free(&d);
  return rc;
}

static const char FIELDS_USAGE[] =
    "用法: clusterform fields [--markdown]\n"
    "\n"
    "列出数据文件中可用的全部字段：键、中文名称、类型、单位、限制，以及显示它的版本。\n"
    "\n"
    "      --markdown   以 Markdown 表格输出（docs/fields.md 即由此生成）\n"
    "  -h, --help       显示本说明\n"
    "\n"
    "退出码: 0 成功; 2 命令行用法错误; 5 安装不完整。\n";

static const char *TYPE_WORDS[] = {
    [FT_LINE] = "一行文字", [FT_TEXT] = "文字（可分段）", [FT_DECIMAL] = "数字（两位小数）",
    [FT_PERCENT] = "百分比 0–100（两位小数）", [FT_RATE] = "增长率 %（两位小数，可为负）", [FT_INTEGER] = "整数",
    [FT_BOOL] = "true / false", [FT_CHOICE] = "选项（单选）", [FT_MULTI] = "选项列表（多选）",
    [FT_NAMES] = "名称列表", [FT_DATE] = "日期", [FT_LIST] = "表格行的列表", [FT_VALUE] = "数字或文字",
};

static void limits_text(const field *f, const catalog *cat, strbuf *b) {
  if (f->required) sb_puts(b, "必填；");
  if (f->limit) sb_printf(b, "%d字以内；", f->limit);
  if (f->plan) sb_printf(b, "计入发展规划%d字；", cat->plan_limit);
  if (f->has_min && f->has_max) sb_printf(b, "%g–%g；", f->min, f->max);
  else if (f->has_min) sb_printf(b, "≥ %g；", f->min);
  if (f->series) sb_puts(b, "按年份；");
  if (b->len >= 3 && !strcmp(b->s + b->len - 3, "；")) b->len -= 3, b->s[b->len] = '\0';
}

static void md_escape(strbuf *b, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|') sb_puts(b, "\\|");
    else if (*s == '\n') sb_putc(b, ' ');
    else sb_putc(b, *s);
  }
}

int cmd_fields(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"markdown", no_argument, 0, 'm'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  bool markdown = false;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    if (c == 'm') markdown = true;
    else if (c == 'h') return fputs(FIELDS_USAGE, stdout), EXIT_OK;
    else return fprintf(stderr, "clusterform fields: 无法识别的选项 \"%s\"。\n\n%s", argv[optind - 1], FIELDS_USAGE), EXIT_USAGE;
  }
  diag_list d = {0};
  catalog cat;
  char *fields_path = path_join(templates, "fields.json");
  if (!catalog_load(&cat, fields_path, &d)) {
    diag_print(stderr, &d);
    diag_free(&d);
    free(fields_path);
    return EXIT_INSTALL;
  }
  size_t ne;
  char **ids = edition_ids(templates, &ne);
  key_set *used = calloc(ne ? ne : 1, sizeof *used);
  edition *eds = calloc(ne ? ne : 1, sizeof *eds);
  for (size_t i = 0; i < ne; i++)
    if (edition_load(&eds[i], templates, ids[i], &d)) edition_keys(&cat, &eds[i], &used[i], &d);
  if (markdown) {
    printf("| 键 | 中文名称 | 类型 | 单位 | 限制 | 版本 |\n|---|---|---|---|---|---|\n");
  }
  for (size_t i = 0; i < cat.n; i++) {
    const field *f = &cat.fields[i];
    strbuf lim = {0}, eds_b = {0}, opt = {0};
    limits_text(f, &cat, &lim);
    for (size_t j = 0; j < ne; j++)
      if (key_set_has(&used[j], f->key)) sb_printf(&eds_b, "%s%s", eds_b.len ? " " : "", ids[j]);
    for (size_t j = 0; j < f->n_options; j++)
      sb_printf(&opt, "%s%s=%s", j ? "、" : "", f->options[j].id, f->options[j].text);
    if (markdown) {
      strbuf row = {0};
      sb_puts(&row, "| `");
      sb_puts(&row, f->key);
      sb_puts(&row, "` | ");
      md_escape(&row, f->label);
      if (opt.len) {
        sb_puts(&row, "<br>选项：");
        md_escape(&row, opt.s);
      }
      if (f->n_items) {
        sb_puts(&row, "<br>各列：");
        for (size_t j = 0; j < f->n_items; j++) sb_printf(&row, "%s`%s` %s", j ? "、" : "", f->items[j].key, f->items[j].label);
      }
      if (f->note) {
        sb_puts(&row, "<br>");
        md_escape(&row, f->note);
      }
      sb_printf(&row, " | %s | %s | %s | %s |", TYPE_WORDS[f->type], f->unit ? f->unit : "", lim.s ? lim.s : "",
                eds_b.s ? eds_b.s : "（仅汇总表或数据本身）");
      puts(row.s);
      sb_free(&row);
    } else {
      printf("%-36s %s（%s%s%s）%s%s\n", f->key, f->label, TYPE_WORDS[f->type], f->unit ? "，" : "",
             f->unit ? f->unit : "", eds_b.len ? "  " : "", eds_b.s ? eds_b.s : "");
    }
    sb_free(&lim);
    sb_free(&eds_b);
    sb_free(&opt);
  }
  diag_print(stderr, &d);
  for (size_t i = 0; i < ne; i++) {
    key_set_free(&used[i]);
    if (eds[i].id) edition_free(&eds[i]);
    free(ids[i]);
  }
  free(used);
  free(eds);
  free(ids);
  catalog_free(&cat);
  diag_free(&d);
  free(fields_path);
  return EXIT_OK;
}
