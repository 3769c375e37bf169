/* Where a value stands in the JSON text. jansson reports places only for syntax errors; for a
   value that parses but is wrong, a person still wants the line and column. */
#ifndef CF_LOCATE_H
#define CF_LOCATE_H
#include <stdbool.h>
#include <stddef.h>

/* path: object keys, or array indices written as decimal numbers (for arrays). Finds the value's
   first character. The text must be valid JSON (jansson accepted it). */
bool json_locate(const char *text, size_t len, const char *const *path, size_t depth, int *line,
                 int *col);
#endif
