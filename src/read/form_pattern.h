/* What a form's template says a filled document looks like, as a pattern to read one back: the
   template's paragraphs and tables with each value tag a slot, each {{? …}} a box, and its blocks
   ({{#if}}, {{#each}} over paragraphs or table rows) parts that may be missing or repeated. */
#ifndef CF_FORM_PATTERN_H
#define CF_FORM_PATTERN_H
#include <stdbool.h>
#include <stddef.h>

#include "merge/eval.h"
#include "read/doc_blocks.h"
#include "util/diag.h"

typedef enum {
  SEG_TEXT,  /* printed words */
  SEG_VALUE, /* a value tag: what is written there is the field's value */
  SEG_BOX,   /* a {{? key=option}} box: □ or ☑ */
  SEG_YEAR,  /* {{edition.y1}} of an edition whose years come from the record */
  SEG_INDEX  /* {{.#}}: the row's number, read and let go */
} seg_kind;

typedef struct {
  seg_kind kind;
  char *text;         /* SEG_TEXT */
  tag tag;            /* the others */
  const field *field; /* SEG_VALUE, SEG_BOX: the field (an item's field inside {{#each}}) */
  const field *list;  /* the list of the enclosing {{#each}}, or NULL */
} seg;

typedef enum { PAT_PARA, PAT_TABLE, PAT_ROW, PAT_CELL, PAT_IF, PAT_EACH } pat_kind;

typedef struct pat {
  pat_kind kind;
  seg *segs;          /* PAT_PARA */
  size_t n_segs;
  bool lines;         /* PAT_PARA: a text value alone in its paragraph, written one paragraph a line */
  bool blank;         /* PAT_PARA: prints nothing (a spacing paragraph) */
  int vmerge;         /* PAT_CELL */
  int keep;           /* PAT_IF: 1 kept, 0 dropped, -1 depends on the record (kept is tried first) */
  tag tag;            /* PAT_IF, PAT_EACH: the opening tag */
  const field *list;  /* PAT_EACH: the list field */
  struct pat *kids;   /* PAT_TABLE: rows; PAT_ROW: cells; PAT_CELL, PAT_IF, PAT_EACH: contents */
  size_t n;
  char *shown;        /* PAT_PARA: its printed words, for messages */
} pat;

/* The pattern of a template body (its blocks read with blocks_read, tags joined). env gives the
   catalog and edition (its record NULL). False, with a problem in d, for what cannot be read back
   (a block inside one paragraph). */
bool pattern_build(const block *body, const merge_env *env, const char *template_name, pat *out, diag_list *d);
void pattern_free(pat *p);
#endif
