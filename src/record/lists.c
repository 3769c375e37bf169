#include "record/lists.h"

#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static bool group_known(json_t *rows, const char *group, const char *value) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) if (!strcmp(str(row, group), value)) return true;
  return false;
}

json_t *list_rows(const edition *e, const record *r, const char *key, bool blank) {
  json_t *spec = e ? json_object_get(e->lists, key) : NULL;
  json_t *own = blank ? NULL : record_get(r, key);
  if (!json_is_array(own)) own = NULL;
  if (!spec) return own ? json_deep_copy(own) : json_array();

  /* Without "group" all rows are one group; without "match" no record row takes a default row's
     place (the default rows are then only the blank form's, or always printed ones). */
  const char *group = str(spec, "group");
  const char *match = str(spec, "match");
  const char *other = str(spec, "other_group");
  json_t *defaults = json_object_get(spec, "rows");
  json_t *out = json_array();
  size_t n_own = own ? json_array_size(own) : 0;
  bool *used = n_own ? calloc(n_own, sizeof *used) : NULL;

  /* The record's row's group, as the edition prints it. */
  json_t *own_group = json_array();
  for (size_t j = 0; j < n_own; j++) {
    const char *g = *group ? str(json_array_get(own, j), group) : "";
    json_array_append_new(own_group, json_string(!*group || group_known(defaults, group, g) || !*other ? g : other));
  }

  size_t i = 0, n = json_array_size(defaults);
  while (i < n) {
    const char *g = *group ? str(json_array_get(defaults, i), group) : "";
    size_t end = i;
    while (end < n && (!*group || !strcmp(str(json_array_get(defaults, end), group), g))) end++;
    bool group_has_own = false;
    for (size_t j = 0; j < n_own; j++) group_has_own |= !strcmp(json_string_value(json_array_get(own_group, j)), g);
    for (size_t d = i; d < end; d++) {
      json_t *def = json_array_get(defaults, d);
      const char *fill = str(def, "fill");
      json_t *row = NULL;
      if (!blank && *match) {
        for (size_t j = 0; j < n_own && !row; j++)
          if (!used[j] && !strcmp(json_string_value(json_array_get(own_group, j)), g) &&
              !strcmp(str(json_array_get(own, j), match), str(def, match)))
            used[j] = true, row = json_deep_copy(json_array_get(own, j));
      }
      if (!row) {
        bool show = blank || !strcmp(fill, "keep") || (!strcmp(fill, "placeholder") && !group_has_own);
        if (!show) continue;
        /* The default row as the form prints it: every field it gives but "fill". */
        row = json_deep_copy(def);
        json_object_del(row, "fill");
      }
      if (*group) json_object_set_new(row, group, json_string(g));
      json_array_append_new(out, row);
    }
    /* The record's further rows of this group follow the printed ones. */
    for (size_t j = 0; j < n_own; j++) {
      if (used[j] || strcmp(json_string_value(json_array_get(own_group, j)), g)) continue;
      used[j] = true;
      json_t *row = json_deep_copy(json_array_get(own, j));
      if (*group) json_object_set_new(row, group, json_string(g));
      json_array_append_new(out, row);
    }
    i = end;
  }
  /* Groups the edition does not print at all (and no other_group): keep them, at the end. */
  for (size_t j = 0; j < n_own; j++)
    if (!used[j]) json_array_append_new(out, json_deep_copy(json_array_get(own, j)));
  json_decref(own_group);
  free(used);
  return out;
}
