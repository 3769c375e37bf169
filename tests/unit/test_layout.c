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
#include "render/cut_fonts.h"
#include "render/render.h"
#include "ooxml/package.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

/* The forms compared: a complete example of two editions and a blank one. */
/* This program's own path, for the --exact run. */
static char self[4096];

static const char *const FORMS[][2] = {{"miit-2023", "miit-2023"}, {"ningbo-2023", "ningbo-2023"}, {"nmg-2023", NULL}};

/* An edition's form, filled with examples/EXAMPLE.json (or blank when example is NULL), read into
   a document model. */
static void read_form(const char *edition_id, const char *example, document *doc) {
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
  if (!docmodel_read(doc, &pkg, f.ed.id, &f.d)) abort();
  package_free(&pkg);
  fixture_free(&f);
}

static void lay_out(const char *edition_id, const char *example, display_list *dl) {
  document doc;
  read_form(edition_id, example, &doc);
  layout_document(&doc, dl);
  docmodel_free(&doc);
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
  char *theirs = command_output("'%s' --exact", self);
  assert_true(strlen(ours) > 100000);
  if (strcmp(ours, theirs) != 0) {
    size_t at = 0;
    while (ours[at] && ours[at] == theirs[at]) at++;
    fprintf(stderr, "layouts differ at byte %zu:\nwith the wrapper: %.200s\nwithout:          %.200s\n", at,
            ours + at, theirs + at);
    fail();
  }
  free(ours);
  free(theirs);
}

/* What a reader gets from a PDF: every word and where it is (poppler). */
static char *words(const char *pdf) { return command_output("pdftotext -bbox '%s' -", pdf); }

/* The faces cut ahead of layout, from the document's text and fontconfig's choices, are the faces
   the laid-out forms draw with: none is cut again afterwards, and the PDF shows the same words at
   the same places as one whose faces were cut after layout. */
static void test_cut_ahead(void **state) {
  (void)state;
  char dir[] = "/tmp/cf-layout-XXXXXX";
  assert_non_null(mkdtemp(dir));
  for (size_t i = 0; i < sizeof FORMS / sizeof *FORMS; i++) {
    document doc;
    read_form(FORMS[i][0], FORMS[i][1], &doc);
    cut_fonts *cf = cut_fonts_predict(&doc, NULL);
    display_list dl = {0};
    layout_document(&doc, &dl);
    diag_list d = {0};
    char *ahead = xasprintf("%s/ahead.pdf", dir), *after = xasprintf("%s/after.pdf", dir);
    assert_true(render_pdf(&dl, cf, ahead, NULL, &d));
    assert_true(render_pdf(&dl, NULL, after, NULL, &d));
    size_t n_ahead, n_late;
    cut_fonts_counts(cf, &n_ahead, &n_late);
    assert_true(n_ahead >= 4); /* 仿宋, 黑体, 楷体, 宋体 and the title's face at least */
    assert_int_equal(n_late, 0);
    char *a = words(ahead), *b = words(after);
    assert_true(strlen(a) > 10000);
    assert_string_equal(a, b);
    free(a), free(b), free(ahead), free(after);
    diag_free(&d);
    cut_fonts_free(cf);
    dl_free(&dl);
    docmodel_free(&doc);
  }
  char *rm = xasprintf("rm -rf '%s'", dir);
  assert_int_equal(system(rm), 0);
  free(rm);
}

/* A wrong guess costs time, never a glyph: faces cut ahead for one form (the blank nmg-2023) and
   used to draw another (the complete miit-2023) are cut again where they lack what it draws, and
   every run is drawn with a cut face that has all its glyphs. */
static void test_cut_ahead_wrong_guess(void **state) {
  (void)state;
  document blank, full;
  read_form("nmg-2023", NULL, &blank);
  read_form("miit-2023", "miit-2023", &full);
  cut_fonts *cf = cut_fonts_predict(&blank, NULL);
  display_list dl = {0};
  layout_document(&full, &dl);
  cut_fonts_complete(cf, &dl);
  size_t n_ahead, n_late;
  cut_fonts_counts(cf, &n_ahead, &n_late);
  assert_true(n_late >= 1);
  size_t runs = 0;
  for (size_t p = 0; p < dl.n_pages; p++)
    for (size_t i = 0; i < dl.pages[p].n; i++) {
      const dl_item *it = &dl.pages[p].items[i];
      if (it->kind != DL_GLYPHS) continue;
      const hb_map_t *ids = NULL;
      assert_non_null(cut_fonts_for(cf, it->glyphs.run->item->analysis.font, &ids));
      const PangoGlyphString *gs = it->glyphs.run->glyphs;
      for (int g = 0; g < gs->num_glyphs; g++)
        if (gs->glyphs[g].glyph != PANGO_GLYPH_EMPTY) assert_true(hb_map_has(ids, gs->glyphs[g].glyph));
      runs++;
    }
  assert_true(runs > 500);
  cut_fonts_free(cf);
  dl_free(&dl);
  docmodel_free(&blank);
  docmodel_free(&full);
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
      cmocka_unit_test(test_cut_ahead),
      cmocka_unit_test(test_cut_ahead_wrong_guess),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
