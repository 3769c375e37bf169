/* Reading whole files, and writing outputs so that a failed run never damages an earlier one. */
#ifndef CF_FILEIO_H
#define CF_FILEIO_H
#include <stdbool.h>
#include <stddef.h>

/* Reads a file into memory (NUL-terminated). Returns NULL and sets *err (an English/Chinese
   sentence to be freed) on failure. Files larger than max_bytes are refused. */
char *read_file(const char *path, size_t max_bytes, size_t *len, char **err);

/* Writes data to path through a temporary file in the same folder, then renames it into place,
   so readers never see a half-written file and a failure leaves the old file as it was. */
bool write_file_atomic(const char *path, const void *data, size_t len, char **err);

bool is_directory(const char *path);
bool make_directory(const char *path, char **err); /* like mkdir -p */
char *path_join(const char *dir, const char *name);
char *path_dirname(const char *path);
#endif
