/* The annexes of the 申报表 as Word documents in its style. The 佐证材料清单 as a Word document in the style of the 申报表: the check report's evidence list
   filled into templates/evidence-list/form (a template folder, not an edition). */
#ifndef CF_EVIDENCE_DOCX_H
#define CF_EVIDENCE_DOCX_H
#include <stdbool.h>

#include "check/check.h"
#include "util/diag.h"

/* Writes the list of r (check_evidence's items) to path, replacing it atomically. The catalog of in
   must hold the field "evidence" (templates/fields.json); the template is read from
   in->templates/evidence-list/form. Problems go to d; returns false when nothing was written. */
bool evidence_docx(const check_input *in, const check_report *r, const char *path, diag_list *d);
/* The 企业清单: the record's 企业名单 (enterprises) in the same style, from
   in->templates/enterprise-list/form. */
bool roster_docx(const check_input *in, const char *path, diag_list *d);
#endif
