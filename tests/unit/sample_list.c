#include "sample_list.h"

#include <pango/pangocairo.h>

#include "util/strbuf.h"

/* Shapes one line of text with pango and adds its runs at (x, baseline y). */
static void add_text(dl_page *p, PangoContext *ctx, const char *text, double x, double y, bool underline) {
  PangoLayout *layout = pango_layout_new(ctx);
  PangoFontDescription *fd = pango_font_description_from_string("FandolFang 12");
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(layout, text, -1);
  PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
  for (GSList *r = line->runs; r; r = r->next) {
    PangoGlyphItem *run = r->data;
    dl_item *it = dl_add(p, DL_GLYPHS);
    it->glyphs.run = pango_glyph_item_copy(run);
    it->glyphs.text = xstrdup(pango_layout_get_text(layout)); /* the run's offsets point here */
    it->glyphs.x = x;
    it->glyphs.y = y;
    it->glyphs.underline = underline;
    x += pango_glyph_string_get_width(run->glyphs) / (double)PANGO_SCALE;
  }
  g_object_unref(layout);
}

void sample_list(display_list *dl) {
  PangoContext *ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
  /* As layout.c sets them: unhinted outlines and metrics. */
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, fo);
  cairo_font_options_destroy(fo);
  dl->width = 595.3, dl->height = 841.9;
  dl->title = xstrdup("测试集群 中小企业特色产业集群申报表");
  dl->author = xstrdup("测试单位");
  dl->subject = xstrdup("中小企业特色产业集群申报表");
  dl_page *p = dl_new_page(dl);
  add_text(p, ctx, SAMPLE_LINE1, 90, 100, false);
  dl_item *l = dl_add(p, DL_LINE);
  l->line.x1 = 90, l->line.y1 = 120, l->line.x2 = 505, l->line.y2 = 120, l->line.width = 0.75;
  l = dl_add(p, DL_LINE);
  l->line.x1 = 90, l->line.y1 = 120, l->line.x2 = 90, l->line.y2 = 300, l->line.width = 0.5;
  dl_item *r = dl_add(p, DL_RECT);
  r->rect.x = 300, r->rect.y = 200, r->rect.w = 50, r->rect.h = 20;
  p = dl_new_page(dl);
  add_text(p, ctx, SAMPLE_LINE2, 90, 100, false);
  add_text(p, ctx, SAMPLE_LINE3, 90, 130, true);
  dl_add_outline(dl, "封面", 0, 0, 0);
  dl_add_outline(dl, "一、集群基本情况", 1, 80, 0);
  dl_add_outline(dl, "（一）集群概况", 1, 120, 1);
  g_object_unref(ctx);
}
