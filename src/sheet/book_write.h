/* The input workbook written with libxlsxwriter: the layout's sheets with their three header rows,
   the 填报说明 of each field as a cell note, drop-down lists for every choice, numbers formatted with
   two decimals, and the records' values (one row per cluster, one row per list item). */
#ifndef CF_BOOK_WRITE_H
#define CF_BOOK_WRITE_H
#include <stdbool.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "record/record.h"
#include "sheet/book_layout.h"
#include "util/diag.h"

/* `created` is the document date written into the workbook (fixed: equal input, equal bytes). */
bool book_write(const book_layout *b, const edition *ed, const record *recs, size_t n_recs,
                const char *path, const char *shown_path, long long created, diag_list *d);
#endif
