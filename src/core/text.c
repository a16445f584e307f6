/* text.c - UTF-8 checks, diacritic folding, name masking. */
#include "motcua/text.h"

#include <ctype.h>
#include <string.h>

#include "text_fold_tables.h"

/* See text.h. */
unsigned utf8_decode(const char *str, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	*len = 1;
	if (n == 0)
		return 0xFFFD;
	unsigned c = s[0];
	if (c < 0x80)
		return c;
	size_t need;
	unsigned cp, min;
	if ((c & 0xE0) == 0xC0) {
		need = 2; cp = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		need = 3; cp = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		need = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0xFFFD;
	}
	if (n < need)
		return 0xFFFD;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*len = need;
	return cp;
}

/* See text.h. */
bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len;
		unsigned cp = utf8_decode(s + i, n - i, &len);
		if (cp == 0xFFFD) {
			/* U+FFFD itself is valid when encoded properly (EF BF BD). */
			if (!(len == 3 && (unsigned char)s[i] == 0xEF))
				return false;
		}
		i += len;
	}
	return true;
}

/* See text.h. */
size_t utf8_length(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* Fold one code point to an ASCII letter or digit; returns 0 when it is a separator and
 * -1 when it should be copied unchanged (other scripts), -2 when it is dropped (marks). */
static int fold_cp(unsigned cp)
{
	if (cp < 0x80) {
		if (isalnum((int)cp))
			return tolower((int)cp);
		return 0;
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return -2;
	if (cp >= 0xC0 && cp <= 0x24F)
		return fold_latin[cp - 0xC0] ? fold_latin[cp - 0xC0] : -1;
	if (cp >= 0x1EA0 && cp <= 0x1EFF)
		return fold_viet[cp - 0x1EA0] ? fold_viet[cp - 0x1EA0] : -1;
	if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000)
		return 0;
	return -1;
}

/* See text.h. */
void text_fold(const char *s, size_t n, struct buf *out)
{
	size_t start = out->len;
	bool pending_space = false;
	size_t i = 0;
	while (i < n) {
		size_t len;
		unsigned cp = utf8_decode(s + i, n - i, &len);
		int f = fold_cp(cp);
		if (f == -2) {
			i += len;
			continue;
		}
		if (f == 0) {
			pending_space = out->len > start;
			i += len;
			continue;
		}
		if (pending_space) {
			buf_putc(out, ' ');
			pending_space = false;
		}
		if (f > 0)
			buf_putc(out, (char)f);
		else if (cp != 0xFFFD)
			buf_append(out, s + i, len);
		i += len;
	}
	buf_str(out);
}

/* Append the first code point of word w (length n) followed by a full stop. */
static void put_initial(struct buf *out, const char *w, size_t n)
{
	size_t len;
	utf8_decode(w, n, &len);
	buf_append(out, w, len);
	buf_putc(out, '.');
}

/* See text.h. */
void text_mask_name(const char *name, struct buf *out)
{
	const char *words[16];
	size_t lens[16];
	size_t count = 0;
	const char *p = name;
	while (*p && count < 16) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		words[count] = w;
		lens[count] = (size_t)(p - w);
		count++;
	}
	if (count == 0)
		return;
	buf_append(out, words[0], lens[0]);
	for (size_t i = 1; i < count; i++) {
		buf_putc(out, ' ');
		put_initial(out, words[i], lens[i]);
	}
}
