/* A growable byte string. Allocation failure aborts: every caller would only give up anyway. */
#ifndef CF_STRBUF_H
#define CF_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct {
  char *s;     /* always NUL-terminated once anything was added */
  size_t len;
  size_t cap;
} strbuf;

void sb_add(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *b, const char *fmt, va_list ap);
/* Returns the string (never NULL) and leaves the buffer empty; the caller frees it. */
char *sb_take(strbuf *b);
void sb_free(strbuf *b);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
