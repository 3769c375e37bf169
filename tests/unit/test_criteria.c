/* 认定标准 and plan targets (criteria.c, targets.c, the files in templates/criteria/): every threshold at
   its boundary, the "or" of the firms criterion in both record layouts, a missing figure, Inner
   Mongolia's own thresholds, the "左右" band of the targets. Each test starts from a complete example
   (which meets every criterion and target) and changes one figure. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "check/criteria.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

/* The goal-table row of an indicator. */
static json_t *goal(json_t *rec, const char *indicator) {
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(json_object_get(rec, "plan"), "goals"), i, row)
    if (!strcmp(json_string_value(json_object_get(row, "indicator")), indicator)) return row;
  fail_msg("no goal row %s", indicator);
  return NULL;
}

static void set_goal(json_t *rec, const char *indicator, json_t *baseline, json_t *target) {
  json_t *row = goal(rec, indicator);
  if (baseline) json_object_set_new(row, "baseline", baseline);
  if (target) json_object_set_new(row, "target", target);
}

typedef struct {
  fixture f;
  check_report r;
  json_t *rec;
} run_t;

/* Checks the record against the edition (the whole check, the edition's real template). */
static void run(run_t *t, const char *edition_id) {
  fixture_init(&t->f, edition_id);
  char *text = json_dumps(t->rec, JSON_INDENT(1));
  assert_true(fixture_record(&t->f, text));
  free(text);
  fixture_check(&t->f, &t->r);
}

static void done(run_t *t) {
  check_report_free(&t->r);
  fixture_free(&t->f);
  json_decref(t->rec);
}

static const judgement *find_in(const judgement *v, size_t n, const char *id) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i].id, id)) return &v[i];
  fail_msg("no judgement %s", id);
  return NULL;
}

static crit_result crit(const run_t *t, const char *id) { return find_in(t->r.criteria, t->r.n_criteria, id)->result; }
static crit_result target(const run_t *t, const char *id) { return find_in(t->r.targets, t->r.n_targets, id)->result; }

static size_t count_rule(const run_t *t, const char *rule, diag_severity sev) {
  size_t n = 0;
  for (size_t i = 0; i < t->r.findings.n; i++) {
    const diag *d = &t->r.findings.items[i];
    n += d->rule && !strcmp(d->rule, rule) && d->severity == sev;
  }
  return n;
}

/* One criterion of a (modified) example: its result, and the finding it must or must not add. */
static void expect_crit(const char *edition_id, const char *ex, const char *key, json_t *v, const char *id, crit_result want) {
  run_t t = {.rec = load_example(ex)};
  json_set_path(t.rec, key, v);
  run(&t, edition_id);
  const judgement *j = find_in(t.r.criteria, t.r.n_criteria, id);
  if (j->result != want) fail_msg("%s: %s gives %d (%s), expected %d", key, id, j->result, j->figures, want);
  if (want == CRIT_NOT_MET) {
    const diag *d = finding(&t.r, "criteria", j->text);
    assert_non_null(d);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_non_null(d->fix);
    assert_non_null(strstr(d->fix, "不符合认定条件"));
  } else if (want == CRIT_UNKNOWN) {
    const diag *d = finding(&t.r, "criteria", j->text);
    assert_non_null(d);
    assert_int_equal(d->severity, DIAG_WARNING);
  } else {
    assert_null(finding(&t.r, "criteria", j->text));
  }
  done(&t);
}

/* ------------------------------------------------------------------ national 认定标准 */

static void test_output_40_00_and_39_99(void **state) {
  expect_crit("miit-2023", "miit-2023", "output.total.2020", json_real(40.00), "output", CRIT_MET);
  expect_crit("miit-2023", "miit-2023", "output.total.2020", json_real(39.99), "output", CRIT_NOT_MET);
  /* Each of the three years counts, the middle one too, and the form's rounding decides. */
  expect_crit("miit-2023", "miit-2023", "output.total.2021", json_real(39.99), "output", CRIT_NOT_MET);
  expect_crit("miit-2023", "miit-2023", "output.total.2021", json_real(39.995), "output", CRIT_MET);
  /* A year outside the edition's columns does not count. */
  expect_crit("miit-2023", "miit-2023", "output.total.2019", json_real(10.0), "output", CRIT_MET);
}

static void test_output_finding_points_at_the_year(void **state) {
  run_t t = {.rec = load_example("miit-2023")};
  json_set_path(t.rec, "output.total.2021", json_real(39.99));
  run(&t, "miit-2023");
  const diag *d = finding(&t.r, "criteria", "近三年产值均在40亿元以上");
  assert_non_null(d);
  assert_string_equal(d->key, "output.total");
  assert_string_equal(d->where, "$.output.total.2021");
  assert_string_equal(d->value, "39.99");
  assert_true(d->line > 0);
  const judgement *j = find_in(t.r.criteria, t.r.n_criteria, "output");
  assert_non_null(strstr(j->figures, "2021年 39.99亿元"));
  assert_non_null(strstr(j->figures, "2021年 < 40亿元"));
  done(&t);
}

static void test_sme_share_70_00_and_69_99(void **state) {
  /* 以上 includes the figure itself. */
  expect_crit("miit-2023", "miit-2023", "output.sme_share.2022", json_real(70.00), "sme_share", CRIT_MET);
  expect_crit("miit-2023", "miit-2023", "output.sme_share.2022", json_real(69.99), "sme_share", CRIT_NOT_MET);
  /* Only the latest year is judged. */
  expect_crit("miit-2023", "miit-2023", "output.sme_share.2020", json_real(50.0), "sme_share", CRIT_MET);
}

static void test_leading_share_70_00_and_70_01(void **state) {
  /* 高于 does not include the figure. */
  expect_crit("miit-2023", "miit-2023", "output.leading_share.2022", json_real(70.00), "leading_share", CRIT_NOT_MET);
  expect_crit("miit-2023", "miit-2023", "output.leading_share.2022", json_real(70.01), "leading_share", CRIT_MET);
  expect_crit("miit-2023", "miit-2023", "output.leading_share.2022", json_real(69.99), "leading_share", CRIT_NOT_MET);
}

static void test_area_100_and_100_01(void **state) {
  expect_crit("miit-2023", "miit-2023", "area", json_real(100.0), "area", CRIT_MET);
  expect_crit("miit-2023", "miit-2023", "area", json_real(100.01), "area", CRIT_NOT_MET);
  expect_crit("miit-2022", "miit-2022", "area", json_integer(100), "area", CRIT_MET);
}

static void test_growth_10_00_and_10_01(void **state) {
  expect_crit("miit-2023", "miit-2023", "output.leading_cagr", json_real(10.00), "growth", CRIT_NOT_MET);
  expect_crit("miit-2023", "miit-2023", "output.leading_cagr", json_real(10.01), "growth", CRIT_MET);
}

static void test_missing_figure_cannot_tell(void **state) {
  expect_crit("miit-2023", "miit-2023", "output.sme_share.2022", NULL, "sme_share", CRIT_UNKNOWN);
  expect_crit("miit-2023", "miit-2023", "area", NULL, "area", CRIT_UNKNOWN);
  expect_crit("miit-2023", "miit-2023", "output.total.2021", NULL, "output", CRIT_UNKNOWN);
  expect_crit("miit-2023", "miit-2023", "incident_3y", NULL, "safety", CRIT_UNKNOWN);
  /* A missing year that fails elsewhere is still not met. */
  run_t t = {.rec = load_example("miit-2023")};
  json_set_path(t.rec, "output.total.2021", NULL);
  json_set_path(t.rec, "output.total.2022", json_real(30.0));
  run(&t, "miit-2023");
  assert_int_equal(crit(&t, "output"), CRIT_NOT_MET);
  done(&t);
}

static void test_incident_and_violation(void **state) {
  expect_crit("miit-2023", "miit-2023", "incident_3y", json_true(), "safety", CRIT_NOT_MET);
  expect_crit("miit-2022", "miit-2022", "violation", json_true(), "integrity", CRIT_NOT_MET);
}

/* 不少于1家单项冠军或小巨人，或者不少于10家专精特新、创新型中小企业和国家级高新技术企业. */
static void firms(const char *edition_id, int champion, int giant, int specialized, int hightech, int innovative,
                  crit_result want) {
  run_t t = {.rec = load_example(edition_id)};
  const char *y = !strcmp(edition_id, "miit-2022") ? "2021" : "2022";
  char key[64];
  snprintf(key, sizeof key, "firms.champion.%s", y);
  json_set_path(t.rec, key, json_integer(champion));
  snprintf(key, sizeof key, "firms.little_giant.%s", y);
  json_set_path(t.rec, key, json_integer(giant));
  snprintf(key, sizeof key, "firms.specialized.%s", y);
  json_set_path(t.rec, key, json_integer(specialized));
  if (!strcmp(edition_id, "miit-2023")) {
    json_set_path(t.rec, "firms.hightech.2022", json_integer(hightech));
    json_set_path(t.rec, "firms.innovative", json_integer(innovative));
  } else {
    /* The 2022 layout counts 高新技术企业 and 创新型中小企业 in one row. */
    snprintf(key, sizeof key, "firms.hightech_innovative.%s", y);
    json_set_path(t.rec, key, json_integer(hightech + innovative));
  }
  run(&t, edition_id);
  const judgement *j = find_in(t.r.criteria, t.r.n_criteria, "firms");
  if (j->result != want) fail_msg("%s %d %d %d %d %d: %d (%s)", edition_id, champion, giant, specialized, hightech, innovative,
                                  j->result, j->figures);
  done(&t);
}

static void test_firms_alternatives(void **state) {
  firms("miit-2023", 1, 0, 0, 0, 0, CRIT_MET);
  firms("miit-2023", 0, 1, 0, 0, 0, CRIT_MET);
  firms("miit-2023", 0, 0, 4, 3, 3, CRIT_MET);     /* 10 */
  firms("miit-2023", 0, 0, 4, 3, 2, CRIT_NOT_MET); /* 9 */
  firms("miit-2022", 0, 0, 4, 3, 3, CRIT_MET);
  firms("miit-2022", 0, 0, 4, 3, 2, CRIT_NOT_MET);
  firms("ningbo-2023", 0, 0, 10, 0, 0, CRIT_MET);
  firms("ningbo-2023", 0, 0, 9, 0, 0, CRIT_NOT_MET);
}

static void test_firms_missing_part_cannot_tell(void **state) {
  /* Nine counted and the form's 创新型中小企业 row left empty: the missing row might make ten. */
  run_t t = {.rec = load_example("miit-2023")};
  json_set_path(t.rec, "firms.champion.2022", json_integer(0));
  json_set_path(t.rec, "firms.little_giant.2022", json_integer(0));
  json_set_path(t.rec, "firms.specialized.2022", json_integer(5));
  json_set_path(t.rec, "firms.hightech.2022", json_integer(4));
  json_set_path(t.rec, "firms.innovative", NULL);
  run(&t, "miit-2023");
  assert_int_equal(crit(&t, "firms"), CRIT_UNKNOWN);
  done(&t);
}

static void test_judgement_items_listed(void **state) {
  run_t t = {.rec = load_example("miit-2023")};
  run(&t, "miit-2023");
  assert_string_equal(t.r.criteria_title, "中小企业特色产业集群认定标准（2022年版）");
  assert_int_equal(crit(&t, "industry"), CRIT_JUDGEMENT);
  assert_int_equal(crit(&t, "innovation"), CRIT_JUDGEMENT);
  const judgement *j = find_in(t.r.criteria, t.r.n_criteria, "output");
  assert_string_equal(j->figures, "2020年 118.60亿元、2021年 136.20亿元、2022年 152.40亿元，均 ≥ 40亿元");
  done(&t);
}

/* ------------------------------------------------------------------ Inner Mongolia */

static void test_nmg_thresholds(void **state) {
  expect_crit("nmg-2023", "nmg-2023", "output.total.2020", json_real(15.00), "5.2-output", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "output.total.2020", json_real(14.99), "5.2-output", CRIT_NOT_MET);
  expect_crit("nmg-2023", "nmg-2023", "area", json_real(200.0), "5.2-area", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "area", json_real(200.01), "5.2-area", CRIT_NOT_MET);
  expect_crit("nmg-2023", "nmg-2023", "output.sme_share.2022", json_real(60.0), "5.2-sme_share", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "output.sme_share.2022", json_real(59.99), "5.2-sme_share", CRIT_NOT_MET);
  /* 60%以上 for the leading industry here (the national 高于70% does not apply). */
  expect_crit("nmg-2023", "nmg-2023", "output.leading_share.2022", json_real(60.0), "5.2-leading_share", CRIT_MET);
  /* 不低于5% includes 5. */
  expect_crit("nmg-2023", "nmg-2023", "output.leading_cagr", json_real(5.0), "5.2-growth", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "output.leading_cagr", json_real(4.99), "5.2-growth", CRIT_NOT_MET);
  expect_crit("nmg-2023", "nmg-2023", "patents.per_10k", json_real(5.0), "5.5-patents", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "patents.per_10k", json_real(4.99), "5.5-patents", CRIT_NOT_MET);
  expect_crit("nmg-2023", "nmg-2023", "rd.staff_share", json_real(6.0), "5.5-rd_staff", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "rd.staff_share", json_real(5.99), "5.5-rd_staff", CRIT_NOT_MET);
  expect_crit("nmg-2023", "nmg-2023", "digital.iip_rate", json_real(8.0), "5.6-iip", CRIT_MET);
  expect_crit("nmg-2023", "nmg-2023", "digital.iip_rate", json_real(7.99), "5.6-iip", CRIT_NOT_MET);
  expect_crit("nmg-2023", "nmg-2023", "incident_3y", json_true(), "6-safety", CRIT_NOT_MET);
}

static void test_nmg_firms_two_or_more(void **state) {
  /* 2家以上 includes 2. */
  for (int n = 1; n <= 2; n++) {
    run_t t = {.rec = load_example("nmg-2023")};
    json_set_path(t.rec, "firms.champion.2022", json_integer(0));
    json_set_path(t.rec, "firms.little_giant.2022", json_integer(0));
    json_set_path(t.rec, "firms.specialized.2022", json_integer(1));
    json_set_path(t.rec, "firms.hightech_innovative.2022", json_integer(n - 1));
    run(&t, "nmg-2023");
    assert_int_equal(crit(&t, "5.3-firms"), n == 2 ? CRIT_MET : CRIT_NOT_MET);
    done(&t);
  }
}

static void test_nmg_platforms_and_rd_or_patents(void **state) {
  run_t t = {.rec = load_example("nmg-2023")};
  json_set_path(t.rec, "platforms.national.count", json_integer(0));
  json_set_path(t.rec, "platforms.national.names", json_array());
  json_set_path(t.rec, "platforms.provincial.count", json_integer(2));
  /* R&D growth averaging under 5% and patents under 10%: neither alternative holds. */
  json_set_path(t.rec, "rd.growth", json_pack("{s:f, s:f, s:f}", "2020", 4.0, "2021", 5.0, "2022", 5.0));
  json_set_path(t.rec, "patents.growth", json_real(9.99));
  run(&t, "nmg-2023");
  assert_int_equal(crit(&t, "5.5-platforms"), CRIT_MET);
  assert_int_equal(crit(&t, "5.5-growth"), CRIT_NOT_MET);
  done(&t);

  t = (run_t){.rec = load_example("nmg-2023")};
  json_set_path(t.rec, "platforms.national.count", json_integer(0));
  json_set_path(t.rec, "platforms.provincial.count", json_integer(1));
  json_set_path(t.rec, "rd.growth", json_pack("{s:f, s:f, s:f}", "2020", 5.0, "2021", 5.0, "2022", 5.0));
  json_set_path(t.rec, "patents.growth", json_real(0.0));
  run(&t, "nmg-2023");
  assert_int_equal(crit(&t, "5.5-platforms"), CRIT_NOT_MET);
  assert_int_equal(crit(&t, "5.5-growth"), CRIT_MET); /* 5% a year, 不低于 */
  /* No goal table in this edition: no targets. */
  assert_int_equal(t.r.n_targets, 0);
  done(&t);
}

static void test_nmg_without_year_cannot_tell(void **state) {
  /* No "year" and no output.total to take it from: the form's "XX年" columns stay unknown, so the
     yearly figures cannot be placed; figures given once are still judged. */
  run_t t = {.rec = load_example("nmg-2023")};
  json_set_path(t.rec, "year", NULL);
  json_set_path(t.rec, "output.total", NULL);
  run(&t, "nmg-2023");
  assert_int_equal(crit(&t, "5.2-output"), CRIT_UNKNOWN);
  assert_int_equal(crit(&t, "5.2-sme_share"), CRIT_UNKNOWN);
  assert_int_equal(crit(&t, "5.2-area"), CRIT_MET);
  done(&t);
}

/* ------------------------------------------------------------------ plan targets */

static void expect_target(const char *indicator, json_t *baseline, json_t *tv, const char *id, crit_result want,
                          diag_severity sev) {
  run_t t = {.rec = load_example("miit-2023")};
  set_goal(t.rec, indicator, baseline, tv);
  run(&t, "miit-2023");
  const judgement *j = find_in(t.r.targets, t.r.n_targets, id);
  if (j->result != want) fail_msg("%s: %d (%s), expected %d", id, j->result, j->figures, want);
  size_t errors = count_rule(&t, "targets", DIAG_ERROR), warnings = count_rule(&t, "targets", DIAG_WARNING);
  if (want == CRIT_MET) {
    assert_int_equal(errors + warnings, 0);
  } else {
    const diag *d = finding(&t.r, "targets", j->text);
    assert_non_null(d);
    assert_int_equal(d->severity, sev);
    assert_non_null(d->fix);
    assert_int_equal(errors + warnings, 1);
  }
  done(&t);
}

static void test_target_output_growth(void **state) {
  expect_target("集群产值年均增速", NULL, json_real(10.0), "output_growth", CRIT_MET, 0);
  expect_target("集群产值年均增速", NULL, json_real(9.99), "output_growth", CRIT_NOT_MET, DIAG_ERROR);
}

static void test_target_iip_about_45(void **state) {
  /* 达到45%左右: 45 and above met; down to 40.5 (90 % of 45) still about 45; below, a warning. */
  expect_target("工业互联网普及率", NULL, json_real(45.0), "iip", CRIT_MET, 0);
  expect_target("工业互联网普及率", NULL, json_real(60.0), "iip", CRIT_MET, 0);
  expect_target("工业互联网普及率", NULL, json_real(40.5), "iip", CRIT_MET, 0);
  expect_target("工业互联网普及率", NULL, json_real(40.49), "iip", CRIT_NOT_MET, DIAG_WARNING);
  expect_target("工业互联网普及率", NULL, json_real(10.0), "iip", CRIT_NOT_MET, DIAG_WARNING);
}

static void test_target_cagr_exactly_10(void **state) {
  /* 2022 → 2025: n = 3; 100 × 1.1³ = 133.1 is exactly 10 % a year. */
  expect_target("研发经费投入", json_real(100.0), json_real(133.1), "rd_growth", CRIT_MET, 0);
  expect_target("研发经费投入", json_real(100.0), json_real(133.0), "rd_growth", CRIT_NOT_MET, DIAG_ERROR);
  /* 15 %: 400 × 1.15³ = 608.35. */
  expect_target("有效发明专利数量", json_integer(400), json_real(608.35), "patents_growth", CRIT_MET, 0);
  expect_target("有效发明专利数量", json_integer(400), json_integer(608), "patents_growth", CRIT_NOT_MET, DIAG_ERROR);
}

static void test_target_reduction_18_band(void **state) {
  /* 降低18%左右: 18 % and more met; down to 16.2 % (90 % of 18) about 18 %; below, a warning. */
  expect_target("二氧化碳排放量", json_real(100.0), json_real(82.0), "co2", CRIT_MET, 0);
  expect_target("二氧化碳排放量", json_real(100.0), json_real(83.8), "co2", CRIT_MET, 0);
  expect_target("二氧化碳排放量", json_real(100.0), json_real(83.81), "co2", CRIT_NOT_MET, DIAG_WARNING);
  expect_target("二氧化碳排放量", json_real(100.0), json_real(110.0), "co2", CRIT_NOT_MET, DIAG_WARNING);
  /* 13.5 %: 12.15 % is the band's edge. */
  expect_target("单位工业产值能耗", json_real(100.0), json_real(87.85), "energy", CRIT_MET, 0);
  expect_target("单位工业产值能耗", json_real(100.0), json_real(87.86), "energy", CRIT_NOT_MET, DIAG_WARNING);
}

static void test_target_quality_firms_increase(void **state) {
  expect_target("优质中小企业数量", json_integer(160), json_integer(161), "quality_firms", CRIT_MET, 0);
  expect_target("优质中小企业数量", json_integer(160), json_integer(160), "quality_firms", CRIT_NOT_MET, DIAG_ERROR);
  expect_target("优质中小企业数量", json_integer(170), json_integer(160), "quality_firms", CRIT_NOT_MET, DIAG_ERROR);
}

static void test_target_text_or_missing_row_cannot_tell(void **state) {
  expect_target("研发经费投入", NULL, json_string("大幅增长"), "rd_growth", CRIT_UNKNOWN, DIAG_WARNING);
  expect_target("研发经费投入", json_string("3.39亿元"), NULL, "rd_growth", CRIT_UNKNOWN, DIAG_WARNING);
  /* A number written as text is a number. */
  expect_target("研发经费投入", json_string("3.39"), json_string("4.65"), "rd_growth", CRIT_MET, 0);

  run_t t = {.rec = load_example("miit-2023")};
  json_t *goals = json_object_get(json_object_get(t.rec, "plan"), "goals");
  size_t i;
  json_t *row;
  json_array_foreach(goals, i, row) if (!strcmp(json_string_value(json_object_get(row, "indicator")), "有效发明专利数量")) {
    json_array_remove(goals, i);
    break;
  }
  run(&t, "miit-2023");
  assert_int_equal(target(&t, "patents_growth"), CRIT_UNKNOWN);
  assert_non_null(finding(&t.r, "targets", "有效发明专利数量"));
  assert_int_equal(target(&t, "rd_growth"), CRIT_MET);
  done(&t);
}

/* ------------------------------------------------------------------ the files */

static void test_complete_examples_meet_everything(void **state) {
  const char *ex[] = {"miit-2022", "miit-2023", "ningbo-2023", "nmg-2023"};
  for (size_t e = 0; e < 4; e++) {
    run_t t = {.rec = load_example(ex[e])};
    run(&t, ex[e]);
    assert_true(t.r.n_criteria > 0);
    for (size_t i = 0; i < t.r.n_criteria; i++)
      if (t.r.criteria[i].result != CRIT_MET && t.r.criteria[i].result != CRIT_JUDGEMENT)
        fail_msg("%s: %s %s", ex[e], t.r.criteria[i].text, t.r.criteria[i].figures);
    for (size_t i = 0; i < t.r.n_targets; i++)
      if (t.r.targets[i].result != CRIT_MET) fail_msg("%s: %s %s", ex[e], t.r.targets[i].text, t.r.targets[i].figures);
    assert_int_equal(t.r.n_targets, strcmp(ex[e], "nmg-2023") ? 7 : 0);
    assert_int_equal(count_rule(&t, "criteria", DIAG_ERROR) + count_rule(&t, "criteria", DIAG_WARNING), 0);
    assert_int_equal(count_rule(&t, "targets", DIAG_ERROR) + count_rule(&t, "targets", DIAG_WARNING), 0);
    done(&t);
  }
}

/* A criteria file with mistakes is refused as a whole, with one error naming each mistake. */
static void test_bad_criteria_file(void **state) {
  char dir[] = "/tmp/cf-criteria-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char *cdir = path_join(dir, "criteria");
  char *err = NULL;
  assert_true(make_directory(cdir, &err));
  char *path = path_join(cdir, "broken.json");
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("{\"title\": \"t\", \"criteria\": ["
        "{\"id\": \"a\", \"text\": \"x\", \"test\": {\"key\": \"output.totl\", \"op\": \">=\", \"value\": 1}},"
        "{\"id\": \"b\", \"text\": \"x\", \"test\": {\"key\": \"area\", \"op\": \"=>\", \"value\": 1}},"
        "{\"id\": \"c\", \"text\": \"x\", \"test\": {\"key\": \"area\", \"years\": \"all\", \"op\": \">=\", \"value\": 1}}],"
        "\"targets\": [{\"id\": \"d\", \"text\": \"x\", \"indicator\": \"y\", \"measure\": \"cagr\", \"op\": \"about\", \"value\": 1}]}",
        fp);
  fclose(fp);

  run_t t = {.rec = load_example("miit-2023")};
  fixture_init(&t.f, "miit-2023");
  char *text = json_dumps(t.rec, 0);
  assert_true(fixture_record(&t.f, text));
  free(text);
  free(t.f.ed.criteria);
  t.f.ed.criteria = xstrdup("broken");
  check_input in = {.cat = &t.f.cat, .ed = &t.f.ed, .rec = &t.f.rec, .templates = dir};
  memset(&t.r, 0, sizeof t.r);
  t.r.filled = json_deep_copy(t.f.rec.root);
  check_criteria(&in, &t.r);
  check_targets(&in, &t.r);
  assert_int_equal(t.r.n_criteria, 0);
  assert_int_equal(t.r.n_targets, 0);
  assert_int_equal(t.r.findings.n, 1);
  const char *m = t.r.findings.items[0].message;
  assert_non_null(strstr(m, "output.totl"));
  assert_non_null(strstr(m, "b：op"));
  assert_non_null(strstr(m, "c：years"));
  assert_non_null(strstr(m, "d：op 为 about"));
  done(&t);

  unlink(path);
  rmdir(cdir);
  rmdir(dir);
  free(path);
  free(cdir);
}

static void test_every_edition_names_a_valid_file(void **state) {
  fixture f;
  fixture_init(&f, NULL);
  size_t n;
  char **ids = edition_ids(CLUSTERFORM_TEMPLATE_DIR, &n);
  assert_true(n >= 4);
  for (size_t i = 0; i < n; i++) {
    edition ed;
    assert_true(edition_load(&ed, CLUSTERFORM_TEMPLATE_DIR, ids[i], &f.d));
    assert_non_null(ed.criteria);
    record rec = {0};
    assert_true(record_parse(&rec, "t.json", "{}", 2, &f.d));
    check_input in = {.cat = &f.cat, .ed = &ed, .rec = &rec, .templates = CLUSTERFORM_TEMPLATE_DIR};
    check_report r = {0};
    json_t *file = criteria_file_load(&in, &r, true);
    if (!file) fail_msg("%s: %s", ids[i], r.findings.n ? r.findings.items[0].message : "?");
    json_decref(file);
    check_report_free(&r);
    record_free(&rec);
    edition_free(&ed);
    free(ids[i]);
  }
  free(ids);
  fixture_free(&f);
}

static void test_comparison_helpers(void **state) {
  assert_true(criteria_compare(70.0, ">=", 70));
  assert_false(criteria_compare(70.0, ">", 70));
  assert_true(criteria_compare(criteria_round2(69.995), ">=", 70));
  assert_false(criteria_compare(criteria_round2(69.994), ">=", 70));
  assert_false(criteria_compare(1, "=>", 0));
  char b[32];
  criteria_format_threshold(13.5, b, sizeof b);
  assert_string_equal(b, "13.5");
  criteria_format_threshold(40, b, sizeof b);
  assert_string_equal(b, "40");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_output_40_00_and_39_99),
      cmocka_unit_test(test_output_finding_points_at_the_year),
      cmocka_unit_test(test_sme_share_70_00_and_69_99),
      cmocka_unit_test(test_leading_share_70_00_and_70_01),
      cmocka_unit_test(test_area_100_and_100_01),
      cmocka_unit_test(test_growth_10_00_and_10_01),
      cmocka_unit_test(test_missing_figure_cannot_tell),
      cmocka_unit_test(test_incident_and_violation),
      cmocka_unit_test(test_firms_alternatives),
      cmocka_unit_test(test_firms_missing_part_cannot_tell),
      cmocka_unit_test(test_judgement_items_listed),
      cmocka_unit_test(test_nmg_thresholds),
      cmocka_unit_test(test_nmg_firms_two_or_more),
      cmocka_unit_test(test_nmg_platforms_and_rd_or_patents),
      cmocka_unit_test(test_nmg_without_year_cannot_tell),
      cmocka_unit_test(test_target_output_growth),
      cmocka_unit_test(test_target_iip_about_45),
      cmocka_unit_test(test_target_cagr_exactly_10),
      cmocka_unit_test(test_target_reduction_18_band),
      cmocka_unit_test(test_target_quality_firms_increase),
      cmocka_unit_test(test_target_text_or_missing_row_cannot_tell),
      cmocka_unit_test(test_complete_examples_meet_everything),
      cmocka_unit_test(test_bad_criteria_file),
      cmocka_unit_test(test_every_edition_names_a_valid_file),
      cmocka_unit_test(test_comparison_helpers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
