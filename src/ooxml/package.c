#include "ooxml/package.h"

#include <libxml/tree.h>

#include <dirent.h>
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
      char *data = read_file(full, MAX_PACKAGE_BYTES, &len, &err);
      if (!data) {
        diag_place at = {.file = full};
        diag_add(d, DIAG_ERROR, &at, NULL, "%s", err);
        free(err);
        ok = false;
      } else {
        *total += len;
        package_set(p, name, data, len);
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
  size_t total = 0;
  bool ok = true;
  for (zip_int64_t i = 0; i < n && ok; i++) {
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) continue;
    const char *name = st.name;
    if (!name[0] || name[strlen(name) - 1] == '/') continue;
    total += st.size;
    if (total > MAX_PACKAGE_BYTES) {
      diag_add(d, DIAG_ERROR, &at, NULL, "解压后超过 256 MB，不像是一份申报表模板。");
      ok = false;
      break;
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
    char *buf = xmalloc(st.size + 1);
    zip_int64_t got = zf ? zip_fread(zf, buf, st.size) : -1;
    if (zf) zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
      diag_add(d, DIAG_ERROR, &at, "文件可能已损坏，请用 Word/WPS 重新保存。", "无法读取其中的 %s。", name);
      free(buf);
      ok = false;
      break;
    }
    buf[st.size] = '\0';
    package_set(p, name, buf, st.size);
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
