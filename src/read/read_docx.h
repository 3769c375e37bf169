/* clusterform read: a 申报表 DOCX that clusterform wrote, after a person corrected it in WPS, Word or
   LibreOffice, back to the cluster's record. The edition's own template is the map: every value tag
   there is a place in the document whose text is the field's value. */
#ifndef CF_READ_DOCX_H
#define CF_READ_DOCX_H
#include <jansson.h>

#include "catalog/catalog.h"
#include "util/diag.h"

/* The record (a new reference), or NULL after adding problems to d. edition_id NULL: the edition
   whose form the document fits (all of templates/ are tried). base: see read_record(). *edition_out
   (may be NULL) receives the edition's id, malloc'd. *install_fault is set when clusterform's own
   templates could not be read. */
json_t *read_docx(const char *path, const catalog *cat, const char *templates, const char *edition_id, json_t *base,
                  char **edition_out, bool *install_fault, diag_list *d);
#endif
