#include "read/form_match.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"

/* A bound on the work of one match: forms have a few hundred paragraphs and a handful of blocks
   that depend on the record, so an honest document needs a tiny fraction of this. */
#define MAX_STEPS 5000000

/* ---- text helpers ----------------------------------------------------------------------------- */

static bool ws_cp(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

static size_t cp_at(const char *s, size_t len, size_t i, uint32_t *cp) {
  size_t k = i < len ? utf8_decode(s + i, len - i, cp) : 0;
  if (!k && i < len) *cp = (unsigned char)s[i], k = 1;
  return k;
}

static size_t skip_ws(const char *s, size_t len, size_t i) {
  uint32_t c;
  size_t k;
  while ((k = cp_at(s, len, i, &c)) && ws_cp(c)) i += k;
  return i;
}

static bool only_ws(const char *s, size_t len, size_t i) { return skip_ws(s, len, i) == len; }

/* Where the printed words `lit` end when they stand at s[i], spaces not counted on either side
   (a person may add or remove one); -1 when they are not there. */
static long lit_at(const char *lit, const char *s, size_t len, size_t i) {
  size_t ll = strlen(lit), a = 0;
  for (;;) {
    a = skip_ws(lit, ll, a);
    if (a == ll) return (long)i;
    i = skip_ws(s, len, i);
    uint32_t x, y;
    size_t ka = cp_at(lit, ll, a, &x), kb = cp_at(s, len, i, &y);
    if (!kb || x != y) return -1;
    a += ka;
    i += kb;
  }
}

/* Boxes as the form prints them and as people tick them by hand. */
static int box_at(const char *s, size_t len, size_t i, size_t *end) {
  static const uint32_t EMPTY[] = {0x25A1, 0x2610, 0x25FB, 0x25A2, 0x274F, 0x2751};
  static const uint32_t TICKED[] = {0x2611, 0x2612, 0x25A0, 0x221A, 0x2713, 0x2714, 0x2705, 0x25A3, 0x25FC};
  int state = -1;
  for (int round = 0; round < 2; round++) {
    uint32_t c;
    size_t k = cp_at(s, len, i, &c);
    if (!k) break;
    int here = -1;
    for (size_t j = 0; j < sizeof EMPTY / sizeof *EMPTY; j++) here = c == EMPTY[j] ? 0 : here;
    for (size_t j = 0; j < sizeof TICKED / sizeof *TICKED; j++) here = c == TICKED[j] ? 1 : here;
    if (here < 0) break;
    /* "□√" or "√□": a tick written beside the box. Two empty boxes are two boxes. */
    if (round == 1 && here == 0 && state == 0) break;
    state = state < 0 ? here : (state | here);
    i += k;
  }
  *end = i;
  return state;
}

static char *trimmed(const char *s, size_t a, size_t b) {
  a = skip_ws(s, b, a);
  while (b > a) {
    size_t k = 1;
    while (b - k > a && ((unsigned char)s[b - k] & 0xC0) == 0x80) k++;
    uint32_t c;
    if (!cp_at(s, b, b - k, &c) || !ws_cp(c)) break;
    b -= k;
  }
  return xstrndup(s + a, b - a);
}

/* ---- one paragraph against its segments ------------------------------------------------------- */

typedef struct {
  size_t seg, nseg; /* the slot (and the slots right after it read as one piece) */
  size_t a, b;
  int ticked;
} piece;

typedef struct {
  const seg *segs;
  size_t n;
  const char *s;
  size_t len;
  piece *cur, *best;
  size_t ncur, nbest;
  int solutions;
  size_t budget;
  bool filled; /* every value holds something (fill writes 无 for nothing): tried first */
} seg_ctx;

static void seg_match(seg_ctx *m, size_t k, size_t pos);

static void with_piece(seg_ctx *m, piece p, size_t k, size_t pos) {
  if (m->filled && p.ticked < 0 && only_ws(m->s, p.b, p.a)) return;
  m->cur[m->ncur++] = p;
  seg_match(m, k, pos);
  m->ncur--;
}

static void seg_match(seg_ctx *m, size_t k, size_t pos) {
  if (m->solutions >= 2 || !m->budget) return;
  m->budget--;
  if (k == m->n) {
    if (!only_ws(m->s, m->len, pos)) return;
    if (++m->solutions == 1) {
      memcpy(m->best, m->cur, m->ncur * sizeof *m->cur);
      m->nbest = m->ncur;
    }
    return;
  }
  const seg *g = &m->segs[k];
  if (g->kind == SEG_TEXT) {
    if (only_ws(g->text, strlen(g->text), 0)) {
      seg_match(m, k + 1, pos);
      return;
    }
    long e = lit_at(g->text, m->s, m->len, pos);
    if (e >= 0) seg_match(m, k + 1, (size_t)e);
    return;
  }
  if (g->kind == SEG_BOX) {
    size_t at = skip_ws(m->s, m->len, pos), end;
    int state = box_at(m->s, m->len, at, &end);
    if (state >= 0) with_piece(m, (piece){.seg = k, .nseg = 1, .a = at, .b = end, .ticked = state}, k + 1, end);
    return;
  }
  size_t last = k;
  while (g->kind == SEG_VALUE && last + 1 < m->n && m->segs[last + 1].kind == SEG_VALUE) last++;
  size_t nxt = last + 1;
  bool sep = nxt < m->n && m->segs[nxt].kind == SEG_TEXT && only_ws(m->segs[nxt].text, strlen(m->segs[nxt].text), 0);
  piece p = {.seg = k, .nseg = last - k + 1, .a = pos, .ticked = -1};
  if (nxt == m->n || (sep && nxt + 1 == m->n)) {
    p.b = m->len;
    with_piece(m, p, m->n, m->len);
    return;
  }
  bool prev_ws = false;
  for (size_t q = pos; q <= m->len && m->solutions < 2;) {
    uint32_t c;
    size_t step = cp_at(m->s, m->len, q, &c);
    if (sep) {
      /* Spaces between two values divide them: the first ends where a run of spaces begins. */
      if (step && ws_cp(c) && (q == pos || !prev_ws)) {
        p.b = q;
        with_piece(m, p, nxt + 1, skip_ws(m->s, m->len, q));
      }
    } else if (q == m->len || !ws_cp(c)) {
      p.b = q;
      with_piece(m, p, nxt, q);
    }
    if (!step) break;
    prev_ws = ws_cp(c);
    q += step;
  }
}

/* 所属地区 is written as three values with nothing between them (河北省保定市高阳县): they are told
   apart by the words that end each level of China's administrative divisions. */
static bool ends_with_any(const char *s, size_t n, const char *const *tails) {
  for (; *tails; tails++) {
    size_t t = strlen(*tails);
    if (n >= t && !memcmp(s + n - t, *tails, t)) return true;
  }
  return false;
}

static bool shortest_level(const char *s, size_t len, size_t from, const char *const *tails, size_t *cut) {
  for (size_t q = from + 1; q <= len; q++) {
    if (q < len && ((unsigned char)s[q] & 0xC0) == 0x80) continue;
    size_t n = q - from;
    if ((n == 3 && !memcmp(s + from, "\xE6\x97\xA0", 3)) || ends_with_any(s + from, n, tails)) {
      *cut = q;
      return true;
    }
  }
  return false;
}

/* The cuts between n adjacent region values at s[a..b): each level but the last ends at the first
   place its administrative word does; the last takes the rest. */
static bool split_region(const seg *segs, size_t n, const char *s, size_t a, size_t b, size_t *cuts) {
  static const char *const PROVINCE[] = {"省", "自治区", "市", "特别行政区", NULL};
  static const char *const CITY[] = {"市", "州", "盟", "地区", NULL};
  static const char *const COUNTY[] = {"县", "区", "市", "旗", "自治县", "自治旗", "林区", "特区", NULL};
  if (n < 2 || n > 3) return false;
  size_t from = a;
  for (size_t i = 0; i < n; i++) {
    const char *key = segs[i].tag.key;
    const char *const *tails = !strcmp(key, "region.province") ? PROVINCE
                               : !strcmp(key, "region.city")   ? CITY
                               : !strcmp(key, "region.county") ? COUNTY
                                                               : NULL;
    if (!tails || segs[i].kind != SEG_VALUE) return false;
    if (i + 1 == n) return from < b;
    if (!shortest_level(s, b, from, tails, &cuts[i])) return false;
    from = cuts[i];
  }
  return false;
}

/* ---- the structure ---------------------------------------------------------------------------- */

typedef struct frame {
  const pat *items;
  size_t n, i;
  const pat *loop;          /* this frame is a repetition of that {{#each}} */
  size_t iter, start;
  const struct frame *up;   /* what follows when this frame's items are done */
  const struct frame *outer; /* the frame of the table row or cell this level belongs to */
} frame;

typedef struct {
  match_result *r;
  size_t steps;
} ctx;

static void add_capture(match_result *r, capture c) {
  if (r->n == r->cap) r->cap = r->cap ? r->cap * 2 : 64, r->v = xrealloc(r->v, r->cap * sizeof *r->v);
  r->v[r->n++] = c;
}

static void truncate_to(match_result *r, size_t mark) {
  while (r->n > mark) free(r->v[--r->n].text);
}

static const frame *find_loop(const frame *f) {
  for (const frame *x = f; x; x = x->up ? x->up : x->outer)
    if (x->loop) return x;
  return NULL;
}

static const block *first_para(const block *b) {
  if (b->kind == BK_PARA) return b;
  for (size_t i = 0; i < b->n; i++) {
    const block *p = first_para(&b->kids[i]);
    if (p) return p;
  }
  return NULL;
}

static void note_fail(ctx *c, const block *at, const pat *want) {
  const block *p = first_para(at);
  if (p && (!c->r->fail_at || p->order > c->r->fail_at->order)) c->r->fail_at = p, c->r->fail_want = want;
}

static bool para_fits(ctx *c, const pat *t, const block *p, const frame *f) {
  size_t len = strlen(p->text);
  seg_ctx m = {.segs = t->segs, .n = t->n_segs, .s = p->text, .len = len, .budget = 200000};
  m.cur = xmalloc((t->n_segs + 1) * sizeof *m.cur);
  m.best = xmalloc((t->n_segs + 1) * sizeof *m.best);
  m.filled = true;
  seg_match(&m, 0, 0);
  if (!m.solutions) {
    /* A value a person emptied: read as nothing, if that is the only reading. */
    m.filled = false;
    m.budget = 200000;
    seg_match(&m, 0, 0);
  }
  const frame *lf = find_loop(f);
  capture base = {.loop = lf ? lf->loop : NULL, .iter = lf ? lf->iter : 0, .where = p};
  if (m.solutions >= 2) {
    size_t first = t->n_segs, last = 0;
    for (size_t i = 0; i < t->n_segs; i++)
      if (t->segs[i].kind == SEG_VALUE) first = first < i ? first : i, last = i;
    capture u = base;
    u.kind = CAP_UNSPLIT;
    u.seg = &t->segs[first < t->n_segs ? first : 0];
    u.n_segs = first < t->n_segs ? last - first + 1 : 0;
    u.text = trimmed(p->text, 0, len);
    add_capture(c->r, u);
  } else if (m.solutions == 1) {
    for (size_t i = 0; i < m.nbest; i++) {
      const piece *pc = &m.best[i];
      const seg *g = &t->segs[pc->seg];
      capture x = base;
      x.seg = g;
      size_t cuts[2];
      if (g->kind == SEG_BOX) {
        x.kind = CAP_BOX;
        x.ticked = pc->ticked > 0;
        x.text = xstrndup(p->text + pc->a, pc->b - pc->a);
        add_capture(c->r, x);
      } else if (g->kind == SEG_INDEX) {
        continue;
      } else if (pc->nseg == 1) {
        x.kind = g->kind == SEG_YEAR ? CAP_YEAR : CAP_VALUE;
        x.text = trimmed(p->text, pc->a, pc->b);
        add_capture(c->r, x);
      } else if (split_region(g, pc->nseg, p->text, skip_ws(p->text, pc->b, pc->a), pc->b, cuts)) {
        size_t a = skip_ws(p->text, pc->b, pc->a);
        size_t bounds[4] = {a, cuts[0], pc->nseg == 3 ? cuts[1] : pc->b, pc->b};
        for (size_t k = 0; k < pc->nseg; k++) {
          capture y = base;
          y.kind = CAP_VALUE;
          y.seg = g + k;
          y.text = trimmed(p->text, bounds[k], bounds[k + 1]);
          add_capture(c->r, y);
        }
      } else {
        x.kind = CAP_UNSPLIT;
        x.n_segs = pc->nseg;
        x.text = trimmed(p->text, pc->a, pc->b);
        add_capture(c->r, x);
      }
    }
  }
  free(m.cur);
  free(m.best);
  return m.solutions > 0;
}

static bool match_seq(ctx *c, const block *d, size_t nd, const frame *f, size_t j);

static bool cell_fits(ctx *c, const pat *t, const block *dc, const frame *f) {
  if (dc->vmerge == 2 && t->vmerge) {
    bool blank = true;
    for (size_t i = 0; i < dc->n; i++) blank &= dc->kids[i].kind == BK_PARA && block_is_blank(&dc->kids[i]);
    if (blank) return true;
  }
  frame root = {.items = t->kids, .n = t->n, .outer = f};
  return match_seq(c, dc->kids, dc->n, &root, 0);
}

static bool row_fits(ctx *c, const pat *t, const block *dr, const frame *f) {
  if (dr->kind != BK_ROW || dr->n != t->n) return false;
  for (size_t k = 0; k < t->n; k++)
    if (!cell_fits(c, &t->kids[k], &dr->kids[k], f)) return false;
  return true;
}

static char *join_paras(const block *d, size_t j, size_t k) {
  strbuf b = {0};
  for (size_t i = j; i < j + k; i++) {
    if (i > j) sb_putc(&b, '\n');
    sb_puts(&b, d[i].text);
  }
  char *s = sb_take(&b);
  /* Spaces and empty paragraphs after the text are not part of it; an indent before it is. */
  size_t n = strlen(s);
  for (;;) {
    if (n && strchr(" \t\n\r", s[n - 1])) n--;
    else if (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3)) n -= 3;
    else if (n >= 2 && !memcmp(s + n - 2, "\xC2\xA0", 2)) n -= 2;
    else break;
  }
  s[n] = '\0';
  return s;
}

static bool match_seq(ctx *c, const block *d, size_t nd, const frame *f, size_t j) {
  if (++c->steps > MAX_STEPS) {
    c->r->too_complex = true;
    return false;
  }
  if (!f) {
    while (j < nd && block_is_blank(&d[j])) j++;
    if (j < nd) note_fail(c, &d[j], NULL);
    return j == nd;
  }
  match_result *r = c->r;
  size_t mark = r->n;
  if (f->i == f->n) {
    if (f->loop) {
      if (j == f->start) return false; /* a repetition must hold something */
      frame again = {.items = f->loop->kids, .n = f->loop->n, .loop = f->loop, .iter = f->iter + 1, .start = j,
                     .up = f->up, .outer = f->outer};
      if (match_seq(c, d, nd, &again, j)) return true;
      truncate_to(r, mark);
    }
    return match_seq(c, d, nd, f->up, j);
  }
  const pat *it = &f->items[f->i];
  frame next = *f;
  next.i++;
  switch (it->kind) {
  case PAT_IF: {
    frame in = {.items = it->kids, .n = it->n, .up = &next, .outer = f->outer};
    if (it->keep != 0) {
      if (match_seq(c, d, nd, &in, j)) return true;
      truncate_to(r, mark);
      if (it->keep == 1) return false;
    }
    return match_seq(c, d, nd, &next, j);
  }
  case PAT_EACH: {
    frame body = {.items = it->kids, .n = it->n, .loop = it, .start = j, .up = &next, .outer = f->outer};
    if (match_seq(c, d, nd, &body, j)) return true;
    truncate_to(r, mark);
    return match_seq(c, d, nd, &next, j);
  }
  default: break;
  }
  if (j < nd) {
    const block *b = &d[j];
    if (it->kind == PAT_PARA && it->lines) {
      for (size_t k = 1; j + k <= nd && d[j + k - 1].kind == BK_PARA; k++) {
        const frame *lf = find_loop(f);
        capture x = {.kind = CAP_VALUE, .seg = &it->segs[0], .loop = lf ? lf->loop : NULL, .iter = lf ? lf->iter : 0,
                     .where = b};
        for (size_t s = 0; s < it->n_segs; s++)
          if (it->segs[s].kind == SEG_VALUE) x.seg = &it->segs[s];
        x.text = join_paras(d, j, k);
        add_capture(r, x);
        if (match_seq(c, d, nd, &next, j + k)) return true;
        truncate_to(r, mark);
      }
    } else if (it->kind == PAT_PARA) {
      if (b->kind == BK_PARA && para_fits(c, it, b, f)) {
        if (match_seq(c, d, nd, &next, j + 1)) return true;
        truncate_to(r, mark);
      } else {
        note_fail(c, b, it);
      }
    } else if (it->kind == PAT_TABLE) {
      frame root = {.items = it->kids, .n = it->n, .outer = f};
      if (b->kind == BK_TABLE && match_seq(c, b->kids, b->n, &root, 0)) {
        if (match_seq(c, d, nd, &next, j + 1)) return true;
      } else if (b->kind != BK_TABLE) {
        note_fail(c, b, it);
      }
      truncate_to(r, mark);
    } else if (it->kind == PAT_ROW) {
      if (row_fits(c, it, b, f) && match_seq(c, d, nd, &next, j + 1)) return true;
      truncate_to(r, mark);
    }
    /* An empty paragraph a person added is not part of the form. */
    if (block_is_blank(b) && match_seq(c, d, nd, f, j + 1)) return true;
    truncate_to(r, mark);
  }
  /* Nor is an empty paragraph of the form that a person took out. */
  if (it->kind == PAT_PARA && it->blank) return match_seq(c, d, nd, &next, j);
  return false;
}

bool form_match(const pat *body, const block *doc, match_result *out) {
  memset(out, 0, sizeof *out);
  ctx c = {.r = out};
  frame root = {.items = body->kids, .n = body->n};
  bool ok = match_seq(&c, doc->kids, doc->n, &root, 0);
  if (!ok) truncate_to(out, 0);
  return ok;
}

void match_result_free(match_result *r) {
  truncate_to(r, 0);
  free(r->v);
  memset(r, 0, sizeof *r);
}
