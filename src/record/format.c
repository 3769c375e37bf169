#include "record/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* The shortest decimal text that reads back as x: what the person typed in the JSON. */
static void shortest_decimal(double x, char *out, size_t n) {
  for (int p = 1; p <= 17; p++) {
    snprintf(out, n, "%.*g", p, x);
    if (strtod(out, NULL) == x) break;
  }
  /* Turn exponent notation into plain digits. */
  if (strchr(out, 'e')) {
    int exp10 = atoi(strchr(out, 'e') + 1);
    int decimals = exp10 < 0 ? 17 - exp10 : 17;
    if (decimals > 40) decimals = 40;
    snprintf(out, n, "%.*f", decimals, x);
  }
}

char *format_decimal2(double x) {
  char buf[128];
  shortest_decimal(fabs(x), buf, sizeof buf);
  char *dot = strchr(buf, '.');
  char ip[80] = "0", fp[4] = "000";
  if (dot) {
    size_t il = (size_t)(dot - buf);
    if (il >= sizeof ip) il = sizeof ip - 1;
    memcpy(ip, buf, il);
    ip[il] = '\0';
    const char *f = dot + 1;
    for (int i = 0; i < 3 && f[i]; i++) fp[i] = f[i];
  } else {
    size_t il = strlen(buf) < sizeof ip ? strlen(buf) : sizeof ip - 1;
    memcpy(ip, buf, il);
    ip[il] = '\0';
  }
  /* Round at the third decimal, carrying through the digits as on paper. */
  int cents = (fp[0] - '0') * 10 + (fp[1] - '0');
  bool up = fp[2] >= '5';
  strbuf b = {0};
  if (up && ++cents == 100) {
    cents = 0;
    /* Increment the integer part's decimal digits. */
    size_t l = strlen(ip);
    int i = (int)l - 1;
    while (i >= 0 && ip[i] == '9') ip[i--] = '0';
    if (i >= 0) {
      ip[i]++;
    } else {
      memmove(ip + 1, ip, l + 1);
      ip[0] = '1';
    }
  }
  bool negative = x < 0 && (strcmp(ip, "0") || cents);
  sb_printf(&b, "%s%s.%02d", negative ? "-" : "", ip, cents);
  return sb_take(&b);
}

char *format_number(double x) {
  if (x == floor(x) && fabs(x) < 1e15) return xasprintf("%.0f", x);
  return format_decimal2(x);
}

char *format_date(const char *s) {
  int y, m, d;
  char tail;
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) return xasprintf("%d年%d月%d日", y, m, d);
  return xstrdup(s);
}

static char *join_options(const field *f, json_t *arr) {
  strbuf b = {0};
  size_t i;
  json_t *it;
  json_array_foreach(arr, i, it) {
    const char *s = json_string_value(it);
    if (!s) continue;
    const field_option *o = f->type == FT_MULTI ? field_option_find(f, s) : NULL;
    if (b.len) sb_puts(&b, "、");
    sb_puts(&b, o ? o->text : s);
  }
  return b.len ? sb_take(&b) : (sb_free(&b), NULL);
}

char *format_value(const field *f, json_t *v) {
  if (!v || json_is_null(v)) return NULL;
  switch (f->type) {
  case FT_LINE:
  case FT_TEXT: {
    const char *s = json_string_value(v);
    return s && *s ? xstrdup(s) : NULL;
  }
  case FT_DECIMAL:
  case FT_PERCENT:
  case FT_RATE: return json_is_number(v) ? format_decimal2(json_number_value(v)) : NULL;
  case FT_INTEGER: return json_is_number(v) ? xasprintf("%.0f", json_number_value(v)) : NULL;
  case FT_BOOL: return json_is_boolean(v) ? xstrdup(json_is_true(v) ? "是" : "否") : NULL;
  case FT_CHOICE: {
    const field_option *o = json_is_string(v) ? field_option_find(f, json_string_value(v)) : NULL;
    return o ? xstrdup(o->text) : NULL;
  }
  case FT_MULTI:
  case FT_NAMES: return json_is_array(v) ? join_options(f, v) : NULL;
  case FT_DATE: return json_is_string(v) && *json_string_value(v) ? format_date(json_string_value(v)) : NULL;
  case FT_VALUE:
    if (json_is_number(v)) return format_number(json_number_value(v));
    return json_is_string(v) && *json_string_value(v) ? xstrdup(json_string_value(v)) : NULL;
  case FT_LIST: return NULL;
  }
  return NULL;
}
