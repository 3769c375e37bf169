/* How the form writes a value: 填报说明 2 asks two decimals wherever a number has decimals. */
#ifndef CF_FORMAT_H
#define CF_FORMAT_H
#include <jansson.h>

#include "catalog/catalog.h"

/* Exactly two decimals, rounded in decimal, half away from zero, from the number as the person
   wrote it (2.675 → 2.68, although the binary double is a hair below 2.675). */
char *format_decimal2(double x);
/* A number as written on the form: integers whole, others with two decimals. */
char *format_number(double x);
/* The value of a field as the form shows it, or NULL when there is nothing to write. */
char *format_value(const field *f, json_t *v);
/* "2023-06-30" → "2023年6月30日"; other strings unchanged. */
char *format_date(const char *s);
#endif
