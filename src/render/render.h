/* Writers of a display list. They draw; they never lay out. */
#ifndef CF_RENDER_H
#define CF_RENDER_H
#include <stdbool.h>

#include "layout/display.h"
#include "render/cut_fonts.h"
#include "util/diag.h"

/* The PDF: fonts embedded as subsets, real text (clusters map glyphs back to characters, so the
   text extracts exactly), bookmarks from dl->outlines, title/author/subject metadata, and no
   wall-clock date unless `date` (a PDF date "D:20230630000000") is given. Byte-identical output for
   the same list. Written atomically to path. `faces`: the faces cut ahead for this list
   (cut_fonts_predict; the caller frees them), or NULL to cut them here. */
bool render_pdf(const display_list *dl, cut_fonts *faces, const char *path, const char *date, diag_list *d);
/* The OFD (GB/T 33190-2016) of the same list: every glyph where the PDF puts it, as TextObjects whose
   TextCode holds the run's characters (DeltaX from pango's glyph positions, lengths in mm); rules and
   boxes as PathObjects; each font face embedded as an hb-subset of what it draws, named by the family
   pango used; outlines and DocInfo from the list. `date` ("YYYY-MM-DD", or a PDF date "D:YYYYMMDD…")
   becomes CreationDate; without it there is none. Byte-identical output for the same list. Written
   atomically to path. See docs/ofd.md. */
bool render_ofd(const display_list *dl, const char *path, const char *date, diag_list *d);
/* One PNG per page, page i to paths[i], at dpi. Written atomically. */
bool render_png(const display_list *dl, const char *const *paths, double dpi, diag_list *d);
#endif
