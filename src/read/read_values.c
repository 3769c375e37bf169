#include "read/read_values.h"

#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "sheet/cell_value.h"
#include "util/strbuf.h"

typedef struct {
  const merge_env *env;
  const char *file;
  diag_list *d;
  int last_year; /* the year of column y3 (editions whose years come from the record) */
} reader;

static const char *label_of(const reader *r, const field *f, const char *key) {
  return edition_label(r->env->ed, key, f ? f->label : key);
}

/* A problem at the paragraph a capture was read from. */
static void problem(const reader *r, diag_severity sev, const capture *c, const field *f, const char *key,
                    const char *fix, const char *msg) {
  char *place = c && c->where ? describe_place(c->where->node) : NULL;
  diag_place at = {.file = r->file, .where = place, .key = key, .label = key ? label_of(r, f, key) : NULL};
  diag_add(r->d, sev, &at, fix, "%s", msg);
  free(place);
}

static int year_of(const reader *r, const char *sel) {
  const edition *e = r->env->ed;
  if (e && e->auto_years && sel[0] == 'y' && sel[1] >= '1' && sel[1] <= '3' && !sel[2])
    return r->last_year ? r->last_year - 2 + (sel[1] - '1') : 0;
  bool unknown;
  return selector_year(r->env, sel, &unknown);
}

/* ---- one text as a field's value --------------------------------------------------------------- */

static bool is_nothing(const char *t) { return !*t || !strcmp(t, "\xE6\x97\xA0"); }

static json_t *split_list(const reader *r, const capture *c, const field *f, const char *key, const char *t) {
  json_t *arr = json_array();
  const char *p = t;
  while (*p) {
    const char *sep = strstr(p, "\xE3\x80\x81"); /* 、 */
    size_t n = sep ? (size_t)(sep - p) : strlen(p);
    char *one = xstrndup(p, n);
    if (*one) {
      if (f->type == FT_MULTI) {
        const field_option *o = field_option_find(f, one);
        if (o) {
          json_array_append_new(arr, json_string(o->id));
        } else {
          char *msg = xasprintf("「%s」不是这一栏的选项。", one);
          problem(r, DIAG_ERROR, c, f, key, "改成申报表列出的选项之一，几项之间用顿号“、”隔开。", msg);
          free(msg);
        }
      } else {
        json_array_append_new(arr, json_string(one));
      }
    }
    free(one);
    p += n + (sep ? 3 : 0);
  }
  return arr;
}

static json_t *parse_value(const reader *r, const capture *c, const field *f, const char *key) {
  const char *t = c->text;
  if (is_nothing(t)) return NULL;
  switch (f->type) {
  case FT_LINE:
  case FT_TEXT:
  case FT_VALUE: return json_string(t);
  case FT_NAMES:
  case FT_MULTI: return split_list(r, c, f, key, t);
  default: break;
  }
  cell cl = {.type = CELL_TEXT, .text = (char *)t, .typed = true};
  char *place = c->where ? describe_place(c->where->node) : NULL;
  diag_place at = {.file = r->file, .where = place, .key = key, .label = label_of(r, f, key)};
  json_t *v = cell_value(&cl, f, NULL, &at, r->d);
  free(place);
  /* The form writes 2023年7月20日; the data keeps dates as 2023-07-20. */
  int y, mo, dd;
  char tail;
  if (f->type == FT_DATE && json_is_string(v) && sscanf(json_string_value(v), "%d年%d月%d日%c", &y, &mo, &dd, &tail) == 3) {
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, dd);
    json_decref(v);
    v = json_string(iso);
  }
  return v;
}

/* ---- the record -------------------------------------------------------------------------------- */

/* Sets root.a.b.c (and, for a year, root.a.b.c."2021"), making the objects on the way. */
static void set_path(json_t *root, const char *key, int year, json_t *v) {
  json_t *o = root;
  const char *p = key;
  for (;;) {
    const char *dot = strchr(p, '.');
    char *part = dot ? xstrndup(p, (size_t)(dot - p)) : xstrdup(p);
    if (!dot && !year) {
      json_object_set_new(o, part, v);
      free(part);
      return;
    }
    json_t *next = json_object_get(o, part);
    if (!json_is_object(next)) {
      next = json_object();
      json_object_set_new(o, part, next);
    }
    free(part);
    o = next;
    if (!dot) break;
    p = dot + 1;
  }
  char ys[16];
  snprintf(ys, sizeof ys, "%d", year);
  json_object_set_new(o, ys, v);
}

static void del_path(json_t *root, const char *key, int year) {
  char *k = xstrdup(key);
  char *last = strrchr(k, '.');
  json_t *parent = root;
  if (last) {
    *last = '\0';
    parent = json_get_path(root, k);
  }
  const char *name = last ? last + 1 : k;
  if (json_is_object(parent)) {
    if (year) {
      char ys[16];
      snprintf(ys, sizeof ys, "%d", year);
      json_t *series = json_object_get(parent, name);
      if (json_is_object(series)) json_object_del(series, ys);
      if (json_is_object(series) && !json_object_size(series)) json_object_del(parent, name);
    } else {
      json_object_del(parent, name);
    }
  }
  free(k);
}

/* The fields the form shows (outside its repeated rows) and its lists: what base gives for them
   is replaced. */
static void drop_shown(const reader *r, const pat *p, json_t *out) {
  for (size_t i = 0; i < p->n_segs; i++) {
    const seg *g = &p->segs[i];
    if ((g->kind != SEG_VALUE && g->kind != SEG_BOX) || !g->field || g->list) continue;
    del_path(out, g->tag.key, g->field->series ? year_of(r, g->tag.sel) : 0);
  }
  if (p->kind == PAT_EACH && p->list) {
    del_path(out, p->tag.key, 0);
    return;
  }
  for (size_t i = 0; i < p->n; i++) drop_shown(r, &p->kids[i], out);
}

/* Everything the same field says in several places must agree. */
typedef struct {
  char *id;            /* "key|year" */
  json_t *value;       /* NULL for nothing */
  const capture *from;
} seen_value;

typedef struct {
  seen_value *v;
  size_t n, cap;
} seen_list;

static seen_value *seen_find(seen_list *s, const char *id) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->v[i].id, id)) return &s->v[i];
  return NULL;
}

static bool same_value(json_t *a, json_t *b) { return (!a && !b) || (a && b && json_equal(a, b)); }

static void put_value(reader *r, seen_list *seen, json_t *root, const capture *c, const field *f, const char *key,
                      int year, json_t *v) {
  char *id = xasprintf("%s|%d", key, year);
  seen_value *prev = seen_find(seen, id);
  if (prev) {
    if (!same_value(prev->value, v)) {
      char *p1 = describe_place(prev->from->where->node);
      char *msg = xasprintf("这一栏在申报表中出现不止一处，内容不同：「%s」（%s）与「%s」。", prev->from->text, p1, c->text);
      problem(r, DIAG_ERROR, c, f, key, "把各处改成一致后再读取。", msg);
      free(msg);
      free(p1);
    }
    json_decref(v);
    free(id);
    return;
  }
  if (seen->n == seen->cap) seen->cap = seen->cap ? seen->cap * 2 : 64, seen->v = xrealloc(seen->v, seen->cap * sizeof *seen->v);
  seen->v[seen->n++] = (seen_value){.id = id, .value = v, .from = c};
  if (v) set_path(root, key, year, json_incref(v));
}

/* The boxes of one field: the options ticked. */
static void read_boxes(reader *r, const match_result *m, size_t first, json_t *root, seen_list *seen, bool *done) {
  const capture *c0 = &m->v[first];
  const field *f = c0->seg->field;
  const char *key = c0->seg->tag.key;
  json_t *ticked = json_array();
  const capture *last_ticked = NULL;
  for (size_t i = first; i < m->n; i++) {
    const capture *c = &m->v[i];
    if (c->kind != CAP_BOX || c->loop || strcmp(c->seg->tag.key, key)) continue;
    done[i] = true;
    if (!c->ticked) continue;
    bool have = false;
    size_t k;
    json_t *x;
    json_array_foreach(ticked, k, x) have |= !strcmp(json_string_value(x), c->seg->tag.value);
    if (!have) json_array_append_new(ticked, json_string(c->seg->tag.value)), last_ticked = c;
  }
  json_t *v = NULL;
  size_t n = json_array_size(ticked);
  if (f->type == FT_MULTI) {
    /* In the catalog's order of the options, as the form prints them. */
    v = json_array();
    for (size_t o = 0; o < f->n_options; o++) {
      size_t k;
      json_t *x;
      json_array_foreach(ticked, k, x) if (!strcmp(json_string_value(x), f->options[o].id)) json_array_append_new(v, json_string(f->options[o].id));
    }
    if (!n) json_decref(v), v = NULL;
  } else if (n > 1) {
    strbuf opts = {0};
    size_t k;
    json_t *x;
    json_array_foreach(ticked, k, x) {
      const field_option *o = field_option_find(f, json_string_value(x));
      const char *word = f->type == FT_BOOL ? (!strcmp(json_string_value(x), "true") ? "是" : "否") : o ? o->text : json_string_value(x);
      sb_printf(&opts, "%s“%s”", k ? "、" : "", word);
    }
    char *msg = xasprintf("这一栏只能勾选一项，文档中勾选了 %s。", opts.s);
    problem(r, DIAG_ERROR, last_ticked, f, key, "只保留一个 ☑，其余改回 □。", msg);
    free(msg);
    sb_free(&opts);
  } else if (n == 1) {
    const char *id = json_string_value(json_array_get(ticked, 0));
    v = f->type == FT_BOOL ? json_boolean(!strcmp(id, "true")) : json_string(id);
  }
  json_decref(ticked);
  capture at = *c0;
  at.text = (char *)(v ? "☑" : "□");
  put_value(r, seen, root, &at, f, key, 0, v);
}

/* A goal-table row: numbers carry the row's unit after them ("12.50%"); when every number of the
   row has the same words after it, those are the unit, else the cells stay as written. */
static void settle_units(json_t *item, const field *list) {
  char *unit = NULL;
  bool consistent = true, any = false;
  for (size_t i = 0; i < list->n_items; i++) {
    const field *f = &list->items[i];
    const char *s = f->type == FT_VALUE ? json_string_value(json_object_get(item, f->key)) : NULL;
    if (!s) continue;
    char *end;
    strtod(s, &end);
    bool num = end != s && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'));
    const char *tail = num ? end : NULL;
    if (!tail || strpbrk(tail, "0123456789") || strlen(tail) > 24) {
      consistent = false;
      continue;
    }
    any = true;
    if (!unit) unit = xstrdup(tail);
    else if (strcmp(unit, tail)) consistent = false;
  }
  if (consistent && any && !json_object_get(item, "unit")) {
    for (size_t i = 0; i < list->n_items; i++) {
      const field *f = &list->items[i];
      const char *s = f->type == FT_VALUE ? json_string_value(json_object_get(item, f->key)) : NULL;
      if (!s) continue;
      char *num = xstrndup(s, strlen(s) - strlen(unit));
      json_t *v = strchr(num, '.') ? json_real(strtod(num, NULL)) : json_integer(strtoll(num, NULL, 10));
      json_object_set_new(item, f->key, v);
      free(num);
    }
    if (*unit) json_object_set_new(item, "unit", json_string(unit));
  }
  free(unit);
}

/* A printed row of the edition (集群产值年均增速 …) with nothing filled in is not the record's. */
static bool is_default_row(const edition *e, const char *key, json_t *item) {
  json_t *spec = json_object_get(e->lists, key);
  const char *group = json_string_value(json_object_get(spec, "group"));
  const char *match = json_string_value(json_object_get(spec, "match"));
  if (!spec || !match) return false;
  const char *k;
  json_t *v;
  json_object_foreach(item, k, v) if (strcmp(k, match) && (!group || strcmp(k, group))) return false;
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(spec, "rows"), i, row) {
    bool same = json_equal(json_object_get(row, match), json_object_get(item, match)) &&
                (!group || json_equal(json_object_get(row, group), json_object_get(item, group)));
    if (same) return true;
  }
  return false;
}

static void read_rows(reader *r, const match_result *m, json_t *root, bool *done) {
  json_t *lists = json_object(); /* key → array, in the order the form shows the lists */
  for (size_t i = 0; i < m->n; i++) {
    const capture *c = &m->v[i];
    if (done[i] || !c->loop || c->kind == CAP_YEAR || c->kind == CAP_UNSPLIT) continue;
    const pat *loop = c->loop;
    size_t iter = c->iter;
    json_t *item = json_object();
    if (loop->tag.filter[0]) json_object_set_new(item, loop->tag.filter, json_string(loop->tag.value));
    for (size_t j = i; j < m->n; j++) {
      const capture *x = &m->v[j];
      if (x->loop != loop || x->iter != iter || done[j]) continue;
      done[j] = true;
      const field *f = x->seg->field;
      const char *name = x->seg->tag.key[0] == '.' ? x->seg->tag.key + 1 : x->seg->tag.key;
      if (!f || x->kind != CAP_VALUE) continue;
      json_t *v = parse_value(r, x, f, loop->tag.key);
      if (v) json_object_set_new(item, name, v);
    }
    if (loop->list) settle_units(item, loop->list);
    json_t *arr = json_object_get(lists, loop->tag.key);
    if (!arr) json_object_set_new(lists, loop->tag.key, arr = json_array());
    if (!is_default_row(r->env->ed, loop->tag.key, item)) json_array_append(arr, item);
    json_decref(item);
  }
  const char *k;
  json_t *arr;
  json_object_foreach(lists, k, arr) if (json_array_size(arr)) set_path(root, k, 0, json_incref(arr));
  json_decref(lists);
}

static void report_unsplit(reader *r, const capture *c) {
  strbuf labels = {0};
  for (size_t i = 0; i < c->n_segs; i++) {
    const seg *g = c->seg + i;
    if (g->kind != SEG_VALUE) continue;
    sb_printf(&labels, "%s“%s”", labels.len ? "、" : "", label_of(r, g->field, g->tag.key));
  }
  char *msg = xasprintf("%s 写在一起，读不出各自的内容：「%s」。", labels.s ? labels.s : "这几栏", c->text);
  problem(r, DIAG_ERROR, c, c->seg->field, c->seg->tag.key,
          "照原表的写法填写（如 省、市、县 各级名称齐全，姓名与电话之间留空格），或在数据文件中改正这几栏。", msg);
  free(msg);
  sb_free(&labels);
}

json_t *read_record(const pat *form, const match_result *m, const merge_env *env, const char *file, json_t *base,
                    diag_list *d) {
  reader r = {.env = env, .file = file, .d = d};
  size_t errors_before = diag_count(d, DIAG_ERROR);
  const edition *e = env->ed;
  /* The years first: the figures of a year column are filed under it. */
  const capture *year_from = NULL;
  for (size_t i = 0; i < m->n; i++) {
    const capture *c = &m->v[i];
    if (c->kind != CAP_YEAR) continue;
    int col = c->seg->tag.key[9] - '1';
    char *end;
    long y = strtol(c->text, &end, 10);
    if (end == c->text || *end || y < 1900 || y > 2100) {
      char *msg = xasprintf("年度「%s」不是四位年份。", c->text);
      problem(&r, DIAG_ERROR, c, NULL, NULL, "写成四位年份，如 2022。", msg);
      free(msg);
      continue;
    }
    int last = (int)y + 2 - col;
    if (!r.last_year) {
      r.last_year = last;
      year_from = c;
    } else if (last != r.last_year) {
      char *p1 = describe_place(year_from->where->node);
      char *msg = xasprintf("年度「%s」与%s的「%s」对不上（三个年度应是相连的三年）。", c->text, p1, year_from->text);
      problem(&r, DIAG_ERROR, c, NULL, NULL, "把各处年度改成一致。", msg);
      free(msg);
      free(p1);
    }
  }
  if (e->auto_years && !r.last_year) {
    diag_place at = {.file = file};
    diag_add(d, DIAG_ERROR, &at, "在年度那几列的表头写上年份。", "文档中读不出填报的年度（表头的“XX年”未填）。");
  }

  json_t *read = json_object();
  seen_list seen = {0};
  bool *done = calloc(m->n ? m->n : 1, sizeof *done);
  for (size_t i = 0; i < m->n; i++) {
    const capture *c = &m->v[i];
    if (done[i] || c->loop) continue;
    if (c->kind == CAP_UNSPLIT) {
      report_unsplit(&r, c);
      done[i] = true;
    } else if (c->kind == CAP_BOX && c->seg->field) {
      read_boxes(&r, m, i, read, &seen, done);
    } else if (c->kind == CAP_VALUE && c->seg->field) {
      const field *f = c->seg->field;
      int year = f->series ? year_of(&r, c->seg->tag.sel) : 0;
      if (f->series && !year) continue; /* reported above: no years */
      put_value(&r, &seen, read, c, f, c->seg->tag.key, year, parse_value(&r, c, f, c->seg->tag.key));
      done[i] = true;
    }
  }
  for (size_t i = 0; i < m->n; i++)
    if (!done[i] && m->v[i].kind == CAP_UNSPLIT) report_unsplit(&r, &m->v[i]), done[i] = true;
  read_rows(&r, m, read, done);
  free(done);
  for (size_t i = 0; i < seen.n; i++) {
    free(seen.v[i].id);
    json_decref(seen.v[i].value);
  }
  free(seen.v);
  if (diag_count(d, DIAG_ERROR) > errors_before) {
    json_decref(read);
    return NULL;
  }

  /* base, with what the form shows replaced by what was read; then in the catalog's order. */
  json_t *merged = base ? json_deep_copy(base) : json_object();
  drop_shown(&r, form, merged);
  const char *k;
  json_t *v;
  json_object_foreach(read, k, v) {
    json_t *have = json_object_get(merged, k);
    if (json_is_object(have) && json_is_object(v)) json_object_update_recursive(have, v);
    else json_object_set(merged, k, v);
  }
  json_decref(read);
  json_object_set_new(merged, "edition", json_string(e->id));
  if (r.last_year) json_object_set_new(merged, "year", json_integer(r.last_year));
  else if (!json_object_get(merged, "year") && e->years[2]) json_object_set_new(merged, "year", json_integer(e->years[2]));
  json_t *out = json_object();
  json_object_set(out, "edition", json_object_get(merged, "edition"));
  json_object_set(out, "year", json_object_get(merged, "year"));
  for (size_t i = 0; i < env->cat->n; i++) {
    const char *key = env->cat->fields[i].key;
    const char *dot = strchr(key, '.');
    char *top = dot ? xstrndup(key, (size_t)(dot - key)) : xstrdup(key);
    if (!json_object_get(out, top) && json_object_get(merged, top)) json_object_set(out, top, json_object_get(merged, top));
    free(top);
  }
  json_object_foreach(merged, k, v) if (!json_object_get(out, k)) json_object_set(out, k, v);
  json_decref(merged);
  return out;
}
