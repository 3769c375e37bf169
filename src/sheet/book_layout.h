/* The input workbook of an edition: which sheets it has and which columns each holds. One sheet
   per part of the form (一、基本情况 …), in the form's order; the goal table and every other list as
   a sheet of rows. Each sheet holds one row per cluster (list sheets: one row per item), linked
   by the 集群名称 in column A, so one workbook holds one cluster or a whole batch.
   The header is three rows: the field's label (with its unit), the year or option under it, and
   the field's key (output.total.2021), which is what the reader goes by. */
#ifndef CF_BOOK_LAYOUT_H
#define CF_BOOK_LAYOUT_H
#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "record/record.h"
#include "util/diag.h"

#define BOOK_HEADER_ROWS 3 /* label, year/option, key; data from the fourth row */
#define BOOK_KEY_ROW 2     /* 0-based */
#define BOOK_GUIDE_SHEET "填写说明"
/* The 填写说明's line that names the workbook's edition: "申报表版本：miit-2023（…）". */
#define BOOK_EDITION_MARK "申报表版本："

typedef struct {
  char *key;                /* the key row's text: "name", "output.total.2021", "chain.work=chain_map",
                               "plan.goals.target" */
  const field *f;           /* the catalog field, or the list's item field */
  int year;                 /* the year of a series column, else 0 */
  const field_option *opt;  /* the option of a multi-choice column, else NULL */
  char *label;              /* first header row: the label with its unit */
  char *sub;                /* second header row: "2021年", the option's words, or "" */
} book_col;

typedef struct {
  char *name;         /* the sheet's name (31 characters at most, as Excel allows) */
  const field *list;  /* a list sheet's field (plan.goals), or NULL for a part sheet */
  book_col *cols;     /* cols[0] is 集群名称 */
  size_t n;
} book_sheet;

typedef struct {
  book_sheet *sheets;
  size_t n;
} book_layout;

/* The layout for an edition, from its form (the order and part of each field) and the records
   to be written into it (their years and fields join the edition's; recs may be NULL). */
bool book_layout_make(book_layout *b, const catalog *cat, const edition *ed, const record *recs, size_t n_recs,
                      diag_list *d);
void book_layout_free(book_layout *b);
/* The column a key-row text names, or NULL; *sheet_out gets its sheet. */
const book_col *book_find_col(const book_layout *b, const char *key, const book_sheet **sheet_out);
/* Reads a key-row text into its field, year and option (what the reader does with any column,
   laid out by us or not). Returns the catalog field (for list item columns, the list) or NULL. */
const field *book_parse_key(const catalog *cat, const char *key, int *year, const field_option **opt,
                            const field **item);
#endif
