#include "merge/dom.h"

#include <stdlib.h>
#include <string.h>

#include "ooxml/symbols.h"
#include "util/strbuf.h"

bool is_w(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         !strcmp((const char *)n->ns->href, W_NS) && !strcmp((const char *)n->name, name);
}

xmlNodePtr w_child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (is_w(c, name)) return c;
  return NULL;
}

bool w_has_style(xmlNodePtr p, const char *style) {
  xmlNodePtr st = w_child(w_child(p, "pPr"), "pStyle");
  if (!st) return false;
  xmlChar *v = xmlGetNsProp(st, (const xmlChar *)"val", (const xmlChar *)W_NS);
  bool yes = v && !strcmp((const char *)v, style);
  xmlFree(v);
  return yes;
}

xmlNodePtr w_ancestor(xmlNodePtr n, const char *name) {
  for (xmlNodePtr a = n ? n->parent : NULL; a; a = a->parent)
    if (is_w(a, name)) return a;
  return NULL;
}

xmlNodePtr w_new(xmlNodePtr near, const char *name) {
  xmlNsPtr ns = xmlSearchNsByHref(near->doc, near, (const xmlChar *)W_NS);
  return xmlNewDocNode(near->doc, ns, (const xmlChar *)name, NULL);
}

xmlNodePtr next_element(xmlNodePtr n) {
  for (n = n ? n->next : NULL; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE) return n;
  return NULL;
}

char *text_of(xmlNodePtr t) {
  xmlChar *c = xmlNodeGetContent(t);
  char *s = xstrdup(c ? (const char *)c : "");
  xmlFree(c);
  return s;
}

void set_text(xmlNodePtr t, const char *s, size_t n) {
  while (t->children) {
    xmlNodePtr c = t->children;
    xmlUnlinkNode(c);
    xmlFreeNode(c);
  }
  /* A literal text node: libxml2 escapes < & > on output; nothing is read as markup. */
  xmlNodeAddContentLen(t, (const xmlChar *)s, (int)n);
  xmlNodeSetSpacePreserve(t, 1);
}

/* The w:t of paragraph p in document order, skipping those of paragraphs nested in text boxes. */
static void texts_of(xmlNodePtr p, xmlNodePtr n, xmlNodePtr **v, size_t *len, size_t *cap) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, "p") || is_w(c, "txbxContent") || is_w(c, "delText")) continue;
    if (is_w(c, "t")) {
      if (*len == *cap) *cap = *cap ? *cap * 2 : 8, *v = xrealloc(*v, *cap * sizeof **v);
      (*v)[(*len)++] = c;
    } else {
      texts_of(p, c, v, len, cap);
    }
  }
}

size_t para_texts(xmlNodePtr p, xmlNodePtr **out) {
  size_t n = 0, cap = 0;
  *out = NULL;
  texts_of(p, p, out, &n, &cap);
  return n;
}

static void paragraphs(xmlNodePtr node, xmlNodePtr **v, size_t *n, size_t *cap) {
  if (is_w(node, "p")) {
    if (*n == *cap) *cap = *cap ? *cap * 2 : 64, *v = xrealloc(*v, *cap * sizeof **v);
    (*v)[(*n)++] = node;
  }
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) paragraphs(c, v, n, cap);
}

/* The text of a paragraph's runs and their symbols (a Wingdings 2 box reads as □ or ☑), not that
   of text boxes inside it. */
static void para_plain(xmlNodePtr n, strbuf *b) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || is_w(c, "txbxContent") || is_w(c, "p")) continue;
    if (is_w(c, "t")) {
      char *s = text_of(c);
      sb_puts(b, s);
      free(s);
    } else if (is_w(c, "sym")) {
      xmlChar *font = xmlGetNsProp(c, (const xmlChar *)"font", (const xmlChar *)W_NS);
      xmlChar *ch = xmlGetNsProp(c, (const xmlChar *)"char", (const xmlChar *)W_NS);
      const char *s = ch ? symbol_char((const char *)font, (unsigned)strtoul((const char *)ch, NULL, 16)) : NULL;
      if (s) sb_puts(b, s);
      xmlFree(font);
      xmlFree(ch);
    } else {
      para_plain(c, b);
    }
  }
}

char *plain_text(xmlNodePtr node) {
  xmlNodePtr *ps = NULL;
  size_t np = 0, cap = 0;
  paragraphs(node, &ps, &np, &cap);
  strbuf b = {0};
  for (size_t i = 0; i < np; i++) para_plain(ps[i], &b);
  free(ps);
  return sb_take(&b);
}

/* ---- split tags ---------------------------------------------------------------------------- */

typedef struct {
  char *s;
  size_t len;
} seg;

static void join_in_paragraph(xmlNodePtr p) {
  xmlNodePtr *ts;
  size_t nt = para_texts(p, &ts);
  if (nt < 2) {
    free(ts);
    return;
  }
  seg *sg = xmalloc(nt * sizeof *sg);
  strbuf all = {0};
  size_t *start = xmalloc((nt + 1) * sizeof *start);
  for (size_t i = 0; i < nt; i++) {
    sg[i].s = text_of(ts[i]);
    sg[i].len = strlen(sg[i].s);
    start[i] = all.len;
    sb_add(&all, sg[i].s, sg[i].len);
  }
  start[nt] = all.len;
  /* Find the tags in the joined text, then move those that cross a run boundary, right to left
     so that the places of the tags not yet moved stay valid. */
  size_t spans[256][2];
  size_t ns = 0;
  for (size_t i = 0; i < all.len && ns < 256;) {
    size_t o = tag_open_at(all.s + i, all.len - i);
    if (!o) {
      i++;
      continue;
    }
    size_t j = i + o, c = 0;
    while (j < all.len && !(c = tag_close_at(all.s + j, all.len - j))) j++;
    if (!c) break;
    spans[ns][0] = i;
    spans[ns][1] = j + c;
    ns++;
    i = j + c;
  }
  bool changed = false;
  for (size_t k = ns; k-- > 0;) {
    size_t a = spans[k][0], b = spans[k][1];
    size_t si = 0, sj = 0;
    while (si + 1 < nt && start[si + 1] <= a) si++;
    while (sj + 1 < nt && start[sj + 1] < b) sj++;
    if (si == sj) continue;
    changed = true;
    size_t off_a = a - start[si], off_b = b - start[sj];
    strbuf nb = {0};
    sb_add(&nb, sg[si].s, off_a);
    sb_add(&nb, all.s + a, b - a);
    char *tail = xstrndup(sg[sj].s + off_b, sg[sj].len - off_b);
    free(sg[si].s);
    sg[si].len = nb.len;
    sg[si].s = sb_take(&nb);
    for (size_t m = si + 1; m < sj; m++) {
      free(sg[m].s);
      sg[m].s = xstrdup("");
      sg[m].len = 0;
    }
    free(sg[sj].s);
    sg[sj].s = tail;
    sg[sj].len = strlen(tail);
  }
  if (changed)
    for (size_t i = 0; i < nt; i++) set_text(ts[i], sg[i].s, sg[i].len);
  for (size_t i = 0; i < nt; i++) free(sg[i].s);
  free(sg);
  free(start);
  sb_free(&all);
  free(ts);
}

void join_split_tags(xmlNodePtr node) {
  xmlNodePtr *ps = NULL;
  size_t np = 0, cap = 0;
  paragraphs(node, &ps, &np, &cap);
  for (size_t i = 0; i < np; i++) join_in_paragraph(ps[i]);
  free(ps);
}

/* ---- finding tags -------------------------------------------------------------------------- */

static void occ_push(occ_list *l, const occurrence *o) {
  if (l->n == l->cap) l->cap = l->cap ? l->cap * 2 : 32, l->v = xrealloc(l->v, l->cap * sizeof *l->v);
  l->v[l->n++] = *o;
}

void collect_tags(xmlNodePtr node, occ_list *out) {
  xmlNodePtr *ps = NULL;
  size_t np = 0, cap = 0;
  paragraphs(node, &ps, &np, &cap);
  for (size_t i = 0; i < np; i++) {
    xmlNodePtr *ts;
    size_t nt = para_texts(ps[i], &ts);
    for (size_t j = 0; j < nt; j++) {
      char *s = text_of(ts[j]);
      size_t len = strlen(s);
      for (size_t k = 0; k < len;) {
        size_t o = tag_open_at(s + k, len - k);
        if (!o) {
          k++;
          continue;
        }
        size_t e = k + o, c = 0;
        while (e < len && !(c = tag_close_at(s + e, len - e))) e++;
        occurrence oc = {.p = ps[i], .t = ts[j], .off = k};
        if (!c) {
          oc.len = len - k;
          oc.tag.kind = TAG_BAD;
          snprintf(oc.tag.error, sizeof oc.tag.error, "标签没有结束：\"{{\" 之后缺少 \"}}\"。");
          occ_push(out, &oc);
          break;
        }
        oc.len = e + c - k;
        tag_parse(s + k + o, e - k - o, &oc.tag);
        occ_push(out, &oc);
        k = e + c;
      }
      free(s);
    }
    free(ts);
  }
  free(ps);
}

void occ_free(occ_list *l) {
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

bool tag_alone(const occurrence *o) {
  char *all = plain_text(o->p);
  char *s = text_of(o->t);
  /* Only spaces besides the tag, in the whole paragraph. */
  size_t total = 0;
  for (const char *q = all; *q; q++) total += *q != ' ';
  size_t in_tag = 0;
  for (size_t i = o->off; i < o->off + o->len && s[i]; i++) in_tag += s[i] != ' ';
  free(all);
  free(s);
  return total == in_tag;
}

/* ---- places -------------------------------------------------------------------------------- */

static bool heading_like(xmlNodePtr p) {
  xmlNodePtr ppr = w_child(p, "pPr");
  xmlNodePtr st = w_child(ppr, "pStyle");
  xmlChar *v = st ? xmlGetNsProp(st, (const xmlChar *)"val", (const xmlChar *)W_NS) : NULL;
  bool h = v && (strstr((const char *)v, "Heading") || strstr((const char *)v, "Title") ||
                 strstr((const char *)v, "heading"));
  xmlFree(v);
  return h;
}

static size_t index_among(xmlNodePtr n, const char *name) {
  size_t i = 1;
  for (xmlNodePtr s = n->prev; s; s = s->prev) i += is_w(s, name);
  return i;
}

char *describe_place(xmlNodePtr p) {
  /* The top-level block that holds p: a body paragraph, or a table. */
  xmlNodePtr top = p;
  while (top->parent && !is_w(top->parent, "body") && !is_w(top->parent, "hdr") && !is_w(top->parent, "ftr"))
    top = top->parent;
  char *heading = NULL;
  size_t tables = 0;
  for (xmlNodePtr s = top->prev; s && !heading; s = s->prev) {
    if (is_w(s, "tbl")) tables++;
    if (is_w(s, "p") && heading_like(s)) heading = plain_text(s);
  }
  strbuf b = {0};
  if (heading && *heading)
    sb_printf(&b, "「%s」之后", heading);
  else
    sb_puts(&b, "文档开头之后");
  if (is_w(top, "tbl")) {
    xmlNodePtr tc = w_ancestor(p, "tc"), tr = w_ancestor(p, "tr");
    /* The outermost table's row and cell; nested tables are rare in forms. */
    while (tr && w_ancestor(tr, "tr")) tr = w_ancestor(tr, "tr"), tc = w_ancestor(tc, "tc");
    sb_printf(&b, "第%zu个表格", tables + 1);
    if (tr) sb_printf(&b, "第%zu行", index_among(tr, "tr"));
    if (tc) sb_printf(&b, "第%zu格", index_among(tc, "tc"));
  } else {
    size_t paras = 1;
    for (xmlNodePtr s = top->prev; s && !(is_w(s, "p") && heading_like(s)); s = s->prev) paras += is_w(s, "p");
    sb_printf(&b, "第%zu段", paras);
  }
  free(heading);
  return sb_take(&b);
}
