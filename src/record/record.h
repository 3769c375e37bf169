/* A cluster record: the input JSON, checked against the field catalog. Problems are collected with
   the file, the line and column where the value stands, its JSON path, the field's Chinese label and
   a fix. The record keeps the JSON as it was read; lookups go by the catalog's dotted keys. */
#ifndef CF_RECORD_H
#define CF_RECORD_H
#include <jansson.h>
#include <stdbool.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "util/diag.h"

typedef struct {
  char *file;  /* as named on the command line */
  char *text;  /* the file's bytes (kept to point at lines and columns) */
  size_t len;
  json_t *root;
  json_t *places; /* a workbook's record: "output.total.2021" → "二、主导产业情况!D4"; else NULL */
  json_t *at;     /* a JSON file's: every value's line and column (record/locate.h), built by the
                     first record_locate, or NULL */
} record;

/* Longest text value accepted, in characters: far beyond any field of the form (the plan allows
   3000), small enough that a pasted file or a runaway script is caught before it fills a DOCX. */
#define RECORD_MAX_TEXT 100000

/* Reads and parses the JSON (syntax, encoding). Returns false after adding errors. */
bool record_read(record *r, const char *path, diag_list *d);
bool record_parse(record *r, const char *name, const char *text, size_t len, diag_list *d);
/* Checks every value against the catalog; the edition gives the labels it prints. */
void record_validate(const record *r, const catalog *c, const edition *e, diag_list *d);
void record_free(record *r);

/* Where the value at a JSON path stands: *line and *col in a JSON file, or *cell, the workbook
   cell it was read from ("二、主导产业情况!D4", owned by r). Leaves them as they are when unknown. */
void record_locate(const record *r, const char *const *path, size_t depth, int *line, int *col, const char **cell);

/* The value under a dotted key ("output.total"), or NULL when absent or null. */
json_t *record_get(const record *r, const char *key);
json_t *json_get_path(json_t *root, const char *key);
/* The record's own "edition", or NULL. */
const char *record_edition(const record *r);
/* The last year the figures describe: "year", or the latest year of output.total; 0 if none. */
int record_year(const record *r);
#endif
