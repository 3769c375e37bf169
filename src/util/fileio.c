#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"

char *read_file(const char *path, size_t max_bytes, size_t *len, char **err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *err = xasprintf("无法打开文件（%s）。请检查文件名和路径是否正确。", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    *err = xstrdup("这是一个文件夹，不是文件。");
    return NULL;
  }
  strbuf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    sb_add(&b, chunk, n);
    if (b.len > max_bytes) {
      fclose(f);
      sb_free(&b);
      *err = xasprintf("文件大于 %zu MB，不像是一份集群数据。", max_bytes >> 20);
      return NULL;
    }
  }
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    sb_free(&b);
    *err = xstrdup("读取文件时出错。");
    return NULL;
  }
  *len = b.len;
  return sb_take(&b);
}

bool write_file_atomic(const char *path, const void *data, size_t len, char **err) {
  char *tmp = xasprintf("%s.tmp-XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *err = xasprintf("无法在输出文件夹中创建文件（%s）。", strerror(errno));
    free(tmp);
    return false;
  }
  const char *p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      *err = xasprintf("写入失败（%s）。", strerror(errno));
      close(fd);
      unlink(tmp);
      free(tmp);
      return false;
    }
    p += w;
    left -= (size_t)w;
  }
  /* Outputs are ordinary files the user owns: rw-r--r-- as with any other program. */
  fchmod(fd, 0644);
  if (fsync(fd) != 0 || close(fd) != 0) {
    *err = xasprintf("写入失败（%s）。", strerror(errno));
    unlink(tmp);
    free(tmp);
    return false;
  }
  if (rename(tmp, path) != 0) {
    *err = xasprintf("无法替换原有文件（%s）。", strerror(errno));
    unlink(tmp);
    free(tmp);
    return false;
  }
  free(tmp);
  return true;
}

bool is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool make_directory(const char *path, char **err) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (mkdir(p, 0755) != 0 && errno != EEXIST) break;
    *s = '/';
  }
  bool ok = mkdir(p, 0755) == 0 || (errno == EEXIST && is_directory(p));
  if (!ok) *err = xasprintf("无法创建输出文件夹 %s（%s）。", path, strerror(errno));
  free(p);
  return ok;
}

char *path_join(const char *dir, const char *name) {
  if (!dir || !*dir) return xstrdup(name);
  if (name[0] == '/') return xstrdup(name);
  size_t n = strlen(dir);
  return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *path_dirname(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return xstrdup(".");
  if (slash == path) return xstrdup("/");
  return xstrndup(path, (size_t)(slash - path));
}
