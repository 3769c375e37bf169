#include "merge/scan.h"

#include <stdlib.h>
#include <string.h>

#include "merge/blocks.h"
#include "util/strbuf.h"

void key_set_add(key_set *s, const char *key) {
  if (key_set_has(s, key)) return;
  if (s->n == s->cap) s->cap = s->cap ? s->cap * 2 : 64, s->keys = xrealloc(s->keys, s->cap * sizeof *s->keys);
  s->keys[s->n++] = xstrdup(key);
}

bool key_set_has(const key_set *s, const char *key) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->keys[i], key)) return true;
  return false;
}

void key_set_free(key_set *s) {
  for (size_t i = 0; i < s->n; i++) free(s->keys[i]);
  free(s->keys);
  memset(s, 0, sizeof *s);
}

typedef struct {
  const occ_list *l;
  const char *file;
  diag_list *d;
  size_t errors;
} scan_ctx;

static void report(scan_ctx *c, size_t i, const char *msg, const char *hint) {
  const occurrence *o = &c->l->v[i];
  char *place = describe_place(o->p);
  char *s = text_of(o->t);
  size_t len = strlen(s), a = o->off, b = o->off + o->len;
  if (b > len) b = len;
  char *shown = xstrndup(s + a, b - a);
  char *where = xasprintf("%s 的标签 %s", place, shown);
  diag_place at = {.file = c->file, .where = where};
  diag_add(c->d, DIAG_ERROR, &at, hint && *hint ? hint : NULL, "%s", msg);
  c->errors++;
  free(where);
  free(shown);
  free(s);
  free(place);
}

/* Pairing problems wait in `pending` so that every problem is told in document order. */
typedef struct {
  char **pending;
} pair_ctx;

static void bad_pair(void *ctx, size_t i, const char *msg) {
  pair_ctx *p = ctx;
  if (!p->pending[i]) p->pending[i] = xstrdup(msg);
}

void slot_list_free(slot_list *s) {
  free(s->v);
  memset(s, 0, sizeof *s);
}

static void slot_add(slot_list *s, const tag *t) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->v[i].key, t->key) && !strcmp(s->v[i].sel, t->sel) && !strcmp(s->v[i].option, t->value) &&
        s->v[i].kind == t->kind)
      return;
  if (s->n == s->cap) s->cap = s->cap ? s->cap * 2 : 64, s->v = xrealloc(s->v, s->cap * sizeof *s->v);
  slot *x = &s->v[s->n++];
  memset(x, 0, sizeof *x);
  snprintf(x->key, sizeof x->key, "%s", t->key);
  snprintf(x->sel, sizeof x->sel, "%s", t->sel);
  snprintf(x->option, sizeof x->option, "%s", t->kind == TAG_CHECK ? t->value : "");
  x->kind = t->kind;
}

size_t scan_template(xmlDocPtr doc, const char *file, const merge_env *env, diag_list *d, key_set *used,
                     slot_list *slots) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root) return 0;
  join_split_tags(root);
  occ_list l = {0};
  collect_tags(root, &l);
  scan_ctx c = {.l = &l, .file = file, .d = d};
  long *match = xmalloc((l.n ? l.n : 1) * sizeof *match);
  pair_ctx pc = {.pending = calloc(l.n ? l.n : 1, sizeof(char *))};
  pair_blocks(&l, match, bad_pair, &pc);
  /* The list field of the innermost enclosing {{#each}}, for .field tags. */
  const field **lists = xmalloc((l.n ? l.n : 1) * sizeof *lists);
  size_t depth = 0;
  char msg[512], hint[256];
  for (size_t i = 0; i < l.n; i++) {
    const tag *t = &l.v[i].tag;
    if (tag_is_close(t->kind) && match[i] >= 0 && depth) depth--;
    const field *list = depth ? lists[depth - 1] : NULL;
    if (pc.pending[i]) report(&c, i, pc.pending[i], NULL);
    free(pc.pending[i]);
    if (!tag_check(env, t, list, msg, sizeof msg, hint, sizeof hint)) report(&c, i, msg, hint);
    const field *f = t->kind != TAG_BAD ? tag_field(env, t, list) : NULL;
    if (used && f && t->key[0] != '.') key_set_add(used, f->key);
    if (slots && f && t->key[0] != '.' && (t->kind == TAG_VALUE || t->kind == TAG_CHECK || t->kind == TAG_EACH))
      slot_add(slots, t);
    if (tag_is_open(t->kind) && match[i] >= 0) {
      if (block_level_of(&l.v[i], &l.v[match[i]]) == BLOCK_BAD)
        report(&c, i,
               "块的开始和结束标签位置不配：要么在同一段里，要么各自独占一段且属于同一处，要么在同一表格的不同格或不同行。",
               "把结束标签移到开始标签所在的段、所在的单元格，或同一表格的后面一行。");
      lists[depth++] = t->kind == TAG_EACH ? (f && f->type == FT_LIST ? f : NULL) : list;
    }
  }
  free(pc.pending);
  free(lists);
  free(match);
  occ_free(&l);
  return c.errors;
}
