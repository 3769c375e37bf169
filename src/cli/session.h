/* What fill and check both load before they work: the catalog, the edition, the record (read and
   validated), the template and what its form shows. Every problem goes to one list. */
#ifndef CF_SESSION_H
#define CF_SESSION_H
#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "merge/scan.h"
#include "ooxml/package.h"
#include "record/record.h"
#include "util/diag.h"

/* What does not change from one cluster to the next in a batch: the catalog, and per edition (or
   --template) the edition, its template read and checked, and what its form shows. A session
   opened with a cache borrows these (and fills a copy of the template); one worker at a time. */
typedef struct session_cache session_cache;
session_cache *session_cache_new(void);
void session_cache_free(session_cache *c);

typedef struct {
  const char *templates;
  session_cache *cache; /* NULL: load everything for this session alone */
  bool read_only;       /* with a cache: the template is only read (check), so it is not copied */
  const char *edition;  /* -e, or NULL: the record's "edition" */
  const char *input;    /* the record's file, or NULL for the blank form */
  record *given;        /* the record already read (a workbook's cluster), taken over by session_open;
                           NULL: read `input` */
  const char *template_path; /* --template, or NULL: the edition's form */
  catalog cat;
  edition ed;
  record rec;
  package pkg;
  key_set used;   /* catalog keys the form shows */
  slot_list slots; /* the places the form shows them */
  bool has_cat, has_ed, has_rec, has_pkg;
  bool borrowed;     /* cat, ed, used and slots are the cache's */
  bool borrowed_pkg; /* and so is pkg (read_only) */
} session;

/* Loads everything. Returns EXIT_OK, or the exit code that fits the first kind of failure. */
int session_open(session *s, diag_list *d);
void session_close(session *s);
#endif
