#include "cli/edition_keys.h"

#include "merge/fill_package.h"
#include "ooxml/package.h"

bool edition_keys(const catalog *cat, const edition *ed, key_set *used, diag_list *d) {
  package pkg;
  if (!package_read(&pkg, ed->form, d)) {
    package_free(&pkg);
    return false;
  }
  merge_env env = {.cat = cat, .ed = ed, .blank = true};
  check_package(&pkg, ed->id, &env, d, used, NULL);
  key_set_add(used, "edition");
  key_set_add(used, "year");
  package_free(&pkg);
  return true;
}
