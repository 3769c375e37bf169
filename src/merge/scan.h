/* Checks a template before anything is filled: every tag readable, every key known to the catalog,
   every option and year defined, every block closed and placed where it can work. All problems are
   reported together, each with its place in the document as a person finds it in Word. */
#ifndef CF_SCAN_H
#define CF_SCAN_H
#include <libxml/tree.h>
#include <stddef.h>

#include "merge/eval.h"
#include "util/diag.h"

typedef struct {
  char **keys;
  size_t n, cap;
} key_set;

/* One place the form shows a value: a key, its year selector (y1, base …) and the kind of tag
   (a value, or a box with its option). The check reads these to know what the edition asks. */
typedef struct {
  char key[160];
  char sel[24];
  char option[256];
  tag_kind kind;
} slot;

typedef struct {
  slot *v;
  size_t n, cap;
} slot_list;

/* `file` names the template in messages, `part` the part inside it (word/document.xml). Keys of
   the catalog that the template uses are added to `used` (may be NULL). Returns the error count. */
size_t scan_template(xmlDocPtr doc, const char *file, const merge_env *env, diag_list *d, key_set *used,
                     slot_list *slots);
void slot_list_free(slot_list *s);
void key_set_add(key_set *s, const char *key);
bool key_set_has(const key_set *s, const char *key);
void key_set_free(key_set *s);
#endif
