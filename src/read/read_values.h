/* What was read from a filled form, turned back into a cluster record: each slot's text read as
   its field's type (two decimals, 是/否, an option's words, a date, 无 for nothing), the boxes as
   the options they tick, the repeated rows as the list's items. A field the form shows twice must
   say the same in both places. Problems name the document, the place in it and the field. */
#ifndef CF_READ_VALUES_H
#define CF_READ_VALUES_H
#include <jansson.h>
#include <stdbool.h>

#include "merge/eval.h"
#include "read/form_match.h"
#include "util/diag.h"

/* The record (a new reference), or NULL after adding errors. `base` (may be NULL) gives what the
   form does not show (the 汇总表's 简介, the 企业名单 …): the result is base with every field the
   form shows replaced by what the document says. */
json_t *read_record(const pat *form, const match_result *m, const merge_env *env, const char *file, json_t *base,
                    diag_list *d);
#endif
