#include "render/draw.h"

#include <glib.h>
#include <pango/pangocairo.h>

#include "util/strbuf.h"

/* The underline of a run: where the font says, as wide as the run's logical extent, so that an
   underlined blank (spaces) shows its whole width, as Word and LibreOffice draw it. */
static void draw_underline(cairo_t *cr, const PangoGlyphItem *run, double x, double y, double below,
                           double width) {
  PangoRectangle logical;
  pango_glyph_string_extents(run->glyphs, run->item->analysis.font, NULL, &logical);
  if (below <= 0) below = 1.5;
  if (width <= 0) width = 0.5;
  double x0 = x + (double)logical.x / PANGO_SCALE;
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x0, y + below);
  cairo_line_to(cr, x0 + (double)logical.width / PANGO_SCALE, y + below);
  cairo_stroke(cr);
}

/* Runs drawn with cut faces, gathered for one cairo call while they use the same scaled font:
   cairo's PDF surface records, analyses and writes out every call as an operation of its own, and
   most of a page's runs follow one in the same font (the lines of a paragraph, the cells of a row).
   Each glyph keeps its own position, so the page shows the same. */
typedef struct {
  cairo_scaled_font_t *sf; /* NULL: nothing gathered */
  bool backward;           /* a right-to-left run, drawn alone */
  strbuf text;
  cairo_glyph_t *glyphs;
  cairo_text_cluster_t *clusters;
  int n_glyphs, n_clusters, cap_glyphs, cap_clusters;
} text_batch;

static void batch_flush(cairo_t *cr, text_batch *b) {
  if (!b->sf) return;
  cairo_set_scaled_font(cr, b->sf);
  cairo_show_text_glyphs(cr, b->text.s ? b->text.s : "", (int)b->text.len, b->glyphs, b->n_glyphs, b->clusters,
                         b->n_clusters, b->backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  b->sf = NULL;
  b->text.len = 0;
  b->n_glyphs = b->n_clusters = 0;
}

static void batch_free(text_batch *b) {
  sb_free(&b->text);
  g_free(b->glyphs);
  g_free(b->clusters);
}

/* A run drawn with a cut face, as pango_cairo_show_glyph_item draws it with its own: each glyph at
   the run's origin plus the advances before it and its offsets, and with the text, cluster by
   cluster, so that cairo writes the glyph-to-character mapping (ActualText / ToUnicode) and
   pdftotext gives back exactly the characters, rare ones included. False when the run has a glyph
   only pango can draw (a hex box for a missing character) or one the cut face lacks: then pango
   draws it. Gathered in b (drawn by batch_flush); a run of another font or direction draws what
   b held first. */
static bool show_cut(cairo_t *cr, text_batch *b, cairo_scaled_font_t *sf, const hb_map_t *ids, const char *text,
                     const PangoGlyphItem *run, double x, double y) {
  const PangoGlyphString *gs = run->glyphs;
  const PangoItem *item = run->item;
  for (int i = 0; i < gs->num_glyphs; i++)
    if (gs->glyphs[i].glyph != PANGO_GLYPH_EMPTY &&
        ((gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) || !hb_map_has(ids, gs->glyphs[i].glyph)))
      return false;
  bool backward = (item->analysis.level & 1) != 0;
  if (b->sf != sf || backward || b->backward) batch_flush(cr, b);
  b->sf = sf;
  b->backward = backward;
  if (b->n_glyphs + gs->num_glyphs > b->cap_glyphs) {
    b->cap_glyphs = 2 * (b->n_glyphs + gs->num_glyphs) + 16;
    b->glyphs = g_renew(cairo_glyph_t, b->glyphs, b->cap_glyphs);
  }
  if (b->n_clusters + gs->num_glyphs > b->cap_clusters) { /* a cluster has a glyph at least */
    b->cap_clusters = 2 * (b->n_clusters + gs->num_glyphs) + 16;
    b->clusters = g_renew(cairo_text_cluster_t, b->clusters, b->cap_clusters);
  }
  int x_position = 0;
  for (int i = 0; i < gs->num_glyphs; i++) {
    const PangoGlyphInfo *gi = &gs->glyphs[i];
    if (gi->glyph != PANGO_GLYPH_EMPTY) {
      cairo_glyph_t *g = &b->glyphs[b->n_glyphs++];
      g->index = hb_map_get(ids, gi->glyph);
      g->x = x + (double)(x_position + gi->geometry.x_offset) / PANGO_SCALE;
      g->y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
    }
    x_position += gi->geometry.width;
  }
  PangoGlyphItemIter iter;
  if (pango_glyph_item_iter_init_start(&iter, (PangoGlyphItem *)run, text)) {
    do {
      int n_glyphs = backward ? iter.start_glyph - iter.end_glyph : iter.end_glyph - iter.start_glyph;
      for (int i = MIN(iter.start_glyph, iter.end_glyph + 1); i < MAX(iter.start_glyph + 1, iter.end_glyph); i++)
        if (gs->glyphs[i].glyph == PANGO_GLYPH_EMPTY) n_glyphs--;
      b->clusters[b->n_clusters++] = (cairo_text_cluster_t){.num_bytes = iter.end_index - iter.start_index,
                                                            .num_glyphs = n_glyphs};
    } while (pango_glyph_item_iter_next_cluster(&iter));
  }
  sb_add(&b->text, text + item->offset, (size_t)item->length);
  return true;
}

/* The page's lines (table borders), one path for each width, stroked once: cairo's PDF surface
   records, analyses and writes out every stroke as an operation of its own, and a page of the form
   has about 75 of them; the segments of one stroke draw the same lines. Everything is black, so the
   order in which lines and text are painted does not show. */
static void draw_lines(cairo_t *cr, const dl_page *p) {
  for (size_t i = 0; i < p->n; i++) {
    if (p->items[i].kind != DL_LINE) continue;
    double width = p->items[i].line.width;
    bool stroked = false; /* this width's path was drawn with an earlier line */
    for (size_t j = 0; j < i && !stroked; j++) stroked = p->items[j].kind == DL_LINE && p->items[j].line.width == width;
    if (stroked) continue;
    for (size_t j = i; j < p->n; j++) {
      const dl_item *it = &p->items[j];
      if (it->kind != DL_LINE || it->line.width != width) continue;
      cairo_move_to(cr, it->line.x1, it->line.y1);
      cairo_line_to(cr, it->line.x2, it->line.y2);
    }
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
  }
}

void draw_page(cairo_t *cr, const dl_page *p, cut_fonts *cf) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  /* Butt caps: table borders meet at the cell corners the layout computed, not half a width
     beyond them. */
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  text_batch batch = {0};
  for (size_t i = 0; i < p->n; i++) {
    const dl_item *it = &p->items[i];
    switch (it->kind) {
    case DL_GLYPHS:
      if (!it->glyphs.run) break;
      {
        const hb_map_t *ids = NULL;
        cairo_scaled_font_t *sf = cf ? cut_fonts_for(cf, it->glyphs.run->item->analysis.font, &ids) : NULL;
        if (!sf || !show_cut(cr, &batch, sf, ids, it->glyphs.text, it->glyphs.run, it->glyphs.x, it->glyphs.y)) {
          batch_flush(cr, &batch);
          /* With the text, as show_cut: cairo writes the glyph-to-character clusters. */
          cairo_move_to(cr, it->glyphs.x, it->glyphs.y);
          pango_cairo_show_glyph_item(cr, it->glyphs.text, it->glyphs.run);
        }
      }
      if (it->glyphs.underline)
        draw_underline(cr, it->glyphs.run, it->glyphs.x, it->glyphs.y, it->glyphs.underline_below,
                       it->glyphs.underline_width);
      break;
    case DL_LINE: /* draw_lines, below */
      break;
    case DL_RECT:
      cairo_rectangle(cr, it->rect.x, it->rect.y, it->rect.w, it->rect.h);
      cairo_fill(cr);
      break;
    }
  }
  batch_flush(cr, &batch);
  batch_free(&batch);
  draw_lines(cr, p);
  cairo_restore(cr);
}
