/* Where a value stands in the JSON text. jansson reports places only for syntax errors; for a
   value that parses but is wrong, a person still wants the line and column. */
#ifndef CF_LOCATE_H
#define CF_LOCATE_H
#include <stdbool.h>
#include <jansson.h>
#include <stddef.h>

/* path: object keys, or array indices written as decimal numbers (for arrays). Finds the value's
   first character. The text must be valid JSON (jansson accepted it). */
bool json_locate(const char *text, size_t len, const char *const *path, size_t depth, int *line,
                 int *col);

/* The places of every value of a JSON text, found in one pass: a record's warnings then cost a
   lookup each, not a scan of the file each (a file of many unknown keys made check quadratic).
   Returns a new object (path components joined by \x1f → [line, column]); the text must be valid
   JSON. Values nested deeper than 64 levels, and those after the first 200 000, are not indexed:
   json_locate finds them. */
json_t *json_places(const char *text, size_t len);
bool json_places_find(json_t *places, const char *const *path, size_t depth, int *line, int *col);
/* Whether the index holds every value of its file. */
bool json_places_complete(json_t *places);
#endif
