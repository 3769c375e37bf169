#include "read/doc_blocks.h"

#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "ooxml/symbols.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static char *attr(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
  char *s = v ? xstrdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

/* The symbol font a run is set in (its w:rFonts ascii), or NULL. */
static char *run_font(xmlNodePtr r) {
  xmlNodePtr f = w_child(w_child(r, "rPr"), "rFonts");
  char *name = f ? attr(f, "ascii") : NULL;
  if (name && strcmp(name, "Wingdings") && strcmp(name, "Wingdings 2")) {
    free(name);
    name = NULL;
  }
  return name;
}

static void add_symbol_text(strbuf *b, const char *font, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) {
      i++;
      continue;
    }
    const char *sym = symbol_char(font, cp);
    if (sym) sb_puts(b, sym);
    else sb_add(b, s + i, k);
    i += k;
  }
}

static void text_of_runs(xmlNodePtr n, strbuf *b, const char *font) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (c->ns && strcmp((const char *)c->ns->href, W_NS)) {
      /* mc:AlternateContent and the like: only its fallback, which holds what older readers show. */
      if (!strcmp((const char *)c->name, "AlternateContent") || !strcmp((const char *)c->name, "Fallback"))
        text_of_runs(c, b, font);
      continue;
    }
    const char *name = (const char *)c->name;
    if (!strcmp(name, "t")) {
      char *s = text_of(c);
      if (font) add_symbol_text(b, font, s);
      else sb_puts(b, s);
      free(s);
    } else if (!strcmp(name, "tab") || !strcmp(name, "ptab")) {
      sb_putc(b, '\t');
    } else if (!strcmp(name, "br") || !strcmp(name, "cr")) {
      char *type = attr(c, "type");
      /* A page or column break is not part of the text a person typed into a cell. */
      if (!type || !strcmp(type, "textWrapping")) sb_putc(b, '\n');
      free(type);
    } else if (!strcmp(name, "noBreakHyphen")) {
      sb_putc(b, '-');
    } else if (!strcmp(name, "sym")) {
      char *f = attr(c, "font"), *ch = attr(c, "char");
      const char *s = ch ? symbol_char(f, (unsigned)strtoul(ch, NULL, 16)) : NULL;
      sb_puts(b, s ? s : "\xEF\xBF\xBD"); /* U+FFFD: a symbol we cannot name */
      free(f);
      free(ch);
    } else if (!strcmp(name, "r")) {
      char *f = run_font(c);
      text_of_runs(c, b, f);
      free(f);
    } else if (!strcmp(name, "del") || !strcmp(name, "moveFrom") || !strcmp(name, "instrText") ||
               !strcmp(name, "delText") || !strcmp(name, "pPr") || !strcmp(name, "rPr") ||
               !strcmp(name, "drawing") || !strcmp(name, "pict") || !strcmp(name, "object") ||
               !strcmp(name, "footnoteReference") || !strcmp(name, "endnoteReference") ||
               !strcmp(name, "commentReference")) {
      continue;
    } else {
      /* ins, moveTo, hyperlink, smartTag, sdt, sdtContent, fldSimple, customXml, dir, bdo … */
      text_of_runs(c, b, font);
    }
  }
}

typedef struct {
  block *v;
  size_t n, cap;
} block_vec;

static block *push(block_vec *l) {
  if (l->n == l->cap) l->cap = l->cap ? l->cap * 2 : 8, l->v = xrealloc(l->v, l->cap * sizeof *l->v);
  block *b = &l->v[l->n++];
  memset(b, 0, sizeof *b);
  return b;
}

static int vmerge_of(xmlNodePtr tc) {
  xmlNodePtr vm = w_child(w_child(tc, "tcPr"), "vMerge");
  if (!vm) return 0;
  char *v = attr(vm, "val");
  int r = v && !strcmp(v, "restart") ? 1 : 2;
  free(v);
  return r;
}

static void read_blocks(xmlNodePtr n, block_vec *out, size_t *order);

static void read_table(xmlNodePtr tbl, block *t, size_t *order);

/* The rows of a table, or the cells of a row, looking through content controls around them. */
static void read_parts(xmlNodePtr n, const char *want, block_vec *out, size_t *order) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, want)) {
      block *b = push(out);
      b->node = c;
      block_vec kids = {0};
      if (!strcmp(want, "tr")) {
        b->kind = BK_ROW;
        read_parts(c, "tc", &kids, order);
      } else {
        b->kind = BK_CELL;
        b->vmerge = vmerge_of(c);
        read_blocks(c, &kids, order);
      }
      b->kids = kids.v;
      b->n = kids.n;
    } else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml") || is_w(c, "ins")) {
      read_parts(c, want, out, order);
    }
  }
}

static void read_table(xmlNodePtr tbl, block *t, size_t *order) {
  block_vec rows = {0};
  read_parts(tbl, "tr", &rows, order);
  t->kind = BK_TABLE;
  t->node = tbl;
  t->kids = rows.v;
  t->n = rows.n;
}

static void read_blocks(xmlNodePtr n, block_vec *out, size_t *order) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, "p")) {
      block *b = push(out);
      b->kind = BK_PARA;
      b->node = c;
      b->order = (*order)++;
      strbuf s = {0};
      text_of_runs(c, &s, NULL);
      b->text = sb_take(&s);
    } else if (is_w(c, "tbl")) {
      read_table(c, push(out), order);
    } else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml") || is_w(c, "ins")) {
      read_blocks(c, out, order);
    }
  }
}

void blocks_read(xmlNodePtr body, block *out) {
  memset(out, 0, sizeof *out);
  out->kind = BK_CONTAINER;
  out->node = body;
  block_vec v = {0};
  size_t order = 0;
  read_blocks(body, &v, &order);
  out->kids = v.v;
  out->n = v.n;
}

static void free_kids(block *b) {
  for (size_t i = 0; i < b->n; i++) free_kids(&b->kids[i]);
  free(b->kids);
  free(b->text);
}

void blocks_free(block *b) {
  free_kids(b);
  memset(b, 0, sizeof *b);
}

int block_is_blank(const block *b) {
  if (b->kind != BK_PARA) return 0;
  const char *s = b->text;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) return 0;
    if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x3000 || cp == 0xA0)) return 0;
    i += k;
  }
  return 1;
}
