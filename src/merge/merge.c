#include "merge/merge.h"

#include <stdlib.h>
#include <string.h>

#include "merge/blocks.h"
#include "merge/dom.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static void process_container(xmlNodePtr parent, const merge_env *env, const scope *sc);
static void process_paragraph(xmlNodePtr p, const merge_env *env, const scope *sc);

/* ---- small tree edits ------------------------------------------------------------------------ */

/* A deep copy placed before `before`. libxml2 gives a copy its own namespace declarations (the
   originals sat on the root); they are dropped again so that a repeated row is written as Word
   writes it. */
static void repoint_ns(xmlNodePtr n, xmlNsPtr from, xmlNsPtr to) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (n->ns == from) n->ns = to;
    for (xmlAttrPtr a = n->properties; a; a = a->next)
      if (a->ns == from) a->ns = to;
    repoint_ns(n->children, from, to);
  }
}

static void drop_copied_ns(xmlNodePtr copy) {
  xmlNsPtr *link = &copy->nsDef;
  while (*link) {
    xmlNsPtr d = *link;
    xmlNsPtr outer = xmlSearchNs(copy->doc, copy->parent, d->prefix);
    if (outer && outer->href && d->href && !strcmp((const char *)outer->href, (const char *)d->href)) {
      if (copy->ns == d) copy->ns = outer;
      for (xmlAttrPtr a = copy->properties; a; a = a->next)
        if (a->ns == d) a->ns = outer;
      repoint_ns(copy->children, d, outer);
      *link = d->next;
      d->next = NULL;
      xmlFreeNs(d);
    } else {
      link = &d->next;
    }
  }
}

static xmlNodePtr copy_before(xmlNodePtr n, xmlNodePtr before) {
  xmlNodePtr copy = xmlDocCopyNode(n, before->doc, 1);
  xmlAddPrevSibling(before, copy);
  drop_copied_ns(copy);
  return copy;
}

static xmlNodePtr copy_after(xmlNodePtr n, xmlNodePtr after) {
  xmlNodePtr copy = xmlDocCopyNode(n, after->doc, 1);
  xmlAddNextSibling(after, copy);
  drop_copied_ns(copy);
  return copy;
}

static void remove_node(xmlNodePtr n) {
  xmlUnlinkNode(n);
  xmlFreeNode(n);
}

/* Drops what XML 1.0 cannot hold (control characters but tab and line feed, U+FFFE, U+FFFF). */
static char *sanitize(const char *s) {
  strbuf b = {0};
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) {
      i++;
      continue;
    }
    bool keep = !(cp < 0x20 && cp != '\t' && cp != '\n') && cp != 0xFFFE && cp != 0xFFFF;
    if (keep) sb_add(&b, s + i, k);
    i += k;
  }
  return sb_take(&b);
}

/* Writes text into a w:t; line feeds become <w:br/> and tabs <w:tab/>, as Word itself stores them. */
static void write_run_text(xmlNodePtr t, const char *text) {
  if (!strpbrk(text, "\n\t")) {
    set_text(t, text, strlen(text));
    return;
  }
  xmlNodePtr after = t;
  const char *p = text;
  bool first = true;
  while (1) {
    size_t n = strcspn(p, "\n\t");
    xmlNodePtr seg = first ? t : w_new(t, "t");
    set_text(seg, p, n);
    if (!first) after = xmlAddNextSibling(after, seg);
    first = false;
    if (!p[n]) break;
    after = xmlAddNextSibling(after, w_new(t, p[n] == '\n' ? "br" : "tab"));
    p += n + 1;
  }
}

/* ---- values in one paragraph ------------------------------------------------------------------ */

static char *tag_output(const merge_env *env, const scope *sc, const tag *t) {
  switch (t->kind) {
  case TAG_VALUE: {
    char *v = eval_value(env, sc, t);
    if (!v && !env->blank && strncmp(t->key, "edition.", 8)) v = xstrdup(EMPTY_VALUE);
    char *s = sanitize(v ? v : "");
    free(v);
    return s;
  }
  /* Boxes are characters, ☐ and ☑, which one fallback font draws alike. As Wingdings 2 symbols
     (w:sym), which we read and draw, LibreOffice takes OpenSymbol, whose taller line height made
     miit-2023 two pages longer (measured; docs/fonts.md). */
  case TAG_CHECK: return xstrdup(!env->blank && eval_check(env, sc, t) ? BOX_TICKED : BOX_EMPTY);
  default: return xstrdup("");
  }
}

/* Replaces every tag of the paragraph by its output; `only` (if given) replaces the one value. */
static void substitute(xmlNodePtr p, const merge_env *env, const scope *sc, const char *only) {
  occ_list l = {0};
  collect_tags(p, &l);
  size_t i = 0;
  while (i < l.n) {
    xmlNodePtr t = l.v[i].t;
    char *old = text_of(t);
    strbuf b = {0};
    size_t pos = 0;
    for (; i < l.n && l.v[i].t == t; i++) {
      sb_add(&b, old + pos, l.v[i].off - pos);
      char *out = only && l.v[i].tag.kind == TAG_VALUE ? xstrdup(only) : tag_output(env, sc, &l.v[i].tag);
      sb_puts(&b, out);
      free(out);
      pos = l.v[i].off + l.v[i].len;
    }
    sb_puts(&b, old + pos);
    write_run_text(t, b.s ? b.s : "");
    sb_free(&b);
    free(old);
  }
  occ_free(&l);
}

/* Cuts bytes [a, b) of a w:t. */
static void cut_text(xmlNodePtr t, size_t a, size_t b) {
  char *s = text_of(t);
  size_t n = strlen(s);
  if (b > n) b = n;
  strbuf nb = {0};
  sb_add(&nb, s, a);
  sb_puts(&nb, s + b);
  set_text(t, nb.s ? nb.s : "", nb.len);
  sb_free(&nb);
  free(s);
}

/* The content of a paragraph's runs in order: text, tabs, breaks, symbols (not in text boxes). */
static void run_items(xmlNodePtr n, xmlNodePtr **v, size_t *len, size_t *cap) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || is_w(c, "p") || is_w(c, "txbxContent") || is_w(c, "rPr") || is_w(c, "pPr"))
      continue;
    if (is_w(c, "t") || is_w(c, "tab") || is_w(c, "br") || is_w(c, "cr") || is_w(c, "sym") ||
        is_w(c, "noBreakHyphen") || is_w(c, "softHyphen")) {
      if (*len == *cap) *cap = *cap ? *cap * 2 : 16, *v = xrealloc(*v, *cap * sizeof **v);
      (*v)[(*len)++] = c;
    } else {
      run_items(c, v, len, cap);
    }
  }
}

/* Removes what lies between two tags of one paragraph, both tags included: the text, and the tabs
   and line breaks of the runs in between. */
static void cut_between(xmlNodePtr p, const occurrence *o, const occurrence *c) {
  if (o->t == c->t) {
    cut_text(o->t, o->off, c->off + c->len);
    return;
  }
  xmlNodePtr *items = NULL;
  size_t n = 0, cap = 0;
  run_items(p, &items, &n, &cap);
  bool inside = false;
  for (size_t i = 0; i < n; i++) {
    if (items[i] == c->t) break;
    if (inside) {
      if (is_w(items[i], "t"))
        set_text(items[i], "", 0);
      else
        remove_node(items[i]);
    }
    if (items[i] == o->t) inside = true;
  }
  free(items);
  cut_text(c->t, 0, c->off + c->len);
  char *s = text_of(o->t);
  size_t len = strlen(s);
  free(s);
  cut_text(o->t, o->off, len);
}

static char *render_inline(const char *text, const merge_env *env, const scope *sc);

/* Inline blocks: both tags in this paragraph. Outermost first; then values. */
static void process_inline_blocks(xmlNodePtr p, const merge_env *env, const scope *sc) {
  for (int guard = 0; guard < 10000; guard++) {
    occ_list l = {0};
    collect_tags(p, &l);
    size_t *stack = xmalloc((l.n ? l.n : 1) * sizeof *stack);
    size_t depth = 0;
    long open = -1, close = -1;
    for (size_t i = 0; i < l.n && open < 0; i++) {
      if (tag_is_open(l.v[i].tag.kind)) stack[depth++] = i;
      else if (tag_is_close(l.v[i].tag.kind) && depth) {
        size_t o = stack[--depth];
        if (depth == 0) open = (long)o, close = (long)i;
      }
    }
    free(stack);
    if (open < 0) {
      occ_free(&l);
      return;
    }
    occurrence *o = &l.v[open], *c = &l.v[close];
    if (o->tag.kind == TAG_EACH && o->t == c->t) {
      char *s = text_of(o->t);
      char *body = xstrndup(s + o->off + o->len, c->off - o->off - o->len);
      json_t *items = eval_items(env, &o->tag);
      const field *lf = catalog_find(env->cat, o->tag.key);
      strbuf out = {0};
      size_t i;
      json_t *it;
      json_array_foreach(items, i, it) {
        scope inner = {.item = it, .list = lf, .index = i};
        char *r = render_inline(body, env, &inner);
        sb_puts(&out, r);
        free(r);
      }
      strbuf nb = {0};
      sb_add(&nb, s, o->off);
      sb_puts(&nb, out.s ? out.s : "");
      sb_puts(&nb, s + c->off + c->len);
      set_text(o->t, nb.s ? nb.s : "", nb.len);
      sb_free(&nb);
      sb_free(&out);
      json_decref(items);
      free(body);
      free(s);
    } else {
      bool keep = o->tag.kind == TAG_EACH || (eval_truthy(env, sc, &o->tag) == (o->tag.kind == TAG_IF));
      if (!keep) {
        cut_between(p, o, c);
      } else {
        cut_text(c->t, c->off, c->off + c->len);
        cut_text(o->t, o->off, o->off + o->len);
      }
    }
    occ_free(&l);
  }
}

/* Renders the tags of a piece of text to plain text (inline loops). */
static char *render_inline(const char *text, const merge_env *env, const scope *sc) {
  strbuf b = {0};
  size_t n = strlen(text);
  for (size_t i = 0; i < n;) {
    size_t o = tag_open_at(text + i, n - i);
    if (!o) {
      sb_putc(&b, text[i++]);
      continue;
    }
    size_t e = i + o, c = 0;
    while (e < n && !(c = tag_close_at(text + e, n - e))) e++;
    tag t;
    tag_parse(text + i + o, e - i - o, &t);
    char *out = tag_output(env, sc, &t);
    sb_puts(&b, out);
    free(out);
    i = c ? e + c : n;
  }
  return sb_take(&b);
}

static void process_paragraph(xmlNodePtr p, const merge_env *env, const scope *sc) {
  process_inline_blocks(p, env, sc);
  occ_list l = {0};
  collect_tags(p, &l);
  if (l.n == 1 && l.v[0].tag.kind == TAG_VALUE && tag_alone(&l.v[0])) {
    /* A value alone in its paragraph: each of its lines becomes a paragraph of the same style. */
    char *v = tag_output(env, sc, &l.v[0].tag);
    if (strchr(v, '\n')) {
      xmlNodePtr after = p;
      char *save = NULL, *line = strtok_r(v, "\n", &save);
      char *first = line ? xstrdup(line) : xstrdup("");
      while ((line = strtok_r(NULL, "\n", &save))) {
        xmlNodePtr copy = after = copy_after(p, after);
        substitute(copy, env, sc, line);
      }
      substitute(p, env, sc, first);
      free(first);
      free(v);
      occ_free(&l);
      return;
    }
    free(v);
  }
  occ_free(&l);
  substitute(p, env, sc, NULL);
}

/* ---- table rows ------------------------------------------------------------------------------ */

static int grid_span(xmlNodePtr tc) {
  xmlNodePtr gs = w_child(w_child(tc, "tcPr"), "gridSpan");
  xmlChar *v = gs ? xmlGetNsProp(gs, (const xmlChar *)"val", (const xmlChar *)W_NS) : NULL;
  long n = v ? strtol((const char *)v, NULL, 10) : 1;
  xmlFree(v);
  return n < 1 ? 1 : n > 63 ? 63 : (int)n; /* Word's limit; the template check refuses others */
}

static int grid_before(xmlNodePtr tr) {
  xmlNodePtr gb = w_child(w_child(tr, "trPr"), "gridBefore");
  xmlChar *v = gb ? xmlGetNsProp(gb, (const xmlChar *)"val", (const xmlChar *)W_NS) : NULL;
  long n = v ? strtol((const char *)v, NULL, 10) : 0;
  xmlFree(v);
  return n < 0 ? 0 : n > 63 ? 63 : (int)n;
}

/* 0: not merged, 1: starts a vertical merge, 2: continues one. */
static int vmerge_of(xmlNodePtr tc) {
  xmlNodePtr vm = w_child(w_child(tc, "tcPr"), "vMerge");
  if (!vm) return 0;
  xmlChar *v = xmlGetNsProp(vm, (const xmlChar *)"val", (const xmlChar *)W_NS);
  int r = v && !strcmp((const char *)v, "restart") ? 1 : 2;
  xmlFree(v);
  return r;
}

static void set_vmerge(xmlNodePtr tc, int kind) {
  xmlNodePtr vm = w_child(w_child(tc, "tcPr"), "vMerge");
  if (!vm) return;
  xmlNsPtr ns = xmlSearchNsByHref(tc->doc, tc, (const xmlChar *)W_NS);
  if (kind == 1)
    xmlSetNsProp(vm, ns, (const xmlChar *)"val", (const xmlChar *)"restart");
  else
    xmlUnsetNsProp(vm, ns, (const xmlChar *)"val");
}

static xmlNodePtr cell_at(xmlNodePtr tr, int col) {
  int g = grid_before(tr);
  for (xmlNodePtr tc = tr->children; tc; tc = tc->next) {
    if (!is_w(tc, "tc")) continue;
    if (g == col) return tc;
    g += grid_span(tc);
    if (g > col) return NULL;
  }
  return NULL;
}

static int col_of(xmlNodePtr tc) {
  xmlNodePtr tr = tc->parent;
  int g = grid_before(tr);
  for (xmlNodePtr c = tr->children; c && c != tc; c = c->next)
    if (is_w(c, "tc")) g += grid_span(c);
  return g;
}

/* A continued cell needs a merged cell above it; when rows were repeated or dropped, hand the
   start of the merge on to the first cell that has none. */
static void repair_vmerge(xmlNodePtr tbl) {
  xmlNodePtr prev = NULL;
  for (xmlNodePtr tr = tbl->children; tr; tr = tr->next) {
    if (!is_w(tr, "tr")) continue;
    for (xmlNodePtr tc = tr->children; tc; tc = tc->next) {
      if (!is_w(tc, "tc") || vmerge_of(tc) != 2) continue;
      xmlNodePtr above = prev ? cell_at(prev, col_of(tc)) : NULL;
      if (!above || !vmerge_of(above)) set_vmerge(tc, 1);
    }
    prev = tr;
  }
}

/* Turns a cell that starts a merge into one that continues it, with no text of its own. */
static void make_continued(xmlNodePtr tc) {
  set_vmerge(tc, 2);
  xmlNodePtr firstp = w_child(tc, "p");
  xmlNodePtr ppr = firstp ? w_child(firstp, "pPr") : NULL;
  xmlNodePtr keep_ppr = ppr ? xmlDocCopyNode(ppr, tc->doc, 1) : NULL;
  for (xmlNodePtr c = tc->children, next; c; c = next) {
    next = c->next;
    if (!is_w(c, "tcPr")) remove_node(c);
  }
  xmlNodePtr p = w_new(tc, "p");
  if (keep_ppr) xmlAddChild(p, keep_ppr);
  xmlAddChild(tc, p);
}

/* In the repeated rows, a cell that starts a merge reaching to the last repeated row spans the
   copies: the first copy starts it, the others continue it. */
static bool merge_runs_to_end(xmlNodePtr first, xmlNodePtr last, xmlNodePtr tr, int col) {
  if (tr == last) return true;
  for (xmlNodePtr r = tr->next; r; r = r->next) {
    if (!is_w(r, "tr")) continue;
    xmlNodePtr c = cell_at(r, col);
    if (!c || vmerge_of(c) != 2) return false;
    if (r == last) return true;
  }
  (void)first;
  return false;
}

static void expand_rows(xmlNodePtr first, xmlNodePtr last, const occurrence *o, const occurrence *c,
                        const merge_env *env, const scope *sc) {
  xmlNodePtr tbl = first->parent;
  tag t = o->tag;
  cut_text(c->t, c->off, c->off + c->len);
  cut_text(o->t, o->off, o->off + o->len);
  size_t nrows = 0;
  for (xmlNodePtr r = first;; r = r->next) {
    if (is_w(r, "tr")) nrows++;
    if (r == last) break;
  }
  xmlNodePtr *rows = xmalloc(nrows * sizeof *rows);
  bool **spans = xmalloc(nrows * sizeof *spans);
  size_t k = 0;
  for (xmlNodePtr r = first;; r = r->next) {
    if (is_w(r, "tr")) rows[k++] = r;
    if (r == last) break;
  }
  /* Which starting cells span the copies (decided on the template rows). */
  for (size_t i = 0; i < nrows; i++) {
    size_t ncell = 0;
    for (xmlNodePtr tc = rows[i]->children; tc; tc = tc->next) ncell += is_w(tc, "tc");
    spans[i] = xmalloc((ncell ? ncell : 1) * sizeof **spans);
    size_t j = 0;
    for (xmlNodePtr tc = rows[i]->children; tc; tc = tc->next)
      if (is_w(tc, "tc")) spans[i][j++] = vmerge_of(tc) == 1 && merge_runs_to_end(first, last, rows[i], col_of(tc));
  }
  json_t *items = NULL;
  bool repeat = t.kind == TAG_EACH;
  if (repeat) {
    items = eval_items(env, &t);
  } else {
    bool keep = eval_truthy(env, sc, &t) == (t.kind == TAG_IF);
    items = json_array();
    if (keep) json_array_append_new(items, json_null());
  }
  const field *lf = repeat ? catalog_find(env->cat, t.key) : NULL;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    scope inner = repeat ? (scope){.item = it, .list = lf, .index = i} : (sc ? *sc : (scope){0});
    for (size_t r = 0; r < nrows; r++) {
      xmlNodePtr copy = copy_before(rows[r], first);
      if (i > 0) {
        size_t j = 0;
        for (xmlNodePtr tc = copy->children; tc; tc = tc->next)
          if (is_w(tc, "tc") && spans[r][j++]) make_continued(tc);
      }
      process_container(copy, env, repeat || !sc ? &inner : sc);
    }
  }
  json_decref(items);
  for (size_t r = 0; r < nrows; r++) {
    free(spans[r]);
    remove_node(rows[r]);
  }
  free(spans);
  free(rows);
  repair_vmerge(tbl);
}

/* ---- paragraphs as blocks ------------------------------------------------------------------- */

static void expand_paragraphs(xmlNodePtr open_p, xmlNodePtr close_p, const tag *t, const merge_env *env,
                              const scope *sc) {
  if (t->kind != TAG_EACH) {
    bool keep = eval_truthy(env, sc, t) == (t->kind == TAG_IF);
    if (!keep)
      for (xmlNodePtr n = open_p->next, next; n && n != close_p; n = next) next = n->next, remove_node(n);
    /* What is kept is processed by the caller's walk, which goes on after open_p. */
    return;
  }
  json_t *items = eval_items(env, t);
  const field *lf = catalog_find(env->cat, t->key);
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    scope inner = {.item = it, .list = lf, .index = i};
    for (xmlNodePtr n = open_p->next; n && n != close_p; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      xmlNodePtr copy = copy_before(n, open_p);
      if (is_w(copy, "p"))
        process_paragraph(copy, env, &inner);
      else
        process_container(copy, env, &inner);
    }
  }
  json_decref(items);
  for (xmlNodePtr n = open_p->next, next; n && n != close_p; n = next) next = n->next, remove_node(n);
}

/* ---- walking containers ---------------------------------------------------------------------- */

/* The first block that opens in `node` and closes outside its paragraph (or, for a row, outside
   its cell): found by pairing the tags of node and of its following siblings. */
static bool find_block(xmlNodePtr node, bool row, occurrence *open, occurrence *close, xmlNodePtr *close_top) {
  occ_list own = {0};
  collect_tags(node, &own);
  bool any_open = false;
  for (size_t i = 0; i < own.n; i++) any_open |= tag_is_open(own.v[i].tag.kind);
  if (!any_open) {
    occ_free(&own);
    return false;
  }
  occ_list all = {0};
  xmlNodePtr *tops = NULL;
  size_t cap = 0;
  for (xmlNodePtr s = node; s; s = s->next) {
    if (s->type != XML_ELEMENT_NODE) continue;
    size_t before = all.n;
    collect_tags(s, &all);
    if (all.n > cap) cap = all.n * 2, tops = xrealloc(tops, cap * sizeof *tops);
    for (size_t i = before; i < all.n; i++) tops[i] = s;
    /* Stop once every block opened in node is closed. */
    long depth = 0;
    for (size_t i = 0; i < all.n; i++) depth += tag_is_open(all.v[i].tag.kind) - tag_is_close(all.v[i].tag.kind);
    if (depth <= 0) break;
  }
  long *match = xmalloc((all.n ? all.n : 1) * sizeof *match);
  size_t *stack = xmalloc((all.n ? all.n : 1) * sizeof *stack);
  size_t depth = 0;
  for (size_t i = 0; i < all.n; i++) match[i] = -1;
  for (size_t i = 0; i < all.n; i++) {
    if (tag_is_open(all.v[i].tag.kind)) stack[depth++] = i;
    else if (tag_is_close(all.v[i].tag.kind) && depth) {
      size_t o = stack[--depth];
      match[o] = (long)i;
    }
  }
  bool found = false;
  for (size_t i = 0; i < own.n && !found; i++) {
    if (!tag_is_open(all.v[i].tag.kind) || match[i] < 0) continue;
    occurrence *o = &all.v[i], *c = &all.v[match[i]];
    block_level lv = block_level_of(o, c);
    if ((row && lv == BLOCK_ROW) || (!row && lv == BLOCK_PARAGRAPH && tops[i] == node)) {
      *open = *o;
      *close = *c;
      *close_top = tops[match[i]];
      found = true;
    } else {
      i = (size_t)match[i]; /* skip what this block holds */
      if (i >= own.n) break;
    }
  }
  free(stack);
  free(match);
  free(tops);
  occ_free(&all);
  occ_free(&own);
  return found;
}

static void process_container(xmlNodePtr parent, const merge_env *env, const scope *sc) {
  bool is_table = is_w(parent, "tbl");
  xmlNodePtr n = parent->children;
  while (n) {
    xmlNodePtr next = n->next;
    if (n->type != XML_ELEMENT_NODE) {
      n = next;
      continue;
    }
    occurrence o, c;
    xmlNodePtr close_top;
    if (is_table && is_w(n, "tr") && find_block(n, true, &o, &c, &close_top)) {
      xmlNodePtr after = close_top->next;
      expand_rows(n, close_top, &o, &c, env, sc);
      n = after;
      continue;
    }
    if (is_w(n, "p") && find_block(n, false, &o, &c, &close_top)) {
      xmlNodePtr after_close = close_top->next;
      expand_paragraphs(n, close_top, &o.tag, env, sc);
      xmlNodePtr first = o.tag.kind == TAG_EACH ? after_close : n->next;
      if (first == close_top) first = after_close;
      remove_node(close_top);
      remove_node(n);
      n = first;
      continue;
    }
    if (is_w(n, "p"))
      process_paragraph(n, env, sc);
    else if (!is_w(n, "sectPr") && !is_w(n, "tblPr") && !is_w(n, "tblGrid") && !is_w(n, "trPr") &&
             !is_w(n, "tcPr") && !is_w(n, "pPr") && !is_w(n, "rPr"))
      process_container(n, env, sc);
    n = next;
  }
}

void merge_document(xmlDocPtr doc, const merge_env *env) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root) return;
  join_split_tags(root);
  process_container(root, env, NULL);
}
