/* A command run over many clusters in one process: the inputs read once (input/inputs.h), progress
   on stderr when it is a terminal (or when asked), one result per cluster, and a table at the end —
   text for people, JSON for programs. One cluster's failure never stops the others. */
#ifndef CF_BATCH_H
#define CF_BATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "input/inputs.h"

typedef struct {
  char *name;     /* the cluster's name, or NULL */
  char *data;     /* what the command keeps of it for the end (check: its JSON report), or NULL */
  int rc;         /* the exit code of this cluster alone */
  char **files;   /* what was written for it */
  size_t n_files;
  size_t errors, warnings;
} batch_entry;

typedef struct {
  const char *command;
  catalog cat;
  input_set inputs;
  batch_entry *results; /* one per input item */
  bool progress;
  double started;
} batch;

/* Loads the catalog and reads every input (problems printed at once). False: the installation is
   broken (exit 5). `progress`: show progress even when stderr is not a terminal. `unique`: a cluster
   whose name and edition an earlier one has is not done (its files would overwrite the other's). */
bool batch_open(batch *b, const char *command, const char *templates, const char *edition_id, char *const *paths,
                size_t n, bool progress, bool unique);
/* Does one cluster: writes what a person reads to out and err (printed in the clusters' order
   once it is done) and its outcome to e (batch_entry_set). `worker` is the worker's own state. */
typedef int (*batch_fn)(void *ctx, void *worker, input_item *it, FILE *out, FILE *err, batch_entry *e);
/* Runs fn on every cluster, in `jobs` worker processes (0: one per processor; 1: in this process),
   forked once the inputs are read, each with its own state made by worker_new(ctx) and freed by
   worker_free. What each cluster printed, and its entry, come back over a pipe and go out in the
   clusters' order. Progress ("[3/40] 名称 … 预计还需 12 秒") goes to stderr when shown.
   Why processes and not threads: cairo 1.16 can deadlock when two threads draw glyphs while its
   global glyph cache is full (it takes another font's lock while holding the cache's); a worker
   process keeps its own cairo, as a single fill does. */
void batch_run(batch *b, int jobs, batch_fn fn, void *ctx, void *(*worker_new)(void *ctx), void (*worker_free)(void *));
/* The outcome of a cluster; the entry takes `files` (n_files malloc'd names). */
void batch_entry_set(batch_entry *e, int rc, const char *name, char **files, size_t n_files, size_t errors,
                     size_t warnings);
double batch_now(void);
/* Reads -j's value (1–64). */
bool batch_jobs_arg(const char *s, int *jobs);
/* Prints the table (stdout; JSON with json) and frees b. Returns 0, or 1 when any cluster failed. */
int batch_close(batch *b, bool json);
/* The text table to `out` (check --format json keeps stdout for its reports). */
int batch_close_to(batch *b, FILE *out);
#endif
