/* The check's own rules: completeness, two decimals, 字数 at the limit, derived indicators, and
   figures that contradict each other. Each test starts from the complete miit-2023 example (which
   checks clean) and breaks one thing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

/* Checks a record (JSON) against an edition; the report stays in r. */
static void run(fixture *f, const char *edition_id, json_t *rec, check_report *r) {
  fixture_init(f, edition_id);
  char *text = json_dumps(rec, JSON_INDENT(1));
  assert_true(fixture_record(f, text));
  free(text);
  fixture_check(f, r);
}

static void done(fixture *f, check_report *r, json_t *rec) {
  check_report_free(r);
  fixture_free(f);
  json_decref(rec);
}

static char *chars(size_t n) {
  strbuf b = {0};
  for (size_t i = 0; i < n; i++) sb_puts(&b, i % 10 == 9 ? "。" : "字");
  return sb_take(&b);
}

static void test_complete_example_is_clean(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  run(&f, "miit-2023", rec, &r);
  assert_int_equal(diag_count(&r.findings, DIAG_ERROR), 0);
  assert_int_equal(diag_count(&r.findings, DIAG_WARNING), 0);
  done(&f, &r, rec);
}

static void test_narrative_200_and_201(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  /* 200 characters plus spaces and line breaks, which do not count. */
  char *t200 = chars(200);
  char *with_space = xasprintf("%s \n\u3000", t200);
  json_set_path(rec, "chain.strengthening", json_string(with_space));
  run(&f, "miit-2023", rec, &r);
  assert_null(finding(&r, "length", ""));
  done(&f, &r, rec);

  rec = load_example("miit-2023");
  char *t201 = chars(201);
  json_set_path(rec, "chain.strengthening", json_string(t201));
  run(&f, "miit-2023", rec, &r);
  const diag *d = finding(&r, "length", "共 201 字");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_ERROR);
  assert_string_equal(d->label, "集群产业链强链补链情况");
  assert_non_null(strstr(d->message, "超过 200 字"));
  assert_non_null(strstr(d->fix, "还需删去 1 字"));
  done(&f, &r, rec);
  free(t200);
  free(with_space);
  free(t201);
}

static void test_counts(void **state) {
  /* Strict: every non-whitespace character. Word: CJK one each, a Latin word or number one. */
  assert_int_equal(count_strict("集群 产值12.50亿元，ABC test"), 19);
  assert_int_equal(count_word("集群 产值12.50亿元，ABC test"), 10);
  assert_int_equal(count_strict("𠮷\u3000a"), 2);
}

static void test_plan_over_3000(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  char *big = chars(3001);
  json_set_path(rec, "plan.tasks", json_string(big));
  run(&f, "miit-2023", rec, &r);
  assert_non_null(finding(&r, "length", "发展规划（第八部分，含发展目标表）"));
  done(&f, &r, rec);
  free(big);
}

static void test_missing_number_is_error_empty_text_is_note(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  json_object_del(json_object_get(json_object_get(rec, "output"), "total"), "2021");
  json_set_path(rec, "governance.environment", json_string(""));
  json_set_path(rec, "provincial_cluster", NULL);
  run(&f, "miit-2023", rec, &r);
  const diag *d = finding(&r, "completeness", "缺少数字");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_ERROR);
  assert_string_equal(d->where, "$.output.total.2021");
  d = finding(&r, "completeness", "将写作“无”");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_NOTE);
  assert_string_equal(d->key, "governance.environment");
  d = finding(&r, "completeness", "没有回答");
  assert_non_null(d);
  assert_string_equal(d->key, "provincial_cluster");
  done(&f, &r, rec);
}

static void test_more_than_two_decimals(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  json_set_path(rec, "area", json_real(42.805));
  json_set_path(rec, "digital.cloud_rate", json_real(48.6));
  run(&f, "miit-2023", rec, &r);
  const diag *d = finding(&r, "format", "42.805");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_WARNING);
  assert_non_null(strstr(d->message, "42.81"));
  assert_null(finding(&r, "format", "48.6"));
  done(&f, &r, rec);
}

static void test_derived_filled_and_compared(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  /* Raw outputs of the leading industry, 2019–2022: the average growth is computed and, as the
     record does not state it, filled in. */
  json_t *lv = json_pack("{s:f, s:f, s:f, s:f}", "2019", 80.0, "2020", 100.0, "2021", 120.0, "2022", 125.0);
  json_set_path(rec, "output.leading_value", lv);
  json_set_path(rec, "output.leading_cagr", NULL);
  json_set_path(rec, "output.leading_growth", NULL);
  json_set_path(rec, "output.leading_share", NULL);
  run(&f, "miit-2023", rec, &r);
  double v;
  assert_true(check_number(&r, "output.leading_cagr", 0, &v));
  /* (125 / 80)^(1/3) − 1 = 16.04 % */
  assert_true(v > 16.03 && v < 16.05);
  assert_true(check_number(&r, "output.leading_growth", 2021, &v));
  assert_true(v > 19.99 && v < 20.01);
  assert_non_null(finding(&r, "derived", "已按"));
  done(&f, &r, rec);

  /* Stated 0.01 off: fine; 0.02 off: flagged. */
  rec = load_example("miit-2023");
  json_set_path(rec, "output.leading_value", json_pack("{s:f, s:f, s:f, s:f}", "2019", 80.0, "2020", 100.0, "2021", 120.0, "2022", 125.0));
  json_set_path(rec, "output.leading_growth", json_pack("{s:f, s:f, s:f}", "2020", 25.0, "2021", 20.01, "2022", 4.19));
  run(&f, "miit-2023", rec, &r);
  for (size_t i = 0; i < r.findings.n; i++)
    assert_false(r.findings.items[i].where && !strcmp(r.findings.items[i].where, "$.output.leading_growth.2021") &&
                 !strcmp(r.findings.items[i].rule, "derived"));
  const diag *d = finding(&r, "derived", "4.19");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_WARNING);
  assert_string_equal(d->where, "$.output.leading_growth.2022");
  done(&f, &r, rec);
}

static void test_parts_larger_than_totals(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  json_set_path(rec, "firms.sme", json_pack("{s:i, s:i, s:i}", "2020", 2000, "2021", 1308, "2022", 1364));
  json_set_path(rec, "platforms.national.count", json_integer(5));
  run(&f, "miit-2023", rec, &r);
  const diag *d = finding(&r, "consistency", "大于集群企业数量");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_ERROR);
  assert_string_equal(d->where, "$.firms.sme.2020");
  assert_non_null(finding(&r, "consistency", "列出了"));
  done(&f, &r, rec);
}

static void test_growth_against_outputs(void **state) {
  fixture f;
  check_report r;
  json_t *rec = load_example("miit-2023");
  json_t *g = json_object_get(json_object_get(rec, "output"), "leading_growth");
  json_object_set_new(g, "2022", json_real(30.0));
  run(&f, "miit-2023", rec, &r);
  assert_non_null(finding(&r, "consistency", "推算"));
  done(&f, &r, rec);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_complete_example_is_clean),
      cmocka_unit_test(test_narrative_200_and_201),
      cmocka_unit_test(test_counts),
      cmocka_unit_test(test_plan_over_3000),
      cmocka_unit_test(test_missing_number_is_error_empty_text_is_note),
      cmocka_unit_test(test_more_than_two_decimals),
      cmocka_unit_test(test_derived_filled_and_compared),
      cmocka_unit_test(test_parts_larger_than_totals),
      cmocka_unit_test(test_growth_against_outputs),
  };
  return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
