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
/* The .docx bytes. Returns NULL and sets *err on failure. */
char *package_zip(const package *p, size_t *len, char **err);
void package_free(package *p);
#endif
