#include "layout/layout.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "layout/glyph_extents.h"
#include "layout/linebreak.h"
#include "util/fileio.h"
#include "util/strbuf.h"

/* ---- line boxes ------------------------------------------------------------------------------- */

/* A horizontal slice of content: a line of text or a vertical space. Items are placed relative to
   the box: x from the left of the column the box sits in, y from the box's top. */
typedef struct {
  double h;
  dl_item *items;
  size_t n, cap;
  char *outline; /* the line starts a heading: its text */
  int outline_level;
  bool page_break_before;
} lbox;

typedef struct {
  lbox *v;
  size_t n, cap;
} lbox_list;

static lbox *lbox_new(lbox_list *l, double h) {
  if (l->n == l->cap) l->cap = l->cap ? l->cap * 2 : 16, l->v = xrealloc(l->v, l->cap * sizeof *l->v);
  lbox *b = &l->v[l->n++];
  memset(b, 0, sizeof *b);
  b->h = h;
  return b;
}

static dl_item *lbox_add(lbox *b, dl_kind kind) {
  if (b->n == b->cap) b->cap = b->cap ? b->cap * 2 : 8, b->items = xrealloc(b->items, b->cap * sizeof *b->items);
  dl_item *it = &b->items[b->n++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  return it;
}

static void lbox_list_free(lbox_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    for (size_t j = 0; j < l->v[i].n; j++)
      if (l->v[i].items[j].kind == DL_GLYPHS) {
        pango_glyph_item_free(l->v[i].items[j].glyphs.run);
        free(l->v[i].items[j].glyphs.text);
        free(l->v[i].items[j].glyphs.family);
      }
    free(l->v[i].items);
    free(l->v[i].outline);
  }
  free(l->v);
  memset(l, 0, sizeof *l);
}

/* Copies a box's items onto a page, moved by (dx, dy). Glyph runs are copied, not shared. */
static void emit(dl_page *page, const lbox *b, double dx, double dy) {
  for (size_t i = 0; i < b->n; i++) {
    dl_item *it = dl_add(page, b->items[i].kind);
    *it = b->items[i];
    if (it->kind == DL_GLYPHS) {
      it->glyphs.run = pango_glyph_item_copy(b->items[i].glyphs.run);
      it->glyphs.text = xstrdup(b->items[i].glyphs.text);
      it->glyphs.family = b->items[i].glyphs.family ? xstrdup(b->items[i].glyphs.family) : NULL;
      it->glyphs.x += dx, it->glyphs.y += dy;
    } else if (it->kind == DL_LINE) {
      it->line.x1 += dx, it->line.x2 += dx, it->line.y1 += dy, it->line.y2 += dy;
    } else {
      it->rect.x += dx, it->rect.y += dy;
    }
  }
}

/* ---- paragraphs ------------------------------------------------------------------------------ */

/* A font's line metrics, once per family, size and weight: a form asks for every paragraph. */
typedef struct {
  char *family;
  double size;
  bool bold;
  double ascent, descent, height;
} metrics_entry;

typedef struct {
  PangoContext *pc;
  int page_number; /* for the footer's PAGE field */
  metrics_entry *metrics;
  size_t n_metrics;
  GHashTable *underlines; /* PangoFont* → double[2]: below, width */
} env;

static PangoFontDescription *font_of(const run_style *st) {
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, st->family ? st->family : DOC_DEFAULT_FAMILY);
  pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
  pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return fd;
}

/* The height of a line of this font at single spacing, and where its baseline sits. LibreOffice
   uses the font's ascent and descent; so do we (pango's metrics of the same font file). */
static void underline_metrics(env *e, PangoFont *font, double *below, double *width) {
  const double *known = g_hash_table_lookup(e->underlines, font);
  if (known) {
    *below = known[0], *width = known[1];
    return;
  }
  /* The font's own figures, with an explicit language: the same on every run (a font's metrics
     without one were not). */
  PangoFontMetrics *m = pango_font_get_metrics(font, pango_language_from_string("zh-cn"));
  int pos = pango_font_metrics_get_underline_position(m), th = pango_font_metrics_get_underline_thickness(m);
  *below = (-pos + th / 2.0) / PANGO_SCALE;
  *width = th > 0 ? (double)th / PANGO_SCALE : 0.5;
  pango_font_metrics_unref(m);
  double *v = g_new(double, 2);
  v[0] = *below, v[1] = *width;
  g_hash_table_insert(e->underlines, g_object_ref(font), v);
}

static void font_metrics(env *e, const run_style *st, double *ascent, double *descent, double *height) {
  const char *family = st->family ? st->family : "";
  for (size_t i = 0; i < e->n_metrics; i++) {
    const metrics_entry *k = &e->metrics[i];
    if (k->size == st->size && k->bold == st->bold && !strcmp(k->family, family)) {
      *ascent = k->ascent, *descent = k->descent, *height = k->height;
      return;
    }
  }
  PangoFontDescription *fd = font_of(st);
  /* The font's own metrics: pango_context_get_metrics would also itemize and shape a sample text
     (and take the largest figures of every font that draws it: the same font, for our CJK faces). */
  PangoFont *font = pango_context_load_font(e->pc, fd);
  PangoFontMetrics *m = font ? pango_font_get_metrics(font, pango_language_from_string("zh-cn"))
                             : pango_context_get_metrics(e->pc, fd, pango_language_from_string("zh-cn"));
  if (font) g_object_unref(font);
  *ascent = (double)pango_font_metrics_get_ascent(m) / PANGO_SCALE;
  *descent = (double)pango_font_metrics_get_descent(m) / PANGO_SCALE;
  /* hhea ascent + descent + line gap: LibreOffice's single line. */
  *height = (double)pango_font_metrics_get_height(m) / PANGO_SCALE;
  if (*height < *ascent + *descent) *height = *ascent + *descent;
  pango_font_metrics_unref(m);
  pango_font_description_free(fd);
  e->metrics = xrealloc(e->metrics, (e->n_metrics + 1) * sizeof *e->metrics);
  e->metrics[e->n_metrics++] = (metrics_entry){xstrdup(family), st->size, st->bold, *ascent, *descent, *height};
}

static bool has_underline(PangoItem *item) {
  for (GSList *a = item->analysis.extra_attrs; a; a = a->next) {
    PangoAttribute *at = a->data;
    if (at->klass->type == PANGO_ATTR_UNDERLINE && ((PangoAttrInt *)at)->value != PANGO_UNDERLINE_NONE) return true;
  }
  return false;
}

/* A character of a hard line (pango's unwrapped layout breaks only at U+2028): where its bytes
   are. */
typedef struct {
  int offset, len; /* bytes in the paragraph's text */
} char_place;

/* Adds `pu` pango units to the advance of the last glyph of the character at byte `offset`, in
   whichever of the pieces holds it: the space then follows the character. */
static void widen_after(PangoGlyphItem **pieces, size_t n, int offset, int pu) {
  for (size_t i = 0; i < n; i++) {
    PangoItem *item = pieces[i]->item;
    if (offset < item->offset || offset >= item->offset + item->length) continue;
    PangoGlyphString *gs = pieces[i]->glyphs;
    int cluster = -1, last = -1;
    for (int g = 0; g < gs->num_glyphs; g++) {
      int c = gs->log_clusters[g];
      if (c <= offset - item->offset && c >= cluster) cluster = c, last = g;
    }
    if (last >= 0) gs->glyphs[last].geometry.width += pu;
    return;
  }
}

/* Sets the advance of the character at byte `offset` (one glyph: a tab) to `pu` pango units. */
static void set_width(PangoGlyphItem **pieces, size_t n, int offset, int pu) {
  for (size_t i = 0; i < n; i++) {
    PangoItem *item = pieces[i]->item;
    if (offset < item->offset || offset >= item->offset + item->length) continue;
    PangoGlyphString *gs = pieces[i]->glyphs;
    for (int g = 0; g < gs->num_glyphs; g++)
      if (gs->log_clusters[g] == offset - item->offset) gs->glyphs[g].geometry.width = pu, pu = 0;
    return;
  }
}

/* The runs of one line: copies of the hard line's runs that hold bytes [from, to), cut to them,
   in the hard line's visual order (right-to-left runs in a line keep pango's order for them). */
static size_t cut_runs(PangoGlyphItem **runs, size_t n_runs, const char *text, int from, int to,
                       PangoGlyphItem **pieces) {
  size_t n = 0;
  for (size_t r = 0; r < n_runs; r++) {
    if (runs[r]->item->offset >= to || runs[r]->item->offset + runs[r]->item->length <= from) continue;
    PangoGlyphItem *g = pango_glyph_item_copy(runs[r]);
    /* pango splits at the cluster boundary at or after the index, and not at all (NULL) when that
       is the item's end: then nothing of it lies after `from`, or all of it before `to`. */
    if (from > g->item->offset && from < g->item->offset + g->item->length) {
      PangoGlyphItem *head = pango_glyph_item_split(g, text, from - g->item->offset);
      if (!head) {
        pango_glyph_item_free(g);
        continue;
      }
      pango_glyph_item_free(head);
    }
    if (to > g->item->offset && to < g->item->offset + g->item->length) {
      PangoGlyphItem *head = pango_glyph_item_split(g, text, to - g->item->offset);
      if (head) {
        pango_glyph_item_free(g);
        g = head;
      }
    }
    pieces[n++] = g;
  }
  return n;
}

typedef struct {
  const paragraph *p;
  double avail;       /* the width between the indents */
  double baseline, pitch;
  bool first;         /* the next line is the paragraph's first */
  const char *text;
  const size_t *run_end; /* where each of the paragraph's runs ends in text */
} para_lines;

/* One box per line of a hard line whose characters are ch/at[0, n), broken by linebreak.c. */
static void lay_out_hard_line(env *e, para_lines *pl, PangoGlyphItem **runs, size_t n_runs, lb_char *ch,
                              const char_place *at, size_t n, bool hanging, lbox_list *out) {
  const para_props *pp = &pl->p->pp;
  double first = pl->avail - (pl->first ? pp->ind_first : 0);
  /* Tab stops as the DOCX gives them, from the margin; linebreak.c measures from the indent. */
  lb_tab stops[8];
  for (int i = 0; i < pp->n_tabs && i < 8; i++) stops[i] = (lb_tab){pp->tabs[i].pos - pp->ind_left, pp->tabs[i].right};
  lb_tabs tabs = {stops, pp->n_tabs < 8 ? pp->n_tabs : 8, pl->first ? pp->ind_first : 0};
  double *tab_width = xmalloc((n ? n : 1) * sizeof *tab_width);
  lb_line *lines;
  size_t n_lines = n ? lb_break(ch, n, first, pl->avail, hanging, &tabs, tab_width, &lines) : 0;
  PangoGlyphItem **pieces = xmalloc((n_runs ? n_runs : 1) * sizeof *pieces);
  double *extra = xmalloc((n ? n : 1) * sizeof *extra);
  for (size_t l = 0; l < (n_lines ? n_lines : 1); l++) {
    lbox *b = lbox_new(out, pl->pitch);
    double indent = pl->first ? pp->ind_first : 0, room = pl->avail - indent;
    if (pl->first) {
      if (pp->before <= 0) b->page_break_before = pp->page_break_before;
      if (pp->outline_level >= 0 && *pl->text) {
        b->outline = xstrdup(pl->text);
        b->outline_level = pp->outline_level;
      }
    }
    pl->first = false;
    if (!n_lines) break;
    const lb_line *ln = &lines[l];
    size_t np = cut_runs(runs, n_runs, pl->text, at[ln->start].offset, at[ln->end - 1].offset + at[ln->end - 1].len, pieces);
    for (size_t i = ln->start; i < ln->end; i++) {
      if (ch[i].c == '\t') set_width(pieces, np, at[i].offset, (int)lround(tab_width[i] * PANGO_SCALE));
      if (i > ln->start && ch[i].space_before > 0)
        widen_after(pieces, np, at[i - 1].offset, (int)lround(ch[i].space_before * PANGO_SCALE));
    }
    double natural = lb_width(ch, tab_width, ln->start, ln->end, ln->hangs);
    double x = pp->ind_left + indent;
    /* The last line of a hard line is not justified: nor are lines that end in a manual break in
       Word's layout (LibreOffice's DoNotJustifyLinesWithManualBreak). */
    if (pp->jc == AL_BOTH && l + 1 < n_lines) {
      lb_justify(ch, ln, room - natural, extra);
      for (size_t i = ln->start; i < ln->end; i++)
        if (extra[i - ln->start] > 0) widen_after(pieces, np, at[i].offset, (int)lround(extra[i - ln->start] * PANGO_SCALE));
    } else if (pp->jc == AL_CENTER) {
      x += (room - natural) / 2;
    } else if (pp->jc == AL_RIGHT) {
      x += room - natural;
    }
    for (size_t i = 0; i < np; i++) {
      dl_item *g = lbox_add(b, DL_GLYPHS);
      g->glyphs.run = pieces[i];
      g->glyphs.text = xstrdup(pl->text);
      /* The family the document asks for, of the run this piece comes from (the OFD names it). */
      size_t rk = 0;
      while (rk + 1 < pl->p->n_runs && (size_t)pieces[i]->item->offset >= pl->run_end[rk]) rk++;
      const char *fam = pl->p->n_runs ? pl->p->runs[rk].st.family : pl->p->mark.family;
      g->glyphs.family = fam ? xstrdup(fam) : NULL;
      g->glyphs.x = x;
      g->glyphs.y = pl->baseline;
      g->glyphs.underline = has_underline(pieces[i]->item);
      if (g->glyphs.underline) underline_metrics(e, pieces[i]->item->analysis.font, &g->glyphs.underline_below, &g->glyphs.underline_width);
      for (int k = 0; k < pieces[i]->glyphs->num_glyphs; k++) x += (double)pieces[i]->glyphs->glyphs[k].geometry.width / PANGO_SCALE;
    }
  }
  free(extra);
  free(pieces);
  free(tab_width);
  if (n_lines) free(lines);
}

static int by_offset(const void *a, const void *b) {
  return (*(PangoGlyphItem *const *)a)->item->offset - (*(PangoGlyphItem *const *)b)->item->offset;
}

/* One box per line of a paragraph laid out in `width` points, preceded and followed by its
   spacing. Pango shapes the paragraph as one unbroken line (but for its manual breaks); the lines
   are broken as LibreOffice breaks them (linebreak.c), and the shaped runs cut there. */
static void layout_paragraph(env *e, const paragraph *p, double width, bool in_table, lbox_list *out) {
  strbuf text = {0};
  PangoAttrList *attrs = pango_attr_list_new();
  double max_size = p->mark.size;
  size_t *run_end = xmalloc((p->n_runs ? p->n_runs : 1) * sizeof *run_end);
  for (size_t i = 0; i < p->n_runs; i++) {
    const text_run *r = &p->runs[i];
    unsigned start = (unsigned)text.len;
    if (r->page_field) sb_printf(&text, "%d", e->page_number);
    else sb_puts(&text, r->text);
    run_end[i] = text.len;
    PangoFontDescription *fd = font_of(&r->st);
    PangoAttribute *a = pango_attr_font_desc_new(fd);
    a->start_index = start, a->end_index = (unsigned)text.len;
    pango_attr_list_insert(attrs, a);
    pango_font_description_free(fd);
    if (r->st.underline) {
      a = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
      a->start_index = start, a->end_index = (unsigned)text.len;
      pango_attr_list_insert(attrs, a);
    }
    if (r->st.size > max_size && text.len > start) max_size = r->st.size;
  }
  const char *all = text.s ? text.s : "";
  const para_props *pp = &p->pp;
  double avail = width - pp->ind_left - pp->ind_right;
  if (avail < 10) avail = 10;
  PangoLayout *lay = pango_layout_new(e->pc);
  PangoFontDescription *mark = font_of(&p->mark);
  pango_layout_set_font_description(lay, mark);
  pango_font_description_free(mark);
  pango_layout_set_text(lay, all, (int)text.len);
  pango_layout_set_attributes(lay, attrs);
  pango_layout_set_indent(lay, (int)(pp->ind_first * PANGO_SCALE));
  /* A Word paragraph runs left to right unless it says otherwise (w:bidi, not supported), whatever
     script it starts with. */
  pango_layout_set_auto_dir(lay, FALSE);
  if (pp->n_tabs) {
    PangoTabArray *tabs = pango_tab_array_new(pp->n_tabs, FALSE);
    for (int i = 0; i < pp->n_tabs; i++)
      pango_tab_array_set_tab(tabs, i, pp->tabs[i].right ? PANGO_TAB_RIGHT : PANGO_TAB_LEFT,
                              (int)((pp->tabs[i].pos - pp->ind_left) * PANGO_SCALE));
    pango_layout_set_tabs(lay, tabs);
    pango_tab_array_free(tabs);
  }
  /* Line pitch: ours, not pango's, so that it is what Word and LibreOffice use. */
  run_style big = p->mark;
  big.size = max_size;
  double asc, desc, natural;
  font_metrics(e, &big, &asc, &desc, &natural);
  double gap = natural - asc - desc;
  double pitch = pp->rule == LS_EXACT ? pp->line
                 : pp->rule == LS_AT_LEAST ? fmax(pp->line, natural)
                                           : natural * (pp->line > 0 ? pp->line : 1.0);
  /* LibreOffice puts the font's line gap above the text, and shares what an exact pitch adds (or
     takes) above and below (measured against its PDFs: baselines within about 1 pt). */
  para_lines pl = {.p = p, .avail = avail, .baseline = gap + asc + (pitch - natural) / 2, .pitch = pitch,
                   .first = true, .text = all, .run_end = run_end};
  if (pp->before > 0) lbox_new(out, pp->before)->page_break_before = pp->page_break_before;
  int n_attrs;
  const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(lay, &n_attrs);
  long n_chars = g_utf8_strlen(all, (gssize)text.len);
  lb_char *ch = xmalloc((size_t)(n_chars ? n_chars : 1) * sizeof *ch);
  char_place *at = xmalloc((size_t)(n_chars ? n_chars : 1) * sizeof *at);
  for (GSList *ll = pango_layout_get_lines_readonly(lay); ll; ll = ll->next) {
    PangoLayoutLine *line = ll->data;
    size_t n_runs = g_slist_length(line->runs), n = 0, r = 0;
    PangoGlyphItem **runs = xmalloc((n_runs ? n_runs : 1) * sizeof *runs);
    PangoGlyphItem **logical = xmalloc((n_runs ? n_runs : 1) * sizeof *logical);
    for (GSList *rl = line->runs; rl; rl = rl->next, r++) runs[r] = logical[r] = rl->data;
    /* The characters in their logical order (runs are in visual order). */
    qsort(logical, n_runs, sizeof *logical, by_offset);
    for (r = 0; r < n_runs; r++) {
      PangoGlyphItem *run = logical[r];
      size_t in_run = 0;
      int *widths = xmalloc((size_t)(run->item->num_chars ? run->item->num_chars : 1) * sizeof *widths);
      pango_glyph_item_get_logical_widths(run, all, widths);
      const char *s = all + run->item->offset;
      long index = g_utf8_pointer_to_offset(all, s);
      for (int k = 0; k < run->item->num_chars; k++, index++, s = g_utf8_next_char(s)) {
        int off = (int)(s - all);
        while (in_run + 1 < p->n_runs && (size_t)off >= run_end[in_run]) in_run++;
        ch[n] = (lb_char){.c = g_utf8_get_char(s), .width = (double)widths[k] / PANGO_SCALE,
                          .size = p->n_runs ? p->runs[in_run].st.size : p->mark.size,
                          .uax14_break = index < n_attrs && la[index].is_line_break,
                          .inside_cluster = k > 0 && index < n_attrs && !la[index].is_cursor_position};
        at[n++] = (char_place){off, (int)(g_utf8_next_char(s) - s)};
      }
      free(widths);
    }
    lb_prepare(ch, n);
    lay_out_hard_line(e, &pl, runs, n_runs, ch, at, n, !in_table, out);
    free(runs);
    free(logical);
  }
  free(ch);
  free(at);
  free(run_end);
  if (pp->after > 0) lbox_new(out, pp->after);
  if (p->break_after) lbox_new(out, 0)->page_break_before = true;
  g_object_unref(lay);
  pango_attr_list_unref(attrs);
  sb_free(&text);
}

/* ---- the page flow ---------------------------------------------------------------------------- */

typedef struct {
  env *e;
  const document *doc;
  display_list *dl;
  dl_page *page;
  double y, top, bottom, left, width;
  bool page_empty; /* nothing placed on the page yet */
} flow;

static void new_page(flow *f) {
  f->page = dl_new_page(f->dl);
  f->y = f->top;
  f->page_empty = true;
}

static void place_box(flow *f, const lbox *b, double x) {
  if (b->page_break_before && !f->page_empty) new_page(f);
  if (f->y + b->h > f->bottom + 0.01 && !f->page_empty) new_page(f);
  if (b->outline) dl_add_outline(f->dl, b->outline, f->dl->n_pages - 1, f->y, b->outline_level);
  emit(f->page, b, x, f->y);
  f->y += b->h;
  if (b->n || b->h > 0) f->page_empty = false;
}

/* ---- tables ----------------------------------------------------------------------------------- */

static void layout_blocks(env *e, const block *blocks, size_t n, double width, bool in_table, lbox_list *out);

typedef struct {
  lbox_list content; /* the cell's lines */
  double content_h;
  double x, w;       /* the cell's left edge and width */
  size_t next;       /* the first line not yet placed (rows split across pages) */
} cell_box;

static double lines_height(const lbox_list *l, size_t from) {
  double h = 0;
  for (size_t i = from; i < l->n; i++) h += l->v[i].h;
  return h;
}

static void stroke(dl_page *pg, double x1, double y1, double x2, double y2, double w) {
  if (w <= 0) return;
  dl_item *it = dl_add(pg, DL_LINE);
  it->line.x1 = x1, it->line.y1 = y1, it->line.x2 = x2, it->line.y2 = y2, it->line.width = w;
}

/* The cell at grid column col of row r (the one starting there), or NULL. */
static const cell *cell_at(const row *r, int col, size_t *index) {
  int g = 0;
  for (size_t i = 0; i < r->n_cells; i++) {
    if (g == col) {
      if (index) *index = i;
      return &r->cells[i];
    }
    g += r->cells[i].span;
  }
  return NULL;
}

static int col_of(const row *r, size_t index) {
  int g = 0;
  for (size_t i = 0; i < index; i++) g += r->cells[i].span;
  return g;
}

/* LibreOffice counts a cell's top border in its height, and the bottom border too in a table's
   last row (the borders between rows are shared): a row as tall as its text is that much taller
   than the text and the margins (measured: 29.3 pt for two 14.4-pt lines under a 0.5-pt rule).
   The text stays where the top margin puts it (measured too): the border's room is below it. */
static double above_text(const cell *ce) { return ce->mar_top; }
static double below_text(const table *t, size_t r, const cell *ce) {
  return ce->mar_bottom + ce->b.top + (r + 1 == t->n_rows ? ce->b.bottom : 0);
}

static double row_bottom_border(const row *rw) {
  double w = 0;
  for (size_t c = 0; c < rw->n_cells; c++) w = fmax(w, rw->cells[c].b.bottom);
  return w;
}

static bool row_keeps_next(const row *rw) {
  for (size_t c = 0; c < rw->n_cells; c++)
    for (size_t b = 0; b < rw->cells[c].n_blocks; b++)
      if (!rw->cells[c].blocks[b].is_table && rw->cells[c].blocks[b].p.pp.keep_next) return true;
  return false;
}

/* The height of row r's first line of text, with its cells' margins and borders. */
static double first_line(const table *t, size_t r, const cell_box *boxes) {
  const row *rw = &t->rows[r];
  double h = 0;
  for (size_t c = 0; c < rw->n_cells; c++) {
    const cell *ce = &rw->cells[c];
    if (ce->vmerge == 2 || !boxes[c].content.n) continue;
    h = fmax(h, above_text(ce) + boxes[c].content.v[0].h + below_text(t, r, ce));
  }
  return h;
}

static void place_table(flow *f, const table *t) {
  double total = 0;
  for (size_t i = 0; i < t->n_grid; i++) total += t->grid[i];
  double x0 = f->left + t->indent;
  if (t->jc == AL_CENTER) x0 = f->left + (f->width - total) / 2;
  if (t->jc == AL_RIGHT) x0 = f->left + f->width - total;
  /* Lay out every cell; rows' heights from their cells, merged cells spread over their rows. */
  cell_box **boxes = xmalloc((t->n_rows ? t->n_rows : 1) * sizeof *boxes);
  double *heights = xmalloc((t->n_rows ? t->n_rows : 1) * sizeof *heights);
  for (size_t r = 0; r < t->n_rows; r++) {
    const row *rw = &t->rows[r];
    boxes[r] = calloc(rw->n_cells ? rw->n_cells : 1, sizeof **boxes);
    double h = 0;
    int col = 0;
    for (size_t c = 0; c < rw->n_cells; c++) {
      const cell *ce = &rw->cells[c];
      cell_box *cb = &boxes[r][c];
      cb->x = x0;
      for (int g = 0; g < col && g < (int)t->n_grid; g++) cb->x += t->grid[g];
      cb->w = 0;
      for (int g = col; g < col + ce->span && g < (int)t->n_grid; g++) cb->w += t->grid[g];
      col += ce->span;
      if (ce->vmerge == 2) continue;
      layout_blocks(f->e, ce->blocks, ce->n_blocks, cb->w - ce->mar_left - ce->mar_right, true, &cb->content);
      cb->content_h = lines_height(&cb->content, 0) + above_text(ce) + below_text(t, r, ce);
      if (ce->vmerge == 0 && cb->content_h > h) h = cb->content_h;
    }
    heights[r] = rw->exact ? rw->height : fmax(h, rw->height);
  }
  for (size_t r = 0; r < t->n_rows; r++)
    for (size_t c = 0; c < t->rows[r].n_cells; c++) {
      if (t->rows[r].cells[c].vmerge != 1) continue;
      int col = col_of(&t->rows[r], c);
      size_t last = r;
      while (last + 1 < t->n_rows) {
        const cell *n = cell_at(&t->rows[last + 1], col, NULL);
        if (!n || n->vmerge != 2) break;
        last++;
      }
      double sum = 0;
      for (size_t k = r; k <= last; k++) sum += heights[k];
      if (boxes[r][c].content_h > sum && !t->rows[last].exact) heights[last] += boxes[r][c].content_h - sum;
    }

  double page_body = f->bottom - f->top;
  for (size_t r = 0; r < t->n_rows; r++) {
    const row *rw = &t->rows[r];
    double need = heights[r];
    /* A row that fits on a page of its own is moved there whole, as LibreOffice does; a taller one
       is split between its lines. The last row on a page shares its bottom border with no row, so
       LibreOffice counts that border in it (a table's last row counts it anyway). */
    bool split = false;
    /* A row kept with the next (keepNext, as Word and LibreOffice read it in a row: a heading row
       in the middle of a table) moves with the first line of that row. */
    double together = need;
    for (size_t k = r; k + 1 < t->n_rows && row_keeps_next(&t->rows[k]); k++)
      together += heights[k + 1] <= page_body || t->rows[k + 1].cant_split ? heights[k + 1] : first_line(t, k + 1, boxes[k + 1]);
    if (together > page_body) together = need;
    if (f->y + together + (r + 1 < t->n_rows ? row_bottom_border(rw) : 0) > f->bottom + 0.01 && !f->page_empty) {
      if (need <= page_body || rw->cant_split) {
        new_page(f);
        /* Header rows repeat at the top of the new page. */
        for (size_t h = 0; h < t->n_rows && t->rows[h].header && h < r; h++) {
          for (size_t c = 0; c < t->rows[h].n_cells; c++) {
            const cell *ce = &t->rows[h].cells[c];
            cell_box *cb = &boxes[h][c];
            double yy = f->y + above_text(ce);
            for (size_t k = 0; k < cb->content.n; k++) emit(f->page, &cb->content.v[k], cb->x + ce->mar_left, yy), yy += cb->content.v[k].h;
            stroke(f->page, cb->x, f->y, cb->x + cb->w, f->y, ce->b.top);
            stroke(f->page, cb->x, f->y + heights[h], cb->x + cb->w, f->y + heights[h], ce->b.bottom);
            stroke(f->page, cb->x, f->y, cb->x, f->y + heights[h], ce->b.left);
            stroke(f->page, cb->x + cb->w, f->y, cb->x + cb->w, f->y + heights[h], ce->b.right);
          }
          f->y += heights[h];
        }
      } else {
        split = true;
      }
    }
    bool first_segment = true;
    while (1) {
      double avail = f->bottom - f->y;
      double seg_h = split ? 0 : need;
      /* How much of each cell fits on this page. */
      size_t *take = xmalloc((rw->n_cells ? rw->n_cells : 1) * sizeof *take);
      bool rest = false;
      for (size_t c = 0; c < rw->n_cells; c++) {
        const cell *ce = &rw->cells[c];
        cell_box *cb = &boxes[r][c];
        take[c] = cb->content.n;
        if (!split || ce->vmerge == 2) continue;
        double h = above_text(ce) + below_text(t, r, ce);
        size_t k = cb->next;
        while (k < cb->content.n && h + cb->content.v[k].h <= avail + 0.01) h += cb->content.v[k].h, k++;
        if (k == cb->next && k < cb->content.n && f->page_empty) h += cb->content.v[k].h, k++; /* always progress */
        take[c] = k;
        rest |= k < cb->content.n;
        if (h > seg_h) seg_h = h;
      }
      if (split && !rest) seg_h = fmax(seg_h, f->bottom - f->y < need ? seg_h : seg_h);
      for (size_t c = 0; c < rw->n_cells; c++) {
        const cell *ce = &rw->cells[c];
        cell_box *cb = &boxes[r][c];
        double cell_h = seg_h;
        /* A merged cell spans its rows; it is drawn once, in its first row. */
        int col = col_of(rw, c);
        size_t last = r;
        if (ce->vmerge == 1) {
          while (last + 1 < t->n_rows) {
            const cell *n = cell_at(&t->rows[last + 1], col, NULL);
            if (!n || n->vmerge != 2) break;
            last++;
          }
          cell_h = 0;
          for (size_t k = r; k <= last; k++) cell_h += heights[k];
        }
        if (ce->vmerge == 1 && !split) {
          /* A merged cell whose rows go on over a page break shows its text in the part on this
             page, aligned within that part, as LibreOffice does; what does not fit there goes on
             at the top of the cell's part on the next page (the continuing cell below). */
          double visible = heights[r];
          for (size_t k = r + 1; k <= last && f->y + visible + heights[k] <= f->bottom + 0.01; k++) visible += heights[k];
          double used = lines_height(&cb->content, cb->next);
          double yy = f->y + above_text(ce), room = visible - above_text(ce) - below_text(t, r, ce);
          if (used <= room + 0.01) {
            if (ce->va == VA_CENTER) yy += (room - used) / 2;
            if (ce->va == VA_BOTTOM) yy += room - used;
          }
          size_t k = cb->next;
          for (; k < cb->content.n && (yy + cb->content.v[k].h <= f->bottom + 0.01 || k == cb->next); k++) {
            emit(f->page, &cb->content.v[k], cb->x + ce->mar_left, yy);
            yy += cb->content.v[k].h;
          }
          cb->next = k;
        } else if (ce->vmerge != 2) {
          double used = lines_height(&cb->content, cb->next) - (split ? lines_height(&cb->content, take[c]) : 0);
          double yy = f->y + above_text(ce), room = cell_h - above_text(ce) - below_text(t, r, ce);
          if (ce->va == VA_CENTER) yy += (room - used) / 2;
          if (ce->va == VA_BOTTOM) yy += room - used;
          for (size_t k = cb->next; k < take[c]; k++) {
            emit(f->page, &cb->content.v[k], cb->x + ce->mar_left, yy);
            yy += cb->content.v[k].h;
          }
          cb->next = take[c];
        } else {
          /* A continuing cell: the rest of its merged cell's text, if the page broke before it
             was all shown. */
          cell_box *master = NULL;
          const cell *mc = NULL;
          for (size_t k = r; k-- > 0 && !master;) {
            size_t idx;
            const cell *x = cell_at(&t->rows[k], col, &idx);
            if (!x || x->vmerge == 0) break;
            if (x->vmerge == 1) master = &boxes[k][idx], mc = x;
          }
          if (master && master->next < master->content.n) {
            double yy = f->y + above_text(mc);
            for (size_t k = master->next; k < master->content.n; k++) {
              emit(f->page, &master->content.v[k], cb->x + mc->mar_left, yy);
              yy += master->content.v[k].h;
            }
            master->next = master->content.n;
          }
        }
        /* Borders: the top unless the cell continues a merge, the bottom unless the cell below
           continues it. */
        const cell *below = r + 1 < t->n_rows ? cell_at(&t->rows[r + 1], col, NULL) : NULL;
        bool merged_below = below && below->vmerge == 2;
        if ((ce->vmerge != 2 && first_segment) || !first_segment) stroke(f->page, cb->x, f->y, cb->x + cb->w, f->y, ce->b.top > 0 ? ce->b.top : 0);
        if (!merged_below || rest) stroke(f->page, cb->x, f->y + seg_h, cb->x + cb->w, f->y + seg_h, ce->b.bottom);
        stroke(f->page, cb->x, f->y, cb->x, f->y + seg_h, ce->b.left);
        stroke(f->page, cb->x + cb->w, f->y, cb->x + cb->w, f->y + seg_h, ce->b.right);
      }
      free(take);
      f->y += seg_h;
      f->page_empty = false;
      if (!rest) break;
      new_page(f);
      first_segment = false;
    }
  }
  for (size_t r = 0; r < t->n_rows; r++) {
    for (size_t c = 0; c < t->rows[r].n_cells; c++) lbox_list_free(&boxes[r][c].content);
    free(boxes[r]);
  }
  free(boxes);
  free(heights);
}

/* Content of a cell: paragraphs only (a table inside a cell is laid out as its text). */
static void layout_blocks(env *e, const block *blocks, size_t n, double width, bool in_table, lbox_list *out) {
  for (size_t i = 0; i < n; i++) {
    if (!blocks[i].is_table) {
      layout_paragraph(e, &blocks[i].p, width, in_table, out);
      continue;
    }
    const table *t = &blocks[i].t;
    for (size_t r = 0; r < t->n_rows; r++)
      for (size_t c = 0; c < t->rows[r].n_cells; c++)
        layout_blocks(e, t->rows[r].cells[c].blocks, t->rows[r].cells[c].n_blocks, width, true, out);
  }
}

static void place_footer(flow *f, size_t page_index) {
  const document *doc = f->doc;
  if (!doc->n_footer || (doc->title_page && page_index == 0)) return;
  f->e->page_number = (int)page_index + 1;
  lbox_list l = {0};
  layout_blocks(f->e, doc->footer_blocks, doc->n_footer, f->width, false, &l);
  double h = lines_height(&l, 0);
  /* The footer's text ends `footer` points above the bottom edge of the page. */
  double y = doc->height - doc->footer - h;
  for (size_t i = 0; i < l.n; i++) emit(&f->dl->pages[page_index], &l.v[i], f->left, y), y += l.v[i].h;
  lbox_list_free(&l);
}

void layout_use_fonts(const char *fonts_dir) {
  const char *cur = getenv("FONTCONFIG_FILE");
  if (cur && *cur) return;
  char *conf = path_join(fonts_dir, "fonts.conf");
  FILE *fh = fopen(conf, "r");
  if (fh) {
    fclose(fh);
    setenv("FONTCONFIG_FILE", conf, 1);
  }
  free(conf);
}

PangoFontMap *layout_font_map(void) {
  PangoFontMap *fm = pango_cairo_font_map_new();
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
  return fm;
}

void layout_document(const document *doc, display_list *dl) {
  PangoFontMap *fm = layout_font_map();
  layout_document_in(doc, dl, fm);
  g_object_unref(fm);
}

void layout_document_in(const document *doc, display_list *dl, PangoFontMap *fm) {
  PangoContext *pc = pango_font_map_create_context(fm);
  /* Glyph positions exactly as the font gives them, not snapped to a screen's pixels. */
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(pc, FALSE);
  pango_context_set_language(pc, pango_language_from_string("zh-cn"));
  /* No FreeType outline loads for ink boxes the layout never reads (see glyph_extents.c). */
  PangoFontDescription *any = pango_font_description_from_string("serif 12");
  PangoFont *any_font = pango_context_load_font(pc, any);
  if (any_font) glyph_extents_spare_ink(any_font), g_object_unref(any_font);
  pango_font_description_free(any);
  env e = {.pc = pc, .underlines = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, g_free)};
  dl->width = doc->width, dl->height = doc->height;
  flow f = {.e = &e, .doc = doc, .dl = dl, .top = doc->mar_top, .bottom = doc->height - doc->mar_bottom,
            .left = doc->mar_left, .width = doc->width - doc->mar_left - doc->mar_right};
  new_page(&f);
  /* The first bookmark: a form's cover (a first page without a page number), else the document's
     title, its first paragraph (the 推荐汇总表's "推荐集群汇总表"). */
  char *first = NULL;
  for (size_t i = 0; i < doc->n_blocks && !doc->title_page && !first; i++) {
    if (doc->blocks[i].is_table) break;
    strbuf t = {0};
    for (size_t k = 0; k < doc->blocks[i].p.n_runs; k++) sb_puts(&t, doc->blocks[i].p.runs[k].text);
    if (t.len) first = sb_take(&t);
    else sb_free(&t);
  }
  dl_add_outline(dl, first ? first : "封面", 0, 0, 0);
  free(first);
  for (size_t i = 0; i < doc->n_blocks && !dl->too_long; i++) {
    const block *b = &doc->blocks[i];
    if (b->is_table) {
      place_table(&f, &b->t);
    } else {
      lbox_list l = {0};
      layout_paragraph(&e, &b->p, f.width, false, &l);
      for (size_t k = 0; k < l.n && dl->n_pages <= LAYOUT_MAX_PAGES; k++) place_box(&f, &l.v[k], f.left);
      lbox_list_free(&l);
    }
    dl->too_long = dl->n_pages > LAYOUT_MAX_PAGES;
  }
  for (size_t p = 0; p < dl->n_pages; p++) place_footer(&f, p);
  for (size_t i = 0; i < e.n_metrics; i++) free(e.metrics[i].family);
  free(e.metrics);
  g_hash_table_destroy(e.underlines);
  g_object_unref(pc);
}

bool layout_fits(const display_list *dl, const char *name, diag_list *d) {
  if (!dl->too_long) return true;
  diag_place at = {.file = name};
  diag_add(d, DIAG_ERROR, &at, "检查模板或数据中是否误粘贴了大量文字；申报表约二十页。",
           "排版超过 %d 页的上限，已停止（申报表、汇总表都远小于此）。", LAYOUT_MAX_PAGES);
  return false;
}
