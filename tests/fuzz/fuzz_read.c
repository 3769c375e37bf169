/* libFuzzer target: clusterform read of a document whose word/document.xml is the input (put into a
   filled miit-2023 form's package and written as a .docx), read back against the miit-2023 form
   (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "ooxml/package.h"
#include "read/read_docx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static catalog cat;
  static package form;
  static int loaded;
  if (!loaded) {
    diag_list d = {0};
    if (!catalog_load(&cat, CLUSTERFORM_TEMPLATE_DIR "/fields.json", &d) ||
        !package_read(&form, CLUSTERFORM_TEMPLATE_DIR "/miit-2023/form", &d))
      abort();
    diag_free(&d);
    loaded = 1;
  }
  char docx[96];
  snprintf(docx, sizeof docx, "%s/cf-fuzz-read.%d.docx", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
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
  bool fault;
  char *ed = NULL;
  json_t *r = read_docx(docx, &cat, CLUSTERFORM_TEMPLATE_DIR, "miit-2023", NULL, &ed, &fault, &d);
  json_decref(r);
  free(ed);
  diag_free(&d);
  unlink(docx);
  return 0;
}
