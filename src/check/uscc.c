#include "check/uscc.h"

#include <string.h>

static const char CHARS[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* the 31, value = index */

uscc_result uscc_check(const char *code, char *expected, int *bad) {
  if (strlen(code) != 18) return USCC_LENGTH;
  int sum = 0, weight = 1;
  for (int i = 0; i < 18; i++) {
    const char *p = code[i] ? strchr(CHARS, code[i]) : NULL;
    if (!p) {
      if (bad) *bad = i + 1;
      return USCC_CHARACTER;
    }
    if (i < 17) {
      sum += (int)(p - CHARS) * weight;
      weight = weight * 3 % 31;
    }
  }
  int c = (31 - sum % 31) % 31;
  if (CHARS[c] != code[17]) {
    if (expected) *expected = CHARS[c];
    return USCC_CHECK;
  }
  return USCC_OK;
}
