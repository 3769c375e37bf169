/* Derived indicators: what the form asks for, computed from raw figures when the record has them.
   A computed value the record does not state is filled in (the form then shows it); one it states
   is compared, and a difference above 0.01 is flagged. Every formula is written out in the report.

   近三年年均增速 is the compound annual growth rate, (末年 ÷ 基年)^(1/n) − 1: the one constant yearly
   rate that takes the base year's figure to the latest year's. With the year before the first
   column (基年) in the record, n = 3 and it is the geometric mean of the three yearly rates the form
   prints; without it, the first column is the base and n = 2. The arithmetic mean of the yearly
   rates is not used: it overstates growth whenever the rates differ. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/format.h"
#include "util/strbuf.h"

/* "A difference above 0.01"; the small epsilon keeps 20.01 against 20.00 (a double difference of
   0.0100000000000016) on the side a person means. */
#define TOLERANCE (0.01 + 1e-9)

static void set_number(json_t *root, const char *key, int year, json_t *v) {
  json_t *obj = root;
  char *copy = xstrdup(key), *save = NULL;
  char *part = strtok_r(copy, ".", &save);
  while (part) {
    char *next = strtok_r(NULL, ".", &save);
    if (!next && !year) {
      json_object_set_new(obj, part, v);
      v = NULL;
      break;
    }
    json_t *child = json_object_get(obj, part);
    if (!json_is_object(child)) json_object_set_new(obj, part, child = json_object());
    obj = child;
    part = next;
  }
  if (year) {
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    json_object_set_new(obj, ys, v);
  } else {
    json_decref(v);
  }
  free(copy);
}

void check_fill_derived(const check_input *in, check_report *out, const char *key, int year, double v,
                        const char *formula, bool count) {
  if (!isfinite(v)) return;
  const field *f = catalog_find(in->cat, key);
  double stated;
  bool has = check_number(out, key, year, &stated);
  char *shown = count ? xasprintf("%.0f", v) : format_decimal2(v);
  char *label = year ? xasprintf("%s（%d年）", f ? edition_label(in->ed, key, f->label) : key, year)
                     : xstrdup(f ? edition_label(in->ed, key, f->label) : key);
  out->derived = xrealloc(out->derived, (out->n_derived + 1) * sizeof *out->derived);
  derived_value *d = &out->derived[out->n_derived++];
  d->key = year ? xasprintf("%s.%d", key, year) : xstrdup(key);
  d->label = label;
  d->value = xstrdup(shown);
  d->formula = xstrdup(formula);
  d->filled = !has;
  if (!has) {
    set_number(out->filled, key, year, count ? json_integer((json_int_t)v) : json_real(v));
    check_add(in, out, DIAG_NOTE, count ? "roster" : "derived", key, year, NULL, NULL, "记录中没有这一项，已按 %s 计算为 %s 并填入。",
              formula, shown);
  } else if (count ? stated != v : fabs(stated - v) > TOLERANCE) {
    char *st = count ? xasprintf("%.0f", stated) : format_decimal2(stated);
    if (count) {
      char *fix = xasprintf("核对企业名单和填报的数量：按企业名单应为 %s。", shown);
      check_add(in, out, DIAG_WARNING, "roster", key, year, st, fix, "填报的 %s 与按%s数得的 %s 不一致。", st, formula, shown);
      free(fix);
    } else {
      char *fix = xasprintf("核对原始数据和填报值；按原始数据应为 %s。", shown);
      check_add(in, out, DIAG_WARNING, "derived", key, year, st, fix, "填报值 %s 与按 %s 计算的 %s 相差 %.2f，超过 0.01。", st,
                formula, shown, fabs(stated - v));
      free(fix);
    }
    free(st);
  }
  free(shown);
}

static void derived(const check_input *in, check_report *out, const char *key, int year, double v,
                    const char *formula) {
  check_fill_derived(in, out, key, year, v, formula, false);
}

/* A raw figure of the record itself (never a derived one). */
static bool raw(const check_input *in, const char *key, int year, double *v) {
  json_t *x = json_get_path(in->rec->root, key);
  if (year) {
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    x = json_is_object(x) ? json_object_get(x, ys) : NULL;
  }
  if (!json_is_number(x)) return false;
  *v = json_number_value(x);
  return true;
}

static void share(const check_input *in, check_report *out, const char *key, const char *part, const char *part_name,
                  int year) {
  double p, t;
  if (!raw(in, part, year, &p) || !raw(in, "output.total", year, &t) || t <= 0) return;
  char *formula = xasprintf("%s ÷ 集群总产值 × 100", part_name);
  derived(in, out, key, year, p / t * 100, formula);
  free(formula);
}

static void growth(const check_input *in, check_report *out, const char *key, const char *from, const char *name,
                   int year) {
  double a, b;
  if (!raw(in, from, year - 1, &a) || !raw(in, from, year, &b) || a <= 0) return;
  char *formula = xasprintf("（%d年%s ÷ %d年%s − 1）× 100", year, name, year - 1, name);
  derived(in, out, key, year, (b / a - 1) * 100, formula);
  free(formula);
}

/* The compound annual growth over the edition's three columns (see the comment at the top). */
static void cagr(const check_input *in, check_report *out, const char *key, const char *from, const char *name,
                 const int years[3]) {
  double base, last;
  int y0 = years[0] - 1, n = 3;
  if (!raw(in, from, y0, &base)) y0 = years[0], n = 2;
  if (!raw(in, from, y0, &base) || !raw(in, from, years[2], &last) || base <= 0) return;
  char *formula = xasprintf("〔（%d年%s ÷ %d年%s）^（1/%d）− 1〕× 100", years[2], name, y0, name, n);
  derived(in, out, key, 0, (pow(last / base, 1.0 / n) - 1) * 100, formula);
  free(formula);
}

void check_derive(const check_input *in, check_report *out) {
  int years[3];
  for (int i = 0; i < 3; i++) {
    char sel[4] = {'y', (char)('1' + i), 0};
    years[i] = check_slot_year(in, sel);
  }
  if (!years[0]) return; /* no year columns known (nmg-2023 without a "year") */
  for (int i = 0; i < 3; i++) {
    int y = years[i];
    share(in, out, "output.sme_share", "output.sme_value", "中小企业产值", y);
    share(in, out, "output.leading_share", "output.leading_value", "主导产业产值", y);
    growth(in, out, "output.leading_growth", "output.leading_value", "主导产业产值", y);
    growth(in, out, "rd.growth", "rd.spend", "研发经费支出", y);
    double spend, sme;
    if (raw(in, "rd.sme_spend", y, &spend) && raw(in, "output.sme_value", y, &sme) && sme > 0)
      derived(in, out, "rd.intensity", y, spend / sme * 100, "中小企业研发经费支出 ÷ 中小企业产值 × 100");
  }
  cagr(in, out, "output.leading_cagr", "output.leading_value", "主导产业产值", years);
  cagr(in, out, "patents.growth", "patents.history", "有效发明专利数量", years);
  /* Without raw outputs, the form's own yearly rates give the average rate. */
  double g[3];
  if (!raw(in, "output.leading_value", years[2], &g[0]) && check_number(out, "output.leading_growth", years[0], &g[0]) &&
      check_number(out, "output.leading_growth", years[1], &g[1]) &&
      check_number(out, "output.leading_growth", years[2], &g[2]) && g[0] > -100 && g[1] > -100 && g[2] > -100) {
    double m = pow((1 + g[0] / 100) * (1 + g[1] / 100) * (1 + g[2] / 100), 1.0 / 3);
    double stated;
    /* The yearly rates are themselves rounded to 0.01, so their mean is only known to about that. */
    if (!check_number(out, "output.leading_cagr", 0, &stated))
      derived(in, out, "output.leading_cagr", 0, (m - 1) * 100, "三个年度增速的几何平均：〔（1+g₁）（1+g₂）（1+g₃）〕^（1/3）− 1");
    else if (fabs(stated - (m - 1) * 100) > 0.05) {
      char *st = format_decimal2(stated), *calc = format_decimal2((m - 1) * 100);
      char *fix = xasprintf("按三个年度增速计算应约为 %s；核对后修改其一。", calc);
      check_add(in, out, DIAG_WARNING, "consistency", "output.leading_cagr", 0, st, fix,
                "近三年年均增速 %s 与表中三个年度的增速（几何平均 %s）不一致。", st, calc);
      free(st);
      free(calc);
      free(fix);
    }
  }
  double staff, emp, count;
  if (raw(in, "rd.staff", 0, &staff) && raw(in, "employees.sme", 0, &emp) && emp > 0)
    derived(in, out, "rd.staff_share", 0, staff / emp * 100, "研发人员数量 ÷ 中小企业从业人员数量 × 100");
  if (raw(in, "patents.count", 0, &count) && raw(in, "employees.sme", 0, &emp) && emp > 0)
    derived(in, out, "patents.per_10k", 0, count / emp * 10000, "有效发明专利拥有量 ÷ 中小企业从业人员数量 × 10000");
}
