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
   broken (exit 5). `progress`: show progress even when stderr is not a terminal. */
bool batch_open(batch *b, const char *command, const char *templates, const char *edition_id, char *const *paths,
                size_t n, bool progress);
/* Before cluster i: "[3/40] 名称 … 预计还需 12 秒" on stderr, when progress is shown. */
void batch_progress(batch *b, size_t i);
/* The outcome of cluster i; the entry takes `files` (NULL-free list of n_files malloc'd names). */
void batch_result(batch *b, size_t i, int rc, const char *name, char **files, size_t n_files, size_t errors,
                  size_t warnings);
/* Prints the table (stdout; JSON with json) and frees b. Returns 0, or 1 when any cluster failed. */
int batch_close(batch *b, bool json);
/* The text table to `out` (check --format json keeps stdout for its reports). */
int batch_close_to(batch *b, FILE *out);
#endif
