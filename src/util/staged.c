#include "util/staged.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"

unsigned long staged_serial(void) {
  /* Process-wide by nature: the threads of a batch must never pick the same name. */
  static atomic_ulong next;
  return atomic_fetch_add(&next, 1);
}

const char *staged_add(staged_outputs *s, const char *dir, const char *name) {
  s->final = xrealloc(s->final, (s->n + 1) * sizeof *s->final);
  s->tmp = xrealloc(s->tmp, (s->n + 1) * sizeof *s->tmp);
  /* Hidden, and named for this process and this output: two runs into one folder, or two threads
     of a batch, never share one. */
  char *hidden = xasprintf(".%s.%ld.%lu.tmp", name, (long)getpid(), staged_serial());
  s->final[s->n] = path_join(dir, name);
  s->tmp[s->n] = path_join(dir, hidden);
  free(hidden);
  return s->tmp[s->n++];
}

bool staged_commit(staged_outputs *s, diag_list *d) {
  /* A folder in the way of one output would fail its rename after the others were done: look
     first, and rename nothing. */
  for (size_t i = 0; i < s->n; i++) {
    struct stat st;
    if (stat(s->final[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      diag_place at = {.file = s->final[i]};
      diag_add(d, DIAG_ERROR, &at, "把这个文件夹改名或移走，或用 -o 写到别的文件夹。", "这里已有一个同名的文件夹，无法写出文件。");
      return false;
    }
  }
  for (size_t i = 0; i < s->n; i++)
    if (rename(s->tmp[i], s->final[i]) != 0) {
      diag_place at = {.file = s->final[i]};
      diag_add(d, DIAG_ERROR, &at, "检查输出文件夹的写入权限。", "无法把临时文件改名为输出文件。");
      return false;
    }
  return true;
}

void staged_free(staged_outputs *s) {
  for (size_t i = 0; i < s->n; i++) {
    unlink(s->tmp[i]); /* gone already when renamed */
    free(s->tmp[i]);
    free(s->final[i]);
  }
  free(s->tmp);
  free(s->final);
  *s = (staged_outputs){0};
}
