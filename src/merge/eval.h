/* What a tag means for one record: its checks against the catalog (for the template scan) and its
   value (for the merge). */
#ifndef CF_EVAL_H
#define CF_EVAL_H
#include <jansson.h>
#include <stdbool.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "merge/tag.h"
#include "record/record.h"

typedef struct {
  const catalog *cat;
  const edition *ed;
  const record *rec; /* NULL for the blank form */
  bool blank;
  /* The blank form still writes the record's values (not its lists' rows): the empty 推荐汇总表
     with the authority's name (clusterform summary --authority and no clusters). */
  bool values_in_blank;
} merge_env;

/* The item of an enclosing {{#each}}. */
typedef struct scope {
  json_t *item;
  const field *list;
  size_t index; /* 0-based */
} scope;

/* Checks a tag against the catalog and edition. `list` is the list field of the enclosing
   {{#each}}, or NULL. On a problem returns false with a message (and a suggestion, or "") . */
bool tag_check(const merge_env *env, const tag *t, const field *list, char *msg, size_t cap,
               char *hint, size_t hint_cap);
/* The field a tag names (NULL for edition.*, .#, blank). */
const field *tag_field(const merge_env *env, const tag *t, const field *list);
/* The text a value tag writes; NULL when the value is empty. */
char *eval_value(const merge_env *env, const scope *sc, const tag *t);
bool eval_check(const merge_env *env, const scope *sc, const tag *t);
bool eval_truthy(const merge_env *env, const scope *sc, const tag *t);
/* The items an {{#each}} repeats (a new reference), its filter applied. */
json_t *eval_items(const merge_env *env, const tag *t);
/* The year a selector names (y1, base, m2, 2021 …), 0 if none; *unknown_year for "XX". */
int selector_year(const merge_env *env, const char *sel, bool *unknown_year);
#endif
