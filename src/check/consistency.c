/* Figures that contradict each other: parts larger than their totals, a count of platforms that is
   not the number of names given, yearly growth that the outputs and shares on the same page do not
   bear out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/format.h"
#include "util/strbuf.h"

static void part_of_total(const check_input *in, check_report *out, const char *part, const char *total, int year) {
  double p, t;
  if (!check_number(out, part, year, &p) || !check_number(out, total, year, &t) || p <= t) return;
  const field *pf = catalog_find(in->cat, part), *tf = catalog_find(in->cat, total);
  char *fix = xasprintf("核对两项数字：%s 是 %s 的一部分。", edition_label(in->ed, part, pf->label),
                        edition_label(in->ed, total, tf->label));
  char v[32];
  snprintf(v, sizeof v, "%.0f", p);
  check_add(in, out, DIAG_ERROR, "consistency", part, year, v, fix, "%s（%.0f）大于%s（%.0f）。",
            edition_label(in->ed, part, pf->label), p, edition_label(in->ed, total, tf->label), t);
  free(fix);
}

static void platform_count(const check_input *in, check_report *out, const char *level) {
  char *ck = xasprintf("platforms.%s.count", level), *nk = xasprintf("platforms.%s.names", level);
  double c;
  json_t *names = json_get_path(in->rec->root, nk);
  if (check_number(out, ck, 0, &c) && json_is_array(names) && json_array_size(names) > 0 &&
      (size_t)c != json_array_size(names)) {
    char v[32];
    snprintf(v, sizeof v, "%.0f", c);
    char *fix = xasprintf("数量应与列出的名称个数（%zu）一致，或补全名称。", json_array_size(names));
    check_add(in, out, DIAG_WARNING, "consistency", ck, 0, v, fix, "填报数量 %.0f 个，但列出了 %zu 个名称。", c,
              json_array_size(names));
    free(fix);
  }
  free(ck);
  free(nk);
}

/* Growth of the leading industry as the outputs and shares on the form imply it. Those are rounded
   to 0.01, so the implied rate is known only within the bound their rounding allows. */
static void growth_against_outputs(const check_input *in, check_report *out, int year) {
  double t0, s0, t1, s1, g;
  if (!check_number(out, "output.total", year - 1, &t0) || !check_number(out, "output.leading_share", year - 1, &s0) ||
      !check_number(out, "output.total", year, &t1) || !check_number(out, "output.leading_share", year, &s1) ||
      !check_number(out, "output.leading_growth", year, &g) || t0 <= 0 || s0 <= 0)
    return;
  double ratio = (t1 * s1) / (t0 * s0);
  double implied = (ratio - 1) * 100;
  double bound = ratio * (0.005 / t0 + 0.005 / s0 + 0.005 / t1 + 0.005 / s1) * 100 + 0.01;
  if (fabs(g - implied) <= bound) return;
  char *st = format_decimal2(g), *im = format_decimal2(implied);
  char *fix = xasprintf("按%d、%d年的总产值和主导产业占比，增速约为 %s%%；核对增速或产值、占比。", year - 1, year, im);
  check_add(in, out, DIAG_WARNING, "consistency", "output.leading_growth", year, st, fix,
            "主导产业产值增速 %s%% 与同表的总产值和主导产业占比推算的 %s%% 不一致。", st, im);
  free(st);
  free(im);
  free(fix);
}

void check_consistency(const check_input *in, check_report *out) {
  static const char *const PARTS[] = {"firms.sme", "firms.specialized", "firms.little_giant", "firms.champion",
                                      "firms.hightech", "firms.hightech_innovative"};
  for (int i = 0; i < 3; i++) {
    char sel[4] = {'y', (char)('1' + i), 0};
    int y = check_slot_year(in, sel);
    if (!y) continue;
    for (size_t k = 0; k < sizeof PARTS / sizeof *PARTS; k++) part_of_total(in, out, PARTS[k], "firms.total", y);
    part_of_total(in, out, "output.sme_value", "output.total", y);
    part_of_total(in, out, "output.leading_value", "output.total", y);
    growth_against_outputs(in, out, y);
  }
  int last = check_slot_year(in, "y3");
  double innov, total;
  if (last && check_number(out, "firms.innovative", 0, &innov) && check_number(out, "firms.total", last, &total) &&
      innov > total) {
    char v[32];
    snprintf(v, sizeof v, "%.0f", innov);
    check_add(in, out, DIAG_ERROR, "consistency", "firms.innovative", 0, v, "核对数字：创新型中小企业是集群企业的一部分。",
              "创新型中小企业数量（%.0f）大于%d年集群企业数量（%.0f）。", innov, last, total);
  }
  double staff, emp;
  if (check_number(out, "rd.staff", 0, &staff) && check_number(out, "employees.sme", 0, &emp) && staff > emp) {
    char v[32];
    snprintf(v, sizeof v, "%.0f", staff);
    check_add(in, out, DIAG_ERROR, "consistency", "rd.staff", 0, v, "核对数字：研发人员是从业人员的一部分。",
              "研发人员数量（%.0f）大于中小企业从业人员数量（%.0f）。", staff, emp);
  }
  platform_count(in, out, "national");
  platform_count(in, out, "provincial");
  platform_count(in, out, "other");
}
