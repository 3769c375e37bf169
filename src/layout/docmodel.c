#include "layout/docmodel.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "ooxml/numbers.h"
#include "ooxml/symbols.h"
#include "util/strbuf.h"

/* ---- reading attributes ---------------------------------------------------------------------- */

static char *attr(xmlNodePtr n, const char *name) {
  if (!n) return NULL;
  xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
  char *s = v ? xstrdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

/* A number of the document, held to the range Word keeps it in (ooxml/numbers.h): the template
   check refuses one outside it, and nothing here casts an out-of-range value. Not a number: absent. */
static bool attr_num(xmlNodePtr n, const char *name, double *out) {
  char *s = attr(n, name);
  if (!s) return false;
  double v, lo, hi;
  bool ok = ooxml_parse_number(s, &v);
  free(s);
  if (!ok) return false;
  const char *parent = n->parent && n->parent->type == XML_ELEMENT_NODE ? (const char *)n->parent->name : NULL;
  if (ooxml_number_range(parent, (const char *)n->name, name, &lo, &hi)) v = v < lo ? lo : v > hi ? hi : v;
  *out = v;
  return true;
}

/* An on/off property (<w:b/>, <w:b w:val="0"/>). */
static bool on(xmlNodePtr n) {
  char *v = attr(n, "val");
  bool r = !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
  free(v);
  return r;
}

/* ---- styles ---------------------------------------------------------------------------------- */

typedef struct {
  xmlDocPtr doc;
  xmlNodePtr defaults_ppr, defaults_rpr;
  diag_list *d;
  const char *name;
  char **unsupported; /* element names already warned about */
  size_t n_unsupported;
} ctx;

static xmlNodePtr find_style(ctx *c, const char *id) {
  if (!c->doc || !id) return NULL;
  for (xmlNodePtr s = xmlDocGetRootElement(c->doc)->children; s; s = s->next) {
    if (!is_w(s, "style")) continue;
    char *sid = attr(s, "styleId");
    bool hit = sid && !strcmp(sid, id);
    free(sid);
    if (hit) return s;
  }
  return NULL;
}

static void apply_rpr(run_style *st, xmlNodePtr rpr) {
  if (!rpr) return;
  for (xmlNodePtr e = rpr->children; e; e = e->next) {
    if (is_w(e, "rFonts")) {
      char *f = attr(e, "eastAsia");
      if (!f) f = attr(e, "ascii");
      if (f) free(st->family), st->family = f;
    } else if (is_w(e, "sz")) {
      double v;
      if (attr_num(e, "val", &v)) st->size = v / 2;
    } else if (is_w(e, "b")) {
      st->bold = on(e);
    } else if (is_w(e, "u")) {
      char *v = attr(e, "val");
      st->underline = v && strcmp(v, "none");
      free(v);
    }
  }
}

static void apply_ppr(para_props *pp, xmlNodePtr ppr, double font_size) {
  if (!ppr) return;
  for (xmlNodePtr e = ppr->children; e; e = e->next) {
    double v;
    if (is_w(e, "jc")) {
      char *j = attr(e, "val");
      if (j) {
        pp->jc = !strcmp(j, "center") ? AL_CENTER : !strcmp(j, "right") || !strcmp(j, "end") ? AL_RIGHT
                 : !strcmp(j, "both") || !strcmp(j, "distribute") ? AL_BOTH : AL_LEFT;
        free(j);
      }
    } else if (is_w(e, "ind")) {
      if (attr_num(e, "left", &v) || attr_num(e, "start", &v)) pp->ind_left = v / 20;
      if (attr_num(e, "right", &v) || attr_num(e, "end", &v)) pp->ind_right = v / 20;
      /* Word prefers the character-based indent; a character is the font size wide. */
      if (attr_num(e, "firstLineChars", &v)) pp->ind_first = v / 100 * font_size;
      else if (attr_num(e, "firstLine", &v)) pp->ind_first = v / 20;
      if (attr_num(e, "hanging", &v)) pp->ind_first = -v / 20;
    } else if (is_w(e, "spacing")) {
      if (attr_num(e, "before", &v)) pp->before = v / 20;
      if (attr_num(e, "after", &v)) pp->after = v / 20;
      char *rule = attr(e, "lineRule");
      if (attr_num(e, "line", &v)) {
        if (!rule || !strcmp(rule, "auto")) pp->rule = LS_AUTO, pp->line = v / 240;
        else if (!strcmp(rule, "exact")) pp->rule = LS_EXACT, pp->line = v / 20;
        else pp->rule = LS_AT_LEAST, pp->line = v / 20;
      }
      free(rule);
    } else if (is_w(e, "pageBreakBefore")) {
      pp->page_break_before = on(e);
    } else if (is_w(e, "keepNext")) {
      pp->keep_next = on(e);
    } else if (is_w(e, "outlineLvl")) {
      if (attr_num(e, "val", &v)) pp->outline_level = (int)v;
    } else if (is_w(e, "tabs")) {
      pp->n_tabs = 0;
      for (xmlNodePtr t = e->children; t; t = t->next) {
        if (!is_w(t, "tab") || pp->n_tabs >= 8) continue;
        char *val = attr(t, "val");
        if (attr_num(t, "pos", &v) && val && strcmp(val, "clear"))
          pp->tabs[pp->n_tabs++] = (tab_stop){v / 20, !strcmp(val, "right") || !strcmp(val, "end")};
        free(val);
      }
    }
  }
}

/* A style's properties, its ancestors' first. */
static void style_chain(ctx *c, const char *id, para_props *pp, run_style *st, int depth) {
  xmlNodePtr s = find_style(c, id);
  if (!s || depth > 20) return;
  char *based = attr(w_child(s, "basedOn"), "val");
  if (based) style_chain(c, based, pp, st, depth + 1);
  free(based);
  apply_rpr(st, w_child(s, "rPr"));
  if (pp) apply_ppr(pp, w_child(s, "pPr"), st->size);
}

static void warn_unsupported(ctx *c, const char *what) {
  for (size_t i = 0; i < c->n_unsupported; i++)
    if (!strcmp(c->unsupported[i], what)) return;
  c->unsupported = xrealloc(c->unsupported, (c->n_unsupported + 1) * sizeof *c->unsupported);
  c->unsupported[c->n_unsupported++] = xstrdup(what);
  diag_place at = {.file = c->name};
  diag_add(c->d, DIAG_WARNING, &at, "改用表格、段落和文字，或接受 PDF 中缺少这一部分（DOCX 中保留）。",
           "模板中的 <w:%s> 不在排版支持范围内（docs/layout.md），PDF 中不会显示。", what);
}

/* ---- paragraphs ------------------------------------------------------------------------------ */

typedef struct {
  int state; /* 0 text, 1 field instruction, 2 field result */
  bool page;
  strbuf instr;
} field_state;

static void add_run(paragraph *p, const run_style *st, const char *text, bool page_field) {
  /* Join with the previous run when nothing differs: fewer, longer runs shape better. */
  if (p->n_runs) {
    text_run *last = &p->runs[p->n_runs - 1];
    if (!last->page_field && !page_field && !strcmp(last->st.family, st->family) && last->st.size == st->size &&
        last->st.bold == st->bold && last->st.underline == st->underline) {
      char *j = xasprintf("%s%s", last->text, text);
      free(last->text);
      last->text = j;
      return;
    }
  }
  p->runs = xrealloc(p->runs, (p->n_runs + 1) * sizeof *p->runs);
  text_run *r = &p->runs[p->n_runs++];
  r->st = *st;
  r->st.family = xstrdup(st->family ? st->family : DOC_DEFAULT_FAMILY);
  r->text = xstrdup(text);
  r->page_field = page_field;
}

static void read_run(ctx *c, paragraph *p, xmlNodePtr r, const run_style *pst, field_state *fs) {
  run_style st = *pst;
  st.family = xstrdup(pst->family ? pst->family : DOC_DEFAULT_FAMILY);
  xmlNodePtr rpr = w_child(r, "rPr");
  char *rstyle = attr(w_child(rpr, "rStyle"), "val");
  if (rstyle) style_chain(c, rstyle, NULL, &st, 0);
  free(rstyle);
  apply_rpr(&st, rpr);
  for (xmlNodePtr e = r->children; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE || is_w(e, "rPr")) continue;
    if (is_w(e, "fldChar")) {
      char *t = attr(e, "fldCharType");
      if (t && !strcmp(t, "begin")) fs->state = 1, fs->page = false, sb_free(&fs->instr);
      else if (t && !strcmp(t, "separate")) fs->state = 2, fs->page = fs->instr.s && strstr(fs->instr.s, "PAGE") && !strstr(fs->instr.s, "NUMPAGES");
      else if (t && !strcmp(t, "end")) fs->state = 0;
      free(t);
    } else if (is_w(e, "instrText")) {
      char *t = text_of(e);
      sb_puts(&fs->instr, t);
      free(t);
    } else if (fs->state == 1) {
      continue;
    } else if (is_w(e, "t")) {
      char *t = text_of(e);
      if (fs->state == 2 && fs->page) add_run(p, &st, "#", true);
      else add_run(p, &st, t, false);
      free(t);
    } else if (is_w(e, "tab")) {
      add_run(p, &st, "\t", false);
    } else if (is_w(e, "br") || is_w(e, "cr")) {
      char *type = attr(e, "type");
      if (type && !strcmp(type, "page")) p->break_after = true;
      else add_run(p, &st, "\xE2\x80\xA8", false);
      free(type);
    } else if (is_w(e, "noBreakHyphen")) {
      add_run(p, &st, "\xE2\x80\x91", false);
    } else if (is_w(e, "sym")) {
      /* A box from a symbol font: drawn as its Unicode character from the font LibreOffice draws
         Wingdings 2 with, so □ and ☑ share one font (and the PDF's text says □ or ☑). */
      char *font = attr(e, "font"), *ch = attr(e, "char");
      const char *u = ch ? symbol_char(font, (unsigned)strtoul(ch, NULL, 16)) : NULL;
      if (u) {
        run_style sy = st;
        sy.family = (char *)SYMBOL_DRAW_FONT;
        add_run(p, &sy, u, false);
      } else {
        warn_unsupported(c, "sym");
      }
      free(font);
      free(ch);
    } else if (!is_w(e, "lastRenderedPageBreak") && !is_w(e, "softHyphen") && !is_w(e, "proofErr")) {
      warn_unsupported(c, (const char *)e->name);
    }
  }
  free(st.family);
}

static void read_runs(ctx *c, paragraph *p, xmlNodePtr parent, const run_style *pst, field_state *fs) {
  for (xmlNodePtr e = parent->children; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE || is_w(e, "pPr")) continue;
    if (is_w(e, "r")) {
      read_run(c, p, e, pst, fs);
    } else if (is_w(e, "fldSimple")) {
      char *instr = attr(e, "instr");
      bool page = instr && strstr(instr, "PAGE") && !strstr(instr, "NUMPAGES");
      free(instr);
      if (page) add_run(p, pst, "#", true);
      else read_runs(c, p, e, pst, fs);
    } else if (is_w(e, "hyperlink") || is_w(e, "ins") || is_w(e, "smartTag") || is_w(e, "customXml") ||
               is_w(e, "sdt") || is_w(e, "sdtContent")) {
      read_runs(c, p, e, pst, fs);
    } else if (!is_w(e, "proofErr") && !is_w(e, "bookmarkStart") && !is_w(e, "bookmarkEnd") && !is_w(e, "del") &&
               !is_w(e, "sdtPr") && !is_w(e, "permStart") && !is_w(e, "permEnd")) {
      warn_unsupported(c, (const char *)e->name);
    }
  }
}

static void read_paragraph(ctx *c, paragraph *p, xmlNodePtr node) {
  memset(p, 0, sizeof *p);
  p->pp.outline_level = -1;
  p->pp.line = 1.0;
  run_style st = {.family = xstrdup(DOC_DEFAULT_FAMILY), .size = 10.5};
  apply_rpr(&st, c->defaults_rpr);
  apply_ppr(&p->pp, c->defaults_ppr, st.size);
  xmlNodePtr ppr = w_child(node, "pPr");
  char *sid = attr(w_child(ppr, "pStyle"), "val");
  if (!sid) {
    /* The default paragraph style. */
    for (xmlNodePtr s = c->doc ? xmlDocGetRootElement(c->doc)->children : NULL; s; s = s->next) {
      char *t = attr(s, "type"), *def = attr(s, "default");
      if (is_w(s, "style") && t && !strcmp(t, "paragraph") && def && (!strcmp(def, "1") || !strcmp(def, "true")))
        sid = attr(s, "styleId");
      free(t);
      free(def);
      if (sid) break;
    }
  }
  style_chain(c, sid, &p->pp, &st, 0);
  free(sid);
  apply_ppr(&p->pp, ppr, st.size);
  p->mark = st;
  p->mark.family = xstrdup(st.family);
  apply_rpr(&p->mark, w_child(ppr, "rPr"));
  field_state fs = {0};
  read_runs(c, p, node, &st, &fs);
  sb_free(&fs.instr);
  free(st.family);
}

/* ---- tables ---------------------------------------------------------------------------------- */

static double border_width(xmlNodePtr b) {
  if (!b) return -1; /* not given */
  char *v = attr(b, "val");
  double sz = 4;
  attr_num(b, "sz", &sz);
  bool none = !v || !strcmp(v, "nil") || !strcmp(v, "none");
  free(v);
  return none ? 0 : sz / 8;
}

typedef struct {
  double top, bottom, left, right, inside_h, inside_v;
} table_borders;

static void read_table_borders(xmlNodePtr tb, table_borders *t) {
  if (!tb) return;
  double v;
  if ((v = border_width(w_child(tb, "top"))) >= 0) t->top = v;
  if ((v = border_width(w_child(tb, "bottom"))) >= 0) t->bottom = v;
  if ((v = border_width(w_child(tb, "left"))) >= 0) t->left = v;
  if ((v = border_width(w_child(tb, "right"))) >= 0) t->right = v;
  if ((v = border_width(w_child(tb, "insideH"))) >= 0) t->inside_h = v;
  if ((v = border_width(w_child(tb, "insideV"))) >= 0) t->inside_v = v;
}

static void read_blocks(ctx *c, xmlNodePtr parent, block **out, size_t *n);

static void read_table(ctx *c, table *t, xmlNodePtr node) {
  memset(t, 0, sizeof *t);
  xmlNodePtr tpr = w_child(node, "tblPr");
  table_borders tb = {0};
  double mar_l = 5.4, mar_r = 5.4, mar_t = 0, mar_b = 0, v;
  /* The table style first, then the table's own properties. */
  char *sid = attr(w_child(tpr, "tblStyle"), "val");
  xmlNodePtr style = find_style(c, sid);
  free(sid);
  for (int pass = 0; pass < 2; pass++) {
    xmlNodePtr pr = pass == 0 ? w_child(style, "tblPr") : tpr;
    if (!pr) continue;
    read_table_borders(w_child(pr, "tblBorders"), &tb);
    xmlNodePtr cm = w_child(pr, "tblCellMar");
    if (attr_num(w_child(cm, "left"), "w", &v)) mar_l = v / 20;
    if (attr_num(w_child(cm, "right"), "w", &v)) mar_r = v / 20;
    if (attr_num(w_child(cm, "top"), "w", &v)) mar_t = v / 20;
    if (attr_num(w_child(cm, "bottom"), "w", &v)) mar_b = v / 20;
    char *jc = attr(w_child(pr, "jc"), "val");
    if (jc) t->jc = !strcmp(jc, "center") ? AL_CENTER : !strcmp(jc, "right") ? AL_RIGHT : AL_LEFT;
    free(jc);
    if (attr_num(w_child(pr, "tblInd"), "w", &v)) t->indent = v / 20;
  }
  for (xmlNodePtr g = w_child(w_child(node, "tblGrid"), "gridCol"); g; g = g->next) {
    if (!is_w(g, "gridCol")) continue;
    t->grid = xrealloc(t->grid, (t->n_grid + 1) * sizeof *t->grid);
    t->grid[t->n_grid++] = attr_num(g, "w", &v) ? v / 20 : 0;
  }
  size_t n_rows = 0;
  for (xmlNodePtr r = node->children; r; r = r->next) n_rows += is_w(r, "tr");
  t->rows = xmalloc((n_rows ? n_rows : 1) * sizeof *t->rows);
  size_t ri = 0;
  for (xmlNodePtr r = node->children; r; r = r->next) {
    if (!is_w(r, "tr")) continue;
    row *rw = &t->rows[ri];
    memset(rw, 0, sizeof *rw);
    xmlNodePtr trpr = w_child(r, "trPr");
    xmlNodePtr h = w_child(trpr, "trHeight");
    if (attr_num(h, "val", &v)) {
      rw->height = v / 20;
      char *rule = attr(h, "hRule");
      rw->exact = rule && !strcmp(rule, "exact");
      free(rule);
    }
    rw->cant_split = w_child(trpr, "cantSplit") && on(w_child(trpr, "cantSplit"));
    rw->header = w_child(trpr, "tblHeader") && on(w_child(trpr, "tblHeader"));
    size_t nc = 0;
    for (xmlNodePtr tc = r->children; tc; tc = tc->next) nc += is_w(tc, "tc");
    rw->cells = xmalloc((nc ? nc : 1) * sizeof *rw->cells);
    int col = 0;
    for (xmlNodePtr tc = r->children; tc; tc = tc->next) {
      if (!is_w(tc, "tc")) continue;
      cell *ce = &rw->cells[rw->n_cells++];
      memset(ce, 0, sizeof *ce);
      xmlNodePtr tcpr = w_child(tc, "tcPr");
      ce->span = attr_num(w_child(tcpr, "gridSpan"), "val", &v) ? (int)v : 1;
      /* A row's cells never reach beyond the table's grid (each still takes one column). */
      if (t->n_grid && col + ce->span > (int)t->n_grid) ce->span = col < (int)t->n_grid ? (int)t->n_grid - col : 1;
      xmlNodePtr vm = w_child(tcpr, "vMerge");
      if (vm) {
        char *val = attr(vm, "val");
        ce->vmerge = val && !strcmp(val, "restart") ? 1 : 2;
        free(val);
      }
      char *va = attr(w_child(tcpr, "vAlign"), "val");
      ce->va = va && !strcmp(va, "center") ? VA_CENTER : va && !strcmp(va, "bottom") ? VA_BOTTOM : VA_TOP;
      free(va);
      ce->mar_left = mar_l, ce->mar_right = mar_r, ce->mar_top = mar_t, ce->mar_bottom = mar_b;
      xmlNodePtr cm = w_child(tcpr, "tcMar");
      if (attr_num(w_child(cm, "left"), "w", &v)) ce->mar_left = v / 20;
      if (attr_num(w_child(cm, "right"), "w", &v)) ce->mar_right = v / 20;
      /* Edges: the table's outer border where the cell touches it, its inside border elsewhere;
         the cell's own borders win. */
      ce->b.top = ri == 0 ? tb.top : tb.inside_h;
      ce->b.bottom = ri + 1 == n_rows ? tb.bottom : tb.inside_h;
      ce->b.left = col == 0 ? tb.left : tb.inside_v;
      ce->b.right = col + ce->span >= (int)t->n_grid ? tb.right : tb.inside_v;
      xmlNodePtr cb = w_child(tcpr, "tcBorders");
      if ((v = border_width(w_child(cb, "top"))) >= 0) ce->b.top = v;
      if ((v = border_width(w_child(cb, "bottom"))) >= 0) ce->b.bottom = v;
      if ((v = border_width(w_child(cb, "left"))) >= 0) ce->b.left = v;
      if ((v = border_width(w_child(cb, "right"))) >= 0) ce->b.right = v;
      col += ce->span;
      read_blocks(c, tc, &ce->blocks, &ce->n_blocks);
    }
    ri++;
  }
  t->n_rows = ri;
}

static void read_blocks(ctx *c, xmlNodePtr parent, block **out, size_t *n) {
  for (xmlNodePtr e = parent->children; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE) continue;
    if (is_w(e, "p") || is_w(e, "tbl")) {
      *out = xrealloc(*out, (*n + 1) * sizeof **out);
      block *b = &(*out)[(*n)++];
      memset(b, 0, sizeof *b);
      b->is_table = is_w(e, "tbl");
      if (b->is_table) read_table(c, &b->t, e);
      else read_paragraph(c, &b->p, e);
    } else if (is_w(e, "sdt") || is_w(e, "sdtContent") || is_w(e, "customXml")) {
      read_blocks(c, e, out, n);
    } else if (!is_w(e, "sectPr") && !is_w(e, "tcPr") && !is_w(e, "bookmarkStart") && !is_w(e, "bookmarkEnd") &&
               !is_w(e, "sdtPr")) {
      warn_unsupported(c, (const char *)e->name);
    }
  }
}

/* ---- the document ---------------------------------------------------------------------------- */

/* A part as a document: the one the merge kept with it (part.xml, read only here), or parsed now. */
static xmlDocPtr parse(const package *pkg, const char *part_name) {
  part *pt = package_find(pkg, part_name);
  if (pt && pt->xml) return pt->xml;
  return pt ? xmlReadMemory(pt->data, (int)pt->len, part_name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
            : NULL;
}

/* Frees what parse parsed, not what the package keeps. */
static void release(const package *pkg, const char *part_name, xmlDocPtr doc) {
  part *pt = package_find(pkg, part_name);
  if (doc && !(pt && pt->xml == doc)) xmlFreeDoc(doc);
}

bool docmodel_read(document *doc, const package *pkg, const char *name, diag_list *d) {
  memset(doc, 0, sizeof *doc);
  xmlDocPtr main = parse(pkg, "word/document.xml");
  if (!main) {
    diag_place at = {.file = name};
    diag_add(d, DIAG_ERROR, &at, NULL, "无法读取 word/document.xml，不能排版。");
    return false;
  }
  ctx c = {.doc = parse(pkg, "word/styles.xml"), .d = d, .name = name};
  if (c.doc) {
    xmlNodePtr dd = w_child(xmlDocGetRootElement(c.doc), "docDefaults");
    c.defaults_ppr = w_child(w_child(dd, "pPrDefault"), "pPr");
    c.defaults_rpr = w_child(w_child(dd, "rPrDefault"), "rPr");
  }
  xmlNodePtr body = w_child(xmlDocGetRootElement(main), "body");
  /* A4 portrait with Word's default margins unless the section says otherwise. */
  doc->width = 595.3, doc->height = 841.9;
  doc->mar_top = doc->mar_bottom = 72, doc->mar_left = doc->mar_right = 90, doc->footer = 35.4;
  xmlNodePtr sect = w_child(body, "sectPr");
  double v;
  xmlNodePtr sz = w_child(sect, "pgSz"), mar = w_child(sect, "pgMar");
  if (attr_num(sz, "w", &v)) doc->width = v / 20;
  if (attr_num(sz, "h", &v)) doc->height = v / 20;
  if (attr_num(mar, "top", &v)) doc->mar_top = v / 20;
  if (attr_num(mar, "bottom", &v)) doc->mar_bottom = v / 20;
  if (attr_num(mar, "left", &v)) doc->mar_left = v / 20;
  if (attr_num(mar, "right", &v)) doc->mar_right = v / 20;
  if (attr_num(mar, "footer", &v)) doc->footer = v / 20;
  doc->title_page = w_child(sect, "titlePg") && on(w_child(sect, "titlePg"));
  if (body) read_blocks(&c, body, &doc->blocks, &doc->n_blocks);
  /* The default footer: found through the relationship the section names. */
  char *rid = NULL;
  for (xmlNodePtr f = sect ? sect->children : NULL; f && !rid; f = f->next) {
    if (!is_w(f, "footerReference")) continue;
    char *type = attr(f, "type");
    if (!type || !strcmp(type, "default")) {
      xmlChar *r = xmlGetNsProp(f, (const xmlChar *)"id",
                                (const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
      rid = r ? xstrdup((const char *)r) : NULL;
      xmlFree(r);
    }
    free(type);
  }
  xmlDocPtr rels = rid ? parse(pkg, "word/_rels/document.xml.rels") : NULL;
  for (xmlNodePtr r = rels ? xmlDocGetRootElement(rels)->children : NULL; r; r = r->next) {
    xmlChar *id = xmlGetProp(r, (const xmlChar *)"Id"), *target = xmlGetProp(r, (const xmlChar *)"Target");
    if (id && target && !strcmp((const char *)id, rid)) {
      char *path = xasprintf("word/%s", (const char *)target);
      xmlDocPtr ftr = parse(pkg, path);
      if (ftr) {
        read_blocks(&c, xmlDocGetRootElement(ftr), &doc->footer_blocks, &doc->n_footer);
        release(pkg, path, ftr);
      }
      free(path);
    }
    xmlFree(id);
    xmlFree(target);
  }
  free(rid);
  release(pkg, "word/_rels/document.xml.rels", rels);
  for (size_t i = 0; i < c.n_unsupported; i++) free(c.unsupported[i]);
  free(c.unsupported);
  release(pkg, "word/styles.xml", c.doc);
  release(pkg, "word/document.xml", main);
  return true;
}

static void free_blocks(block *b, size_t n);

static void free_paragraph(paragraph *p) {
  for (size_t i = 0; i < p->n_runs; i++) {
    free(p->runs[i].text);
    free(p->runs[i].st.family);
  }
  free(p->runs);
  free(p->mark.family);
}

static void free_blocks(block *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!b[i].is_table) {
      free_paragraph(&b[i].p);
      continue;
    }
    table *t = &b[i].t;
    for (size_t r = 0; r < t->n_rows; r++) {
      for (size_t k = 0; k < t->rows[r].n_cells; k++) free_blocks(t->rows[r].cells[k].blocks, t->rows[r].cells[k].n_blocks);
      free(t->rows[r].cells);
    }
    free(t->rows);
    free(t->grid);
  }
  free(b);
}

void docmodel_free(document *doc) {
  free_blocks(doc->blocks, doc->n_blocks);
  free_blocks(doc->footer_blocks, doc->n_footer);
  memset(doc, 0, sizeof *doc);
}

static void each_in(const block *b, size_t n, void (*fn)(const paragraph *p, void *data), void *data) {
  for (size_t i = 0; i < n; i++) {
    if (!b[i].is_table) {
      fn(&b[i].p, data);
      continue;
    }
    const table *t = &b[i].t;
    for (size_t r = 0; r < t->n_rows; r++)
      for (size_t c = 0; c < t->rows[r].n_cells; c++) each_in(t->rows[r].cells[c].blocks, t->rows[r].cells[c].n_blocks, fn, data);
  }
}

void doc_each_paragraph(const document *doc, void (*fn)(const paragraph *p, void *data), void *data) {
  each_in(doc->blocks, doc->n_blocks, fn, data);
  each_in(doc->footer_blocks, doc->n_footer, fn, data);
}
