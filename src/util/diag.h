/* Problems found in a run, collected so that all of them are reported together.
   Each names the file and the place a person sees (line:column, JSON path, template cell),
   the form field's Chinese label and key, what is wrong and how to fix it. */
#ifndef CF_DIAG_H
#define CF_DIAG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct {
  diag_severity severity;
  char *file;    /* the input or template file, or NULL */
  int line, col; /* 1-based; 0 when the place is given by `where` alone */
  char *where;   /* JSON path ($.output.total.2021) or a place in a template */
  char *key;     /* the field's key, or NULL */
  char *label;   /* the field's Chinese label, or NULL */
  char *message; /* what is wrong: a whole sentence */
  char *fix;     /* what would fix it, or NULL */
  char *rule;    /* the check that found it ("length", "criteria" …), or NULL */
  char *value;   /* the value as the record gives it, or NULL */
} diag;

typedef struct {
  diag *items;
  size_t n, cap;
} diag_list;

typedef struct {
  const char *file;
  int line, col;
  const char *where;
  const char *key;
  const char *label;
} diag_place;

void diag_add(diag_list *l, diag_severity sev, const diag_place *place, const char *fix,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Sets the rule and the value of the problem added last. */
void diag_tag(diag_list *l, const char *rule, const char *value);
size_t diag_count(const diag_list *l, diag_severity sev);
/* One problem per line, in the order found. */
void diag_print(FILE *out, const diag_list *l);
void diag_free(diag_list *l);
#endif
