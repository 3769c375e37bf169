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
#include <math.h>
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


/* A table that breaks inside a vertically merged cell (issue 17): the merged cell's text stands in
   the cell's part on the first page, centred there as LibreOffice puts it, and nothing lies below
   the text area. */
static void merged_table_doc(package *pkg, int filler) {
  strbuf x = {0};
  sb_puts(&x, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
  for (int i = 0; i < filler; i++) sb_puts(&x, "<w:p><w:r><w:t>前文</w:t></w:r></w:p>");
  sb_puts(&x, "<w:tbl><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"4000\"/></w:tblGrid>");
  for (int r = 0; r < 4; r++)
    sb_printf(&x, "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"900\"/></w:trPr><w:tc><w:tcPr>%s<w:vAlign w:val=\"center\"/></w:tcPr>"
                  "<w:p>%s</w:p></w:tc><w:tc><w:p><w:r><w:t>第%d行</w:t></w:r></w:p></w:tc></w:tr>",
              r ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>", r ? "" : "<w:r><w:t>合并格</w:t></w:r>", r + 1);
  sb_puts(&x, "</w:tbl><w:p/><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
              "<w:pgMar w:top=\"1440\" w:bottom=\"1440\" w:left=\"1800\" w:right=\"1800\" w:footer=\"720\"/></w:sectPr></w:body></w:document>");
  package_set(pkg, "word/document.xml", x.s, x.len);
}

/* On which page the glyph run holding `text` stands, or -1. */
static int page_of(const display_list *dl, const char *text) {
  for (size_t p = 0; p < dl->n_pages; p++)
    for (size_t i = 0; i < dl->pages[p].n; i++)
      if (dl->pages[p].items[i].kind == DL_GLYPHS && strstr(dl->pages[p].items[i].glyphs.text, text)) return (int)p;
  return -1;
}

static void test_merged_cell_across_pages(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  package pkg;
  if (!package_read(&pkg, f.ed.form, &f.d)) abort();
  /* As many paragraphs before the table as it takes for the page to break between its first and
     last row. */
  document doc;
  display_list dl = {0};
  int filler = 0;
  for (filler = 10; filler < 80; filler++) {
    merged_table_doc(&pkg, filler);
    assert_true(docmodel_read(&doc, &pkg, "t", &f.d));
    layout_document(&doc, &dl);
    if (page_of(&dl, "第1行") == 0 && page_of(&dl, "第4行") == 1) break;
    dl_free(&dl);
    dl = (display_list){0};
    docmodel_free(&doc);
  }
  assert_true(filler < 80);
  double bottom = doc.height - doc.mar_bottom;
  int found = 0;
  size_t rows_first = 0;
  double first_row = 1e9, merged_y = 0;
  for (size_t p = 0; p < dl.n_pages; p++)
    for (size_t i = 0; i < dl.pages[p].n; i++) {
      const dl_item *it = &dl.pages[p].items[i];
      if (it->kind != DL_GLYPHS) continue;
      assert_true(it->glyphs.y <= bottom + 0.01 && it->glyphs.y >= doc.mar_top);
      if (strstr(it->glyphs.text, "合并格")) {
        found++;
        assert_int_equal(p, 0);
        merged_y = it->glyphs.y;
      }
      if (p == 0 && strstr(it->glyphs.text, "行")) rows_first++, first_row = fmin(first_row, it->glyphs.y);
    }
  assert_int_equal(found, 1);
  /* The merged cell's part on the first page is its rows there: its text is centred in them. */
  assert_true(rows_first >= 1 && rows_first < 4);
  /* "第1行" is at the top of its row; "合并格", a line of 10 to 30 pt, half the part's height minus
     half its own below that. */
  double span = rows_first * 45.0, down = merged_y - first_row;
  assert_true(down >= (span - 30) / 2 - 2 && down <= (span - 10) / 2 + 2);
  dl_free(&dl);
  docmodel_free(&doc);
  package_free(&pkg);
  fixture_free(&f);
}

/* Every example of every edition, every page: the text lies within the page's text area, but the
   footer's page number, which stands in the footer below it. */
static void test_text_within_text_area(void **state) {
  static const char *const EXAMPLES[][2] = {{"miit-2022", "miit-2022"}, {"miit-2023", "miit-2023"},
                                            {"ningbo-2023", "ningbo-2023"}, {"nmg-2023", "nmg-2023"},
                                            {"miit-2023", "sparse"},       {"nmg-2023", NULL}};
  for (size_t e = 0; e < sizeof EXAMPLES / sizeof *EXAMPLES; e++) {
    document doc;
    read_form(EXAMPLES[e][0], EXAMPLES[e][1], &doc);
    display_list dl = {0};
    layout_document(&doc, &dl);
    double top = doc.mar_top, bottom = doc.height - doc.mar_bottom, footer_top = doc.height - doc.footer - 30;
    for (size_t p = 0; p < dl.n_pages; p++)
      for (size_t i = 0; i < dl.pages[p].n; i++) {
        const dl_item *it = &dl.pages[p].items[i];
        if (it->kind != DL_GLYPHS) continue;
        bool body = it->glyphs.y >= top - 0.01 && it->glyphs.y <= bottom + 0.01;
        /* The footer holds the page number alone: "— 13 —". */
        bool footer = it->glyphs.y >= footer_top && it->glyphs.y <= doc.height &&
                      strspn(it->glyphs.text, "0123456789 -\xE2\x80\x94") == strlen(it->glyphs.text);
        if (!body && !footer)
          fail_msg("%s/%s page %zu: \"%s\" at y = %.1f, outside %.1f–%.1f", EXAMPLES[e][0],
                   EXAMPLES[e][1] ? EXAMPLES[e][1] : "blank", p + 1, it->glyphs.text, it->glyphs.y, top, bottom);
        assert_true(it->glyphs.x >= doc.mar_left - 1 && it->glyphs.x <= doc.width - doc.mar_right);
      }
    dl_free(&dl);
    docmodel_free(&doc);
  }
}

/* Boxes a person put in as Wingdings 2 symbols (Word's 插入符号): □ and ☑ drawn from one font, on
   one baseline, and the PDF's text says □ and ☑ (issue 17, item 3). */
static void test_symbol_boxes_one_font(void **state) {
  fixture f;
  fixture_init(&f, "miit-2023");
  package pkg;
  if (!package_read(&pkg, f.ed.form, &f.d)) abort();
  const char *xml =
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
      "<w:p><w:r><w:sym w:font=\"Wingdings 2\" w:char=\"F052\"/><w:t>是</w:t>"
      "<w:sym w:font=\"Wingdings 2\" w:char=\"F0A3\"/><w:t>否</w:t></w:r></w:p>"
      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>";
  package_set(&pkg, "word/document.xml", xstrdup(xml), strlen(xml));
  document doc;
  assert_true(docmodel_read(&doc, &pkg, "t", &f.d));
  display_list dl = {0};
  layout_document(&doc, &dl);
  char *fam[2] = {NULL, NULL};
  double y[2] = {0, 0};
  for (size_t i = 0; i < dl.pages[0].n; i++) {
    const dl_item *it = &dl.pages[0].items[i];
    if (it->kind != DL_GLYPHS) continue;
    const char *s = it->glyphs.text + it->glyphs.run->item->offset;
    int k = !strncmp(s, "\xE2\x98\x91", 3) ? 0 : !strncmp(s, "\xE2\x96\xA1", 3) ? 1 : -1;
    if (k < 0) continue;
    PangoFontDescription *fd = pango_font_describe(it->glyphs.run->item->analysis.font);
    fam[k] = xstrdup(pango_font_description_get_family(fd));
    pango_font_description_free(fd);
    y[k] = it->glyphs.y;
  }
  assert_non_null(fam[0]);
  assert_non_null(fam[1]);
  assert_string_equal(fam[0], fam[1]);
  assert_true(fabs(y[0] - y[1]) < 0.01);
  free(fam[0]);
  free(fam[1]);
  dl_free(&dl);
  docmodel_free(&doc);
  package_free(&pkg);
  fixture_free(&f);
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
      cmocka_unit_test(test_merged_cell_across_pages),
      cmocka_unit_test(test_text_within_text_area),
      cmocka_unit_test(test_symbol_boxes_one_font),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
