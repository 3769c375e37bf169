/* The OFD writer (GB/T 33190-2016): the same display list the PDF writer draws, as an OFD package.

     OFD.xml                         DocInfo (DocID = MD5 of the other parts) and DocRoot
     Doc_0/Document.xml              page area, pages, outlines, MaxUnitID
     Doc_0/PublicRes.xml             one Font per face and style used, one DrawParam (black)
     Doc_0/Res/font_N.otf|ttf        each face subset with hb-subset to what the document draws
     Doc_0/Pages/Page_N/Content.xml  one Layer: a TextObject per glyph run, a PathObject per rule

   Every length is in millimetres (points × 25.4 / 72), printed from whole micrometres by integer
   arithmetic, so no locale and no floating-point printing can change a byte. A glyph run becomes
   one TextObject whose Boundary is the run's logical box; its single TextCode puts the first
   character at X = 0 and the baseline at Y (both relative to the Boundary), and DeltaX gives, for
   each following character, the distance from the one before, taken from pango's glyph positions
   (the same ones pango_cairo_show_glyph_item draws in the PDF). Positions are rounded once, as
   absolute micrometres, and the deltas are differences of rounded positions: no drift along a line.

   Each Font is named (FontName, FamilyName) as the document asks for it, 仿宋_GB2312, 黑体 …, and
   carries our subset of the face pango drew as its FontFile, Bold and Italic said. Written for
   readers that draw each character on its own (ofd.js does): leading white space goes into a
   TextObject of its own (XML readers that trim text would otherwise shift the rest of the run); and a character outside
   the BMP sits in a TextObject of its own (readers indexing DeltaX by UTF-16 unit would otherwise
   shift every character after it). */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <hb-subset.h>
#include <hb.h>
#include <libxml/tree.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ooxml/package.h"
#include "render/render.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define OFD_NS "http://www.ofdspec.org/2016"

/* ---- numbers ----------------------------------------------------------------------------------- */

/* Points to whole micrometres. */
static long um(double pt) { return lround(pt * 25400.0 / 72.0); }

/* Micrometres as millimetres: "12.7", "-0.353", "0". */
static void put_um(strbuf *b, long v) {
  if (v < 0) sb_putc(b, '-'), v = -v;
  sb_printf(b, "%ld", v / 1000);
  long frac = v % 1000;
  if (frac) {
    char d[4] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10), (char)('0' + frac % 10), 0};
    for (int i = 2; i > 0 && d[i] == '0'; i--) d[i] = 0;
    sb_putc(b, '.');
    sb_puts(b, d);
  }
}

static void set_attr(xmlNodePtr n, const char *name, strbuf *b) {
  xmlNewProp(n, BAD_CAST name, BAD_CAST(b->s ? b->s : ""));
  b->len = 0;
  if (b->s) b->s[0] = 0;
}

static void set_um(xmlNodePtr n, const char *name, long v, strbuf *tmp) {
  put_um(tmp, v);
  set_attr(n, name, tmp);
}

static void set_box(xmlNodePtr n, const char *name, long x, long y, long w, long h, strbuf *tmp) {
  put_um(tmp, x), sb_putc(tmp, ' '), put_um(tmp, y), sb_putc(tmp, ' ');
  put_um(tmp, w), sb_putc(tmp, ' '), put_um(tmp, h);
  set_attr(n, name, tmp);
}

static void set_int(xmlNodePtr n, const char *name, unsigned long v) {
  char s[32];
  snprintf(s, sizeof s, "%lu", v);
  xmlNewProp(n, BAD_CAST name, BAD_CAST s);
}

/* ---- fonts --------------------------------------------------------------------------------------- */

/* A font file (a face of a collection), embedded once as a subset of what the document draws. */
typedef struct {
  char *file; /* NULL when the font has no file we can read */
  int index;  /* the face in a .ttc */
  hb_set_t *unicodes, *glyphs;
  char *loc; /* "font_1.otf", relative to PublicRes's BaseLoc, once subset */
} ofd_face;

/* An OFD Font resource: a face drawn in one style (synthetic bold or slant included). */
typedef struct {
  size_t face;
  char *name, *family;
  int weight; /* 100 … 900 */
  bool italic;
  unsigned long id;
} ofd_font;

typedef struct {
  ofd_face *faces;
  size_t n_faces;
  ofd_font *fonts;
  size_t n_fonts;
  GHashTable *by_pango; /* PangoFont* → index + 1 into fonts */
  GHashTable *official_files; /* a family the document names → the file fontconfig gives for it */
} font_table;

static const char *pat_string(FcPattern *p, const char *object) {
  FcChar8 *s = NULL;
  return FcPatternGetString(p, object, 0, &s) == FcResultMatch ? (const char *)s : NULL;
}

/* Whether fontconfig gives `file` for the family `family` (asked for by name, as layout asks). */
static bool official_face_is(font_table *t, const char *family, const char *file) {
  gpointer hit = g_hash_table_lookup(t->official_files, family);
  if (!hit) {
    /* The family alone, not parsed as a font name ("FZXiaoBiaoSong-B05S" would read as a size). */
    FcPattern *p = FcPatternCreate();
    FcPattern *m = NULL;
    if (p) {
      FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
      FcConfigSubstitute(NULL, p, FcMatchPattern);
      FcDefaultSubstitute(p);
      FcResult r;
      m = FcFontMatch(NULL, p, &r);
      FcPatternDestroy(p);
    }
    const char *f = m ? pat_string(m, FC_FILE) : NULL;
    hit = g_strdup(f ? f : "");
    if (m) FcPatternDestroy(m);
    g_hash_table_insert(t->official_files, g_strdup(family), hit);
  }
  return !strcmp((const char *)hit, file);
}

/* The Font resource for a pango font, added the first time it is met. */
static size_t font_for(font_table *t, PangoFont *pf, const char *official) {
  gpointer hit = g_hash_table_lookup(t->by_pango, pf);
  if (hit) {
    size_t f = (size_t)GPOINTER_TO_SIZE(hit) - 1;
    if (!official || !strcmp(t->fonts[f].family, official)) return f;
  }

  const char *file = NULL, *family = NULL, *name = NULL;
  int index = 0, weight = 400;
  bool italic = false;
  char *desc_family = NULL;
  if (PANGO_IS_FC_FONT(pf)) {
    FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(pf));
    file = pat_string(p, FC_FILE);
    family = pat_string(p, FC_FAMILY); /* the first family: "FandolFang", "Noto Serif CJK SC" */
    name = pat_string(p, FC_POSTSCRIPT_NAME);
    if (!name) name = pat_string(p, FC_FULLNAME);
    int v;
    if (FcPatternGetInteger(p, FC_INDEX, 0, &v) == FcResultMatch) index = v & 0xFFFF;
    if (FcPatternGetInteger(p, FC_WEIGHT, 0, &v) == FcResultMatch) weight = FcWeightToOpenType(v);
    FcBool b;
    if (FcPatternGetBool(p, FC_EMBOLDEN, 0, &b) == FcResultMatch && b && weight < 700) weight = 700;
    if (FcPatternGetInteger(p, FC_SLANT, 0, &v) == FcResultMatch && v != FC_SLANT_ROMAN) italic = true;
  }
  if (!family) {
    PangoFontDescription *fd = pango_font_describe(pf);
    desc_family = xstrdup(pango_font_description_get_family(fd) ? pango_font_description_get_family(fd) : "serif");
    weight = pango_font_description_get_weight(fd);
    italic = pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL;
    pango_font_description_free(fd);
    family = desc_family;
  }
  if (!name) name = family;
  /* Named as the document names it (仿宋_GB2312), with our subset of the face drawn as its file: a
     reader that takes the font by name (some versions of 数科 ignore embedded fonts) finds the
     official font on a government PC, and one that reads the file draws what the PDF shows. But a
     character the named font lacks (☑ is in none of them) was drawn from a fallback face: that one
     keeps the fallback's own name, or the reader would look for it in the official font. */
  if (official && *official && file && official_face_is(t, official, file)) name = family = official;
  weight = (weight + 50) / 100 * 100;
  if (weight < 100) weight = 100;
  if (weight > 900) weight = 900;

  size_t face = 0;
  while (face < t->n_faces && !(t->faces[face].file && file && !strcmp(t->faces[face].file, file) &&
                                t->faces[face].index == index))
    face++;
  if (face == t->n_faces || !file) {
    face = t->n_faces++;
    t->faces = xrealloc(t->faces, t->n_faces * sizeof *t->faces);
    t->faces[face] = (ofd_face){.file = file ? xstrdup(file) : NULL, .index = index,
                                .unicodes = hb_set_create(), .glyphs = hb_set_create()};
  }
  size_t f = 0;
  while (f < t->n_fonts && !(t->fonts[f].face == face && t->fonts[f].weight == weight &&
                             t->fonts[f].italic == italic && !strcmp(t->fonts[f].family, family)))
    f++;
  if (f == t->n_fonts) {
    t->n_fonts++;
    t->fonts = xrealloc(t->fonts, t->n_fonts * sizeof *t->fonts);
    t->fonts[f] = (ofd_font){.face = face, .name = xstrdup(name), .family = xstrdup(family),
                             .weight = weight, .italic = italic};
  }
  free(desc_family);
  g_hash_table_insert(t->by_pango, pf, GSIZE_TO_POINTER(f + 1));
  return f;
}

static void font_table_free(font_table *t) {
  for (size_t i = 0; i < t->n_faces; i++) {
    free(t->faces[i].file);
    free(t->faces[i].loc);
    hb_set_destroy(t->faces[i].unicodes);
    hb_set_destroy(t->faces[i].glyphs);
  }
  for (size_t i = 0; i < t->n_fonts; i++) free(t->fonts[i].name), free(t->fonts[i].family);
  free(t->faces);
  free(t->fonts);
  if (t->by_pango) g_hash_table_destroy(t->by_pango);
  if (t->official_files) g_hash_table_destroy(t->official_files);
}

/* The face cut down to the code points and glyphs the document draws with it. The glyph ids keep
   what shaping chose (a localised form, say) even where no code point maps to it. NULL if the file
   can't be read or subset. */
static char *subset_face(const ofd_face *f, size_t *len, const char **ext) {
  if (!f->file) return NULL;
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->file);
  if (!blob) return NULL;
  hb_face_t *face = hb_face_create(blob, (unsigned)f->index);
  hb_blob_destroy(blob);
  char *out = NULL;
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (in) {
    hb_set_union(hb_subset_input_set(in, HB_SUBSET_SETS_UNICODE), f->unicodes);
    hb_set_union(hb_subset_input_set(in, HB_SUBSET_SETS_GLYPH_INDEX), f->glyphs);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    if (sub) {
      hb_blob_t *b = hb_face_reference_blob(sub);
      unsigned n = 0;
      const char *data = hb_blob_get_data(b, &n);
      if (n > 12) {
        out = xmalloc(n);
        memcpy(out, data, n);
        *len = n;
        *ext = memcmp(data, "OTTO", 4) == 0 ? "otf" : "ttf";
      }
      hb_blob_destroy(b);
      hb_face_destroy(sub);
    }
    hb_subset_input_destroy(in);
  }
  hb_face_destroy(face);
  return out;
}

/* ---- pages --------------------------------------------------------------------------------------- */

typedef struct {
  font_table fonts;
  unsigned long next_id;
  strbuf tmp;
} writer;

static xmlNodePtr new_root(xmlDocPtr doc, const char *name, xmlNsPtr *ns) {
  xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
  *ns = xmlNewNs(root, BAD_CAST OFD_NS, BAD_CAST "ofd");
  xmlSetNs(root, *ns);
  xmlDocSetRootElement(doc, root);
  return root;
}

static xmlNodePtr object(writer *w, xmlNodePtr layer, xmlNsPtr ns, const char *kind) {
  xmlNodePtr o = xmlNewChild(layer, ns, BAD_CAST kind, NULL);
  set_int(o, "ID", w->next_id++);
  return o;
}

/* A stroked segment, as cairo strokes it with butt caps. The Boundary holds the stroke; the path's
   points are relative to it. */
static void add_line(writer *w, xmlNodePtr layer, xmlNsPtr ns, double x1, double y1, double x2, double y2,
                     double width) {
  long X1 = um(x1), Y1 = um(y1), X2 = um(x2), Y2 = um(y2), W = um(width), h = W / 2;
  long bx = (X1 < X2 ? X1 : X2) - h, by = (Y1 < Y2 ? Y1 : Y2) - h;
  long bw = labs(X2 - X1) + 2 * h, bh = labs(Y2 - Y1) + 2 * h;
  xmlNodePtr o = object(w, layer, ns, "PathObject");
  set_box(o, "Boundary", bx, by, bw, bh, &w->tmp);
  set_um(o, "LineWidth", W, &w->tmp);
  strbuf *t = &w->tmp;
  sb_puts(t, "M "), put_um(t, X1 - bx), sb_putc(t, ' '), put_um(t, Y1 - by);
  sb_puts(t, " L "), put_um(t, X2 - bx), sb_putc(t, ' '), put_um(t, Y2 - by);
  xmlNewTextChild(o, ns, BAD_CAST "AbbreviatedData", BAD_CAST t->s);
  t->len = 0, t->s[0] = 0;
}

static void add_rect(writer *w, xmlNodePtr layer, xmlNsPtr ns, double x, double y, double wd, double ht) {
  long X = um(x), Y = um(y), W = um(wd), H = um(ht);
  xmlNodePtr o = object(w, layer, ns, "PathObject");
  set_box(o, "Boundary", X, Y, W, H, &w->tmp);
  xmlNewProp(o, BAD_CAST "Stroke", BAD_CAST "false");
  xmlNewProp(o, BAD_CAST "Fill", BAD_CAST "true");
  xmlNewProp(xmlNewChild(o, ns, BAD_CAST "FillColor", NULL), BAD_CAST "Value", BAD_CAST "0 0 0");
  strbuf *t = &w->tmp;
  sb_puts(t, "M 0 0 L "), put_um(t, W), sb_puts(t, " 0 L "), put_um(t, W), sb_putc(t, ' '), put_um(t, H);
  sb_puts(t, " L 0 "), put_um(t, H), sb_puts(t, " C");
  xmlNewTextChild(o, ns, BAD_CAST "AbbreviatedData", BAD_CAST t->s);
  t->len = 0, t->s[0] = 0;
}

typedef struct {
  int start, end; /* bytes, relative to the item */
  double x, adv;  /* where its first glyph is drawn, relative to the run origin, and its advance */
  bool drawn;     /* at least one real glyph (not an empty or hex-box glyph) */
} cluster;

typedef struct {
  uint32_t cp;
  char utf8[4];
  int len;
  double x; /* absolute, in micrometres, unrounded */
  long q;   /* as written: within SNAP micrometres of x */
  bool drawn; /* its cluster has a real glyph (a tab or U+2028 has none) */
} tchar;

/* How far a written character position may be from pango's: 5 µm (0.014 pt, a quarter of a pixel
   at 1200 dpi). Within it, a character keeps the previous advance, so a line of equal advances
   reads "g 20 4.233" rather than 4.233 and 4.234 by turns. */
#define SNAP 5.0

static int cmp_cluster(const void *a, const void *b) {
  const cluster *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

/* What readers' String.trim() removes. */
static bool trim_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Characters XML 1.0 can't carry (controls): left out of the text; they draw nothing. */
static bool xml_char(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         c >= 0x10000;
}

/* Written positions of c[0 … n): the first rounded; each next one the previous written advance
   again if that stays within SNAP, else its own advance rounded if that does, else rounded afresh. */
static void snap(tchar *c, size_t n) {
  for (size_t k = 0; k < n; k++) {
    c[k].q = lround(c[k].x);
    if (k == 0) continue;
    long again = k >= 2 ? 2 * c[k - 1].q - c[k - 2].q : 0, own = c[k - 1].q + lround(c[k].x - c[k - 1].x);
    if (k >= 2 && fabs((double)again - c[k].x) <= SNAP) c[k].q = again;
    else if (fabs((double)own - c[k].x) <= SNAP) c[k].q = own;
  }
}

static void put_deltas(strbuf *t, const tchar *c, size_t n) {
  for (size_t k = 0; k + 1 < n;) {
    long d = c[k + 1].q - c[k].q;
    size_t r = 1;
    while (k + r + 1 < n && c[k + r + 1].q - c[k + r].q == d) r++;
    if (t->len) sb_putc(t, ' ');
    if (r >= 3) {
      sb_printf(t, "g %zu ", r);
      put_um(t, d);
      k += r;
    } else {
      put_um(t, d);
      k++;
    }
  }
}

static void add_text(writer *w, xmlNodePtr layer, xmlNsPtr ns, const dl_item *it) {
  PangoGlyphItem *run = it->glyphs.run;
  const PangoItem *item = run->item;
  const PangoGlyphString *gs = run->glyphs;
  PangoFont *pf = item->analysis.font;
  if (!pf || gs->num_glyphs == 0) return;
  size_t fi = font_for(&w->fonts, pf, it->glyphs.family);
  const ofd_font *font = &w->fonts.fonts[fi];
  ofd_face *face = &w->fonts.faces[font->face];

  /* The size cairo draws at: the scaled font's matrix, in user units (points). */
  cairo_matrix_t fm;
  cairo_scaled_font_get_font_matrix(pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf)), &fm);
  double size = fabs(fm.yy) > 0 ? fabs(fm.yy) : 12, hscale = fabs(fm.xx) / size;

  /* Glyphs to clusters (visual order), then clusters in logical order. */
  cluster *cl = xmalloc((size_t)gs->num_glyphs * sizeof *cl);
  size_t ncl = 0;
  double pen = 0;
  for (int i = 0; i < gs->num_glyphs; i++) {
    const PangoGlyphInfo *g = &gs->glyphs[i];
    if (i == 0 || gs->log_clusters[i] != gs->log_clusters[i - 1])
      cl[ncl++] = (cluster){.start = gs->log_clusters[i], .x = pen + (double)g->geometry.x_offset / PANGO_SCALE};
    cl[ncl - 1].adv += (double)g->geometry.width / PANGO_SCALE;
    pen += (double)g->geometry.width / PANGO_SCALE;
    if (g->glyph != PANGO_GLYPH_EMPTY && !(g->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
      cl[ncl - 1].drawn = true;
      hb_set_add(face->glyphs, g->glyph);
    }
  }
  qsort(cl, ncl, sizeof *cl, cmp_cluster);
  const char *text = it->glyphs.text + item->offset;
  tchar *ch = xmalloc(((size_t)item->length + 1) * sizeof *ch);
  size_t nch = 0;
  for (size_t c = 0; c < ncl; c++) {
    int end = c + 1 < ncl ? cl[c + 1].start : item->length;
    size_t first = nch;
    for (int p = cl[c].start; p < end;) {
      uint32_t cp;
      size_t k = utf8_decode(text + p, (size_t)(end - p), &cp);
      if (k == 0) break;
      if (xml_char(cp)) {
        ch[nch] = (tchar){.cp = cp, .len = (int)k, .drawn = cl[c].drawn};
        memcpy(ch[nch].utf8, text + p, k);
        nch++;
        if (cl[c].drawn) hb_set_add(face->unicodes, cp);
      }
      p += (int)k;
    }
    /* A cluster of several characters (a ligature): its advance shared out evenly. */
    for (size_t k = first; k < nch; k++)
      ch[k].x = (it->glyphs.x + cl[c].x + cl[c].adv * (double)(k - first) / (double)(nch - first)) * 25400.0 / 72.0;
  }
  long end_x = um(it->glyphs.x + pen);

  PangoRectangle logical;
  pango_glyph_string_extents(run->glyphs, pf, NULL, &logical);
  long baseline = um(-(double)logical.y / PANGO_SCALE); /* from the Boundary's top */
  long top = um(it->glyphs.y) - baseline, height = um((double)logical.height / PANGO_SCALE);

  strbuf *t = &w->tmp;
  for (size_t a = 0; a < nch;) {
    /* Segment [a, b): leading white space alone, a character outside the BMP alone. */
    size_t b = a + 1;
    bool blank = trim_space(ch[a].cp);
    if (ch[a].cp < 0x10000)
      while (b < nch && ch[b].cp < 0x10000 && !(blank && !trim_space(ch[b].cp))) b++;
    snap(ch + a, b - a);
    /* A segment that draws nothing (a line break inside a cell, U+2028; a tab) is no object: a
       reader would look for its character in the font and find none. */
    bool any = false;
    for (size_t k = a; k < b; k++) any |= ch[k].drawn;
    if (!any) {
      a = b;
      continue;
    }
    long x0 = ch[a].q, x1 = b < nch ? lround(ch[b].x) : end_x;
    xmlNodePtr o = object(w, layer, ns, "TextObject");
    set_box(o, "Boundary", x0, top, x1 > x0 ? x1 - x0 : 0, height, t);
    set_int(o, "Font", font->id);
    set_um(o, "Size", um(size), t);
    if (fabs(hscale - 1) > 0.001) {
      sb_printf(t, "%d.%03d", (int)lround(hscale * 1000) / 1000, (int)lround(hscale * 1000) % 1000);
      set_attr(o, "HScale", t);
    }
    if (font->weight != 400) set_int(o, "Weight", (unsigned long)font->weight);
    if (font->italic) xmlNewProp(o, BAD_CAST "Italic", BAD_CAST "true");
    strbuf s = {0};
    for (size_t k = a; k < b; k++) sb_add(&s, ch[k].utf8, (size_t)ch[k].len);
    xmlNodePtr code = xmlNewTextChild(o, ns, BAD_CAST "TextCode", BAD_CAST(s.s ? s.s : ""));
    sb_free(&s);
    xmlNewProp(code, BAD_CAST "X", BAD_CAST "0");
    set_um(code, "Y", baseline, t);
    if (b - a > 1) {
      put_deltas(t, ch + a, b - a);
      set_attr(code, "DeltaX", t);
    }
    a = b;
  }
  free(ch);
  free(cl);

  /* The underline as draw.c draws it: under the run's whole logical width. */
  if (it->glyphs.underline) {
    double below = it->glyphs.underline_below > 0 ? it->glyphs.underline_below : 1.5;
    double width = it->glyphs.underline_width > 0 ? it->glyphs.underline_width : 0.5;
    double x0 = it->glyphs.x + (double)logical.x / PANGO_SCALE;
    add_line(w, layer, ns, x0, it->glyphs.y + below, x0 + (double)logical.width / PANGO_SCALE, it->glyphs.y + below,
             width);
  }
}

static char *dump(xmlDocPtr doc, size_t *len) {
  xmlChar *buf = NULL;
  int n = 0;
  xmlDocDumpFormatMemoryEnc(doc, &buf, &n, "UTF-8", 1);
  char *out = xmalloc((size_t)n + 1);
  memcpy(out, buf, (size_t)n);
  out[n] = 0;
  xmlFree(buf);
  *len = (size_t)n;
  return out;
}

static void put_part(package *pkg, const char *name, xmlDocPtr doc) {
  size_t len;
  char *data = dump(doc, &len);
  package_set(pkg, name, data, len);
  xmlFreeDoc(doc);
}

/* ---- document ------------------------------------------------------------------------------------ */

/* DocInfo's CreationDate (xs:date) from "YYYY-MM-DD" or a PDF date "D:YYYYMMDD…"; NULL otherwise. */
static char *ofd_date(const char *s) {
  int y, m, d;
  char tail;
  if (!strncmp(s, "D:", 2)) {
    const char *p = s + 2;
    for (int i = 0; i < 8; i++)
      if (p[i] < '0' || p[i] > '9') return NULL;
    y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    m = (p[4] - '0') * 10 + (p[5] - '0');
    d = (p[6] - '0') * 10 + (p[7] - '0');
  } else if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-') {
    return NULL;
  }
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap)) return NULL;
  return xasprintf("%04d-%02d-%02d", y, m, d);
}

/* Outlines nest by level as the PDF's do: a parent is the last entry one level up. */
static void add_outlines(xmlNodePtr docroot, xmlNsPtr ns, const display_list *dl, const unsigned long *page_ids,
                         const char *path, diag_list *d, strbuf *tmp) {
  enum { MAX_DEPTH = 16 };
  xmlNodePtr stack[MAX_DEPTH];
  int depth = 0;
  xmlNodePtr outlines = NULL;
  for (size_t i = 0; i < dl->n_outlines; i++) {
    const dl_outline *o = &dl->outlines[i];
    if (o->page >= dl->n_pages) {
      diag_add(d, DIAG_WARNING, &(diag_place){.file = path}, NULL, "书签“%s”指向不存在的第 %zu 页，已略去。",
               o->title, o->page + 1);
      continue;
    }
    if (!outlines) outlines = xmlNewChild(docroot, ns, BAD_CAST "Outlines", NULL);
    int level = o->level < 0 ? 0 : o->level;
    if (level > depth) level = depth;
    if (level >= MAX_DEPTH) level = MAX_DEPTH - 1;
    xmlNodePtr parent = level == 0 ? outlines : stack[level - 1];
    xmlNodePtr e = xmlNewChild(parent, ns, BAD_CAST "OutlineElem", NULL);
    xmlNewProp(e, BAD_CAST "Title", BAD_CAST o->title);
    xmlNodePtr act = xmlNewChild(xmlNewChild(e, ns, BAD_CAST "Actions", NULL), ns, BAD_CAST "Action", NULL);
    xmlNewProp(act, BAD_CAST "Event", BAD_CAST "CLICK");
    xmlNodePtr dest = xmlNewChild(xmlNewChild(act, ns, BAD_CAST "Goto", NULL), ns, BAD_CAST "Dest", NULL);
    xmlNewProp(dest, BAD_CAST "Type", BAD_CAST "XYZ");
    set_int(dest, "PageID", page_ids[o->page]);
    xmlNewProp(dest, BAD_CAST "Left", BAD_CAST "0");
    set_um(dest, "Top", um(o->y), tmp);
    stack[level] = e;
    depth = level + 1;
  }
}

bool render_ofd(const display_list *dl, const char *path, const char *date, diag_list *d) {
  diag_place at = {.file = path};
  if (dl->n_pages == 0) {
    diag_add(d, DIAG_ERROR, &at, NULL, "无法写出 OFD：排版结果没有任何页面。");
    return false;
  }
  char *created = date ? ofd_date(date) : NULL;
  if (date && !created)
    diag_add(d, DIAG_WARNING, &at, "日期应写作 YYYY-MM-DD 或 D:YYYYMMDDHHmmSS。", "OFD 的日期“%s”格式不对，已略去。",
             date);

  writer w = {.next_id = 1};
  w.fonts.by_pango = g_hash_table_new(g_direct_hash, g_direct_equal);
  w.fonts.official_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  /* Font ids first (1 … F, in order of first use), then the draw parameter, then pages. */
  for (size_t i = 0; i < dl->n_pages; i++)
    for (size_t j = 0; j < dl->pages[i].n; j++) {
      const dl_item *it = &dl->pages[i].items[j];
      if (it->kind == DL_GLYPHS && it->glyphs.run && it->glyphs.run->item->analysis.font)
        font_for(&w.fonts, it->glyphs.run->item->analysis.font, it->glyphs.family);
    }
  for (size_t f = 0; f < w.fonts.n_fonts; f++) w.fonts.fonts[f].id = w.next_id++;
  unsigned long draw_param = w.next_id++;

  package pkg = {0};
  unsigned long *page_ids = xmalloc(dl->n_pages * sizeof *page_ids);
  for (size_t i = 0; i < dl->n_pages; i++) {
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNsPtr ns;
    xmlNodePtr page = new_root(doc, "Page", &ns);
    page_ids[i] = w.next_id++;
    xmlNodePtr layer = xmlNewChild(xmlNewChild(page, ns, BAD_CAST "Content", NULL), ns, BAD_CAST "Layer", NULL);
    set_int(layer, "ID", w.next_id++);
    set_int(layer, "DrawParam", draw_param);
    const dl_page *p = &dl->pages[i];
    for (size_t j = 0; j < p->n; j++) {
      const dl_item *it = &p->items[j];
      switch (it->kind) {
      case DL_GLYPHS:
        if (it->glyphs.run) add_text(&w, layer, ns, it);
        break;
      case DL_LINE:
        add_line(&w, layer, ns, it->line.x1, it->line.y1, it->line.x2, it->line.y2, it->line.width);
        break;
      case DL_RECT:
        add_rect(&w, layer, ns, it->rect.x, it->rect.y, it->rect.w, it->rect.h);
        break;
      }
    }
    char *name = xasprintf("Doc_0/Pages/Page_%zu/Content.xml", i);
    put_part(&pkg, name, doc);
    free(name);
  }

  /* PublicRes.xml and the subset fonts. */
  {
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNsPtr ns;
    xmlNodePtr res = new_root(doc, "Res", &ns);
    xmlNewProp(res, BAD_CAST "BaseLoc", BAD_CAST "Res");
    for (size_t i = 0; i < w.fonts.n_faces; i++) {
      ofd_face *f = &w.fonts.faces[i];
      size_t len = 0;
      const char *ext = NULL;
      char *data = subset_face(f, &len, &ext);
      if (!data) {
        diag_add(d, DIAG_WARNING, &at, NULL, "字体“%s”无法取子集，OFD 中未嵌入该字体。", f->file ? f->file : "?");
        continue;
      }
      f->loc = xasprintf("font_%zu.%s", i + 1, ext);
      char *name = xasprintf("Doc_0/Res/%s", f->loc);
      package_set(&pkg, name, data, len);
      free(name);
    }
    if (w.fonts.n_fonts) {
      xmlNodePtr fonts = xmlNewChild(res, ns, BAD_CAST "Fonts", NULL);
      for (size_t i = 0; i < w.fonts.n_fonts; i++) {
        const ofd_font *f = &w.fonts.fonts[i];
        xmlNodePtr font = xmlNewChild(fonts, ns, BAD_CAST "Font", NULL);
        set_int(font, "ID", f->id);
        xmlNewProp(font, BAD_CAST "FontName", BAD_CAST f->name);
        xmlNewProp(font, BAD_CAST "FamilyName", BAD_CAST f->family);
        if (f->weight >= 600) xmlNewProp(font, BAD_CAST "Bold", BAD_CAST "true");
        if (f->italic) xmlNewProp(font, BAD_CAST "Italic", BAD_CAST "true");
        const char *loc = w.fonts.faces[f->face].loc;
        if (loc) xmlNewTextChild(font, ns, BAD_CAST "FontFile", BAD_CAST loc);
      }
    }
    xmlNodePtr dp = xmlNewChild(xmlNewChild(res, ns, BAD_CAST "DrawParams", NULL), ns, BAD_CAST "DrawParam", NULL);
    set_int(dp, "ID", draw_param);
    xmlNewProp(xmlNewChild(dp, ns, BAD_CAST "FillColor", NULL), BAD_CAST "Value", BAD_CAST "0 0 0");
    xmlNewProp(xmlNewChild(dp, ns, BAD_CAST "StrokeColor", NULL), BAD_CAST "Value", BAD_CAST "0 0 0");
    put_part(&pkg, "Doc_0/PublicRes.xml", doc);
  }

  /* Document.xml */
  {
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNsPtr ns;
    xmlNodePtr root = new_root(doc, "Document", &ns);
    xmlNodePtr common = xmlNewChild(root, ns, BAD_CAST "CommonData", NULL);
    char max_id[32];
    snprintf(max_id, sizeof max_id, "%lu", w.next_id - 1);
    xmlNewChild(common, ns, BAD_CAST "MaxUnitID", BAD_CAST max_id);
    xmlNodePtr area = xmlNewChild(common, ns, BAD_CAST "PageArea", NULL);
    sb_puts(&w.tmp, "0 0 "), put_um(&w.tmp, um(dl->width)), sb_putc(&w.tmp, ' '), put_um(&w.tmp, um(dl->height));
    xmlNewChild(area, ns, BAD_CAST "PhysicalBox", BAD_CAST w.tmp.s);
    w.tmp.len = 0;
    xmlNewChild(common, ns, BAD_CAST "PublicRes", BAD_CAST "PublicRes.xml");
    xmlNodePtr pages = xmlNewChild(root, ns, BAD_CAST "Pages", NULL);
    for (size_t i = 0; i < dl->n_pages; i++) {
      xmlNodePtr pg = xmlNewChild(pages, ns, BAD_CAST "Page", NULL);
      set_int(pg, "ID", page_ids[i]);
      char *loc = xasprintf("Pages/Page_%zu/Content.xml", i);
      xmlNewProp(pg, BAD_CAST "BaseLoc", BAD_CAST loc);
      free(loc);
    }
    add_outlines(root, ns, dl, page_ids, path, d, &w.tmp);
    put_part(&pkg, "Doc_0/Document.xml", doc);
  }

  /* OFD.xml: the document's identity is a digest of everything else, so equal content, equal id. */
  {
    GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
    for (size_t i = 0; i < pkg.n; i++) {
      g_checksum_update(sum, (const guchar *)pkg.parts[i].name, (gssize)strlen(pkg.parts[i].name) + 1);
      g_checksum_update(sum, (const guchar *)pkg.parts[i].data, (gssize)pkg.parts[i].len);
    }
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNsPtr ns;
    xmlNodePtr root = new_root(doc, "OFD", &ns);
    xmlNewProp(root, BAD_CAST "Version", BAD_CAST "1.0");
    xmlNewProp(root, BAD_CAST "DocType", BAD_CAST "OFD");
    xmlNodePtr body = xmlNewChild(root, ns, BAD_CAST "DocBody", NULL);
    xmlNodePtr info = xmlNewChild(body, ns, BAD_CAST "DocInfo", NULL);
    xmlNewChild(info, ns, BAD_CAST "DocID", BAD_CAST g_checksum_get_string(sum));
    g_checksum_free(sum);
    if (dl->title && *dl->title) xmlNewTextChild(info, ns, BAD_CAST "Title", BAD_CAST dl->title);
    if (dl->author && *dl->author) xmlNewTextChild(info, ns, BAD_CAST "Author", BAD_CAST dl->author);
    if (dl->subject && *dl->subject) xmlNewTextChild(info, ns, BAD_CAST "Subject", BAD_CAST dl->subject);
    if (created) xmlNewChild(info, ns, BAD_CAST "CreationDate", BAD_CAST created);
    xmlNewChild(info, ns, BAD_CAST "Creator", BAD_CAST "clusterform");
#ifdef CLUSTERFORM_VERSION
    xmlNewChild(info, ns, BAD_CAST "CreatorVersion", BAD_CAST CLUSTERFORM_VERSION);
#endif
    xmlNewChild(body, ns, BAD_CAST "DocRoot", BAD_CAST "Doc_0/Document.xml");
    put_part(&pkg, "OFD.xml", doc);
  }

  bool ok = false;
  char *err = NULL;
  size_t len = 0;
  char *bytes = package_zip(&pkg, &len, &err);
  if (!bytes)
    diag_add(d, DIAG_ERROR, &at, NULL, "无法写出 OFD：%s", err ? err : "");
  else if (!write_file_atomic(path, bytes, len, &err))
    diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。", "无法写出 OFD：%s", err);
  else
    ok = true;
  free(err);
  free(bytes);
  package_free(&pkg);
  free(page_ids);
  free(created);
  sb_free(&w.tmp);
  font_table_free(&w.fonts);
  return ok;
}
