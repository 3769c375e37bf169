#include "merge/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/format.h"
#include "record/lists.h"
#include "util/nearest.h"
#include "util/strbuf.h"

static const char *const EDITION_NAMES[] = {"y1", "y2", "y3", "base", "target", "m1", "m2", "m3"};

int selector_year(const merge_env *env, const char *sel, bool *unknown) {
  const edition *e = env->ed;
  *unknown = false;
  if (!sel[0]) return 0;
  if (strlen(sel) == 4 && strspn(sel, "0123456789") == 4) return atoi(sel);
  if (!e) return 0;
  if (sel[0] == 'y' && sel[1] >= '1' && sel[1] <= '3' && !sel[2]) {
    int i = sel[1] - '1';
    if (!e->auto_years) return e->years[i];
    int last = env->rec ? record_year(env->rec) : 0;
    if (!last) *unknown = true;
    return last ? last - 2 + i : 0;
  }
  if (!strcmp(sel, "base")) return e->baseline_year;
  if (!strcmp(sel, "target")) return e->target_year;
  if (sel[0] == 'm' && sel[1] >= '1' && sel[1] <= '3' && !sel[2]) return e->milestones[sel[1] - '1'];
  return 0;
}

static bool selector_known(const merge_env *env, const char *sel) {
  bool unknown;
  if (strlen(sel) == 4 && strspn(sel, "0123456789") == 4) return true;
  for (size_t i = 0; i < sizeof EDITION_NAMES / sizeof *EDITION_NAMES; i++)
    if (!strcmp(sel, EDITION_NAMES[i])) return env->ed ? (env->ed->auto_years && sel[0] == 'y') || selector_year(env, sel, &unknown) != 0 : true;
  return false;
}

const field *tag_field(const merge_env *env, const tag *t, const field *list) {
  if (t->key[0] == '.') return list && strcmp(t->key, ".#") ? field_item(list, t->key + 1) : NULL;
  return catalog_find(env->cat, t->key);
}

static bool suggest(const merge_env *env, const char *key, const field *list, char *hint, size_t cap) {
  const char **names = xmalloc((env->cat->n + 16) * sizeof *names);
  size_t n = 0;
  if (key[0] == '.' && list)
    for (size_t i = 0; i < list->n_items; i++) names[n++] = list->items[i].key;
  else
    for (size_t i = 0; i < env->cat->n; i++) names[n++] = env->cat->fields[i].key;
  const char *near = nearest_name(key[0] == '.' ? key + 1 : key, names, n);
  if (near) snprintf(hint, cap, "是不是 %s%s？", key[0] == '.' ? "." : "", near);
  free(names);
  return near != NULL;
}

bool tag_check(const merge_env *env, const tag *t, const field *list, char *msg, size_t cap, char *hint,
               size_t hint_cap) {
  hint[0] = '\0';
  switch (t->kind) {
  case TAG_BAD:
    snprintf(msg, cap, "%s", t->error);
    return false;
  case TAG_COMMENT:
  case TAG_END_EACH:
  case TAG_END_IF:
  case TAG_END_UNLESS: return true;
  default: break;
  }
  if ((t->kind == TAG_IF || t->kind == TAG_UNLESS) && !strcmp(t->key, "blank")) return true;
  if (!strncmp(t->key, "edition.", 8)) {
    const char *name = t->key + 8;
    if (t->kind != TAG_VALUE && t->kind != TAG_IF && t->kind != TAG_UNLESS) {
      snprintf(msg, cap, "版本参数 %s 只能写出或判断，不能勾选或循环。", t->key);
      return false;
    }
    if (selector_known(env, name) || (env->ed && json_object_get(env->ed->strings, name))) return true;
    snprintf(msg, cap, "版本中没有参数 \"%s\"。", name);
    snprintf(hint, hint_cap, "可用：edition.y1 … y3、base、target、m1 … m3，以及 edition.json 的 strings 中的名称。");
    return false;
  }
  if (t->key[0] == '.') {
    if (!list) {
      snprintf(msg, cap, "%s 只能用在 {{#each}} … {{/each}} 之间。", t->key);
      return false;
    }
    if (!strcmp(t->key, ".#")) return true;
  }
  const field *f = tag_field(env, t, list);
  if (!f) {
    snprintf(msg, cap, t->key[0] == '.' ? "列表中没有 \"%s\" 这一列。" : "字段目录中没有 \"%s\"。", t->key);
    suggest(env, t->key, list, hint, hint_cap);
    return false;
  }
  if (t->sel[0] && !f->series) {
    snprintf(msg, cap, "%s 不是按年份填写的字段，不能加 @%s。", t->key, t->sel);
    return false;
  }
  if (t->sel[0] && !selector_known(env, t->sel)) {
    snprintf(msg, cap, "年份 @%s 在此版本中没有定义。", t->sel);
    snprintf(hint, hint_cap, "用 @y1、@y2、@y3（年度列）、@base、@target、@m1 … @m3，或四位年份。");
    return false;
  }
  if (t->kind == TAG_VALUE && f->series && !t->sel[0]) {
    snprintf(msg, cap, "%s 按年份填写，标签要指明年份，例如 {{%s@y1}}。", t->key, t->key);
    return false;
  }
  if (t->kind == TAG_VALUE && f->type == FT_LIST) {
    snprintf(msg, cap, "%s 是表格行的列表，要用 {{#each %s}} … {{/each}} 逐行写出。", t->key, t->key);
    return false;
  }
  if (t->kind == TAG_CHECK) {
    if (f->type == FT_BOOL) {
      if (strcmp(t->value, "true") && strcmp(t->value, "false")) {
        snprintf(msg, cap, "是/否字段 %s 的勾选框应写 =true 或 =false。", t->key);
        return false;
      }
    } else if (f->type == FT_CHOICE || f->type == FT_MULTI) {
      const field_option *o = field_option_find(f, t->value);
      if (!o || strcmp(o->id, t->value)) {
        snprintf(msg, cap, "字段 %s 没有选项 \"%s\"。", t->key, t->value);
        const char **ids = xmalloc(f->n_options * sizeof *ids);
        for (size_t i = 0; i < f->n_options; i++) ids[i] = f->options[i].id;
        const char *near = nearest_name(t->value, ids, f->n_options);
        if (near) snprintf(hint, hint_cap, "是不是 %s？", near);
        free(ids);
        return false;
      }
    } else {
      snprintf(msg, cap, "%s 不是是/否或选项字段，不能做勾选框。", t->key);
      return false;
    }
  }
  if (t->kind == TAG_EACH) {
    if (f->type != FT_LIST && f->type != FT_NAMES && f->type != FT_MULTI) {
      snprintf(msg, cap, "{{#each}} 只能用于列表字段，%s 不是列表。", t->key);
      return false;
    }
    if (t->filter[0] && (f->type != FT_LIST || !field_item(f, t->filter))) {
      snprintf(msg, cap, "列表 %s 中没有可用于筛选的列 \"%s\"。", t->key, t->filter);
      return false;
    }
  }
  return true;
}

static json_t *lookup(const merge_env *env, const scope *sc, const tag *t, const field **fo) {
  const field *f = tag_field(env, t, sc ? sc->list : NULL);
  *fo = f;
  json_t *v = NULL;
  if (t->key[0] == '.') {
    v = sc && sc->item ? json_object_get(sc->item, t->key + 1) : NULL;
  } else if (!env->blank || env->values_in_blank) {
    v = record_get(env->rec, t->key);
  }
  if (v && f && f->series) {
    bool unknown;
    int y = selector_year(env, t->sel, &unknown);
    char ys[16];
    snprintf(ys, sizeof ys, "%d", y);
    v = y ? json_object_get(v, ys) : NULL;
  }
  return json_is_null(v) ? NULL : v;
}

char *eval_value(const merge_env *env, const scope *sc, const tag *t) {
  if (!strncmp(t->key, "edition.", 8)) {
    const char *name = t->key + 8;
    json_t *s = env->ed ? json_object_get(env->ed->strings, name) : NULL;
    if (json_is_string(s)) return xstrdup(json_string_value(s));
    bool unknown;
    int y = selector_year(env, name, &unknown);
    if (unknown || (!y && env->ed && env->ed->auto_years)) return xstrdup("XX");
    return y ? xasprintf("%d", y) : NULL;
  }
  if (!strcmp(t->key, ".#")) return sc ? xasprintf("%zu", sc->index + 1) : NULL;
  const field *f;
  json_t *v = lookup(env, sc, t, &f);
  if (!f || !v) return NULL;
  char *s = format_value(f, v);
  /* Goal-table cells carry the row's unit after a number: 12.50%. */
  if (s && f->type == FT_VALUE && json_is_number(v) && sc && sc->item) {
    const char *unit = json_string_value(json_object_get(sc->item, "unit"));
    if (unit && *unit) {
      char *u = xasprintf("%s%s", s, unit);
      free(s);
      s = u;
    }
  }
  return s;
}

bool eval_check(const merge_env *env, const scope *sc, const tag *t) {
  const field *f;
  json_t *v = lookup(env, sc, t, &f);
  if (!f || !v) return false;
  if (f->type == FT_BOOL) return json_is_boolean(v) && json_is_true(v) == !strcmp(t->value, "true");
  if (json_is_string(v)) {
    const field_option *o = field_option_find(f, json_string_value(v));
    return o && !strcmp(o->id, t->value);
  }
  if (json_is_array(v)) {
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it) {
      const field_option *o = json_is_string(it) ? field_option_find(f, json_string_value(it)) : NULL;
      if (o && !strcmp(o->id, t->value)) return true;
    }
  }
  return false;
}

bool eval_truthy(const merge_env *env, const scope *sc, const tag *t) {
  if (!strcmp(t->key, "blank")) return env->blank;
  if (!strncmp(t->key, "edition.", 8)) {
    char *s = eval_value(env, sc, t);
    bool yes = s && *s;
    free(s);
    return yes;
  }
  const field *f;
  json_t *v = lookup(env, sc, t, &f);
  if (!v) return false;
  if (json_is_boolean(v)) return json_is_true(v);
  if (json_is_string(v)) return *json_string_value(v) != '\0';
  if (json_is_array(v)) return json_array_size(v) > 0;
  if (json_is_object(v)) return json_object_size(v) > 0;
  return true;
}

json_t *eval_items(const merge_env *env, const tag *t) {
  json_t *all = list_rows(env->ed, env->blank ? NULL : env->rec, t->key, env->blank);
  if (!t->filter[0]) return all;
  json_t *out = json_array();
  size_t i;
  json_t *it;
  json_array_foreach(all, i, it) {
    const char *v = json_string_value(json_object_get(it, t->filter));
    if (v && !strcmp(v, t->value)) json_array_append(out, it);
  }
  json_decref(all);
  return out;
}
