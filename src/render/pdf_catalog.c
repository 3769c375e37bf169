#include "render/pdf_catalog.h"

#include <cairo.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last occurrence of needle in s[0..n). */
static const char *rfind(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
    if (!memcmp(s + i, needle, k)) return s + i;
  return NULL;
}

/* The number after `key` in the dictionary text d (up to its end e): "/Root 132 0 R" → 132. */
static long dict_num(const char *d, const char *e, const char *key) {
  size_t k = strlen(key);
  for (const char *p = d; p + k < e; p++)
    if (!memcmp(p, key, k) && (p[k] == ' ' || p[k] == '\n')) return strtol(p + k, NULL, 10);
  return -1;
}

static xmlNodePtr child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text) {
  xmlNodePtr n = xmlNewChild(parent, ns, (const xmlChar *)name, NULL);
  if (text) xmlNodeAddContent(n, (const xmlChar *)text);
  return n;
}

/* dc:title and the like hold a language alternative or an ordered list of one item. */
static void rdf_item(xmlNodePtr desc, xmlNsPtr dc, xmlNsPtr rdf, xmlNsPtr xml, const char *name, const char *list,
                     const char *text) {
  xmlNodePtr n = child(desc, dc, name, NULL);
  xmlNodePtr l = child(n, rdf, list, NULL);
  xmlNodePtr li = child(l, rdf, "li", text);
  if (!strcmp(list, "Alt")) xmlSetNsProp(li, xml, (const xmlChar *)"lang", (const xmlChar *)"x-default");
}

/* The XMP packet, written with libxml2. */
static char *xmp(const display_list *dl, const char *iso_date, size_t *len) {
  xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
  xmlAddChild((xmlNodePtr)doc, xmlNewDocPI(doc, (const xmlChar *)"xpacket",
                                           (const xmlChar *)"begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\""));
  xmlNodePtr meta = xmlNewNode(NULL, (const xmlChar *)"xmpmeta");
  xmlNsPtr x = xmlNewNs(meta, (const xmlChar *)"adobe:ns:meta/", (const xmlChar *)"x");
  xmlSetNs(meta, x);
  xmlAddChild((xmlNodePtr)doc, meta);
  xmlNodePtr rdf_root = xmlNewChild(meta, NULL, (const xmlChar *)"RDF", NULL);
  xmlNsPtr rdf = xmlNewNs(rdf_root, (const xmlChar *)"http://www.w3.org/1999/02/22-rdf-syntax-ns#", (const xmlChar *)"rdf");
  xmlSetNs(rdf_root, rdf);
  xmlNodePtr desc = child(rdf_root, rdf, "Description", NULL);
  xmlSetNsProp(desc, rdf, (const xmlChar *)"about", (const xmlChar *)"");
  xmlNsPtr dc = xmlNewNs(desc, (const xmlChar *)"http://purl.org/dc/elements/1.1/", (const xmlChar *)"dc");
  xmlNsPtr xmpns = xmlNewNs(desc, (const xmlChar *)"http://ns.adobe.com/xap/1.0/", (const xmlChar *)"xmp");
  xmlNsPtr pdf = xmlNewNs(desc, (const xmlChar *)"http://ns.adobe.com/pdf/1.3/", (const xmlChar *)"pdf");
  xmlNsPtr xml = xmlSearchNs(doc, desc, (const xmlChar *)"xml");
  child(desc, dc, "format", "application/pdf");
  if (dl->title && *dl->title) rdf_item(desc, dc, rdf, xml, "title", "Alt", dl->title);
  if (dl->author && *dl->author) rdf_item(desc, dc, rdf, xml, "creator", "Seq", dl->author);
  if (dl->subject && *dl->subject) rdf_item(desc, dc, rdf, xml, "description", "Alt", dl->subject);
  rdf_item(desc, dc, rdf, xml, "language", "Bag", "zh-CN");
  child(desc, xmpns, "CreatorTool", "clusterform");
  if (iso_date) {
    child(desc, xmpns, "CreateDate", iso_date);
    child(desc, xmpns, "ModifyDate", iso_date);
  }
  /* As the document information dictionary says it (cairo writes that one). */
  char producer[96];
  snprintf(producer, sizeof producer, "cairo %s (https://cairographics.org)", cairo_version_string());
  child(desc, pdf, "Producer", producer);
  xmlAddChild((xmlNodePtr)doc, xmlNewDocPI(doc, (const xmlChar *)"xpacket", (const xmlChar *)"end=\"r\""));
  xmlChar *mem = NULL;
  int n = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
  xmlFreeDoc(doc);
  /* Without the XML declaration: an XMP packet starts with its xpacket instruction. */
  const char *start = strstr((const char *)mem, "<?xpacket");
  char *out = xstrdup(start ? start : (const char *)mem);
  *len = strlen(out);
  xmlFree(mem);
  return out;
}

bool pdf_finish_catalog(strbuf *pdf, const display_list *dl, const char *iso_date) {
  const char *s = pdf->s;
  size_t n = pdf->len;
  const char *sx = s ? rfind(s, n, "startxref") : NULL;
  const char *tr = sx ? rfind(s, (size_t)(sx - s), "trailer") : NULL;
  if (!sx || !tr) return false;
  long prev = strtol(sx + 9, NULL, 10);
  long root = dict_num(tr, sx, "/Root"), size = dict_num(tr, sx, "/Size"), info = dict_num(tr, sx, "/Info");
  if (root <= 0 || size <= 0 || prev <= 0) return false;
  /* The catalog as cairo wrote it: "N 0 obj\n<< … >>\nendobj". */
  char head[48];
  snprintf(head, sizeof head, "\n%ld 0 obj", root);
  const char *obj = rfind(s, (size_t)(tr - s), head);
  const char *open = obj ? strstr(obj, "<<") : NULL;
  const char *end = open ? strstr(open, "endobj") : NULL;
  const char *close = end ? rfind(open, (size_t)(end - open), ">>") : NULL;
  if (!close) return false;
  size_t xmp_len;
  char *packet = xmp(dl, iso_date, &xmp_len);
  long meta = size;
  strbuf b = {0};
  sb_add(&b, s, n);
  if (b.len && b.s[b.len - 1] != '\n') sb_putc(&b, '\n');
  size_t at_catalog = b.len;
  sb_printf(&b, "%ld 0 obj\n", root);
  sb_add(&b, open, (size_t)(close - open));
  if (dl->n_outlines) sb_puts(&b, "   /PageMode /UseOutlines\n");
  sb_printf(&b, "   /Lang (zh-CN)\n   /ViewerPreferences << /DisplayDocTitle true >>\n   /Metadata %ld 0 R\n>>\nendobj\n", meta);
  size_t at_meta = b.len;
  sb_printf(&b, "%ld 0 obj\n<< /Type /Metadata /Subtype /XML /Length %zu >>\nstream\n", meta, xmp_len);
  sb_add(&b, packet, xmp_len);
  sb_puts(&b, "\nendstream\nendobj\n");
  size_t at_xref = b.len;
  sb_printf(&b, "xref\n%ld 1\n%010zu 00000 n \n%ld 1\n%010zu 00000 n \n", root, at_catalog, meta, at_meta);
  sb_printf(&b, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", meta + 1, root);
  if (info > 0) sb_printf(&b, "   /Info %ld 0 R\n", info);
  sb_printf(&b, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", prev, at_xref);
  free(packet);
  sb_free(pdf);
  *pdf = b;
  return true;
}
