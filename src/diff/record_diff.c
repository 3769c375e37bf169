#include "diff/record_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/format.h"
#include "sheet/book_layout.h"
#include "util/strbuf.h"

static void add(change_list *l, change_kind kind, const char *key, int year, char *item, char *old_value,
                char *new_value) {
  l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
  l->v[l->n++] = (change){.kind = kind, .key = xstrdup(key), .year = year, .item = item,
                          .old_value = old_value ? old_value : xstrdup("无"), .new_value = new_value ? new_value : xstrdup("无")};
}

/* A value as the form writes it (NULL for nothing). The options of a multi-choice field are a set:
   listed in the form's order, whatever order the record gives them in. */
static char *shown(const field *f, json_t *v) {
  if (!v) return NULL;
  if (f->type != FT_MULTI || !json_is_array(v)) return format_value(f, v);
  json_t *ordered = json_array();
  for (size_t k = 0; k < f->n_options; k++) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) if (json_is_string(x) && field_option_find(f, json_string_value(x)) == &f->options[k]) {
      json_array_append_new(ordered, json_string(f->options[k].id));
      break;
    }
  }
  char *t = format_value(f, ordered);
  json_decref(ordered);
  return t;
}

static bool same_text(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* A list's row as one line: "方向：主导产业；指标：集群总产值；…". */
static char *row_text(const field *list, json_t *row) {
  strbuf b = {0};
  for (size_t k = 0; k < list->n_items; k++) {
    const field *it = &list->items[k];
    char *v = shown(it, json_object_get(row, it->key));
    if (v) sb_printf(&b, "%s%s：%s", b.len ? "；" : "", it->label, v);
    free(v);
  }
  return b.s ? sb_take(&b) : xstrdup("（空行）");
}

/* What names a row to a person: its first item with a value ("集群总产值", "某某公司"). */
static char *row_name(const field *list, json_t *row) {
  for (size_t k = 0; k < list->n_items; k++) {
    const field *it = &list->items[k];
    if (it->type != FT_LINE) continue;
    char *v = shown(it, json_object_get(row, it->key));
    if (v && strcmp(list->key, "plan.goals") == 0 && !strcmp(it->key, "direction")) {
      free(v);
      continue; /* 方向 is shared by many rows; 指标 names one */
    }
    if (v) return v;
  }
  return NULL;
}

/* The rows of a list: matched where their content is equal (longest common subsequence), the rest
   paired in each gap by the name of the row (a row whose figures changed) or else added or removed. */
static void diff_list(change_list *l, const edition *ed, const field *list, json_t *a, json_t *b) {
  size_t na = json_array_size(a), nb = json_array_size(b);
  char **ta = xmalloc((na + 1) * sizeof *ta), **tb = xmalloc((nb + 1) * sizeof *tb);
  for (size_t i = 0; i < na; i++) ta[i] = row_text(list, json_array_get(a, i));
  for (size_t j = 0; j < nb; j++) tb[j] = row_text(list, json_array_get(b, j));
  /* lcs[i][j]: the longest common run of rows of a[i..] and b[j..]. */
  size_t *lcs = calloc((na + 1) * (nb + 1), sizeof *lcs);
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
  for (size_t i = na; i-- > 0;)
    for (size_t j = nb; j-- > 0;)
      L(i, j) = !strcmp(ta[i], tb[j]) ? L(i + 1, j + 1) + 1 : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
  const char *label = edition_label(ed, list->key, list->label);
  /* The edit script: walk both lists, keeping equal rows; a row of a that is not kept is removed,
     one of b added. Between two kept rows, removed and added rows of one name are one change. */
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    if (i < na && j < nb && !strcmp(ta[i], tb[j])) {
      i++, j++;
      continue;
    }
    size_t i0 = i, j0 = j;
    while ((i < na || j < nb) && !(i < na && j < nb && !strcmp(ta[i], tb[j]))) {
      if (j >= nb || (i < na && L(i + 1, j) >= L(i, j + 1))) i++;
      else j++;
    }
    bool *paired = calloc(j - j0 + 1, sizeof *paired);
    for (size_t x = i0; x < i; x++) {
      char *name = row_name(list, json_array_get(a, x));
      size_t match = j;
      for (size_t y = j0; y < j && name && match == j; y++) {
        char *other = row_name(list, json_array_get(b, y));
        if (!paired[y - j0] && same_text(name, other)) match = y;
        free(other);
      }
      if (match != j) {
        paired[match - j0] = true;
        add(l, CHANGE_MODIFIED, list->key, 0, xasprintf("%s 第%zu行（%s）", label, match + 1, name), xstrdup(ta[x]),
            xstrdup(tb[match]));
      } else {
        add(l, CHANGE_REMOVED, list->key, 0,
            name ? xasprintf("%s 原第%zu行（%s）", label, x + 1, name) : xasprintf("%s 原第%zu行", label, x + 1),
            xstrdup(ta[x]), NULL);
      }
      free(name);
    }
    for (size_t y = j0; y < j; y++) {
      if (paired[y - j0]) continue;
      char *name = row_name(list, json_array_get(b, y));
      add(l, CHANGE_ADDED, list->key, 0,
          name ? xasprintf("%s 第%zu行（%s）", label, y + 1, name) : xasprintf("%s 第%zu行", label, y + 1), NULL,
          xstrdup(tb[y]));
      free(name);
    }
    free(paired);
  }
#undef L
  for (size_t k = 0; k < na; k++) free(ta[k]);
  for (size_t k = 0; k < nb; k++) free(tb[k]);
  free(ta), free(tb), free(lcs);
}

bool record_diff(const catalog *cat, const edition *ed, const record *old_rec, const record *new_rec, change_list *out,
                 diag_list *d) {
  memset(out, 0, sizeof *out);
  /* The form's order: the workbook's columns are laid out in it (sheet/book_layout.h), with every
     field either record holds. */
  record both[2] = {*old_rec, *new_rec};
  book_layout b;
  if (!book_layout_make(&b, cat, ed, both, 2, d)) return false;
  for (size_t s = 0; s < b.n; s++) {
    const book_sheet *sh = &b.sheets[s];
    if (sh->list) {
      diff_list(out, ed, sh->list, record_get(old_rec, sh->list->key), record_get(new_rec, sh->list->key));
      continue;
    }
    for (size_t k = 0; k < sh->n; k++) {
      const book_col *c = &sh->cols[k];
      const field *f = c->f;
      if (s > 0 && k == 0) continue; /* 集群名称, the link of every sheet */
      if (c->opt && k > 0 && sh->cols[k - 1].f == f) continue; /* a multi-choice field once */
      json_t *va = record_get(old_rec, f->key), *vb = record_get(new_rec, f->key);
      char ys[16];
      if (c->year) {
        snprintf(ys, sizeof ys, "%d", c->year);
        va = json_object_get(va, ys), vb = json_object_get(vb, ys);
      }
      char *sa = shown(f, va), *sb = shown(f, vb);
      if (same_text(sa, sb)) {
        free(sa), free(sb);
        continue;
      }
      char *item = c->year ? xasprintf("%s%d年", c->label, c->year) : xstrdup(c->label);
      add(out, !sa ? CHANGE_ADDED : !sb ? CHANGE_REMOVED : CHANGE_MODIFIED, f->key, c->year, item, sa, sb);
    }
  }
  book_layout_free(&b);
  return true;
}

void change_list_free(change_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->v[i].key);
    free(l->v[i].item);
    free(l->v[i].old_value);
    free(l->v[i].new_value);
  }
  free(l->v);
  memset(l, 0, sizeof *l);
}
