/* libFuzzer target: a cluster record's JSON, checked (every rule of clusterform check) and filled
   into the miit-2023 form, as fill does it. Nothing may crash, leak or overflow, and no input may
   take unbounded time, whatever the bytes (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cli/commands.h"
#include "cli/session.h"
#include "merge/fill_package.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static session_cache *cache;
  if (!cache) cache = session_cache_new();
  diag_list d = {0};
  record rec;
  if (!record_parse(&rec, "fuzz.json", (const char *)data, size, &d)) {
    record_free(&rec);
    diag_free(&d);
    return 0;
  }
  session s = {.templates = CLUSTERFORM_TEMPLATE_DIR, .edition = "miit-2023", .input = "fuzz.json", .given = &rec,
               .cache = cache};
  if (session_open(&s, &d) == EXIT_OK) {
    check_input in = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec, .slots = &s.slots, .templates = s.templates,
                      .form = &s.pkg, .no_evidence = true};
    check_report r;
    check_run(&in, &r);
    merge_env env = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec};
    fill_checked_package(&s.pkg, s.ed.id, &env, "fuzz", &d);
    check_report_free(&r);
  }
  session_close(&s);
  record_free(&rec);
  diag_free(&d);
  return 0;
}
