#include "sheet/book_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "merge/dom.h"
#include "merge/eval.h"
#include "merge/fill_package.h"
#include "ooxml/package.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* Keys that the form does not print but the 推荐汇总表 and the edition need: on the first sheet. */
static const char *const FIRST_KEYS[] = {"name", "edition", "year", "industry", "founded", "intro"};
/* Lists that are made by clusterform, not typed in. */
static bool list_is_input(const field *f) { return strcmp(f->key, "evidence") && strcmp(f->key, "summary.rows"); }

typedef struct {
  char **keys;  /* catalog keys in the order the form shows them first */
  int *part;    /* the part each first shows in */
  size_t n, cap;
  char **part_names;
  size_t n_parts;
} form_order;

static void order_add(form_order *o, const char *key, int part_no) {
  for (size_t i = 0; i < o->n; i++)
    if (!strcmp(o->keys[i], key)) return;
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 64;
    o->keys = xrealloc(o->keys, o->cap * sizeof *o->keys);
    o->part = xrealloc(o->part, o->cap * sizeof *o->part);
  }
  o->keys[o->n] = xstrdup(key);
  o->part[o->n++] = part_no;
}

/* The numeral of a part heading "三、创新能力情况" (1–10), or 0. */
static int heading_number(const char *s) {
  static const char *const NUM[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  while (*s == ' ') s++;
  for (int i = 0; i < 10; i++) {
    size_t k = strlen(NUM[i]);
    if (!strncmp(s, NUM[i], k) && !strncmp(s + k, "、", strlen("、"))) return i + 1;
  }
  return 0;
}

/* An Excel sheet name: at most 31 characters, none of []:*?/\ . */
static char *sheet_name(const char *s) {
  strbuf b = {0};
  size_t len = strlen(s), chars = 0;
  for (size_t i = 0; i < len && chars < 31;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, len - i, &c);
    if (!k) break;
    if (!strchr("[]:*?/\\", (int)c) || c > 0x7f) sb_add(&b, s + i, k), chars++;
    i += k;
  }
  return sb_take(&b);
}

typedef struct {
  form_order *o;
  const catalog *cat;
  int part, last_heading;
} walk_ctx;

static void walk_paragraphs(xmlNodePtr n, walk_ctx *w) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!is_w(c, "p")) {
      walk_paragraphs(c, w);
      continue;
    }
    char *text = plain_text(c);
    int h = heading_number(text);
    /* Part 八 numbers its own sections 一、二、…: only the next part's numeral starts a part. */
    if (h && h == w->last_heading + 1 && !w_ancestor(c, "tbl")) {
      w->last_heading = h;
      w->o->part_names = xrealloc(w->o->part_names, (w->o->n_parts + 1) * sizeof *w->o->part_names);
      char *nl = strchr(text, '\n');
      if (nl) *nl = '\0';
      w->o->part_names[w->o->n_parts] = sheet_name(text);
      w->part = (int)w->o->n_parts++;
    }
    free(text);
    occ_list l = {0};
    collect_tags(c, &l);
    for (size_t i = 0; i < l.n; i++) {
      const tag *t = &l.v[i].tag;
      if (t->kind != TAG_VALUE && t->kind != TAG_CHECK && t->kind != TAG_EACH) continue;
      if (catalog_find(w->cat, t->key)) order_add(w->o, t->key, w->part < 0 ? 0 : w->part);
    }
    occ_free(&l);
  }
}

static bool read_form_order(form_order *o, const catalog *cat, const edition *ed, diag_list *d) {
  package pkg = {0};
  if (!package_read(&pkg, ed->form, d)) {
    package_free(&pkg);
    return false;
  }
  merge_env env = {.cat = cat, .ed = ed, .blank = true};
  bool ok = check_package(&pkg, ed->id, &env, d, NULL, NULL) == 0;
  part *doc = package_find(&pkg, "word/document.xml");
  if (ok && doc && doc->xml) {
    walk_ctx w = {.o = o, .cat = cat, .part = -1};
    walk_paragraphs(xmlDocGetRootElement(doc->xml), &w);
  }
  package_free(&pkg);
  if (!o->n_parts) {
    o->part_names = xrealloc(o->part_names, sizeof *o->part_names);
    o->part_names[o->n_parts++] = xstrdup("一、基本情况");
  }
  return ok;
}

static void order_free(form_order *o) {
  for (size_t i = 0; i < o->n; i++) free(o->keys[i]);
  for (size_t i = 0; i < o->n_parts; i++) free(o->part_names[i]);
  free(o->keys);
  free(o->part);
  free(o->part_names);
}

/* ---- columns -------------------------------------------------------------------------------- */

static book_sheet *add_sheet(book_layout *b, const char *name, const field *list) {
  b->sheets = xrealloc(b->sheets, (b->n + 1) * sizeof *b->sheets);
  book_sheet *s = &b->sheets[b->n++];
  memset(s, 0, sizeof *s);
  s->name = xstrdup(name);
  s->list = list;
  return s;
}

static void add_col(book_sheet *s, char *key, const field *f, int year, const field_option *opt, char *label,
                    char *sub) {
  s->cols = xrealloc(s->cols, (s->n + 1) * sizeof *s->cols);
  s->cols[s->n++] = (book_col){.key = key, .f = f, .year = year, .opt = opt, .label = label, .sub = sub};
}

static char *label_with_unit(const edition *ed, const field *f, bool item) {
  const char *label = item ? f->label : edition_label(ed, f->key, f->label);
  if (f->unit && *f->unit) return xasprintf("%s（%s）", label, f->unit);
  return xstrdup(label);
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

/* The years of a series: the edition's (its milestones for the plan's), and any the records hold. */
static size_t series_years(const field *f, const edition *ed, const record *recs, size_t n_recs, int *out, size_t cap) {
  size_t n = 0;
  const int *base = !strcmp(f->key, "plan.milestones") ? ed->milestones : ed->years;
  int auto_last = 0;
  if (ed->auto_years && base == ed->years) {
    for (size_t i = 0; i < n_recs; i++)
      if (record_year(&recs[i]) > auto_last) auto_last = record_year(&recs[i]);
    if (!auto_last) {
      /* No record names its year: the last full year before today (or SOURCE_DATE_EPOCH). */
      const char *e = getenv("SOURCE_DATE_EPOCH");
      time_t now = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
      struct tm tm;
      gmtime_r(&now, &tm);
      auto_last = tm.tm_year + 1900 - 1;
    }
  }
  for (int i = 0; i < 3; i++) {
    int y = auto_last ? auto_last - 2 + i : base[i];
    if (y && n < cap) out[n++] = y;
  }
  for (size_t r = 0; r < n_recs; r++) {
    const char *k;
    json_t *v;
    json_object_foreach(record_get(&recs[r], f->key), k, v) {
      int y = atoi(k);
      bool have = false;
      for (size_t i = 0; i < n; i++) have |= out[i] == y;
      if (y > 0 && !have && n < cap) out[n++] = y;
    }
  }
  qsort(out, n, sizeof *out, cmp_int);
  return n;
}

static void add_field_cols(book_sheet *s, const edition *ed, const field *f, const record *recs, size_t n_recs) {
  if (f->series) {
    int years[16];
    size_t ny = series_years(f, ed, recs, n_recs, years, 16);
    for (size_t i = 0; i < ny; i++)
      add_col(s, xasprintf("%s.%d", f->key, years[i]), f, years[i], NULL, label_with_unit(ed, f, false),
              xasprintf("%d年", years[i]));
  } else if (f->type == FT_MULTI) {
    for (size_t i = 0; i < f->n_options; i++)
      add_col(s, xasprintf("%s=%s", f->key, f->options[i].id), f, 0, &f->options[i], label_with_unit(ed, f, false),
              xstrdup(f->options[i].text));
  } else {
    add_col(s, xstrdup(f->key), f, 0, NULL, label_with_unit(ed, f, false), xstrdup(""));
  }
}

static bool record_has(const record *recs, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (record_get(&recs[i], key)) return true;
  return false;
}

bool book_layout_make(book_layout *b, const catalog *cat, const edition *ed, const record *recs, size_t n_recs,
                      diag_list *d) {
  memset(b, 0, sizeof *b);
  form_order o = {0};
  if (!read_form_order(&o, cat, ed, d)) {
    order_free(&o);
    return false;
  }
  /* Fields the records hold that the form does not show still travel with them (another edition's
     record): they go to the sheet of their group's first field, or the first sheet. */
  for (size_t i = 0; i < cat->n; i++) {
    const field *f = &cat->fields[i];
    bool first = false;
    for (size_t k = 0; k < sizeof FIRST_KEYS / sizeof *FIRST_KEYS; k++) first |= !strcmp(f->key, FIRST_KEYS[k]);
    if (first) continue;
    if (f->type == FT_LIST && !list_is_input(f)) continue;
    if (record_has(recs, n_recs, f->key)) {
      int part_no = 0;
      size_t g = strcspn(f->key, ".");
      for (size_t j = 0; j < o.n; j++)
        if (!strncmp(o.keys[j], f->key, g) && o.keys[j][g] == '.' && f->key[g] == '.') {
          part_no = o.part[j];
          break;
        }
      order_add(&o, f->key, part_no);
    }
  }
  for (size_t p = 0; p < o.n_parts; p++) {
    book_sheet *s = add_sheet(b, o.part_names[p], NULL);
    add_col(s, xstrdup("name"), catalog_find(cat, "name"), 0, NULL, xstrdup("集群名称"), xstrdup(""));
    if (p == 0)
      for (size_t k = 1; k < sizeof FIRST_KEYS / sizeof *FIRST_KEYS; k++) {
        const field *f = catalog_find(cat, FIRST_KEYS[k]);
        if (f) add_field_cols(s, ed, f, recs, n_recs);
      }
    for (size_t i = 0; i < o.n; i++) {
      const field *f = catalog_find(cat, o.keys[i]);
      if (o.part[i] != (int)p || !f || !strcmp(f->key, "name")) continue;
      bool first = false;
      for (size_t k = 0; k < sizeof FIRST_KEYS / sizeof *FIRST_KEYS; k++) first |= !strcmp(f->key, FIRST_KEYS[k]);
      if (first || f->type == FT_LIST) continue;
      add_field_cols(s, ed, f, recs, n_recs);
    }
  }
  /* Each list the form repeats rows of, and each the catalog gives a sheet of its own (the 企业名单):
     a sheet of rows, one per item. */
  for (size_t i = 0; i < cat->n; i++)
    if (cat->fields[i].sheet) order_add(&o, cat->fields[i].key, 0);
  for (size_t i = 0; i < o.n; i++) {
    const field *f = catalog_find(cat, o.keys[i]);
    if (!f || f->type != FT_LIST || !list_is_input(f)) continue;
    char *name = sheet_name(f->label);
    book_sheet *s = add_sheet(b, name, f);
    free(name);
    add_col(s, xstrdup("name"), catalog_find(cat, "name"), 0, NULL, xstrdup("集群名称"), xstrdup(""));
    for (size_t k = 0; k < f->n_items; k++)
      add_col(s, xasprintf("%s.%s", f->key, f->items[k].key), &f->items[k], 0, NULL,
              label_with_unit(ed, &f->items[k], true), xstrdup(""));
  }
  order_free(&o);
  return true;
}

void book_layout_free(book_layout *b) {
  for (size_t i = 0; i < b->n; i++) {
    book_sheet *s = &b->sheets[i];
    for (size_t k = 0; k < s->n; k++) {
      free(s->cols[k].key);
      free(s->cols[k].label);
      free(s->cols[k].sub);
    }
    free(s->cols);
    free(s->name);
  }
  free(b->sheets);
  memset(b, 0, sizeof *b);
}

const book_col *book_find_col(const book_layout *b, const char *key, const book_sheet **sheet_out) {
  for (size_t i = 0; i < b->n; i++)
    for (size_t k = 0; k < b->sheets[i].n; k++)
      if (!strcmp(b->sheets[i].cols[k].key, key)) {
        if (sheet_out) *sheet_out = &b->sheets[i];
        return &b->sheets[i].cols[k];
      }
  return NULL;
}

const field *book_parse_key(const catalog *cat, const char *key, int *year, const field_option **opt,
                            const field **item) {
  *year = 0;
  *opt = NULL;
  *item = NULL;
  const char *eq = strchr(key, '=');
  char *k = eq ? xstrndup(key, (size_t)(eq - key)) : xstrdup(key);
  const field *f = catalog_find(cat, k);
  if (f && eq) {
    *opt = f->type == FT_MULTI ? field_option_find(f, eq + 1) : NULL;
    if (!*opt) f = NULL;
  } else if (!f && !eq) {
    /* "output.total.2021" (a series' year) or "plan.goals.target" (a list's item). */
    char *dot = strrchr(k, '.');
    if (dot) {
      *dot = '\0';
      const field *p = catalog_find(cat, k);
      if (p && p->series && strlen(dot + 1) == 4 && strspn(dot + 1, "0123456789") == 4) {
        f = p;
        *year = atoi(dot + 1);
      } else if (p && p->type == FT_LIST) {
        *item = field_item(p, dot + 1);
        if (*item) f = p;
      }
    }
  } else if (f && (f->series || f->type == FT_MULTI || f->type == FT_LIST)) {
    f = NULL; /* these take a year, an option or an item */
  }
  free(k);
  return f;
}
