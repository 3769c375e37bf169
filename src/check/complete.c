/* Completeness: every cell the edition's form shows gets a value. A missing number is an error (a
   reviewer cannot read "无" as a figure); an empty text is written as 无 (填报说明 2), which is
   allowed, so it is a note; a yes/no or one-of question nobody answered is an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/lists.h"
#include "util/strbuf.h"

static bool seen(char ***done, size_t *n, const char *key, int year) {
  char *id = xasprintf("%s@%d", key, year);
  for (size_t i = 0; i < *n; i++)
    if (!strcmp((*done)[i], id)) {
      free(id);
      return true;
    }
  *done = xrealloc(*done, (*n + 1) * sizeof **done);
  (*done)[(*n)++] = id;
  return false;
}

static bool present(const check_report *r, const char *key, int year) {
  json_t *v = json_get_path(r->filled, key);
  if (year) {
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    v = json_is_object(v) ? json_object_get(v, ys) : NULL;
  }
  if (!v || json_is_null(v)) return false;
  if (json_is_string(v)) return *json_string_value(v) != '\0';
  if (json_is_array(v)) return json_array_size(v) > 0;
  return true;
}

static void goal_rows(const check_input *in, check_report *out) {
  json_t *rows = list_rows(in->ed, in->rec, "plan.goals", false);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *ind = json_string_value(json_object_get(row, "indicator"));
    const char *dir = json_string_value(json_object_get(row, "direction"));
    static const char *const cols[] = {"baseline", "target"};
    static const char *const names[] = {"基准值", "目标值"};
    for (int c = 0; c < 2; c++) {
      json_t *v = json_object_get(row, cols[c]);
      if (v && !(json_is_string(v) && !*json_string_value(v))) continue;
      char *fix = xasprintf("在 plan.goals 中为「%s」填写 %s（数字，或定性描述的文字）。", ind ? ind : "", cols[c]);
      check_add(in, out, DIAG_ERROR, "completeness", "plan.goals", 0, NULL, fix, "发展目标表「%s / %s」缺少%s。",
                dir ? dir : "", ind ? ind : "", names[c]);
      free(fix);
    }
  }
  json_decref(rows);
}

void check_completeness(const check_input *in, check_report *out) {
  char **done = NULL;
  size_t n_done = 0;
  for (size_t i = 0; i < in->slots->n; i++) {
    const slot *s = &in->slots->v[i];
    const field *f = catalog_find(in->cat, s->key);
    if (!f) continue;
    if (s->kind == TAG_EACH) {
      if (f->type == FT_LIST && !seen(&done, &n_done, s->key, 0)) goal_rows(in, out);
      continue;
    }
    int year = f->series ? check_slot_year(in, s->sel) : 0;
    if (f->series && !year) continue; /* nmg-2023 without a year: the columns print XX */
    if (seen(&done, &n_done, s->key, year) || present(out, s->key, year)) continue;
    if (s->kind == TAG_CHECK && f->type == FT_MULTI) continue; /* ticking none is an answer */
    if (field_type_is_number(f->type) || f->type == FT_VALUE) {
      check_add(in, out, DIAG_ERROR, "completeness", s->key, year, NULL, "填写这个数字；确实为零时写 0。",
                "缺少数字：申报表的这一格必须填写数字%s。", year ? "（按年份）" : "");
    } else if (f->type == FT_BOOL || f->type == FT_CHOICE) {
      check_add(in, out, DIAG_ERROR, "completeness", s->key, 0, NULL,
                in->rec->places ? (f->type == FT_BOOL ? "从下拉列表中选“是”或“否”。" : "从下拉列表中选择。")
                : f->type == FT_BOOL ? "写 true（是）或 false（否）。"
                                     : "写出所选的选项（clusterform fields 列出可选项）。",
                "这一问没有回答，申报表上的选项都不会勾选。");
    } else if (f->required) {
      check_add(in, out, DIAG_ERROR, "completeness", s->key, year, NULL, "填写这一栏。", "必填栏目为空。");
    } else {
      check_add(in, out, DIAG_NOTE, "completeness", s->key, year, NULL, NULL, "没有填写，申报表上将写作“无”。");
    }
  }
  for (size_t i = 0; i < n_done; i++) free(done[i]);
  free(done);
}
