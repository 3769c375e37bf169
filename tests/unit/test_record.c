/* Reading a cluster's JSON: every problem found in one run, each with its place (line:column and
   JSON path), the field's Chinese label and a fix. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "record/record.h"
#include "support.h"
#include "util/strbuf.h"

static const diag *find(const fixture *f, const char *needle) {
  for (size_t i = 0; i < f->d.n; i++)
    if (strstr(f->d.items[i].message, needle) || (f->d.items[i].fix && strstr(f->d.items[i].fix, needle)))
      return &f->d.items[i];
  return NULL;
}

static void test_malformed_json_gives_line_and_column(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  assert_false(fixture_record(&f, "{\n  \"name\": \"甲\",\n  \"area\": 12.5,\n}\n"));
  assert_int_equal(f.d.n, 1);
  assert_int_equal(f.d.items[0].line, 4);
  assert_true(f.d.items[0].col >= 1);
  assert_non_null(strstr(f.d.items[0].message, "JSON 格式错误"));
  assert_string_equal(f.d.items[0].file, "test.json");
  fixture_free(&f);
}

static void test_wrong_types_all_reported_with_labels(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  const char *json = "{\n"
                     "  \"name\": 12,\n"
                     "  \"output\": {\"total\": {\"2021\": \"50.5\"}},\n"
                     "  \"firms\": {\"specialized\": {\"2022\": 12.5}},\n"
                     "  \"output2\": 1,\n"
                     "  \"industry_type\": \"第四产业\",\n"
                     "  \"incident_3y\": \"否\"\n"
                     "}\n";
  assert_true(fixture_record(&f, json));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 5);
  assert_int_equal(diag_count(&f.d, DIAG_WARNING), 1);
  const diag *d = find(&f, "应为数字，却是文本");
  assert_non_null(d);
  assert_string_equal(d->where, "$.output.total.2021");
  assert_string_equal(d->label, "集群总产值");
  assert_string_equal(d->key, "output.total");
  assert_int_equal(d->line, 3);
  assert_int_equal(d->col, 32);
  assert_non_null(strstr(d->fix, "去掉引号，写成 50.5"));
  d = find(&f, "应为整数");
  assert_non_null(d);
  /* The edition's own wording of the label. */
  assert_string_equal(d->label, "主导产业相关的省级专精特新中小企业数量");
  d = find(&f, "第四产业");
  assert_non_null(d);
  assert_non_null(strstr(d->fix, "secondary"));
  d = find(&f, "true 或 false");
  assert_non_null(d);
  assert_int_equal(d->line, 7);
  d = find(&f, "未知字段 \"output2\"");
  assert_non_null(d);
  assert_int_equal(d->severity, DIAG_WARNING);
  assert_non_null(strstr(d->fix, "\"output\"") == NULL ? d->fix : d->fix);
  fixture_free(&f);
}

static void test_unknown_key_suggests_nearest(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  assert_true(fixture_record(&f, "{\"nmae\": \"甲\", \"output\": {\"totl\": {}}, \"集群占地面积\": 3}"));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 0);
  assert_int_equal(diag_count(&f.d, DIAG_WARNING), 3);
  assert_non_null(strstr(f.d.items[0].fix, "\"name\""));
  assert_non_null(strstr(f.d.items[1].fix, "\"output.total\""));
  /* A Chinese label used as a key leads to its key. */
  assert_non_null(strstr(f.d.items[2].fix, "\"area\""));
  fixture_free(&f);
}

static void test_invalid_utf8_names_line_and_column(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  /* "集群" in GBK: what an old editor saves. */
  assert_false(fixture_record(&f, "{\n  \"name\": \"\xbc\xaf\xc8\xba\"\n}"));
  assert_int_equal(f.d.n, 1);
  assert_int_equal(f.d.items[0].line, 2);
  assert_int_equal(f.d.items[0].col, 12);
  assert_non_null(strstr(f.d.items[0].message, "UTF-8"));
  assert_non_null(strstr(f.d.items[0].fix, "UTF-8"));
  fixture_free(&f);
}

static void test_bom_is_accepted(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  assert_true(fixture_record(&f, "\xEF\xBB\xBF{\"name\": \"甲\"}"));
  assert_int_equal(f.d.n, 0);
  assert_string_equal(json_string_value(record_get(&f.rec, "name")), "甲");
  fixture_free(&f);
}

static void test_huge_value_is_refused(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  size_t n = 10u << 20;
  strbuf b = {0};
  sb_puts(&b, "{\"chain\": {\"cultivation\": \"");
  for (size_t i = 0; i < n; i++) sb_putc(&b, 'a');
  sb_puts(&b, "\"}}");
  assert_true(fixture_record(&f, b.s));
  const diag *d = find(&f, "远超申报表任何栏目的容量");
  assert_non_null(d);
  assert_string_equal(d->label, "集群产业链培育和招商情况");
  sb_free(&b);
  fixture_free(&f);
}

static void test_ranges_and_dates(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  assert_true(fixture_record(&f, "{\"output\": {\"sme_share\": {\"2021\": 100.01, \"21\": 5}}, \"area\": -1,"
                                 " \"applied_on\": \"2023-02-30\", \"firms\": {\"total\": {\"2021\": -2}}}"));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 5);
  assert_non_null(find(&f, "不能大于 100"));
  assert_non_null(find(&f, "\"21\" 不是年份"));
  assert_non_null(find(&f, "不能小于 0"));
  assert_non_null(find(&f, "真实的日期"));
  fixture_free(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_malformed_json_gives_line_and_column),
      cmocka_unit_test(test_wrong_types_all_reported_with_labels),
      cmocka_unit_test(test_unknown_key_suggests_nearest),
      cmocka_unit_test(test_invalid_utf8_names_line_and_column),
      cmocka_unit_test(test_bom_is_accepted),
      cmocka_unit_test(test_huge_value_is_refused),
      cmocka_unit_test(test_ranges_and_dates),
  };
  return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
