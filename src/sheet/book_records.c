#include "sheet/book_records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet/cell_value.h"
#include "util/nearest.h"
#include "util/strbuf.h"

typedef struct {
  const field *f;    /* the catalog field (the list, for item columns) */
  const field *item; /* a list's item field */
  const field_option *opt;
  int year;
  char *key;
} column;

typedef struct {
  const workbook *wb;
  const catalog *cat;
  const edition *ed;
  diag_list *d;
  record **recs;
  size_t *n;
  size_t first; /* this workbook's first record */
  size_t errors;
} reader;

static void where_of(const sheet *s, int row, int col, char out[256]) {
  char ref[16];
  cell_ref(row, col, ref);
  snprintf(out, 256, "%s!%s", s->name, ref);
}

static void error_at(reader *r, const sheet *s, int row, int col, const field *f, const char *fix, const char *msg) {
  char where[256];
  where_of(s, row, col, where);
  diag_place at = {.file = r->wb->file, .where = where, .key = f ? f->key : NULL,
                   .label = f ? edition_label(r->ed, f->key, f->label) : NULL};
  diag_add(r->d, DIAG_ERROR, &at, fix, "%s", msg);
  r->errors++;
}

/* The cell's text with surrounding spaces dropped ("" for none); numbers as Excel shows them. */
static char *plain(const cell *c) {
  if (!c) return xstrdup("");
  char buf[64];
  const char *t = c->text ? c->text : "";
  if (c->type == CELL_NUMBER) snprintf(buf, sizeof buf, "%.15g", c->num), t = buf;
  size_t a = 0, b = strlen(t);
  while (a < b && (t[a] == ' ' || t[a] == '\t' || t[a] == '\n' || t[a] == '\r')) a++;
  while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\n' || t[b - 1] == '\r')) b--;
  /* Ideographic spaces around a name are typing slips too. */
  while (b - a >= 3 && !memcmp(t + a, "\xE3\x80\x80", 3)) a += 3;
  while (b - a >= 3 && !memcmp(t + b - 3, "\xE3\x80\x80", 3)) b -= 3;
  return xstrndup(t + a, b - a);
}

static record *record_for(reader *r, const char *name) {
  for (size_t i = r->first; i < *r->n; i++)
    if (!strcmp(json_string_value(json_object_get((*r->recs)[i].root, "name")), name)) return &(*r->recs)[i];
  *r->recs = xrealloc(*r->recs, (*r->n + 1) * sizeof **r->recs);
  record *x = &(*r->recs)[(*r->n)++];
  memset(x, 0, sizeof *x);
  x->file = xstrdup(r->wb->file);
  x->root = json_object();
  x->places = json_object();
  json_object_set_new(x->root, "name", json_string(name));
  return x;
}

/* Sets root.a.b.c = v (taking v), creating the objects on the way. */
static void set_path(json_t *root, const char *key, json_t *v) {
  char *copy = xstrdup(key), *save = NULL;
  json_t *o = root;
  char *part = strtok_r(copy, ".", &save);
  for (char *next; part && (next = strtok_r(NULL, ".", &save)); part = next) {
    json_t *child = json_object_get(o, part);
    if (!json_is_object(child)) {
      child = json_object();
      json_object_set_new(o, part, child);
    }
    o = child;
  }
  if (part) json_object_set_new(o, part, v);
  free(copy);
}

/* The key row: the first of the first ten rows whose column A reads "name". */
static int key_row_of(const sheet *s) {
  for (size_t i = 0; i < s->n && s->cells[i].row < 10; i++) {
    const cell *c = &s->cells[i];
    if (c->col != 0) continue;
    char *t = plain(c);
    bool is = !strcmp(t, "name");
    free(t);
    if (is) return c->row;
  }
  return -1;
}

static void unknown_key(reader *r, const sheet *s, int row, int col, const char *key) {
  const char **names = xmalloc((r->cat->n + 1) * sizeof *names);
  for (size_t i = 0; i < r->cat->n; i++) names[i] = r->cat->fields[i].key;
  const char *near = nearest_name(key, names, r->cat->n);
  char *fix = near ? xasprintf("最接近的已知字段是 \"%s\"；字段代码由 clusterform workbook 写出，请勿修改。", near)
                   : xstrdup("字段代码由 clusterform workbook 写出，请勿修改；clusterform fields 列出全部字段。");
  char where[256];
  where_of(s, row, col, where);
  diag_place at = {.file = r->wb->file, .where = where};
  diag_add(r->d, DIAG_WARNING, &at, fix, "未知字段代码 \"%s\"，这一列不会读取。", key);
  free(fix);
  free(names);
}

/* The merge (if any) that covers a cell without starting at it. */
static const cell_range *covered_by(const sheet *s, int row, int col) {
  for (size_t i = 0; i < s->n_merges; i++) {
    const cell_range *m = &s->merges[i];
    if (row >= m->r1 && row <= m->r2 && col >= m->c1 && col <= m->c2 && (row != m->r1 || col != m->c1)) return m;
  }
  return NULL;
}

static void read_sheet(reader *r, const sheet *s) {
  int kr = key_row_of(s);
  if (kr < 0) {
    if (s->n && strcmp(s->name, BOOK_GUIDE_SHEET)) {
      diag_place at = {.file = r->wb->file, .where = s->name};
      diag_add(r->d, DIAG_WARNING, &at, "clusterform workbook 写出的工作表第三行是字段代码；保留这一行才能读取。",
               "工作表「%s」没有字段代码行（A 列为 name 的一行），没有读取。", s->name);
    }
    return;
  }
  /* The columns. */
  int n_cols = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->cells[i].row == kr && s->cells[i].col + 1 > n_cols) n_cols = s->cells[i].col + 1;
  column *cols = calloc((size_t)n_cols + 1, sizeof *cols);
  const field *list = NULL;
  bool mixed = false;
  for (int k = 1; k < n_cols; k++) {
    char *key = plain(grid_cell(s, kr, k));
    if (!*key) {
      free(key);
      continue;
    }
    column *c = &cols[k];
    c->f = book_parse_key(r->cat, key, &c->year, &c->opt, &c->item);
    c->key = key;
    if (!c->f) {
      unknown_key(r, s, kr, k, key);
      continue;
    }
    for (int j = 1; j < k; j++)
      if (cols[j].key && !strcmp(cols[j].key, key) && cols[j].f) {
        char ref[16], msg[512];
        cell_ref(kr, j, ref);
        snprintf(msg, sizeof msg, "字段代码 \"%s\" 与 %s 重复，同一栏目只能有一列。", key, ref);
        error_at(r, s, kr, k, c->item ? c->item : c->f, "删去重复的一列。", msg);
        c->f = NULL;
        break;
      }
    if (c->f && c->item) {
      if (list && list != c->f) mixed = true;
      list = c->f;
    }
  }
  for (int k = 1; k < n_cols && list; k++)
    if (cols[k].f && !cols[k].item) mixed = true;
  if (mixed) {
    error_at(r, s, kr, 0, list, "清单（如发展目标表）的列单独放在一个工作表中，每个清单一个。",
             "这个工作表既有清单的列又有其他栏目（或有两个清单），无法按行读取。");
    goto done;
  }
  /* Merged cells below the header: a value must stand in a cell of its own. A 集群名称 merged down
     the rows of a list is the one certain exception: it names each row it covers. */
  for (size_t i = 0; i < s->n_merges; i++) {
    const cell_range *m = &s->merges[i];
    if (m->r2 <= kr) continue;
    if (list && m->c1 == 0 && m->c2 == 0) continue;
    char a[16], b[16], msg[512];
    cell_ref(m->r1, m->c1, a);
    cell_ref(m->r2, m->c2, b);
    int col = m->c1 > 0 ? m->c1 : m->c2 > 0 ? 1 : 0;
    const field *f = col < n_cols && cols[col].f ? (cols[col].item ? cols[col].item : cols[col].f) : NULL;
    snprintf(msg, sizeof msg, "%s:%s 是合并单元格，而这里每一格应各填一个值（合并后只有左上角一格有值，其余各格的数据会丢失）。", a, b);
    char where[256];
    snprintf(where, sizeof where, "%s!%s:%s", s->name, a, b);
    diag_place at = {.file = r->wb->file, .where = where, .key = f ? f->key : NULL,
                     .label = f ? edition_label(r->ed, f->key, f->label) : NULL};
    diag_add(r->d, DIAG_ERROR, &at, "取消合并单元格，在每一格中填入各自的值。", "%s", msg);
    r->errors++;
  }
  /* The rows. */
  int *seen_row = NULL; /* part sheets: the row each record was first seen on */
  record **seen = NULL;
  size_t n_seen = 0;
  size_t i = 0;
  while (i < s->n && s->cells[i].row <= kr) i++;
  while (i < s->n) {
    int row = s->cells[i].row;
    size_t end = i;
    bool any = false;
    while (end < s->n && s->cells[end].row == row) {
      char *t = plain(&s->cells[end]);
      any |= *t && s->cells[end].col < n_cols;
      free(t);
      end++;
    }
    if (!any) {
      i = end;
      continue;
    }
    const cell *name_cell = grid_cell(s, row, 0);
    char *name = plain(name_cell);
    const cell_range *m = !*name && list ? covered_by(s, row, 0) : NULL;
    if (m && m->c1 == 0 && m->c2 == 0) {
      free(name);
      name = plain(grid_cell(s, m->r1, 0));
    }
    if (!*name) {
      error_at(r, s, row, 0, catalog_find(r->cat, "name"), "在 A 列填上这一行所属集群的名称（与“一、基本情况”中的一致）。",
               "这一行填了数据，但 A 列没有集群名称，不知道它属于哪个集群。");
      free(name);
      i = end;
      continue;
    }
    record *rec = record_for(r, name);
    if (!list) {
      for (size_t k = 0; k < n_seen; k++)
        if (seen[k] == rec) {
          char msg[600];
          snprintf(msg, sizeof msg, "集群「%s」在这个工作表中出现了两次（第 %d 行和第 %d 行），不知道以哪一行为准。", name,
                   seen_row[k] + 1, row + 1);
          error_at(r, s, row, 0, catalog_find(r->cat, "name"), "删去重复的一行，或改正其中一行的集群名称。", msg);
          rec = NULL;
          break;
        }
      if (rec) {
        seen = xrealloc(seen, (n_seen + 1) * sizeof *seen);
        seen_row = xrealloc(seen_row, (n_seen + 1) * sizeof *seen_row);
        seen[n_seen] = rec;
        seen_row[n_seen++] = row;
        char where[256];
        where_of(s, row, 0, where);
        if (!json_object_get(rec->places, "name")) json_object_set_new(rec->places, "name", json_string(where));
      }
    }
    /* Every column's cell is this cluster's place for its field, empty or not: a value the check
       finds missing is then shown where it is to be typed. */
    for (int k = 1; rec && !list && k < n_cols; k++) {
      const column *col = &cols[k];
      if (!col->f) continue;
      char *path = col->year ? xasprintf("%s.%d", col->f->key, col->year) : xstrdup(col->f->key);
      char where[256];
      where_of(s, row, k, where);
      if (!json_object_get(rec->places, path)) json_object_set_new(rec->places, path, json_string(where));
      free(path);
    }
    json_t *item = NULL;
    size_t index = 0;
    if (rec && list) {
      json_t *arr = json_get_path(rec->root, list->key);
      if (!json_is_array(arr)) {
        arr = json_array();
        set_path(rec->root, list->key, arr);
      }
      index = json_array_size(arr);
      item = json_object();
      json_array_append_new(arr, item);
    }
    for (size_t k = i; rec && k < end; k++) {
      const cell *c = &s->cells[k];
      if (c->col < 1 || c->col >= n_cols || !cols[c->col].f) continue;
      const column *col = &cols[c->col];
      const field *f = col->item ? col->item : col->f;
      char where[256];
      where_of(s, row, c->col, where);
      diag_place at = {.file = r->wb->file, .where = where, .key = col->f->key,
                       .label = edition_label(r->ed, col->f->key, col->f->label)};
      if (col->item) at.label = col->item->label;
      const cell_range *cm = covered_by(s, row, c->col);
      if (cm) continue; /* reported with the merge */
      size_t before = diag_count(r->d, DIAG_ERROR);
      json_t *v = cell_value(c, f, col->opt, &at, r->d);
      r->errors += diag_count(r->d, DIAG_ERROR) - before;
      if (!v) continue;
      char *path;
      if (col->item) {
        json_object_set_new(item, col->item->key, v);
        path = xasprintf("%s.%zu.%s", list->key, index, col->item->key);
      } else if (col->opt) {
        json_t *arr = json_get_path(rec->root, col->f->key);
        if (!json_is_array(arr)) {
          arr = json_array();
          set_path(rec->root, col->f->key, arr);
        }
        if (json_is_true(v)) json_array_append_new(arr, json_string(col->opt->id));
        json_decref(v);
        path = xasprintf("%s", col->f->key);
      } else if (col->year) {
        path = xasprintf("%s.%d", col->f->key, col->year);
        set_path(rec->root, path, v);
      } else {
        path = xstrdup(col->f->key);
        if (!strcmp(path, "name")) {
          json_decref(v);
        } else {
          set_path(rec->root, path, v);
        }
      }
      json_object_set_new(rec->places, path, json_string(where));
      free(path);
    }
    free(name);
    i = end;
  }
  free(seen);
  free(seen_row);
done:
  for (int k = 0; k < n_cols; k++) free(cols[k].key);
  free(cols);
}

bool book_records(const workbook *wb, const catalog *cat, const edition *ed, const book_layout *expect, record **recs,
                  size_t *n, diag_list *d) {
  reader r = {.wb = wb, .cat = cat, .ed = ed, .d = d, .recs = recs, .n = n, .first = *n};
  if (expect && !wb->csv)
    for (size_t i = 0; i < expect->n; i++)
      if (!grid_sheet(wb, expect->sheets[i].name)) {
        diag_place at = {.file = wb->file, .where = expect->sheets[i].name};
        diag_add(d, DIAG_ERROR, &at, "用 clusterform workbook 重新生成工作簿，把数据贴回去；或从备份中恢复这个工作表。",
                 "工作簿缺少工作表「%s」（%s 版申报表的这一部分）。", expect->sheets[i].name, ed ? ed->id : "");
        r.errors++;
      }
  for (size_t i = 0; i < wb->n; i++) read_sheet(&r, &wb->sheets[i]);
  if (*n == r.first && !r.errors) {
    diag_place at = {.file = wb->file};
    diag_add(d, DIAG_ERROR, &at, "在各工作表的第四行起每行填一个集群（A 列为集群名称）；clusterform workbook 写出空白工作簿。",
             "工作簿中没有找到任何集群的数据。");
    r.errors++;
  }
  return r.errors == 0;
}
