/* clusterform schema: a JSON Schema (2020-12) of one edition's input, for editors that check
   JSON as it is typed, and for anyone writing an export from their own system. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "cli/commands.h"
#include "cli/edition_keys.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static const char USAGE[] =
    "用法: clusterform schema -e 版本\n"
    "\n"
    "输出该版本申报表数据文件的 JSON Schema（2020-12 版），列出每个字段的中文名称、类型、单位和限制。\n"
    "\n"
    "  -e, --edition 版本   申报表版本（clusterform editions 列出全部）\n"
    "  -h, --help           显示本说明\n"
    "\n"
    "退出码: 0 成功; 2 命令行用法错误; 5 安装不完整。\n";

static json_t *option_schema(const field *f) {
  json_t *any = json_array();
  for (size_t i = 0; i < f->n_options; i++) {
    json_array_append_new(any, json_pack("{s:s, s:s}", "const", f->options[i].id, "title", f->options[i].text));
    json_array_append_new(any, json_pack("{s:s}", "const", f->options[i].text));
  }
  return json_pack("{s:o}", "anyOf", any);
}

static json_t *leaf_schema(const field *f, const edition *ed);

static json_t *value_schema(const field *f, const edition *ed) {
  json_t *s;
  switch (f->type) {
  case FT_LINE:
  case FT_TEXT: s = json_pack("{s:s}", "type", "string"); break;
  case FT_DECIMAL:
  case FT_PERCENT:
  case FT_RATE: s = json_pack("{s:s}", "type", "number"); break;
  case FT_INTEGER: s = json_pack("{s:s}", "type", "integer"); break;
  case FT_BOOL: s = json_pack("{s:s}", "type", "boolean"); break;
  case FT_CHOICE: s = option_schema(f); break;
  case FT_MULTI: s = json_pack("{s:s, s:o, s:b}", "type", "array", "items", option_schema(f), "uniqueItems", 1); break;
  case FT_NAMES: s = json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "string"); break;
  case FT_DATE:
    s = json_pack("{s:s, s:s}", "type", "string", "pattern",
                  "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)$");
    break;
  case FT_VALUE: s = json_pack("{s:[s,s]}", "type", "number", "string"); break;
  case FT_LIST: {
    json_t *props = json_object();
    for (size_t i = 0; i < f->n_items; i++) json_object_set_new(props, f->items[i].key, leaf_schema(&f->items[i], ed));
    s = json_pack("{s:s, s:{s:s, s:o}}", "type", "array", "items", "type", "object", "properties", props);
    break;
  }
  default: s = json_object();
  }
  if (f->has_min) json_object_set_new(s, "minimum", json_real(f->min));
  if (f->has_max) json_object_set_new(s, "maximum", json_real(f->max));
  return s;
}

static json_t *leaf_schema(const field *f, const edition *ed) {
  json_t *s = value_schema(f, ed);
  if (f->series) {
    json_t *obj = json_pack("{s:s, s:{s:s}, s:o}", "type", "object", "propertyNames", "pattern",
                            "^(19|20)[0-9]{2}$", "additionalProperties", s);
    s = obj;
  }
  json_object_set_new(s, "title", json_string(edition_label(ed, f->key, f->label)));
  strbuf desc = {0};
  if (f->unit) sb_printf(&desc, "单位：%s。", f->unit);
  if (f->series) sb_puts(&desc, "按年份填写，例如 {\"2022\": …}。");
  if (f->limit && f->type == FT_TEXT) sb_printf(&desc, "%d字以内。", f->limit);
  if (f->plan) sb_puts(&desc, "属于发展规划（八），整个规划3000字以内。");
  if (f->note) sb_printf(&desc, "%s", f->note);
  if (desc.len) json_object_set_new(s, "description", json_string(desc.s));
  sb_free(&desc);
  if (f->limit && f->type == FT_LINE && !f->series) json_object_set_new(s, "maxLength", json_integer(f->limit));
  return s;
}

/* Puts a schema at a dotted key, creating the objects on the way. */
static void place(json_t *root, const char *key, json_t *leaf, bool required) {
  json_t *obj = root;
  char *k = xstrdup(key);
  char *save = NULL, *part = strtok_r(k, ".", &save);
  while (part) {
    char *next = strtok_r(NULL, ".", &save);
    json_t *props = json_object_get(obj, "properties");
    if (!props) json_object_set_new(obj, "properties", props = json_object());
    if (!next) {
      json_object_set_new(props, part, leaf);
      if (required) {
        json_t *req = json_object_get(obj, "required");
        if (!req) json_object_set_new(obj, "required", req = json_array());
        json_array_append_new(req, json_string(part));
      }
    } else {
      json_t *child = json_object_get(props, part);
      if (!child) json_object_set_new(props, part, child = json_pack("{s:s}", "type", "object"));
      obj = child;
    }
    part = next;
  }
  free(k);
}

int cmd_schema(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  const char *ed_id = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:h", opts, NULL)) != -1) {
    if (c == 'e') ed_id = optarg;
    else if (c == 'h') return fputs(USAGE, stdout), EXIT_OK;
    else return fprintf(stderr, "clusterform schema: 无法识别的选项 \"%s\"。\n\n%s", argv[optind - 1], USAGE), EXIT_USAGE;
  }
  if (!ed_id || optind < argc) {
    fprintf(stderr, "clusterform schema: 请用 -e 指定一个版本。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  diag_list d = {0};
  catalog cat;
  edition ed;
  key_set used = {0};
  int rc = EXIT_OK;
  char *fields_path = path_join(templates, "fields.json");
  if (!catalog_load(&cat, fields_path, &d)) {
    rc = EXIT_INSTALL;
  } else if (!edition_load(&ed, templates, ed_id, &d)) {
    rc = EXIT_USAGE;
  } else {
    if (!edition_keys(&cat, &ed, &used, &d)) rc = EXIT_INSTALL;
    /* The 推荐汇总表 reads these from the same record. */
    key_set_add(&used, "industry");
    key_set_add(&used, "founded");
    if (ed.limit_intro > 0) key_set_add(&used, "intro");
    json_t *root = json_pack("{s:s, s:s, s:s, s:s}", "$schema", "https://json-schema.org/draft/2020-12/schema",
                             "$id", "https://clusterform.invalid/schema/", "title", "", "type", "object");
    char *id = xasprintf("https://clusterform.invalid/schema/%s.json", ed.id);
    char *title = xasprintf("中小企业特色产业集群申报表数据（%s）", ed.id);
    json_object_set_new(root, "$id", json_string(id));
    json_object_set_new(root, "title", json_string(title));
    json_object_set_new(root, "description", json_string(ed.title));
    free(id);
    free(title);
    for (size_t i = 0; i < cat.n; i++)
      if (key_set_has(&used, cat.fields[i].key))
        place(root, cat.fields[i].key, leaf_schema(&cat.fields[i], &ed), cat.fields[i].required);
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
    fputc('\n', stdout);
    json_decref(root);
    edition_free(&ed);
  }
  diag_print(stderr, &d);
  key_set_free(&used);
  if (rc != EXIT_INSTALL || cat.n) catalog_free(&cat);
  diag_free(&d);
  free(fields_path);
  return rc;
}
