/* The worker processes of a batch (cli/batch.h says why processes). The parent forks them once the
   inputs are read (they share the records copy-on-write), hands out clusters through a counter in
   shared memory, and reads each finished cluster from the worker's pipe: a fixed header, then the
   cluster's name, files, stdout, stderr and data. A worker that dies leaves its clusters marked as
   not done, with the reason; the others go on. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/batch.h"
#include "cli/commands.h"
#include "util/strbuf.h"

/* What a cluster printed, kept until the clusters before it have printed theirs. */
typedef struct {
  char *out, *err;
  size_t n_out, n_err;
  bool done;
} printout;

typedef struct {
  uint64_t index, rc, errors, warnings;
  uint64_t len[5]; /* name, files (joined by \n), stdout, stderr, data */
} message;

typedef struct {
  batch *b;
  printout *prints;
  size_t next_print, finished;
} printer;

static void progress(printer *p, size_t i) {
  batch *b = p->b;
  if (!b->progress) return;
  const input_item *it = &b->inputs.v[i];
  const char *name = it->rec.root ? json_string_value(record_get(&it->rec, "name")) : NULL;
  double spent = batch_now() - b->started;
  fprintf(stderr, "[%zu/%zu] %s", p->finished, b->inputs.n, name ? name : it->source);
  if (p->finished < b->inputs.n)
    fprintf(stderr, "  已用 %.1f 秒，预计还需 %.1f 秒", spent,
            spent / (double)p->finished * (double)(b->inputs.n - p->finished));
  fputc('\n', stderr);
}

/* Cluster i is done: its printout goes out with every one before it that is done. */
static void finished(printer *p, size_t i) {
  p->prints[i].done = true;
  p->finished++;
  progress(p, i);
  while (p->next_print < p->b->inputs.n && p->prints[p->next_print].done) {
    printout *q = &p->prints[p->next_print++];
    fflush(stdout);
    if (q->n_err) fwrite(q->err, 1, q->n_err, stderr);
    if (q->n_out) fwrite(q->out, 1, q->n_out, stdout);
    fflush(stdout);
    free(q->out);
    free(q->err);
    q->out = q->err = NULL;
  }
}

/* One cluster, here: its printout captured. */
static void run_one(batch *b, batch_fn fn, void *ctx, void *state, size_t i, printout *po) {
  FILE *out = open_memstream(&po->out, &po->n_out), *err = open_memstream(&po->err, &po->n_err);
  fn(ctx, state, &b->inputs.v[i], out ? out : stdout, err ? err : stderr, &b->results[i]);
  if (out) fclose(out);
  if (err) fclose(err);
}

static bool write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t k = write(fd, c, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    c += k, n -= (size_t)k;
  }
  return true;
}

static void send_result(int fd, size_t i, const batch_entry *e, const printout *po) {
  strbuf files = {0};
  for (size_t k = 0; k < e->n_files; k++) sb_printf(&files, "%s%s", k ? "\n" : "", e->files[k]);
  const char *parts[5] = {e->name ? e->name : "", files.s ? files.s : "", po->out ? po->out : "",
                          po->err ? po->err : "", e->data ? e->data : ""};
  size_t lens[5] = {strlen(parts[0]), files.len, po->n_out, po->n_err, e->data ? strlen(e->data) : 0};
  message m = {.index = i, .rc = (uint64_t)e->rc, .errors = e->errors, .warnings = e->warnings};
  for (int k = 0; k < 5; k++) m.len[k] = lens[k];
  write_all(fd, &m, sizeof m);
  for (int k = 0; k < 5; k++) write_all(fd, parts[k], lens[k]);
  sb_free(&files);
}

static _Noreturn void worker(batch *b, batch_fn fn, void *ctx, void *(*worker_new)(void *), void (*worker_free)(void *),
                             atomic_size_t *next, int fd) {
  void *state = worker_new(ctx);
  for (;;) {
    size_t i = atomic_fetch_add(next, 1);
    if (i >= b->inputs.n) break;
    printout po = {0};
    run_one(b, fn, ctx, state, i, &po);
    send_result(fd, i, &b->results[i], &po);
    free(po.out);
    free(po.err);
  }
  worker_free(state);
  close(fd);
  _exit(0);
}

/* Reads exactly n bytes (into a new NUL-terminated buffer); NULL at the end of the pipe. */
static char *read_exact(int fd, size_t n) {
  char *buf = xmalloc(n + 1);
  size_t got = 0;
  while (got < n) {
    ssize_t k = read(fd, buf + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      free(buf);
      return NULL;
    }
    got += (size_t)k;
  }
  buf[n] = '\0';
  return buf;
}

/* One message from a worker into the results; false at the end of its pipe. */
static bool receive(int fd, printer *p) {
  char *h = read_exact(fd, sizeof(message));
  if (!h) return false;
  message m;
  memcpy(&m, h, sizeof m);
  free(h);
  char *parts[5] = {0};
  for (int k = 0; k < 5; k++)
    if (!(parts[k] = read_exact(fd, m.len[k]))) {
      for (int j = 0; j < k; j++) free(parts[j]);
      return false;
    }
  batch *b = p->b;
  if (m.index >= b->inputs.n) {
    for (int k = 0; k < 5; k++) free(parts[k]);
    return true;
  }
  size_t i = (size_t)m.index;
  batch_entry *e = &b->results[i];
  size_t n_files = 0;
  char **files = NULL;
  if (*parts[1]) {
    char *save = NULL;
    for (char *f = strtok_r(parts[1], "\n", &save); f; f = strtok_r(NULL, "\n", &save)) {
      files = xrealloc(files, (n_files + 1) * sizeof *files);
      files[n_files++] = xstrdup(f);
    }
  }
  batch_entry_set(e, (int)m.rc, *parts[0] ? parts[0] : NULL, files, n_files, (size_t)m.errors, (size_t)m.warnings);
  e->data = *parts[4] ? parts[4] : NULL;
  if (!e->data) free(parts[4]);
  p->prints[i].out = parts[2], p->prints[i].n_out = (size_t)m.len[2];
  p->prints[i].err = parts[3], p->prints[i].n_err = (size_t)m.len[3];
  free(parts[0]);
  free(parts[1]);
  finished(p, i);
  return true;
}

static void in_process(batch *b, batch_fn fn, void *ctx, void *(*worker_new)(void *), void (*worker_free)(void *),
                       printer *p) {
  void *state = worker_new(ctx);
  for (size_t i = 0; i < b->inputs.n; i++) {
    run_one(b, fn, ctx, state, i, &p->prints[i]);
    finished(p, i);
  }
  worker_free(state);
}

void batch_run(batch *b, int jobs, batch_fn fn, void *ctx, void *(*worker_new)(void *ctx), void (*worker_free)(void *)) {
  printer p = {.b = b, .prints = calloc(b->inputs.n + 1, sizeof(printout))};
  if (jobs <= 0) jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1) jobs = 1;
  if ((size_t)jobs > b->inputs.n) jobs = b->inputs.n ? (int)b->inputs.n : 1;
  atomic_size_t *next = jobs > 1 ? mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
                                 : MAP_FAILED;
  if (next == MAP_FAILED) {
    in_process(b, fn, ctx, worker_new, worker_free, &p);
    free(p.prints);
    return;
  }
  atomic_init(next, 0);
  pid_t *pids = xmalloc((size_t)jobs * sizeof *pids);
  struct pollfd *fds = xmalloc((size_t)jobs * sizeof *fds);
  int n = 0;
  /* What the parent has buffered must not be written twice, by a worker's exit. */
  fflush(NULL);
  /* A worker writing to a parent that died is ended by SIGPIPE, which is what should happen. */
  for (int k = 0; k < jobs; k++) {
    int pipefd[2];
    if (pipe(pipefd) != 0) break;
    pid_t pid = fork();
    if (pid == 0) {
      close(pipefd[0]);
      for (int j = 0; j < n; j++) close(fds[j].fd);
      worker(b, fn, ctx, worker_new, worker_free, next, pipefd[1]);
    }
    close(pipefd[1]);
    if (pid < 0) {
      close(pipefd[0]);
      break;
    }
    pids[n] = pid;
    fds[n++] = (struct pollfd){.fd = pipefd[0], .events = POLLIN};
  }
  if (!n) {
    /* No process could be started: the clusters are done here. */
    in_process(b, fn, ctx, worker_new, worker_free, &p);
  } else {
    int open_pipes = n;
    while (open_pipes > 0) {
      if (poll(fds, (nfds_t)n, -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      for (int k = 0; k < n; k++) {
        if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        if (!receive(fds[k].fd, &p)) {
          close(fds[k].fd);
          fds[k].fd = -1;
          open_pipes--;
        }
      }
    }
    bool died = false;
    for (int k = 0; k < n; k++) {
      int status = 0;
      waitpid(pids[k], &status, 0);
      died |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    /* Clusters a worker took but never reported: it ended unexpectedly while doing them. */
    for (size_t i = 0; i < b->inputs.n; i++)
      if (!p.prints[i].done) {
        char *msg = xasprintf("%s: 错误: 处理这个集群的进程意外终止（%s），没有写出它的文件。请单独运行 clusterform fill "
                              "处理它，并把情况报告给维护者。\n",
                              b->inputs.v[i].source, died ? "崩溃或被终止" : "原因不明");
        p.prints[i].err = msg;
        p.prints[i].n_err = strlen(msg);
        batch_entry_set(&b->results[i], EXIT_OUTPUT, NULL, NULL, 0, 1, 0);
        finished(&p, i);
      }
  }
  free(pids);
  free(fds);
  munmap(next, sizeof *next);
  free(p.prints);
}
