/* Test helpers: run the real catalog and editions against small documents written inline. */
#ifndef CF_TEST_SUPPORT_H
#define CF_TEST_SUPPORT_H
#include <libxml/tree.h>
#include <stdbool.h>

#include "catalog/catalog.h"
#include "check/check.h"
#include "catalog/edition.h"
#include "record/record.h"
#include "util/diag.h"

#define W_DOC_OPEN                                                                                 \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                                  \
  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
#define W_DOC_CLOSE "</w:body></w:document>"

typedef struct {
  catalog cat;
  edition ed;
  record rec;
  bool has_rec;
  diag_list d;
} fixture;

/* Loads the catalog and an edition from the source tree's templates/. */
void fixture_init(fixture *f, const char *edition_id);
/* Parses a record from JSON text (problems go to f->d). */
bool fixture_record(fixture *f, const char *json);
void fixture_free(fixture *f);

/* Scans and merges a document body; returns the resulting XML (malloc'd), or NULL when the scan
   reported errors (they are in f->d). */
char *merge_body(fixture *f, const char *body, bool blank);
/* The same without stopping at template errors: the merge must survive what the scan rejects. */
char *merge_body_anyway(fixture *f, const char *body, bool blank);
/* The text of every paragraph, one per line. */
char *paragraph_texts(const char *xml);
/* Runs the whole check of the fixture's record against its edition's real template. */
void fixture_check(fixture *f, check_report *r);
/* The finding of a rule whose message contains needle (NULL if none). */
const diag *finding(const check_report *r, const char *rule, const char *needle);
/* examples/NAME.json as JSON (the test fails if it is missing). */
json_t *load_example(const char *name);
/* Sets (v) or removes (NULL) the value under a dotted key, creating objects on the way;
   "output.total.2020" names one year. */
void json_set_path(json_t *root, const char *key, json_t *v);
/* The standard output of a shell command (malloc'd); the test fails if the command does. */
char *command_output(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs a cmocka group whose outputs go to tmpdir (made by the caller), then removes tmpdir unless
   a test failed or CF_KEEP_TMP is set (it then says where the outputs are). */
struct CMUnitTest;
int run_tests_in(const char *name, const struct CMUnitTest *tests, size_t n, const char *tmpdir);
/* Counts occurrences of needle in hay. */
int count_of(const char *hay, const char *needle);
#endif
