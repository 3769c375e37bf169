/* The OFD writer, against a display list built by hand: every XML part valid against the GB/T 33190
   schemas (../shared/ofd-schema), the text exact and in order, every character where pango puts it
   (the PDF draws the same positions), each font embedded as a subset that holds every character
   drawn with it, outlines, metadata, IDs, and the same bytes twice. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <hb.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "render/render.h"
#include "sample_list.h"
#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define SCHEMA_DIR CLUSTERFORM_SHARED_DIR "/ofd-schema/"

static char tmpdir[] = "/tmp/cf-ofd-XXXXXX";

static double mm(double pt) { return pt * 25.4 / 72; }

/* ---- the package -------------------------------------------------------------------------------- */

typedef struct {
  char *name[64];
  char *data[64];
  size_t len[64];
  int n;
} parts;

static void unzip(const char *path, parts *ps) {
  int err = 0;
  zip_t *z = zip_open(path, ZIP_RDONLY, &err);
  assert_non_null(z);
  ps->n = (int)zip_get_num_entries(z, 0);
  assert_true(ps->n > 0 && ps->n <= 64);
  for (int i = 0; i < ps->n; i++) {
    zip_stat_t st;
    assert_int_equal(zip_stat_index(z, (zip_uint64_t)i, 0, &st), 0);
    ps->name[i] = xstrdup(st.name);
    ps->len[i] = st.size;
    ps->data[i] = xmalloc(st.size + 1);
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, ps->data[i], st.size), (zip_int64_t)st.size);
    ps->data[i][st.size] = 0;
    zip_fclose(f);
  }
  zip_close(z);
}

static int find_part(const parts *ps, const char *name) {
  for (int i = 0; i < ps->n; i++)
    if (!strcmp(ps->name[i], name)) return i;
  fail_msg("no part %s in the package", name);
  return -1;
}

static xmlDocPtr parse_part(const parts *ps, const char *name) {
  int i = find_part(ps, name);
  xmlDocPtr doc = xmlReadMemory(ps->data[i], (int)ps->len[i], name, NULL, XML_PARSE_NONET);
  assert_non_null(doc);
  return doc;
}

static void parts_free(parts *ps) {
  for (int i = 0; i < ps->n; i++) free(ps->name[i]), free(ps->data[i]);
}

/* ---- small XML helpers ------------------------------------------------------------------------------ */

static bool is(xmlNodePtr n, const char *local) {
  return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local) && n->ns &&
         !strcmp((const char *)n->ns->href, "http://www.ofdspec.org/2016");
}

/* Every element named `local` under n, in document order. */
static void collect(xmlNodePtr n, const char *local, xmlNodePtr *out, int *count, int max) {
  for (xmlNodePtr c = n; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, local) && *count < max) out[(*count)++] = c;
    collect(c->children, local, out, count, max);
  }
}

static xmlNodePtr child(xmlNodePtr n, const char *local) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (is(c, local)) return c;
  return NULL;
}

static char *attr(xmlNodePtr n, const char *name) { /* malloc'd (xmlFree) or NULL */
  return (char *)xmlGetProp(n, BAD_CAST name);
}

static double attr_num(xmlNodePtr n, const char *name) {
  char *s = attr(n, name);
  assert_non_null(s);
  double v = strtod(s, NULL);
  xmlFree(s);
  return v;
}

static void parse_nums(const char *s, double *v, int n) {
  char *end;
  for (int i = 0; i < n; i++, s = end) {
    v[i] = strtod(s, &end);
    assert_true(end != s);
  }
}

/* DeltaX, the "g N value" form expanded. */
static int deltas(const char *s, double *out, int max) {
  int n = 0;
  while (s && *s) {
    while (*s == ' ') s++;
    if (!*s) break;
    if (*s == 'g') {
      char *end;
      long count = strtol(s + 1, &end, 10);
      double v = strtod(end, &end);
      for (long i = 0; i < count && n < max; i++) out[n++] = v;
      s = end;
    } else {
      char *end;
      double v = strtod(s, &end);
      assert_true(end != s);
      if (n < max) out[n++] = v;
      s = end;
    }
  }
  return n;
}

/* ---- tests ------------------------------------------------------------------------------------------ */

static xmlSchemaPtr load_schema(const char *file) {
  char *path = xasprintf("%s%s", SCHEMA_DIR, file);
  xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
  assert_non_null(pc);
  xmlSchemaPtr s = xmlSchemaParse(pc);
  xmlSchemaFreeParserCtxt(pc);
  free(path);
  assert_non_null(s);
  return s;
}

/* Every XML part valid against the schema of its root element. */
static void validate_all(const parts *ps) {
  static const char *roots[][2] = {{"OFD", "OFD.xsd"}, {"Document", "Document.xsd"}, {"Res", "Res.xsd"},
                                   {"Page", "Page.xsd"}};
  xmlSchemaPtr schemas[4];
  for (int i = 0; i < 4; i++) schemas[i] = load_schema(roots[i][1]);
  int n_xml = 0;
  for (int i = 0; i < ps->n; i++) {
    size_t nl = strlen(ps->name[i]);
    if (nl < 4 || strcmp(ps->name[i] + nl - 4, ".xml")) continue;
    n_xml++;
    xmlDocPtr doc = parse_part(ps, ps->name[i]);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int k = 0;
    while (k < 4 && !is(root, roots[k][0])) k++;
    if (k == 4) fail_msg("%s: root element %s has no schema", ps->name[i], root->name);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schemas[k]);
    int rc = xmlSchemaValidateDoc(vc, doc);
    if (rc != 0) fail_msg("%s does not validate against %s (%d)", ps->name[i], roots[k][1], rc);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
  }
  assert_int_equal(n_xml, 5); /* OFD.xml, Document.xml, PublicRes.xml, two pages */
  for (int i = 0; i < 4; i++) xmlSchemaFree(schemas[i]);
}

/* Expected character positions of the list: for each run, pango's own logical widths per character
   from the run's origin (the test's runs have no glyph offsets). In page order. */
typedef struct {
  uint32_t cp;
  double x, y; /* mm */
} pos;

static int expected_positions(const display_list *dl, pos *out, int max) {
  int n = 0;
  for (size_t i = 0; i < dl->n_pages; i++)
    for (size_t j = 0; j < dl->pages[i].n; j++) {
      const dl_item *it = &dl->pages[i].items[j];
      if (it->kind != DL_GLYPHS) continue;
      PangoGlyphItem *run = it->glyphs.run;
      int nc = run->item->num_chars;
      int *w = calloc((size_t)nc, sizeof *w);
      pango_glyph_item_get_logical_widths(run, it->glyphs.text, w);
      double x = it->glyphs.x;
      const char *s = it->glyphs.text + run->item->offset;
      for (int k = 0; k < nc && n < max; k++) {
        size_t len = utf8_decode(s, 4, &out[n].cp);
        s += len;
        out[n].x = mm(x), out[n].y = mm(it->glyphs.y);
        n++;
        x += w[k] / (double)PANGO_SCALE;
      }
      free(w);
    }
  return n;
}

static void test_ofd(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  char *a = path_join(tmpdir, "a.ofd"), *b = path_join(tmpdir, "b.ofd");
  assert_true(render_ofd(&dl, a, NULL, &d));
  assert_true(render_ofd(&dl, b, NULL, &d));
  assert_int_equal(d.n, 0);
  size_t la, lb;
  char *err = NULL;
  char *ba = read_file(a, 1 << 26, &la, &err), *bb = read_file(b, 1 << 26, &lb, &err);
  assert_true(ba && bb);
  assert_true(la == lb && memcmp(ba, bb, la) == 0); /* byte-identical */
  free(ba), free(bb);

  parts ps = {0};
  unzip(a, &ps);
  validate_all(&ps);

  /* OFD.xml: DocInfo and the root. */
  xmlDocPtr ofd = parse_part(&ps, "OFD.xml");
  xmlNodePtr body = child(xmlDocGetRootElement(ofd), "DocBody");
  xmlNodePtr info = child(body, "DocInfo");
  xmlChar *s = xmlNodeGetContent(child(info, "DocID"));
  assert_int_equal(strlen((char *)s), 32);
  xmlFree(s);
  s = xmlNodeGetContent(child(info, "Title"));
  assert_string_equal((char *)s, "测试集群 中小企业特色产业集群申报表");
  xmlFree(s);
  s = xmlNodeGetContent(child(info, "Author"));
  assert_string_equal((char *)s, "测试单位");
  xmlFree(s);
  s = xmlNodeGetContent(child(info, "Creator"));
  assert_string_equal((char *)s, "clusterform");
  xmlFree(s);
  assert_null(child(info, "CreationDate")); /* no clock reading without a date */
  s = xmlNodeGetContent(child(body, "DocRoot"));
  assert_string_equal((char *)s, "Doc_0/Document.xml");
  xmlFree(s);
  xmlFreeDoc(ofd);

  /* Document.xml: page area, pages, outlines, and every ID unique with MaxUnitID the largest. */
  xmlDocPtr doc = parse_part(&ps, "Doc_0/Document.xml");
  xmlNodePtr droot = xmlDocGetRootElement(doc);
  s = xmlNodeGetContent(child(child(child(droot, "CommonData"), "PageArea"), "PhysicalBox"));
  double box[4];
  parse_nums((char *)s, box, 4);
  xmlFree(s);
  assert_true(box[0] == 0 && box[1] == 0 && fabs(box[2] - 210.0) < 0.02 && fabs(box[3] - 297.0) < 0.02);
  s = xmlNodeGetContent(child(child(droot, "CommonData"), "MaxUnitID"));
  long max_id = strtol((char *)s, NULL, 10);
  xmlFree(s);
  xmlNodePtr pages[8];
  int n_pages = 0;
  collect(child(droot, "Pages"), "Page", pages, &n_pages, 8);
  assert_int_equal(n_pages, 2);
  long page_id[2];
  char *page_loc[2];
  for (int i = 0; i < 2; i++) {
    page_id[i] = (long)attr_num(pages[i], "ID");
    char *loc = attr(pages[i], "BaseLoc");
    page_loc[i] = xasprintf("Doc_0/%s", loc);
    xmlFree(loc);
  }
  xmlNodePtr outl = child(droot, "Outlines");
  assert_non_null(outl);
  xmlNodePtr top[4];
  int n_top = 0;
  for (xmlNodePtr c = outl->children; c; c = c->next)
    if (is(c, "OutlineElem")) top[n_top++] = c;
  assert_int_equal(n_top, 2);
  char *t = attr(top[1], "Title");
  assert_string_equal(t, "一、集群基本情况");
  xmlFree(t);
  xmlNodePtr dest = child(child(child(child(top[1], "Actions"), "Action"), "Goto"), "Dest");
  assert_int_equal((long)attr_num(dest, "PageID"), page_id[1]);
  assert_true(fabs(attr_num(dest, "Top") - mm(80)) < 0.001);
  xmlNodePtr kid = child(top[1], "OutlineElem");
  assert_non_null(kid);
  t = attr(kid, "Title");
  assert_string_equal(t, "（一）集群概况");
  xmlFree(t);

  /* PublicRes.xml: fonts and their files. */
  xmlDocPtr res = parse_part(&ps, "Doc_0/PublicRes.xml");
  xmlNodePtr rroot = xmlDocGetRootElement(res);
  char *base = attr(rroot, "BaseLoc");
  xmlNodePtr fonts[16];
  int n_fonts = 0;
  collect(rroot, "Font", fonts, &n_fonts, 16);
  assert_true(n_fonts >= 2); /* FandolFang and a fallback for 𠮷 at least */
  long font_id[16];
  hb_face_t *face[16];
  hb_set_t *cover[16];
  bool fandol = false;
  for (int i = 0; i < n_fonts; i++) {
    font_id[i] = (long)attr_num(fonts[i], "ID");
    char *fam = attr(fonts[i], "FamilyName");
    assert_non_null(fam); /* a family the system resolves, not the DOCX's name */
    if (!strcmp(fam, "FandolFang")) fandol = true;
    xmlFree(fam);
    s = xmlNodeGetContent(child(fonts[i], "FontFile"));
    assert_non_null(s);
    char *name = xasprintf("Doc_0/%s/%s", base, (char *)s);
    xmlFree(s);
    int k = find_part(&ps, name);
    free(name);
    hb_blob_t *blob = hb_blob_create(ps.data[k], (unsigned)ps.len[k], HB_MEMORY_MODE_READONLY, NULL, NULL);
    face[i] = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    cover[i] = hb_set_create();
    hb_face_collect_unicodes(face[i], cover[i]);
    /* A subset: a few dozen characters, not the thousands of the font. */
    assert_true(hb_face_get_glyph_count(face[i]) > 1 && hb_face_get_glyph_count(face[i]) < 64);
    assert_true(hb_set_get_population(cover[i]) < 100); /* (code points mapped to kept glyphs stay) */
  }
  assert_true(fandol);
  xmlFree(base);

  /* Pages in order: the text, where each character is, and whose font draws it. */
  pos want[256];
  int n_want = expected_positions(&dl, want, 256);
  int n_got = 0;
  strbuf text = {0};
  int n_lines = 0, n_rects = 0, n_texts = 0;
  long seen_max = 0;
  for (int p = 0; p < 2; p++) {
    xmlDocPtr pg = parse_part(&ps, page_loc[p]);
    xmlNodePtr objs[256];
    int n_obj = 0;
    collect(xmlDocGetRootElement(pg), "TextObject", objs, &n_obj, 256);
    n_texts += n_obj;
    for (int o = 0; o < n_obj; o++) {
      double bnd[4];
      char *bs = attr(objs[o], "Boundary");
      parse_nums(bs, bnd, 4);
      xmlFree(bs);
      long fid = (long)attr_num(objs[o], "Font");
      int f = 0;
      while (f < n_fonts && font_id[f] != fid) f++;
      assert_true(f < n_fonts);
      assert_true(fabs(attr_num(objs[o], "Size") - mm(16)) < 0.001); /* 12 pt at pango's 96 dpi */
      xmlNodePtr code = child(objs[o], "TextCode");
      assert_non_null(code);
      int n_codes = 0;
      for (xmlNodePtr c = objs[o]->children; c; c = c->next) n_codes += is(c, "TextCode");
      assert_int_equal(n_codes, 1); /* one TextCode per TextObject: what readers expect */
      xmlChar *str = xmlNodeGetContent(code);
      sb_puts(&text, (char *)str);
      double x = bnd[0] + attr_num(code, "X"), y = bnd[1] + attr_num(code, "Y");
      char *dx = attr(code, "DeltaX");
      double dv[128];
      int ndv = deltas(dx, dv, 128);
      xmlFree(dx);
      const char *c = (char *)str;
      int k = 0;
      uint32_t cp;
      for (size_t len; *c && (len = utf8_decode(c, strlen(c), &cp)) > 0; c += len, k++) {
        assert_true(n_got < n_want);
        assert_int_equal(cp, want[n_got].cp);
        if (fabs(x - want[n_got].x) > 0.006 || fabs(y - want[n_got].y) > 0.001)
          fail_msg("U+%04X at (%.3f, %.3f) mm, pango puts it at (%.3f, %.3f)", cp, x, y, want[n_got].x,
                   want[n_got].y);
        n_got++;
        /* Drawn with a font, the character is in that font's embedded subset. */
        if (!hb_set_has(cover[f], cp)) fail_msg("U+%04X is drawn with font %ld but not in its subset", cp, fid);
        if (c[len]) {
          assert_true(k < ndv);
          x += dv[k];
        }
      }
      assert_int_equal(k > 0 ? k - 1 : 0, ndv); /* one DeltaX value per following character */
      xmlFree(str);
    }
    xmlNodePtr paths[64];
    int n_paths = 0;
    collect(xmlDocGetRootElement(pg), "PathObject", paths, &n_paths, 64);
    for (int i = 0; i < n_paths; i++) {
      if (child(paths[i], "FillColor")) n_rects++;
      else n_lines++;
    }
    /* IDs: unique, positive, none above MaxUnitID. */
    xmlNodePtr all[512];
    int n_all = 0;
    collect(xmlDocGetRootElement(pg), "TextObject", all, &n_all, 512);
    collect(xmlDocGetRootElement(pg), "PathObject", all, &n_all, 512);
    collect(xmlDocGetRootElement(pg), "Layer", all, &n_all, 512);
    for (int i = 0; i < n_all; i++) {
      long id = (long)attr_num(all[i], "ID");
      assert_true(id > 0 && id <= max_id);
      if (id > seen_max) seen_max = id;
      for (int j = 0; j < i; j++) assert_int_not_equal(id, (long)attr_num(all[j], "ID"));
      for (int j = 0; j < n_fonts; j++) assert_int_not_equal(id, font_id[j]);
      assert_true(id != page_id[0] && id != page_id[1]);
    }
    xmlFreeDoc(pg);
  }
  assert_int_equal(seen_max, max_id);
  assert_int_equal(n_got, n_want); /* every character of every run, none twice */
  assert_non_null(strstr(text.s, SAMPLE_LINE1));
  assert_non_null(strstr(text.s, SAMPLE_LINE2));
  assert_non_null(strstr(text.s, SAMPLE_LINE3));
  assert_true(n_texts >= 4);
  assert_int_equal(n_lines, 3); /* two rules and the underline */
  assert_int_equal(n_rects, 1);

  for (int i = 0; i < n_fonts; i++) hb_set_destroy(cover[i]), hb_face_destroy(face[i]);
  sb_free(&text);
  free(page_loc[0]), free(page_loc[1]);
  xmlFreeDoc(res);
  xmlFreeDoc(doc);
  parts_free(&ps);
  free(a), free(b);
  diag_free(&d);
  dl_free(&dl);
}

static char *creation_date(const char *path) {
  parts ps = {0};
  unzip(path, &ps);
  xmlDocPtr ofd = parse_part(&ps, "OFD.xml");
  xmlNodePtr cd = child(child(child(xmlDocGetRootElement(ofd), "DocBody"), "DocInfo"), "CreationDate");
  char *r = NULL;
  if (cd) {
    xmlChar *s = xmlNodeGetContent(cd);
    r = xstrdup((char *)s);
    xmlFree(s);
  }
  xmlFreeDoc(ofd);
  parts_free(&ps);
  return r;
}

static void test_ofd_date(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  char *a = path_join(tmpdir, "dated.ofd");
  assert_true(render_ofd(&dl, a, "D:20230630000000+08'00'", &d)); /* what fill passes (a PDF date) */
  char *cd = creation_date(a);
  assert_non_null(cd);
  assert_string_equal(cd, "2023-06-30");
  free(cd);
  assert_true(render_ofd(&dl, a, "2024-02-29", &d));
  cd = creation_date(a);
  assert_string_equal(cd, "2024-02-29");
  free(cd);
  assert_int_equal(d.n, 0);
  /* A malformed or impossible date is left out, with a warning, never written half right. */
  assert_true(render_ofd(&dl, a, "30/06/2023", &d));
  assert_null(creation_date(a));
  assert_true(render_ofd(&dl, a, "2023-02-29", &d));
  assert_null(creation_date(a));
  assert_int_equal(diag_count(&d, DIAG_WARNING), 2);
  free(a);
  diag_free(&d);
  dl_free(&dl);
}

static void test_ofd_errors(void **state) {
  display_list dl = {0};
  sample_list(&dl);
  diag_list d = {0};
  assert_false(render_ofd(&dl, "/nonexistent-dir/x.ofd", NULL, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_string_equal(d.items[0].file, "/nonexistent-dir/x.ofd");
  assert_non_null(strstr(d.items[0].message, "无法写出 OFD："));
  display_list empty = {0};
  char *a = path_join(tmpdir, "empty.ofd");
  assert_false(render_ofd(&empty, a, NULL, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 2);
  free(a);
  diag_free(&d);
  dl_free(&dl);
}

int main(void) {
  setenv("FONTCONFIG_FILE", CLUSTERFORM_SOURCE_DIR "/fonts/fonts.conf", 1);
  if (!mkdtemp(tmpdir)) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ofd),
      cmocka_unit_test(test_ofd_date),
      cmocka_unit_test(test_ofd_errors),
  };
  return run_tests_in("ofd", tests, sizeof tests / sizeof *tests, tmpdir);
}
