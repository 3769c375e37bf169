/* Page previews: the same drawing as the PDF, rasterised on white. */
#include <cairo.h>
#include <math.h>
#include <stdlib.h>

#include "render/draw.h"
#include "render/render.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len) {
  sb_add(closure, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

bool render_png(const display_list *dl, const char *const *paths, double dpi, diag_list *d) {
  double scale = dpi / 72.0;
  int w = (int)ceil(dl->width * scale), h = (int)ceil(dl->height * scale);
  for (size_t i = 0; i < dl->n_pages; i++) {
    const char *path = paths[i];
    diag_place at = {.file = path};
    /* RGB24: no alpha channel, so viewers show the white paper, not a checkerboard. */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    draw_page(cr, &dl->pages[i], NULL);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    strbuf out = {0};
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png_stream(s, to_buffer, &out);
    cairo_surface_destroy(s);
    char *err = NULL;
    bool ok = false;
    if (st != CAIRO_STATUS_SUCCESS)
      diag_add(d, DIAG_ERROR, &at, NULL, "无法写出 PNG：cairo 报告错误（%s）。", cairo_status_to_string(st));
    else if (!write_file_atomic(path, out.s, out.len, &err))
      diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。",
               "无法写出 PNG：%s", err);
    else
      ok = true;
    free(err);
    sb_free(&out);
    if (!ok) return false;
  }
  return true;
}
