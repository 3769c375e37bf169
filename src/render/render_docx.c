#include "render/render_docx.h"

#include <stdlib.h>

#include "layout/docmodel.h"
#include "layout/layout.h"
#include "ooxml/package.h"
#include "render/render.h"
#include "util/strbuf.h"

bool render_docx_file(const char *docx, const char *path, bool ofd, const char *title, const char *subject,
                      diag_list *d) {
  package pkg = {0};
  bool ok = package_read(&pkg, docx, d);
  document doc;
  if (ok && (ok = docmodel_read(&doc, &pkg, docx, d))) {
    display_list dl = {0};
    layout_document(&doc, &dl);
    dl.title = xstrdup(title);
    dl.author = xstrdup("");
    dl.subject = xstrdup(subject);
    const char *date = getenv("CLUSTERFORM_PDF_DATE");
    ok = layout_fits(&dl, docx, d) && (ofd ? render_ofd(&dl, path, date, d) : render_pdf(&dl, NULL, path, date, d));
    dl_free(&dl);
    docmodel_free(&doc);
  }
  package_free(&pkg);
  return ok;
}
