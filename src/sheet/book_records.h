/* Records from a workbook (XLSX or CSV): one per cluster named in column A of its sheets. Sheets
   are recognised by their key row (column A reads "name"), so a workbook laid out by hand, or
   re-saved by any spreadsheet program, reads the same as ours. Every value remembers its cell, and
   every problem names the file, sheet!cell and the field's label. */
#ifndef CF_BOOK_RECORDS_H
#define CF_BOOK_RECORDS_H
#include <stdbool.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "record/record.h"
#include "sheet/book_layout.h"
#include "sheet/grid.h"
#include "util/diag.h"

/* Appends the workbook's records to *recs (n of them). `ed` gives labels (may be NULL); `expect`
   (may be NULL) the sheets the workbook must have. False when the workbook has errors. */
bool book_records(const workbook *wb, const catalog *cat, const edition *ed, const book_layout *expect, record **recs,
                  size_t *n, diag_list *d);
#endif
