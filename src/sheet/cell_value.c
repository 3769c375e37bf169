#include "sheet/cell_value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"

static bool is_space(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\n' || c == '\r'; }

/* The text without surrounding spaces (ASCII, full-width and no-break), and with \r\n as \n. */
static char *trimmed(const char *s) {
  size_t n = strlen(s), a = 0, b = n;
  uint32_t c;
  size_t k;
  while (a < b && (k = utf8_decode(s + a, b - a, &c)) && is_space(c)) a += k;
  while (b > a) {
    size_t back = 1;
    while (back < 4 && b - back > a && ((unsigned char)s[b - back] & 0xC0) == 0x80) back++;
    if (utf8_decode(s + b - back, back, &c) != back || !is_space(c)) break;
    b -= back;
  }
  strbuf o = {0};
  for (size_t i = a; i < b; i++)
    if (!(s[i] == '\r' && i + 1 < b && s[i + 1] == '\n')) sb_putc(&o, s[i]);
  return sb_take(&o);
}

/* Full-width digits, point, comma, minus and percent (what a Chinese input method types) as ASCII. */
static char *ascii_digits(const char *s, bool *changed) {
  strbuf o = {0};
  size_t n = strlen(s);
  *changed = false;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, n - i, &c);
    if (!k) k = 1, c = '?';
    if (c >= 0xFF10 && c <= 0xFF19) sb_putc(&o, (char)('0' + c - 0xFF10)), *changed = true;
    else if (c == 0xFF0E || c == 0x3002) sb_putc(&o, '.'), *changed = true;  /* ． and 。 typed for a point */
    else if (c == 0xFF0C) sb_putc(&o, ','), *changed = true;
    else if (c == 0xFF0D || c == 0x2212) sb_putc(&o, '-'), *changed = true;
    else if (c == 0xFF05) sb_putc(&o, '%'), *changed = true;
    else if (c == 0xFF0B) sb_putc(&o, '+'), *changed = true;
    else sb_add(&o, s + i, k);
    i += k;
  }
  return sb_take(&o);
}

/* "1,234.50" → "1234.50" when the commas group thousands exactly; otherwise unchanged. */
static bool drop_thousands(char *s) {
  if (!strchr(s, ',')) return false;
  const char *p = s;
  if (*p == '-' || *p == '+') p++;
  size_t lead = strspn(p, "0123456789");
  if (lead < 1 || lead > 3) return false;
  const char *q = p + lead;
  while (*q == ',') {
    if (strspn(q + 1, "0123456789") < 3 || (q[4] >= '0' && q[4] <= '9')) return false;
    q += 4;
  }
  if (*q && *q != '.' && *q != '%') return false;
  char *w = s;
  for (const char *r = s; *r; r++)
    if (*r != ',') *w++ = *r;
  *w = '\0';
  return true;
}

static bool plain_number(const char *s, double *out) {
  if (!*s) return false;
  char *end;
  double v = strtod(s, &end);
  if (*end || !isfinite(v)) return false;
  /* strtod also reads hex, inf and nan: a person typing those meant no figure. */
  for (const char *p = s; *p; p++)
    if (!strchr("0123456789.-+eE", *p)) return false;
  *out = v;
  return true;
}

static bool ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && !strcmp(s + n - k, tail);
}

static const char *number_fix(const field *f) {
  switch (f->type) {
  case FT_INTEGER: return "只填整数，例如 35；没有时留空。";
  case FT_PERCENT: return "只填百分数的数值，例如 70 或 70%；没有时留空。";
  case FT_RATE: return "只填增速的数值，例如 12.5 或 -3.2%；没有时留空。";
  default: return "只填数字，例如 152.40；单位已在表头中，不要写在格里；没有时留空。";
  }
}

/* A number for a numeric field, from a number cell or typed text. */
static json_t *number_value(const cell *c, const field *f, const diag_place *at, diag_list *d) {
  double v;
  bool from_percent_format = false;
  if (c->type == CELL_NUMBER) {
    v = c->num;
    if (c->percent && (f->type == FT_PERCENT || f->type == FT_RATE)) {
      v *= 100; /* 70% shown by the cell's format is stored as 0.7 */
      from_percent_format = true;
      v = round(v * 1e9) / 1e9;
    }
  } else if (c->type == CELL_TEXT) {
    bool wide;
    char *t0 = trimmed(c->text);
    char *t = ascii_digits(t0, &wide);
    free(t0);
    if (!*t) {
      free(t);
      return NULL;
    }
    bool grouped = drop_thousands(t);
    bool pct = false, unit = false;
    if (ends_with(t, "%")) {
      t[strlen(t) - 1] = '\0';
      pct = true;
    } else if (f->unit && *f->unit && strcmp(f->unit, "%") && ends_with(t, f->unit)) {
      t[strlen(t) - strlen(f->unit)] = '\0';
      unit = true;
    }
    char *num = trimmed(t);
    bool ok = plain_number(num, &v);
    if (!ok || (pct && f->type != FT_PERCENT && f->type != FT_RATE)) {
      char *msg = xasprintf("这里应为数字，却是文字「%s」。", c->text);
      diag_add(d, DIAG_ERROR, at, number_fix(f), "%s", msg);
      free(msg);
      free(num);
      free(t);
      return NULL;
    }
    strbuf how = {0};
    if (wide) sb_puts(&how, "全角数字按半角读取");
    if (grouped) sb_printf(&how, "%s去掉千位分隔符", how.len ? "，" : "");
    if (pct) sb_printf(&how, "%s百分号表示这一栏的单位 %%", how.len ? "，" : "");
    if (unit) sb_printf(&how, "%s去掉与表头相同的单位“%s”", how.len ? "，" : "", f->unit);
    if (how.len) {
      char *msg = xasprintf("「%s」读作 %s（%s）。", c->text, num, how.s);
      diag_add(d, DIAG_NOTE, at, NULL, "%s", msg);
      free(msg);
    }
    sb_free(&how);
    from_percent_format = pct;
    free(num);
    free(t);
  } else if (c->type == CELL_BOOL) {
    diag_add(d, DIAG_ERROR, at, number_fix(f), "这里应为数字，却是逻辑值 %s。", c->num ? "TRUE" : "FALSE");
    return NULL;
  } else {
    diag_add(d, DIAG_ERROR, at, "改正公式，或直接填数值。", "单元格是公式错误 %s，没有数值。", c->text);
    return NULL;
  }
  if (f->type == FT_INTEGER) {
    if (v != floor(v) || fabs(v) > 9e15) {
      char *s = xasprintf("%.15g", v);
      diag_add(d, DIAG_ERROR, at, "填整数（家、个、项、件、人都是整数）。", "这里应为整数，却是 %s。", s);
      free(s);
      return NULL;
    }
    return json_integer((json_int_t)v);
  }
  if (f->type == FT_PERCENT && !from_percent_format && v > 0 && v <= 1) {
    char *s = xasprintf("%.15g", v), *p = xasprintf("%.15g", v * 100);
    diag_add(d, DIAG_WARNING, at, "若是百分之几十，请改写成百分数的数值（如 70）；若确实不足 1%，可忽略本警告。",
             "比例填的是 %s：这一栏以 %% 为单位，%s 表示 %s%%。是否本意是 %s%%？", s, s, s, p);
    free(s);
    free(p);
  }
  return json_real(v);
}

static json_t *yes_no(const char *t, bool *ok) {
  static const char *const YES[] = {"是", "√", "✓", "☑", "■", "1", "Y", "y", "yes", "Yes", "YES", "TRUE", "true", "True", "有"};
  static const char *const NO[] = {"否", "×", "✗", "□", "☐", "0", "N", "n", "no", "No", "NO", "FALSE", "false", "False", "无", "不是"};
  *ok = true;
  for (size_t i = 0; i < sizeof YES / sizeof *YES; i++)
    if (!strcmp(t, YES[i])) return json_true();
  for (size_t i = 0; i < sizeof NO / sizeof *NO; i++)
    if (!strcmp(t, NO[i])) return json_false();
  *ok = false;
  return NULL;
}

static json_t *date_value(const cell *c, const diag_place *at, diag_list *d) {
  if (c->type == CELL_NUMBER) {
    /* Excel's serial day (1900 system; day 60 is the leap day 1900 never had). */
    double serial = floor(c->num);
    if (serial < 61 || serial > 2958465) {
      diag_add(d, DIAG_ERROR, at, "填日期，如 2023-07-20。", "这里应为日期，却是数字 %s。", c->text);
      return NULL;
    }
    long days = (long)serial - 25569; /* days since 1970-01-01 */
    /* Civil date from days (Howard Hinnant's algorithm). */
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    char buf[64];
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, dd);
    return json_string(buf);
  }
  if (c->type != CELL_TEXT) {
    diag_add(d, DIAG_ERROR, at, "填日期，如 2023-07-20。", "这里应为日期。");
    return NULL;
  }
  bool wide;
  char *t0 = trimmed(c->text), *t = ascii_digits(t0, &wide);
  free(t0);
  json_t *out = NULL;
  int y, m, dd;
  char tail;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (!*t) {
    free(t);
    return NULL;
  }
  bool iso = sscanf(t, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3;
  bool chinese = !iso && sscanf(t, "%d年%d月%d日%c", &y, &m, &dd, &tail) == 3;
  bool other = !iso && !chinese &&
               (sscanf(t, "%4d/%d/%d%c", &y, &m, &dd, &tail) == 3 || sscanf(t, "%4d.%d.%d%c", &y, &m, &dd, &tail) == 3);
  bool valid = (iso || chinese || other) && y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && dd >= 1 && dd <= mdays[m - 1];
  if (!valid) {
    diag_add(d, DIAG_ERROR, at, "写成 2023-07-20 或 2023年7月20日（年份四位，月、日齐全）。",
             "「%s」不是能确定的日期。", c->text);
  } else if (chinese || (iso && !wide)) {
    out = json_string(t);
  } else {
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
    diag_add(d, DIAG_NOTE, at, NULL, "日期「%s」读作 %s。", c->text, buf);
    out = json_string(buf);
  }
  free(t);
  return out;
}

/* Numbers in a text field (a phone number typed as a number): as Excel shows them. */
static char *number_text(const cell *c) {
  if (c->type == CELL_TEXT || c->type == CELL_ERROR) return xstrdup(c->text);
  if (c->type == CELL_BOOL) return xstrdup(c->num ? "是" : "否");
  char buf[64];
  snprintf(buf, sizeof buf, "%.15g", c->num);
  return xstrdup(buf);
}

json_t *cell_value(const cell *c, const field *f, const field_option *opt, const diag_place *at, diag_list *d) {
  if (!c) return NULL;
  if (c->type == CELL_TEXT) {
    char *t = trimmed(c->text);
    bool empty = !*t;
    free(t);
    if (empty) return NULL;
  }
  if (opt || f->type == FT_BOOL) {
    if (c->type == CELL_BOOL) return json_boolean(c->num != 0);
    char *t0 = number_text(c), *t = trimmed(t0);
    bool ok;
    json_t *v = yes_no(t, &ok);
    if (!ok)
      diag_add(d, DIAG_ERROR, at, "从下拉列表中选“是”或“否”。", "「%s」不是“是”或“否”。", t);
    free(t);
    free(t0);
    return v;
  }
  switch (f->type) {
  case FT_DECIMAL:
  case FT_PERCENT:
  case FT_RATE:
  case FT_INTEGER: return number_value(c, f, at, d);
  case FT_DATE: return date_value(c, at, d);
  case FT_CHOICE: {
    char *t0 = number_text(c), *t = trimmed(t0);
    const field_option *o = field_option_find(f, t);
    json_t *v = NULL;
    if (o) {
      v = json_string(o->id);
    } else {
      strbuf opts = {0};
      for (size_t i = 0; i < f->n_options; i++) sb_printf(&opts, "%s“%s”", i ? "、" : "", f->options[i].text);
      char *fix = xasprintf("从下拉列表中选择：%s。", opts.s ? opts.s : "");
      diag_add(d, DIAG_ERROR, at, fix, "「%s」不是这一栏的选项。", t);
      free(fix);
      sb_free(&opts);
    }
    free(t);
    free(t0);
    return v;
  }
  case FT_NAMES: {
    char *t = number_text(c);
    json_t *arr = json_array();
    char *save = NULL;
    for (char *p = strtok_r(t, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
      char *one = trimmed(p);
      if (*one) json_array_append_new(arr, json_string(one));
      free(one);
    }
    free(t);
    return arr;
  }
  case FT_VALUE: {
    if (c->type == CELL_NUMBER)
      return c->num == floor(c->num) && fabs(c->num) < 9e15 ? json_integer((json_int_t)c->num) : json_real(c->num);
    char *t = trimmed(c->text);
    double v;
    json_t *out = plain_number(t, &v) ? (v == floor(v) && fabs(v) < 9e15 ? json_integer((json_int_t)v) : json_real(v))
                                      : json_string(t);
    free(t);
    return out;
  }
  default: {
    if (c->type == CELL_NUMBER && fabs(c->num) >= 1e15) {
      diag_add(d, DIAG_ERROR, at, "把这一列的单元格格式设为“文本”，再照原件重新输入。",
               "这一格是个 %s 位以上的数字，表格软件只保留了 15 位有效数字（如统一社会信用代码、身份证号），后几位已经丢失。", "16");
      return NULL;
    }
    /* Text as typed, spaces and all (a narrative may open with 　　); Windows line ends as \n. */
    char *t = number_text(c);
    strbuf o = {0};
    for (const char *p = t; *p; p++)
      if (!(p[0] == '\r' && p[1] == '\n')) sb_putc(&o, *p);
    free(t);
    char *s = sb_take(&o);
    json_t *v = json_string(s);
    free(s);
    return v;
  }
  }
}
