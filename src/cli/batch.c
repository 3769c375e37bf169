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

double batch_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

bool batch_open(batch *b, const char *command, const char *templates, const char *edition_id, char *const *paths,
                size_t n, bool progress, bool unique) {
  memset(b, 0, sizeof *b);
  b->command = command;
  diag_list d = {0};
  char *fields_path = path_join(templates, "fields.json");
  bool ok = catalog_load(&b->cat, fields_path, &d);
  free(fields_path);
  if (ok) inputs_load(paths, n, &b->cat, edition_id, templates, &b->inputs, &d);
  if (!ok) {
    diag_print(stderr, &d);
    diag_free(&d);
    return false;
  }
  b->results = calloc(b->inputs.n + 1, sizeof *b->results);
  /* Two clusters of one name and edition would write the same files: the later is not done. */
  for (size_t i = 0; unique && i < b->inputs.n; i++) {
    input_item *it = &b->inputs.v[i];
    const char *name = it->rec.root ? json_string_value(record_get(&it->rec, "name")) : NULL;
    const char *ed = edition_id ? edition_id : it->rec.root ? record_edition(&it->rec) : NULL;
    for (size_t j = 0; name && !it->failed && j < i; j++) {
      input_item *o = &b->inputs.v[j];
      const char *other = o->rec.root ? json_string_value(record_get(&o->rec, "name")) : NULL;
      const char *oed = edition_id ? edition_id : o->rec.root ? record_edition(&o->rec) : NULL;
      if (other && !strcmp(other, name) && (ed == oed || (ed && oed && !strcmp(ed, oed)))) {
        diag_place at = {.file = it->rec.file, .where = "$.name", .key = "name", .label = "集群名称"};
        const char *where = json_string_value(json_object_get(it->rec.places, "name"));
        if (where) at.where = where;
        diag_add(&d, DIAG_ERROR, &at, "改正集群名称，或去掉重复的一份数据。",
                 "集群「%s」在这批数据中出现了两次（另一份是 %s），生成的文件会互相覆盖，这一份没有生成。", name, o->source);
        it->failed = true;
      }
    }
  }
  diag_print(stderr, &d);
  diag_free(&d);
  b->progress = progress || (isatty(STDERR_FILENO) && b->inputs.n > 3);
  b->started = batch_now();
  return true;
}

void batch_entry_set(batch_entry *e, int rc, const char *name, char **files, size_t n_files, size_t errors,
                     size_t warnings) {
  e->rc = rc;
  e->name = name ? xstrdup(name) : NULL;
  e->files = files;
  e->n_files = n_files;
  e->errors = errors;
  e->warnings = warnings;
}

bool batch_jobs_arg(const char *s, int *jobs) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || end == s || v < 1 || v > 64) return false;
  *jobs = (int)v;
  return true;
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
  /* A longer name keeps two spaces before the next column. */
  for (int k = 0; k < 2 || w < width; k++, w++) fputc(' ', out);
}

static int close_batch(batch *b, bool json, FILE *out) {
  size_t failed = 0;
  for (size_t i = 0; i < b->inputs.n; i++) failed += b->results[i].rc != EXIT_OK;
  double spent = batch_now() - b->started;
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
    /* check writes no files: its table has no column for them. */
    bool writes = strcmp(b->command, "check") != 0;
    fprintf(out, "\n%-4s  ", "序号");
    padded(out, "集群", 42);
    padded(out, "结果", 12);
    fprintf(out, "%s错误  警告\n", writes ? "写出文件  " : "");
    for (size_t i = 0; i < b->inputs.n; i++) {
      const batch_entry *e = &b->results[i];
      fprintf(out, "%-4zu  ", i + 1);
      padded(out, e->name ? e->name : b->inputs.v[i].source, 42);
      padded(out, writes || e->rc != EXIT_OK ? outcome(e->rc) : "没有错误", 12);
      if (writes) fprintf(out, "%8zu  ", e->n_files);
      /* An input that could not be read at all has its problems above, not counted here. */
      if (b->inputs.v[i].failed && !e->errors) fprintf(out, "%4s  %4s\n", "-", "-");
      else fprintf(out, "%4zu  %4zu\n", e->errors, e->warnings);
    }
    if (writes)
      fprintf(out, "共 %zu 个集群：%zu 个完成，%zu 个未完成（问题见上方）；用时 %.1f 秒。\n", b->inputs.n, b->inputs.n - failed,
              failed, spent);
    else
      fprintf(out, "共 %zu 个集群：%zu 个没有错误，%zu 个有错误或无法检查（见上方）；用时 %.1f 秒。\n", b->inputs.n,
              b->inputs.n - failed, failed, spent);
  }
  for (size_t i = 0; i < b->inputs.n; i++) {
    for (size_t k = 0; k < b->results[i].n_files; k++) free(b->results[i].files[k]);
    free(b->results[i].files);
    free(b->results[i].name);
    free(b->results[i].data);
  }
  free(b->results);
  inputs_free(&b->inputs);
  catalog_free(&b->cat);
  return failed ? EXIT_INPUT : EXIT_OK;
}

int batch_close(batch *b, bool json) { return close_batch(b, json, stdout); }
int batch_close_to(batch *b, FILE *out) { return close_batch(b, false, out); }
