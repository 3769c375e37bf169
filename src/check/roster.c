/* The 企业名单 (enterprises): the enterprises behind the counts of parts 二 and 三, one row each.
   Each 统一社会信用代码 is checked by its GB 32100 check character; the counts the form asks for
   (专精特新, “小巨人”, 单项冠军, 高新技术, 创新型, by year) are counted from the list: filled in when
   the record does not state them, compared when it does. An enterprise counts from the year it was
   recognised (认定年份); one without a year counts in every year. A category the list has no row of
   is not counted: a list may name only some kinds of enterprise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/uscc.h"
#include "util/strbuf.h"

typedef struct {
  const char *key;         /* the count's field */
  const char *categories;  /* the enterprises it counts: category ids separated by spaces */
  const char *words;       /* how it is counted, in the report */
} count_rule;

static const count_rule COUNTS[] = {
    {"firms.specialized", "specialized", "类别为专精特新中小企业的企业数"},
    {"firms.little_giant", "little_giant", "类别为专精特新“小巨人”的企业数"},
    {"firms.champion", "champion", "类别为制造业单项冠军的企业数"},
    {"firms.hightech", "hightech", "类别为高新技术企业的企业数"},
    {"firms.hightech_innovative", "hightech innovative", "类别为高新技术企业或创新型中小企业的企业数"},
    {"firms.innovative", "innovative", "类别为创新型中小企业的企业数"},
};

static bool in_list(const char *list, const char *id) {
  size_t n = strlen(id);
  for (const char *p = list; (p = strstr(p, id)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n])) return true;
  return false;
}

/* Whether the edition's form shows a key (its template has a tag for it). */
static bool shown(const check_input *in, const char *key) {
  for (size_t i = 0; in->slots && i < in->slots->n; i++)
    if (!strcmp(in->slots->v[i].key, key)) return true;
  return false;
}

static void row_finding(const check_input *in, check_report *out, diag_severity sev, size_t row, const char *item,
                        const char *value, const char *fix, const char *msg) {
  /* The place of the row's cell: a workbook's sheet!cell, or the JSON's line and column. */
  char idx[32];
  snprintf(idx, sizeof idx, "%zu", row);
  const char *path[] = {"enterprises", idx, item};
  char *where = xasprintf("$.enterprises[%zu].%s", row, item);
  diag_place at = {.file = in->rec->file, .where = where, .key = "enterprises", .label = "企业名单"};
  record_locate(in->rec, path, 3, &at.line, &at.col, &at.where);
  diag_add(&out->findings, sev, &at, fix, "%s", msg);
  diag_tag(&out->findings, "roster", value);
  free(where);
}

void check_roster(const check_input *in, check_report *out) {
  json_t *list = json_get_path(in->rec->root, "enterprises");
  if (!json_is_array(list) || !json_array_size(list)) return;
  size_t i;
  json_t *e;
  json_array_foreach(list, i, e) {
    const char *name = json_string_value(json_object_get(e, "name"));
    const char *code = json_string_value(json_object_get(e, "uscc"));
    const char *cat = json_string_value(json_object_get(e, "category"));
    char who[300];
    snprintf(who, sizeof who, "「%s」", name ? name : "（未填企业名称）");
    if (code && *code) {
      char expected = 0;
      int bad = 0;
      char *msg = NULL, *fix = NULL;
      switch (uscc_check(code, &expected, &bad)) {
      case USCC_OK: break;
      case USCC_LENGTH:
        msg = xasprintf("%s的统一社会信用代码「%s」不是 18 位。", who, code);
        fix = xstrdup("按营业执照核对，统一社会信用代码为 18 位数字或大写字母。");
        break;
      case USCC_CHARACTER:
        msg = xasprintf("%s的统一社会信用代码「%s」第 %d 位不是统一社会信用代码用的字符。", who, code, bad);
        fix = xstrdup("统一社会信用代码只用数字和大写字母（不用 I、O、Z、S、V）；按营业执照核对。");
        break;
      case USCC_CHECK:
        msg = xasprintf("%s的统一社会信用代码「%s」校验位不对：按前 17 位，第 18 位应为 %c（GB 32100）。", who, code, expected);
        fix = xstrdup("按营业执照逐位核对，多半是其中一位抄错了。");
        break;
      }
      if (msg) row_finding(in, out, DIAG_ERROR, i, "uscc", code, fix, msg);
      free(msg);
      free(fix);
      /* The same enterprise twice in one category counts it twice. */
      for (size_t j = 0; j < i; j++) {
        json_t *o = json_array_get(list, j);
        const char *oc = json_string_value(json_object_get(o, "uscc"));
        const char *ocat = json_string_value(json_object_get(o, "category"));
        if (oc && !strcmp(oc, code) && ocat && cat && !strcmp(ocat, cat)) {
          char *m = xasprintf("%s与第 %zu 行是同一家企业（统一社会信用代码相同），同一类别列了两次，会被数两次。", who, j + 1);
          row_finding(in, out, DIAG_WARNING, i, "uscc", code, "删去重复的一行。", m);
          free(m);
          break;
        }
      }
    } else {
      char *m = xasprintf("%s没有填统一社会信用代码，评审无法核对。", who);
      row_finding(in, out, DIAG_WARNING, i, "uscc", NULL, "按营业执照填写 18 位统一社会信用代码。", m);
      free(m);
    }
    /* 专精特新、“小巨人”和创新型 are kinds of 中小企业. */
    json_t *sme = json_object_get(e, "sme");
    if (json_is_false(sme) && cat && in_list("specialized little_giant innovative", cat)) {
      char *m = xasprintf("%s的类别是中小企业的一种，却填了“不是中小企业”。", who);
      row_finding(in, out, DIAG_WARNING, i, "sme", "否", "核对企业规模和类别：专精特新、“小巨人”、创新型企业都是中小企业。", m);
      free(m);
    }
  }
  /* The counts, for each year the form shows (and once for a count without years). */
  int years[3], last = 0;
  for (int k = 0; k < 3; k++) {
    char sel[4] = {'y', (char)('1' + k), 0};
    years[k] = check_slot_year(in, sel);
    if (years[k] > last) last = years[k];
  }
  for (size_t r = 0; r < sizeof COUNTS / sizeof *COUNTS; r++) {
    const count_rule *c = &COUNTS[r];
    const field *f = catalog_find(in->cat, c->key);
    if (!f || !shown(in, c->key)) continue;
    bool used = false;
    json_array_foreach(list, i, e) {
      const char *cat = json_string_value(json_object_get(e, "category"));
      used |= cat && in_list(c->categories, cat);
    }
    if (!used) continue;
    for (int k = 0; k < (f->series ? 3 : 1); k++) {
      int y = f->series ? years[k] : last;
      if (f->series && !y) continue;
      double n = 0;
      json_array_foreach(list, i, e) {
        const char *cat = json_string_value(json_object_get(e, "category"));
        json_t *ey = json_object_get(e, "year");
        if (cat && in_list(c->categories, cat) && (!json_is_integer(ey) || !y || json_integer_value(ey) <= y)) n++;
      }
      char *formula = y ? xasprintf("企业名单中%s（认定年份在 %d 年及以前）", c->words, y) : xasprintf("企业名单中%s", c->words);
      check_fill_derived(in, out, c->key, f->series ? y : 0, n, formula, true);
      free(formula);
    }
  }
}
