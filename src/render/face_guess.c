#include "render/face_guess.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* The characters drawn in one font (family and weight), and by size. */
typedef struct {
  char *family;
  bool bold;
  hb_set_t *chars;
  sized_chars *sizes;
  size_t n_sizes;
} font_chars;

/* The set for one size in a list of them, made when missing. */
static hb_set_t *chars_at(sized_chars **v, size_t *n, double size) {
  for (size_t i = 0; i < *n; i++)
    if ((*v)[i].size == size) return (*v)[i].chars;
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[*n] = (sized_chars){.size = size, .chars = hb_set_create()};
  return (*v)[(*n)++].chars;
}

static void free_sizes(sized_chars *v, size_t n) {
  for (size_t i = 0; i < n; i++) hb_set_destroy(v[i].chars);
  free(v);
}

struct doc_chars {
  font_chars *v;
  size_t n;
};

bool draws_glyph(hb_codepoint_t c) { return c >= 0x20 && c != 0x2028 && c != 0x2029; }

static void add_text(doc_chars *t, const run_style *st, const char *text) {
  const char *family = st->family ? st->family : DOC_DEFAULT_FAMILY;
  font_chars *fc = NULL;
  for (size_t i = 0; i < t->n && !fc; i++)
    if (t->v[i].bold == st->bold && !strcmp(t->v[i].family, family)) fc = &t->v[i];
  if (!fc) {
    t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
    fc = &t->v[t->n++];
    *fc = (font_chars){.family = xstrdup(family), .bold = st->bold, .chars = hb_set_create()};
  }
  hb_set_t *sized = chars_at(&fc->sizes, &fc->n_sizes, st->size);
  for (const char *s = text; *s; s = g_utf8_next_char(s)) {
    gunichar c = g_utf8_get_char(s);
    if (draws_glyph(c)) hb_set_add(fc->chars, c), hb_set_add(sized, c);
  }
}

static void add_paragraph(const paragraph *p, void *t) {
  /* The PAGE field's digits are known only at layout. */
  for (size_t r = 0; r < p->n_runs; r++) add_text(t, &p->runs[r].st, p->runs[r].page_field ? "0123456789" : p->runs[r].text);
}

doc_chars *doc_chars_collect(const document *doc) {
  doc_chars *t = xmalloc(sizeof *t);
  *t = (doc_chars){0};
  doc_each_paragraph(doc, add_paragraph, t);
  return t;
}

static guessed_face *face_for(face_guess *g, const char *file, int index) {
  for (size_t i = 0; i < g->n; i++)
    if (g->v[i].index == index && !strcmp(g->v[i].file, file)) return &g->v[i];
  g->v = xrealloc(g->v, (g->n + 1) * sizeof *g->v);
  guessed_face *f = &g->v[g->n++];
  *f = (guessed_face){.file = xstrdup(file), .index = index, .chars = hb_set_create()};
  return f;
}

/* The pattern pango (1.50) builds for a font description, before fontconfig's substitutions:
   family list, weight, upright, and the context's language. */
static void assign(face_guess *g, const font_chars *fc) {
  FcPattern *pat = FcPatternCreate();
  char **families = g_strsplit(fc->family, ",", -1);
  for (char **f = families; *f; f++) FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)*f);
  g_strfreev(families);
  FcPatternAddInteger(pat, FC_WEIGHT, fc->bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
  FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  /* Untrimmed: pango trims the sorted list (drops each font that adds no character to those before
     it), but the first font that has a character is the same in both lists, and trimming costs a
     union of every font's character set (a millisecond a font with the CJK fonts installed). */
  FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
  FcPatternDestroy(pat);
  if (!set) return;
  hb_codepoint_t c = HB_SET_VALUE_INVALID;
  while (hb_set_next(fc->chars, &c)) {
    for (int i = 0; i < set->nfont; i++) {
      FcCharSet *cs = NULL;
      FcChar8 *file = NULL;
      int index = 0;
      if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch || !FcCharSetHasChar(cs, c))
        continue;
      if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) break;
      if (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index) != FcResultMatch) index = 0;
      guessed_face *face = face_for(g, (const char *)file, index);
      hb_set_add(face->chars, c);
      for (size_t k = 0; k < fc->n_sizes; k++)
        if (hb_set_has(fc->sizes[k].chars, c)) hb_set_add(chars_at(&face->sizes, &face->n_sizes, fc->sizes[k].size), c);
      break;
    }
  }
  FcFontSetDestroy(set);
}

void face_guess_make(doc_chars *c, face_guess *out) {
  *out = (face_guess){0};
  for (size_t i = 0; i < c->n; i++) {
    assign(out, &c->v[i]);
    free(c->v[i].family);
    hb_set_destroy(c->v[i].chars);
    free_sizes(c->v[i].sizes, c->v[i].n_sizes);
  }
  free(c->v);
  free(c);
}

void face_guess_free(face_guess *g) {
  for (size_t i = 0; i < g->n; i++) {
    free(g->v[i].file);
    hb_set_destroy(g->v[i].chars);
    free_sizes(g->v[i].sizes, g->v[i].n_sizes);
  }
  free(g->v);
  *g = (face_guess){0};
}
