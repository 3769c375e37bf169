#include "render/warm_glyphs.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <stdlib.h>

#include "util/strbuf.h"

/* The glyphs one run draws for the first time in its scaled font, in drawing order. */
typedef struct {
  cairo_scaled_font_t *font; /* the cut face at the run's size (owned by the cut_fonts) */
  cairo_glyph_t *glyphs;
  int n;
} batch;

struct glyph_warmer {
  batch *batches;
  size_t n, cap;
  GThread *thread;
};

static cairo_status_t to_nowhere(void *closure, const unsigned char *data, unsigned int len) {
  (void)closure, (void)data, (void)len;
  return CAIRO_STATUS_SUCCESS;
}

/* A font as cairo's PDF font subsets make their own (cairo 1.16): the face at this scale, identity
   ctm, default options but unhinted outlines and metrics. The key is theirs, so cairo's font cache
   gives both the same object, with the glyphs loaded here. */
static cairo_scaled_font_t *subset_font(cairo_font_face_t *face, double sx, double sy) {
  cairo_matrix_t m, identity;
  cairo_matrix_init_scale(&m, sx, sy);
  cairo_matrix_init_identity(&identity);
  cairo_font_options_t *o = draw_font_options();
  cairo_scaled_font_t *f = cairo_scaled_font_create(face, &m, &identity, o);
  cairo_font_options_destroy(o);
  return f;
}

/* The unit-size font the subsets read glyph metrics from (cairo-scaled-font-subsets.c). */
static cairo_scaled_font_t *unit_font(cairo_font_face_t *face) { return subset_font(face, 1, 1); }

/* A synthetic bold face cannot be embedded from its font file: cairo's PDF surface embeds its
   emboldened outlines instead, read from this font (cairo-type1-fallback.c: 1000 units, y up).
   Its glyphs are loaded ahead on a context whose surface adds no font options of its own (a
   recording surface; a PDF surface would add its antialiasing and so make another font): about
   half a million instructions a glyph that cairo_surface_finish no longer spends. */
static cairo_scaled_font_t *bold_outline_font(cairo_font_face_t *face) { return subset_font(face, 1000, -1000); }

cairo_scaled_font_t *warm_unit_metrics(cairo_font_face_t *face, unsigned n) {
  cairo_scaled_font_t *unit = unit_font(face);
  cairo_glyph_t *glyphs = xmalloc((n ? n : 1) * sizeof *glyphs);
  for (unsigned i = 0; i < n; i++) glyphs[i] = (cairo_glyph_t){.index = i};
  cairo_text_extents_t ext;
  cairo_scaled_font_glyph_extents(unit, glyphs, (int)n, &ext);
  free(glyphs);
  return unit;
}

cairo_font_options_t *draw_font_options(void) {
  cairo_font_options_t *o = cairo_font_options_create();
  cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
  return o;
}

cairo_t *warm_context(void) {
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_nowhere, NULL, 100, 100);
  cairo_t *cr = cairo_create(s);
  cairo_surface_destroy(s);
  return cr;
}

void warm_context_free(cairo_t *cr) { cairo_destroy(cr); }

cairo_scaled_font_t *warm_size(cairo_t *cr, cairo_font_face_t *face, double size, const cairo_glyph_t *glyphs, int n) {
  cairo_set_font_face(cr, face);
  cairo_set_font_size(cr, size);
  cairo_font_options_t *o = draw_font_options();
  cairo_set_font_options(cr, o);
  cairo_font_options_destroy(o);
  for (int g = 0; g < n; g++) {
    cairo_glyph_path(cr, &glyphs[g], 1); /* outline and metrics, one load each */
    cairo_new_path(cr);
  }
  return cairo_scaled_font_reference(cairo_get_scaled_font(cr));
}

typedef struct {
  GHashTable *units, *bold; /* face → its unit-size font; face → its bold outline font */
} held_fonts;

static gpointer warm(gpointer p) {
  glyph_warmer *w = p;
  /* A PDF surface like the one being drawn (same font options, identity matrix), so that the
     scaled fonts this context resolves are the very objects the drawing thread's context uses. */
  cairo_t *cr = warm_context();
  GHashTable *units = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify)cairo_scaled_font_destroy);
  cairo_surface_t *plain = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *bold_cr = cairo_create(plain);
  cairo_surface_destroy(plain);
  /* face → its bold outline font; face → the glyphs whose bold outlines are loaded */
  GHashTable *bold = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify)cairo_scaled_font_destroy);
  GHashTable *bold_done = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)hb_set_destroy);
  for (size_t k = 0; k < w->n; k++) {
    const batch *b = &w->batches[k];
    cairo_set_scaled_font(cr, b->font);
    cairo_font_face_t *face = cairo_scaled_font_get_font_face(b->font);
    cairo_scaled_font_t *unit = g_hash_table_lookup(units, face);
    if (!unit) g_hash_table_insert(units, face, unit = unit_font(face));
    for (int g = 0; g < b->n; g++) {
      cairo_glyph_path(cr, &b->glyphs[g], 1); /* outline and metrics, one load each */
      cairo_new_path(cr);
      cairo_text_extents_t ext;
      cairo_scaled_font_glyph_extents(unit, &b->glyphs[g], 1, &ext);
    }
    if (!(cairo_ft_font_face_get_synthesize(face) & CAIRO_FT_SYNTHESIZE_BOLD)) continue;
    cairo_scaled_font_t *outlines = g_hash_table_lookup(bold, face);
    hb_set_t *done = g_hash_table_lookup(bold_done, face);
    if (!outlines) {
      g_hash_table_insert(bold, face, outlines = bold_outline_font(face));
      g_hash_table_insert(bold_done, face, done = hb_set_create());
    }
    cairo_set_scaled_font(bold_cr, outlines);
    for (int g = 0; g < b->n; g++) {
      if (hb_set_has(done, b->glyphs[g].index)) continue;
      hb_set_add(done, b->glyphs[g].index);
      cairo_glyph_path(bold_cr, &b->glyphs[g], 1);
      cairo_new_path(bold_cr);
    }
  }
  cairo_destroy(bold_cr);
  g_hash_table_destroy(bold_done);
  warm_context_free(cr);
  /* Held until the PDF is finished: a font cairo drops may lose its loaded glyphs. */
  held_fonts *held = xmalloc(sizeof *held);
  *held = (held_fonts){units, bold};
  return held;
}

glyph_warmer *glyph_warmer_start(const display_list *dl, cut_fonts *cf) {
  glyph_warmer *w = xmalloc(sizeof *w);
  *w = (glyph_warmer){0};
  GHashTable *seen = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)hb_set_destroy);
  for (size_t p = 0; p < dl->n_pages; p++)
    for (size_t i = 0; i < dl->pages[p].n; i++) {
      const dl_item *it = &dl->pages[p].items[i];
      if (it->kind != DL_GLYPHS || !it->glyphs.run) continue;
      const hb_map_t *ids = NULL;
      cairo_scaled_font_t *sf = cut_fonts_for(cf, it->glyphs.run->item->analysis.font, &ids);
      if (!sf) continue;
      hb_set_t *known = g_hash_table_lookup(seen, sf);
      if (!known) g_hash_table_insert(seen, sf, known = hb_set_create());
      const PangoGlyphString *gs = it->glyphs.run->glyphs;
      batch b = {.font = sf, .glyphs = xmalloc(sizeof *b.glyphs * (size_t)(gs->num_glyphs + 1))};
      for (int g = 0; g < gs->num_glyphs; g++) {
        hb_codepoint_t to = hb_map_get(ids, gs->glyphs[g].glyph);
        if (to == HB_MAP_VALUE_INVALID || hb_set_has(known, to)) continue;
        hb_set_add(known, to);
        b.glyphs[b.n++] = (cairo_glyph_t){.index = to};
      }
      if (b.n == 0) {
        free(b.glyphs);
        continue;
      }
      if (w->n == w->cap) w->cap = w->cap ? w->cap * 2 : 64, w->batches = xrealloc(w->batches, w->cap * sizeof *w->batches);
      w->batches[w->n++] = b;
    }
  g_hash_table_destroy(seen);
  if (w->n) w->thread = g_thread_try_new("warm-glyphs", warm, w, NULL);
  if (!w->thread) {
    glyph_warmer_finish(w);
    return NULL;
  }
  return w;
}

void glyph_warmer_finish(glyph_warmer *w) {
  if (!w) return;
  if (w->thread) {
    held_fonts *held = g_thread_join(w->thread);
    g_hash_table_destroy(held->units);
    g_hash_table_destroy(held->bold);
    free(held);
  }
  for (size_t i = 0; i < w->n; i++) free(w->batches[i].glyphs);
  free(w->batches);
  free(w);
}
