#include "cli/batch.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

bool batch_open(batch *b, const char *command, const char *templates, const char *edition_id, char *const *paths,
                size_t n, bool progress) {
  memset(b, 0, sizeof *b);
  b->command = command;
  diag_list d = {0};
  char *fields_path = path_join(templates, "fields.json");
  bool ok = catalog_load(&b->cat, fields_path, &d);
  free(fields_path);
  if (ok) inputs_load(paths, n, &b->cat, edition_id, templates, &b->inputs, &d);
  diag_print(stderr, &d);
  diag_free(&d);
  if (!ok) return false;
  b->results = calloc(b->inputs.n + 1, sizeof *b->results);
  b->progress = progress || (isatty(STDERR_FILENO) && b->inputs.n > 3);
  b->started = now_seconds();
  return true;
}

void batch_progress(batch *b, size_t i) {
  if (!b->progress) return;
  const input_item *it = &b->inputs.v[i];
  const char *name = it->rec.root ? json_string_value(record_get(&it->rec, "name")) : NULL;
  double spent = now_seconds() - b->started;
  fprintf(stderr, "[%zu/%zu] %s", i + 1, b->inputs.n, name ? name : it->source);
  if (i > 0) fprintf(stderr, "  已用 %.1f 秒，预计还需 %.1f 秒", spent, spent / (double)i * (double)(b->inputs.n - i));
  fputc('\n', stderr);
}

void batch_result(batch *b, size_t i, int rc, const char *name, char **files, size_t n_files, size_t errors,
                  size_t warnings) {
  batch_entry *e = &b->results[i];
  e->rc = rc;
  e->name = name ? xstrdup(name) : NULL;
  e->files = files;
  e->n_files = n_files;
  e->errors = errors;
  e->warnings = warnings;
}

static const char *outcome(int rc) {
  switch (rc) {
  case EXIT_OK: return "完成";
  case EXIT_INPUT: return "数据有错误";
  case EXIT_USAGE: return "版本或用法错误";
  case EXIT_TEMPLATE: return "模板有错误";
  case EXIT_OUTPUT: return "无法写出";
  default: return "安装不完整";
  }
}

/* Pads a cell to `width` display columns (汉字 count two). */
static void padded(FILE *out, const char *s, int width) {
  int w = 0;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, n - i, &c);
    if (!k) k = 1, c = '?';
    w += c >= 0x1100 ? 2 : 1;
    i += k;
  }
  fputs(s, out);
  for (; w < width; w++) fputc(' ', out);
}

static int close_batch(batch *b, bool json, FILE *out) {
  size_t failed = 0;
  for (size_t i = 0; i < b->inputs.n; i++) failed += b->results[i].rc != EXIT_OK;
  double spent = now_seconds() - b->started;
  if (json) {
    json_t *arr = json_array();
    for (size_t i = 0; i < b->inputs.n; i++) {
      const batch_entry *e = &b->results[i];
      json_t *files = json_array();
      for (size_t k = 0; k < e->n_files; k++) json_array_append_new(files, json_string(e->files[k]));
      json_array_append_new(arr, json_pack("{s:s, s:s?, s:b, s:i, s:s, s:o, s:I, s:I}", "input", b->inputs.v[i].source,
                                           "name", e->name, "ok", e->rc == EXIT_OK, "exit_code", e->rc, "result",
                                           outcome(e->rc), "written", files, "errors", (json_int_t)e->errors,
                                           "warnings", (json_int_t)e->warnings));
    }
    json_t *root = json_pack("{s:s, s:I, s:I, s:o}", "command", b->command, "clusters", (json_int_t)b->inputs.n,
                             "failed", (json_int_t)failed, "results", arr);
    json_dumpf(root, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(root);
  } else {
    fprintf(out, "\n%-4s  ", "序号");
    padded(out, "集群", 44);
    padded(out, "结果", 14);
    fprintf(out, "写出文件  错误  警告\n");
    for (size_t i = 0; i < b->inputs.n; i++) {
      const batch_entry *e = &b->results[i];
      fprintf(out, "%-4zu  ", i + 1);
      padded(out, e->name ? e->name : b->inputs.v[i].source, 44);
      padded(out, outcome(e->rc), 14);
      fprintf(out, "%8zu  %4zu  %4zu\n", e->n_files, e->errors, e->warnings);
    }
    fprintf(out, "共 %zu 个集群：%zu 个完成，%zu 个未完成（问题见上方）；用时 %.1f 秒。\n", b->inputs.n, b->inputs.n - failed, failed,
           spent);
  }
  for (size_t i = 0; i < b->inputs.n; i++) {
    for (size_t k = 0; k < b->results[i].n_files; k++) free(b->results[i].files[k]);
    free(b->results[i].files);
    free(b->results[i].name);
  }
  free(b->results);
  inputs_free(&b->inputs);
  catalog_free(&b->cat);
  return failed ? EXIT_INPUT : EXIT_OK;
}

int batch_close(batch *b, bool json) { return close_batch(b, json, stdout); }
int batch_close_to(batch *b, FILE *out) { return close_batch(b, false, out); }
