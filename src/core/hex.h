/* Hexadecimal digits, for every decoder of escapes (%hh, \xhh, &#x..;, hex-encoded
 * audit fields, hashes). Owns nothing. */
#ifndef FK_HEX_H
#define FK_HEX_H

/* The value of a hex digit (either case), or -1 for anything else (any int, including
 * negative chars and code points beyond ASCII). */
int fk_hexval(int c);

#endif
