/* Which font file each character of a document will be drawn with, asked of fontconfig before the
   document is laid out, as pango will ask it during layout. cut_fonts uses the guess to cut faces on
   the second core while the first lays the document out. A guess, not a promise: pango may choose
   otherwise (cut_fonts checks every face against what layout drew). */
#ifndef CF_FACE_GUESS_H
#define CF_FACE_GUESS_H
#include <hb.h>
#include <stdbool.h>
#include <stddef.h>

#include "layout/docmodel.h"

/* The characters a face will draw at one size. */
typedef struct {
  double size; /* points */
  hb_set_t *chars;
} sized_chars;

typedef struct {
  char *file;
  int index;       /* the face in a collection */
  hb_set_t *chars; /* the characters it will draw */
  sized_chars *sizes; /* the same characters by the size they are drawn at */
  size_t n_sizes;
} guessed_face;

typedef struct {
  guessed_face *v;
  size_t n;
} face_guess;

typedef struct doc_chars doc_chars;

/* Tabs and line breaks draw no glyph. */
bool draws_glyph(hb_codepoint_t c);
/* The document's characters by font (family and weight). Reads doc: call it where doc lives. */
doc_chars *doc_chars_collect(const document *doc);
/* Gives every character to the face fontconfig picks for it: the first font of the sorted fallback
   list for its family, weight and language (zh-cn) that has the character. Only fontconfig (which
   is thread-safe) is used, so any thread may call it. Frees c. */
void face_guess_make(doc_chars *c, face_guess *out);
void face_guess_free(face_guess *g);
#endif
