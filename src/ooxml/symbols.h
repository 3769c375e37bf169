/* Check boxes as Word and WPS users make them, and as government templates carry them: a symbol of
   the Wingdings 2 font (w:sym w:font="Wingdings 2" w:char="F052" is ☑, "F0A3" is □), so that the
   box and the ticked box come from one font, at one size and on one baseline. Those a person puts in
   by other means (R or £ typed in Wingdings 2, Wingdings' own boxes) are read the same. */
#ifndef CF_SYMBOLS_H
#define CF_SYMBOLS_H

#define SYMBOL_FONT "Wingdings 2"
#define SYMBOL_TICKED "F052" /* ☑ */
#define SYMBOL_EMPTY "F0A3"  /* □ */
/* Where our renderer draws them from: the font LibreOffice draws Wingdings 2 with. */
#define SYMBOL_DRAW_FONT "OpenSymbol"

/* The Unicode character of a symbol font's code (0xF052 or 0x52), as UTF-8; NULL when unknown. */
const char *symbol_char(const char *font, unsigned code);
#endif
