/* An OOXML package in memory: the template's parts, read from a folder of parts or a .docx, and
   written back as a .docx with fixed times and a fixed order, so equal input gives equal bytes. */
#ifndef CF_PACKAGE_H
#define CF_PACKAGE_H
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

typedef struct {
  char *name; /* "word/document.xml" */
  char *data;
  size_t len;
  void *xml;  /* the libxml2 document `data` was written from, kept for the next reader; or, after
                 check_package, its parse of `data` (split tags joined); or NULL */
} part;

typedef struct package_s {
  part *parts;
  size_t n, cap;
} package;

/* A folder (an unzipped .docx) or a .docx file. */
bool package_read(package *p, const char *path, diag_list *d);
part *package_find(const package *p, const char *name);
/* Replaces (or adds) a part; takes ownership of data. */
void package_set(package *p, const char *name, char *data, size_t len);
/* The same, keeping the parsed document (an xmlDocPtr) data was serialised from, so that a later
   reader of the part need not parse it again (part.xml); takes ownership of both. */
void package_set_parsed(package *p, const char *name, char *data, size_t len, void *xml);
/* The .docx bytes. Returns NULL and sets *err on failure. */
char *package_zip(const package *p, size_t *len, char **err);
/* A copy that can be filled without touching the original (its parsed parts copied too). */
void package_copy(package *dst, const package *src);
void package_free(package *p);
#endif
