/* A workbook as read: its sheets, each a list of the cells that hold something, and its merged
   ranges. XLSX and CSV readers both produce it; book_records.c turns it into records. */
#ifndef CF_GRID_H
#define CF_GRID_H
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

typedef enum { CELL_NUMBER, CELL_TEXT, CELL_BOOL, CELL_ERROR } cell_type;

typedef struct {
  int row, col;   /* 0-based */
  cell_type type;
  char *text;     /* the text; for numbers the digits as stored ("42.8"); for errors "#N/A" */
  double num;     /* numbers and booleans */
  bool percent;   /* shown as a percentage (number format with %) */
  bool date;      /* shown as a date (number format of days) */
  bool typed;     /* from a CSV file: text as a person typed it, numbers included */
} cell;

typedef struct {
  int r1, c1, r2, c2; /* inclusive, 0-based */
} cell_range;

typedef struct {
  char *name;
  cell *cells;
  size_t n, cap;
  cell_range *merges;
  size_t n_merges;
} sheet;

typedef struct {
  char *file;   /* as named on the command line */
  bool csv;     /* read from CSV files (one sheet each) */
  sheet *sheets;
  size_t n;
} workbook;

/* Limits that keep a hostile file from taking the machine (each a clear error when passed). */
#define GRID_MAX_CELLS 2000000
#define GRID_MAX_ROWS 1048576
#define GRID_MAX_COLS 16384

sheet *grid_add_sheet(workbook *wb, const char *name);
/* Adds a cell (takes text). False when the sheet has reached GRID_MAX_CELLS. */
bool grid_add_cell(sheet *s, cell c);
/* Sorts the cells by row and column (the readers add them in order; CSV and XLSX may not). */
void grid_sort(sheet *s);
const cell *grid_cell(const sheet *s, int row, int col);
const sheet *grid_sheet(const workbook *wb, const char *name);
void workbook_free(workbook *wb);
/* "D4" from 0-based row and column. */
void cell_ref(int row, int col, char out[16]);
/* Reads "D4" into 0-based row and column; false if it is not a reference. */
bool cell_ref_parse(const char *s, int *row, int *col);

/* The readers. Each adds its problems (file, sheet!cell, what to do) and returns false when the
   file cannot be used at all. */
bool xlsx_read(workbook *wb, const char *path, diag_list *d);
/* One CSV file as one sheet (named for the file), added to wb. */
bool csv_read(workbook *wb, const char *path, diag_list *d);
#endif
