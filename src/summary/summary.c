#include "summary/summary.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "merge/eval.h"
#include "merge/fill_package.h"
#include "summary/intro.h"
#include "util/strbuf.h"

static void set_str(json_t *o, const char *k, const char *v) {
  if (v && *v) json_object_set_new(o, k, json_string(v));
}

json_t *summary_build(const record *recs, size_t n, const catalog *cat, const edition *ed, const summary_meta *m,
                      diag_list *d) {
  json_t *summary = json_object();
  if (m) {
    set_str(summary, "authority", m->authority);
    set_str(summary, "contact", m->contact);
    set_str(summary, "phone", m->phone);
  }
  json_t *rows = json_array();
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    const record *r = &recs[i];
    json_t *row = json_object();
    json_object_set_new(row, "no", json_sprintf("%zu", i + 1));
    set_str(row, "name", json_string_value(record_get(r, "name")));
    set_str(row, "operator", json_string_value(record_get(r, "operator")));
    /* 所在省、市、县（区）: the three parts of the region, as one. */
    strbuf region = {0};
    static const char *const PARTS[] = {"region.province", "region.city", "region.county"};
    for (size_t k = 0; k < 3; k++) {
      const char *s = json_string_value(record_get(r, PARTS[k]));
      if (s) sb_puts(&region, s);
    }
    set_str(row, "region", region.s);
    sb_free(&region);
    set_str(row, "industry", json_string_value(record_get(r, "industry")));
    set_str(row, "founded", json_string_value(record_get(r, "founded")));
    cluster_intro in;
    if (intro_make(r, cat, ed, &in, d))
      set_str(row, "intro", in.text);
    else
      ok = false;
    intro_free(&in);
    json_array_append_new(rows, row);
  }
  json_object_set_new(summary, "rows", rows);
  json_t *root = json_object();
  json_object_set_new(root, "summary", summary);
  if (!ok) {
    json_decref(root);
    return NULL;
  }
  return root;
}

/* The text of the template's TableTitle paragraph. */
static char *table_title(const package *pkg) {
  part *pt = package_find(pkg, "word/document.xml");
  xmlDocPtr doc = pt ? xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8",
                                     XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)
                     : NULL;
  char *title = NULL;
  xmlNodePtr body = doc ? w_child(xmlDocGetRootElement(doc), "body") : NULL;
  for (xmlNodePtr p = body ? body->children : NULL; p && !title; p = p->next)
    if (is_w(p, "p") && w_has_style(p, "TableTitle")) title = plain_text(p);
  if (doc) xmlFreeDoc(doc);
  if (title && (!*title || strstr(title, "{{"))) {
    free(title);
    title = NULL;
  }
  return title ? title : xstrdup("中小企业特色产业集群推荐汇总表");
}

bool summary_fill(package *pkg, const catalog *cat, const edition *ed, json_t *root, bool blank, char **title,
                  diag_list *d) {
  *title = NULL;
  if (!ed->summary) {
    diag_place at = {.where = "版本", .key = "edition", .label = "申报表版本"};
    diag_add(d, DIAG_ERROR, &at, "推荐汇总表见 miit-2022、miit-2023、ningbo-2023 等版本（clusterform editions）。",
             "%s 版没有推荐汇总表。", ed->id);
    return false;
  }
  if (!package_read(pkg, ed->summary, d)) return false;
  *title = table_title(pkg);
  record rec = {.file = (char *)"推荐汇总表", .root = root};
  merge_env env = {.cat = cat, .ed = ed, .rec = &rec, .blank = blank, .values_in_blank = true};
  char *name = xasprintf("%s/summary", ed->id);
  bool ok = fill_package(pkg, name, &env, *title, d, NULL);
  free(name);
  return ok;
}
