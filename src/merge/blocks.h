/* Pairing of block tags ({{#each}} … {{/each}}) and the level a block works at. */
#ifndef CF_BLOCKS_H
#define CF_BLOCKS_H
#include <stddef.h>

#include "merge/dom.h"

typedef enum {
  BLOCK_INLINE,    /* both tags in one paragraph */
  BLOCK_PARAGRAPH, /* each tag alone in its own paragraph, the two paragraphs siblings */
  BLOCK_ROW,       /* the tags in rows of one table (another cell or a later row) */
  BLOCK_BAD
} block_level;

/* match[i] = index of the tag that closes (or opens) occurrence i, or -1. Problems (a close with no
   open, an open never closed, {{#each}} closed by {{/if}}) are reported through `bad`, which
   receives the occurrence index and a message. */
void pair_blocks(const occ_list *l, long *match, void (*bad)(void *ctx, size_t i, const char *msg), void *ctx);
block_level block_level_of(const occurrence *open, const occurrence *close);
#endif
