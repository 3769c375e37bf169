/* Where the lines of a paragraph break, by the rules LibreOffice Writer 7.4 applies to Chinese
   text, so that our PDF keeps the line breaks LibreOffice shows for the same DOCX:
   - Asian text breaks after any character but where the zh-CN kinsoku lists forbid it (no ，。）
     at a line start, no （“ at a line end); a cut among Latin letters and digits falls back to the
     Unicode line-break opportunities (the caller's, from pango);
   - a fifth of the font size is put between Asian and Latin letters or digits (autospace), and
     dropped where a line ends between them;
   - outside tables, one ，。、；：？！ that does not fit may hang past the right margin;
   - a justified line spreads its spare width after every Asian character but its last, and after
     spaces and the last Latin character before Asian text.
   Works on characters and widths only (no pango), so it can be tested on its own. */
#ifndef CF_LINEBREAK_H
#define CF_LINEBREAK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t c;           /* the character */
  double width;         /* its advance in points, as shaped */
  double size;          /* the size of its font (points): the autospace after it is a fifth */
  bool uax14_break;     /* the Unicode rules allow a break before it (pango's is_line_break) */
  bool inside_cluster;  /* it belongs to the character before it (a combining mark, a variation
                           selector: not a cursor position): no line starts with it */
  /* Filled in by lb_prepare: */
  bool asian;           /* the character is in an Asian portion (its script, or a neutral one after Asian) */
  double space_before;  /* autospace between it and the character before, points (0: none) */
} lb_char;

/* A tab stop: points from the paragraph's left indent; a right stop ends the text after the tab
   there. Beyond the last stop, tabs go to every DEFAULT_TAB. */
typedef struct {
  double pos;
  bool right;
} lb_tab;

typedef struct {
  const lb_tab *stops;
  int n_stops;
  double first_indent; /* where the first line starts, from the left indent */
} lb_tabs;

/* Word's default tab interval (defaultTabStop 420 twips, as the templates' settings.xml say). */
#define LB_DEFAULT_TAB 21.0

typedef struct {
  size_t start, end; /* characters [start, end) */
  bool hangs;        /* its last character hangs past the margin (not counted in its width) */
} lb_line;

/* Resolves each character's script and the autospace before it. */
void lb_prepare(lb_char *ch, size_t n);

/* Breaks characters [0, n) (no mandatory breaks among them) into lines of `first` points (the
   first line) and `rest` points; `hanging` allows hanging punctuation. A tab ('\t') is as wide as
   its stop makes it on its line: that width is written to tab_width[i] (which may be NULL when
   there is no tab). Returns the number of lines (at least one) in *out, which the caller frees. */
size_t lb_break(const lb_char *ch, size_t n, double first, double rest, bool hanging, const lb_tabs *tabs,
                double *tab_width, lb_line **out);

/* The width of characters [start, end) as a line: their advances (tabs: tab_width) and the
   autospace between them, without a hanging last character or trailing spaces. */
double lb_width(const lb_char *ch, const double *tab_width, size_t start, size_t end, bool hangs);

/* Block justification: the share of the spare width (`spare` points, at least 0) that goes after
   each character of line [start, end), written to extra[0 .. end - start). */
void lb_justify(const lb_char *ch, const lb_line *line, double spare, double *extra);
#endif
