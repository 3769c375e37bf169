/* Nothing crashes, whatever the input: mutated records and mutated templates go through the whole
   path (parse, validate, scan, merge) under AddressSanitizer and UBSan. Deterministic (a fixed
   seed), so a failure here is reproducible. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "util/fileio.h"
#include "util/strbuf.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

/* Pieces that make mutations interesting to a JSON reader and a tag reader. */
static const char *const TOKENS[] = {"{", "}", "[", "]", "\"", ",", ":", "{{", "}}", "｛｛", "｝｝", "#each", "/each",
                                     "#if", "/if", "?", "@y1", "=", "\\u0000", "\\ud800", "\xff", "\xe4\xb8", "null",
                                     "1e999", "-0", "𠮷", "<", "&", "\n", "plan.goals", "output.total", "."};

/* In XML mode only the text between tags changes (the template stays well-formed XML, so the
   mutation reaches the tag reader and the merge rather than the XML parser). */
static bool in_markup(const strbuf *b, size_t at) {
  for (size_t i = at; i-- > 0;) {
    if (b->s[i] == '>') return false;
    if (b->s[i] == '<') return true;
  }
  return false;
}

static char *mutate(const char *src, size_t len, int max_edits, bool xml, size_t *out_len) {
  strbuf b = {0};
  sb_add(&b, src, len);
  int edits = 1 + (int)(next_rand() % (unsigned)max_edits);
  for (int e = 0; e < edits && b.len; e++) {
    size_t at = next_rand() % b.len;
    if (xml && (in_markup(&b, at) || b.s[at] == '<')) continue;
    unsigned op = next_rand() % 4;
    if (xml && op == 0) op = 2; /* a random byte could be '<' or break UTF-8 */
    switch (op) {
    case 0: b.s[at] = (char)(next_rand() & 0xFF); break; /* flip a byte */
    case 1: { /* delete a run */
      size_t n = 1 + next_rand() % 16;
      if (at + n > b.len) n = b.len - at;
      if (xml)
        for (size_t k = 0; k < n; k++)
          if (b.s[at + k] == '<' || b.s[at + k] == '>' || ((unsigned char)b.s[at + k] & 0xC0) == 0x80) n = k;
      if (xml && at > 0 && ((unsigned char)b.s[at] & 0xC0) == 0x80) n = 0;
      memmove(b.s + at, b.s + at + n, b.len - at - n + 1);
      b.len -= n;
      break;
    }
    default: { /* insert a token */
      const char *t = TOKENS[next_rand() % (sizeof TOKENS / sizeof *TOKENS)];
      if (xml && (strchr(t, '<') || strchr(t, '&') || (unsigned char)t[0] == 0xff || (unsigned char)t[0] == 0xe4)) t = "{{";
      strbuf nb = {0};
      sb_add(&nb, b.s, at);
      sb_puts(&nb, t);
      sb_add(&nb, b.s + at, b.len - at);
      sb_free(&b);
      b = nb;
    }
    }
  }
  *out_len = b.len;
  return sb_take(&b);
}

static const char *TEMPLATE =
    "<w:p><w:r><w:t>{{name}}：{{output.total@y1}}{{? incident_3y=false}}是</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>{{#if blank}}</w:t></w:r></w:p><w:p><w:r><w:t>说明</w:t></w:r></w:p><w:p><w:r><w:t>{{/if}}</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>{{plan.overview}}</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>{{#each plan.goals direction=主导产业}}主导产业"
    "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{{.indicator}}{{.target}}{{/each}}</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>尾</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";

static void test_mutated_records(void **state) {
  char *path = path_join(CLUSTERFORM_SOURCE_DIR, "examples/miit-2023.json");
  size_t len;
  char *err = NULL;
  char *src = read_file(path, 1 << 24, &len, &err);
  assert_non_null(src);
  for (int i = 0; i < 600; i++) {
    size_t n;
    char *m = mutate(src, len, 8, false, &n);
    fixture f;
    fixture_init(&f, "miit-2023");
    f.has_rec = record_parse(&f.rec, "fuzz.json", m, n, &f.d);
    if (f.has_rec) {
      record_validate(&f.rec, &f.cat, &f.ed, &f.d);
      free(merge_body(&f, TEMPLATE, false));
    }
    fixture_free(&f);
    free(m);
  }
  free(src);
  free(path);
}

static void test_mutated_templates(void **state) {
  char *path = path_join(CLUSTERFORM_SOURCE_DIR, "examples/miit-2023.json");
  size_t len;
  char *err = NULL;
  char *rec = read_file(path, 1 << 24, &len, &err);
  assert_non_null(rec);
  int merged = 0;
  for (int i = 0; i < 1500; i++) {
    size_t n;
    char *m = mutate(TEMPLATE, strlen(TEMPLATE), 4, true, &n);
    fixture f;
    fixture_init(&f, "miit-2023");
    assert_true(fixture_record(&f, rec));
    /* Half the time the merge runs even on templates the scan rejected: it must not crash. */
    char *out = (i % 4 < 2) ? merge_body(&f, m, (i & 1) != 0) : merge_body_anyway(&f, m, (i & 1) != 0);
    merged += out != NULL;
    free(out);
    fixture_free(&f);
    free(m);
  }
  /* Most mutants still parse as XML; the merge must have run on a good share of them. */
  assert_true(merged > 600);
  free(rec);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mutated_records),
      cmocka_unit_test(test_mutated_templates),
  };
  return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
