/* What changed between two versions of a cluster's record, field by field in the order the form
   shows them, each with its Chinese label and both values as the form writes them. The rows of a
   list (the goal table, the 企业名单) are matched by their content, not their place: a row put in
   is one change, not a change of every row after it. */
#ifndef CF_RECORD_DIFF_H
#define CF_RECORD_DIFF_H
#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "record/record.h"
#include "util/diag.h"

typedef enum { CHANGE_MODIFIED, CHANGE_ADDED, CHANGE_REMOVED } change_kind;

typedef struct {
  change_kind kind;
  char *key;   /* "output.total", "plan.goals" */
  int year;    /* of a series, else 0 */
  char *item;  /* the 栏目 as a person reads it: "集群总产值（亿元）2021年", "发展目标表 第3行" */
  char *old_value, *new_value; /* as the form writes them; "无" for nothing */
} change;

typedef struct {
  change *v;
  size_t n;
} change_list;

/* The changes from old to new, for the edition's form (its order and labels). False (with
   problems in d) when the edition's form cannot be read. */
bool record_diff(const catalog *cat, const edition *ed, const record *old_rec, const record *new_rec, change_list *out,
                 diag_list *d);
void change_list_free(change_list *l);
#endif
