/* Font faces cut down to the glyphs a display list draws, for cairo's PDF surface.

   Why: cairo 1.16 reads a CFF font's whole 'CFF ' table into memory once to learn whether the face
   is CID-keyed and once more to subset it: 5 to 27 MB for each of the form's CJK faces, a third of
   the time of a whole `fill --format pdf`. Drawing with faces that hold only the glyphs the document
   uses (hb-subset, glyph ids, outlines, advances and names kept) makes those reads small. The PDF
   shows the same glyphs at the same places; cairo still subsets and embeds the fonts as before. */
#ifndef CF_CUT_FONTS_H
#define CF_CUT_FONTS_H
#include <cairo.h>
#include <hb.h>
#include <pango/pango.h>

#include "layout/display.h"
#include "layout/docmodel.h"

typedef struct cut_fonts cut_fonts;

/* Cut faces kept from one document to the next in a batch (one per worker process). A face is
   cut once to what the first document needs and cut again, to everything so far, only when a later
   document needs a character it lacks; the documents after that draw with the same cairo face, whose
   glyphs cairo has already loaded. Cuts keep the font's own glyph ids, so a PDF is the same, byte for
   byte, whatever else the face was cut for (cairo names a PDF's font subset after the ids). */
typedef struct cut_cache cut_cache;
/* `text` (UTF-8, may be NULL): what the batch's documents are made of. Every face is cut for all
   its characters at once, so that the batch's documents all find them and no face is cut twice
   (a second cut would be a new face whose glyphs cairo loads anew). */
cut_cache *cut_cache_new(const char *text);
void cut_cache_free(cut_cache *c);

/* Cuts every face the list draws with. Never NULL; a face that can't be read or cut is left out,
   and its runs are drawn with pango's own font. */
cut_fonts *cut_fonts_new(const display_list *dl);
/* Starts cutting, on a thread of its own, the faces a document will be drawn with, before it is
   laid out: each run's characters go to the face fontconfig picks for them, as pango will, so the
   cutting runs on the second core while layout runs on the first. `cache` (may be NULL) gives and
   keeps faces across documents; only this document's threads use it until cut_fonts_free. Never
   NULL. */
cut_fonts *cut_fonts_predict(const document *doc, cut_cache *cache);
/* Makes cf ready to draw dl: waits for the cuts begun by cut_fonts_predict, and uses each one that
   has every glyph and character the list draws with that face; any other face is cut now, as
   cut_fonts_new does. So a wrong guess costs time, never a glyph. Once per cf. */
void cut_fonts_complete(cut_fonts *cf, const display_list *dl);
/* The scaled font to draw a run of pango font pf with: the cut face at the size and matrix of
   pango's own scaled font, with draw_font_options (render/warm_glyphs.h), synthetic bold as pango's;
   *ids maps pango's glyph ids to the cut face's. NULL when there is none (draw with pango). Owned
   by cf. */
cairo_scaled_font_t *cut_fonts_for(cut_fonts *cf, PangoFont *pf, const hb_map_t **ids);
/* How the faces of a completed cf were cut: ahead of layout (cut_fonts_predict) or after it. */
void cut_fonts_counts(const cut_fonts *cf, size_t *ahead, size_t *late);
/* Faces still used by a cairo surface stay alive until cairo lets them go. */
void cut_fonts_free(cut_fonts *cf);
#endif
