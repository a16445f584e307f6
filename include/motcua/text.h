/* text.h - UTF-8 checks, diacritic-insensitive folding for search, Vietnamese composition,
 * name masking. */
#ifndef MOTCUA_TEXT_H
#define MOTCUA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "motcua/buf.h"

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool utf8_valid(const char *s, size_t n);

/* Decode one code point at s (n bytes available). Stores its length in *len (>= 1 even on
 * error, so loops advance). Returns the code point, or 0xFFFD for a malformed sequence. */
unsigned utf8_decode(const char *s, size_t n, size_t *len);

/* Append a search key for s to out: Vietnamese and other Latin diacritics removed, đ -> d,
 * lower case, combining marks dropped, runs of non-alphanumerics collapsed to one space,
 * trimmed. "Đăng  ký KHAI-SINH" -> "dang ky khai sinh". Other scripts pass through. */
void text_fold(const char *s, size_t n, struct buf *out);

/* Append the public form of a person's name: family name whole, middle names as initials,
 * given name as an initial: "Nguyễn Văn An" -> "Nguyễn V. A."; one word stays as it is. */
void text_mask_name(const char *name, struct buf *out);

/* Append s[0..n) to out with Vietnamese letters composed (NFC for Vietnamese): a base letter
 * (a e i o u y, either case) or a precomposed Vietnamese letter followed by combining marks it
 * lacks (circumflex U+0302, breve U+0306, horn U+031B; grave U+0300, acute U+0301, tilde
 * U+0303, hook above U+0309, dot below U+0323; in any order) becomes the one precomposed
 * letter: "Nguye\u0302\u0303n" -> "Nguyễn". Marks that would not make a Vietnamese letter
 * and all other text are copied unchanged. s should be valid UTF-8 (malformed bytes are
 * copied as they are). */
void text_compose_vi(const char *s, size_t n, struct buf *out);

/* Count code points in a valid UTF-8 string (for length limits in characters). */
size_t utf8_length(const char *s, size_t n);

#endif
