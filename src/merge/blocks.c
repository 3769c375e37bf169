#include "merge/blocks.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/strbuf.h"

void pair_blocks(const occ_list *l, long *match, void (*bad)(void *, size_t, const char *), void *ctx) {
  size_t *stack = xmalloc((l->n ? l->n : 1) * sizeof *stack);
  size_t depth = 0;
  char msg[256];
  for (size_t i = 0; i < l->n; i++) match[i] = -1;
  for (size_t i = 0; i < l->n; i++) {
    tag_kind k = l->v[i].tag.kind;
    if (tag_is_open(k)) {
      stack[depth++] = i;
    } else if (tag_is_close(k)) {
      if (!depth) {
        snprintf(msg, sizeof msg, "%s 前面没有对应的开始标签。", tag_kind_word(k));
        bad(ctx, i, msg);
        continue;
      }
      size_t o = stack[--depth];
      if (tag_close_for(l->v[o].tag.kind) != k) {
        snprintf(msg, sizeof msg, "%s 与前面的 %s 不配对，应为 %s。", tag_kind_word(k),
                 tag_kind_word(l->v[o].tag.kind), tag_kind_word(tag_close_for(l->v[o].tag.kind)));
        bad(ctx, i, msg);
      }
      match[o] = (long)i;
      match[i] = (long)o;
    }
  }
  while (depth) {
    size_t o = stack[--depth];
    snprintf(msg, sizeof msg, "%s 没有结束，缺少 %s。", tag_kind_word(l->v[o].tag.kind),
             tag_kind_word(tag_close_for(l->v[o].tag.kind)));
    bad(ctx, o, msg);
  }
  free(stack);
}

block_level block_level_of(const occurrence *o, const occurrence *c) {
  if (o->p == c->p) return BLOCK_INLINE;
  bool alone = tag_alone(o) && tag_alone(c);
  if (alone && o->p->parent == c->p->parent) return BLOCK_PARAGRAPH;
  xmlNodePtr to = w_ancestor(o->p, "tc"), tcl = w_ancestor(c->p, "tc");
  if (to && to == tcl) return BLOCK_BAD; /* same cell, but not as two paragraphs of their own */
  xmlNodePtr ro = w_ancestor(o->p, "tr"), rc = w_ancestor(c->p, "tr");
  if (ro && rc && ro->parent == rc->parent) return BLOCK_ROW;
  return BLOCK_BAD;
}
