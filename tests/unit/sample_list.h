/* A small display list built by hand, drawn by the PDF, PNG and OFD writer tests alike: two pages,
   glyph runs shaped by pango in FandolFang (unhinted, as layout.c shapes), rules, a filled box, an
   underlined run and three bookmarks. */
#ifndef CF_TEST_SAMPLE_LIST_H
#define CF_TEST_SAMPLE_LIST_H
#include "layout/display.h"

/* Rare characters on purpose: 𠮷 is outside the BMP and outside FandolFang (a fallback font draws
   it); ☑ and □ are the form's check boxes; & must survive XML escaping. */
#define SAMPLE_LINE1 "集群名称：测试𠮷集群 A&B ☑是 □否"
#define SAMPLE_LINE2 "申报单位（盖章）："
#define SAMPLE_LINE3 "    2023年6月30日    " /* underlined, leading and trailing spaces kept */

/* Fills dl (zeroed by the caller; dl_free frees it). Needs FONTCONFIG_FILE set to the project's
   fonts.conf before the first pango call. */
void sample_list(display_list *dl);
#endif
