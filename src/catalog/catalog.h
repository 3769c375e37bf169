/* The field catalog (templates/fields.json): every key a cluster record may hold, with its Chinese
   label, type, unit and limits. Keys are edition-independent: one fact, one key, in every edition. */
#ifndef CF_CATALOG_H
#define CF_CATALOG_H
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

typedef enum {
  FT_LINE,    /* one line of text */
  FT_TEXT,    /* narrative, paragraphs separated by line feeds */
  FT_DECIMAL, /* a number written with two decimals */
  FT_PERCENT, /* a share, 0–100, two decimals */
  FT_RATE,    /* a growth rate in %, may be negative, two decimals */
  FT_INTEGER, /* a count, whole and not negative */
  FT_BOOL,
  FT_CHOICE,  /* one option id */
  FT_MULTI,   /* several option ids */
  FT_NAMES,   /* a list of names */
  FT_DATE,
  FT_LIST,    /* rows of a table (items with their own fields) */
  FT_VALUE    /* a number or a short text (goal table cells) */
} field_type;

typedef struct {
  char *id;
  char *text;
} field_option;

typedef struct field {
  char *key, *label, *unit, *note;
  field_type type;
  bool series;   /* one value per year: {"2021": …} */
  bool required;
  bool plan;     /* part of the development plan (counted against its 3000 字) */
  bool sheet;    /* a list with a sheet of its own in every input workbook (the 企业名单) */
  int limit;     /* 字 limit, 0 = none */
  bool has_min, has_max;
  double min, max;
  field_option *options;
  size_t n_options;
  struct field *items; /* FT_LIST: the fields of one row */
  size_t n_items;
} field;

typedef struct {
  field *fields;
  size_t n;
  int plan_limit;
} catalog;

/* Loads the catalog; problems go to diags. Returns false when it cannot be used. */
bool catalog_load(catalog *c, const char *path, diag_list *diags);
void catalog_free(catalog *c);

const field *catalog_find(const catalog *c, const char *key);
const field *field_item(const field *list, const char *key);
const field_option *field_option_find(const field *f, const char *id_or_text);
/* True if some key starts with prefix followed by '.' (so prefix names a group, as "output"). */
bool catalog_is_group(const catalog *c, const char *prefix);
const char *field_type_name(field_type t);
bool field_type_is_number(field_type t);
#endif
