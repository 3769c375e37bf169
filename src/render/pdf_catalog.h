/* What cairo 1.16 cannot put in a PDF's catalog, added as an incremental update of the bytes it
   wrote: the document's language (/Lang zh-CN, for screen readers and archives), the bookmarks pane
   open on start (/PageMode /UseOutlines), the title in the window's bar, and XMP metadata (title,
   author, subject, creator tool, dates) as archives and PDF/A ask. */
#ifndef CF_PDF_CATALOG_H
#define CF_PDF_CATALOG_H
#include <stdbool.h>

#include "layout/display.h"
#include "util/strbuf.h"

/* pdf: the complete file cairo wrote (a classic xref table, as cairo writes). iso_date: the
   document's date ("2023-07-20T00:00:00Z") or NULL. False when the bytes are not as expected
   (then they are left as they are). */
bool pdf_finish_catalog(strbuf *pdf, const display_list *dl, const char *iso_date);
#endif
