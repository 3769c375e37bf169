/* What a command was given to read: JSON records, workbooks (.xlsx), CSV files, and folders of
   them. A workbook holds one cluster or many; CSV files given together are the sheets of one
   workbook (LibreOffice writes one file a sheet). Every cluster becomes a record; a file that
   cannot be read at all becomes an entry of its own, so a batch reports it and goes on. */
#ifndef CF_INPUTS_H
#define CF_INPUTS_H
#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "record/record.h"
#include "util/diag.h"

typedef struct {
  record rec;      /* rec.root is NULL when the input could not be read */
  char *source;    /* the file (and for a workbook, "book.xlsx（集群名称）") */
  bool failed;     /* errors while reading: the problems are in the run's diagnostics */
} input_item;

typedef struct {
  input_item *v;
  size_t n;
} input_set;

/* Reads every input. `edition` (-e, may be NULL) and `templates` tell a workbook which sheets it
   must have. Problems go to d; an input with errors is kept as a failed item. */
void inputs_load(char *const *paths, size_t n, const catalog *cat, const char *edition, const char *templates,
                 input_set *out, diag_list *d);
/* True when any path is a workbook, a CSV file or a folder (commands then show a batch's table). */
bool inputs_are_batch(char *const *paths, size_t n);
size_t inputs_failed(const input_set *s);
void inputs_free(input_set *s);
#endif
