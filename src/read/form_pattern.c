#include "read/form_pattern.h"

#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "util/strbuf.h"

typedef struct {
  pat *v;
  size_t n, cap;
} pat_vec;

static pat *push(pat_vec *l) {
  if (l->n == l->cap) l->cap = l->cap ? l->cap * 2 : 8, l->v = xrealloc(l->v, l->cap * sizeof *l->v);
  pat *p = &l->v[l->n++];
  memset(p, 0, sizeof *p);
  return p;
}

typedef struct {
  const merge_env *env;
  const char *name;
  diag_list *d;
  bool ok;
} builder;

/* A tag found in a paragraph's text. */
typedef struct {
  tag t;
  size_t at, len;
} found_tag;

/* The tags of a text, in order (n returned, *out malloc'd). */
static size_t find_tags(const char *s, found_tag **out) {
  size_t n = strlen(s), cnt = 0, cap = 0;
  *out = NULL;
  for (size_t i = 0; i < n;) {
    size_t o = tag_open_at(s + i, n - i);
    if (!o) {
      i++;
      continue;
    }
    size_t e = i + o, c = 0;
    while (e < n && !(c = tag_close_at(s + e, n - e))) e++;
    if (cnt == cap) cap = cap ? cap * 2 : 4, *out = xrealloc(*out, cap * sizeof **out);
    found_tag *f = &(*out)[cnt++];
    tag_parse(s + i + o, e - i - o, &f->t);
    f->at = i;
    f->len = (c ? e + c : n) - i;
    i = c ? e + c : n;
  }
  return cnt;
}

static bool is_block_tag(tag_kind k) { return tag_is_open(k) || tag_is_close(k); }

static bool only_spaces(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n') continue;
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) {
      i += 2; /* U+3000 */
      continue;
    }
    return false;
  }
  return true;
}

static void fail(builder *b, const block *where, const char *msg) {
  char *place = describe_place(where->node);
  diag_place at = {.file = b->name, .where = place};
  diag_add(b->d, DIAG_ERROR, &at, "把这个块的开头和结尾标签各放在单独的段落或表格行里。", "%s", msg);
  free(place);
  b->ok = false;
}

static seg *add_seg(seg **v, size_t *n, size_t *cap) {
  if (*n == *cap) *cap = *cap ? *cap * 2 : 4, *v = xrealloc(*v, *cap * sizeof **v);
  seg *s = &(*v)[(*n)++];
  memset(s, 0, sizeof *s);
  return s;
}

static void add_text(seg **v, size_t *n, size_t *cap, const char *s, size_t len) {
  if (!len) return;
  if (*n && (*v)[*n - 1].kind == SEG_TEXT) {
    seg *last = &(*v)[*n - 1];
    size_t old = strlen(last->text);
    last->text = xrealloc(last->text, old + len + 1);
    memcpy(last->text + old, s, len);
    last->text[old + len] = '\0';
    return;
  }
  seg *g = add_seg(v, n, cap);
  g->kind = SEG_TEXT;
  g->text = xstrndup(s, len);
}

static void build_para(builder *b, const block *blk, const field *list, pat *p) {
  p->kind = PAT_PARA;
  found_tag *tags;
  size_t nt = find_tags(blk->text, &tags);
  seg *segs = NULL;
  size_t n = 0, cap = 0, pos = 0;
  strbuf shown = {0};
  for (size_t i = 0; i < nt; i++) {
    const tag *t = &tags[i].t;
    add_text(&segs, &n, &cap, blk->text + pos, tags[i].at - pos);
    sb_add(&shown, blk->text + pos, tags[i].at - pos);
    pos = tags[i].at + tags[i].len;
    if (tag_is_open(t->kind)) {
      for (size_t j = i + 1; j < nt; j++)
        if (tags[j].t.kind == tag_close_for(t->kind)) {
          fail(b, blk, "段落之内的 {{#if}}、{{#unless}} 或 {{#each}} 块无法从填好的文档读回。");
          break;
        }
    }
    if (t->kind == TAG_VALUE && !strncmp(t->key, "edition.", 8)) {
      const char *name = t->key + 8;
      if (b->env->ed && b->env->ed->auto_years && name[0] == 'y' && name[1] >= '1' && name[1] <= '3' && !name[2]) {
        seg *g = add_seg(&segs, &n, &cap);
        g->kind = SEG_YEAR;
        g->tag = *t;
        sb_puts(&shown, "XX");
      } else {
        char *v = eval_value(b->env, NULL, t);
        if (v) add_text(&segs, &n, &cap, v, strlen(v)), sb_puts(&shown, v);
        free(v);
      }
    } else if (t->kind == TAG_VALUE || t->kind == TAG_CHECK) {
      seg *g = add_seg(&segs, &n, &cap);
      g->tag = *t;
      g->list = list;
      if (!strcmp(t->key, ".#")) {
        g->kind = SEG_INDEX;
        sb_puts(&shown, "N");
        continue;
      }
      g->kind = t->kind == TAG_VALUE ? SEG_VALUE : SEG_BOX;
      g->field = tag_field(b->env, t, list);
      if (g->kind == SEG_BOX) sb_puts(&shown, "\xE2\x96\xA1");
      else sb_printf(&shown, "【%s】", g->field ? g->field->label : t->key);
    }
  }
  add_text(&segs, &n, &cap, blk->text + pos, strlen(blk->text) - pos);
  sb_puts(&shown, blk->text + pos);
  free(tags);
  p->segs = segs;
  p->n_segs = n;
  p->shown = sb_take(&shown);
  size_t values = 0, slots = 0;
  const seg *value = NULL;
  bool spaces = true;
  for (size_t i = 0; i < n; i++) {
    if (segs[i].kind == SEG_TEXT) spaces &= only_spaces(segs[i].text, strlen(segs[i].text));
    else slots++;
    if (segs[i].kind == SEG_VALUE) values++, value = &segs[i];
  }
  p->blank = !slots && spaces;
  p->lines = slots == 1 && values == 1 && spaces && value->field && value->field->type == FT_TEXT;
}

/* The paragraph holds nothing but one tag (which opens or closes a block, or nothing). */
static bool alone_block_tag(const block *blk, tag *out) {
  if (blk->kind != BK_PARA) return false;
  found_tag *tags;
  size_t nt = find_tags(blk->text, &tags);
  bool alone = nt == 1 && is_block_tag(tags[0].t.kind) && only_spaces(blk->text, tags[0].at) &&
               only_spaces(blk->text + tags[0].at + tags[0].len, strlen(blk->text) - tags[0].at - tags[0].len);
  if (alone) *out = tags[0].t;
  free(tags);
  return alone;
}

static int keep_of(const merge_env *env, const tag *t) {
  bool want = t->kind == TAG_IF;
  /* The blank form (a person may type into it too) and the filled one are both tried: their
     printed words tell them apart. */
  if (!strcmp(t->key, "blank")) return -1;
  if (!strncmp(t->key, "edition.", 8)) return eval_truthy(env, NULL, t) == want;
  return -1;
}

static void build_seq(builder *b, const block *v, size_t n, const field *list, pat_vec *out);

static void build_cell(builder *b, const block *cell, const field *list, pat *p) {
  p->kind = PAT_CELL;
  p->vmerge = cell->vmerge;
  pat_vec kids = {0};
  build_seq(b, cell->kids, cell->n, list, &kids);
  p->kids = kids.v;
  p->n = kids.n;
}

static void build_row(builder *b, const block *row, const field *list, pat *p) {
  p->kind = PAT_ROW;
  p->kids = xmalloc((row->n ? row->n : 1) * sizeof *p->kids);
  p->n = row->n;
  for (size_t i = 0; i < row->n; i++) {
    memset(&p->kids[i], 0, sizeof p->kids[i]);
    build_cell(b, &row->kids[i], list, &p->kids[i]);
  }
}

/* The block tags of a cell's paragraphs, in order. */
static void cell_tags(const block *n, tag **v, size_t *cnt, size_t *cap) {
  if (n->kind == BK_PARA) {
    found_tag *tags;
    size_t nt = find_tags(n->text, &tags);
    for (size_t i = 0; i < nt; i++) {
      if (!is_block_tag(tags[i].t.kind)) continue;
      if (*cnt == *cap) *cap = *cap ? *cap * 2 : 8, *v = xrealloc(*v, *cap * sizeof **v);
      (*v)[(*cnt)++] = tags[i].t;
    }
    free(tags);
    return;
  }
  for (size_t i = 0; i < n->n; i++) cell_tags(&n->kids[i], v, cnt, cap);
}

/* The block tags of a row that reach beyond their cell (those paired within a cell are its own
   paragraph blocks), in order. */
static size_t row_block_tags(const block *row, tag *out, size_t cap) {
  size_t cnt = 0;
  for (size_t c = 0; c < row->n; c++) {
    tag *v = NULL;
    size_t n = 0, vcap = 0;
    cell_tags(&row->kids[c], &v, &n, &vcap);
    bool *paired = calloc(n ? n : 1, sizeof *paired);
    size_t *stack = xmalloc((n ? n : 1) * sizeof *stack), depth = 0;
    for (size_t i = 0; i < n; i++) {
      if (tag_is_open(v[i].kind)) stack[depth++] = i;
      else if (depth && tag_close_for(v[stack[depth - 1]].kind) == v[i].kind) paired[stack[--depth]] = paired[i] = true;
    }
    for (size_t i = 0; i < n; i++)
      if (!paired[i] && cnt < cap) out[cnt++] = v[i];
    free(stack);
    free(paired);
    free(v);
  }
  return cnt;
}

static void build_table(builder *b, const block *tbl, const field *list, pat *p) {
  p->kind = PAT_TABLE;
  pat_vec rows = {0};
  long open_at = -1;
  tag open = {0};
  pat_vec body = {0};
  for (size_t r = 0; r < tbl->n; r++) {
    tag tags[16];
    size_t nt = row_block_tags(&tbl->kids[r], tags, 16);
    bool opens = false, closes = false;
    for (size_t i = 0; i < nt; i++) {
      if (tag_is_open(tags[i].kind)) {
        if (open_at >= 0 || opens) {
          fail(b, &tbl->kids[r], "表格行的块套在另一个块之内，无法从填好的文档读回。");
          continue;
        }
        opens = true;
        open = tags[i];
      } else {
        closes = true;
      }
    }
    if (opens) open_at = (long)r;
    const field *inner = open_at >= 0 && open.kind == TAG_EACH ? catalog_find(b->env->cat, open.key) : list;
    if (open_at >= 0) {
      build_row(b, &tbl->kids[r], inner, push(&body));
    } else {
      build_row(b, &tbl->kids[r], list, push(&rows));
    }
    if (closes && open_at >= 0) {
      pat *blk = push(&rows);
      blk->kind = open.kind == TAG_EACH ? PAT_EACH : PAT_IF;
      blk->tag = open;
      blk->keep = blk->kind == PAT_IF ? keep_of(b->env, &open) : -1;
      blk->list = blk->kind == PAT_EACH ? inner : NULL;
      blk->kids = body.v;
      blk->n = body.n;
      memset(&body, 0, sizeof body);
      open_at = -1;
    }
  }
  p->kids = rows.v;
  p->n = rows.n;
}

static void build_seq(builder *b, const block *v, size_t n, const field *list, pat_vec *out) {
  for (size_t i = 0; i < n; i++) {
    const block *blk = &v[i];
    tag t;
    if (alone_block_tag(blk, &t) && tag_is_open(t.kind)) {
      size_t depth = 1, j = i + 1;
      for (; j < n; j++) {
        tag u;
        if (!alone_block_tag(&v[j], &u)) continue;
        if (tag_is_open(u.kind)) depth++;
        else if (tag_is_close(u.kind) && --depth == 0) break;
      }
      pat *p = push(out);
      p->kind = t.kind == TAG_EACH ? PAT_EACH : PAT_IF;
      p->tag = t;
      p->keep = p->kind == PAT_IF ? keep_of(b->env, &t) : -1;
      p->list = p->kind == PAT_EACH ? catalog_find(b->env->cat, t.key) : NULL;
      pat_vec kids = {0};
      build_seq(b, v + i + 1, (j < n ? j : n) - i - 1, p->kind == PAT_EACH ? p->list : list, &kids);
      p->kids = kids.v;
      p->n = kids.n;
      i = j;
      continue;
    }
    if (blk->kind == BK_PARA) build_para(b, blk, list, push(out));
    else if (blk->kind == BK_TABLE) build_table(b, blk, list, push(out));
  }
}

bool pattern_build(const block *body, const merge_env *env, const char *template_name, pat *out, diag_list *d) {
  builder b = {.env = env, .name = template_name, .d = d, .ok = true};
  memset(out, 0, sizeof *out);
  out->kind = PAT_CELL; /* the body: a container like a cell's */
  pat_vec kids = {0};
  build_seq(&b, body->kids, body->n, NULL, &kids);
  out->kids = kids.v;
  out->n = kids.n;
  return b.ok;
}

void pattern_free(pat *p) {
  for (size_t i = 0; i < p->n_segs; i++) free(p->segs[i].text);
  free(p->segs);
  for (size_t i = 0; i < p->n; i++) pattern_free(&p->kids[i]);
  free(p->kids);
  free(p->shown);
  memset(p, 0, sizeof *p);
}
