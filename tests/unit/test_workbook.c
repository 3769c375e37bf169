/* The input workbook: every example written as a workbook and read back is the record it came
   from (the goal table and every list included); CSV in UTF-8 and GB18030; what people type into
   cells read when its meaning is certain, asked about when not, refused otherwise, each problem at
   its sheet!cell with the field's label. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sheet/book_layout.h"
#include "sheet/book_records.h"
#include "sheet/book_write.h"
#include "sheet/cell_value.h"
#include "sheet/grid.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static char tmpdir[] = "/tmp/cf-test-workbook.XXXXXX";

/* A multi-choice list is a set: the workbook has a column per option, in the catalog's order. */
static void sort_multi(json_t *root, const catalog *cat) {
  for (size_t i = 0; i < cat->n; i++) {
    const field *f = &cat->fields[i];
    if (f->type != FT_MULTI) continue;
    json_t *arr = json_get_path(root, f->key);
    if (!json_is_array(arr)) continue;
    json_t *sorted = json_array();
    for (size_t k = 0; k < f->n_options; k++) {
      size_t j;
      json_t *x;
      json_array_foreach(arr, j, x) if (json_is_string(x) && field_option_find(f, json_string_value(x)) == &f->options[k])
          json_array_append_new(sorted, json_string(f->options[k].id));
    }
    json_set_path(root, f->key, sorted);
  }
}

/* A cell is empty or holds something: an empty text ("unit": "" of a 定性描述 goal row) reads back as
   no value, which the form writes the same way. */
static void drop_empty_strings(json_t *v) {
  if (json_is_object(v)) {
    const char *k;
    json_t *x;
    void *tmp;
    json_object_foreach_safe(v, tmp, k, x) {
      if (json_is_string(x) && !*json_string_value(x)) json_object_del(v, k);
      else drop_empty_strings(x);
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) drop_empty_strings(x);
  }
}

/* Equal as the form reads them: numbers by value (12 and 12.0 are one figure), the rest exactly. */
static bool same(json_t *a, json_t *b, const char *path) {
  if (json_is_number(a) && json_is_number(b)) {
    if (json_number_value(a) == json_number_value(b)) return true;
    print_error("%s: %.17g != %.17g\n", path, json_number_value(a), json_number_value(b));
    return false;
  }
  if (json_typeof(a) != json_typeof(b)) {
    print_error("%s: types differ\n", path);
    return false;
  }
  if (json_is_object(a)) {
    if (json_object_size(a) != json_object_size(b)) {
      const char *k;
      json_t *v;
      json_object_foreach(a, k, v) if (!json_object_get(b, k)) print_error("%s.%s: missing after the round trip\n", path, k);
      json_object_foreach(b, k, v) if (!json_object_get(a, k)) print_error("%s.%s: added by the round trip\n", path, k);
      return false;
    }
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v) {
      char *p = xasprintf("%s.%s", path, k);
      bool ok = json_object_get(b, k) && same(v, json_object_get(b, k), p);
      if (!json_object_get(b, k)) print_error("%s: missing after the round trip\n", p);
      free(p);
      if (!ok) return false;
    }
    return true;
  }
  if (json_is_array(a)) {
    if (json_array_size(a) != json_array_size(b)) {
      print_error("%s: %zu items != %zu\n", path, json_array_size(a), json_array_size(b));
      return false;
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
      char *p = xasprintf("%s[%zu]", path, i);
      bool ok = same(json_array_get(a, i), json_array_get(b, i), p);
      free(p);
      if (!ok) return false;
    }
    return true;
  }
  if (!json_equal(a, b)) {
    print_error("%s: values differ\n", path);
    return false;
  }
  return true;
}

static void round_trip(const char *example, const char *edition_id) {
  fixture f;
  fixture_init(&f, edition_id);
  record in;
  char *path = xasprintf("%s/examples/%s.json", CLUSTERFORM_SOURCE_DIR, example);
  assert_true(record_read(&in, path, &f.d));
  book_layout b;
  assert_true(book_layout_make(&b, &f.cat, &f.ed, &in, 1, &f.d));
  char *xlsx = xasprintf("%s/%s-%s.xlsx", tmpdir, example, edition_id);
  assert_true(book_write(&b, &f.ed, &in, 1, xlsx, xlsx, 1672531200LL, &f.d));
  workbook wb = {0};
  assert_true(xlsx_read(&wb, xlsx, &f.d));
  record *out = NULL;
  size_t n = 0;
  bool ok = book_records(&wb, &f.cat, &f.ed, &b, &out, &n, &f.d);
  if (!ok) diag_print(stderr, &f.d);
  assert_true(ok);
  assert_int_equal(n, 1);
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 0);
  assert_int_equal(diag_count(&f.d, DIAG_WARNING), 0);
  /* What clusterform check writes itself is not input. */
  json_object_del(in.root, "evidence");
  drop_empty_strings(in.root);
  sort_multi(in.root, &f.cat);
  sort_multi(out[0].root, &f.cat);
  assert_true(same(in.root, out[0].root, "$"));
  /* Every value remembers its cell: the goal table's third row, and a year of a series. */
  int line = 0, col = 0;
  const char *at = NULL;
  const char *goal[] = {"plan", "goals", "2", "target"};
  record_locate(&out[0], goal, 4, &line, &col, &at);
  if (json_get_path(in.root, "plan.goals")) {
    assert_non_null(at);
    assert_non_null(strstr(at, "发展目标表!"));
  }
  record_free(&out[0]);
  free(out);
  workbook_free(&wb);
  book_layout_free(&b);
  record_free(&in);
  free(xlsx);
  free(path);
  fixture_free(&f);
}

static void test_round_trip_miit_2022(void **state) { round_trip("miit-2022", "miit-2022"); }
static void test_round_trip_miit_2023(void **state) { round_trip("miit-2023", "miit-2023"); }
static void test_round_trip_ningbo_2023(void **state) { round_trip("ningbo-2023", "ningbo-2023"); }
static void test_round_trip_nmg_2023(void **state) { round_trip("nmg-2023", "nmg-2023"); }
static void test_round_trip_sparse(void **state) { round_trip("sparse", "miit-2023"); }
/* A record of one edition in another's workbook keeps its own years and fields. */
static void test_round_trip_across_editions(void **state) { round_trip("miit-2022", "nmg-2023"); }

/* The sheets follow the form's parts in order, and the goal table is a sheet of rows. */
static void test_layout_follows_the_form(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  book_layout b;
  assert_true(book_layout_make(&b, &f.cat, &f.ed, NULL, 0, &f.d));
  assert_true(b.n >= 8);
  assert_string_equal(b.sheets[0].name, "一、基本情况");
  assert_string_equal(b.sheets[1].name, "二、主导产业情况");
  const book_sheet *s = NULL;
  const book_col *c = book_find_col(&b, "output.total.2020", &s);
  assert_non_null(c);
  assert_string_equal(s->name, "二、主导产业情况");
  assert_string_equal(c->sub, "2020年");
  assert_non_null(strstr(c->label, "（亿元）"));
  /* 2023 asks the growth of foreign investment in part 二; 2022 asked it in part 六. */
  assert_non_null(book_find_col(&b, "trade.fdi_growth_cum", &s));
  assert_string_equal(s->name, "二、主导产业情况");
  c = book_find_col(&b, "plan.goals.target", &s);
  assert_non_null(c);
  assert_non_null(s->list);
  assert_non_null(book_find_col(&b, "chain.strengthening_work=chain_map", NULL));
  book_layout_free(&b);
  fixture_free(&f);
}

static json_t *typed(fixture *f, const char *key, const char *text) {
  cell c = {.type = CELL_TEXT, .text = (char *)text, .typed = true};
  diag_place at = {.file = "t.csv", .where = "表!B4", .key = key};
  return cell_value(&c, catalog_find(&f->cat, key), NULL, &at, &f->d);
}

static void test_typed_numbers_read_when_certain(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  json_t *v = typed(&f, "output.total", "1,234.50");
  assert_true(json_is_real(v) && json_real_value(v) == 1234.5);
  json_decref(v);
  v = typed(&f, "output.total", "１６８．０５");
  assert_true(json_is_real(v) && json_real_value(v) == 168.05);
  json_decref(v);
  v = typed(&f, "output.sme_share", "70%");
  assert_true(json_is_real(v) && json_real_value(v) == 70);
  json_decref(v);
  v = typed(&f, "area", "42.8平方公里");
  assert_true(json_is_real(v) && json_real_value(v) == 42.8);
  json_decref(v);
  v = typed(&f, "firms.sme", " 1364 ");
  assert_true(json_is_integer(v) && json_integer_value(v) == 1364);
  json_decref(v);
  /* Each reading is said, as a note at the cell. */
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 0);
  assert_int_equal(diag_count(&f.d, DIAG_WARNING), 0);
  assert_true(diag_count(&f.d, DIAG_NOTE) >= 4);
  assert_string_equal(f.d.items[0].where, "表!B4");
  assert_non_null(strstr(f.d.items[0].message, "1234.50"));
  fixture_free(&f);
}

static void test_uncertain_or_wrong_values(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  /* A share typed as a fraction: kept, and a warning asks which was meant. */
  json_t *v = typed(&f, "output.sme_share", "0.70");
  assert_true(json_is_real(v) && json_real_value(v) == 0.7);
  json_decref(v);
  assert_int_equal(diag_count(&f.d, DIAG_WARNING), 1);
  assert_non_null(strstr(f.d.items[0].message, "70%"));
  /* Words, an approximate figure, a count with decimals, a % in a field of 亿元, a unit of another
     field: errors, nothing guessed. */
  assert_null(typed(&f, "output.total", "约150"));
  assert_null(typed(&f, "output.total", "无数据"));
  assert_null(typed(&f, "firms.sme", "12.5"));
  assert_null(typed(&f, "output.total", "15%"));
  assert_null(typed(&f, "area", "42.8亩"));
  assert_null(typed(&f, "output.total", "0x10"));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), 6);
  for (size_t i = 0; i < f.d.n; i++)
    if (f.d.items[i].severity == DIAG_ERROR) {
      assert_string_equal(f.d.items[i].where, "表!B4");
      assert_non_null(f.d.items[i].fix);
    }
  fixture_free(&f);
}

static void test_dates_choices_and_boxes(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  json_t *v = typed(&f, "applied_on", "2023/7/20");
  assert_string_equal(json_string_value(v), "2023-07-20");
  json_decref(v);
  v = typed(&f, "applied_on", "2023年7月20日");
  assert_string_equal(json_string_value(v), "2023年7月20日");
  json_decref(v);
  /* A date Excel stores as its serial day. */
  cell serial = {.type = CELL_NUMBER, .text = (char *)"45127", .num = 45127, .date = true};
  diag_place at = {.file = "b.xlsx", .where = "一、基本情况!K4", .key = "applied_on"};
  v = cell_value(&serial, catalog_find(&f.cat, "applied_on"), NULL, &at, &f.d);
  assert_string_equal(json_string_value(v), "2023-07-20");
  json_decref(v);
  size_t before = diag_count(&f.d, DIAG_ERROR);
  assert_null(typed(&f, "applied_on", "2023年7月"));
  assert_null(typed(&f, "applied_on", "2023-02-30"));
  assert_int_equal(diag_count(&f.d, DIAG_ERROR), before + 2);
  v = typed(&f, "industry_type", "第二产业");
  assert_string_equal(json_string_value(v), "secondary");
  json_decref(v);
  v = typed(&f, "not_restricted", "是");
  assert_true(json_is_true(v));
  json_decref(v);
  assert_null(typed(&f, "not_restricted", "也许"));
  /* A percentage shown by the cell's format: 70% is stored as 0.7. */
  cell pct = {.type = CELL_NUMBER, .text = (char *)"0.7", .num = 0.7, .percent = true};
  v = cell_value(&pct, catalog_find(&f.cat, "output.sme_share"), NULL, &at, &f.d);
  assert_true(json_real_value(v) == 70);
  json_decref(v);
  fixture_free(&f);
}

static char *write_tmp(const char *name, const char *bytes, size_t len) {
  char *p = xasprintf("%s/%s", tmpdir, name);
  FILE *fp = fopen(p, "wb");
  assert_non_null(fp);
  fwrite(bytes, 1, len, fp);
  fclose(fp);
  return p;
}

/* A CSV as Excel on Chinese Windows saves it (GB18030), and as UTF-8 with a BOM: the same record. */
static void test_csv_encodings(void **state) {
  const char *utf8 = "集群名称,集群总产值（亿元）,集群简介\r\n"
                     ",,\r\n"
                     "name,output.total.2022,intro\r\n"
                     "甲集群,\"1,234.50\",\"第一行\r\n第二行，含“引号”\"\r\n";
  char gb[512];
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  char *in = (char *)utf8, *out = gb;
  size_t left = strlen(utf8), room = sizeof gb;
  assert_true(iconv(cd, &in, &left, &out, &room) != (size_t)-1);
  iconv_close(cd);
  char *p_gb = write_tmp("gb.csv", gb, (size_t)(out - gb));
  strbuf bom = {0};
  sb_puts(&bom, "\xEF\xBB\xBF");
  sb_puts(&bom, utf8);
  char *p_bom = write_tmp("bom.csv", bom.s, bom.len);
  sb_free(&bom);
  const char *paths[] = {p_gb, p_bom};
  for (int i = 0; i < 2; i++) {
    fixture f;
    fixture_init(&f, "miit-2023");
    workbook wb = {0};
    assert_true(csv_read(&wb, paths[i], &f.d));
    record *recs = NULL;
    size_t n = 0;
    assert_true(book_records(&wb, &f.cat, &f.ed, NULL, &recs, &n, &f.d));
    assert_int_equal(n, 1);
    assert_string_equal(json_string_value(record_get(&recs[0], "name")), "甲集群");
    assert_true(json_real_value(record_get(&recs[0], "output.total.2022")) == 1234.5);
    assert_string_equal(json_string_value(record_get(&recs[0], "intro")), "第一行\n第二行，含“引号”");
    record_free(&recs[0]);
    free(recs);
    workbook_free(&wb);
    fixture_free(&f);
  }
  free(p_gb);
  free(p_bom);
}

/* Two rows of one cluster on a part sheet, a row without a name, a merged value cell, an unknown
   key: each reported at its place; nothing is taken from the rows in doubt. */
static void test_rows_in_doubt(void **state) {
  const char *csv = "集群名称,集群总产值（亿元）,x\n"
                    ",2022年,\n"
                    "name,output.total.2022,output.totl.2022\n"
                    "甲集群,10,\n"
                    ",11,\n"
                    "甲集群,12,\n";
  char *p = write_tmp("dup.csv", csv, strlen(csv));
  fixture f;
  fixture_init(&f, "miit-2023");
  workbook wb = {0};
  assert_true(csv_read(&wb, p, &f.d));
  record *recs = NULL;
  size_t n = 0;
  assert_false(book_records(&wb, &f.cat, &f.ed, NULL, &recs, &n, &f.d));
  bool twice = false, no_name = false, unknown = false;
  for (size_t i = 0; i < f.d.n; i++) {
    const diag *x = &f.d.items[i];
    twice |= strstr(x->message, "出现了两次") && !strcmp(x->where, "dup!A6") && !strcmp(x->label, "集群名称");
    no_name |= strstr(x->message, "没有集群名称") && !strcmp(x->where, "dup!A5");
    unknown |= x->severity == DIAG_WARNING && strstr(x->message, "output.totl.2022") && strstr(x->fix, "output.total");
  }
  assert_true(twice);
  assert_true(no_name);
  assert_true(unknown);
  assert_int_equal(n, 1);
  assert_true(json_real_value(record_get(&recs[0], "output.total.2022")) == 10);
  record_free(&recs[0]);
  free(recs);
  workbook_free(&wb);
  fixture_free(&f);
  free(p);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip_miit_2022),    cmocka_unit_test(test_round_trip_miit_2023),
      cmocka_unit_test(test_round_trip_ningbo_2023),  cmocka_unit_test(test_round_trip_nmg_2023),
      cmocka_unit_test(test_round_trip_sparse),       cmocka_unit_test(test_round_trip_across_editions),
      cmocka_unit_test(test_layout_follows_the_form), cmocka_unit_test(test_typed_numbers_read_when_certain),
      cmocka_unit_test(test_uncertain_or_wrong_values), cmocka_unit_test(test_dates_choices_and_boxes),
      cmocka_unit_test(test_csv_encodings),           cmocka_unit_test(test_rows_in_doubt),
  };
  return run_tests_in("workbook", tests, sizeof tests / sizeof *tests, tmpdir);
}
