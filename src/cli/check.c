/* clusterform check: what a reviewer would reject, before they see it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/report.h"
#include "cli/commands.h"
#include "cli/session.h"

static const char USAGE[] =
    "用法: clusterform check [-e 版本] [--format text|json] 数据.json\n"
    "\n"
    "按申报表的要求检查一个集群的数据，列出评审会退回的问题：\n"
    "  必填栏目空缺（数字缺失为错误，文字空缺将写作“无”）；小数超过两位；叙述超过字数限制\n"
    "  （200字、发展规划3000字、汇总表简介）；数字前后矛盾；认定标准未达到；发展目标低于表中备注的要求。\n"
    "并由原始数据计算增速、占比等指标，列出需随申报表提供的佐证材料。规则见 docs/check.md。\n"
    "\n"
    "  -e, --edition 版本    申报表版本；不给时用数据中的 \"edition\"\n"
    "      --format text|json  输出格式（json 的格式见 docs/check.md，保持稳定）\n"
    "  -h, --help            显示本说明\n"
    "\n"
    "退出码: 0 没有错误（可能有警告和提示）; 1 有错误; 2 命令行用法错误; 3 模板有错误; 5 安装不完整。\n";

int cmd_check(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'},
                                       {"format", required_argument, 0, 'f'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  session s = {.templates = templates};
  bool json = false;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': s.edition = optarg; break;
    case 'f':
      if (!strcmp(optarg, "json")) json = true;
      else if (strcmp(optarg, "text")) {
        fprintf(stderr, "clusterform check: --format 只能是 text 或 json，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default: fprintf(stderr, "clusterform check: 无法识别的选项 \"%s\"。\n\n%s", argv[optind - 1], USAGE); return EXIT_USAGE;
    }
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "clusterform check: 请给出一个集群数据文件（.json）。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  s.input = argv[optind];
  diag_list d = {0};
  int rc = session_open(&s, &d);
  if (rc != EXIT_OK) {
    diag_print(stderr, &d);
    fprintf(stderr, "共 %zu 个错误；数据无法检查。\n", diag_count(&d, DIAG_ERROR));
    diag_free(&d);
    session_close(&s);
    return rc;
  }
  check_input in = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec, .slots = &s.slots, .templates = templates,
                      .form = &s.pkg};
  check_report r;
  check_run(&in, &r);
  /* Warnings from reading the record (unknown keys) belong in the report too. */
  for (size_t i = 0; i < d.n; i++) {
    const diag *x = &d.items[i];
    diag_place at = {.file = x->file, .line = x->line, .col = x->col, .where = x->where, .key = x->key, .label = x->label};
    diag_add(&r.findings, x->severity, &at, x->fix, "%s", x->message);
    diag_tag(&r.findings, "input", NULL);
  }
  if (json) {
    json_t *j = report_json(&in, &r);
    json_dumpf(j, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(j);
  } else {
    report_text(stdout, &in, &r);
  }
  rc = diag_count(&r.findings, DIAG_ERROR) ? EXIT_INPUT : EXIT_OK;
  check_report_free(&r);
  diag_free(&d);
  session_close(&s);
  return rc;
}
