/* The 认定标准 file an edition names (templates/criteria/NAME.json), shared by the criteria and the
   plan-target rules. Its format is described in docs/check.md (认定标准与规划目标). */
#ifndef CF_CHECK_CRITERIA_H
#define CF_CHECK_CRITERIA_H
#include <jansson.h>
#include <stdbool.h>

#include "check/check.h"

/* The edition's criteria file, checked against the catalog (a new reference; NULL when the edition
   names none or it cannot be used). Problems with the file itself are added to out->findings when
   report is true (rule "criteria"), so that they appear once per run. */
json_t *criteria_file_load(const check_input *in, check_report *out, bool report);

/* A number as the form writes it (two decimals, half away from zero), read back: the figure every
   threshold is compared with. */
double criteria_round2(double v);
/* A threshold as a person writes it: 40, 13.5, 0.25 (no trailing zeros). */
void criteria_format_threshold(double v, char *buf, size_t n);
/* The comparison words: "≥", ">", "≤", "<", "="; and what holds when it fails. */
const char *criteria_op_sign(const char *op);
const char *criteria_op_negated(const char *op);
/* op is one of >=, >, <=, <, == ; false for anything else. */
bool criteria_compare(double v, const char *op, double threshold);
#endif
