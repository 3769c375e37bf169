/* Fills a template part (word/document.xml, a header or footer) with a record: values, ticked
   boxes, repeated rows and paragraphs, kept or dropped blocks. The part must have passed
   scan_template (which also joins tags that Word split across runs). */
#ifndef CF_MERGE_H
#define CF_MERGE_H
#include <libxml/tree.h>

#include "merge/eval.h"

void merge_document(xmlDocPtr doc, const merge_env *env);

/* The glyphs of a ticked and an unticked option, as the published forms print them. */
#define BOX_TICKED "\xE2\x98\x91"   /* ☑ U+2611 */
#define BOX_EMPTY "\xE2\x98\x90"    /* ☐ U+2610 */
/* What a required cell says when the record has nothing for it (填报说明 2). */
#define EMPTY_VALUE "\xE6\x97\xA0"  /* 无 */
#endif
