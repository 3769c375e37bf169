/* The filled DOCX as layout needs it: blocks (paragraphs and tables) with every property resolved
   through docDefaults, the style chain and direct formatting, in points. Only what the templates
   use is read (docs/layout.md lists it); anything else in a user's template is named in a warning. */
#ifndef CF_DOCMODEL_H
#define CF_DOCMODEL_H
#include <stdbool.h>
#include <stddef.h>

#include "ooxml/package.h"
#include "util/diag.h"

typedef enum { AL_LEFT, AL_CENTER, AL_RIGHT, AL_BOTH } alignment;
typedef enum { LS_AUTO, LS_EXACT, LS_AT_LEAST } line_rule;
typedef enum { VA_TOP, VA_CENTER, VA_BOTTOM } valign;

/* The font of a run whose DOCX names none. */
#define DOC_DEFAULT_FAMILY "仿宋_GB2312"

typedef struct {
  char *family; /* the East Asian font name the DOCX gives (仿宋_GB2312 …); NULL: none */
  double size;  /* points */
  bool bold, underline;
} run_style;

typedef struct {
  run_style st;
  char *text; /* '\t' is a tab; U+2028 a line break */
  bool page_field; /* the text is the PAGE field's result, replaced at layout */
} text_run;

typedef struct {
  double pos; /* points from the paragraph's left indent */
  bool right;
} tab_stop;

typedef struct {
  alignment jc;
  double ind_left, ind_right, ind_first; /* first line: positive indent, negative hanging */
  double before, after;
  line_rule rule;
  double line; /* LS_AUTO: a multiple (1.0 = single); else points */
  bool page_break_before;
  bool keep_next;    /* in a table row: the row stays on the page of the next row */
  int outline_level; /* -1: not a heading */
  tab_stop tabs[8];
  int n_tabs;
} para_props;

typedef struct block block;

typedef struct {
  para_props pp;
  run_style mark; /* the paragraph mark's style: an empty paragraph is as tall as it */
  text_run *runs;
  size_t n_runs;
  bool break_after; /* a page break (w:br w:type="page") ends the paragraph */
} paragraph;

typedef struct {
  double top, bottom, left, right; /* border widths in points; 0 = none */
} borders;

typedef struct {
  int span;   /* grid columns */
  int vmerge; /* 0 none, 1 starts, 2 continues */
  valign va;
  double mar_left, mar_right, mar_top, mar_bottom;
  borders b;
  block *blocks;
  size_t n_blocks;
} cell;

typedef struct {
  cell *cells;
  size_t n_cells;
  double height;   /* 0 = as tall as its content */
  bool exact;      /* hRule="exact" */
  bool cant_split;
  bool header;     /* repeated at the top of each page */
} row;

typedef struct {
  double *grid;
  size_t n_grid;
  row *rows;
  size_t n_rows;
  alignment jc;
  double indent;
} table;

struct block {
  bool is_table;
  paragraph p;
  table t;
};

typedef struct {
  double width, height;
  double mar_top, mar_bottom, mar_left, mar_right, footer;
  bool title_page; /* the first page has no footer */
  block *blocks;
  size_t n_blocks;
  block *footer_blocks;
  size_t n_footer;
} document;

/* Calls fn for every paragraph of the document: the body's, those in table cells (at any depth)
   and the footer's, in document order. */
void doc_each_paragraph(const document *doc, void (*fn)(const paragraph *p, void *data), void *data);

/* Reads word/document.xml, word/styles.xml and the default footer of a filled package. */
bool docmodel_read(document *doc, const package *pkg, const char *name, diag_list *d);
void docmodel_free(document *doc);
#endif
