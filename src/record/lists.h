/* The rows of a list as the form prints them. Some tables print rows of their own (part 八's goal
   table names 集群产值年均增速, 优质中小企业数量 … under each 方向); the edition lists them, and the
   record's rows fill and extend them. */
#ifndef CF_LISTS_H
#define CF_LISTS_H
#include <jansson.h>
#include <stdbool.h>

#include "catalog/edition.h"
#include "record/record.h"

/* A new array of row objects (the caller decrefs it). r may be NULL (the blank form). */
json_t *list_rows(const edition *e, const record *r, const char *key, bool blank);
#endif
