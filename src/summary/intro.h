/* The 集群简介 of one cluster, as a row of the 推荐汇总表 shows it (docs/summary.md).

   The record's own "intro" is used as it is, checked against the edition's limit. Without one it
   is composed following the 2023 guidance (集群主导产业链条描述，行业地位、荣誉称号等，…集群总产值，
   中小企业数量，专精特新…数量。近三年…标准数量，…有效发明专利数量，万人发明专利拥有量等): first the
   free text, whole sentences taken from the record's narratives, then the figures. To stay within
   the limit only whole sentences of the free text are dropped (a sentence that does not fit in
   what the figures leave is left out, and a later, shorter one saying the same may stand in its
   place); the figures are never cut. Characters are counted as check counts them: every character
   that is not whitespace. */
#ifndef CF_SUMMARY_INTRO_H
#define CF_SUMMARY_INTRO_H
#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "record/record.h"
#include "util/diag.h"

/* The national guidance's 300 字 where an edition publishes no limit (miit-2022: limits.intro 0). */
#define INTRO_DEFAULT_LIMIT 300

typedef struct {
  char *text;      /* the 简介 as the table writes it; NULL after an error */
  bool own;        /* the record's own "intro" */
  size_t count;    /* its 字 (count_strict) */
  int limit;
  char *free_text; /* composed: the sentences kept from the narratives ("" when none) */
  char *figures;   /* composed: the figures ("" when the record has none) */
  char **dropped;  /* composed: sentences the free text would say that did not fit, in order */
  size_t n_dropped;
} cluster_intro;

/* The edition's limit on the 简介: limits.intro, or INTRO_DEFAULT_LIMIT when it publishes none. */
int intro_limit(const edition *ed);
/* Makes the 简介. On a problem (the record's own 简介 over the limit; the figures alone over it)
   adds an error naming the cluster (its name and file) with the counts, and returns false. What
   was dropped is reported as a note. cat may be NULL (numbers are then written as the catalog's
   defaults would: integers whole, others with two decimals). */
bool intro_make(const record *rec, const catalog *cat, const edition *ed, cluster_intro *out, diag_list *d);
void intro_free(cluster_intro *x);
#endif
