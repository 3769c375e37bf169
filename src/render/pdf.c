/* The PDF writer: cairo's PDF surface over a memory buffer, then one atomic write.
   Determinism (the same list gives the same bytes) rests on three facts about cairo 1.16, checked
   by tests/unit/test_render.c: the font subset tags ("ABCDEF+") are a hash of the subset's glyphs,
   not random; the trailer has no /ID; and the only clock reading is the /CreationDate that
   cairo_pdf_surface_create takes from time(), which we replace (see set_dates). */
#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/draw.h"
#include "render/pdf_catalog.h"
#include "render/render.h"
#include "render/warm_glyphs.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len) {
  sb_add(closure, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

/* cairo takes dates as ISO 8601 ("2023-06-30T00:00:00+08:00"); our callers speak PDF
   ("D:20230630000000+08'00'"). Returns NULL for anything not of that form. */
static char *pdf_date_to_iso(const char *pdf) {
  if (strncmp(pdf, "D:", 2) != 0) return NULL;
  const char *p = pdf + 2;
  static const int width[] = {4, 2, 2, 2, 2, 2};
  static const char sep[] = {0, '-', '-', 'T', ':', ':'};
  strbuf b = {0};
  for (int i = 0; i < 6; i++) {
    int n = 0;
    while (n < width[i] && p[n] >= '0' && p[n] <= '9') n++;
    if (n == 0 && i > 0) break; /* the later parts are optional */
    if (n != width[i]) goto bad;
    if (sep[i]) sb_putc(&b, sep[i]);
    sb_add(&b, p, (size_t)n);
    p += n;
  }
  if (*p == 'Z') {
    sb_putc(&b, 'Z');
    p++;
  } else if (*p == '+' || *p == '-') {
    /* ±HH'mm' */
    if (strlen(p) < 3 || p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9') goto bad;
    sb_add(&b, p, 3);
    p += 3;
    if (*p == '\'') p++;
    if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') {
      sb_putc(&b, ':');
      sb_add(&b, p, 2);
      p += 2;
      if (*p == '\'') p++;
    }
  }
  if (*p) goto bad;
  return sb_take(&b);
bad:
  sb_free(&b);
  return NULL;
}

/* Without a date the PDF gets none: cairo refuses an empty ISO date by dropping /CreationDate
   altogether, which is what we want; a made-up fixed date would be a false statement about the
   document. /ModDate only appears when set. */
static void set_dates(cairo_surface_t *s, const char *date, const char *path, diag_list *d) {
  char *iso = date ? pdf_date_to_iso(date) : NULL;
  if (date && !iso)
    diag_add(d, DIAG_WARNING, &(diag_place){.file = path}, "日期应写作 D:YYYYMMDDHHmmSS。",
             "PDF 的日期“%s”格式不对，已略去。", date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso ? iso : "");
  if (iso) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
  free(iso);
}

/* Bookmarks nest by level: an entry's parent is the last one seen one level up. A level that
   skips (0 → 2) hangs under the deepest one there is. */
static void add_outlines(cairo_surface_t *s, const display_list *dl, const char *path, diag_list *d) {
  enum { MAX_DEPTH = 16 };
  int ids[MAX_DEPTH];
  int depth = 0;
  for (size_t i = 0; i < dl->n_outlines; i++) {
    const dl_outline *o = &dl->outlines[i];
    if (o->page >= dl->n_pages) {
      diag_add(d, DIAG_WARNING, &(diag_place){.file = path}, NULL,
               "书签“%s”指向不存在的第 %zu 页，已略去。", o->title, o->page + 1);
      continue;
    }
    int level = o->level < 0 ? 0 : o->level;
    if (level > depth) level = depth;
    if (level >= MAX_DEPTH) level = MAX_DEPTH - 1;
    int parent = level == 0 ? CAIRO_PDF_OUTLINE_ROOT : ids[level - 1];
    /* Whole points, printed as integers: no decimal separator for a locale to change. */
    char *link = xasprintf("page=%zu pos=[0 %ld]", o->page + 1, lround(o->y));
    ids[level] = cairo_pdf_surface_add_outline(s, parent, o->title, link, CAIRO_PDF_OUTLINE_FLAG_OPEN);
    free(link);
    depth = level + 1;
  }
}

bool render_pdf(const display_list *dl, cut_fonts *faces, const char *path, const char *date, diag_list *d) {
  diag_place at = {.file = path};
  if (dl->n_pages == 0) {
    diag_add(d, DIAG_ERROR, &at, NULL, "无法写出 PDF：排版结果没有任何页面。");
    return false;
  }
  strbuf out = {0};
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buffer, &out, dl->width, dl->height);
  if (dl->title) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, dl->title);
  if (dl->author) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, dl->author);
  if (dl->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, dl->subject);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "clusterform");
  set_dates(s, date, path, d);

  /* Faces cut to what the document draws: see render/cut_fonts.h for why. */
  cut_fonts *cf = faces;
  if (cf) cut_fonts_complete(cf, dl);
  else cf = cut_fonts_new(dl);
  /* The glyphs' FreeType loads on the second core, ahead of the drawing (render/warm_glyphs.h). */
  glyph_warmer *warmer = glyph_warmer_start(dl, cf);
  cairo_t *cr = cairo_create(s);
  for (size_t i = 0; i < dl->n_pages; i++) {
    draw_page(cr, &dl->pages[i], cf);
    cairo_show_page(cr);
  }
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  add_outlines(s, dl, path, d);
  cairo_surface_finish(s); /* writes the fonts, outlines and trailer into `out` */
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  glyph_warmer_finish(warmer);
  if (cf != faces) cut_fonts_free(cf);
  if (st == CAIRO_STATUS_SUCCESS) {
    char *iso = date ? pdf_date_to_iso(date) : NULL;
    pdf_finish_catalog(&out, dl, iso);
    free(iso);
  }

  bool ok = false;
  char *err = NULL;
  if (st != CAIRO_STATUS_SUCCESS)
    diag_add(d, DIAG_ERROR, &at, NULL, "无法写出 PDF：cairo 报告错误（%s）。", cairo_status_to_string(st));
  else if (!write_file_atomic(path, out.s, out.len, &err))
    diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。",
             "无法写出 PDF：%s", err);
  else
    ok = true;
  free(err);
  sb_free(&out);
  return ok;
}
