/* Layout without ink boxes (layout/glyph_extents.c): pango's logical boxes are unchanged, and whole
   forms lay out to exactly the same display list as with pangocairo's own glyph extents, which a
   second run of this program (--exact) computes in a process of its own (the wrapper, once
   installed, stays for the life of a process). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/docmodel.h"
#include "layout/glyph_extents.h"
#include "layout/layout.h"
#include "merge/fill_package.h"
#include "ooxml/package.h"
#include "support.h"
#include "util/strbuf.h"

/* The forms compared: a complete example of two editions and a blank one. */
/* This program's own path, for the --exact run. */
static char self[4096];

static const char *const FORMS[][2] = {{"miit-2023", "miit-2023"}, {"ningbo-2023", "ningbo-2023"}, {"nmg-2023", NULL}};

/* Lays out an edition's form, filled with examples/EXAMPLE.json (or blank when example is NULL). */
static void lay_out(const char *edition_id, const char *example, display_list *dl) {
  fixture f;
  fixture_init(&f, edition_id);
  if (example) {
    json_t *j = load_example(example);
    char *text = json_dumps(j, 0);
    json_decref(j);
    if (!fixture_record(&f, text)) abort();
    free(text);
  }
  package pkg;
  if (!package_read(&pkg, f.ed.form, &f.d)) abort();
  merge_env env = {.cat = &f.cat, .ed = &f.ed, .rec = example ? &f.rec : NULL, .blank = !example};
  if (!fill_package(&pkg, f.ed.id, &env, "t", &f.d, NULL)) abort();
  document doc;
  if (!docmodel_read(&doc, &pkg, f.ed.id, &f.d)) abort();
  layout_document(&doc, dl);
  docmodel_free(&doc);
  package_free(&pkg);
  fixture_free(&f);
}

/* Everything a writer draws, as text: every glyph with its id, advance and offsets, every line and
   box, to the precision of a double. */
static void dump(const display_list *dl, strbuf *b) {
  sb_printf(b, "pages %zu\n", dl->n_pages);
  for (size_t p = 0; p < dl->n_pages; p++)
    for (size_t i = 0; i < dl->pages[p].n; i++) {
      const dl_item *it = &dl->pages[p].items[i];
      switch (it->kind) {
      case DL_GLYPHS: {
        sb_printf(b, "%zu G %.17g %.17g %d %.17g %.17g:", p, it->glyphs.x, it->glyphs.y, it->glyphs.underline,
                  it->glyphs.underline_below, it->glyphs.underline_width);
        const PangoGlyphString *gs = it->glyphs.run->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++)
          sb_printf(b, " %u/%d/%d/%d", gs->glyphs[g].glyph, gs->glyphs[g].geometry.width,
                    gs->glyphs[g].geometry.x_offset, gs->glyphs[g].geometry.y_offset);
        sb_putc(b, '\n');
        break;
      }
      case DL_LINE:
        sb_printf(b, "%zu L %.17g %.17g %.17g %.17g %.17g\n", p, it->line.x1, it->line.y1, it->line.x2, it->line.y2,
                  it->line.width);
        break;
      case DL_RECT:
        sb_printf(b, "%zu R %.17g %.17g %.17g %.17g\n", p, it->rect.x, it->rect.y, it->rect.w, it->rect.h);
        break;
      }
    }
}

static char *dump_all(void) {
  strbuf b = {0};
  for (size_t i = 0; i < sizeof FORMS / sizeof *FORMS; i++) {
    display_list dl = {0};
    lay_out(FORMS[i][0], FORMS[i][1], &dl);
    sb_printf(&b, "== %s %s\n", FORMS[i][0], FORMS[i][1] ? FORMS[i][1] : "blank");
    dump(&dl, &b);
    dl_free(&dl);
  }
  return sb_take(&b);
}

/* Every glyph the forms draw: the wrapped function's logical box is pangocairo's, and its ink box
   is that logical box. */
static void test_logical_boxes(void **state) {
  (void)state;
  size_t checked = 0;
  for (size_t i = 0; i < sizeof FORMS / sizeof *FORMS; i++) {
    display_list dl = {0};
    lay_out(FORMS[i][0], FORMS[i][1], &dl);
    for (size_t p = 0; p < dl.n_pages; p++)
      for (size_t k = 0; k < dl.pages[p].n; k++) {
        const dl_item *it = &dl.pages[p].items[k];
        if (it->kind != DL_GLYPHS) continue;
        PangoFont *font = it->glyphs.run->item->analysis.font;
        const PangoGlyphString *gs = it->glyphs.run->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
          PangoRectangle ink, logical, exact_logical;
          pango_font_get_glyph_extents(font, gs->glyphs[g].glyph, &ink, &logical);
          glyph_extents_exact(font, gs->glyphs[g].glyph, NULL, &exact_logical);
          assert_memory_equal(&logical, &exact_logical, sizeof logical);
          if (gs->glyphs[g].glyph != PANGO_GLYPH_EMPTY && !(gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
            assert_memory_equal(&ink, &logical, sizeof ink);
          checked++;
        }
      }
    dl_free(&dl);
  }
  assert_true(checked > 5000);
}

/* The same display lists as with pangocairo's own extents, from a process without the wrapper. */
static void test_same_layout(void **state) {
  (void)state;
  char *ours = dump_all();
  char *cmd = xasprintf("'%s' --exact", self);
  FILE *f = popen(cmd, "r");
  free(cmd);
  assert_non_null(f);
  strbuf theirs = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&theirs, buf, n);
  assert_int_equal(pclose(f), 0);
  assert_non_null(theirs.s);
  assert_true(strlen(ours) > 100000);
  if (strcmp(ours, theirs.s) != 0) {
    size_t at = 0;
    while (ours[at] && ours[at] == theirs.s[at]) at++;
    fprintf(stderr, "layouts differ at byte %zu:\nwith the wrapper: %.200s\nwithout:          %.200s\n", at,
            ours + at, theirs.s + at);
    fail();
  }
  free(ours);
  sb_free(&theirs);
}

int main(int argc, char **argv) {
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return 1;
  self[len] = 0;
  if (argc > 1 && !strcmp(argv[1], "--exact")) {
    glyph_extents_keep_exact();
    char *s = dump_all();
    fputs(s, stdout);
    free(s);
    return 0;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_logical_boxes),
      cmocka_unit_test(test_same_layout),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
