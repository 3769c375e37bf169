#include "sheet/book_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util/strbuf.h"
#include "util/utf8.h"

#define NAME_WIDTH 40
#define DATA_ROWS 1000 /* rows the drop-down lists and formats reach below the header */

typedef struct {
  lxw_format *head, *sub, *key, *text, *wrap, *dec, *integer, *date;
} formats;

static lxw_format *base_format(lxw_workbook *wb) {
  lxw_format *f = workbook_add_format(wb);
  format_set_font_name(f, "宋体");
  format_set_font_size(f, 11);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

static void make_formats(lxw_workbook *wb, formats *F) {
  F->head = base_format(wb);
  format_set_bold(F->head);
  format_set_text_wrap(F->head);
  format_set_align(F->head, LXW_ALIGN_CENTER);
  format_set_align(F->head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(F->head, LXW_BORDER_THIN);
  format_set_bg_color(F->head, 0xDDEBF7);
  F->sub = base_format(wb);
  format_set_align(F->sub, LXW_ALIGN_CENTER);
  format_set_text_wrap(F->sub);
  format_set_border(F->sub, LXW_BORDER_THIN);
  format_set_bg_color(F->sub, 0xDDEBF7);
  F->key = base_format(wb);
  format_set_font_size(F->key, 8);
  format_set_font_color(F->key, 0x808080);
  format_set_border(F->key, LXW_BORDER_THIN);
  F->text = base_format(wb);
  format_set_num_format(F->text, "@");
  F->wrap = base_format(wb);
  format_set_text_wrap(F->wrap);
  format_set_num_format(F->wrap, "@");
  F->dec = base_format(wb);
  format_set_num_format(F->dec, "0.00");
  F->integer = base_format(wb);
  format_set_num_format(F->integer, "0");
  F->date = base_format(wb);
  format_set_num_format(F->date, "yyyy-mm-dd");
}

/* What the 填报说明 asks of a field, for its header's note. */
static char *field_note(const field *f, const edition *ed, const book_col *c) {
  strbuf b = {0};
  if (f->required) sb_puts(&b, "必填；没有时写“无”。");
  switch (f->type) {
  case FT_DECIMAL: sb_puts(&b, "填数字，保留两位小数。"); break;
  case FT_PERCENT: sb_puts(&b, "填百分数的数值：70% 写作 70（不要写 0.70），保留两位小数。"); break;
  case FT_RATE: sb_puts(&b, "增速（%），可为负数：12.5% 写作 12.5，保留两位小数。"); break;
  case FT_INTEGER: sb_puts(&b, "填整数。"); break;
  case FT_BOOL: sb_puts(&b, "从下拉列表选“是”或“否”。"); break;
  case FT_CHOICE: sb_puts(&b, "从下拉列表中选择。"); break;
  case FT_MULTI: sb_puts(&b, "已开展的选“是”，未开展的留空或选“否”。"); break;
  case FT_NAMES: sb_puts(&b, "每行一个名称（单元格内按 Alt+Enter 换行）。"); break;
  case FT_DATE: sb_puts(&b, "日期，如 2023-07-20。"); break;
  case FT_VALUE: sb_puts(&b, "数字，或简短的文字。"); break;
  default: break;
  }
  int limit = f->limit;
  if (f->type == FT_TEXT && !f->plan && ed->limit_narrative && strcmp(f->key, "intro")) limit = ed->limit_narrative;
  if (!strcmp(f->key, "intro") && ed->limit_intro > 0) limit = ed->limit_intro;
  if (limit) sb_printf(&b, "%d字以内。", limit);
  if (f->plan) sb_printf(&b, "发展规划（第八部分）合计%d字以内。", ed->limit_plan ? ed->limit_plan : 3000);
  if (c->year) sb_printf(&b, "%d年的数据。", c->year);
  return sb_take(&b);
}

static double col_width(const field *f) {
  switch (f->type) {
  case FT_TEXT: return 50;
  case FT_LINE:
  case FT_NAMES: return 24;
  case FT_MULTI: return 14;
  default: return 13;
  }
}

/* The drop-down of a column: option words, or 是/否. */
static void add_validation(lxw_worksheet *ws, int col, const field *f, const book_col *c) {
  const char *yes_no[] = {"是", "否", NULL};
  const char **list = yes_no;
  const char **opts = NULL;
  if (f->type == FT_CHOICE) {
    opts = xmalloc((f->n_options + 1) * sizeof *opts);
    for (size_t i = 0; i < f->n_options; i++) opts[i] = f->options[i].text;
    opts[f->n_options] = NULL;
    list = opts;
  } else if (f->type != FT_BOOL && !c->opt) {
    return;
  }
  lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                            .value_list = (char **)list,
                            .error_type = LXW_VALIDATION_ERROR_TYPE_WARNING,
                            .error_title = (char *)"不在下拉列表中",
                            .error_message = (char *)"请从下拉列表中选择；clusterform 读入时会检查这一格。"};
  worksheet_data_validation_range(ws, BOOK_HEADER_ROWS, (lxw_col_t)col, BOOK_HEADER_ROWS + DATA_ROWS - 1,
                                  (lxw_col_t)col, &dv);
  free(opts);
}

static bool iso_date(const char *s, lxw_datetime *dt) {
  int y, m, dd;
  char tail;
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 || strlen(s) != 10) return false;
  *dt = (lxw_datetime){.year = y, .month = m, .day = dd};
  return true;
}

/* One value into its cell, in the cell's kind: numbers as numbers, choices as their words. */
static void write_value(lxw_worksheet *ws, int row, int col, const book_col *c, json_t *v, const formats *F) {
  const field *f = c->f;
  if (!v || json_is_null(v)) return;
  if (c->opt) {
    bool on = false;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) on |= json_is_string(x) && field_option_find(f, json_string_value(x)) == c->opt;
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, on ? "是" : "否", NULL);
    return;
  }
  if (json_is_number(v)) {
    double x = json_number_value(v);
    lxw_format *fmt = f->type == FT_INTEGER || (json_is_integer(v) && f->type == FT_VALUE) ? F->integer : F->dec;
    if (f->type == FT_LINE || f->type == FT_TEXT) fmt = NULL;
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, x, fmt);
    return;
  }
  if (json_is_boolean(v)) {
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, json_is_true(v) ? "是" : "否", NULL);
    return;
  }
  if (json_is_array(v)) { /* names: one a line */
    strbuf b = {0};
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) if (json_is_string(x)) sb_printf(&b, "%s%s", b.len ? "\n" : "", json_string_value(x));
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, b.s ? b.s : "", F->wrap);
    sb_free(&b);
    return;
  }
  if (!json_is_string(v)) return;
  const char *s = json_string_value(v);
  lxw_datetime dt;
  if (f->type == FT_DATE && iso_date(s, &dt)) {
    worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, F->date);
  } else if (f->type == FT_CHOICE) {
    const field_option *o = field_option_find(f, s);
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, o ? o->text : s, NULL);
  } else {
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f->type == FT_TEXT || f->type == FT_NAMES ? F->wrap : F->text);
  }
}

static json_t *column_value(const record *r, const book_col *c) {
  json_t *v = record_get(r, c->f->key);
  if (c->year) {
    char y[16];
    snprintf(y, sizeof y, "%d", c->year);
    v = json_object_get(v, y);
  }
  return v;
}

static void write_guide(lxw_workbook *wb, const book_layout *b, const edition *ed, const formats *F) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, BOOK_GUIDE_SHEET);
  worksheet_set_column(ws, 0, 0, 110, NULL);
  char *title = xasprintf("《中小企业特色产业集群申报表》数据填报工作簿 — %s", ed->title);
  char *which = xasprintf("%s%s（数据行的“申报表版本”一栏空着时，按这个版本读取）", BOOK_EDITION_MARK, ed->id);
  const char *lines[] = {
      title,
      which,
      "1. 每个工作表对应申报表的一个部分（第八部分的发展目标表等清单另占一个工作表）。",
      "2. 每个集群占一行：A 列填集群名称，各工作表靠集群名称对应；一个工作簿可以填一个或多个集群。",
      "3. 表头第一行是栏目，第二行是年度或选项，第三行（灰色小字）是字段代码，clusterform 按它读取，请勿修改。",
      "4. 清单工作表（如“发展目标表”）每个指标占一行，同一集群的各行 A 列都填该集群名称。",
      "5. 数字直接填数值：比例、增速填百分数的数值（70% 写作 70）；小数保留两位。表头的批注写明了每一栏的填报要求。",
      "6. 选择题从下拉列表中选；多选题每个选项一列，已开展的选“是”。",
      "7. 没有数据的格留空，申报表中写作“无”；填好后运行 clusterform check 工作簿.xlsx 检查，clusterform fill 工作簿.xlsx 生成申报表。",
      "",
      "本工作簿的工作表：",
  };
  int row = 0;
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
    worksheet_write_string(ws, (lxw_row_t)row++, 0, lines[i], i == 0 ? F->head : NULL);
  for (size_t i = 0; i < b->n; i++) worksheet_write_string(ws, (lxw_row_t)row++, 0, b->sheets[i].name, NULL);
  free(title);
  free(which);
}

bool book_write(const book_layout *b, const edition *ed, const record *recs, size_t n_recs,
                const char *path, const char *shown_path, long long created, diag_list *d) {
  diag_place at = {.file = shown_path};
  lxw_workbook_options opts = {.constant_memory = 0, .tmpdir = NULL, .use_zip64 = 0};
  lxw_workbook *wb = workbook_new_opt(path, &opts);
  if (!wb) {
    diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限。", "无法创建 XLSX 文件。");
    return false;
  }
  char *title = xasprintf("中小企业特色产业集群申报表数据（%s）", ed->id);
  lxw_doc_properties props = {.title = title, .subject = ed->title, .author = (char *)"clusterform",
                              .created = (time_t)created};
  workbook_set_properties(wb, &props);
  formats F;
  make_formats(wb, &F);
  write_guide(wb, b, ed, &F);
  for (size_t si = 0; si < b->n; si++) {
    const book_sheet *s = &b->sheets[si];
    lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
    worksheet_freeze_panes(ws, BOOK_HEADER_ROWS, 1);
    /* The label row tall enough for the longest label in its column's width (Excel does not grow
       a row for wrapped text it did not type itself). */
    double lines = 2;
    for (size_t k = 0; k < s->n; k++) {
      const book_col *c = &s->cols[k];
      size_t span = 1;
      while (k + span < s->n && s->cols[k + span].f == c->f && (c->year || c->opt)) span++;
      double per_line = (k == 0 ? NAME_WIDTH : col_width(c->f)) * (double)span / 2.2;
      double need = ceil((double)utf8_length(c->label) / (per_line > 1 ? per_line : 1));
      if (need > lines) lines = need;
    }
    worksheet_set_row(ws, 0, 15 * lines + 6, NULL);
    for (size_t k = 0; k < s->n; k++) {
      const book_col *c = &s->cols[k];
      lxw_format *fmt = c->f->type == FT_DECIMAL || c->f->type == FT_PERCENT || c->f->type == FT_RATE ? F.dec
                        : c->f->type == FT_INTEGER                                                   ? F.integer
                        : c->f->type == FT_DATE                                                      ? F.date
                        : c->f->type == FT_TEXT || c->f->type == FT_NAMES                             ? F.wrap
                        : c->f->type == FT_LINE && k > 0 ? F.text /* codes and phone numbers stay text */
                                                                                                     : NULL;
      worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, k == 0 ? NAME_WIDTH : col_width(c->f), fmt);
      /* A field over several columns (years, options) has one label above them all. */
      size_t span = 1;
      while (k + span < s->n && s->cols[k + span].f == c->f && s->cols[k + span].label && !strcmp(s->cols[k + span].label, c->label) &&
             (c->year || c->opt))
        span++;
      bool first_of_span = k == 0 || s->cols[k - 1].f != c->f || !(c->year || c->opt) || strcmp(s->cols[k - 1].label, c->label);
      if (first_of_span) {
        if (span > 1)
          worksheet_merge_range(ws, 0, (lxw_col_t)k, 0, (lxw_col_t)(k + span - 1), c->label, F.head);
        else
          worksheet_write_string(ws, 0, (lxw_col_t)k, c->label, F.head);
        char *note = field_note(c->f, ed, c);
        if (*note) worksheet_write_comment(ws, 0, (lxw_col_t)k, note);
        free(note);
      }
      worksheet_write_string(ws, 1, (lxw_col_t)k, c->sub, F.sub);
      worksheet_write_string(ws, 2, (lxw_col_t)k, c->key, F.key);
      if (k > 0) add_validation(ws, (int)k, c->f, c);
    }
    int row = BOOK_HEADER_ROWS;
    for (size_t r = 0; r < n_recs; r++) {
      const char *name = json_string_value(record_get(&recs[r], "name"));
      if (s->list) {
        json_t *items = record_get(&recs[r], s->list->key);
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item) {
          worksheet_write_string(ws, (lxw_row_t)row, 0, name ? name : "", NULL);
          for (size_t k = 1; k < s->n; k++)
            write_value(ws, row, (int)k, &s->cols[k], json_object_get(item, s->cols[k].f->key), &F);
          row++;
        }
      } else {
        worksheet_write_string(ws, (lxw_row_t)row, 0, name ? name : "", NULL);
        for (size_t k = 1; k < s->n; k++) write_value(ws, row, (int)k, &s->cols[k], column_value(&recs[r], &s->cols[k]), &F);
        row++;
      }
    }
  }
  lxw_error err = workbook_close(wb);
  free(title);
  if (err) {
    diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。", "无法写出 XLSX：%s",
             lxw_strerror(err));
    return false;
  }
  return true;
}
