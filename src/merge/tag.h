/* One template tag: the text between {{ and }}, read into its parts. The reader forgives what Word
   and Chinese input methods do to typed text: full-width ｛｝＝＃／？．＠, curly or straight quotes
   around values, ideographic spaces. */
#ifndef CF_TAG_H
#define CF_TAG_H
#include <stdbool.h>
#include <stddef.h>

typedef enum {
  TAG_VALUE,   /* {{key}}, {{key@y1}}, {{.field}}, {{edition.y1}} */
  TAG_CHECK,   /* {{? key=option}} */
  TAG_EACH,    /* {{#each key field=value}} */
  TAG_IF,      /* {{#if key}} */
  TAG_UNLESS,  /* {{#unless key}} */
  TAG_END_EACH,
  TAG_END_IF,
  TAG_END_UNLESS,
  TAG_COMMENT, /* {{! …}} */
  TAG_BAD
} tag_kind;

typedef struct {
  tag_kind kind;
  char key[160];
  char sel[24];     /* after @ */
  char value[256];  /* the option of a check, the wanted value of an each filter */
  char filter[64];  /* the each filter's field */
  char error[256];  /* TAG_BAD: what is wrong, in Chinese */
} tag;

/* Where tags start and end. Both accept the ASCII and the full-width brace. Returns the byte
   length of the delimiter at s, or 0. */
size_t tag_open_at(const char *s, size_t n);
size_t tag_close_at(const char *s, size_t n);

/* Reads the inside of a tag (without the braces). */
void tag_parse(const char *inner, size_t len, tag *t);
bool tag_is_open(tag_kind k);
bool tag_is_close(tag_kind k);
tag_kind tag_close_for(tag_kind open);
const char *tag_kind_word(tag_kind k); /* "#each" … for messages */
#endif
