/* clusterform: the submission set of a 中小企业特色产业集群 application, from the cluster's data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "cli/commands.h"
#include "util/staged.h"
#include "layout/layout.h"

static const char USAGE[] =
    "clusterform " CLUSTERFORM_VERSION " — 中小企业特色产业集群申报材料生成工具\n"
    "\n"
    "用法: clusterform [--templates 文件夹] 命令 [选项]\n"
    "\n"
    "命令:\n"
    "  fill       把集群数据填入申报表，写出 Word 文档（.docx）；--blank 写空白表\n"
    "  check      检查数据：评审会退回的问题、认定标准、发展目标、计算的指标、佐证材料清单\n"
    "  summary    把多个集群汇成推荐汇总表（DOCX、XLSX、PDF、OFD），每个集群一行\n"
    "  workbook   写出数据填报工作簿（.xlsx）：按申报表各部分分表，可预先填入已有数据\n"
    "  diff       列出同一集群两份数据之间的修改，写出修改对照表\n"
    "  read       从改过的申报表 DOCX 读回集群数据（JSON），供 diff 和 fill 使用\n"
    "  print      写出可直接打印的申报表：所需份数、正本/副本、双面打印时各部分从正面开始\n"
    "  package    写出电子版：各集群的申报表（DOCX、PDF、OFD）、汇总表和文件清单，及其 .zip\n"
    "  editions   列出可用的申报表版本\n"
    "  schema     输出某个版本的数据文件 JSON Schema\n"
    "  fields     列出数据文件中可用的全部字段\n"
    "\n"
    "每个命令都有 --help。各版本模板默认取自 " CLUSTERFORM_TEMPLATE_DIR "，\n"
    "可用 --templates 或环境变量 CLUSTERFORM_TEMPLATES 指向别处。\n"
    "\n"
    "退出码: 0 成功; 1 数据有错误（未写出文件）; 2 命令行用法错误; 3 模板有错误;\n"
    "        4 无法写出文件（原有文件不变）; 5 安装不完整（找不到 templates/fields.json 等）。\n";

int main(int argc, char **argv) {
  /* A batch runs clusters on several threads: libxml2 and jansson set up their shared state here,
     before any thread starts. */
  xmlInitParser();
  json_object_seed(0);
  /* Ctrl-C or a kill leaves no half-written temporary files behind. */
  staged_on_signals();
  /* Zip entries store local time; fixing the zone keeps the bytes of a DOCX the same everywhere. */
  setenv("TZ", "UTC", 1);
  tzset();
  /* Our renderer sees the official font names mapped to the open fonts (fonts/fonts.conf). */
  layout_use_fonts(CLUSTERFORM_FONTS_DIR);
  const char *templates = getenv("CLUSTERFORM_TEMPLATES");
  if (!templates || !*templates) templates = CLUSTERFORM_TEMPLATE_DIR;
  /* --templates may come before the command or among its options (each command's --help lists it);
     take it out here so the commands never see it. */
  int n = 1;
  for (int k = 1; k < argc; k++) {
    if (!strcmp(argv[k], "--")) {
      while (k < argc) argv[n++] = argv[k++];
      break;
    }
    if (!strcmp(argv[k], "--templates")) {
      if (k + 1 >= argc) {
        fprintf(stderr, "clusterform: --templates 后面要给出模板文件夹。\n");
        return EXIT_USAGE;
      }
      templates = argv[++k];
    } else if (!strncmp(argv[k], "--templates=", 12)) {
      templates = argv[k] + 12;
    } else {
      argv[n++] = argv[k];
    }
  }
  argc = n;
  argv[argc] = NULL;
  int i = 1;
  while (i < argc && argv[i][0] == '-') {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(USAGE, stdout);
      return EXIT_OK;
    } else if (!strcmp(argv[i], "--version")) {
      puts("clusterform " CLUSTERFORM_VERSION);
      return EXIT_OK;
    } else {
      fprintf(stderr, "clusterform: 无法识别的选项 \"%s\"。\n\n%s", argv[i], USAGE);
      return EXIT_USAGE;
    }
  }
  if (i >= argc) {
    fputs(USAGE, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[i];
  int sub_argc = argc - i;
  char **sub_argv = argv + i;
  if (!strcmp(cmd, "fill")) return cmd_fill(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "check")) return cmd_check(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "editions")) return cmd_editions(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "schema")) return cmd_schema(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "fields")) return cmd_fields(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "summary")) return cmd_summary(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "workbook")) return cmd_workbook(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "diff")) return cmd_diff(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "package")) return cmd_package(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "print")) return cmd_print(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "read")) return cmd_read(sub_argc, sub_argv, templates);
  if (!strcmp(cmd, "help")) {
    fputs(USAGE, stdout);
    return EXIT_OK;
  }
  fprintf(stderr, "clusterform: 没有 \"%s\" 这个命令。\n\n%s", cmd, USAGE);
  return EXIT_USAGE;
}
