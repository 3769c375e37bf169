/* The paper set of a form: its pages N times in one list, ready to print. Each copy starts on a
   front page, and under duplex printing so does each part (a blank back is put before a part that
   would begin on the back of a sheet, and after a copy that ends on a front); the covers of the
   first K copies are marked 正本, the others 副本, at the top right; the bookmarks are nested under
   one per copy. Page numbers are the form's own, so they restart in each copy (blank backs carry
   none). PDF and OFD are written from the list as from any other. */
#ifndef CF_PRINT_SET_H
#define CF_PRINT_SET_H
#include <pango/pango.h>
#include <stdbool.h>

#include "layout/display.h"

typedef struct {
  int copies;    /* ≥ 1 */
  int originals; /* the first `originals` copies are 正本; 0: no marks */
  bool duplex;
} print_plan;

/* Fills out (zeroed by the caller) from one copy's list. `annex` (may be NULL), the 佐证材料清单,
   follows the form in each copy, from a front page. `fm` gives the marks' font. */
void print_set(const display_list *one, const display_list *annex, const print_plan *plan, PangoFontMap *fm,
               display_list *out);
#endif
