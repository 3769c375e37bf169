#include "merge/fill_package.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "merge/merge.h"
#include "ooxml/numbers.h"
#include "util/strbuf.h"

/* The parts a person types text into: the body, and the headers and footers. */
static bool holds_tags(const char *name) {
  if (!strcmp(name, "word/document.xml")) return true;
  if (strncmp(name, "word/", 5)) return false;
  const char *base = name + 5;
  if (strchr(base, '/')) return false;
  size_t n = strlen(base);
  return (!strncmp(base, "header", 6) || !strncmp(base, "footer", 6)) && n > 4 && !strcmp(base + n - 4, ".xml");
}

static xmlDocPtr parse_part(const part *pt, const char *template_name, diag_list *d) {
  /* No network, no external entities: a template is data, not a program. */
  xmlDocPtr doc = xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    char *where = xasprintf("%s 中的 %s", template_name, pt->name);
    diag_place at = {.file = where, .line = e ? e->line : 0, .col = e ? e->int2 : 0};
    diag_add(d, DIAG_ERROR, &at, "用 Word、WPS 或 LibreOffice 打开并重新保存模板。", "模板的 XML 已损坏：%s",
             e && e->message ? e->message : "无法解析");
    free(where);
  }
  return doc;
}

/* What a template may make: a form has some six hundred paragraphs, a thousand cells and 20 KB of
   text. Far beyond that it is not a form but a runaway document, refused before it is laid out. */
#define TEMPLATE_MAX_PARAGRAPHS 20000
#define TEMPLATE_MAX_CELLS 50000
#define TEMPLATE_MAX_TEXT ((size_t)1 << 20)

typedef struct {
  size_t paragraphs, cells, text;
} template_size;

static void measure(xmlNodePtr n, template_size *z) {
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->parent && is_w(n->parent, "t")) z->text += xmlStrlen(n->content);
    if (n->type != XML_ELEMENT_NODE) continue;
    z->paragraphs += is_w(n, "p");
    z->cells += is_w(n, "tc");
    measure(n->children, z);
  }
}

static size_t check_size(xmlDocPtr doc, const char *template_name, const char *part_name, diag_list *d) {
  template_size z = {0};
  measure(xmlDocGetRootElement(doc), &z);
  diag_place at = {.file = template_name, .where = part_name};
  const char *fix = "模板应是一份申报表；检查是否误粘贴了大量内容。";
  size_t errors = 0;
  if (z.paragraphs > TEMPLATE_MAX_PARAGRAPHS)
    errors++, diag_add(d, DIAG_ERROR, &at, fix, "模板有 %zu 个段落，超过上限 %d。", z.paragraphs, TEMPLATE_MAX_PARAGRAPHS);
  if (z.cells > TEMPLATE_MAX_CELLS)
    errors++, diag_add(d, DIAG_ERROR, &at, fix, "模板有 %zu 个表格单元格，超过上限 %d。", z.cells, TEMPLATE_MAX_CELLS);
  if (z.text > TEMPLATE_MAX_TEXT)
    errors++, diag_add(d, DIAG_ERROR, &at, fix, "模板的文字有 %zu KB，超过上限 %zu KB。", z.text >> 10, TEMPLATE_MAX_TEXT >> 10);
  return errors;
}

size_t check_package(package *pkg, const char *template_name, const merge_env *env, diag_list *d,
                     key_set *used, slot_list *slots) {
  size_t errors = 0;
  /* The styles hold sizes and spacings layout reads too. */
  part *styles = package_find(pkg, "word/styles.xml");
  if (styles) {
    xmlDocPtr sd = parse_part(styles, template_name, d);
    if (sd) errors += ooxml_check_numbers(sd, template_name, styles->name, d), xmlFreeDoc(sd);
    else errors++;
  }
  for (size_t i = 0; i < pkg->n; i++) {
    part *pt = &pkg->parts[i];
    if (!holds_tags(pt->name)) continue;
    /* The parse is kept with the part for the merge that follows (fill_checked_package), which
       would otherwise parse the same bytes again. */
    if (!pt->xml) pt->xml = parse_part(pt, template_name, d);
    xmlDocPtr doc = pt->xml;
    if (!doc) {
      errors++;
      continue;
    }
    errors += ooxml_check_numbers(doc, template_name, pt->name, d);
    size_t too_big = check_size(doc, template_name, pt->name, d);
    errors += too_big;
    if (too_big) continue; /* not worth scanning its tags */
    char *file = strcmp(pkg->parts[i].name, "word/document.xml")
                     ? xasprintf("%s（%s）", template_name, pkg->parts[i].name)
                     : xstrdup(template_name);
    errors += scan_template(doc, file, env, d, used, slots);
    free(file);
  }
  return errors;
}

static char *dump(xmlDocPtr doc, size_t *len) {
  xmlChar *mem = NULL;
  int n = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
  char *s = xstrndup((const char *)mem, (size_t)n);
  *len = (size_t)n;
  xmlFree(mem);
  return s;
}

/* The document's title (shown by Word's 属性 and by PDF readers later); no creation dates, so that
   equal input gives equal bytes. */
static void set_core(package *pkg, const char *title) {
  part *pt = package_find(pkg, "docProps/core.xml");
  if (!pt || !title) return;
  xmlDocPtr doc = xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  bool set = false;
  for (xmlNodePtr c = root ? root->children : NULL, next; c; c = next) {
    next = c->next;
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!strcmp((const char *)c->name, "title")) {
      xmlNodeSetContent(c, NULL);
      xmlNodeAddContent(c, (const xmlChar *)title);
      set = true;
    } else if (!strcmp((const char *)c->name, "created") || !strcmp((const char *)c->name, "modified")) {
      xmlUnlinkNode(c);
      xmlFreeNode(c);
    }
  }
  if (!set && root) {
    xmlNsPtr dc = xmlSearchNsByHref(doc, root, (const xmlChar *)"http://purl.org/dc/elements/1.1/");
    if (!dc) dc = xmlNewNs(root, (const xmlChar *)"http://purl.org/dc/elements/1.1/", (const xmlChar *)"dc");
    xmlNodePtr t = xmlNewChild(root, dc, (const xmlChar *)"title", NULL);
    xmlNodeAddContent(t, (const xmlChar *)title);
  }
  size_t len;
  char *s = dump(doc, &len);
  xmlFreeDoc(doc);
  package_set(pkg, "docProps/core.xml", s, len);
}

bool fill_package(package *pkg, const char *template_name, const merge_env *env, const char *title,
                  diag_list *d, key_set *used) {
  if (check_package(pkg, template_name, env, d, used, NULL) > 0) return false;
  return fill_checked_package(pkg, template_name, env, title, d);
}

bool fill_checked_package(package *pkg, const char *template_name, const merge_env *env, const char *title,
                          diag_list *d) {
  for (size_t i = 0; i < pkg->n; i++) {
    part *pt = &pkg->parts[i];
    if (!holds_tags(pt->name)) continue;
    xmlDocPtr doc = pt->xml ? pt->xml : parse_part(pt, template_name, d);
    if (!doc) return false;
    pt->xml = NULL; /* the merge changes it: from now on it is the filled part's, set below */
    merge_document(doc, env);
    size_t len;
    char *s = dump(doc, &len);
    /* Kept with the part: layout reads the filled document next (docmodel.c). */
    package_set_parsed(pkg, pkg->parts[i].name, s, len, doc);
  }
  set_core(pkg, title);
  return true;
}
