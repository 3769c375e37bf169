#include "util/nearest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"

static size_t decode_all(const char *s, uint32_t **out) {
  size_t n = strlen(s), k = 0;
  uint32_t *v = xmalloc((n + 1) * sizeof *v);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t len = utf8_decode(s + i, n - i, &cp);
    if (!len) len = 1, cp = (unsigned char)s[i];
    v[k++] = cp;
    i += len;
  }
  *out = v;
  return k;
}

size_t edit_distance(const char *a, const char *b) {
  uint32_t *x, *y;
  size_t n = decode_all(a, &x), m = decode_all(b, &y);
  size_t *row = xmalloc((m + 1) * sizeof *row);
  for (size_t j = 0; j <= m; j++) row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j];
      size_t best = diag + (x[i - 1] != y[j - 1]);
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      if (up + 1 < best) best = up + 1;
      row[j] = best;
      diag = up;
    }
  }
  size_t d = row[m];
  free(row);
  free(x);
  free(y);
  return d;
}

const char *nearest_name(const char *word, const char *const *cands, size_t n) {
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    size_t d = edit_distance(word, cands[i]);
    if (d < best_d) best_d = d, best = cands[i];
  }
  /* A suggestion that changes more than about a third of the word is noise, not help. */
  size_t len = utf8_length(word);
  if (!best || best_d > 2 + len / 3) return NULL;
  return best;
}
