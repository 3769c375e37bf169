#include "merge/tag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"

static size_t brace_at(const char *s, size_t n, char ascii, const char *wide) {
  if (n >= 1 && s[0] == ascii) return 1;
  if (n >= 3 && !memcmp(s, wide, 3)) return 3;
  return 0;
}

static size_t pair_at(const char *s, size_t n, char ascii, const char *wide) {
  size_t a = brace_at(s, n, ascii, wide);
  if (!a) return 0;
  size_t b = brace_at(s + a, n - a, ascii, wide);
  return b ? a + b : 0;
}

size_t tag_open_at(const char *s, size_t n) { return pair_at(s, n, '{', "\xEF\xBD\x9B"); }
size_t tag_close_at(const char *s, size_t n) { return pair_at(s, n, '}', "\xEF\xBD\x9D"); }

bool tag_is_open(tag_kind k) { return k == TAG_EACH || k == TAG_IF || k == TAG_UNLESS; }
bool tag_is_close(tag_kind k) { return k == TAG_END_EACH || k == TAG_END_IF || k == TAG_END_UNLESS; }

tag_kind tag_close_for(tag_kind open) {
  return open == TAG_EACH ? TAG_END_EACH : open == TAG_IF ? TAG_END_IF : TAG_END_UNLESS;
}

const char *tag_kind_word(tag_kind k) {
  switch (k) {
  case TAG_EACH: return "{{#each}}";
  case TAG_IF: return "{{#if}}";
  case TAG_UNLESS: return "{{#unless}}";
  case TAG_END_EACH: return "{{/each}}";
  case TAG_END_IF: return "{{/if}}";
  case TAG_END_UNLESS: return "{{/unless}}";
  default: return "标签";
  }
}

/* Full-width ASCII forms become ASCII, every kind of space one space, quotes disappear. */
static void normalize(const char *in, size_t n, strbuf *out) {
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    size_t k = utf8_decode(in + i, n - i, &cp);
    if (!k) k = 1, cp = (unsigned char)in[i];
    i += k;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp == 0x3000 || cp == 0xA0 || cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
    if (cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) continue;
    char buf[4];
    sb_add(out, buf, utf8_encode(cp, buf));
  }
}

static void copy_field(char *dst, size_t cap, const char *src, size_t n, tag *t) {
  if (n >= cap) {
    t->kind = TAG_BAD;
    snprintf(t->error, sizeof t->error, "标签中的名称过长。");
    n = cap - 1;
  }
  memcpy(dst, src, n);
  dst[n] = '\0';
}

/* Splits "a b=c d" into words; spaces around '=' and '@' are dropped first. */
static size_t words(char *s, char **w, size_t max) {
  char *r = s, *o = s;
  while (*r) {
    if (*r == ' ') {
      char *q = r;
      while (*q == ' ') q++;
      bool glue = (*q == '=' || *q == '@') || (o > s && (o[-1] == '=' || o[-1] == '@'));
      if (!glue && o > s) *o++ = ' ';
      r = q;
      continue;
    }
    *o++ = *r++;
  }
  *o = '\0';
  size_t n = 0;
  char *p = s;
  while (*p && n < max) {
    while (*p == ' ') p++;
    if (!*p) break;
    w[n++] = p;
    while (*p && *p != ' ') p++;
    if (*p) *p++ = '\0';
  }
  return n;
}

static bool valid_key(const char *k) {
  if (!*k) return false;
  if (!strcmp(k, ".#")) return true;
  for (const char *p = k; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (!(c == '.' || c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

static void set_key_sel(tag *t, const char *word) {
  const char *at = strchr(word, '@');
  if (at) {
    copy_field(t->key, sizeof t->key, word, (size_t)(at - word), t);
    copy_field(t->sel, sizeof t->sel, at + 1, strlen(at + 1), t);
  } else {
    copy_field(t->key, sizeof t->key, word, strlen(word), t);
  }
  if (t->kind != TAG_BAD && !valid_key(t->key)) {
    t->kind = TAG_BAD;
    snprintf(t->error, sizeof t->error, "\"%.60s\" 不是字段名：字段名由英文字母、数字、下划线和点组成（例如 output.total）。", t->key);
  }
}

void tag_parse(const char *inner, size_t len, tag *t) {
  memset(t, 0, sizeof *t);
  strbuf b = {0};
  normalize(inner, len, &b);
  char *s = b.s ? b.s : xstrdup("");
  char *w[8];
  size_t nw;
  char *p = s;
  while (*p == ' ') p++;
  if (*p == '!') {
    t->kind = TAG_COMMENT;
    free(s);
    return;
  }
  if (*p == '?') {
    t->kind = TAG_CHECK;
    nw = words(p + 1, w, 8);
    if (nw != 1) {
      t->kind = TAG_BAD;
      snprintf(t->error, sizeof t->error, "勾选框标签应写成 {{? 字段=选项}}，例如 {{? industry_type=secondary}}。");
    } else {
      char *eq = strchr(w[0], '=');
      if (eq) {
        *eq = '\0';
        copy_field(t->value, sizeof t->value, eq + 1, strlen(eq + 1), t);
      } else {
        snprintf(t->value, sizeof t->value, "true");
      }
      set_key_sel(t, w[0]);
    }
    free(s);
    return;
  }
  if (*p == '/') {
    nw = words(p + 1, w, 8);
    const char *name = nw ? w[0] : "";
    if (!strcmp(name, "each")) t->kind = TAG_END_EACH;
    else if (!strcmp(name, "if")) t->kind = TAG_END_IF;
    else if (!strcmp(name, "unless")) t->kind = TAG_END_UNLESS;
    else {
      t->kind = TAG_BAD;
      snprintf(t->error, sizeof t->error, "结束标签应为 {{/each}}、{{/if}} 或 {{/unless}}。");
    }
    free(s);
    return;
  }
  if (*p == '#') {
    nw = words(p + 1, w, 8);
    const char *name = nw ? w[0] : "";
    if (!strcmp(name, "each")) t->kind = TAG_EACH;
    else if (!strcmp(name, "if")) t->kind = TAG_IF;
    else if (!strcmp(name, "unless")) t->kind = TAG_UNLESS;
    else {
      t->kind = TAG_BAD;
      snprintf(t->error, sizeof t->error, "\"#%s\" 不是已知的块标签；可用 {{#each 列表}}、{{#if 字段}}、{{#unless 字段}}。", name);
      free(s);
      return;
    }
    if (nw < 2 || (t->kind != TAG_EACH && nw > 2) || nw > 3) {
      t->kind = TAG_BAD;
      snprintf(t->error, sizeof t->error, "块标签应写成 {{#each 列表 [列=值]}} 或 {{#if 字段}}。");
      free(s);
      return;
    }
    set_key_sel(t, w[1]);
    if (nw == 3 && t->kind != TAG_BAD) {
      char *eq = strchr(w[2], '=');
      if (!eq) {
        t->kind = TAG_BAD;
        snprintf(t->error, sizeof t->error, "筛选条件应写成 列=值，例如 direction=主导产业。");
      } else {
        *eq = '\0';
        copy_field(t->filter, sizeof t->filter, w[2], strlen(w[2]), t);
        copy_field(t->value, sizeof t->value, eq + 1, strlen(eq + 1), t);
      }
    }
    free(s);
    return;
  }
  nw = words(p, w, 8);
  if (nw != 1) {
    t->kind = TAG_BAD;
    snprintf(t->error, sizeof t->error, nw ? "标签里只能有一个字段名。" : "空标签 {{}}。");
  } else {
    t->kind = TAG_VALUE;
    set_key_sel(t, w[0]);
  }
  free(s);
}
