/* "Did you mean …?": the candidate closest to a misspelt name, by edit distance in characters. */
#ifndef CF_NEAREST_H
#define CF_NEAREST_H
#include <stddef.h>

size_t edit_distance(const char *a, const char *b);
/* Returns the candidate nearest to word, or NULL when none is near enough to be a likely typo. */
const char *nearest_name(const char *word, const char *const *candidates, size_t n);
#endif
