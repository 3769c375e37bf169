/* Numbers keep two decimals (填报说明 2). A figure given with more is rounded on the form; the
   person should know, since the rounded figure is what the reviewer reads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/format.h"
#include "util/strbuf.h"

/* More than two decimals? x × 100 is whole (within the double's own precision) when not. */
static bool beyond_two(double x) {
  double h = x * 100;
  return fabs(h - nearbyint(h)) > 1e-9 * fmax(1.0, fabs(h));
}

static void one(const check_input *in, check_report *out, const field *f, int year, json_t *v) {
  if (!json_is_real(v)) return;
  double x = json_number_value(v);
  if (!beyond_two(x)) return;
  char given[64];
  snprintf(given, sizeof given, "%.17g", x);
  for (int p = 1; p <= 17; p++) {
    snprintf(given, sizeof given, "%.*g", p, x);
    if (strtod(given, NULL) == x) break;
  }
  char *shown = format_decimal2(x);
  char *fix = xasprintf("写成两位小数 %s，或核对数据。", shown);
  check_add(in, out, DIAG_WARNING, "format", f->key, year, given, fix, "数字 %s 超过两位小数，申报表上将写作 %s。", given, shown);
  free(fix);
  free(shown);
}

void check_format(const check_input *in, check_report *out) {
  for (size_t i = 0; i < in->cat->n; i++) {
    const field *f = &in->cat->fields[i];
    if (f->type != FT_DECIMAL && f->type != FT_PERCENT && f->type != FT_RATE) continue;
    json_t *v = json_get_path(in->rec->root, f->key);
    if (!v) continue;
    if (!f->series) {
      one(in, out, f, 0, v);
      continue;
    }
    const char *year;
    json_t *x;
    json_object_foreach(v, year, x) one(in, out, f, atoi(year), x);
  }
}
