/* 认定标准: each criterion of the file the edition names (templates/criteria/NAME.json) judged met,
   not met, cannot tell (a figure is missing) or left to a reviewer's judgement (no published
   figure). The thresholds, the keys and the years live in the file; this code only reads and
   compares. The file's format is described in docs/check.md (认定标准与规划目标).

   Every figure is compared as the form prints it: rounded to two decimals first, so that 69.995 on
   the form reads 70.00 and is judged as 70.00. As in Chinese regulations, 以上, 不超过, 不低于 and
   不少于 include the figure itself (>=, <=); 高于 does not (>). */
#include "check/criteria.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/format.h"
#include "util/fileio.h"
#include "util/strbuf.h"

/* ---------------------------------------------------------------- comparisons */

double criteria_round2(double v) {
  char *s = format_decimal2(v);
  double r = strtod(s, NULL);
  free(s);
  return r;
}

void criteria_format_threshold(double v, char *buf, size_t n) {
  snprintf(buf, n, "%.4f", v);
  char *dot = strchr(buf, '.');
  if (!dot) return;
  char *end = buf + strlen(buf) - 1;
  while (end > dot && *end == '0') *end-- = '\0';
  if (end == dot) *end = '\0';
}

static const char *const OPS[][3] = {
    {">=", "≥", "<"}, {">", ">", "≤"}, {"<=", "≤", ">"}, {"<", "<", "≥"}, {"==", "=", "≠"},
};

static int op_index(const char *op) {
  for (size_t i = 0; op && i < sizeof OPS / sizeof OPS[0]; i++)
    if (!strcmp(op, OPS[i][0])) return (int)i;
  return -1;
}

const char *criteria_op_sign(const char *op) {
  int i = op_index(op);
  return i < 0 ? "?" : OPS[i][1];
}

const char *criteria_op_negated(const char *op) {
  int i = op_index(op);
  return i < 0 ? "?" : OPS[i][2];
}

bool criteria_compare(double v, const char *op, double t) {
  switch (op_index(op)) {
  case 0: return v >= t;
  case 1: return v > t;
  case 2: return v <= t;
  case 3: return v < t;
  case 4: return v == t;
  default: return false;
  }
}

/* ---------------------------------------------------------------- the file */

typedef struct {
  const check_input *in;
  const char *path;
  strbuf errors; /* one line per problem */
} loader;

static void problem(loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(loader *l, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (l->errors.len) sb_puts(&l->errors, "；");
  sb_vprintf(&l->errors, fmt, ap);
  va_end(ap);
}

static bool is_number_type(field_type t) {
  return t == FT_DECIMAL || t == FT_PERCENT || t == FT_RATE || t == FT_INTEGER;
}

static const field *known_key(loader *l, const char *id, json_t *k, bool allow_bool) {
  const char *key = json_string_value(k);
  const field *f = key ? catalog_find(l->in->cat, key) : NULL;
  if (!key)
    problem(l, "%s：键名应是字符串", id);
  else if (!f)
    problem(l, "%s：字段目录中没有键 %s", id, key);
  else if (!is_number_type(f->type) && !(allow_bool && f->type == FT_BOOL))
    problem(l, "%s：%s 不是数字字段", id, key);
  else
    return f;
  return NULL;
}

static void check_test(loader *l, const char *id, json_t *t) {
  if (!json_is_object(t)) {
    problem(l, "%s：test 应是对象", id);
    return;
  }
  json_t *alts = json_object_get(t, "any");
  if (!alts) alts = json_object_get(t, "all");
  if (alts) {
    if (!json_is_array(alts) || !json_array_size(alts)) problem(l, "%s：any/all 应是非空数组", id);
    size_t i;
    json_t *a;
    json_array_foreach(alts, i, a) check_test(l, id, a);
    return;
  }
  json_t *key = json_object_get(t, "key"), *sum = json_object_get(t, "sum");
  const char *op = json_string_value(json_object_get(t, "op"));
  json_t *value = json_object_get(t, "value");
  if (op_index(op) < 0) problem(l, "%s：op 应是 >=、>、<=、< 或 ==", id);
  bool series = false;
  if (key && !sum) {
    const field *f = known_key(l, id, key, true);
    if (f && f->type == FT_BOOL && (!json_is_boolean(value) || op_index(op) != 4))
      problem(l, "%s：是否字段只能用 == true 或 == false", id);
    else if (f && f->type != FT_BOOL && !json_is_number(value))
      problem(l, "%s：value 应是数字", id);
    series = f && f->series;
  } else if (sum && !key && json_is_array(sum) && json_array_size(sum)) {
    size_t i;
    json_t *k;
    json_array_foreach(sum, i, k) {
      const field *f = known_key(l, id, k, false);
      series |= f && f->series;
    }
    if (!json_is_number(value)) problem(l, "%s：value 应是数字", id);
  } else {
    problem(l, "%s：test 须有 key（一个键）或 sum（键的数组），二者取一", id);
  }
  json_t *years = json_object_get(t, "years");
  const char *ys = json_string_value(years);
  if (years && (!ys || (strcmp(ys, "last") && strcmp(ys, "all") && strcmp(ys, "mean-rate"))))
    problem(l, "%s：years 应是 last、all 或 mean-rate", id);
  else if (ys && !series)
    problem(l, "%s：years 只用于按年度填报的字段", id);
  else if (ys && !strcmp(ys, "mean-rate") && (!key || sum))
    problem(l, "%s：mean-rate 只用于一个增速字段（key）", id);
  json_t *label = json_object_get(t, "label");
  if (label && !json_is_string(label)) problem(l, "%s：label 应是字符串", id);
}

static void check_criterion(loader *l, size_t i, json_t *c) {
  char fallback[48];
  snprintf(fallback, sizeof fallback, "第 %zu 条", i + 1);
  const char *id = json_string_value(json_object_get(c, "id"));
  if (!id) problem(l, "%s：缺少 id", fallback), id = fallback;
  if (!json_is_string(json_object_get(c, "text"))) problem(l, "%s：缺少 text（标准原文）", id);
  json_t *sev = json_object_get(c, "severity");
  if (sev && (!json_is_string(sev) ||
              (strcmp(json_string_value(sev), "error") && strcmp(json_string_value(sev), "warning"))))
    problem(l, "%s：severity 应是 error 或 warning", id);
  if (json_is_true(json_object_get(c, "judgement"))) {
    if (json_object_get(c, "test")) problem(l, "%s：judgement 条目不应有 test", id);
  } else {
    check_test(l, id, json_object_get(c, "test"));
  }
}

static void check_target(loader *l, size_t i, json_t *t) {
  char fallback[48];
  snprintf(fallback, sizeof fallback, "targets 第 %zu 条", i + 1);
  const char *id = json_string_value(json_object_get(t, "id"));
  if (!id) problem(l, "%s：缺少 id", fallback), id = fallback;
  if (!json_is_string(json_object_get(t, "text"))) problem(l, "%s：缺少 text（备注原文）", id);
  json_t *ind = json_object_get(t, "indicator");
  bool ok = json_is_string(ind);
  if (json_is_array(ind) && json_array_size(ind)) {
    ok = true;
    size_t k;
    json_t *s;
    json_array_foreach(ind, k, s) ok &= json_is_string(s);
  }
  if (!ok) problem(l, "%s：indicator 应是指标名称或名称的数组", id);
  const char *m = json_string_value(json_object_get(t, "measure"));
  if (!m || (strcmp(m, "target") && strcmp(m, "change") && strcmp(m, "cagr") && strcmp(m, "reduction")))
    problem(l, "%s：measure 应是 target、change、cagr 或 reduction", id);
  const char *op = json_string_value(json_object_get(t, "op"));
  bool about = op && !strcmp(op, "about");
  if (!about && op_index(op) < 0) problem(l, "%s：op 应是 >=、>、<=、<、== 或 about", id);
  if (!json_is_number(json_object_get(t, "value"))) problem(l, "%s：value 应是数字", id);
  json_t *band = json_object_get(t, "band");
  if (about && (!json_is_number(band) || json_number_value(band) < 0 || json_number_value(band) >= 100))
    problem(l, "%s：op 为 about（左右）时须有 band（0–100 之间的百分数）", id);
  json_t *unit = json_object_get(t, "unit");
  if (unit && !json_is_string(unit)) problem(l, "%s：unit 应是字符串", id);
}

json_t *criteria_file_load(const check_input *in, check_report *out, bool report) {
  if (!in->ed || !in->ed->criteria) return NULL;
  char *dir = in->templates ? xstrdup(in->templates) : path_dirname(in->ed->dir);
  char *cdir = path_join(dir, "criteria");
  char *name = xasprintf("%s.json", in->ed->criteria);
  char *path = path_join(cdir, name);
  free(dir);
  free(cdir);
  free(name);
  loader l = {.in = in, .path = path};
  json_error_t jerr;
  json_t *root = json_load_file(path, 0, &jerr);
  diag_place at = {.file = path, .where = "认定标准文件"};
  if (!root || !json_is_object(root)) {
    if (report) {
      at.line = root ? 0 : jerr.line;
      at.col = root ? 0 : jerr.column;
      diag_add(&out->findings, DIAG_ERROR, &at, "检查模板文件夹中的 criteria 文件，或版本 edition.json 的 \"criteria\"。",
               "版本 %s 的认定标准文件无法读取：%s", in->ed->id, root ? "不是 JSON 对象" : jerr.text);
      diag_tag(&out->findings, "criteria", NULL);
    }
    json_decref(root);
    free(path);
    return NULL;
  }
  if (!json_is_string(json_object_get(root, "title"))) problem(&l, "缺少 title（标准名称）");
  json_t *list = json_object_get(root, "criteria");
  if (!json_is_array(list)) problem(&l, "缺少 criteria 数组");
  size_t i;
  json_t *c;
  json_array_foreach(list, i, c) check_criterion(&l, i, c);
  json_t *targets = json_object_get(root, "targets");
  if (targets && !json_is_array(targets)) problem(&l, "targets 应是数组");
  json_array_foreach(targets, i, c) check_target(&l, i, c);
  if (l.errors.len) {
    if (report) {
      diag_add(&out->findings, DIAG_ERROR, &at, "按 docs/check.md（认定标准与规划目标）改正该文件。",
               "认定标准文件有误，未按它检查：%s。", l.errors.s);
      diag_tag(&out->findings, "criteria", NULL);
    }
    sb_free(&l.errors);
    json_decref(root);
    root = NULL;
  }
  free(path);
  return root;
}

/* ---------------------------------------------------------------- judging */

typedef struct {
  const check_input *in;
  check_report *out;
  /* The first value that fails, and the first that is missing: where a finding points. */
  const char *fail_key;
  int fail_year;
  char *fail_value;
  const char *miss_key;
  int miss_year;
  strbuf missing; /* "2021年集群总产值、…" */
} ctx;

static const char *label_of(const check_input *in, const char *key) {
  const field *f = catalog_find(in->cat, key);
  return edition_label(in->ed, key, f ? f->label : key);
}

static const char *unit_of(const field *f) { return f && f->unit ? f->unit : ""; }

static char *shown(const field *f, double v) {
  return f && f->type == FT_INTEGER ? xasprintf("%.0f", v) : format_decimal2(v);
}

static void note_missing(ctx *c, const char *key, int year) {
  if (!c->miss_key) c->miss_key = key, c->miss_year = year;
  if (c->missing.len) sb_puts(&c->missing, "、");
  if (year) sb_printf(&c->missing, "%d年", year);
  sb_puts(&c->missing, label_of(c->in, key));
}

static void note_fail(ctx *c, const char *key, int year, const char *value) {
  if (c->fail_key) return;
  c->fail_key = key;
  c->fail_year = year;
  c->fail_value = xstrdup(value);
}

/* Whether the edition's form shows the key (every key counts when the slots are not known). */
static bool on_form(const check_input *in, const char *key) {
  if (!in->slots || !in->slots->n) return true;
  for (size_t i = 0; i < in->slots->n; i++)
    if (!strcmp(in->slots->v[i].key, key)) return true;
  return false;
}

/* The value a test compares in one year (0 for a figure given once): one key, or the sum of
   those keys the form shows and the record holds. */
typedef struct {
  double v;
  int present, missing;
  const char *key; /* the first key (a finding points at it) */
  const field *f;
} source;

static void source_at(ctx *c, json_t *t, int year, source *s, strbuf *detail) {
  memset(s, 0, sizeof *s);
  json_t *key = json_object_get(t, "key"), *sum = json_object_get(t, "sum");
  if (key) {
    s->key = json_string_value(key);
    s->f = catalog_find(c->in->cat, s->key);
    int y = s->f->series ? year : 0;
    if (check_number(c->out, s->key, y, &s->v))
      s->present = 1;
    else
      s->missing = 1, note_missing(c, s->key, y);
    return;
  }
  size_t i;
  json_t *k;
  strbuf terms = {0};
  json_array_foreach(sum, i, k) {
    const char *name = json_string_value(k);
    const field *f = catalog_find(c->in->cat, name);
    if (!s->key) s->key = name, s->f = f;
    if (!on_form(c->in, name)) continue;
    int y = f->series ? year : 0;
    double v;
    if (check_number(c->out, name, y, &v)) {
      if (!s->present) s->key = name, s->f = f;
      char *n = shown(f, v);
      sb_printf(&terms, "%s%s %s%s", s->present ? " + " : "", label_of(c->in, name), n, unit_of(f));
      free(n);
      s->v += v;
      s->present++;
    } else if (json_get_path(c->in->rec->root, name) || c->in->slots) {
      /* Missing only where the record or the form has a place for it (2022-layout records have
         firms.hightech_innovative where 2023-layout records have firms.hightech + firms.innovative). */
      s->missing++;
      note_missing(c, name, y);
    }
  }
  if (s->present > 1) {
    char *n = shown(s->f, s->v);
    sb_printf(&terms, " = %s%s", n, unit_of(s->f));
    free(n);
  }
  if (terms.len) sb_puts(detail, terms.s);
  sb_free(&terms);
  if (!s->present && !s->missing) {
    /* Nothing of the sum in the record at all. */
    s->missing = 1;
    note_missing(c, s->key, s->f->series ? year : 0);
  }
}

/* The judgement of a source in one year: met, not met, or cannot tell. */
static crit_result judge(const source *s, const char *op, double threshold) {
  if (!s->present) return CRIT_UNKNOWN;
  bool ok = criteria_compare(criteria_round2(s->v), op, threshold);
  if (!ok && s->missing) return CRIT_UNKNOWN; /* the missing parts might make up the difference */
  return ok ? CRIT_MET : CRIT_NOT_MET;
}

static crit_result eval(ctx *c, json_t *t, strbuf *fig, bool named);

static crit_result eval_bool(ctx *c, json_t *t, strbuf *fig) {
  const char *key = json_string_value(json_object_get(t, "key"));
  json_t *v = json_get_path(c->out->filled ? c->out->filled : c->in->rec->root, key);
  bool want = json_is_true(json_object_get(t, "value"));
  if (!json_is_boolean(v)) {
    note_missing(c, key, 0);
    sb_printf(fig, "未填报“%s”", label_of(c->in, key));
    return CRIT_UNKNOWN;
  }
  bool is = json_is_true(v);
  sb_printf(fig, "“%s”：%s", label_of(c->in, key), is ? "是" : "否");
  if (is == want) return CRIT_MET;
  note_fail(c, key, 0, is ? "是" : "否");
  return CRIT_NOT_MET;
}

static crit_result eval_alternatives(ctx *c, json_t *alts, bool any, strbuf *fig) {
  size_t i;
  json_t *a;
  int met = 0, not_met = 0, unknown = 0;
  json_array_foreach(alts, i, a) {
    if (i) sb_puts(fig, any ? "；或者 " : "；");
    switch (eval(c, a, fig, true)) {
    case CRIT_MET: met++; break;
    case CRIT_NOT_MET: not_met++; break;
    default: unknown++; break;
    }
  }
  if (any) return met ? CRIT_MET : unknown ? CRIT_UNKNOWN : CRIT_NOT_MET;
  return not_met ? CRIT_NOT_MET : unknown ? CRIT_UNKNOWN : CRIT_MET;
}

static crit_result eval(ctx *c, json_t *t, strbuf *fig, bool named) {
  json_t *alts = json_object_get(t, "any");
  if (alts) return eval_alternatives(c, alts, true, fig);
  if ((alts = json_object_get(t, "all"))) return eval_alternatives(c, alts, false, fig);

  const char *key = json_string_value(json_object_get(t, "key"));
  json_t *sum = json_object_get(t, "sum");
  const field *kf = key ? catalog_find(c->in->cat, key) : NULL;
  if (kf && kf->type == FT_BOOL) return eval_bool(c, t, fig);

  const char *op = json_string_value(json_object_get(t, "op"));
  double threshold = json_number_value(json_object_get(t, "value"));
  const char *label = json_string_value(json_object_get(t, "label"));
  /* The unit of the threshold: that of the (first) key. */
  const field *uf = kf ? kf : catalog_find(c->in->cat, json_string_value(json_array_get(sum, 0)));
  char th[64];
  criteria_format_threshold(threshold, th, sizeof th);
  char *thr = xasprintf("%s%s", th, unit_of(uf));

  bool series = kf && kf->series;
  size_t i;
  json_t *k;
  json_array_foreach(sum, i, k) series |= catalog_find(c->in->cat, json_string_value(k))->series;
  const char *ys = json_string_value(json_object_get(t, "years"));
  int n_years = 1, years[3] = {0, 0, 0};
  if (series) {
    if (ys && (!strcmp(ys, "all") || !strcmp(ys, "mean-rate"))) {
      n_years = 3;
      years[0] = check_slot_year(c->in, "y1");
      years[1] = check_slot_year(c->in, "y2");
      years[2] = check_slot_year(c->in, "y3");
    } else {
      years[0] = check_slot_year(c->in, "y3");
    }
  }

  if (label)
    sb_printf(fig, "%s：", label);
  else if (named && key)
    sb_printf(fig, "%s ", label_of(c->in, key));

  crit_result result;
  if (series && !years[0]) {
    /* nmg-2023 without a data year: the columns are "XX年". */
    note_missing(c, "year", 0);
    sb_puts(fig, "年度未知（记录中没有 year）");
    result = CRIT_UNKNOWN;
  } else if (n_years == 1) {
    source s;
    strbuf detail = {0};
    if (years[0]) sb_printf(fig, "%d年 ", years[0]);
    source_at(c, t, years[0], &s, &detail);
    result = judge(&s, op, threshold);
    char *v = s.present ? shown(s.f, s.v) : NULL;
    if (detail.len)
      sb_puts(fig, detail.s);
    else if (v)
      sb_printf(fig, "%s%s", v, unit_of(s.f));
    if (result == CRIT_UNKNOWN && !s.present)
      sb_printf(fig, "%s缺少数据", detail.len ? "，" : "");
    else if (result == CRIT_UNKNOWN)
      sb_printf(fig, "，部分数据缺少，尚不足 %s %s", criteria_op_sign(op), thr);
    else
      sb_printf(fig, " %s %s", result == CRIT_MET ? criteria_op_sign(op) : criteria_op_negated(op), thr);
    if (result == CRIT_NOT_MET) note_fail(c, s.key, s.f->series ? years[0] : 0, v);
    free(v);
    sb_free(&detail);
  } else {
    bool mean = !strcmp(ys, "mean-rate");
    int met = 0, not_met = 0, unknown = 0;
    double product = 1;
    strbuf failed = {0};
    for (int y = 0; y < 3; y++) {
      source s;
      strbuf detail = {0};
      source_at(c, t, years[y], &s, &detail);
      if (y) sb_puts(fig, "、");
      sb_printf(fig, "%d年 ", years[y]);
      char *v = s.present ? shown(s.f, s.v) : NULL;
      if (detail.len)
        sb_puts(fig, detail.s);
      else
        sb_printf(fig, "%s%s", v ? v : "缺少", v ? unit_of(s.f) : "");
      if (mean) {
        if (s.present) product *= 1 + s.v / 100;
        else unknown++;
      } else {
        crit_result r = judge(&s, op, threshold);
        if (r == CRIT_MET) met++;
        else if (r == CRIT_UNKNOWN) unknown++;
        else {
          not_met++;
          note_fail(c, s.key, years[y], v);
          sb_printf(&failed, "%s%d年", failed.len ? "、" : "", years[y]);
        }
      }
      free(v);
      sb_free(&detail);
    }
    if (mean) {
      if (unknown || product <= 0) {
        result = CRIT_UNKNOWN;
        sb_puts(fig, "，无法计算年均增速");
      } else {
        double m = (pow(product, 1.0 / 3) - 1) * 100;
        char *v = format_decimal2(m);
        result = criteria_compare(criteria_round2(m), op, threshold) ? CRIT_MET : CRIT_NOT_MET;
        sb_printf(fig, "，年均 %s%%（三年增速的几何平均）%s %s", v,
                  result == CRIT_MET ? criteria_op_sign(op) : criteria_op_negated(op), thr);
        if (result == CRIT_NOT_MET) note_fail(c, key, years[2], v);
        free(v);
      }
    } else if (not_met) {
      result = CRIT_NOT_MET;
      sb_printf(fig, "，其中 %s %s %s（须均 %s %s）", failed.s, criteria_op_negated(op), thr, criteria_op_sign(op), thr);
    } else if (unknown) {
      result = CRIT_UNKNOWN;
      sb_printf(fig, "，已有年度均 %s %s，缺少的年度无法判断", criteria_op_sign(op), thr);
    } else {
      result = CRIT_MET;
      sb_printf(fig, "，均 %s %s", criteria_op_sign(op), thr);
    }
    sb_free(&failed);
  }
  free(thr);
  return result;
}

void check_criteria(const check_input *in, check_report *out) {
  json_t *file = criteria_file_load(in, out, true);
  if (!file) return;
  const char *title = json_string_value(json_object_get(file, "title"));
  free(out->criteria_title);
  out->criteria_title = xstrdup(title);
  size_t i;
  json_t *cr;
  json_array_foreach(json_object_get(file, "criteria"), i, cr) {
    const char *id = json_string_value(json_object_get(cr, "id"));
    const char *text = json_string_value(json_object_get(cr, "text"));
    if (json_is_true(json_object_get(cr, "judgement"))) {
      const char *see = json_string_value(json_object_get(cr, "see"));
      char *fig = see ? xasprintf("无量化指标，需评审判断（%s）", see) : xstrdup("无量化指标，需评审判断");
      check_add_judgement(&out->criteria, &out->n_criteria, id, text, fig, CRIT_JUDGEMENT);
      free(fig);
      continue;
    }
    ctx c = {.in = in, .out = out};
    strbuf fig = {0};
    crit_result r = eval(&c, json_object_get(cr, "test"), &fig, false);
    char *figures = sb_take(&fig);
    check_add_judgement(&out->criteria, &out->n_criteria, id, text, figures, r);
    if (r == CRIT_NOT_MET) {
      const char *sev = json_string_value(json_object_get(cr, "severity"));
      char *fix = xasprintf("核对数据；若属实，本集群不符合认定条件（%s），申报不会获得认定。", title);
      check_add(in, out, sev && !strcmp(sev, "warning") ? DIAG_WARNING : DIAG_ERROR, "criteria", c.fail_key, c.fail_year,
                c.fail_value, fix, "不符合认定标准“%s”：%s。", text, figures);
      free(fix);
    } else if (r == CRIT_UNKNOWN) {
      char *fix = xasprintf("填写%s，以便核对认定标准。", c.missing.len ? c.missing.s : "所缺数据");
      check_add(in, out, DIAG_WARNING, "criteria", c.miss_key, c.miss_year, NULL, fix, "无法判断是否符合认定标准“%s”：%s。", text,
                figures);
      free(fix);
    }
    free(figures);
    free(c.fail_value);
    sb_free(&c.missing);
  }
  json_decref(file);
}
