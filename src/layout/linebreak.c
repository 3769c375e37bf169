#include "layout/linebreak.h"

#include <glib.h>
#include <stdlib.h>

#include "util/strbuf.h"

/* LibreOffice's zh-CN locale data (i18npool/source/localedata/data/zh_CN.xml, the lists read out of
   the liblocaledata_others.so that Debian 12's LibreOffice 7.4 ships). */
static const uint32_t NOT_AT_START[] = {
    0x003A, 0x0021, 0x0029, 0x002C, 0x002E, 0x003B, 0x003F, 0x005D, 0x007D, 0x00A2, 0x0027, 0x0022,
    0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x301E, 0xFE30, 0xFE31,
    0xFE33, 0xFE50, 0xFF64, 0xFE52, 0xFE54, 0xFE55, 0xFE56, 0xFE57, 0xFE5A, 0xFE5C, 0xFE5E, 0xFF01,
    0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF5C, 0xFF5D, 0xFE34, 0xFE36, 0xFE38, 0xFE3A,
    0xFE3C, 0xFE3E, 0xFE40, 0xFE42, 0xFE44, 0xFE4F, 0xFF5E, 0xFFE0, 0x3005, 0x2016, 0x2022, 0x00B7,
    0x02C7, 0x02C9, 0x2015, 0x002D, 0x2032, 0x2019, 0x201D};
static const uint32_t NOT_AT_END[] = {
    0x0028, 0x005B, 0x007B, 0x00A3, 0x00A5, 0x0027, 0x0022, 0x2035, 0x3008, 0x300A, 0x300C, 0x300E,
    0x3010, 0x3014, 0x3016, 0xFF08, 0xFF3B, 0xFF5B, 0xFFE1, 0xFFE5, 0x301D, 0xFE35, 0xFE37, 0xFE39,
    0xFE3B, 0xFE3D, 0xFE3F, 0xFE41, 0xFE43, 0xFE59, 0xFE5B, 0xFE5D, 0x201C, 0x2018};
static const uint32_t HANGING[] = {0x0021, 0x002C, 0x002E, 0x003A, 0x003B, 0x003F, 0x3001,
                                   0x3002, 0xFF01, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F};

/* LibreOffice's cells come out up to a twip wider than the DOCX grid says (their widths pass
   through 1/100 mm and relative column positions: a 4535-twip cell measured 4536 in its PDF), so
   a line that overflows the width by less than this still fits there. */
#define SLACK 0.075

static bool in_list(const uint32_t *list, size_t n, uint32_t c) {
  for (size_t i = 0; i < n; i++)
    if (list[i] == c) return true;
  return false;
}
#define IN(list, c) in_list(list, sizeof list / sizeof *list, c)

typedef enum { SCRIPT_WEAK, SCRIPT_LATIN, SCRIPT_ASIAN } script;

/* Writer's script of a character (BreakIteratorImpl::getScriptClass): by Unicode block, then by
   the character's script; spaces and common punctuation (“ ” — ☑ …) are neutral. */
static script script_of(uint32_t c) {
  if (c == 0x20 || c == 0xA0) return SCRIPT_WEAK;
  if (c < 0x300) return SCRIPT_LATIN;
  if ((c >= 0x2E80 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFFEF))
    return SCRIPT_ASIAN;
  switch (g_unichar_get_script(c)) {
  case G_UNICODE_SCRIPT_HAN:
  case G_UNICODE_SCRIPT_HIRAGANA:
  case G_UNICODE_SCRIPT_KATAKANA:
  case G_UNICODE_SCRIPT_HANGUL:
  case G_UNICODE_SCRIPT_BOPOMOFO:
    return SCRIPT_ASIAN;
  case G_UNICODE_SCRIPT_COMMON:
  case G_UNICODE_SCRIPT_INHERITED:
  case G_UNICODE_SCRIPT_UNKNOWN:
    return SCRIPT_WEAK;
  default:
    return SCRIPT_LATIN;
  }
}

static bool letter_or_number(GUnicodeBreakType t) {
  return t == G_UNICODE_BREAK_ALPHABETIC || t == G_UNICODE_BREAK_NUMERIC || t == G_UNICODE_BREAK_HEBREW_LETTER ||
         t == G_UNICODE_BREAK_AMBIGUOUS;
}

/* LibreOffice 7.4's own line-break rules (i18npool's line.txt, after UAX #14 5.0) keep closing
   punctuation of any width to a following letter or number (。2021, ）A) and letters and numbers
   to any opening punctuation (2（); today's UAX #14, which pango follows, allows breaks at wide
   ones. */
static bool lo_forbids_break(uint32_t before, uint32_t after) {
  GUnicodeBreakType a = g_unichar_break_type(before), b = g_unichar_break_type(after);
  if ((a == G_UNICODE_BREAK_CLOSE_PUNCTUATION || a == G_UNICODE_BREAK_CLOSE_PARANTHESIS) && letter_or_number(b))
    return true;
  return letter_or_number(a) && b == G_UNICODE_BREAK_OPEN_PUNCTUATION;
}

void lb_prepare(lb_char *ch, size_t n) {
  /* Neutral characters take the script before them; at the start of a paragraph Writer gives them
     its user interface's script (Latin for the en-US LibreOffice the tests run). */
  bool asian = false;
  for (size_t i = 0; i < n; i++) {
    script s = script_of(ch[i].c);
    if (s != SCRIPT_WEAK) asian = s == SCRIPT_ASIAN;
    ch[i].asian = asian;
    ch[i].space_before = 0;
    if (i > 0 && ch[i].uax14_break && lo_forbids_break(ch[i - 1].c, ch[i].c)) ch[i].uax14_break = false;
    /* A fifth of the earlier portion's font height, in whole twips, where the script changes
       between two letters or digits (SwTextFormatter::BuildPortions). */
    if (i > 0 && ch[i].asian != ch[i - 1].asian && g_unichar_isalnum(ch[i].c) && g_unichar_isalnum(ch[i - 1].c))
      ch[i].space_before = (double)(long)(ch[i - 1].size * 20 / 5) / 20;
  }
}

static double advance(const lb_char *ch, const double *tab_width, size_t i) {
  return ch[i].c == '\t' && tab_width ? tab_width[i] : ch[i].width;
}

double lb_width(const lb_char *ch, const double *tab_width, size_t start, size_t end, bool hangs) {
  if (hangs && end > start) end--;
  while (!hangs && end > start && ch[end - 1].c == ' ') end--;
  double w = 0;
  for (size_t i = start; i < end; i++) w += (i > start ? ch[i].space_before : 0) + advance(ch, tab_width, i);
  return w;
}

/* How wide the tab at `i` is when it starts `x` points from the left indent: to the next stop
   after x; a right stop less the text that follows up to the next tab. */
static double tab_stop_advance(const lb_char *ch, size_t n, size_t i, const lb_tabs *tabs, double x) {
  for (int k = 0; tabs && k < tabs->n_stops; k++) {
    const lb_tab *t = &tabs->stops[k];
    if (t->pos <= x + 0.01) continue;
    if (!t->right) return t->pos - x;
    double after = 0;
    for (size_t j = i + 1; j < n && ch[j].c != '\t'; j++) after += ch[j].space_before + ch[j].width;
    return t->pos - x - after > 0 ? t->pos - x - after : 0;
  }
  double next = (double)((long)(x / LB_DEFAULT_TAB) + 1) * LB_DEFAULT_TAB;
  return next - x;
}

/* The same, never past `limit`, the line's end: a tab there (after text that fills the line) is
   empty rather than a line of its own. */
static double tab_advance(const lb_char *ch, size_t n, size_t i, const lb_tabs *tabs, double x, double limit) {
  double w = tab_stop_advance(ch, n, i, tabs, x);
  return x + w > limit ? (limit > x ? limit - x : 0) : w;
}

/* Moves a break at `p` back while it would start a line with a character kinsoku forbids there or
   end one with a character forbidden at a line end. */
static size_t kinsoku(const lb_char *ch, size_t p) {
  while (p > 0 && (IN(NOT_AT_START, ch[p].c) || IN(NOT_AT_END, ch[p - 1].c))) p--;
  return p;
}

/* Where the line starting at `start` breaks when character `cut` is the first that does not fit
   (SwTextGuess::Guess with the zh break iterator, or with the Unicode one after Latin text). Sets
   *hangs when the cut character hangs past the margin. */
static size_t break_at(const lb_char *ch, size_t n, size_t start, size_t cut, bool hanging, bool *hangs) {
  *hangs = false;
  if (ch[cut].c == ' ') { /* spaces at a line end take no room */
    while (cut < n && (ch[cut].c == ' ' || ch[cut].inside_cluster)) cut++;
    return cut;
  }
  if (hanging && IN(HANGING, ch[cut].c)) {
    if (cut + 1 == n) return *hangs = true, n;
    size_t p = kinsoku(ch, cut + 1);
    if (p > cut && !ch[p].inside_cluster) return *hangs = true, p;
    if (p > start) return p;
  }
  /* The language of the break is that of the last letter, digit or ideograph up to the cut
     character, that one included (a cut at the first digit of 2022 after 。 is a Latin one). */
  size_t k = cut + 1;
  while (k > start && !g_unichar_isalnum(ch[k - 1].c)) k--;
  size_t p;
  if (k > start && ch[k - 1].asian) {
    p = kinsoku(ch, cut);
  } else {
    p = cut;
    while (p > start && !ch[p].uax14_break) p--;
  }
  /* No break in the line: cut the word where it overflows. Never inside a cluster. */
  if (p <= start) p = cut > start ? cut : start + 1;
  while (p > start + 1 && p < n && ch[p].inside_cluster) p--;
  while (p < n && ch[p].inside_cluster) p++;
  return p;
}

size_t lb_break(const lb_char *ch, size_t n, double first, double rest, bool hanging, const lb_tabs *tabs,
                double *tab_width, lb_line **out) {
  size_t n_lines = 0, cap = 4;
  lb_line *lines = xmalloc(cap * sizeof *lines);
  size_t start = 0;
  do {
    double avail = (n_lines == 0 ? first : rest) + SLACK, x = 0;
    double x0 = n_lines == 0 && tabs ? tabs->first_indent : 0; /* the line's start from the indent */
    size_t i = start;
    while (i < n) {
      double w = ch[i].width;
      if (ch[i].c == '\t') {
        w = tab_advance(ch, n, i, tabs, x0 + x, x0 + avail - SLACK);
        if (tab_width) tab_width[i] = w;
      }
      double need = (i > start ? ch[i].space_before : 0) + w;
      if (x + need > avail) break;
      x += need;
      i++;
    }
    bool hangs = false;
    size_t end = i < n ? break_at(ch, n, start, i, hanging, &hangs) : n;
    if (n_lines == cap) cap *= 2, lines = xrealloc(lines, cap * sizeof *lines);
    lines[n_lines++] = (lb_line){start, end, hangs};
    start = end;
  } while (start < n);
  *out = lines;
  return n_lines;
}

void lb_justify(const lb_char *ch, const lb_line *line, double spare, double *extra) {
  size_t len = line->end - line->start;
  /* The last character that takes room: trailing spaces and a hanging character do not. A tab
     takes no share: it ends where its stop is. */
  size_t last = line->end - (line->hangs ? 1 : 0);
  while (last > line->start && ch[last - 1].c == ' ') last--;
  size_t slots = 0;
  for (size_t i = line->start; i < line->end; i++) {
    size_t k = i - line->start;
    extra[k] = 0;
    if (i + 1 >= last && !(line->hangs && i + 1 == last)) continue; /* the last one keeps none */
    /* Every Asian character (SwScriptInfo::CountCJKCharacters); in Latin text its spaces and the
       character before Asian text (lcl_AddSpace). */
    bool slot = ch[i].c == '\t'  ? false
                : ch[i].asian    ? ch[i].c != ' '
                                 : ch[i].c == ' ' || (i + 1 < line->end && ch[i + 1].asian);
    if (slot) extra[k] = 1, slots++;
  }
  for (size_t k = 0; k < len; k++) extra[k] = slots && spare > 0 ? extra[k] * spare / slots : 0;
}
