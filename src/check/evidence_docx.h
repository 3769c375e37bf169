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
/* Any annex: templates/FOLDER (a folder of OOXML parts) filled with root, the record it shows, and
   written to path; `what` names it in the document's title and in messages ("修改对照表"). */
bool annex_docx(const check_input *in, const char *folder, json_t *root, const char *what, const char *path,
                diag_list *d);
#endif
