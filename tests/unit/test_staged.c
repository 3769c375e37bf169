/* Outputs staged and replaced as a set: a rename that fails half-way puts every earlier file back;
   a new set replaces the old whole; temporary files of a gone process are cleared, others kept. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"
#include "util/fileio.h"
#include "util/staged.h"
#include "util/strbuf.h"

static char tmpdir[] = "/tmp/cf-test-staged.XXXXXX";

static void put(const char *path, const char *text) {
  char *err = NULL;
  assert_true(write_file_atomic(path, text, strlen(text), &err));
  free(err);
}

static char *get(const char *dir, const char *name) {
  char *p = path_join(dir, name), *err = NULL;
  size_t len;
  char *t = read_file(p, 1 << 20, &len, &err);
  free(p);
  free(err);
  return t;
}

static void test_set_replaced_whole_or_not_at_all(void **state) {
  char *dir = path_join(tmpdir, "set");
  char *err = NULL;
  assert_true(make_directory(dir, &err));
  char *a = path_join(dir, "a.pdf"), *b = path_join(dir, "b.ofd");
  put(a, "old a");
  put(b, "old b");
  /* The second rename fails (its temporary file is gone): a is put back as it was. */
  staged_outputs s = {0};
  put(staged_add(&s, dir, "a.pdf"), "new a");
  const char *tb = staged_add(&s, dir, "b.ofd");
  put(tb, "new b");
  unlink(tb);
  diag_list d = {0};
  assert_false(staged_commit(&s, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  staged_free(&s);
  char *ta = get(dir, "a.pdf"), *tb2 = get(dir, "b.ofd");
  assert_string_equal(ta, "old a");
  assert_string_equal(tb2, "old b");
  free(ta), free(tb2);
  /* A new file of a failed set is taken away again. */
  char *c = path_join(dir, "c.docx");
  put(staged_add(&s, dir, "c.docx"), "new c");
  tb = staged_add(&s, dir, "b.ofd");
  unlink(tb);
  assert_false(staged_commit(&s, &d));
  staged_free(&s);
  assert_int_equal(access(c, F_OK), -1);
  /* A set that is all there replaces the old whole, and leaves nothing hidden behind. */
  put(staged_add(&s, dir, "a.pdf"), "new a");
  put(staged_add(&s, dir, "b.ofd"), "new b");
  assert_true(staged_commit(&s, &d));
  staged_free(&s);
  ta = get(dir, "a.pdf"), tb2 = get(dir, "b.ofd");
  assert_string_equal(ta, "new a");
  assert_string_equal(tb2, "new b");
  free(ta), free(tb2);
  char *left = command_output("ls -A '%s' | grep -c '^\\.' || true", dir);
  assert_int_equal(atoi(left), 0);
  free(left);
  diag_free(&d);
  free(a), free(b), free(c), free(dir);
}

static void test_sweep(void **state) {
  char *dir = path_join(tmpdir, "sweep");
  char *err = NULL;
  assert_true(make_directory(dir, &err));
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, NULL, 0);
  char *gone = xasprintf("%s/.x.pdf.%d.1.tmp", dir, (int)dead);
  char *alive = xasprintf("%s/.x.pdf.%d.1.tmp", dir, (int)getppid());
  char *mine = xasprintf("%s/.own.tmp", dir);
  put(gone, "x");
  put(alive, "x");
  put(mine, "x");
  staged_outputs s = {0};
  staged_add(&s, dir, "y.pdf");
  staged_free(&s);
  assert_int_equal(access(gone, F_OK), -1);
  assert_int_equal(access(alive, F_OK), 0);
  assert_int_equal(access(mine, F_OK), 0);
  free(gone), free(alive), free(mine), free(dir);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 1;
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_set_replaced_whole_or_not_at_all), cmocka_unit_test(test_sweep)};
  return run_tests_in("staged", tests, sizeof tests / sizeof *tests, tmpdir);
}
