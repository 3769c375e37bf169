/* The check report: what a reviewer would reject, found before printing. Each finding is a diag
   with a rule, the field's label and key, the value, and a fix; the 认定标准 and the plan targets
   are judged one by one; derived indicators are computed from raw figures and filled in; every
   ticked option and row that asks for 佐证材料 becomes a line of the evidence list. */
#ifndef CF_CHECK_H
#define CF_CHECK_H
#include <jansson.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "merge/scan.h"
#include "record/record.h"
#include "util/diag.h"

typedef struct {
  const catalog *cat;
  const edition *ed;
  const record *rec;
  const slot_list *slots; /* what the edition's form shows (from its template) */
  const char *templates;  /* the templates folder (criteria files, the evidence list's form) */
  const struct package_s *form; /* the template in use (the edition's, or --template); NULL: the edition's */
  bool no_evidence; /* leave out the 佐证材料清单 (a second merge of the form): fill without --evidence */
} check_input;

typedef enum { CRIT_MET, CRIT_NOT_MET, CRIT_UNKNOWN, CRIT_JUDGEMENT } crit_result;

/* One 认定标准 or one plan target, judged. */
typedef struct {
  char *id;
  char *text;    /* as the regulation or the form's 备注 prints it */
  char *figures; /* the figures it was judged on, in words: "2020年 118.60 亿元 ≥ 40 …" */
  crit_result result;
} judgement;

typedef struct {
  char *key;
  char *label;
  char *value;   /* as the form writes it (two decimals) */
  char *formula; /* how it was computed, in words */
  bool filled;   /* the record did not state it; the form shows the computed value */
} derived_value;

typedef struct {
  char *part;     /* "一、基本情况" */
  char *item;     /* the row or the ticked option */
  char *material; /* "佐证材料", "清单", "计算公式" … */
} evidence_item;

typedef struct {
  diag_list findings;
  judgement *criteria;
  size_t n_criteria;
  char *criteria_title; /* "中小企业特色产业集群认定标准（2022年版）" */
  judgement *targets;
  size_t n_targets;
  derived_value *derived;
  size_t n_derived;
  evidence_item *evidence;
  size_t n_evidence;
  json_t *filled; /* the record with derived indicators filled in; what fill writes */
} check_report;

/* Runs every rule. The record must have been read (record_read) and validated. */
void check_run(const check_input *in, check_report *out);
void check_report_free(check_report *r);

/* The rules, each in its own file. */
void check_derive(const check_input *in, check_report *out);       /* derive.c */
void check_completeness(const check_input *in, check_report *out); /* complete.c */
void check_format(const check_input *in, check_report *out);       /* format.c */
void check_length(const check_input *in, check_report *out);       /* length.c */
void check_consistency(const check_input *in, check_report *out);  /* consistency.c */
void check_criteria(const check_input *in, check_report *out);     /* criteria.c */
void check_targets(const check_input *in, check_report *out);      /* targets.c */
void check_evidence(const check_input *in, check_report *out);     /* evidence.c */
void check_roster(const check_input *in, check_report *out);       /* roster.c */

/* Helpers shared by the rules (check.c). */
/* A value computed from other figures (derive.c): filled in when the record does not state it,
   compared (and a difference flagged) when it does. `count`: a whole number from the 企业名单. */
void check_fill_derived(const check_input *in, check_report *out, const char *key, int year, double v,
                        const char *formula, bool count);
/* A number of the filled record: key, and a year for series (0 otherwise). */
bool check_number(const check_report *r, const char *key, int year, double *out);
/* The year a slot's selector names for this edition and record (0 if none). */
int check_slot_year(const check_input *in, const char *sel);
/* Adds a finding about a key (label from the edition), located in the input where possible. */
void check_add(const check_input *in, check_report *out, diag_severity sev, const char *rule, const char *key,
               int year, const char *value, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
void check_add_judgement(judgement **v, size_t *n, const char *id, const char *text, const char *figures,
                         crit_result result);
/* Character counts of a narrative: every non-whitespace character (the strict count this project
   holds to), and Word's 字数 (each CJK character one, each run of other non-space characters one). */
size_t count_strict(const char *s);
size_t count_word(const char *s);
#endif
