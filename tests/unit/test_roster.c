/* The 企业名单: 统一社会信用代码 checked by GB 32100; the counts of parts 二 and 三 counted from the
   list by year, filled in when the record has none and compared when it has; the 企业清单 annex. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/evidence_docx.h"
#include "check/uscc.h"
#include "support.h"
#include "util/strbuf.h"

static char tmpdir[] = "/tmp/cf-test-roster.XXXXXX";

static void test_uscc(void **state) {
  char expected = 0;
  int bad = 0;
  /* Well-formed codes: the check character the first 17 give. */
  assert_int_equal(uscc_check("91350100M000100Y43", &expected, &bad), USCC_OK);
  assert_int_equal(uscc_check("91110000100006485K", &expected, &bad), USCC_OK);
  assert_int_equal(uscc_check("91130628MA07L2XK5E", &expected, &bad), USCC_OK);
  /* One character mistyped: the check character says which it should be. */
  assert_int_equal(uscc_check("91350100M000100Y44", &expected, &bad), USCC_CHECK);
  assert_int_equal(expected, '3');
  assert_int_equal(uscc_check("91350100M00010Y43", &expected, &bad), USCC_LENGTH);
  assert_int_equal(uscc_check("91350100M000100I43", &expected, &bad), USCC_CHARACTER);
  assert_int_equal(bad, 16);
  assert_int_equal(uscc_check("91350100m000100Y43", &expected, &bad), USCC_CHARACTER);
}

static const char *RECORD =
    "{\"edition\": \"miit-2023\", \"name\": \"甲集群\", \"authority\": \"a\", \"operator\": \"o\",\n"
    " \"firms\": {\"little_giant\": {\"2020\": 1, \"2021\": 1, \"2022\": 3}},\n"
    " \"enterprises\": [\n"
    "  {\"name\": \"一号公司\", \"uscc\": \"91350100M000100Y43\", \"category\": \"little_giant\", \"year\": 2019, \"sme\": true},\n"
    "  {\"name\": \"二号公司\", \"uscc\": \"91110000100006485K\", \"category\": \"little_giant\", \"year\": 2021, \"sme\": true},\n"
    "  {\"name\": \"三号公司\", \"uscc\": \"91130628MA07L2XK5E\", \"category\": \"specialized\", \"year\": 2022, \"sme\": false},\n"
    "  {\"name\": \"四号公司\", \"uscc\": \"91350100M000100Y44\", \"category\": \"hightech\"}\n"
    " ]}\n";

static void test_counts_from_the_list(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  assert_true(fixture_record(&f, RECORD));
  check_report r;
  fixture_check(&f, &r);
  /* Stated 1 in 2021, the list has 2 by then: a warning at the stated figure. */
  const diag *x = finding(&r, "roster", "填报的 1 与按企业名单中类别为专精特新“小巨人”的企业数（认定年份在 2021 年及以前）数得的 2 不一致");
  assert_non_null(x);
  assert_string_equal(x->where, "$.firms.little_giant.2021");
  assert_int_equal(x->line, 2);
  assert_null(finding(&r, "roster", "在 2020 年及以前）数得的 1"));
  /* Not stated: counted and filled in. 四号 has no year, so it counts in every year. */
  json_t *v = json_get_path(r.filled, "firms.specialized.2021");
  assert_true(json_is_integer(v) && json_integer_value(v) == 0);
  v = json_get_path(r.filled, "firms.specialized.2022");
  assert_true(json_is_integer(v) && json_integer_value(v) == 1);
  v = json_get_path(r.filled, "firms.hightech.2020");
  assert_true(json_is_integer(v) && json_integer_value(v) == 1);
  /* No 单项冠军 in the list: that count is left to the record. */
  assert_null(json_get_path(r.filled, "firms.champion"));
  /* The mistyped code, at its row; 专精特新 marked as not an SME. */
  x = finding(&r, "roster", "校验位不对");
  assert_non_null(x);
  assert_int_equal(x->severity, DIAG_ERROR);
  assert_string_equal(x->where, "$.enterprises[3].uscc");
  assert_int_equal(x->line, 7);
  assert_non_null(finding(&r, "roster", "却填了“不是中小企业”"));
  check_report_free(&r);
  fixture_free(&f);
}

static void test_annex(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  assert_true(fixture_record(&f, RECORD));
  check_input in = {.cat = &f.cat, .ed = &f.ed, .rec = &f.rec, .templates = CLUSTERFORM_TEMPLATE_DIR};
  char *path = xasprintf("%s/企业清单.docx", tmpdir);
  assert_true(roster_docx(&in, path, &f.d));
  char *text = command_output("unzip -p '%s' word/document.xml | sed -e 's/<[^>]*>//g'", path);
  assert_non_null(strstr(text, "主导产业相关企业清单"));
  assert_non_null(strstr(text, "甲集群"));
  assert_non_null(strstr(text, "二号公司"));
  assert_non_null(strstr(text, "91110000100006485K"));
  assert_non_null(strstr(text, "专精特新“小巨人”"));
  assert_non_null(strstr(text, "工业和信息化部 2023年版"));
  /* Rows in the list's order, numbered. */
  assert_true(strstr(text, "一号公司") < strstr(text, "四号公司"));
  free(text);
  free(path);
  fixture_free(&f);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 1;
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_uscc), cmocka_unit_test(test_counts_from_the_list),
                                     cmocka_unit_test(test_annex)};
  return run_tests_in("roster", tests, sizeof tests / sizeof *tests, tmpdir);
}
