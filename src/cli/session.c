#include "cli/session.h"

#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "merge/fill_package.h"
#include "util/fileio.h"

int session_open(session *s, diag_list *d) {
  char *fields_path = path_join(s->templates, "fields.json");
  s->has_cat = catalog_load(&s->cat, fields_path, d);
  free(fields_path);
  if (!s->has_cat) return EXIT_INSTALL;
  bool input_ok = true;
  if (s->given) {
    s->rec = *s->given;
    memset(s->given, 0, sizeof *s->given);
    input_ok = s->has_rec = s->rec.root != NULL;
  } else if (s->input) {
    input_ok = s->has_rec = record_read(&s->rec, s->input, d);
  }
  const char *ed_id = s->edition;
  if (!ed_id && input_ok && s->input) ed_id = record_edition(&s->rec);
  if (!ed_id && input_ok) {
    diag_place at = {.file = s->input, .where = "$.edition", .key = "edition", .label = "申报表版本"};
    diag_add(d, DIAG_ERROR, &at, "用 -e 指定，例如 -e miit-2023；或在数据中写 \"edition\": \"miit-2023\"。", "没有指定申报表版本。");
    return EXIT_USAGE;
  }
  s->has_ed = ed_id && edition_load(&s->ed, s->templates, ed_id, d);
  if (s->has_rec) record_validate(&s->rec, &s->cat, s->has_ed ? &s->ed : NULL, d);
  if (!input_ok || diag_count(d, DIAG_ERROR)) return s->has_ed || (s->input && !s->edition) ? EXIT_INPUT : EXIT_USAGE;
  const char *tpl = s->template_path ? s->template_path : s->ed.form;
  s->has_pkg = package_read(&s->pkg, tpl, d);
  if (!s->has_pkg) return s->template_path ? EXIT_TEMPLATE : EXIT_INSTALL;
  merge_env env = {.cat = &s->cat, .ed = &s->ed, .rec = s->has_rec ? &s->rec : NULL, .blank = !s->input};
  if (check_package(&s->pkg, s->template_path ? s->template_path : s->ed.id, &env, d, &s->used, &s->slots))
    return s->template_path ? EXIT_TEMPLATE : EXIT_INSTALL;
  return EXIT_OK;
}

void session_close(session *s) {
  /* Each free handles a half-loaded (or never loaded, zeroed) part. */
  package_free(&s->pkg);
  edition_free(&s->ed);
  record_free(&s->rec);
  catalog_free(&s->cat);
  key_set_free(&s->used);
  slot_list_free(&s->slots);
}
