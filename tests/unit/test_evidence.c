/* The 佐证材料清单 (rule 8): ticked options under 勾选需提供佐证材料, rows marked 需提供清单 /
   佐证材料 / 计算公式, 如涉及 rows only when ticked 是, rows with nothing to show left out, the
   order of the form; and the list written as a DOCX. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "check/evidence_docx.h"
#include "ooxml/package.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

#define ZERO3 "{\"2020\": 0, \"2021\": 0, \"2022\": 0}"
#define ZERO3_22 "{\"2019\": 0, \"2020\": 0, \"2021\": 0}"

static const char *STANDARD_SOME = "\"standards\": {\"national\": {\"lead\": {\"2020\": 0, \"2021\": 1, \"2022\": 0}}}";
static const char *STANDARD_NONE =
    "\"standards\": {\"international\": {\"lead\": " ZERO3 ", \"join\": " ZERO3 "},"
    " \"national\": {\"lead\": " ZERO3 ", \"join\": " ZERO3 "}, \"industry\": {\"lead\": " ZERO3 ", \"join\": " ZERO3 "},"
    " \"group\": {\"lead\": " ZERO3 ", \"join\": " ZERO3 "}}";

typedef struct {
  fixture f;
  check_report r;
  check_input in;
} run;

/* check_evidence alone, on the record as given (as check_run calls it: after derive, on r.filled). */
static run *evidence_of(const char *edition_id, const char *json) {
  run *x = calloc(1, sizeof *x);
  fixture_init(&x->f, edition_id);
  assert_true(fixture_record(&x->f, json));
  x->in = (check_input){.cat = &x->f.cat, .ed = &x->f.ed, .rec = &x->f.rec, .templates = CLUSTERFORM_TEMPLATE_DIR};
  x->r.filled = json_deep_copy(x->f.rec.root);
  check_evidence(&x->in, &x->r);
  assert_int_equal(x->r.findings.n, 0);
  return x;
}

static void run_free(run *x) {
  check_report_free(&x->r);
  fixture_free(&x->f);
  free(x);
}

/* The index of the item whose 栏目 is item (and whose part and material are these, unless NULL), or -1. */
static long find(const run *x, const char *part_name, const char *item, const char *material) {
  for (size_t i = 0; i < x->r.n_evidence; i++) {
    const evidence_item *e = &x->r.evidence[i];
    if (strcmp(e->item, item)) continue;
    if (part_name) assert_string_equal(e->part, part_name);
    if (material) assert_string_equal(e->material, material);
    return (long)i;
  }
  return -1;
}

static long find_prefix(const run *x, const char *prefix) {
  for (size_t i = 0; i < x->r.n_evidence; i++)
    if (!strncmp(x->r.evidence[i].item, prefix, strlen(prefix))) return (long)i;
  return -1;
}

static void test_ticked_option_and_standards_list_2023(void **state) {
  char *json = xasprintf("{\"edition\": \"miit-2023\", \"name\": \"测试产业集群\","
                         " \"chain\": {\"coordination_work\": [\"shared_hr\"]}, %s}",
                         STANDARD_SOME);
  run *x = evidence_of("miit-2023", json);
  long hr = find(x, "二、主导产业情况", "集群已开展的产业链资源协同协作工作：开展人力资源共享", "佐证材料");
  assert_true(hr >= 0);
  /* only the ticked option of that cell */
  assert_int_equal(find(x, NULL, "集群已开展的产业链资源协同协作工作：开展通用生产设备共享", NULL), -1);
  long std = find(x, "三、创新能力情况", "集群中小企业近三年主持或参与制修订标准数量情况", "清单");
  assert_true(std >= 0);
  assert_true(hr < std);
  /* 计算公式 and 清单及佐证材料 rows whose values are all absent (无) are not asked for */
  assert_int_equal(find(x, NULL, "近三年单位产值二氧化碳排放量", NULL), -1);
  assert_int_equal(find(x, NULL, "创新平台建设情况", NULL), -1);
  run_free(x);
  free(json);
}

static void test_rows_with_nothing_to_show_are_left_out(void **state) {
  char *json = xasprintf(
      "{\"edition\": \"miit-2023\", \"name\": \"测试产业集群\", %s,"
      " \"platforms\": {\"national\": {\"count\": 0}, \"provincial\": {\"count\": 2, \"names\": [\"甲中心\", \"乙中心\"]},"
      "   \"other\": {\"count\": 0}},"
      " \"patents\": {\"count\": 0}, \"open\": {\"overseas_branches\": 0},"
      " \"green\": {\"co2_intensity\": {\"2020\": 0.46, \"2021\": 0.42, \"2022\": 0.38},"
      "   \"factories\": 0, \"parks\": 0, \"supply_chains\": 0, \"products\": 0}}",
      STANDARD_NONE);
  run *x = evidence_of("miit-2023", json);
  assert_int_equal(find(x, NULL, "集群中小企业近三年主持或参与制修订标准数量情况", NULL), -1);
  assert_int_equal(find(x, NULL, "集群内中小企业有效发明专利拥有量", NULL), -1);
  assert_int_equal(find(x, NULL, "集群或集群内企业在境外设立分支机构数量", NULL), -1);
  assert_int_equal(find(x, NULL, "集群绿色制造体系建设水平", NULL), -1);
  /* one platform row of three has something: the whole 创新平台建设情况 is asked for, once */
  assert_true(find(x, "三、创新能力情况", "创新平台建设情况", "清单及佐证材料") >= 0);
  assert_true(find(x, "五、绿色化转型情况", "近三年单位产值二氧化碳排放量", "计算公式") >= 0);
  size_t platforms = 0;
  for (size_t i = 0; i < x->r.n_evidence; i++) platforms += !strcmp(x->r.evidence[i].item, "创新平台建设情况");
  assert_int_equal(platforms, 1);
  run_free(x);
  free(json);
}

static void test_materials_as_the_form_asks_2023(void **state) {
  run *x = evidence_of("miit-2023", "{\"edition\": \"miit-2023\", \"name\": \"测试产业集群\","
                                    " \"patents\": {\"count\": 12}, \"open\": {\"overseas_branches\": 3},"
                                    " \"green\": {\"factories\": 2}}");
  assert_true(find(x, "三、创新能力情况", "集群内中小企业有效发明专利拥有量", "清单及佐证材料") >= 0);
  /* 需提供清单及相关佐证材料: 相关 is dropped */
  assert_true(find(x, "六、开放合作情况", "集群或集群内企业在境外设立分支机构数量", "清单及佐证材料") >= 0);
  assert_true(find(x, "五、绿色化转型情况", "集群绿色制造体系建设水平", "清单及佐证材料") >= 0);
  run_free(x);
}

static void test_chain_map_only_when_ticked_yes_2022(void **state) {
  run *x = evidence_of("miit-2022", "{\"edition\": \"miit-2022\", \"name\": \"测试产业集群\", \"chain\": {\"has_map\": false},"
                                    " \"green\": {\"carbon_monitoring\": false}}");
  assert_int_equal(find(x, NULL, "集群是否绘制产业链图谱", NULL), -1);
  assert_int_equal(find(x, NULL, "建立了集群碳排放监测机制", NULL), -1);
  run_free(x);
  x = evidence_of("miit-2022", "{\"edition\": \"miit-2022\", \"name\": \"测试产业集群\"}");
  assert_int_equal(find(x, NULL, "集群是否绘制产业链图谱", NULL), -1); /* not answered: nothing ticked */
  run_free(x);
  x = evidence_of("miit-2022", "{\"edition\": \"miit-2022\", \"name\": \"测试产业集群\", \"chain\": {\"has_map\": true},"
                               " \"green\": {\"carbon_monitoring\": true}}");
  long map = find(x, "二、主导产业情况", "集群是否绘制产业链图谱", "佐证材料");
  long carbon = find(x, "五、绿色化转型情况", "建立了集群碳排放监测机制", "佐证材料");
  assert_true(map >= 0 && carbon > map);
  run_free(x);
}

static void test_options_sharing_a_line_2022(void **state) {
  run *x = evidence_of("miit-2022", "{\"edition\": \"miit-2022\", \"name\": \"测试产业集群\","
                                    " \"services\": {\"offered\": [\"information\", \"innovation\", \"consulting\"]}}");
  /* 2022 prints 信息服务　　创业辅导　　创新支持 on one line: each ticked box is its own item */
  long a = find(x, "七、治理和服务水平", "集群提供中小企业公共服务情况：信息服务", "佐证材料");
  long b = find(x, NULL, "集群提供中小企业公共服务情况：创新支持", NULL);
  long c = find(x, NULL, "集群提供中小企业公共服务情况：管理咨询", NULL);
  assert_true(a >= 0 && b == a + 1 && c == b + 1);
  assert_int_equal(find(x, NULL, "集群提供中小企业公共服务情况：创业辅导", NULL), -1);
  assert_int_equal(x->r.n_evidence, 3);
  run_free(x);
}

static void test_formula_and_related_evidence_2022(void **state) {
  run *x = evidence_of("miit-2022",
                       "{\"edition\": \"miit-2022\", \"name\": \"测试产业集群\","
                       " \"green\": {\"co2_intensity\": {\"2019\": 0.5, \"2020\": 0.4, \"2021\": 0.3},"
                       "   \"carbon_work\": \"开展碳排放监测。\"},"
                       " \"standards\": {\"group\": {\"join\": " ZERO3_22 "}}}");
  long f = find(x, "五、绿色化转型情况", "近三年单位产值二氧化碳排放量", "计算公式");
  long w = find(x, "五、绿色化转型情况", "开展碳达峰碳中和相关宣传、监测等工作情况", "佐证材料");
  assert_true(f >= 0 && w == f + 1);
  assert_int_equal(find(x, NULL, "集群中小企业近三年主持或参与制修订标准数量情况", NULL), -1);
  run_free(x);
}

/* The notes are the form's printed words: an applicant's text that says 需提供清单 asks nothing. */
static void test_typed_text_is_not_a_note(void **state) {
  run *x = evidence_of("miit-2023", "{\"edition\": \"miit-2023\", \"name\": \"测试产业集群\","
                                    " \"chain\": {\"strengthening\": \"（需提供清单）勾选需提供佐证材料☑某项\"}}");
  assert_int_equal(find(x, NULL, "集群产业链强链补链情况", NULL), -1);
  assert_int_equal(find_prefix(x, "集群产业链强链补链情况"), -1);
  assert_int_equal(x->r.n_evidence, 0);
  run_free(x);
}

/* Every example: items follow the form's parts in order, and none is empty. */
static void test_examples_in_document_order(void **state) {
  static const char *const EX[][2] = {
      {"miit-2022", "miit-2022"}, {"miit-2023", "miit-2023"}, {"ningbo-2023", "ningbo-2023"}, {"nmg-2023", "nmg-2023"}};
  static const char *const PARTS[] = {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"};
  for (size_t k = 0; k < 4; k++) {
    char *path = xasprintf("%s/examples/%s.json", CLUSTERFORM_SOURCE_DIR, EX[k][1]);
    size_t len;
    char *err = NULL;
    char *text = read_file(path, 1 << 22, &len, &err);
    assert_non_null(text);
    run *x = evidence_of(EX[k][0], text);
    assert_true(x->r.n_evidence > 20);
    size_t last = 0;
    for (size_t i = 0; i < x->r.n_evidence; i++) {
      const evidence_item *e = &x->r.evidence[i];
      size_t p = 0;
      while (p < 9 && strncmp(e->part, PARTS[p], strlen(PARTS[p]))) p++;
      assert_true(p < 9);
      assert_true(p >= last);
      last = p;
      assert_true(*e->item && *e->material);
      assert_null(strstr(e->item, "（"));
    }
    run_free(x);
    free(text);
    free(path);
  }
}

/* ---- the DOCX ---- */

static char *docx_part(const char *path, const char *name) {
  package pkg = {0};
  diag_list d = {0};
  assert_true(package_read(&pkg, path, &d));
  part *pt = package_find(&pkg, name);
  assert_non_null(pt);
  char *s = xstrndup(pt->data, pt->len);
  package_free(&pkg);
  diag_free(&d);
  return s;
}

static void test_docx(void **state) {
  run *x = evidence_of("miit-2023", "{\"edition\": \"miit-2023\", \"name\": \"测试<产业>集群\","
                                    " \"chain\": {\"coordination_work\": [\"shared_hr\", \"shared_workshop\"]},"
                                    " \"patents\": {\"count\": 12}}");
  assert_int_equal(x->r.n_evidence, 3);
  char dir[] = "/tmp/cf-evidence-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char *path = xasprintf("%s/sub/清单.docx", dir);
  diag_list d = {0};
  assert_true(evidence_docx(&x->in, &x->r, path, &d));
  assert_int_equal(d.n, 0);
  char *doc = docx_part(path, "word/document.xml");
  char *text = paragraph_texts(doc);
  assert_non_null(strstr(text, "佐证材料清单\n测试<产业>集群\n《中小企业特色产业集群申报表》\n（工业和信息化部 2023年版）\n"));
  assert_non_null(strstr(text, "序号\n所属部分\n栏目\n需提供的材料\n已附（页码）\n"));
  assert_non_null(strstr(text, "1\n二、主导产业情况\n集群已开展的产业链资源协同协作工作：开展人力资源共享\n佐证材料\n\n"
                               "2\n二、主导产业情况\n集群已开展的产业链资源协同协作工作：建立了共享车间、共享工厂\n佐证材料\n\n"
                               "3\n三、创新能力情况\n集群内中小企业有效发明专利拥有量\n清单及佐证材料\n\n"));
  assert_non_null(strstr(text, "注：佐证材料包括主管部门、第三方机构出具的证明或申报主体自我声明。"));
  assert_null(strstr(text, "无（按所填数据"));
  assert_null(strstr(doc, "{{"));
  assert_null(strstr(doc, "cf-evidence"));
  assert_int_equal(count_of(doc, "<w:tr>") + count_of(doc, "<w:tr "), 4); /* header and three items */
  assert_int_equal(count_of(doc, "<w:tblHeader"), 1);
  char *core = docx_part(path, "docProps/core.xml");
  assert_non_null(strstr(core, "测试&lt;产业&gt;集群 佐证材料清单"));
  free(core);
  free(text);
  free(doc);

  /* nothing to attach: the table says so */
  run *y = evidence_of("nmg-2023", "{\"edition\": \"nmg-2023\", \"name\": \"空的集群\", \"year\": 2022}");
  assert_int_equal(y->r.n_evidence, 0);
  assert_true(evidence_docx(&y->in, &y->r, path, &d));
  doc = docx_part(path, "word/document.xml");
  text = paragraph_texts(doc);
  assert_non_null(strstr(text, "《内蒙古自治区中小企业特色产业集群申报表》\n（内蒙古自治区 2023年版）"));
  assert_non_null(strstr(text, "无（按所填数据"));
  assert_null(strstr(text, "注：")); /* nmg-2023's 填报说明 has no item on 佐证材料 */
  free(text);
  free(doc);
  run_free(y);

  /* an output that cannot be written: an error, and nothing else changes */
  char *bad = xasprintf("%s/x.docx", path); /* a file where a folder should be */
  assert_false(evidence_docx(&x->in, &x->r, bad, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  free(bad);

  unlink(path);
  char *sub = xasprintf("%s/sub", dir);
  rmdir(sub);
  rmdir(dir);
  free(sub);
  free(path);
  diag_free(&d);
  run_free(x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ticked_option_and_standards_list_2023),
      cmocka_unit_test(test_rows_with_nothing_to_show_are_left_out),
      cmocka_unit_test(test_materials_as_the_form_asks_2023),
      cmocka_unit_test(test_chain_map_only_when_ticked_yes_2022),
      cmocka_unit_test(test_options_sharing_a_line_2022),
      cmocka_unit_test(test_formula_and_related_evidence_2022),
      cmocka_unit_test(test_typed_text_is_not_a_note),
      cmocka_unit_test(test_examples_in_document_order),
      cmocka_unit_test(test_docx),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
