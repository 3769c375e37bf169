/* A DOCX file (one we wrote) as PDF or OFD through our own layout: for the annexes a command writes
   beside its main output (the 修改对照表, the 文件清单). */
#ifndef CF_RENDER_DOCX_H
#define CF_RENDER_DOCX_H
#include <stdbool.h>

#include "util/diag.h"

bool render_docx_file(const char *docx, const char *path, bool ofd, const char *title, const char *subject,
                      diag_list *d);
#endif
