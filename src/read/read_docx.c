#define _GNU_SOURCE
#include "read/read_docx.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/edition.h"
#include "merge/dom.h"
#include "ooxml/package.h"
#include "read/doc_blocks.h"
#include "read/form_match.h"
#include "read/form_pattern.h"
#include "read/read_values.h"
#include "util/strbuf.h"

static xmlDocPtr parse_body(const part *pt, const char *file, diag_list *d) {
  /* OOXML has no DOCTYPE; one in a document is an attempt to expand entities (billion laughs). */
  if (pt->len > 0 && memmem(pt->data, pt->len < 4096 ? pt->len : 4096, "<!DOCTYPE", 9)) {
    diag_place at = {.file = file, .where = pt->name};
    diag_add(d, DIAG_ERROR, &at, "用 Word、WPS 或 LibreOffice 打开后另存为 .docx 再试。",
             "文档的 XML 中有 DOCTYPE 声明（Word 文档不会有），拒绝读取。");
    return NULL;
  }
  xmlDocPtr doc = xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    diag_place at = {.file = file, .where = pt->name};
    diag_add(d, DIAG_ERROR, &at, "用 Word、WPS 或 LibreOffice 打开后另存为 .docx 再试。", "文档的 XML 已损坏，无法读取。");
  }
  return doc;
}

static xmlNodePtr body_of(xmlDocPtr doc) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  return root ? w_child(root, "body") : NULL;
}

/* One edition tried against the document. */
typedef struct {
  edition ed;
  bool has_ed;
  package pkg;
  bool has_pkg;
  xmlDocPtr tpl;
  block tpl_blocks;
  pat form;
  bool has_form;
  match_result m;
  bool fits;
} attempt;

static void attempt_free(attempt *a) {
  match_result_free(&a->m);
  if (a->has_form) pattern_free(&a->form);
  blocks_free(&a->tpl_blocks);
  if (a->tpl) xmlFreeDoc(a->tpl);
  if (a->has_pkg) package_free(&a->pkg);
  if (a->has_ed) edition_free(&a->ed);
}

static bool try_edition(attempt *a, const char *id, const catalog *cat, const char *templates, const block *doc,
                        diag_list *d) {
  memset(a, 0, sizeof *a);
  a->has_ed = edition_load(&a->ed, templates, id, d);
  if (!a->has_ed) return false;
  a->has_pkg = package_read(&a->pkg, a->ed.form, d);
  if (!a->has_pkg) return false;
  a->tpl = parse_body(package_find(&a->pkg, "word/document.xml"), a->ed.form, d);
  if (!a->tpl) return false;
  join_split_tags(xmlDocGetRootElement(a->tpl));
  xmlNodePtr body = body_of(a->tpl);
  if (!body) return false;
  blocks_read(body, &a->tpl_blocks);
  merge_env env = {.cat = cat, .ed = &a->ed};
  a->has_form = pattern_build(&a->tpl_blocks, &env, a->ed.form, &a->form, d);
  if (!a->has_form) return false;
  a->fits = form_match(&a->form, doc, &a->m);
  return true;
}

static void report_misfit(const attempt *a, const char *path, diag_list *d) {
  const match_result *m = &a->m;
  if (m->too_complex) {
    diag_place at = {.file = path};
    diag_add(d, DIAG_ERROR, &at, "检查文档是否被大量改动；用 -e 指明版本再试。",
             "文档与 %s 版申报表对照时，需要尝试的对应方式太多，已停止。", a->ed.id);
    return;
  }
  char *place = m->fail_at ? describe_place(m->fail_at->node) : NULL;
  diag_place at = {.file = path, .where = place};
  if (m->fail_at && m->fail_want && m->fail_want->kind == PAT_PARA)
    diag_add(d, DIAG_ERROR, &at, "把这里改回申报表原有的文字和格式（只改填写的内容，不改表格样式），或在数据文件中修改后重新生成。",
             "文档与 %s 版申报表对不上：这里是「%s」，申报表这里应是「%s」。", a->ed.id, m->fail_at->text, m->fail_want->shown);
  else if (m->fail_at)
    diag_add(d, DIAG_ERROR, &at, "把增删的段落、表格行或单元格改回申报表原样（发展目标表可以增删行）。",
             "文档与 %s 版申报表对不上：从这里「%s」起，段落或表格与申报表不同。", a->ed.id, m->fail_at->text);
  else
    diag_add(d, DIAG_ERROR, &at, "给出 clusterform 写出的申报表 DOCX（可以在其中修改填写的内容）。",
             "文档与 %s 版申报表对不上。", a->ed.id);
  free(place);
}

/* No edition could be tried at all: their problems are the run's. */
static void move_problems(const diag_list *from, diag_list *to) {
  for (size_t i = 0; i < from->n; i++) {
    const diag *x = &from->items[i];
    diag_place at = {.file = x->file, .line = x->line, .col = x->col, .where = x->where, .key = x->key, .label = x->label};
    diag_add(to, x->severity, &at, x->fix, "%s", x->message);
  }
}

json_t *read_docx(const char *path, const catalog *cat, const char *templates, const char *edition_id, json_t *base,
                  char **edition_out, bool *install_fault, diag_list *d) {
  *install_fault = false;
  package doc_pkg;
  if (!package_read(&doc_pkg, path, d)) return NULL;
  json_t *out = NULL;
  xmlDocPtr doc = parse_body(package_find(&doc_pkg, "word/document.xml"), path, d);
  xmlNodePtr body = doc ? body_of(doc) : NULL;
  if (doc && !body) {
    diag_place at = {.file = path, .where = "word/document.xml"};
    diag_add(d, DIAG_ERROR, &at, "给出 clusterform 写出的申报表 DOCX。", "文档没有正文（w:body）。");
  }
  if (!body) {
    if (doc) xmlFreeDoc(doc);
    package_free(&doc_pkg);
    return NULL;
  }
  block blocks;
  blocks_read(body, &blocks);

  size_t n_ids = 0;
  char **ids = NULL;
  if (edition_id) {
    ids = xmalloc(sizeof *ids);
    ids[0] = xstrdup(edition_id);
    n_ids = 1;
  } else {
    ids = edition_ids(templates, &n_ids);
  }
  attempt *tries = calloc(n_ids ? n_ids : 1, sizeof *tries);
  size_t fits = 0, chosen = 0;
  diag_list quiet = {0};
  for (size_t i = 0; i < n_ids; i++) {
    /* Problems of the editions (a damaged template) count only for the one asked for. */
    if (!try_edition(&tries[i], ids[i], cat, templates, &blocks, edition_id ? d : &quiet)) {
      if (edition_id) *install_fault = tries[i].has_ed;
      continue;
    }
    if (tries[i].fits) {
      if (!fits) chosen = i;
      fits++;
    }
  }
  if (fits == 1) {
    attempt *a = &tries[chosen];
    merge_env env = {.cat = cat, .ed = &a->ed};
    out = read_record(&a->form, &a->m, &env, path, base, d);
    if (out && edition_out) *edition_out = xstrdup(a->ed.id);
  } else if (fits > 1) {
    strbuf names = {0};
    for (size_t i = 0; i < n_ids; i++)
      if (tries[i].fits) sb_printf(&names, "%s%s", names.len ? "、" : "", tries[i].ed.id);
    diag_place at = {.file = path};
    diag_add(d, DIAG_ERROR, &at, "用 -e 指明版本，例如 -e miit-2022。", "文档与几个版本的申报表都对得上（%s），不能确定是哪一个。", names.s);
    sb_free(&names);
  } else if (n_ids) {
    /* The edition the document follows furthest is the one it was meant to be. */
    size_t best = 0;
    for (size_t i = 1; i < n_ids; i++) {
      const block *fb = tries[best].m.fail_at, *fi = tries[i].m.fail_at;
      if (fi && (!fb || fi->order > fb->order)) best = i;
    }
    if (tries[best].has_form) report_misfit(&tries[best], path, d);
    else move_problems(&quiet, d), *install_fault = true;
  }
  for (size_t i = 0; i < n_ids; i++) {
    attempt_free(&tries[i]);
    free(ids[i]);
  }
  free(tries);
  free(ids);
  diag_free(&quiet);
  blocks_free(&blocks);
  xmlFreeDoc(doc);
  package_free(&doc_pkg);
  return out;
}
