#include "catalog/edition.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"
#include "util/nearest.h"
#include "util/strbuf.h"

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char **edition_ids(const char *templates_dir, size_t *n) {
  *n = 0;
  DIR *d = opendir(templates_dir);
  if (!d) return NULL;
  char **ids = NULL;
  size_t cap = 0;
  struct dirent *ent;
  while ((ent = readdir(d))) {
    if (ent->d_name[0] == '.') continue;
    char *dir = path_join(templates_dir, ent->d_name);
    char *ed = path_join(dir, "edition.json");
    FILE *f = fopen(ed, "rb");
    if (f) {
      fclose(f);
      if (*n == cap) cap = cap ? cap * 2 : 8, ids = xrealloc(ids, cap * sizeof *ids);
      ids[(*n)++] = xstrdup(ent->d_name);
    }
    free(ed);
    free(dir);
  }
  closedir(d);
  if (*n) qsort(ids, *n, sizeof *ids, cmp_str);
  return ids;
}

static int get_int(json_t *o, const char *k) { return (int)json_integer_value(json_object_get(o, k)); }

static void get_years(json_t *arr, int out[3]) {
  for (int i = 0; i < 3; i++) out[i] = (int)json_integer_value(json_array_get(arr, (size_t)i));
}

bool edition_load(edition *e, const char *templates_dir, const char *id, diag_list *diags) {
  memset(e, 0, sizeof *e);
  size_t n;
  char **ids = edition_ids(templates_dir, &n);
  bool found = false;
  for (size_t i = 0; i < n; i++) found |= !strcmp(ids[i], id);
  if (!found) {
    strbuf list = {0};
    for (size_t i = 0; i < n; i++) sb_printf(&list, "%s%s", i ? "、" : "", ids[i]);
    const char *near = nearest_name(id, (const char *const *)ids, n);
    char *fix = near ? xasprintf("是不是要用 %s？可用的版本：%s（clusterform editions 列出全部）。", near, list.s ? list.s : "无")
                     : xasprintf("可用的版本：%s（clusterform editions 列出全部）。", list.s ? list.s : "无");
    diag_place at = {.where = "版本", .key = "edition", .label = "申报表版本"};
    diag_add(diags, DIAG_ERROR, &at, fix, "没有名为 \"%s\" 的申报表版本。", id);
    free(fix);
    sb_free(&list);
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    return false;
  }
  for (size_t i = 0; i < n; i++) free(ids[i]);
  free(ids);

  e->dir = path_join(templates_dir, id);
  char *path = path_join(e->dir, "edition.json");
  json_error_t jerr;
  json_t *root = json_load_file(path, 0, &jerr);
  if (!root || !json_is_object(root)) {
    diag_place at = {.file = path, .line = jerr.line, .col = jerr.column};
    diag_add(diags, DIAG_ERROR, &at, "请检查该版本文件夹中的 edition.json。", "版本说明文件无法读取：%s",
             root ? "不是 JSON 对象" : jerr.text);
    json_decref(root);
    free(path);
    return false;
  }
  e->id = xstrdup(id);
  const char *title = json_string_value(json_object_get(root, "title"));
  e->title = xstrdup(title ? title : id);
  const char *form = json_string_value(json_object_get(root, "form"));
  e->form = path_join(e->dir, form ? form : "form");
  const char *summary = json_string_value(json_object_get(root, "summary"));
  e->summary = summary && *summary ? path_join(e->dir, summary) : NULL;
  json_t *years = json_object_get(root, "years");
  if (json_is_string(years) && !strcmp(json_string_value(years), "auto"))
    e->auto_years = true;
  else
    get_years(years, e->years);
  e->baseline_year = get_int(root, "baseline_year");
  e->target_year = get_int(root, "target_year");
  get_years(json_object_get(root, "milestone_years"), e->milestones);
  json_t *limits = json_object_get(root, "limits");
  e->limit_narrative = get_int(limits, "narrative");
  e->limit_plan = get_int(limits, "plan");
  e->limit_intro = get_int(limits, "intro");
  json_t *print = json_object_get(root, "print");
  e->print_copies = get_int(print, "copies");
  e->print_originals = get_int(print, "originals");
  if (e->print_copies < 1) e->print_copies = 4, e->print_originals = 1;
  const char *criteria = json_string_value(json_object_get(root, "criteria"));
  e->criteria = criteria && *criteria ? xstrdup(criteria) : NULL;
  e->strings = json_incref(json_object_get(root, "strings"));
  e->labels = json_incref(json_object_get(root, "labels"));
  e->lists = json_incref(json_object_get(root, "lists"));
  json_decref(root);
  free(path);
  return true;
}

void edition_free(edition *e) {
  free(e->id);
  free(e->title);
  free(e->dir);
  free(e->form);
  free(e->summary);
  free(e->criteria);
  json_decref(e->strings);
  json_decref(e->labels);
  json_decref(e->lists);
  memset(e, 0, sizeof *e);
}

const char *edition_label(const edition *e, const char *key, const char *fallback) {
  const char *s = e ? json_string_value(json_object_get(e->labels, key)) : NULL;
  return s ? s : fallback;
}
