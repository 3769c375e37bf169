#include "ooxml/symbols.h"

#include <string.h>

const char *symbol_char(const char *font, unsigned code) {
  if (code < 0x100) code += 0xF000;
  if (font && !strcmp(font, "Wingdings 2")) {
    switch (code) {
    case 0xF052: return "\xE2\x98\x91"; /* ☑ */
    case 0xF054: return "\xE2\x98\x92"; /* ☒ */
    case 0xF050: return "\xE2\x9C\x93"; /* ✓ */
    case 0xF0A3:
    case 0xF02A: return "\xE2\x96\xA1"; /* □ */
    default: break;
    }
  } else if (font && !strcmp(font, "Wingdings")) {
    switch (code) {
    case 0xF0FE: return "\xE2\x98\x91";
    case 0xF0FD: return "\xE2\x98\x92";
    case 0xF0FC: return "\xE2\x9C\x93";
    case 0xF0A8:
    case 0xF06F: return "\xE2\x96\xA1";
    default: break;
    }
  }
  return NULL;
}
