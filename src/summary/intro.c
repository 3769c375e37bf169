#include "summary/intro.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "record/format.h"
#include "record/locate.h"
#include "util/strbuf.h"
#include "util/utf8.h"

int intro_limit(const edition *ed) {
  return ed && ed->limit_intro > 0 ? ed->limit_intro : INTRO_DEFAULT_LIMIT;
}

void intro_free(cluster_intro *x) {
  free(x->text);
  free(x->free_text);
  free(x->figures);
  for (size_t i = 0; i < x->n_dropped; i++) free(x->dropped[i]);
  free(x->dropped);
  memset(x, 0, sizeof *x);
}

/* ------------------------------------------------------------------ sentences */

typedef struct {
  char **v;
  size_t n, cap;
} strv;

static void strv_add(strv *s, char *x) {
  if (s->n == s->cap) s->cap = s->cap ? 2 * s->cap : 8, s->v = xrealloc(s->v, s->cap * sizeof *s->v);
  s->v[s->n++] = x;
}

static void strv_free(strv *s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  memset(s, 0, sizeof *s);
}

static bool is_blank_cp(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0;
}

static bool is_end_cp(uint32_t c) { return c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */; }

/* Closing marks that belong to the sentence they follow: 。” */
static bool is_closer_cp(uint32_t c) {
  return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 || c == 0x300B;
}

/* The sentence s[a, b) trimmed of white space, ended with 。 if it has no end mark; NULL if empty. */
static char *sentence(const char *s, size_t a, size_t b) {
  uint32_t c;
  size_t k;
  while (a < b && (k = utf8_decode(s + a, b - a, &c)) && is_blank_cp(c)) a += k;
  while (b > a) {
    size_t p = b - 1;
    while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
    if (!utf8_decode(s + p, b - p, &c) || !is_blank_cp(c)) break;
    b = p;
  }
  if (a >= b) return NULL;
  /* Does it end with an end mark (perhaps followed by closing marks)? */
  bool ended = false;
  size_t q = b;
  while (q > a) {
    size_t p = q - 1;
    while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
    if (!utf8_decode(s + p, q - p, &c)) break;
    if (is_end_cp(c)) ended = true;
    if (!is_closer_cp(c)) break;
    q = p;
  }
  return ended ? xstrndup(s + a, b - a) : xasprintf("%.*s。", (int)(b - a), s + a);
}

/* Whole sentences: each ends at 。！？ (with the closing quotes after it) or at a line's end. */
static void split_sentences(const char *s, strv *out) {
  size_t n = strlen(s), start = 0, i = 0;
  while (i < n) {
    uint32_t c;
    size_t k = utf8_decode(s + i, n - i, &c);
    if (!k) k = 1, c = '?';
    i += k;
    bool end = false;
    if (c == '\n') {
      end = true;
    } else if (is_end_cp(c)) {
      end = true;
      uint32_t d;
      size_t m;
      while (i < n && (m = utf8_decode(s + i, n - i, &d)) && (is_closer_cp(d) || is_end_cp(d))) i += m;
    }
    if (end || i >= n) {
      char *x = sentence(s, start, i);
      if (x) strv_add(out, x);
      start = i;
    }
  }
}

static bool has_any(const char *s, const char *const *words) {
  for (; *words; words++)
    if (strstr(s, *words)) return true;
  return false;
}

/* What the guidance asks the free text to say, in its order. */
static const char *const CHAIN[] = {"产业链", "链条", "为主导", "配套", NULL};
static const char *const STANDING[] = {"地位", "前列", "领先", "占有率", "第一", "龙头", "基地", "首位", NULL};
static const char *const HONOURS[] = {"称号", "荣誉", "品牌", "商标", "名牌", "示范", "授予", "评为", "认定为", NULL};
/* Sentences that state figures the figures part gives in its own words: left out, not repeated. */
static const char *const FIGURES[] = {"总产值", "专精特新", "小巨人", "单项冠军", "发明专利", NULL};

/* The narratives the free text is taken from, in order. */
static const char *const SOURCES[] = {"plan.overview", "chain.strengthening", "chain.cultivation", NULL};

/* The free text within `budget` 字: for each of 产业链条, 行业地位, 荣誉称号 in turn (a sentence may
   serve several), the first sentence of the sources that says it; when that one does not fit in
   what is left, it is dropped (and reported) and a later, shorter one that says the same may take
   its place. With no sentence on the chain, "集群主导产业为…。" from the record's industry. */
static void free_sentences(const record *rec, size_t budget, strv *kept, strv *dropped) {
  strv all = {0};
  for (const char *const *k = SOURCES; *k; k++) {
    const char *s = json_string_value(record_get(rec, *k));
    if (s) split_sentences(s, &all);
  }
  const char *const *kinds[] = {CHAIN, STANDING, HONOURS};
  bool *taken = all.n ? calloc(all.n, sizeof *taken) : NULL;
  bool covered[3] = {false, false, false};
  size_t used = 0;
  for (int k = 0; k < 3; k++) {
    if (covered[k]) continue;
    bool first = true;
    for (size_t i = 0; i < all.n && !covered[k]; i++) {
      if (taken[i] || has_any(all.v[i], FIGURES) || !has_any(all.v[i], kinds[k])) continue;
      taken[i] = true;
      size_t n = count_strict(all.v[i]);
      if (used + n <= budget) {
        used += n;
        strv_add(kept, xstrdup(all.v[i]));
        for (int j = k; j < 3; j++) covered[j] |= has_any(all.v[i], kinds[j]);
      } else if (first) {
        strv_add(dropped, xstrdup(all.v[i]));
      }
      first = false;
    }
    if (k == 0 && !covered[0]) {
      const char *industry = json_string_value(record_get(rec, "industry"));
      char *s = industry && *industry ? xasprintf("集群主导产业为%s。", industry) : NULL;
      if (s && used + count_strict(s) <= budget) {
        used += count_strict(s);
        strv_add(kept, s);
      } else {
        free(s);
      }
    }
  }
  free(taken);
  strv_free(&all);
}

/* ------------------------------------------------------------------ figures */

static json_t *number_at(const record *rec, const char *key, int year) {
  json_t *v = record_get(rec, key);
  if (year) {
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    v = json_is_object(v) ? json_object_get(v, ys) : NULL;
  }
  return json_is_number(v) ? v : NULL;
}

static char *formatted(const catalog *cat, const char *key, json_t *v) {
  const field *f = cat ? catalog_find(cat, key) : NULL;
  char *s = f ? format_value(f, v) : NULL;
  return s ? s : format_number(json_number_value(v));
}

static void item(strbuf *b, const char *sep, const char *fmt_before, const char *value, const char *after) {
  sb_printf(b, "%s%s%s%s", b->len ? sep : "", fmt_before, value, after);
}

/* 2022年，集群总产值152.40亿元，中小企业1364家，专精特新中小企业35家、专精特新“小巨人”企业3家、
   制造业单项冠军企业0家；近三年集群中小企业主持制修订国家和行业标准9项，有效发明专利412件，
   万人发明专利拥有量47.63件。 — each figure only when the record has it. */
static char *figures(const record *rec, const catalog *cat) {
  int y = record_year(rec);
  strbuf first = {0}, firms = {0}, second = {0};
  json_t *v;
  char *s;
  if (y) {
    if ((v = number_at(rec, "output.total", y))) {
      s = formatted(cat, "output.total", v);
      item(&first, "，", "集群总产值", s, "亿元");
      free(s);
    }
    if ((v = number_at(rec, "firms.sme", y))) {
      s = formatted(cat, "firms.sme", v);
      item(&first, "，", "中小企业", s, "家");
      free(s);
    }
    static const char *const FIRMS[][2] = {{"firms.specialized", "专精特新中小企业"},
                                           {"firms.little_giant", "专精特新“小巨人”企业"},
                                           {"firms.champion", "制造业单项冠军企业"}};
    for (size_t i = 0; i < 3; i++) {
      if (!(v = number_at(rec, FIRMS[i][0], y))) continue;
      s = formatted(cat, FIRMS[i][0], v);
      item(&firms, "、", FIRMS[i][1], s, "家");
      free(s);
    }
    if (firms.len) item(&first, "，", "", firms.s, "");
    /* 近三年: the record's year and the two before it, those the record has. */
    double standards = 0;
    bool any = false;
    for (int yy = y - 2; yy <= y; yy++) {
      static const char *const KEYS[] = {"standards.national.lead", "standards.industry.lead"};
      for (size_t i = 0; i < 2; i++)
        if ((v = number_at(rec, KEYS[i], yy))) standards += json_number_value(v), any = true;
    }
    if (any) {
      s = format_number(standards);
      item(&second, "，", "近三年集群中小企业主持制修订国家和行业标准", s, "项");
      free(s);
    }
  }
  if ((v = number_at(rec, "patents.count", 0))) {
    s = formatted(cat, "patents.count", v);
    item(&second, "，", "有效发明专利", s, "件");
    free(s);
  }
  double per = 0;
  bool has_per = false;
  if ((v = number_at(rec, "patents.per_10k", 0))) {
    per = json_number_value(v), has_per = true;
  } else {
    /* As check derives it: 有效发明专利拥有量 ÷ 中小企业从业人员数量 × 10000. */
    json_t *count = number_at(rec, "patents.count", 0), *emp = number_at(rec, "employees.sme", 0);
    if (count && emp && json_number_value(emp) > 0)
      per = json_number_value(count) / json_number_value(emp) * 10000, has_per = true;
  }
  if (has_per) {
    s = format_decimal2(per);
    item(&second, "，", "万人发明专利拥有量", s, "件");
    free(s);
  }
  strbuf out = {0};
  if (first.len) sb_printf(&out, "%d年，%s", y, first.s);
  if (second.len) sb_printf(&out, "%s%s", out.len ? "；" : "", second.s);
  if (out.len) sb_puts(&out, "。");
  sb_free(&first);
  sb_free(&firms);
  sb_free(&second);
  return sb_take(&out);
}

/* ------------------------------------------------------------------ the 简介 */

static char *cluster_name(const record *rec) {
  const char *name = json_string_value(record_get(rec, "name"));
  return name && *name ? xasprintf("「%s」（%s）", name, rec->file ? rec->file : "")
                       : xasprintf("%s", rec->file ? rec->file : "（未命名的集群）");
}

bool intro_make(const record *rec, const catalog *cat, const edition *ed, cluster_intro *out, diag_list *d) {
  memset(out, 0, sizeof *out);
  out->limit = intro_limit(ed);
  char *who = cluster_name(rec);
  const char *ed_id = ed && ed->id ? ed->id : "";
  bool published = ed && ed->limit_intro > 0;
  diag_place at = {.file = rec->file, .where = "$.intro", .key = "intro", .label = "集群简介"};

  const char *own = json_string_value(record_get(rec, "intro"));
  if (own && count_strict(own) > 0) {
    out->own = true;
    out->count = count_strict(own);
    if (out->count > (size_t)out->limit) {
      const char *path[] = {"intro"};
      record_locate(rec, path, 1, &at.line, &at.col, &at.where);
      char *fix = xasprintf("删减到 %d 字以内（还需删去 %zu 字）；或删去 \"intro\"，由 clusterform 按填报要求从数据生成。",
                            out->limit, out->count - (size_t)out->limit);
      diag_add(d, DIAG_ERROR, &at, fix, "集群%s的集群简介共 %zu 字（不计空白），超过 %s 版推荐汇总表%s %d 字的限制。", who,
               out->count, ed_id, published ? "" : "（按全国填报要求）", out->limit);
      free(fix);
      free(who);
      return false;
    }
    out->text = xstrdup(own);
    free(who);
    return true;
  }

  out->figures = figures(rec, cat);
  size_t fig = count_strict(out->figures);
  if (fig > (size_t)out->limit) {
    diag_add(d, DIAG_ERROR, &at, "在数据中写 \"intro\"，自拟不超过限制的集群简介。",
             "集群%s的集群简介由数据生成，仅各项数据就有 %zu 字（不计空白），超过 %s 版推荐汇总表%s %d 字的限制，无法在不删减数据的前提下缩短。",
             who, fig, ed_id, published ? "" : "（按全国填报要求）", out->limit);
    free(who);
    return false;
  }
  strv kept = {0}, dropped = {0};
  free_sentences(rec, (size_t)out->limit - fig, &kept, &dropped);
  strbuf text = {0};
  for (size_t i = 0; i < kept.n; i++) sb_puts(&text, kept.v[i]);
  out->free_text = xstrdup(text.s ? text.s : "");
  sb_puts(&text, out->figures);
  out->dropped = dropped.v;
  out->n_dropped = dropped.n;
  strv_free(&kept);
  out->count = count_strict(text.s ? text.s : "");
  out->text = sb_take(&text);
  if (!*out->text) {
    /* Nothing to say: the table writes 无. */
    free(out->text);
    out->text = NULL;
    diag_add(d, DIAG_NOTE, &at, "在数据中写 \"intro\"，或补充发展规划、产业链情况和各项数据。",
             "集群%s没有集群简介，数据中也没有可用来生成的内容；汇总表中写作“无”。", who);
    free(who);
    return true;
  }
  strbuf note = {0};
  sb_printf(&note, "集群%s的集群简介由数据生成，共 %zu 字（限 %d 字）", who, out->count, out->limit);
  if (out->n_dropped) {
    size_t n = 0;
    for (size_t i = 0; i < out->n_dropped; i++) n += count_strict(out->dropped[i]);
    sb_printf(&note, "；为不超过限制，删去了 %zu 句（%zu 字）：", out->n_dropped, n);
    for (size_t i = 0; i < out->n_dropped; i++) sb_printf(&note, "「%s」", out->dropped[i]);
  }
  sb_puts(&note, "。");
  diag_add(d, DIAG_NOTE, &at, "请核对；要用自己的文字，在数据中写 \"intro\"。", "%s", note.s);
  sb_free(&note);
  free(who);
  return true;
}
