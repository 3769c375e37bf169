/* Writers of a display list. They draw; they never lay out. */
#ifndef CF_RENDER_H
#define CF_RENDER_H
#include <stdbool.h>

#include "layout/display.h"
#include "util/diag.h"

/* The PDF: fonts embedded as subsets, real text (clusters map glyphs back to characters, so the
   text extracts exactly), bookmarks from dl->outlines, title/author/subject metadata, and no
   wall-clock date unless `date` (a PDF date "D:20230630000000") is given. Byte-identical output for
   the same list. Written atomically to path. */
bool render_pdf(const display_list *dl, const char *path, const char *date, diag_list *d);
/* One PNG per page: path_prefix-1.png, -2.png …, at dpi. Written atomically. */
bool render_png(const display_list *dl, const char *path_prefix, double dpi, diag_list *d);
#endif
