/* UTF-8 helpers: validation with a human place (line, column), decoding, counting. */
#ifndef CF_UTF8_H
#define CF_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (n bytes left). Returns its length, or 0 if the bytes are not
   well-formed UTF-8 (overlong forms and surrogates included). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t utf8_encode(uint32_t cp, char out[4]);

/* Checks a whole buffer. On failure sets *line and *col (1-based, columns in characters) of the
   first bad byte and returns false. */
bool utf8_validate(const char *s, size_t n, int *line, int *col);

/* Number of code points. */
size_t utf8_length(const char *s);
#endif
