/* Line breaking as LibreOffice Writer 7.4 breaks Chinese text (layout/linebreak.c), on lines of
   text with known widths: every case here is one we saw LibreOffice break that way in its PDF of
   one of our DOCX (docs/layout.md). Widths: an ideograph or full-width mark is 1 em of 12 pt, a
   digit or ASCII mark half of it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/display.h"
#include "layout/docmodel.h"
#include "layout/layout.h"
#include "layout/linebreak.h"

#define EM 12.0

typedef struct {
  lb_char ch[256];
  size_t n;
} text;

/* The characters of `s`, 12 pt; a '|' in s marks where the Unicode rules (pango) allow a break
   before the next character (between ideographs LibreOffice's own rules decide anyway). */
static void make(text *t, const char *s) {
  t->n = 0;
  bool brk = false;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == '|') {
      brk = true;
      continue;
    }
    double w = c < 0x80 ? (c == '\t' ? 0 : EM / 2) : EM;
    t->ch[t->n++] = (lb_char){.c = c, .width = w, .size = EM, .uax14_break = brk};
    brk = false;
  }
  lb_prepare(t->ch, t->n);
}

/* The lines of t at `width` points each, as "text/text/…"; a hanging last character is marked ^. */
static char *lines(text *t, double width, bool hanging) {
  lb_line *l;
  double tabs[256];
  size_t n = lb_break(t->ch, t->n, width, width, hanging, NULL, tabs, &l);
  GString *out = g_string_new(NULL);
  for (size_t i = 0; i < n; i++) {
    if (i) g_string_append_c(out, '/');
    for (size_t k = l[i].start; k < l[i].end; k++) g_string_append_unichar(out, t->ch[k].c);
    if (l[i].hangs) g_string_append_c(out, '^');
  }
  free(l);
  return g_string_free(out, FALSE);
}

static void expect_lines(const char *s, double width, bool hanging, const char *want) {
  text t;
  make(&t, s);
  char *got = lines(&t, width, hanging);
  assert_string_equal(got, want);
  g_free(got);
}

/* Chinese text breaks after any character; kinsoku keeps ，。）” off a line's start and （“ off
   its end, by moving the character before to the next line too. */
static void test_kinsoku(void **state) {
  expect_lines("甲乙丙丁戊己", 4 * EM, false, "甲乙丙丁/戊己");
  expect_lines("甲乙丙丁，己", 4 * EM, false, "甲乙丙/丁，己");
  expect_lines("甲乙丙“丁戊", 4 * EM, false, "甲乙丙/“丁戊");
  expect_lines("甲乙丙丁）。戊", 4 * EM, false, "甲乙丙/丁）。戊");
}

/* Outside tables one ，。、；：？！ may hang past the margin; not a second one, and not when the
   character after it may not start a line either. */
static void test_hanging_punctuation(void **state) {
  expect_lines("甲乙丙丁，己庚", 4 * EM, true, "甲乙丙丁，^/己庚");
  expect_lines("甲乙丙丁。", 4 * EM, true, "甲乙丙丁。^");
  expect_lines("甲乙丙丁，”己", 4 * EM, true, "甲乙丙/丁，”己");
  expect_lines("甲乙丙丁）己", 4 * EM, true, "甲乙丙/丁）己"); /* ）does not hang */
  text t;
  make(&t, "甲乙丙丁，");
  assert_true(lb_width(t.ch, NULL, 0, 5, true) == 4 * EM); /* a hanging mark takes no room */
}

/* A fifth of the font size between ideographs and letters or digits, in whole twips (2.4 pt at
   12 pt, 2.1 at 10.5); none next to punctuation; none where a line ends between them. */
static void test_autospace(void **state) {
  text t;
  make(&t, "项目21个%字（2");
  assert_true(t.ch[2].space_before == 2.4); /* 目|2 */
  assert_true(t.ch[3].space_before == 0);   /* 2|1 */
  assert_true(t.ch[4].space_before == 2.4); /* 1|个 */
  assert_true(t.ch[6].space_before == 0);   /* %|字 */
  assert_true(t.ch[8].space_before == 0);   /* （|2 */
  make(&t, "甲A");
  t.ch[0].size = 10.5;
  lb_prepare(t.ch, t.n);
  assert_true(fabs(t.ch[1].space_before - 2.1) < 1e-9);
  /* 项目21 is 2 em + 2.4 + 1 em wide: it fits in 3 em + 2.4 although the gap after 1 would not. */
  expect_lines("项目|21个", 3 * EM + 2.4, false, "项目21/个");
  /* The digits stay together: a cut inside them goes back to the break before them. */
  expect_lines("甲|乙|1120件", 4 * EM, false, "甲乙/1120件");
  /* After 200 the ideograph may start the next line; （ stays with 200. */
  expect_lines("甲|乙|（200|字", 5 * EM, false, "甲乙（200/字");
  expect_lines("甲|乙|（200|字", 4 * EM, false, "甲乙/（200字");
}

/* LibreOffice 7.4's rules keep closing punctuation with a following number (。2021) even where
   today's UAX #14 allows a break: the cut inside 2021 goes back before 上. */
static void test_closing_punctuation_before_digits(void **state) {
  expect_lines("以|上。|2021|年", 4.5 * EM, false, "以/上。2021/年");
  text t;
  make(&t, "上|。|2");
  assert_false(t.ch[2].uax14_break);
}

/* A line of exactly 18 em fits in 215.95 pt: LibreOffice's cells come out a twip wider. */
static void test_slack(void **state) {
  expect_lines("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申", 215.95, false, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未/申");
  expect_lines("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申", 215.9, false, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午/未申");
}

/* A Latin word longer than the line is cut where it overflows; spaces at a line end take no room. */
static void test_long_words_and_spaces(void **state) {
  expect_lines("ABCDEFGHIJ", 3 * EM, false, "ABCDEF/GHIJ");
  expect_lines("AB |CD", 1 * EM, false, "AB /CD");
  /* Nor between a letter and what belongs to it (a mark, the second letter of a ligature). */
  text t;
  make(&t, "ABCDEFGHIJ");
  t.ch[6].inside_cluster = true;
  char *got = lines(&t, 3 * EM, false);
  assert_string_equal(got, "ABCDE/FGHIJ");
  g_free(got);
}

/* Justification: after every Asian character but the last, after the Latin character before
   Asian text, and after spaces; nothing after a tab. */
static void test_justify(void **state) {
  text t;
  make(&t, "甲乙12丙丁");
  lb_line l = {0, t.n, false};
  double extra[16];
  lb_justify(t.ch, &l, 10, extra);
  /* Slots: 甲 乙 2 丙 (not 1, not the last 丁). */
  assert_true(extra[0] == 2.5 && extra[1] == 2.5 && extra[2] == 0 && extra[3] == 2.5 && extra[4] == 2.5 && extra[5] == 0);
  /* A hanging last character keeps its predecessor's share. */
  make(&t, "甲乙丙，");
  l = (lb_line){0, 4, true};
  lb_justify(t.ch, &l, 9, extra);
  assert_true(extra[0] == 3 && extra[1] == 3 && extra[2] == 3 && extra[3] == 0);
}

/* A right tab at the margin fills the line to it, on whichever line it lands. */
static void test_tabs(void **state) {
  text t;
  make(&t, "甲乙丙丁戊\t");
  lb_tab stop = {5 * EM, true};
  lb_tabs tabs = {&stop, 1, 0};
  double w[16];
  lb_line *l;
  size_t n = lb_break(t.ch, t.n, 5 * EM, 5 * EM, false, &tabs, w, &l);
  assert_int_equal(n, 1);
  assert_true(w[5] == 0);
  free(l);
  make(&t, "甲乙丙丁戊己\t");
  n = lb_break(t.ch, t.n, 5 * EM, 5 * EM, false, &tabs, w, &l);
  assert_int_equal(n, 2);
  assert_int_equal(l[1].start, 5);
  assert_true(w[6] == 4 * EM); /* 己 then the tab to the stop */
  free(l);
}

/* Text a user may paste into a record, laid out for real (pango, then linebreak.c) in a body
   paragraph and in a narrow justified table cell: nothing crashes, and every character is drawn
   once, in order, on some line (ASan watches the rest). */
static const char *const HOSTILE[] = {
    "Supercalifragilisticexpialidocious-and-then-some-more-letters-without-any-break-at-all",
    "fififififififififififififififififififiﬃﬃﬃﬃffiffiffiffiffiffiffiffiffiffi", /* ligatures: clusters of two or three */
    "☑️是　　□否 ☑︎ 👨‍👩‍👧 e\xcc\x81 字\xcc\x81\xcc\x82 😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
    "العربية والعبرية עברית mixed 混排 123 ٤٥٦ and back",
    "          spaces            only            ",
    "\t\t\ttabs\tand\u2028line\u2028\u2028breaks\t",
    "，，，，，。。。。）））））（（（（（“““““”””””",
    "1234567890123456789012345678901234567890.1234567890%%%%%%%",
    "集群绘制商用车底盘关键零部件技术路线图，梳理轻量化、电控化、智能化方向技术难点清单43项，建立“揭榜挂帅”机制。",
    "",
};

static char *unbroken(const char *s) { /* s without U+2028 */
  GString *g = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    if (g_utf8_get_char(p) != 0x2028) g_string_append_len(g, p, g_utf8_next_char(p) - p);
  return g_string_free(g, FALSE);
}

static void test_layout_keeps_every_character(void **state) {
  size_t n = sizeof HOSTILE / sizeof *HOSTILE;
  block *cell_blocks = calloc(n, sizeof *cell_blocks);
  block *body = calloc(n + 1, sizeof *body);
  text_run *runs = calloc(2 * n, sizeof *runs);
  GString *want = g_string_new(NULL);
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < n; i++) {
      text_run *r = &runs[pass * n + i];
      r->st = (run_style){.size = 12};
      r->text = (char *)HOSTILE[i];
      block *b = pass == 0 ? &body[i] : &cell_blocks[i];
      b->p.pp = (para_props){.jc = pass ? AL_BOTH : AL_LEFT, .line = 1, .outline_level = -1, .ind_first = 24};
      b->p.mark = r->st;
      b->p.runs = r;
      b->p.n_runs = 1;
      char *u = unbroken(HOSTILE[i]);
      g_string_append(want, u);
      g_free(u);
    }
  double grid = 40;
  cell ce = {.span = 1, .mar_left = 5.4, .mar_right = 5.4, .b = {0.5, 0.5, 0.5, 0.5}, .blocks = cell_blocks, .n_blocks = n};
  row rw = {.cells = &ce, .n_cells = 1};
  body[n].is_table = true;
  body[n].t = (table){.grid = &grid, .n_grid = 1, .rows = &rw, .n_rows = 1};
  document doc = {.width = 595.3, .height = 841.9, .mar_top = 72, .mar_bottom = 72, .mar_left = 72, .mar_right = 72,
                  .blocks = body, .n_blocks = n + 1};
  display_list dl = {0};
  layout_document(&doc, &dl);
  /* The runs of each line (the same baseline) in their text's order: right-to-left ones are
     drawn in visual order. */
  GString *got = g_string_new(NULL);
  for (size_t p = 0; p < dl.n_pages; p++) {
    const dl_page *pg = &dl.pages[p];
    for (size_t i = 0; i < pg->n;) {
      if (pg->items[i].kind != DL_GLYPHS) {
        i++;
        continue;
      }
      size_t j = i;
      while (j < pg->n && pg->items[j].kind == DL_GLYPHS && pg->items[j].glyphs.y == pg->items[i].glyphs.y) j++;
      for (int done = 0, last = -1; done < (int)(j - i); done++) { /* by item offset */
        size_t best = j;
        for (size_t k = i; k < j; k++) {
          int off = pg->items[k].glyphs.run->item->offset;
          if (off > last && (best == j || off < pg->items[best].glyphs.run->item->offset)) best = k;
        }
        const PangoItem *item = pg->items[best].glyphs.run->item;
        last = item->offset;
        GString *piece = g_string_new_len(pg->items[best].glyphs.text + item->offset, item->length);
        char *u = unbroken(piece->str);
        g_string_append(got, u);
        g_free(u);
        g_string_free(piece, TRUE);
      }
      i = j;
    }
  }
  assert_string_equal(got->str, want->str);
  assert_true(dl.n_pages >= 1);
  dl_free(&dl);
  g_string_free(got, TRUE);
  g_string_free(want, TRUE);
  free(cell_blocks);
  free(body);
  free(runs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kinsoku),
      cmocka_unit_test(test_hanging_punctuation),
      cmocka_unit_test(test_autospace),
      cmocka_unit_test(test_closing_punctuation_before_digits),
      cmocka_unit_test(test_slack),
      cmocka_unit_test(test_long_words_and_spaces),
      cmocka_unit_test(test_justify),
      cmocka_unit_test(test_tabs),
      cmocka_unit_test(test_layout_keeps_every_character),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
