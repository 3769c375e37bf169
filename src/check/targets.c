/* Plan targets: part 八's goal table (plan.goals) against the requirements the form prints in its
   备注 ("目标值须符合以下要求：产值年均增速不低于10% …"). The requirements, with the indicator rows
   they apply to, are the "targets" list of the edition's criteria file; an edition without a goal
   table (no target_year, nmg-2023) has nothing to judge. Format and rules: docs/check.md.

   Measures of a row (baseline b, target t, n = target_year − baseline_year):
     target     t                          (集群产值年均增速 ≥ 10, 工业互联网普及率 45 左右)
     change     t − b                      (优质中小企业数量逐年增加: > 0)
     cagr       ((t ÷ b)^(1/n) − 1) × 100  (研发经费 ≥ 10, 有效发明专利 ≥ 15)
     reduction  (b − t) ÷ b × 100          (二氧化碳排放量 18 左右, 单位工业产值能耗 13.5 左右)
   Each is rounded to two decimals before it is compared, as the form would print it.
   "左右" (op "about"): reaching the figure or going beyond it is met; up to `band` per cent below it
   is still met (about the figure); further below is not met and only a warning, never an error,
   since "左右" sets no hard limit. Any other requirement not met is an error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/criteria.h"
#include "record/format.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* The text without any white space (ASCII or U+3000), for matching indicator names. */
static char *squeeze(const char *s) {
  strbuf b = {0};
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, len - i, &c);
    if (!k) k = 1, c = '?';
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0)) sb_add(&b, s + i, k);
    i += k;
  }
  return sb_take(&b);
}

static bool name_matches(json_t *names, const char *indicator) {
  char *have = squeeze(indicator);
  bool found = false;
  if (json_is_string(names)) {
    char *want = squeeze(json_string_value(names));
    found = !strcmp(have, want);
    free(want);
  }
  size_t i;
  json_t *n;
  json_array_foreach(names, i, n) {
    char *want = squeeze(json_string_value(n));
    found |= !strcmp(have, want);
    free(want);
  }
  free(have);
  return found;
}

static json_t *find_row(json_t *rows, json_t *names) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *ind = json_string_value(json_object_get(row, "indicator"));
    if (ind && name_matches(names, ind)) return row;
  }
  return NULL;
}

/* A cell as a number: a JSON number, or a text that is nothing but a number ("12.5"). */
static bool cell_number(json_t *v, double *out) {
  if (json_is_number(v)) {
    *out = json_number_value(v);
    return true;
  }
  const char *s = json_string_value(v);
  if (!s) return false;
  while (*s == ' ') s++;
  char *end;
  double d = strtod(s, &end);
  if (end == s) return false;
  while (*end == ' ') end++;
  if (*end || !isfinite(d)) return false;
  *out = d;
  return true;
}

static char *cell_text(json_t *v) {
  if (json_is_number(v)) return format_number(json_number_value(v));
  if (json_is_string(v)) return xstrdup(json_string_value(v));
  return xstrdup("（空）");
}

static char *num(double v) { return format_number(v); }

/* Rounded up (at least) or down (at most) to what a target cell would show. */
static char *suggest(double v, bool up, bool whole) {
  double scale = whole ? 1 : 100;
  double r = up ? ceil(v * scale - 1e-9) / scale : floor(v * scale + 1e-9) / scale;
  return whole ? xasprintf("%.0f", r) : format_decimal2(r);
}

void check_targets(const check_input *in, check_report *out) {
  if (!in->ed || !in->ed->target_year || !in->ed->baseline_year) return; /* no goal table */
  json_t *file = criteria_file_load(in, out, false);
  json_t *targets = json_object_get(file, "targets");
  if (!json_array_size(targets)) {
    json_decref(file);
    return;
  }
  json_t *rows = json_get_path(out->filled ? out->filled : in->rec->root, "plan.goals");
  int base_year = in->ed->baseline_year, target_year = in->ed->target_year, n = target_year - base_year;
  size_t i;
  json_t *t;
  json_array_foreach(targets, i, t) {
    const char *id = json_string_value(json_object_get(t, "id"));
    const char *text = json_string_value(json_object_get(t, "text"));
    json_t *names = json_object_get(t, "indicator");
    const char *indicator = json_is_string(names) ? json_string_value(names) : json_string_value(json_array_get(names, 0));
    const char *measure = json_string_value(json_object_get(t, "measure"));
    const char *op = json_string_value(json_object_get(t, "op"));
    bool about = !strcmp(op, "about");
    double value = json_number_value(json_object_get(t, "value"));
    double band = json_number_value(json_object_get(t, "band"));
    bool percent = !strcmp(measure, "cagr") || !strcmp(measure, "reduction");
    json_t *row = find_row(rows, names);
    const char *row_unit = row ? json_string_value(json_object_get(row, "unit")) : NULL;
    if (!row_unit) row_unit = "";
    const char *tunit = json_string_value(json_object_get(t, "unit"));
    if (!tunit) tunit = percent ? "%" : strcmp(measure, "change") ? row_unit : "";
    char th[64];
    criteria_format_threshold(value, th, sizeof th);

    strbuf fig = {0};
    crit_result result = CRIT_UNKNOWN;
    char *fix = NULL, *value_text = NULL;
    diag_severity sev = DIAG_WARNING;
    char *msg = NULL;

    double b = 0, tv = 0;
    bool need_base = strcmp(measure, "target") != 0;
    json_t *bcell = row ? json_object_get(row, "baseline") : NULL, *tcell = row ? json_object_get(row, "target") : NULL;
    bool b_ok = row && cell_number(bcell, &b), t_ok = row && cell_number(tcell, &tv);
    if (row) value_text = cell_text(tcell);

    if (!row) {
      sb_printf(&fig, "“%s”一行未填写", indicator);
      msg = xasprintf("发展目标表“%s”一行未填写，无法核对备注要求“%s”。", indicator, text);
      fix = xasprintf("在发展目标表中填写“%s”的%d年基准值和%d年目标值（数字）。", indicator, base_year, target_year);
    } else if (!t_ok || (need_base && !b_ok)) {
      bool bad_target = !t_ok;
      json_t *bad = bad_target ? tcell : bcell;
      const char *which = bad_target ? "目标值" : "基准值";
      if (json_is_null(bad) || !bad || (json_is_string(bad) && !*json_string_value(bad))) {
        sb_printf(&fig, "“%s”未填写%s", indicator, which);
        msg = xasprintf("发展目标表“%s”未填写%s，无法核对备注要求“%s”。", indicator, which, text);
      } else {
        char *cell = cell_text(bad);
        sb_printf(&fig, "“%s”的%s“%s”不是数字", indicator, which, cell);
        msg = xasprintf("发展目标表“%s”的%s“%s”不是数字，无法核对备注要求“%s”。", indicator, which, cell, text);
        free(cell);
      }
      fix = xasprintf("把“%s”的%d年%s写成数字（单位写在“单位”栏）。", indicator, bad_target ? target_year : base_year,
                      which);
    } else {
      char *bs = num(b), *ts = num(tv);
      if (need_base)
        sb_printf(&fig, "%d年基准值 %s%s → %d年目标值 %s%s，", base_year, bs, row_unit, target_year, ts, row_unit);
      else
        sb_printf(&fig, "%d年目标值 %s%s", target_year, ts, row_unit);
      double m = 0;
      bool computable = true;
      if (!strcmp(measure, "target")) {
        m = tv;
      } else if (!strcmp(measure, "change")) {
        m = tv - b;
        char *ms = num(fabs(m));
        sb_printf(&fig, "%s %s%s", m < 0 ? "减少" : "增加", ms, row_unit);
        free(ms);
      } else if (!strcmp(measure, "cagr")) {
        if (b <= 0 || tv < 0 || n <= 0) {
          computable = false;
          sb_puts(&fig, "基准值不大于 0，无法计算年均增速");
        } else {
          m = (pow(tv / b, 1.0 / n) - 1) * 100;
          char *ms = format_decimal2(m);
          sb_printf(&fig, "年均增速〔（%s ÷ %s）^（1/%d）− 1〕× 100 = %s%%", ts, bs, n, ms);
          free(ms);
        }
      } else { /* reduction */
        if (b <= 0) {
          computable = false;
          sb_puts(&fig, "基准值不大于 0，无法计算降低幅度");
        } else {
          m = (b - tv) / b * 100;
          char *ms = format_decimal2(m);
          sb_printf(&fig, "降低（%s − %s）÷ %s × 100 = %s%%", bs, ts, bs, ms);
          free(ms);
        }
      }
      if (!computable) {
        msg = xasprintf("发展目标表“%s”：%s，无法核对备注要求“%s”。", indicator, fig.s, text);
        fix = xasprintf("核对“%s”的%d年基准值。", indicator, base_year);
      } else {
        double mr = criteria_round2(m);
        bool whole = floor(b) == b && floor(tv) == tv && strcmp(row_unit, "%") != 0;
        /* The target value that would meet the requirement (for the fix). */
        double need = value;
        bool up = true;
        if (!strcmp(measure, "change")) need = b;
        else if (!strcmp(measure, "cagr")) need = b * pow(1 + value / 100, n);
        else if (!strcmp(measure, "reduction")) need = b * (1 - value / 100), up = false;
        char *needs = suggest(need, up, whole && strcmp(measure, "target") != 0);
        if (about) {
          double floor_v = value * (100 - band) / 100;
          char fl[64];
          criteria_format_threshold(floor_v, fl, sizeof fl);
          if (mr >= value) {
            result = CRIT_MET;
            sb_printf(&fig, " ≥ %s%s", th, tunit);
          } else if (mr >= floor_v) {
            result = CRIT_MET;
            sb_printf(&fig, "，在 %s%s左右的范围内（≥ %s%s）", th, tunit, fl, tunit);
          } else {
            result = CRIT_NOT_MET;
            sb_printf(&fig, " < %s%s（%s%s左右的下限）", fl, tunit, th, tunit);
            msg = xasprintf("发展目标表“%s”：%s，达不到备注要求“%s”。", indicator, fig.s, text);
            if (up)
              fix = xasprintf("“左右”允许略有不足，但不宜低于 %s%s；把%d年目标值定在 %s%s 左右或更高。", fl, tunit, target_year,
                              th, tunit);
            else
              fix = xasprintf("“左右”允许略有不足，但不宜低于 %s%s；把%d年目标值定在 %s%s 左右或更低（比基准值降低 %s%%）。", fl,
                              tunit, target_year, needs, row_unit, th);
          }
        } else {
          bool ok = criteria_compare(mr, op, value);
          result = ok ? CRIT_MET : CRIT_NOT_MET;
          sb_printf(&fig, " %s %s%s", ok ? criteria_op_sign(op) : criteria_op_negated(op), th, tunit);
          if (!ok) {
            sev = DIAG_ERROR;
            msg = xasprintf("发展目标表“%s”：%s，不符合备注要求“%s”。", indicator, fig.s, text);
            if (!strcmp(measure, "change"))
              fix = xasprintf("%d年目标值应高于基准值 %s%s；核对后修改。", target_year, bs, row_unit);
            else
              fix = xasprintf("%d年目标值应%s %s%s（按备注要求计算）；核对基准值或调整目标值。", target_year,
                              up ? "不低于" : "不高于", needs, row_unit);
          }
        }
        free(needs);
      }
      free(bs);
      free(ts);
    }
    char *figures = sb_take(&fig);
    check_add_judgement(&out->targets, &out->n_targets, id, text, figures, result);
    if (msg) check_add(in, out, sev, "targets", "plan.goals", 0, value_text, fix, "%s", msg);
    free(figures);
    free(msg);
    free(fix);
    free(value_text);
  }
  json_decref(file);
}
