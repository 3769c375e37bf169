#define _GNU_SOURCE
#include "util/staged.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"

unsigned long staged_serial(void) {
  /* Process-wide by nature: no two outputs of one process may pick the same name. */
  static atomic_ulong next;
  return atomic_fetch_add(&next, 1);
}

/* ---- what an interrupted run removes --------------------------------------------------------------
   The temporary files being written, for the signal handler. Process-wide by nature (a signal
   reaches the process, not a stage); the handler only reads the slots and calls unlink(), which is
   safe in a handler. A slot is filled before it is published and emptied before its path is freed. */

#define MAX_LIVE 256
static const char *_Atomic live[MAX_LIVE];

static void live_add(const char *path) {
  for (int i = 0; i < MAX_LIVE; i++) {
    const char *none = NULL;
    if (atomic_compare_exchange_strong(&live[i], &none, path)) return;
  }
}

static void live_remove(const char *path) {
  for (int i = 0; i < MAX_LIVE; i++) {
    const char *p = path;
    if (atomic_compare_exchange_strong(&live[i], &p, NULL)) return;
  }
}

static void on_signal(int sig) {
  for (int i = 0; i < MAX_LIVE; i++) {
    const char *p = atomic_load(&live[i]);
    if (p) {
      unlink(p);
      /* write_file_atomic's own temporary beside it ("….tmp-XXXXXX") is swept on the next run. */
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void staged_on_signals(void) {
  static const int SIGNALS[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  for (size_t i = 0; i < sizeof SIGNALS / sizeof *SIGNALS; i++) {
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* A signal the user chose to ignore (nohup) stays ignored. */
    struct sigaction old;
    if (sigaction(SIGNALS[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(SIGNALS[i], &sa, NULL);
  }
}

/* ---- what an earlier interrupted run left --------------------------------------------------------- */

/* The process id in a temporary name of ours: ".NAME.PID.SERIAL.tmp", with write_file_atomic's
   ".tmp-XXXXXX" or a kept earlier file's ".bak" after it, a PNG page's ".png-N.png" in its place, or
   an older version's
   ".NAME.PID.tmp". 0 when the name is not one of ours. */
static long temp_pid(const char *name) {
  if (name[0] != '.') return 0;
  for (const char *p = strchr(name + 1, '.'); p; p = strchr(p + 1, '.')) {
    char *end;
    long pid = strtol(p + 1, &end, 10);
    if (end == p + 1 || *end != '.' || pid <= 0) continue;
    const char *rest = end + 1;
    if (!strcmp(rest, "tmp") || !strncmp(rest, "tmp.tmp-", 8)) return pid; /* older: .NAME.PID.tmp */
    char *end2;
    strtoul(rest, &end2, 10);
    if (end2 == rest || *end2 != '.') continue;
    rest = end2 + 1;
    /* mkstemps' six characters (".NAME.PID.SERIAL.XXXXXX.tmp"). */
    if (strlen(rest) > 7 && rest[6] == '.' && strspn(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") >= 6)
      rest += 7;
    if (!strcmp(rest, "tmp") || !strcmp(rest, "tmp.bak") || !strncmp(rest, "tmp.tmp-", 8) || !strncmp(rest, "png-", 4))
      return pid;
  }
  return 0;
}

static void sweep(const char *dir) {
  DIR *dp = opendir(dir);
  if (!dp) return;
  struct dirent *e;
  while ((e = readdir(dp))) {
    long pid = temp_pid(e->d_name);
    /* Only a process that is gone: another run writing into this folder right now keeps its own. */
    if (!pid || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
    char *path = path_join(dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) unlink(path);
    free(path);
  }
  closedir(dp);
}

/* ---- staging ------------------------------------------------------------------------------------ */

const char *staged_add(staged_outputs *s, const char *dir, const char *name) {
  /* The first output into a folder clears what interrupted runs left there. */
  bool swept = false;
  for (size_t i = 0; i < s->n_swept; i++) swept |= !strcmp(s->swept[i], dir);
  if (!swept) {
    sweep(dir);
    s->swept = xrealloc(s->swept, (s->n_swept + 1) * sizeof *s->swept);
    s->swept[s->n_swept++] = xstrdup(dir);
  }
  s->final = xrealloc(s->final, (s->n + 1) * sizeof *s->final);
  s->tmp = xrealloc(s->tmp, (s->n + 1) * sizeof *s->tmp);
  /* Hidden, named for this process and this output (two runs into one folder, or two workers of a
     batch, never share one), and created here, exclusively, with a part no one can guess: a link
     planted at a name we would use is never followed by the writers (cairo, libxlsxwriter) that
     open the path again. */
  char *hidden = xasprintf(".%s.%ld.%lu.XXXXXX.tmp", name, (long)getpid(), staged_serial());
  char *tmp = path_join(dir, hidden);
  free(hidden);
  int fd = mkstemps(tmp, 4);
  if (fd >= 0) {
    fchmod(fd, 0644); /* an ordinary output file, as any program writes it */
    close(fd);
  }
  /* On failure the writer itself reports that it cannot write there. */
  s->final[s->n] = path_join(dir, name);
  s->tmp[s->n] = tmp;
  live_add(s->tmp[s->n]);
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
  /* The earlier files are kept under a second name (a hard link: the file stays where it was until
     the new one takes its place), so that a rename that fails half-way can put every one back: the
     set is replaced whole or not at all. */
  char **backup = calloc(s->n + 1, sizeof *backup);
  for (size_t i = 0; i < s->n; i++) {
    char *b = xasprintf("%s.bak", s->tmp[i]);
    if (link(s->final[i], b) == 0) {
      backup[i] = b;
      live_add(b);
    } else {
      free(b);
    }
  }
  /* Ctrl-C now would leave a set half replaced: signals wait until every file is in place. */
  sigset_t block, was;
  sigemptyset(&block);
  sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP), sigaddset(&block, SIGQUIT);
  sigprocmask(SIG_BLOCK, &block, &was);
  size_t done = 0;
  bool ok = true;
  for (; done < s->n; done++)
    if (rename(s->tmp[done], s->final[done]) != 0) {
      diag_place at = {.file = s->final[done]};
      diag_add(d, DIAG_ERROR, &at, "检查输出文件夹的写入权限；原有的文件都已恢复。", "无法把临时文件改名为输出文件。");
      ok = false;
      break;
    }
  for (size_t i = 0; i < s->n; i++) {
    if (!ok && i < done) {
      if (backup[i]) rename(backup[i], s->final[i]);
      else unlink(s->final[i]); /* it was not there before */
    }
    if (backup[i]) {
      unlink(backup[i]); /* gone already when put back */
      live_remove(backup[i]);
      free(backup[i]);
    }
  }
  free(backup);
  sigprocmask(SIG_SETMASK, &was, NULL);
  return ok;
}

void staged_free(staged_outputs *s) {
  for (size_t i = 0; i < s->n; i++) {
    unlink(s->tmp[i]); /* gone already when renamed */
    live_remove(s->tmp[i]);
    free(s->tmp[i]);
    free(s->final[i]);
  }
  for (size_t i = 0; i < s->n_swept; i++) free(s->swept[i]);
  free(s->swept);
  free(s->tmp);
  free(s->final);
  *s = (staged_outputs){0};
}

void staged_name_problems(const staged_outputs *s, diag_list *d) {
  for (size_t k = 0; k < d->n; k++) {
    diag *x = &d->items[k];
    for (size_t i = 0; x->file && i < s->n; i++)
      if (!strcmp(x->file, s->tmp[i])) {
        free(x->file);
        x->file = xstrdup(s->final[i]);
        break;
      }
  }
}
