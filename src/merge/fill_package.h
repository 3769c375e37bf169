/* Fills a whole template package: checks every part that can hold tags (document, headers,
   footers), reports all problems together, then merges and sets the document's title. */
#ifndef CF_FILL_PACKAGE_H
#define CF_FILL_PACKAGE_H
#include <stdbool.h>

#include "merge/eval.h"
#include "merge/scan.h"
#include "ooxml/package.h"
#include "util/diag.h"

/* Checks the template only (used keys go to `used`, which may be NULL). Returns the error count.
   The parts' bytes are left as they are; each parsed part is kept with it (part.xml, split tags
   joined) for the fill. */
size_t check_package(package *pkg, const char *template_name, const merge_env *env, diag_list *d,
                     key_set *used, slot_list *slots);
/* Checks, then fills in place. Returns false (and leaves pkg as it was) on template errors. The
   catalog keys the template uses go to `used` (may be NULL). */
bool fill_package(package *pkg, const char *template_name, const merge_env *env, const char *title,
                  diag_list *d, key_set *used);
/* Fills in place a package that check_package has passed with no errors (what it finds depends on
   the template, not on the record's values): the merge alone. */
bool fill_checked_package(package *pkg, const char *template_name, const merge_env *env, const char *title,
                          diag_list *d);
#endif
