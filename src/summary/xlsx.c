/* The 推荐汇总表 as an XLSX workbook (libxlsxwriter). Authorities collect the rows of many
   clusters in a spreadsheet, so the table is written as one: the same words as the DOCX (read from
   the filled DOCX itself, so the two never disagree), 序号 as numbers, wrapped text, column widths
   from the DOCX's grid, row heights for the wrapped text (Excel does not fit them on opening), thin
   borders, the DOCX's fonts, and a print setup: A4 landscape, the header row repeated on every
   page, fitted to one page wide. */
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "merge/dom.h"
#include "summary/summary.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define BODY_FONT "仿宋_GB2312"
#define TITLE_FONT "方正小标宋简体"
#define TITLE_SIZE 22.0 /* 二号, as the DOCX's TableTitle */
#define LINE_SIZE 15.0  /* 小三, as TableLine */
#define HEAD_SIZE 12.0  /* 小四, the header cells */
#define CELL_SIZE 10.5  /* 五号, the rows (Small) */

typedef struct {
  char **cells;
  bool *center; /* the cell's first paragraph is centred */
  size_t n;
  bool header;
} xrow;

typedef struct {
  char **lines; /* the paragraphs above the table, the title first */
  size_t n_lines;
  double *widths; /* the grid's columns, in points */
  size_t n_cols;
  xrow *rows;
  size_t n_rows;
} table_text;

static void text_walk(xmlNodePtr n, strbuf *b) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, "t")) {
      char *t = text_of(c);
      sb_puts(b, t);
      free(t);
    } else if (is_w(c, "br") || is_w(c, "cr")) {
      sb_putc(b, '\n');
    } else if (is_w(c, "tab")) {
      sb_putc(b, ' ');
    } else if (!is_w(c, "rPr") && !is_w(c, "pPr") && !is_w(c, "instrText")) {
      text_walk(c, b);
    }
  }
}

/* A paragraph's text with its line breaks; a cell's paragraphs one a line. */
static char *node_text(xmlNodePtr n, bool cell) {
  strbuf b = {0};
  if (cell) {
    bool first = true;
    for (xmlNodePtr p = n->children; p; p = p->next) {
      if (!is_w(p, "p")) continue;
      if (!first) sb_putc(&b, '\n');
      first = false;
      text_walk(p, &b);
    }
  } else {
    text_walk(n, &b);
  }
  return sb_take(&b);
}

static bool blank_text(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\n') return false;
  return true;
}

static void read_table(const package *pkg, table_text *t) {
  memset(t, 0, sizeof *t);
  part *pt = package_find(pkg, "word/document.xml");
  xmlDocPtr doc = pt ? xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8",
                                     XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)
                     : NULL;
  xmlNodePtr body = doc ? w_child(xmlDocGetRootElement(doc), "body") : NULL;
  xmlNodePtr tbl = NULL;
  for (xmlNodePtr c = body ? body->children : NULL; c && !tbl; c = c->next) {
    if (is_w(c, "tbl")) {
      tbl = c;
    } else if (is_w(c, "p")) {
      char *s = node_text(c, false);
      if (blank_text(s)) {
        free(s);
        continue;
      }
      t->lines = xrealloc(t->lines, (t->n_lines + 1) * sizeof *t->lines);
      t->lines[t->n_lines++] = s;
    }
  }
  for (xmlNodePtr g = tbl ? w_child(w_child(tbl, "tblGrid"), "gridCol") : NULL; g; g = g->next) {
    if (!is_w(g, "gridCol")) continue;
    xmlChar *w = xmlGetNsProp(g, (const xmlChar *)"w", (const xmlChar *)W_NS);
    t->widths = xrealloc(t->widths, (t->n_cols + 1) * sizeof *t->widths);
    t->widths[t->n_cols++] = w ? atof((const char *)w) / 20.0 : 60.0;
    xmlFree(w);
  }
  for (xmlNodePtr r = tbl ? tbl->children : NULL; r; r = r->next) {
    if (!is_w(r, "tr")) continue;
    xrow row = {0};
    xmlNodePtr trpr = w_child(r, "trPr");
    row.header = trpr && w_child(trpr, "tblHeader");
    for (xmlNodePtr c = r->children; c; c = c->next) {
      if (!is_w(c, "tc")) continue;
      /* A cell spanning several grid columns keeps its text in the first, the others empty. */
      int span = 1;
      xmlNodePtr gs = w_child(w_child(c, "tcPr"), "gridSpan");
      if (gs) {
        xmlChar *v = xmlGetNsProp(gs, (const xmlChar *)"val", (const xmlChar *)W_NS);
        span = v ? atoi((const char *)v) : 1;
        xmlFree(v);
      }
      if (span < 1) span = 1;
      row.cells = xrealloc(row.cells, (row.n + (size_t)span) * sizeof *row.cells);
      row.center = xrealloc(row.center, (row.n + (size_t)span) * sizeof *row.center);
      bool center = false;
      xmlNodePtr jc = w_child(w_child(w_child(c, "p"), "pPr"), "jc");
      if (jc) {
        xmlChar *v = xmlGetNsProp(jc, (const xmlChar *)"val", (const xmlChar *)W_NS);
        center = v && !strcmp((const char *)v, "center");
        xmlFree(v);
      }
      row.center[row.n] = center;
      row.cells[row.n++] = node_text(c, true);
      for (int k = 1; k < span; k++) row.center[row.n] = center, row.cells[row.n++] = xstrdup("");
    }
    t->rows = xrealloc(t->rows, (t->n_rows + 1) * sizeof *t->rows);
    t->rows[t->n_rows++] = row;
  }
  if (doc) xmlFreeDoc(doc);
}

static void free_table(table_text *t) {
  for (size_t i = 0; i < t->n_lines; i++) free(t->lines[i]);
  free(t->lines);
  free(t->widths);
  for (size_t i = 0; i < t->n_rows; i++) {
    for (size_t j = 0; j < t->rows[i].n; j++) free(t->rows[i].cells[j]);
    free(t->rows[i].cells);
    free(t->rows[i].center);
  }
  free(t->rows);
}

/* Lines a text takes in a column `width` points wide at `size` points: a Chinese character (or
   full-width mark) is as wide as the font is high, anything else about half. */
static int lines_needed(const char *s, double width, double size) {
  double avail = width - 7.0; /* Excel's cell padding */
  if (avail < size) avail = size;
  int lines = 0;
  double x = 0;
  size_t n = strlen(s);
  bool any = false;
  for (size_t i = 0; i <= n;) {
    uint32_t c = 0;
    size_t k = i < n ? utf8_decode(s + i, n - i, &c) : 1;
    if (!k) k = 1, c = '?';
    if (i == n || c == '\n') {
      lines += (int)ceil(x / avail) > 0 ? (int)ceil(x / avail) : 1;
      x = 0;
      any = true;
    } else {
      x += c >= 0x2E80 ? size : size * 0.55;
    }
    i += k;
  }
  return any ? lines : 1;
}

/* Excel's column width (in characters of the default font, 7 pixels each at 96 dpi) for points. */
static double excel_width(double pt) {
  double px = pt * 96.0 / 72.0;
  double w = (px - 5.0) / 7.0;
  return w < 1 ? 1 : floor(w * 100 + 0.5) / 100;
}

static bool is_number(const char *s, double *out) {
  if (!*s) return false;
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9') return false;
  *out = atof(s);
  return strlen(s) < 10;
}

static lxw_format *make_format(lxw_workbook *wb, const char *font, double size, bool bold, uint8_t align,
                               bool border) {
  lxw_format *f = workbook_add_format(wb);
  format_set_font_name(f, font);
  format_set_font_size(f, size);
  if (bold) format_set_bold(f);
  format_set_align(f, align);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f);
  if (border) format_set_border(f, LXW_BORDER_THIN);
  return f;
}

bool summary_xlsx(const package *filled, const char *path, const char *title, const char *subject, long long created,
                  diag_list *d) {
  diag_place at = {.file = path};
  table_text t;
  read_table(filled, &t);
  if (!t.n_cols || !t.n_rows) {
    diag_add(d, DIAG_ERROR, &at, "检查该版本的 summary/ 模板（tools/build-template）。", "推荐汇总表的模板中没有表格。");
    free_table(&t);
    return false;
  }
  lxw_workbook_options opts = {.constant_memory = 0, .tmpdir = NULL, .use_zip64 = 0};
  lxw_workbook *wb = workbook_new_opt(path, &opts);
  if (!wb) {
    diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限。", "无法创建 XLSX 文件。");
    free_table(&t);
    return false;
  }
  /* A fixed creation time: libxlsxwriter would write the current one into docProps/core.xml. */
  lxw_doc_properties props = {.title = (char *)title,
                              .subject = (char *)(subject ? subject : ""),
                              .author = (char *)"clusterform",
                              .created = (time_t)created};
  workbook_set_properties(wb, &props);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "推荐汇总表");

  lxw_format *f_title = make_format(wb, TITLE_FONT, TITLE_SIZE, false, LXW_ALIGN_CENTER, false);
  lxw_format *f_line = make_format(wb, BODY_FONT, LINE_SIZE, false, LXW_ALIGN_LEFT, false);
  lxw_format *f_head = make_format(wb, BODY_FONT, HEAD_SIZE, true, LXW_ALIGN_CENTER, true);
  lxw_format *f_cell = make_format(wb, BODY_FONT, CELL_SIZE, false, LXW_ALIGN_LEFT, true);
  lxw_format *f_center = make_format(wb, BODY_FONT, CELL_SIZE, false, LXW_ALIGN_CENTER, true);
  lxw_format *f_num = make_format(wb, BODY_FONT, CELL_SIZE, false, LXW_ALIGN_CENTER, true);
  format_set_num_format(f_num, "0");

  lxw_col_t last_col = (lxw_col_t)(t.n_cols - 1);
  for (size_t c = 0; c < t.n_cols; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, excel_width(t.widths[c]), NULL);
  double total_width = 0;
  for (size_t c = 0; c < t.n_cols; c++) total_width += t.widths[c];

  lxw_row_t r = 0;
  lxw_error err = LXW_NO_ERROR;
  for (size_t i = 0; i < t.n_lines && !err; i++, r++) {
    lxw_format *f = i == 0 ? f_title : f_line;
    double size = i == 0 ? TITLE_SIZE : LINE_SIZE;
    if (t.n_cols > 1)
      err = worksheet_merge_range(ws, r, 0, r, last_col, t.lines[i], f);
    else
      err = worksheet_write_string(ws, r, 0, t.lines[i], f);
    worksheet_set_row(ws, r, lines_needed(t.lines[i], total_width, size) * size * 1.4 + 8, NULL);
  }
  lxw_row_t first_header = (lxw_row_t)-1, last_header = 0;
  for (size_t i = 0; i < t.n_rows && !err; i++, r++) {
    const xrow *row = &t.rows[i];
    if (row->header) {
      if (first_header == (lxw_row_t)-1) first_header = r;
      last_header = r;
    }
    double size = row->header ? HEAD_SIZE : CELL_SIZE;
    int lines = 1;
    bool all_empty = true;
    for (size_t c = 0; c < t.n_cols && !err; c++) {
      const char *s = c < row->n ? row->cells[c] : "";
      double num;
      lxw_format *f = row->header ? f_head : c < row->n && row->center[c] ? f_center : f_cell;
      if (*s && c > 0) all_empty = false; /* a blank row may carry its 序号 */
      if (!row->header && c == 0 && is_number(s, &num))
        err = worksheet_write_number(ws, r, (lxw_col_t)c, num, f_num);
      else if (*s)
        err = worksheet_write_string(ws, r, (lxw_col_t)c, s, f);
      else
        err = worksheet_write_blank(ws, r, (lxw_col_t)c, f);
      int l = lines_needed(s, t.widths[c], size);
      if (l > lines) lines = l;
    }
    double h = lines * size * 1.35 + 8;
    if (!row->header && all_empty && h < 36) h = 36; /* room to write in by hand */
    if (h > 409) h = 409;                            /* Excel's largest row */
    worksheet_set_row(ws, r, h, NULL);
  }

  /* Print: A4 landscape, margins as the DOCX's (25 mm sides, 25/22 mm top/bottom), centred, the
     header row on every page, as many pages long as it takes but one page wide. */
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_margins(ws, 25 / 25.4, 25 / 25.4, 25 / 25.4, 22 / 25.4);
  worksheet_center_horizontally(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_footer(ws, "&C— &P —");
  if (first_header != (lxw_row_t)-1) {
    worksheet_repeat_rows(ws, first_header, last_header);
    worksheet_freeze_panes(ws, last_header + 1, 0);
  }

  lxw_error cerr = workbook_close(wb);
  free_table(&t);
  if (err || cerr) {
    diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。", "无法写出 XLSX：%s",
             lxw_strerror(err ? err : cerr));
    return false;
  }
  return true;
}
