#include "render/cut_fonts.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <pthread.h>
#include <hb-subset.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>

#include "render/face_guess.h"
#include "render/warm_glyphs.h"
#include "util/strbuf.h"

/* The FreeType library the cut faces live in. cairo may hold a face (in its caches) after
   cut_fonts_free, so the library goes when the last face does. */
typedef struct {
  FT_Library lib;
  int refs;
} ft_lib;

static void lib_unref(ft_lib *l) {
  if (--l->refs == 0) {
    FT_Done_FreeType(l->lib);
    free(l);
  }
}

/* What a cairo font face made from a cut face owns. */
typedef struct {
  ft_lib *lib;
  FT_Face face;
  char *data; /* the cut font file, which FreeType reads in place */
} face_owner;

static const cairo_user_data_key_t OWNER_KEY;

static void owner_free(void *p) {
  face_owner *o = p;
  FT_Done_Face(o->face);
  free(o->data);
  lib_unref(o->lib);
  free(o);
}

/* One font file (a face of a collection) and what the document draws with it. */
typedef struct {
  char *file;
  int index;
  bool bold; /* synthetic bold (fontconfig's embolden): a separate cairo face */
  hb_set_t *glyphs, *unicodes;
  /* The cut: the font file's bytes and what became of each glyph id (hb-subset renumbers them). */
  char *data;
  size_t len;
  hb_map_t *ids;
  cairo_font_face_t *cairo_face; /* NULL when it can't be cut or loaded */
} face_entry;

/* A face cut ahead of layout to the characters fontconfig will give it (cut_fonts_predict). */
typedef struct {
  char *data;    /* the cut's bytes: owned by `face` when there is one (FreeType reads them in place) */
  size_t len;
  hb_map_t *ids; /* every glyph the cut kept: old id → new id */
  cairo_font_face_t *face;   /* the cut as a cairo face (regular weight) */
  cairo_scaled_font_t *unit; /* its unit-size font, every glyph's metrics loaded */
  cairo_scaled_font_t **sized; /* the face at each size the guess gives it, glyphs loaded */
  size_t n_sized;
} precut;

struct cut_fonts {
  ft_lib *lib;
  face_entry *faces;
  size_t n_faces;
  GHashTable *scaled; /* PangoFont* → cairo_scaled_font_t* (NULL value: draw with pango) */
  face_guess guess; /* the faces to cut ahead, and their characters */
  precut *pre;      /* their cuts, guess.n of them */
  GThread *cutting; /* makes the guess and cuts pre[] while the document is laid out, then loads
                       glyphs at the sizes the guess gives */
  pthread_mutex_t lock; /* pthread's, whose ordering ThreadSanitizer sees (not GMutex's futex) */
  pthread_cond_t cut; /* signalled when pre[] is cut (the thread may go on loading glyphs) */
  bool cuts_done;
  doc_chars *chars; /* what the thread starts from */
  cut_cache *cache; /* faces kept across documents, or NULL */
  bool completed;
  size_t cut_late; /* faces cut_fonts_complete had to cut */
};

/* The file, face index and synthetic bold of a pango font; false when it has none we can cut
   (no file, or a slant fontconfig makes with a matrix). */
static bool font_file(PangoFont *pf, const char **file, int *index, bool *bold) {
  if (!PANGO_IS_FC_FONT(pf)) return false;
  FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(pf));
  FcChar8 *s = NULL;
  if (FcPatternGetString(p, FC_FILE, 0, &s) != FcResultMatch) return false;
  FcMatrix *m = NULL;
  if (FcPatternGetMatrix(p, FC_MATRIX, 0, &m) == FcResultMatch && m &&
      (m->xx != 1 || m->xy != 0 || m->yx != 0 || m->yy != 1))
    return false;
  int v = 0;
  *index = FcPatternGetInteger(p, FC_INDEX, 0, &v) == FcResultMatch ? v : 0;
  FcBool b = FcFalse;
  *bold = FcPatternGetBool(p, FC_EMBOLDEN, 0, &b) == FcResultMatch && b;
  *file = (const char *)s;
  return true;
}

static face_entry *entry_for(cut_fonts *cf, const char *file, int index, bool bold) {
  for (size_t i = 0; i < cf->n_faces; i++)
    if (cf->faces[i].index == index && cf->faces[i].bold == bold && !strcmp(cf->faces[i].file, file))
      return &cf->faces[i];
  cf->faces = xrealloc(cf->faces, (cf->n_faces + 1) * sizeof *cf->faces);
  face_entry *e = &cf->faces[cf->n_faces++];
  *e = (face_entry){.file = xstrdup(file), .index = index, .bold = bold,
                    .glyphs = hb_set_create(), .unicodes = hb_set_create()};
  return e;
}

/* Every glyph a run draws, and the characters of the text it draws them for (so that the cut
   face's cmap still knows them, for cairo's fallback mapping of glyphs to text). */
static void collect(cut_fonts *cf, const dl_item *it) {
  const PangoGlyphItem *run = it->glyphs.run;
  const char *file;
  int index;
  bool bold;
  if (!font_file(run->item->analysis.font, &file, &index, &bold)) return;
  face_entry *e = entry_for(cf, file, index, bold);
  for (int i = 0; i < run->glyphs->num_glyphs; i++) {
    PangoGlyph g = run->glyphs->glyphs[i].glyph;
    if (g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG)) hb_set_add(e->glyphs, g);
  }
  const char *s = it->glyphs.text + run->item->offset, *end = s + run->item->length;
  for (; s < end; s = g_utf8_next_char(s))
    if (draws_glyph(g_utf8_get_char(s))) hb_set_add(e->unicodes, g_utf8_get_char(s));
}

/* Cuts a font file's face to the given glyphs (NULL: those the characters map to) and characters:
   the new file's bytes and what became of each glyph id kept, or false. Touches nothing but its
   arguments and the font file, so faces are cut on several threads at once. */
static bool cut_face(const char *file, int index, const hb_set_t *glyphs, const hb_set_t *unicodes, char **data,
                     size_t *len, hb_map_t **ids) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
  if (!blob) return false;
  hb_face_t *face = hb_face_create(blob, (unsigned)index);
  hb_blob_destroy(blob);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  hb_subset_plan_t *plan = NULL;
  if (in) {
    if (glyphs) hb_set_union(hb_subset_input_set(in, HB_SUBSET_SETS_GLYPH_INDEX), glyphs);
    hb_set_union(hb_subset_input_set(in, HB_SUBSET_SETS_UNICODE), unicodes);
    /* Shaping is done: the layout tables (and the glyph closure over them) and the vertical
       metrics are of no use to cairo's PDF fonts. */
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const unused[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH",
                                         "vhea", "vmtx", "VORG", "kern", "morx", "mort"};
    for (size_t i = 0; i < sizeof unused / sizeof *unused; i++)
      hb_set_add(drop, hb_tag_from_string(unused[i], 4));
    /* Charstrings with their subroutines inlined: hb-subset then need not work out which
       subroutines the kept glyphs call, which halves the time of cutting FandolFang (14 → 7 ms,
       the same bytes: it has none). cairo subsets the cut again for the PDF either way. */
    /* The font's own glyph ids kept (the glyphs not kept are empty): cairo names a PDF's font
       subset after the ids it draws, so the PDF is the same whatever else a face was cut for. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_RETAIN_GIDS);
    plan = hb_subset_plan_create_or_fail(face, in);
    hb_subset_input_destroy(in);
  }
  hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
  bool ok = false;
  if (sub) {
    hb_blob_t *b = hb_face_reference_blob(sub);
    unsigned n = 0;
    const char *bytes = hb_blob_get_data(b, &n);
    if (n > 12) {
      *data = xmalloc(n);
      memcpy(*data, bytes, n);
      *len = n;
      /* The plan owns its mapping: copy what we need of it. */
      const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
      if (glyphs) {
        *ids = hb_map_create();
        hb_codepoint_t g = HB_SET_VALUE_INVALID;
        while (hb_set_next(glyphs, &g)) {
          hb_codepoint_t to = hb_map_get(old_to_new, g);
          if (to != HB_MAP_VALUE_INVALID) hb_map_set(*ids, g, to);
        }
      } else {
        *ids = hb_map_copy(old_to_new);
      }
      ok = true;
    }
    hb_blob_destroy(b);
    hb_face_destroy(sub);
  }
  if (plan) hb_subset_plan_destroy(plan);
  hb_face_destroy(face);
  return ok;
}

static void cut(face_entry *e) { cut_face(e->file, e->index, e->glyphs, e->unicodes, &e->data, &e->len, &e->ids); }

/* Cuts every other face of a list: the list, its length and the first index. */
static gpointer cut_every_other(gpointer p) {
  face_entry **faces = ((face_entry ***)p)[0];
  size_t n = (size_t)((void **)p)[1], first = (size_t)((void **)p)[2];
  for (size_t i = first; i < n; i += 2) cut(faces[i]);
  return NULL;
}

/* A cut face as a cairo face that owns its bytes (FreeType reads them in place): *data is taken
   (set to NULL) on success. NULL on failure. */
static cairo_font_face_t *load_bytes(cut_fonts *cf, char **data, size_t len, bool bold) {
  FT_Face ft = NULL;
  if (!*data || FT_New_Memory_Face(cf->lib->lib, (const FT_Byte *)*data, (FT_Long)len, 0, &ft)) return NULL;
  cairo_font_face_t *cface = cairo_ft_font_face_create_for_ft_face(ft, 0);
  face_owner *o = xmalloc(sizeof *o);
  *o = (face_owner){.lib = cf->lib, .face = ft, .data = *data};
  *data = NULL; /* the face owns it now */
  cf->lib->refs++;
  if (cairo_font_face_set_user_data(cface, &OWNER_KEY, o, owner_free) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(cface);
    owner_free(o);
    return NULL;
  }
  if (bold) cairo_ft_font_face_set_synthesize(cface, CAIRO_FT_SYNTHESIZE_BOLD);
  return cface;
}

static cairo_font_face_t *load(cut_fonts *cf, face_entry *e) { return load_bytes(cf, &e->data, e->len, e->bold); }

/* What cut_fonts_for gives for a pango font. */
typedef struct {
  cairo_scaled_font_t *font;
  const hb_map_t *ids;
} cut_font;

static void cut_font_free(void *p) {
  cut_font *c = p;
  cairo_scaled_font_destroy(c->font);
  free(c);
}

static cut_fonts *create(void) {
  cut_fonts *cf = xmalloc(sizeof *cf);
  *cf = (cut_fonts){.lib = xmalloc(sizeof *cf->lib)};
  cf->lib->refs = 1;
  if (FT_Init_FreeType(&cf->lib->lib)) cf->lib->lib = NULL;
  cf->scaled = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, cut_font_free);
  pthread_mutex_init(&cf->lock, NULL);
  pthread_cond_init(&cf->cut, NULL);
  return cf;
}

/* ---- faces kept across documents ------------------------------------------------------------- */

typedef struct {
  char *file;
  int index;
  hb_set_t *chars;          /* the characters the cut holds */
  hb_map_t *ids;            /* its glyphs (ids kept: g → g) */
  const char *data;         /* its bytes, owned by `face` */
  size_t len;
  cairo_font_face_t *face;  /* regular weight */
  cairo_font_face_t *bold;  /* synthetic bold, on a copy of the bytes; NULL until a document asks */
} cached_face;

struct cut_cache {
  cached_face *v;
  size_t n;
  hb_set_t *chars; /* the batch's characters */
};

cut_cache *cut_cache_new(const char *text) {
  cut_cache *c = calloc(1, sizeof *c);
  c->chars = hb_set_create();
  for (const char *s = text; s && *s; s = g_utf8_next_char(s)) {
    gunichar u = g_utf8_get_char_validated(s, -1);
    if (u != (gunichar)-1 && u != (gunichar)-2 && draws_glyph(u)) hb_set_add(c->chars, u);
  }
  return c;
}

void cut_cache_free(cut_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->v[i].file);
    hb_set_destroy(c->v[i].chars);
    hb_map_destroy(c->v[i].ids);
    cairo_font_face_destroy(c->v[i].face);
    if (c->v[i].bold) cairo_font_face_destroy(c->v[i].bold);
  }
  free(c->v);
  hb_set_destroy(c->chars);
  free(c);
}

static cached_face *cache_find(cut_cache *c, const char *file, int index) {
  for (size_t i = 0; c && i < c->n; i++)
    if (c->v[i].index == index && !strcmp(c->v[i].file, file)) return &c->v[i];
  return NULL;
}

/* The guess's cut from the cache when the cached face has its characters; otherwise cuts the face
   to those and every character cut before, and keeps that. */
static void precut_from_cache(cut_fonts *cf, const guessed_face *f, precut *p) {
  cached_face *k = cache_find(cf->cache, f->file, f->index);
  if (!k || !hb_set_is_subset(f->chars, k->chars)) {
    hb_set_t *all = hb_set_copy(f->chars);
    hb_set_union(all, cf->cache->chars);
    if (k) hb_set_union(all, k->chars);
    char *data = NULL;
    size_t len = 0;
    hb_map_t *ids = NULL;
    if (!cut_face(f->file, f->index, NULL, all, &data, &len, &ids)) {
      hb_set_destroy(all);
      return;
    }
    char *bytes = data;
    cairo_font_face_t *face = load_bytes(cf, &bytes, len, false);
    if (!face) {
      free(data);
      hb_map_destroy(ids);
      hb_set_destroy(all);
      return;
    }
    if (!k) {
      cf->cache->v = xrealloc(cf->cache->v, (cf->cache->n + 1) * sizeof *cf->cache->v);
      k = &cf->cache->v[cf->cache->n++];
      *k = (cached_face){.file = xstrdup(f->file), .index = f->index};
    } else {
      hb_set_destroy(k->chars);
      hb_map_destroy(k->ids);
      cairo_font_face_destroy(k->face); /* documents drawn with it hold their own reference */
      if (k->bold) cairo_font_face_destroy(k->bold);
      k->bold = NULL;
    }
    k->chars = all, k->ids = ids, k->data = data, k->len = len, k->face = face;
  }
  /* The bytes stay the cached face's (FreeType reads them in place). */
  p->data = (char *)k->data;
  p->len = k->len;
  p->ids = hb_map_copy(k->ids);
  p->face = cairo_font_face_reference(k->face);
}

/* ---- cutting ahead of layout ------------------------------------------------------------------ */

/* The guess, then the cuts, then the glyphs at each size. Only this thread touches cf->guess and
   cf->pre until it signals cuts_done; after that cut_fonts_complete reads them (the cuts and their
   faces, never pre[].unit or pre[].sized), and only cut_fonts_free, after joining the thread, frees
   them. */
static gpointer cut_ahead(gpointer data) {
  cut_fonts *cf = data;
  face_guess_make(cf->chars, &cf->guess);
  cf->chars = NULL;
  cf->pre = xmalloc((cf->guess.n + 1) * sizeof *cf->pre);
  for (size_t i = 0; i < cf->guess.n; i++) {
    const guessed_face *f = &cf->guess.v[i];
    precut *p = &cf->pre[i];
    *p = (precut){0};
    if (cf->cache) {
      precut_from_cache(cf, f, p);
      continue;
    }
    if (!cut_face(f->file, f->index, NULL, f->chars, &p->data, &p->len, &p->ids)) continue;
    /* The face cairo will draw with. */
    char *bytes = p->data;
    p->face = load_bytes(cf, &bytes, p->len, false);
  }
  pthread_mutex_lock(&cf->lock);
  cf->cuts_done = true;
  pthread_cond_signal(&cf->cut);
  pthread_mutex_unlock(&cf->lock);
  /* The drawing may start now (a layout that ends first waits for the cuts only). Meanwhile, the
     metrics cairo's PDF font subsets read at unit size, one FreeType load a glyph, and each face's
     glyphs at each size the guess gives it, as the PDF will draw them (render/warm_glyphs.h):
     while layout still runs, instead of while the PDF is drawn. */
  for (size_t i = 0; i < cf->guess.n; i++) {
    precut *p = &cf->pre[i];
    if (p->face) p->unit = warm_unit_metrics(p->face, (unsigned)hb_map_get_population(p->ids) + 1);
  }
  cairo_t *cr = warm_context();
  for (size_t i = 0; i < cf->guess.n; i++) {
    const guessed_face *f = &cf->guess.v[i];
    precut *p = &cf->pre[i];
    if (!p->face) continue;
    hb_blob_t *blob = hb_blob_create(p->data, (unsigned)p->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *hf = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(hf);
    p->sized = xmalloc((f->n_sizes + 1) * sizeof *p->sized);
    cairo_glyph_t *glyphs = xmalloc((hb_set_get_population(f->chars) + 1) * sizeof *glyphs);
    for (size_t k = 0; k < f->n_sizes; k++) {
      int n = 0;
      hb_codepoint_t c = HB_SET_VALUE_INVALID, g;
      while (hb_set_next(f->sizes[k].chars, &c))
        if (hb_font_get_nominal_glyph(font, c, &g)) glyphs[n++] = (cairo_glyph_t){.index = g};
      p->sized[p->n_sized++] = warm_size(cr, p->face, f->sizes[k].size, glyphs, n);
    }
    free(glyphs);
    hb_font_destroy(font);
    hb_face_destroy(hf);
    hb_blob_destroy(blob);
  }
  warm_context_free(cr);
  return NULL;
}

cut_fonts *cut_fonts_predict(const document *doc, cut_cache *cache) {
  cut_fonts *cf = create();
  cf->cache = cache;
  if (!cf->lib->lib) return cf;
  cf->chars = doc_chars_collect(doc);
  /* fontconfig loads its configuration here, on this thread, before the cutting thread and pango's
     start-up thread both ask for it: its lazy start-up is not something to race on. Layout would
     wait for it anyway. */
  FcInit();
  cf->cutting = g_thread_try_new("cut-ahead", cut_ahead, cf, NULL);
  if (!cf->cutting) cut_ahead(cf);
  return cf;
}

/* ---- cutting what the display list draws ------------------------------------------------------ */

/* The face's glyphs and characters from a face cut ahead, if that cut has them all. */
static bool take_precut(cut_fonts *cf, face_entry *e) {
  precut *p = NULL;
  const guessed_face *f = NULL;
  for (size_t i = 0; i < cf->guess.n && !p; i++)
    if (cf->guess.v[i].index == e->index && !strcmp(cf->guess.v[i].file, e->file)) p = &cf->pre[i], f = &cf->guess.v[i];
  if (!p || !p->data || !hb_set_is_subset(e->unicodes, f->chars)) return false;
  hb_codepoint_t g = HB_SET_VALUE_INVALID;
  while (hb_set_next(e->glyphs, &g))
    if (!hb_map_has(p->ids, g)) return false;
  e->ids = hb_map_copy(p->ids);
  if (p->face && !e->bold) {
    e->cairo_face = cairo_font_face_reference(p->face);
    return true;
  }
  /* The bold face of a cached cut is kept with it, so its glyphs stay loaded too. */
  cached_face *k = cache_find(cf->cache, e->file, e->index);
  if (k && k->data == p->data) {
    if (!k->bold) {
      char *copy = xmalloc(p->len);
      memcpy(copy, p->data, p->len);
      k->bold = load_bytes(cf, &copy, p->len, true);
      free(copy); /* NULL when the face took it */
    }
    if (k->bold) {
      e->cairo_face = cairo_font_face_reference(k->bold);
      return true;
    }
  }
  /* A synthetic bold face is a cairo face of its own, on its own copy of the bytes. */
  e->data = xmalloc(p->len);
  memcpy(e->data, p->data, p->len);
  e->len = p->len;
  return true;
}

void cut_fonts_complete(cut_fonts *cf, const display_list *dl) {
  if (cf->cutting) {
    pthread_mutex_lock(&cf->lock);
    while (!cf->cuts_done) pthread_cond_wait(&cf->cut, &cf->lock);
    pthread_mutex_unlock(&cf->lock);
  }
  if (!cf->lib->lib || cf->completed) return;
  cf->completed = true;
  for (size_t p = 0; p < dl->n_pages; p++)
    for (size_t i = 0; i < dl->pages[p].n; i++) {
      const dl_item *it = &dl->pages[p].items[i];
      if (it->kind == DL_GLYPHS && it->glyphs.run) collect(cf, it);
    }
  face_entry **todo = xmalloc((cf->n_faces + 1) * sizeof *todo);
  size_t n_todo = 0;
  for (size_t i = 0; i < cf->n_faces; i++)
    if (!take_precut(cf, &cf->faces[i])) todo[n_todo++] = &cf->faces[i];
  /* Cutting a CJK face takes milliseconds; the machines have two cores: half the faces on a
     thread of their own. FreeType loads them afterwards, on this thread (an FT_Library is not
     to be used from two threads at once). */
  void *second[3] = {todo, (void *)n_todo, (void *)1};
  GThread *t = n_todo > 1 ? g_thread_try_new("cut-fonts", cut_every_other, second, NULL) : NULL;
  void *first[3] = {todo, (void *)n_todo, (void *)0};
  if (t) {
    cut_every_other(first);
    g_thread_join(t);
  } else {
    for (size_t i = 0; i < n_todo; i++) cut(todo[i]);
  }
  free(todo);
  cf->cut_late = n_todo;
  for (size_t i = 0; i < cf->n_faces; i++)
    if (!cf->faces[i].cairo_face) cf->faces[i].cairo_face = load(cf, &cf->faces[i]);
}

void cut_fonts_counts(const cut_fonts *cf, size_t *ahead, size_t *late) {
  *late = cf->cut_late;
  *ahead = cf->n_faces - cf->cut_late;
}

cut_fonts *cut_fonts_new(const display_list *dl) {
  cut_fonts *cf = create();
  cut_fonts_complete(cf, dl);
  return cf;
}

cairo_scaled_font_t *cut_fonts_for(cut_fonts *cf, PangoFont *pf, const hb_map_t **ids) {
  cut_font *known = g_hash_table_lookup(cf->scaled, pf);
  if (known) {
    *ids = known->ids;
    return known->font;
  }
  cairo_scaled_font_t *out = NULL;
  const hb_map_t *map = NULL;
  const char *file;
  int index;
  bool bold;
  if (cf->lib->lib && PANGO_IS_CAIRO_FONT(pf) && font_file(pf, &file, &index, &bold)) {
    face_entry *e = NULL;
    for (size_t i = 0; i < cf->n_faces && !e; i++)
      if (cf->faces[i].index == index && cf->faces[i].bold == bold && !strcmp(cf->faces[i].file, file))
        e = &cf->faces[i];
    cairo_scaled_font_t *theirs = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
    if (e && e->cairo_face && theirs) {
      cairo_matrix_t fm, ctm;
      cairo_scaled_font_get_font_matrix(theirs, &fm);
      cairo_scaled_font_get_ctm(theirs, &ctm);
      /* Not pango's options but fixed ones (no hinting, as layout measured), so that the glyphs
         loaded ahead for this face and size are found (render/warm_glyphs.h). */
      cairo_font_options_t *fo = draw_font_options();
      out = cairo_scaled_font_create(e->cairo_face, &fm, &ctm, fo);
      cairo_font_options_destroy(fo);
      if (cairo_scaled_font_status(out) != CAIRO_STATUS_SUCCESS) {
        cairo_scaled_font_destroy(out);
        out = NULL;
      }
      map = e->ids;
    }
  }
  cut_font *c = xmalloc(sizeof *c);
  *c = (cut_font){.font = out, .ids = out ? map : NULL};
  g_hash_table_insert(cf->scaled, pf, c);
  *ids = c->ids;
  return out;
}

void cut_fonts_free(cut_fonts *cf) {
  if (!cf) return;
  if (cf->cutting) g_thread_join(cf->cutting);
  pthread_mutex_destroy(&cf->lock);
  pthread_cond_destroy(&cf->cut);
  for (size_t i = 0; cf->pre && i < cf->guess.n; i++) {
    if (!cf->pre[i].face) free(cf->pre[i].data);
    hb_map_destroy(cf->pre[i].ids);
    if (cf->pre[i].unit) cairo_scaled_font_destroy(cf->pre[i].unit);
    for (size_t k = 0; k < cf->pre[i].n_sized; k++) cairo_scaled_font_destroy(cf->pre[i].sized[k]);
    free(cf->pre[i].sized);
    if (cf->pre[i].face) cairo_font_face_destroy(cf->pre[i].face);
  }
  free(cf->pre);
  face_guess_free(&cf->guess);
  g_hash_table_destroy(cf->scaled);
  for (size_t i = 0; i < cf->n_faces; i++) {
    free(cf->faces[i].file);
    hb_set_destroy(cf->faces[i].glyphs);
    hb_set_destroy(cf->faces[i].unicodes);
    hb_map_destroy(cf->faces[i].ids);
    free(cf->faces[i].data);
    if (cf->faces[i].cairo_face) cairo_font_face_destroy(cf->faces[i].cairo_face);
  }
  free(cf->faces);
  if (cf->lib->lib) lib_unref(cf->lib);
  else free(cf->lib);
  free(cf);
}
