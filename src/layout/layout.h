/* Lays out a filled DOCX (its document model) into pages: paragraphs broken into lines by pango
   (HarfBuzz shaping, CJK line breaking), tables with merged cells and rows split across pages, the
   footer's page numbers. What it supports is listed in docs/layout.md. */
#ifndef CF_LAYOUT_H
#define CF_LAYOUT_H
#include "layout/display.h"
#include "layout/docmodel.h"
#include "util/diag.h"

/* A form is some twenty pages and a 推荐汇总表 of hundreds of clusters a few hundred: beyond this
   a document is a runaway template (40 MB of text laid out into 25 000 pages took 4.5 GB), and
   layout stops with dl->too_long set. */
#define LAYOUT_MAX_PAGES 2000

/* Fills dl (zeroed by the caller). Bookmarks: the cover, then every paragraph with an outline
   level (填报说明 and parts 一–九 in our templates). */
void layout_document(const document *doc, display_list *dl);
/* The same with a font map of the caller's (layout_font_map), kept from one document to the next
   in a batch: fonts found and loaded once. A font map belongs to one thread at a time. */
void layout_document_in(const document *doc, display_list *dl, PangoFontMap *fm);
PangoFontMap *layout_font_map(void);
/* False, with the error (naming the limit) added for `name`, when layout stopped at
   LAYOUT_MAX_PAGES. */
bool layout_fits(const display_list *dl, const char *name, diag_list *d);
/* Points fontconfig at fonts/fonts.conf (the official names mapped to open fonts) unless the
   environment already names a configuration. Call before the first layout. */
void layout_use_fonts(const char *fonts_dir);
#endif
