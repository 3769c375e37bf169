/* A WordprocessingML body as a reader sees it: paragraphs with their text, and tables of rows of
   cells that hold paragraphs and tables again. What Word, WPS and LibreOffice wrap around text when
   a person edits (runs split anywhere, rsid attributes, bookmarks, smart tags, content controls,
   hyperlinks, tracked insertions) is looked through; deleted text and field codes are left out. */
#ifndef CF_DOC_BLOCKS_H
#define CF_DOC_BLOCKS_H
#include <libxml/tree.h>
#include <stddef.h>

typedef enum { BK_CONTAINER, BK_PARA, BK_TABLE, BK_ROW, BK_CELL } block_kind;

typedef struct block {
  block_kind kind;
  char *text;          /* BK_PARA: tabs as \t, line breaks as \n, Wingdings boxes as □ ☑ */
  int vmerge;          /* BK_CELL: 0 not merged, 1 starts a vertical merge, 2 continues one */
  size_t order;        /* BK_PARA: its number in document order (0-based) */
  struct block *kids;  /* the container's, table's, row's or cell's blocks */
  size_t n;
  xmlNodePtr node;     /* the w:p, w:tbl, w:tr or w:tc */
} block;

/* The blocks under a w:body (or a cell). */
void blocks_read(xmlNodePtr body, block *out);
void blocks_free(block *b);
/* The paragraph holds no text but spaces. */
int block_is_blank(const block *b);
#endif
