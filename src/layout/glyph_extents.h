/* Glyph extents for layout without FreeType outline loads. See glyph_extents.c for why. */
#ifndef CF_GLYPH_EXTENTS_H
#define CF_GLYPH_EXTENTS_H
#include <pango/pango.h>

/* From now on, in this process, fonts of font's class (pangocairo's fontconfig fonts) answer a
   glyph's logical box as before, and its ink box with that logical box. Idempotent, thread-safe. */
void glyph_extents_spare_ink(PangoFont *font);
/* For tests: glyph_extents_spare_ink does nothing in this process from now on. */
void glyph_extents_keep_exact(void);
/* The extents pangocairo itself computes (ink from the glyph's outline), hook or not. */
void glyph_extents_exact(PangoFont *font, PangoGlyph glyph, PangoRectangle *ink, PangoRectangle *logical);
#endif
