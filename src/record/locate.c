#include "record/locate.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *s;
  size_t n, i;
} cursor;

static void skip_ws(cursor *c) {
  while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
    c->i++;
}

/* Skips a string starting at its opening quote; returns the raw content's span. */
static void skip_string(cursor *c, size_t *start, size_t *end) {
  c->i++;
  *start = c->i;
  while (c->i < c->n && c->s[c->i] != '"') {
    if (c->s[c->i] == '\\') c->i++;
    c->i++;
  }
  *end = c->i;
  c->i++;
}

static void skip_value(cursor *c, int depth);

static void skip_container(cursor *c, int depth) {
  char close = c->s[c->i] == '{' ? '}' : ']';
  bool obj = close == '}';
  c->i++;
  for (;;) {
    skip_ws(c);
    if (c->i >= c->n) return;
    if (c->s[c->i] == close) {
      c->i++;
      return;
    }
    if (c->s[c->i] == ',') {
      c->i++;
      continue;
    }
    if (obj) {
      size_t a, b;
      skip_string(c, &a, &b);
      skip_ws(c);
      c->i++; /* ':' */
      skip_ws(c);
    }
    skip_value(c, depth + 1);
  }
}

static void skip_value(cursor *c, int depth) {
  skip_ws(c);
  if (c->i >= c->n || depth > 10000) return;
  char ch = c->s[c->i];
  if (ch == '"') {
    size_t a, b;
    skip_string(c, &a, &b);
  } else if (ch == '{' || ch == '[') {
    skip_container(c, depth);
  } else {
    while (c->i < c->n && !strchr(",}] \t\r\n", c->s[c->i])) c->i++;
  }
}

static bool key_equals(const char *raw, size_t n, const char *key) {
  /* Keys with escapes are rare in our records; compare them raw and accept a miss. */
  return strlen(key) == n && !memcmp(raw, key, n);
}

bool json_locate(const char *text, size_t len, const char *const *path, size_t depth, int *line,
                 int *col) {
  cursor c = {text, len, 0};
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) c.i = 3;
  for (size_t d = 0; d < depth; d++) {
    skip_ws(&c);
    if (c.i >= c.n) return false;
    char open = c.s[c.i];
    if (open != '{' && open != '[') return false;
    bool obj = open == '{';
    long want = obj ? -1 : strtol(path[d], NULL, 10);
    long index = 0;
    bool found = false;
    c.i++;
    while (!found) {
      skip_ws(&c);
      if (c.i >= c.n || c.s[c.i] == '}' || c.s[c.i] == ']') return false;
      if (c.s[c.i] == ',') {
        c.i++;
        continue;
      }
      if (obj) {
        size_t a, b;
        skip_string(&c, &a, &b);
        skip_ws(&c);
        c.i++;
        skip_ws(&c);
        if (key_equals(c.s + a, b - a, path[d])) {
          found = true;
          break;
        }
      } else if (index++ == want) {
        found = true;
        break;
      }
      skip_value(&c, 0);
    }
  }
  skip_ws(&c);
  int l = 1, k = 1;
  for (size_t i = 0; i < c.i && i < len; i++) {
    if (text[i] == '\n') {
      l++;
      k = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      k++;
    }
  }
  *line = l;
  *col = k;
  return true;
}
