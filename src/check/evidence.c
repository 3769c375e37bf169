/* Rule 8, the 佐证材料清单: what the applicant must attach, read from the form as filled.

   The edition's template is filled with the record (in memory) and the filled document is walked
   in order. Nothing here knows an edition: the list comes from the words the form prints.
   - A cell whose note says 勾选需提供佐证材料: every ticked option (☑) is an item, named by the
     row's label and the option ("集群已开展的产业链资源协同协作工作：开展人力资源共享").
   - A row (with the rows merged with it under one label) whose note says 需提供清单, 需提供佐证材料,
     需提供相关佐证材料, 需提供清单及佐证材料, 需提供计算公式 …: one item, named by the row's label,
     asking for what the note asks (清单, 佐证材料, 清单及佐证材料, 计算公式; 相关 is dropped).
     - 如涉及: only when the row has ☑是 ticked.
     - Otherwise skipped when every value the row shows is empty (无) or zero: with no standard,
       no platform, no patent, no branch abroad there is nothing to list or to prove, and a reviewer
       would not expect an empty attachment. A row with no values of its own (a printed note only)
       is always listed.
   The notes are found in the template's printed words, never in what the applicant typed: before
   the merge, each paragraph whose printed text (tags removed) holds 需提供 is marked with that
   text, and each cell that shows values is marked with whether any of them is more than 无 or 0.
   The marks are attributes of the in-memory tree only; they never reach a file. */
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "merge/dom.h"
#include "merge/merge.h"
#include "ooxml/package.h"
#include "util/strbuf.h"

#define MARK_NOTE "cf-evidence-note"   /* on w:p: the printed text of a paragraph that holds 需提供 */
#define MARK_VALUES "cf-evidence-values" /* on w:tc: "some" or "none" */

#define TICK_YES BOX_TICKED "\xE6\x98\xAF" /* ☑是 */

/* ---- text helpers ------------------------------------------------------------------------------ */

static bool starts(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }

static size_t char_len(const char *s) {
  unsigned char c = (unsigned char)*s;
  return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
}

/* Spaces, ideographic spaces and the punctuation that ends an option or a label. */
static size_t trim_len_at(const char *s) {
  static const char *const TRIM[] = {" ", "\t", "\xE3\x80\x80" /* U+3000 */, "\xEF\xBC\x9A" /* ： */, ":",
                                     "\xEF\xBC\x9B" /* ； */, ";", "\xE3\x80\x82" /* 。 */, "\xEF\xBC\x8C" /* ， */,
                                     ",", "\xE3\x80\x81" /* 、 */};
  for (size_t i = 0; i < sizeof TRIM / sizeof *TRIM; i++)
    if (starts(s, TRIM[i])) return strlen(TRIM[i]);
  return 0;
}

static char *trimmed(const char *s, size_t n) {
  size_t a = 0, k;
  while (a < n && (k = trim_len_at(s + a)) && a + k <= n) a += k;
  size_t b = n;
  for (bool again = true; again && b > a;) {
    again = false;
    for (size_t back = 1; back <= 3 && back <= b - a; back++) {
      k = trim_len_at(s + b - back);
      if (k == back) {
        b -= back;
        again = true;
        break;
      }
    }
  }
  return xstrndup(s + a, b - a);
}

/* A label without the notes in brackets: "集群中小企业近三年主持（起草单位排名前三位）或参与制修订
   标准数量情况（需提供清单）" → "集群中小企业近三年主持或参与制修订标准数量情况". */
static char *clean_label(const char *s) {
  static const char OPEN[] = "\xEF\xBC\x88", CLOSE[] = "\xEF\xBC\x89"; /* （ ） */
  strbuf b = {0};
  int depth = 0;
  for (const char *p = s; *p;) {
    if (starts(p, OPEN) || *p == '(') {
      depth++;
      p += *p == '(' ? 1 : 3;
    } else if ((starts(p, CLOSE) || *p == ')') && depth > 0) {
      depth--;
      p += *p == ')' ? 1 : 3;
    } else {
      size_t k = char_len(p);
      if (!depth) sb_add(&b, p, k);
      p += k;
    }
  }
  char *raw = sb_take(&b);
  char *t = trimmed(raw, strlen(raw));
  free(raw);
  if (!*t) {
    free(t);
    t = trimmed(s, strlen(s));
  }
  return t;
}

/* The text of a paragraph without its tags: what the form prints whatever the record says. */
static char *printed_text(xmlNodePtr p) {
  char *all = plain_text(p);
  strbuf b = {0};
  size_t n = strlen(all);
  for (size_t i = 0; i < n;) {
    size_t o = tag_open_at(all + i, n - i);
    if (!o) {
      sb_putc(&b, all[i++]);
      continue;
    }
    size_t j = i + o, c = 0;
    while (j < n && !(c = tag_close_at(all + j, n - j))) j++;
    if (!c) { /* not a tag after all */
      sb_add(&b, all + i, n - i);
      break;
    }
    i = j + c;
  }
  free(all);
  return sb_take(&b);
}

/* ---- marks on the template, before the merge ---------------------------------------------------- */

/* A value the form writes says nothing: 无 (the record has nothing), or a number equal to zero. */
static bool says_nothing(const char *v) {
  if (!v) return true;
  char *t = trimmed(v, strlen(v));
  bool nothing = !*t || !strcmp(t, EMPTY_VALUE);
  if (!nothing) {
    char *end;
    double x = strtod(t, &end);
    nothing = end != t && !*end && x == 0;
  }
  free(t);
  return nothing;
}

static void mark_cell(xmlNodePtr tc, const merge_env *env) {
  occ_list l = {0};
  collect_tags(tc, &l);
  int seen = 0; /* 0 no value tag, 1 only empty ones, 2 some value */
  for (size_t i = 0; i < l.n && seen < 2; i++) {
    const tag *t = &l.v[i].tag;
    if (t->kind != TAG_VALUE || !strncmp(t->key, "edition.", 8)) continue;
    if (t->key[0] == '.') { /* a field of a repeated row: cannot be judged here, count it as shown */
      seen = 2;
      continue;
    }
    char *v = eval_value(env, NULL, t);
    seen = says_nothing(v) ? (seen ? seen : 1) : 2;
    free(v);
  }
  occ_free(&l);
  if (seen) xmlSetProp(tc, (const xmlChar *)MARK_VALUES, (const xmlChar *)(seen == 2 ? "some" : "none"));
}

static void mark(xmlNodePtr n, const merge_env *env) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_w(c, "p")) {
      char *t = printed_text(c);
      if (strstr(t, "需提供")) xmlSetProp(c, (const xmlChar *)MARK_NOTE, (const xmlChar *)t);
      free(t);
    } else if (is_w(c, "tc")) {
      mark_cell(c, env);
    }
    if (!is_w(c, "p")) mark(c, env); /* paragraphs in text boxes are not the form's notes */
  }
}

/* ---- the filled document ---------------------------------------------------------------------- */

typedef struct {
  check_report *out;
  const char *part;
  xmlNodePtr *done; /* the first rows of groups already listed */
  size_t n_done, cap_done;
} walk;

static void add_item(walk *w, const char *item, const char *material) {
  check_report *r = w->out;
  r->evidence = xrealloc(r->evidence, (r->n_evidence + 1) * sizeof *r->evidence);
  evidence_item *e = &r->evidence[r->n_evidence++];
  e->part = xstrdup(w->part ? w->part : "");
  e->item = xstrdup(item);
  e->material = xstrdup(material);
}

static xmlNodePtr first_cell(xmlNodePtr tr) { return w_child(tr, "tc"); }

/* The cell continues a vertical merge from the row above. */
static bool continues(xmlNodePtr tc) {
  xmlNodePtr vm = w_child(w_child(tc, "tcPr"), "vMerge");
  if (!vm) return false;
  xmlChar *v = xmlGetNsProp(vm, (const xmlChar *)"val", (const xmlChar *)W_NS);
  bool cont = !v || strcmp((const char *)v, "restart");
  xmlFree(v);
  return cont;
}

static xmlNodePtr prev_row(xmlNodePtr tr) {
  for (xmlNodePtr p = tr->prev; p; p = p->prev)
    if (is_w(p, "tr")) return p;
  return NULL;
}

static xmlNodePtr next_row(xmlNodePtr tr) {
  for (xmlNodePtr p = tr->next; p; p = p->next)
    if (is_w(p, "tr")) return p;
  return NULL;
}

/* The first row of the rows that share the label in the first column. */
static xmlNodePtr group_top(xmlNodePtr tr) {
  xmlNodePtr p;
  while (first_cell(tr) && continues(first_cell(tr)) && (p = prev_row(tr))) tr = p;
  return tr;
}

/* The row after the group that starts at top (NULL at the table's end). */
static xmlNodePtr group_end(xmlNodePtr top) {
  xmlNodePtr r = next_row(top);
  while (r && first_cell(r) && continues(first_cell(r))) r = next_row(r);
  return r;
}

static char *row_label(xmlNodePtr tr) {
  xmlNodePtr tc = first_cell(group_top(tr));
  char *raw = tc ? plain_text(tc) : xstrdup("");
  char *l = clean_label(raw);
  free(raw);
  return l;
}

static char *prop(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s = v ? xstrdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

/* What a note asks for, each in order and once: "（需提供清单及相关佐证材料）" → 清单及佐证材料. */
static void note_materials(const char *note, strbuf *mat, bool *conditional) {
  if (strstr(note, "如涉及")) *conditional = true;
  for (const char *p = strstr(note, "需提供"); p; p = strstr(p, "需提供")) {
    p += strlen("需提供");
    const char *e = p;
    while (*e && !starts(e, "\xEF\xBC\x89") && *e != ')' && !starts(e, "\xEF\xBC\x8C") && *e != ',' &&
           !starts(e, "\xE3\x80\x82") && !starts(e, "\xEF\xBC\x9B") && *e != ';')
      e += char_len(e);
    strbuf b = {0};
    for (const char *q = p; q < e;) {
      if (starts(q, "相关")) {
        q += strlen("相关");
        continue;
      }
      size_t k = char_len(q);
      sb_add(&b, q, k);
      q += k;
    }
    char *m = sb_take(&b);
    if (*m && !(mat->s && strstr(mat->s, m))) {
      if (mat->len) sb_puts(mat, "及");
      sb_puts(mat, m);
    }
    free(m);
    p = e;
  }
}

/* The ticked options of a cell whose note says 勾选需提供佐证材料. */
static void list_ticked(walk *w, xmlNodePtr tr, xmlNodePtr tc) {
  char *label = NULL;
  if (first_cell(tr) != tc || continues(tc)) {
    label = row_label(tr);
  } else { /* the options stand in the row's first cell: its first unticked line names them */
    for (xmlNodePtr p = tc->children; p && !label; p = p->next) {
      if (!is_w(p, "p") || xmlHasProp(p, (const xmlChar *)MARK_NOTE)) continue;
      char *t = plain_text(p);
      if (*t && !strstr(t, BOX_TICKED) && !strstr(t, BOX_EMPTY)) label = clean_label(t);
      free(t);
    }
  }
  for (xmlNodePtr p = tc->children; p; p = p->next) {
    if (!is_w(p, "p")) continue;
    char *t = plain_text(p);
    for (char *s = strstr(t, BOX_TICKED); s; s = strstr(s, BOX_TICKED)) {
      s += strlen(BOX_TICKED);
      char *e = s;
      while (*e && !starts(e, BOX_TICKED) && !starts(e, BOX_EMPTY)) e += char_len(e);
      char *opt = trimmed(s, (size_t)(e - s));
      if (*opt) {
        char *item = label && *label ? xasprintf("%s：%s", label, opt) : xstrdup(opt);
        add_item(w, item, "佐证材料");
        free(item);
      }
      free(opt);
      s = e;
    }
    free(t);
  }
  free(label);
}

/* A row (and the rows merged with it) whose printed note asks for a list, evidence or a formula. */
static void list_row(walk *w, xmlNodePtr tr) {
  xmlNodePtr top = group_top(tr);
  for (size_t i = 0; i < w->n_done; i++)
    if (w->done[i] == top) return;
  if (w->n_done == w->cap_done) w->cap_done = w->cap_done ? 2 * w->cap_done : 16, w->done = xrealloc(w->done, w->cap_done * sizeof *w->done);
  w->done[w->n_done++] = top;

  xmlNodePtr end = group_end(top);
  strbuf mat = {0};
  bool conditional = false, ticked_yes = false;
  int values = 0; /* 0 none shown, 1 all empty, 2 some */
  for (xmlNodePtr r = top; r && r != end; r = next_row(r)) {
    for (xmlNodePtr tc = r->children; tc; tc = tc->next) {
      if (!is_w(tc, "tc")) continue;
      char *v = prop(tc, MARK_VALUES);
      if (v) values = !strcmp(v, "some") ? 2 : values ? values : 1;
      free(v);
      bool box_note = false;
      for (xmlNodePtr p = tc->children; p; p = p->next) {
        char *note = is_w(p, "p") ? prop(p, MARK_NOTE) : NULL;
        if (note && strstr(note, "勾选")) box_note = true;
        free(note);
      }
      if (box_note) continue; /* its options are listed one by one */
      for (xmlNodePtr p = tc->children; p; p = p->next) {
        char *note = is_w(p, "p") ? prop(p, MARK_NOTE) : NULL;
        if (note) note_materials(note, &mat, &conditional);
        free(note);
      }
      char *t = plain_text(tc);
      if (strstr(t, TICK_YES)) ticked_yes = true;
      free(t);
    }
  }
  bool keep = mat.len && (conditional ? ticked_yes : values != 1);
  if (keep) {
    char *label = row_label(top);
    add_item(w, label, mat.s);
    free(label);
  }
  sb_free(&mat);
}

static void walk_table(walk *w, xmlNodePtr tbl);

static void walk_row(walk *w, xmlNodePtr tr) {
  for (xmlNodePtr tc = tr->children; tc; tc = tc->next) {
    if (!is_w(tc, "tc")) continue;
    bool box_note = false, row_note = false;
    for (xmlNodePtr p = tc->children; p; p = p->next) {
      if (is_w(p, "tbl")) walk_table(w, p);
      char *note = is_w(p, "p") ? prop(p, MARK_NOTE) : NULL;
      if (note) *(strstr(note, "勾选") ? &box_note : &row_note) = true;
      free(note);
    }
    if (box_note) list_ticked(w, tr, tc);
    if (row_note) list_row(w, tr);
  }
}

static void walk_table(walk *w, xmlNodePtr tbl) {
  for (xmlNodePtr tr = tbl->children; tr; tr = tr->next)
    if (is_w(tr, "tr")) walk_row(w, tr);
}

/* A part heading: "二、主导产业情况" (Heading style, or a Chinese numeral and 、 as any form writes it). */
static bool is_part_heading(xmlNodePtr p, const char *text) {
  xmlNodePtr st = w_child(w_child(p, "pPr"), "pStyle");
  if (st) {
    xmlChar *v = xmlGetNsProp(st, (const xmlChar *)"val", (const xmlChar *)W_NS);
    bool h = v && (!strcmp((const char *)v, "Heading") || !strcmp((const char *)v, "Heading1"));
    xmlFree(v);
    if (h && *text) return true;
  }
  static const char *const NUM[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  const char *s = text;
  size_t n = 0;
  for (bool more = true; more;) {
    more = false;
    for (size_t i = 0; i < 10; i++)
      if (starts(s, NUM[i])) {
        s += strlen(NUM[i]);
        n++;
        more = true;
        break;
      }
  }
  return n > 0 && n <= 3 && starts(s, "、") && strlen(text) < 120;
}

void check_evidence(const check_input *in, check_report *out) {
  diag_place at = {.file = in->ed ? in->ed->id : NULL};
  if (!in->ed || !in->cat) return;
  record rec = {0};
  if (in->rec) rec = *in->rec;
  if (out->filled) rec.root = out->filled; /* derived indicators shown as the form shows them */
  merge_env env = {.cat = in->cat, .ed = in->ed, .rec = &rec, .blank = false};

  diag_list quiet = {0};
  package pkg = {0};
  xmlDocPtr doc = NULL;
  /* The template in use: a user's own (--template) has its own rows and notes. */
  if (!in->form && !package_read(&pkg, in->ed->form, &quiet)) goto fail;
  part *pt = package_find(in->form ? in->form : &pkg, "word/document.xml");
  /* The template as check_package left it (parsed, split tags joined, found sound) is copied; the
     check runs before the fill, so in->form is not yet filled. Else it is read and scanned here. */
  if (pt && pt->xml) {
    doc = xmlCopyDoc(pt->xml, 1);
  } else {
    if (pt) doc = xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (!doc || scan_template(doc, in->ed->id, &env, &quiet, NULL, NULL) > 0) goto fail;
  }
  if (!doc) goto fail;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  mark(root, &env);
  merge_document(doc, &env);

  walk w = {.out = out};
  char *heading = NULL;
  for (xmlNodePtr c = w_child(xmlDocGetRootElement(doc), "body"); c && c == w_child(xmlDocGetRootElement(doc), "body");) {
    for (xmlNodePtr n = c->children; n; n = n->next) {
      if (is_w(n, "p")) {
        char *t = plain_text(n);
        char *tt = trimmed(t, strlen(t));
        free(t);
        if (is_part_heading(n, tt)) {
          free(heading);
          heading = tt;
          w.part = heading;
        } else {
          free(tt);
        }
      } else if (is_w(n, "tbl")) {
        walk_table(&w, n);
      }
    }
    break;
  }
  free(heading);
  free(w.done);
  xmlFreeDoc(doc);
  package_free(&pkg);
  diag_free(&quiet);
  return;

fail:
  diag_add(&out->findings, DIAG_WARNING, &at, "先用 clusterform fill 检查模板的错误。",
           "无法读取 %s 版申报表的模板，佐证材料清单没有列出。", in->ed->id);
  diag_tag(&out->findings, "evidence", NULL);
  if (doc) xmlFreeDoc(doc);
  package_free(&pkg);
  diag_free(&quiet);
}
