#include "cli/session.h"

#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "merge/fill_package.h"
#include "util/fileio.h"
#include "util/strbuf.h"

typedef struct {
  char *key; /* the edition's id and the --template path */
  edition ed;
  package pkg;
  key_set used;
  slot_list slots;
} cached_edition;

struct session_cache {
  bool has_cat;
  catalog cat;
  cached_edition *v;
  size_t n;
};

session_cache *session_cache_new(void) { return calloc(1, sizeof(session_cache)); }

void session_cache_free(session_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->v[i].key);
    edition_free(&c->v[i].ed);
    package_free(&c->v[i].pkg);
    key_set_free(&c->v[i].used);
    slot_list_free(&c->v[i].slots);
  }
  free(c->v);
  if (c->has_cat) catalog_free(&c->cat);
  free(c);
}

/* The edition a record names in "edition": when there is none of that name, the problem is the
   record's, at its $.edition (file:line:col); given with -e it is the command line's. */
static bool load_edition(edition *e, const char *templates, const char *id, const record *from, diag_list *d) {
  if (!from) return edition_load(e, templates, id, d);
  diag_list own = {0};
  bool ok = edition_load(e, templates, id, &own);
  for (size_t i = 0; i < own.n; i++) {
    const diag *x = &own.items[i];
    diag_place at = {.file = from->file, .where = "$.edition", .key = "edition", .label = x->label};
    const char *path[] = {"edition"};
    record_locate(from, path, 1, &at.line, &at.col, &at.where);
    diag_add(d, x->severity, &at, x->fix, "%s", x->message);
  }
  diag_free(&own);
  return ok;
}

/* The edition and its checked template from the cache, loading them the first time. Problems of
   a first load are reported and nothing is kept, so each cluster that asks reports them too. */
static int cached_template(session *s, const char *ed_id, diag_list *d) {
  session_cache *c = s->cache;
  char *key = xasprintf("%s\n%s", ed_id, s->template_path ? s->template_path : "");
  cached_edition *e = NULL;
  for (size_t i = 0; i < c->n && !e; i++)
    if (!strcmp(c->v[i].key, key)) e = &c->v[i];
  if (!e) {
    cached_edition x = {0};
    if (!load_edition(&x.ed, s->templates, ed_id, s->edition ? NULL : &s->rec, d)) {
      free(key);
      return EXIT_USAGE;
    }
    const char *tpl = s->template_path ? s->template_path : x.ed.form;
    merge_env env = {.cat = &c->cat, .ed = &x.ed, .blank = true};
    if (!package_read(&x.pkg, tpl, d) ||
        check_package(&x.pkg, s->template_path ? s->template_path : x.ed.id, &env, d, &x.used, &x.slots)) {
      edition_free(&x.ed);
      package_free(&x.pkg);
      key_set_free(&x.used);
      slot_list_free(&x.slots);
      free(key);
      return s->template_path ? EXIT_TEMPLATE : EXIT_INSTALL;
    }
    c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
    x.key = key;
    key = NULL;
    c->v[c->n] = x;
    e = &c->v[c->n++];
  }
  free(key);
  s->ed = e->ed;
  s->used = e->used;
  s->slots = e->slots;
  s->has_ed = true;
  return EXIT_OK;
}

/* The cached way: the same checks and problems as below, with what does not change borrowed. */
static int open_cached(session *s, diag_list *d) {
  session_cache *c = s->cache;
  if (!c->has_cat) {
    char *fields_path = path_join(s->templates, "fields.json");
    c->has_cat = catalog_load(&c->cat, fields_path, d);
    free(fields_path);
    if (!c->has_cat) return EXIT_INSTALL;
  }
  s->cat = c->cat;
  s->borrowed = true;
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
  if (!ed_id) return EXIT_INPUT;
  /* An unknown edition is the record's error when the record named it, the command line's else. */
  int rc = cached_template(s, ed_id, d);
  if (rc == EXIT_USAGE) {
    if (s->has_rec) record_validate(&s->rec, &s->cat, NULL, d);
    return s->input && !s->edition ? EXIT_INPUT : EXIT_USAGE;
  }
  if (s->has_rec) record_validate(&s->rec, &s->cat, &s->ed, d);
  if (rc != EXIT_OK) return rc;
  if (!input_ok || diag_count(d, DIAG_ERROR)) return EXIT_INPUT;
  /* The cluster's own copy of the template, to be filled; or the cache's, only to be read. */
  for (size_t i = 0; i < c->n; i++)
    if (c->v[i].ed.id == s->ed.id) {
      if (s->read_only) s->pkg = c->v[i].pkg, s->borrowed_pkg = true;
      else package_copy(&s->pkg, &c->v[i].pkg);
    }
  s->has_pkg = true;
  return EXIT_OK;
}

int session_open(session *s, diag_list *d) {
  if (s->cache) return open_cached(s, d);
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
  s->has_ed = ed_id && load_edition(&s->ed, s->templates, ed_id, s->edition ? NULL : &s->rec, d);
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
  if (!s->borrowed_pkg) package_free(&s->pkg);
  record_free(&s->rec);
  if (s->borrowed) return;
  edition_free(&s->ed);
  catalog_free(&s->cat);
  key_set_free(&s->used);
  slot_list_free(&s->slots);
}
