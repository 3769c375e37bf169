/* Why this exists: pangocairo answers every glyph-extents question with the glyph's ink box, which
   cairo computes by having FreeType load and decompose the glyph's outline: about 95 000
   instructions for a glyph of our CFF (Fandol, Noto CJK) fonts. Layout never reads an ink box, but
   pango computes them anyway: pango_layout_check_lines (pango 1.50) ends with
   pango_layout_get_size, and a line's extents, while the line is pango's own, are cached together
   with its ink box. For a form that is about 1 200 outline loads, 15 ms of a 200 ms fill.

   So the class's get_glyph_extents is wrapped, once per process: the logical box is pangocairo's
   own (its y and height are the font's, the same for every glyph: asked once per font; its width
   is the glyph's advance, which HarfBuzz reads from hmtx without an outline), and the ink box is
   that logical box. Glyphs that pango draws itself (hex boxes for missing characters) and fonts
   laid out sideways keep pangocairo's answers. tests/unit/test_layout.c checks that the logical
   boxes are pangocairo's and that a whole form lays out to the same display list with or without
   the wrapper. */
#include "layout/glyph_extents.h"

#include <glib-object.h>
#include <hb.h>

typedef void (*extents_fn)(PangoFont *, PangoGlyph, PangoRectangle *, PangoRectangle *);

/* The class's own function. Set once, before the wrapper can be called; read-only afterwards.
   (Process-wide by nature: it is the class's, not a stage's.) */
static extents_fn exact;
static gboolean keep_exact;

static GQuark logical_quark(void) {
  static gsize q;
  if (g_once_init_enter(&q)) g_once_init_leave(&q, g_quark_from_static_string("clusterform-logical-box"));
  return (GQuark)q;
}

static void spare_ink(PangoFont *font, PangoGlyph glyph, PangoRectangle *ink, PangoRectangle *logical) {
  if (glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
    exact(font, glyph, ink, logical);
    return;
  }
  PangoRectangle *box = g_object_get_qdata(G_OBJECT(font), logical_quark());
  if (!box) {
    PangoFontDescription *fd = pango_font_describe(font);
    PangoGravity gravity = pango_font_description_get_gravity(fd);
    pango_font_description_free(fd);
    PangoRectangle r;
    exact(font, glyph, NULL, &r);
    if (gravity != PANGO_GRAVITY_SOUTH && gravity != PANGO_GRAVITY_AUTO) {
      if (ink) exact(font, glyph, ink, NULL);
      if (logical) *logical = r;
      return;
    }
    box = g_new(PangoRectangle, 1);
    *box = (PangoRectangle){0, r.y, 0, r.height};
    g_object_set_qdata_full(G_OBJECT(font), logical_quark(), box, g_free);
  }
  PangoRectangle r = *box;
  r.width = hb_font_get_glyph_h_advance(pango_font_get_hb_font(font), glyph);
  if (logical) *logical = r;
  if (ink) *ink = r;
}

void glyph_extents_keep_exact(void) { keep_exact = TRUE; }

void glyph_extents_spare_ink(PangoFont *font) {
  static gsize done;
  if (keep_exact || !g_once_init_enter(&done)) return;
  PangoFontClass *k = PANGO_FONT_GET_CLASS(font);
  exact = k->get_glyph_extents;
  k->get_glyph_extents = spare_ink;
  g_once_init_leave(&done, 1);
}

void glyph_extents_exact(PangoFont *font, PangoGlyph glyph, PangoRectangle *ink, PangoRectangle *logical) {
  extents_fn f = exact ? exact : PANGO_FONT_GET_CLASS(font)->get_glyph_extents;
  f(font, glyph, ink, logical);
}
