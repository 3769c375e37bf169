/* The check report for people (text, in Chinese) and for programs (JSON, a stable format described
   in docs/check.md). */
#ifndef CF_REPORT_H
#define CF_REPORT_H
#include <jansson.h>
#include <stdio.h>

#include "check/check.h"

void report_text(FILE *out, const check_input *in, const check_report *r);
json_t *report_json(const check_input *in, const check_report *r);
#endif
