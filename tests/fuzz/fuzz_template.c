/* libFuzzer target: a .docx given as a template (its zip bytes), read, checked (tags, numbers,
   size) and filled with the miit-2023 example, as fill --template does it (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "merge/fill_package.h"
#include "ooxml/package.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static catalog cat;
  static edition ed;
  static record rec;
  static int loaded;
  if (!loaded) {
    diag_list d = {0};
    if (!catalog_load(&cat, CLUSTERFORM_TEMPLATE_DIR "/fields.json", &d) ||
        !edition_load(&ed, CLUSTERFORM_TEMPLATE_DIR, "miit-2023", &d) ||
        !record_read(&rec, CLUSTERFORM_TEMPLATE_DIR "/../examples/miit-2023.json", &d))
      abort();
    diag_free(&d);
    loaded = 1;
  }
  char path[96];
  snprintf(path, sizeof path, "%s/cf-fuzz-template.%d.docx", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  fwrite(data, 1, size, f);
  fclose(f);
  diag_list d = {0};
  package pkg;
  if (package_read(&pkg, path, &d)) {
    merge_env env = {.cat = &cat, .ed = &ed, .rec = &rec};
    key_set used = {0};
    slot_list slots = {0};
    if (check_package(&pkg, path, &env, &d, &used, &slots) == 0) fill_checked_package(&pkg, path, &env, "fuzz", &d);
    key_set_free(&used);
    slot_list_free(&slots);
  }
  package_free(&pkg);
  diag_free(&d);
  unlink(path);
  return 0;
}
