#include "ooxml/numbers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "util/strbuf.h"

/* 22 inches in twentieths of a point: Word's largest page side, and so a bound for every length. */
#define TWIPS 31680.0

typedef struct {
  const char *parent; /* NULL: any */
  const char *elem, *attr;
  double lo, hi;
} range;

static const range RANGES[] = {
    {NULL, "gridSpan", "val", 1, 63},      {NULL, "gridBefore", "val", 0, 63},   {NULL, "gridAfter", "val", 0, 63},
    {NULL, "gridCol", "w", 0, TWIPS},      {NULL, "pgSz", "w", 144, TWIPS},      {NULL, "pgSz", "h", 144, TWIPS},
    {NULL, "pgMar", "top", -TWIPS, TWIPS}, {NULL, "pgMar", "bottom", -TWIPS, TWIPS},
    {NULL, "pgMar", "left", 0, TWIPS},     {NULL, "pgMar", "right", 0, TWIPS},   {NULL, "pgMar", "header", 0, TWIPS},
    {NULL, "pgMar", "footer", 0, TWIPS},   {NULL, "pgMar", "gutter", 0, TWIPS},
    {NULL, "ind", "left", -TWIPS, TWIPS},  {NULL, "ind", "right", -TWIPS, TWIPS}, {NULL, "ind", "start", -TWIPS, TWIPS},
    {NULL, "ind", "end", -TWIPS, TWIPS},   {NULL, "ind", "firstLine", 0, TWIPS}, {NULL, "ind", "hanging", 0, TWIPS},
    {NULL, "ind", "leftChars", -100000, 100000},       {NULL, "ind", "rightChars", -100000, 100000},
    {NULL, "ind", "startChars", -100000, 100000},      {NULL, "ind", "endChars", -100000, 100000},
    {NULL, "ind", "firstLineChars", 0, 100000},        {NULL, "ind", "hangingChars", 0, 100000},
    {"pPr", "spacing", "before", 0, TWIPS},            {"pPr", "spacing", "after", 0, TWIPS},
    {"pPr", "spacing", "line", 0, TWIPS},              {"pPr", "spacing", "beforeLines", 0, 100000},
    {"pPr", "spacing", "afterLines", 0, 100000},       {"rPr", "spacing", "val", -TWIPS, TWIPS},
    {NULL, "outlineLvl", "val", 0, 9},     {NULL, "sz", "val", 1, 3276},         {NULL, "szCs", "val", 1, 3276},
    {NULL, "kern", "val", 0, 3276},        {NULL, "position", "val", -TWIPS, TWIPS}, {"rPr", "w", "val", 1, 600},
    {NULL, "tblW", "w", -TWIPS, TWIPS},    {NULL, "tcW", "w", -TWIPS, TWIPS},    {NULL, "tblInd", "w", -TWIPS, TWIPS},
    {NULL, "trHeight", "val", 0, TWIPS},   {NULL, "tab", "pos", -TWIPS, TWIPS},
    {"tblCellMar", "top", "w", 0, TWIPS},  {"tblCellMar", "bottom", "w", 0, TWIPS},
    {"tblCellMar", "left", "w", 0, TWIPS}, {"tblCellMar", "right", "w", 0, TWIPS},
    {"tblCellMar", "start", "w", 0, TWIPS}, {"tblCellMar", "end", "w", 0, TWIPS},
    {"tcMar", "top", "w", 0, TWIPS},       {"tcMar", "bottom", "w", 0, TWIPS},   {"tcMar", "left", "w", 0, TWIPS},
    {"tcMar", "right", "w", 0, TWIPS},     {"tcMar", "start", "w", 0, TWIPS},    {"tcMar", "end", "w", 0, TWIPS},
    {NULL, "cols", "num", 1, 45},          {NULL, "cols", "space", 0, TWIPS},
    {NULL, "docGrid", "linePitch", 0, TWIPS},
};

/* Borders (w:top, w:left … inside pBdr, tblBorders, tcBorders): eighths of a point, and points. */
static bool border_range(const char *parent, const char *attr, double *lo, double *hi) {
  if (!parent || (strcmp(parent, "pBdr") && strcmp(parent, "tblBorders") && strcmp(parent, "tcBorders"))) return false;
  if (!strcmp(attr, "sz")) return *lo = 0, *hi = 96, true;
  if (!strcmp(attr, "space")) return *lo = 0, *hi = 1584, true;
  return false;
}

bool ooxml_number_range(const char *parent, const char *elem, const char *attr, double *lo, double *hi) {
  if (border_range(parent, attr, lo, hi)) return true;
  for (size_t i = 0; i < sizeof RANGES / sizeof *RANGES; i++) {
    const range *r = &RANGES[i];
    if (strcmp(r->elem, elem) || strcmp(r->attr, attr)) continue;
    if (r->parent && (!parent || strcmp(r->parent, parent))) continue;
    *lo = r->lo;
    *hi = r->hi;
    return true;
  }
  return false;
}

bool ooxml_parse_number(const char *text, double *out) {
  char *end;
  double v = strtod(text, &end);
  if (end == text || !isfinite(v)) return false;
  /* Units of the ST_*Measure types and the percent of ST_*Pct: the number before them is kept. */
  static const char *const UNITS[] = {"", "%", "pt", "mm", "cm", "in", "pc", "pi", NULL};
  for (size_t i = 0; UNITS[i]; i++)
    if (!strcmp(end, UNITS[i])) {
      *out = v;
      return true;
    }
  return false;
}

static const char *parent_name(xmlNodePtr n) {
  return n->parent && n->parent->type == XML_ELEMENT_NODE ? (const char *)n->parent->name : NULL;
}

static size_t check_node(xmlNodePtr n, const char *file, const char *part, diag_list *d, size_t found) {
  for (xmlNodePtr c = n; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (c->ns && c->ns->href && !strcmp((const char *)c->ns->href, W_NS)) {
      for (xmlAttrPtr a = c->properties; a; a = a->next) {
        double lo, hi, v;
        if (!ooxml_number_range(parent_name(c), (const char *)c->name, (const char *)a->name, &lo, &hi)) continue;
        xmlChar *text = xmlNodeListGetString(c->doc, a->children, 1);
        bool ok = text && ooxml_parse_number((const char *)text, &v) && v >= lo && v <= hi;
        /* Percent widths (tblW w="50%") are fiftieths of a percent or a percentage: not lengths. */
        if (!ok && text && strchr((const char *)text, '%')) ok = true;
        if (!ok && found < 50) {
          xmlNodePtr p = w_ancestor(c, "p");
          if (!p && w_ancestor(c, "tc")) p = w_child(w_ancestor(c, "tc"), "p"); /* a cell's own property */
          char *place = p ? describe_place(p) : NULL;
          char *where = xasprintf("%s%s%s", part, place ? " " : "", place ? place : "");
          diag_place at = {.file = file, .where = where, .line = xmlGetLineNo(c) > 0 ? (int)xmlGetLineNo(c) : 0};
          diag_add(d, DIAG_ERROR, &at, "用 Word、WPS 或 LibreOffice 打开模板，改正这里的格式后重新保存。",
                   "w:%s 的 %s=\"%s\" 不是 %g 到 %g 之间的数，无法排版。", (const char *)c->name, (const char *)a->name,
                   text ? (const char *)text : "", lo, hi);
          free(where);
          free(place);
        }
        if (!ok) found++;
        xmlFree(text);
      }
    }
    found = check_node(c->children, file, part, d, found);
  }
  return found;
}

size_t ooxml_check_numbers(xmlDocPtr doc, const char *file, const char *part, diag_list *d) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  return root ? check_node(root, file, part, d, 0) : 0;
}
