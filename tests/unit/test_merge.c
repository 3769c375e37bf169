/* The merge engine on small documents: what Word does to tags, loops next to merged cells,
   ticked boxes, escaping, blocks, and errors that point at the place in the template. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define TC(text) "<w:tc><w:tcPr/>" P(text) "</w:tc>"
#define TC_VM(kind, text) "<w:tc><w:tcPr><w:vMerge w:val=\"" kind "\"/></w:tcPr>" P(text) "</w:tc>"
#define TC_CONT "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"

static const char *RECORD =
    "{\"edition\": \"miit-2023\", \"name\": \"测试产业集群\", \"authority\": \"某局\", \"operator\": \"某管委会\","
    " \"output\": {\"total\": {\"2020\": 45, \"2021\": 50.5, \"2022\": 61.125}},"
    " \"incident_3y\": false, \"industry_type\": \"secondary\","
    " \"chain\": {\"coordination_work\": [\"shared_hr\", \"shared_workshop\"]},"
    " \"plan\": {\"overview\": \"第一段。\\n第二段。\\n\\n第三段。\","
    "   \"goals\": [{\"direction\": \"主导产业\", \"indicator\": \"集群产值年均增速\", \"unit\": \"%\", \"baseline\": 12.3, \"target\": 12.5},"
    "              {\"direction\": \"主导产业\", \"indicator\": \"龙头企业数量\", \"unit\": \"家\", \"baseline\": 3, \"target\": 5},"
    "              {\"direction\": \"创新\", \"indicator\": \"研发经费投入\", \"unit\": \"亿元\", \"baseline\": 2.1, \"target\": 2.8}]}}";

static fixture *setup_fixture(const char *json) {
  fixture *f = malloc(sizeof *f);
  fixture_init(f, "miit-2023");
  if (json) assert_true(fixture_record(f, json));
  return f;
}

static void test_tag_split_across_three_runs(void **state) {
  fixture *f = setup_fixture(RECORD);
  /* As Word saves it after a spell-check mark and a change of formatting inside the tag. */
  const char *body =
      "<w:p><w:r><w:t>集群名称：{{na</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
      "<w:r><w:rPr><w:b/></w:rPr><w:t>m</w:t></w:r><w:proofErr w:type=\"spellEnd\"/>"
      "<w:r><w:rPr><w:lang w:val=\"en-US\"/></w:rPr><w:t>e}}。</w:t></w:r></w:p>";
  char *out = merge_body(f, body, false);
  assert_non_null(out);
  char *text = paragraph_texts(out);
  assert_string_equal(text, "集群名称：测试产业集群。\n");
  assert_null(strstr(out, "{{"));
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_fullwidth_and_smart_quotes(void **state) {
  fixture *f = setup_fixture(RECORD);
  /* A Chinese input method types full-width braces; AutoCorrect curls the quotes. */
  char *out = merge_body(f, P("｛｛name｝｝；{{？ industry_type ＝ “secondary”}}第二产业") P("{{ output.total ＠ y3 }}"), false);
  assert_non_null(out);
  char *text = paragraph_texts(out);
  assert_string_equal(text, "测试产业集群；☑第二产业\n61.13\n");
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_values_two_decimals_and_empty_as_wu(void **state) {
  fixture *f = setup_fixture(RECORD);
  char *out = merge_body(f, P("{{output.total@y1}}|{{output.total@y2}}|{{output.total@y3}}|{{area}}|{{edition.y1}}年"), false);
  char *text = paragraph_texts(out);
  /* 45 → 45.00, 61.125 → 61.13 (decimal rounding), absent → 无 (填报说明 2). */
  assert_string_equal(text, "45.00|50.50|61.13|无|2020年\n");
  free(text);
  free(out);
  out = merge_body(f, P("{{output.total@y1}}|{{area}}|{{edition.y1}}年"), true);
  text = paragraph_texts(out);
  assert_string_equal(text, "||2020年\n");
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_checkboxes(void **state) {
  fixture *f = setup_fixture(RECORD);
  const char *body = P("{{? incident_3y=true}}是{{? incident_3y=false}}否")
      P("{{? chain.coordination_work=shared_equipment}}设备{{? chain.coordination_work=shared_hr}}人力{{? chain.coordination_work=shared_workshop}}车间");
  char *out = merge_body(f, body, false);
  char *text = paragraph_texts(out);
  assert_string_equal(text, "☐是☑否\n☐设备☑人力☑车间\n");
  free(text);
  free(out);
  out = merge_body(f, body, true);
  text = paragraph_texts(out);
  assert_string_equal(text, "☐是☐否\n☐设备☐人力☐车间\n");
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_escaping_and_control_characters(void **state) {
  fixture *f = setup_fixture(NULL);
  assert_true(fixture_record(f, "{\"name\": \"A&B <集群> \\\"引号\\\" 'x' 𠮷\\u0001\\u0007尾\", \"authority\": \"甲\\t乙\\n丙\"}"));
  char *out = merge_body(f, P("{{name}}") P("前{{authority}}后"), false);
  assert_non_null(out);
  /* Specials escaped, the rare character kept as it is, control characters gone. */
  assert_non_null(strstr(out, "A&amp;B &lt;集群&gt; \"引号\" 'x' 𠮷尾"));
  assert_null(strstr(out, "\x01"));
  /* A tab becomes a Word tab, a line feed a line break inside the run. */
  assert_non_null(strstr(out, "<w:tab/>"));
  assert_non_null(strstr(out, "<w:br/>"));
  char *text = paragraph_texts(out);
  assert_string_equal(text, "A&B <集群> \"引号\" 'x' 𠮷尾\n前甲乙丙后\n");
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_multiline_value_becomes_paragraphs(void **state) {
  fixture *f = setup_fixture(RECORD);
  char *out = merge_body(f, "<w:p><w:pPr><w:pStyle w:val=\"Plan\"/></w:pPr><w:r><w:t>{{plan.overview}}</w:t></w:r></w:p>", false);
  char *text = paragraph_texts(out);
  assert_string_equal(text, "第一段。\n第二段。\n第三段。\n");
  /* Every paragraph keeps the template's style. */
  assert_int_equal(count_of(out, "w:val=\"Plan\""), 3);
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_inline_and_paragraph_blocks(void **state) {
  fixture *f = setup_fixture(RECORD);
  const char *body = "<w:p><w:r><w:t>所属地区：{{#if blank}}____省</w:t></w:r><w:r><w:tab/><w:t>{{/if}}{{#unless blank}}已填</w:t></w:r>"
                     "<w:r><w:br/></w:r><w:r><w:t>{{/unless}}</w:t></w:r></w:p>"
      P("{{#if blank}}") P("填写说明一") P("填写说明二") P("{{/if}}") P("{{plan.problems}}");
  char *out = merge_body(f, body, false);
  char *text = paragraph_texts(out);
  assert_string_equal(text, "所属地区：已填\n无\n");
  /* The tab inside the dropped block goes with it; the kept block keeps its line break. */
  assert_int_equal(count_of(out, "<w:tab/>"), 0);
  assert_int_equal(count_of(out, "<w:br/>"), 1);
  free(text);
  free(out);
  out = merge_body(f, body, true);
  text = paragraph_texts(out);
  assert_string_equal(text, "所属地区：____省\n填写说明一\n填写说明二\n\n");
  assert_int_equal(count_of(out, "<w:tab/>"), 1);
  assert_int_equal(count_of(out, "<w:br/>"), 0);
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

/* The goal table: 方向 is merged down over the rows of its group, and each group is a loop. */
static const char *GOAL_TABLE =
    "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    "<w:tr>" TC("方向") TC("指标") TC("{{edition.base}}年基准值") TC("{{edition.target}}年目标值") "</w:tr>"
    "<w:tr>" TC_VM("restart", "{{#each plan.goals direction=主导产业}}主导产业") TC("{{.indicator}}") TC("{{.baseline}}")
    TC("{{.target}}{{/each}}") "</w:tr>"
    "<w:tr>" TC_VM("restart", "{{#each plan.goals direction=创新}}创新") TC("{{.indicator}}") TC("{{.baseline}}")
    TC("{{.target}}{{/each}}") "</w:tr>"
    "</w:tbl>";

static void test_row_loop_next_to_merged_cells(void **state) {
  fixture *f = setup_fixture(RECORD);
  char *out = merge_body(f, GOAL_TABLE, false);
  assert_non_null(out);
  char *text = paragraph_texts(out);
  /* The edition prints 集群产值年均增速, 优质中小企业数量 under 主导产业 (filled from the record or 无),
     then the record's own 龙头企业数量; 创新 prints 研发经费投入 and 有效发明专利数量. */
  assert_string_equal(text,
                      "方向\n指标\n2022年基准值\n2025年目标值\n"
                      "主导产业\n集群产值年均增速\n12.30%\n12.50%\n"
                      "\n优质中小企业数量\n无\n无\n"
                      "\n龙头企业数量\n3家\n5家\n"
                      "创新\n研发经费投入\n2.10亿元\n2.80亿元\n"
                      "\n有效发明专利数量\n无\n无\n");
  /* One merge starts per group; every other row of the group continues it. */
  assert_int_equal(count_of(out, "w:val=\"restart\""), 2);
  assert_int_equal(count_of(out, "<w:vMerge/>"), 3);
  assert_int_equal(count_of(out, "<w:tr>"), 6);
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_row_loop_blank_form_prints_edition_rows(void **state) {
  fixture *f = setup_fixture(NULL);
  char *out = merge_body(f, GOAL_TABLE, true);
  char *text = paragraph_texts(out);
  assert_string_equal(text,
                      "方向\n指标\n2022年基准值\n2025年目标值\n"
                      "主导产业\n集群产值年均增速\n\n\n\n优质中小企业数量\n\n\n\n......\n\n\n"
                      "创新\n研发经费投入\n\n\n\n有效发明专利数量\n\n\n\n......\n\n\n");
  free(text);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_empty_loop_hands_merge_on(void **state) {
  fixture *f = setup_fixture("{\"name\": \"x\", \"plan\": {\"goals\": []}}");
  /* The loop (no edition defaults for this filter) starts a merge that the next row continues. */
  const char *body =
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" TC_VM("restart", "{{#each plan.goals direction=不存在}}甲") TC("{{.indicator}}{{/each}}") "</w:tr>"
      "<w:tr>" TC_CONT TC("乙") "</w:tr>"
      "</w:tbl>";
  char *out = merge_body(f, body, false);
  assert_non_null(out);
  assert_int_equal(count_of(out, "<w:tr>"), 1);
  /* The remaining row must start the merge itself, or Word shows a dangling merge. */
  assert_int_equal(count_of(out, "w:val=\"restart\""), 1);
  assert_int_equal(count_of(out, "<w:vMerge/>"), 0);
  free(out);
  fixture_free(f);
  free(f);
}

static void test_template_errors_name_the_place(void **state) {
  fixture *f = setup_fixture(RECORD);
  const char *body = "<w:p><w:pPr><w:pStyle w:val=\"Heading\"/></w:pPr><w:r><w:t>一、基本情况</w:t></w:r></w:p>"
                     "<w:tbl><w:tr>" TC("x") "</w:tr><w:tr>" TC("y") TC("{{nmae}}") "</w:tr></w:tbl>"
                     P("{{? industry_type=second}}") P("{{#if blank}}没有结束") P("{{output.total}}") P("{{name");
  char *out = merge_body(f, body, false);
  assert_null(out);
  /* All problems of the template together. */
  assert_int_equal(f->d.n, 5);
  const diag *d0 = &f->d.items[0];
  assert_non_null(strstr(d0->where, "「一、基本情况」之后第1个表格第2行第2格"));
  assert_non_null(strstr(d0->where, "{{nmae}}"));
  assert_non_null(strstr(d0->fix, "name"));
  assert_non_null(strstr(f->d.items[1].message, "second"));
  assert_non_null(strstr(f->d.items[1].fix, "secondary"));
  int unclosed = 0, series = 0, open = 0;
  for (size_t i = 0; i < f->d.n; i++) {
    unclosed += strstr(f->d.items[i].message, "缺少 \"}}\"") != NULL;
    series += strstr(f->d.items[i].message, "按年份填写") != NULL;
    open += strstr(f->d.items[i].message, "没有结束，缺少 {{/if}}") != NULL;
  }
  assert_int_equal(unclosed, 1);
  assert_int_equal(series, 1);
  assert_int_equal(open, 1);
  fixture_free(f);
  free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tag_split_across_three_runs),
      cmocka_unit_test(test_fullwidth_and_smart_quotes),
      cmocka_unit_test(test_values_two_decimals_and_empty_as_wu),
      cmocka_unit_test(test_checkboxes),
      cmocka_unit_test(test_escaping_and_control_characters),
      cmocka_unit_test(test_multiline_value_becomes_paragraphs),
      cmocka_unit_test(test_inline_and_paragraph_blocks),
      cmocka_unit_test(test_row_loop_next_to_merged_cells),
      cmocka_unit_test(test_row_loop_blank_form_prints_edition_rows),
      cmocka_unit_test(test_empty_loop_hands_merge_on),
      cmocka_unit_test(test_template_errors_name_the_place),
  };
  return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
