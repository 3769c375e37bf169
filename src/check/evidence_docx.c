#include "check/evidence_docx.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "merge/dom.h"
#include "merge/fill_package.h"
#include "ooxml/package.h"
#include "util/fileio.h"
#include "util/strbuf.h"

/* "4. 佐证材料包括……" → "佐证材料包括……": the item's number is the 填报说明's, not the list's. */
static char *without_number(const char *s) {
  const char *p = s;
  while (*p >= '0' && *p <= '9') p++;
  if (p > s && (*p == '.' || !strncmp(p, "\xEF\xBC\x8E", 3) /* ． */ || !strncmp(p, "\xE3\x80\x81", 3) /* 、 */))
    p += *p == '.' ? 1 : 3;
  else
    p = s;
  while (*p == ' ' || !strncmp(p, "\xE3\x80\x80", 3)) p += *p == ' ' ? 1 : 3;
  return xstrdup(p);
}

/* From the edition's form as printed: its title (the Title paragraph), and its 填报说明 on what
   counts as 佐证材料 (the paragraph that says 佐证材料包括…), if it has one. */
static void form_words(const edition *ed, char **title, char **note) {
  *title = NULL;
  *note = NULL;
  diag_list quiet = {0};
  package pkg = {0};
  if (package_read(&pkg, ed->form, &quiet)) {
    part *pt = package_find(&pkg, "word/document.xml");
    xmlDocPtr doc = pt ? xmlReadMemory(pt->data, (int)pt->len, pt->name, "UTF-8",
                                       XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)
                       : NULL;
    xmlNodePtr body = doc ? w_child(xmlDocGetRootElement(doc), "body") : NULL;
    for (xmlNodePtr p = body ? body->children : NULL; p; p = p->next) {
      if (!is_w(p, "p")) continue;
      char *t = plain_text(p);
      if (!*title && *t && w_has_style(p, "Title")) {
        *title = t;
        continue;
      }
      if (!*note && strstr(t, "佐证材料包括")) *note = without_number(t);
      free(t);
    }
    if (doc) xmlFreeDoc(doc);
  }
  package_free(&pkg);
  diag_free(&quiet);
  if (!*title || strstr(*title, "{{")) {
    free(*title);
    *title = xstrdup("中小企业特色产业集群申报表");
  }
  if (!*note) *note = xstrdup("");
}

/* "工业和信息化部 2023年版（2020–2022年数据，2025年目标）" → "工业和信息化部 2023年版". */
static char *edition_short(const edition *ed) {
  const char *t = ed->title && *ed->title ? ed->title : ed->id;
  const char *cut = strstr(t, "\xEF\xBC\x88"); /* （ */
  if (!cut) cut = strchr(t, '(');
  size_t n = cut ? (size_t)(cut - t) : strlen(t);
  while (n && t[n - 1] == ' ') n--;
  return n ? xstrndup(t, n) : xstrdup(ed->id);
}

/* Fills an annex's template folder (templates/FOLDER/form) with root, the record it shows, and
   writes it to path. The annex names the form it belongs to ({{edition.form_name}},
   {{edition.form_edition}}) and, for the evidence list, its 填报说明 on 佐证材料. */
bool annex_docx(const check_input *in, const char *folder, json_t *root, const char *what, const char *path,
                diag_list *d) {
  diag_place at = {.file = path};
  char *dir = path_join(in->templates, folder);
  package pkg = {0};
  if (!package_read(&pkg, dir, d)) {
    free(dir);
    return false;
  }
  record rec = {.file = (char *)what, .root = root};
  char *form_title, *note;
  form_words(in->ed, &form_title, &note);
  char *short_ed = edition_short(in->ed);
  edition ed = *in->ed;
  ed.strings = json_is_object(in->ed->strings) ? json_deep_copy(in->ed->strings) : json_object();
  json_object_set_new(ed.strings, "form_name", json_sprintf("《%s》", form_title));
  json_object_set_new(ed.strings, "form_edition", json_string(short_ed));
  json_object_set_new(ed.strings, "evidence_note", json_string(note));

  merge_env env = {.cat = in->cat, .ed = &ed, .rec = &rec, .blank = false};
  const char *nm = json_string_value(json_object_get(root, "name"));
  char *title = xasprintf("%s%s%s", nm ? nm : "", nm ? " " : "", what);
  bool ok = fill_package(&pkg, dir, &env, title, d, NULL);
  if (ok) {
    char *err = NULL, *outdir = path_dirname(path);
    size_t len = 0;
    char *bytes = package_zip(&pkg, &len, &err);
    ok = bytes && make_directory(outdir, &err) && write_file_atomic(path, bytes, len, &err);
    if (!ok)
      diag_add(d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。", "无法写出%s：%s", what,
               err ? err : "");
    free(bytes);
    free(err);
    free(outdir);
  }
  free(title);
  json_decref(ed.strings);
  free(short_ed);
  free(form_title);
  free(note);
  package_free(&pkg);
  free(dir);
  return ok;
}

bool evidence_docx(const check_input *in, const check_report *r, const char *path, diag_list *d) {
  /* The record the list's template is filled with: the cluster's name and the list. */
  json_t *root = json_object();
  json_t *name = json_object_get(r->filled ? r->filled : in->rec->root, "name");
  if (json_is_string(name)) json_object_set(root, "name", name);
  json_t *list = json_array();
  for (size_t i = 0; i < r->n_evidence; i++)
    json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "part", r->evidence[i].part, "item", r->evidence[i].item,
                                          "material", r->evidence[i].material));
  json_object_set_new(root, "evidence", list);
  bool ok = annex_docx(in, "evidence-list/form", root, "佐证材料清单", path, d);
  json_decref(root);
  return ok;
}

bool roster_docx(const check_input *in, const char *path, diag_list *d) {
  json_t *root = json_object();
  json_t *name = json_object_get(in->rec->root, "name");
  if (json_is_string(name)) json_object_set(root, "name", name);
  json_t *list = json_get_path(in->rec->root, "enterprises");
  json_object_set(root, "enterprises", json_is_array(list) ? list : json_array());
  bool ok = annex_docx(in, "enterprise-list/form", root, "企业清单", path, d);
  json_decref(root);
  return ok;
}
