/* clusterform check: what a reviewer would reject, before they see it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/report.h"
#include "cli/commands.h"
#include "cli/batch.h"
#include "cli/session.h"
#include "input/inputs.h"
#include "util/strbuf.h"

static const char USAGE[] =
    "用法: clusterform check [-e 版本] [--format text|json] 数据 ...\n"
    "\n"
    "按申报表的要求检查集群的数据，列出评审会退回的问题。数据可以是 JSON 文件、填报工作簿（.xlsx，一个\n"
    "工作簿可有多个集群）、CSV 文件或装有它们的文件夹；多个集群时逐个检查，最后列出每个集群的结果：\n"
    "  必填栏目空缺（数字缺失为错误，文字空缺将写作“无”）；小数超过两位；叙述超过字数限制\n"
    "  （200字、发展规划3000字、汇总表简介）；数字前后矛盾；认定标准未达到；发展目标低于表中备注的要求。\n"
    "并由原始数据计算增速、占比等指标，列出需随申报表提供的佐证材料。规则见 docs/check.md。\n"
    "\n"
    "  -e, --edition 版本    申报表版本；不给时用数据中的 \"edition\"\n"
    "      --format text|json  输出格式（json 的格式见 docs/check.md，保持稳定；多个集群时为各集群报告的数组）\n"
    "      --progress          显示进度（标准错误输出是终端且集群多于 3 个时自动显示）\n"
    "  -j, --jobs 数量         同时检查几个集群（默认为处理器核数）；报告仍按顺序列出\n"
    "  -h, --help            显示本说明\n"
    "\n"
    "退出码: 0 没有错误（可能有警告和提示）; 1 有错误（多个集群时：任一集群有错误）; 2 命令行用法错误;\n"
    "        3 模板有错误; 5 安装不完整。\n";

/* One cluster's report: printed as text to out, or as JSON (to out, or into *report when given).
   Returns its exit code. */
static int check_cluster(const char *templates, session_cache *cache, const char *edition_id, const char *input,
                         record *given, bool json, json_t **report, size_t *errors, size_t *warnings, char **name,
                         FILE *out, FILE *err) {
  session s = {.templates = templates, .edition = edition_id, .input = input, .given = given, .cache = cache,
               .read_only = true};
  diag_list d = {0};
  int rc = session_open(&s, &d);
  if (rc != EXIT_OK) {
    diag_print(err, &d);
    fprintf(err, "共 %zu 个错误；数据无法检查。\n", diag_count(&d, DIAG_ERROR));
    if (errors) *errors = diag_count(&d, DIAG_ERROR);
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
    if (report) {
      *report = j;
    } else {
      json_dumpf(j, out, JSON_INDENT(2));
      fputc('\n', out);
      json_decref(j);
    }
  } else {
    report_text(out, &in, &r);
  }
  rc = diag_count(&r.findings, DIAG_ERROR) ? EXIT_INPUT : EXIT_OK;
  if (errors) *errors = diag_count(&r.findings, DIAG_ERROR);
  if (warnings) *warnings = diag_count(&r.findings, DIAG_WARNING);
  const char *nm = json_string_value(record_get(&s.rec, "name"));
  if (name && nm) *name = xstrdup(nm);
  check_report_free(&r);
  diag_free(&d);
  session_close(&s);
  return rc;
}

typedef struct {
  const char *templates, *edition;
  bool json;
  batch *b;
} check_batch;

static void *worker_new(void *ctx) { return session_cache_new(); }
static void worker_free(void *p) { session_cache_free(p); }

static int check_one(void *ctx, void *worker, input_item *it, FILE *out, FILE *err, batch_entry *e) {
  check_batch *cb = ctx;
  size_t i = (size_t)(it - cb->b->inputs.v), ne = 0, nw = 0;
  char *name = NULL;
  json_t *report = NULL;
  if (!cb->json && !it->failed) fprintf(out, "%s== %zu/%zu ==\n", i ? "\n" : "", i + 1, cb->b->inputs.n);
  int rc = it->failed ? EXIT_INPUT
                      : check_cluster(cb->templates, worker, cb->edition, it->rec.file, &it->rec, cb->json, &report, &ne,
                                      &nw, &name, out, err);
  batch_entry_set(e, rc, name, NULL, 0, ne, nw);
  /* The report travels as text from the worker; the array is made at the end, in order. */
  if (report) e->data = json_dumps(report, JSON_COMPACT);
  json_decref(report);
  free(name);
  return rc;
}

int cmd_check(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'},
                                       {"format", required_argument, 0, 'f'},
                                       {"progress", no_argument, 0, 'p'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *edition_id = NULL;
  bool json = false, progress = false;
  int jobs = 0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:j:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': edition_id = optarg; break;
    case 'p': progress = true; break;
    case 'j':
      if (!batch_jobs_arg(optarg, &jobs)) {
        fprintf(stderr, "clusterform check: -j 要给出 1 到 64 之间的整数，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      break;
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
  if (optind >= argc) {
    fprintf(stderr, "clusterform check: 请给出集群数据（.json、.xlsx、.csv 或其文件夹）。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  size_t n_inputs = (size_t)(argc - optind);
  if (!inputs_are_batch(argv + optind, n_inputs))
    return check_cluster(templates, NULL, edition_id, argv[optind], NULL, json, NULL, NULL, NULL, NULL, stdout, stderr);
  batch b;
  if (!batch_open(&b, "check", templates, edition_id, argv + optind, n_inputs, progress, false)) return EXIT_INSTALL;
  check_batch cb = {.templates = templates, .edition = edition_id, .json = json, .b = &b};
  batch_run(&b, jobs, check_one, &cb, worker_new, worker_free);
  if (json) {
    json_t *arr = json_array();
    for (size_t i = 0; i < b.inputs.n; i++)
      if (b.results[i].data) json_array_append_new(arr, json_loads(b.results[i].data, 0, NULL));
    json_dumpf(arr, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(arr);
  }
  /* With JSON on stdout, the table goes to stderr. */
  return json ? batch_close_to(&b, stderr) : batch_close(&b, false);
}
