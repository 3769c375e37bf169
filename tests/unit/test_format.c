/* Two decimals as a person rounds them (填报说明 2: 数据有小数时，保留小数点后2位). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "record/format.h"

static void check(double x, const char *want) {
  char *s = format_decimal2(x);
  assert_string_equal(s, want);
  free(s);
}

static void test_two_decimals(void **state) {
  check(12.5, "12.50");
  check(45, "45.00");
  check(0, "0.00");
  /* The double nearest 2.675 is 2.67499999…; the person wrote 2.675 and expects 2.68. */
  check(2.675, "2.68");
  check(1.005, "1.01");
  check(61.125, "61.13");
  check(99.995, "100.00");
  check(9.994, "9.99");
  check(-3.456, "-3.46");
  check(-0.004, "0.00");
  check(0.005, "0.01");
  check(1e-7, "0.00");
  check(123456789.125, "123456789.13");
  check(999999999999.995, "1000000000000.00");
}

static void test_numbers_and_dates(void **state) {
  char *s = format_number(3);
  assert_string_equal(s, "3");
  free(s);
  s = format_number(3.1);
  assert_string_equal(s, "3.10");
  free(s);
  s = format_date("2023-06-30");
  assert_string_equal(s, "2023年6月30日");
  free(s);
  s = format_date("2023年6月30日");
  assert_string_equal(s, "2023年6月30日");
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_two_decimals),
      cmocka_unit_test(test_numbers_and_dates),
  };
  return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
