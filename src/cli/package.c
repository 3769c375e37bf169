/* clusterform package: the 电子版 the notices ask for beside the paper set, as a folder a reviewer
   browses and a .zip of it: per cluster its 申报表 (DOCX to edit, PDF and OFD to read) and its
   佐证材料清单; the 推荐汇总表 as DOCX, XLSX, PDF and OFD; and a 文件清单 (text and PDF) of every
   file with its pages, size and SHA-256. The folder is made beside the old one and put in its place
   only when complete: a failed run leaves the earlier 电子版 as it was. */
#define _GNU_SOURCE /* nftw, memmem */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "catalog/catalog.h"
#include "catalog/edition.h"
#include "check/evidence_docx.h"
#include "cli/commands.h"
#include "input/inputs.h"
#include "ooxml/package.h"
#include "render/render_docx.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static const char USAGE[] =
    "用法: clusterform package [-e 版本] [-o 文件夹] [--authority 名称] [--contact 姓名] [--phone 号码] 数据 ...\n"
    "\n"
    "写出申报材料的电子版：文件夹（默认“电子版”）和同名的 .zip。每个集群一个子文件夹，内有申报表的 DOCX（可编辑）、\n"
    "PDF、OFD 和佐证材料清单；“推荐汇总表”子文件夹内有汇总表的 DOCX、XLSX、PDF、OFD（该版本有汇总表时）；\n"
    "“文件清单.txt”和“文件清单.pdf”列出每个文件的页数、字节数和 SHA-256。新的电子版先在旁边写好，全部完成\n"
    "后才替换原有的文件夹和 .zip：任何一个集群有错误时什么也不替换，原有的电子版保持不变。\n"
    "\n"
    "  -e, --edition 版本      申报表和汇总表的版本（默认为第一个集群数据中的 \"edition\"）\n"
    "  -o, --output 文件夹     电子版文件夹（默认当前文件夹中的“电子版”）\n"
    "      --authority 名称    推荐单位（汇总表用）；--contact、--phone 同 clusterform summary\n"
    "  -h, --help              显示本说明\n"
    "\n"
    "退出码: 0 成功; 1 数据有错误（原有电子版不变）; 2 命令行用法错误; 4 无法写出文件; 5 安装不完整。\n";

/* Runs a command of ours with its stdout (what it wrote, under the staging folder's name) kept
   quiet; its problems still go to stderr. */
static int quietly(int (*cmd)(int, char **, const char *), int argc, char **argv, const char *templates) {
  fflush(stdout);
  int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
  if (saved >= 0 && null >= 0) dup2(null, STDOUT_FILENO);
  int rc = cmd(argc, argv, templates);
  fflush(stdout);
  if (saved >= 0) dup2(saved, STDOUT_FILENO), close(saved);
  if (null >= 0) close(null);
  return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_tree(const char *dir) { nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

typedef struct {
  char **v;
  size_t n;
} names;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every file under root, as paths relative to it, sorted. */
static void list_files(const char *root, const char *rel, names *out) {
  char *dir = *rel ? path_join(root, rel) : xstrdup(root);
  DIR *dp = opendir(dir);
  struct dirent *e;
  while (dp && (e = readdir(dp))) {
    if (e->d_name[0] == '.') continue;
    char *r = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
    char *full = path_join(root, r);
    if (is_directory(full)) {
      list_files(root, r, out);
      free(r);
    } else {
      out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
      out->v[out->n++] = r;
    }
    free(full);
  }
  if (dp) closedir(dp);
  free(dir);
  if (!*rel && out->n) qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

/* Pages of a PDF (cairo writes one "/Type /Page" a page) or an OFD (one <ofd:Page a page in its
   Document.xml); 0 when not known. */
static int pages_of(const char *path, const char *data, size_t len) {
  size_t n = strlen(path);
  int pages = 0;
  if (n > 4 && !strcmp(path + n - 4, ".pdf")) {
    for (const char *p = data; (p = memmem(p, len - (size_t)(p - data), "/Type /Page", 11)); p += 11)
      if ((size_t)(p - data) + 11 >= len || p[11] != 's') pages++;
  } else if (n > 4 && !strcmp(path + n - 4, ".ofd")) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_file_t *f = z ? zip_fopen(z, "Doc_0/Document.xml", 0) : NULL;
    if (f) {
      char buf[65536];
      zip_int64_t k = zip_fread(f, buf, sizeof buf - 1);
      buf[k > 0 ? k : 0] = '\0';
      for (const char *p = buf; (p = strstr(p, "<ofd:Page ")); p++) pages++;
      zip_fclose(f);
    }
    if (z) zip_discard(z);
    else if (src) zip_source_free(src);
    zip_error_fini(&ze);
  }
  return pages;
}

/* Joliet, the file system of a data disc, holds names of up to 64 UTF-16 units; Windows Explorer
   and every archive tool cope with that too. */
#define NAME_MAX_UNITS 64

static size_t utf16_units(const char *s, size_t n) {
  size_t u = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) k = 1, cp = 0xFFFD;
    u += cp >= 0x10000 ? 2 : 1;
    i += k;
  }
  return u;
}

/* The longest head of s (whole characters) that takes at most `units`. */
static char *head_within(const char *s, size_t units) {
  size_t n = strlen(s), i = 0, u = 0;
  while (i < n) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) k = 1, cp = 0xFFFD;
    size_t w = cp >= 0x10000 ? 2 : 1;
    if (u + w > units) break;
    u += w;
    i += k;
  }
  return xstrndup(s, i);
}

/* The 申报表's files, in the flat folder fill wrote them to, moved into a folder per cluster. A name
   longer than a disc allows keeps its end (-申报表-版本.pdf) and loses the end of the cluster's name;
   *shortened counts them. */
static bool by_cluster(const char *flat, const char *root, size_t *shortened) {
  static const char *const KINDS[] = {"-申报表-", "-佐证材料清单-", "-企业清单-"};
  names files = {0};
  list_files(flat, "", &files);
  bool ok = true;
  size_t *cut_at = xmalloc((files.n ? files.n : 1) * sizeof *cut_at), *room = xmalloc((files.n ? files.n : 1) * sizeof *room);
  for (size_t i = 0; i < files.n; i++) {
    const char *cut = NULL;
    for (size_t k = 0; k < 3 && !cut; k++) cut = strstr(files.v[i], KINDS[k]);
    cut_at[i] = cut ? (size_t)(cut - files.v[i]) : 0;
    room[i] = NAME_MAX_UNITS;
  }
  /* A cluster's files all keep the same head of its name: the one its longest ending leaves room for. */
  for (size_t i = 0; i < files.n; i++) {
    if (!cut_at[i]) continue;
    size_t total = utf16_units(files.v[i], strlen(files.v[i]));
    size_t rest = total - utf16_units(files.v[i], cut_at[i]);
    for (size_t j = 0; j < files.n; j++)
      if (cut_at[j] == cut_at[i] && !strncmp(files.v[j], files.v[i], cut_at[i]) && total > NAME_MAX_UNITS &&
          rest < NAME_MAX_UNITS && room[j] > NAME_MAX_UNITS - rest)
        room[j] = NAME_MAX_UNITS - rest;
  }
  for (size_t i = 0; i < files.n; i++) {
    char *cluster = cut_at[i] ? xstrndup(files.v[i], cut_at[i]) : xstrdup("其他");
    const char *rest = files.v[i] + cut_at[i];
    char *folder = head_within(cluster, NAME_MAX_UNITS);
    char *file = xstrdup(files.v[i]);
    if (cut_at[i] && room[i] < NAME_MAX_UNITS) {
      char *short_cluster = head_within(cluster, room[i]);
      free(file);
      file = xasprintf("%s%s", short_cluster, rest);
      free(short_cluster);
      ++*shortened;
    }
    char *dir = path_join(root, folder), *err = NULL;
    char *from = path_join(flat, files.v[i]), *to = path_join(dir, file);
    /* Two long names alike up to the cut must not overwrite each other. */
    ok &= make_directory(dir, &err) && access(to, F_OK) != 0 && rename(from, to) == 0;
    free(err), free(from), free(to), free(dir), free(cluster), free(folder), free(file);
  }
  for (size_t i = 0; i < files.n; i++) free(files.v[i]);
  free(files.v);
  free(cut_at);
  free(room);
  return ok;
}

int cmd_package(int argc, char **argv, const char *templates) {
  static const struct option opts[] = {{"edition", required_argument, 0, 'e'}, {"output", required_argument, 0, 'o'},
                                       {"authority", required_argument, 0, 'A'}, {"contact", required_argument, 0, 'C'},
                                       {"phone", required_argument, 0, 'P'},     {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *edition_id = NULL, *outdir = "电子版", *authority = NULL, *contact = NULL, *phone = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "e:o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'e': edition_id = optarg; break;
    case 'o': outdir = optarg; break;
    case 'A': authority = optarg; break;
    case 'C': contact = optarg; break;
    case 'P': phone = optarg; break;
    case 'h': fputs(USAGE, stdout); return EXIT_OK;
    default:
      fprintf(stderr, "clusterform package: 无法识别的选项或缺少选项的值：\"%s\"。\n\n%s", argv[optind - 1], USAGE);
      return EXIT_USAGE;
    }
  }
  int n_in = argc - optind;
  if (n_in < 1) {
    fprintf(stderr, "clusterform package: 请给出集群数据（.json、.xlsx、.csv 或其文件夹）。\n\n%s", USAGE);
    return EXIT_USAGE;
  }
  char **inputs = argv + optind;
  /* The edition: -e, or the first cluster's. */
  diag_list d = {0};
  catalog cat = {0};
  edition ed = {0};
  bool has_cat = false, has_ed = false;
  int rc = EXIT_OK;
  char *fields_path = path_join(templates, "fields.json");
  has_cat = catalog_load(&cat, fields_path, &d);
  free(fields_path);
  char *id = edition_id ? xstrdup(edition_id) : NULL;
  if (has_cat && !id) {
    input_set in = {0};
    diag_list quiet = {0};
    inputs_load(inputs, (size_t)n_in, &cat, NULL, templates, &in, &quiet);
    for (size_t i = 0; i < in.n && !id; i++)
      if (in.v[i].rec.root && record_edition(&in.v[i].rec)) id = xstrdup(record_edition(&in.v[i].rec));
    inputs_free(&in);
    diag_free(&quiet);
  }
  if (!has_cat) rc = EXIT_INSTALL;
  else if (!id) {
    fprintf(stderr, "clusterform package: 没有指定申报表版本：用 -e 指定，例如 -e miit-2023。\n");
    rc = EXIT_USAGE;
  } else if (!(has_ed = edition_load(&ed, templates, id, &d))) {
    rc = EXIT_USAGE;
  }
  diag_print(stderr, &d);
  diag_free(&d);
  if (rc != EXIT_OK) goto done;

  /* The new 电子版, beside the old one. */
  char *parent = path_dirname(outdir), *err = NULL;
  const char *base = strrchr(outdir, '/') ? strrchr(outdir, '/') + 1 : outdir;
  char *stage = xasprintf("%s/.%s.%ld.new", parent, base, (long)getpid());
  char *flat = path_join(stage, ".fill");
  char *forms = path_join(stage, "申报材料"), *summ = path_join(stage, "推荐汇总表");
  /* What a killed run left beside the folder (its process gone) goes first. */
  DIR *pd = opendir(parent);
  struct dirent *e;
  char *prefix = xasprintf(".%s.", base);
  while (pd && (e = readdir(pd))) {
    if (strncmp(e->d_name, prefix, strlen(prefix))) continue;
    char *end;
    long pid = strtol(e->d_name + strlen(prefix), &end, 10);
    if (pid > 0 && (!strcmp(end, ".new") || !strcmp(end, ".old")) && kill((pid_t)pid, 0) != 0 &&
        errno == ESRCH) {
      char *gone = path_join(parent, e->d_name);
      remove_tree(gone);
      free(gone);
    }
  }
  if (pd) closedir(pd);
  free(prefix);
  remove_tree(stage);
  if (!make_directory(flat, &err)) {
    fprintf(stderr, "%s: 错误: %s 改正方法: 检查输出文件夹的路径和写入权限。\n", stage, err);
    rc = EXIT_OUTPUT;
  }
  /* The forms: fill, as one batch. */
  if (rc == EXIT_OK) {
    size_t n = 0;
    char **av = xmalloc(((size_t)n_in + 10) * sizeof *av);
    av[n++] = (char *)"fill", av[n++] = (char *)"--format", av[n++] = (char *)"docx,pdf,ofd";
    av[n++] = (char *)"--evidence", av[n++] = (char *)"-o", av[n++] = flat;
    if (edition_id) av[n++] = (char *)"-e", av[n++] = (char *)edition_id;
    for (int i = 0; i < n_in; i++) av[n++] = inputs[i];
    av[n] = NULL;
    rc = quietly(cmd_fill, (int)n, av, templates);
    free(av);
    size_t shortened = 0;
    if (rc == EXIT_OK && !by_cluster(flat, forms, &shortened)) {
      fprintf(stderr, "%s: 错误: 有集群的文件无法放入各自的文件夹（名称过长的两个集群截短后同名？）。改正方法: 缩短集群名称后再试。\n", forms);
      rc = EXIT_OUTPUT;
    }
    if (shortened)
      fprintf(stderr, "提示: %zu 个文件名超过光盘（Joliet）允许的 64 个字符，已截短集群名称的末尾（文件内容不变）。\n", shortened);
  }
  /* The 推荐汇总表, where the edition has one. */
  if (rc == EXIT_OK && ed.summary) {
    size_t n = 0;
    char **av = xmalloc(((size_t)n_in + 16) * sizeof *av);
    av[n++] = (char *)"summary", av[n++] = (char *)"-e", av[n++] = ed.id, av[n++] = (char *)"--format";
    av[n++] = (char *)"docx,xlsx,pdf,ofd", av[n++] = (char *)"-o", av[n++] = summ;
    if (authority) av[n++] = (char *)"--authority", av[n++] = (char *)authority;
    if (contact) av[n++] = (char *)"--contact", av[n++] = (char *)contact;
    if (phone) av[n++] = (char *)"--phone", av[n++] = (char *)phone;
    for (int i = 0; i < n_in; i++) av[n++] = inputs[i];
    av[n] = NULL;
    rc = quietly(cmd_summary, (int)n, av, templates);
    free(av);
  }
  /* The 文件清单: every file but the list itself, with its pages, size and SHA-256. */
  names files = {0};
  if (rc == EXIT_OK) {
    remove_tree(flat);
    list_files(stage, "", &files);
    strbuf txt = {0};
    sb_puts(&txt, "\xEF\xBB\xBF"); /* Notepad reads UTF-8 by its mark */
    sb_printf(&txt, "电子版文件清单（%s）\r\n序号\t文件\t页数\t字节\tSHA-256\r\n", ed.title);
    json_t *rows = json_array();
    for (size_t i = 0; i < files.n && rc == EXIT_OK; i++) {
      char *full = path_join(stage, files.v[i]);
      size_t len = 0;
      char *data = read_file(full, (size_t)1 << 30, &len, &err);
      if (!data) {
        fprintf(stderr, "%s: 错误: %s\n", full, err);
        rc = EXIT_OUTPUT;
      } else {
        gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
        int pages = pages_of(files.v[i], data, len);
        char pg[16] = "";
        if (pages) snprintf(pg, sizeof pg, "%d", pages);
        char sz[32];
        snprintf(sz, sizeof sz, "%zu", len);
        sb_printf(&txt, "%zu\t%s\t%s\t%s\t%s\r\n", i + 1, files.v[i], pg, sz, sum);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "path", files.v[i], "pages", pg, "size", sz, "sha256", sum));
        g_free(sum);
        free(data);
      }
      free(full);
    }
    char *list_txt = path_join(stage, "文件清单.txt"), *list_docx = path_join(stage, ".文件清单.docx");
    char *list_pdf = path_join(stage, "文件清单.pdf");
    json_t *root = json_pack("{s:s, s:o}", "name", ed.title, "files", rows);
    check_input ci = {.cat = &cat, .ed = &ed, .templates = templates};
    diag_list dd = {0};
    if (rc == EXIT_OK && (!write_file_atomic(list_txt, txt.s, txt.len, &err) ||
                          !annex_docx(&ci, "file-list/form", root, "电子版文件清单", list_docx, &dd) ||
                          !render_docx_file(list_docx, list_pdf, false, "电子版文件清单", "电子版文件清单", &dd)))
      rc = EXIT_OUTPUT;
    unlink(list_docx);
    diag_print(stderr, &dd);
    diag_free(&dd);
    json_decref(root);
    sb_free(&txt);
    free(list_txt), free(list_docx), free(list_pdf);
  }
  /* The .zip: every file under the folder's name, in a fixed order with fixed times. */
  char *zip_tmp = xasprintf("%s.zip.%ld.tmp", outdir, (long)getpid()), *zip_final = xasprintf("%s.zip", outdir);
  if (rc == EXIT_OK) {
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    free(files.v);
    files = (names){0};
    list_files(stage, "", &files);
    package z = {0};
    for (size_t i = 0; i < files.n && rc == EXIT_OK; i++) {
      char *full = path_join(stage, files.v[i]), *name = xasprintf("%s/%s", base, files.v[i]);
      size_t len = 0;
      char *data = read_file(full, (size_t)1 << 30, &len, &err);
      if (data) package_set(&z, name, data, len);
      else rc = EXIT_OUTPUT;
      free(full), free(name);
    }
    size_t len = 0;
    char *bytes = rc == EXIT_OK ? package_zip(&z, &len, &err) : NULL;
    if (!bytes || !write_file_atomic(zip_tmp, bytes, len, &err)) {
      fprintf(stderr, "%s: 错误: 无法写出电子版的压缩包：%s\n", zip_final, err ? err : "");
      rc = EXIT_OUTPUT;
    }
    free(bytes);
    package_free(&z);
  }
  /* In place, both: the old folder moved aside, the new one in, the old removed. */
  if (rc == EXIT_OK) {
    char *old = xasprintf("%s/.%s.%ld.old", parent, base, (long)getpid());
    bool had = is_directory(outdir);
    if ((had && rename(outdir, old) != 0) || rename(stage, outdir) != 0 || rename(zip_tmp, zip_final) != 0) {
      if (had && !is_directory(outdir)) rename(old, outdir);
      fprintf(stderr, "%s: 错误: 无法把新的电子版放到位。改正方法: 检查文件夹的写入权限。\n", outdir);
      rc = EXIT_OUTPUT;
    } else {
      if (had) remove_tree(old);
      printf("已写出 %s/（%zu 个文件）和 %s\n", outdir, files.n, zip_final);
    }
    free(old);
  }
  if (rc != EXIT_OK) {
    fprintf(stderr, "电子版没有写出；原有的 %s 和 %s 保持不变。\n", outdir, zip_final);
    unlink(zip_tmp);
  }
  remove_tree(stage);
  for (size_t i = 0; i < files.n; i++) free(files.v[i]);
  free(files.v);
  free(zip_tmp), free(zip_final), free(stage), free(flat), free(forms), free(summ), free(parent), free(err);

done:
  free(id);
  if (has_ed) edition_free(&ed);
  if (has_cat) catalog_free(&cat);
  return rc;
}
