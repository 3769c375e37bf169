#include "record/record.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "record/locate.h"
#include "util/fileio.h"
#include "util/nearest.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define MAX_INPUT_BYTES ((size_t)64 << 20)
#define MAX_DEPTH 32

bool record_read(record *r, const char *path, diag_list *d) {
  memset(r, 0, sizeof *r);
  char *err = NULL;
  size_t len;
  char *text = read_file(path, MAX_INPUT_BYTES, &len, &err);
  if (!text) {
    diag_place at = {.file = path};
    diag_add(d, DIAG_ERROR, &at, NULL, "%s", err);
    free(err);
    return false;
  }
  bool ok = record_parse(r, path, text, len, d);
  free(text);
  return ok;
}

bool record_parse(record *r, const char *name, const char *text, size_t len, diag_list *d) {
  memset(r, 0, sizeof *r);
  r->file = xstrdup(name);
  r->text = xstrndup(text, len);
  r->len = len;
  size_t skip = 0;
  /* Windows editors (Notepad) put a byte-order mark first; JSON parsers refuse it, people don't. */
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) skip = 3;
  int line, col;
  if (!utf8_validate(text + skip, len - skip, &line, &col)) {
    diag_place at = {.file = name, .line = line, .col = col};
    diag_add(d, DIAG_ERROR, &at,
             "用编辑器把文件另存为 UTF-8 编码（例如记事本“另存为”时选择 UTF-8）后再试。",
             "文件不是有效的 UTF-8 编码（可能是 GBK/GB2312 编码保存的）。");
    return false;
  }
  if (memchr(text, '\0', len)) {
    const char *z = memchr(text, '\0', len);
    diag_place at = {.file = name, .line = 1, .col = (int)(z - text) + 1};
    diag_add(d, DIAG_ERROR, &at, "请提供 UTF-8 编码的 JSON 文本文件。", "文件中含有空字符，不是文本文件。");
    return false;
  }
  json_error_t jerr;
  r->root = json_loadb(text + skip, len - skip, JSON_REJECT_DUPLICATES, &jerr);
  if (!r->root) {
    diag_place at = {.file = name, .line = jerr.line, .col = jerr.column};
    diag_add(d, DIAG_ERROR, &at,
             "检查该位置附近的引号、逗号和括号：每个键和文本都要用英文双引号，项与项之间用英文逗号，最后一项后面不加逗号。",
             "JSON 格式错误：%s。", jerr.text);
    return false;
  }
  if (!json_is_object(r->root)) {
    diag_place at = {.file = name, .line = 1, .col = 1};
    diag_add(d, DIAG_ERROR, &at, "整个文件应是一个用 { } 括起来的对象，例如 {\"name\": \"…\"}。",
             "文件的最外层不是 JSON 对象。");
    json_decref(r->root);
    r->root = NULL;
    return false;
  }
  /* The places of the values are indexed when first asked for (record_locate): a clean record of a
     batch of hundreds never is, and its index would cost some 200 KB (measured: 55 MB for 300). */
  return true;
}

void record_free(record *r) {
  free(r->file);
  free(r->text);
  json_decref(r->root);
  json_decref(r->places);
  json_decref(r->at);
  memset(r, 0, sizeof *r);
}

void record_locate(const record *r, const char *const *path, size_t depth, int *line, int *col, const char **cell) {
  /* The index has every value of a JSON file but a huge one's: a miss is then an absent value. It
     is built the first time a place is asked for; the record is otherwise unchanged by that. */
  if (!r->at && r->text && r->root) ((record *)r)->at = json_places(r->text, r->len);
  if (r->at && (json_places_find(r->at, path, depth, line, col) || json_places_complete(r->at))) return;
  if (r->text) {
    json_locate(r->text, r->len, path, depth, line, col);
    return;
  }
  if (!r->places) return;
  /* The cell of the value, or of the nearest enclosing value that has one (a list's row). */
  for (size_t n = depth; n > 0; n--) {
    strbuf b = {0};
    for (size_t i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? "." : "", path[i]);
    const char *c = json_string_value(json_object_get(r->places, b.s));
    sb_free(&b);
    if (c) {
      *cell = c;
      return;
    }
  }
}

json_t *json_get_path(json_t *root, const char *key) {
  json_t *v = root;
  const char *p = key;
  while (v && *p) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    char part[128];
    if (n >= sizeof part) return NULL;
    memcpy(part, p, n);
    part[n] = '\0';
    v = json_is_object(v) ? json_object_get(v, part) : NULL;
    p = dot ? dot + 1 : p + n;
  }
  return json_is_null(v) ? NULL : v;
}

json_t *record_get(const record *r, const char *key) { return r ? json_get_path(r->root, key) : NULL; }

const char *record_edition(const record *r) { return json_string_value(record_get(r, "edition")); }

int record_year(const record *r) {
  json_t *y = record_get(r, "year");
  if (json_is_integer(y)) return (int)json_integer_value(y);
  int best = 0;
  const char *k;
  json_t *v;
  json_object_foreach(record_get(r, "output.total"), k, v) {
    int year = atoi(k);
    if (year > best && !json_is_null(v)) best = year;
  }
  return best;
}

/* ---- validation ---------------------------------------------------------------------------- */

typedef struct {
  const record *r;
  const catalog *c;
  const edition *e;
  diag_list *d;
  const char *path[MAX_DEPTH]; /* JSON path components of the value being checked */
  bool is_index[MAX_DEPTH];    /* the component is an array index */
  size_t depth;
  const char **keys; /* every catalog key and group, for suggestions */
  size_t n_keys;
  size_t unknown;    /* unknown keys seen so far */
} checker;

static char *json_path_text(const checker *k) {
  strbuf b = {0};
  sb_puts(&b, "$");
  for (size_t i = 0; i < k->depth; i++) {
    if (i >= MAX_DEPTH) break;
    sb_printf(&b, k->is_index[i] ? "[%s]" : ".%s", k->path[i]);
  }
  return sb_take(&b);
}

static void report(checker *k, diag_severity sev, const field *f, const char *fix, const char *fmt,
                   const char *arg) {
  char *where = json_path_text(k);
  diag_place at = {.file = k->r->file, .where = where};
  if (k->depth <= MAX_DEPTH) record_locate(k->r, k->path, k->depth, &at.line, &at.col, &at.where);
  if (f) {
    at.key = f->key;
    at.label = edition_label(k->e, f->key, f->label);
  }
  diag_add(k->d, sev, &at, fix, fmt, arg ? arg : "");
  free(where);
}

static void push_as(checker *k, const char *p, bool index) {
  if (k->depth < MAX_DEPTH) k->path[k->depth] = p, k->is_index[k->depth] = index;
  k->depth++;
}
static void push(checker *k, const char *p) { push_as(k, p, false); }
static void push_index(checker *k, const char *p) { push_as(k, p, true); }
static void pop(checker *k) { k->depth--; }

static const char *json_kind(json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "对象 { }";
  case JSON_ARRAY: return "列表 [ ]";
  case JSON_STRING: return "文本";
  case JSON_INTEGER:
  case JSON_REAL: return "数字";
  case JSON_TRUE:
  case JSON_FALSE: return "true/false";
  default: return "null";
  }
}

static bool valid_date(const char *s) {
  int y, m, dd;
  char tail;
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 &&
      sscanf(s, "%d年%d月%d日%c", &y, &m, &dd, &tail) != 3)
    return false;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && dd >= 1 && dd <= mdays[m - 1] &&
         !(m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static void check_text(checker *k, const field *f, json_t *v) {
  if (!json_is_string(v)) {
    char *fix = json_is_number(v) ? xasprintf("加上英文双引号，写成 \"%g\"。", json_number_value(v))
                                  : xstrdup("写成用英文双引号括起来的文本。");
    report(k, DIAG_ERROR, f, fix, "这里应为文本，却是%s。", json_kind(v));
    free(fix);
    return;
  }
  size_t n = utf8_length(json_string_value(v));
  if (n > RECORD_MAX_TEXT) {
    char *msg = xasprintf("%zu", n);
    report(k, DIAG_ERROR, f, "检查是否误粘贴了整篇文件；申报表中最长的栏目（发展规划）也只有3000字。",
           "文本长达 %s 字，远超申报表任何栏目的容量。", msg);
    free(msg);
  }
  /* What XML 1.0 cannot carry (and so no DOCX, OFD or core.xml can): C0 controls but tab and
     line feed, U+FFFE and U+FFFF. (Lone surrogates never get this far: the UTF-8 check and the
     JSON reader refuse them.) */
  const char *s = json_string_value(v);
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t step = utf8_decode(s + i, len - i, &cp);
    if (!step) break;
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
      char *what = xasprintf("U+%04X", (unsigned)cp);
      report(k, DIAG_ERROR, f, "删去这个字符（多是从别处复制文字时带进来的不可见字符），再保存。",
             "文本中有不能写入申报表的字符 %s，Word、WPS 和 OFD 阅读器都无法打开含有它的文件。", what);
      free(what);
      break;
    }
    i += step;
  }
  if (f->type == FT_LINE && strchr(json_string_value(v), '\n'))
    report(k, DIAG_WARNING, f, "去掉换行符 \\n。", "这一栏只有一行，文本中的换行会被写成换行符。%s", "");
}

static void check_number(checker *k, const field *f, json_t *v) {
  if (!json_is_number(v)) {
    char *fix;
    if (json_is_string(v)) {
      const char *s = json_string_value(v);
      char *end;
      double x = strtod(s, &end);
      fix = (*s && !*end) ? xasprintf("去掉引号，写成 %s。", s)
                          : xstrdup(f->type == FT_INTEGER ? "写成不带引号的整数，例如 12。" : "写成不带引号的数字，例如 12.50。");
      (void)x;
    } else {
      fix = xstrdup("写成不带引号的数字。");
    }
    report(k, DIAG_ERROR, f, fix, "这里应为数字，却是%s。", json_kind(v));
    free(fix);
    return;
  }
  double x = json_number_value(v);
  if (!isfinite(x) || fabs(x) >= 1e13) {
    report(k, DIAG_ERROR, f, "检查数值和单位。", "数值过大，不可能是申报表中的数据。%s", "");
    return;
  }
  if (f->type == FT_INTEGER && x != floor(x)) {
    char *fix = xasprintf("写成整数，例如 %.0f。", floor(x + 0.5));
    report(k, DIAG_ERROR, f, fix, "这里应为整数（%s），不能有小数。", f->unit ? f->unit : "个数");
    free(fix);
    return;
  }
  char buf[64];
  if (f->has_min && x < f->min) {
    snprintf(buf, sizeof buf, "%g", f->min);
    report(k, DIAG_ERROR, f, "检查数值是否填错（例如把百分比写成了负数）。", "数值不能小于 %s。", buf);
  }
  if (f->has_max && x > f->max) {
    snprintf(buf, sizeof buf, "%g", f->max);
    report(k, DIAG_ERROR, f,
           f->type == FT_PERCENT ? "比例以百分数填写，应在 0 到 100 之间（例如 75.50 表示 75.50%）。" : "检查数值是否填错。",
           "数值不能大于 %s。", buf);
  }
}

static void check_option(checker *k, const field *f, json_t *v) {
  if (!json_is_string(v) || !field_option_find(f, json_string_value(v))) {
    strbuf b = {0};
    for (size_t i = 0; i < f->n_options; i++)
      sb_printf(&b, "%s\"%s\"（%s）", i ? "、" : "", f->options[i].id, f->options[i].text);
    char *fix = xasprintf("可选：%s。", b.s ? b.s : "");
    if (json_is_string(v))
      report(k, DIAG_ERROR, f, fix, "没有这个选项：\"%s\"。", json_string_value(v));
    else
      report(k, DIAG_ERROR, f, fix, "这里应为选项名称（文本），却是%s。", json_kind(v));
    free(fix);
    sb_free(&b);
  }
}

static void check_field_value(checker *k, const field *f, json_t *v);

static void check_list(checker *k, const field *f, json_t *v) {
  if (!json_is_array(v)) {
    report(k, DIAG_ERROR, f, "写成用 [ ] 括起来的列表，每一行是一个 { } 对象。", "这里应为列表，却是%s。", json_kind(v));
    return;
  }
  size_t i;
  json_t *row;
  char ib[24];
  json_array_foreach(v, i, row) {
    snprintf(ib, sizeof ib, "%zu", i);
    push_index(k, ib);
    if (!json_is_object(row)) {
      report(k, DIAG_ERROR, f, "每一行写成 {\"indicator\": …, \"baseline\": …} 这样的对象。", "列表中的一行应为对象，却是%s。",
             json_kind(row));
    } else {
      const char *key;
      json_t *cell;
      json_object_foreach(row, key, cell) {
        push(k, key);
        const field *it = field_item(f, key);
        if (!it) {
          const char **names = xmalloc(f->n_items * sizeof *names);
          for (size_t j = 0; j < f->n_items; j++) names[j] = f->items[j].key;
          const char *near = nearest_name(key, names, f->n_items);
          char *fix = near ? xasprintf("是不是 \"%s\"？", near) : NULL;
          report(k, DIAG_WARNING, f, fix, "表中没有 \"%s\" 这一列，这个值会被忽略。", key);
          free(fix);
          free(names);
        } else if (!json_is_null(cell)) {
          check_field_value(k, it, cell);
        }
        pop(k);
      }
    }
    pop(k);
  }
}

static void check_one(checker *k, const field *f, json_t *v) {
  switch (f->type) {
  case FT_LINE:
  case FT_TEXT: check_text(k, f, v); break;
  case FT_DECIMAL:
  case FT_PERCENT:
  case FT_RATE:
  case FT_INTEGER: check_number(k, f, v); break;
  case FT_BOOL:
    if (!json_is_boolean(v))
      report(k, DIAG_ERROR, f, "写 true（是）或 false（否），不加引号。", "这里应为 true 或 false，却是%s。", json_kind(v));
    break;
  case FT_CHOICE: check_option(k, f, v); break;
  case FT_MULTI:
  case FT_NAMES:
    if (!json_is_array(v)) {
      report(k, DIAG_ERROR, f,
             f->type == FT_MULTI ? "写成列表，例如 [\"选项一\", \"选项二\"]；一项也没有时写 []。"
                                 : "写成列表，例如 [\"名称一\", \"名称二\"]；没有时写 []。",
             "这里应为列表 [ ]，却是%s。", json_kind(v));
    } else {
      size_t i;
      json_t *it;
      char ib[24];
      json_array_foreach(v, i, it) {
        snprintf(ib, sizeof ib, "%zu", i);
        push_index(k, ib);
        if (f->type == FT_MULTI)
          check_option(k, f, it);
        else if (!json_is_string(it))
          report(k, DIAG_ERROR, f, "每个名称写成带英文双引号的文本。", "名称应为文本，却是%s。", json_kind(it));
        else
          check_text(k, f, it);
        pop(k);
      }
    }
    break;
  case FT_DATE:
    if (!json_is_string(v) || !valid_date(json_string_value(v)))
      report(k, DIAG_ERROR, f, "写成 \"2023-06-30\" 或 \"2023年6月30日\"。", "这里应为一个真实的日期。%s", "");
    break;
  case FT_LIST: check_list(k, f, v); break;
  case FT_VALUE:
    if (json_is_string(v))
      check_text(k, f, v);
    else if (!json_is_number(v))
      report(k, DIAG_ERROR, f, "写数字（不加引号）或一段文字（加引号）。", "这里应为数字或文字，却是%s。", json_kind(v));
    break;
  }
}

static void check_field_value(checker *k, const field *f, json_t *v) {
  if (!f->series) {
    check_one(k, f, v);
    return;
  }
  if (!json_is_object(v)) {
    report(k, DIAG_ERROR, f, "按年份分别填写，例如 {\"2021\": 12.50, \"2022\": 13.80}。", "这里应为按年份给出的对象，却是%s。",
           json_kind(v));
    return;
  }
  const char *year;
  json_t *x;
  json_object_foreach(v, year, x) {
    push(k, year);
    int y = atoi(year);
    if (strlen(year) != 4 || strspn(year, "0123456789") != 4 || y < 1990 || y > 2100)
      report(k, DIAG_ERROR, f, "年份写成四位数字，例如 \"2021\"。", "\"%s\" 不是年份。", year);
    else if (!json_is_null(x))
      check_one(k, f, x);
    pop(k);
  }
}

static void check_object(checker *k, json_t *obj, const char *prefix) {
  const char *name;
  json_t *v;
  json_object_foreach(obj, name, v) {
    char *key = prefix ? xasprintf("%s.%s", prefix, name) : xstrdup(name);
    push(k, name);
    const field *f = catalog_find(k->c, key);
    if (f) {
      if (!json_is_null(v)) check_field_value(k, f, v);
    } else if (catalog_is_group(k->c, key)) {
      if (json_is_object(v))
        check_object(k, v, key);
      else if (!json_is_null(v))
        report(k, DIAG_ERROR, NULL, "这一项下面还有若干栏目，应写成 { } 对象。", "\"%s\" 应为对象。", key);
    } else {
      /* A Chinese label used as a key is the likeliest mistake of all. */
      const char *near = NULL;
      for (size_t i = 0; i < k->c->n && !near; i++)
        if (!strcmp(k->c->fields[i].label, name)) near = k->c->fields[i].key;
      /* A suggestion costs a comparison with every key: a file of thousands of unknown keys (a
         pasted export) gets them for its first hundred only. */
      if (!near && k->unknown++ < 100) near = nearest_name(key, k->keys, k->n_keys);
      const field *nf = near ? catalog_find(k->c, near) : NULL;
      char *fix = nf ? xasprintf("最接近的已知字段是 \"%s\"（%s）。", near, nf->label)
                  : near ? xasprintf("最接近的已知字段是 \"%s\"（其下还有若干栏目）。", near)
                         : xstrdup("clusterform fields 列出全部字段。");
      report(k, DIAG_WARNING, NULL, fix, "未知字段 \"%s\"，它的值不会写进申报表。", key);
      free(fix);
    }
    pop(k);
    free(key);
  }
}

void record_validate(const record *r, const catalog *c, const edition *e, diag_list *d) {
  if (!r->root) return;
  checker k = {.r = r, .c = c, .e = e, .d = d};
  /* Suggestions come from the keys and from the groups they belong to ("operator_contact"). */
  k.keys = xmalloc((2 * c->n + 1) * sizeof *k.keys);
  char **groups = xmalloc((c->n + 1) * sizeof *groups);
  size_t ng = 0;
  for (size_t i = 0; i < c->n; i++) {
    k.keys[k.n_keys++] = c->fields[i].key;
    const char *dot = strrchr(c->fields[i].key, '.');
    if (dot) groups[ng++] = xstrndup(c->fields[i].key, (size_t)(dot - c->fields[i].key));
  }
  for (size_t i = 0; i < ng; i++) k.keys[k.n_keys++] = groups[i];
  check_object(&k, r->root, NULL);
  for (size_t i = 0; i < ng; i++) free(groups[i]);
  free(groups);
  free(k.keys);
}
