/* An edition of the form: a folder under templates/ with edition.json and the form's OOXML parts.
   Everything that differs between editions is data here, never code. */
#ifndef CF_EDITION_H
#define CF_EDITION_H
#include <jansson.h>
#include <stdbool.h>

#include "util/diag.h"

typedef struct {
  char *id;
  char *title;
  char *dir;       /* the edition's folder */
  char *form;      /* the folder (or .docx) holding the form's OOXML parts */
  char *summary;   /* the folder of the 推荐汇总表's OOXML parts; NULL when the edition has none */
  bool auto_years; /* year columns come from the record ("XX年" on the blank form) */
  int years[3];
  int baseline_year, target_year; /* 0 when the edition has no goal table */
  int milestones[3];
  int limit_narrative, limit_plan, limit_intro;
  int print_copies, print_originals; /* the paper set the notice asks for (一式四份, 正本1份 …) */
  char *criteria;  /* the 认定标准 it is judged by: templates/criteria/NAME.json; NULL for none */
  json_t *strings; /* {"name": "pre-printed words"} */
  json_t *labels;  /* {"key": "the edition's label"} */
  json_t *lists;   /* {"plan.goals": {...default rows...}} */
} edition;

bool edition_load(edition *e, const char *templates_dir, const char *id, diag_list *diags);
void edition_free(edition *e);
/* The edition ids found under templates_dir, sorted; the caller frees each and the array. */
char **edition_ids(const char *templates_dir, size_t *n);
/* The label this edition prints for a key, or fallback. */
const char *edition_label(const edition *e, const char *key, const char *fallback);
#endif
