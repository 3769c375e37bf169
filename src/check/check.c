#include "check/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge/eval.h"
#include "record/locate.h"
#include "util/strbuf.h"
#include "util/utf8.h"

void check_run(const check_input *in, check_report *out) {
  memset(out, 0, sizeof *out);
  out->filled = json_deep_copy(in->rec->root);
  /* Derived values first: the later rules judge the figures the form will show. */
  check_derive(in, out);
  check_roster(in, out);
  check_completeness(in, out);
  check_format(in, out);
  check_length(in, out);
  check_consistency(in, out);
  check_criteria(in, out);
  check_targets(in, out);
  if (!in->no_evidence) check_evidence(in, out);
}

static void free_judgements(judgement *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(v[i].id);
    free(v[i].text);
    free(v[i].figures);
  }
  free(v);
}

void check_report_free(check_report *r) {
  diag_free(&r->findings);
  free_judgements(r->criteria, r->n_criteria);
  free_judgements(r->targets, r->n_targets);
  free(r->criteria_title);
  for (size_t i = 0; i < r->n_derived; i++) {
    free(r->derived[i].key);
    free(r->derived[i].label);
    free(r->derived[i].value);
    free(r->derived[i].formula);
  }
  free(r->derived);
  for (size_t i = 0; i < r->n_evidence; i++) {
    free(r->evidence[i].part);
    free(r->evidence[i].item);
    free(r->evidence[i].material);
  }
  free(r->evidence);
  json_decref(r->filled);
  memset(r, 0, sizeof *r);
}

bool check_number(const check_report *r, const char *key, int year, double *out) {
  json_t *v = json_get_path(r->filled, key);
  if (year) {
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    v = json_is_object(v) ? json_object_get(v, ys) : NULL;
  }
  if (!json_is_number(v)) return false;
  *out = json_number_value(v);
  return true;
}

int check_slot_year(const check_input *in, const char *sel) {
  merge_env env = {.cat = in->cat, .ed = in->ed, .rec = in->rec};
  bool unknown;
  return selector_year(&env, sel, &unknown);
}

void check_add(const check_input *in, check_report *out, diag_severity sev, const char *rule, const char *key,
               int year, const char *value, const char *fix, const char *fmt, ...) {
  const field *f = key ? catalog_find(in->cat, key) : NULL;
  char *where = NULL;
  diag_place at = {.file = in->rec->file};
  if (key) {
    where = year ? xasprintf("$.%s.%d", key, year) : xasprintf("$.%s", key);
    /* The line and column where the value stands, when the record has it. */
    const char *parts[16];
    size_t n = 0;
    char *copy = xstrdup(key), *save = NULL;
    for (char *p = strtok_r(copy, ".", &save); p && n < 15; p = strtok_r(NULL, ".", &save)) parts[n++] = p;
    char ys[16];
    if (year) snprintf(ys, sizeof ys, "%d", year), parts[n++] = ys;
    at.where = where;
    /* A JSON file locates the values it has (a null one too); a workbook also the empty cell a
       missing one goes in. */
    record_locate(in->rec, parts, n, &at.line, &at.col, &at.where);
    free(copy);
    at.key = key;
    at.label = f ? edition_label(in->ed, key, f->label) : NULL;
  }
  strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  diag_add(&out->findings, sev, &at, fix, "%s", b.s ? b.s : "");
  diag_tag(&out->findings, rule, value);
  sb_free(&b);
  free(where);
}

void check_add_judgement(judgement **v, size_t *n, const char *id, const char *text, const char *figures,
                         crit_result result) {
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  judgement *j = &(*v)[(*n)++];
  j->id = xstrdup(id ? id : "");
  j->text = xstrdup(text ? text : "");
  j->figures = xstrdup(figures ? figures : "");
  j->result = result;
}

static bool is_space_cp(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0 || c == 0x2028 ||
         c == 0x2029 || c == 0xFEFF;
}

size_t count_strict(const char *s) {
  size_t n = 0, len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, len - i, &c);
    if (!k) k = 1, c = '?';
    n += !is_space_cp(c);
    i += k;
  }
  return n;
}

/* East Asian characters and full-width punctuation count one each in Word's 字数; a run of other
   non-space characters (a Latin word, a number such as 12.50) counts one. */
static bool is_east_asian(uint32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x3000 && c <= 0x303F) ||
         c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 || c == 0x2026 || c == 0x00B7;
}

size_t count_word(const char *s) {
  size_t n = 0, len = strlen(s);
  bool in_word = false;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, len - i, &c);
    if (!k) k = 1, c = '?';
    if (is_space_cp(c)) {
      in_word = false;
    } else if (is_east_asian(c)) {
      n++;
      in_word = false;
    } else if (!in_word) {
      n++;
      in_word = true;
    }
    i += k;
  }
  return n;
}
