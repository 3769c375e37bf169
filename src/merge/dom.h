/* WordprocessingML on a libxml2 tree: the few operations the merge needs, and the tags found in
   a part of the document. */
#ifndef CF_DOM_H
#define CF_DOM_H
#include <libxml/tree.h>
#include <stdbool.h>

#include "merge/tag.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

bool is_w(const xmlNode *n, const char *name);
xmlNodePtr w_child(xmlNodePtr n, const char *name);
/* Whether paragraph p has the paragraph style whose id is `style`. */
bool w_has_style(xmlNodePtr p, const char *style);
xmlNodePtr w_ancestor(xmlNodePtr n, const char *name);
xmlNodePtr w_new(xmlNodePtr near, const char *name);
xmlNodePtr next_element(xmlNodePtr n);
char *text_of(xmlNodePtr t);                      /* the content of a w:t (malloc'd) */
void set_text(xmlNodePtr t, const char *s, size_t n); /* escaped as needed; spaces kept */
/* The w:t of a paragraph in document order (not those of text boxes inside it). */
size_t para_texts(xmlNodePtr p, xmlNodePtr **out);
/* The text of a paragraph, or of every paragraph of a node, joined. */
char *plain_text(xmlNodePtr node);

/* A tag where it stands: in w:t `t` of paragraph `p`, at byte `off`, `len` bytes long. */
typedef struct {
  xmlNodePtr p, t;
  size_t off, len;
  tag tag;
} occurrence;

typedef struct {
  occurrence *v;
  size_t n, cap;
} occ_list;

/* Word splits typed text into runs at will; a tag split over several runs is moved whole into
   the first of them, in every paragraph under node. */
void join_split_tags(xmlNodePtr node);
/* The tags under node in document order. A "{{" with no "}}" in its paragraph is a TAG_BAD. */
void collect_tags(xmlNodePtr node, occ_list *out);
void occ_free(occ_list *l);
/* The paragraph holds nothing but this tag (and spaces). */
bool tag_alone(const occurrence *o);
/* Where a paragraph stands, as a person finds it in Word: "「一、基本情况」之后第2个表格第3行第1格". */
char *describe_place(xmlNodePtr p);
#endif
