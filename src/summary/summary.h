/* The 推荐汇总表: one row per cluster, in the order given, filled into the edition's own table
   (templates/EDITION/summary/, built from summary.src.xml), and the same table as XLSX
   (docs/summary.md). */
#ifndef CF_SUMMARY_H
#define CF_SUMMARY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "ooxml/package.h"
#include "record/record.h"
#include "util/diag.h"

/* What the table says about who recommends: from the command line; NULL when not given. */
typedef struct {
  const char *authority;
  const char *contact;
  const char *phone;
} summary_meta;

/* The summary "record": {"summary": {"authority", "contact", "phone", "rows": [{no, name, operator,
   region, industry, founded, intro}, …]}} (fields.json, summary.*), one row per record in order.
   Each row's 集群简介 comes from intro_make; its problems (and notes) go to d. Returns a new
   reference, or NULL when a 简介 has an error (all records are still looked at). */
json_t *summary_build(const record *recs, size_t n, const catalog *cat, const edition *ed, const summary_meta *m,
                      diag_list *d);
/* Reads the edition's 汇总表 template into pkg (zeroed by the caller) and fills it with root
   (blank: no clusters, the published empty rows). *title gets the table's title (to free). Returns
   false after adding errors (the template is missing or damaged). */
bool summary_fill(package *pkg, const catalog *cat, const edition *ed, json_t *root, bool blank, char **title,
                  diag_list *d);
/* The filled table as an XLSX workbook at path (written in place: the caller makes it atomic).
   Its words come from the filled DOCX: the paragraphs above the table (the title first), the
   table's rows. `created` is the time written as the workbook's creation time (fixed, so that
   equal input gives equal bytes). */
bool summary_xlsx(const package *filled, const char *path, const char *title, const char *subject, long long created,
                  diag_list *d);
#endif
