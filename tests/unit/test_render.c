/* The PDF and PNG writers, against a display list built by hand and judged by the same clients a
   reader uses (poppler, qpdf): exact text, embedded subset fonts, bookmarks, metadata, same bytes
   twice. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-ft.h>

#include "render/cut_fonts.h"
#include "render/render.h"
#include "sample_list.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static char tmpdir[] = "/tmp/cf-render-XXXXXX";

static char *slurp(const char *path, size_t *len) {
  char *err = NULL;
  char *s = read_file(path, 1 << 26, len, &err);
  assert_non_null(s);
  return s;
}

static bool contains(const char *hay, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(hay + i, needle, n) == 0) return true;
  return false;
}

static void test_pdf(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  char *a = path_join(tmpdir, "a.pdf"), *b = path_join(tmpdir, "b.pdf");
  assert_true(render_pdf(&dl, NULL, a, NULL, &d));
  assert_true(render_pdf(&dl, NULL, b, NULL, &d));
  assert_int_equal(d.n, 0);

  size_t la, lb;
  char *pa = slurp(a, &la), *pb = slurp(b, &lb);
  assert_true(la > 4 && memcmp(pa, "%PDF", 4) == 0);
  assert_true(la == lb && memcmp(pa, pb, la) == 0); /* byte-identical */
  assert_false(contains(pa, la, "/CreationDate"));  /* no clock reading without a date */
  assert_false(contains(pa, la, "/ID"));            /* nor a file identifier to randomise */

  char *text = command_output("pdftotext -enc UTF-8 '%s' -", a);
  assert_non_null(strstr(text, SAMPLE_LINE1));
  assert_non_null(strstr(text, SAMPLE_LINE2));
  assert_non_null(strstr(text, "2023年6月30日"));

  /* Every font embedded as a subset: the columns from the right are
     ID, object, uni, sub, emb (the name and type may hold spaces). */
  char *fonts = command_output("pdffonts '%s'", a);
  int n_fonts = 0;
  bool fandol = false;
  char *line = strchr(strchr(fonts, '\n') + 1, '\n') + 1; /* past the header and the rule */
  for (char *next; *line; line = next) {
    next = strchr(line, '\n');
    next = next ? (*next = 0, next + 1) : line + strlen(line);
    char *tok[32];
    int nt = 0;
    for (char *t = strtok(line, " "); t && nt < 32; t = strtok(NULL, " ")) tok[nt++] = t;
    if (nt < 7) continue;
    n_fonts++;
    assert_string_equal(tok[nt - 5], "yes"); /* emb */
    assert_string_equal(tok[nt - 4], "yes"); /* sub */
    assert_string_equal(tok[nt - 3], "yes"); /* uni: a ToUnicode map */
    assert_true(strlen(tok[0]) > 7 && tok[0][6] == '+');
    if (strstr(tok[0], "FandolFang")) fandol = true;
  }
  assert_true(n_fonts >= 2); /* FandolFang and the fallback for 𠮷 at least */
  assert_true(fandol);

  char *info = command_output("pdfinfo '%s'", a);
  assert_non_null(strstr(info, "测试集群 中小企业特色产业集群申报表"));
  assert_non_null(strstr(info, "Creator:         clusterform"));
  assert_non_null(strstr(info, "Pages:           2\n"));
  assert_non_null(strstr(info, "Page size:       595.3 x 841.9 pts (A4)"));

  char *check = command_output("qpdf --check '%s' 2>&1", a);
  assert_non_null(strstr(check, "No syntax or stream encoding errors found"));

  /* Bookmarks, decoded by qpdf: the titles, their nesting and the pages they point at. */
  char *outl = command_output("qpdf --json --json-key=outlines '%s'", a);
  json_t *root = json_loads(outl, 0, NULL);
  assert_non_null(root);
  json_t *top = json_object_get(root, "outlines");
  assert_int_equal(json_array_size(top), 2);
  json_t *o0 = json_array_get(top, 0), *o1 = json_array_get(top, 1);
  assert_string_equal(json_string_value(json_object_get(o0, "title")), "封面");
  assert_int_equal(json_integer_value(json_object_get(o0, "destpageposfrom1")), 1);
  assert_string_equal(json_string_value(json_object_get(o1, "title")), "一、集群基本情况");
  assert_int_equal(json_integer_value(json_object_get(o1, "destpageposfrom1")), 2);
  json_t *kids = json_object_get(o1, "kids");
  assert_int_equal(json_array_size(kids), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(kids, 0), "title")), "（一）集群概况");
  /* Top of the page is y = 0 for us, 841.9 for PDF; 80 pt down is 761.9. */
  assert_true(fabs(json_number_value(json_array_get(json_object_get(o1, "dest"), 3)) - 761.9) < 0.01);
  json_decref(root);

  free(text), free(fonts), free(info), free(check), free(outl);
  free(pa), free(pb), free(a), free(b);
  diag_free(&d);
  dl_free(&dl);
}

/* The gray of poppler's raster of one page (PGM, 4 pixels a point) at point (x, y) from the page's
   top left. */
static int gray_at(const char *pgm, size_t len, double x, double y) {
  int w = 0, h = 0, max = 0, off = 0;
  assert_int_equal(sscanf(pgm, "P5 %d %d %d%n", &w, &h, &max, &off), 3);
  size_t px = (size_t)(x * 4), py = (size_t)(y * 4);
  size_t at = (size_t)off + 1 + py * (size_t)w + px;
  assert_true(px < (size_t)w && py < (size_t)h && at < len);
  return (unsigned char)pgm[at];
}

/* Lines are stroked together by width (draw.c), after the text: every one of them must still be
   drawn, at its place and width, whatever items come between lines of the same width. */
static void test_lines(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  dl_page *p = &dl.pages[1]; /* text, then lines of two widths, interleaved with a rectangle */
  static const double L[][5] = {{100, 300, 500, 300, 0.5}, {100, 300, 100, 500, 2},    {300, 300, 300, 500, 0.5},
                                {500, 300, 500, 500, 2},   {100, 500, 500, 500, 0.5}};
  for (size_t i = 0; i < sizeof L / sizeof *L; i++) {
    dl_item *l = dl_add(p, DL_LINE);
    l->line.x1 = L[i][0], l->line.y1 = L[i][1], l->line.x2 = L[i][2], l->line.y2 = L[i][3], l->line.width = L[i][4];
    if (i == 1) {
      dl_item *r = dl_add(p, DL_RECT);
      r->rect.x = 200, r->rect.y = 600, r->rect.w = 40, r->rect.h = 20;
    }
  }
  diag_list d = {0};
  char *pdf = path_join(tmpdir, "lines.pdf"), *stem = path_join(tmpdir, "lines");
  assert_true(render_pdf(&dl, NULL, pdf, NULL, &d));
  free(command_output("pdftoppm -f 2 -l 2 -r 288 -gray -singlefile '%s' '%s'", pdf, stem));
  char *pgm_path = xasprintf("%s.pgm", stem);
  size_t len;
  char *pgm = slurp(pgm_path, &len);
  for (size_t i = 0; i < sizeof L / sizeof *L; i++) {
    /* A quarter along: away from where the lines cross. */
    double mx = L[i][0] + (L[i][2] - L[i][0]) / 4, my = L[i][1] + (L[i][3] - L[i][1]) / 4;
    assert_true(gray_at(pgm, len, mx, my) < 64); /* on the line: black */
    /* Beside it, half a point past its edge: white. */
    double off = L[i][4] / 2 + 0.5;
    bool horizontal = L[i][1] == L[i][3];
    assert_true(gray_at(pgm, len, mx + (horizontal ? 0 : off), my + (horizontal ? off : 0)) > 192);
  }
  /* The 2-pt lines are as wide as that: black a point from their middle, the 0.5-pt ones not. */
  assert_true(gray_at(pgm, len, 100 + 0.8, 400) < 64);
  assert_true(gray_at(pgm, len, 300 + 0.8, 400) > 192);
  assert_true(gray_at(pgm, len, 220, 610) < 64); /* the rectangle */
  free(pgm), free(pgm_path), free(pdf), free(stem);
  diag_free(&d);
  dl_free(&dl);
}

static void test_pdf_date(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  char *a = path_join(tmpdir, "dated.pdf");
  assert_true(render_pdf(&dl, NULL, a, "D:20230630000000+08'00'", &d));
  assert_int_equal(d.n, 0);
  char *info = command_output("pdfinfo -isodates '%s'", a);
  char *created = strstr(info, "CreationDate:"), *modified = strstr(info, "ModDate:");
  assert_true(created && modified);
  assert_true(strncmp(created + strspn(created + 13, " ") + 13, "2023-06-30T00:00:00+08", 22) == 0);
  assert_true(strncmp(modified + strspn(modified + 8, " ") + 8, "2023-06-30T00:00:00+08", 22) == 0);
  /* A malformed date is left out, with a warning, never written half right. */
  assert_true(render_pdf(&dl, NULL, a, "30/06/2023", &d));
  assert_int_equal(diag_count(&d, DIAG_WARNING), 1);
  free(info);
  free(a);
  diag_free(&d);
  dl_free(&dl);
}

static void test_png(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  char *prefix = path_join(tmpdir, "page");
  char *p1 = xasprintf("%s-1.png", prefix), *p2 = xasprintf("%s-2.png", prefix);
  const char *paths[] = {p1, p2};
  assert_true(render_png(&dl, paths, 50, &d));
  free(p1);
  free(p2);
  assert_int_equal(d.n, 0);
  for (int i = 1; i <= 2; i++) {
    char *path = xasprintf("%s-%d.png", prefix, i);
    size_t len;
    char *png = slurp(path, &len);
    assert_true(len > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    free(png);
    free(path);
  }
  char *three = xasprintf("%s-3.png", prefix);
  assert_int_not_equal(access(three, F_OK), 0);
  free(three);
  free(prefix);
  diag_free(&d);
  dl_free(&dl);
}

/* The faces the PDF draws with are cut to the glyphs used and renumbered: every glyph of every run
   must map to one of the same advance and the same outline box, in a face smaller than the file. */
static void test_cut_fonts(void **state) {
  (void)state;
  display_list dl = {0};
  sample_list(&dl);
  cut_fonts *cf = cut_fonts_new(&dl);
  size_t runs = 0, glyphs = 0;
  for (size_t p = 0; p < dl.n_pages; p++)
    for (size_t i = 0; i < dl.pages[p].n; i++) {
      const dl_item *it = &dl.pages[p].items[i];
      if (it->kind != DL_GLYPHS) continue;
      PangoFont *pf = it->glyphs.run->item->analysis.font;
      const hb_map_t *ids = NULL;
      cairo_scaled_font_t *cut = cut_fonts_for(cf, pf, &ids);
      assert_non_null(cut); /* every font here has a file */
      assert_ptr_equal(cut, cut_fonts_for(cf, pf, &ids)); /* once per pango font */
      cairo_scaled_font_t *theirs = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
      FT_Face whole = cairo_ft_scaled_font_lock_face(theirs), small = cairo_ft_scaled_font_lock_face(cut);
      assert_true(small->num_glyphs < whole->num_glyphs);
      cairo_ft_scaled_font_unlock_face(cut);
      cairo_ft_scaled_font_unlock_face(theirs);
      const PangoGlyphString *gs = it->glyphs.run->glyphs;
      for (int g = 0; g < gs->num_glyphs; g++) {
        if (gs->glyphs[g].glyph == PANGO_GLYPH_EMPTY) continue;
        assert_true(hb_map_has(ids, gs->glyphs[g].glyph));
        cairo_glyph_t a = {.index = gs->glyphs[g].glyph}, b = {.index = hb_map_get(ids, gs->glyphs[g].glyph)};
        cairo_text_extents_t ea, eb;
        cairo_scaled_font_glyph_extents(theirs, &a, 1, &ea);
        cairo_scaled_font_glyph_extents(cut, &b, 1, &eb);
        assert_true(fabs(ea.x_advance - eb.x_advance) < 1e-6);
        assert_true(fabs(ea.width - eb.width) < 1e-6 && fabs(ea.height - eb.height) < 1e-6);
        assert_true(fabs(ea.x_bearing - eb.x_bearing) < 1e-6 && fabs(ea.y_bearing - eb.y_bearing) < 1e-6);
        glyphs++;
      }
      runs++;
    }
  assert_true(runs >= 4);
  assert_true(glyphs >= 20);
  cut_fonts_free(cf);
  dl_free(&dl);
}

static void test_write_error(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  assert_false(render_pdf(&dl, NULL, "/nonexistent-dir/x.pdf", NULL, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_string_equal(d.items[0].file, "/nonexistent-dir/x.pdf");
  assert_non_null(strstr(d.items[0].message, "无法写出 PDF："));
  const char *nowhere[] = {"/nonexistent-dir/x-1.png", "/nonexistent-dir/x-2.png"};
  assert_false(render_png(&dl, nowhere, 72, &d));
  assert_non_null(strstr(d.items[1].message, "无法写出 PNG："));
  diag_free(&d);
  dl_free(&dl);
}

int main(void) {
  /* Before any pango call: the fonts the project ships, not whatever this machine has. */
  setenv("FONTCONFIG_FILE", CLUSTERFORM_SOURCE_DIR "/fonts/fonts.conf", 1);
  if (!mkdtemp(tmpdir)) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pdf),
      cmocka_unit_test(test_lines),
      cmocka_unit_test(test_pdf_date),
      cmocka_unit_test(test_png),
      cmocka_unit_test(test_cut_fonts),
      cmocka_unit_test(test_write_error),
  };
  return run_tests_in("render", tests, sizeof tests / sizeof *tests, tmpdir);
}
