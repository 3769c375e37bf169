/* The result of layout: pages of positioned glyph runs (with their text), lines and rectangles.
   The PDF, PNG and (later) OFD writers only draw this list; none of them lays anything out.
   Units are points (1/72 inch); the origin is the top left corner of the page; y grows downwards. */
#ifndef CF_DISPLAY_H
#define CF_DISPLAY_H
#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum { DL_GLYPHS, DL_LINE, DL_RECT } dl_kind;

typedef struct {
  dl_kind kind;
  union {
    struct {
      PangoGlyphItem *run; /* owned: pango's shaped run (font, glyph ids, advances, clusters) */
      char *text;          /* owned: the whole text the run's item offsets point into */
      char *family;        /* owned: the font family the document asks for (仿宋_GB2312), or NULL */
      double x, y;         /* the run's origin: left end of its baseline */
      bool underline;
      double underline_below; /* the underline's centre under the baseline (layout decides) */
      double underline_width;
    } glyphs;
    struct {
      double x1, y1, x2, y2, width; /* a stroked line (table borders, underlines of blanks) */
    } line;
    struct {
      double x, y, w, h; /* a filled black rectangle */
    } rect;
  };
} dl_item;

typedef struct {
  dl_item *items;
  size_t n, cap;
} dl_page;

/* A bookmark: the title of a part of the form and where it starts. */
typedef struct {
  char *title;
  size_t page; /* 0-based */
  double y;
  int level;   /* 0 = top */
} dl_outline;

typedef struct {
  dl_page *pages;
  size_t n_pages;
  double width, height; /* every page (A4 portrait: 595.3 × 841.9) */
  dl_outline *outlines;
  size_t n_outlines;
  char *title;   /* document metadata */
  char *author;
  char *subject;
  bool too_long; /* layout stopped at LAYOUT_MAX_PAGES (layout.h): nothing to print */
} display_list;

dl_page *dl_new_page(display_list *dl);
dl_item *dl_add(dl_page *p, dl_kind kind);
void dl_add_outline(display_list *dl, const char *title, size_t page, double y, int level);
void dl_free(display_list *dl);
#endif
