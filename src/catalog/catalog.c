#include "catalog/catalog.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static const struct {
  const char *name;
  field_type type;
} TYPES[] = {
    {"line", FT_LINE},       {"text", FT_TEXT},     {"decimal", FT_DECIMAL},
    {"percent", FT_PERCENT}, {"rate", FT_RATE},     {"integer", FT_INTEGER},
    {"bool", FT_BOOL},       {"choice", FT_CHOICE}, {"multi", FT_MULTI},
    {"names", FT_NAMES},     {"date", FT_DATE},     {"list", FT_LIST},
    {"value", FT_VALUE},
};

const char *field_type_name(field_type t) {
  for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
    if (TYPES[i].type == t) return TYPES[i].name;
  return "?";
}

bool field_type_is_number(field_type t) {
  return t == FT_DECIMAL || t == FT_PERCENT || t == FT_RATE || t == FT_INTEGER;
}

static char *opt_str(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static bool load_field(field *f, json_t *o, const char *path, diag_list *diags) {
  memset(f, 0, sizeof *f);
  f->key = opt_str(o, "key");
  f->label = opt_str(o, "label");
  const char *type = json_string_value(json_object_get(o, "type"));
  diag_place at = {.file = path, .key = f->key};
  if (!f->key || !f->label || !type) {
    diag_add(diags, DIAG_ERROR, &at, NULL, "字段目录中有一项缺少 key、label 或 type。");
    return false;
  }
  bool known = false;
  for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
    if (!strcmp(TYPES[i].name, type)) f->type = TYPES[i].type, known = true;
  if (!known) {
    diag_add(diags, DIAG_ERROR, &at, NULL, "字段目录中的类型 \"%s\" 未知。", type);
    return false;
  }
  f->unit = opt_str(o, "unit");
  f->note = opt_str(o, "note");
  f->series = json_is_true(json_object_get(o, "series"));
  f->required = json_is_true(json_object_get(o, "required"));
  f->plan = json_is_true(json_object_get(o, "plan"));
  f->sheet = json_is_true(json_object_get(o, "sheet"));
  f->limit = (int)json_integer_value(json_object_get(o, "limit"));
  json_t *v;
  if ((v = json_object_get(o, "min")) && json_is_number(v)) f->has_min = true, f->min = json_number_value(v);
  if ((v = json_object_get(o, "max")) && json_is_number(v)) f->has_max = true, f->max = json_number_value(v);
  if (f->type == FT_PERCENT) {
    if (!f->has_min) f->has_min = true, f->min = 0;
    if (!f->has_max) f->has_max = true, f->max = 100;
  }
  if (f->type == FT_INTEGER && !f->has_min) f->has_min = true, f->min = 0;
  json_t *opts = json_object_get(o, "options");
  if (json_is_array(opts)) {
    f->n_options = json_array_size(opts);
    f->options = xmalloc(f->n_options * sizeof *f->options);
    for (size_t i = 0; i < f->n_options; i++) {
      json_t *op = json_array_get(opts, i);
      f->options[i].id = opt_str(op, "id");
      f->options[i].text = opt_str(op, "text");
      if (!f->options[i].id) f->options[i].id = xstrdup("?");
      if (!f->options[i].text) f->options[i].text = xstrdup(f->options[i].id);
    }
  }
  json_t *items = json_object_get(o, "item");
  if (json_is_array(items)) {
    f->n_items = json_array_size(items);
    f->items = xmalloc(f->n_items * sizeof *f->items);
    for (size_t i = 0; i < f->n_items; i++)
      if (!load_field(&f->items[i], json_array_get(items, i), path, diags)) return false;
  }
  return true;
}

bool catalog_load(catalog *c, const char *path, diag_list *diags) {
  memset(c, 0, sizeof *c);
  json_error_t jerr;
  json_t *root = json_load_file(path, 0, &jerr);
  diag_place at = {.file = path, .line = jerr.line, .col = jerr.column};
  if (!root) {
    diag_add(diags, DIAG_ERROR, &at, "请重新安装 clusterform，或用 --templates 指向完整的模板文件夹。",
             "无法读取字段目录：%s", jerr.text);
    return false;
  }
  json_t *arr = json_object_get(root, "fields");
  c->plan_limit = (int)json_integer_value(json_object_get(root, "plan_limit"));
  c->n = json_array_size(arr);
  c->fields = xmalloc((c->n ? c->n : 1) * sizeof *c->fields);
  bool ok = true;
  for (size_t i = 0; i < c->n && ok; i++) ok = load_field(&c->fields[i], json_array_get(arr, i), path, diags);
  if (!ok) c->n = 0;
  json_decref(root);
  return ok;
}

static void free_field(field *f) {
  free(f->key);
  free(f->label);
  free(f->unit);
  free(f->note);
  for (size_t i = 0; i < f->n_options; i++) {
    free(f->options[i].id);
    free(f->options[i].text);
  }
  free(f->options);
  for (size_t i = 0; i < f->n_items; i++) free_field(&f->items[i]);
  free(f->items);
}

void catalog_free(catalog *c) {
  for (size_t i = 0; i < c->n; i++) free_field(&c->fields[i]);
  free(c->fields);
  memset(c, 0, sizeof *c);
}

const field *catalog_find(const catalog *c, const char *key) {
  for (size_t i = 0; i < c->n; i++)
    if (!strcmp(c->fields[i].key, key)) return &c->fields[i];
  return NULL;
}

const field *field_item(const field *list, const char *key) {
  for (size_t i = 0; i < list->n_items; i++)
    if (!strcmp(list->items[i].key, key)) return &list->items[i];
  return NULL;
}

const field_option *field_option_find(const field *f, const char *s) {
  for (size_t i = 0; i < f->n_options; i++)
    if (!strcmp(f->options[i].id, s) || !strcmp(f->options[i].text, s)) return &f->options[i];
  return NULL;
}

bool catalog_is_group(const catalog *c, const char *prefix) {
  size_t n = strlen(prefix);
  for (size_t i = 0; i < c->n; i++)
    if (!strncmp(c->fields[i].key, prefix, n) && c->fields[i].key[n] == '.') return true;
  return false;
}
