/* CSV as Excel, WPS and LibreOffice write it: UTF-8 with or without a byte-order mark, or GB18030
   (what Excel on a Chinese Windows saves as "CSV"); fields separated by commas, quoted with double
   quotes when they hold commas, quotes or line breaks. Every cell is text as typed. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sheet/grid.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define MAX_CSV_BYTES ((size_t)64 << 20)

/* GB18030 to UTF-8; NULL (with the byte offset of the first bad byte) if it is not GB18030 either. */
static char *from_gb18030(const char *s, size_t n, size_t *bad) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) return NULL;
  size_t cap = n * 2 + 16;
  char *out = xmalloc(cap + 1), *in = (char *)s, *o = out;
  size_t left = n, room = cap;
  while (left) {
    if (iconv(cd, &in, &left, &o, &room) == (size_t)-1) {
      if (errno == E2BIG) {
        size_t used = (size_t)(o - out);
        cap *= 2;
        out = xrealloc(out, cap + 1);
        o = out + used;
        room = cap - used;
        continue;
      }
      *bad = (size_t)(in - s);
      free(out);
      iconv_close(cd);
      return NULL;
    }
  }
  *o = '\0';
  iconv_close(cd);
  return out;
}

/* The sheet name: the file's name without folder and .csv. LibreOffice names each sheet's file
   "book-Sheet.csv" when it exports them all. */
static char *name_of(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (n > 4 && !strcasecmp(base + n - 4, ".csv")) n -= 4;
  return xstrndup(base, n);
}

bool csv_read(workbook *wb, const char *path, diag_list *d) {
  diag_place at = {.file = path};
  char *err = NULL;
  size_t len;
  char *raw = read_file(path, MAX_CSV_BYTES, &len, &err);
  if (!wb->file) wb->file = xstrdup(path);
  wb->csv = true;
  if (!raw) {
    diag_add(d, DIAG_ERROR, &at, NULL, "%s", err);
    free(err);
    return false;
  }
  char *text = raw;
  size_t skip = len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
  int line, col;
  char *converted = NULL;
  if (memchr(raw, '\0', len)) {
    diag_add(d, DIAG_ERROR, &at, "另存为“CSV UTF-8（逗号分隔）”。", "文件中含有空字符，不是 CSV 文本（可能是 UTF-16 编码或 .xls 文件）。");
    free(raw);
    return false;
  }
  if (!utf8_validate(raw + skip, len - skip, &line, &col)) {
    size_t bad = 0;
    converted = skip ? NULL : from_gb18030(raw, len, &bad);
    if (!converted) {
      at.line = line, at.col = col;
      diag_add(d, DIAG_ERROR, &at, "在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。",
               "文件既不是 UTF-8 也不是 GB18030（GBK）编码。");
      free(raw);
      return false;
    }
    text = converted;
    skip = 0;
    len = strlen(converted);
  }
  char *sname = name_of(path);
  sheet *s = grid_add_sheet(wb, sname);
  free(sname);
  strbuf f = {0};
  int row = 0, c = 0;
  bool quoted_field = false, ok = true;
  size_t i = skip;
  int q_line = 0;
  while (i <= len && ok) {
    char ch = i < len ? text[i] : '\n';
    bool at_end = i >= len;
    if (!quoted_field && f.len == 0 && ch == '"' && !at_end) {
      quoted_field = true;
      q_line = row + 1;
      i++;
      /* A quoted field: doubled quotes are one; it ends at a lone quote. */
      for (;;) {
        if (i >= len) {
          diag_place q = {.file = path, .line = q_line};
          diag_add(d, DIAG_ERROR, &q, "检查这一行的双引号是否成对。", "引号中的内容一直到文件末尾都没有结束。");
          ok = false;
          break;
        }
        if (text[i] == '"') {
          if (i + 1 < len && text[i + 1] == '"') {
            sb_putc(&f, '"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        /* Line breaks inside a cell: \n, as Excel keeps them. */
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
        sb_putc(&f, text[i++]);
      }
      continue;
    }
    if (ch == ',' || ch == '\n' || ch == '\r') {
      if (f.len || quoted_field) {
        if (!grid_add_cell(s, (cell){.row = row, .col = c, .type = CELL_TEXT, .text = sb_take(&f), .typed = true})) {
          diag_add(d, DIAG_ERROR, &at, "拆成几个较小的文件。", "CSV 的单元格过多。");
          ok = false;
        }
      }
      sb_free(&f);
      quoted_field = false;
      if (ch == ',') {
        if (++c >= GRID_MAX_COLS) {
          diag_place q = {.file = path, .line = row + 1};
          diag_add(d, DIAG_ERROR, &q, NULL, "这一行的列数超过上限。");
          ok = false;
        }
      } else {
        if (ch == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
        row++, c = 0;
        if (row >= GRID_MAX_ROWS) {
          diag_add(d, DIAG_ERROR, &at, NULL, "CSV 的行数超过上限。");
          ok = false;
        }
      }
      i++;
      continue;
    }
    sb_putc(&f, ch);
    i++;
  }
  sb_free(&f);
  free(converted);
  free(raw);
  grid_sort(s);
  return ok;
}
