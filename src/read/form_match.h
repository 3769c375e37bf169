/* Reads a filled document against a form's pattern: which paragraph, table, row and cell of the
   document is which of the form, and what is written in each slot. Blocks of the form that depend
   on the record are tried both ways, repeated rows as often as the document has them; a value that
   grew to several paragraphs is taken whole. Nothing is guessed: a slot whose text can be split more
   than one way is kept as one piece and reported. */
#ifndef CF_FORM_MATCH_H
#define CF_FORM_MATCH_H
#include <stdbool.h>
#include <stddef.h>

#include "read/doc_blocks.h"
#include "read/form_pattern.h"

typedef enum {
  CAP_VALUE,   /* the text written in a value slot */
  CAP_BOX,     /* a box, ticked or not */
  CAP_YEAR,    /* a year column's year */
  CAP_UNSPLIT  /* several slots next to each other whose text could not be told apart */
} cap_kind;

typedef struct {
  cap_kind kind;
  const seg *seg;      /* the slot (the first of them for CAP_UNSPLIT) */
  size_t n_segs;       /* CAP_UNSPLIT: how many slots */
  const pat *loop;     /* the {{#each}} whose row it was read in, or NULL */
  size_t iter;         /* which row of that loop */
  char *text;          /* as written (trimmed); "" when the slot was left empty */
  bool ticked;         /* CAP_BOX */
  const block *where;  /* the paragraph */
} capture;

typedef struct {
  capture *v;
  size_t n, cap;
  /* When the document does not fit: the paragraph furthest into the document that did not fit,
     and what the form has there. */
  const block *fail_at;
  const pat *fail_want;
  bool too_complex;
} match_result;

bool form_match(const pat *body, const block *doc, match_result *out);
void match_result_free(match_result *r);
#endif
