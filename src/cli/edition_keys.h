/* Which catalog keys an edition's form uses: read from the tags of its template, plus the two
   keys that steer every edition (edition, year). */
#ifndef CF_EDITION_KEYS_H
#define CF_EDITION_KEYS_H
#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "merge/scan.h"
#include "util/diag.h"

/* Returns false (with diagnostics) when the template cannot be read. */
bool edition_keys(const catalog *cat, const edition *ed, key_set *used, diag_list *d);
#endif
