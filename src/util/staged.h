/* A command's outputs, written first to hidden temporary files beside their final names and
   renamed into place only once every one of them has been written: a run that fails part-way
   leaves the output folder as it was. */
#ifndef CF_STAGED_H
#define CF_STAGED_H
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

typedef struct {
  char **final, **tmp;
  size_t n;
  char **swept; /* the folders already cleared of what interrupted runs left */
  size_t n_swept;
} staged_outputs;

/* From now on, SIGINT, SIGTERM, SIGHUP and SIGQUIT first remove every temporary file of this
   process's staged outputs, then end it as they would have. The first output into a folder also
   removes the temporary files of runs that were killed before they could (their process is gone). */
void staged_on_signals(void);

/* A number no other call in this process returns (for temporary names). */
unsigned long staged_serial(void);
/* Registers dir/name as an output; returns the temporary path to write it to (owned by s). */
const char *staged_add(staged_outputs *s, const char *dir, const char *name);
/* Renames every temporary file to its final name, replacing the set whole: if one rename fails, the
   earlier files are all put back. False (with an error in d) then. */
bool staged_commit(staged_outputs *s, diag_list *d);
/* The problems a writer reported at a temporary file, named by the output file it stands for. */
void staged_name_problems(const staged_outputs *s, diag_list *d);
/* Removes what is left of the temporary files (all of them after a failed run) and frees s. */
void staged_free(staged_outputs *s);
#endif
