#define _GNU_SOURCE
#include "ooxml/package.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "util/fileio.h"
#include "util/strbuf.h"

/* Beyond this, a "template" is not a form but a zip bomb or a mistake. */
#define MAX_PACKAGE_BYTES ((size_t)256 << 20)
/* 1980-01-02 00:00 UTC: the earliest time a zip entry holds safely in any time zone. */
#define FIXED_ZIP_TIME ((time_t)315619200)

part *package_find(const package *p, const char *name) {
  for (size_t i = 0; i < p->n; i++)
    if (!strcmp(p->parts[i].name, name)) return &p->parts[i];
  return NULL;
}

void package_set_parsed(package *p, const char *name, char *data, size_t len, void *xml) {
  part *old = package_find(p, name);
  if (old) {
    free(old->data);
    if (old->xml) xmlFreeDoc(old->xml);
    old->data = data;
    old->len = len;
    old->xml = xml;
    return;
  }
  if (p->n == p->cap) p->cap = p->cap ? p->cap * 2 : 16, p->parts = xrealloc(p->parts, p->cap * sizeof *p->parts);
  p->parts[p->n++] = (part){xstrdup(name), data, len, xml};
}

void package_set(package *p, const char *name, char *data, size_t len) { package_set_parsed(p, name, data, len, NULL); }

/* Beyond this many parts a "document" is not one (Word writes a few dozen). */
#define MAX_PACKAGE_PARTS 10000
/* The XML of a two-hundred-page report is a few MB; pictures are parts of their own. Larger XML
   would take several times its size to parse. */
#define MAX_XML_PART_BYTES ((size_t)16 << 20)

/* A part's name as a zip may hold it: refused when it could reach outside the package (../x, /x,
   C:\x, a backslash) or is not a plain relative name; such names would otherwise be copied into
   the DOCX we write. */
static const char *bad_part_name(const char *name) {
  size_t n = strlen(name);
  if (!n) return "名称为空";
  if (name[0] == '/') return "以 / 开头";
  if (strchr(name, '\\')) return "含有反斜杠 \\";
  if (n >= 2 && name[1] == ':' && ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
    return "以盘符开头";
  for (const char *p = name; *p;) {
    const char *slash = strchr(p, '/');
    size_t k = slash ? (size_t)(slash - p) : strlen(p);
    if ((k == 2 && !strncmp(p, "..", 2)) || (k == 1 && p[0] == '.')) return "含有 . 或 .. 路径";
    if (!k && slash) return "含有空的路径段";
    for (size_t i = 0; i < k; i++)
      if ((unsigned char)p[i] < 0x20) return "含有控制字符";
    p += k + (slash ? 1 : 0);
    if (!slash) break;
  }
  return NULL;
}

static bool is_xml_part(const char *name) {
  size_t n = strlen(name);
  return (n > 4 && !strcmp(name + n - 4, ".xml")) || (n > 5 && !strcmp(name + n - 5, ".rels"));
}

/* An XML part: no DOCTYPE (OOXML has none; one is the way to expand an entity into gigabytes),
   and well-formed, so that what we pass through unchanged is a part Word can open. */
static bool check_xml_part(const char *file, const char *name, const char *data, size_t len, diag_list *d) {
  diag_place at = {.file = file, .where = name};
  if (memmem(data, len, "<!DOCTYPE", 9)) {
    diag_add(d, DIAG_ERROR, &at, "用 Word、WPS 或 LibreOffice 打开后另存为 .docx 再用。",
             "%s 中有 DOCTYPE 声明（Office 文档不会有，可被用来耗尽内存），拒绝读取。", name);
    return false;
  }
  xmlDocPtr doc = len <= (size_t)INT32_MAX ? xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    at.line = e ? e->line : 0;
    diag_add(d, DIAG_ERROR, &at, "用 Word、WPS 或 LibreOffice 打开后另存为 .docx 再用。", "%s 的 XML 已损坏：%s", name,
             e && e->message ? e->message : "无法解析");
    return false;
  }
  xmlFreeDoc(doc);
  return true;
}

/* Adds a part read from a file or an entry, after the checks every part gets. */
static bool add_part(package *p, const char *file, const char *name, char *data, size_t len, diag_list *d) {
  diag_place at = {.file = file, .where = name};
  const char *why = bad_part_name(name);
  if (why) {
    diag_add(d, DIAG_ERROR, &at, "这不是 Word、WPS 或 LibreOffice 保存的文档；用它们重新保存后再用。",
             "文档中的部件名“%s”%s，拒绝读取。", name, why);
  } else if (package_find(p, name)) {
    diag_add(d, DIAG_ERROR, &at, "这不是 Word、WPS 或 LibreOffice 保存的文档；用它们重新保存后再用。",
             "文档中有两个同名的部件“%s”，拒绝读取。", name);
  } else if (p->n >= MAX_PACKAGE_PARTS) {
    diag_add(d, DIAG_ERROR, &at, NULL, "文档中的部件超过 %d 个，不像是一份申报表。", MAX_PACKAGE_PARTS);
  } else if (is_xml_part(name) && len > MAX_XML_PART_BYTES) {
    diag_add(d, DIAG_ERROR, &at, "模板应是一份申报表；检查是否误粘贴了大量内容。", "%s 有 %zu MB，超过上限 %zu MB。", name,
             len >> 20, MAX_XML_PART_BYTES >> 20);
  } else if (!is_xml_part(name) || check_xml_part(file, name, data, len, d)) {
    package_set(p, name, data, len);
    return true;
  }
  free(data);
  return false;
}

static bool read_dir(package *p, const char *root, const char *rel, diag_list *d, size_t *total) {
  char *dir = rel[0] ? path_join(root, rel) : xstrdup(root);
  DIR *dh = opendir(dir);
  if (!dh) {
    diag_place at = {.file = dir};
    diag_add(d, DIAG_ERROR, &at, "检查模板文件夹是否完整。", "无法读取模板文件夹。");
    free(dir);
    return false;
  }
  struct dirent *e;
  bool ok = true;
  while (ok && (e = readdir(dh))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
    char *name = rel[0] ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
    char *full = path_join(root, name);
    if (is_directory(full)) {
      ok = read_dir(p, root, name, d, total);
    } else {
      size_t len;
      char *err = NULL;
      char *data = read_file(full, MAX_PACKAGE_BYTES - *total, &len, &err);
      if (!data) {
        diag_place at = {.file = full};
        diag_add(d, DIAG_ERROR, &at, NULL, "%s", err);
        free(err);
        ok = false;
      } else {
        *total += len;
        ok = add_part(p, root, name, data, len, d);
      }
    }
    free(full);
    free(name);
  }
  closedir(dh);
  free(dir);
  return ok;
}

static bool read_zip(package *p, const char *path, diag_list *d) {
  int zerr = 0;
  diag_place at = {.file = path};
  zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
  if (!za) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    diag_add(d, DIAG_ERROR, &at, "请提供用 Word、WPS 或 LibreOffice 保存的 .docx 文件。", "无法作为 .docx 打开：%s。",
             zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return false;
  }
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n > MAX_PACKAGE_PARTS) {
    diag_add(d, DIAG_ERROR, &at, NULL, "文档中的部件超过 %d 个，不像是一份申报表。", MAX_PACKAGE_PARTS);
    zip_close(za);
    return false;
  }
  size_t total = 0;
  bool ok = true;
  for (zip_int64_t i = 0; i < n && ok; i++) {
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_NAME))
      continue;
    const char *name = st.name;
    if (name[0] && name[strlen(name) - 1] == '/') continue;
    /* Compared without adding first: an entry may claim 2^64 bytes. */
    if (st.size > MAX_PACKAGE_BYTES - total) {
      diag_add(d, DIAG_ERROR, &at, NULL, "解压后超过 256 MB，不像是一份申报表模板。");
      ok = false;
      break;
    }
    total += (size_t)st.size;
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
    char *buf = xmalloc((size_t)st.size + 1);
    zip_int64_t got = zf ? zip_fread(zf, buf, st.size) : -1;
    if (zf) zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
      diag_add(d, DIAG_ERROR, &at, "文件可能已损坏，请用 Word/WPS 重新保存。", "无法读取其中的 %s。", name);
      free(buf);
      ok = false;
      break;
    }
    buf[st.size] = '\0';
    ok = add_part(p, path, name, buf, (size_t)st.size, d);
  }
  zip_close(za);
  return ok;
}

bool package_read(package *p, const char *path, diag_list *d) {
  memset(p, 0, sizeof *p);
  size_t total = 0;
  bool ok = is_directory(path) ? read_dir(p, path, "", d, &total) : read_zip(p, path, d);
  if (ok && !package_find(p, "word/document.xml")) {
    diag_place at = {.file = path};
    diag_add(d, DIAG_ERROR, &at, "模板应是 Word 文档（.docx），或解压后的 .docx 文件夹。",
             "其中没有 word/document.xml，不是 Word 文档。");
    ok = false;
  }
  /* A failed read keeps nothing: the caller need not free a package it never got. */
  if (!ok) package_free(p);
  return ok;
}

/* [Content_Types].xml must come first for some readers; the rest in name order for stable bytes. */
static int part_rank(const char *name) {
  if (!strcmp(name, "[Content_Types].xml")) return 0;
  if (!strcmp(name, "_rels/.rels")) return 1;
  return 2;
}

static int cmp_parts(const void *a, const void *b) {
  const part *x = *(const part *const *)a, *y = *(const part *const *)b;
  int rx = part_rank(x->name), ry = part_rank(y->name);
  return rx != ry ? rx - ry : strcmp(x->name, y->name);
}

char *package_zip(const package *p, size_t *len, char **err) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!mem) {
    *err = xasprintf("无法创建压缩包：%s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return NULL;
  }
  zip_source_keep(mem);
  zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
  if (!za) {
    *err = xasprintf("无法创建压缩包：%s", zip_error_strerror(&ze));
    zip_source_free(mem);
    zip_error_fini(&ze);
    return NULL;
  }
  const part **order = xmalloc((p->n ? p->n : 1) * sizeof *order);
  for (size_t i = 0; i < p->n; i++) order[i] = &p->parts[i];
  qsort(order, p->n, sizeof *order, cmp_parts);
  bool ok = true;
  for (size_t i = 0; i < p->n && ok; i++) {
    zip_source_t *s = zip_source_buffer(za, order[i]->data, order[i]->len, 0);
    zip_int64_t idx = s ? zip_file_add(za, order[i]->name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      ok = false;
      break;
    }
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6);
    zip_file_set_mtime(za, (zip_uint64_t)idx, FIXED_ZIP_TIME, 0);
  }
  free(order);
  if (!ok || zip_close(za) != 0) {
    *err = xasprintf("无法写入压缩包：%s", zip_strerror(za));
    zip_discard(za);
    zip_source_free(mem);
    return NULL;
  }
  char *out = NULL;
  if (zip_source_open(mem) == 0) {
    zip_source_seek(mem, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(mem);
    zip_source_seek(mem, 0, SEEK_SET);
    out = xmalloc(n > 0 ? (size_t)n : 1);
    if (n < 0 || zip_source_read(mem, out, (zip_uint64_t)n) != n) {
      free(out);
      out = NULL;
    } else {
      *len = (size_t)n;
    }
    zip_source_close(mem);
  }
  zip_source_free(mem);
  if (!out) *err = xstrdup("无法取出压缩包内容。");
  return out;
}

void package_copy(package *dst, const package *src) {
  dst->n = dst->cap = src->n;
  dst->parts = xmalloc((src->n + 1) * sizeof *dst->parts);
  for (size_t i = 0; i < src->n; i++) {
    const part *s = &src->parts[i];
    part *d = &dst->parts[i];
    d->name = xstrdup(s->name);
    d->data = xmalloc(s->len + 1);
    memcpy(d->data, s->data, s->len);
    d->data[s->len] = '\0';
    d->len = s->len;
    d->xml = s->xml ? xmlCopyDoc(s->xml, 1) : NULL;
  }
}

void package_free(package *p) {
  for (size_t i = 0; i < p->n; i++) {
    free(p->parts[i].name);
    free(p->parts[i].data);
    if (p->parts[i].xml) xmlFreeDoc(p->parts[i].xml);
  }
  free(p->parts);
  memset(p, 0, sizeof *p);
}
