/* The numbers of WordprocessingML that layout turns into sizes, counts and positions, with the
   ranges Word itself keeps them in. A template comes from a user: a number outside its range (a
   gridSpan of -1, an indent of 1e300, an outline level of 2^31) is an error in the template, and
   whatever reads one anyway gets it clamped, never cast out of range. */
#ifndef CF_OOXML_NUMBERS_H
#define CF_OOXML_NUMBERS_H
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

/* The range of attribute `attr` of w:`elem` (parent: the element's parent's name, for the few
   names that mean different things in different places); false when it is not a number we read. */
bool ooxml_number_range(const char *parent, const char *elem, const char *attr, double *lo, double *hi);
/* Reads text as a number ("720", "-240", "12pt" keeps 12, "50%" 50): false when it is none or
   not finite. */
bool ooxml_parse_number(const char *text, double *out);
/* Every number of a part checked against its range; each problem with its place. Returns how many. */
size_t ooxml_check_numbers(xmlDocPtr doc, const char *file, const char *part, diag_list *d);
#endif
