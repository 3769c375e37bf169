#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util/strbuf.h"

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

void diag_add(diag_list *l, diag_severity sev, const diag_place *p, const char *fix,
              const char *fmt, ...) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->items = xrealloc(l->items, l->cap * sizeof *l->items);
  }
  diag *d = &l->items[l->n++];
  d->severity = sev;
  d->file = p ? dup_or_null(p->file) : NULL;
  d->line = p ? p->line : 0;
  d->col = p ? p->col : 0;
  d->where = p ? dup_or_null(p->where) : NULL;
  d->key = p ? dup_or_null(p->key) : NULL;
  d->label = p ? dup_or_null(p->label) : NULL;
  d->fix = dup_or_null(fix);
  d->rule = NULL;
  d->value = NULL;
  strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  d->message = sb_take(&b);
}

void diag_tag(diag_list *l, const char *rule, const char *value) {
  if (!l->n) return;
  diag *d = &l->items[l->n - 1];
  free(d->rule);
  free(d->value);
  d->rule = dup_or_null(rule);
  d->value = dup_or_null(value);
}

size_t diag_count(const diag_list *l, diag_severity sev) {
  size_t n = 0;
  for (size_t i = 0; i < l->n; i++) n += l->items[i].severity == sev;
  return n;
}

static const char *severity_word(diag_severity s) {
  switch (s) {
  case DIAG_ERROR: return "错误";
  case DIAG_WARNING: return "警告";
  default: return "提示";
  }
}

void diag_print(FILE *out, const diag_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    const diag *d = &l->items[i];
    if (d->file) {
      fputs(d->file, out);
      if (d->line > 0) fprintf(out, ":%d:%d", d->line, d->col);
      fputs(": ", out);
    }
    if (d->where) fprintf(out, "%s ", d->where);
    if (d->label && d->key)
      fprintf(out, "「%s」(%s) ", d->label, d->key);
    else if (d->label)
      fprintf(out, "「%s」 ", d->label);
    else if (d->key)
      fprintf(out, "(%s) ", d->key);
    fprintf(out, "%s: %s", severity_word(d->severity), d->message);
    if (d->fix) fprintf(out, " 改正方法: %s", d->fix);
    fputc('\n', out);
  }
}

void diag_free(diag_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    diag *d = &l->items[i];
    free(d->file);
    free(d->where);
    free(d->key);
    free(d->label);
    free(d->message);
    free(d->fix);
    free(d->rule);
    free(d->value);
  }
  free(l->items);
  l->items = NULL;
  l->n = l->cap = 0;
}
