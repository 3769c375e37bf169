#include "render/draw.h"

#include <pango/pangocairo.h>

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

void draw_page(cairo_t *cr, const dl_page *p) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  /* Butt caps: table borders meet at the cell corners the layout computed, not half a width
     beyond them. */
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  for (size_t i = 0; i < p->n; i++) {
    const dl_item *it = &p->items[i];
    switch (it->kind) {
    case DL_GLYPHS:
      if (!it->glyphs.run) break;
      cairo_move_to(cr, it->glyphs.x, it->glyphs.y);
      /* With the text: cairo writes the glyph-to-character clusters (ActualText / ToUnicode),
         which is what lets pdftotext give back exactly the characters, rare ones included. */
      pango_cairo_show_glyph_item(cr, it->glyphs.text, it->glyphs.run);
      if (it->glyphs.underline)
        draw_underline(cr, it->glyphs.run, it->glyphs.x, it->glyphs.y, it->glyphs.underline_below,
                       it->glyphs.underline_width);
      break;
    case DL_LINE:
      cairo_set_line_width(cr, it->line.width);
      cairo_move_to(cr, it->line.x1, it->line.y1);
      cairo_line_to(cr, it->line.x2, it->line.y2);
      cairo_stroke(cr);
      break;
    case DL_RECT:
      cairo_rectangle(cr, it->rect.x, it->rect.y, it->rect.w, it->rect.h);
      cairo_fill(cr);
      break;
    }
  }
  cairo_restore(cr);
}
