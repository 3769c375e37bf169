#include "record/locate.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

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

/* ---- the index ------------------------------------------------------------------------------- */

#define INDEX_DEPTH 64

typedef struct {
  cursor c;
  json_t *out;
  strbuf path;           /* components joined by \x1f */
  size_t at;             /* line and column are known up to here */
  int line, col;
} indexer;

static void advance_to(indexer *x, size_t pos) {
  for (; x->at < pos && x->at < x->c.n; x->at++) {
    if (x->c.s[x->at] == '\n') x->line++, x->col = 1;
    else if (((unsigned char)x->c.s[x->at] & 0xC0) != 0x80) x->col++;
  }
}

/* Enough for any record (a complete one has some 500 values); a file of millions of values is
   indexed up to here, and the rest found by a scan when asked for. */
#define INDEX_MAX 200000

static void index_value(indexer *x, int depth) {
  skip_ws(&x->c);
  if (x->c.i >= x->c.n) return;
  advance_to(x, x->c.i);
  if (json_object_size(x->out) < INDEX_MAX)
    json_object_set_new(x->out, x->path.s ? x->path.s : "", json_pack("[ii]", x->line, x->col));
  char ch = x->c.s[x->c.i];
  if ((ch != '{' && ch != '[') || depth >= INDEX_DEPTH) {
    skip_value(&x->c, 0);
    return;
  }
  bool obj = ch == '{';
  char close = obj ? '}' : ']';
  size_t base = x->path.len;
  long index = 0;
  x->c.i++;
  for (;;) {
    skip_ws(&x->c);
    if (x->c.i >= x->c.n) return;
    if (x->c.s[x->c.i] == close) {
      x->c.i++;
      break;
    }
    if (x->c.s[x->c.i] == ',') {
      x->c.i++;
      continue;
    }
    if (base) sb_putc(&x->path, '\x1f');
    if (obj) {
      size_t a, b;
      skip_string(&x->c, &a, &b);
      sb_add(&x->path, x->c.s + a, b - a);
      skip_ws(&x->c);
      x->c.i++; /* ':' */
    } else {
      sb_printf(&x->path, "%ld", index++);
    }
    index_value(x, depth + 1);
    x->path.len = base;
    if (x->path.s) x->path.s[base] = '\0';
  }
}

json_t *json_places(const char *text, size_t len) {
  indexer x = {.c = {text, len, 0}, .out = json_object(), .line = 1, .col = 1};
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) x.c.i = x.at = 3;
  index_value(&x, 0);
  sb_free(&x.path);
  return x.out;
}

bool json_places_find(json_t *places, const char *const *path, size_t depth, int *line, int *col) {
  strbuf b = {0};
  for (size_t i = 0; i < depth; i++) {
    if (i) sb_putc(&b, '\x1f');
    sb_puts(&b, path[i]);
  }
  json_t *at = json_object_get(places, b.s ? b.s : "");
  sb_free(&b);
  if (!json_is_array(at)) return false;
  *line = (int)json_integer_value(json_array_get(at, 0));
  *col = (int)json_integer_value(json_array_get(at, 1));
  return true;
}

bool json_places_complete(json_t *places) { return json_object_size(places) < INDEX_MAX; }
