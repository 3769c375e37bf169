/* libFuzzer target: a template's word/document.xml (the bytes as XML, so that the dictionary
   ooxml.dict reaches tables, merged cells and spans), put into the miit-2023 form's package, written
   as a .docx and read back as fill reads a template, checked, filled with the miit-2023 example,
   laid out, and drawn as PDF and as OFD (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "layout/docmodel.h"
#include "layout/layout.h"
#include "merge/fill_package.h"
#include "ooxml/package.h"
#include "record/record.h"
#include "render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static catalog cat;
  static edition ed;
  static record rec;
  static package form;
  static PangoFontMap *fm;
  static int loaded;
  if (!loaded) {
    diag_list d = {0};
    layout_use_fonts(CLUSTERFORM_TEMPLATE_DIR "/../fonts");
    if (!catalog_load(&cat, CLUSTERFORM_TEMPLATE_DIR "/fields.json", &d) ||
        !edition_load(&ed, CLUSTERFORM_TEMPLATE_DIR, "miit-2023", &d) ||
        !record_read(&rec, CLUSTERFORM_TEMPLATE_DIR "/../examples/miit-2023.json", &d) || !package_read(&form, ed.form, &d))
      abort();
    fm = layout_font_map();
    diag_free(&d);
    loaded = 1;
    /* fontconfig, pango and cairo fill caches the first time a face is used, and keep them: one
       pass over the form itself first, so that those are not taken for leaks of the first input. */
    const char *xml = NULL;
    part *pt = package_find(&form, "word/document.xml");
    if (pt) xml = pt->data;
    if (xml) LLVMFuzzerTestOneInput((const uint8_t *)xml, strlen(xml));
  }
  const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char docx[96], pdf[96], ofd[96];
  snprintf(docx, sizeof docx, "%s/cf-fuzz-layout.%d.docx", tmp, (int)getpid());
  snprintf(pdf, sizeof pdf, "%s/cf-fuzz-layout.%d.pdf", tmp, (int)getpid());
  snprintf(ofd, sizeof ofd, "%s/cf-fuzz-layout.%d.ofd", tmp, (int)getpid());
  package p;
  package_copy(&p, &form);
  char *xml = malloc(size + 1);
  memcpy(xml, data, size);
  xml[size] = '\0';
  package_set(&p, "word/document.xml", xml, size);
  size_t len;
  char *err = NULL, *bytes = package_zip(&p, &len, &err);
  package_free(&p);
  free(err);
  if (!bytes) return 0;
  FILE *f = fopen(docx, "wb");
  if (!f) abort();
  fwrite(bytes, 1, len, f);
  fclose(f);
  free(bytes);
  diag_list d = {0};
  package pkg;
  if (package_read(&pkg, docx, &d)) {
    merge_env env = {.cat = &cat, .ed = &ed, .rec = &rec};
    key_set used = {0};
    slot_list slots = {0};
    document doc;
    if (check_package(&pkg, docx, &env, &d, &used, &slots) == 0 && fill_checked_package(&pkg, docx, &env, "fuzz", &d) &&
        docmodel_read(&doc, &pkg, docx, &d)) {
      display_list dl = {0};
      layout_document_in(&doc, &dl, fm);
      if (layout_fits(&dl, docx, &d)) {
        dl.title = strdup("fuzz"), dl.author = strdup(""), dl.subject = strdup("");
        render_pdf(&dl, NULL, pdf, "2023-01-01", &d);
        render_ofd(&dl, ofd, "2023-01-01", &d);
      }
      dl_free(&dl);
      docmodel_free(&doc);
    }
    key_set_free(&used);
    slot_list_free(&slots);
  }
  package_free(&pkg);
  diag_free(&d);
  unlink(docx);
  unlink(pdf);
  unlink(ofd);
  return 0;
}
