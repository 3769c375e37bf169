#include "layout/display.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

dl_page *dl_new_page(display_list *dl) {
  dl->pages = xrealloc(dl->pages, (dl->n_pages + 1) * sizeof *dl->pages);
  dl_page *p = &dl->pages[dl->n_pages++];
  memset(p, 0, sizeof *p);
  return p;
}

dl_item *dl_add(dl_page *p, dl_kind kind) {
  if (p->n == p->cap) p->cap = p->cap ? p->cap * 2 : 64, p->items = xrealloc(p->items, p->cap * sizeof *p->items);
  dl_item *it = &p->items[p->n++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  return it;
}

void dl_add_outline(display_list *dl, const char *title, size_t page, double y, int level) {
  dl->outlines = xrealloc(dl->outlines, (dl->n_outlines + 1) * sizeof *dl->outlines);
  dl->outlines[dl->n_outlines++] = (dl_outline){xstrdup(title), page, y, level};
}

void dl_free(display_list *dl) {
  for (size_t i = 0; i < dl->n_pages; i++) {
    for (size_t j = 0; j < dl->pages[i].n; j++) {
      dl_item *it = &dl->pages[i].items[j];
      if (it->kind == DL_GLYPHS) {
        pango_glyph_item_free(it->glyphs.run);
        free(it->glyphs.text);
        free(it->glyphs.family);
      }
    }
    free(dl->pages[i].items);
  }
  free(dl->pages);
  for (size_t i = 0; i < dl->n_outlines; i++) free(dl->outlines[i].title);
  free(dl->outlines);
  free(dl->title);
  free(dl->author);
  free(dl->subject);
  memset(dl, 0, sizeof *dl);
}
