/* Drawing one page of a display list on any cairo surface, so that the PDF and the PNG previews
   can never differ in what they show. */
#ifndef CF_DRAW_H
#define CF_DRAW_H
#include <cairo.h>

#include "layout/display.h"
#include "render/cut_fonts.h"

/* Draws the page's items in black, in the user space of cr (points, y down): text and rectangles in
   list order, then the lines, grouped by width. Glyph runs are drawn with cf's cut faces where it has
   one (cf may be NULL: pango's own fonts). */
void draw_page(cairo_t *cr, const dl_page *p, cut_fonts *cf);
#endif
