#include "input/inputs.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/edition.h"
#include "sheet/book_layout.h"
#include "sheet/book_records.h"
#include "sheet/grid.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static bool has_ext(const char *p, const char *ext) {
  size_t n = strlen(p), k = strlen(ext);
  return n > k && !strcasecmp(p + n - k, ext);
}

static input_item *add_item(input_set *s) {
  s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
  input_item *it = &s->v[s->n++];
  memset(it, 0, sizeof *it);
  return it;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The readable files of a folder (not its subfolders), sorted by name. */
static char **folder_files(const char *dir, size_t *n) {
  *n = 0;
  DIR *dp = opendir(dir);
  if (!dp) return NULL;
  char **v = NULL;
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (e->d_name[0] == '.' || e->d_name[0] == '~') continue; /* hidden, and Office's lock files */
    if (!has_ext(e->d_name, ".json") && !has_ext(e->d_name, ".xlsx") && !has_ext(e->d_name, ".csv")) continue;
    v = xrealloc(v, (*n + 1) * sizeof *v);
    v[(*n)++] = path_join(dir, e->d_name);
  }
  closedir(dp);
  if (*n) qsort(v, *n, sizeof *v, cmp_str);
  return v;
}

static void add_workbook_records(workbook *wb, const catalog *cat, const char *edition_id, const char *templates,
                                 input_set *out, diag_list *d) {
  edition ed = {0};
  bool has_ed = false;
  diag_list quiet = {0};
  record *recs = NULL;
  size_t n = 0;
  /* A first read finds the edition; the sheets it must have come from that edition's layout. */
  bool ok = book_records(wb, cat, NULL, NULL, &recs, &n, &quiet);
  /* The edition it was written for, as its 填写说明 names it: the rows that name none are of it. */
  char *own = NULL;
  const sheet *guide = grid_sheet(wb, BOOK_GUIDE_SHEET);
  for (size_t i = 0; guide && i < guide->n && !own; i++) {
    const char *t = guide->cells[i].text;
    size_t k = strlen(BOOK_EDITION_MARK);
    if (guide->cells[i].type == CELL_TEXT && t && !strncmp(t, BOOK_EDITION_MARK, k)) own = xstrndup(t + k, strcspn(t + k, "（( "));
  }
  /* The sheets it must have are those of the edition it was written for (its rows say which; -e
     may render it into another). */
  const char *id = n ? json_string_value(record_get(&recs[0], "edition")) : NULL;
  if (!id) id = own;
  if (id) has_ed = edition_load(&ed, templates, id, &quiet);
  if (!has_ed && edition_id) has_ed = edition_load(&ed, templates, edition_id, &quiet);
  for (size_t i = 0; i < n; i++) record_free(&recs[i]);
  free(recs);
  recs = NULL;
  n = 0;
  diag_free(&quiet);
  book_layout expect = {0};
  bool has_layout = has_ed && !wb->csv && book_layout_make(&expect, cat, &ed, NULL, 0, &quiet);
  diag_free(&quiet);
  ok = book_records(wb, cat, has_ed ? &ed : NULL, has_layout ? &expect : NULL, &recs, &n, d);
  if (!ok && !n) {
    input_item *it = add_item(out);
    it->source = xstrdup(wb->file);
    it->failed = true;
  }
  for (size_t i = 0; i < n; i++) {
    if (own && !record_get(&recs[i], "edition")) json_object_set_new(recs[i].root, "edition", json_string(own));
    input_item *it = add_item(out);
    it->rec = recs[i];
    it->source = xasprintf("%s（%s）", wb->file, json_string_value(record_get(&recs[i], "name")));
    /* Errors in a workbook's cells are named by cell; a workbook with any keeps all its clusters
       from being written, as a JSON file with an error would be. */
    it->failed = !ok;
  }
  free(recs);
  if (has_layout) book_layout_free(&expect);
  if (has_ed) edition_free(&ed);
  free(own);
}

void inputs_load(char *const *paths, size_t n, const catalog *cat, const char *edition_id, const char *templates,
                 input_set *out, diag_list *d) {
  memset(out, 0, sizeof *out);
  /* Folders are read as the files they hold. */
  char **files = NULL;
  size_t nf = 0;
  for (size_t i = 0; i < n; i++) {
    if (is_directory(paths[i])) {
      size_t k;
      char **in = folder_files(paths[i], &k);
      if (!k) {
        diag_place at = {.file = paths[i]};
        diag_add(d, DIAG_ERROR, &at, "把 .json、.xlsx 或 .csv 数据文件放进这个文件夹，或直接给出文件。", "文件夹中没有数据文件。");
        input_item *it = add_item(out);
        it->source = xstrdup(paths[i]);
        it->failed = true;
      }
      files = xrealloc(files, (nf + k + 1) * sizeof *files);
      for (size_t j = 0; j < k; j++) files[nf++] = in[j];
      free(in);
    } else {
      files = xrealloc(files, (nf + 1) * sizeof *files);
      files[nf++] = xstrdup(paths[i]);
    }
  }
  workbook csv = {0};
  bool any_csv = false, csv_ok = true;
  for (size_t i = 0; i < nf; i++) {
    if (has_ext(files[i], ".xlsx")) {
      workbook wb = {0};
      if (xlsx_read(&wb, files[i], d)) {
        add_workbook_records(&wb, cat, edition_id, templates, out, d);
      } else {
        input_item *it = add_item(out);
        it->source = xstrdup(files[i]);
        it->failed = true;
      }
      workbook_free(&wb);
    } else if (has_ext(files[i], ".csv")) {
      any_csv = true;
      csv_ok &= csv_read(&csv, files[i], d);
    } else {
      input_item *it = add_item(out);
      it->source = xstrdup(files[i]);
      it->failed = !record_read(&it->rec, files[i], d);
    }
  }
  if (any_csv) {
    if (csv_ok) {
      add_workbook_records(&csv, cat, edition_id, templates, out, d);
    } else {
      input_item *it = add_item(out);
      it->source = xstrdup(csv.file);
      it->failed = true;
    }
    workbook_free(&csv);
  }
  for (size_t i = 0; i < nf; i++) free(files[i]);
  free(files);
}

bool inputs_are_batch(char *const *paths, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (has_ext(paths[i], ".xlsx") || has_ext(paths[i], ".csv") || is_directory(paths[i])) return true;
  return n > 1;
}

size_t inputs_failed(const input_set *s) {
  size_t k = 0;
  for (size_t i = 0; i < s->n; i++) k += s->v[i].failed;
  return k;
}

void inputs_free(input_set *s) {
  for (size_t i = 0; i < s->n; i++) {
    record_free(&s->v[i].rec);
    free(s->v[i].source);
  }
  free(s->v);
  memset(s, 0, sizeof *s);
}
