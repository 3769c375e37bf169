/* 统一社会信用代码 (GB 32100-2015): 18 characters from 0–9 and the capitals but I, O, Z, S and V;
   the last is a check character over the first 17 (weights 3^i mod 31). */
#ifndef CF_USCC_H
#define CF_USCC_H
#include <stdbool.h>

typedef enum { USCC_OK, USCC_LENGTH, USCC_CHARACTER, USCC_CHECK } uscc_result;

/* Checks a code. On USCC_CHECK, *expected is the check character the first 17 give; on
   USCC_CHARACTER, *bad is the 1-based position of the first character not allowed. */
uscc_result uscc_check(const char *code, char *expected, int *bad);
#endif
