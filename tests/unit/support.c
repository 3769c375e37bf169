#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>

#include "support.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "merge/dom.h"
#include "merge/fill_package.h"
#include "ooxml/package.h"
#include "merge/merge.h"
#include "merge/scan.h"
#include "util/fileio.h"
#include "util/strbuf.h"

void fixture_init(fixture *f, const char *edition_id) {
  memset(f, 0, sizeof *f);
  char *path = path_join(CLUSTERFORM_TEMPLATE_DIR, "fields.json");
  if (!catalog_load(&f->cat, path, &f->d)) abort();
  free(path);
  if (edition_id && !edition_load(&f->ed, CLUSTERFORM_TEMPLATE_DIR, edition_id, &f->d)) abort();
}

bool fixture_record(fixture *f, const char *json) {
  f->has_rec = record_parse(&f->rec, "test.json", json, strlen(json), &f->d);
  if (f->has_rec) record_validate(&f->rec, &f->cat, &f->ed, &f->d);
  return f->has_rec;
}

void fixture_free(fixture *f) {
  catalog_free(&f->cat);
  if (f->ed.id) edition_free(&f->ed);
  record_free(&f->rec);
  diag_free(&f->d);
}

static char *merge_body_impl(fixture *f, const char *body, bool blank, bool force) {
  char *xml = xasprintf(W_DOC_OPEN "%s" W_DOC_CLOSE, body);
  xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", "UTF-8", XML_PARSE_NONET);
  free(xml);
  if (!doc) return NULL;
  merge_env env = {.cat = &f->cat, .ed = f->ed.id ? &f->ed : NULL, .rec = f->has_rec ? &f->rec : NULL, .blank = blank};
  if (scan_template(doc, "模板.docx", &env, &f->d, NULL, NULL) > 0 && !force) {
    xmlFreeDoc(doc);
    return NULL;
  }
  merge_document(doc, &env);
  xmlChar *mem;
  int n;
  xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
  char *out = xstrndup((const char *)mem, (size_t)n);
  xmlFree(mem);
  xmlFreeDoc(doc);
  return out;
}

static void walk(xmlNodePtr n, strbuf *b) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, "p")) {
      char *t = plain_text(c);
      sb_puts(b, t);
      sb_putc(b, '\n');
      free(t);
    } else {
      walk(c, b);
    }
  }
}

char *paragraph_texts(const char *xml) {
  xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", "UTF-8", XML_PARSE_NONET);
  strbuf b = {0};
  if (doc) walk(xmlDocGetRootElement(doc), &b);
  xmlFreeDoc(doc);
  return sb_take(&b);
}

int count_of(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

char *merge_body(fixture *f, const char *body, bool blank) { return merge_body_impl(f, body, blank, false); }
char *merge_body_anyway(fixture *f, const char *body, bool blank) { return merge_body_impl(f, body, blank, true); }

void fixture_check(fixture *f, check_report *r) {
  package pkg;
  if (!package_read(&pkg, f->ed.form, &f->d)) abort();
  slot_list slots = {0};
  merge_env env = {.cat = &f->cat, .ed = &f->ed, .rec = &f->rec};
  check_package(&pkg, f->ed.id, &env, &f->d, NULL, &slots);
  check_input in = {.cat = &f->cat, .ed = &f->ed, .rec = &f->rec, .slots = &slots, .templates = CLUSTERFORM_TEMPLATE_DIR};
  check_run(&in, r);
  slot_list_free(&slots);
  package_free(&pkg);
}

const diag *finding(const check_report *r, const char *rule, const char *needle) {
  for (size_t i = 0; i < r->findings.n; i++) {
    const diag *d = &r->findings.items[i];
    if (d->rule && !strcmp(d->rule, rule) && strstr(d->message, needle)) return d;
  }
  return NULL;
}

json_t *load_example(const char *name) {
  char *path = xasprintf("%s/examples/%s.json", CLUSTERFORM_SOURCE_DIR, name);
  json_t *j = json_load_file(path, 0, NULL);
  free(path);
  if (!j) abort();
  return j;
}

void json_set_path(json_t *root, const char *key, json_t *v) {
  char *copy = xstrdup(key), *save = NULL, *seg = strtok_r(copy, ".", &save);
  json_t *obj = root;
  while (seg) {
    char *next = strtok_r(NULL, ".", &save);
    if (!next) {
      if (v)
        json_object_set_new(obj, seg, v);
      else
        json_object_del(obj, seg);
    } else {
      json_t *c = json_object_get(obj, seg);
      if (!json_is_object(c)) json_object_set_new(obj, seg, c = json_object());
      obj = c;
    }
    seg = next;
  }
  free(copy);
}

char *command_output(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf cmd = {0};
  sb_vprintf(&cmd, fmt, ap);
  va_end(ap);
  FILE *f = popen(cmd.s, "r");
  assert_non_null(f);
  strbuf out = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&out, buf, n);
  int rc = pclose(f);
  if (rc != 0) fprintf(stderr, "command failed (%d): %s\n%s\n", rc, cmd.s, out.s ? out.s : "");
  assert_int_equal(rc, 0);
  sb_free(&cmd);
  return out.s ? sb_take(&out) : xstrdup("");
}

int run_tests_in(const char *name, const struct CMUnitTest *tests, size_t n, const char *tmpdir) {
  int rc = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
  if (rc == 0 && !getenv("CF_KEEP_TMP")) {
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) rc = 1;
    free(cmd);
  } else {
    fprintf(stderr, "outputs kept in %s\n", tmpdir);
  }
  return rc;
}
