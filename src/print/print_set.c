#include "print/print_set.h"

#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* A part begins at the top of this page (a top-level bookmark in its upper quarter): under duplex
   it must be on a front. The cover's bookmark is the copy's own start. */
static bool part_starts(const display_list *one, size_t page) {
  for (size_t i = 0; i < one->n_outlines; i++) {
    const dl_outline *o = &one->outlines[i];
    if (o->page == page && o->level == 0 && page > 0 && o->y < one->height / 4) return true;
  }
  return false;
}

/* Where each page of one copy goes within the copy (blanks skipped over), the form's pages in at[]
   and the annex's in at_annex[]; returns the copy's length. */
static size_t place_pages(const display_list *one, const display_list *annex, bool duplex, size_t *at,
                          size_t *at_annex) {
  size_t n = 0;
  for (size_t p = 0; p < one->n_pages; p++) {
    if (duplex && part_starts(one, p) && n % 2 == 1) n++; /* a blank back before the part */
    at[p] = n++;
  }
  if (annex && annex->n_pages) {
    if (duplex && n % 2 == 1) n++; /* the annex from a front too */
    for (size_t p = 0; p < annex->n_pages; p++) at_annex[p] = n++;
  }
  if (duplex && n % 2 == 1) n++; /* the next copy starts on a front */
  return n;
}

static void copy_item(dl_page *to, const dl_item *it) {
  dl_item *x = dl_add(to, it->kind);
  *x = *it;
  if (it->kind == DL_GLYPHS) {
    x->glyphs.run = pango_glyph_item_copy(it->glyphs.run);
    x->glyphs.text = xstrdup(it->glyphs.text);
    x->glyphs.family = it->glyphs.family ? xstrdup(it->glyphs.family) : NULL;
  }
}

/* 正本 or 副本 in a box at the top right of the cover, in 黑体 三号 (16 pt), as a stamp would be. */
static void add_mark(dl_page *page, const display_list *one, const char *word, PangoFontMap *fm) {
  PangoContext *pc = pango_font_map_create_context(fm);
  PangoLayout *lay = pango_layout_new(pc);
  PangoFontDescription *fd = pango_font_description_from_string("黑体 16");
  pango_layout_set_font_description(lay, fd);
  pango_layout_set_text(lay, word, -1);
  PangoLayoutLine *line = pango_layout_get_line_readonly(lay, 0);
  PangoRectangle ink, logical;
  pango_layout_line_get_extents(line, &ink, &logical);
  double w = (double)logical.width / PANGO_SCALE, h = (double)logical.height / PANGO_SCALE;
  double baseline = (double)pango_layout_get_baseline(lay) / PANGO_SCALE;
  double pad = 4, right = one->width - 72, top = 42;
  double x = right - pad - w, y = top + pad + baseline;
  double x0 = x - pad, y0 = top, x1 = right, y1 = top + h + 2 * pad;
  for (GSList *r = line ? line->runs : NULL; r; r = r->next) {
    PangoGlyphItem *run = r->data;
    dl_item *it = dl_add(page, DL_GLYPHS);
    it->glyphs.run = pango_glyph_item_copy(run);
    it->glyphs.text = xstrdup(word);
    it->glyphs.family = xstrdup("黑体");
    it->glyphs.x = x, it->glyphs.y = y;
    for (int g = 0; g < run->glyphs->num_glyphs; g++) x += (double)run->glyphs->glyphs[g].geometry.width / PANGO_SCALE;
  }
  const double box[4][4] = {{x0, y0, x1, y0}, {x1, y0, x1, y1}, {x1, y1, x0, y1}, {x0, y1, x0, y0}};
  for (int k = 0; k < 4; k++) {
    dl_item *it = dl_add(page, DL_LINE);
    it->line.x1 = box[k][0], it->line.y1 = box[k][1], it->line.x2 = box[k][2], it->line.y2 = box[k][3];
    it->line.width = 1;
  }
  pango_font_description_free(fd);
  g_object_unref(lay);
  g_object_unref(pc);
}

void print_set(const display_list *one, const display_list *annex, const print_plan *plan, PangoFontMap *fm,
               display_list *out) {
  out->width = one->width, out->height = one->height;
  out->title = one->title ? xstrdup(one->title) : NULL;
  out->author = one->author ? xstrdup(one->author) : NULL;
  out->subject = one->subject ? xstrdup(one->subject) : NULL;
  size_t *at = xmalloc((one->n_pages + 1) * sizeof *at);
  size_t *at_annex = xmalloc(((annex ? annex->n_pages : 0) + 1) * sizeof *at_annex);
  size_t len = place_pages(one, annex, plan->duplex, at, at_annex);
  int copies = plan->copies < 1 ? 1 : plan->copies;
  for (int c = 0; c < copies; c++) {
    size_t base = out->n_pages;
    for (size_t k = 0; k < len; k++) dl_new_page(out);
    for (size_t p = 0; p < one->n_pages; p++) {
      dl_page *to = &out->pages[base + at[p]];
      for (size_t i = 0; i < one->pages[p].n; i++) copy_item(to, &one->pages[p].items[i]);
    }
    for (size_t p = 0; annex && p < annex->n_pages; p++) {
      dl_page *to = &out->pages[base + at_annex[p]];
      for (size_t i = 0; i < annex->pages[p].n; i++) copy_item(to, &annex->pages[p].items[i]);
    }
    const char *word = plan->originals > 0 ? (c < plan->originals ? "正本" : "副本") : NULL;
    if (word) add_mark(&out->pages[base], one, word, fm);
    char *title = word ? xasprintf("第%d份（%s）", c + 1, word) : xasprintf("第%d份", c + 1);
    dl_add_outline(out, title, base, 0, 0);
    free(title);
    for (size_t i = 0; i < one->n_outlines; i++) {
      const dl_outline *o = &one->outlines[i];
      if (o->page < one->n_pages) dl_add_outline(out, o->title, base + at[o->page], o->y, o->level + 1);
    }
    if (annex && annex->n_pages) dl_add_outline(out, "佐证材料清单", base + at_annex[0], 0, 1);
  }
  free(at);
  free(at_annex);
}
