/* XLSX (Office Open XML spreadsheet) read with libzip and libxml2's streaming reader: the sheets'
   cells with shared and inline strings, numbers, booleans, dates (serials, recognised by their
   number format), formulas' cached values, and merged ranges. Every part is read through a byte
   cap and refused if it declares a DOCTYPE (OOXML has none), so a crafted file cannot take the
   machine's memory. */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "sheet/grid.h"
#include "util/strbuf.h"

#define MAX_ENTRIES 10000
#define MAX_PART_BYTES ((zip_uint64_t)200 << 20)  /* one part, expanded */
#define MAX_TOTAL_BYTES ((zip_uint64_t)600 << 20) /* all parts read, expanded */
#define MAX_STRINGS 2000000

typedef struct {
  zip_t *z;
  const char *path;
  diag_list *d;
  zip_uint64_t total;
  char **strings;
  size_t n_strings;
  unsigned char *xf_kind; /* per cell style: 1 percent, 2 date */
  size_t n_xf;
  bool failed;
} xlsx_ctx;

typedef struct {
  zip_file_t *f;
  xlsx_ctx *x;
  zip_uint64_t read;
  bool over;
} part_src;

static void fail(xlsx_ctx *x, const char *where, const char *fix, const char *msg) {
  diag_place at = {.file = x->path, .where = where};
  diag_add(x->d, DIAG_ERROR, &at, fix, "%s", msg);
  x->failed = true;
}

static int src_read(void *ctx, char *buf, int len) {
  part_src *s = ctx;
  zip_int64_t n = zip_fread(s->f, buf, (zip_uint64_t)len);
  if (n < 0) return -1;
  s->read += (zip_uint64_t)n;
  s->x->total += (zip_uint64_t)n;
  if (s->read > MAX_PART_BYTES || s->x->total > MAX_TOTAL_BYTES) {
    s->over = true;
    return -1;
  }
  return (int)n;
}

static int src_close(void *ctx) {
  part_src *s = ctx;
  zip_fclose(s->f);
  s->f = NULL;
  return 0;
}

/* libxml2 would print its own messages on stderr; ours say what is wrong and what to do. */
static void quiet_errors(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr where) {
  (void)arg, (void)msg, (void)severity, (void)where;
}
static void quiet_structured(void *arg, xmlErrorPtr error) { (void)arg, (void)error; }

/* Opens a part for streaming; NULL if it is absent (required: an error) or cannot be read. */
static xmlTextReaderPtr open_part(xlsx_ctx *x, const char *name, bool required, part_src *src) {
  memset(src, 0, sizeof *src);
  zip_stat_t st;
  if (zip_stat(x->z, name, 0, &st) != 0) {
    if (required) {
      char *msg = xasprintf("工作簿中缺少 %s，文件不完整或不是 Excel/WPS 表格。", name);
      fail(x, name, "用 Excel、WPS 表格或 LibreOffice 重新另存为 .xlsx。", msg);
      free(msg);
    }
    return NULL;
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > MAX_PART_BYTES) {
    char *msg = xasprintf("%s 解压后有 %llu 字节，超过 %llu 字节的上限（可能是恶意构造的文件）。", name,
                          (unsigned long long)st.size, (unsigned long long)MAX_PART_BYTES);
    fail(x, name, "检查文件来源；正常的申报数据工作簿只有几百 KB。", msg);
    free(msg);
    return NULL;
  }
  src->f = zip_fopen(x->z, name, 0);
  src->x = x;
  if (!src->f) {
    fail(x, name, "文件已损坏：用 Excel、WPS 表格或 LibreOffice 打开后重新另存。", "无法解压工作簿中的这一部分。");
    return NULL;
  }
  xmlTextReaderPtr r = xmlReaderForIO(src_read, src_close, src, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                          XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (!r) {
    zip_fclose(src->f);
    fail(x, name, NULL, "无法读取工作簿中的这一部分。");
    return NULL;
  }
  xmlTextReaderSetErrorHandler(r, quiet_errors, NULL);
  xmlTextReaderSetStructuredErrorHandler(r, quiet_structured, NULL);
  return r;
}

/* The next node; false at the end or on an error (reported once, with the part's name). */
static bool next_node(xlsx_ctx *x, xmlTextReaderPtr r, part_src *src, const char *name) {
  if (x->failed) return false; /* told once: the reader goes no further */
  int rc = xmlTextReaderRead(r);
  if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
    fail(x, name, "检查文件来源；Excel、WPS 和 LibreOffice 写出的工作簿都没有 DOCTYPE。",
         "工作簿的 XML 中有 DOCTYPE 声明（OOXML 不允许，可被用来耗尽内存），拒绝读取。");
    return false;
  }
  if (rc == 1) return true;
  if (rc < 0) {
    if (src->over)
      fail(x, name, "检查文件来源；正常的申报数据工作簿只有几百 KB。", "解压后的内容超过上限（可能是恶意构造的文件）。");
    else
      fail(x, name, "文件已损坏：用 Excel、WPS 表格或 LibreOffice 打开后重新另存为 .xlsx。", "工作簿中的 XML 格式错误。");
  }
  return false;
}

static bool is_elem(xmlTextReaderPtr r, const char *local) {
  return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && !strcmp((const char *)xmlTextReaderConstLocalName(r), local);
}
static bool is_end(xmlTextReaderPtr r, const char *local) {
  return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
         !strcmp((const char *)xmlTextReaderConstLocalName(r), local);
}
static char *attr(xmlTextReaderPtr r, const char *name) {
  xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = xstrdup((const char *)v);
  xmlFree(v);
  return s;
}
/* An attribute in a namespace (r:id). */
static char *attr_ns(xmlTextReaderPtr r, const char *local, const char *ns) {
  xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)local, (const xmlChar *)ns);
  if (!v) return NULL;
  char *s = xstrdup((const char *)v);
  xmlFree(v);
  return s;
}
static bool is_text_node(xmlTextReaderPtr r) {
  int t = xmlTextReaderNodeType(r);
  return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE ||
         t == XML_READER_TYPE_CDATA;
}

/* The text inside the current element (its <t> children, not phonetic <rPh> runs). */
static char *element_text(xlsx_ctx *x, xmlTextReaderPtr r, part_src *src, const char *name, const char *end) {
  strbuf b = {0};
  if (xmlTextReaderIsEmptyElement(r)) return xstrdup("");
  int depth_rph = 0;
  bool in_t = false;
  while (next_node(x, r, src, name)) {
    if (is_end(r, end) && !depth_rph) break;
    if (is_elem(r, "rPh") && !xmlTextReaderIsEmptyElement(r)) depth_rph++;
    else if (is_end(r, "rPh")) depth_rph--;
    else if (is_elem(r, "t") && !xmlTextReaderIsEmptyElement(r)) in_t = true;
    else if (is_end(r, "t")) in_t = false;
    else if (is_text_node(r) && (in_t || !strcmp(end, "v") || !strcmp(end, "t")) && !depth_rph)
      sb_puts(&b, (const char *)xmlTextReaderConstValue(r));
  }
  return sb_take(&b);
}

static void read_strings(xlsx_ctx *x) {
  part_src src;
  const char *name = "xl/sharedStrings.xml";
  xmlTextReaderPtr r = open_part(x, name, false, &src);
  if (!r) return;
  size_t cap = 0;
  while (next_node(x, r, &src, name)) {
    if (!is_elem(r, "si")) continue;
    if (x->n_strings >= MAX_STRINGS) {
      fail(x, name, NULL, "共享字符串过多。");
      break;
    }
    char *s = element_text(x, r, &src, name, "si");
    if (x->n_strings == cap) cap = cap ? cap * 2 : 256, x->strings = xrealloc(x->strings, cap * sizeof *x->strings);
    x->strings[x->n_strings++] = s;
  }
  xmlFreeTextReader(r);
}

/* Whether a number format shows a percentage or a date: % outside quotes; y, m, d, h or s outside
   quotes and brackets (colours, locales). */
static unsigned char format_kind(const char *code) {
  bool quote = false, bracket = false, pct = false, date = false;
  for (const char *p = code; *p; p++) {
    if (*p == '"') quote = !quote;
    else if (quote) continue;
    else if (*p == '\\' && p[1]) p++;
    else if (*p == '[') bracket = true;
    else if (*p == ']') bracket = false;
    else if (bracket) continue;
    else if (*p == '%') pct = true;
    else if (strchr("ymdhsYMDHS", *p)) date = true;
  }
  if (!strcmp(code, "General") || !strcmp(code, "@")) return 0;
  return pct ? 1 : date ? 2 : 0;
}

static void read_styles(xlsx_ctx *x) {
  part_src src;
  const char *name = "xl/styles.xml";
  xmlTextReaderPtr r = open_part(x, name, false, &src);
  if (!r) return;
  int *ids = NULL;
  unsigned char *kinds = NULL;
  size_t n_fmt = 0, cap = 0;
  bool in_xfs = false;
  while (next_node(x, r, &src, name)) {
    if (is_elem(r, "numFmt")) {
      char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
      if (id && code) {
        ids = xrealloc(ids, (n_fmt + 1) * sizeof *ids);
        kinds = xrealloc(kinds, (n_fmt + 1) * sizeof *kinds);
        ids[n_fmt] = atoi(id);
        kinds[n_fmt++] = format_kind(code);
      }
      free(id);
      free(code);
    } else if (is_elem(r, "cellXfs")) {
      in_xfs = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "cellXfs")) {
      in_xfs = false;
    } else if (in_xfs && is_elem(r, "xf")) {
      char *id = attr(r, "numFmtId");
      int f = id ? atoi(id) : 0;
      free(id);
      unsigned char k = f == 9 || f == 10 ? 1 : (f >= 14 && f <= 22) || (f >= 45 && f <= 47) || (f >= 27 && f <= 36) || (f >= 50 && f <= 58) ? 2 : 0;
      for (size_t i = 0; i < n_fmt; i++)
        if (ids[i] == f) k = kinds[i];
      if (x->n_xf == cap) cap = cap ? cap * 2 : 64, x->xf_kind = xrealloc(x->xf_kind, cap);
      x->xf_kind[x->n_xf++] = k;
    }
  }
  free(ids);
  free(kinds);
  xmlFreeTextReader(r);
}

typedef struct {
  char *name, *target;
} sheet_ref;

/* The sheets in workbook order, with the parts that hold them. */
static size_t read_workbook(xlsx_ctx *x, sheet_ref **out) {
  static const char *const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  part_src src;
  sheet_ref *v = NULL;
  size_t n = 0;
  xmlTextReaderPtr r = open_part(x, "xl/workbook.xml", true, &src);
  if (!r) return 0;
  char **rids = NULL;
  while (next_node(x, r, &src, "xl/workbook.xml")) {
    if (!is_elem(r, "sheet")) continue;
    char *name = attr(r, "name"), *rid = attr_ns(r, "id", REL_NS);
    if (name && rid && n < 1000) {
      v = xrealloc(v, (n + 1) * sizeof *v);
      rids = xrealloc(rids, (n + 1) * sizeof *rids);
      v[n] = (sheet_ref){.name = name, .target = NULL};
      rids[n++] = rid;
    } else {
      free(name);
      free(rid);
    }
  }
  xmlFreeTextReader(r);
  r = open_part(x, "xl/_rels/workbook.xml.rels", true, &src);
  while (r && next_node(x, r, &src, "xl/_rels/workbook.xml.rels")) {
    if (!is_elem(r, "Relationship")) continue;
    char *id = attr(r, "Id"), *target = attr(r, "Target");
    for (size_t i = 0; id && target && i < n; i++)
      if (!strcmp(rids[i], id) && !v[i].target)
        v[i].target = target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
    free(id);
    free(target);
  }
  if (r) xmlFreeTextReader(r);
  for (size_t i = 0; i < n; i++) free(rids[i]);
  free(rids);
  *out = v;
  return n;
}

static void add_merge(sheet *s, const char *ref) {
  char a[32], b[32];
  const char *colon = strchr(ref, ':');
  if (!colon || (size_t)(colon - ref) >= sizeof a || strlen(colon + 1) >= sizeof b) return;
  memcpy(a, ref, (size_t)(colon - ref));
  a[colon - ref] = '\0';
  strcpy(b, colon + 1);
  cell_range m;
  if (!cell_ref_parse(a, &m.r1, &m.c1) || !cell_ref_parse(b, &m.r2, &m.c2) || s->n_merges >= 100000) return;
  s->merges = xrealloc(s->merges, (s->n_merges + 1) * sizeof *s->merges);
  s->merges[s->n_merges++] = m;
}

static void read_sheet(xlsx_ctx *x, sheet *s, const char *part) {
  part_src src;
  xmlTextReaderPtr r = open_part(x, part, true, &src);
  if (!r) return;
  int row = -1, col = -1;
  while (next_node(x, r, &src, part)) {
    if (is_elem(r, "row")) {
      char *rr = attr(r, "r");
      long v = rr ? strtol(rr, NULL, 10) : row + 2;
      free(rr);
      if (v < 1 || v > GRID_MAX_ROWS) {
        fail(x, s->name, NULL, "工作表的行号超出范围。");
        break;
      }
      row = (int)v - 1;
      col = -1;
    } else if (is_elem(r, "mergeCell")) {
      char *ref = attr(r, "ref");
      if (ref) add_merge(s, ref);
      free(ref);
    } else if (is_elem(r, "c")) {
      char *ref = attr(r, "r"), *t = attr(r, "t"), *style = attr(r, "s");
      int rr = row, cc = col + 1;
      if (ref && !cell_ref_parse(ref, &rr, &cc)) rr = -1;
      free(ref);
      if (rr < 0 || cc >= GRID_MAX_COLS) {
        free(t);
        free(style);
        fail(x, s->name, NULL, "单元格地址无效。");
        break;
      }
      row = rr, col = cc;
      long xf = style ? strtol(style, NULL, 10) : 0;
      free(style);
      unsigned char kind = xf >= 0 && (size_t)xf < x->n_xf ? x->xf_kind[xf] : 0;
      char *v = NULL;
      bool inline_str = t && !strcmp(t, "inlineStr");
      if (!xmlTextReaderIsEmptyElement(r)) {
        while (next_node(x, r, &src, part)) {
          if (is_end(r, "c")) break;
          if (is_elem(r, "v") && !v) v = element_text(x, r, &src, part, "v");
          else if (is_elem(r, "is") && !v) v = element_text(x, r, &src, part, "is");
        }
      }
      if (v) {
        cell c = {.row = row, .col = col, .type = CELL_NUMBER, .text = v};
        if (t && !strcmp(t, "s")) {
          char *end;
          long i = strtol(v, &end, 10);
          bool valid = i >= 0 && (size_t)i < x->n_strings && !*end && end != v;
          free(c.text);
          c.text = xstrdup(valid ? x->strings[i] : "");
          c.type = CELL_TEXT;
        } else if (inline_str || (t && (!strcmp(t, "str") || !strcmp(t, "d")))) {
          c.type = CELL_TEXT;
        } else if (t && !strcmp(t, "b")) {
          c.type = CELL_BOOL;
          c.num = atoi(v) != 0;
        } else if (t && !strcmp(t, "e")) {
          c.type = CELL_ERROR;
        } else {
          char *end;
          c.num = strtod(v, &end);
          if (end == v || *end) c.type = CELL_TEXT;
          c.percent = kind == 1;
          c.date = kind == 2;
        }
        if (!grid_add_cell(s, c)) {
          fail(x, s->name, "拆成几个较小的工作簿。", "工作表的单元格过多。");
          free(t);
          break;
        }
      }
      free(t);
    }
  }
  xmlFreeTextReader(r);
  grid_sort(s);
}

bool xlsx_read(workbook *wb, const char *path, diag_list *d) {
  xlsx_ctx x = {.path = path, .d = d};
  int zerr = 0;
  x.z = zip_open(path, ZIP_RDONLY, &zerr);
  if (!wb->file) wb->file = xstrdup(path);
  if (!x.z) {
    diag_place at = {.file = path};
    if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ)
      diag_add(d, DIAG_ERROR, &at, "检查文件名和路径。", "无法打开文件。");
    else
      diag_add(d, DIAG_ERROR, &at, "用 Excel、WPS 表格或 LibreOffice 打开后重新另存为 .xlsx；若打不开，文件已损坏。",
               "这不是有效的 .xlsx 工作簿（zip 结构损坏）。");
    return false;
  }
  zip_int64_t entries = zip_get_num_entries(x.z, 0);
  if (entries < 0 || entries > MAX_ENTRIES) {
    fail(&x, NULL, "检查文件来源；正常的工作簿只有几十个部分。", "工作簿中的文件数量超过上限（可能是恶意构造的文件）。");
    zip_discard(x.z);
    return false;
  }
  sheet_ref *refs = NULL;
  size_t n = read_workbook(&x, &refs);
  if (!x.failed) read_strings(&x);
  if (!x.failed) read_styles(&x);
  for (size_t i = 0; i < n && !x.failed; i++) {
    sheet *s = grid_add_sheet(wb, refs[i].name);
    if (refs[i].target) read_sheet(&x, s, refs[i].target);
  }
  if (!x.failed && !n) fail(&x, "xl/workbook.xml", NULL, "工作簿中没有工作表。");
  for (size_t i = 0; i < n; i++) free(refs[i].name), free(refs[i].target);
  free(refs);
  for (size_t i = 0; i < x.n_strings; i++) free(x.strings[i]);
  free(x.strings);
  free(x.xf_kind);
  zip_discard(x.z);
  return !x.failed;
}
