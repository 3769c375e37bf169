/* The 推荐汇总表: the 集群简介 at its limits (a composed one of exactly 300 字 kept whole, one that
   would be 301 shortened at a sentence boundary with the dropped sentence reported; a user's 151 字
   in ningbo-2023 refused, naming the cluster; the figures never cut), the rows of the summary
   record, and the default rows of a list without "group"/"match". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/lists.h"
#include "summary/intro.h"
#include "summary/summary.h"
#include "support.h"
#include "util/strbuf.h"

/* A sentence of exactly n 字 (count_strict) that starts with `lead` and ends with 。. */
static char *sentence_of(const char *lead, size_t n) {
  strbuf b = {0};
  sb_puts(&b, lead);
  size_t have = count_strict(lead);
  assert_true(n > have + 1);
  for (size_t i = have; i + 1 < n; i++) sb_puts(&b, "字");
  sb_puts(&b, "。");
  char *s = sb_take(&b);
  assert_int_equal(count_strict(s), n);
  return s;
}

/* A cluster with figures and, when given, a plan.overview of free text. */
static json_t *cluster(const char *overview) {
  json_t *r = json_pack("{s:s, s:s, s:i, s:s, s:s, s:{s:s, s:s, s:s}, s:s}", "edition", "miit-2023", "name",
                        "测试省测试市测试县测试产业集群", "year", 2022, "operator", "测试运营机构", "industry", "测试产业",
                        "region", "province", "测试省", "city", "测试市", "county", "测试县", "founded", "2010年");
  json_set_path(r, "output.total.2022", json_real(152.4));
  json_set_path(r, "firms.sme.2022", json_integer(1364));
  json_set_path(r, "firms.specialized.2022", json_integer(35));
  json_set_path(r, "firms.little_giant.2022", json_integer(3));
  json_set_path(r, "firms.champion.2022", json_integer(0));
  json_set_path(r, "standards.national.lead.2020", json_integer(1));
  json_set_path(r, "standards.national.lead.2021", json_integer(1));
  json_set_path(r, "standards.industry.lead.2022", json_integer(2));
  json_set_path(r, "standards.industry.lead.2019", json_integer(50)); /* not 近三年 */
  json_set_path(r, "patents.count", json_integer(412));
  json_set_path(r, "patents.per_10k", json_real(47.63));
  if (overview) json_set_path(r, "plan.overview", json_string(overview));
  return r;
}

static void load(fixture *f, const char *edition_id, json_t *rec) {
  fixture_init(f, edition_id);
  char *text = json_dumps(rec, JSON_INDENT(1));
  assert_true(fixture_record(f, text));
  free(text);
  assert_int_equal(diag_count(&f->d, DIAG_ERROR), 0);
}

/* The figures part alone, as the composition writes it for cluster(). */
static char *figures_only(void) {
  fixture f;
  json_t *rec = cluster(NULL);
  json_object_del(rec, "industry"); /* no fallback sentence */
  load(&f, "miit-2023", rec);
  cluster_intro in;
  assert_true(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  char *fig = xstrdup(in.figures);
  assert_string_equal(in.text, fig);
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);
  return fig;
}

static void test_figures_as_the_guidance_asks(void **state) {
  char *fig = figures_only();
  assert_string_equal(fig, "2022年，集群总产值152.40亿元，中小企业1364家，专精特新中小企业35家、专精特新“小巨人”企业3家、"
                           "制造业单项冠军企业0家；近三年集群中小企业主持制修订国家和行业标准4项，有效发明专利412件，"
                           "万人发明专利拥有量47.63件。");
  free(fig);
}

static const diag *note_with(const diag_list *d, const char *needle) {
  for (size_t i = 0; i < d->n; i++)
    if (d->items[i].severity == DIAG_NOTE && strstr(d->items[i].message, needle)) return &d->items[i];
  return NULL;
}

static void test_composed_300_kept_whole(void **state) {
  char *fig = figures_only();
  size_t nf = count_strict(fig);
  size_t a = 80, b = 300 - nf - a;
  char *chain = sentence_of("集群形成完整产业链条", a);
  char *standing = sentence_of("产品市场占有率居全国前列", b);
  char *overview = xasprintf("%s%s", chain, standing);
  json_t *rec = cluster(overview);
  fixture f;
  load(&f, "miit-2023", rec);
  cluster_intro in;
  assert_true(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  assert_false(in.own);
  assert_int_equal(in.limit, 300);
  assert_int_equal(in.count, 300);
  assert_int_equal(count_strict(in.text), 300);
  assert_int_equal(in.n_dropped, 0);
  char *want = xasprintf("%s%s%s", chain, standing, fig);
  assert_string_equal(in.text, want);
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 0);
  assert_null(note_with(&f.d, "删去"));
  free(want);
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);
  free(overview);
  free(chain);
  free(standing);
  free(fig);
}

static void test_composed_301_drops_a_whole_sentence(void **state) {
  char *fig = figures_only();
  size_t nf = count_strict(fig);
  size_t a = 80, b = 301 - nf - a;
  char *chain = sentence_of("集群形成完整产业链条", a);
  char *standing = sentence_of("产品市场占有率居全国前列", b);
  /* The second paragraph: a line without an end mark is a sentence too. */
  char *overview = xasprintf("%s\n%s", chain, standing);
  json_t *rec = cluster(overview);
  fixture f;
  load(&f, "miit-2023", rec);
  cluster_intro in;
  assert_true(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  /* The sentence that would make it 301 is dropped whole; nothing is cut through. */
  assert_int_equal(in.n_dropped, 1);
  assert_string_equal(in.dropped[0], standing);
  char *want = xasprintf("%s%s", chain, fig);
  assert_string_equal(in.text, want);
  assert_int_equal(in.count, a + nf);
  assert_true(in.count <= 300);
  /* … and reported, naming the cluster. */
  const diag *n = note_with(&f.d, "删去了 1 句");
  assert_non_null(n);
  assert_non_null(strstr(n->message, standing));
  assert_non_null(strstr(n->message, "测试省测试市测试县测试产业集群"));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 0);
  free(want);
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);
  free(overview);
  free(chain);
  free(standing);
  free(fig);
}

static void test_figures_never_cut(void **state) {
  char *fig = figures_only();
  size_t nf = count_strict(fig);
  /* A limit that leaves room for the figures only: every free sentence goes, the figures stay. */
  char *chain = sentence_of("集群形成完整产业链条", 40);
  json_t *rec = cluster(chain);
  fixture f;
  load(&f, "miit-2023", rec);
  f.ed.limit_intro = (int)nf + 10;
  cluster_intro in;
  assert_true(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  assert_string_equal(in.text, fig);
  assert_int_equal(in.n_dropped, 1);
  intro_free(&in);
  diag_free(&f.d);
  memset(&f.d, 0, sizeof f.d);
  /* Below the figures: an error, and no shortened figures. */
  f.ed.limit_intro = (int)nf - 1;
  assert_false(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  assert_null(in.text);
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 1);
  assert_non_null(strstr(f.d.items[f.d.n - 1].message, "测试省测试市测试县测试产业集群"));
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);
  free(chain);
  free(fig);
}

static void test_own_intro_150_and_151_in_ningbo(void **state) {
  char *t150 = sentence_of("集群以测试产业为主导", 150);
  char *t151 = sentence_of("集群以测试产业为主导", 151);
  json_t *rec = cluster(NULL);
  json_object_set_new(rec, "intro", json_string(t150));
  fixture f;
  load(&f, "ningbo-2023", rec);
  cluster_intro in;
  assert_true(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  assert_true(in.own);
  assert_int_equal(in.limit, 150);
  assert_string_equal(in.text, t150);
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);

  rec = cluster(NULL);
  json_object_set_new(rec, "intro", json_string(t151));
  load(&f, "ningbo-2023", rec);
  assert_false(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 1);
  const diag *e = &f.d.items[f.d.n - 1];
  assert_int_equal(e->severity, DIAG_ERROR);
  /* It names the cluster (its name and file), the counts, and where the text stands. */
  assert_non_null(strstr(e->message, "测试省测试市测试县测试产业集群"));
  assert_non_null(strstr(e->message, "test.json"));
  assert_non_null(strstr(e->message, "151 字"));
  assert_non_null(strstr(e->message, "150 字"));
  assert_string_equal(e->file, "test.json");
  assert_string_equal(e->where, "$.intro");
  assert_true(e->line > 0);
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);
  free(t150);
  free(t151);
}

static void test_limits_per_edition(void **state) {
  fixture f;
  fixture_init(&f, "miit-2022");
  assert_int_equal(intro_limit(&f.ed), 300); /* no published limit: the national 300 */
  fixture_free(&f);
  fixture_init(&f, "miit-2023");
  assert_int_equal(intro_limit(&f.ed), 300);
  fixture_free(&f);
  fixture_init(&f, "ningbo-2023");
  assert_int_equal(intro_limit(&f.ed), 150);
  fixture_free(&f);
}

static void test_sentences_keep_their_quotes(void **state) {
  /* 。” stays with its sentence; a sentence that repeats the figures is not taken. */
  json_t *rec = cluster("集群获评“全国示范集群。”集群总产值居全省首位。集群形成完整产业链条");
  fixture f;
  load(&f, "miit-2023", rec);
  cluster_intro in;
  assert_true(intro_make(&f.rec, &f.cat, &f.ed, &in, &f.d));
  assert_string_equal(in.free_text, "集群形成完整产业链条。集群获评“全国示范集群。”");
  intro_free(&in);
  fixture_free(&f);
  json_decref(rec);
}

static void test_summary_rows_in_order(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  record recs[3] = {{0}};
  const char *names[] = {"甲集群", "乙集群", "丙集群"};
  for (int i = 0; i < 3; i++) {
    json_t *r = cluster(NULL);
    json_object_set_new(r, "name", json_string(names[i]));
    if (i == 1) json_object_set_new(r, "intro", json_string("自己写的简介。"));
    char *text = json_dumps(r, 0);
    assert_true(record_parse(&recs[i], "x.json", text, strlen(text), &f.d));
    free(text);
    json_decref(r);
  }
  summary_meta m = {.authority = "某市经济和信息化局", .phone = "13800000000"};
  json_t *root = summary_build(recs, 3, &f.cat, &f.ed, &m, &f.d);
  assert_non_null(root);
  json_t *s = json_object_get(root, "summary");
  assert_string_equal(json_string_value(json_object_get(s, "authority")), "某市经济和信息化局");
  assert_null(json_object_get(s, "contact"));
  json_t *rows = json_object_get(s, "rows");
  assert_int_equal(json_array_size(rows), 3);
  for (size_t i = 0; i < 3; i++) {
    json_t *row = json_array_get(rows, i);
    char no[8];
    snprintf(no, sizeof no, "%zu", i + 1);
    assert_string_equal(json_string_value(json_object_get(row, "no")), no);
    assert_string_equal(json_string_value(json_object_get(row, "name")), names[i]);
    assert_string_equal(json_string_value(json_object_get(row, "region")), "测试省测试市测试县");
  }
  assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "intro")), "自己写的简介。");
  /* The default rows show only in the blank table; the clusters' rows replace them. */
  record sr = {.file = (char *)"summary", .root = root};
  json_t *filled = list_rows(&f.ed, &sr, "summary.rows", false);
  assert_int_equal(json_array_size(filled), 3);
  assert_null(json_object_get(json_array_get(filled, 0), ""));
  assert_string_equal(json_string_value(json_object_get(json_array_get(filled, 2), "name")), "丙集群");
  json_decref(filled);
  json_t *blank = list_rows(&f.ed, NULL, "summary.rows", true);
  assert_int_equal(json_array_size(blank), 3);
  assert_string_equal(json_string_value(json_object_get(json_array_get(blank, 0), "no")), "1");
  assert_non_null(strstr(json_string_value(json_object_get(json_array_get(blank, 0), "intro")), "限300字以内"));
  assert_null(json_object_get(json_array_get(blank, 0), "fill"));
  assert_null(json_object_get(json_array_get(blank, 1), "intro"));
  json_decref(blank);
  json_decref(root);
  for (int i = 0; i < 3; i++) record_free(&recs[i]);
  fixture_free(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_figures_as_the_guidance_asks),
      cmocka_unit_test(test_composed_300_kept_whole),
      cmocka_unit_test(test_composed_301_drops_a_whole_sentence),
      cmocka_unit_test(test_figures_never_cut),
      cmocka_unit_test(test_own_intro_150_and_151_in_ningbo),
      cmocka_unit_test(test_limits_per_edition),
      cmocka_unit_test(test_sentences_keep_their_quotes),
      cmocka_unit_test(test_summary_rows_in_order),
  };
  return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}
