/* The commands of the clusterform program. Each parses its own options and returns an exit code. */
#ifndef CF_COMMANDS_H
#define CF_COMMANDS_H

/* Exit codes, documented in README.md and `clusterform --help`. */
enum {
  EXIT_OK = 0,
  EXIT_INPUT = 1,    /* the input data has errors; nothing was written */
  EXIT_USAGE = 2,    /* the command line is wrong */
  EXIT_TEMPLATE = 3, /* the template (edition or --template) has errors */
  EXIT_OUTPUT = 4,   /* an output could not be written; earlier outputs are untouched */
  EXIT_INSTALL = 5   /* clusterform's own files (templates/fields.json) are missing or damaged */
};

int cmd_fill(int argc, char **argv, const char *templates);
int cmd_check(int argc, char **argv, const char *templates);
int cmd_editions(int argc, char **argv, const char *templates);
int cmd_schema(int argc, char **argv, const char *templates);
int cmd_fields(int argc, char **argv, const char *templates);
int cmd_summary(int argc, char **argv, const char *templates);
int cmd_workbook(int argc, char **argv, const char *templates);
int cmd_diff(int argc, char **argv, const char *templates);
int cmd_package(int argc, char **argv, const char *templates);
int cmd_print(int argc, char **argv, const char *templates);
int cmd_read(int argc, char **argv, const char *templates);
#endif
