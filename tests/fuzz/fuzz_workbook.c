/* libFuzzer target: a workbook's bytes, read as XLSX (or as CSV when FUZZ_CSV is set) and turned
   into records. Nothing may crash, leak or overflow, whatever the bytes (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "sheet/book_records.h"
#include "sheet/grid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static catalog cat;
  static int loaded;
  if (!loaded) {
    diag_list d = {0};
    if (!catalog_load(&cat, CLUSTERFORM_TEMPLATE_DIR "/fields.json", &d)) abort();
    diag_free(&d);
    loaded = 1;
  }
  /* The readers take a path, as the commands give them. */
  bool csv = getenv("FUZZ_CSV") != NULL;
  char path[96];
  snprintf(path, sizeof path, "%s/cf-fuzz.%d.%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(),
           csv ? "csv" : "xlsx");
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  fwrite(data, 1, size, f);
  fclose(f);
  workbook wb = {0};
  diag_list d = {0};
  bool ok = csv ? csv_read(&wb, path, &d) : xlsx_read(&wb, path, &d);
  if (ok) {
    record *r = NULL;
    size_t n = 0;
    book_records(&wb, &cat, NULL, NULL, &r, &n, &d);
    for (size_t i = 0; i < n; i++) record_free(&r[i]);
    free(r);
  }
  workbook_free(&wb);
  diag_free(&d);
  unlink(path);
  return 0;
}
