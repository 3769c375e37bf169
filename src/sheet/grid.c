#include "sheet/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

sheet *grid_add_sheet(workbook *wb, const char *name) {
  wb->sheets = xrealloc(wb->sheets, (wb->n + 1) * sizeof *wb->sheets);
  sheet *s = &wb->sheets[wb->n++];
  memset(s, 0, sizeof *s);
  s->name = xstrdup(name);
  return s;
}

bool grid_add_cell(sheet *s, cell c) {
  if (s->n >= GRID_MAX_CELLS) {
    free(c.text);
    return false;
  }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
    s->cells = xrealloc(s->cells, s->cap * sizeof *s->cells);
  }
  s->cells[s->n++] = c;
  return true;
}

static int cmp_cell(const void *a, const void *b) {
  const cell *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

void grid_sort(sheet *s) {
  for (size_t i = 1; i < s->n; i++)
    if (cmp_cell(&s->cells[i - 1], &s->cells[i]) > 0) {
      qsort(s->cells, s->n, sizeof *s->cells, cmp_cell);
      return;
    }
}

const cell *grid_cell(const sheet *s, int row, int col) {
  cell key = {.row = row, .col = col};
  return bsearch(&key, s->cells, s->n, sizeof *s->cells, cmp_cell);
}

const sheet *grid_sheet(const workbook *wb, const char *name) {
  for (size_t i = 0; i < wb->n; i++)
    if (!strcmp(wb->sheets[i].name, name)) return &wb->sheets[i];
  return NULL;
}

void workbook_free(workbook *wb) {
  for (size_t i = 0; i < wb->n; i++) {
    sheet *s = &wb->sheets[i];
    for (size_t k = 0; k < s->n; k++) free(s->cells[k].text);
    free(s->cells);
    free(s->merges);
    free(s->name);
  }
  free(wb->sheets);
  free(wb->file);
  memset(wb, 0, sizeof *wb);
}

void cell_ref(int row, int col, char out[16]) {
  char letters[8];
  int n = 0;
  for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26) letters[n++] = (char)('A' + (c - 1) % 26);
  int k = 0;
  while (n) out[k++] = letters[--n];
  snprintf(out + k, (size_t)(16 - k), "%d", row + 1);
}

bool cell_ref_parse(const char *s, int *row, int *col) {
  long c = 0, r = 0;
  const char *p = s;
  while (*p >= 'A' && *p <= 'Z' && c <= GRID_MAX_COLS) c = c * 26 + (*p++ - 'A' + 1);
  if (p == s || c > GRID_MAX_COLS) return false;
  const char *digits = p;
  while (*p >= '0' && *p <= '9' && r <= GRID_MAX_ROWS) r = r * 10 + (*p++ - '0');
  if (p == digits || *p || r < 1 || r > GRID_MAX_ROWS) return false;
  *row = (int)r - 1;
  *col = (int)c - 1;
  return true;
}
