/* 字数: each narrative's limit is the one its label prints (200字以内; the plan 3000字以内; the
   汇总表 简介 300 or 150). We count every character that is not whitespace as one: the strictest
   way anyone counts, so a text within it is within the limit however the reviewer counts. Word's
   字数 (each Chinese character one, each run of Latin letters or digits one) is shown beside it,
   since that is the figure the applicant sees in Word or WPS. */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/format.h"
#include "record/lists.h"
#include "util/strbuf.h"

static void over(const check_input *in, check_report *out, const char *key, const char *what, size_t strict,
                 size_t word, int limit) {
  char *fix = xasprintf("删减到 %d 字以内（还需删去 %zu 字）。", limit, strict - (size_t)limit);
  char *value = xasprintf("%zu字", strict);
  check_add(in, out, DIAG_ERROR, "length", key, 0, value, fix, "%s共 %zu 字（不计空白；Word 字数统计为 %zu），超过 %d 字的限制。",
            what, strict, word, limit);
  free(value);
  free(fix);
}

void check_length(const check_input *in, check_report *out) {
  /* Narratives the form shows, each against its own limit. */
  for (size_t i = 0; i < in->slots->n; i++) {
    const field *f = catalog_find(in->cat, in->slots->v[i].key);
    if (!f || f->type != FT_TEXT || !f->limit || f->plan) continue;
    bool dup = false;
    for (size_t j = 0; j < i; j++) dup |= !strcmp(in->slots->v[j].key, f->key);
    const char *s = json_string_value(json_get_path(in->rec->root, f->key));
    if (dup || !s) continue;
    size_t n = count_strict(s);
    if (n > (size_t)f->limit) over(in, out, f->key, "", n, count_word(s), f->limit);
  }
  /* The development plan as a whole: its texts and the goal table's cells as printed. */
  int plan_limit = in->ed->limit_plan ? in->ed->limit_plan : in->cat->plan_limit;
  bool shows_plan = false;
  for (size_t i = 0; i < in->slots->n; i++) shows_plan |= !strncmp(in->slots->v[i].key, "plan.", 5);
  if (plan_limit && shows_plan) {
    strbuf all = {0};
    for (size_t i = 0; i < in->cat->n; i++) {
      const field *f = &in->cat->fields[i];
      if (!f->plan || f->type != FT_TEXT) continue;
      bool shown = false;
      for (size_t j = 0; j < in->slots->n; j++) shown |= !strcmp(in->slots->v[j].key, f->key);
      json_t *v = shown ? json_get_path(in->rec->root, f->key) : NULL;
      if (json_is_string(v)) sb_printf(&all, "%s\n", json_string_value(v));
      const char *y;
      json_t *x;
      if (json_is_object(v)) json_object_foreach(v, y, x) if (json_is_string(x)) sb_printf(&all, "%s\n", json_string_value(x));
    }
    json_t *goals = json_get_path(in->rec->root, "plan.goals");
    size_t i;
    json_t *row;
    json_array_foreach(goals, i, row) {
      static const char *const cols[] = {"indicator", "baseline", "target"};
      for (int c = 0; c < 3; c++) {
        json_t *v = json_object_get(row, cols[c]);
        const char *unit = json_string_value(json_object_get(row, "unit"));
        if (json_is_string(v)) sb_printf(&all, "%s\n", json_string_value(v));
        if (json_is_number(v)) {
          char *num = format_number(json_number_value(v));
          sb_printf(&all, "%s%s\n", num, unit ? unit : "");
          free(num);
        }
      }
    }
    if (all.s) {
      size_t n = count_strict(all.s);
      if (n > (size_t)plan_limit) over(in, out, "plan", "发展规划（第八部分，含发展目标表）", n, count_word(all.s), plan_limit);
    }
    sb_free(&all);
  }
  /* The 汇总表 简介, where the edition has one. */
  const char *intro = json_string_value(json_get_path(in->rec->root, "intro"));
  if (intro && in->ed->limit_intro > 0) {
    size_t n = count_strict(intro);
    if (n > (size_t)in->ed->limit_intro) over(in, out, "intro", "", n, count_word(intro), in->ed->limit_intro);
  }
}
