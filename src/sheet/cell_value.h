/* One cell read as the value of a field. People type figures the way they see them: "1,234.50",
   full-width "１６８．０５", "70%", "42.8平方公里". Where the meaning is certain the value is read and
   a note says how; where it is not (a share typed as 0.70) a warning asks; anything else is an
   error that says what the cell should hold. */
#ifndef CF_CELL_VALUE_H
#define CF_CELL_VALUE_H
#include <jansson.h>

#include "catalog/catalog.h"
#include "sheet/grid.h"
#include "util/diag.h"

/* A new JSON value, or NULL when the cell holds nothing for the field (or on an error, reported at
   `at`). `opt` is the option of a multi-choice column: the result is then true or false. */
json_t *cell_value(const cell *c, const field *f, const field_option *opt, const diag_place *at, diag_list *d);
#endif
