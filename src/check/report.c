#include "check/report.h"

#include <string.h>

static const char *result_word(crit_result r) {
  switch (r) {
  case CRIT_MET: return "符合";
  case CRIT_NOT_MET: return "不符合";
  case CRIT_UNKNOWN: return "无法判断";
  default: return "需评审判断";
  }
}

static const char *result_id(crit_result r) {
  switch (r) {
  case CRIT_MET: return "met";
  case CRIT_NOT_MET: return "not_met";
  case CRIT_UNKNOWN: return "cannot_tell";
  default: return "judgement";
  }
}

static void judgements_text(FILE *out, const char *title, const judgement *v, size_t n) {
  if (!n) return;
  fprintf(out, "\n%s\n", title);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "  [%s] %s%s%s\n", result_word(v[i].result), v[i].text, v[i].figures[0] ? "：" : "", v[i].figures);
}

void report_text(FILE *out, const check_input *in, const check_report *r) {
  fprintf(out, "%s：按 %s 版申报表检查\n\n", in->rec->file, in->ed->id);
  if (r->findings.n)
    diag_print(out, &r->findings);
  else
    fputs("没有发现问题。\n", out);
  judgements_text(out, r->criteria_title ? r->criteria_title : "认定标准", r->criteria, r->n_criteria);
  judgements_text(out, "发展目标（第八部分备注的要求）", r->targets, r->n_targets);
  if (r->n_derived) {
    fputs("\n计算的指标\n", out);
    for (size_t i = 0; i < r->n_derived; i++)
      fprintf(out, "  %s = %s（%s%s）\n", r->derived[i].label, r->derived[i].value, r->derived[i].formula,
              r->derived[i].filled ? "；已填入" : "");
  }
  if (r->n_evidence) {
    fprintf(out, "\n佐证材料清单（%zu 项，需随申报表提供）\n", r->n_evidence);
    for (size_t i = 0; i < r->n_evidence; i++)
      fprintf(out, "  %zu. %s｜%s｜%s\n", i + 1, r->evidence[i].part, r->evidence[i].item, r->evidence[i].material);
  }
  size_t e = diag_count(&r->findings, DIAG_ERROR), w = diag_count(&r->findings, DIAG_WARNING),
         n = diag_count(&r->findings, DIAG_NOTE);
  fprintf(out, "\n共 %zu 个错误、%zu 个警告、%zu 条提示。%s\n", e, w, n,
          e ? "有错误的申报表会被退回：改正后再生成。" : "没有错误。");
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *judgements_json(const judgement *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "id", v[i].id, "text", v[i].text, "result",
                                       result_id(v[i].result), "figures", v[i].figures));
  return a;
}

json_t *report_json(const check_input *in, const check_report *r) {
  static const char *const SEV[] = {"error", "warning", "note"};
  json_t *findings = json_array();
  for (size_t i = 0; i < r->findings.n; i++) {
    const diag *d = &r->findings.items[i];
    json_t *f = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o}", "severity", SEV[d->severity], "rule",
                          str_or_null(d->rule), "key", str_or_null(d->key), "label", str_or_null(d->label), "value",
                          str_or_null(d->value), "where", str_or_null(d->where), "line",
                          d->line ? json_integer(d->line) : json_null(), "column", d->col ? json_integer(d->col) : json_null(),
                          "message", d->message, "fix", str_or_null(d->fix));
    json_array_append_new(findings, f);
  }
  json_t *derived = json_array();
  for (size_t i = 0; i < r->n_derived; i++)
    json_array_append_new(derived, json_pack("{s:s, s:s, s:s, s:s, s:b}", "key", r->derived[i].key, "label",
                                             r->derived[i].label, "value", r->derived[i].value, "formula",
                                             r->derived[i].formula, "filled", r->derived[i].filled));
  json_t *evidence = json_array();
  for (size_t i = 0; i < r->n_evidence; i++)
    json_array_append_new(evidence, json_pack("{s:s, s:s, s:s}", "part", r->evidence[i].part, "item",
                                              r->evidence[i].item, "material", r->evidence[i].material));
  size_t e = diag_count(&r->findings, DIAG_ERROR);
  return json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:I, s:b}, s:o, s:{s:o, s:o}, s:o, s:o, s:o}", "format",
                   "clusterform-check/1", "file", in->rec->file, "edition", in->ed->id, "summary", "errors", (json_int_t)e,
                   "warnings", (json_int_t)diag_count(&r->findings, DIAG_WARNING), "notes",
                   (json_int_t)diag_count(&r->findings, DIAG_NOTE), "ok", e == 0, "findings", findings, "criteria",
                   "title", str_or_null(r->criteria_title), "items", judgements_json(r->criteria, r->n_criteria),
                   "targets", judgements_json(r->targets, r->n_targets), "derived", derived, "evidence", evidence);
}
