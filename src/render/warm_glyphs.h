/* Loads, on a second thread, the glyphs the PDF is about to draw, in the order it draws them.

   Why: drawing into cairo's PDF surface has FreeType load each new glyph three times (its metrics
   when the text is recorded and analysed, its outline when the glyph is assigned to a font subset,
   and its metrics at the subset's unit size), each about 95 000 instructions for our CFF fonts;
   about 2 700 loads per form, a third of the PDF's time. cairo keeps what it loaded in each scaled
   font, shared by every thread, so a second thread that asks first (outline and metrics in one
   load) leaves the drawing thread to find them loaded. It also loads the emboldened outlines
   cairo_surface_finish embeds for a synthetic bold face. The PDF's bytes do not change. */
#ifndef CF_WARM_GLYPHS_H
#define CF_WARM_GLYPHS_H
#include "layout/display.h"
#include "render/cut_fonts.h"

typedef struct glyph_warmer glyph_warmer;

/* Starts the thread for every run dl draws with a cut face (cut_fonts_for is asked here, on the
   calling thread). NULL when there is nothing to load or no thread can be started: drawing then
   loads the glyphs itself, as before. */
glyph_warmer *glyph_warmer_start(const display_list *dl, cut_fonts *cf);
/* The unit-size font cairo's PDF font subsets read glyph metrics from, for a face, with the metrics
   of its first n glyphs loaded. The caller keeps it (cairo_scaled_font_destroy) while the face may
   be drawn, so that cairo finds them. */
cairo_scaled_font_t *warm_unit_metrics(cairo_font_face_t *face, unsigned n);
/* The font options every cut face is drawn with (the caller destroys them): no hinting of outlines
   or metrics, as layout measured them; nothing else, so that a glyph loaded ahead for a face and a
   size is found by the drawing. */
cairo_font_options_t *draw_font_options(void);
/* A context like the PDF's for loading glyphs ahead (a PDF surface writing nowhere). */
cairo_t *warm_context(void);
void warm_context_free(cairo_t *cr);
/* Loads the outline and metrics of n glyphs of face at size (points), as the PDF will draw them,
   and returns the scaled font holding them (the caller keeps it until the PDF is drawn). */
cairo_scaled_font_t *warm_size(cairo_t *cr, cairo_font_face_t *face, double size, const cairo_glyph_t *glyphs, int n);
/* Waits for the thread and lets go of what it held. Call after the PDF surface is finished. NULL is
   fine. */
void glyph_warmer_finish(glyph_warmer *w);
#endif
