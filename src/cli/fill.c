/* clusterform fill: the 申报表 as DOCX. */
#include <getopt.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "check/check.h"
#include "check/evidence_docx.h"
#include "layout/docmodel.h"
#include "layout/fc_load.h"
#include "layout/layout.h"
#include "render/render.h"
#include "cli/commands.h"
#include "cli/batch.h"
#include "cli/session.h"
#include "input/inputs.h"
#include "merge/fill_package.h"
#include "print/print_set.h"
#include "ooxml/package.h"
#include "record/record.h"
#include "util/fileio.h"
#include "util/staged.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static const char USAGE[] =
    "用法: clusterform fill [-e 版本] [-o 文件夹] [--blank] [--template 模板.docx] [数据 ...]\n"
    "\n"
    "把集群的数据填入《中小企业特色产业集群申报表》，写出 Word 文档（.docx）和 PDF。数据可以是 JSON 文件、\n"
    "填报工作簿（.xlsx，见 clusterform workbook；一个工作簿可有多个集群）、工作簿另存的 CSV 文件（一起给出的\n"
    "CSV 文件算作同一工作簿的各个工作表），或装有这些文件的文件夹；多个集群在一次运行中生成（用上每个处理器核），某个集群\n"
    "有错误不影响其他集群，最后列出每个集群的结果。\n"
    "\n"
    "  -e, --edition 版本      申报表版本（clusterform editions 列出全部）；不给时用数据中的 \"edition\"\n"
    "      --force             数据有错误（见 clusterform check）时也写出\n"
    "      --evidence          同时写出佐证材料清单（\"集群名称-佐证材料清单-版本.docx\"）\n"
    "                          和企业清单（数据有企业名单时，\"集群名称-企业清单-版本.docx\"）\n"
    "      --format 列表       写出哪些文件：docx、pdf、ofd、png，用逗号分开（默认 docx,pdf）；PDF、OFD\n"
    "                          和 PNG 由 clusterform 自己排版同一份填好的 DOCX 得到，不需要办公软件\n"
    "  -o, --output 文件夹     写到这个文件夹（默认当前文件夹；不存在时自动创建）\n"
    "      --blank             写出空白申报表，不需要数据文件\n"
    "      --template 文件     用自己的 .docx（或解压后的文件夹）作模板，标签写法见 docs/templates.md\n"
    "      --templates 文件夹  各版本模板所在的文件夹（默认为安装时的 templates/）\n"
    "      --report text|json  多个集群时最后的结果表的格式（json 供程序读取，写到标准输出）\n"
    "      --progress          显示进度（标准错误输出是终端且集群多于 3 个时自动显示）\n"
    "  -j, --jobs 数量         同时生成几个集群（默认为处理器核数）；各集群的信息仍按顺序列出\n"
    "  -h, --help              显示本说明\n"
    "\n"
    "文件名为 \"集群名称-申报表-版本.docx\"（空白表为 \"申报表-版本-空白.docx\"）。\n"
    "数据中空着的栏目写作“无”，有小数的数字保留两位小数（填报说明第2条）。\n"
    "写出前先做 clusterform check 的全部检查：有错误时不写任何文件（除非 --force），文件夹中原有的\n"
    "文件保持不变；由原始数据计算的指标（增速、占比等）在数据未给出时填入申报表。\n"
    "\n"
    "退出码: 0 成功; 1 数据有错误（多个集群时：有集群没有写出）; 2 命令行用法错误; 3 模板有错误;\n"
    "        4 无法写出文件; 5 安装不完整。\n";

/* A file name from the cluster's name: no path separators or characters Windows refuses, nothing
   invisible that could disguise the name (controls, DEL, the bidi overrides that turn "gpj.exe" into
   "exe.jpg"), and short enough for every file system (cut at a character boundary). */
static bool hidden_char(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

static char *safe_name(const char *s) {
  strbuf b = {0};
  size_t i = 0, n = strlen(s);
  while (i < n) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) {
      i++;
      continue;
    }
    if (b.len + k > 180) break;
    if (hidden_char(cp)) {
      /* dropped */
    } else if (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp)) {
      sb_putc(&b, '_');
    } else {
      sb_add(&b, s + i, k);
    }
    i += k;
  }
  char *r = sb_take(&b);
  /* Windows drops trailing dots and spaces; a leading dot hides the file. */
  size_t len = strlen(r);
  while (len && (r[len - 1] == '.' || r[len - 1] == ' ')) r[--len] = '\0';
  if (!*r || r[0] == '.') {
    free(r);
    r = xstrdup("集群");
  }
  return r;
}

typedef struct {
  const char *templates, *edition, *template_path, *outdir;
  bool blank, force, evidence;
  bool want_docx, want_pdf, want_png, want_ofd;
  bool quiet; /* the written files go to the batch's JSON result, not to stdout */
  char *batch_text; /* a batch: its records and forms, whose characters the PDFs' faces are cut for */
  /* clusterform print: the paper set instead of the form (copies 0: the edition's; originals -1: the
     edition's). */
  bool print;
  int copies, originals;
  bool duplex;
} fill_opts;

/* What a worker of a batch keeps from one cluster to the next: the catalog, editions and checked
   templates; the layout's font map; the cut faces of the PDFs (all of them the worker's alone). */
typedef struct {
  session_cache *sessions;
  PangoFontMap *fonts;
  cut_cache *faces;
} fill_worker;

static void *worker_new(void *ctx) {
  const fill_opts *o = ctx;
  /* fontconfig loaded here, before pango's font map starts its own thread that asks it (its lazy
     start-up is not something to race on; layout/fc_load.h). */
  FcInit();
  fill_worker *w = xmalloc(sizeof *w);
  *w = (fill_worker){.sessions = session_cache_new(), .fonts = layout_font_map(), .faces = cut_cache_new(o->batch_text)};
  return w;
}

/* The text a batch's documents are made of: every record, and the words of every form they are
   filled into (the template's XML holds them, with digits and more to spare), and what the fill
   writes of its own. */
static char *batch_text(const batch *b, const fill_opts *o) {
  strbuf t = {0};
  sb_puts(&t, "0123456789.-%无是否☑☐□年月日（）、，。：；");
  char **seen = NULL;
  size_t n_seen = 0;
  for (size_t i = 0; i < b->inputs.n; i++) {
    const input_item *it = &b->inputs.v[i];
    if (!it->rec.root) continue;
    char *json = json_dumps(it->rec.root, JSON_ENSURE_ASCII * 0);
    if (json) sb_puts(&t, json);
    free(json);
    const char *id = o->edition ? o->edition : record_edition(&it->rec);
    bool known = !id;
    for (size_t k = 0; k < n_seen && !known; k++) known = !strcmp(seen[k], id);
    if (known) continue;
    seen = xrealloc(seen, (n_seen + 1) * sizeof *seen);
    seen[n_seen++] = xstrdup(id);
    edition ed;
    diag_list quiet = {0};
    if (edition_load(&ed, o->templates, id, &quiet)) {
      package pkg = {0};
      if (package_read(&pkg, o->template_path ? o->template_path : ed.form, &quiet)) {
        part *doc = package_find(&pkg, "word/document.xml");
        if (doc) sb_add(&t, doc->data, doc->len);
      }
      package_free(&pkg);
      edition_free(&ed);
    }
    diag_free(&quiet);
  }
  for (size_t k = 0; k < n_seen; k++) free(seen[k]);
  free(seen);
  return sb_take(&t);
}

static void worker_free(void *p) {
  fill_worker *w = p;
  cut_cache_free(w->faces);
  g_object_unref(w->fonts);
  session_cache_free(w->sessions);
  free(w);
}

/* The filled package zipped into a DOCX's bytes (on a thread of its own). */
typedef struct {
  const package *pkg;
  char *bytes, *err;
  size_t len;
} zip_job;

static gpointer zip_package(gpointer p) {
  zip_job *j = p;
  j->bytes = package_zip(j->pkg, &j->len, &j->err);
  return NULL;
}

/* Data the record holds for cells this edition's form does not have would vanish without a word;
   say which, in one note (typical when one record is rendered into several editions). */
static void note_unshown(const record *rec, const catalog *cat, const edition *ed, const key_set *used,
                         const char *file, diag_list *d) {
  static const char *const NOT_ON_FORM[] = {"edition", "year", "industry", "founded", "intro"};
  strbuf b = {0};
  size_t n = 0;
  for (size_t i = 0; i < cat->n; i++) {
    const char *k = cat->fields[i].key;
    bool skip = key_set_has(used, k);
    for (size_t j = 0; j < sizeof NOT_ON_FORM / sizeof *NOT_ON_FORM; j++) skip |= !strcmp(k, NOT_ON_FORM[j]);
    if (skip || !record_get(rec, k)) continue;
    sb_printf(&b, "%s%s（%s）", n++ ? "、" : "", k, cat->fields[i].label);
  }
  if (n) {
    diag_place at = {.file = file};
    diag_add(d, DIAG_NOTE, &at, NULL, "%zu 个字段有数据，但 %s 版申报表没有对应的栏目，不会写出：%s。", n, ed->id, b.s);
  }
  sb_free(&b);
}

/* One cluster's 申报表 (or the blank form): checked, filled and written; its problems printed. */
typedef struct {
  char *name;          /* the cluster's name */
  char **files;        /* the files written */
  size_t n_files;
  size_t errors, warnings;
} fill_result;

static int fill_cluster(const fill_opts *o, const fill_worker *w, const char *input, record *given, fill_result *res,
                        FILE *out, FILE *errs) {
  session s = {.templates = o->templates, .edition = o->edition, .template_path = o->template_path, .input = input,
               .given = given, .cache = w ? w->sessions : NULL};
  char *name_copy = NULL;

  diag_list d = {0};
  check_report r = {0};
  bool checked = false;
  size_t notes = 0;
  /* fontconfig loads its configuration on the second core meanwhile (layout/fc_load.h). */
  fc_load *fonts_loading = o->want_pdf || o->want_png || o->want_ofd ? fc_load_start() : NULL;
  int rc = session_open(&s, &d);
  if (rc != EXIT_OK) goto done;

  record filled = {0};
  if (input) {
    check_input in = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec, .slots = &s.slots, .templates = o->templates,
                      .form = &s.pkg, .no_evidence = !o->evidence};
    check_run(&in, &r);
    checked = true;
    /* A person filling the form wants the errors and warnings; the notes are in clusterform check. */
    for (size_t i = 0; i < r.findings.n; i++) {
      const diag *x = &r.findings.items[i];
      if (x->severity == DIAG_NOTE) {
        notes++;
        continue;
      }
      diag_place at = {.file = x->file, .line = x->line, .col = x->col, .where = x->where, .key = x->key, .label = x->label};
      diag_add(&d, x->severity, &at, x->fix, "%s", x->message);
    }
    if (diag_count(&d, DIAG_ERROR) && !o->force) {
      rc = EXIT_INPUT;
      goto done;
    }
    filled = s.rec;
    filled.root = r.filled; /* the record with the derived indicators filled in */
  }
  merge_env env = {.cat = &s.cat, .ed = &s.ed, .rec = input ? &filled : NULL, .blank = o->blank};
  const char *name = input ? json_string_value(record_get(&s.rec, "name")) : NULL;
  if (name) name_copy = xstrdup(name);
  char *title = xasprintf("%s%s中小企业特色产业集群申报表", name ? name : "", name ? " " : "");
  /* session_open has checked the template (s.used, s.slots): merging is all that is left. */
  bool ok = fill_checked_package(&s.pkg, s.template_path ? s.template_path : s.ed.id, &env, title, &d);
  free(title);
  if (ok && input) note_unshown(&s.rec, &s.cat, &s.ed, &s.used, input, &d);
  if (!ok) {
    rc = s.template_path ? EXIT_TEMPLATE : EXIT_INSTALL;
    goto done;
  }
  char *stem = NULL;
  if (o->blank || !name) {
    stem = xasprintf("申报表-%s-空白", s.ed.id);
  } else {
    char *safe = safe_name(name);
    stem = xasprintf("%s-申报表-%s", safe, s.ed.id);
    free(safe);
  }
  char *err = NULL;
  if (!make_directory(o->outdir, &err)) {
    diag_place at = {.file = o->outdir};
    diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹的路径和写入权限。", "%s", err);
    free(err);
    free(stem);
    rc = EXIT_OUTPUT;
    goto done;
  }
  /* Every output goes to a temporary file first and is renamed into place only when all are
     written: a run that fails part-way leaves the folder as it was (util/staged.h). */
  staged_outputs staged = {0};
  /* The DOCX's bytes are zipped on a second thread while the PDF is made: both only read the
     filled package. */
  zip_job zip = {.pkg = &s.pkg};
  GThread *zipping = o->want_docx ? g_thread_try_new("zip-docx", zip_package, &zip, NULL) : NULL;
  if (o->want_docx && !zipping) zip_package(&zip);
  size_t n_png = 0, first_png = 0;
  /* PDF and PNG come from the filled package itself, so the three files always agree. */
  if (o->want_pdf || o->want_png || o->want_ofd) {
    document doc;
    display_list dl = {0};
    fc_load_wait(fonts_loading);
    fonts_loading = NULL;
    if (docmodel_read(&doc, &s.pkg, s.ed.id, &d)) {
      /* The PDF's faces are cut on the second core while the first lays the form out. */
      cut_fonts *faces = o->want_pdf && !o->print ? cut_fonts_predict(&doc, w ? w->faces : NULL) : NULL;
      if (w) layout_document_in(&doc, &dl, w->fonts);
      else layout_document(&doc, &dl);
      if (!layout_fits(&dl, s.template_path ? s.template_path : s.ed.id, &d)) rc = EXIT_TEMPLATE;
      dl.title = xasprintf("%s%s中小企业特色产业集群申报表", name ? name : "", name ? " " : "");
      const char *author = input ? json_string_value(record_get(&s.rec, "authority")) : NULL;
      dl.author = xstrdup(author ? author : "");
      dl.subject = xstrdup(s.ed.title);
      const char *date = getenv("CLUSTERFORM_PDF_DATE");
      if (o->print) {
        /* The paper set: the form's pages, copy after copy (print/print_set.h). */
        print_plan plan = {.copies = o->copies ? o->copies : s.ed.print_copies,
                           .originals = o->originals >= 0 ? o->originals : s.ed.print_originals, .duplex = o->duplex};
        display_list set = {0}, annex = {0};
        PangoFontMap *fm = w ? NULL : layout_font_map();
        /* With --evidence, each copy ends with the 佐证材料清单, laid out from its DOCX. */
        if (o->evidence) {
          char *tmp = xasprintf("%s/.%s-佐证材料清单.%ld.%lu.tmp", o->outdir, stem, (long)getpid(), staged_serial());
          check_input ein = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec, .slots = &s.slots, .templates = o->templates,
                             .form = &s.pkg};
          package ep = {0};
          document edoc;
          if (evidence_docx(&ein, &r, tmp, &d) && package_read(&ep, tmp, &d) && docmodel_read(&edoc, &ep, tmp, &d)) {
            layout_document(&edoc, &annex);
            docmodel_free(&edoc);
          } else {
            rc = EXIT_OUTPUT;
          }
          package_free(&ep);
          unlink(tmp);
          free(tmp);
        }
        print_set(&dl, annex.n_pages ? &annex : NULL, &plan, w ? w->fonts : fm, &set);
        dl_free(&annex);
        dl_free(&dl);
        dl = set;
        if (fm) g_object_unref(fm);
        char *stem2 = xasprintf("%s-打印", stem);
        free(stem);
        stem = stem2;
        cut_fonts_free(faces); /* cut for one copy's pages; the set's are cut when drawn */
        faces = NULL;
      }
      if (o->want_pdf && rc == EXIT_OK) {
        char *file = xasprintf("%s.pdf", stem);
        if (!render_pdf(&dl, faces, staged_add(&staged, o->outdir, file), date, &d)) rc = EXIT_OUTPUT;
        free(file);
      }
      cut_fonts_free(faces);
      if (o->want_ofd && rc == EXIT_OK) {
        char *file = xasprintf("%s.ofd", stem);
        if (!render_ofd(&dl, staged_add(&staged, o->outdir, file), date, &d)) rc = EXIT_OUTPUT;
        free(file);
      }
      if (o->want_png && rc == EXIT_OK) {
        /* One file a page, each staged like every other output. */
        n_png = dl.n_pages, first_png = staged.n;
        const char **paths = xmalloc((dl.n_pages ? dl.n_pages : 1) * sizeof *paths);
        for (size_t i = 0; i < dl.n_pages; i++) {
          char *file = xasprintf("%s-%zu.png", stem, i + 1);
          paths[i] = staged_add(&staged, o->outdir, file);
          free(file);
        }
        if (!render_png(&dl, paths, 96, &d)) rc = EXIT_OUTPUT;
        free(paths);
      }
      dl_free(&dl);
      docmodel_free(&doc);
    } else {
      rc = EXIT_OUTPUT;
    }
  }
  if (zipping) g_thread_join(zipping);
  if (o->want_docx && rc == EXIT_OK) {
    char *file = xasprintf("%s.docx", stem);
    const char *tmp = staged_add(&staged, o->outdir, file);
    if (!zip.bytes || !write_file_atomic(tmp, zip.bytes, zip.len, &zip.err)) {
      diag_place at = {.file = staged.final[staged.n - 1]};
      diag_add(&d, DIAG_ERROR, &at, "检查输出文件夹是否存在、是否有写入权限、磁盘是否已满。", "无法写出申报表：%s",
               zip.err ? zip.err : "");
      rc = EXIT_OUTPUT;
    }
    free(file);
  }
  free(zip.bytes);
  free(zip.err);
  if (rc == EXIT_OK && o->evidence && !o->print) {
    char *safe = safe_name(name ? name : "集群");
    char *file = xasprintf("%s-佐证材料清单-%s.docx", safe, s.ed.id);
    check_input in = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec, .slots = &s.slots, .templates = o->templates,
                      .form = &s.pkg};
    if (!evidence_docx(&in, &r, staged_add(&staged, o->outdir, file), &d)) rc = EXIT_OUTPUT;
    free(safe);
    free(file);
  }
  /* The 企业清单 the form's counts rest on, with the evidence, when the record lists its enterprises. */
  json_t *roster = input ? record_get(&s.rec, "enterprises") : NULL;
  if (rc == EXIT_OK && o->evidence && !o->print && json_array_size(roster)) {
    char *safe = safe_name(name ? name : "集群");
    char *file = xasprintf("%s-企业清单-%s.docx", safe, s.ed.id);
    check_input in = {.cat = &s.cat, .ed = &s.ed, .rec = &s.rec, .slots = &s.slots, .templates = o->templates,
                      .form = &s.pkg};
    if (!roster_docx(&in, staged_add(&staged, o->outdir, file), &d)) rc = EXIT_OUTPUT;
    free(safe);
    free(file);
  }
  if (rc == EXIT_OK && staged_commit(&staged, &d)) {
    if (res) {
      res->files = xmalloc((staged.n + 1) * sizeof *res->files);
      for (size_t i = 0; i < staged.n; i++) res->files[res->n_files++] = xstrdup(staged.final[i]);
    }
    for (size_t i = 0; i < staged.n && !o->quiet; i++) {
      if (n_png && i == first_png) fprintf(out, "已写出 %s … %s\n", staged.final[i], staged.final[i + n_png - 1]);
      else if (!n_png || i < first_png || i >= first_png + n_png) fprintf(out, "已写出 %s\n", staged.final[i]);
    }
  } else if (rc == EXIT_OK) {
    rc = EXIT_OUTPUT;
  }
  staged_name_problems(&staged, &d);
  staged_free(&staged);
  free(stem);
  free(err);

done:
  fc_load_wait(fonts_loading);
  diag_print(errs, &d);
  size_t ne = diag_count(&d, DIAG_ERROR), nw = diag_count(&d, DIAG_WARNING);
  if (ne && rc == EXIT_INPUT && checked)
    fprintf(errs, "共 %zu 个错误、%zu 个警告；没有写出文件，输出文件夹中原有的文件保持不变。改正后再生成，或用 --force 照样写出。\n", ne, nw);
  else if (ne)
    fprintf(errs, "共 %zu 个错误、%zu 个警告%s。\n", ne, nw,
            rc == EXIT_OK ? "" : "；没有写出文件，输出文件夹中原有的文件保持不变");
  else if (nw)
    fprintf(errs, "共 %zu 个警告。\n", nw);
  if (notes) fprintf(errs, "另有 %zu 条提示（如空栏将写作“无”），用 clusterform check 查看。\n", notes);
  if (checked) check_report_free(&r);
  if (res) {
    res->errors = ne, res->warnings = nw;
    if (!res->name && name_copy) res->name = name_copy, name_copy = NULL;
  }
  free(name_copy);
  session_close(&s);
  diag_free(&d);
  return rc;
}

/* One cluster of a batch, in one of its workers. */
static int fill_one(void *ctx, void *worker, input_item *it, FILE *out, FILE *err, batch_entry *e) {
  fill_result res = {0};
  int rc = it->failed ? EXIT_INPUT : fill_cluster(ctx, worker, it->rec.file, &it->rec, &res, out, err);
  batch_entry_set(e, rc, res.name, res.files, res.n_files, res.errors, res.warnings);
  free(res.name);
  return rc;
}

/* The clusters of the inputs (after the options): one JSON record as a plain run, anything more as
   a batch. */
static int run_fill(fill_opts *o_in, char **inputs, size_t n_inputs, bool report_json, bool progress, int jobs) {
  fill_opts o = *o_in;
  const char *templates = o.templates;
  /* One JSON record: the plain run, its problems and outputs printed as they come. */
  if (!inputs_are_batch(inputs, n_inputs) && !report_json) return fill_cluster(&o, NULL, inputs[0], NULL, NULL, stdout, stderr);
  /* A batch: every cluster of every input in this one process, each on its own; one cluster's
     errors never stop the others; a table at the end (cli/batch.h). */
  batch b;
  if (!batch_open(&b, "fill", templates, o.edition, inputs, n_inputs, progress, true)) return EXIT_INSTALL;
  o.quiet = report_json;
  if (o.want_pdf) o.batch_text = batch_text(&b, &o);
  batch_run(&b, jobs, fill_one, &o, worker_new, worker_free);
  free(o.batch_text);
  return batch_close(&b, report_json);
}

int cmd_fill(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'},
                                       {"output", required_argument, 0, 'o'},
                                       {"blank", no_argument, 0, 'b'},
                                       {"template", required_argument, 0, 't'},
                                       {"force", no_argument, 0, 'F'},
                                       {"evidence", no_argument, 0, 'E'},
                                       {"format", required_argument, 0, 'f'},
                                       {"report", required_argument, 0, 'R'},
                                       {"progress", no_argument, 0, 'p'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  fill_opts o = {.templates = templates, .outdir = ".", .want_docx = true, .want_pdf = true};
  bool report_json = false, progress = false;
  int jobs = 0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:o:j:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': o.edition = optarg; break;
    case 'o': o.outdir = optarg; break;
    case 'b': o.blank = true; break;
    case 't': o.template_path = optarg; break;
    case 'F': o.force = true; break;
    case 'E': o.evidence = true; break;
    case 'p': progress = true; break;
    case 'j':
      if (!batch_jobs_arg(optarg, &jobs)) {
        fprintf(stderr, "clusterform fill: -j 要给出 1 到 64 之间的整数，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'R':
      if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
        fprintf(stderr, "clusterform fill: --report 只能是 text 或 json，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      report_json = !strcmp(optarg, "json");
      break;
    case 'f': {
      o.want_docx = o.want_pdf = o.want_png = o.want_ofd = false;
      char *list = xstrdup(optarg), *save = NULL;
      for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "docx")) o.want_docx = true;
        else if (!strcmp(t, "pdf")) o.want_pdf = true;
        else if (!strcmp(t, "png")) o.want_png = true;
        else if (!strcmp(t, "ofd")) o.want_ofd = true;
        else {
          fprintf(stderr, "clusterform fill: --format 中的 \"%s\" 不是 docx、pdf、ofd 或 png。\n", t);
          free(list);
          return EXIT_USAGE;
        }
      }
      free(list);
      break;
    }
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform fill: 无法识别的选项 \"%s\"。\n\n%s", argv[optind - 1], USAGE);
      return EXIT_USAGE;
    }
  }
  size_t n_inputs = (size_t)(argc - optind);
  if (!n_inputs && !o.blank) {
    fprintf(stderr, "clusterform fill: 请给出集群数据（.json、.xlsx、.csv 或其文件夹），或用 --blank 写空白表。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  if (n_inputs && o.blank) {
    fprintf(stderr, "clusterform fill: --blank 写空白表，不读数据文件；请去掉 \"%s\" 或 --blank。\n", argv[optind]);
    return EXIT_USAGE;
  }
  if (o.blank && o.evidence) {
    fprintf(stderr, "clusterform fill: 空白表没有佐证材料清单；--evidence 需要数据文件。\n");
    return EXIT_USAGE;
  }
  if (o.blank && !o.edition) {
    fprintf(stderr, "clusterform fill: 写空白表要用 -e 指定版本。\n");
    return EXIT_USAGE;
  }
  if (o.blank) return fill_cluster(&o, NULL, NULL, NULL, NULL, stdout, stderr);
  return run_fill(&o, argv + optind, n_inputs, report_json, progress, jobs);
}

static const char PRINT_USAGE[] =
    "用法: clusterform print [-e 版本] [--copies 份数] [--originals 正本份数] [--duplex|--simplex] [--ofd]\n"
    "                        [--evidence] [--summary [--authority 名称] [--contact 姓名] [--phone 号码]]\n"
    "                        [-o 文件夹] 数据 ...\n"
    "\n"
    "写出可以直接打印的申报表：每个集群一个 PDF（\"集群名称-申报表-版本-打印.pdf\"），内含所需的份数。每份都从\n"
    "正面开始；双面打印时，各部分（填报说明、一至九）也都从正面开始，需要的地方插入空白页。前几份封面右上角\n"
    "标“正本”，其余标“副本”；页码在每份中从头算起；书签按份、按部分排列。默认份数取自该版本的通知：宁波\n"
    "一式五份（正本2份、副本3份），全国和内蒙古版一式四份（正本1份、副本3份；以当年通知为准）。\n"
    "\n"
    "  -e, --edition 版本      申报表版本；不给时用数据中的 \"edition\"\n"
    "      --copies 份数       共几份（默认按版本）\n"
    "      --originals 份数    其中正本几份（默认按版本；0 表示不标正本、副本）\n"
    "      --duplex            按双面打印排页（默认）\n"
    "      --simplex           按单面打印排页，不插空白页\n"
    "      --ofd               同时写出 OFD\n"
    "      --evidence          每份后面附上佐证材料清单（也从正面开始）\n"
    "      --summary           另写出这些集群的推荐汇总表，同样份数（\"推荐汇总表-版本-打印.pdf\"，需要 -e）；\n"
    "                          --authority、--contact、--phone 同 clusterform summary\n"
    "  -o, --output 文件夹     写到这个文件夹（默认当前文件夹）\n"
    "  -j, --jobs 数量         同时处理几个集群（默认为处理器核数）\n"
    "  -h, --help              显示本说明\n"
    "\n"
    "退出码: 0 成功; 1 数据有错误; 2 命令行用法错误; 4 无法写出文件; 5 安装不完整。\n";

int cmd_print(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'},  {"output", required_argument, 0, 'o'},
                                       {"copies", required_argument, 0, 'c'},   {"originals", required_argument, 0, 'r'},
                                       {"duplex", no_argument, 0, 'D'},         {"simplex", no_argument, 0, 'S'},
                                       {"ofd", no_argument, 0, 'O'},            {"jobs", required_argument, 0, 'j'},
                                       {"evidence", no_argument, 0, 'E'},       {"summary", no_argument, 0, 'M'},
                                       {"authority", required_argument, 0, 'A'}, {"contact", required_argument, 0, 'C'},
                                       {"phone", required_argument, 0, 'P'},
                                       {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
  bool with_summary = false;
  const char *authority = NULL, *contact = NULL, *phone = NULL;
  fill_opts o = {.templates = templates, .outdir = ".", .want_pdf = true, .print = true, .originals = -1, .duplex = true};
  int jobs = 0, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:o:j:h", opts, NULL)) != -1) {
    char *end = NULL;
    switch (c) {
    case 'e': o.edition = optarg; break;
    case 'o': o.outdir = optarg; break;
    case 'D': o.duplex = true; break;
    case 'S': o.duplex = false; break;
    case 'O': o.want_ofd = true; break;
    case 'E': o.evidence = true; break;
    case 'M': with_summary = true; break;
    case 'A': authority = optarg; break;
    case 'C': contact = optarg; break;
    case 'P': phone = optarg; break;
    case 'c':
    case 'r': {
      long v = strtol(optarg, &end, 10);
      if (*end || end == optarg || v < (c == 'c' ? 1 : 0) || v > 20) {
        fprintf(stderr, "clusterform print: --%s 要给出 %d 到 20 之间的整数，不是 \"%s\"。\n", c == 'c' ? "copies" : "originals",
                c == 'c' ? 1 : 0, optarg);
        return EXIT_USAGE;
      }
      if (c == 'c') o.copies = (int)v;
      else o.originals = (int)v;
      break;
    }
    case 'j':
      if (!batch_jobs_arg(optarg, &jobs)) {
        fprintf(stderr, "clusterform print: -j 要给出 1 到 64 之间的整数，不是 \"%s\"。\n", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'h': fputs(PRINT_USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform print: 无法识别的选项或缺少选项的值：\"%s\"。\n\n%s", argv[optind - 1], PRINT_USAGE);
      return EXIT_USAGE;
    }
  }
  if (o.copies && o.originals > o.copies) {
    fprintf(stderr, "clusterform print: 正本（%d 份）不能多于总份数（%d 份）。\n", o.originals, o.copies);
    return EXIT_USAGE;
  }
  if (optind >= argc) {
    fprintf(stderr, "clusterform print: 请给出集群数据（.json、.xlsx、.csv 或其文件夹）。\n\n%s", PRINT_USAGE);
    return EXIT_USAGE;
  }
  if (with_summary && !o.edition) {
    fprintf(stderr, "clusterform print: --summary 要用 -e 指定汇总表的版本，例如 -e miit-2023。\n");
    return EXIT_USAGE;
  }
  if (!with_summary && (authority || contact || phone)) {
    fprintf(stderr, "clusterform print: --authority、--contact、--phone 写在推荐汇总表上，要与 --summary 一起用。\n");
    return EXIT_USAGE;
  }
  int rc = run_fill(&o, argv + optind, (size_t)(argc - optind), false, false, jobs);
  if (rc != EXIT_OK || !with_summary) return rc;
  /* The 推荐汇总表 of the same clusters, as many copies as the 申报表 (the notices ask for both
     一式N份): clusterform summary --copies, so it is made exactly as summary makes it. */
  int copies = o.copies;
  if (!copies) {
    edition ed;
    diag_list d = {0};
    if (!edition_load(&ed, templates, o.edition, &d)) {
      diag_print(stderr, &d);
      diag_free(&d);
      return EXIT_USAGE;
    }
    copies = ed.print_copies;
    edition_free(&ed);
    diag_free(&d);
  }
  char n[16];
  snprintf(n, sizeof n, "%d", copies);
  size_t n_in = (size_t)(argc - optind);
  char **sv = xmalloc((n_in + 20) * sizeof *sv);
  int k = 0;
  sv[k++] = "summary";
  sv[k++] = "-e", sv[k++] = (char *)o.edition;
  sv[k++] = "--copies", sv[k++] = n;
  sv[k++] = "--format", sv[k++] = o.want_ofd ? "pdf,ofd" : "pdf";
  sv[k++] = "-o", sv[k++] = (char *)o.outdir;
  if (!o.duplex) sv[k++] = "--simplex";
  if (authority) sv[k++] = "--authority", sv[k++] = (char *)authority;
  if (contact) sv[k++] = "--contact", sv[k++] = (char *)contact;
  if (phone) sv[k++] = "--phone", sv[k++] = (char *)phone;
  sv[k++] = "--";
  for (size_t i = 0; i < n_in; i++) sv[k++] = argv[optind + (int)i];
  sv[k] = NULL;
  rc = cmd_summary(k, sv, templates);
  free(sv);
  return rc;
}
